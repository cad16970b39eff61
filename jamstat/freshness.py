"""How fresh the data are: the data files' version (a cache key) and the age of the last update from Kolada."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from jamstat import settings


def _stat(path: Path) -> tuple:
    try:
        stat = path.stat()
    except OSError:
        return (path.name, None)
    return (path.name, stat.st_size, stat.st_mtime_ns)


def data_signature(data_dir: Path) -> tuple:
    """Changes whenever the data the app reads change: the snapshot's and the live update's files (written by
    `python -m jamstat update`, from cron or the in-app refresh) and the built DuckDB files (jamstat/build.py).
    Cheap (a few stat calls), so it can key the app's cached store on every query."""
    data_dir = Path(data_dir)
    cache = data_dir / "cache"
    try:
        built = tuple(sorted(path.name for path in cache.glob("values-*.duckdb")))
    except OSError:
        built = ()
    return (str(data_dir), _stat(data_dir / "snapshot" / "values.parquet"),
            _stat(data_dir / "live" / "values.parquet"), _stat(data_dir / "live" / "meta.json"), built)


@dataclass(frozen=True)
class Age:
    """The data's vintage: the snapshot's retrieval date, the last live update's (None without one), how many days
    old the newest is, and whether the last update is older than the limit."""

    snapshot: dt.date
    updated: dt.date | None
    days: int
    stale: bool
    limit: int


def data_age(version: dict, today: dt.date, limit: int | None = None) -> Age:
    """Age from the store's data_version(). Only a live update can be stale: the embedded snapshot is the offline
    default, dated on every page, and is not expected to change."""
    limit = settings.STALE_AFTER_DAYS if limit is None else limit
    snapshot = dt.date.fromisoformat(settings.SNAPSHOT_VINTAGE)
    updated = None
    if version.get("kind") == "live":
        try:
            updated = dt.date.fromisoformat(str(version.get("date")))
        except ValueError:
            updated = None
    newest = updated or snapshot
    days = max((today - newest).days, 0)
    return Age(snapshot, updated, days, updated is not None and days > limit, limit)
