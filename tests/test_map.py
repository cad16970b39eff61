"""Karta: the committed boundaries, their build, the map query, the choropleth spec and the page."""

import json
import math
from itertools import pairwise

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from jamstat import charts
from jamstat.settings import PROJECT_DIR
from jamstat.sources.boundaries import SOURCE_DIR, SOURCE_FILE, build_boundaries
from tests.conftest import APP, chart_data, chart_specs, chart_titles, map_geometry

BOUNDARIES = PROJECT_DIR / "data" / "snapshot" / "municipalities.geojson"
TIMEOUT = 60


@pytest.fixture(scope="module")
def geojson() -> dict:
    return json.loads(BOUNDARIES.read_text(encoding="utf-8"))


def _polygons(feature: dict) -> list:
    geometry = feature["geometry"]
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


# Boundaries --------------------------------------------------------------------------------------

def test_every_municipality_has_exactly_one_boundary(geojson, store):
    areas = store.run("areas")
    municipalities = areas[areas["kind"] == "municipality"].set_index("area_id")
    properties = pd.DataFrame([f["properties"] for f in geojson["features"]]).set_index("area_id")
    assert len(municipalities) == 290 and len(properties) == 290
    assert properties.index.is_unique
    assert set(properties.index) == set(municipalities.index)  # 290/290 both ways
    assert set(properties.columns) == {"name", "region_id"}
    joined = properties.join(municipalities, rsuffix="_store")
    assert (joined["name"] == joined["area_name"]).all()
    assert (joined["region_id"] == joined["region_id_store"]).all()
    assert "okfse/sweden-geojson" in geojson["source"]


def test_boundaries_are_small_rounded_and_wound_for_d3(geojson):
    assert BOUNDARIES.stat().st_size < 400_000
    for feature in geojson["features"]:
        for polygon in _polygons(feature):
            for index, ring in enumerate(polygon):
                assert len(ring) >= 4 and ring[0] == ring[-1]
                assert all(a != b for a, b in pairwise(ring)), "repeated consecutive point"
                assert all(round(x, 3) == x and round(y, 3) == y for x, y in ring)
                area = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring))
                # d3-geo (Vega) reads a counter-clockwise exterior as the rest of the globe.
                assert (area < 0) == (index == 0), feature["properties"]["area_id"]
                assert all(10.5 < x < 24.5 and 55 < y < 69.5 for x, y in ring)


def test_boundaries_build_is_reproducible(tmp_path):
    if not (SOURCE_DIR / SOURCE_FILE).exists():
        pytest.skip(f"raw GeoJSON not present at {SOURCE_DIR}")
    summary = build_boundaries(SOURCE_DIR, tmp_path)
    assert summary["n_features"] == 290
    built = (tmp_path / "municipalities.geojson").read_bytes()
    assert built == BOUNDARIES.read_bytes(), "rebuild with: python -m jamstat boundaries"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_boundaries_command_reports_a_missing_source(tmp_path, capsys):
    from jamstat.__main__ import main
    assert main(["boundaries", "--source", str(tmp_path)]) == 1
    assert "not found" in capsys.readouterr().err


# Query ---------------------------------------------------------------------------------------------

def test_map_values_query(store):
    everywhere = store.run("map_values", indicator_id="N15428", year=2022, region_id=None, municipality_id="1780")
    assert len(everywhere) == 290 and everywhere["area_id"].is_unique
    assert everywhere["is_chosen"].sum() == 1
    assert everywhere.set_index("area_id").loc["1780", "area_name"] == "Karlstad"
    compare = store.run("gap_by_area", indicator_id="N15428", year=2022, municipality_id="1780", peer_ids=[])
    expected = compare[compare["kind"] == "municipality"].set_index("area_id")["gap"]
    pd.testing.assert_series_equal(everywhere.set_index("area_id")["gap"].sort_index(), expected.sort_index())
    county = store.run("map_values", indicator_id="N15428", year=2022, region_id="17", municipality_id=None)
    assert len(county) == 16 and set(county["region_id"]) == {"17"} and not county["is_chosen"].any()
    nothing = store.run("map_values", indicator_id="NOPE", year=2022, region_id=None, municipality_id=None)
    assert len(nothing) == 290 and nothing["women"].isna().all()  # missing stays missing, not zero


# Chart ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("indicator", "county", "home"), [("N15428", None, "1780"), ("N00942-N00943", "17", None),
                                                          ("N60077", None, "17"), ("N00906", "01", "1780")])
def test_map_extent_is_the_range_of_every_years_map(store, indicator, county, home):
    years = [store.run("map_values", indicator_id=indicator, year=year, region_id=county, municipality_id=home)
             for year in range(1998, 2023)]
    every = pd.concat(years)
    every["share"] = 100 * every["women"] / (every["women"] + every["men"])
    extent = store.run("map_extent", indicator_id=indicator, region_id=county, municipality_id=home).iloc[0]
    values = pd.concat([every["women"], every["men"]]).dropna()
    assert extent["value_low"] == pytest.approx(values.min()) and extent["value_high"] == pytest.approx(values.max())
    assert extent["gap_low"] == pytest.approx(every["gap"].min()) and extent["gap_high"] == pytest.approx(every["gap"].max())
    assert extent["share_high"] == pytest.approx(every["share"].max())
    with_values = every.dropna(subset=["women", "men"], how="all")["year"]
    assert (extent["first_year"], extent["last_year"]) == (with_values.min(), with_values.max())


def test_map_extent_of_an_unknown_indicator_is_all_null(store):
    extent = store.run("map_extent", indicator_id="NOPE", region_id=None, municipality_id=None)
    assert len(extent) == 1 and extent.iloc[0].isna().all()


def _rows(store) -> pd.DataFrame:
    rows = store.run("map_values", indicator_id="N15428", year=2022, region_id=None, municipality_id="1780")
    missing = rows["area_id"] == "0114"
    rows.loc[missing, ["women", "gap", "ratio"]] = math.nan
    return rows


def _lookup_rows(spec: dict) -> list[dict]:
    name = spec["layer"][0]["transform"][0]["from"]["data"]["name"]
    return spec["datasets"][name]


def test_choropleth_gap_is_diverging_around_zero_with_missing_grey_and_outline(store, geojson):
    chart = charts.choropleth(_rows(store), geojson, measure="gap", unit="percent", population="children",
                              lang="sv", title="T", chosen_id="1780")
    spec = chart.to_dict()
    valued, missing, outline = spec["layer"]
    scale = valued["encoding"]["color"]["scale"]
    low, middle, high = scale["domain"]  # both signs occur: white exactly at 0, symmetric around it
    assert middle == 0 and low == -high and high == pytest.approx(_rows(store)["gap"].abs().max())
    assert scale["range"] == [charts.SEX_COLOURS["men"], "#FFFFFF", charts.SEX_COLOURS["women"]]
    assert valued["encoding"]["color"]["type"] == "quantitative"
    assert spec["projection"]["type"] == "transverseMercator"
    assert spec["height"] >= 600
    assert len(spec["data"]["values"]) == 290
    assert valued["transform"][0]["lookup"] == "properties.area_id"
    rows = {row["area_id"]: row for row in _lookup_rows(spec)}
    assert rows["0114"]["value"] is None and rows["0114"]["gap_text"] == "saknas"  # null, never 0
    assert rows["1780"]["value"] == pytest.approx(rows["1780"]["gap"])
    assert "+" in rows["1780"]["gap_text"] or "\u2212" in rows["1780"]["gap_text"]
    assert missing["transform"][1] == {"filter": "!isValid(datum.value)"}
    assert missing["encoding"]["color"]["scale"]["range"] == [charts.MISSING_GREY]
    assert outline["mark"]["filled"] is False and outline["mark"]["stroke"] == charts.ROLE_COLOURS["municipality"]
    assert outline["mark"]["strokeWidth"] >= 2
    assert outline["transform"][-1]["filter"] == "datum.is_chosen === true"  # a field: the spec stays the same
    assert [area for area, row in rows.items() if row["is_chosen"]] == ["1780"]
    tooltip = {tip["field"] for tip in valued["encoding"]["tooltip"]}
    assert {"properties.name", "women_text", "men_text", "gap_text", "ratio_text"} <= tooltip


def test_choropleth_values_are_sequential_and_only_shown_rows_are_drawn(store, geojson):
    rows = store.run("map_values", indicator_id="N15428", year=2022, region_id="17", municipality_id=None)
    spec = charts.choropleth(rows, geojson, measure="men", unit="percent", population="children", lang="en",
                             title="T").to_dict()
    assert len(spec["layer"]) == 1  # no missing values, no chosen municipality
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert "domainMid" not in scale and scale["scheme"]["name"] == "blues" and scale["zero"] is False
    low, high = scale["domain"]
    assert low == pytest.approx(min(rows["women"].min(), rows["men"].min()))
    assert high == pytest.approx(max(rows["women"].max(), rows["men"].max()))
    assert {f["properties"]["region_id"] for f in spec["data"]["values"]} == {"17"}
    assert len(spec["data"]["values"]) == 16
    assert "Boys" in spec["layer"][0]["encoding"]["color"]["legend"]["title"]
    with pytest.raises(ValueError):
        charts.choropleth(rows, geojson, measure="total", unit="percent", population="adults", lang="sv", title="T")


# Page ----------------------------------------------------------------------------------------------

def run_map(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page("app_pages/map.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_map_default_view():
    at = run_map()
    assert at.get("vega_lite_chart")
    data = chart_data(at)
    assert len(data) == 290
    spec = chart_specs(at)[0]
    assert "per kommun" in chart_titles(at)[0]
    features, _ = map_geometry(spec)  # the geometry stays in the spec as GeoJSON
    assert len(features) == 290 and all(f["geometry"]["coordinates"] for f in features)
    assert at.query_params["matt"] == "gap" and "lan" not in at.query_params
    assert "Källa: Kolada (RKA), egen bearbetning" in " ".join(c.value for c in at.caption)
    assert at.get("download_button")
    assert [e.label for e in at.main.expander] == ["Tabell med siffrorna bakom diagrammet"]
    assert not at.warning


def test_map_measure_and_county_change_the_chart():
    at = run_map({"indikator": "N15428"})
    gaps = chart_data(at)["value"].tolist()
    at.selectbox(key="measure").set_value("women").run()
    women = chart_data(at)
    assert women["value"].tolist() != gaps and at.query_params["matt"] == "women"
    assert women["value"].tolist() == women["women"].tolist()
    at.selectbox(key="county").set_value("17").run()
    assert len(chart_data(at)) == 16 and at.query_params["lan"] == "17"
    assert len(map_geometry(chart_specs(at)[0])[0]) == 16
    assert "Region Värmland" in chart_titles(at)[0]
    at.selectbox(key="county").set_value("").run()
    assert len(chart_data(at)) == 290 and "lan" not in at.query_params
    at.selectbox(key="map_year").set_value(2018).run()
    assert at.query_params["ar"] == "2018"
    at.sidebar.selectbox(key="lang").set_value("en").run()
    assert "by municipality" in chart_titles(at)[0]


def test_url_restores_map_view():
    at = run_map({"kommun": "1780", "indikator": "N15428", "matt": "women", "lan": "17"})
    assert at.selectbox(key="measure").value == "women"
    assert at.selectbox(key="county").value == "17"
    assert at.sidebar.selectbox(key="municipality").value == "1780"
    data = chart_data(at)
    assert len(data) == 16 and data["value"].tolist() == data["women"].tolist()
    spec = chart_specs(at)[0]
    assert any(layer["transform"][-1].get("filter") == "datum.is_chosen === true"
               for layer in map_geometry(spec)[1]["layer"])
    assert data.loc[data["is_chosen"], "area_id"].tolist() == ["1780"]
    assert "Karlstad" in chart_titles(at)[0]
    assert not at.warning


# A bad `ar` is covered on Jämför: AppTest opens the default page first, and that page consumes it.
@pytest.mark.parametrize(("key", "value"), [("lan", "99"), ("lan", "1780"), ("matt", "total"),
                                            ("matt", "<script>"), ("lan", "x" * 5000)])
def test_bad_map_url_parameter_gives_a_warning(key, value):
    at = run_map({"indikator": "N15428", key: value})
    assert any(key in w.value for w in at.warning), f"no warning for {key}={value}"
    assert at.get("vega_lite_chart"), "the default map should still be drawn"


def test_missing_boundaries_give_a_message_not_a_traceback(tmp_path, monkeypatch):
    from jamstat import settings
    monkeypatch.setattr(settings, "SNAPSHOT_DIR", tmp_path)
    at = run_map()
    assert any("python -m jamstat boundaries" in e.value for e in at.error)
    assert not at.get("vega_lite_chart")


def test_page_map_spec_exports_the_same_map(store, geojson):
    """The page's map spec (built without geometry, data as Arrow, boundaries as GeoJSON text) exports the same
    picture as the chart built from the full boundaries."""
    from streamlit import dataframe_util

    from jamstat import export
    options = {"measure": "gap", "unit": "percent", "population": "children", "lang": "sv", "title": "T",
               "chosen_id": "1780"}
    full = charts.spec_of(charts.choropleth(_rows(store), geojson, **options))
    bare = charts.spec_of(charts.choropleth(_rows(store), None, **options))
    bare["datasets"] = {name: dataframe_util.convert_anything_to_arrow_bytes(values)
                        for name, values in bare["datasets"].items()}
    areas = [f["properties"]["area_id"] for f in charts.drawn_features(_rows(store), geojson)]
    page = charts.with_geometry(bare, charts.geometry_json(geojson, areas))
    assert bare["layer"] == full["layer"] and bare["data"] == {"name": "geometry"}
    assert [f["properties"]["area_id"] for f in full["data"]["values"]] == areas
    svg_page, svg_full = export.chart_svg(page, "Källa"), export.chart_svg(full, "Källa")
    assert svg_page.count("<path") == svg_full.count("<path") >= 290
    assert 'aria-roledescription="geoshape"' in svg_page


def _colour_at(scale: dict, value: float) -> tuple[float, ...]:
    """The colour a piecewise-linear scale gives a value, as RGB fractions (interpolated in RGB: close enough to
    say white or not)."""
    domain, colours = scale["domain"], [tuple(int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)) for c in scale["range"]]
    for (low, high), (start, end) in zip(pairwise(domain), pairwise(colours)):
        if low <= value <= high:
            share = (value - low) / (high - low)
            return tuple(a + (b - a) * share for a, b in zip(start, end))
    raise AssertionError(f"{value} outside {domain}")


def test_karlstad_gap_map_is_white_only_at_zero(store):
    # Issue 12, item 9: with Vega's domainMid the scale was white near +30, so Karlstad (+36,8 pp) looked equal.
    at = run_map({"kommun": "1780", "indikator": "N00942-N00943", "matt": "gap", "lan": "17"})
    spec = chart_specs(at)[0]
    valued = map_geometry(spec)[1]["layer"][0]
    scale = valued["encoding"]["color"]["scale"]
    data = chart_data(at).set_index("area_id")
    assert (data["gap"] > 0).all()  # every municipality in Värmland: women take more of the days
    # One scale for every year: from 0 (one-sided: women's is higher in every year) to the largest gap of any year.
    years = [store.run("map_values", indicator_id="N00942-N00943", year=year, region_id="17", municipality_id=None)
             for year in range(1998, 2023)]
    gaps = pd.concat(frame["gap"] for frame in years).dropna()
    assert (gaps > 0).all() and gaps.max() > data["gap"].max()
    assert scale["domain"] == [0, pytest.approx(gaps.max())]
    assert any("Färgskalan är densamma för alla år" in c.value for c in at.caption)
    assert scale["range"] == ["#FFFFFF", charts.SEX_COLOURS["women"]]
    assert "domainMid" not in scale and "scheme" not in scale
    assert _colour_at(scale, 0) == (1, 1, 1)
    karlstad = _colour_at(scale, data.at["1780", "gap"])
    assert data.at["1780", "gap"] == pytest.approx(36.8, abs=0.05)
    assert min(karlstad) < 0.75  # clearly coloured, not near-white
    assert "Vitt: lika" in chart_titles(at)[0]


def test_gap_map_where_men_are_higher_everywhere_uses_the_mens_hue_from_zero(store, geojson):
    # Sammanräknad förvärvsinkomst: men's income is higher in every municipality of Värmland.
    rows = store.run("map_values", indicator_id="N00906", year=2022, region_id="17", municipality_id=None)
    assert (rows["gap"] < 0).all()
    spec = charts.choropleth(rows, geojson, measure="gap", unit="sek", population="adults", lang="sv",
                             title="T").to_dict()
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert scale["domain"] == [pytest.approx(rows["gap"].min()), 0]
    assert scale["range"] == [charts.SEX_COLOURS["men"], "#FFFFFF"]
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_a_women_only_indicator_is_mapped_by_the_womens_value():
    """N07402 (reported crimes against women) has no men's values: the map opens on the women's value, and a
    gap asked for in the link gets an explanation instead of an empty map."""
    at = run_map({"indikator": "N07402"})
    assert at.query_params["matt"] == "women"
    data = chart_data(at)
    assert data["value"].tolist() == data["women"].tolist() and data["value"].notna().sum() >= 280
    assert not any("Värde saknas för 2" in c.value for c in at.caption)
    at = run_map({"indikator": "N07402", "matt": "gap"})
    assert not at.get("vega_lite_chart")
    assert "bara för kvinnor" in at.info[0].value and "Värde för kvinnor" in at.info[0].value
