"""Saved state in a real PostgreSQL (JAMSTAT_STATE_URL): the same guarantees as on files (nothing lost when
sessions save at once, the audit trail in the same transaction), and two `streamlit run` servers sharing it."""

import logging
import os
import subprocess
import sys
import time

import psycopg
import pytest

from jamstat import audit, owndata, peers, presentations, statestore
from jamstat.presentations import SavedView
from jamstat.settings import PROJECT_DIR
from jamstat.store import Store
from tests.state_workers import (
    MUNICIPALITIES,
    add_views,
    create_own_table_at_once,
    in_processes,
    save_groups,
)
from tests.test_browser import browser  # noqa: F401 - the module's Chromium fixture
from tests.test_pages import run_app
from tests.test_shared_state import rows


def test_state_init_is_idempotent_and_needs_a_url(state_db):
    env = {**os.environ, "JAMSTAT_STATE_URL": state_db}
    again = subprocess.run([sys.executable, "-m", "jamstat", "state-init"], cwd=PROJECT_DIR, env=env,
                           check=False, capture_output=True, text=True)
    assert again.returncode == 0 and "already up to date" in again.stdout
    env.pop("JAMSTAT_STATE_URL")
    missing = subprocess.run([sys.executable, "-m", "jamstat", "state-init"], cwd=PROJECT_DIR, env=env,
                             check=False, capture_output=True, text=True)
    assert missing.returncode == 2 and "JAMSTAT_STATE_URL" in missing.stderr


def test_100_views_and_100_groups_saved_at_once_are_all_kept(state_db, tmp_path):
    in_processes(add_views, tmp_path / "unused")
    in_processes(save_groups, tmp_path / "unused.json")
    deck, problems = presentations.load(tmp_path / "samma-presentation.json")  # by slug, from the database
    assert len(deck.views) == 100 and problems == [None] * 100 and len({v.title for v in deck.views}) == 100
    assert len(peers.load(tmp_path / "x.json", MUNICIPALITIES)[0]) == 100
    assert not (tmp_path / "unused").exists() and not (tmp_path / "unused.json").exists()  # nothing on disk
    entries = audit.recent(1000)
    assert len(entries) == 200
    assert sum(e["kind"] == "presentation" and e["action"] == "create" for e in entries) == 1
    assert {e["rows"] for e in entries if e["kind"] == "presentation"} == set(range(1, 101))


def test_two_sessions_creating_one_title_at_once_one_is_told_it_exists(state_db):
    outcomes = create_own_table_at_once(rows, "Samma namn")
    assert sorted(outcomes.values()) == ["exists", "saved"]
    winner = next(value for value, outcome in outcomes.items() if outcome == "saved")
    assert set(owndata.read_own("samma-namn").to_pandas()["value"]) == {winner}
    assert [(e["actor"], e["action"]) for e in audit.recent()] == [(str(winner), "create")]


def test_own_tables_live_in_the_database_and_reach_the_store(state_db, own_tables_dir):
    store = Store(PROJECT_DIR / "data", own_dir=own_tables_dir)
    try:
        saved = owndata.save_table(rows(5.0), "Bokningar", actor="anna")
        assert list(own_tables_dir.iterdir()) == []  # not a file
        store.sync_own()
        series = store.run("series_by_sex", indicator_id=saved.indicators[0][0], area_ids=["1780"])
        assert set(series["value"]) == {5.0}
        owndata.save_table(rows(6.0), "Bokningar", actor="anna")
        owndata.delete_table(saved.table_id, actor="bo")
        assert owndata.list_tables() == ([], [])
        with pytest.raises(owndata.OwnDataError):
            owndata.delete_table(saved.table_id)
        assert [(e["actor"], e["action"], e["rows"]) for e in audit.recent()] == [
            ("bo", "delete", None), ("anna", "replace", 2), ("anna", "create", 2)]
    finally:
        store.close()


@pytest.mark.parametrize(("language", "says", "not_says"), [
    ("sv", ("den delade databasen", "administratör"), ("Filen ligger kvar", "data/own")),
    ("en", ("the shared database", "administrator"), ("The file is left", "data/own")),
])
def test_an_unreadable_own_table_in_the_database_is_not_called_a_file(state_db, own_tables_dir, language, says,
                                                                       not_says):
    with psycopg.connect(state_db) as connection:
        connection.execute("insert into own_tables (table_id, title, rows, data) values (%s, %s, %s, %s)",
                           ("trasig", "Trasig", 1, b"not parquet"))
    time.sleep(statestore.SIGNATURE_TTL_S)  # inserted behind the store's back: seen after its interval
    at = run_app({"lang": language})
    warnings = " ".join(w.value for w in at.warning if "trasig" in w.value)
    assert warnings and all(word in warnings for word in says), warnings
    assert "trasig.parquet" not in warnings.replace("\u2060", "").replace("\\", "")  # by its id: there is no file
    assert not any(word in warnings for word in not_says) and own_tables_dir.name not in warnings, warnings


def test_hostile_names_are_bound_not_formatted(state_db, tmp_path):
    name = "x'); drop table audit_log; --"
    peers.save(tmp_path / "p.json", name, ["1780"], MUNICIPALITIES)
    presentations.add_view(tmp_path, name + " dag", SavedView("jamfor", {}, name))
    assert list(peers.load(tmp_path / "p.json", MUNICIPALITIES)[0]) == [name]
    assert [e["name"] for e in audit.recent()] == [name + " dag", name]
    peers.delete(tmp_path / "p.json", name)
    assert peers.load(tmp_path / "p.json", MUNICIPALITIES)[0] == {}


def test_an_unreachable_database_is_a_clean_error_not_a_hang(monkeypatch, tmp_path):
    from tests.postgres import _free_port
    monkeypatch.setenv("JAMSTAT_STATE_URL", f"postgresql://jamstat@127.0.0.1:{_free_port()}/jamstat")
    started = time.monotonic()
    with pytest.raises(OSError, match="cannot be reached"):
        peers.save(tmp_path / "p.json", "Grupp", ["1780"], MUNICIPALITIES)
    with pytest.raises(statestore.StateUnavailable):
        owndata.load_all()
    assert owndata.signature() == ("unavailable",)  # Kolada's data stay usable (the store shows no own tables)
    assert time.monotonic() - started < 10


UNREACHABLE_USER = "kommunens_statebot"  # distinctive: must show only in the server log, never on a page


@pytest.fixture
def unreachable_state(monkeypatch) -> int:
    """JAMSTAT_STATE_URL at a closed port on this machine (bound, then closed): refused at once."""
    from tests.postgres import _free_port
    port = _free_port()
    monkeypatch.setenv("JAMSTAT_STATE_URL", f"postgresql://{UNREACHABLE_USER}@127.0.0.1:{port}/jamstat")
    return port


@pytest.mark.parametrize(("params", "page"), [
    ({"kommun": "1883", "indikator": "N00090", "jmf": "custom"}, None),  # saved peer groups in the sidebar
    ({}, "app_pages/own_data.py"),
    ({}, "app_pages/presentation.py"),
])
def test_a_database_that_is_down_shows_no_address_only_that_saved_data_are_unavailable(unreachable_state, caplog,
                                                                                        params, page):
    with caplog.at_level(logging.ERROR, logger="jamstat"):
        at = run_app(params, page)
    shown = " ".join(str(e.value) for kind in ("warning", "error", "info", "caption", "success", "markdown",
                                               "text", "code", "exception") for e in at.get(kind))
    plain = shown.replace("\u2060", "").replace("\\", "")  # Markdown escapes undone
    for secret in (str(unreachable_state), "127.0.0.1", UNREACHABLE_USER, "postgresql://"):
        assert secret not in plain, (secret, plain)
    assert "Sparade data" in plain and "kan inte läsas just nu" in plain, plain
    assert "Inga egna tabeller är sparade" not in plain  # unknown, not none
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("jamstat"))
    assert str(unreachable_state) in logged and "127.0.0.1" in logged  # the detail is kept for whoever runs it


# ---- two servers, one database -----------------------------------------------------------------------------

@pytest.fixture
def shared_servers(state_db, tmp_path):
    """Two `streamlit run` servers on free ports with their own (empty) local folders, sharing the database."""
    from tests.test_browser import serve
    for name in ("a", "b"):
        (tmp_path / name).mkdir()  # serve writes its log into the folder
    with serve(tmp_path / "a") as first, serve(tmp_path / "b") as second:
        yield first, second


def test_two_servers_share_tables_and_presentations(shared_servers, browser, tmp_path):  # noqa: F811
    first, second = shared_servers
    table = tmp_path / "talartid.csv"
    table.write_bytes(("Område;År;Indikator;Enhet;Grupp;Värde\n"
                       "Karlstad;2021;Talartid i fullmäktige;minuter;Kvinnor;280\n"
                       "Karlstad;2021;Talartid i fullmäktige;minuter;Män;350\n"
                       "Karlstad;2022;Talartid i fullmäktige;minuter;Kvinnor;312,5\n"
                       "Karlstad;2022;Talartid i fullmäktige;minuter;Män;401\n").encode())
    # Server A: upload and accept.
    page = browser.new_page()
    page.goto(f"{first}/egen-data", wait_until="domcontentloaded")
    page.get_by_text("Ladda upp en tabell").first.wait_for(timeout=60_000)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(table))
    page.get_by_text("4 rader kan importeras", exact=False).wait_for(timeout=60_000)
    page.get_by_role("button", name="Godkänn och spara").click()
    page.get_by_text("är sparad (4 rader)", exact=False).wait_for(timeout=60_000)
    (saved,), _ = owndata.list_tables()  # what A stored, read from the database
    indicator = saved.indicators[0][0]

    # Server B: charts it (its own folders are empty: the table came through PostgreSQL).
    other = browser.new_page()
    other.goto(f"{second}/over-tid?kommun=1780&indikator={indicator}&omraden=1780", wait_until="domcontentloaded")
    other.wait_for_selector('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg',
                            timeout=60_000)
    other.get_by_text("kommunens egna data", exact=False).first.wait_for(timeout=30_000)
    assert "Talartid" in other.content() and other.locator('[data-testid="stException"]').count() == 0
    assert not list(tmp_path.rglob("*.parquet")) and not list(tmp_path.rglob("*.json"))  # nothing in files

    # Server A: save two views into a new presentation from the sidebar's share box.
    page.goto(f"{first}/?kommun=1780&indikator=N15428&ar=2022", wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg',
                           timeout=60_000)
    page.get_by_text("Dela och spara").click()
    for number in (1, 2):
        name = page.get_by_label("Den nya presentationens namn")
        name.wait_for(timeout=30_000)
        name.fill("Delad dag")
        name.press("Enter")
        slide_title = page.get_by_label("Bildens rubrik")
        slide_title.fill(f"Bild nummer {number}")
        slide_title.press("Enter")
        page.wait_for_function("document.querySelectorAll('[data-stale=\"true\"]').length === 0", timeout=30_000)
        page.get_by_role("button", name="Spara vy").click()
        page.get_by_text(f"som bild {number}", exact=False).wait_for(timeout=30_000)

    # Server B: steps through it.
    other.goto(f"{second}/presentation?visning=delad-dag", wait_until="domcontentloaded")
    other.get_by_text("Bild 1 av 2").wait_for(timeout=60_000)
    other.get_by_text("Bild nummer 1").first.wait_for(timeout=30_000)
    other.wait_for_selector('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg',
                            timeout=60_000)
    other.get_by_role("button", name="Nästa ▶").click()
    other.get_by_text("Bild 2 av 2").wait_for(timeout=30_000)
    other.get_by_text("Bild nummer 2").first.wait_for(timeout=30_000)
    other.wait_for_selector('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg',
                            timeout=30_000)
    assert other.locator('[data-testid="stException"]').count() == 0
    other.screenshot(path=str(tmp_path / "server_b_slide2.png"), full_page=True)
    page.close()
    other.close()
    kinds = [(e["action"], e["kind"]) for e in audit.recent()]
    assert kinds == [("replace", "presentation"), ("create", "presentation"), ("create", "own_table")]


def test_schema_rejects_unknown_actions(state_db):
    with psycopg.connect(state_db) as connection, pytest.raises(psycopg.errors.CheckViolation):
        connection.execute("insert into audit_log (action, kind, name) values ('update', 'own_table', 'x')")
