"""Stored queries against the real committed snapshot, checked with values read off Kolada's source files."""

import math

import pytest

from jamstat.narrative import profile_parameters
from jamstat.settings import PROJECT_DIR, QUERIES_DIR, THEMES
from tests.conftest import INDEX_LIMITS

# (indicator, area, year) -> (women, men) as in open-numbers/ddf--kolada--dump's CSVs (Kolada, Aug 2024).
KNOWN = {
    ("N15419", "1780", 2022): (76.5, 74.7),  # Karlstad, year 9 pupils meeting grade criteria in all subjects
    ("N15419", "0180", 2022): (80.8, 79.6),  # Stockholm
    ("N15419", "1883", 2022): (72.7, 69.9),  # Karlskoga
    ("N15419", "2282", 2022): (64.3, 67.0),  # Kramfors (boys higher)
    ("N15419", "0000", 2022): (73.8, 70.2),  # Riket (code '0' in the source)
    ("N15428", "1880", 2022): (80.84606345, 80.42505593),  # Örebro, eligible for vocational programmes
    ("N00090", "1780", 2022): (9.4, 5.7),  # Karlstad, sick leave of municipal employees
    ("N00090", "0000", 2021): (8.4, 5.3),
    ("N00906", "0180", 2022): (383100.0, 429900.0),  # Stockholm, median earned income 20-64
    ("N03920", "1780", 2022): (5.344803, 5.758959),  # Karlstad, unemployment 18-64 (the age group up to 2022)
    ("N00938", "1880", 2022): (11.46, 6.52),  # Örebro, sickness-benefit days
}


@pytest.mark.parametrize(("indicator_id", "area_id", "year"), sorted(KNOWN))
def test_gap_by_area_returns_source_values_gap_and_ratio(store, indicator_id, area_id, year):
    rows = store.run("gap_by_area", indicator_id=indicator_id, year=year, municipality_id=None, peer_ids=[])
    row = rows.set_index("area_id").loc[area_id]
    women, men = KNOWN[(indicator_id, area_id, year)]
    assert row["women"] == pytest.approx(women, abs=1e-9)
    assert row["men"] == pytest.approx(men, abs=1e-9)
    assert row["gap"] == pytest.approx(women - men, abs=1e-9)
    assert row["ratio"] == pytest.approx(women / men, abs=1e-12)


def test_gap_by_year_matches_known_values(store):
    rows = store.run("gap_by_year", indicator_id="N00090", area_ids=["0000"]).set_index("year")
    assert rows.loc[2022, "gap"] == pytest.approx(8.8 - 5.7)
    assert rows.loc[2021, "ratio"] == pytest.approx(8.4 / 5.3)


def test_missing_value_stays_null_never_zero(store):
    # Arjeplog 2022: girls' value published (91.7), boys' suppressed in the source.
    row = store.run("gap_by_area", indicator_id="N15419", year=2022, municipality_id=None,
                    peer_ids=[]).set_index("area_id").loc["2506"]
    assert row["women"] == pytest.approx(91.7)
    assert math.isnan(row["men"]) and math.isnan(row["gap"]) and math.isnan(row["ratio"])
    # Bjurholm 2022: both suppressed; the area is still listed with nulls.
    both = store.run("gap_by_area", indicator_id="N15419", year=2022, municipality_id=None,
                     peer_ids=[]).set_index("area_id").loc["2403"]
    assert math.isnan(both["women"]) and math.isnan(both["men"])


def test_series_has_null_rows_for_missing_years(store):
    series = store.run("series_by_sex", indicator_id="N15419", area_ids=["2506"])
    men_2022 = series[(series["year"] == 2022) & (series["sex"] == "men")]
    assert len(men_2022) == 1 and men_2022["value"].isna().all()
    # Every (year, sex) appears once per area: a full grid, so a missing year breaks the line.
    assert series.groupby(["year", "sex"]).size().eq(1).all()


def members(store, kind, municipality_id, group_id=None):
    return store.run("peer_members", kind=kind, municipality_id=municipality_id, group_id=group_id)["area_id"].tolist()


def test_peer_sets_region_group_and_kolada(store):
    region = members(store, "region", "1780")
    assert len(region) == 16 and "1780" in region  # Värmland has 16 municipalities
    assert len(members(store, "group", "1780")) == 23  # Kolada's "Större stad" group
    assert members(store, "kolada", "1780", "G92787") == ["1480", "1280", "0180"]  # Storstäder, sorted by name
    groups = store.run("municipality_groups", municipality_id="1780")
    assert "G92787" not in set(groups["group_id"]) and len(groups) > 10
    assert groups["named_for_municipality"].iloc[0] == groups["named_for_municipality"].max()
    assert members(store, "region", "9999") == []


def test_gap_by_area_with_a_peer_set(store):
    rows = store.run("gap_by_area", indicator_id="N15428", year=2022, municipality_id="1780",
                     peer_ids=members(store, "region", "1780"))
    by_kind = rows["kind"].value_counts().to_dict()
    assert by_kind == {"municipality": 16, "region": 1, "country": 1, "peer_mean": 1}
    indexed = rows.set_index("area_id")
    assert indexed.loc["1780", "is_chosen"] and indexed.loc["17", "is_region"] and indexed.loc["peers", "is_peer_mean"]
    # Peer mean: unweighted over the 15 other Värmland municipalities with both values, computed here by hand.
    peers = indexed.loc[[a for a in members(store, "region", "1780") if a != "1780"]].dropna(subset=["women", "men"])
    assert indexed.loc["peers", "women"] == pytest.approx(peers["women"].mean())
    assert indexed.loc["peers", "gap"] == pytest.approx((peers["women"] - peers["men"]).mean())
    everyone = store.run("gap_by_area", indicator_id="N15419", year=2022, municipality_id="1780", peer_ids=[])
    assert len(everyone[everyone["kind"] == "municipality"]) == 290


def test_peer_gap_by_year_karlskoga_vs_orebro(store):
    # SKR's Modellkommuner: Karlskoga (1883) benchmarks with Örebro (1880). Sick leave, N00090, 2022:
    # Karlskoga women 8.4, men 5.2; Örebro 8.7 and 5.7 (Kolada source CSV).
    rows = store.run("peer_gap_by_year", indicator_id="N00090", municipality_id="1883", peer_ids=["1880", "1883"])
    year = rows[rows["year"] == 2022].set_index("series")
    assert year.loc["municipality", "gap"] == pytest.approx(8.4 - 5.2)
    assert year.loc["peer_mean", "gap"] == pytest.approx(8.7 - 5.7)
    assert year.loc["peer_mean", "n_areas"] == 1  # Karlskoga itself is not in its own peer mean
    assert year.loc["country", "gap"] == pytest.approx(8.8 - 5.7)


def test_peer_gap_by_year_kramfors_vs_vaxholm_and_ornskoldsvik(store):
    rows = store.run("peer_gap_by_year", indicator_id="N15419", municipality_id="2282", peer_ids=["0187", "2284"])
    year = rows[rows["year"] == 2022].set_index("series")
    by_hand = store.run("gap_by_area", indicator_id="N15419", year=2022, municipality_id=None,
                        peer_ids=["0187", "2284"]).set_index("area_id")
    assert year.loc["municipality", "gap"] == pytest.approx(64.3 - 67.0)
    assert year.loc["peer_mean", "gap"] == pytest.approx(by_hand.loc[["0187", "2284"], "gap"].mean())


def test_profile_gap_change_rank_and_peer_mean(store):
    profile = store.run("profile", municipality_id="1883", peer_ids=["1880"], year=2022, **profile_parameters()).set_index("indicator_id")
    sick = profile.loc["N00090"]
    assert (sick["year"], sick["women"], sick["men"]) == (2022, 8.4, 5.2)
    series = store.run("gap_by_year", indicator_id="N00090", area_ids=["1883"]).dropna(subset=["gap"])
    base = series.sort_values("year").iloc[-6]  # five available years before the latest
    assert sick["base_year"] == base["year"] and sick["gap_base"] == pytest.approx(base["gap"])
    assert sick["abs_gap_change"] == pytest.approx(abs(8.4 - 5.2) - abs(base["gap"]))
    assert sick["peer_mean_gap"] == pytest.approx(8.7 - 5.7) and sick["n_peers"] == 1
    assert (sick["rank_abs_gap"], sick["n_ranked"]) == (2, 2)  # Örebro's 3.0 is smaller than Karlskoga's 3.2
    changes = series.sort_values("year")["gap"].diff().abs().dropna()
    assert sick["typical_change"] == pytest.approx(changes[changes > 0].median())
    assert set(profile["theme"]) == set(THEMES)


def test_gap_by_area_is_sorted_by_gap(store):
    rows = store.run("gap_by_area", indicator_id="N00090", year=2022, municipality_id=None, peer_ids=[])
    gaps = rows["gap"].dropna().tolist()
    assert gaps == sorted(gaps, reverse=True)


def test_vab_women_share_is_derived_from_men_share(store):
    rows = store.run("series_by_sex", indicator_id="N00944-N00945", area_ids=["1780"])
    year = rows[rows["year"] == 2022].set_index("sex")
    assert year.loc["women", "value"] == pytest.approx(100 - year.loc["men", "value"])
    assert year.loc["women", "status"] == "derived"
    assert year.loc["men", "value"] == pytest.approx(35.0, abs=15)  # men's VAB share is a real share, not 0 or 100


def test_parental_leave_2016_uses_men_share_not_carried_over_value(store):
    rows = store.run("series_by_sex", indicator_id="N00942-N00943", area_ids=["1780"]).set_index(["year", "sex"])
    assert rows.loc[(2016, "women"), "value"] == pytest.approx(100 - rows.loc[(2016, "men"), "value"])
    assert rows.loc[(2016, "women"), "status"] == "derived"
    assert rows.loc[(2022, "women"), "value"] == pytest.approx(68.4)  # published, SOURCES.md section 6
    assert rows.loc[(2022, "men"), "value"] == pytest.approx(31.6, abs=0.05)


def test_indicator_years_and_catalogue_queries(store):
    years = store.run("indicator_years", indicator_id="N15419")["year"].tolist()
    assert years[0] == 1998 and years[-1] == 2022
    assert store.run("indicator_years", indicator_id="NOPE")["year"].tolist() == []
    # Karlstad's first pair of values is from 1994 (an older hard-coded range began in 1998).
    karlstad = store.run("area_years", area_id="1780")["year"].tolist()
    assert karlstad == list(range(1994, 2023))
    assert store.run("area_years", area_id="NOPE")["year"].tolist() == []
    indicators = store.run("indicators")
    assert len(indicators) >= 150
    areas = store.run("areas")
    assert len(areas) == 312
    assert areas.set_index("area_id").loc["1780", "region_name"] == "Region Värmland"


def test_user_text_is_bound_not_executed(store):
    hostile = "0180'; drop table areas; --"
    rows = store.run("gap_by_area", indicator_id=hostile, year=2022, municipality_id=hostile, peer_ids=[])
    assert rows["women"].isna().all()
    assert len(store.run("areas")) == 312


def test_every_query_file_is_tested_and_used():
    tests = "".join(p.read_text() for p in (PROJECT_DIR / "tests").glob("test_*.py"))
    code = "".join(p.read_text() for p in [PROJECT_DIR / "app.py", *(PROJECT_DIR / "jamstat").glob("*.py"),
                                           *(PROJECT_DIR / "jamstat" / "web").glob("*.py"),
                                           *(PROJECT_DIR / "app_pages").glob("*.py")])
    for path in QUERIES_DIR.glob("*.sql"):
        assert f'"{path.stem}"' in tests, f"{path.name} has no test"
        assert f'"{path.stem}"' in code, f"{path.name} is not used by the app"


def test_store_rejects_unknown_query_and_wrong_parameters(store):
    from jamstat.store import QueryError
    with pytest.raises(QueryError):
        store.run("../../etc/passwd")
    with pytest.raises(QueryError):
        store.run("gap_by_area", indicator_id="N15419")


def test_equality_index_by_hand(store):
    index = store.run("equality_index", municipality_id="1883", year=2022, **INDEX_LIMITS)
    sick = index.set_index("indicator_id").loc["N00090"]
    assert sick["parity_score"] == pytest.approx(100 * 5.2 / 8.4)  # Karlskoga 2022: men 5.2, women 8.4
    employer = index[index["theme"] == "employer"]
    assert employer["weight"].sum() == pytest.approx(1.0)
    assert employer["theme_score"].iloc[0] == pytest.approx(employer["parity_score"].mean())
    assert employer["contribution"].sum() == pytest.approx(employer["theme_score"].iloc[0])
    assert index["parity_score"].between(0, 100).all()
    units = store.run("indicators").set_index("indicator_id")["unit"]
    assert not (units.loc[index["indicator_id"]] == "count").any()  # counts of people are left out
