"""Sign-in and roles: who sees which edit controls, and the server refusing a viewer's edit even when forged.

The roles' logic is tested on claims dicts; the app through AppTest, whose `user` is what st.user reads (AppTest
cannot run a real OpenID Connect flow: tests/test_sign_in_browser.py does, against a local test provider)."""

from __future__ import annotations

import json
import logging

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from jamstat import owndata, roles
from jamstat.sources import upload
from jamstat.text import plain
from tests.conftest import APP

TIMEOUT = 60
EDITOR_ADDRESS = "redaktor@kommun.example"
# An [auth] section makes sign-in "configured"; AppTest never contacts the provider.
SIGN_IN_SECRETS = {
    "auth": {"redirect_uri": "http://127.0.0.1:9/oauth2callback", "cookie_secret": "test-secret",
             "client_id": "jamstat", "client_secret": "secret",
             "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"},
    "jamstat": {"roles": {"editors": [EDITOR_ADDRESS.upper()], "editor_groups": ["g-editors"]}},
}
EDITOR = {"is_logged_in": True, "email": EDITOR_ADDRESS, "name": "Redaktör"}
VIEWER = {"is_logged_in": True, "email": "lasare@kommun.example", "name": "Läsare", "groups": ["g-all"]}
ANONYMOUS = {"is_logged_in": False}


@pytest.fixture(autouse=True)
def saved_state(tmp_path, monkeypatch):
    monkeypatch.setenv("JAMSTAT_PEER_SETS", str(tmp_path / "peer_sets.json"))
    monkeypatch.setenv("JAMSTAT_PRESENTATIONS", str(tmp_path / "presentations"))
    monkeypatch.delenv(roles.ROLES_FILE_ENV, raising=False)
    # Should a refused update start after all, it fails at once instead of fetching from Kolada.
    monkeypatch.setenv("JAMSTAT_KOLADA_URL", "http://127.0.0.1:9/v3")
    return tmp_path


# -- roles, without Streamlit ---------------------------------------------------------------------------------

def test_roles_from_claims_and_config():
    config = roles.parse_config(SIGN_IN_SECRETS["jamstat"]["roles"])
    assert roles.role(EDITOR, config, sign_in=True) == roles.EDITOR  # the address matches whatever its case
    assert roles.role(VIEWER, config, sign_in=True) == roles.VIEWER
    assert roles.role({**VIEWER, "groups": ["g-all", "g-editors"]}, config, sign_in=True) == roles.EDITOR
    assert roles.role(ANONYMOUS, config, sign_in=True) == roles.ANONYMOUS
    assert roles.role({"email": EDITOR_ADDRESS}, config, sign_in=True) == roles.ANONYMOUS  # not signed in
    # Entra ID work accounts often carry the address as preferred_username, not email.
    entra = {"is_logged_in": True, "preferred_username": EDITOR_ADDRESS, "oid": "x"}
    assert roles.role(entra, config, sign_in=True) == roles.EDITOR
    # Without sign-in configured everyone may edit, as before sign-in existed.
    assert roles.role({}, config, sign_in=False) == roles.OPEN and roles.may_edit(roles.OPEN)
    assert not roles.may_edit(roles.VIEWER) and not roles.may_edit(roles.ANONYMOUS)
    # A user without an address is never matched by an empty entry.
    assert roles.role({"is_logged_in": True}, roles.parse_config({"editors": ["", " "]}), True) == roles.VIEWER


def test_roles_file_named_by_environment_wins(tmp_path):
    path = tmp_path / "roles.toml"
    path.write_text('[roles]\neditors = ["other@kommun.example"]\ngroup_claim = "roles"\n'
                    'editor_groups = ["Jamstat.Editor"]\n', encoding="utf-8")
    config = roles.load_config(SIGN_IN_SECRETS["jamstat"]["roles"], {roles.ROLES_FILE_ENV: str(path)})
    assert config.editors == {"other@kommun.example"} and config.group_claim == "roles"
    assert roles.role({"is_logged_in": True, "email": "x@y.se", "roles": ["Jamstat.Editor"]}, config, True) == "editor"
    with pytest.raises(roles.RolesError, match="unknown setting"):
        roles.parse_config({"editor": ["typo@kommun.example"]})
    with pytest.raises(roles.RolesError, match="list of strings"):
        roles.parse_config({"editors": [1]})


# -- the app ------------------------------------------------------------------------------------------------------

def open_app(user: dict | None, page: str = "", params: dict | None = None, sign_in: bool = True) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if user is not None:
        at.user = dict(user)
    if sign_in:
        at.secrets.update(json.loads(json.dumps(SIGN_IN_SECRETS)))
    at.query_params.update(params or {})
    at._page_hash = calc_hash(page) if page else ""
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def keys(at) -> set[str]:
    return {b.key for b in at.button} | {u.key for u in at.get("file_uploader")}


def words(at) -> str:
    return " ".join(plain(str(e.value)) for kind in ("caption", "info", "markdown", "error") for e in at.get(kind))


@pytest.fixture
def a_saved_table(store):
    """Saves the talk-time example as "Talartid" (what an editor did earlier) and returns it."""
    def save():
        file_name, data = upload.demo_files()["talk_time"]
        raw = upload.read_table(data, file_name)
        checked = upload.validate(raw, upload.detect_mapping(list(raw.frame.columns)), store.run("areas"))
        return owndata.save_table(checked.rows, "Talartid", file_name=file_name)
    return save


EDIT_KEYS = {"own_upload", "demo_talk_time", "demo_bookings"}


@pytest.mark.parametrize(("user", "sign_in", "may_edit"), [
    (EDITOR, True, True), (VIEWER, True, False), (ANONYMOUS, True, False), (None, False, True)],
    ids=["editor", "viewer", "anonymous", "no-sign-in"])
def test_edit_controls_follow_the_role(user, sign_in, may_edit, a_saved_table):
    table = a_saved_table()
    at = open_app(user, "egen-data", sign_in=sign_in)
    shown = keys(at)
    delete_key = f"own_delete_{table.table_id}"
    if may_edit:
        assert EDIT_KEYS <= shown and delete_key in shown
    else:
        assert not (EDIT_KEYS | {delete_key}) & shown, shown
        assert f"own_show_{table.table_id}" in shown  # viewers still open a table in Över tid
    # Sign in / out and who is signed in, only with sign-in configured.
    assert ("auth_sign_in" in shown) == (user == ANONYMOUS)
    assert ("auth_sign_out" in shown) == (sign_in and user != ANONYMOUS)
    if user == EDITOR:
        assert "redigerare" in words(at) and EDITOR_ADDRESS in words(at)

    # "Spara vy" (share box) and "Spara gruppen" (own peer group) on Jämför.
    at = open_app(user, "jamfor", {"kommun": "1883", "indikator": "N00090", "jmf": "custom", "egna": "1880"},
                  sign_in=sign_in)
    at.session_state["share_box"] = True
    at.run()
    assert at.sidebar.code, "the share box did not open"  # the link is shown to everyone
    assert ("save_view" in keys(at)) == may_edit and ("peer_save" in keys(at)) == may_edit

    # Om data: the in-app update for editors, and what sign-in means.
    at = open_app(user, "om-data", sign_in=sign_in)
    assert ("refresh_start" in keys(at)) == may_edit
    if sign_in:
        assert "servern vägrar deras ändringar" in words(at)
    else:
        assert "alla som når servern kan ändra sparade data" in words(at)


def forged_edits():
    """Calls every handler that changes saved data directly, as a forged request would reach it."""
    import streamlit as st

    from jamstat import owndata, refresh, registry
    from jamstat.sources import upload
    from jamstat.web import own_data, share, widgets
    from jamstat.web import refresh as web_refresh

    file_name, data = upload.demo_files()["talk_time"]
    raw = own_data.read("forged-file", file_name, None, data)
    checked = own_data.check(raw, "forged-file", None, upload.detect_mapping(list(raw.frame.columns)), False)
    st.session_state["saved"] = own_data.save(checked, "Förfalskad", file_name) is not None
    victim = next(table for table in owndata.list_tables()[0] if table.title == "Talartid")
    st.session_state["deleted"] = own_data.delete(victim)
    share.save_view(registry.COMPARE, "Förfalskad", "Vy", "", "sv")
    widgets.save_peer_set("Förfalskad", ["1880"], {"1880"}, "sv")
    if st.session_state.get("try_refresh"):
        web_refresh.start("sv")
        st.session_state["refresh_started"] = refresh.current() is not None


@pytest.mark.parametrize("user", [VIEWER, ANONYMOUS], ids=["viewer", "anonymous"])
def test_forged_edits_are_refused_on_the_server_and_logged(user, saved_state, caplog, a_saved_table):
    a_saved_table()
    at = AppTest.from_function(forged_edits, default_timeout=TIMEOUT)
    at.user = dict(user)
    at.secrets.update(json.loads(json.dumps(SIGN_IN_SECRETS)))
    at.session_state["try_refresh"] = True
    with caplog.at_level(logging.WARNING, logger="jamstat.web.auth"):
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["saved"] is False and at.session_state["deleted"] is False
    assert not at.session_state["refresh_started"]
    assert [table.title for table in owndata.list_tables()[0]] == ["Talartid"]  # nothing added, nothing deleted
    assert not (saved_state / "presentations").exists() or not any((saved_state / "presentations").iterdir())
    assert not (saved_state / "peer_sets.json").exists()
    refused = [r.getMessage() for r in caplog.records if r.name == "jamstat.web.auth"]
    assert len(refused) == 5, refused
    assert all("refused edit" in message for message in refused)
    if user == VIEWER:
        assert all(VIEWER["email"] in message for message in refused)
    assert len(at.error) == 5 and all("behörighet" in e.value for e in at.error)


def test_the_same_handlers_work_for_an_editor(saved_state, caplog, a_saved_table):
    """The forged script is not refused by accident: as an editor every edit goes through."""
    a_saved_table()
    at = AppTest.from_function(forged_edits, default_timeout=TIMEOUT)
    at.user = dict(EDITOR)
    at.secrets.update(json.loads(json.dumps(SIGN_IN_SECRETS)))
    with caplog.at_level(logging.WARNING, logger="jamstat.web.auth"):
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["saved"] is True and at.session_state["deleted"] is True
    assert [table.title for table in owndata.list_tables()[0]] == ["Förfalskad"]
    assert json.loads((saved_state / "peer_sets.json").read_text(encoding="utf-8")) == {"Förfalskad": ["1880"]}
    assert [p.name for p in (saved_state / "presentations").iterdir()] == ["forfalskad.json"]
    assert not [r for r in caplog.records if r.name == "jamstat.web.auth"]


def test_a_broken_roles_config_names_no_editor_and_says_so_in_the_log(caplog):
    secrets = json.loads(json.dumps(SIGN_IN_SECRETS))
    secrets["jamstat"]["roles"]["editor"] = ["typo@kommun.example"]  # an unknown key: the config is refused
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.user = dict(EDITOR)
    at.secrets.update(secrets)
    at._page_hash = calc_hash("egen-data")
    with caplog.at_level(logging.ERROR, logger="jamstat.web.auth"):
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert "own_upload" not in keys(at) and "läsare" in words(at)
    assert any("unknown setting" in r.getMessage() for r in caplog.records if r.name == "jamstat.web.auth")
