"""A live update (replayed Kolada responses) lands in data/live/ and the store prefers it, row by row."""

import math
import shutil

import pytest

from jamstat.catalog import load_catalog
from jamstat.settings import PROJECT_DIR
from jamstat.sources.update import run_update
from jamstat.store import Store, StoreError
from tests.test_kolada_client import EDGE, Replay, client_for, fixture_bytes, ok


@pytest.fixture
def data_dir(tmp_path):
    shutil.copytree(PROJECT_DIR / "data" / "snapshot", tmp_path / "snapshot")
    return tmp_path


def test_store_prefers_live_values_over_the_snapshot(data_dir):
    before = Store(data_dir).run("gap_by_area", indicator_id="N15419", year=2022, municipality_id=None, peer_ids=[])
    assert before.set_index("area_id").loc["1780", "women"] == pytest.approx(76.5)
    # The replayed 2022 page has Karlstad's girls' value suppressed (null) and boys' 74.7.
    with client_for(Replay(ok(fixture_bytes(EDGE)))) as client:
        result = run_update(["N15419"], client=client, catalog=load_catalog(), live_dir=data_dir / "live",
                            years=[2022])
    assert result.indicators == ("N15419",)
    store = Store(data_dir)
    after = store.run("gap_by_area", indicator_id="N15419", year=2022, municipality_id=None, peer_ids=[])
    karlstad = after.set_index("area_id").loc["1780"]
    assert math.isnan(karlstad["women"]) and karlstad["men"] == pytest.approx(74.7)
    assert math.isnan(karlstad["gap"])
    # Areas and years the update did not bring keep their snapshot values.
    assert after.set_index("area_id").loc["0180", "women"] == pytest.approx(80.8)
    older = store.run("gap_by_year", indicator_id="N15419", area_ids=["1780"]).set_index("year")
    assert older.loc[2021, "women"] == pytest.approx(79.2)
    version = store.data_version()
    assert version["kind"] == "live" and "N15419" in version["indicators"]


def test_a_live_update_gets_its_own_cache_file_and_a_newer_one_replaces_it(data_dir):
    Store(data_dir)
    (snapshot_only,) = (data_dir / "cache").glob("values-*.duckdb")
    with client_for(Replay(ok(fixture_bytes(EDGE)))) as client:
        run_update(["N15419"], client=client, catalog=load_catalog(), live_dir=data_dir / "live", years=[2022])
    store = Store(data_dir)
    assert store.layout == "duckdb" and store.has_live_data
    (with_live,) = (data_dir / "cache").glob("values-*.duckdb")  # the snapshot-only file is gone
    live = (data_dir / "live" / "values.parquet").stat()
    assert with_live.name.endswith(f"-live-{live.st_size}-{live.st_mtime_ns}.duckdb") and with_live != snapshot_only
    # The cache file holds the merged values: the live row (Karlstad's girls suppressed) wins over the snapshot's.
    rows = store.run("series_by_sex", indicator_id="N15419", area_ids=["1780"]).set_index(["year", "sex"])
    assert math.isnan(rows.loc[(2022, "women"), "value"]) and rows.loc[(2021, "women"), "value"] == pytest.approx(79.2)
    # A newer update (another file) is merged into a new cache file; the old one is removed.
    with client_for(Replay(ok(fixture_bytes(EDGE)))) as client:
        run_update(["N15419"], client=client, catalog=load_catalog(), live_dir=data_dir / "live", years=[2022])
    assert Store(data_dir).has_live_data
    (newer,) = (data_dir / "cache").glob("values-*.duckdb")
    live = (data_dir / "live" / "values.parquet").stat()
    assert newer.name.endswith(f"-live-{live.st_size}-{live.st_mtime_ns}.duckdb")


def test_missing_snapshot_says_how_to_rebuild(tmp_path):
    with pytest.raises(StoreError, match="python -m jamstat snapshot"):
        Store(tmp_path)


def test_truncated_snapshot_file_says_how_to_rebuild(data_dir):
    path = data_dir / "snapshot" / "values.parquet"
    path.write_bytes(path.read_bytes()[: 10_000])
    with pytest.raises(StoreError, match="python -m jamstat snapshot"):
        Store(data_dir)


def test_store_answers_from_a_native_duckdb_copy_built_once(data_dir):
    first = Store(data_dir)
    assert first.layout == "duckdb"
    built = list((data_dir / "cache").glob("values-*.duckdb"))
    assert len(built) == 1
    stamp = built[0].stat().st_mtime_ns
    assert Store(data_dir).layout == "duckdb" and built[0].stat().st_mtime_ns == stamp  # reused, not rebuilt
    rows = first.run("gap_by_area", indicator_id="N15419", year=2022, municipality_id=None, peer_ids=[])
    assert rows.set_index("area_id").loc["1780", "women"] == pytest.approx(76.5)


def test_store_falls_back_to_parquet_when_the_cache_cannot_be_written(data_dir):
    (data_dir / "cache").write_text("a file where the cache folder should be")
    store = Store(data_dir)
    assert store.layout == "parquet"
    rows = store.run("gap_by_area", indicator_id="N15419", year=2022, municipality_id=None, peer_ids=[])
    assert rows.set_index("area_id").loc["1780", "women"] == pytest.approx(76.5)
