"""Opens the data store read-only (the built DuckDB file, else the Parquet files) and runs queries/*.sql by name.

One of the two modules that import duckdb; the other, jamstat/build.py, writes the built file."""

from __future__ import annotations

import json
import logging
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from jamstat import owndata, settings, statestore

TABLES = ("values", "indicators", "areas", "groups")
# The tables of the built file (jamstat/build.py), each read whole to check it (check_built).
BUILT_TABLES = ("values", "paired_values", "gap_years")
log = logging.getLogger(__name__)
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
# The models under queries/_models/: macros that define the women/men pairing, the gap and the ratio once for every
# query, created in this order (each may use the ones before it) when a connection opens. They live in
# the connection's own in-memory database, never in a built file. Not stored queries: Store.run does not know them.
MODELS = ("gap", "ratio", "women_share", "thin_peer_mean", "live_over_snapshot", "paired_sexes", "yearly_gaps",
          "map_areas")


def create_models(connection: duckdb.DuckDBPyConnection, models_dir: Path) -> None:
    """Create the macros of queries/_models/ on a connection, in MODELS' order."""
    for name in MODELS:
        connection.execute((models_dir / f"{name}.sql").read_text(encoding="utf-8"))


# For the equality index's core set: how many municipalities have a value pair of an indicator in a year whose
# next pair is in next_year (null: none later). Those whose latest pair up to Y lies within K years of Y are the
# rows with year between Y - K and Y and next_year null or after Y, so the coverage of every indicator for any Y
# and K is a sum over a few thousand rows instead of a scan of every municipality's pairs (3x the query's time).
# Kolada's values only (own tables are not in the index); computed once when the store opens.
MUNICIPALITY_PAIR_SPANS_SQL = """
    create or replace table municipality_pair_spans as
    select p.indicator_id, p.year, p.next_year, count(*) as n_municipalities
    from kolada_paired p
    semi join areas a on a.area_id = p.area_id and a.kind = 'municipality'
    group by p.indicator_id, p.year, p.next_year"""
# Bumped whenever the built file's content changes, so that an older file is not used (the next build removes it).
CACHE_VERSION = "v3"
REBUILD_COMMAND = "python -m jamstat snapshot"
# Writes the built file (jamstat/build.py); snapshot and update run it at their end.
BUILD_COMMAND = "python -m jamstat build"
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
    """Something the store worked around; the UI shows it. problem: one of PROBLEMS (a live update it could not
    read: warnings), "not_built" (no built file for the current data: hint; the answers are the same, slower) or
    "built_damaged" (the built file is damaged or from another DuckDB version: hint; read from Parquet instead)."""

    problem: str
    path: Path
    detail: str


def built_file(data_dir: Path, with_live: bool) -> Path:
    """The built DuckDB file for the current snapshot (and live update, when with_live): its name carries the
    layout version and each values file's size and modification time, so a newer snapshot or update needs a new
    build, and a file built for other data is never read."""
    stat = (data_dir / "snapshot" / "values.parquet").stat()
    name = f"values-{CACHE_VERSION}-{stat.st_size}-{stat.st_mtime_ns}"
    if with_live:
        live_stat = (data_dir / "live" / "values.parquet").stat()
        name += f"-live-{live_stat.st_size}-{live_stat.st_mtime_ns}"
    return data_dir / "cache" / f"{name}.duckdb"


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


def check_table(connection: duckdb.DuckDBPyConnection, table: str, path: Path) -> None:
    """Raise StoreError unless path is a readable Parquet file with the table's columns.

    Reads only the footer and schema, so opening stays fast however large the file is."""
    if not path.exists():
        raise StoreError("missing", path)
    if not path.is_file():
        raise StoreError("not_a_file", path)
    source = _read_parquet(path)
    try:
        columns = {row[0] for row in connection.execute(f"describe select * from {source}").fetchall()}
        connection.execute(f"select count(*) from {source}").fetchall()
    except duckdb.Error as error:
        raise StoreError("unreadable", path, _short(error)) from error
    lacking = [column for column in COLUMNS[table] if column not in columns]
    if lacking:
        raise StoreError("wrong_columns", path, ", ".join(lacking))


def check_built(connection: duckdb.DuckDBPyConnection, path: Path, whole: bool = True) -> None:
    """Raise duckdb.Error unless path is a built file this DuckDB can read: it attaches (a file of another storage
    version does not) and, with whole, every block of its tables is read, so DuckDB verifies their checksums
    (a truncated or overwritten file fails here, not in the middle of a page). Leaves nothing attached."""
    connection.execute(f"attach {_quoted(path)} as checked_db (read_only)")
    try:
        for table in BUILT_TABLES:
            if whole:
                connection.execute(f'select count(*), max(hash(columns(*))) from checked_db."{table}"').fetchall()
            else:
                connection.execute(f'select count(*) from checked_db."{table}"').fetchall()
    finally:
        connection.execute("detach checked_db")


def live_state(connection: duckdb.DuckDBPyConnection, live_values: Path) -> tuple[bool, StoreWarning | None]:
    """Whether there is a live update to use, and what is wrong with it when there is one that cannot be used."""
    if not live_values.exists():
        return False, None
    try:
        check_table(connection, "values", live_values)
    except StoreError as error:
        return False, StoreWarning(error.problem, error.path, error.detail)
    return True, None


# Users' own tables are described by the file itself; these fill the catalogue's other columns.
OWN_INDICATORS_SQL = """
    create or replace table own_indicators as
    select distinct
        indicator_id, 'upload' as source, table_title as source_id, '' as kpi_women, '' as kpi_men,
        '' as derived_sex, title as title_sv, title as title_en, table_title as description_sv, unit,
        'own' as theme, population, 'neutral' as higher_is
    from own_rows"""


class Store:
    """One DuckDB connection per process over the snapshot (and live updates, which win row by row),
    plus users' own tables under data/own/ (re-read whenever a table is saved, replaced or deleted).

    Reads Kolada's values from the file `python -m jamstat build` wrote for the current snapshot and live update,
    attached read-only; without one, from the Parquet files (the same answers, slower), with hint set. Never writes
    the store. A broken snapshot raises StoreError; a broken live update or own table is left out, with a
    StoreWarning in warnings."""

    def __init__(self, data_dir: Path | None = None, queries_dir: Path = settings.QUERIES_DIR,
                 own_dir: Path | None = None):
        self.data_dir = Path(data_dir) if data_dir else settings.DATA_DIR
        self.snapshot_dir = self.data_dir / "snapshot"
        self.live_values = self.data_dir / "live" / "values.parquet"
        self._own_dir = Path(own_dir) if own_dir else None
        self.queries = _load_queries(queries_dir)
        self.models_dir = Path(queries_dir) / "_models"
        self.warnings: list[StoreWarning] = []
        # Set when no built file matches the current data (python -m jamstat build has not run since it changed).
        self.hint: StoreWarning | None = None
        self.own_problems: list[str] = []
        # Whether own_problems are about tables in the shared database (JAMSTAT_STATE_URL) rather than files.
        self.own_in_database = False
        # The state database did not answer at the last sync: no own tables (Kolada's data still work).
        self.own_unavailable = False
        self._own_signature: tuple | None = None
        self._use_live = False
        self._lock = threading.Lock()
        self._own_lock = threading.Lock()
        # Spilling (only when users' own tables outgrow the memory limit) goes to the system's temp directory,
        # never to a ".tmp" folder wherever the app happens to be started.
        self._connection = duckdb.connect(":memory:", config={
            "threads": 2, "memory_limit": settings.DUCKDB_MEMORY_LIMIT,
            "temp_directory": str(Path(tempfile.gettempdir()) / "jamstat-duckdb")})
        self._register_views()
        self.sync_own()

    @property
    def own_dir(self) -> Path:
        # Resolved on every sync, so a test (or a second deployment) can point it elsewhere by environment.
        return self._own_dir or settings.own_dir(self.data_dir)

    def sync_own(self) -> tuple:
        """Re-read users' own tables if any was saved, replaced or deleted; returns their version.

        Own tables are small (at most a million rows each), so they are held in memory and unioned into
        the "values" and "indicators" views; with none, "values" is the snapshot's view alone."""
        directory = self.own_dir
        signature = (str(directory), owndata.signature(directory))
        if signature == self._own_signature:
            return signature
        with self._own_lock:
            if signature == self._own_signature:
                return signature
            in_database = statestore.uses_database()
            try:
                tables, problems = owndata.load_all(directory)
                unavailable = False
            except statestore.StateUnavailable:  # logged with its detail by the state store
                tables, problems, unavailable = [], [], True
            for problem in problems:
                log.warning("own table left out: %s", problem)
            parts = [table.append_column("table_title", pa.array([described.title] * table.num_rows, pa.string()))
                     for described, table in tables]
            empty = owndata.SCHEMA.empty_table().append_column("table_title", pa.array([], pa.string()))
            own_rows = pa.concat_tables([empty, *parts])
            con = self._connection.cursor()
            try:
                con.register("own_rows", own_rows)
                con.execute(OWN_INDICATORS_SQL)
                con.execute("""create or replace table own_values as
                    select indicator_id, area_id, year, sex, value, status from own_rows""")
                con.unregister("own_rows")
                con.execute("""create or replace view indicators as
                    select * from kolada_indicators union all by name select * from own_indicators""")
                con.execute("create or replace table own_paired as select * from paired_sexes('own_values')")
                con.execute("create or replace table own_gap_years as select * from yearly_gaps('own_paired')")
                if own_rows.num_rows:
                    con.execute("""create or replace view "values" as
                        select * from kolada_values union all select * from own_values""")
                    con.execute("""create or replace view paired_values as
                        select * from kolada_paired union all select * from own_paired""")
                    con.execute("""create or replace view gap_years as
                        select * from kolada_gap_years union all select * from own_gap_years""")
                else:
                    con.execute('create or replace view "values" as select * from kolada_values')
                    con.execute("create or replace view paired_values as select * from kolada_paired")
                    con.execute("create or replace view gap_years as select * from kolada_gap_years")
            finally:
                con.close()
            self.own_problems = problems
            self.own_in_database = in_database
            self.own_unavailable = unavailable
            self._own_signature = signature
        return signature

    def _live_is_usable(self) -> bool:
        """Whether there is a live update to use; an unusable one is reported in warnings, not raised."""
        usable, warning = live_state(self._connection, self.live_values)
        if warning:
            # The snapshot still works: show it, and say why the newer values are not used.
            log.warning("the live update %s is left out (%s: %s)", warning.path, warning.problem, warning.detail)
            self.warnings.append(warning)
        return usable

    def _register_views(self) -> None:
        # Only file paths from settings are formatted into SQL (through _read_parquet); values are always bound.
        for table in TABLES:
            check_table(self._connection, table, self.snapshot_dir / f"{table}.parquet")
        con = self._connection
        try:
            create_models(con, self.models_dir)
            # The equality index's rules: which indicators take part and how each is scored (all text columns).
            con.execute(f"""create or replace table index_rules as
                select * from read_csv({_quoted(settings.INDEX_RULES)}, header = true, all_varchar = true)""")
            for table in ("areas", "groups"):
                # Small tables: load once into memory rather than re-reading Parquet per query.
                source = _read_parquet(self.snapshot_dir / f"{table}.parquet")
                con.execute(f"create or replace table {table} as select * from {source}")
            # The catalogue's indicators; the "indicators" view adds users' own (sync_own).
            catalogue = _read_parquet(self.snapshot_dir / "indicators.parquet")
            con.execute(f"create or replace table kolada_indicators as select * from {catalogue}")
            self._use_live = self._live_is_usable()
            if self._attach_built():
                # Live values (when there are) are already merged into the built file's tables.
                self.layout = "duckdb"
                con.execute('create or replace view kolada_values as select * from snapshot_db."values"')
                # The area-major copies: one municipality's rows (and its peers') sit in a few row groups.
                con.execute("create or replace view kolada_paired as select * from snapshot_db.paired_values")
                con.execute("create or replace view kolada_gap_years as select * from snapshot_db.gap_years")
            else:
                self._parquet_views(con)
            con.execute("select count(*) from kolada_values limit 1").fetchall()
        except duckdb.Error as error:
            log.error("the snapshot in %s cannot be read: %s", self.snapshot_dir, _short(error))
            raise StoreError("unreadable", self.snapshot_dir, _short(error)) from error
        try:
            try:
                con.execute(MUNICIPALITY_PAIR_SPANS_SQL)
            except duckdb.Error as error:
                if self.layout != "duckdb" or not self._fall_back_to_parquet(error):
                    raise
                con.execute(MUNICIPALITY_PAIR_SPANS_SQL)  # a damaged block of the built file: from Parquet
        except duckdb.Error as error:
            # The first read of every value: a damaged row group shows up here, and it is the values' file's fault.
            values_file = self.live_values if self._use_live else self.snapshot_dir / "values.parquet"
            raise StoreError("unreadable", values_file, _short(error)) from error

    def _parquet_views(self, con: duckdb.DuckDBPyConnection) -> None:
        """Not built (or the built file is damaged): the same tables as views over the Parquet files, computed per
        query."""
        con.execute("set parquet_metadata_cache = true")
        self.layout = "parquet"
        snapshot = _read_parquet(self.snapshot_dir / "values.parquet")
        con.execute(f"create or replace view snapshot_values as select * from {snapshot}")
        if self._use_live:
            live = _read_parquet(self.live_values)
            con.execute(f"create or replace view live_values as select * from {live}")
            con.execute("""create or replace view kolada_values as
                select * from live_over_snapshot('live_values', 'snapshot_values')""")
        else:
            con.execute("create or replace view kolada_values as select * from snapshot_values")
        con.execute("create or replace view kolada_paired as select * from paired_sexes('kolada_values')")
        con.execute("create or replace view kolada_gap_years as select * from yearly_gaps('kolada_paired')")

    def _built_damaged(self, built: Path, error: Exception) -> None:
        self.hint = StoreWarning("built_damaged", built, _short(error))
        log.warning("the built store %s cannot be read (%s); reading the Parquet files instead until "
                    "`%s` rebuilds it", built, _short(error), BUILD_COMMAND)

    def _fall_back_to_parquet(self, error: Exception) -> bool:
        """A query hit a damaged block of the built file: read from Parquet from now on (the same answers)."""
        with self._lock:
            if self.layout != "duckdb":
                return self.hint is not None and self.hint.problem == "built_damaged"
            self._built_damaged(built_file(self.data_dir, self._use_live), error)
            con = self._connection.cursor()
            try:
                self._parquet_views(con)
                con.execute("detach snapshot_db")
            except duckdb.Error as detach_error:  # the views no longer use it; it is closed with the process
                log.warning("could not detach the damaged built store: %s", _short(detach_error))
            finally:
                con.close()
        return True

    def _attach_built(self) -> bool:
        """Attach the built file for the current data read-only, if there is one that opens; else set hint.

        A native table answers a page's query several times faster than Parquet, whose footer DuckDB re-reads on
        every query (bench/README.md). The file holds "values" (sorted by indicator: the per-indicator queries),
        paired_values and gap_years (sorted by area: the per-municipality queries); see jamstat/build.py."""
        built = built_file(self.data_dir, self._use_live)
        if not built.is_file():
            self.hint = StoreWarning("not_built", built, "")
            return False
        try:
            # A cheap check (attaches, counts): a file of another DuckDB version or cut short fails here; a block
            # damaged inside is caught when a query reads it (run falls back to Parquet then).
            check_built(self._connection, built, whole=False)
            self._connection.execute(f"attach {_quoted(built)} as snapshot_db (read_only)")
        except duckdb.Error as error:
            self._built_damaged(built, error)
            return False
        return True

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
        self.sync_own()
        for attempt in (1, 2):
            with self._lock:
                cursor = self._connection.cursor()
                layout = self.layout
            try:
                return cursor.execute(query.sql, params).df()
            except duckdb.Error as error:
                # A damaged row group shows up only when a query reads it: that is the store's fault, not the
                # query's. DuckDB reports such low-level read failures (thrift, decompression, block checksums)
                # as its plain base Error.
                read_error = (type(error) is duckdb.Error or isinstance(error, duckdb.IOException)
                              or "parquet" in str(error).lower())
                if read_error and layout == "duckdb" and attempt == 1 and self._fall_back_to_parquet(error):
                    continue  # the built file was damaged: the same query once more, on the Parquet files
                if read_error:
                    damaged = self.data_dir / "live" if self._use_live else self.snapshot_dir
                    log.error("query %s %r: the store cannot be read: %s", name, params, _short(error))
                    raise StoreError("unreadable", damaged / "values.parquet", _short(error)) from error
                log.error("query %s %r failed: %s", name, params, _short(error))
                raise QueryError(name, params, str(error)) from error
            finally:
                cursor.close()
        raise AssertionError("unreachable")  # the loop returns or raises

    def close(self) -> None:
        self._connection.close()
