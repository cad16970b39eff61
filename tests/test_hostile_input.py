"""Hostile links and form input on every page: no traceback, a visible warning, the default view, nothing written.

Every URL key the app reads gets every hostile value on some page. To stay fast, each (page, value) pair runs
once, in one of four contexts that decide which keys are read (the peer keys need a valid municipality);
the contexts rotate over pages so that every key meets every value (see CONTEXTS and context_for).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from jamstat import presentations, state
from jamstat.settings import PROJECT_DIR
from tests.conftest import APP, chart_titles
from tests.test_presentations import VIEWS

TIMEOUT = 60
DEFAULT_INDICATOR = "N05815"  # the first theme's (power) default indicator
MUNICIPALITY = "1780"

# url path -> (page file, the URL keys the page itself reads, the widget key that shows the page ran)
PAGES = {
    "jamfor": ("app_pages/compare.py", {"ar"}, "year"),
    "oversikt": ("app_pages/overview.py", {"ar"}, "overview_year"),
    "over-tid": ("app_pages/over_time.py", {"omraden"}, "areas"),
    "karta": ("app_pages/map.py", {"ar", "matt", "lan"}, "measure"),
    "presentation": ("app_pages/presentation.py", {"visning", "bild"}, "presentation"),
    "om-data": ("app_pages/about.py", set(), None),
    "egen-data": ("app_pages/own_data.py", set(), None),
}
SIDEBAR_KEYS = {"lang", "kommun", "indikator"}

# Which keys stay valid, so that the keys behind them are read at all.
CONTEXTS = {
    "no_municipality": ({}, set()),  # kommun itself hostile: no peer keys are read, Översikt asks for one
    "scope": ({"kommun": MUNICIPALITY}, {"jmf"}),
    "custom": ({"kommun": MUNICIPALITY, "jmf": "custom"}, {"egna", "namn"}),
    "kolada": ({"kommun": MUNICIPALITY, "jmf": "kolada"}, {"grupp"}),
}

REPEATED = object()  # each key given twice, with two values that are each valid on their own
HOSTILE = {
    "sql-or": "0180' OR 1=1 --",
    "sql-drop": '"; drop table areas; --',
    "traversal": "../../etc/passwd",
    "10kB": "å" * 5_120,  # 10 240 bytes of UTF-8
    "rtl": "\u202e1780\u200f",  # right-to-left override around a real municipality code
    "emoji": "👩📊👨",
    "zero-width": "17\u200b80",
    "full-width": "２０２２",
    "negative": "-1",
    "huge": "9" * 20,
    "list": "[]",
    "dict": "{}",
    "float": "1.5",
    "repeated": REPEATED,
    "control": "\x00\x1b[2J\x7f\x85",
    "markdown": "[Logga in](https://evil.example)",
}
PAIRS = {"kommun": ("1780", "0180"), "indikator": ("N15428", "N00090"), "ar": ("2021", "2022"),
         "omraden": ("1780", "0180,0000"), "jmf": ("region", "all"), "grupp": ("G2328", "G166468"),
         "egna": ("1880", "1884"), "namn": ("Norr", "Söder"), "lang": ("sv", "en"), "matt": ("gap", "women"),
         "lan": ("17", "01"), "visning": ("utbildningsdag", "modellkommuner"), "bild": ("1", "2")}
assert set(PAIRS) == set(state.URL_KEYS)


def context_for(page: str, value_id: str) -> str:
    # A Latin square: over the six pages every value meets all four contexts.
    return list(CONTEXTS)[(list(PAGES).index(page) + list(HOSTILE).index(value_id)) % len(CONTEXTS)]


def link_params(value_id: str, context: str) -> dict:
    fixed, _ = CONTEXTS[context]
    value = HOSTILE[value_id]
    params = {key: list(PAIRS[key]) if value is REPEATED else value for key in state.URL_KEYS}
    return {**params, **fixed}


def acceptable_name(value) -> bool:
    """A group name (namn) is free text: any visible text up to 60 characters is fine."""
    return isinstance(value, str) and len(value.strip()) <= 60 and all(c.isprintable() for c in value.strip())


def keys_read(page: str, context: str) -> set[str]:
    """The keys that get a hostile value and are read (the context's valid keys are read too, but not hostile)."""
    fixed, extra = CONTEXTS[context]
    keys = (SIDEBAR_KEYS | extra) - set(fixed)
    if page == "oversikt" and context == "no_municipality":
        return keys  # the page stops and asks for a municipality before it reads its year
    return keys | PAGES[page][1]


@pytest.fixture(scope="module")
def working_store(tmp_path_factory) -> Path:
    """A throwaway working store with two presentations; peer sets would go here too."""
    work = tmp_path_factory.mktemp("working-store")
    for view in VIEWS:
        presentations.add_view(work / "presentations", "Utbildningsdag", view)
    presentations.add_view(work / "presentations", "Modellkommuner", VIEWS[0])
    return work


def listing(root: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = [d for d in subdirectories if d not in (".git", "__pycache__", ".pytest_cache",
                                                                  ".ruff_cache")]
        for name in [*files, *subdirectories]:
            stat = (Path(directory) / name).stat()
            found[str(Path(directory, name).relative_to(root))] = (stat.st_mtime_ns, stat.st_size)
    return found


@pytest.fixture(autouse=True)
def project_unchanged(working_store, monkeypatch):
    """Saved views and peer sets point at the throwaway store; nothing in the project (data/ included) changes."""
    monkeypatch.setenv("JAMSTAT_PEER_SETS", str(working_store / "peer_sets.json"))
    monkeypatch.setenv("JAMSTAT_PRESENTATIONS", str(working_store / "presentations"))
    before = listing(PROJECT_DIR)
    yield
    assert listing(PROJECT_DIR) == before, "a file in the project changed"


@pytest.fixture
def store_unchanged(working_store):
    """Opening a link never writes: not even the throwaway working store changes."""
    before = listing(working_store)
    yield
    assert listing(working_store) == before, "a link wrote to the working store"


def open_link(url_path: str, params: dict) -> tuple[AppTest, list[str]]:
    """Open a link to a page as a browser would, on a fresh session; returns the app and every warning shown."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(params)
    # A deep link: the first run goes straight to the page (st.Page hashes its url_path).
    at._page_hash = "" if url_path == "jamfor" else calc_hash(url_path)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    page_url = {key: value for key, value in at.query_params.items() if key in PAGES[url_path][1]}
    return at, warnings(at), {**at.query_params, **page_url}


def warnings(at: AppTest) -> list[str]:
    return list(dict.fromkeys([w.value for w in at.warning] + [w.value for w in at.sidebar.warning]))


def markdown_texts(at: AppTest) -> list[str]:
    kinds = ("warning", "error", "info", "success", "caption", "markdown", "subheader", "header")
    return [str(e.value) for kind in kinds for e in at.get(kind)]


def warned_keys(shown: list[str]) -> set[str]:
    return {key for key in state.URL_KEYS if any(f"”{key}”" in text for text in shown)}


CASES = [pytest.param(page, value_id, id=f"{page}-{value_id}-{context_for(page, value_id)}")
         for page in PAGES for value_id in HOSTILE]


@pytest.mark.parametrize(("page", "value_id"), CASES)
def test_hostile_link(page, value_id, store_unchanged):
    context = context_for(page, value_id)
    value = HOSTILE[value_id]
    params = link_params(value_id, context)
    at, shown, url = open_link(page, params)

    # The intended page ran.
    marker = PAGES[page][2]
    if page == "om-data":
        assert at.header and at.dataframe
    elif page == "egen-data":
        assert at.get("file_uploader") and at.title
    elif page == "oversikt" and context == "no_municipality":
        assert any("Välj en kommun" in i.value for i in at.info)
    else:
        assert at.get("selectbox") and any(w.key == marker for w in [*at.selectbox, *at.multiselect]), marker

    # A visible warning names each key the page read and could not use, and no other key.
    read = keys_read(page, context)
    invalid = {key for key in read if not (key == "namn" and acceptable_name(value))}
    assert warned_keys(shown) == invalid, shown

    # The warnings echo the value harmlessly: short, visible characters only, no live Markdown.
    for text in shown:
        assert len(text) < 600
        assert all(c.isprintable() or c == "\u2060" for c in text), repr(text)
    for text in markdown_texts(at) + shown:
        assert "](https://" not in text and "https://evil" not in text, text

    # The link now holds the defaults (or the clean name), never the hostile value.
    for key in read:
        now = url.get(key)
        if key == "namn" and acceptable_name(value):
            assert now == value.strip()
        else:
            assert now is None or now != params[key], key
    assert url["indikator"] == DEFAULT_INDICATOR and url["lang"] == "sv"

    # The default view is still drawn where the page has one.
    charts = at.get("vega_lite_chart")
    expected = {"jamfor": 1, "oversikt": 0 if context == "no_municipality" else 1,
                "over-tid": 3 if CONTEXTS[context][0].get("kommun") else 2, "karta": 1, "presentation": 1,
                "om-data": 0, "egen-data": 0}[page]
    assert len(charts) == expected
    if page in ("jamfor", "karta"):
        assert "Kommunfullmäktige" in chart_titles(at)[0]  # the default indicator
    if page == "presentation":
        assert any("Bild 1 av " in m.value for m in at.markdown)


def test_every_key_meets_every_value_somewhere():
    covered = {(key, value_id) for page in PAGES for value_id in HOSTILE
               for key in keys_read(page, context_for(page, value_id))}
    missing = {(key, value_id) for key in state.URL_KEYS for value_id in HOSTILE} - covered
    assert not missing


# Hostile text typed into the app's free-text widgets --------------------------------------------------

def custom_group_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"kommun": "1883", "indikator": "N00090", "jmf": "custom"})
    at.run()
    at.sidebar.multiselect(key="peer_members").set_value(["1880"]).run()
    return at


@pytest.mark.parametrize(("typed", "stored"), [
    ("Norr\x00land\x1b[31m\u202e\u200b", "Norrland[31m"),
    ("  ../../etc/passwd\t\n", "../../etc/passwd"),
    ("[Logga in](https://evil.example)", "[Logga in](https://evil.example)"),
    ("x" * 10_240, "x" * 60),  # Streamlit cuts a widget's value to its max_chars on the server too
    ("\x00\x07\u200b", None),  # nothing visible left
], ids=["control-and-bidi", "traversal", "markdown", "10kB", "invisible-only"])
def test_peer_set_name_is_stored_cleaned_in_the_working_store(working_store, typed, stored):
    path = working_store / "peer_sets.json"
    at = custom_group_app()
    # set_value, not input: a crafted client is not held to the browser's max_chars.
    at.sidebar.text_input(key="peer_name").set_value(typed).run()
    at.sidebar.button(key="peer_save").click().run()
    assert not at.exception
    try:
        if stored is None:
            assert not path.exists() and at.sidebar.error
            return
        assert json.loads(path.read_text(encoding="utf-8")) == {stored: ["1880"]}
        # (besides the locks of saved state: peer_sets.json.lock, presentations.lock)
        assert sorted(p.name for p in working_store.iterdir() if p.suffix != ".lock") == ["peer_sets.json",
                                                                                          "presentations"]
        success = at.sidebar.success[0].value
        assert "](https://" not in success and "https://evil" not in success
    finally:
        path.unlink(missing_ok=True)  # the module's store is shared: leave it as it was


@pytest.mark.parametrize(("name", "title", "note", "file_name"), [
    ("../../etc/passwd", "Titel\x00\x1b[2J", "Rad 1\nRad 2\x07", "etc-passwd.json"),
    ("Ö" * 10_240, "T" * 10_240, "N\x00" * 10_240, "o" * 60 + ".json"),
    ("..\\..\\windows\\system32", "[Logga in](https://evil.example)", "", "windows-system32.json"),
    ("../", "Titel", "", None),  # no letters or digits: refused, nothing written
], ids=["traversal", "10kB", "windows-traversal", "no-letters"])
def test_saved_view_text_is_stored_cleaned_inside_the_presentations_folder(
        working_store, name, title, note, file_name):
    folder = working_store / "presentations"
    before = set(folder.iterdir())
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"kommun": "1780", "indikator": "N15428"})
    at.session_state["share_box"] = True  # open "Dela och spara"
    at.run()
    at.sidebar.text_input(key="save_presentation_title").set_value(name).run()
    at.sidebar.text_input(key="save_title").set_value(title).run()
    at.sidebar.text_area(key="save_note").set_value(note).run()
    at.sidebar.button(key="save_view").click().run()
    assert not at.exception
    created = set(folder.iterdir()) - before
    try:
        if file_name is None:
            assert not created and at.sidebar.error
            return
        assert [p.name for p in created] == [file_name]
        path = created.pop()
        assert path.resolve().parent == folder.resolve() and re.fullmatch(r"[a-z0-9-]+\.json", path.name)
        deck, problems = presentations.load(path)
        view = deck.views[0]
        assert problems == [None] and len(deck.title) <= 200 and len(view.title) <= 300 and len(view.note) <= 2000
        for text in (deck.title, view.title, view.note):
            assert all(c.isprintable() or c == "\n" for c in text), repr(text)
        assert view.params == state.shareable(view.params) and set(view.params) <= set(state.URL_KEYS)
        assert "](https://" not in at.sidebar.success[0].value
    finally:
        for path in set(folder.iterdir()) - before:
            path.unlink()
    assert not list(working_store.parent.glob("etc*")) and not (working_store / "etc").exists()
