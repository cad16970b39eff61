"""Command line: `python -m jamstat snapshot` builds data/snapshot/; `python -m jamstat boundaries` builds the
map's municipality boundaries; `python -m jamstat update` fetches from Kolada; `python -m jamstat build` writes the
DuckDB file the app reads (snapshot and update run it at their end); `python -m jamstat state-init` creates or
migrates the PostgreSQL schema for saved state when JAMSTAT_STATE_URL is set (several servers)."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from jamstat import logs
    logs.setup()
    if argv[:1] == ["update"]:
        from jamstat.sources.cli_update import main as update_main
        return update_main(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m jamstat", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    snapshot = commands.add_parser("snapshot", help="build data/snapshot/ from ../shared/data")
    snapshot.add_argument("--shared", help="folder with the Kolada source files (default ../shared/data)")
    boundaries = commands.add_parser("boundaries", help="build data/snapshot/municipalities.geojson and regions.geojson for the map")
    boundaries.add_argument("--source", help="folder with swedish_municipalities.geojson "
                                             "(default ../shared/data/raw/sweden-geojson)")
    commands.add_parser("update", help="fetch newer values from the Kolada API (see --help of update)")
    build = commands.add_parser("build", help="write the DuckDB file the app reads (data/cache/), before serving")
    build.add_argument("--memory-limit", help="DuckDB memory_limit for the build, e.g. 4GB (default DuckDB's)")
    commands.add_parser("state-init", help="create or migrate the PostgreSQL schema named by JAMSTAT_STATE_URL "
                                           "(own tables, presentations, peer groups, audit log)")
    args = parser.parse_args(argv)
    if args.command == "state-init":
        return state_init()
    if args.command == "build":
        from jamstat.build import main as build_main
        return build_main(config={"memory_limit": args.memory_limit} if args.memory_limit else None)
    if args.command == "snapshot":
        from pathlib import Path

        from jamstat import settings
        from jamstat.sources.snapshot import build_snapshot
        try:
            summary = build_snapshot(Path(args.shared) if args.shared else settings.SHARED_DATA_DIR)
        except FileNotFoundError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"snapshot: {summary['n_values']:,} values, {summary['n_indicators']} indicators, "
              f"{summary['n_areas']} areas, {summary['year_min']}–{summary['year_max']}, "
              f"{summary['bytes'] / 1e6:.1f} MB in {settings.SNAPSHOT_DIR}")
        from jamstat.build import main as build_main
        return build_main(settings.SNAPSHOT_DIR.parent)
    elif args.command == "boundaries":
        from pathlib import Path

        from jamstat.sources.boundaries import SOURCE_DIR, build_boundaries
        try:
            summary = build_boundaries(Path(args.source) if args.source else SOURCE_DIR)
        except FileNotFoundError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"boundaries: {summary['n_features']} municipalities, {summary['n_points']:,} points, "
              f"{summary['bytes'] / 1e3:.0f} KB in {summary['path']}")
        regions = summary["regions"]
        print(f"boundaries: {regions['n_features']} regions, {regions['n_points']:,} points, "
              f"{regions['bytes'] / 1e3:.0f} KB in {regions['path']}")
    return 0


def state_init() -> int:
    from jamstat import settings, statestore
    url = settings.state_url()
    if not url:
        print("error: set JAMSTAT_STATE_URL=postgresql://user@host/database (without it, saved state stays in "
              "local files under data/ and needs no set-up)", file=sys.stderr)
        return 2
    try:
        applied = statestore.PostgresState(url).init()
    except OSError as error:  # the operator's own URL: the driver's detail helps here
        print(f"error: {error} {error.__cause__ or ''}".rstrip(), file=sys.stderr)
        return 1
    latest = statestore.MIGRATIONS[-1][0]
    done = f"applied migration(s) {', '.join(map(str, applied))}" if applied else "already up to date"
    print(f"state database: schema version {latest}, {done}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
