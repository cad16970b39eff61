"""Formatting, URL parsing and chart builders, without Streamlit."""

import math

import pandas as pd
import pytest

from jamstat import charts, state
from jamstat.text import STRINGS, format_gap, format_ratio, format_value, sex_label, t


def test_swedish_and_english_number_formats():
    assert format_value(12.34, "percent", "sv") == "12,3 %"
    assert format_value(12.34, "percent", "en") == "12.3%"
    assert format_value(245600, "sek", "sv") == "245\u202f600 kr"
    assert format_value(245600, "sek", "en") == "245,600 SEK"
    assert format_gap(-4.06, "percent", "sv") == "\u22124,1 procentenheter"
    assert format_gap(4.06, "percent", "en") == "+4.1 percentage points"
    assert format_ratio(1.0523, "sv") == "1,05"
    assert format_value(float("nan"), "percent", "sv") == "saknas"
    assert format_value(None, "days", "en") == "missing"


def test_every_string_has_swedish_and_english():
    for key, (sv, en) in STRINGS.items():
        assert sv.strip() and en.strip(), key
    assert t("page_compare", "sv") == "Jämför" and t("page_compare", "en") == "Compare"


def test_children_get_girls_and_boys():
    assert sex_label("women", "children", "sv") == "Flickor"
    assert sex_label("men", "children", "en") == "Boys"
    assert sex_label("women", "adults", "sv") == "Kvinnor"


@pytest.mark.parametrize("raw", ["", "9999", "0180;drop", "x" * 5000, ["0180", "9999"]])
def test_parse_choice_rejects_unknown(raw):
    with pytest.raises(state.InvalidParam):
        state.parse_choice("kommun", raw, {"0180", "1780"})


def test_parse_values():
    assert state.parse_choice("kommun", [" 1780 "], {"1780"}) == "1780"
    assert state.parse_year("ar", "2020", range(1998, 2023)) == 2020
    for bad in ("1850", "20201", "-2020", "２０２０", "2020.0"):
        with pytest.raises(state.InvalidParam):
            state.parse_year("ar", bad, range(1998, 2023))
    assert state.parse_codes("omraden", "1780,17,1780,0000", {"1780", "17", "0000"}) == ["1780", "17", "0000"]
    with pytest.raises(state.InvalidParam):
        state.parse_codes("omraden", "1780,../etc", {"1780"})


def _gap_rows():
    return pd.DataFrame({
        "area_id": ["1780", "0000", "17"], "area_name": ["Karlstad", "Riket", "Region Värmland"],
        "kind": ["municipality", "country", "region"], "year": [2022] * 3,
        "women": [76.5, 73.8, math.nan], "men": [74.7, 70.2, 71.0],
        "gap": [1.8, 3.6, math.nan], "ratio": [76.5 / 74.7, 73.8 / 70.2, math.nan],
        "is_chosen": [True, False, False], "is_region": [False, False, True], "is_country": [False, True, False],
        "is_peer_mean": [False, False, False],
    })


def test_dumbbell_spec_has_types_tooltips_colours_and_order():
    chart = charts.dumbbell_by_area(_gap_rows(), unit="percent", population="children", lang="sv",
                                    title="T", subtitle="S")
    spec = chart.to_dict()
    points = spec["layer"][2]
    assert points["encoding"]["x"]["type"] == "quantitative"
    assert points["encoding"]["color"]["scale"]["range"] == [charts.SEX_COLOURS["women"], charts.SEX_COLOURS["men"]]
    assert points["encoding"]["color"]["scale"]["domain"] == ["Flickor", "Pojkar"]
    # The order and the bold labels are in the data (so a data change keeps the spec): rows in the query's order.
    assert spec["layer"][0]["encoding"]["y"]["sort"] == {"field": "order", "op": "min"}
    rows = sorted(next(iter(spec["datasets"].values())), key=lambda row: row["order"])
    assert [row["axis_key"] for row in rows] == ["1|Karlstad", "1|Riket", "1|Region Värmland"]
    tooltip_fields = {tip["field"] for tip in spec["layer"][0]["encoding"]["tooltip"]}
    assert {"women_text", "men_text", "gap_text", "ratio_text"} <= tooltip_fields
    data = next(iter(spec["datasets"].values()))
    karlstad = next(row for row in data if row["area_id"] == "1780")
    assert karlstad["women_text"] == "76,5 %" and karlstad["gap_text"] == "+1,8 procentenheter"
    region = next(row for row in data if row["area_id"] == "17")
    assert region["women"] is None and region["women_text"] == "saknas"


def test_lines_break_at_missing_years():
    series = pd.DataFrame({"area_id": ["1780"] * 4, "area_name": ["Karlstad"] * 4, "year": [2020, 2020, 2021, 2021],
                           "sex": ["women", "men", "women", "men"], "value": [1.0, 2.0, math.nan, 2.5],
                           "status": [None] * 4})
    spec = charts.lines_by_sex(series, unit="days", population="adults", lang="en", title="T").to_dict()
    lines = spec["spec"]["layer"][0]
    assert lines["mark"]["invalid"] == "break-paths-show-domains"
    assert lines["encoding"]["x"]["type"] == "ordinal"
    data = next(iter(spec["datasets"].values()))
    assert any(row["value"] is None and row["sex"] == "women" for row in data)  # null, not zero


def test_gap_chart_has_zero_line():
    gaps = _gap_rows().assign(year=[2020, 2021, 2022])
    spec = charts.gap_over_time(gaps, unit="percent", population="adults", lang="en", title="T").to_dict()
    assert spec["layer"][0]["mark"]["type"] == "rule"
    assert "percentage points" in spec["layer"][1]["encoding"]["y"]["title"]


def test_presentable_scales_type_and_lines_but_not_data():
    chart = charts.dumbbell_by_area(_gap_rows(), unit="percent", population="adults", lang="sv", title="T")
    normal, big = chart.to_dict(), charts.presentable(chart)
    assert big["title"]["fontSize"] == pytest.approx(normal["title"]["fontSize"] * charts.PRESENTER_SCALE)
    assert big["layer"][2]["mark"]["size"] > normal["layer"][2]["mark"]["size"]
    assert big["datasets"] == normal["datasets"]
    assert big["config"]["axis"]["labelFontSize"] >= 18


def _shipped(spec: dict) -> tuple[dict, list[list[dict]]]:
    """A spec with its datasets renamed by first mention and decoded (Arrow bytes or records) to sorted rows."""
    import json

    import pyarrow as pa
    text = json.dumps({k: v for k, v in spec.items() if k != "datasets"}, sort_keys=True)
    names = sorted(spec["datasets"], key=lambda name: text.find(json.dumps(name)))
    for number, name in enumerate(names):
        text = text.replace(json.dumps(name), json.dumps(f"dataset-{number}"))

    def rows(values):
        values = pa.ipc.open_stream(values).read_all().to_pylist() if isinstance(values, bytes) else values
        return [{k: None if isinstance(v, float) and math.isnan(v) else v for k, v in sorted(row.items())}
                for row in values]
    return json.loads(text), [rows(spec["datasets"][name]) for name in names]


@pytest.mark.parametrize("builder", ["dumbbell_by_area", "gap_over_time", "choropleth"])
def test_page_specs_ship_what_altair_would(builder):
    # render.chart_spec hands frames to Streamlit as Arrow instead of letting Altair convert them (charts.detach_data):
    # the spec and the data the browser gets must be the same as Altair's own conversion.
    from jamstat.web import render
    rows = _gap_rows().assign(year=[2020, 2021, 2022])
    options = {"unit": "percent", "population": "adults", "lang": "sv", "title": "T"}
    if builder == "choropleth":
        options |= {"geojson": None, "measure": "gap", "chosen_id": "1780"}
    altair_way = charts.spec_of(getattr(charts, builder)(rows, **options))
    page_way = render._chart_spec(builder, render.frame_digest(rows), options, False, rows)
    assert all(isinstance(values, bytes) for values in page_way["datasets"].values())
    assert _shipped(page_way) == _shipped(altair_way)
    _, data = _shipped(page_way)
    assert any(row.get("women") is None for rows_ in data for row in rows_)  # the region's missing value: null


def _builder_specs(lang: str) -> dict[str, dict]:
    rows = _gap_rows().assign(year=[2020, 2021, 2022])
    series = pd.DataFrame({"area_id": ["1780"] * 2, "area_name": ["Karlstad"] * 2, "year": [2020, 2020],
                           "sex": ["women", "men"], "value": [1.0, 2.0]})
    index = pd.DataFrame({"theme": ["care"], "theme_score": [80.0], "n_indicators": [3], "n_core": [3],
                          "n_older": [0]})
    options = {"unit": "percent", "population": "adults", "lang": lang, "title": "T"}
    return {
        "dumbbell_by_area": charts.dumbbell_by_area(rows, **options).to_dict(),
        "lines_by_sex": charts.lines_by_sex(series, **options).to_dict(),
        "gap_over_time": charts.gap_over_time(rows, **options).to_dict(),
        "choropleth": charts.choropleth(rows, None, measure="gap", **options).to_dict(),
        "theme_scores": charts.theme_scores(index, lang=lang, title="T").to_dict(),
    }


def test_swedish_charts_carry_the_swedish_number_locale_and_english_ones_do_not():
    for builder, spec in _builder_specs("sv").items():
        number = spec["config"]["locale"]["number"]
        assert (number["decimal"], number["thousands"], number["minus"]) == (",", "\u202f", "\u2212"), builder
        assert format_value(1234.5, "days", "sv").startswith("1\u202f234,5")  # the same characters as the text
        assert spec["config"]["locale"]["time"]["months"][0] == "januari"
    for builder, spec in _builder_specs("en").items():
        assert "locale" not in spec.get("config", {}), builder  # Vega's own en-US: 1,234.5


def test_presentable_keeps_the_locale():
    spec = charts.presentable(charts.gap_over_time(_gap_rows().assign(year=[2020, 2021, 2022]), unit="percent",
                                                   population="adults", lang="sv", title="T"))
    assert spec["config"]["locale"] == charts.LOCALES["sv"]


def test_counts_and_year_spans_read_right_in_both_languages():
    from jamstat.text import counted, years_caption
    assert counted(1, "indicator", "sv") == "1 indikator" and counted(2, "indicator", "sv") == "2 indikatorer"
    assert counted(1, "warning", "sv") == "1 varning" and counted(3, "warning", "en") == "3 warnings"
    assert counted(1, "row", "en") == "1 row" and counted(1234, "row", "sv") == "1\u202f234 rader"
    assert counted(0, "area", "sv") == "0 områden" and counted(1, "area", "en") == "1 area"
    assert years_caption(2023, 2023, "sv") == "År 2023" and years_caption(2023, 2023, "en") == "Year 2023"
    assert years_caption(2019, 2023, "sv") == "År 2019–2023"
