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
        # What the warning echoes: visible characters only (no control or bidi marks), cut short.
        visible = "".join(c for c in str(raw) if c.isprintable())
        shown = visible if len(visible) <= 40 else visible[:40] + "…"
        super().__init__(f"{key}={shown!r}")
        self.key, self.raw = key, shown


def _clean(raw, key: str = "") -> str:
    """One value from the URL. A key given twice with different values is ambiguous, so it is invalid."""
    if isinstance(raw, (list, tuple)):
        values = list(dict.fromkeys(str(value) for value in raw))
        if len(values) > 1:
            raise InvalidParam(key, " & ".join(values))
        raw = values[0] if values else ""
    return str(raw).strip()


def parse_choice(key: str, raw, valid: Collection[str]) -> str:
    """A code that must be one of valid (municipality code, indicator id, scope, language)."""
    value = _clean(raw, key)
    if len(value) > MAX_PARAM_LENGTH or value not in valid:
        raise InvalidParam(key, value)
    return value


def parse_year(key: str, raw, valid_years: Collection[int]) -> int:
    value = _clean(raw, key)
    if not (value.isascii() and value.isdigit()) or len(value) != 4 or int(value) not in valid_years:
        raise InvalidParam(key, value)
    return int(value)


def parse_codes(key: str, raw, valid: Collection[str], limit: int = MAX_AREAS) -> list[str]:
    """A comma-separated list of codes; unknown codes make the whole value invalid so the user is told."""
    value = _clean(raw, key)
    if len(value) > MAX_PARAM_LENGTH:
        raise InvalidParam(key, value)
    codes = [code.strip() for code in value.split(",") if code.strip()]
    if not codes or any(code not in valid for code in codes):
        raise InvalidParam(key, value)
    return list(dict.fromkeys(codes))[:limit]


def clean_text(raw, limit: int = MAX_PARAM_LENGTH) -> str:
    """Free text from the URL (a group's name): control characters removed, length capped."""
    if isinstance(raw, (list, tuple)):
        raw = raw[-1] if raw else ""
    return "".join(c for c in str(raw).strip() if c.isprintable())[:limit]


def parse_text(key: str, raw, limit: int) -> str:
    """Free text that must arrive clean: invisible or control characters, or more than limit, make it invalid."""
    value = _clean(raw, key)
    if len(value) > limit or clean_text(value, limit) != value:
        raise InvalidParam(key, value)
    return value


def format_codes(codes: list[str]) -> str:
    return ",".join(codes)


# Karta (map): what colours the municipalities, and an optional county to zoom to.
KEY_MEASURE = "matt"
KEY_COUNTY = "lan"
# "share" (the women's share of women and men) is offered for counts instead of the gap (jamstat/views.choropleth).
MEASURES = ("gap", "women", "men", "share")
KEY_PRESENTATION = "visning"
KEY_SLIDE = "bild"

# Every key a link may carry; shared links and saved views keep only these.
URL_KEYS = (KEY_MUNICIPALITY, KEY_INDICATOR, KEY_YEAR, KEY_AREAS, KEY_SCOPE, KEY_GROUP, KEY_PEERS, KEY_PEER_NAME,
            KEY_LANGUAGE, KEY_MEASURE, KEY_COUNTY, KEY_PRESENTATION, KEY_SLIDE)


# What a link from one page to another carries: the shared view (municipality, peers, language), the indicator and
# the year. Keys of one page (its areas, the map's measure and county, a slide) stay behind.
CARRIED_KEYS = (KEY_MUNICIPALITY, KEY_INDICATOR, KEY_YEAR, KEY_SCOPE, KEY_GROUP, KEY_PEERS, KEY_PEER_NAME,
                KEY_LANGUAGE)


def shareable(params) -> dict[str, str]:
    """The URL state worth passing on: known keys with one short, visible value (hostile leftovers dropped)."""
    kept = {}
    for key in URL_KEYS:
        if key not in params:
            continue
        value = params[key]
        if isinstance(value, (list, tuple)):
            if len(set(value)) != 1:
                continue
            value = value[0]
        value = str(value)
        if value and len(value) <= MAX_PARAM_LENGTH and value == clean_text(value):
            kept[key] = value
    return kept
