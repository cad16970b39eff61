"""The audit trail: who created, replaced or deleted which own table, presentation or peer group, and when.

Append-only: JSON lines under data/ (locked) or, with JAMSTAT_STATE_URL, a PostgreSQL table written in the same
transaction as the change. The storage functions (owndata, presentations, peers) record their own changes; this
is the API for reading them and for recording anything else."""

from __future__ import annotations

from jamstat import statestore

ACTIONS = statestore.ACTIONS  # create, replace, delete
KINDS = statestore.KINDS  # own_table, presentation, peer_group
FIELDS = ("at", "actor", "action", "kind", "name", "rows", "files")


def record(actor: str, action: str, kind: str, name: str, *, rows: int | None = None,
           files: int | None = None) -> None:
    """Append one change (actor "" = anonymous). ValueError for an unknown action or kind; OSError if the log
    cannot be written."""
    statestore.current().audit(statestore.audit_entry(actor, action, kind, name, rows, files))


def recent(limit: int = 20) -> list[dict]:
    """The last changes, newest first, each with the keys of FIELDS."""
    entries = statestore.current().recent(max(0, int(limit))) if limit > 0 else []
    return [{key: entry.get(key) for key in FIELDS} for entry in entries]
