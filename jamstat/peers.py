"""Peer sets: the comparison group around a municipality (its county, its SKR group, a Kolada group, or a
hand-picked set as in SKR's Modellkommuner benchmarking: named, at most 10, saved under data/ or, with
JAMSTAT_STATE_URL, in PostgreSQL). Saving and deleting hold a lock (a transaction) and go to the audit log."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from jamstat import state, statestore
from jamstat.text import t

Query = Callable[..., pd.DataFrame]  # a stored query by name with its parameters (the store's run, or a cached one)

MAX_PEERS = 10
MAX_NAME_LENGTH = 60


class PeerSetError(ValueError):
    """A peer set or the file holding them is not usable; the message says why and what was kept."""


def _clean_name(name: str) -> str:
    """Whitespace collapsed, invisible and control characters (also bidi overrides) dropped; 1–60 left."""
    name = " ".join("".join(c if c.isprintable() else " " if c.isspace() else "" for c in str(name)).split())
    if not name or len(name) > MAX_NAME_LENGTH:
        raise PeerSetError(f"A peer set needs a name of 1–{MAX_NAME_LENGTH} characters.")
    return name


def validate(name: str, codes: list[str], municipalities: Collection[str]) -> tuple[str, list[str]]:
    """A clean name and the codes in order; unknown codes or too many codes raise PeerSetError."""
    codes = list(dict.fromkeys(str(c).strip() for c in codes if str(c).strip()))
    unknown = [c for c in codes if c not in municipalities]
    if unknown:
        raise PeerSetError(f"Unknown municipality code(s): {', '.join(unknown[:5])}.")
    if not codes or len(codes) > MAX_PEERS:
        raise PeerSetError(f"A peer set has 1–{MAX_PEERS} municipalities.")
    return _clean_name(name), codes


def load(path: Path, municipalities: Collection[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Saved sets and a list of problems; a set with unknown codes is skipped (and reported), never dropped."""
    try:
        if statestore.uses_database():
            raw = statestore.current().peer_sets()
        elif not path.exists():
            return {}, []
        else:
            raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise TypeError("top level is not an object")
    except statestore.StateUnavailable:
        raise  # the database is away, not the sets broken: the caller says so, without the driver's detail
    except (OSError, ValueError, TypeError) as error:
        raise PeerSetError(f"The saved peer sets in {path.name} cannot be read ({error}). "
                           "The file is left as it is.") from error
    sets, problems = {}, []
    for name, codes in raw.items():
        try:
            clean, valid = validate(name, codes if isinstance(codes, list) else [], municipalities)
            sets[clean] = valid
        except PeerSetError as error:
            problems.append(f"{str(name)[:MAX_NAME_LENGTH]}: {error}")
    return sets, problems


def save(path: Path, name: str, codes: list[str], municipalities: Collection[str], *,
         actor: str = "") -> dict[str, list[str]]:
    """Add or replace one set under a lock and write the file atomically (a corrupt file is moved aside, not
    overwritten); recorded in the audit log with `actor` ("" = anonymous). OSError if it cannot be stored;
    statestore.NotRecorded (holding the saved sets) if it was stored but its audit entry could not be written."""
    name, codes = validate(name, codes, municipalities)
    store = statestore.current()
    if isinstance(store, statestore.PostgresState):
        return store.peer_put(name, codes, actor=actor)

    def change(existing: dict) -> tuple[dict, str]:
        action = "replace" if name in existing else "create"
        return {**existing, name: codes}, action
    return store.peers_update(path, change, actor=actor, name=name, rows=len(codes))


def delete(path: Path, name: str, *, actor: str = "") -> None:
    """Remove a saved set by its name (recorded in the audit log); PeerSetError if there is none."""
    name = _clean_name(name)
    store = statestore.current()
    if isinstance(store, statestore.PostgresState):
        deleted = store.peer_delete(name, actor=actor)
    else:
        found = []

        def change(existing: dict) -> tuple[dict, str | None]:
            # The file may hold a name as typed by hand; it is shown (and deleted) by its clean form.
            keys = [key for key in existing if key == name or _safe_clean(key) == name]
            found.extend(keys)
            return {k: v for k, v in existing.items() if k not in keys}, "delete" if keys else None
        if path.exists():
            store.peers_update(path, change, actor=actor, name=name, rows=None)
        deleted = bool(found)
    if not deleted:
        raise PeerSetError(f"There is no saved peer set {name!r}.")


def _safe_clean(name: str) -> str | None:
    try:
        return _clean_name(name)
    except PeerSetError:
        return None


@dataclass(frozen=True)
class PeerChoice:
    """The comparison group chosen in the sidebar: its kind, member municipalities and a label for captions."""

    kind: str
    ids: list[str]
    label: str


PEER_KINDS = ("region", "group", "kolada", "custom", "all")
# A region's peers are other regions: all 20 of them, or a hand-picked set (counties and municipal groups do not
# apply to a region).
REGION_PEER_KINDS = ("all", "custom")


def home_kind(areas: pd.DataFrame, area_id: str | None) -> str:
    """'region' when the home organisation is a region (a two-digit Kolada code), else 'municipality'."""
    kinds = areas.loc[areas["area_id"] == area_id, "kind"]
    return "region" if not kinds.empty and kinds.iloc[0] == "region" else "municipality"


def peer_kinds(areas: pd.DataFrame, area_id: str | None) -> tuple[str, ...]:
    """The kinds of peer set offered around a home organisation."""
    return REGION_PEER_KINDS if home_kind(areas, area_id) == "region" else PEER_KINDS


def candidates(areas: pd.DataFrame, area_id: str | None) -> set[str]:
    """The codes a hand-picked peer set around this home may hold: municipalities, or regions for a region."""
    return set(areas.loc[areas["kind"] == home_kind(areas, area_id), "area_id"])


def peer_choice(query: Query, kind: str, municipality: str | None, areas: pd.DataFrame, language: str, *,
                group_id: str | None = None, group_title: str = "", custom_ids: Sequence[str] = (),
                custom_name: str = "") -> PeerChoice:
    """The members and label of a peer set of a given kind around a municipality or a region (no widgets)."""
    if municipality and home_kind(areas, municipality) == "region":
        if kind == "custom":
            return PeerChoice(kind, list(custom_ids), t("peer_label_custom", language, name=custom_name or "–"))
        # All other regions, named: the profile's peer mean and rank need the members, not "everyone".
        others = sorted(candidates(areas, municipality) - {municipality})
        return PeerChoice("all", others, t("peer_label_all_regions", language))
    if not municipality or kind == "all":
        return PeerChoice("all", [], t("peer_label_all", language))
    row = areas.set_index("area_id").loc[municipality]
    if kind in ("region", "group"):
        ids = query("peer_members", kind=kind, municipality_id=municipality, group_id=None)["area_id"].tolist()
        label = (t("peer_label_region", language, region=row["region_name"]) if kind == "region"
                 else t("peer_label_group", language, group=row["municipality_group"]))
        return PeerChoice(kind, ids, label)
    if kind == "kolada":
        ids = query("peer_members", kind="kolada", municipality_id=municipality, group_id=group_id)["area_id"]
        return PeerChoice(kind, ids.tolist(), t("peer_label_kolada", language, group=group_title))
    return PeerChoice(kind, list(custom_ids), t("peer_label_custom", language, name=custom_name or "–"))


def kolada_groups(query: Query, municipality: str) -> dict[str, str]:
    """Kolada's groups that contain the municipality, id -> title (groups named for it first)."""
    groups = query("municipality_groups", municipality_id=municipality)
    return dict(zip(groups["group_id"], groups["group_title"]))


def resolve_peers(query: Query, params: dict, municipality: str | None, areas: pd.DataFrame,
                  language: str) -> PeerChoice:
    """The peer set a saved view names, validated like a link (presentations and exports)."""
    kinds = peer_kinds(areas, municipality)
    kind = params.get(state.KEY_SCOPE, kinds[0] if kinds is REGION_PEER_KINDS else "region")
    if not municipality or kind == "all":
        return peer_choice(query, "all", municipality, areas, language)
    kind = state.parse_choice(state.KEY_SCOPE, kind, kinds)
    if kind == "kolada":
        titles = kolada_groups(query, municipality)
        group_id = state.parse_choice(state.KEY_GROUP, params.get(state.KEY_GROUP, ""), titles)
        return peer_choice(query, kind, municipality, areas, language, group_id=group_id, group_title=titles[group_id])
    if kind == "custom":
        valid = candidates(areas, municipality)
        ids = state.parse_codes(state.KEY_PEERS, params.get(state.KEY_PEERS, ""), valid, limit=10)
        name = state.clean_text(params.get(state.KEY_PEER_NAME, ""), 60)
        return peer_choice(query, kind, municipality, areas, language, custom_ids=ids, custom_name=name)
    return peer_choice(query, kind, municipality, areas, language)
