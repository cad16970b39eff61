"""Drawing views on the page: cached chart specs and tables, a chart with its caption, notes, table and
downloads (CSV, XLSX, PNG, SVG, the full series)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from jamstat import owndata, views
from jamstat.labels import derivation_note, is_own, source_line
from jamstat.sources.upload import neutralise_formulas
from jamstat.tables import index_table, profile_table, table_for_screen
from jamstat.text import t, unit_label
from jamstat.web.data import (
    boundaries_geojson,
    boundaries_key,
    data_version,
    lang,
    query,
    shared_store,
)


def view_data():
    """What views read, through this layer's caches: stored queries, the data version, chart specs."""
    return views.Data(query=query, data_version=lambda: shared_store().data_version(), chart_spec=chart_spec)


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
    key = boundaries_key()
    areas = tuple(feature["properties"]["area_id"] for feature in charts.drawn_features(rows, boundaries_geojson(*key)))
    return charts.with_geometry(_chart_spec(builder, digest, options, True, rows), _geometry_json(key, areas))


@st.cache_resource(show_spinner=False, max_entries=64)
def _geometry_json(boundaries: tuple[str, int], area_ids: tuple[str, ...]) -> str:
    # Whole country or one county: 22 texts in practice (0.37 MB for all municipalities), shared by all sessions.
    from jamstat import charts
    return charts.geometry_json(boundaries_geojson(*boundaries), list(area_ids))


def show_drawn(drawn, key: str, table: bool | None = None) -> None:
    """Lay out a drawn view: chart, caption, notes, downloads and (once per page) the table behind it."""
    chart_heading(drawn.spec)
    # The title is above, not in the spec, and the alt text names the indicator, not the year or areas: another
    # year, municipality or peer group then changes only the chart's data, which Streamlit swaps in the Vega
    # view in place instead of building a new one. Exports and slides keep the full spec.
    from jamstat import charts
    st.vega_lite_chart(charts.page_spec(drawn.spec), width="stretch", key=f"{key}_chart", alt=drawn.stable_alt_text)
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


def chart_heading(spec: dict) -> None:
    """The chart's title and subtitle as text above it (charts.page_spec leaves them out of the spec)."""
    from jamstat.text import markdown_literal
    title = spec.get("title")
    if not title:
        return
    text = title.get("text", "") if isinstance(title, dict) else title
    lines = [line for line in (text if isinstance(text, list) else [text]) if line]
    subtitle = title.get("subtitle", "") if isinstance(title, dict) else ""
    subtitles = [line for line in (subtitle if isinstance(subtitle, list) else [subtitle]) if line]
    # One element always (title and subtitle as lines), so the chart below keeps its place between reruns.
    st.markdown("  \n".join([*(f"**{markdown_literal(line)}**" for line in lines),
                             *(markdown_literal(line) for line in subtitles)]))


def spec_digest(spec: dict) -> str:
    """A digest of a spec's content, its datasets' Arrow bytes included."""
    import hashlib
    import json
    text = json.dumps(spec, sort_keys=True, default=lambda value: hashlib.sha256(value).hexdigest()
                      if isinstance(value, bytes) else str(value))
    return hashlib.sha256(text.encode()).hexdigest()


def slide_png(spec: dict, source_line: str) -> bytes:
    """export.chart_png of a slide's spec, cached by its content: building a deck again (or after the slides were
    shown once) does not render the same pictures again (vl-convert takes ~0.5–1 s per slide)."""
    return _png(spec_digest(spec), source_line, spec)


@st.cache_data(show_spinner=False, max_entries=128, ttl=3600)
def _png(digest: str, source_line: str, _spec: dict) -> bytes:
    from jamstat import export
    return export.chart_png(_spec, source_line)


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
    rows = shared_store().run("series_by_sex", indicator_id=indicator_id, area_ids=list(area_ids))
    return export.csv_bytes(rows, meta)
