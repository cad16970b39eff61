"""What a user waits for in a real browser: `streamlit run` on 127.0.0.1 and Debian's headless Chromium (Playwright),
against the app and, in the same run, a conventional pandas Streamlit app (bench/peer_app.py).

Usage (from the project root):
    .venv/bin/python bench/bench_browser.py                        # the committed snapshot, 8 tries each
    .venv/bin/python bench/bench_browser.py --data-dir /work/main/bench/out/rows_50000000
    .venv/bin/python bench/bench_browser.py --widgets year,slide --no-peer --cold 0

1. Cold start: a fresh server and a fresh browser profile, from `streamlit run serve.py` (or `--entry app.py`) until
   the first chart is drawn on `/` (no municipality: the first screen) and on `/?kommun=1780`; `--cold` times each.
2. New tab: a page (Jämför, Över tid, Karta, Översikt; kommun=1780) opened in a new tab of a warm server, timed from
   `goto` until the first chart is drawn (a <canvas> or <svg> inside stVegaLiteChart).
3. Widget change (WIDGETS): municipality, peer group, theme, indicator and year on Jämför, the areas on Över tid,
   the measure on Karta, the slide on Presentation (a deck of 4 slides written for the run). A selectbox gets its
   option's label typed and picked with Enter; timed from that key (or the slide button's click) until the first
   chart's drawn content has changed and no element is marked stale (`[data-stale="true"]`). Values are first shown
   uncached (the first round), then again from st.cache_data; both are reported.
The peer app gets the same cold start, new tab (its one page) and its four widgets; the summary prints the ratio.
"""

from __future__ import annotations

import argparse
import json
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
    watch_stages,
)

PEER_APP = Path(__file__).resolve().parent / "peer_app.py"
PROJECT = Path(__file__).resolve().parents[1]
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
# A property (not an attribute: the signature hashes the markup) on the drawn chart: still there after a change
# when Vega updated its view in place, gone when Streamlit built a new view.
TAG_JS = "() => { const el = document.querySelector('" + CHART.replace("'", "\\'") + "'); if (el) el.__benchOld = true; }"
TAGGED_JS = "() => { const el = document.querySelector('" + CHART.replace("'", "\\'") + "'); return !!(el && el.__benchOld); }"
OPTION_JS = """(text) => { const o = document.querySelectorAll('[role="option"]');
  return Array.from(o).some((x) => x.innerText.trim() === text); }"""
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


def navigation(context, url: str, tries: int, timeout_ms: int, pages=PAGES) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {title: [] for title, _ in pages}
    for i in range(tries):
        title, path = pages[i % len(pages)]
        page = context.new_page()
        started = time.perf_counter()
        page.goto(f"{url}{path}{'&' if '?' in path else '?'}kommun=1780", wait_until="commit")
        page.wait_for_selector(CHART, timeout=timeout_ms)
        times[title].append((time.perf_counter() - started) * 1000)
        if page.locator('[data-testid="stException"]').count():
            print(f"  exception on {title}", flush=True)
        page.close()
    return times


# (label, page path, widget key, kind): kind "select" types an option into a selectbox, "areas" adds an area to
# Över tid's multiselect and removes it again (Backspace), "slide" clicks the presentation's next/previous buttons.
WIDGETS = [("municipality", "/", "municipality", "select"), ("peer group", "/", "peer_kind", "select"),
           ("theme", "/", "theme", "select"), ("indicator", "/", "indicator", "select"),
           ("year", "/", "year", "select"), ("areas", "/over-tid", "areas", "areas"),
           ("map measure", "/karta", "measure", "select"), ("map year", "/karta", "map_year", "select"),
           ("slide", "/presentation", "slide", "slide")]
PEER_WIDGETS = [w for w in WIDGETS if w[0] in ("municipality", "theme", "indicator", "year")]
# Options after which the chart itself stays the same: an own peer group starts without members.
UNCHANGED = {"Egen grupp …", "Own group …"}
AREAS_TO_ADD = ["Arvika", "Torsby", "Sunne", "Filipstad", "Grums", "Säffle"]
# Indicators with values every year: the snapshot's income and VAB; a synthetic store (--data-dir) has its own ids.
INDICATORS = ["N00906", "N00942-N00943"]


def deck() -> dict:
    main, other = INDICATORS
    return {"title": "Bench", "views": [
        {"page": "jamfor", "params": {"kommun": "1780", "indikator": main, "ar": "2022"}, "title": "Jämför"},
        {"page": "jamfor", "params": {"kommun": "1780", "indikator": other, "ar": "2021"}, "title": "VAB"},
        {"page": "over-tid", "params": {"kommun": "1780", "indikator": main}, "title": "Över tid"},
        {"page": "karta", "params": {"kommun": "1780", "indikator": main, "ar": "2021"}, "title": "Karta"}]}


def synthetic_indicators(data_dir: Path) -> list[str]:
    """Two percent indicators of a synthetic store (bench_queries.py writes B-numbered ids)."""
    import pandas as pd
    indicators = pd.read_parquet(data_dir / "snapshot" / "indicators.parquet")
    return indicators.loc[indicators["unit"] == "percent", "indicator_id"].head(2).tolist()


def _changed(page, old: str, timeout_ms: int) -> None:
    page.wait_for_function(CHANGED_JS, arg=old, timeout=min(timeout_ms, 20_000), polling="raf")


def watch_messages(page, frames: list) -> None:
    """Record (time, "sent" | "spec" | "received") for every message on Streamlit's websocket of this page."""
    def on_received(payload) -> None:
        data = payload if isinstance(payload, bytes) else payload.encode("utf-8", "replace")
        frames.append((time.perf_counter(), "spec" if b"vega.github.io/schema/vega-lite" in data else "received"))

    def on_websocket(ws) -> None:
        if "_stcore/stream" in ws.url:
            ws.on("framesent", lambda _: frames.append((time.perf_counter(), "sent")))
            ws.on("framereceived", on_received)

    page.on("websocket", on_websocket)


def stages(frames: list, started: float, drawn: float) -> tuple[float, float, float]:
    """One change's (browser → request sent, server: request → chart's message, chart's message → drawn) in ms.
    The chart's message is the first that carries a Vega-Lite spec (Streamlit sends the element whole, also when
    the browser then only swaps its data)."""
    sent = next((at for at, kind in frames if kind == "sent" and at >= started), started)
    spec = next((at for at, kind in frames if kind == "spec" and at >= sent), drawn)
    return (sent - started) * 1000, (spec - sent) * 1000, (drawn - spec) * 1000


def interaction(context, url: str, path: str, widget: str, kind: str, tries: int, timeout_ms: int
                ) -> tuple[list[float], list[float], int, list[tuple[float, float, float]]]:
    """Widget changes on one page: (first time each value is shown, repeats, failed waits, stages of each)."""
    page = context.new_page()
    frames: list = []
    watch_messages(page, frames)
    # Jämför on an indicator with values every year (the default, council seats, repeats them between elections:
    # the chart would not change and the title above it is not timed).
    query = {"/": f"&indikator={INDICATORS[0]}", "/karta": f"&indikator={INDICATORS[0]}",
             "/presentation": "&visning=bench"}.get(path, "")
    page.goto(f"{url}{path}?kommun=1780{query}", wait_until="commit")
    page.wait_for_selector(CHART, timeout=timeout_ms)
    page.wait_for_function(NO_STALE, timeout=timeout_ms)
    first, repeat, seen, failed, in_place, parts = [], [], set(), 0, 0, []
    if kind == "select":
        current = page.locator(f".st-key-{widget} input").input_value()
        labels = [text for text in option_texts(page, widget) if text != current and text not in UNCHANGED]
        values = labels[:max(2, tries // 2)]     # first round: values nobody asked for yet, then again
    for i in range(tries):
        old = page.evaluate(SIGNATURE_JS)
        if kind == "select":
            text = values[i % len(values)]
            try:
                choose(page, widget, text, 10_000)
            except Exception:                                      # noqa: BLE001 - counted, reported
                failed += 1                                        # e.g. two options with the same label
                page.keyboard.press("Escape")
                continue
            act = lambda: page.keyboard.press("Enter")
        elif kind == "areas":                  # even tries add an area, odd tries take it away again
            text = AREAS_TO_ADD[(i // 2) % len(AREAS_TO_ADD)] + ("+" if i % 2 == 0 else "-")
            box = page.locator(f".st-key-{widget} input")
            box.click()
            if i % 2 == 0:
                box.fill(text[:-1])
                page.wait_for_function(OPTION_JS, arg=text[:-1], timeout=timeout_ms)
                act = lambda: page.keyboard.press("Enter")
            else:
                act = lambda: page.keyboard.press("Backspace")
        else:                                  # slides 1 -> 2 -> 3 -> 4 -> 3 -> 2 -> 1 -> 2 ...
            step = i % 6
            text = str(step)
            button = "slide_next" if step < 3 else "slide_previous"
            act = page.locator(f".st-key-{button} button").click
        page.evaluate(TAG_JS)
        frames.clear()
        started = time.perf_counter()
        act()
        try:
            _changed(page, old, timeout_ms)
        except Exception:                                          # noqa: BLE001 - counted, reported
            failed += 1
            if kind != "slide":
                page.keyboard.press("Escape")
            continue
        drawn = time.perf_counter()
        elapsed = (drawn - started) * 1000
        parts.append(stages(list(frames), started, drawn))
        in_place += bool(page.evaluate(TAGGED_JS))
        (repeat if text in seen else first).append(elapsed)
        seen.add(text)
        if kind == "areas":
            page.keyboard.press("Escape")
    errors = page.locator('[data-testid="stException"]').count()
    page.close()
    if failed or errors:
        print(f"  {path} {widget}: {failed} waits timed out, {errors} exceptions on the page", flush=True)
    print(f"  {path} {widget}: chart updated in place (same <svg>, no new Vega view) in {in_place} of "
          f"{len(first) + len(repeat)} changes", flush=True)
    return first, repeat, failed, parts


def cold_start(env: dict, work: Path, path: str, timeout_ms: int, script: Path | None = None) -> dict[str, float]:
    """A fresh server and a fresh browser profile: `streamlit run` → first chart on `path`, with the stages (ms since
    the start): healthy (/_stcore/health answers), dom (Streamlit's JavaScript parsed and run), ws (websocket
    opened), first (first message: the script run started), spec (first Vega-Lite spec sent), drawn."""
    profile = work / f"cold-{time.monotonic_ns()}"
    profile.mkdir()
    with chromium(profile) as context:
        page = context.new_page()
        page.goto("about:blank")
        with streamlit_server(env, work, script) as (url, process):
            marks = {"healthy": (time.perf_counter() - process.started_at) * 1000}

            def mark(name: str) -> None:
                marks.setdefault(name, (time.perf_counter() - process.started_at) * 1000)

            watch_stages(page, mark)
            page.goto(f"{url}{path}", wait_until="commit")
            page.wait_for_selector(CHART, timeout=timeout_ms)
            mark("first chart")
    return marks


def run_widgets(context, url: str, widgets, tries: int, timeout_ms: int) -> dict[str, list[float]]:
    results = {}
    for label, path, key, kind in widgets:
        first, repeat, failed, parts = interaction(context, url, path, key, kind, tries, timeout_ms)
        results[label] = first + repeat
        print(f"  {label:<13} all {pct(first + repeat)} | uncached {pct(first)} | cached {pct(repeat)}"
              f"{f' | {failed} failed' if failed else ''}; {load()}", flush=True)
        if parts:
            browser, server, render = (np.median([part[i] for part in parts]) for i in range(3))
            print(f"  {'':<13} p50 stages: browser → request sent {browser:4.0f} ms, server (script run up to the "
                  f"chart's message) {server:4.0f} ms, message → chart drawn {render:4.0f} ms", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, help="a store with snapshot/ (and cache/); default data/")
    parser.add_argument("--tries", type=int, default=8, help="changes per widget and navigations (default 8)")
    parser.add_argument("--cold", type=int, default=2, help="cold starts per first page (default 2)")
    parser.add_argument("--widgets", default="all", help="comma-separated labels of WIDGETS, or all")
    parser.add_argument("--no-peer", action="store_true", help="skip the conventional pandas app")
    parser.add_argument("--no-app", action="store_true", help="only the conventional pandas app")
    parser.add_argument("--timeout", type=int, default=60, help="seconds per wait (default 60)")
    parser.add_argument("--entry", default="serve.py", choices=("serve.py", "app.py"),
                        help="what `streamlit run` starts: serve.py (the README's command, loads at server start; "
                             "default) or app.py")
    args = parser.parse_args()
    started = time.time()
    chosen = WIDGETS if args.widgets == "all" else [w for w in WIDGETS if w[0] in args.widgets.split(",")]
    summary: dict[str, dict[str, list[float]]] = {"app": {}, "peer": {}}
    with data_overlay(args.data_dir) as env, tempfile.TemporaryDirectory(prefix="jamstat-browser-") as tmp:
        work = Path(tmp)
        (work / "presentations").mkdir()
        if args.data_dir:
            INDICATORS[:] = synthetic_indicators(args.data_dir)
        (work / "presentations" / "bench.json").write_text(json.dumps(deck(), ensure_ascii=False))
        print(f"{time.strftime('%Y-%m-%d %H:%M')}, store {args.data_dir or 'data/'}; {load()}", flush=True)
        runs = (([] if args.no_app else [("app", PROJECT / args.entry, chosen)])
                + ([] if args.no_peer else [("peer", PEER_APP, [w for w in PEER_WIDGETS if w in chosen])]))
        for name, script, widgets in runs:
            print(f"\n== {name} ({script.name})", flush=True)
            for path in (["/", "/?kommun=1780"] if name == "app" else ["/?kommun=1780"]):
                for _ in range(args.cold):
                    marks = cold_start(env, work, path, args.timeout * 1000, script)
                    summary[name].setdefault(f"cold {path}", []).append(marks["first chart"])
                    print(f"  cold start {path:<14} " + ", ".join(f"{k} {v:5.0f}" for k, v in marks.items())
                          + f" ms; {load()}", flush=True)
            with streamlit_server(env, work, script) as (url, process), chromium(work) as context:
                warm_up(context, url)
                nav = navigation(context, url, args.tries, args.timeout * 1000,
                                 PAGES if name == "app" else PAGES[:1])
                every = [t for times in nav.values() for t in times]
                summary[name]["new tab"] = every
                print(f"  new tab -> first chart (ms; {load()})")
                for title, times in nav.items():
                    if times:
                        print(f"    {title:<9} {pct(times)}")
                print(f"    {'all':<9} {pct(every)}", flush=True)
                print("  widget changed -> chart redrawn, nothing stale (ms)")
                summary[name].update(run_widgets(context, url, widgets, args.tries, args.timeout * 1000))
                print(f"  server RSS {rss_mb(process.pid):,.0f} MB", flush=True)
        print(f"\nsummary p50 / p95 ms (ratio = peer p50 / app p50); {load()}")
        for label, times in summary["app"].items():
            peer = summary["peer"].get(label)
            ratio = f"{np.median(peer) / np.median(times):5.1f}x" if peer and times else ""
            app = f"{np.median(times):7.0f} / {np.percentile(times, 95):7.0f}" if times else "n/a"
            other = f"{np.median(peer):7.0f} / {np.percentile(peer, 95):7.0f}" if peer else ""
            print(f"  {label:<22} app {app}   peer {other:<17} {ratio}")
        print(f"total {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
