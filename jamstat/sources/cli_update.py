"""`python -m jamstat update [--kpi ID ...] [--years 2021,2022] [--base-url URL]`: refresh data/live from Kolada."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from tqdm import tqdm

from jamstat import settings
from jamstat.catalog import CatalogError, Indicator
from jamstat.sources.kolada import DEFAULT_BASE_URL, KoladaClient, KoladaError
from jamstat.sources.update import run_update


def _years(text: str) -> list[int]:
    """'2021,2022' or '2015-2022' (or a mix) → sorted unique years."""
    years: set[int] = set()
    try:
        for part in text.split(","):
            part = part.strip()
            if not part:
                continue
            if "-" in part:
                first, last = (int(p) for p in part.split("-", 1))
                years.update(range(first, last + 1))
            else:
                years.add(int(part))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year list: {text!r} (use e.g. 2021,2022 or 2015-2022)") from None
    if not years or not all(1900 <= y <= 2100 for y in years):
        raise argparse.ArgumentTypeError(f"not a year list: {text!r} (use e.g. 2021,2022 or 2015-2022)")
    return sorted(years)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m jamstat update",
        description="Fetch the catalogue's indicators from the Kolada API v3 into data/live/values.parquet.",
    )
    parser.add_argument("--kpi", nargs="+", action="extend", metavar="ID", default=[],
                        help="indicator id or Kolada KPI id (repeatable, commas allowed); default: all")
    parser.add_argument("--years", type=_years, default=None, help="e.g. 2021,2022 or 2015-2022; default: all years")
    # JAMSTAT_KOLADA_URL: another base URL for every update (a mirror, or a local replay server in the tests).
    base_url = os.environ.get("JAMSTAT_KOLADA_URL") or DEFAULT_BASE_URL
    parser.add_argument("--base-url", default=base_url, help=f"API base URL (default {base_url})")
    parser.add_argument("--live-dir", type=Path, default=settings.LIVE_DIR, help=argparse.SUPPRESS)
    # For the app's in-app refresh (jamstat/refresh.py): progress as "progress DONE TOTAL LABEL" lines on stdout.
    parser.add_argument("--progress-lines", action="store_true", help=argparse.SUPPRESS)
    return parser


def main(
    argv: list[str] | None = None,
    *,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
    catalog: tuple[Indicator, ...] | None = None,
) -> int:
    """Run the update; 0 on success, 1 with a one-paragraph message on stderr on failure.

    `transport`, `sleep` and `catalog` are hooks for tests (replayed responses, no waiting).
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "update":
        argv = argv[1:]
    args = build_parser().parse_args(argv)
    ids = [part.strip() for item in args.kpi for part in item.split(",") if part.strip()] or None

    bar = tqdm(total=0, unit="req", desc="Kolada", file=sys.stderr, leave=False)

    def progress(done: int, total: int, label: str) -> None:
        if args.progress_lines:
            print(f"progress {done} {total} {label}", flush=True)
            return
        bar.total = total
        bar.n = done
        bar.set_postfix_str(label, refresh=False)
        bar.refresh()

    try:
        with KoladaClient(args.base_url, transport=transport, sleep=sleep) as client:
            result = run_update(ids, client=client, catalog=catalog, live_dir=args.live_dir,
                                years=args.years, progress=progress)
    except (KoladaError, CatalogError) as exc:
        bar.close()
        print(f"Update failed: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        bar.close()
        print(f"Update failed: could not write to {args.live_dir}: {exc}", file=sys.stderr)
        return 1
    bar.close()
    print(f"Updated {len(result.indicators)} indicator(s), {result.n_rows} rows "
          f"({result.n_total} in total) → {result.path}")
    print(f"Retrieved {result.retrieved_at.isoformat()} from {args.base_url}")
    if result.no_data:
        print(f"No data returned for: {', '.join(result.no_data)} (old rows kept)")
    for reason, count in result.refused:
        print(f"Not stored: {count} row(s) from Kolada failed the checks ({reason.replace('_', ' ')})")
    # The app reads the built file for the new values; without it, the Parquet files (slower, with a hint).
    from jamstat.build import main as build_main
    if args.progress_lines:
        print("building", flush=True)
    return build_main(args.live_dir.parent)


if __name__ == "__main__":
    raise SystemExit(main())
