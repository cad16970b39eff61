"""Över tid: one indicator, up to five areas, all years: women's and men's lines, the gap, and the gap vs peers."""

import streamlit as st

from jamstat import state, views
from jamstat.registry import ViewState
from jamstat.text import t
from jamstat.web import data, render, widgets

language = data.lang()
reader = render.view_data()  # what views read: this layer's cached queries and chart specs
view: ViewState = st.session_state["view"]
indicator, municipality, names, areas = view.indicator, view.municipality, view.area_names, view.areas

default_areas = views.default_areas(municipality, areas)
chosen = widgets.url_multiselect(
    t("areas", language), areas["area_id"], key="areas", param=state.KEY_AREAS, default=default_areas,
    parse=lambda raw: state.parse_codes(state.KEY_AREAS, raw, set(areas["area_id"])),
    format_func=lambda code: names[code], max_selections=state.MAX_AREAS,
    fallback_label=", ".join(names[c] for c in default_areas))
widgets.show_warnings()
if not chosen:
    st.info(t("no_areas", language))
    st.stop()

try:
    render.show_drawn(views.series(reader, indicator, chosen, names, language, municipality), key="series")
except views.ViewError as error:
    st.info(str(error))
    st.stop()
if views.only_sex(indicator):
    st.stop()  # no gap to draw; the series' note says why
render.show_drawn(views.gaps(reader, indicator, chosen, names, language, municipality), key="gaps", table=True)
if municipality:
    try:
        render.show_drawn(views.peer_trend(reader, indicator, municipality, view.peers, names, language), key="peer_trend")
    except views.ViewError as error:
        st.info(str(error))
