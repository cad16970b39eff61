"""Om data's "Hämta senaste från Kolada": the in-app update against recorded Kolada responses replayed by a local
HTTP server; another session then sees the new values without a restart; a cancel or a kill in the middle leaves
the old data served. Plus the data age every page shows."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from jamstat import freshness, presentations, refresh, settings
from jamstat.catalog import load_catalog
from jamstat.settings import PROJECT_DIR
from jamstat.sources.update import run_update
from jamstat.text import plain
from jamstat.web import data as web_data
from tests.conftest import APP, chart_data
from tests.test_kolada_client import EDGE, FIXTURES, client_for, fixture_bytes, ok
from tests.test_kolada_client import Replay as KoladaReplay

TIMEOUT = 60
# GET /v3/data/kpi/N21704/year/2023, recorded from the real API (5 municipalities; see tests/fixtures/kolada).
RECORDED = (FIXTURES / "recorded_n21704_2023_enveloped.json").read_bytes()
EMPTY = json.dumps({"values": [], "count": 0, "next_url": None, "previous_url": None}).encode()


class Replay(ThreadingHTTPServer):
    """Kolada on 127.0.0.1: the recorded page for the batch that asks for N21704 and 2023, empty pages otherwise.
    With hang_at set, that request (1-based) blocks until released, after setting reached."""

    daemon_threads = True

    def __init__(self, hang_at: int | None = None):
        super().__init__(("127.0.0.1", 0), ReplayHandler)
        self.hang_at, self.count, self.paths = hang_at, 0, []
        self.reached, self.release = threading.Event(), threading.Event()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v3"


class ReplayHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        server: Replay = self.server
        server.count += 1
        server.paths.append(self.path)
        if server.hang_at == server.count:
            server.reached.set()
            server.release.wait(60)
        segments = self.path.split("?")[0].split("/")
        kpis = segments[segments.index("kpi") + 1].split(",") if "kpi" in segments else []
        years = segments[segments.index("year") + 1].split(",") if "year" in segments else []
        body = RECORDED if "N21704" in kpis and "2023" in years else EMPTY
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """A copy of the snapshot that the app (and the update's child process) use; caches cleared."""
    data = tmp_path / "data"
    shutil.copytree(PROJECT_DIR / "data" / "snapshot", data / "snapshot")
    monkeypatch.setattr(settings, "DATA_DIR", data)
    monkeypatch.setattr(refresh, "_current", None)
    monkeypatch.delenv("JAMSTAT_KOLADA_URL", raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield data
    job = refresh.current()
    if job is not None and job.process.poll() is None:
        job.process.kill()
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def replay(request, monkeypatch):
    server = Replay(hang_at=getattr(request, "param", None))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("JAMSTAT_KOLADA_URL", server.base_url)  # read by `python -m jamstat update`
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def open_app(page: str, params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(params or {})
    at._page_hash = calc_hash(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at: AppTest, key: str) -> None:
    next(b for b in at.button if b.key == key).click().run()
    assert not at.exception, [e.value for e in at.exception]


def wait_until_finished(seconds: float = 120) -> refresh.Job:
    deadline = time.monotonic() + seconds
    job = refresh.current()
    while not job.finished:
        assert time.monotonic() < deadline, f"the update did not end: {job.output[-5:]}"
        time.sleep(0.1)
    return job


def captions(at: AppTest) -> str:
    return " ".join(plain(c.value) for c in at.caption)


STOCKHOLM_2023 = {"kommun": "0180", "indikator": "N21704"}


def test_in_app_refresh_reaches_every_session_without_a_restart(data_dir, replay):
    viewer = open_app("jamfor", STOCKHOLM_2023)  # another session, opened before the refresh
    assert max(viewer.selectbox(key="year").options) == "2022"
    assert "inte uppdaterade sedan dess" in captions(viewer)

    editor = open_app("om-data")
    click(editor, "refresh_start")
    job = wait_until_finished()
    assert job.state == "done", job.output
    editor.run()
    assert any("Klart" in s.value for s in editor.success)
    # The replay server saw the update's requests: the catalogue's KPIs in batches of 25, every year.
    assert any("N21704" in path and "2023" in path for path in replay.paths) and len(replay.paths) > 10
    assert job.total == len(replay.paths) and job.done == job.total
    meta = json.loads((data_dir / "live" / "meta.json").read_text(encoding="utf-8"))
    assert meta["base_url"] == replay.base_url and "N21704" in meta["indicators"]
    assert list((data_dir / "cache").glob("values-*-live-*.duckdb")), "the update did not rebuild the store"

    viewer.run()  # the same session, no restart: the new year is there and its values are the recorded ones
    assert "2023" in viewer.selectbox(key="year").options
    viewer.selectbox(key="year").set_value("2023").run()
    assert not viewer.exception
    stockholm = chart_data(viewer).set_index("area_id").loc["0180"]
    assert stockholm["women"] == pytest.approx(25.688929) and stockholm["men"] == pytest.approx(15.778849)
    assert f"senast uppdaterade från Kolada {dt.date.today().isoformat()}" in captions(viewer)


@pytest.mark.parametrize("replay", [3], indirect=True)
@pytest.mark.parametrize("how", ["cancel", "kill"])
def test_a_cancel_or_kill_in_the_middle_leaves_the_old_data_served(data_dir, replay, how):
    viewer = open_app("jamfor", STOCKHOLM_2023)
    editor = open_app("om-data")
    click(editor, "refresh_start")
    assert replay.reached.wait(60), "the update never reached the third request"
    deadline = time.monotonic() + 10
    while refresh.current().done < 2:  # its progress so far has reached the app
        assert time.monotonic() < deadline
        time.sleep(0.05)
    editor.run()
    bar = editor.get("progress")[0]
    assert "2 av" in bar.proto.text
    if how == "cancel":
        click(editor, "refresh_cancel")
    else:
        os.kill(refresh.current().process.pid, signal.SIGKILL)
    replay.release.set()
    job = wait_until_finished()
    assert job.state == ("cancelled" if how == "cancel" else "failed")
    editor.run()
    texts = " ".join(e.value for kind in ("info", "error") for e in editor.get(kind))
    assert ("avbröts" if how == "cancel" else "misslyckades") in texts

    assert not (data_dir / "live" / "values.parquet").exists()
    assert not list((data_dir / "live").glob(".*.tmp"))  # a killed update leaves at most a hidden temp file
    viewer.run()
    assert max(viewer.selectbox(key="year").options) == "2022"
    assert "inte uppdaterade sedan dess" in captions(viewer)


def test_every_page_says_how_old_the_data_are_and_warns_when_the_update_is_stale(data_dir, monkeypatch):
    at = open_app("karta", {"kommun": "1780"})
    assert "Koladas värden hämtade 2024-08-30" in captions(at) and not at.warning
    # A live update 20 days old, with the limit at 14 days: every page warns.
    live = data_dir / "live"
    with client_for(KoladaReplay(ok(fixture_bytes(EDGE)))) as client:
        run_update(["N15419"], client=client, catalog=load_catalog(), live_dir=live, years=[2022])
    meta = json.loads((live / "meta.json").read_text(encoding="utf-8"))
    retrieved = dt.datetime.now(dt.UTC) - dt.timedelta(days=20)
    (live / "meta.json").write_text(json.dumps({**meta, "retrieved_at": retrieved.isoformat()}))
    monkeypatch.setattr(settings, "STALE_AFTER_DAYS", 14)
    web_data._signature_memo.clear()  # the app looks at the files once a second; this test is quicker than that
    monkeypatch.setenv("JAMSTAT_PRESENTATIONS", str(data_dir / "presentations"))
    presentations.add_view(data_dir / "presentations", "Karlstad", presentations.SavedView(
        page="jamfor", params={"kommun": "1780", "indikator": "N15419", "ar": "2022"}, title="Behörighet", note=""))
    for page in ("karta", "oversikt", "presentation", "om-data"):
        at = open_app(page, {"kommun": "1780"})
        assert not at.error, (page, [e.value for e in at.error])
        assert f"senast uppdaterade från Kolada {retrieved.date().isoformat()} (20 dagar sedan)" in captions(at)
        (stale,) = [w.value for w in at.warning if "⏳" == w.proto.icon or "20 dagar" in w.value]
        assert "gränsen är 14 dagar" in stale
    monkeypatch.setattr(settings, "STALE_AFTER_DAYS", 30)
    at = open_app("karta", {"kommun": "1780"})
    assert not at.warning


def test_data_signature_changes_with_the_files_it_keys(tmp_path):
    (tmp_path / "snapshot").mkdir()
    (tmp_path / "snapshot" / "values.parquet").write_bytes(b"a")
    first = freshness.data_signature(tmp_path)
    (tmp_path / "live").mkdir()
    (tmp_path / "live" / "values.parquet").write_bytes(b"b")
    second = freshness.data_signature(tmp_path)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "values-v3-1-2-live-3-4.duckdb").write_bytes(b"")
    third = freshness.data_signature(tmp_path)
    assert len({first, second, third}) == 3 and freshness.data_signature(tmp_path) == third
