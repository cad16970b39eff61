"""The page registry: one PageSpec per page (url path, title, icon, page file, typed URL parameters, whether it can
be a slide). The navigation, links between pages, saved views, slides and the deck derive from it, so adding a
page is one page file and one entry here."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

import pandas as pd

from jamstat import state
from jamstat.peers import PeerChoice
from jamstat.text import LANGUAGES

YEARS = range(1000, 10000)  # any four-digit year: which years have data is the view's check, not the link's


def _text(key: str, raw) -> str:
    return state.parse_text(key, raw, state.MAX_PARAM_LENGTH)


def _codes(key: str, raw) -> tuple[str, ...]:
    """Codes as a link writes them ("1780,17,0000"): clean text, no check that they exist."""
    value = _text(key, raw)
    codes = tuple(dict.fromkeys(code.strip() for code in value.split(",") if code.strip()))
    if not codes:
        raise state.InvalidParam(key, value)
    return codes


def _number(key: str, raw) -> int:
    """A slide number: 1 to 9999, digits only (whether the deck has it is the page's check)."""
    value = _text(key, raw)
    if not (value.isascii() and value.isdigit()) or not 1 <= len(value) <= 4 or int(value) < 1:
        raise state.InvalidParam(key, value)
    return int(value)


# Each parameter's field name -> (URL key, parse raw -> value, value -> URL text).
FIELDS = {
    "municipality": (state.KEY_MUNICIPALITY, _text, str),
    "scope": (state.KEY_SCOPE, lambda key, raw: state.parse_choice(key, raw, state.SCOPES), str),
    "group": (state.KEY_GROUP, _text, str),
    "peers": (state.KEY_PEERS, _codes, lambda codes: state.format_codes(list(codes))),
    "peer_name": (state.KEY_PEER_NAME, lambda key, raw: state.clean_text(raw), str),  # as a saved view reads it
    "language": (state.KEY_LANGUAGE, lambda key, raw: state.parse_choice(key, raw, LANGUAGES), str),
    "indicator": (state.KEY_INDICATOR, _text, str),
    "year": (state.KEY_YEAR, lambda key, raw: state.parse_year(key, raw, YEARS), str),
    "areas": (state.KEY_AREAS, lambda key, raw: _codes(key, raw)[: state.MAX_AREAS],
              lambda codes: state.format_codes(list(codes))),
    "measure": (state.KEY_MEASURE, lambda key, raw: state.parse_choice(key, raw, state.MEASURES), str),
    "county": (state.KEY_COUNTY, _text, str),
    "presentation": (state.KEY_PRESENTATION, _text, str),
    "slide": (state.KEY_SLIDE, lambda key, raw: _number(key, raw), str),
}


@dataclass(frozen=True)
class Params:
    """The URL state every page shares (the sidebar's municipality and peers, the language). A page's own
    parameters extend it. from_query parses a link's query (invalid values raise state.InvalidParam, as the
    pages' widgets parse them); to_query writes the same keys back, so a link reproduces the view."""

    municipality: str | None = None
    scope: str | None = None
    group: str | None = None
    peers: tuple[str, ...] = ()
    peer_name: str = ""
    language: str | None = None

    @classmethod
    def from_query(cls, query: Mapping) -> Params:
        """This page's parameters from a link's query (a dict of text, or of lists of text as st.query_params
        gives them); keys of other pages are ignored, empty values mean "not set"."""
        values = {}
        for item in fields(cls):
            key, parse, _ = FIELDS[item.name]
            raw = query.get(key)
            if raw in (None, "", [], ()):
                continue
            values[item.name] = parse(key, raw)
        return cls(**values)

    def to_query(self) -> dict[str, str]:
        """The URL query that reproduces these parameters (unset ones left out)."""
        query = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value not in (None, "", ()):
                key, _, write = FIELDS[item.name]
                query[key] = write(value)
        return query


@dataclass(frozen=True)
class OverviewParams(Params):
    year: int | None = None


@dataclass(frozen=True)
class CompareParams(Params):
    indicator: str | None = None
    year: int | None = None


@dataclass(frozen=True)
class OverTimeParams(Params):
    indicator: str | None = None
    areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class MapParams(Params):
    indicator: str | None = None
    year: int | None = None
    measure: str | None = None
    county: str | None = None


@dataclass(frozen=True)
class PresentationParams(Params):
    presentation: str | None = None
    slide: int | None = None


@dataclass(frozen=True)
class PageSpec:
    url_path: str  # the page's address ("jamfor"); the default page is also served at "/"
    title_key: str  # its title in jamstat.text
    icon: str
    page_file: str  # relative to the project (app.py's folder)
    params: type[Params]
    slide: bool = False  # a saved view of it can be a slide (jamstat.views.from_params draws it)
    default: bool = False


OVERVIEW = PageSpec("oversikt", "page_overview", ":material/dashboard:", "app_pages/overview.py", OverviewParams,
                    slide=True)
COMPARE = PageSpec("jamfor", "page_compare", ":material/compare_arrows:", "app_pages/compare.py", CompareParams,
                   slide=True, default=True)
OVER_TIME = PageSpec("over-tid", "page_over_time", ":material/show_chart:", "app_pages/over_time.py",
                     OverTimeParams, slide=True)
MAP = PageSpec("karta", "page_map", ":material/map:", "app_pages/map.py", MapParams, slide=True)
OWN_DATA = PageSpec("egen-data", "page_own", ":material/upload_file:", "app_pages/own_data.py", Params)
PRESENTATION = PageSpec("presentation", "page_presentation", ":material/slideshow:", "app_pages/presentation.py",
                        PresentationParams)
ABOUT = PageSpec("om-data", "page_about", ":material/info:", "app_pages/about.py", Params)

PAGES = (OVERVIEW, COMPARE, OVER_TIME, MAP, OWN_DATA, PRESENTATION, ABOUT)  # in the navigation's order
SLIDE_PATHS = tuple(spec.url_path for spec in PAGES if spec.slide)
DEFAULT = next(spec for spec in PAGES if spec.default)


def page(url_path: str) -> PageSpec | None:
    """The page at a url path; "" is the default page (Streamlit serves it at "/")."""
    if url_path == "":
        return DEFAULT
    return next((spec for spec in PAGES if spec.url_path == url_path), None)


@dataclass(frozen=True)
class ViewState:
    """What the sidebar chose, shared by the pages of one run: the municipality (None for none), the peer set,
    the indicator (its catalogue row), area names as shown and the areas table."""

    municipality: str | None
    peers: PeerChoice
    indicator: dict
    area_names: dict[str, str]
    areas: pd.DataFrame
