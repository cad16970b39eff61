"""Jämför: one indicator, one year, many areas as a dumbbell of women's and men's values sorted by the gap."""

import streamlit as st

from jamstat import charts, state, ui
from jamstat.text import t

language = ui.lang()
view = st.session_state["view"]
indicator, municipality, names = view["indicator"], view["municipality"], view["area_names"]
words = ui.sex_words(indicator["population"], language)
title = ui.indicator_title(indicator, language)

years = ui.query("indicator_years", indicator_id=indicator["indicator_id"])["year"].tolist()
if not years:
    st.info(t("no_data_indicator", language))
    st.stop()

left, right = st.columns([1, 2])
year = ui.url_selectbox(
    t("year", language), sorted(years, reverse=True), key="year", param=state.KEY_YEAR, default=max(years),
    parse=lambda raw: state.parse_year(state.KEY_YEAR, raw, years), container=left)
scopes = ["all", "region", "group"] if municipality else ["all"]
scope = ui.url_selectbox(
    t("scope", language), scopes, key="scope", param=state.KEY_SCOPE,
    # With a municipality chosen, its county is the readable default; all 290 make a very tall chart.
    default="region" if municipality else "all",
    parse=lambda raw: state.parse_choice(state.KEY_SCOPE, raw, state.SCOPES),
    format_func=lambda code: t(f"scope_{code}", language), container=right)

ui.show_warnings()

rows = ui.query("gap_by_area", indicator_id=indicator["indicator_id"], year=int(year),
                municipality_id=municipality, scope=scope)
shown = rows.dropna(subset=["women", "men"], how="all")
if shown.empty:
    st.info(t("no_data_year", language, indicator=title, year=year))
    st.stop()

shown = shown.assign(area_name=shown["area_id"].map(names))
marked = ", ".join(shown.loc[shown["is_chosen"] | shown["is_region"] | shown["is_country"], "area_name"])
chart = charts.dumbbell_by_area(
    shown, unit=indicator["unit"], population=indicator["population"], lang=language,
    title=t("compare_title", language, indicator=title, year=year, **words),
    subtitle=t("compare_subtitle", language, marked=marked, **words))
st.altair_chart(chart, width="stretch", key="compare_chart",
                alt=t("chart_alt_sentence", language, title=chart.title.text))
st.caption(ui.source_caption(indicator, t("year_caption", language, year=year), language) + " "
           + t("gap_definition", language, pp=t("pp_note", language) if indicator["unit"] == "percent" else "",
               **words))
missing = rows[rows["women"].isna() | rows["men"].isna()]
if not missing.empty:
    st.caption(t("missing_areas", language, n=len(missing), names=", ".join(missing["area_name"].head(20))))
ui.download_csv(rows, indicator, f"jamfor_{indicator['indicator_id']}_{year}", key="download_compare")
with st.expander(t("chart_alt", language)):
    st.dataframe(ui.table_for_screen(rows, indicator, language), hide_index=True)
