"""Hand-picked peer sets (as in SKR's Modellkommuner benchmarking): named, at most 10, saved under data/."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection
from pathlib import Path

from jamstat.atomic import write_text_atomic

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
    if not path.exists():
        return {}, []
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise TypeError("top level is not an object")
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


def save(path: Path, name: str, codes: list[str], municipalities: Collection[str]) -> dict[str, list[str]]:
    """Add or replace one set and write the file atomically. A corrupt file is moved aside, not overwritten."""
    name, codes = validate(name, codes, municipalities)
    try:
        existing = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        if not isinstance(existing, dict):
            raise TypeError("top level is not an object")
    except (OSError, ValueError, TypeError):
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        path.rename(path.with_name(f"{path.name}.corrupt-{stamp}"))
        existing = {}
    existing[name] = codes
    write_text_atomic(path, json.dumps(existing, ensure_ascii=False, indent=2, sort_keys=True))
    return existing
