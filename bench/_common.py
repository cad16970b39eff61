"""Shared by the page benchmarks: a `streamlit run` server on 127.0.0.1, Debian's Chromium through Playwright
(the same flags as tests/test_browser.py, never a downloaded browser), RSS, percentiles and the big-store overlay."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np

PROJECT_DIR = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CHART = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'
NO_STALE = "document.querySelectorAll('[data-stale=\"true\"]').length === 0"


def load() -> str:
    return "load average " + "/".join(f"{x:.1f}" for x in os.getloadavg())


def rss_mb(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(times) -> str:
    if len(times) == 0:
        return "n/a"
    p50, p95 = np.percentile(times, [50, 95])
    return f"p50 {p50:7.1f}  p95 {p95:7.1f}  (n={len(times)})"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise SystemExit("Debian's chromium is required: apt-get install -y chromium")
    return path


OVERLAYS = PROJECT_DIR / "bench" / "out" / "overlays"


def overlay_store(data_dir: Path, root: Path = OVERLAYS) -> Path:
    """A store directory of our own that reads data_dir's snapshot without ever writing into it:
    root/<name>/snapshot/ holds symlinks to data_dir's snapshot files (plus the committed map boundaries when the
    store has none: synthetic stores do not), and root/<name>/cache/ is a real directory, where the store's file is
    built (jamstat.build, once: the overlay stays between runs). A built file of data_dir's with the name the store
    wants is linked rather than rebuilt. Returns root/<name>."""
    data_dir = data_dir.resolve()
    overlay = root / ("_".join(data_dir.parts[1:]) or "root")
    snapshot = overlay / "snapshot"
    snapshot.mkdir(parents=True, exist_ok=True)
    for path in (data_dir / "snapshot").iterdir():
        link = snapshot / path.name
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(path.resolve())
    boundaries = PROJECT_DIR / "data" / "snapshot" / "municipalities.geojson"
    if not (snapshot / boundaries.name).exists():
        (snapshot / boundaries.name).symlink_to(boundaries)
    for name in ("bench_meta.json",):
        if (data_dir / name).exists():
            shutil.copyfile(data_dir / name, overlay / name)
    cache = overlay / "cache"
    cache.mkdir(exist_ok=True)
    for path in (data_dir / "cache").glob("values-*.duckdb") if (data_dir / "cache").is_dir() else ():
        link = cache / path.name
        if not (link.is_symlink() or link.exists()):
            link.symlink_to(path)
    from jamstat.build import build
    build(overlay, config={"memory_limit": "4GB"})  # the app only reads it, as when served
    return overlay


@contextlib.contextmanager
def data_overlay(data_dir: Path | None):
    """JAMSTAT_DATA_DIR for a store given by --data-dir, without writing into it (see overlay_store; the
    store's file is built in the overlay the first time). Yields the environment to use (unchanged for
    the real snapshot, whose file is built in data/ as `python -m jamstat build` does)."""
    if data_dir is None:
        from jamstat.build import build
        build(PROJECT_DIR / "data")
        yield dict(os.environ)
        return
    yield {**os.environ, "JAMSTAT_DATA_DIR": str(overlay_store(data_dir))}


@contextlib.contextmanager
def streamlit_server(env: dict, work: Path, script: Path | None = None):
    """`streamlit run app.py` (or `script`) on a free port of 127.0.0.1; yields (url, process). Saved views and
    peer sets go to `work`, never into data/. `process.started_at` is time.perf_counter() just before the start."""
    env = {**env, "JAMSTAT_PRESENTATIONS": str(work / "presentations"),
           "JAMSTAT_PEER_SETS": str(work / "peer_sets.json")}
    port = free_port()
    log = open(work / "streamlit.log", "wb")  # noqa: SIM115 (closed in finally, after the server)
    started_at = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script or PROJECT_DIR / "app.py"), "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=PROJECT_DIR, stdout=log, stderr=subprocess.STDOUT, env=env)
    process.started_at = started_at
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 90
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            if process.poll() is not None:
                raise SystemExit((work / "streamlit.log").read_text())
            if time.time() > deadline:
                raise SystemExit("streamlit did not become healthy in 90 s")
            time.sleep(0.05)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextlib.contextmanager
def chromium(work: Path, width: int = 1400, height: int = 1000):
    """One headless Debian Chromium with a fresh user-data dir; yields a Playwright browser context."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(work / "chromium-profile"), executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True,
            viewport={"width": width, "height": height})
        try:
            yield context
        finally:
            context.close()


def warm_up(context, url: str) -> None:
    """Open the entry page once: the very first session of a server runs in the old multipage mode
    (streamlit#9992, see tests/test_browser.py); users only meet that right after a restart."""
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(CHART, timeout=120_000)
    page.close()


def watch_stages(page, mark) -> None:
    """Call mark(stage) the first time each stage is reached on this Playwright page: "dom" (DOMContentLoaded),
    "ws" (Streamlit's websocket opened), "first" (its first message: the script run started), "spec" (the first
    message carrying a Vega-Lite spec)."""
    def on_frame(payload) -> None:
        mark("first")
        data = payload if isinstance(payload, bytes) else payload.encode("utf-8", "replace")
        if b"vega.github.io/schema/vega-lite" in data:
            mark("spec")

    def on_websocket(ws) -> None:
        if "_stcore/stream" in ws.url:
            mark("ws")
            ws.on("framereceived", on_frame)

    page.on("websocket", on_websocket)
    page.on("domcontentloaded", lambda: mark("dom"))
