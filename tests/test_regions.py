"""Regions as the home organisation (issue 14): Region Värmland (Kolada area 17) profiled and compared with the other
20 regions on the real snapshot; values checked against Kolada's raw file, the region map, peers and own tables."""

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from jamstat import peers
from jamstat.catalog import load_catalog
from jamstat.narrative import profile_parameters
from jamstat.settings import PROJECT_DIR, RIKET
from jamstat.sources.boundaries import read_map
from tests.conftest import chart_data, chart_specs, chart_titles, map_geometry
from tests.test_pages import run_app, texts

VARMLAND, SKANE, NORRBOTTEN = "17", "12", "25"

# (indicator, area, year, sex, value): Kolada's values as the raw file kolada_ddf_gender_kmt.parquet holds them.
KNOWN = [
    ("N60077", VARMLAND, 2022, "women", 68.980344),  # full-time monthly-paid employees, region (region-only KPI)
    ("N60077", VARMLAND, 2022, "men", 85.34279),
    ("N60077", SKANE, 2022, "women", 69.196231),
    ("N60077", NORRBOTTEN, 2022, "men", 88.557994),
    ("U60977", VARMLAND, 2022, "women", 80.34205),  # employee engagement, region (region-only KPI)
    ("U60977", SKANE, 2022, "men", 78.33333333),
    ("N00906", VARMLAND, 2022, "women", 324300.0),  # median net income
    ("N00906", NORRBOTTEN, 2022, "men", 421700.0),
    ("N01951", VARMLAND, 2022, "women", 140815.0),  # inhabitants (the small-number guard's population)
    ("N01951", SKANE, 2022, "men", 706641.0),
    ("N70815", VARMLAND, 2022, "men", 71936.450058),  # hospital care 85+, per 100 000 (region-only KPI)
    ("U79092", NORRBOTTEN, 2022, "women", 18.0),  # unplanned readmission (region-only KPI)
    ("N01452", VARMLAND, 2022, "women", 12.2),  # severe mental strain
    ("N00914", SKANE, 2021, "women", 74.707951),  # gainfully employed 20-64
]
KOLADA_SEX = {"women": "K", "men": "M"}


@pytest.fixture(autouse=True)
def peer_file(tmp_path, monkeypatch):
    path = tmp_path / "peer_sets.json"
    monkeypatch.setenv("JAMSTAT_PEER_SETS", str(path))
    return path


@pytest.mark.parametrize(("indicator", "area", "year", "sex", "value"), KNOWN)
def test_known_region_values_in_the_store(store, indicator, area, year, sex, value):
    rows = store.run("series_by_sex", indicator_id=indicator, area_ids=[area])
    got = rows[(rows["year"] == year) & (rows["sex"] == sex)]["value"]
    assert got.tolist() == [pytest.approx(value, abs=1e-9)]


def test_known_values_are_kolada_raw_values(shared_data):
    raw = pq.read_table(shared_data / "derived" / "kolada_ddf_gender_kmt.parquet",
                        filters=[("kpi", "in", sorted({k[0] for k in KNOWN}))]).to_pandas()
    raw = raw.astype({"kpi": str, "geo": str, "gender": str})
    for indicator, area, year, sex, value in KNOWN:
        hit = raw[(raw["kpi"] == indicator) & (raw["geo"] == area) & (raw["year"] == year)
                  & (raw["gender"] == KOLADA_SEX[sex])]["value"]
        assert hit.tolist() == [pytest.approx(value, abs=1e-9)], (indicator, area, year, sex)


def test_every_region_kpi_is_catalogued_or_left_out_with_a_reason(shared_data):
    raw = pq.read_table(shared_data / "derived" / "kolada_ddf_gender_kmt.parquet", columns=["kpi", "geo"]).to_pandas()
    region_kpis = set(raw.loc[raw["geo"].astype(str).str.len() == 2, "kpi"].astype(str))
    assert len(region_kpis) == 303
    catalogued = {kpi for ind in load_catalog() for kpi in (ind.kpi_women, ind.kpi_men) if kpi}
    left_out = pd.read_csv(PROJECT_DIR / "jamstat" / "catalog_left_out.csv", dtype=str)
    assert left_out["reason"].str.strip().str.len().gt(20).all()
    assert not set(left_out["kpi"]) & catalogued
    assert region_kpis == (region_kpis & catalogued) | set(left_out["kpi"])
    employer = {ind.indicator_id for ind in load_catalog() if ind.theme == "employer"}
    assert {"N60077", "U60977"} <= employer  # the region-only employer KPIs


def test_region_profile_peer_mean_and_rank_by_hand(store):
    """Region Värmland among all 20 other regions: mean of their gaps and the rank of its absolute gap."""
    areas = store.run("areas")
    others = peers.peer_choice(store.run, "all", VARMLAND, areas, "sv")
    assert others.kind == "all" and len(others.ids) == 20 and VARMLAND not in others.ids
    profile = store.run("profile", municipality_id=VARMLAND, peer_ids=others.ids, year=2022, **profile_parameters())
    row = profile.set_index("indicator_id").loc["N60077"]
    values = pd.read_parquet(PROJECT_DIR / "data" / "snapshot" / "values.parquet",
                             filters=[("indicator_id", "==", "N60077"), ("year", "==", 2022)])
    wide = values.pivot_table(index="area_id", columns="sex", values="value")
    regions = wide[wide.index.str.len() == 2]
    gaps = regions["women"] - regions["men"]
    assert len(gaps) == 21
    assert row["gap"] == pytest.approx(68.980344 - 85.34279)
    assert row["peer_mean_gap"] == pytest.approx(gaps.drop(VARMLAND).mean())
    assert row["n_peers"] == 20 and row["n_peer_total"] == 20 and not row["peer_mean_uncertain"]
    assert row["rank_abs_gap"] == 1 + (gaps.abs() < abs(gaps[VARMLAND])).sum()
    assert row["n_ranked"] == 21
    assert row["inhabitants_women"] == 140815.0  # the region's own population for the small-number rules


def test_region_map_joins_21_of_21(store):
    rows = store.run("map_values", indicator_id="N60077", year=2022, region_id=None, municipality_id=VARMLAND)
    assert len(rows) == 21 and rows["women"].notna().all()
    assert rows.loc[rows["is_chosen"], "area_id"].tolist() == [VARMLAND]
    features = {f["properties"]["area_id"]: f for f in read_map()["features"] if len(f["properties"]["area_id"]) == 2}
    assert set(features) == set(rows["area_id"])
    assert features[VARMLAND]["properties"]["name"] == "Region Värmland"
    # A municipality's map is unchanged: its 290 municipalities.
    municipal = store.run("map_values", indicator_id="N00090", year=2022, region_id=None, municipality_id="1780")
    assert len(municipal) == 290


def test_compare_page_compares_the_21_regions_and_riket():
    at = run_app({"kommun": VARMLAND, "indikator": "N60077", "ar": "2022"})
    data = chart_data(at)
    assert set(data.loc[data["kind"] == "region", "area_id"]) == {f for f in data["area_id"] if len(f) == 2}
    assert (data["kind"] == "region").sum() == 21 and (data["kind"] == "municipality").sum() == 0
    assert data["is_peer_mean"].sum() == 1 and RIKET in set(data["area_id"])
    assert data.loc[data["is_chosen"], "area_id"].tolist() == [VARMLAND]
    assert not data.loc[data["area_id"] == VARMLAND, "is_region"].any()
    assert at.sidebar.selectbox(key="peer_kind").options == ["Alla regioner", "Egen grupp …"]
    assert at.query_params["kommun"] == VARMLAND


def test_overview_profiles_the_region_and_says_the_index_is_for_municipalities():
    at = run_app({"kommun": VARMLAND}, page="app_pages/overview.py")
    assert "Region Värmland" in at.subheader[0].value
    assert "bara för kommuner" in texts(at)
    assert not chart_specs(at)  # no empty or wrong index chart
    at.sidebar.selectbox(key="theme").set_value("employer").run()
    assert not at.exception
    assert "Regionen som arbetsgivare" in [tab.label for tab in at.tabs]
    assert "Regionen som arbetsgivare" in at.sidebar.selectbox(key="theme").options
    table = at.dataframe[0].value
    assert any("Heltidsarbetande månadsavlönade, region" in str(v) for v in table.iloc[:, 0])


def test_over_time_shows_the_region_riket_and_the_regions_mean():
    at = run_app({"kommun": VARMLAND, "indikator": "N60077"}, page="app_pages/over_time.py")
    assert at.multiselect(key="areas").value == [VARMLAND, RIKET]
    series = chart_data(at, 0)
    assert set(series["area_id"]) == {VARMLAND, RIKET}
    trend = chart_data(at, 2)
    assert set(trend["series"]) == {"municipality", "peer_mean", "country"}
    assert "alla regioner" in chart_titles(at)[2]


def test_map_page_colours_the_21_regions():
    at = run_app({"kommun": VARMLAND, "indikator": "N60077", "ar": "2022"}, page="app_pages/map.py")
    assert not [s for s in at.selectbox if s.key == "county"]  # no county to zoom to
    features, _ = map_geometry(chart_specs(at)[0])
    assert sorted(f["properties"]["area_id"] for f in features) == sorted(
        ["01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20", "21", "22",
         "23", "24", "25"])


@pytest.mark.parametrize("page", ["app_pages/own_data.py", "app_pages/about.py", "app_pages/presentation.py"])
def test_other_pages_run_with_a_region(page):
    at = run_app({"kommun": VARMLAND}, page=page)
    assert at.sidebar.selectbox(key="municipality").value == VARMLAND
    assert not at.error


def test_a_saved_region_peer_group_round_trips(peer_file):
    at = run_app({"kommun": VARMLAND, "indikator": "N60077", "ar": "2022", "jmf": "custom"})
    members = at.sidebar.multiselect(key="peer_members")
    assert len(members.options) == 21 and "Region Norrbotten" in members.options  # the regions, no municipality
    members.set_value([SKANE, NORRBOTTEN]).run()
    at.sidebar.text_input(key="peer_name").input("Skåne och Norrbotten").run()
    at.sidebar.button(key="peer_save").click().run()
    assert not at.exception
    assert json.loads(peer_file.read_text(encoding="utf-8")) == {"Skåne och Norrbotten": [SKANE, NORRBOTTEN]}
    fresh = run_app({"kommun": VARMLAND, "indikator": "N60077", "ar": "2022", "jmf": "custom"})
    fresh.sidebar.selectbox(key="peer_saved").set_value("Skåne och Norrbotten").run()
    data = chart_data(fresh)
    assert set(data.loc[data["kind"] == "region", "area_id"]) == {VARMLAND, SKANE, NORRBOTTEN}
    peer_row = data[data["is_peer_mean"]].iloc[0]
    assert peer_row["women"] == pytest.approx((69.196231 + 73.615635) / 2)
    # A municipality's own-group list does not offer the region group (and reports no problem with it).
    municipal = run_app({"kommun": "1780", "indikator": "N00090", "jmf": "custom"})
    assert municipal.sidebar.selectbox(key="peer_saved").options[1:] == []
    assert not municipal.sidebar.warning


def test_region_codes_validate_as_peers_and_links():
    from jamstat.state import InvalidParam
    from jamstat.store import Store
    areas = Store(PROJECT_DIR / "data").run("areas")
    region_codes = peers.candidates(areas, VARMLAND)
    assert len(region_codes) == 21
    assert peers.validate("Norr", [NORRBOTTEN, "24"], region_codes) == ("Norr", [NORRBOTTEN, "24"])
    with pytest.raises(peers.PeerSetError):
        peers.validate("Fel", ["1780"], region_codes)
    chosen = peers.resolve_peers(lambda *a, **k: None, {"jmf": "custom", "egna": "12,25"}, VARMLAND, areas, "sv")
    assert chosen.ids == [SKANE, NORRBOTTEN]
    with pytest.raises(InvalidParam):  # a county's municipalities are no peer set for a region
        peers.resolve_peers(lambda *a, **k: None, {"jmf": "region"}, VARMLAND, areas, "sv")


def test_own_table_with_region_codes_charts_with_the_regions(own_tables_dir, store):
    from jamstat import owndata
    from jamstat.sources import upload
    csv = ("Område;År;Indikator;Enhet;Grupp;Värde\n"
           "17;2023;Heltid bland anställda;procent;Kvinnor;70,5\n"
           "17;2023;Heltid bland anställda;procent;Män;86\n"
           "Region Skåne;2023;Heltid bland anställda;procent;Kvinnor;71\n"
           "Region Skåne;2023;Heltid bland anställda;procent;Män;88\n").encode()
    raw = upload.read_table(csv, "heltid.csv")
    checked = upload.validate(raw, upload.detect_mapping(list(raw.frame.columns)), store.run("areas"))
    assert checked.ok and set(checked.rows["area_id"]) == {VARMLAND, SKANE}
    table = owndata.save_table(checked.rows, "Heltid i regionen", file_name="heltid.csv")
    indicator = table.indicators[0][0]
    at = run_app({"kommun": VARMLAND, "indikator": indicator, "ar": "2023"})
    data = chart_data(at)
    shown = data.dropna(subset=["women"])
    assert set(shown["area_id"]) >= {VARMLAND, SKANE}
    assert shown.set_index("area_id").loc[VARMLAND, "women"] == pytest.approx(70.5)


def test_region_boundaries_build_is_reproducible(tmp_path, shared_data):
    from jamstat.sources.boundaries import SOURCE_DIR, build_boundaries
    summary = build_boundaries(SOURCE_DIR, tmp_path)
    assert summary["regions"]["n_features"] == 21
    committed = PROJECT_DIR / "data" / "snapshot" / "regions.geojson"
    assert (tmp_path / "regions.geojson").read_bytes() == committed.read_bytes(), "rebuild: python -m jamstat boundaries"
    assert committed.stat().st_size < 40_000


def test_region_sentences_speak_of_regions_not_municipalities():
    at = run_app({"kommun": VARMLAND, "lang": "sv"}, page="app_pages/overview.py")
    at.sidebar.selectbox(key="theme").set_value("employer").run()
    sentences = " ".join(str(v) for v in at.dataframe[0].value.iloc[:, 1])
    assert "bygger på 20 av 20 regioner" in sentences and "kommuner" not in sentences
    assert "varje region räknas en gång" in texts(at)


def test_a_region_is_offered_the_indicators_with_region_values(store):
    with_values = set(store.run("indicators_of_kind", area_kind="region")["indicator_id"])
    assert {"N60077", "U60977", "N00906", "N01951"} <= with_values
    assert "N00942-N00943" in with_values and "N00090" not in with_values  # parental leave; municipal sick leave
    assert len(store.run("indicators_of_kind", area_kind="municipality")) > len(with_values)
    at = run_app({"kommun": VARMLAND}, page="app_pages/map.py")
    assert "Regionen som arbetsgivare" in at.sidebar.selectbox(key="theme").options
    indicator = at.sidebar.selectbox(key="indicator").value
    assert indicator in with_values
    features, _ = map_geometry(chart_specs(at)[0])  # the default view draws the 21 regions, not "no values"
    assert len(features) == 21
    at.sidebar.selectbox(key="theme").set_value("employer").run()
    assert at.sidebar.selectbox(key="indicator").value == "N60077"
    assert len(at.sidebar.selectbox(key="indicator").options) == 2  # the region's two employer KPIs


def test_first_screen_offers_the_regions_too():
    at = run_app()
    picker = at.selectbox(key="landing_municipality")
    assert "Region Värmland (17)" in picker.options and "Karlstad (1780)" in picker.options
    picker.set_value(VARMLAND).run()
    assert not at.exception and at.sidebar.selectbox(key="municipality").value == VARMLAND
    assert (chart_data(at)["kind"] == "region").sum() == 21


def test_saved_views_of_a_region_draw_as_slides(store):
    from jamstat import views
    reader = views.Data.from_store(store)
    drawn, sentence = views.from_params(reader, "jamfor", {"kommun": VARMLAND, "indikator": "N60077", "ar": "2022"},
                                        "sv")
    assert (drawn.rows["kind"] == "region").sum() == 21
    assert sentence and "Region Värmland" in sentence and "regioner" in sentence
    drawn, _ = views.from_params(reader, "karta", {"kommun": VARMLAND, "indikator": "N60077", "ar": "2022"}, "sv")
    assert len(drawn.rows) == 21 and "per region" in drawn.title
    with pytest.raises(views.ViewError, match="bara för kommuner"):
        views.from_params(reader, "oversikt", {"kommun": VARMLAND}, "sv")


def test_about_page_explains_regions():
    at = run_app(page="app_pages/about.py")
    text = " ".join(m.value for m in at.markdown)
    assert "### Regioner" in text and "145 indikatorer som har regionvärden" in text
    assert "räknas bara för kommuner" in text


@pytest.mark.parametrize("query", ["pendling", "ekonomiskt bistånd", "sjukfrånvaro"])
def test_indicator_search_for_a_region_offers_only_indicators_with_region_values(store, query):
    with_region_values = set(store.run("indicators_of_kind", area_kind="region")["indicator_id"])
    found = {}
    for home in ("1780", VARMLAND):
        at = run_app({"kommun": home})
        at.sidebar.text_input(key="indicator_search").input(query).run()
        found[home] = {b.key.removeprefix("search_hit_") for b in at.sidebar.button
                       if b.key and b.key.startswith("search_hit_")}
    assert found[VARMLAND] <= with_region_values
    if query != "sjukfrånvaro":  # commuting and social assistance: municipal KPIs without region values
        assert found["1780"] - with_region_values and found["1780"] - found[VARMLAND]
