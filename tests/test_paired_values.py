"""paired_values (women and men side by side) gives the same answers in every store configuration.

The per-municipality queries (profile, equality_index) read the views paired_values and gap_years: the built
file's area-major tables (built from the snapshot, or from the snapshot with a live update merged in), otherwise
the same macros over the Parquet files per query (not built). Their results must not depend on which one answered.
"""

from __future__ import annotations

import math
import shutil
import statistics
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from jamstat.build import build
from jamstat.catalog import load_catalog
from jamstat.narrative import profile_parameters
from jamstat.settings import PROJECT_DIR
from jamstat.sources.update import run_update
from jamstat.store import CACHE_VERSION, Store
from tests.conftest import INDEX_LIMITS
from tests.test_kolada_client import EDGE, Replay, client_for, fixture_bytes, ok

# (municipality, peers, year): the hand-checked pairs of tests/test_queries.py, a whole county, no peers, and a
# peer list holding the municipality itself and a duplicate.
CASES = [
    ("1883", ["1880"], 2022),
    ("2282", ["0187", "2284"], 2022),
    ("1780", ["1715", "1730", "1737", "1760", "1761", "1762", "1763", "1764", "1765", "1766", "1780", "1781",
              "1782", "1783", "1784", "1785"], 2015),
    ("0180", [], 2024),
    ("2506", ["2506", "2505", "2505"], 2010),
    ("9999", ["1880"], 2022),  # no such municipality: no rows
]
# Areas copied into the live file: the live path is taken, but its values equal the snapshot's.
LIVE_AREAS = ["1883", "1880", "2282", "0187", "1780", "1715"]


def snapshot_copy(root: Path) -> Path:
    shutil.copytree(PROJECT_DIR / "data" / "snapshot", root / "snapshot")
    return root


@pytest.fixture(scope="module")
def stores(tmp_path_factory) -> dict[str, Store]:
    duck_dir = snapshot_copy(tmp_path_factory.mktemp("duckdb"))
    build(duck_dir)
    duck = Store(duck_dir)
    fallback = Store(snapshot_copy(tmp_path_factory.mktemp("parquet")))  # not built
    live_dir = snapshot_copy(tmp_path_factory.mktemp("live"))
    values = pq.read_table(live_dir / "snapshot" / "values.parquet")
    (live_dir / "live").mkdir()
    pq.write_table(values.filter(pc.is_in(values["area_id"], pa.array(LIVE_AREAS))),
                   live_dir / "live" / "values.parquet")
    live_fallback_dir = snapshot_copy(tmp_path_factory.mktemp("live_parquet"))
    shutil.copytree(live_dir / "live", live_fallback_dir / "live")
    build(live_dir)
    live = Store(live_dir)
    live_fallback = Store(live_fallback_dir)
    assert (duck.layout, duck.has_live_data) == ("duckdb", False)
    assert (fallback.layout, fallback.has_live_data) == ("parquet", False)
    assert (live.layout, live.has_live_data) == ("duckdb", True)  # live values merged into the built file
    assert (live_fallback.layout, live_fallback.has_live_data) == ("parquet", True)  # merged per query
    assert [s.hint is None for s in (duck, fallback, live, live_fallback)] == [True, False, True, False]
    return {"duckdb": duck, "parquet": fallback, "live": live, "live_parquet": live_fallback}


@pytest.mark.parametrize(("municipality_id", "peer_ids", "year"), CASES)
def test_profile_is_the_same_in_every_store_configuration(stores, municipality_id, peer_ids, year):
    frames = {name: store.run("profile", municipality_id=municipality_id, peer_ids=peer_ids, year=year,
                                **profile_parameters())
              for name, store in stores.items()}
    for name in ("parquet", "live", "live_parquet"):
        # Exact but for the last bits of means and sums (peer mean, theme score), which may add up in another order.
        pd.testing.assert_frame_equal(frames[name], frames["duckdb"], check_exact=False, rtol=1e-12, atol=1e-12)
    if municipality_id == "9999":
        assert frames["duckdb"].empty
    else:
        assert len(frames["duckdb"]) > 50


@pytest.mark.parametrize(("municipality_id", "year"), [(m, y) for m, _, y in CASES])
def test_equality_index_is_the_same_in_every_store_configuration(stores, municipality_id, year):
    frames = {name: store.run("equality_index", municipality_id=municipality_id, year=year, **INDEX_LIMITS)
              for name, store in stores.items()}
    for name in ("parquet", "live", "live_parquet"):
        pd.testing.assert_frame_equal(frames[name], frames["duckdb"], check_exact=False, rtol=1e-12, atol=1e-12)


def expected_pairs(store: Store, area_id: str) -> pd.DataFrame:
    """paired_values for one area computed in pandas from the view "values": the pivot, rows with both
    values, and each year's facts over the series up to that year, by their definitions in jamstat/store.py."""
    values = store._connection.execute(
        """select indicator_id, area_id, year, sex, value from "values" where area_id = $area_id""",
        {"area_id": area_id}).df()
    pairs = (values[values["sex"].isin(["women", "men"])]
             .pivot_table(index=["indicator_id", "area_id", "year"], columns="sex", values="value", aggfunc="max")
             .reset_index().dropna(subset=["women", "men"]))
    rows = []
    for _, series in pairs.sort_values("year").groupby("indicator_id"):
        gaps, years = (series["women"] - series["men"]).tolist(), series["year"].tolist()
        for k in range(len(series)):
            changes = [abs(gaps[j] - gaps[j - 1]) for j in range(1, k + 1) if abs(gaps[j] - gaps[j - 1]) > 0]
            rows.append({**series.iloc[k][["indicator_id", "area_id", "year", "women", "men"]].to_dict(),
                         "base_year": years[k - 5] if k >= 5 else None,
                         "gap_base": gaps[k - 5] if k >= 5 else None,
                         "typical_change": statistics.median(changes) if changes else None,
                         "next_year": years[k + 1] if k + 1 < len(series) else None})
    return pd.DataFrame(rows).sort_values(["indicator_id", "year"], ignore_index=True)


@pytest.mark.parametrize("configuration", ["duckdb", "parquet", "live", "live_parquet"])
def test_paired_values_are_the_pairs_of_values_with_their_series_facts(stores, configuration):
    store = stores[configuration]
    got = store._connection.execute(
        "select * from paired_values where area_id = '1780' order by indicator_id, year").df()
    expected = expected_pairs(store, "1780")
    assert len(got) > 2000
    assert got["typical_change"].notna().sum() > 1000 and got["base_year"].notna().sum() > 1000
    years = {"year": "float64", "base_year": "float64", "next_year": "float64"}  # nullable ints vs NaN
    pd.testing.assert_frame_equal(got.astype(years), expected.astype(years), check_dtype=False, check_exact=False,
                                  rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize("configuration", ["duckdb", "parquet", "live", "live_parquet"])
def test_gap_years_hold_each_years_gap_at_its_position(stores, configuration):
    store = stores[configuration]
    pairs = expected_pairs(store, "1780")
    rows = store._connection.execute(
        "select indicator_id, first_year, gaps from gap_years where area_id = '1780'").fetchall()
    assert len(rows) == pairs["indicator_id"].nunique()
    missing = 0
    for indicator_id, first_year, gaps in rows:
        series = pairs[pairs["indicator_id"] == indicator_id].set_index("year")
        assert first_year == series.index.min()
        assert len(gaps) == series.index.max() - series.index.min() + 1
        for offset, gap in enumerate(gaps):
            year = first_year + offset
            if year in series.index:
                assert gap == pytest.approx(series.loc[year, "women"] - series.loc[year, "men"], abs=1e-9)
            else:
                assert gap is None  # a year without both values is missing, never 0
                missing += 1
    assert missing > 0  # the case above was met


def test_live_values_win_in_the_profile(tmp_path):
    data_dir = snapshot_copy(tmp_path)
    before = Store(data_dir).run("profile", municipality_id="1780", peer_ids=["1781"], year=2022,
                                  **profile_parameters())
    assert before.set_index("indicator_id").loc["N15419", "year"] == 2022
    # The replayed 2022 page has Karlstad's girls' value suppressed (null) and boys' 74.7.
    with client_for(Replay(ok(fixture_bytes(EDGE)))) as client:
        run_update(["N15419"], client=client, catalog=load_catalog(), live_dir=data_dir / "live", years=[2022])
    build(data_dir)  # as `python -m jamstat update` does at its end
    store = Store(data_dir)
    assert store.has_live_data and store.layout == "duckdb"
    after = store.run("profile", municipality_id="1780", peer_ids=["1781"], year=2022,
                      **profile_parameters()).set_index("indicator_id")
    row = after.loc["N15419"]
    assert row["year"] == 2021  # 2022 lacks the girls' value now: the latest year with both is 2021
    assert row["women"] == pytest.approx(79.2)
    index = store.run("equality_index", municipality_id="1780", year=2022, **INDEX_LIMITS).set_index("indicator_id")
    assert index.loc["N15419", "year"] == 2021 and index.loc["N15419", "status"] == "older"  # marked as such
    assert not math.isnan(row["gap"])


def test_a_built_file_of_the_older_layout_is_not_used_and_the_next_build_replaces_it(tmp_path):
    data_dir = snapshot_copy(tmp_path)
    stat = (data_dir / "snapshot" / "values.parquet").stat()
    older = data_dir / "cache" / f"values-{stat.st_size}-{stat.st_mtime_ns}.duckdb"  # the name before paired_values
    older.parent.mkdir()
    older.write_bytes(b"a cache file without paired_values")
    assert Store(data_dir).layout == "parquet"
    build(data_dir)
    store = Store(data_dir)
    assert store.layout == "duckdb" and not older.exists()
    assert [p.name for p in (data_dir / "cache").glob("values-*.duckdb")] == [
        f"values-{CACHE_VERSION}-{stat.st_size}-{stat.st_mtime_ns}.duckdb"]
    assert len(store.run("equality_index", municipality_id="1883", year=2022, **INDEX_LIMITS)) > 50
