"""Presentations for training days: named lists of saved views, stored as JSON under data/presentations/."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from jamstat.atomic import write_text_atomic
from jamstat.registry import DEFAULT, SLIDE_PATHS

PAGES = SLIDE_PATHS  # the pages a saved view can show (the registry's slide pages)
MAX_VIEWS = 100
MAX_TEXT = 2000


class PresentationError(ValueError):
    """A presentation file or view is not usable; the message says what and that nothing was overwritten."""


@dataclass
class SavedView:
    page: str  # the page's url path, e.g. "jamfor"
    params: dict[str, str]  # the page's URL query parameters: a link alone restores the view
    title: str
    note: str = ""  # speaker note, not shown to the audience


@dataclass
class Presentation:
    title: str
    views: list[SavedView] = field(default_factory=list)


def slug(title: str) -> str:
    """A file name from a title: 'Utbildningsdag Karlstad 2026' -> 'utbildningsdag-karlstad-2026'."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    if not text:
        raise PresentationError("A presentation needs a title with letters or digits.")
    return text[:60]


def _clean(text, limit: int = MAX_TEXT) -> str:
    return "".join(c for c in str(text) if c.isprintable() or c == "\n")[:limit].strip()


def view_from_dict(raw) -> SavedView:
    """One view as stored; anything malformed raises PresentationError (shown on that slide only)."""
    if not isinstance(raw, dict):
        raise PresentationError("the view is not an object")
    page = raw.get("page")
    params = raw.get("params", {})
    if page not in PAGES:
        raise PresentationError(f"unknown page {str(page)[:40]!r}")
    if not isinstance(params, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in params.items()):
        raise PresentationError("the view's parameters must be text")
    return SavedView(page=page, params={k[:40]: v[:400] for k, v in params.items()},
                     title=_clean(raw.get("title", ""), 300), note=_clean(raw.get("note", "")))


def load(path: Path) -> tuple[Presentation, list[str | None]]:
    """The presentation and, per view, None or the problem that keeps it from being shown."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PresentationError(f"{path.name} cannot be read ({error}); the file is left as it is.") from error
    if not isinstance(raw, dict) or not isinstance(raw.get("views"), list):
        raise PresentationError(f"{path.name} is not a presentation (needs a title and a list of views); "
                                "the file is left as it is.")
    views, problems = [], []
    for item in raw["views"][:MAX_VIEWS]:
        try:
            views.append(view_from_dict(item))
            problems.append(None)
        except PresentationError as error:
            views.append(SavedView(page=DEFAULT.url_path, params={}, title=_clean(str(item)[:80], 80)))
            problems.append(str(error))
    return Presentation(title=_clean(raw.get("title", path.stem), 200) or path.stem, views=views), problems


def list_all(directory: Path) -> dict[str, str]:
    """slug -> title for every presentation file (unreadable ones listed by file name so they can be fixed)."""
    found = {}
    for path in sorted(directory.glob("*.json")):
        try:
            found[path.stem] = load(path)[0].title
        except PresentationError:
            found[path.stem] = path.stem
    return found


def _write(path: Path, presentation: Presentation) -> None:
    write_text_atomic(path, json.dumps(asdict(presentation), ensure_ascii=False, indent=2))


def add_view(directory: Path, title: str, view: SavedView) -> Path:
    """Append a view to the named presentation (created if new); an unreadable file is never overwritten."""
    view = view_from_dict(asdict(view))
    path = directory / f"{slug(title)}.json"
    if path.exists():
        presentation, problems = load(path)
        if any(problems):
            raise PresentationError(f"{path.name} has views that cannot be read; fix or remove them first. "
                                    "The file was not changed.")
    else:
        presentation = Presentation(title=_clean(title, 200))
    if len(presentation.views) >= MAX_VIEWS:
        raise PresentationError(f"A presentation holds at most {MAX_VIEWS} views.")
    presentation.views.append(view)
    _write(path, presentation)
    return path
