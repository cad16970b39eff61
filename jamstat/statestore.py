"""Where users' saved state lives: own tables, presentations, peer groups and the audit log.

Two backends with one interface, chosen by `current()`: local files under data/ (the default, one server; every
read-modify-write holds a file lock) or PostgreSQL when JAMSTAT_STATE_URL is set (several servers; every change is
one transaction). owndata, presentations, peers and audit validate and shape; only this module stores. The file
backend gets its paths from its callers (tests and settings point them anywhere); PostgreSQL ignores them.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from filelock import FileLock

from jamstat import settings
from jamstat.atomic import write_atomic, write_text_atomic

log = logging.getLogger(__name__)

ACTIONS = ("create", "replace", "delete")
KINDS = ("own_table", "presentation", "peer_group")
LOCK_TIMEOUT_S = 30  # a save waits this long for another one; filelock.Timeout is an OSError (a clean message)
# Only the last part of the audit file is read for "recent": it grows by one short line per change.
AUDIT_TAIL_BYTES = 1 << 20


class Exists(ValueError):
    """A create found the name taken (another session saved it first); nothing was written."""


class NotRecorded(Exception):
    """The change is stored, but its audit entry could not be written (logged). `result` is what the call returns
    otherwise. Not an OSError: the save did happen and must never be reported as one that failed."""

    def __init__(self, result):
        super().__init__("stored, but the change could not be recorded in the audit log")
        self.result = result


class StateUnavailable(OSError):
    """The state database cannot be reached or refused a change: like a disk that cannot be written. Its message
    never holds the database's address or user (pages may show it); the log has the detail."""


def lock(path: Path) -> FileLock:
    """The lock for one piece of state, a sibling file (never inside a folder whose files are listed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return FileLock(str(path.with_name(path.name + ".lock")), timeout=LOCK_TIMEOUT_S)


def audit_entry(actor: str, action: str, kind: str, name: str, rows: int | None, files: int | None) -> dict:
    if action not in ACTIONS or kind not in KINDS:
        raise ValueError(f"unknown audit action or kind: {action!r}, {kind!r}")
    return {"at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "actor": str(actor or ""),
            "action": action, "kind": kind, "name": str(name)[:200],
            "rows": None if rows is None else int(rows), "files": None if files is None else int(files)}


class FileState:
    """Local files: each change locks its piece of state, writes atomically, then appends to the audit log."""

    # ---- audit log: JSON lines, appended under a lock
    def audit(self, entry: dict) -> None:
        path = settings.audit_file()
        with lock(path), path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def _audited(self, result, *args):
        """result, once the change's audit entry is appended. The change itself is already stored: a failing audit
        write is logged loudly and raised as NotRecorded (the user hears "saved, but not recorded")."""
        try:
            self.audit(audit_entry(*args))
        except OSError as error:
            log.exception("audit log %s could not be written for %s", settings.audit_file(), args)
            raise NotRecorded(result) from error
        return result

    def recent(self, limit: int) -> list[dict]:
        path = settings.audit_file()
        try:
            with path.open("rb") as handle:
                size = handle.seek(0, 2)
                handle.seek(max(0, size - AUDIT_TAIL_BYTES))
                lines = handle.read().decode("utf-8", "replace").splitlines()
        except FileNotFoundError:
            return []
        if len(lines) and path.stat().st_size > AUDIT_TAIL_BYTES:
            lines = lines[1:]  # the first line may be cut
        out = []
        for line in reversed(lines):
            try:
                entry = json.loads(line)
            except ValueError:
                log.warning("audit log %s has an unreadable line", path)
                continue
            if isinstance(entry, dict):
                out.append(entry)
            if len(out) >= limit:
                break
        return out

    def _delete(self, path: Path, kind: str, *, actor: str, title: str) -> bool:
        """Remove one file of state under its folder's lock; False (and nothing recorded) if it was not there."""
        with lock(path.parent):
            try:
                path.unlink()
            except FileNotFoundError:
                return False
        return self._audited(True, actor, "delete", kind, title, None, None)

    # ---- own tables: one Parquet file per table
    def own_signature(self, directory: Path, files: list[Path]) -> tuple:
        out = []
        for path in files:
            try:
                stat = path.stat()
            except OSError:
                continue
            out.append((path.name, stat.st_size, stat.st_mtime_ns))
        return tuple(out)

    def own_put(self, path: Path, write: Callable[[BinaryIO], None], *, replace: bool, actor: str, title: str,
                rows: int) -> str:
        with lock(path.parent):
            existed = path.exists()
            if existed and not replace:
                raise Exists(path.stem)
            write_atomic(path, write)
        action = "replace" if existed else "create"
        return self._audited(action, actor, action, "own_table", title, rows, 1)

    def own_delete(self, path: Path, *, actor: str, title: str) -> bool:
        return self._delete(path, "own_table", actor=actor, title=title)

    # ---- presentations: one JSON file per presentation
    def presentation_update(self, path: Path, change: Callable[[str | None], tuple[str, dict]], *,
                            actor: str) -> dict:
        """change(current text or None) -> (new text, the presentation) under the lock."""
        with lock(path.parent):
            existed = path.exists()
            text, presentation = change(path.read_text(encoding="utf-8") if existed else None)
            write_text_atomic(path, text)
        return self._audited(presentation, actor, "replace" if existed else "create", "presentation",
                             presentation["title"], len(presentation["views"]), None)

    def presentation_delete(self, path: Path, *, actor: str, title: str) -> bool:
        return self._delete(path, "presentation", actor=actor, title=title)

    # ---- peer groups: one JSON object name -> codes
    def peers_update(self, path: Path, change: Callable[[dict], tuple[dict, str | None]], *, actor: str,
                     name: str, rows: int | None) -> dict:
        """change(saved sets) -> (new sets, action or None for no change), under the lock; a corrupt file is moved
        aside, never overwritten."""
        with lock(path):
            try:
                existing = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
                if not isinstance(existing, dict):
                    raise TypeError("top level is not an object")
            except (ValueError, TypeError, UnicodeDecodeError):
                stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
                aside = path.with_name(f"{path.name}.corrupt-{stamp}")
                log.warning("peer sets file %s cannot be read; moved aside to %s", path, aside.name)
                path.rename(aside)
                existing = {}
            updated, action = change(existing)
            if action is None:
                return updated
            write_text_atomic(path, json.dumps(updated, ensure_ascii=False, indent=2, sort_keys=True))
        return self._audited(updated, actor, action, "peer_group", name, rows, None)


# ---- PostgreSQL ------------------------------------------------------------------------------------------------
# Every statement binds its values (%s); names of tables are fixed here, never taken from input.
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (1, """
        create sequence if not exists jamstat_state_version;
        create table if not exists own_tables (
            table_id text primary key,
            title text not null,
            rows integer not null,
            data bytea not null,
            version bigint not null default nextval('jamstat_state_version'),
            updated_at timestamptz not null default now());
        create table if not exists presentations (
            slug text primary key,
            body jsonb not null,
            updated_at timestamptz not null default now());
        create table if not exists peer_groups (
            name text primary key,
            codes jsonb not null,
            updated_at timestamptz not null default now());
        create table if not exists audit_log (
            id bigserial primary key,
            at timestamptz not null default now(),
            actor text not null default '',
            action text not null check (action in ('create', 'replace', 'delete')),
            kind text not null check (kind in ('own_table', 'presentation', 'peer_group')),
            name text not null,
            rows integer,
            files integer);
        create index if not exists audit_log_at on audit_log (at desc, id desc);
    """),
)
SIGNATURE_TTL_S = 1.0  # other servers' own-table changes show within this; this server's at once


class PostgresState:
    """PostgreSQL: one short transaction per change, the audit row in the same transaction as the change."""

    def __init__(self, url: str):
        self.url = url
        self._signature: tuple[float, tuple] | None = None
        self._signature_lock = threading.Lock()

    def connect(self):
        import psycopg
        try:
            return psycopg.connect(self.url, connect_timeout=10, application_name="jamstat")
        except psycopg.Error as error:
            # psycopg's text names the host, port and user: the log keeps it, the message (shown) does not.
            log.error("state database cannot be reached: %s", error)
            raise StateUnavailable("The state database cannot be reached (the detail is in the server log).") \
                from error

    def _run(self, work: Callable, what: str):
        """work(connection) inside one transaction; database errors become StateUnavailable (logged)."""
        import psycopg
        with self.connect() as connection:
            try:
                with connection.transaction():
                    return work(connection)
            except psycopg.errors.UndefinedTable as error:
                log.error("state database has no schema for %s: %s", what, error)
                raise StateUnavailable("The state database has no tables yet: run `python -m jamstat "
                                       "state-init` once.") from error
            except psycopg.Error as error:
                log.exception("state database refused %s", what)
                raise StateUnavailable(f"The state database refused the change ({type(error).__name__}).") \
                    from error

    def init(self) -> list[int]:
        """Create or migrate the schema; returns the migrations applied now. Safe to run from several servers."""
        def work(connection):
            connection.execute("select pg_advisory_xact_lock(hashtext('jamstat_state_init'))")
            connection.execute("create table if not exists jamstat_schema (version integer primary key, "
                               "applied_at timestamptz not null default now())")
            done = {row[0] for row in connection.execute("select version from jamstat_schema")}
            applied = []
            for version, sql in MIGRATIONS:
                if version not in done:
                    connection.execute(sql)
                    connection.execute("insert into jamstat_schema (version) values (%s)", (version,))
                    applied.append(version)
            return applied
        return self._run(work, "the schema migration")

    @staticmethod
    def _audit(connection, entry: dict) -> None:
        connection.execute(
            "insert into audit_log (at, actor, action, kind, name, rows, files) values (%s, %s, %s, %s, %s, %s, %s)",
            (entry["at"], entry["actor"], entry["action"], entry["kind"], entry["name"], entry["rows"],
             entry["files"]))

    def audit(self, entry: dict) -> None:
        self._run(lambda connection: self._audit(connection, entry), "an audit entry")

    def recent(self, limit: int) -> list[dict]:
        def work(connection):
            rows = connection.execute(
                "select at, actor, action, kind, name, rows, files from audit_log order by at desc, id desc limit %s",
                (int(limit),)).fetchall()
            return [{"at": at.astimezone(dt.UTC).isoformat(timespec="seconds"), "actor": actor, "action": action,
                     "kind": kind, "name": name, "rows": rows_, "files": files}
                    for at, actor, action, kind, name, rows_, files in rows]
        return self._run(work, "reading the audit log")

    # ---- own tables: the Parquet file's bytes per table id
    def own_signature(self) -> tuple:
        cached = self._signature
        if cached and time.monotonic() - cached[0] < SIGNATURE_TTL_S:
            return cached[1]
        # One thread asks the database; the others go on with the previous answer meanwhile (a query never waits
        # on another's round trip to the database).
        if not self._signature_lock.acquire(blocking=cached is None):
            return cached[1]
        try:
            now = time.monotonic()
            if self._signature and now - self._signature[0] < SIGNATURE_TTL_S:
                return self._signature[1]
            try:
                signature = tuple(self._run(lambda c: c.execute(
                    "select table_id, version from own_tables order by table_id").fetchall(), "listing own tables"))
            except StateUnavailable:
                # Kolada's data still work; the own tables' reading reports the problem. Not retried on every
                # query (a connect can take seconds), only after the next interval.
                signature = ("unavailable",)
            self._signature = (now, signature)
            return signature
        finally:
            self._signature_lock.release()

    def _changed(self) -> None:
        self._signature = None  # this server's own change shows at once

    def own_ids(self) -> list[str]:
        return [row[0] for row in self._run(
            lambda c: c.execute("select table_id from own_tables order by table_id").fetchall(), "listing own tables")]

    def own_bytes(self, table_id: str) -> bytes | None:
        row = self._run(lambda c: c.execute("select data from own_tables where table_id = %s", (table_id,)
                                            ).fetchone(), "reading an own table")
        return bytes(row[0]) if row else None

    def own_put(self, table_id: str, data: bytes, *, replace: bool, actor: str, title: str, rows: int) -> str:
        def work(connection):
            if replace:
                (inserted,) = connection.execute(
                    """insert into own_tables (table_id, title, rows, data) values (%s, %s, %s, %s)
                       on conflict (table_id) do update set title = excluded.title, rows = excluded.rows,
                           data = excluded.data, version = nextval('jamstat_state_version'), updated_at = now()
                       returning (xmax = 0)""", (table_id, title, rows, data)).fetchone()
            else:
                inserted = connection.execute(
                    """insert into own_tables (table_id, title, rows, data) values (%s, %s, %s, %s)
                       on conflict (table_id) do nothing returning true""", (table_id, title, rows, data)
                ).fetchone() is not None
                if not inserted:
                    raise Exists(table_id)
            action = "create" if inserted else "replace"
            self._audit(connection, audit_entry(actor, action, "own_table", title, rows, 1))
            return action
        try:
            return self._run(work, f"saving own table {table_id}")
        finally:
            self._changed()

    def own_delete(self, table_id: str, *, actor: str) -> bool:
        def work(connection):
            row = connection.execute("delete from own_tables where table_id = %s returning title",
                                     (table_id,)).fetchone()
            if row:
                self._audit(connection, audit_entry(actor, "delete", "own_table", row[0], None, None))
            return row is not None
        try:
            return self._run(work, f"deleting own table {table_id}")
        finally:
            self._changed()

    # ---- presentations: the same JSON document as a file, per slug
    def presentation_texts(self) -> dict[str, str]:
        rows = self._run(lambda c: c.execute("select slug, body::text from presentations order by slug").fetchall(),
                         "listing presentations")
        return dict(rows)

    def presentation_text(self, slug: str) -> str | None:
        row = self._run(lambda c: c.execute("select body::text from presentations where slug = %s", (slug,)
                                            ).fetchone(), "reading a presentation")
        return row[0] if row else None

    def presentation_update(self, slug: str, change: Callable[[str | None], tuple[str, dict]], *,
                            actor: str) -> dict:
        def work(connection):
            row = connection.execute("select body::text from presentations where slug = %s for update",
                                     (slug,)).fetchone()
            if row is None:
                # Two sessions creating the same presentation: the second waits on the first's row, then appends.
                created = connection.execute(
                    "insert into presentations (slug, body) values (%s, %s::jsonb) on conflict (slug) do nothing "
                    "returning true", (slug, '{"title": "", "views": []}')).fetchone() is not None
                current = None if created else connection.execute(
                    "select body::text from presentations where slug = %s for update", (slug,)).fetchone()[0]
            else:
                created, current = False, row[0]
            text, presentation = change(current)
            connection.execute("update presentations set body = %s::jsonb, updated_at = now() where slug = %s",
                               (text, slug))
            self._audit(connection, audit_entry(actor, "create" if created else "replace", "presentation",
                                                presentation["title"], len(presentation["views"]), None))
            return presentation
        return self._run(work, f"saving presentation {slug}")

    def presentation_delete(self, slug: str, *, actor: str, title: str) -> bool:
        def work(connection):
            deleted = connection.execute("delete from presentations where slug = %s returning true",
                                         (slug,)).fetchone() is not None
            if deleted:
                self._audit(connection, audit_entry(actor, "delete", "presentation", title, None, None))
            return deleted
        return self._run(work, f"deleting presentation {slug}")

    # ---- peer groups: one row per group
    def peer_sets(self) -> dict:
        rows = self._run(lambda c: c.execute("select name, codes from peer_groups order by name").fetchall(),
                         "listing peer groups")
        return dict(rows)

    def peer_put(self, name: str, codes: list[str], *, actor: str) -> dict:
        """Add or replace one group; returns every saved group (read in the same transaction)."""
        def work(connection):
            (inserted,) = connection.execute(
                """insert into peer_groups (name, codes) values (%s, %s::jsonb)
                   on conflict (name) do update set codes = excluded.codes, updated_at = now()
                   returning (xmax = 0)""", (name, json.dumps(codes))).fetchone()
            self._audit(connection, audit_entry(actor, "create" if inserted else "replace", "peer_group", name,
                                                len(codes), None))
            return dict(connection.execute("select name, codes from peer_groups order by name").fetchall())
        return self._run(work, f"saving peer group {name}")

    def peer_delete(self, name: str, *, actor: str) -> bool:
        def work(connection):
            deleted = connection.execute("delete from peer_groups where name = %s returning true",
                                         (name,)).fetchone() is not None
            if deleted:
                self._audit(connection, audit_entry(actor, "delete", "peer_group", name, None, None))
            return deleted
        return self._run(work, f"deleting peer group {name}")


_FILES = FileState()
_DATABASES: dict[str, PostgresState] = {}
_DATABASES_LOCK = threading.Lock()


def current() -> FileState | PostgresState:
    """The backend for this process's settings (read on every call, so tests can switch by environment)."""
    url = settings.state_url()
    if not url:
        return _FILES
    with _DATABASES_LOCK:
        if url not in _DATABASES:
            _DATABASES[url] = PostgresState(url)
        return _DATABASES[url]


def uses_database() -> bool:
    return bool(settings.state_url())
