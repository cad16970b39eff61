"""Each page through Streamlit's own test harness: defaults, widgets, URL state and bad links."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import APP, chart_data, chart_specs, chart_titles

TIMEOUT = 60


def run_app(params: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at) -> str:
    return " ".join(str(e.value) for kind in ("warning", "error", "info", "caption") for e in at.get(kind))


# Jämför ---------------------------------------------------------------------------------------------

def test_compare_default_view_is_national_dumbbell():
    at = run_app()
    data = chart_data(at)
    assert len(data) == 292  # 290 municipalities + Riket + peer mean; no region without a municipality
    assert data["highlight"].sum() == 2  # Riket and the mean of all municipalities
    assert "per område" in chart_titles(at)[0]
    assert "Källa: Kolada (RKA), egen bearbetning" in texts(at)
    assert at.query_params["indikator"] and at.query_params["ar"]
    assert at.get("download_button")


def test_compare_widgets_change_the_chart():
    at = run_app({"indikator": "N15428"})
    before = chart_data(at)
    at.sidebar.selectbox(key="municipality").set_value("1780").run()
    assert at.query_params["kommun"] == "1780"
    with_municipality = chart_data(at)
    assert with_municipality["highlight"].sum() == 4  # Karlstad, Region Värmland, Riket, peer mean
    assert len(with_municipality) == 19  # Värmland's 16 municipalities, the region, Riket, peer mean
    at.sidebar.selectbox(key="peer_kind").set_value("all").run()
    assert len(chart_data(at)) == 293 and at.query_params["jmf"] == "all"  # + Region Värmland
    at.sidebar.selectbox(key="peer_kind").set_value("region").run()
    in_region = chart_data(at)
    assert len(in_region) == 19 and at.query_params["jmf"] == "region"
    year_before = in_region["women"].tolist()
    at.selectbox(key="year").set_value(2018).run()
    assert chart_data(at)["women"].tolist() != year_before and at.query_params["ar"] == "2018"
    at.sidebar.selectbox(key="theme").set_value("employer").run()
    assert at.query_params["indikator"] == "N00090"
    assert "Sjukfrånvaro" in chart_titles(at)[0]
    sick_leave = chart_data(at)["women"].tolist()
    at.sidebar.selectbox(key="indicator").set_value("N00206").run()
    assert chart_data(at)["women"].tolist() != sick_leave
    assert len(before) == 292
    at.sidebar.selectbox(key="lang").set_value("en").run()
    assert "by area" in chart_titles(at)[0]
    assert "Source: Kolada (RKA), own processing" in texts(at)


def test_children_indicator_says_girls_and_boys():
    at = run_app({"indikator": "N15419", "lang": "sv"})
    assert "flickor och pojkar" in chart_titles(at)[0]
    legend_labels = set(chart_data(at).columns)
    assert {"women_text", "men_text"} <= legend_labels


def test_url_restores_compare_view():
    at = run_app({"kommun": "1883", "indikator": "N15428", "ar": "2020", "jmf": "group"})
    assert at.sidebar.selectbox(key="municipality").value == "1883"
    assert at.sidebar.selectbox(key="indicator").value == "N15428"
    assert at.sidebar.selectbox(key="theme").value == "education"
    assert at.selectbox(key="year").value == 2020
    assert at.sidebar.selectbox(key="peer_kind").value == "group"
    data = chart_data(at).set_index("area_id")
    assert data.loc["1883", "is_chosen"] and data.loc["18", "is_region"]
    assert not at.warning


@pytest.mark.parametrize(("key", "value"), [
    ("kommun", "9999"),
    ("indikator", "N99999"),
    ("ar", "1850"),
    ("ar", "twenty"),
    ("jmf", "everything"),
    ("kommun", "0180' OR 1=1; --"),
    ("indikator", "x" * 10_000),
    ("lang", "fr"),
])
def test_bad_url_parameter_gives_a_friendly_warning(key, value):
    # The peer-group key only matters once a municipality is chosen.
    base = {"indikator": "N15419", "kommun": "1780"} if key == "jmf" else {"indikator": "N15419"}
    at = run_app({**base, key: value} if key != "indikator" else {key: value})
    assert at.warning, f"no warning for {key}={value[:30]}"
    assert key in " ".join(w.value for w in at.warning)
    assert at.get("vega_lite_chart"), "the default view should still be drawn"


# Över tid -------------------------------------------------------------------------------------------

def test_over_time_default_and_missing_years_are_gaps():
    at = run_app({"kommun": "2506", "indikator": "N15419"}, page="app_pages/over_time.py")
    series, gaps = chart_data(at, 0), chart_data(at, 1)
    assert set(series["area_id"]) == {"2506", "25", "0000"}
    boys_2022 = series[(series["area_id"] == "2506") & (series["year"] == 2022) & (series["sex"] == "men")]
    assert boys_2022["value"].isna().all()  # suppressed: a gap in the line, not a zero
    spec = chart_specs(at)[0]
    assert spec["spec"]["layer"][0]["mark"]["invalid"] == "break-paths-show-domains"
    assert gaps[(gaps["area_id"] == "2506") & (gaps["year"] == 2022)]["gap"].isna().all()


def test_over_time_area_widget_changes_data_and_url():
    at = run_app({"indikator": "N00090"}, page="app_pages/over_time.py")
    assert set(chart_data(at, 0)["area_id"]) == {"0000"}
    at.multiselect(key="areas").set_value(["0000", "1780", "0180"]).run()
    assert set(chart_data(at, 0)["area_id"]) == {"0000", "1780", "0180"}
    assert at.query_params["omraden"] == "0000,1780,0180"


def test_url_restores_over_time_view():
    at = run_app({"indikator": "N00942-N00943", "omraden": "1780,0180"}, page="app_pages/over_time.py")
    assert at.multiselect(key="areas").value == ["1780", "0180"]
    series = chart_data(at, 0)
    assert series["area_id"].unique().tolist() == ["1780", "0180"]  # the order chosen in the link


def test_over_time_bad_areas_warns():
    at = run_app({"omraden": "1780,../../etc"}, page="app_pages/over_time.py")
    assert any("omraden" in w.value for w in at.warning)
    assert at.get("vega_lite_chart")


def test_missing_store_gives_a_message_not_a_traceback(tmp_path, monkeypatch):
    import streamlit as st

    from jamstat import settings
    monkeypatch.setattr(settings, "DATA_DIR", tmp_path)
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
        assert not at.exception
        assert any("python -m jamstat snapshot" in e.value for e in at.error)
        assert not at.get("vega_lite_chart")
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()


def test_a_women_only_indicator_says_why_it_has_no_gap():
    """N07402 (reported crimes against women) has women's values only: Jämför and Över tid draw them, count as
    missing only areas without them, and say that no gap can be computed instead of drawing empty gap charts."""
    compare = run_app({"kommun": "1780", "indikator": "N07402"}, page="app_pages/compare.py")
    assert "bara för kvinnor" in texts(compare)
    assert "Karlstad" not in " ".join(c.value for c in compare.caption if "saknas" in c.value)
    assert chart_data(compare).set_index("area_id").loc["1780", "women"] == pytest.approx(13.47625)
    over_time = run_app({"kommun": "1780", "indikator": "N07402"}, page="app_pages/over_time.py")
    assert len(over_time.get("vega_lite_chart")) == 1 and "bara för kvinnor" in texts(over_time)


# Links between pages ---------------------------------------------------------------------------------

def test_overview_row_opens_over_time_for_the_same_municipality_peers_and_year():
    """Regression: a row's link opened Över tid with no municipality, the peer group lost and only Riket."""
    at = run_app({"kommun": "1780", "jmf": "group", "indikator": "N15428"}, page="app_pages/overview.py")
    at.selectbox(key="overview_year").set_value(2020).run()
    chosen = at.dataframe[0].value.iloc[0]  # the first row of the open theme (Utbildning, from the indicator)
    at.session_state["profile_education"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="areas").value == ["1780", "17", "0000"]  # Över tid's own default areas
    assert at.sidebar.selectbox(key="municipality").value == "1780"
    assert at.sidebar.selectbox(key="peer_kind").value == "group"
    assert at.sidebar.selectbox(key="theme").value == "education"
    params = at.query_params
    assert params["kommun"] == "1780" and params["jmf"] == "group" and params["ar"] == "2020"
    assert params["omraden"] == "1780,17,0000"
    indicator = at.sidebar.selectbox(key="indicator")
    assert params["indikator"] == indicator.value and indicator.format_func(indicator.value) in chosen.iloc[0]
    assert set(chart_data(at, 0)["area_id"]) == {"1780", "17", "0000"}


def test_every_page_file_is_in_the_navigation_and_there_is_no_pages_folder():
    """st.navigation, built from the page registry, is the only list of pages (tests/test_registry.py checks what it
    shows). A folder named pages/ beside app.py would make Streamlit run a fresh server's first session in its old
    folder-based mode ("Page not found" over a deep link)."""
    from jamstat import registry
    from jamstat.settings import PROJECT_DIR
    assert not (PROJECT_DIR / "pages").exists()
    assert "registry.PAGES" in (PROJECT_DIR / "app.py").read_text(encoding="utf-8")
    listed = {spec.page_file for spec in registry.PAGES}
    for path in sorted((PROJECT_DIR / "app_pages").glob("*.py")):
        assert f"app_pages/{path.name}" in listed, path.name


def test_compare_spec_stays_the_same_when_only_the_data_change():
    """Another year, municipality or peer group changes only the chart's data (title above the chart, order and
    bold labels in the data), so the browser swaps the data in place instead of building a new Vega view."""
    at = run_app({"kommun": "1780", "indikator": "N00906"})
    spec, alt, data = at.get("vega_lite_chart")[0].proto.spec, at.get("vega_lite_chart")[0].proto.alt, chart_data(at)
    title = chart_titles(at)[0]
    for key, value in (("year", 2015), ("municipality", "1784"), ("peer_kind", "all")):
        (at.selectbox(key=key) if key == "year" else at.sidebar.selectbox(key=key)).set_value(value).run()
        chart = at.get("vega_lite_chart")[0]
        assert chart.proto.spec == spec and chart.proto.alt == alt, key
        assert not chart_data(at).equals(data) and chart_titles(at)[0] != title, key
        data, title = chart_data(at), chart_titles(at)[0]
    assert "2015" in title and "kommuner" in title


def test_over_time_and_map_specs_stay_the_same_when_only_the_data_change():
    """Över tid's small multiples (panel order and each panel's style in the data) and Karta (the chosen
    municipality's outline from a field) keep their spec for another municipality or set of areas."""
    at = run_app({"kommun": "1780", "indikator": "N00906"}, page="app_pages/over_time.py")
    spec, data = at.get("vega_lite_chart")[0].proto.spec, chart_data(at)
    changes = [lambda: at.multiselect(key="areas").select("1781").run(),
               lambda: at.sidebar.selectbox(key="municipality").set_value("1784").run()]
    for change in changes:
        change()
        assert not at.exception, [e.value for e in at.exception]
        assert at.get("vega_lite_chart")[0].proto.spec == spec
        assert not chart_data(at).equals(data)
        data = chart_data(at)
    # The areas the user chose stay; Karlstad is no longer drawn as the chosen municipality.
    assert set(data["area_id"]) == {"1780", "1781", "17", "0000"}
    assert set(data.loc[data["area_id"] == "1780", "style"]) == {"other0"}

    at = run_app({"kommun": "1780", "indikator": "N00906"}, page="app_pages/map.py")
    spec, data = at.get("vega_lite_chart")[0].proto.spec, chart_data(at)
    at.sidebar.selectbox(key="municipality").set_value("1784").run()
    assert at.get("vega_lite_chart")[0].proto.spec == spec
    before = chart_data(at)
    at.selectbox(key="map_year").set_value(2012).run()  # one colour scale for every year (queries/map_extent.sql)
    assert at.get("vega_lite_chart")[0].proto.spec == spec
    assert not chart_data(at)["women"].equals(before["women"])
    assert any("År 2012" in c.value for c in at.caption)
    assert chart_data(at).loc[chart_data(at)["is_chosen"], "area_id"].tolist() == ["1784"]
    assert data.loc[data["is_chosen"], "area_id"].tolist() == ["1780"]
