"""URL-bound widgets: values start from the link, are validated (a visible warning, never a traceback) and are
written back, so a link restores the view; the sidebar's peer picker."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial

import pandas as pd
import streamlit as st

from jamstat import peers, settings, state
from jamstat.peers import PEER_KINDS, PeerChoice
from jamstat.text import markdown_literal, t
from jamstat.web.data import lang, query

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
    kind = url_selectbox(
        t("peers", language), PEER_KINDS, key="peer_kind", param=state.KEY_SCOPE, default="region",
        parse=lambda raw: state.parse_choice(state.KEY_SCOPE, raw, PEER_KINDS),
        format_func=lambda code: t(f"peer_{code}", language))
    if kind in ("all", "region", "group"):
        return peer_choice(kind, municipality, areas, language)
    if kind == "kolada":
        titles = peers.kolada_groups(query, municipality)
        group_id = url_selectbox(
            t("peer_kolada_group", language), list(titles), key="peer_group", param=state.KEY_GROUP,
            default=next(iter(titles)), parse=lambda raw: state.parse_choice(state.KEY_GROUP, raw, titles),
            format_func=lambda gid: titles[gid])
        return peer_choice(kind, municipality, areas, language, group_id=group_id, group_title=titles[group_id])

    # Own group: pick members, name it, save it under data/; members and name also live in the URL.
    municipalities = areas[areas["kind"] == "municipality"]
    names = dict(zip(areas["area_id"], areas["area_name"]))
    valid = set(municipalities["area_id"])
    path = settings.peer_sets_file()
    try:
        saved, problems = peers.load(path, valid)
    except peers.PeerSetError as error:
        saved, problems = {}, [str(error)]
    for problem in problems:
        st.sidebar.warning(t("peer_file_problem", language, problem=markdown_literal(problem)))
    new = t("peer_custom_new", language)
    choice = st.sidebar.selectbox(t("peer_custom_saved", language), [new, *saved], key="peer_saved")
    if choice != new and st.session_state.get("_peer_loaded") != choice:
        st.session_state["peer_members"] = saved[choice]
        st.session_state["peer_name"] = choice
        st.session_state["_peer_loaded"] = choice
    if "peer_name" not in st.session_state:
        st.session_state["peer_name"] = from_url(
            state.KEY_PEER_NAME, lambda raw: state.parse_text(state.KEY_PEER_NAME, raw, peers.MAX_NAME_LENGTH),
            "", t("peer_custom_no_name", language))
    members = url_multiselect(
        t("peer_custom_members", language), sorted(valid, key=names.get), key="peer_members",
        param=state.KEY_PEERS, default=[],
        parse=lambda raw: state.parse_codes(state.KEY_PEERS, raw, valid, limit=peers.MAX_PEERS),
        format_func=lambda code: names[code], max_selections=peers.MAX_PEERS, container=st.sidebar)
    name = st.sidebar.text_input(t("peer_custom_name", language), key="peer_name", max_chars=peers.MAX_NAME_LENGTH)
    if name:
        st.query_params[state.KEY_PEER_NAME] = name
    else:
        st.query_params.pop(state.KEY_PEER_NAME, None)
    if st.sidebar.button(t("peer_custom_save", language), key="peer_save", disabled=not (members and name)):
        try:
            saved_name = peers.validate(name, members, valid)[0]
            peers.save(path, name, members, valid)
            st.sidebar.success(t("peer_custom_saved_ok", language, name=markdown_literal(saved_name)))
        except peers.PeerSetError as error:
            st.sidebar.error(markdown_literal(error))
    if not members:
        st.sidebar.info(t("peer_custom_empty", language))
    return peer_choice(kind, municipality, areas, language, custom_ids=members, custom_name=name)


def current_params() -> dict[str, str]:
    """The view's URL state as a link or a saved view carries it: known keys only, no hostile leftovers."""
    return state.shareable({key: st.query_params.get_all(key) for key in st.query_params})
