"""Om data's "Hämta senaste från Kolada" (editors): start the update, follow its progress, cancel it."""

from __future__ import annotations

import streamlit as st

from jamstat import refresh
from jamstat.text import code_literal, t
from jamstat.web import auth


def start(language: str) -> None:
    """Start the update (editors only: the server checks, not just the button)."""
    if auth.require_edit("update from Kolada"):
        refresh.start(auth.current_actor())


def cancel() -> None:
    job = refresh.current()
    if job is not None and auth.require_edit("cancel update"):
        refresh.cancel(job)


@st.fragment(run_every=1.0)
def _progress(language: str) -> None:
    # Reruns itself every second while the update runs; a full rerun when it ends, so every part of the page
    # (and the sidebar's data age) reads the new store.
    job = refresh.current()
    if job is None:
        return
    if not job.finished:
        what = (t("refresh_building", language) if job.state == "building"
                else t("refresh_progress", language, done=job.done, total=job.total or "?"))
        st.progress(job.fraction if job.state != "building" else 1.0, text=what)
        st.button(t("refresh_cancel", language), key="refresh_cancel", on_click=cancel)
        st.session_state["_refresh_seen_running"] = True
    elif st.session_state.pop("_refresh_seen_running", False):
        st.rerun()


def panel(language: str) -> None:
    """The refresh button for editors, the running update's progress, and how the last one ended."""
    job = refresh.current()
    if auth.can_edit():
        running = job is not None and not job.finished
        st.button(t("refresh_start", language), key="refresh_start", on_click=start, args=(language,),
                  disabled=running, icon="🔄")
    if job is None:
        return
    if not job.finished:
        _progress(language)
    elif job.state == "done":
        st.success(t("refresh_done", language))
    elif job.state == "cancelled":
        st.info(t("refresh_cancelled", language))
    else:
        st.error(t("refresh_failed", language, detail=code_literal(job.message() or "?")))
