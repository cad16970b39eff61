"""`python -m jamstat build`: writes the DuckDB file the app reads (Kolada's values and their precomputed tables).

Run before serving (snapshot and update run it at their end), so the app only ever opens the store read-only.
The file, data/cache/values-<version>-<size>-<mtime>[-live-<size>-<mtime>].duckdb (store.built_file), holds:
- "values": the snapshot's values, with a live update's merged in (a live row wins), sorted by indicator, area,
  year, sex (the per-indicator queries read a few row groups);
- paired_values and gap_years: queries/_models/paired_sexes.sql and yearly_gaps.sql over those values, sorted by
  area (the per-municipality queries: profile, equality_index).
Written to a temp file in the same folder and renamed, so a reader sees the old file or the new one, never half of
one; files built for older data are then removed (a running app keeps reading the one it opened).
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from jamstat import settings
from jamstat.atomic import remove_stale_temps
from jamstat.store import (
    TABLES,
    StoreError,
    StoreWarning,
    _quoted,
    _read_parquet,
    _short,
    built_file,
    check_built,
    check_table,
    create_models,
    live_state,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Built:
    """What build() did: the file for the current data, whether it was there already, with or without live values,
    and the live update it left out (unreadable), if any."""

    path: Path
    reused: bool
    with_live: bool
    warnings: tuple[StoreWarning, ...]
    replaced: str = ""  # why a file that was there already was built again (damaged, another DuckDB version)


def build(data_dir: Path | None = None, config: dict | None = None,
          queries_dir: Path = settings.QUERIES_DIR) -> Built:
    """Build the store's DuckDB file for data_dir's snapshot (and live update) unless it is built already.

    config: DuckDB settings for the build (e.g. {"memory_limit": "4GB"} so that a big snapshot sorts within bounded
    memory, spilling to the system's temp directory). Raises StoreError when a snapshot file is missing or broken
    (a broken live update is left out, as the app does, and returned in warnings); OSError when the folder cannot
    be written."""
    data_dir = Path(data_dir) if data_dir else settings.DATA_DIR
    snapshot_dir = data_dir / "snapshot"
    live_values = data_dir / "live" / "values.parquet"
    options = {"temp_directory": str(Path(tempfile.gettempdir()) / "jamstat-duckdb"), **(config or {})}
    with duckdb.connect(":memory:", config=options) as connection:
        connection.execute("set enable_progress_bar = false")
        for table in TABLES:
            check_table(connection, table, snapshot_dir / f"{table}.parquet")
        with_live, warning = live_state(connection, live_values)
        warnings = (warning,) if warning else ()
        target = built_file(data_dir, with_live)
        replaced = ""
        if target.is_file():
            # Reused only if this DuckDB reads every block of it: a damaged file, or one written by another
            # DuckDB version (an upgrade), would otherwise survive every restart.
            try:
                check_built(connection, target)
                log.info("built store %s is up to date", target)
                return Built(target, True, with_live, warnings)
            except duckdb.Error as error:
                replaced = _short(error)
                log.warning("the built store %s cannot be read (%s): building it again", target, replaced)
                target.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(target.parent)  # what a killed build left
        source = live_values if with_live else snapshot_dir / "values.parquet"
        fd, tmp = tempfile.mkstemp(prefix=".values.", suffix=".duckdb.tmp", dir=target.parent)
        os.close(fd)
        os.unlink(tmp)  # DuckDB creates the file itself
        try:
            _write(connection, Path(tmp), snapshot_dir / "values.parquet", live_values if with_live else None,
                   queries_dir / "_models")
            os.replace(tmp, target)
        except duckdb.Error as error:
            # Footers were checked: what fails now is a damaged row group of the values read.
            raise StoreError("unreadable", source, _short(error)) from error
        finally:
            Path(tmp).unlink(missing_ok=True)
            Path(tmp + ".wal").unlink(missing_ok=True)
    for old in target.parent.glob("values-*.duckdb"):
        if old != target:
            old.unlink(missing_ok=True)
    log.info("built store %s written%s", target, " (with the live update)" if with_live else "")
    return Built(target, False, with_live, warnings, replaced)


def _write(connection: duckdb.DuckDBPyConnection, path: Path, snapshot: Path, live: Path | None,
           models_dir: Path) -> None:
    """Write the tables into a new DuckDB file at path. The models are created in the build's in-memory database
    and the file is attached, so the file holds tables alone (the app creates the models itself)."""
    create_models(connection, models_dir)
    connection.execute(f"attach {_quoted(path)} as built")
    try:
        snapshot_values = _read_parquet(snapshot)
        connection.execute(f"create or replace view snapshot_values as select * from {snapshot_values}")
        merged = "select * from snapshot_values"
        if live is not None:
            live_values = _read_parquet(live)
            connection.execute(f"create or replace view live_values as select * from {live_values}")
            merged = "select * from live_over_snapshot('live_values', 'snapshot_values')"
        connection.execute(f"""create table built."values" as {merged} order by indicator_id, area_id, year, sex""")
        connection.execute("""create table built.paired_values as
            select * from paired_sexes('built.values') order by area_id, year, indicator_id""")
        connection.execute("""create table built.gap_years as
            select * from yearly_gaps('built.paired_values') order by area_id, indicator_id""")
    finally:
        connection.execute("detach built")


def report(built: Built) -> str:
    """One line for the command line: which file, from which data."""
    what = "snapshot + live update" if built.with_live else "snapshot"
    state = "up to date" if built.reused else "built"
    lines = [f"build: {built.path} ({what}) {state}"]
    if built.replaced:
        lines.append(f"note: the file that was there could not be read ({built.replaced}) and was built again")
    lines += [f"warning: the live update {w.path} cannot be read ({w.detail or w.problem}) and is left out"
              for w in built.warnings]
    return "\n".join(lines)


def main(data_dir: Path | None = None, config: dict | None = None) -> int:
    """Build, print what was done; 0 on success, 1 with a one-line message on stderr on failure."""
    try:
        built = build(data_dir, config)
    except (StoreError, OSError) as error:
        log.error("build failed: %s", error)
        print(f"Build failed: {error}", file=sys.stderr)
        return 1
    print(report(built))
    return 0
