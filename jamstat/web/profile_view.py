"""Översikt's profile table laid out to be read: the sentence second and wrapped, every row shown, names whole."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from jamstat.text import t

# Rows tall enough for five wrapped lines (the longest sentences): Streamlit's grid wraps text only in rows
# taller than 4rem. Not pinned: a pinned column is drawn in faded grey and fills a phone's width.
ROW_HEIGHT = 112
INDICATOR_WIDTH = 220
SENTENCE_WIDTH = 520


def readable(table: pd.DataFrame, language: str) -> pd.DataFrame:
    """The table with the plain-language sentence as the second column, without the indicator's title it opens
    with (the first column shows it); the other columns follow unchanged."""
    indicator, sentence = t("indicator", language), t("profile_narrative", language)
    shown = table.copy()
    shown[sentence] = [_capitalised(text.removeprefix(f"{title}: "))
                       for title, text in zip(shown[indicator], shown[sentence], strict=True)]
    rest = [column for column in shown.columns if column not in (indicator, sentence)]
    return shown[[indicator, sentence, *rest]]


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def show(table: pd.DataFrame, language: str, key: str):
    """The profile table, every row reachable without scrolling inside it; one row can be chosen."""
    indicator, sentence = t("indicator", language), t("profile_narrative", language)
    return st.dataframe(
        readable(table, language), hide_index=True, width="stretch", height="content", row_height=ROW_HEIGHT,
        key=key, on_select="rerun", selection_mode="single-row",
        column_config={indicator: st.column_config.TextColumn(width=INDICATOR_WIDTH),
                       sentence: st.column_config.TextColumn(width=SENTENCE_WIDTH)})
