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

year = ui.url_selectbox(
    t("year", language), sorted(years, reverse=True), key="year", param=state.KEY_YEAR, default=max(years),
    parse=lambda raw: state.parse_year(state.KEY_YEAR, raw, years))
ui.show_warnings()

rows = ui.query("gap_by_area", indicator_id=indicator["indicator_id"], year=int(year),
                municipality_id=municipality, peer_ids=view["peers"].ids)
rows = rows.assign(area_name=rows["area_id"].map(names))
shown = rows.dropna(subset=["women", "men"], how="all")
if shown.empty:
    st.info(t("no_data_year", language, indicator=title, year=year))
    st.stop()

marked = ", ".join(shown.loc[shown["is_chosen"] | shown["is_region"] | shown["is_country"]
                             | shown["is_peer_mean"], "area_name"])
chart = charts.dumbbell_by_area(
    shown, unit=indicator["unit"], population=indicator["population"], lang=language,
    title=t("compare_title", language, indicator=title, year=year, **words),
    subtitle=t("compare_subtitle", language, marked=marked, peers=view["peers"].label, **words))
st.altair_chart(chart, width="stretch", key="compare_chart",
                alt=t("chart_alt_sentence", language, title=chart.title.text))
st.caption(ui.source_caption(indicator, t("year_caption", language, year=year), language) + " "
           + t("gap_definition", language, pp=t("pp_note", language) if indicator["unit"] == "percent" else "",
               **words))
st.caption(t("peer_mean_note", language))
missing = rows[rows["women"].isna() | rows["men"].isna()]
if not missing.empty:
    st.caption(t("missing_areas", language, n=len(missing), names=", ".join(missing["area_name"].head(20))))
ui.download_csv(rows, indicator, f"jamfor_{indicator['indicator_id']}_{year}", key="download_compare")
with st.expander(t("chart_alt", language)):
    st.dataframe(ui.table_for_screen(rows, indicator, language), hide_index=True)
