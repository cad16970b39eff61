"""Peer means say how many peers they rest on (n of N, uncertain when too few), and counts are not ranked,
averaged or coloured by their size-driven gap. Checked by hand against the committed snapshot's values."""

import duckdb
import pandas as pd
import pytest

from jamstat import charts, tables, views
from jamstat.narrative import profile_parameters
from jamstat.settings import PROJECT_DIR
from tests.conftest import chart_data, chart_specs, chart_titles
from tests.test_map import run_map
from tests.test_pages import run_app

VALUES = PROJECT_DIR / "data" / "snapshot" / "values.parquet"
COUNTS = ["N01951", "N00053", "N00098", "N21702"]  # inhabitants, monthly-paid, full-time equivalents, home help


@pytest.fixture(scope="module")
def paired() -> pd.DataFrame:
    """Women's and men's values side by side, only where both are there: read straight from the snapshot file."""
    rows = duckdb.sql(f"select indicator_id, area_id, year, sex, value from '{VALUES}' "
                      "where sex in ('women', 'men') and value is not null").df()
    wide = rows.pivot_table(index=["indicator_id", "area_id", "year"], columns="sex", values="value",
                            aggfunc="max").dropna(subset=["women", "men"]).reset_index()
    return wide.assign(gap=wide["women"] - wide["men"])


def county_peers(store, municipality: str) -> list[str]:
    return store.run("peer_members", kind="region", municipality_id=municipality, group_id=None)["area_id"].tolist()


def uncertain(n: int, total: int) -> bool:
    return n < 3 or 2 * n < total


@pytest.mark.parametrize(("municipality", "indicator", "n_peer_total"), [
    ("2282", "N15506", 6),  # Kramfors among Västernorrland's municipalities: 1-3 of 6 peers have values
    ("1883", "U01405", 11),  # Karlskoga among Örebro län's: 1 peer 2007-11, all 11 in 2012-15, 1 in 2016-21
])
def test_peer_gap_by_year_counts_the_peers_behind_each_year(store, paired, municipality, indicator, n_peer_total):
    peers = county_peers(store, municipality)
    rows = store.run("peer_gap_by_year", indicator_id=indicator, municipality_id=municipality, peer_ids=peers)
    line = rows[rows["series"] == "peer_mean"].set_index("year")
    others = [p for p in peers if p != municipality]
    assert len(others) == n_peer_total
    mine = paired[(paired["indicator_id"] == indicator) & paired["area_id"].isin(others)]
    by_hand = mine.groupby("year").agg(n=("gap", "size"), mean=("gap", "mean"))
    assert (line["n_peer_total"] == n_peer_total).all()
    for year, row in line.iterrows():
        n = int(by_hand["n"].get(year, 0))
        assert row["n_areas"] == n, year
        if n:
            assert row["gap"] == pytest.approx(by_hand.loc[year, "mean"])
        assert row["peer_mean_uncertain"] == (n > 0 and uncertain(n, n_peer_total)), year
    flagged = sorted(line.index[line["peer_mean_uncertain"]])
    assert flagged == sorted(y for y, n in by_hand["n"].items() if uncertain(n, n_peer_total))
    assert flagged  # both cases have years resting on one or two peers
    assert not rows.loc[rows["series"] != "peer_mean", "peer_mean_uncertain"].any()


def test_karlskoga_peer_line_shifts_where_the_peer_set_does(store):
    rows = store.run("peer_gap_by_year", indicator_id="U01405", municipality_id="1883",
                     peer_ids=county_peers(store, "1883"))
    line = rows[(rows["series"] == "peer_mean") & rows["gap"].notna()].set_index("year")
    assert line.loc[2007:2011, "n_areas"].eq(1).all() and line.loc[2012:2015, "n_areas"].eq(11).all()
    assert line.loc[2016:2021, "n_areas"].eq(1).all()
    caption = views.peer_basis_caption(line.reset_index(), "sv")
    assert caption.startswith("Medelvärdet bygger på 1–11 av 11 kommuner; antalet skiftar 2012, 2016 och 2022.")
    assert "Ihåliga punkter" in caption
    english = views.peer_basis_caption(line.reset_index(), "en")
    assert "1–11 of 11 municipalities; the number changes in 2012, 2016 and 2022" in english


@pytest.mark.parametrize(("municipality", "year", "n_uncertain"), [("2282", 2022, 0), ("1883", 2016, 5),
                                                                  ("1883", 2022, 34)])
def test_profile_peer_counts_match_a_hand_count(store, paired, municipality, year, n_uncertain):
    peers = county_peers(store, municipality)
    others = [p for p in peers if p != municipality]
    profile = store.run("profile", municipality_id=municipality, peer_ids=peers, year=year,
                        **profile_parameters()).set_index("indicator_id")
    assert (profile["n_peer_total"] == len(others)).all()
    checked = 0
    for indicator_id, row in profile.iterrows():
        if indicator_id.startswith("own-"):
            continue
        series = paired[(paired["indicator_id"] == indicator_id) & (paired["year"] <= year)]
        latest = series.loc[series["area_id"] == municipality, "year"].max()
        assert row["year"] == latest
        peer_gaps = series.loc[series["area_id"].isin(others) & (series["year"] == latest), "gap"]
        assert row["n_peers"] == len(peer_gaps), indicator_id
        if row["gap_comparable"] and len(peer_gaps):
            assert row["peer_mean_gap"] == pytest.approx(peer_gaps.mean())
            assert row["peer_mean_uncertain"] == uncertain(len(peer_gaps), len(others)), indicator_id
        else:
            assert not row["peer_mean_uncertain"]
        checked += 1
    assert checked > 100
    assert profile["peer_mean_uncertain"].sum() == n_uncertain  # e.g. Karlskoga 2016: U23421 on 5 of 11 peers


def test_counts_get_no_rank_and_no_peer_mean_but_the_womens_share(store):
    # Old behaviour: Karlstad ranked 16 of 16 in Värmland on these, because it is the biggest municipality.
    profile = store.run("profile", municipality_id="1780", peer_ids=county_peers(store, "1780"),
                        year=2022, **profile_parameters()).set_index("indicator_id")
    for indicator_id in COUNTS:
        row = profile.loc[indicator_id]
        assert row["unit"] == "count" and not row["gap_comparable"]
        assert pd.isna(row["rank_abs_gap"]) and pd.isna(row["n_ranked"]) and pd.isna(row["peer_mean_gap"])
        assert row["women_share"] == pytest.approx(100 * row["women"] / (row["women"] + row["men"]))
        assert not row["peer_mean_uncertain"]
    inhabitants = profile.loc["N01951"]
    assert (inhabitants["women"], inhabitants["men"]) == (48484, 47982)
    comparable = profile[profile["unit"] != "count"]
    assert comparable["gap_comparable"].all() and comparable["women_share"].isna().all()
    assert comparable["rank_abs_gap"].notna().sum() > 100
    table = tables.profile_table(profile.reset_index().loc[lambda f: f["indicator_id"] == "N01951"], "sv", "Karlstad",
                             "kommunerna i Värmland")
    assert table["Placering (minst skillnad = 1)"].tolist() == ["ej jämförbart (antal)"]
    assert table["Jämförelsegruppens skillnad"].tolist() == ["ej jämförbart (antal)"]
    assert "andel kvinnor 50,3 %" in table["Skillnad"].iloc[0]


def test_profile_table_says_what_a_peer_mean_rests_on(store):
    profile = store.run("profile", municipality_id="2282", peer_ids=county_peers(store, "2282"), year=2022,
                        **profile_parameters())
    table = tables.profile_table(profile, "sv", "Kramfors", "kommunerna i Västernorrland")
    cells = table["Jämförelsegruppens skillnad"]
    for row, cell in zip(profile.itertuples(), cells):
        if row.gap_comparable and not pd.isna(row.peer_mean_gap):
            assert f"({row.n_peers} av 6" in cell
            assert cell.endswith(", osäkert)") == bool(row.peer_mean_uncertain)


def test_gap_by_area_peer_row_counts_its_peers_and_counts_have_none(store, paired):
    peers = county_peers(store, "2282")
    rows = store.run("gap_by_area", indicator_id="N15506", year=2019, municipality_id="2282", peer_ids=peers)
    peer = rows[rows["is_peer_mean"]].iloc[0]
    with_values = paired[(paired["indicator_id"] == "N15506") & (paired["year"] == 2019)
                         & paired["area_id"].isin([p for p in peers if p != "2282"])]
    assert (peer["n_peers"], peer["n_peer_total"]) == (len(with_values), 6) == (2, 6)
    assert peer["peer_mean_uncertain"] and not rows.loc[~rows["is_peer_mean"], "peer_mean_uncertain"].any()
    everyone = store.run("gap_by_area", indicator_id="N15506", year=2019, municipality_id="2282", peer_ids=[])
    assert everyone.loc[everyone["is_peer_mean"], "n_peer_total"].item() == 289

    counts = store.run("gap_by_area", indicator_id="N01951", year=2022, municipality_id="1780",
                       peer_ids=county_peers(store, "1780"))
    assert not counts["is_peer_mean"].any()
    shares = counts["women_share"]
    assert shares.notna().all() and shares.is_monotonic_decreasing  # sorted by the share, not the size-driven gap
    assert shares.tolist() == pytest.approx((100 * counts["women"] / (counts["women"] + counts["men"])).tolist())


def test_compare_page_labels_an_uncertain_peer_mean():
    at = run_app({"kommun": "2282", "indikator": "N15506", "ar": "2019", "jmf": "region"})
    data = chart_data(at)
    peer = data[data["is_peer_mean"]].iloc[0]
    assert peer["area_name"] == "Gruppmedel (2 av 6, osäkert)" and peer["peer_mean_uncertain"]
    captions = " ".join(c.value for c in at.caption)
    assert "bygger på bara 2 av 6 kommuner och är osäkert" in captions
    spec = chart_specs(at)[0]
    assert "peer_mean_uncertain" in str(spec["layer"][1]["encoding"]["opacity"])  # drawn lighter


def test_compare_page_for_a_count_has_no_peer_mean_and_says_why():
    at = run_app({"kommun": "1780", "indikator": "N01951", "ar": "2022", "jmf": "region"})
    data = chart_data(at)
    assert not data["is_peer_mean"].any() and data["women_share"].is_monotonic_decreasing
    assert "sorterat efter andelen kvinnor" in chart_titles(at)[0]
    assert "skillnaden i antal speglar mest hur stor kommunen eller regionen är" in " ".join(c.value for c in at.caption)


def test_map_colours_a_count_by_the_womens_share_not_the_gap():
    at = run_map({"indikator": "N01951", "matt": "gap", "lan": "17"})
    assert at.selectbox(key="measure").value == "share" and at.selectbox(key="measure").options[0].startswith("Andel")
    data = chart_data(at)
    assert data["value"].tolist() == pytest.approx(data["women_share"].tolist())
    assert data["value"].tolist() != pytest.approx(data["gap"].tolist())
    assert "Andel kvinnor av alla" in chart_titles(at)[0]
    assert views.map_measure({"unit": "percent"}, "share") == "gap"


def test_map_share_scale_diverges_around_equal_numbers(store):
    rows = store.run("map_values", indicator_id="N01951", year=2022, region_id="17", municipality_id=None)
    spec = charts.choropleth(rows, None, measure="share", unit="count", population="adults", lang="sv",
                             title="T").to_dict()
    (valued, *_) = spec["layer"]
    scale = valued["encoding"]["color"]["scale"]
    # White exactly at equal numbers (50 %), whichever side the county's shares lie on.
    assert 50.0 in scale["domain"] and scale["range"][scale["domain"].index(50.0)] == charts.GAP_ZERO


def test_over_time_peer_line_carries_its_basis_and_counts_get_no_peer_line():
    at = run_app({"kommun": "1883", "indikator": "U01405", "jmf": "region"}, page="app_pages/over_time.py")
    peer_chart = chart_data(at, 2)
    line = peer_chart[peer_chart["series"] == "peer_mean"].set_index("year")
    assert line.loc[2008, "basis_text"] == "1 av 11 kommuner, osäkert"
    assert line.loc[2013, "basis_text"] == "11 av 11 kommuner"
    captions = " ".join(c.value for c in at.caption)
    assert "Medelvärdet bygger på 1–11 av 11 kommuner; antalet skiftar 2012, 2016 och 2022" in captions
    counts = run_app({"kommun": "1780", "indikator": "N01951", "jmf": "region"}, page="app_pages/over_time.py")
    assert len(counts.get("vega_lite_chart")) == 2
    assert any("speglar mest områdenas storlek" in i.value for i in counts.info)
