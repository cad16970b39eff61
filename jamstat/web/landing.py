"""The first screen, shown while no municipality is chosen: what this is, a municipality picker, where to start."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from jamstat.text import t

PICKER_KEY = "landing_municipality"


def _choose() -> None:
    # A callback runs before the script, so the sidebar's municipality (and the URL's kommun) take the choice.
    chosen = st.session_state.get(PICKER_KEY)
    if chosen:
        st.session_state["municipality"] = chosen


def first_screen(areas: pd.DataFrame, names: dict[str, str], language: str) -> None:
    """One sentence on what this is, a searchable municipality selectbox that sets the sidebar's, and three steps."""
    municipalities = areas[areas["kind"] == "municipality"].sort_values("area_name")["area_id"].tolist()
    municipalities += areas[areas["kind"] == "region"].sort_values("area_name")["area_id"].tolist()  # or a region
    st.title(t("landing_title", language))  # the Swedish title has a soft hyphen for phones
    st.markdown(t("landing_lead", language))
    st.selectbox(t("landing_choose", language), municipalities, index=None, key=PICKER_KEY,
                 placeholder=t("landing_placeholder", language), format_func=lambda code: f"{names[code]} ({code})",
                 on_change=_choose)
    with st.container(border=True):
        st.markdown(t("landing_steps", language))
