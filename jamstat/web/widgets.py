"""URL-bound widgets: values start from the link, are validated (a visible warning, never a traceback) and are
written back, so a link restores the view; the sidebar's peer picker."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial

import pandas as pd
import streamlit as st

from jamstat import peers, settings, state
from jamstat.peers import PeerChoice
from jamstat.text import markdown_literal, t
from jamstat.web import auth
from jamstat.web.data import lang, not_recorded_notice, query, stored

log = logging.getLogger(__name__)


def warn_once(message: str) -> None:
    st.session_state.setdefault("_url_warnings", []).append(message)


def show_warnings() -> None:
    for message in st.session_state.pop("_url_warnings", []):
        st.warning(message, icon="⚠️")


def from_url(param: str, parse: Callable[[object], object], default, fallback_label: str):
    """A value from the URL, validated, else the default (with a visible warning that echoes the value safely)."""
    raw = st.query_params.get_all(param)
    if not raw:
        return default
    try:
        return parse(raw)
    except state.InvalidParam as error:
        log.info("link parameter %s=%r refused; %r shown instead", error.key, str(error.raw)[:200], default)
        warn_once(t("bad_param", lang(), param=error.key, value=markdown_literal(error.raw),
                    fallback=markdown_literal(fallback_label)))
        return default


def _initial(key: str, param: str, parse: Callable[[object], object], default, fallback_label: str):
    """The widget's value on first run: the URL's, validated, else the default (with a visible warning)."""
    return from_url(param, parse, default, fallback_label)


def url_selectbox(label: str, options: Sequence, *, key: str, param: str, default,
                  parse: Callable[[object], object], format_func=str, to_url=str, fallback_label=None,
                  container=st) -> object:
    """A selectbox whose value starts from the URL and is written back to it, so links restore the view."""
    options = list(options)
    if key not in st.session_state:
        st.session_state[key] = _initial(key, param, parse, default, fallback_label or format_func(default))
    if st.session_state[key] not in options:
        st.session_state[key] = default if default in options else options[0]
    value = container.selectbox(label, options, key=key, format_func=format_func)
    if value is None or value == "":
        st.query_params.pop(param, None)
    else:
        st.query_params[param] = to_url(value)
    return value


def url_multiselect(label: str, options: Sequence, *, key: str, param: str, default: list,
                    parse: Callable[[object], list], format_func=str, max_selections=None,
                    fallback_label="", container=st) -> list:
    options = list(options)
    if key not in st.session_state:
        st.session_state[key] = _initial(key, param, parse, default, fallback_label)
    st.session_state[key] = [v for v in st.session_state[key] if v in options][: max_selections or None]
    value = container.multiselect(label, options, key=key, format_func=format_func, max_selections=max_selections)
    if value:
        st.query_params[param] = state.format_codes(value)
    else:
        st.query_params.pop(param, None)
    return value


def peer_picker(municipality: str | None, areas: pd.DataFrame, language: str) -> PeerChoice:
    """Sidebar widgets for the peer set; all of it is kept in the URL so a link restores the comparison."""
    peer_choice = partial(peers.peer_choice, query)

    if not municipality:
        st.query_params.pop(state.KEY_SCOPE, None)
        return peer_choice("all", None, areas, language)
    # A region's peers are other regions: all of them or an own group of regions.
    region_home = peers.home_kind(areas, municipality) == "region"
    kinds = peers.peer_kinds(areas, municipality)
    kind = url_selectbox(
        t("peers", language), kinds, key="peer_kind", param=state.KEY_SCOPE,
        default=kinds[0] if region_home else "region",
        parse=lambda raw: state.parse_choice(state.KEY_SCOPE, raw, kinds),
        format_func=lambda code: t("peer_all_regions" if region_home and code == "all" else f"peer_{code}", language))
    if kind in ("all", "region", "group"):
        return peer_choice(kind, municipality, areas, language)
    if kind == "kolada":
        titles = peers.kolada_groups(query, municipality)
        group_id = url_selectbox(
            t("peer_kolada_group", language), list(titles), key="peer_group", param=state.KEY_GROUP,
            default=next(iter(titles)), parse=lambda raw: state.parse_choice(state.KEY_GROUP, raw, titles),
            format_func=lambda gid: titles[gid])
        return peer_choice(kind, municipality, areas, language, group_id=group_id, group_title=titles[group_id])

    # Own group: pick members, name it, save it under data/; members and name also live in the URL. A region's
    # group holds regions (saved in the same file; a set is shown with the home of its kind).
    names = dict(zip(areas["area_id"], areas["area_name"]))
    valid = peers.candidates(areas, municipality)
    plural = "_regions" if region_home else ""
    path = settings.peer_sets_file()
    try:
        # Read against every municipality and region code (the file holds both kinds of group), then offer the
        # groups of the home's kind.
        saved, problems = peers.load(path, set(areas.loc[areas["kind"].isin(["municipality", "region"]), "area_id"]))
    except peers.PeerSetError as error:
        saved, problems = {}, [str(error)]
    except OSError:  # the state database does not answer (its detail is in the log, never on the page)
        log.warning("saved peer groups cannot be read", exc_info=True)
        saved, problems = {}, []
        st.sidebar.warning(t("state_groups_unavailable", language))
    saved = {name: codes for name, codes in saved.items() if set(codes) <= valid}
    for problem in problems:
        st.sidebar.warning(t("peer_file_problem", language, problem=markdown_literal(problem)))
    new = t("peer_custom_new", language)
    choice = st.sidebar.selectbox(t("peer_custom_saved", language), [new, *saved], key="peer_saved")
    if choice != new and st.session_state.get("_peer_loaded") != choice:
        st.session_state["peer_members"] = saved[choice]
        st.session_state["peer_name"] = choice
        st.session_state["_peer_loaded"] = choice
    if choice != new and auth.can_edit():
        delete_peer_set(path, choice, language)
    if "_peer_deleted" in st.session_state:
        st.sidebar.success(t("peer_custom_deleted", language,
                             name=markdown_literal(st.session_state.pop("_peer_deleted"))))
        not_recorded_notice(language, st.sidebar)
    if "peer_name" not in st.session_state:
        st.session_state["peer_name"] = from_url(
            state.KEY_PEER_NAME, lambda raw: state.parse_text(state.KEY_PEER_NAME, raw, peers.MAX_NAME_LENGTH),
            "", t("peer_custom_no_name", language))
    members = url_multiselect(
        t("peer_custom_members" + plural, language), sorted(valid, key=names.get), key="peer_members",
        param=state.KEY_PEERS, default=[],
        parse=lambda raw: state.parse_codes(state.KEY_PEERS, raw, valid, limit=peers.MAX_PEERS),
        format_func=lambda code: names[code], max_selections=peers.MAX_PEERS, container=st.sidebar)
    name = st.sidebar.text_input(t("peer_custom_name", language), key="peer_name", max_chars=peers.MAX_NAME_LENGTH)
    if name:
        st.query_params[state.KEY_PEER_NAME] = name
    else:
        st.query_params.pop(state.KEY_PEER_NAME, None)
    # Saving makes the group shared with everyone: editors only (viewers keep theirs in the link).
    if auth.can_edit() and st.sidebar.button(t("peer_custom_save", language), key="peer_save",
                                             disabled=not (members and name)):
        save_peer_set(name, members, valid, language)
    if not members:
        st.sidebar.info(t("peer_custom_empty" + plural, language))
    return peer_choice(kind, municipality, areas, language, custom_ids=members, custom_name=name)


def save_peer_set(name: str, members: list[str], valid: set[str], language: str) -> None:
    """Save a named peer group for everyone (editors only: the server checks, not just the button)."""
    with st.sidebar:
        if not auth.require_edit("save peer group"):
            return
        try:
            saved_name = peers.validate(name, members, valid)[0]
            stored(lambda: peers.save(settings.peer_sets_file(), name, members, valid, actor=auth.current_actor()))
            st.success(t("peer_custom_saved_ok", language, name=markdown_literal(saved_name)))
            not_recorded_notice(language)
        except peers.PeerSetError as error:
            st.error(markdown_literal(error))
        except OSError:  # disk full, read-only folder, database away: said plainly, the detail to the log
            log.exception("saving peer group %r failed", name)
            st.error(t("state_save_failed", language))


def delete_peer_set(path, name: str, language: str) -> None:
    """A saved group's delete button, behind a confirm; the group's members stay chosen until changed."""
    with st.sidebar.popover(t("peer_custom_delete", language)):
        if st.button(t("peer_custom_delete_confirm", language, name=markdown_literal(name)), key="peer_delete"):
            if not auth.require_edit("delete peer group"):
                return
            try:
                stored(lambda: peers.delete(path, name, actor=auth.current_actor()))
            except peers.PeerSetError as error:
                st.error(markdown_literal(error))
            except OSError:
                log.exception("deleting peer group %r from %s failed", name, path)
                st.error(t("state_save_failed", language))
            else:
                st.session_state["_peer_deleted"] = name
                st.session_state.pop("_peer_loaded", None)
                st.session_state.pop("peer_saved", None)
                st.rerun()


def current_params() -> dict[str, str]:
    """The view's URL state as a link or a saved view carries it: known keys only, no hostile leftovers."""
    return state.shareable({key: st.query_params.get_all(key) for key in st.query_params})
