"""What a user waits for in a real browser: `streamlit run` on 127.0.0.1 and Debian's headless Chromium (Playwright).

Usage (from the project root):
    .venv/bin/python bench/bench_browser.py                        # the committed snapshot, 20 tries each
    .venv/bin/python bench/bench_browser.py --data-dir /work/main/bench/out/rows_50000000

1. Navigation: a new tab opens a page (Jämför, Över tid, Karta, Översikt; kommun=1780), timed from `goto` until the
   first chart is drawn (a <canvas> or <svg> inside stVegaLiteChart).
2. Interaction: on Jämför, a widget (the year selectbox, or with --widget indicator the sidebar's indicator) is set
   to another value (its label typed into the combobox); timed from the Enter that picks it until the chart's drawn content has changed and no
   element is marked stale (`[data-stale="true"]`). Each value is first shown once uncached (the first round goes
   through values no session asked for), then again from st.cache_data; both are reported.
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
    NO_STALE,
    chromium,
    data_overlay,
    load,
    pct,
    rss_mb,
    streamlit_server,
    warm_up,
)

PAGES = [("Jämför", "/"), ("Över tid", "/over-tid"), ("Karta", "/karta"), ("Översikt", "/oversikt")]
TARGET_FIRST_MS, TARGET_INTERACTION_MS = 2000, 300

# A short fingerprint of what the first chart shows (canvas pixels or svg markup), to see it change.
SIGNATURE_JS = """() => {
  const el = document.querySelector('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg');
  if (!el) { return null; }
  const s = el.tagName.toLowerCase() === 'canvas' ? el.toDataURL() : el.outerHTML;
  let h = 0;
  for (let i = 0; i < s.length; i++) { h = (h * 31 + s.charCodeAt(i)) | 0; }
  return s.length + ':' + h;
}"""
FILTERED_JS = """(text) => { const o = document.querySelectorAll('[role="option"]');
  return o.length > 0 && o[0].innerText.trim() === text && o[0].getAttribute('data-focused') === 'true'; }"""
# Done when nothing is stale and the chart differs (or is gone: a year without data shows a message instead).
CHANGED_JS = "(old) => { const s = (" + SIGNATURE_JS + ")(); return s !== old && " + NO_STALE + "; }"


def option_texts(page, key: str) -> list[str]:
    """The labels of the selectbox with st-key-<key> (Streamlit 1.67 draws a react-aria combobox)."""
    page.locator(f".st-key-{key} input").click()
    options = page.locator("[role='option']")
    options.first.wait_for(timeout=10_000)
    texts = options.all_inner_texts()
    page.keyboard.press("Escape")
    return texts


def choose(page, key: str, text: str, timeout_ms: int) -> None:
    """Type an option's label into the combobox so that one option is left; Enter (pressed by the caller) picks it.
    Clicking the option itself is unreliable: the chart's toolbar can lie over the list."""
    box = page.locator(f".st-key-{key} input")
    box.click()
    box.fill(text)
    page.wait_for_function(FILTERED_JS, arg=text, timeout=timeout_ms)   # the list shows the typed value first


def navigation(context, url: str, tries: int, timeout_ms: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {title: [] for title, _ in PAGES}
    for i in range(tries):
        title, path = PAGES[i % len(PAGES)]
        page = context.new_page()
        started = time.perf_counter()
        page.goto(f"{url}{path}?kommun=1780", wait_until="commit")
        page.wait_for_selector(CHART, timeout=timeout_ms)
        times[title].append((time.perf_counter() - started) * 1000)
        if page.locator('[data-testid="stException"]').count():
            print(f"  exception on {title}", flush=True)
        page.close()
    return times


def interaction(context, url: str, widget: str, tries: int, timeout_ms: int) -> tuple[list[float], list[float]]:
    page = context.new_page()
    page.goto(f"{url}/?kommun=1780", wait_until="commit")
    page.wait_for_selector(CHART, timeout=timeout_ms)
    page.wait_for_function(NO_STALE, timeout=timeout_ms)
    current = page.locator(f".st-key-{widget} input").input_value()
    labels = [text for text in option_texts(page, widget) if text != current]
    values = labels[:max(2, tries // 2)]            # first round: values nobody asked for yet, then again
    first, repeat, seen, failed = [], [], set(), 0
    for i in range(tries):
        text = values[i % len(values)]
        old = page.evaluate(SIGNATURE_JS)
        choose(page, widget, text, timeout_ms)
        started = time.perf_counter()
        page.keyboard.press("Enter")
        try:
            page.wait_for_function(CHANGED_JS, arg=old, timeout=min(timeout_ms, 20_000), polling="raf")
        except Exception:                                          # noqa: BLE001 - counted, reported
            failed += 1
            continue
        elapsed = (time.perf_counter() - started) * 1000
        (repeat if text in seen else first).append(elapsed)
        seen.add(text)
    errors = page.locator('[data-testid="stException"]').count()
    page.close()
    if failed or errors:
        print(f"  interaction: {failed} waits timed out, {errors} exceptions on the page", flush=True)
    return first, repeat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, help="a store with snapshot/ (and cache/); default data/")
    parser.add_argument("--tries", type=int, default=20, help="navigations and interactions (default 20 each)")
    parser.add_argument("--widget", default="year", choices=["year", "indicator"], help="what to change on Jämför")
    parser.add_argument("--timeout", type=int, default=60, help="seconds per wait (default 60)")
    args = parser.parse_args()
    started = time.time()
    with data_overlay(args.data_dir) as env, tempfile.TemporaryDirectory(prefix="jamstat-browser-") as tmp:
        work = Path(tmp)
        with streamlit_server(env, work) as (url, process), chromium(work) as context:
            print(f"{time.strftime('%Y-%m-%d %H:%M')}, store {args.data_dir or 'data/'}, server pid {process.pid}; "
                  f"{load()}", flush=True)
            warm_up(context, url)
            nav = navigation(context, url, args.tries, args.timeout * 1000)
            every = [t for times in nav.values() for t in times]
            print(f"\nnavigation -> first chart (ms; {load()})")
            for title, times in nav.items():
                print(f"  {title:<9} {pct(times)}")
            print(f"  {'all':<9} {pct(every)}")
            first, repeat = interaction(context, url, args.widget, args.tries, args.timeout * 1000)
            print(f"\nJämför, {args.widget} changed -> chart redrawn, nothing stale (ms; {load()})")
            print(f"  {'uncached':<9} {pct(first)}")
            print(f"  {'cached':<9} {pct(repeat)}")
            print(f"  {'all':<9} {pct(first + repeat)}")
            rss = rss_mb(process.pid)
            nav95 = np.percentile(every, 95)
            int95 = np.percentile(first + repeat, 95) if first + repeat else float("nan")
            print(f"\ntargets: first chart p95 <= {TARGET_FIRST_MS} ms: {'yes' if nav95 <= TARGET_FIRST_MS else 'NO'}"
                  f" ({nav95:.0f}); interaction p95 <= {TARGET_INTERACTION_MS} ms: "
                  f"{'yes' if int95 <= TARGET_INTERACTION_MS else 'NO'} ({int95:.0f}); server RSS {rss:,.0f} MB; "
                  f"total {time.time() - started:.0f} s; {load()}")


if __name__ == "__main__":
    main()
