"""Concurrent sessions: N Playwright pages in ONE headless Debian Chromium against one `streamlit run` server,
each changing the year on Jämför (the entry page, /) repeatedly.

Usage (from the project root):
    .venv/bin/python bench/load.py                                  # 20 sessions x 50 changes, committed snapshot
    .venv/bin/python bench/load.py --sessions 10 --changes 20 --timeout 300
    .venv/bin/python bench/load.py --data-dir /work/main/bench/out/rows_50000000

Every session opens Jämför (/) with its own municipality (so the sessions ask for different query results and the
shared st.cache_data fills up), then sets the year selectbox to a random other year --changes times, each time
waiting until the chart has changed and nothing is stale. Reported: errors (stException elements, failed waits),
interaction latency p50/p95 over all changes, and the server's RSS before, during and after. The whole run stops
after --timeout seconds (sessions still running are counted as unfinished).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

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
        await page.goto(f"{url}/?kommun={municipality}", wait_until="commit")
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


async def run(args, url: str, pid: int, work: Path) -> dict:
    from playwright.async_api import async_playwright
    stats = {"latency": [], "failed_waits": 0, "exceptions": 0, "finished": 0, "session_errors": [], "rss": []}
    municipalities = ["1780", "0180", "1480", "1280", "0380", "2480", "1880", "0580", "2580", "1080",
                      "0680", "1283", "2180", "0880", "1980", "2281", "0480", "1281", "1782", "2380"]
    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(work / "chromium-profile"), executable_path=chromium_path(), args=CHROMIUM_FLAGS + BACKGROUND_FLAGS,
            headless=True,
            viewport={"width": 1200, "height": 900})
        warm = await context.new_page()                         # streamlit#9992: first session of a server
        await warm.goto(url, wait_until="commit")
        await warm.wait_for_selector(CHART, timeout=args.wait * 1000)
        await warm.close()
        stats["rss_before"] = rss_mb(pid)

        async def sample_rss():
            while True:
                stats["rss"].append(rss_mb(pid))
                await asyncio.sleep(1)

        sampler = asyncio.create_task(sample_rss())
        tasks = [session(context, url, municipalities[i % len(municipalities)], args.changes, args.seed + i,
                         args.wait * 1000, stats, delay_s=args.ramp * i / max(1, args.sessions))
                 for i in range(args.sessions)]
        started = time.perf_counter()
        try:
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=args.timeout)
        except TimeoutError:
            print(f"stopped after --timeout {args.timeout} s", flush=True)
        stats["elapsed_s"] = time.perf_counter() - started
        sampler.cancel()
        stats["rss_after"] = rss_mb(pid)
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
    args = parser.parse_args()
    with data_overlay(args.data_dir) as env, tempfile.TemporaryDirectory(prefix="jamstat-load-") as tmp:
        work = Path(tmp)
        with streamlit_server(env, work) as (url, process):
            print(f"{time.strftime('%Y-%m-%d %H:%M')}, store {args.data_dir or 'data/'}: {args.sessions} sessions x "
                  f"{args.changes} changes in one chromium, server pid {process.pid}; {load()}", flush=True)
            stats = asyncio.run(run(args, url, process.pid, work))
    done = len(stats["latency"])
    print(f"\nfinished sessions {stats['finished']}/{args.sessions}, changes timed {done}/"
          f"{args.sessions * args.changes} in {stats['elapsed_s']:.0f} s; {load()}")
    print(f"errors: {stats['exceptions']} stException, {stats['failed_waits']} failed waits, "
          f"{len(stats['session_errors'])} sessions aborted")
    for line in stats["session_errors"][:5]:
        print(f"  {line}")
    print(f"interaction latency (ms): {pct(stats['latency'])}")
    rss = stats["rss"] or [float("nan")]
    print(f"server RSS: before {stats['rss_before']:,.0f} MB, max during {max(rss):,.0f} MB, "
          f"after {stats['rss_after']:,.0f} MB")
    if done:
        import numpy as np
        p95 = np.percentile(stats["latency"], 95)
        print(f"target interaction p95 <= {TARGET_INTERACTION_MS} ms under load: "
              f"{'yes' if p95 <= TARGET_INTERACTION_MS else 'NO'} ({p95:.0f} ms)")


if __name__ == "__main__":
    main()
