"""Karta: one indicator, one year, municipalities coloured by the gap or by women's or men's value."""

import streamlit as st

from jamstat import charts, state, ui
from jamstat.text import t

language = ui.lang()
view = st.session_state["view"]
indicator, municipality, names, areas = view["indicator"], view["municipality"], view["area_names"], view["areas"]
words = ui.sex_words(indicator["population"], language)
title = ui.indicator_title(indicator, language)

years = ui.query("indicator_years", indicator_id=indicator["indicator_id"])["year"].tolist()
if not years:
    st.info(t("no_data_indicator", language))
    st.stop()
boundaries = ui.municipality_boundaries()

counties = areas[areas["kind"] == "region"].sort_values("area_name")["area_id"].tolist()
year_column, measure_column, county_column = st.columns(3)
year = ui.url_selectbox(
    t("year", language), sorted(years, reverse=True), key="map_year", param=state.KEY_YEAR, default=max(years),
    parse=lambda raw: state.parse_year(state.KEY_YEAR, raw, years), container=year_column)
measure = ui.url_selectbox(
    t("measure", language), state.MEASURES, key="measure", param=state.KEY_MEASURE, default="gap",
    parse=lambda raw: state.parse_choice(state.KEY_MEASURE, raw, state.MEASURES),
    format_func=lambda code: t(f"measure_{code}", language, **words), container=measure_column)
county = ui.url_selectbox(
    t("county", language), ["", *counties], key="county", param=state.KEY_COUNTY, default="",
    parse=lambda raw: state.parse_choice(state.KEY_COUNTY, raw, set(counties)),
    format_func=lambda code: names[code] if code else t("county_all", language),
    fallback_label=t("county_all", language), container=county_column)

ui.show_warnings()

rows = ui.query("map_values", indicator_id=indicator["indicator_id"], year=int(year),
                region_id=county or None, municipality_id=municipality)
place = names[county] if county else t("county_all", language)
if rows[["women", "men"]].isna().all(axis=None):
    st.info(t("map_no_data", language, indicator=title, year=year, place=place))
    st.stop()

if measure == "gap":
    shows = t("map_title_gap", language, year=year, **words)
    subtitle = t("map_subtitle_gap", language, **words)
else:
    shows = t("map_title_value", language, year=year, sex=words[measure])
    subtitle = t("map_subtitle_value", language)
if county:
    shows += f" ({place})"
if rows["is_chosen"].any():
    subtitle += " " + t("map_subtitle_chosen", language, name=names[municipality])
# Two title lines: indicator titles are long, and Vega truncates a title to the chart's width.
chart = charts.choropleth(rows, boundaries, measure=measure, unit=indicator["unit"],
                          population=indicator["population"], lang=language, title=[title, shows],
                          chosen_id=municipality, subtitle=subtitle)
st.altair_chart(chart, width="stretch", key="map_chart",
                alt=t("chart_alt_sentence", language, title=f"{title}: {shows}"))
st.caption(ui.source_caption(indicator, t("year_caption", language, year=year), language) + " "
           + t("gap_definition", language, pp=t("pp_note", language) if indicator["unit"] == "percent" else "",
               **words))
missing = rows[rows["women"].isna() | rows["men"].isna()]
if not missing.empty:
    st.caption(t("missing_areas", language, n=len(missing), names=", ".join(missing["area_name"].head(20))))
ui.download_csv(rows, indicator, f"karta_{indicator['indicator_id']}_{year}" + (f"_lan{county}" if county else ""),
                key="download_map")
with st.expander(t("chart_alt", language)):
    st.dataframe(ui.table_for_screen(rows, indicator, language), hide_index=True)
