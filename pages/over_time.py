"""Över tid: one indicator, up to five areas, all years: women's and men's lines and the gap over time."""

import streamlit as st

from jamstat import charts, state, ui
from jamstat.settings import RIKET
from jamstat.text import t

language = ui.lang()
view = st.session_state["view"]
indicator, municipality, names, areas = view["indicator"], view["municipality"], view["area_names"], view["areas"]
words = ui.sex_words(indicator["population"], language)
title = ui.indicator_title(indicator, language)

default_areas = [RIKET]
if municipality:
    region = areas.loc[areas["area_id"] == municipality, "region_id"].iloc[0]
    default_areas = [municipality, region, RIKET]
chosen = ui.url_multiselect(
    t("areas", language), areas["area_id"], key="areas", param=state.KEY_AREAS, default=default_areas,
    parse=lambda raw: state.parse_codes(state.KEY_AREAS, raw, set(areas["area_id"])),
    format_func=lambda code: names[code], max_selections=state.MAX_AREAS,
    fallback_label=", ".join(names[c] for c in default_areas))
ui.show_warnings()
if not chosen:
    st.info(t("no_areas", language))
    st.stop()

series = ui.query("series_by_sex", indicator_id=indicator["indicator_id"], area_ids=chosen)
gaps = ui.query("gap_by_year", indicator_id=indicator["indicator_id"], area_ids=chosen)
if series["value"].isna().all():
    st.info(t("no_data_indicator", language))
    st.stop()
# Keep the user's order of areas in panels and legends.
position = {area: number for number, area in enumerate(chosen)}
series = series.assign(area_name=series["area_id"].map(names)).sort_values(
    ["area_id", "year", "sex"], key=lambda column: column.map(position) if column.name == "area_id" else column)
gaps = gaps.assign(area_name=gaps["area_id"].map(names)).sort_values(
    ["area_id", "year"], key=lambda column: column.map(position) if column.name == "area_id" else column)
first, last = int(series["year"].min()), int(series["year"].max())
caption = ui.source_caption(indicator, t("years_caption", language, first=first, last=last), language)

series_title = t("series_title", language, indicator=title, **words)
st.altair_chart(charts.lines_by_sex(series, unit=indicator["unit"], population=indicator["population"],
                                    lang=language, title=series_title),
                width="stretch", key="series_chart", alt=t("chart_alt_sentence", language, title=series_title))
st.caption(caption)
empty = [names[a] for a, values in series.groupby("area_id")["value"] if values.isna().all()]
if empty:
    st.caption(t("missing_areas", language, n=len(empty), names=", ".join(empty)))
ui.download_csv(series, indicator, f"over_tid_{indicator['indicator_id']}", key="download_series")

gap_title = t("gap_title", language, **words)
st.altair_chart(charts.gap_over_time(gaps, unit=indicator["unit"], population=indicator["population"],
                                     lang=language, title=gap_title),
                width="stretch", key="gap_chart", alt=t("chart_alt_sentence", language, title=gap_title))
st.caption(caption + " " + t("gap_definition", language,
                             pp=t("pp_note", language) if indicator["unit"] == "percent" else "", **words))
ui.download_csv(gaps, indicator, f"skillnad_{indicator['indicator_id']}", key="download_gaps")
if municipality:
    peers = view["peers"]
    trend = ui.query("peer_gap_by_year", indicator_id=indicator["indicator_id"], municipality_id=municipality,
                     peer_ids=peers.ids)
    labels = {"municipality": names[municipality], "peer_mean": t("peer_mean_row", language),
              "country": names["0000"]}
    trend = trend.assign(area_name=trend["series"].map(labels), area_id=trend["series"])
    trend = trend.sort_values("series", key=lambda s: s.map({"municipality": 0, "peer_mean": 1, "country": 2}))
    trend_title = t("peer_trend_title", language, municipality=names[municipality], peers=peers.label)
    st.altair_chart(charts.gap_over_time(trend, unit=indicator["unit"], population=indicator["population"],
                                         lang=language, title=trend_title),
                    width="stretch", key="peer_trend_chart", alt=t("chart_alt_sentence", language, title=trend_title))
    st.caption(caption + " " + t("peer_mean_note", language))
    ui.download_csv(trend, indicator, f"skillnad_jamforelse_{indicator['indicator_id']}", key="download_trend")

with st.expander(t("chart_alt", language)):
    st.dataframe(ui.table_for_screen(gaps, indicator, language), hide_index=True)
