"""Saved state shared by sessions, on local files: no lost updates under concurrent saves (threads and processes),
clean messages when the store cannot be written, deleting presentations and peer groups, and the audit trail."""

import json
import logging
import os
from pathlib import Path

import pandas as pd
import pytest

from jamstat import audit, owndata, peers, presentations
from jamstat.presentations import SavedView
from tests.state_workers import (
    MUNICIPALITIES,
    add_views,
    create_own_table_at_once,
    in_processes,
    save_groups,
    two_app_sessions_accept,
)
from tests.test_own_page import GOOD_CSV, button, open_page
from tests.test_pages import run_app


def test_100_views_saved_at_once_by_processes_and_threads_are_all_kept(tmp_path, audit_log):
    in_processes(add_views, tmp_path)
    deck, problems = presentations.load(tmp_path / "samma-presentation.json")
    assert len(deck.views) == 100 and problems == [None] * 100
    assert len({view.title for view in deck.views}) == 100
    entries = audit.recent(200)
    assert len(entries) == 100 and sum(e["action"] == "create" for e in entries) == 1
    assert {e["rows"] for e in entries} == set(range(1, 101))  # each save saw every earlier one
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_100_peer_groups_saved_at_once_by_processes_and_threads_are_all_kept(tmp_path, audit_log):
    path = tmp_path / "peer_sets.json"
    in_processes(save_groups, path)
    saved, problems = peers.load(path, MUNICIPALITIES)
    assert len(saved) == 100 and problems == []
    assert len(audit.recent(500)) == 100


def rows(value: float) -> pd.DataFrame:
    return pd.DataFrame([{"indicator": "Talartid", "unit": "minutes", "population": "adults", "area_id": "1780",
                          "year": 2022, "sex": sex, "value": value, "status": ""} for sex in ("women", "men")])


def test_two_sessions_creating_one_title_at_once_one_is_told_it_exists(own_tables_dir):
    for round_ in range(10):
        outcomes = create_own_table_at_once(rows, f"Samma namn {round_}")
        assert sorted(outcomes.values()) == ["exists", "saved"]
        winner = next(value for value, outcome in outcomes.items() if outcome == "saved")
        stored = owndata.read_own(owndata.table_id_for(f"Samma namn {round_}")).to_pandas()
        assert set(stored["value"]) == {winner}  # the session told "saved" is the one kept
    assert [e["action"] for e in audit.recent(50)] == ["create"] * 10


def test_two_app_sessions_accepting_one_title_at_once_never_both_hear_saved(own_tables_dir):
    csvs = [GOOD_CSV.replace(b"312,5", value) for value in (b"312,5", b"999")]
    sessions = two_app_sessions_accept(csvs, "Talartid KF")
    assert all("worker_failed" not in s and s["ready"] and not s["exception"] for s in sessions), sessions
    told_saved = [s for s in sessions if "är sparad" in s["success"]]
    told_exists = [s for s in sessions if "sparade just en tabell" in s["error"]]
    assert len(told_saved) == 1 and len(told_exists) == 1, sessions
    tables, _ = owndata.list_tables()
    assert [t.title for t in tables] == ["Talartid KF"]
    kept = owndata.read_own(tables[0].table_id).to_pandas()
    mine = 312.5 if told_saved[0] is sessions[0] else 999.0
    assert mine in set(kept["value"])  # the saved one is the one the user was told about
    # The other session now sees the table and is offered a knowing replace.
    assert told_exists[0]["offered_replace"]


def under_a_file(tmp_path: Path, name: str) -> Path:
    """A path under a regular file: not writable even as root (chmod would not stop root)."""
    blocker = tmp_path / f"{name}-blocker"
    blocker.write_text("not a folder")
    return blocker / name


def save_view_in_sidebar(caplog):
    """Jämför, "Dela och spara": save the view as a slide of a presentation named "Dag"; returns the app."""
    at = run_app({"kommun": "1780", "indikator": "N15428"})
    at.session_state["share_box"] = True
    at.run()
    at.sidebar.text_input(key="save_presentation_title").input("Dag").run()
    with caplog.at_level(logging.ERROR):
        at.sidebar.button(key="save_view").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def save_group_in_sidebar(caplog):
    """Karlskoga with Örebro as its own group (English UI): save the group as "Grannar"; returns the app."""
    at = run_app({"kommun": "1883", "indikator": "N00090", "jmf": "custom", "egna": "1880", "lang": "en"})
    at.sidebar.text_input(key="peer_name").input("Grannar").run()
    with caplog.at_level(logging.ERROR):
        at.sidebar.button(key="peer_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_save_view_on_an_unwritable_store_says_so_and_logs(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("JAMSTAT_PRESENTATIONS", str(under_a_file(tmp_path, "presentations")))
    at = save_view_in_sidebar(caplog)
    assert any("Det gick inte att spara" in e.value for e in at.sidebar.error)
    assert not any("NotADirectoryError" in e.value or str(tmp_path) in e.value for e in at.sidebar.error)
    assert any(r.name == "jamstat.web.share" and r.exc_info for r in caplog.records)


def test_save_group_on_an_unwritable_store_says_so_and_logs(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("JAMSTAT_PEER_SETS", str(under_a_file(tmp_path, "peer_sets.json")))
    at = save_group_in_sidebar(caplog)
    errors = " ".join(e.value for e in at.sidebar.error)
    assert "Could not save" in errors and str(tmp_path) not in errors
    assert any(r.name == "jamstat.web.widgets" and r.exc_info for r in caplog.records)


@pytest.fixture
def unwritable_audit_log(tmp_path, monkeypatch) -> Path:
    """The audit log under a regular file: the change itself can be stored, its audit entry cannot."""
    path = under_a_file(tmp_path, "audit.jsonl")
    monkeypatch.setenv("JAMSTAT_AUDIT_LOG", str(path))
    return path.parent


def audit_failure_logged(caplog) -> bool:
    return any(r.name == "jamstat.statestore" and r.exc_info and "audit log" in r.getMessage()
               for r in caplog.records)


def test_an_own_table_saved_without_its_audit_entry_says_saved_but_not_recorded(unwritable_audit_log,
                                                                                 own_tables_dir, caplog):
    at = open_page()
    at.file_uploader[0].upload("talartid.csv", GOOD_CSV, "text/csv").run()
    at.text_input(key="own_title").set_value("Talartid KF").run()
    with caplog.at_level(logging.ERROR):
        button(at, "own_accept").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Tabellen ”Talartid KF” är sparad" in s.value for s in at.success)  # it is: the data are written
    assert [t.title for t in owndata.list_tables()[0]] == ["Talartid KF"]
    assert any("sparad, men" in w.value and "ändringsloggen" in w.value for w in at.warning), \
        [w.value for w in at.warning]
    assert audit_failure_logged(caplog)


def test_a_view_saved_without_its_audit_entry_says_saved_but_not_recorded(unwritable_audit_log, tmp_path,
                                                                          monkeypatch, caplog):
    monkeypatch.setenv("JAMSTAT_PRESENTATIONS", str(tmp_path / "presentations"))
    at = save_view_in_sidebar(caplog)
    assert len(presentations.load(tmp_path / "presentations" / "dag.json")[0].views) == 1
    assert at.sidebar.success and not at.sidebar.error
    assert any("sparad, men" in w.value and "ändringsloggen" in w.value for w in at.sidebar.warning), \
        [w.value for w in at.sidebar.warning]
    assert audit_failure_logged(caplog)


def test_a_group_saved_without_its_audit_entry_says_saved_but_not_recorded(unwritable_audit_log, tmp_path,
                                                                           monkeypatch, caplog):
    path = tmp_path / "peer_sets.json"
    monkeypatch.setenv("JAMSTAT_PEER_SETS", str(path))
    at = save_group_in_sidebar(caplog)
    assert json.loads(path.read_text(encoding="utf-8")) == {"Grannar": ["1880"]}
    assert any("Grannar" in s.value for s in at.sidebar.success) and not at.sidebar.error
    assert any("saved, but" in w.value and "change log" in w.value for w in at.sidebar.warning), \
        [w.value for w in at.sidebar.warning]
    assert audit_failure_logged(caplog)


def test_an_own_table_deleted_without_its_audit_entry_says_deleted_but_not_recorded(own_tables_dir, tmp_path,
                                                                                     monkeypatch, caplog):
    saved = owndata.save_table(rows(1.0), "Bokningar")  # recorded: the log is still writable
    monkeypatch.setenv("JAMSTAT_AUDIT_LOG", str(under_a_file(tmp_path, "audit.jsonl")))
    at = open_page()
    with caplog.at_level(logging.ERROR):
        button(at, f"own_delete_{saved.table_id}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert owndata.list_tables() == ([], [])
    assert any("Bokningar" in s.value for s in at.success) and not at.error
    assert any("ändringsloggen" in w.value for w in at.warning), [w.value for w in at.warning]
    assert audit_failure_logged(caplog)


def test_a_presentation_is_deleted_after_a_confirm(tmp_path, monkeypatch, audit_log):
    monkeypatch.setenv("JAMSTAT_PRESENTATIONS", str(tmp_path))
    presentations.add_view(tmp_path, "Att ta bort", SavedView("jamfor", {"kommun": "1780"}, "En bild"))
    presentations.add_view(tmp_path, "Att behålla", SavedView("jamfor", {"kommun": "1780"}, "En bild"))
    at = run_app({"visning": "att-ta-bort"}, page="app_pages/presentation.py")
    assert at.selectbox(key="presentation").value == "att-ta-bort"
    at.button(key="presentation_delete").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert presentations.list_all(tmp_path) == {"att-behalla": "Att behålla"}
    assert any("Att ta bort" in s.value for s in at.success)
    assert at.selectbox(key="presentation").value == "att-behalla"
    assert audit.recent(1)[0] | {"at": None} == {"at": None, "actor": "", "action": "delete",
                                                   "kind": "presentation", "name": "Att ta bort", "rows": None,
                                                   "files": None}


def test_a_saved_peer_group_is_deleted_after_a_confirm(tmp_path, monkeypatch):
    path = tmp_path / "peer_sets.json"
    monkeypatch.setenv("JAMSTAT_PEER_SETS", str(path))
    peers.save(path, "Grannar", ["1880"], MUNICIPALITIES)
    peers.save(path, "Andra", ["0180"], MUNICIPALITIES)
    at = run_app({"kommun": "1883", "indikator": "N00090", "jmf": "custom"})
    at.sidebar.selectbox(key="peer_saved").set_value("Grannar").run()
    at.sidebar.button(key="peer_delete").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert json.loads(path.read_text(encoding="utf-8")) == {"Andra": ["0180"]}
    assert "Grannar" not in at.sidebar.selectbox(key="peer_saved").options
    assert any("Grannar" in s.value for s in at.sidebar.success)
    with pytest.raises(peers.PeerSetError):
        peers.delete(path, "Grannar")


def test_every_change_is_in_the_audit_trail_newest_first(tmp_path, own_tables_dir, audit_log):
    saved = owndata.save_table(rows(1.0), "Bokningar", actor="anna@kommun.se")
    owndata.save_table(rows(2.0), "Bokningar", actor="anna@kommun.se")
    owndata.delete_table(saved.table_id, actor="bo@kommun.se")
    presentations.add_view(tmp_path, "Dag", SavedView("jamfor", {}, "Bild"), actor="cecilia")
    peers.save(tmp_path / "p.json", "Grannar", ["1880", "0180"], MUNICIPALITIES)
    audit.record("dan", "delete", "peer_group", "Grannar")
    entries = audit.recent()
    assert [(e["actor"], e["action"], e["kind"], e["name"], e["rows"], e["files"]) for e in entries] == [
        ("dan", "delete", "peer_group", "Grannar", None, None),
        ("", "create", "peer_group", "Grannar", 2, None),
        ("cecilia", "create", "presentation", "Dag", 1, None),
        ("bo@kommun.se", "delete", "own_table", "Bokningar", None, None),
        ("anna@kommun.se", "replace", "own_table", "Bokningar", 2, 1),
        ("anna@kommun.se", "create", "own_table", "Bokningar", 2, 1),
    ]
    assert all(e["at"].endswith("+00:00") for e in entries) and [e["name"] for e in audit.recent(2)] == ["Grannar"] * 2
    with pytest.raises(ValueError):
        audit.record("x", "update", "own_table", "Bokningar")
    assert len(audit_log.read_text(encoding="utf-8").splitlines()) == 6  # append-only, one line per change


def test_egen_data_lists_the_last_changes(own_tables_dir):
    at = open_page()
    assert any("Inga ändringar" in c.value for c in at.caption)
    button(at, "demo_talk_time").click().run()
    assert not at.exception, [e.value for e in at.exception]
    table = next(d for d in at.dataframe if "Vem" in d.value.columns).value
    assert table.iloc[0].to_dict() | {"När (UTC)": ""} == {
        "När (UTC)": "", "Vem": "(ingen inloggning)", "Ändring": "skapade", "Vad": "egen tabell",
        "Namn": "Exempel: talartid i fullmäktige (fiktiva siffror)",
        "Rader/bilder/kommuner": table.iloc[0, 5]}
