"""Streamlit glue shared by the pages: cached store and queries, URL-bound widgets, captions and downloads."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from functools import partial

import pandas as pd
import streamlit as st

from jamstat import labels, owndata, settings, state
from jamstat.labels import (  # noqa: F401 (re-exported while the glue moves to jamstat/web/)
    area_names,
    derivation_note,
    derived_sex,
    indicator_title,
    is_own,
    sex_words,
    source_line,
)
from jamstat.peers import PEER_KINDS, PeerChoice
from jamstat.sources.upload import neutralise_formulas
from jamstat.store import REBUILD_COMMAND, QueryError, Store, StoreError
from jamstat.tables import (  # noqa: F401
    catalogue_table,
    index_rules_table,
    index_table,
    narrative_for,
    peer_mean_text,
    profile_table,
    table_for_screen,
    theme_list,
)
from jamstat.text import code_literal, markdown_literal, t, unit_label


def lang() -> str:
    return st.session_state.get("lang", "sv")


@st.cache_resource(show_spinner=False)
def _store() -> Store:
    return Store()


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _query(name: str, params: tuple, own_version: tuple) -> pd.DataFrame:
    bound = {key: list(value) if isinstance(value, tuple) else value for key, value in params}
    return _store().run(name, **bound)


def query(name: str, **params) -> pd.DataFrame:
    """Run a stored query (cached by its parameters and the version of users' own tables); on failure show a
    plain message and stop the page."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    try:
        return _query(name, frozen, _store().sync_own())
    except StoreError as error:
        st.error(store_message(error, lang()))
        st.stop()
    except QueryError as error:
        st.error(t("query_error", lang(), reason=markdown_literal(error.reason)))
        st.stop()


def view_data():
    """What views read, through this layer's caches: stored queries, the data version, chart specs."""
    from jamstat import views
    return views.Data(query=query, data_version=lambda: _store().data_version(), chart_spec=chart_spec)


def store_message(error: StoreError, language: str) -> str:
    """What is wrong with which file of the store, and the command that rebuilds it."""
    return t(f"store_{error.problem}", language, file=code_literal(error.path.name),
             directory=code_literal(error.path.parent), detail=markdown_literal(error.detail),
             command=REBUILD_COMMAND)


def store_notices() -> None:
    """Warnings about data the store left out (a live update or an own table it could not read), on every page."""
    store = _store()
    for warning in store.warnings:
        st.warning(t("live_ignored", lang(), path=code_literal(warning.path),
                     detail=markdown_literal(warning.detail or warning.problem),
                     vintage=settings.SNAPSHOT_VINTAGE), icon="⚠️")
    for problem in store.own_problems:
        st.warning(t("own_table_ignored", lang(), detail=markdown_literal(problem),
                     directory=code_literal(store.own_dir)), icon="⚠️")


def warn_once(message: str) -> None:
    st.session_state.setdefault("_url_warnings", []).append(message)


def show_warnings() -> None:
    for message in st.session_state.pop("_url_warnings", []):
        st.warning(message, icon="⚠️")


def from_url(param: str, parse: Callable[[object], object], default, fallback_label: str):
    """A value from the URL, validated, else the default (with a visible warning that echoes the value safely)."""
    raw = st.query_params.get_all(param)
    if not raw:
        return default
    try:
        return parse(raw)
    except state.InvalidParam as error:
        warn_once(t("bad_param", lang(), param=error.key, value=markdown_literal(error.raw),
                    fallback=markdown_literal(fallback_label)))
        return default


def _initial(key: str, param: str, parse: Callable[[object], object], default, fallback_label: str):
    """The widget's value on first run: the URL's, validated, else the default (with a visible warning)."""
    return from_url(param, parse, default, fallback_label)


def url_selectbox(label: str, options: Sequence, *, key: str, param: str, default,
                  parse: Callable[[object], object], format_func=str, to_url=str, fallback_label=None,
                  container=st) -> object:
    """A selectbox whose value starts from the URL and is written back to it, so links restore the view."""
    options = list(options)
    if key not in st.session_state:
        st.session_state[key] = _initial(key, param, parse, default, fallback_label or format_func(default))
    if st.session_state[key] not in options:
        st.session_state[key] = default if default in options else options[0]
    value = container.selectbox(label, options, key=key, format_func=format_func)
    if value is None or value == "":
        st.query_params.pop(param, None)
    else:
        st.query_params[param] = to_url(value)
    return value


def url_multiselect(label: str, options: Sequence, *, key: str, param: str, default: list,
                    parse: Callable[[object], list], format_func=str, max_selections=None,
                    fallback_label="", container=st) -> list:
    options = list(options)
    if key not in st.session_state:
        st.session_state[key] = _initial(key, param, parse, default, fallback_label)
    st.session_state[key] = [v for v in st.session_state[key] if v in options][: max_selections or None]
    value = container.multiselect(label, options, key=key, format_func=format_func, max_selections=max_selections)
    if value:
        st.query_params[param] = state.format_codes(value)
    else:
        st.query_params.pop(param, None)
    return value


def data_version(language: str, indicator_id: str) -> str:
    return labels.version_text(_store().data_version(), language, indicator_id)


def source_caption(indicator: dict, years: str, language: str) -> str:
    return labels.source_caption(indicator, years, language, _store().data_version())


def download_csv(frame: pd.DataFrame, file_stem: str, key: str) -> None:
    """CSV of a table that already names each row's KPI and unit (the profile); the source on every row.

    Charts use chart_exports, which adds one indicator's metadata through export.csv_bytes."""
    from functools import partial
    st.download_button(t("download_csv", lang()), partial(_csv_with_source, frame, lang()),
                       file_name=f"{file_stem}.csv", mime="text/csv", key=key)


def _csv_with_source(frame: pd.DataFrame, language: str) -> bytes:
    # Made when the button is clicked, not on every rerun. Rows from own tables name their table, not Kolada;
    # users' cell text is never left as a live spreadsheet formula.
    out = frame.assign(source=t("export_source", language))
    if "indicator_id" in frame:
        own = frame["indicator_id"].map(owndata.is_own_indicator).astype(bool)
        if own.any():
            out.loc[own, "source"] = [t("own_source", language, table=table) for table in frame.loc[own, "source_id"]]
    return neutralise_formulas(out).to_csv(index=False).encode("utf-8")


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def _table(kind: str, digest: str, args: tuple, _frame: pd.DataFrame) -> pd.DataFrame:
    return {"profile": profile_table, "index": index_table, "screen": table_for_screen}[kind](_frame, *args)


def cached_table(kind: str, frame: pd.DataFrame, *args, digest: str | None = None) -> pd.DataFrame:
    """profile_table, index_table or table_for_screen of a frame, cached by the frame's content and the arguments:
    formatting every number of a table again on each rerun takes 5–30 ms per table. `digest` stands for the
    frame's content when the caller knows it (a part of a frame whose digest it has: frame_digest + the part)."""
    return _table(kind, digest or frame_digest(frame), args, frame)


def peer_picker(municipality: str | None, areas: pd.DataFrame, language: str) -> PeerChoice:
    """Sidebar widgets for the peer set; all of it is kept in the URL so a link restores the comparison."""
    from jamstat import peers
    peer_choice = partial(peers.peer_choice, query)

    if not municipality:
        st.query_params.pop(state.KEY_SCOPE, None)
        return peer_choice("all", None, areas, language)
    kind = url_selectbox(
        t("peers", language), PEER_KINDS, key="peer_kind", param=state.KEY_SCOPE, default="region",
        parse=lambda raw: state.parse_choice(state.KEY_SCOPE, raw, PEER_KINDS),
        format_func=lambda code: t(f"peer_{code}", language))
    if kind in ("all", "region", "group"):
        return peer_choice(kind, municipality, areas, language)
    if kind == "kolada":
        titles = peers.kolada_groups(query, municipality)
        group_id = url_selectbox(
            t("peer_kolada_group", language), list(titles), key="peer_group", param=state.KEY_GROUP,
            default=next(iter(titles)), parse=lambda raw: state.parse_choice(state.KEY_GROUP, raw, titles),
            format_func=lambda gid: titles[gid])
        return peer_choice(kind, municipality, areas, language, group_id=group_id, group_title=titles[group_id])

    # Own group: pick members, name it, save it under data/; members and name also live in the URL.
    municipalities = areas[areas["kind"] == "municipality"]
    names = dict(zip(areas["area_id"], areas["area_name"]))
    valid = set(municipalities["area_id"])
    path = settings.peer_sets_file()
    try:
        saved, problems = peers.load(path, valid)
    except peers.PeerSetError as error:
        saved, problems = {}, [str(error)]
    for problem in problems:
        st.sidebar.warning(t("peer_file_problem", language, problem=markdown_literal(problem)))
    new = t("peer_custom_new", language)
    choice = st.sidebar.selectbox(t("peer_custom_saved", language), [new, *saved], key="peer_saved")
    if choice != new and st.session_state.get("_peer_loaded") != choice:
        st.session_state["peer_members"] = saved[choice]
        st.session_state["peer_name"] = choice
        st.session_state["_peer_loaded"] = choice
    if "peer_name" not in st.session_state:
        st.session_state["peer_name"] = from_url(
            state.KEY_PEER_NAME, lambda raw: state.parse_text(state.KEY_PEER_NAME, raw, peers.MAX_NAME_LENGTH),
            "", t("peer_custom_no_name", language))
    members = url_multiselect(
        t("peer_custom_members", language), sorted(valid, key=names.get), key="peer_members",
        param=state.KEY_PEERS, default=[],
        parse=lambda raw: state.parse_codes(state.KEY_PEERS, raw, valid, limit=peers.MAX_PEERS),
        format_func=lambda code: names[code], max_selections=peers.MAX_PEERS, container=st.sidebar)
    name = st.sidebar.text_input(t("peer_custom_name", language), key="peer_name", max_chars=peers.MAX_NAME_LENGTH)
    if name:
        st.query_params[state.KEY_PEER_NAME] = name
    else:
        st.query_params.pop(state.KEY_PEER_NAME, None)
    if st.sidebar.button(t("peer_custom_save", language), key="peer_save", disabled=not (members and name)):
        try:
            saved_name = peers.validate(name, members, valid)[0]
            peers.save(path, name, members, valid)
            st.sidebar.success(t("peer_custom_saved_ok", language, name=markdown_literal(saved_name)))
        except peers.PeerSetError as error:
            st.sidebar.error(markdown_literal(error))
    if not members:
        st.sidebar.info(t("peer_custom_empty", language))
    return peer_choice(kind, municipality, areas, language, custom_ids=members, custom_name=name)


def go_to_over_time(indicator_id: str, theme: str, *, municipality: str | None = None,
                    area_ids: Sequence[str] = ()) -> None:
    """Open Över tid for an indicator chosen on another page, in the same view: municipality, peers, year and
    language go along in the link (st.switch_page drops the URL and the sidebar's widget values otherwise).
    `municipality` is chosen when none is; without `area_ids` the page shows its default areas."""
    st.session_state["_pending_indicator"] = (indicator_id, theme)  # the sidebar picks it up on the next run
    params = {key: value for key, value in current_params().items() if key in state.CARRIED_KEYS}
    params[state.KEY_INDICATOR] = indicator_id
    if municipality and state.KEY_MUNICIPALITY not in params:
        params[state.KEY_MUNICIPALITY] = municipality
    if area_ids:
        params[state.KEY_AREAS] = state.format_codes(list(area_ids)[: state.MAX_AREAS])
    st.switch_page("app_pages/over_time.py", query_params=params)


@st.cache_resource(show_spinner=False)
def _boundaries(path: str, modified_ns: int) -> dict:
    # A resource, not cache_data: the GeoJSON is read-only, so every session shares it without a copy per rerun.
    import json
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _boundaries_key() -> tuple[str, int]:
    """The boundary file's path and modification time: the key of its cache entry; stops the page if missing."""
    path = settings.SNAPSHOT_DIR / "municipalities.geojson"
    try:
        key = (str(path), path.stat().st_mtime_ns)
        _boundaries(*key)
        return key
    except (OSError, ValueError):
        st.error(t("map_boundaries_missing", lang(), path=path))
        st.stop()


def municipality_boundaries() -> dict:
    """The committed municipality boundaries (built by `python -m jamstat boundaries`); stops the page if missing."""
    return _boundaries(*_boundaries_key())


@st.cache_data(show_spinner=False, max_entries=256, ttl=3600)
def _chart_spec(builder: str, rows_digest: str, options: dict, boundaries: bool, _rows: pd.DataFrame) -> dict:
    from streamlit import dataframe_util

    from jamstat import charts
    if boundaries:
        options = {**options, "geojson": None}  # the geometry goes in afterwards (charts.with_geometry)
    chart = getattr(charts, builder)(_rows, **options)
    frames = charts.detach_data(chart)
    # Not validated against the Vega-Lite schema here (a third of the build time): tests/ validate every builder.
    spec = charts.spec_of(chart, validate=False)
    # The data as Streamlit sends it (Arrow), converted once instead of on every rerun; export.py reads it back.
    spec["datasets"] = {name: dataframe_util.convert_anything_to_arrow_bytes(values)
                        for name, values in {**spec.get("datasets", {}), **frames}.items()}
    return spec


def frame_digest(frame: pd.DataFrame) -> str:
    """A digest of a frame's column names, types and values (not its index, which charts do not draw).

    Not a pickle: a frame fresh from DuckDB and the same frame out of st.cache_data pickle differently (blocks,
    shared string objects), which would miss the cache once per view."""
    import hashlib
    digest = hashlib.sha256(repr([(name, str(dtype)) for name, dtype in frame.dtypes.items()]).encode())
    for name in frame.columns:
        values = frame[name].to_numpy()
        digest.update(b"\x1e")
        digest.update("\x1f".join(map(repr, values)).encode() if values.dtype == object else values.tobytes())
    return digest.hexdigest()


def chart_spec(builder: str, rows: pd.DataFrame, *, boundaries: bool = False, **options) -> dict:
    """The Vega-Lite spec of `charts.<builder>(rows, **options)`, cached by the rows' content and the options.

    Building an Altair chart and converting it takes 100–250 ms, so a rerun that shows the same chart reuses the
    spec. The key is the rows themselves (a digest of their values, ~1 ms, where st.cache_data's own hash of a
    frame takes ~10 ms), not the view's parameters, so new data can never be drawn with an old spec. Named
    datasets hold Arrow bytes (st.vega_lite_chart takes them as they are). With `boundaries`, the builder gets
    no boundaries (its data is only named), and the drawn features go into the spec afterwards as one GeoJSON
    text (charts.with_geometry), made once per set of areas."""
    from jamstat import charts
    digest = frame_digest(rows)
    if not boundaries:
        return _chart_spec(builder, digest, options, False, rows)
    key = _boundaries_key()
    areas = tuple(feature["properties"]["area_id"] for feature in charts.drawn_features(rows, _boundaries(*key)))
    return charts.with_geometry(_chart_spec(builder, digest, options, True, rows), _geometry_json(key, areas))


@st.cache_resource(show_spinner=False, max_entries=64)
def _geometry_json(boundaries: tuple[str, int], area_ids: tuple[str, ...]) -> str:
    # Whole country or one county: 22 texts in practice (0.37 MB for all municipalities), shared by all sessions.
    from jamstat import charts
    return charts.geometry_json(_boundaries(*boundaries), list(area_ids))


def show_drawn(drawn, key: str, table: bool | None = None) -> None:
    """Lay out a drawn view: chart, caption, notes, downloads and (once per page) the table behind it."""
    st.vega_lite_chart(drawn.spec, width="stretch", key=f"{key}_chart", alt=drawn.alt_text)
    st.caption(drawn.caption)
    for note in drawn.notes:
        st.caption(note)
    chart_exports(drawn, key)
    if table is None:
        table = {"women", "men", "gap", "ratio"} <= set(drawn.rows.columns)
    if table:
        # Filled when opened (a rerun): a table on the first screen makes a new tab load Streamlit's data grid
        # (~0.5 MB of JavaScript) before the chart, ~0.5 s on a shared 2-core machine.
        box = st.expander(t("chart_alt", lang()), key=f"{key}_table", on_change="rerun")
        if box.open:
            with box:
                st.dataframe(cached_table("screen", drawn.rows, drawn.indicator, lang()), hide_index=True)


def export_metadata(drawn):
    import datetime as dt

    from jamstat import export
    language = lang()
    own = is_own(drawn.indicator)
    return export.Metadata(
        title=drawn.title, source=source_line(drawn.indicator, language),
        kpis="" if own else drawn.indicator["source_id"], unit=unit_label(drawn.indicator["unit"], language),
        data_version=t("data_version_own", language) if own else data_version(language, drawn.indicator["indicator_id"]),
        exported_at=dt.date.today().isoformat())


def chart_exports(drawn, key: str) -> None:
    """Downloads for one chart: its rows as CSV and XLSX, the full series, and the picture as PNG and SVG.

    Every file is made only when clicked (a callable), so a rerun stays fast."""
    from functools import partial

    from jamstat import export
    language = lang()
    meta = export_metadata(drawn)
    rows = drawn.rows.drop(columns=[c for c in drawn.rows.columns if c.startswith("is_")], errors="ignore")
    source_line = f"{meta.source} KPI: {meta.kpis}. {meta.data_version}." if meta.kpis else meta.source
    source_line = " ".join(part for part in (source_line, derivation_note(drawn.indicator, language)) if part)
    columns = st.columns(5)
    columns[0].download_button(t("download_csv", language), partial(export.csv_bytes, rows, meta),
                               file_name=f"{drawn.file_stem}.csv", mime="text/csv", key=f"download_{key}")
    columns[1].download_button(t("download_xlsx", language), partial(export.xlsx_bytes, rows, meta),
                               file_name=f"{drawn.file_stem}.xlsx", key=f"xlsx_{key}",
                               mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    columns[2].download_button(t("download_png", language), partial(export.chart_png, drawn.spec, source_line),
                               file_name=f"{drawn.file_stem}.png", mime="image/png", key=f"png_{key}")
    columns[3].download_button(t("download_svg", language), partial(export.chart_svg, drawn.spec, source_line),
                               file_name=f"{drawn.file_stem}.svg", mime="image/svg+xml", key=f"svg_{key}")
    if "year" in drawn.rows and drawn.rows["year"].nunique() == 1:
        area_ids = [a for a in drawn.rows["area_id"].unique() if a != "peers"]
        columns[4].download_button(
            t("download_full_series", language),
            partial(_full_series_csv, drawn.indicator["indicator_id"], tuple(area_ids), meta),
            file_name=f"{drawn.file_stem}_alla_ar.csv", mime="text/csv", key=f"full_{key}")


def _full_series_csv(indicator_id: str, area_ids: tuple, meta) -> bytes:
    # Runs when the button is clicked, outside the script run: go to the store directly, not the page cache.
    from jamstat import export
    rows = _store().run("series_by_sex", indicator_id=indicator_id, area_ids=list(area_ids))
    return export.csv_bytes(rows, meta)


def view_link(url_path: str, is_default: bool) -> str:
    """The full link to the current view: the page plus every URL parameter that shapes it."""
    from urllib.parse import urlencode, urlsplit
    current = urlsplit(st.context.url or "http://127.0.0.1:8501/")
    path = "/" if is_default else f"/{url_path}"
    query = urlencode(current_params())
    return f"{current.scheme}://{current.netloc}{path}" + (f"?{query}" if query else "")


def current_params() -> dict[str, str]:
    """The view's URL state as a link or a saved view carries it: known keys only, no hostile leftovers."""
    return state.shareable({key: st.query_params.get_all(key) for key in st.query_params})


def share_and_save(url_path: str, is_default: bool, default_title: str, language: str) -> None:
    """Sidebar box: the view's link with a copy button, a QR code, and 'Spara vy' into a presentation.

    Its content is made only while the box is open (opening it reruns the page): the link's code block makes a
    new tab load Streamlit's syntax highlighter (1.5 MB of JavaScript, ~0.8 s more before the first chart on a
    shared 2-core machine), and a new link's QR code takes ~14 ms on every rerun."""
    from jamstat import export, presentations
    box = st.expander(t("share", language), key="share_box", on_change="rerun")
    if not box.open:
        return
    link = view_link(url_path, is_default)
    with box:
        st.caption(t("share_link", language))
        st.code(link, language=None, wrap_lines=True)
        st.caption(t("share_qr", language))
        try:
            st.image(export.qr_svg(link), width=180)
        except export.QRCodeError:
            st.caption(t("qr_too_long", language))
        if url_path not in presentations.PAGES:
            return
        directory = settings.presentations_dir()
        existing = presentations.list_all(directory)
        new = t("save_view_new", language)
        target = st.selectbox(t("save_view_presentation", language), [new, *existing], key="save_presentation",
                              format_func=lambda slug: existing.get(slug, slug))
        name = (st.text_input(t("save_view_new_title", language), key="save_presentation_title", max_chars=100)
                if target == new else existing[target])
        title = st.text_input(t("save_view_title", language), value=default_title, key="save_title", max_chars=300)
        note = st.text_area(t("save_view_note", language), key="save_note", max_chars=2000)
        if st.button(t("save_view", language), key="save_view", disabled=not (name and title)):
            try:
                path = presentations.add_view(directory, name, presentations.SavedView(
                    page=url_path, params=current_params(), title=title, note=note))
                deck = presentations.load(path)[0]
                st.success(t("save_view_done", language, presentation=markdown_literal(deck.title),
                             number=len(deck.views)))
            except presentations.PresentationError as error:
                st.error(markdown_literal(error))


# Streamlit's chart theme draws axis and legend text in #808495: 3.7:1 on white, below WCAG's 4.5:1.
# A darker grey keeps the quiet look and reads at 6.4:1 (the exported pictures use their own, black text).
CHART_TEXT_COLOUR = "#5C5F6B"
# Streamlit fades captions (sources, notices, the index method) to 60 % opacity: #828180 on white, 3.9:1. The
# same grey as the charts' text instead, at full opacity; also the uploader's limits.
CAPTION_COLOUR = CHART_TEXT_COLOUR
ACCESSIBLE_CSS = f"""
<style>
[data-testid="stCaptionContainer"] {{ opacity: 1; color: {CAPTION_COLOUR}; }}
[data-testid="stVegaLiteChart"] :is(.role-axis-label, .role-axis-title, .role-legend-label, .role-legend-title) > text,
[data-testid="stVegaLiteChart"] :is([class*="-header"], .role-scope) .role-title-text > text {{
  fill: {CHART_TEXT_COLOUR};
}}
</style>
"""


def accessible_style() -> None:
    """Global CSS so every text the app shows reaches 4.5:1 contrast (checked in tests/test_accessibility.py)."""
    st.html(ACCESSIBLE_CSS)


def document_language(language: str) -> None:
    """Tell the browser and screen readers the page's language: Streamlit's page says lang="en" whatever it shows."""
    import json
    st.html(f"<script>document.documentElement.lang = {json.dumps(language)};</script>",
            unsafe_allow_javascript=True)


def uploader_texts(file_types: Sequence[str], max_mb: int, language: str) -> None:
    """Streamlit's file uploader says "Upload" and "200MB per file" in English whatever the UI's language, and
    has no setting for them: CSS hides its texts and shows ours (generated content is read by screen readers)."""
    import json
    choose = json.dumps(t("own_upload_choose", language), ensure_ascii=False)  # our own texts: no quotes to escape
    limit = json.dumps(t("own_upload_limit", language, mb=max_mb,
                         types=", ".join(kind.upper() for kind in file_types)), ensure_ascii=False)
    st.html(f"""<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"],
[data-testid="stFileUploaderDropzoneInstructions"] span {{ display: none; }}
[data-testid="stFileUploaderDropzone"] button span[data-has-shortcut]::after {{ content: {choose}; }}
[data-testid="stFileUploaderDropzoneInstructions"] > div::after {{
  content: {limit}; font-size: 0.875rem; color: {CAPTION_COLOUR};
}}
</style>""")
    # Generated content is not a name for every screen reader (nor for axe): the button gets an aria-label, set
    # again whenever Streamlit draws the uploader anew.
    st.html(f"""<script>
window.__jamstatUploadLabel = {choose};
if (!window.__jamstatUploadObserver) {{
  const name = () => document.querySelectorAll('[data-testid="stFileUploaderDropzone"] button').forEach(button => {{
    if (button.getAttribute('aria-label') !== window.__jamstatUploadLabel) {{
      button.setAttribute('aria-label', window.__jamstatUploadLabel);
    }}
  }});
  window.__jamstatUploadObserver = new MutationObserver(name);
  window.__jamstatUploadObserver.observe(document.body, {{childList: true, subtree: true}});
  name();
}}
</script>""", unsafe_allow_javascript=True)


PRESENTER_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {
  display: none !important;
}
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; max-width: 100%; }
[data-testid="stMain"] p, [data-testid="stMain"] li { font-size: 1.6rem; line-height: 1.4; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 1.15rem; color: #222222; }
[data-testid="stMain"] button p { font-size: 1.4rem; }
</style>
"""

# Clickers send arrow keys or PageUp/PageDown; they press the slide buttons (found by their st-key class).
KEYBOARD_JS = """
<script>
(function () {
  if (window.__jamstatSlideKeys) { return; }
  window.__jamstatSlideKeys = true;
  document.addEventListener("keydown", function (event) {
    var tag = (event.target && event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var key = null;
    if (["ArrowRight", "PageDown"].indexOf(event.key) >= 0) { key = "slide_next"; }
    if (["ArrowLeft", "PageUp"].indexOf(event.key) >= 0) { key = "slide_previous"; }
    if (!key) { return; }
    var button = document.querySelector(".st-key-" + key + " button");
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
})();
</script>
"""


def presenter_style() -> None:
    """Hide the sidebar and enlarge type for the projector; listen for clicker keys."""
    st.html(PRESENTER_CSS)
    st.html(KEYBOARD_JS, unsafe_allow_javascript=True)


def deck_downloads(deck, problems: list, slug: str, language: str) -> None:
    """Build the whole deck (PowerPoint and a zip of PNGs) on request, with a progress bar: it takes seconds."""
    import zipfile

    from jamstat import charts, export, views
    if st.button(t("presentation_build", language), key="deck_build"):
        bar = st.progress(0.0, text=t("presentation_building", language))
        slides = []
        for number, (view, problem) in enumerate(zip(deck.views, problems), start=1):
            try:
                if problem:
                    raise views.ViewError(problem)
                drawn, sentence = views.from_params(view_data(), view.page, view.params, language)
                picture = export.chart_png(charts.presentable(drawn.spec), t("export_source", language))
                slides.append(export.Slide(view.title, picture, sentence or "", drawn.caption, view.note))
            except views.ViewError as error:
                slides.append(export.Slide(view.title, None, t("slide_broken", language, reason=str(error)),
                                           t("export_source", language), view.note))
            bar.progress(number / len(deck.views), text=t("presentation_building", language))
        pictures = io.BytesIO()
        with zipfile.ZipFile(pictures, "w") as archive:
            for number, slide in enumerate(slides, start=1):
                if slide.picture_png:
                    archive.writestr(f"{slug}_{number:02d}.png", slide.picture_png)
        st.session_state["_deck_files"] = (slug, export.pptx_bytes(slides, deck.title), pictures.getvalue())
        bar.empty()
    files = st.session_state.get("_deck_files")
    if files and files[0] == slug:
        left, right = st.columns(2)
        left.download_button(t("presentation_pptx", language), files[1], file_name=f"{slug}.pptx", key="deck_pptx",
                             mime="application/vnd.openxmlformats-officedocument.presentationml.presentation")
        right.download_button(t("presentation_pngs", language), files[2], file_name=f"{slug}_bilder.zip",
                              mime="application/zip", key="deck_pngs")
