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
    """The store's files are missing or unreadable; the message says how to rebuild them."""


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


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


class Store:
    """One DuckDB connection per process over the snapshot (and live updates, which win row by row)."""

    def __init__(self, data_dir: Path | None = None, queries_dir: Path = settings.QUERIES_DIR):
        self.data_dir = Path(data_dir) if data_dir else settings.DATA_DIR
        self.snapshot_dir = self.data_dir / "snapshot"
        self.live_values = self.data_dir / "live" / "values.parquet"
        self.queries = _load_queries(queries_dir)
        self._lock = threading.Lock()
        self._connection = duckdb.connect(":memory:", config={"threads": 2})
        self._register_views()

    def _register_views(self) -> None:
        missing = [t for t in TABLES if not (self.snapshot_dir / f"{t}.parquet").exists()]
        if missing:
            raise StoreError(
                f"The data store is incomplete: {', '.join(m + '.parquet' for m in missing)} missing in "
                f"{self.snapshot_dir}. Rebuild it with: python -m jamstat snapshot")
        try:
            con = self._connection
            for table in ("indicators", "areas", "groups"):
                path = _sql_path(self.snapshot_dir / f"{table}.parquet")
                # Small tables: load once into memory rather than re-reading Parquet per query.
                con.execute(f"create or replace table {table} as select * from read_parquet('{path}')")
            database = self._values_database()
            if database is not None:
                con.execute(f"attach '{_sql_path(database)}' as snapshot_db (read_only)")
                snapshot = 'snapshot_db."values"'
                self.layout = "duckdb"
            else:
                con.execute("set parquet_metadata_cache = true")
                self.layout = "parquet"
                snapshot = f"read_parquet('{_sql_path(self.snapshot_dir / 'values.parquet')}')"
            if self.live_values.exists():
                live = f"read_parquet('{_sql_path(self.live_values)}')"
                con.execute(f"""
                    create or replace view "values" as
                    select indicator_id, area_id, year, sex, value, status from {live}
                    union all
                    select s.* from {snapshot} s
                    where not exists (
                        select 1 from {live} l
                        where l.indicator_id = s.indicator_id and l.area_id = s.area_id
                          and l.year = s.year and l.sex = s.sex)""")
            else:
                con.execute(f'create or replace view "values" as select * from {snapshot}')
            con.execute('select count(*) from "values" limit 1').fetchall()
        except duckdb.Error as error:
            raise StoreError(
                f"The data store in {self.data_dir} cannot be read ({error}). "
                "Rebuild it with: python -m jamstat snapshot") from error

    def _values_database(self) -> Path | None:
        """A DuckDB copy of the snapshot's values, built once per snapshot file and reused (bench/README.md:
        a native table answers a page's query several times faster than Parquet, whose footer DuckDB re-reads
        on every query). Built in a temp file and renamed; None when it cannot be written (read-only disk),
        and the store then reads the Parquet file directly."""
        source = self.snapshot_dir / "values.parquet"
        stat = source.stat()
        cache = self.data_dir / "cache"
        target = cache / f"values-{stat.st_size}-{stat.st_mtime_ns}.duckdb"
        if target.exists():
            return target
        tmp = None
        try:
            cache.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".values.", suffix=".duckdb.tmp", dir=cache)
            os.close(fd)
            os.unlink(tmp)  # DuckDB creates the file itself
            with duckdb.connect(tmp) as build:
                build.execute("set enable_progress_bar = false")
                build.execute(f"""create table "values" as
                    select * from read_parquet('{_sql_path(source)}')
                    order by indicator_id, area_id, year, sex""")
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
        return self.live_values.exists()

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
            raise QueryError(name, params, str(error)) from error
        finally:
            cursor.close()

    def close(self) -> None:
        self._connection.close()
