"""View state <-> URL query parameters: short stable keys, parsed once and validated, never trusted."""

from __future__ import annotations

from collections.abc import Collection

# Short, stable URL keys (shared links depend on them).
KEY_MUNICIPALITY = "kommun"
KEY_INDICATOR = "indikator"
KEY_YEAR = "ar"
KEY_AREAS = "omraden"
KEY_SCOPE = "jmf"
KEY_GROUP = "grupp"
KEY_PEERS = "egna"
KEY_PEER_NAME = "namn"
KEY_LANGUAGE = "lang"
SCOPES = ("all", "region", "group", "kolada", "custom")
MAX_AREAS = 5
MAX_PARAM_LENGTH = 200


class InvalidParam(ValueError):
    """A URL parameter that does not name anything the app knows."""

    def __init__(self, key: str, raw: str):
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        super().__init__(f"{key}={shown!r}")
        self.key, self.raw = key, shown


def _clean(raw) -> str:
    if isinstance(raw, (list, tuple)):
        raw = raw[-1] if raw else ""
    return str(raw).strip()


def parse_choice(key: str, raw, valid: Collection[str]) -> str:
    """A code that must be one of valid (municipality code, indicator id, scope, language)."""
    value = _clean(raw)
    if len(value) > MAX_PARAM_LENGTH or value not in valid:
        raise InvalidParam(key, value)
    return value


def parse_year(key: str, raw, valid_years: Collection[int]) -> int:
    value = _clean(raw)
    if not (value.isascii() and value.isdigit()) or len(value) != 4 or int(value) not in valid_years:
        raise InvalidParam(key, value)
    return int(value)


def parse_codes(key: str, raw, valid: Collection[str], limit: int = MAX_AREAS) -> list[str]:
    """A comma-separated list of codes; unknown codes make the whole value invalid so the user is told."""
    value = _clean(raw)
    if len(value) > MAX_PARAM_LENGTH:
        raise InvalidParam(key, value)
    codes = [code.strip() for code in value.split(",") if code.strip()]
    if not codes or any(code not in valid for code in codes):
        raise InvalidParam(key, value)
    return list(dict.fromkeys(codes))[:limit]


def clean_text(raw, limit: int = MAX_PARAM_LENGTH) -> str:
    """Free text from the URL (a group's name): control characters removed, length capped."""
    return "".join(c for c in _clean(raw) if c.isprintable())[:limit]


def format_codes(codes: list[str]) -> str:
    return ",".join(codes)


# Karta (map): what colours the municipalities, and an optional county to zoom to.
KEY_MEASURE = "matt"
KEY_COUNTY = "lan"
MEASURES = ("gap", "women", "men")
KEY_PRESENTATION = "visning"
KEY_SLIDE = "bild"
