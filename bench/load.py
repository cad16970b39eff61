"""Concurrent sessions: N Playwright pages in ONE headless Debian Chromium against one `streamlit run` server (or
several sharing one PostgreSQL for saved state), each changing the year on Jämför (the entry page, /) repeatedly.

Usage (from the project root):
    .venv/bin/python bench/load.py                                  # 20 sessions x 50 changes, committed snapshot
    .venv/bin/python bench/load.py --sessions 10 --changes 20 --timeout 300
    .venv/bin/python bench/load.py --data-dir /work/main/bench/out/rows_50000000
    .venv/bin/python bench/load.py --servers 2 --postgres           # two servers, a throwaway PostgreSQL
    .venv/bin/python bench/load.py --servers 2 --state-url postgresql://user@host/db   # an existing one

With --servers N the sessions are spread over the servers round-robin and each stays on its server, as a load
balancer with sticky sessions does. With --postgres (or --state-url) the servers keep saved state in PostgreSQL
(JAMSTAT_STATE_URL): before the run one own table is saved there, and the sessions' Jämför then checks on every
query whether own tables changed (one indexed query per second and server); after the run every server is asked
whether it lists that table.

Every session opens Jämför (/) with its own municipality (so the sessions ask for different query results and the
shared st.cache_data fills up), then sets the year selectbox to a random other year --changes times, each time
waiting until the chart has changed and nothing is stale. Reported: errors (stException elements, failed waits),
interaction latency p50/p95 over all changes, and the server's RSS before, during and after. The whole run stops
after --timeout seconds (sessions still running are counted as unfinished).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # jamstat, tests.postgres
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    CHART,
    CHROMIUM_FLAGS,
    NO_STALE,
    chromium_path,
    data_overlay,
    load,
    pct,
    rss_mb,
    streamlit_server,
)
from bench_browser import CHANGED_JS, FILTERED_JS, SIGNATURE_JS

TARGET_INTERACTION_MS = 300
# All sessions are tabs of one window: without these, Chromium throttles the tabs that are not in front (timers,
# animation frames, rendering), and their charts are never drawn (first try: 9 of 10 sessions timed out).
BACKGROUND_FLAGS = ["--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                    "--disable-backgrounding-occluded-windows"]


async def session(context, url: str, municipality: str, changes: int, seed: int, wait_ms: int, stats: dict,
                  delay_s: float = 0.0) -> None:
    rng = random.Random(seed)
    await asyncio.sleep(delay_s)
    page = await context.new_page()
    try:
        # An indicator with values every year: the default (council seats) repeats them between elections, and a
        # year with the same values draws the same chart (its title is above it), so there is no change to wait for.
        await page.goto(f"{url}/?kommun={municipality}&indikator=N00906", wait_until="commit")
        await page.wait_for_selector(CHART, timeout=wait_ms)
        await page.wait_for_function(NO_STALE, timeout=wait_ms)
        box = page.locator(".st-key-year input")
        years: list[str] = []
        for _ in range(10):                                    # the list can be empty while it opens
            await box.click()
            await page.locator("[role='option']").first.wait_for(timeout=wait_ms)
            years = [y for y in await page.locator("[role='option']").all_inner_texts() if y.strip()]
            await page.keyboard.press("Escape")
            if len(years) > 1:
                break
            await page.wait_for_timeout(500)
        for _ in range(changes):
            current = await box.input_value()
            text = rng.choice([y for y in years[:12] if y != current])
            old = await page.evaluate(SIGNATURE_JS)
            await box.click()
            await box.fill(text)
            await page.wait_for_function(FILTERED_JS, arg=text, timeout=wait_ms)
            started = time.perf_counter()
            await page.keyboard.press("Enter")
            try:
                await page.wait_for_function(CHANGED_JS, arg=old, timeout=wait_ms, polling=20)
                stats["latency"].append((time.perf_counter() - started) * 1000)
            except Exception:                                  # noqa: BLE001 - counted, reported
                stats["failed_waits"] += 1
        stats["exceptions"] += await page.locator('[data-testid="stException"]').count()
        stats["finished"] += 1
    except Exception as error:                                 # noqa: BLE001 - counted, reported
        stats["session_errors"].append(f"{municipality}: {type(error).__name__}: {str(error)[:120]}")
    finally:
        await page.close()


async def run(args, urls: list[str], pids: list[int], work: Path) -> dict:
    from playwright.async_api import async_playwright
    stats = {"latency": [], "failed_waits": 0, "exceptions": 0, "finished": 0, "session_errors": [], "rss": []}
    municipalities = ["1780", "0180", "1480", "1280", "0380", "2480", "1880", "0580", "2580", "1080",
                      "0680", "1283", "2180", "0880", "1980", "2281", "0480", "1281", "1782", "2380"]
    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(work / "chromium-profile"), executable_path=chromium_path(), args=CHROMIUM_FLAGS + BACKGROUND_FLAGS,
            headless=True,
            viewport={"width": 1200, "height": 900})
        for url in urls:
            warm = await context.new_page()                     # streamlit#9992: first session of a server
            await warm.goto(url, wait_until="commit")
            await warm.wait_for_selector(CHART, timeout=args.wait * 1000)
            await warm.close()
        stats["rss_before"] = [rss_mb(pid) for pid in pids]

        async def sample_rss():
            while True:
                stats["rss"].append([rss_mb(pid) for pid in pids])
                await asyncio.sleep(1)

        sampler = asyncio.create_task(sample_rss())
        # Sticky sessions: session i stays on server i mod N.
        tasks = [session(context, urls[i % len(urls)], municipalities[i % len(municipalities)], args.changes,
                         args.seed + i, args.wait * 1000, stats, delay_s=args.ramp * i / max(1, args.sessions))
                 for i in range(args.sessions)]
        started = time.perf_counter()
        try:
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=args.timeout)
        except TimeoutError:
            print(f"stopped after --timeout {args.timeout} s", flush=True)
        stats["elapsed_s"] = time.perf_counter() - started
        sampler.cancel()
        stats["rss_after"] = [rss_mb(pid) for pid in pids]
        await context.close()
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, help="a store with snapshot/ (and cache/); default data/")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (default 20)")
    parser.add_argument("--changes", type=int, default=50, help="year changes per session (default 50)")
    parser.add_argument("--timeout", type=int, default=600, help="stop the whole run after this many s (600)")
    parser.add_argument("--wait", type=int, default=60, help="seconds one wait may take before it fails (60)")
    parser.add_argument("--ramp", type=float, default=0.0,
                        help="seconds over which the sessions open, evenly (default 0: all at once)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--servers", type=int, default=1, help="streamlit servers, sessions spread over them (1)")
    parser.add_argument("--postgres", action="store_true",
                        help="start a throwaway PostgreSQL (Debian's binaries) for the servers' saved state")
    parser.add_argument("--state-url", default="", help="a postgresql:// URL for the servers' saved state")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        env = stack.enter_context(data_overlay(args.data_dir))
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="jamstat-load-")))
        state_url = args.state_url or (stack.enter_context(throwaway_postgres()) if args.postgres else "")
        if state_url:
            env = {**env, "JAMSTAT_STATE_URL": state_url}
            table = shared_table(env)
        servers = []
        for number in range(args.servers):
            (work / f"server{number}").mkdir()
            servers.append(stack.enter_context(streamlit_server(env, work / f"server{number}")))
        urls, pids = [url for url, _ in servers], [process.pid for _, process in servers]
        print(f"{time.strftime('%Y-%m-%d %H:%M')}, store {args.data_dir or 'data/'}: {args.sessions} sessions x "
              f"{args.changes} changes in one chromium, {args.servers} server(s) pid {pids}, saved state in "
              f"{'PostgreSQL' if state_url else 'local files'}; {load()}", flush=True)
        stats = asyncio.run(run(args, urls, pids, work))
        if state_url:
            seen = [own_table_listed(url, table, args.wait) for url in urls]
            print(f"the own table saved in PostgreSQL before the run is listed on Egen data by "
                  f"{sum(seen)}/{len(urls)} servers")
    done = len(stats["latency"])
    print(f"\nfinished sessions {stats['finished']}/{args.sessions}, changes timed {done}/"
          f"{args.sessions * args.changes} in {stats['elapsed_s']:.0f} s; {load()}")
    print(f"errors: {stats['exceptions']} stException, {stats['failed_waits']} failed waits, "
          f"{len(stats['session_errors'])} sessions aborted")
    for line in stats["session_errors"][:5]:
        print(f"  {line}")
    print(f"interaction latency (ms): {pct(stats['latency'])}")
    for number in range(len(stats["rss_before"])):
        during = [sample[number] for sample in stats["rss"]] or [float("nan")]
        print(f"server {number + 1} RSS: before {stats['rss_before'][number]:,.0f} MB, max during "
              f"{max(during):,.0f} MB, after {stats['rss_after'][number]:,.0f} MB")
    if done:
        import numpy as np
        p95 = np.percentile(stats["latency"], 95)
        print(f"target interaction p95 <= {TARGET_INTERACTION_MS} ms under load: "
              f"{'yes' if p95 <= TARGET_INTERACTION_MS else 'NO'} ({p95:.0f} ms)")


@contextlib.contextmanager
def throwaway_postgres():
    """A PostgreSQL in a temp dir (tests/postgres.py), its schema made by `python -m jamstat state-init`."""
    import subprocess

    from tests.postgres import running
    with running() as url:
        subprocess.run([sys.executable, "-m", "jamstat", "state-init"], check=True,
                       env={**os.environ, "JAMSTAT_STATE_URL": url})
        yield url


def shared_table(env: dict) -> str:
    """Save one own table into the servers' PostgreSQL (as an upload on any server would); returns its title."""
    import pandas as pd
    os.environ["JAMSTAT_STATE_URL"] = env["JAMSTAT_STATE_URL"]
    from jamstat import owndata
    rows = pd.DataFrame([{"indicator": "Bokade timmar", "unit": "hours", "population": "children",
                          "area_id": area, "year": 2022, "sex": sex, "value": value, "status": ""}
                         for area in ("1780", "0180") for sex, value in (("women", 10.0), ("men", 14.0))])
    return owndata.save_table(rows, "Lasttest delad tabell", actor="bench/load.py").title


def own_table_listed(url: str, title: str, wait_s: int) -> bool:
    """Whether a server's Egen data lists the table (read from PostgreSQL by that server)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True)
        try:
            page = browser.new_page()
            page.goto(f"{url}/egen-data", wait_until="commit")
            page.get_by_text(title).first.wait_for(timeout=wait_s * 1000)
            return True
        except Exception:                                      # noqa: BLE001 - reported as not listed
            return False
        finally:
            browser.close()


if __name__ == "__main__":
    main()
