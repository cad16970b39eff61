"""Översikt: one municipality's profile, theme by theme: women and men, gap, trend, position among peers."""

import streamlit as st

from jamstat import labels, state, views
from jamstat import peers as peer_sets
from jamstat.narrative import profile_parameters
from jamstat.registry import ViewState
from jamstat.settings import INDEX_CORE_SHARE, INDEX_MAX_AGE, OWN_THEME, THEMES
from jamstat.text import markdown_literal, peer_key, t, theme_label
from jamstat.web import data, landing, profile_view, render, share, widgets

language = data.lang()
reader = render.view_data()  # what views read: this layer's cached queries and chart specs
view: ViewState = st.session_state["view"]
municipality, names, peers = view.municipality, view.area_names, view.peers

if not municipality:
    st.info(t("overview_choose_municipality", language))
    landing.first_screen(view.areas, names, language)
    st.stop()

years = views.area_years(reader, municipality)
if not years:
    st.info(t("no_data_area", language, area=names[municipality]))
    st.stop()
year = widgets.url_selectbox(t("year", language), sorted(years, reverse=True), key="overview_year", param=state.KEY_YEAR,
                        default=max(years), parse=lambda raw: state.parse_year(state.KEY_YEAR, raw, years))
widgets.show_warnings()

profile = data.query("profile", municipality_id=municipality, peer_ids=peers.ids, year=int(year),
                   **profile_parameters())
if profile.empty:
    st.info(t("no_data_area", language, area=names[municipality]))
    st.stop()
home = peer_sets.home_kind(view.areas, municipality)
# The index's core set is defined over the municipalities; a region gets a plain note instead of a score.
index = (data.query("equality_index", municipality_id=municipality, year=int(year), max_age=INDEX_MAX_AGE,
                    core_share=INDEX_CORE_SHARE) if home == "municipality" else None)

st.subheader(t("overview_title", language, municipality=names[municipality], year=year))
st.caption(t("overview_intro", language, peers=markdown_literal(peers.label)) + " "
           + t(peer_key("peer_mean_note", home), language) + " " + t(peer_key("peer_basis_note", home), language) + " " + t("count_note", language, **labels.sex_words("adults", language)))

if index is None:
    st.info(t("index_municipalities_only", language))
else:
    index_title = t("index_title", language, municipality=names[municipality])
    st.vega_lite_chart(render.chart_spec("theme_scores", index, lang=language, title=index_title), width="stretch",
                       key="index_chart", alt=t("chart_alt_sentence", language, title=index_title))
    st.caption(views.index_caption(index, int(year), language))

themes = [*THEMES, OWN_THEME] if (profile["theme"] == OWN_THEME).any() else list(THEMES)
tab_labels = [theme_label(theme, language, home) for theme in themes]
# Only the open tab is drawn (a rerun per tab switch beats seven tables on every rerun); it opens on the
# sidebar's theme.
sidebar_theme = st.session_state.get("theme")
tabs = st.tabs(tab_labels, key="overview_theme", on_change="rerun",
               default=theme_label(sidebar_theme, language, home) if sidebar_theme in themes else None)
profile_digest = render.frame_digest(profile)  # one digest for the tables cut from it
for theme, tab in zip(themes, tabs, strict=True):
    if not tab.open:
        continue
    with tab:
        rows = profile[profile["theme"] == theme]
        if rows.empty:
            st.info(t("no_data_area_theme", language, area=names[municipality], theme=theme_label(theme, language, home)))
            continue
        table = render.cached_table("profile", rows, language, names[municipality], peers.label,
                                digest=f"{profile_digest}:{theme}")
        selection = profile_view.show(table, language, key=f"profile_{theme}")
        chosen_rows = selection.selection.rows if selection else []
        if chosen_rows:
            share.go_to_over_time(rows.iloc[chosen_rows[0]]["indicator_id"], theme)
        # Filled when opened (a rerun).
        if index is None:
            continue
        box = st.expander(t("index_contributions", language), key=f"index_{theme}", on_change="rerun")
        if box.open:
            with box:
                st.dataframe(render.cached_table("index", index[index["theme"] == theme], language), hide_index=True,
                             width="stretch")

st.caption(t("overview_source", language, year=year, vintage=data.data_version(language, "")))
render.download_csv(profile, f"oversikt_{municipality}_{year}", key="download_profile")
