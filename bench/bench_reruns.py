"""Page rerun time through Streamlit's own test harness (AppTest), and the RSS of a real `streamlit run` server.

Usage (from the project root):
    .venv/bin/python bench/bench_reruns.py                                   # the committed snapshot
    JAMSTAT_DATA_DIR=... is set for you by --data-dir (the store is linked, never written):
    .venv/bin/python bench/bench_reruns.py --data-dir /work/main/bench/out/rows_50000000

For each page (Översikt, Jämför, Över tid, Karta; all with kommun=1780): the first run of the page with empty
caches, then --reruns reruns after a widget change, once with st.cache_data warm (every value seen before) and
once with st.cache_data cleared before each rerun. A rerun is timed as `AppTest.run()`: the whole app script
(sidebar + page), in process, without a browser or websocket.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    CHART,
    NO_STALE,
    PROJECT_DIR,
    chromium,
    data_overlay,
    load,
    pct,
    rss_mb,
    streamlit_server,
    warm_up,
)

# page file, URL path, widget (sidebar?, key) changed between reruns
PAGES = [
    ("Översikt", "app_pages/overview.py", "/oversikt", (False, "overview_year")),
    ("Jämför", "app_pages/compare.py", "/", (False, "year")),
    ("Över tid", "app_pages/over_time.py", "/over-tid", (True, "indicator")),
    ("Karta", "app_pages/map.py", "/karta", (False, "map_year")),
]
TARGET_RERUN_MS, TARGET_RSS_MB = 100, 512


def apptest_part(args) -> None:
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")   # no "No runtime found" line per run
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    cpu: list[float] = []                              # CPU time of this process per timed run (all threads)

    def timed_run(at) -> float:
        started, started_cpu = time.perf_counter(), time.process_time()
        at.run()
        elapsed = (time.perf_counter() - started) * 1000
        cpu.append((time.process_time() - started_cpu) * 1000)
        if at.exception:
            raise SystemExit(f"exception on the page: {[e.value for e in at.exception]}")
        return elapsed

    print(f"\nAppTest reruns (ms, whole script: sidebar + page), {args.reruns} reruns each; {load()}")
    rows = []
    for title, page, _, (in_sidebar, key) in PAGES:
        st.cache_data.clear()
        at = AppTest.from_file(str(PROJECT_DIR / "app.py"), default_timeout=args.timeout)
        at.query_params["kommun"] = "1780"
        timed_run(at)                                   # the entry page (Jämför) opens first, as in a browser
        at.switch_page(page)
        st.cache_data.clear()
        first = timed_run(at)

        def widget(at=at, in_sidebar=in_sidebar, key=key):
            return (at.sidebar if in_sidebar else at).selectbox(key=key)

        choices = list(range(min(args.values, len(widget().options))))
        for index in choices:                           # every value once: the cache is warm for all of them
            widget().select_index(index)
            timed_run(at)
        cached, uncached = [], []
        cpu.clear()
        for i in range(args.reruns):
            widget().select_index(choices[(i + 1) % len(choices)])
            cached.append(timed_run(at))
        cached_cpu = list(cpu)
        cpu.clear()
        for i in range(args.reruns):
            widget().select_index(choices[(i + 1) % len(choices)])
            st.cache_data.clear()
            uncached.append(timed_run(at))
        uncached_cpu = list(cpu)
        rows.append((title, key, first, cached, uncached))
        print(f"{title:<9} first (uncached) {first:8.1f} | cached {pct(cached)} | uncached {pct(uncached)}; "
              f"{load()}", flush=True)
        print(f"{'':<9} CPU time of the process        | cached {pct(cached_cpu)} | uncached {pct(uncached_cpu)}",
              flush=True)
    print(f"target: rerun p95 <= {TARGET_RERUN_MS} ms")
    import numpy as np
    for title, key, _, cached, uncached in rows:
        c95, u95 = np.percentile(cached, 95), np.percentile(uncached, 95)
        print(f"  {title:<9} (widget {key}): cached p95 {c95:.0f} ms {'yes' if c95 <= TARGET_RERUN_MS else 'NO'}, "
              f"uncached p95 {u95:.0f} ms {'yes' if u95 <= TARGET_RERUN_MS else 'NO'}")
    print(f"this process after AppTest: RSS {rss_mb():,.0f} MB")


def server_part(args, env: dict) -> None:
    with tempfile.TemporaryDirectory(prefix="jamstat-rss-") as tmp:
        work = Path(tmp)
        with streamlit_server(env, work) as (url, process), chromium(work) as context:
            print(f"\nstreamlit run, pid {process.pid}: RSS {rss_mb(process.pid):,.0f} MB after start; {load()}")
            warm_up(context, url)
            page = context.new_page()
            for title, _, path, _ in PAGES:
                page.goto(f"{url}{path}?kommun=1780", wait_until="domcontentloaded")
                page.wait_for_selector(CHART, timeout=args.timeout * 1000)
                page.wait_for_function(NO_STALE, timeout=args.timeout * 1000)
                errors = page.locator('[data-testid="stException"]').count()
                print(f"  visited {title:<9} server RSS {rss_mb(process.pid):,.0f} MB"
                      f"{f', {errors} exceptions on the page' if errors else ''}", flush=True)
            rss = rss_mb(process.pid)
            print(f"server RSS after every page: {rss:,.0f} MB (target <= {TARGET_RSS_MB} MB: "
                  f"{'yes' if rss <= TARGET_RSS_MB else 'NO'}); {load()}")
            page.close()




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, help="a store with snapshot/ (and cache/); default data/")
    parser.add_argument("--reruns", type=int, default=20, help="timed reruns per page and cache mode (default 20)")
    parser.add_argument("--values", type=int, default=4, help="widget values cycled through (default 4)")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per run or page load (default 120)")
    parser.add_argument("--skip-server", action="store_true", help="AppTest only, no streamlit run + chromium")
    args = parser.parse_args()
    started = time.time()
    with data_overlay(args.data_dir) as env:
        print(f"{time.strftime('%Y-%m-%d %H:%M')}, store {args.data_dir or PROJECT_DIR / 'data'}; {load()}")
        os.environ.update(env)              # before jamstat.settings is imported by the app script
        apptest_part(args)
        if not args.skip_server:
            server_part(args, env)
    print(f"total {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
