"""Where the time to the first chart goes in a real browser: `streamlit run` on 127.0.0.1, Debian's headless
Chromium (Playwright), a new tab per navigation (the same browser, so Streamlit's static files are in its cache).

Usage (from the project root):
    .venv/bin/python bench/browser_breakdown.py --tries 12

For every navigation (Jämför, Över tid, Karta, Översikt in turn, kommun=1780), milliseconds since `goto`:
  html      the page's HTML has arrived (response of the navigation)
  dom       DOMContentLoaded (Streamlit's JavaScript parsed and run)
  ws        the browser opened Streamlit's websocket
  first     the first websocket message from the server (the session has started a script run)
  spec      the first message that carries a Vega-Lite spec (the script reached the chart)
  element   the chart's element is in the DOM
  drawn     the chart's <svg>/<canvas> is there: what bench_browser.py times as "first chart"
The server's own share (script run) is roughly spec − first; Vega's share is drawn − spec.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    CHART,
    chromium,
    data_overlay,
    load,
    streamlit_server,
    warm_up,
    watch_stages,
)

PAGES = [("Jämför", "/"), ("Över tid", "/over-tid"), ("Karta", "/karta"), ("Översikt", "/oversikt")]
STAGES = ["html", "dom", "ws", "first", "spec", "element", "drawn"]


def one(context, url: str, path: str, timeout_ms: int) -> dict[str, float]:
    page = context.new_page()
    marks: dict[str, float] = {}
    started = time.perf_counter()

    def mark(name: str) -> None:
        marks.setdefault(name, (time.perf_counter() - started) * 1000)

    watch_stages(page, mark)
    page.goto(f"{url}{path}?kommun=1780", wait_until="commit")
    mark("html")
    page.wait_for_selector('[data-testid="stVegaLiteChart"]', state="attached", timeout=timeout_ms)
    mark("element")
    page.wait_for_selector(CHART, timeout=timeout_ms)
    mark("drawn")
    page.close()
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, help="a store with snapshot/ (and cache/); default data/")
    parser.add_argument("--tries", type=int, default=12, help="navigations (default 12: 3 per page)")
    parser.add_argument("--timeout", type=int, default=60, help="seconds per wait (default 60)")
    args = parser.parse_args()
    with data_overlay(args.data_dir) as env, tempfile.TemporaryDirectory(prefix="jamstat-breakdown-") as tmp:
        work = Path(tmp)
        with streamlit_server(env, work) as (url, _), chromium(work) as context:
            print(f"{time.strftime('%Y-%m-%d %H:%M')}, store {args.data_dir or 'data/'}; {load()}", flush=True)
            warm_up(context, url)
            rows: dict[str, list[dict]] = {title: [] for title, _ in PAGES}
            for i in range(args.tries):
                title, path = PAGES[i % len(PAGES)]
                rows[title].append(one(context, url, path, args.timeout * 1000))
            print(f"\nms since goto, p50 per stage (n per page = {args.tries // len(PAGES)}); {load()}")
            print(f"  {'page':<9}" + "".join(f"{stage:>9}" for stage in STAGES))
            for title, marks in [*rows.items(), ("all", [m for ms in rows.values() for m in ms])]:
                cells = [np.median([m[s] for m in marks if s in m]) if any(s in m for m in marks) else float("nan")
                         for s in STAGES]
                print(f"  {title:<9}" + "".join(f"{c:9.0f}" for c in cells))


if __name__ == "__main__":
    main()
