"""A live update killed (SIGKILL) while fetching or while writing: the old live files stay byte for byte, the store
never reads a partial file, and the next update cleans up and completes.

The update runs in a child process (python -c) on replayed Kolada pages; a hook makes it stop at the chosen
moment and say so in a marker file, and the test then kills it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from jamstat.catalog import load_catalog
from jamstat.settings import PROJECT_DIR
from jamstat.sources.kolada import KoladaError
from jamstat.sources.update import run_update
from jamstat.store import Store
from tests.test_kolada_client import (
    EDGE,
    Replay,
    client_for,
    fixture_bytes,
    n15419_router,
    ok,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and flock are POSIX")

WORKER = textwrap.dedent("""
    import io, os, sys, time
    from pathlib import Path

    import httpx
    import pyarrow.parquet as pq

    from jamstat.catalog import load_catalog
    from jamstat.sources.kolada import KoladaClient
    from jamstat.sources.update import run_update
    from tests.test_kolada_client import n15419_router

    live_dir, stop_at, marker = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    router = n15419_router()

    def handler(request):
        if stop_at == "fetch" and request.url.params.get("page") == "2":
            marker.write_text("fetching page 2")
            time.sleep(600)
        return router(request)

    real_write = pq.write_table

    def half_then_hang(table, where, **options):
        buffer = io.BytesIO()
        real_write(table, buffer, **options)
        data = buffer.getvalue()
        where.write(data[: len(data) // 2])
        where.flush()
        os.fsync(where.fileno())
        marker.write_text("half written")
        time.sleep(600)

    if stop_at == "write":
        pq.write_table = half_then_hang
    client = KoladaClient(transport=httpx.MockTransport(handler), sleep=lambda seconds: None)
    run_update(["N15419"], client=client, catalog=load_catalog(), live_dir=live_dir, years=[2021, 2022])
    marker.write_text("finished")
""")


@pytest.fixture
def data_dir(tmp_path) -> Path:
    shutil.copytree(PROJECT_DIR / "data" / "snapshot", tmp_path / "data" / "snapshot")
    return tmp_path / "data"


def previous_update(data_dir: Path) -> dict[str, bytes]:
    """A completed earlier update (N15419, 2022, Karlstad's girls' value suppressed); its files' bytes."""
    live = data_dir / "live"
    with client_for(Replay(ok(fixture_bytes(EDGE)))) as client:
        run_update(["N15419"], client=client, catalog=load_catalog(), live_dir=live, years=[2022])
    return files(live)


def files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())} if directory.exists() else {}


def kill_update_at(stop_at: str, live_dir: Path, tmp_path: Path) -> None:
    """Start an update in a child process, wait until it reaches stop_at, then SIGKILL it."""
    marker = tmp_path / f"reached-{stop_at}"
    child = subprocess.Popen([sys.executable, "-c", WORKER, str(live_dir), stop_at, str(marker)], cwd=PROJECT_DIR,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            if child.poll() is not None:
                raise AssertionError(f"the update ended before {stop_at}: {child.stderr.read().decode()[-2000:]}")
            assert time.monotonic() < deadline, f"the update never reached {stop_at}"
            time.sleep(0.05)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    assert marker.read_text() != "finished"


def karlstad_2022(store: Store) -> pd.Series:
    rows = store.run("gap_by_area", indicator_id="N15419", year=2022, municipality_id=None, peer_ids=[])
    return rows.set_index("area_id").loc["1780"]


def temp_files(live_dir: Path) -> list[Path]:
    return sorted(live_dir.glob(".*.tmp"))


@pytest.mark.parametrize("stop_at", ["fetch", "write"])
def test_killed_update_leaves_the_previous_live_files_byte_for_byte(data_dir, tmp_path, stop_at):
    live = data_dir / "live"
    before = previous_update(data_dir)
    answer_before = karlstad_2022(Store(data_dir))
    kill_update_at(stop_at, live, tmp_path)

    after = {name: data for name, data in files(live).items() if not name.endswith(".tmp")}
    assert after == before
    leftovers = temp_files(live)
    if stop_at == "write":
        # The kill came mid-write: a half-written hidden temp file is all that is left of it.
        assert [p.name.startswith(".values.parquet.") for p in leftovers] == [True]
        assert 0 < leftovers[0].stat().st_size
    else:
        assert leftovers == []  # nothing is written while fetching

    store = Store(data_dir)  # opens, reads the previous live file, ignores the partial one
    assert store.warnings == [] and store.has_live_data
    pd.testing.assert_series_equal(karlstad_2022(store), answer_before)
    assert store.data_version()["kind"] == "live"


def test_killed_first_update_leaves_no_live_file_and_the_snapshot_works(data_dir, tmp_path):
    live = data_dir / "live"
    kill_update_at("write", live, tmp_path)
    assert not (live / "values.parquet").exists() and not (live / "meta.json").exists()
    assert len(temp_files(live)) == 1
    store = Store(data_dir)
    assert store.warnings == [] and not store.has_live_data
    assert karlstad_2022(store)["women"] == pytest.approx(76.5)  # the snapshot's value


def test_next_update_removes_the_leftovers_and_completes(data_dir, tmp_path):
    live = data_dir / "live"
    previous_update(data_dir)
    kill_update_at("write", live, tmp_path)
    assert temp_files(live)

    with client_for(n15419_router()) as client:  # the same update again: it starts over and completes
        result = run_update(["N15419"], client=client, catalog=load_catalog(), live_dir=live, years=[2021, 2022])
    assert temp_files(live) == []
    assert sorted(p.name for p in live.iterdir()) == ["meta.json", "values.parquet"]
    assert result.indicators == ("N15419",) and result.n_rows > 0
    store = Store(data_dir)
    assert store.warnings == [] and store.has_live_data
    written = pd.read_parquet(live / "values.parquet")
    assert set(written["year"]) == {2021, 2022} and len(written) == result.n_total


def test_a_second_update_refuses_while_one_is_writing(data_dir, tmp_path):
    live = data_dir / "live"
    before = previous_update(data_dir)
    marker = tmp_path / "reached-write"
    child = subprocess.Popen([sys.executable, "-c", WORKER, str(live), "write", str(marker)], cwd=PROJECT_DIR,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None, child.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline
            time.sleep(0.05)
        # The child holds the lock mid-write: a second update refuses rather than merging over it.
        with client_for(n15419_router()) as client, pytest.raises(KoladaError, match="Another update"):
            run_update(["N15419"], client=client, catalog=load_catalog(), live_dir=live, years=[2021, 2022])
        assert {n: d for n, d in files(live).items() if not n.endswith(".tmp")} == before
        assert len(temp_files(live)) == 1  # the running update's temp file was left alone
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    with client_for(n15419_router()) as client:  # the killed update's lock went with it
        run_update(["N15419"], client=client, catalog=load_catalog(), live_dir=live, years=[2021, 2022])
    assert temp_files(live) == []
