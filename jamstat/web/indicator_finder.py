"""Sidebar glue: search indicators across all themes, and Kolada's description of the chosen one on demand."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from jamstat import search
from jamstat.text import markdown_literal, t, theme_label, unit_label

SEARCH_KEY = "indicator_search"
MAX_HITS = 8


def _choose(indicator_id: str, theme: str) -> None:
    # A callback runs before the script, so the theme and indicator selectboxes are drawn with the hit.
    st.session_state["theme"] = theme
    st.session_state["indicator"] = indicator_id
    st.session_state[SEARCH_KEY] = ""


def search_box(indicators: pd.DataFrame, language: str) -> None:
    """A text box over all themes; each hit is a button that sets the sidebar's theme and indicator."""
    query = st.text_input(t("search_label", language), key=SEARCH_KEY, placeholder=t("search_placeholder", language))
    if not query.strip():
        return
    hits = search.search(indicators, query, language, limit=MAX_HITS)
    if not hits:
        st.caption(t("search_none", language, query=markdown_literal(query)))
        return
    st.caption(t("search_hits", language, n=len(hits)))
    by_id = indicators.set_index("indicator_id")
    title_column = "title_en" if language == "en" else "title_sv"
    for hit in hits:
        row = by_id.loc[hit.indicator_id]
        st.button(markdown_literal(row[title_column]), key=f"search_hit_{hit.indicator_id}", type="tertiary",
                  help=t("search_hit_help", language, theme=theme_label(hit.theme, language), kpi=row["source_id"]),
                  on_click=_choose, args=(hit.indicator_id, hit.theme))


def about_indicator(indicator: dict, language: str) -> None:
    """'Om indikatorn': Kolada's description, the KPI, unit and theme, folded until asked for."""
    with st.expander(t("about_indicator", language)):
        st.caption(t("about_indicator_facts", language, kpi=markdown_literal(indicator["source_id"]),
                     unit=unit_label(indicator["unit"], language), theme=theme_label(indicator["theme"], language)))
        description = indicator.get("description_sv")
        if isinstance(description, str) and description.strip():
            st.markdown(t("about_indicator_kolada", language))
            # A pair of KPIs (women's, men's) has both descriptions, joined by " | ".
            for part in description.split(" | "):
                st.markdown(markdown_literal(part.strip()))
        else:
            st.caption(t("about_indicator_none", language))
