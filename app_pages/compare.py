"""Jämför: one indicator, one year, many areas as a dumbbell of women's and men's values sorted by the gap."""

import streamlit as st

from jamstat import state, views
from jamstat.registry import ViewState
from jamstat.text import t
from jamstat.web import data, landing, render, widgets

language = data.lang()
reader = render.view_data()  # what views read: this layer's cached queries and chart specs
view: ViewState = st.session_state["view"]
indicator, municipality, names = view.indicator, view.municipality, view.area_names
if not municipality:  # the first screen: what this is and which municipality; the national view follows
    landing.first_screen(view.areas, names, language)

years = views.indicator_years(reader, indicator)
if not years:
    st.info(t("no_data_indicator", language))
    st.stop()
year = widgets.url_selectbox(
    t("year", language), sorted(years, reverse=True), key="year", param=state.KEY_YEAR, default=max(years),
    parse=lambda raw: state.parse_year(state.KEY_YEAR, raw, years))
widgets.show_warnings()

try:
    drawn = views.compare(reader, indicator, year, municipality, view.peers, names, language)
except views.ViewError as error:
    st.info(str(error))
    st.stop()
render.show_drawn(drawn, key="compare")
