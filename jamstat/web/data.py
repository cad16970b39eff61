"""Cached data access for the pages: one store per process, query results cached by their parameters, and the
notices and messages about the store that every page shows."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import streamlit as st

from jamstat import freshness, labels, settings, statestore
from jamstat.atomic import remove_stale_temps
from jamstat.store import BUILD_COMMAND, REBUILD_COMMAND, QueryError, Store, StoreError
from jamstat.text import code_literal, hide_paths, markdown_literal, shown_path, t

log = logging.getLogger(__name__)
T = TypeVar("T")


def lang() -> str:
    return st.session_state.get("lang", "sv")


@st.cache_resource(show_spinner=False)
def _clean_stale_temps() -> bool:
    """Once per server process (not per store: a new store opens mid-update): temp files that killed saves left in
    the working store go. Only files older than atomic.STALE_TEMP_SECONDS, so a save in progress keeps its own."""
    for directory in (settings.own_dir(), settings.presentations_dir(), settings.peer_sets_file().parent,
                      settings.LIVE_DIR, settings.DATA_DIR / "cache"):
        if directory.is_dir():
            remove_stale_temps(directory)
    return True


# Keyed on the data files' version (freshness.data_signature: the snapshot, the live update and the built files):
# after `python -m jamstat update` (cron, or Om data's in-app refresh) and its build, every session's next run opens
# the new store, with no restart. Unkeyed, the first Store kept serving the old values until the server restarted.
# Two entries: the new store, and the old one for queries still running on it.
@st.cache_resource(show_spinner=False, max_entries=2)
def _store(signature: tuple) -> Store:
    _clean_stale_temps()
    return Store()


_signature_memo: dict[str, tuple[float, tuple]] = {}
SIGNATURE_SECONDS = 1.0  # the files are looked at (~0.1-0.4 ms) at most once a second, not on every query


def data_signature() -> tuple:
    directory, now = str(settings.DATA_DIR), time.monotonic()
    memo = _signature_memo.get(directory)
    if memo is None or now - memo[0] > SIGNATURE_SECONDS:
        memo = _signature_memo[directory] = (now, freshness.data_signature(settings.DATA_DIR))
    return memo[1]


def shared_store() -> Store:
    return _store(data_signature())


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _query(name: str, params: tuple, data_signature: tuple, own_version: tuple) -> pd.DataFrame:
    bound = {key: list(value) if isinstance(value, tuple) else value for key, value in params}
    return _store(data_signature).run(name, **bound)


def query(name: str, **params) -> pd.DataFrame:
    """Run a stored query (cached by its parameters, the data files' version and the version of users' own tables);
    on failure show a plain message and stop the page."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    try:
        signature = data_signature()
        return _query(name, frozen, signature, _store(signature).sync_own())
    except StoreError as error:
        log.error("query %s %s: %s", name, dict(frozen), error)
        st.error(store_message(error, lang()))
        st.stop()
    except QueryError as error:
        log.error("query %s failed: %s", name, error)
        st.error(t("query_error", lang(), reason=markdown_literal(hide_paths(error.reason))))
        st.stop()


def store_message(error: StoreError, language: str) -> str:
    """What is wrong with which file of the store, and the command that rebuilds it."""
    return t(f"store_{error.problem}", language, file=code_literal(error.path.name),
             directory=code_literal(shown_path(error.path.parent)), detail=markdown_literal(hide_paths(error.detail)),
             command=REBUILD_COMMAND)


def store_notices() -> None:
    """Warnings about data the store left out (a live update, an own table it could not read, or all of them when the
    state database does not answer), on every page."""
    store = shared_store()
    for warning in store.warnings:
        st.warning(t("live_ignored", lang(), path=code_literal(shown_path(warning.path)),
                     detail=markdown_literal(hide_paths(warning.detail or warning.problem)),
                     vintage=settings.SNAPSHOT_VINTAGE), icon="⚠️")
    if store.hint and store.hint.problem == "built_damaged":  # read from Parquet instead: correct but slower
        st.warning(t("store_built_damaged", lang(), file=code_literal(shown_path(store.hint.path)),
                     detail=markdown_literal(hide_paths(store.hint.detail)), command=code_literal(BUILD_COMMAND)), icon="⚠️")
    elif store.hint:  # not built for the current data: correct but slower
        st.info(t("store_not_built", lang(), command=code_literal(BUILD_COMMAND)), icon="ℹ️")
    if store.own_unavailable:
        st.warning(t("state_read_failed", lang()), icon="⚠️")
    for problem in store.own_problems:
        if store.own_in_database:  # no file, no folder: the table is a row of the shared database
            st.warning(t("own_table_ignored_database", lang(), detail=markdown_literal(hide_paths(problem))),
                       icon="⚠️")
        else:
            st.warning(t("own_table_ignored", lang(), detail=markdown_literal(hide_paths(problem)),
                         directory=code_literal(shown_path(store.own_dir))), icon="⚠️")
    age = data_age()
    if age.stale:
        st.warning(t("data_stale", lang(), date=age.updated.isoformat(), days=age.days, limit=age.limit), icon="⏳")


NOT_RECORDED_KEY = "_not_recorded"


def stored(change: Callable[[], T]) -> T:
    """change(), a save or a delete. When it was stored but its audit entry was not (statestore.NotRecorded, logged
    by the state store), its result all the same, and the next not_recorded_notice says so: on this run or, as
    most changes rerun the page, the next."""
    try:
        return change()
    except statestore.NotRecorded as unrecorded:
        st.session_state[NOT_RECORDED_KEY] = True
        return unrecorded.result


def not_recorded_notice(language: str, container=None) -> None:
    if st.session_state.pop(NOT_RECORDED_KEY, False):
        (container or st).warning(t("state_not_recorded", language), icon="⚠️")


def data_age() -> freshness.Age:
    import datetime as dt
    return freshness.data_age(shared_store().data_version(), dt.date.today())


def data_age_caption(language: str) -> None:
    """How old the data are, at the foot of every page: the snapshot's date and the last update's, if any."""
    age = data_age()
    if age.updated is None:
        st.caption(t("data_age_snapshot", language, snapshot=age.snapshot.isoformat(), days=age.days))
    else:
        st.caption(t("data_age_live", language, updated=age.updated.isoformat(), days=age.days,
                     snapshot=age.snapshot.isoformat()))


def data_version(language: str, indicator_id: str) -> str:
    return labels.version_text(shared_store().data_version(), language, indicator_id)


@st.cache_resource(show_spinner=False)
def boundaries_geojson(path: str, modified_ns: int, regions_modified_ns: int = 0) -> dict:
    # A resource, not cache_data: the GeoJSON is read-only, so every session shares it without a copy per rerun.
    # The municipalities' features and the regions' (regions.geojson, for a region's map) in one collection.
    from pathlib import Path

    from jamstat.sources.boundaries import read_map
    return read_map(Path(path).parent)


def boundaries_key() -> tuple[str, int, int]:
    """The boundary file's path and modification time: the key of its cache entry; stops the page if missing."""
    path = settings.SNAPSHOT_DIR / "municipalities.geojson"
    try:
        regions = path.with_name("regions.geojson")
        key = (str(path), path.stat().st_mtime_ns, regions.stat().st_mtime_ns if regions.exists() else 0)
        boundaries_geojson(*key)
        return key
    except (OSError, ValueError):
        st.error(t("map_boundaries_missing", lang(), path=code_literal(shown_path(path))))
        st.stop()


def municipality_boundaries() -> dict:
    """The committed municipality boundaries (built by `python -m jamstat boundaries`); stops the page if missing."""
    return boundaries_geojson(*boundaries_key())
