"""Presentations for training days: named lists of saved views, stored as JSON under data/presentations/ (or, with
JAMSTAT_STATE_URL, the same JSON in PostgreSQL). A change holds a lock (a transaction) from reading to writing, so
two sessions adding views at once both keep theirs; every change goes to the audit log."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

from jamstat import statestore
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
    """The presentation and, per view, None or the problem that keeps it from being shown (the file's stem is
    the presentation's slug, also in the database)."""
    try:
        if statestore.uses_database():
            text = statestore.current().presentation_text(path.stem)
            if text is None:
                raise FileNotFoundError(f"no presentation {path.stem!r}")
        else:
            text = path.read_text(encoding="utf-8")
    except statestore.StateUnavailable:
        raise  # the database is away, not the presentation broken
    except OSError as error:
        raise PresentationError(f"{path.name} cannot be read ({error}); the file is left as it is.") from error
    return parse(text, path.stem)


def parse(text: str, name: str) -> tuple[Presentation, list[str | None]]:
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise PresentationError(f"{name}.json cannot be read ({error}); the file is left as it is.") from error
    if not isinstance(raw, dict) or not isinstance(raw.get("views"), list):
        raise PresentationError(f"{name}.json is not a presentation (needs a title and a list of views); "
                                "the file is left as it is.")
    views, problems = [], []
    for item in raw["views"][:MAX_VIEWS]:
        try:
            views.append(view_from_dict(item))
            problems.append(None)
        except PresentationError as error:
            views.append(SavedView(page=DEFAULT.url_path, params={}, title=_clean(str(item)[:80], 80)))
            problems.append(str(error))
    return Presentation(title=_clean(raw.get("title", name), 200) or name, views=views), problems


def list_all(directory: Path) -> dict[str, str]:
    """slug -> title for every presentation (unreadable ones listed by file name so they can be fixed)."""
    if statestore.uses_database():
        texts = statestore.current().presentation_texts()
    else:
        texts = {}
        for path in sorted(directory.glob("*.json")):
            try:
                texts[path.stem] = path.read_text(encoding="utf-8")
            except OSError:
                texts[path.stem] = ""
    found = {}
    for name, text in texts.items():
        try:
            found[name] = parse(text, name)[0].title
        except PresentationError:
            found[name] = name
    return found


def add_view(directory: Path, title: str, view: SavedView, *, actor: str = "") -> Path:
    """Append a view to the named presentation (created if new), under a lock; an unreadable file is never
    overwritten. Recorded in the audit log with `actor` ("" = anonymous). OSError if it cannot be stored;
    statestore.NotRecorded (holding the path) if it was stored but its audit entry could not be written."""
    view = view_from_dict(asdict(view))
    path = directory / f"{slug(title)}.json"

    def change(current: str | None) -> tuple[str, dict]:
        if current is not None:
            presentation, problems = parse(current, path.stem)
            if any(problems):
                raise PresentationError(f"{path.name} has views that cannot be read; fix or remove them first. "
                                        "The file was not changed.")
        else:
            presentation = Presentation(title=_clean(title, 200))
        if len(presentation.views) >= MAX_VIEWS:
            raise PresentationError(f"A presentation holds at most {MAX_VIEWS} views.")
        presentation.views.append(view)
        return json.dumps(asdict(presentation), ensure_ascii=False, indent=2), asdict(presentation)

    state = statestore.current()
    try:
        state.presentation_update(path.stem if isinstance(state, statestore.PostgresState) else path, change,
                                  actor=actor)
    except statestore.NotRecorded as unrecorded:  # saved, without its audit entry: the caller still gets the path
        raise statestore.NotRecorded(path) from unrecorded
    return path


def delete(directory: Path, name: str, *, actor: str = "") -> None:
    """Remove a saved presentation by its slug (recorded in the audit log); PresentationError if there is none."""
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", name):
        raise PresentationError(f"Not a presentation: {name[:60]!r}.")
    path = directory / f"{name}.json"
    try:
        title = load(path)[0].title
    except PresentationError:
        title = name
    state = statestore.current()
    if isinstance(state, statestore.PostgresState):
        deleted = state.presentation_delete(name, actor=actor, title=title)
    else:
        deleted = state.presentation_delete(path, actor=actor, title=title)
    if not deleted:
        raise PresentationError(f"There is no presentation {name!r}.")
