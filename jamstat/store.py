"""The only module that talks to DuckDB: opens views over the Parquet store and runs queries/*.sql by name."""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from jamstat import settings

TABLES = ("values", "indicators", "areas", "groups")
PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")


class StoreError(RuntimeError):
    """The store's files are missing or unreadable; the message says which file and how to rebuild it.

    problem is one of PROBLEMS, so the UI can say the same in the user's language."""

    def __init__(self, problem: str, path: Path, detail: str = ""):
        self.problem, self.path, self.detail = problem, Path(path), detail
        what = {"missing": "is missing", "not_a_file": "is not a file",
                "unreadable": "cannot be read", "wrong_columns": "lacks the columns"}[problem]
        super().__init__(f"The data store is broken: {self.path.name} in {self.path.parent} {what}"
                         f"{' (' + detail + ')' if detail else ''}. Rebuild it with: {REBUILD_COMMAND}")


PROBLEMS = ("missing", "not_a_file", "unreadable", "wrong_columns")
# Women's and men's values side by side, one row per indicator x area x year (rows of other sexes left out).
# The queries that read one area across all indicators (profile, equality_index) read it as the view
# paired_values: from the cache file's table, sorted by area_id, indicator_id, year, when the snapshot is used as
# is; otherwise (Parquet fallback, live values) as the same pivot of the view "values": correct, not as fast.
PAIRED_VALUES_TABLE = """
    create table paired_values as
    select
        indicator_id,
        area_id,
        year,
        max(value) filter (where sex = 'women') as women,
        max(value) filter (where sex = 'men') as men
    from "values"
    where sex in ('women', 'men')
    group by indicator_id, area_id, year
    order by area_id, indicator_id, year"""
PAIRED_VALUES_VIEW = """
    create or replace view paired_values as
    select
        indicator_id,
        area_id,
        year,
        max(value) filter (where sex = 'women') as women,
        max(value) filter (where sex = 'men') as men
    from "values"
    where sex in ('women', 'men')
    group by indicator_id, area_id, year"""
# Bumped whenever the cache file's content changes, so that older cache files are rebuilt (and removed).
CACHE_VERSION = "v2"
REBUILD_COMMAND = "python -m jamstat snapshot"
# What each table must have for the stored queries; a file without these columns is not our store.
COLUMNS = {
    "values": ("indicator_id", "area_id", "year", "sex", "value", "status"),
    "indicators": ("indicator_id", "source", "source_id", "title_sv", "title_en", "unit", "theme", "population",
                   "higher_is"),
    "areas": ("area_id", "name", "kind", "region_id", "municipality_group"),
    "groups": ("group_id", "group_title", "member_id"),
}


@dataclass(frozen=True)
class StoreWarning:
    """Something the store worked around (a live update it could not read); the UI shows it."""

    problem: str
    path: Path
    detail: str


def _short(error: Exception) -> str:
    """The first line of a DuckDB error, short enough for a message."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text if len(text) <= 160 else text[:160] + "…"


class QueryError(RuntimeError):
    """A stored query failed; carries the query name and its parameters."""

    def __init__(self, name: str, params: dict, reason: str):
        super().__init__(f"query {name!r} failed with {params!r}: {reason}")
        self.name, self.params, self.reason = name, params, reason


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    parameters: frozenset[str]


def _load_queries(directory: Path) -> dict[str, Query]:
    queries = {}
    for path in sorted(directory.glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        body = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
        queries[path.stem] = Query(path.stem, sql, frozenset(PARAMETER.findall(body)))
    return queries


def _quoted(path: Path) -> str:
    """A file path of the store as a SQL string literal: the only text this module formats into SQL.

    Paths come from settings (never from a user)."""
    return "'" + str(path).replace("'", "''") + "'"


def _read_parquet(path: Path) -> str:
    """SQL that reads one Parquet file of the store."""
    return f"read_parquet({_quoted(path)})"


class Store:
    """One DuckDB connection per process over the snapshot (and live updates, which win row by row).

    A broken snapshot raises StoreError; a broken live update is left out, with a StoreWarning in warnings."""

    def __init__(self, data_dir: Path | None = None, queries_dir: Path = settings.QUERIES_DIR,
                 build_config: dict | None = None):
        """build_config: DuckDB settings for building the cache file (e.g. {"memory_limit": "4GB"} so that a
        big snapshot sorts within bounded memory; DuckDB then spills to disk); None: DuckDB's defaults."""
        self.data_dir = Path(data_dir) if data_dir else settings.DATA_DIR
        self.build_config = dict(build_config or {})
        self.snapshot_dir = self.data_dir / "snapshot"
        self.live_values = self.data_dir / "live" / "values.parquet"
        self.queries = _load_queries(queries_dir)
        self.warnings: list[StoreWarning] = []
        self._use_live = False
        self._lock = threading.Lock()
        self._connection = duckdb.connect(":memory:", config={"threads": 2})
        self._register_views()

    def _check(self, table: str, path: Path) -> None:
        """Raise StoreError unless path is a readable Parquet file with the table's columns.

        Reads only the footer and schema, so opening stays fast however large the file is."""
        if not path.exists():
            raise StoreError("missing", path)
        if not path.is_file():
            raise StoreError("not_a_file", path)
        source = _read_parquet(path)
        try:
            columns = {row[0] for row in self._connection.execute(f"describe select * from {source}").fetchall()}
            self._connection.execute(f"select count(*) from {source}").fetchall()
        except duckdb.Error as error:
            raise StoreError("unreadable", path, _short(error)) from error
        lacking = [column for column in COLUMNS[table] if column not in columns]
        if lacking:
            raise StoreError("wrong_columns", path, ", ".join(lacking))

    def _live_is_usable(self) -> bool:
        """Whether there is a live update to use; an unusable one is reported in warnings, not raised."""
        if not self.live_values.exists():
            return False
        try:
            self._check("values", self.live_values)
        except StoreError as error:
            # The snapshot still works: show it, and say why the newer values are not used.
            self.warnings.append(StoreWarning(error.problem, error.path, error.detail))
            return False
        return True

    def _register_views(self) -> None:
        # Only file paths from settings are formatted into SQL (through _read_parquet); values are always bound.
        for table in TABLES:
            self._check(table, self.snapshot_dir / f"{table}.parquet")
        con = self._connection
        try:
            for table in ("indicators", "areas", "groups"):
                # Small tables: load once into memory rather than re-reading Parquet per query.
                source = _read_parquet(self.snapshot_dir / f"{table}.parquet")
                con.execute(f"create or replace table {table} as select * from {source}")
            database = self._values_database()
            if database is not None:
                con.execute(f"attach {_quoted(database)} as snapshot_db (read_only)")
                snapshot = 'snapshot_db."values"'
                self.layout = "duckdb"
            else:
                con.execute("set parquet_metadata_cache = true")
                self.layout = "parquet"
                snapshot = _read_parquet(self.snapshot_dir / "values.parquet")
            if self._live_is_usable():
                live = _read_parquet(self.live_values)
                con.execute(f"""
                    create or replace view "values" as
                    select indicator_id, area_id, year, sex, value, status from {live}
                    union all
                    select s.indicator_id, s.area_id, s.year, s.sex, s.value, s.status from {snapshot} s
                    where not exists (
                        select 1 from {live} l
                        where l.indicator_id = s.indicator_id and l.area_id = s.area_id
                          and l.year = s.year and l.sex = s.sex)""")
                self._use_live = True
            else:
                con.execute(f'create or replace view "values" as select * from {snapshot}')
            if self.layout == "duckdb" and not self._use_live:
                # The cache's area-major copy: one municipality's rows (and its peers') sit in a few row groups.
                con.execute("create or replace view paired_values as select * from snapshot_db.paired_values")
            else:
                # The same rows computed from "values", so that live values win here too.
                con.execute(PAIRED_VALUES_VIEW)
            con.execute('select count(*) from "values" limit 1').fetchall()
        except duckdb.Error as error:
            raise StoreError("unreadable", self.snapshot_dir, _short(error)) from error

    def _values_database(self) -> Path | None:
        """A DuckDB copy of the snapshot's values, built once per snapshot file and reused (bench/README.md:
        a native table answers a page's query several times faster than Parquet, whose footer DuckDB re-reads
        on every query). It holds "values" (sorted by indicator: the per-indicator queries) and paired_values
        (women and men side by side, sorted by area: the per-municipality queries). Built in a temp file and
        renamed; None when it cannot be written (read-only disk), and the store then reads the Parquet file
        directly."""
        source = self.snapshot_dir / "values.parquet"
        stat = source.stat()
        cache = self.data_dir / "cache"
        target = cache / f"values-{CACHE_VERSION}-{stat.st_size}-{stat.st_mtime_ns}.duckdb"
        if target.exists():
            return target
        tmp = None
        try:
            cache.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".values.", suffix=".duckdb.tmp", dir=cache)
            os.close(fd)
            os.unlink(tmp)  # DuckDB creates the file itself
            with duckdb.connect(tmp, config=self.build_config) as build:
                build.execute("set enable_progress_bar = false")
                build.execute(f"""create table "values" as
                    select * from {_read_parquet(source)}
                    order by indicator_id, area_id, year, sex""")
                build.execute(PAIRED_VALUES_TABLE)
            os.replace(tmp, target)
            for old in cache.glob("values-*.duckdb"):
                if old != target:
                    old.unlink(missing_ok=True)
            return target
        except (OSError, duckdb.Error):
            if tmp:
                Path(tmp).unlink(missing_ok=True)
                Path(tmp + ".wal").unlink(missing_ok=True)
            return None

    @property
    def has_live_data(self) -> bool:
        return self._use_live

    def data_version(self) -> dict:
        """Which data the app shows: the embedded snapshot's vintage, or when live values were fetched."""
        live_meta = self.live_values.with_name("meta.json")
        if self.has_live_data and live_meta.exists():
            try:
                meta = json.loads(live_meta.read_text(encoding="utf-8"))
                return {"kind": "live", "date": str(meta["retrieved_at"])[:10],
                        "indicators": meta.get("indicators", [])}
            except (OSError, ValueError, KeyError):
                return {"kind": "live", "date": "?", "indicators": []}
        return {"kind": "snapshot", "date": settings.SNAPSHOT_VINTAGE, "indicators": []}

    def run(self, name: str, **params) -> pd.DataFrame:
        """Run queries/<name>.sql with its named parameters bound by DuckDB; never formats values into SQL."""
        query = self.queries.get(name)
        if query is None:
            raise QueryError(name, params, "no such stored query")
        if set(params) != query.parameters:
            raise QueryError(name, params, f"expects parameters {sorted(query.parameters)}")
        with self._lock:
            cursor = self._connection.cursor()
        try:
            return cursor.execute(query.sql, params).df()
        except duckdb.Error as error:
            # A damaged row group shows up only when a query reads it: that is the store's fault, not the query's.
            # DuckDB reports such low-level read failures (thrift, decompression) as its plain base Error.
            if type(error) is duckdb.Error or isinstance(error, duckdb.IOException) or "parquet" in str(error).lower():
                damaged = self.data_dir / "live" if self._use_live else self.snapshot_dir
                raise StoreError("unreadable", damaged / "values.parquet", _short(error)) from error
            raise QueryError(name, params, str(error)) from error
        finally:
            cursor.close()

    def close(self) -> None:
        self._connection.close()
