"""A live update (replayed Kolada responses) lands in data/live/ and the store prefers it, row by row."""

import math
import shutil

import pytest

from jamstat.build import build
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


def test_a_live_update_gets_its_own_built_file_and_a_newer_one_replaces_it(data_dir):
    snapshot_only = build(data_dir).path
    with client_for(Replay(ok(fixture_bytes(EDGE)))) as client:
        run_update(["N15419"], client=client, catalog=load_catalog(), live_dir=data_dir / "live", years=[2022])
    unbuilt = Store(data_dir)  # the build is for the snapshot alone: read from Parquet until the next build
    assert unbuilt.layout == "parquet" and unbuilt.has_live_data and unbuilt.hint.problem == "not_built"
    assert build(data_dir).with_live
    store = Store(data_dir)
    assert store.layout == "duckdb" and store.has_live_data and store.hint is None
    (with_live,) = (data_dir / "cache").glob("values-*.duckdb")  # the snapshot-only file is gone
    live = (data_dir / "live" / "values.parquet").stat()
    assert with_live.name.endswith(f"-live-{live.st_size}-{live.st_mtime_ns}.duckdb") and with_live != snapshot_only
    # The built file holds the merged values: the live row (Karlstad's girls suppressed) wins over the snapshot's.
    rows = store.run("series_by_sex", indicator_id="N15419", area_ids=["1780"]).set_index(["year", "sex"])
    assert math.isnan(rows.loc[(2022, "women"), "value"]) and rows.loc[(2021, "women"), "value"] == pytest.approx(79.2)
    # A newer update (another file) is merged into a new built file; the old one is removed.
    with client_for(Replay(ok(fixture_bytes(EDGE)))) as client:
        run_update(["N15419"], client=client, catalog=load_catalog(), live_dir=data_dir / "live", years=[2022])
    build(data_dir)
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


def test_store_answers_from_the_built_file_built_once(data_dir):
    built = build(data_dir)
    assert not built.reused and built.path.parent == data_dir / "cache"
    first = Store(data_dir)
    assert first.layout == "duckdb" and first.hint is None
    stamp = built.path.stat().st_mtime_ns
    assert build(data_dir).reused and built.path.stat().st_mtime_ns == stamp  # up to date: not rebuilt
    assert list((data_dir / "cache").iterdir()) == [built.path]  # no temp file left
    rows = first.run("gap_by_area", indicator_id="N15419", year=2022, municipality_id=None, peer_ids=[])
    assert rows.set_index("area_id").loc["1780", "women"] == pytest.approx(76.5)


def test_unbuilt_store_reads_the_parquet_files_and_writes_nothing(data_dir):
    before = {p: p.stat().st_mtime_ns for p in data_dir.rglob("*")}
    store = Store(data_dir)
    assert store.layout == "parquet" and store.hint.problem == "not_built" and store.warnings == []
    rows = store.run("gap_by_area", indicator_id="N15419", year=2022, municipality_id=None, peer_ids=[])
    assert rows.set_index("area_id").loc["1780", "women"] == pytest.approx(76.5)
    store.close()
    assert {p: p.stat().st_mtime_ns for p in data_dir.rglob("*")} == before  # no cache/, nothing changed


def test_a_damaged_built_file_is_not_used(data_dir):
    path = build(data_dir).path
    path.write_bytes(b"not a duckdb file" * 100)
    store = Store(data_dir)
    assert store.layout == "parquet" and store.hint.problem == "built_damaged" and store.hint.detail
    assert len(store.run("areas")) == 312
