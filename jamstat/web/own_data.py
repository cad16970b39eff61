"""The Egen data page's glue: cached reading and checking of an upload, saving and deleting tables."""

from __future__ import annotations

import ctypes
import gc
import logging

import pandas as pd
import streamlit as st

from jamstat import audit, owndata, settings
from jamstat.sources import sandbox, upload
from jamstat.text import counted, hide_paths, markdown_literal, plain, t, years_caption
from jamstat.web import auth
from jamstat.web.data import lang, query, stored
from jamstat.web.share import go_to_over_time

log = logging.getLogger(__name__)


# The file being checked is held in the session (its table of texts and the last check), one at a time: a new file,
# a cleared uploader or a saved table releases it, and it ends with the session. (A process-wide cache kept up to
# four 50 MB files' tables for an hour after their tabs had closed: ~2,9 GB for three abandoned checks.)
RAW_KEY, CHECKED_KEY = "_own_raw", "_own_checked"


def release() -> None:
    """Let go of the file being checked (after saving, or when the uploader is cleared) and hand the memory back."""
    held = [st.session_state.pop(key, None) for key in (RAW_KEY, CHECKED_KEY)]
    if any(item is not None for item in held):
        del held
        gc.collect()
        _trim_heap()


def _trim_heap() -> None:
    """glibc keeps freed memory for reuse; give the big blocks of a released table back to the system."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: the memory is reused by the next upload instead


def read(file_id: str, file_name: str, sheet: str | None, data) -> upload.RawTable | None:
    """The uploaded file as a table of texts, or None after showing why it cannot be read. Read in a worker process
    with a time and memory limit (sources/sandbox.py); the answer, a refusal too, is kept for the session's reruns.
    data: the bytes, or a callable that gives them (only called when the file is read)."""
    key = (file_id, sheet)
    held = st.session_state.get(RAW_KEY)
    if held is None or held[0] != key:
        if held is not None and held[0][0] != file_id:
            release()  # another file: the previous one's table and check go
        try:
            result = sandbox.read_table(data() if callable(data) else data, file_name, sheet)
        except upload.UploadError as error:
            log.info("upload %r refused: %s", file_name[:80], error.code)
            result = error
        st.session_state[RAW_KEY] = held = (key, result)
    if isinstance(held[1], upload.UploadError):
        st.error(t("own_read_failed", lang(), reason=upload.message(held[1], lang())))
        return None
    return held[1]


def check(raw: upload.RawTable, file_id: str, sheet: str | None, mapping: dict, keep_other_groups: bool):
    """Validate with the (possibly corrected) column mapping; None after showing why it cannot be checked."""
    key = (file_id, sheet, tuple(sorted(mapping.items())), keep_other_groups)
    held = st.session_state.get(CHECKED_KEY)
    if held is None or held[0] != key:
        st.session_state.pop(CHECKED_KEY, None)  # the previous mapping's check, before the new one is made
        try:
            result = upload.validate(raw, dict(mapping), query("areas"), keep_other_groups=keep_other_groups)
        except upload.UploadError as error:
            result = error
        st.session_state[CHECKED_KEY] = held = (key, result)
    if isinstance(held[1], upload.UploadError):
        st.error(t("own_read_failed", lang(), reason=upload.message(held[1], lang())))
        return None
    return held[1]


def problems_table(checked: upload.Checked, language: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("own_problem_row", language): [p.row if p.row is not None else "" for p in checked.problems],
        t("own_problem_column", language): [p.column or "" for p in checked.problems],
        t("own_problem_severity", language): [t(f"own_severity_{p.severity}", language) for p in checked.problems],
        # A table shows text as it is (no Markdown), so the messages' Markdown escapes are read back.
        t("own_problem_message", language): [plain(upload.message(p, language)) for p in checked.problems],
    })


def problems_csv(problems: pd.DataFrame) -> bytes:
    """The problem list as CSV, made when the button is clicked; no cell text becomes a live formula."""
    return upload.neutralise_formulas(problems).to_csv(index=False).encode("utf-8")


def summary(checked: upload.Checked, language: str) -> str:
    rows = checked.rows
    years = years_caption(int(rows["year"].min()), int(rows["year"].max()), language) if not rows.empty else "–"
    return t("own_check_summary", language, rows=counted(len(rows), "row", language),
             indicators=counted(rows["indicator"].nunique(), "indicator", language),
             areas=counted(rows["area_id"].nunique(), "area", language), years=years)


def save(checked: upload.Checked, title: str, file_name: str, demo: bool = False, *,
         replace: bool = True) -> owndata.OwnTable | None:
    """Write the accepted rows atomically; on failure say so (and nothing changed). replace=False: only a new
    table (if another session saved the same title meanwhile, the user is told and nothing is replaced).
    Editors only: the server checks, not just the button."""
    if not auth.require_edit("save own table"):
        return None
    try:
        saved = stored(lambda: owndata.save_table(checked.rows, title, file_name=file_name, demo=demo,
                                                  replace=replace, actor=auth.current_actor()))
    except owndata.TableExists:
        st.error(t("own_exists_meanwhile", lang(), title=markdown_literal(owndata.clean_title(title))))
        return None
    except owndata.OwnDataError as error:
        log.warning("own table %r (%s) not saved: %s", title[:80], file_name[:80], error)
        st.error(t("own_save_failed", lang(), reason=markdown_literal(hide_paths(error))))
        return None
    except OSError:  # disk full, read-only folder, database away: said plainly, the detail to the log
        log.exception("saving own table %r failed", title)
        st.error(t("state_save_failed", lang()))
        return None
    log.info("own table %r saved from %r: %d rows", saved.title, file_name[:80], saved.rows)
    release()
    return saved


def saved_tables() -> list[owndata.OwnTable] | None:
    """The saved tables for listing; None when the state database does not answer (logged; the page says so
    where the list would be, not "no tables")."""
    try:
        return owndata.list_tables()[0]
    except OSError:
        log.exception("own tables cannot be listed")
        return None


def delete(table: owndata.OwnTable) -> bool:
    """Delete a saved table (editors only: the server checks, not just the button); True when deleted."""
    if not auth.require_edit("delete own table"):
        return False
    try:
        stored(lambda: owndata.delete_table(table.table_id, actor=auth.current_actor()))
    except owndata.OwnDataError as error:
        st.error(t("delete_failed", lang(), reason=markdown_literal(error)))
    except OSError:
        log.exception("deleting own table %r failed", table.table_id)
        st.error(t("state_save_failed", lang()))
    else:
        return True
    return False


def recent_changes(language: str, limit: int = 10) -> None:
    """The last changes to saved state as a small table (who, when, what)."""
    st.subheader(t("audit_title", language))
    st.caption(t("audit_help", language))
    try:
        entries = audit.recent(limit)
    except OSError:
        log.exception("the audit log cannot be read")
        st.caption(t("audit_unavailable", language))
        return
    if not entries:
        st.caption(t("audit_none", language))
        return
    st.dataframe(pd.DataFrame({
        t("audit_at", language): [str(e["at"] or "")[:16].replace("T", " ") for e in entries],
        t("audit_actor", language): [e["actor"] or t("audit_anonymous", language) for e in entries],
        t("audit_action", language): [t(f"audit_action_{e['action']}", language) for e in entries],
        t("audit_kind", language): [t(f"audit_kind_{e['kind']}", language) for e in entries],
        t("audit_name", language): [str(e["name"]) for e in entries],
        t("audit_rows", language): ["" if e["rows"] is None else str(e["rows"]) for e in entries],
    }), hide_index=True, width="stretch", key="audit_recent")


def load_demo(key: str) -> owndata.OwnTable | None:
    """A shipped example goes through exactly the same reading, checking and saving as an upload."""
    language = lang()
    file_name, data = upload.demo_files()[key]
    raw = read(f"demo:{key}", file_name, None, data)
    if raw is None:
        return None
    checked = check(raw, f"demo:{key}", None, upload.detect_mapping(list(raw.frame.columns)), False)
    if checked is None or not checked.ok:
        st.error(t("own_nothing_to_import", language))
        return None
    return save(checked, t(f"own_demo_title_{key}", language), file_name, demo=True)


def show_in_over_time(table: owndata.OwnTable) -> None:
    """Open Över tid on the table's first indicator, for the areas the table is about (not empty panels for
    the county and Sweden, which an own table rarely has)."""
    areas = table_areas(table)
    # The home it opens with: a municipality of the table, else a region of it (a region's own table).
    homes = [a for a in areas if len(a) == 4 and a != settings.RIKET] or [a for a in areas if len(a) == 2]
    go_to_over_time(table.indicators[0][0], "own", municipality=homes[0] if homes else None,
                       area_ids=areas)


def table_areas(table: owndata.OwnTable) -> list[str]:
    """The areas of a table, the one with most rows first (own tables are usually about one municipality)."""
    frame = owndata.read_own(table.table_id, columns=("area_id",)).to_pandas()
    return frame["area_id"].value_counts().index.tolist()
