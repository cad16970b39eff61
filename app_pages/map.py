"""Karta: one indicator, one year, municipalities (or, for a region, the 21 regions) coloured by the gap or by
women's or men's value."""

import streamlit as st

from jamstat import labels, peers, state, views
from jamstat.registry import ViewState
from jamstat.text import t
from jamstat.web import data, render, widgets

language = data.lang()
reader = render.view_data()  # what views read: this layer's cached queries and chart specs
view: ViewState = st.session_state["view"]
indicator, municipality, names, areas = view.indicator, view.municipality, view.area_names, view.areas
words = labels.sex_words(indicator["population"], language)

years = views.indicator_years(reader, indicator)
if not years:
    st.info(t("no_data_indicator", language))
    st.stop()
data.municipality_boundaries()  # stops the page with a rebuild hint when the boundary file is missing

counties = areas[areas["kind"] == "region"].sort_values("area_name")["area_id"].tolist()
year_column, measure_column, county_column = st.columns(3)
year = widgets.url_selectbox(
    t("year", language), sorted(years, reverse=True), key="map_year", param=state.KEY_YEAR, default=max(years),
    parse=lambda raw: state.parse_year(state.KEY_YEAR, raw, years), container=year_column)
measures = views.map_measures(indicator)  # counts: the women's share instead of the size-driven gap
measure = widgets.url_selectbox(
    t("measure", language), measures, key="measure", param=state.KEY_MEASURE,
    default=views.only_sex(indicator) or measures[0],
    parse=lambda raw: views.map_measure(indicator, state.parse_choice(state.KEY_MEASURE, raw, state.MEASURES)),
    format_func=lambda code: t(f"measure_{code}", language, **words), container=measure_column)
if peers.home_kind(areas, municipality) == "region":
    county = ""  # a region's map colours the 21 regions; a county to zoom to does not apply
    st.query_params.pop(state.KEY_COUNTY, None)
else:
    county = widgets.url_selectbox(
        t("county", language), ["", *counties], key="county", param=state.KEY_COUNTY, default="",
        parse=lambda raw: state.parse_choice(state.KEY_COUNTY, raw, set(counties)),
        format_func=lambda code: names[code] if code else t("county_all", language),
        fallback_label=t("county_all", language), container=county_column)

widgets.show_warnings()

try:
    drawn = views.choropleth(reader, indicator, year, measure, county, municipality, names, language)
except views.ViewError as error:
    st.info(str(error))
    st.stop()
render.show_drawn(drawn, key="map")
