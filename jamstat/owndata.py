"""Users' own tables (uploads): one Parquet file per table under data/own/, in the store's long schema.

A table is one file, written atomically, so a replacement keeps the previous version until the new one is
complete, and two sessions saving different tables never touch each other's file; a save holds the folder's lock,
so two sessions saving the same title cannot both create it. Table metadata (title, file name, when) lives in the
Parquet file's key-value metadata, so it can never disagree with the rows. With JAMSTAT_STATE_URL the same Parquet
bytes live in PostgreSQL instead (jamstat/statestore.py); every change goes to the audit log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from jamstat import settings, statestore

# What the importer hands over (jamstat/sources/upload.py, Checked.rows) ...
ROW_COLUMNS = ("indicator", "unit", "population", "area_id", "year", "sex", "value", "status")
# ... and what a table file holds: the store's values schema plus the indicator's own description.
SCHEMA = pa.schema([
    ("indicator_id", pa.string()), ("area_id", pa.string()), ("year", pa.int16()), ("sex", pa.string()),
    ("value", pa.float64()), ("status", pa.string()),
    ("title", pa.string()), ("unit", pa.string()), ("population", pa.string()), ("source", pa.string()),
])
SOURCE = "upload"  # as in the catalogue's source column: kolada, upload
ID_PREFIX = "own-"  # every own indicator's id starts with it (indicator_id_for)
META_KEY = b"jamstat_own_table"
MAX_TITLE_LENGTH = 80
TABLE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class OwnDataError(ValueError):
    """An own table cannot be saved, read or deleted; the message says which and why."""


class TableExists(OwnDataError):
    """A new table's title is taken (another session saved it first); nothing was written."""


@dataclass(frozen=True)
class OwnTable:
    table_id: str
    title: str
    path: Path
    rows: int
    file_name: str
    uploaded_at: str
    demo: bool
    indicators: tuple[tuple[str, str], ...]  # (indicator_id, title)


def directory_or_default(directory: Path | None) -> Path:
    return Path(directory) if directory is not None else settings.own_dir()


def clean_title(title: str) -> str:
    """Whitespace collapsed, control characters dropped, 1–80 characters."""
    text = " ".join("".join(c if c.isprintable() else " " for c in str(title)).split())
    if not text:
        raise OwnDataError("A table needs a name.")
    return text[:MAX_TITLE_LENGTH]


def table_id_for(title: str) -> str:
    """A file-name-safe id from a title: 'Talartid i KF 2023' -> 'talartid-i-kf-2023'."""
    ascii_text = unicodedata.normalize("NFKD", clean_title(title)).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[:40].strip("-")
    if not slug:  # a title with no latin letters or digits at all
        slug = "tabell-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:8]
    return slug


def indicator_id_for(table_id: str, indicator: str) -> str:
    """Stable across replacements of the table, so links to an indicator keep working."""
    return f"{ID_PREFIX}{table_id}-{hashlib.sha1(indicator.encode('utf-8')).hexdigest()[:8]}"


def is_own_indicator(indicator_id: object) -> bool:
    """An indicator of a user's own table (never one of Kolada's)."""
    return str(indicator_id).startswith(ID_PREFIX)


def _path(directory: Path, table_id: str) -> Path:
    if not TABLE_ID.match(table_id):
        raise OwnDataError(f"Not a table id: {table_id[:50]!r}.")
    return directory / f"{table_id}.parquet"


def save_table(rows: pd.DataFrame, title: str, *, file_name: str = "", demo: bool = False,
               table_id: str | None = None, directory: Path | None = None, replace: bool = True,
               actor: str = "") -> OwnTable:
    """Write accepted rows as one table, atomically. With replace=False a table with the same id raises
    TableExists (checked under the lock, so of two sessions creating one title at once, one is told);
    otherwise it is replaced. Recorded in the audit log with `actor` ("" = anonymous). OSError if the store
    cannot be written (then nothing changed); statestore.NotRecorded, holding the saved OwnTable, if it was saved
    but its audit entry could not be written."""
    lacking = [c for c in ROW_COLUMNS if c not in rows.columns]
    if lacking:
        raise OwnDataError(f"The rows lack the columns {', '.join(lacking)}.")
    if rows.empty:
        raise OwnDataError("There are no rows to save.")
    title = clean_title(title)
    table_id = table_id or table_id_for(title)
    path = _path(directory_or_default(directory), table_id)
    frame = pd.DataFrame({
        "indicator_id": [indicator_id_for(table_id, str(name)) for name in rows["indicator"]],
        "area_id": rows["area_id"].astype(str).to_numpy(),
        "year": rows["year"].astype("int16").to_numpy(),
        "sex": rows["sex"].astype(str).to_numpy(),
        "value": pd.to_numeric(rows["value"]).astype("float64").to_numpy(),
        "status": rows["status"].astype(str).to_numpy(),
        "title": rows["indicator"].astype(str).to_numpy(),
        "unit": rows["unit"].astype(str).to_numpy(),
        "population": rows["population"].astype(str).to_numpy(),
        "source": SOURCE,
    })
    meta = {"title": title, "file_name": str(file_name)[:200], "demo": bool(demo),
            "uploaded_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    table = pa.Table.from_pandas(frame, schema=SCHEMA, preserve_index=False)
    table = table.replace_schema_metadata({META_KEY: json.dumps(meta, ensure_ascii=False).encode("utf-8")})
    state = statestore.current()
    try:
        if isinstance(state, statestore.PostgresState):
            buffer = io.BytesIO()
            pq.write_table(table, buffer, compression="zstd")
            state.own_put(table_id, buffer.getvalue(), replace=replace, actor=actor, title=title, rows=table.num_rows)
            return _describe(path, _read(pa.BufferReader(buffer.getvalue()), path.name))
        state.own_put(path, lambda handle: pq.write_table(table, handle, compression="zstd"), replace=replace,
                      actor=actor, title=title, rows=table.num_rows)
    except statestore.Exists:
        raise TableExists(f"A table named {title!r} was saved meanwhile; nothing was replaced.") from None
    except statestore.NotRecorded as unrecorded:  # saved: the caller gets the table, and hears it is unrecorded
        raise statestore.NotRecorded(_describe(path, read_table(path))) from unrecorded
    return _describe(path, read_table(path))


def _describe(path: Path, table: pa.Table) -> OwnTable:
    meta = json.loads((table.schema.metadata or {}).get(META_KEY, b"{}"))
    ids = table.column("indicator_id").to_pylist()
    titles = table.column("title").to_pylist()
    return OwnTable(path.stem, str(meta.get("title") or path.stem), path, table.num_rows,
                    str(meta.get("file_name", "")), str(meta.get("uploaded_at", "")), bool(meta.get("demo")),
                    tuple(dict(zip(ids, titles, strict=True)).items()))


def read_table(path: Path, columns: tuple[str, ...] = tuple(SCHEMA.names)) -> pa.Table:
    """One table file (or some of its columns), checked against the schema; OwnDataError if it is not a
    readable own table."""
    return _read(path, path.name, columns)


def read_own(table_id: str, columns: tuple[str, ...] = tuple(SCHEMA.names),
             directory: Path | None = None) -> pa.Table:
    """A saved table by its id, from whichever store holds it."""
    path = _path(directory_or_default(directory), table_id)
    if not statestore.uses_database():
        return read_table(path, columns)
    data = statestore.current().own_bytes(table_id)
    if data is None:
        raise OwnDataError(f"There is no table {table_id!r}.")
    return _read(pa.BufferReader(data), path.name, columns)


def _read(source, name: str, columns: tuple[str, ...] = tuple(SCHEMA.names)) -> pa.Table:
    try:
        schema = pq.read_schema(source)
        lacking = [column for column in SCHEMA.names if column not in schema.names]
        if lacking:
            raise OwnDataError(f"{name} lacks the columns {', '.join(lacking)}.")
        if isinstance(source, pa.BufferReader):
            source.seek(0)
        table = pq.read_table(source, columns=list(columns))
    except (OSError, pa.ArrowException) as error:
        # Arrow's message names the file by its full path: users see the file name only.
        folder = str(source.parent) + "/" if isinstance(source, Path) else None
        first = str(error).splitlines()[0] if str(error) else "?"
        reason = (first.replace(folder, "") if folder else first)[:160]
        raise OwnDataError(f"{name} cannot be read ({reason}).") from error
    wanted = pa.schema([SCHEMA.field(column) for column in columns])
    try:
        return table.select(list(columns)).cast(wanted).replace_schema_metadata(table.schema.metadata)
    except (pa.ArrowException, ValueError) as error:
        raise OwnDataError(f"{name} has columns of the wrong type ({str(error)[:160]}).") from error


def table_files(directory: Path | None = None) -> list[Path]:
    folder = directory_or_default(directory)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.parquet") if TABLE_ID.match(p.stem))


def signature(directory: Path | None = None) -> tuple:
    """Changes whenever a table is saved, replaced or deleted (cheap: one directory listing, or one query)."""
    state = statestore.current()
    if isinstance(state, statestore.PostgresState):
        return state.own_signature()
    return state.own_signature(directory_or_default(directory), table_files(directory))


def _sources(directory: Path | None) -> list[tuple[Path, object, str]]:
    """(path naming the table, something Parquet can read, its name in messages) per saved table, files or
    database (where a table is named by its id: there is no file)."""
    if not statestore.uses_database():
        return [(path, path, path.name) for path in table_files(directory)]
    state, folder = statestore.current(), directory_or_default(directory)
    out = []
    for table_id in state.own_ids():
        data = state.own_bytes(table_id)
        if data is not None:
            out.append((_path(folder, table_id), pa.BufferReader(data), table_id))
    return out


def load_all(directory: Path | None = None) -> tuple[list[tuple[OwnTable, pa.Table]], list[str]]:
    """Every readable table, and a message per unreadable file (which is left where it is, never deleted);
    statestore.StateUnavailable when the state database does not answer."""
    tables, problems = [], []
    try:
        sources = _sources(directory)
    except statestore.StateUnavailable:
        raise
    except OSError as error:
        return [], [str(error)]
    for path, source, name in sources:
        try:
            table = _read(source, name)
        except OwnDataError as error:
            problems.append(str(error))
            continue
        tables.append((_describe(path, table), table))
    return tables, problems


def list_tables(directory: Path | None = None) -> tuple[list[OwnTable], list[str]]:
    """What is saved, for listing: reads each file's metadata and its two indicator columns, not its values."""
    described, problems = [], []
    for path, source, name in _sources(directory):
        try:
            described.append(_describe(path, _read(source, name, columns=("indicator_id", "title"))))
        except OwnDataError as error:
            problems.append(str(error))
    return described, problems


def delete_table(table_id: str, directory: Path | None = None, *, actor: str = "") -> None:
    """Remove a saved table (recorded in the audit log); OwnDataError if there is none; statestore.NotRecorded if
    it was removed but the audit entry could not be written."""
    path = _path(directory_or_default(directory), table_id)
    state = statestore.current()
    if isinstance(state, statestore.PostgresState):
        deleted = state.own_delete(table_id, actor=actor)
    else:
        try:
            title = _describe(path, read_table(path, columns=("indicator_id", "title"))).title
        except OwnDataError:
            title = table_id
        deleted = state.own_delete(path, actor=actor, title=title)
    if not deleted:
        raise OwnDataError(f"There is no table {table_id!r}.")
