"""Entry point: page config, language, the shared sidebar (municipality, theme, indicator) and navigation
(built from jamstat/registry.py)."""

import streamlit as st

from jamstat import catalog, labels, logs, peers, registry, state
from jamstat.settings import OWN_THEME, THEMES
from jamstat.text import LANGUAGES, t, theme_label
from jamstat.web import auth, data, indicator_finder, responsive, share, style, widgets

log = logs.setup()
st.set_page_config(page_title="Jämställdhetsstatistik", page_icon="⚖️", layout="wide")
style.accessible_style()
responsive.responsive_style()

language = widgets.url_selectbox(
    "Språk / Language", LANGUAGES, key="lang", param=state.KEY_LANGUAGE, default="sv",
    parse=lambda raw: state.parse_choice(state.KEY_LANGUAGE, raw, LANGUAGES),
    format_func=lambda code: {"sv": "Svenska", "en": "English"}[code], container=st.sidebar)
style.document_language(language)
auth.sidebar(language)  # sign in / out, when sign-in is configured

areas = data.query("areas")
indicators = data.query("indicators")
data.store_notices()
# The home organisation: a municipality or a region (kommun=17 is Region Värmland); the regions come first.
homes = areas[areas["kind"].isin(["region", "municipality"])].sort_values(["kind", "area_name"], ascending=[False, True])
names = labels.area_names(areas, language)

with st.sidebar:
    municipality = widgets.url_selectbox(
        t("municipality", language), ["", *homes["area_id"]], key="municipality",
        param=state.KEY_MUNICIPALITY, default="",
        parse=lambda raw: state.parse_choice(state.KEY_MUNICIPALITY, raw, set(homes["area_id"])),
        format_func=lambda code: f"{names[code]} ({code})" if code else t("no_municipality", language),
        fallback_label=t("no_municipality", language))
    peer_choice = widgets.peer_picker(municipality or None, areas, language)

    by_id = indicators.set_index("indicator_id")
    # Another page (Översikt) asked to open an indicator: set the widgets before they are drawn.
    pending = st.session_state.pop("_pending_indicator", None)
    if pending and pending[0] in by_id.index:
        st.session_state["theme"], st.session_state["indicator"] = pending[1], pending[0]
    # The URL's indicator decides the theme on first load, so a shared link opens on the right theme.
    if "theme" not in st.session_state and "indicator" not in st.session_state:
        try:
            linked = state.parse_choice(state.KEY_INDICATOR, st.query_params.get_all(state.KEY_INDICATOR),
                                        set(by_id.index))
            st.session_state["theme"] = by_id.loc[linked, "theme"]
        except state.InvalidParam:
            pass  # the indicator's own selectbox warns and falls back
    home = peers.home_kind(areas, municipality)
    if home == "region":  # a region is shown on the indicators that have region values (not e.g. VAB)
        offered = indicators[indicators["indicator_id"].isin(data.query("indicators_of_kind", area_kind="region")
                                                             ["indicator_id"])]
    else:
        offered = indicators
    # Users' own tables get their own theme, offered only when there is one.
    themes = [theme for theme in THEMES if (offered["theme"] == theme).any()]
    themes += [OWN_THEME] if (offered["theme"] == OWN_THEME).any() else []
    if st.session_state.get("theme") not in (None, *themes):
        st.session_state["theme"] = themes[0]  # the own table behind the chosen theme was deleted, or a region
    indicator_finder.search_box(offered, language)  # across all themes (for a region: those with region values)
    theme = st.selectbox(t("theme", language), themes, key="theme",
                         format_func=lambda code: theme_label(code, language, home))
    in_theme = offered[offered["theme"] == theme]
    title_column = "title_en" if language == "en" else "title_sv"
    default_indicator = catalog.default_indicator(theme, in_theme["indicator_id"].tolist(), home)
    indicator_id = widgets.url_selectbox(
        t("indicator", language), in_theme["indicator_id"], key="indicator", param=state.KEY_INDICATOR,
        default=default_indicator,
        parse=lambda raw: state.parse_choice(state.KEY_INDICATOR, raw, set(indicators["indicator_id"])),
        format_func=lambda code: by_id.loc[code, title_column])
    indicator_finder.about_indicator(by_id.loc[indicator_id].to_dict(), language)

st.session_state["view"] = registry.ViewState(
    municipality=municipality or None, peers=peer_choice,
    indicator={"indicator_id": indicator_id, **by_id.loc[indicator_id].to_dict()}, area_names=names, areas=areas)

pages = [st.Page(spec.page_file, title=t(spec.title_key, language), icon=spec.icon, url_path=spec.url_path,
                 default=spec.default) for spec in registry.PAGES]
navigation = st.navigation(pages)
page = registry.page(navigation.url_path)  # the default page's url_path is ""
presenting = page is registry.PRESENTATION
if presenting:
    style.presenter_style()
share_box = st.sidebar.container()
widgets.show_warnings()
if not presenting:  # how old the data are, above every page (a page may stop before its end)
    data.data_age_caption(language)
try:
    navigation.run()
except Exception:  # the one boundary for what no page expected: the log gets the detail, the user a message
    log.exception("page %r failed (parameters %s)", navigation.url_path or "/", dict(st.query_params))
    st.error(t("page_failed", language))
    st.stop()
if presenting:  # below the slide, which has the screen's height
    data.data_age_caption(language)
# After the page ran, so the link and the saved view include the page's own settings (year, areas, ...).
if not presenting:
    with share_box:
        share.share_and_save(page, navigation.url_path == "",
                             labels.indicator_title(st.session_state["view"].indicator, language), language)
