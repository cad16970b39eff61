"""Om data: sources, vintage, definitions of gap and ratio, missing values, the index method, the catalogue."""

import streamlit as st

from jamstat import owndata, settings, tables, views
from jamstat.narrative import rule_parameters
from jamstat.text import counted, t
from jamstat.web import auth, data, refresh

language = data.lang()
indicators = data.query("indicators")
own = indicators[indicators["source"] == owndata.SOURCE]
indicators = indicators[indicators["source"] != owndata.SOURCE]

st.header(t("about_title", language))
st.markdown(t("about_sources", language, vintage=settings.SNAPSHOT_VINTAGE))
st.caption(data.data_version(language, ""))
if auth.can_edit():  # the in-app update is for editors (everyone without sign-in)
    st.markdown(t("refresh_title", language))
    st.markdown(t("refresh_intro", language))
    refresh.panel(language)
if auth.sign_in_enabled():
    st.markdown(t("about_access_sign_in", language, role=t(f"auth_role_{auth.current_role()}", language)))
else:
    st.markdown(t("about_access_open", language))
st.markdown(t("about_definitions", language))
st.markdown(t("about_missing", language))
st.markdown(t("about_words", language, **rule_parameters(language)))
st.markdown(t("about_index", language, **views.index_limits(language)))
st.markdown(t("about_themes", language))
st.markdown(tables.theme_list(indicators, language))
st.markdown(t("about_own", language, n=len(own), indicators=counted(len(own), "own_indicator", language)))
st.markdown(t("about_regions", language, n=len(data.query("indicators_of_kind", area_kind="region"))))
st.markdown(t("about_catalogue", language, n=len(indicators)))
st.dataframe(tables.catalogue_table(indicators, language), hide_index=True, width="stretch")
rules = data.query("index_rules")
st.markdown(t("about_index_rules", language, n=len(rules)))
st.dataframe(tables.index_rules_table(rules, language), hide_index=True, width="stretch")
