"""Jämför: one indicator, one year, many areas as a dumbbell of women's and men's values sorted by the gap."""

import streamlit as st

from jamstat import state, ui, views
from jamstat.text import t
from jamstat.web import landing

language = ui.lang()
view = st.session_state["view"]
indicator, municipality, names = view["indicator"], view["municipality"], view["area_names"]
if not municipality:  # the first screen: what this is and which municipality; the national view follows
    landing.first_screen(view["areas"], names, language)

years = views.indicator_years(indicator)
if not years:
    st.info(t("no_data_indicator", language))
    st.stop()
year = ui.url_selectbox(
    t("year", language), sorted(years, reverse=True), key="year", param=state.KEY_YEAR, default=max(years),
    parse=lambda raw: state.parse_year(state.KEY_YEAR, raw, years))
ui.show_warnings()

try:
    drawn = views.compare(indicator, year, municipality, view["peers"], names, language)
except views.ViewError as error:
    st.info(str(error))
    st.stop()
ui.show_drawn(drawn, key="compare")
