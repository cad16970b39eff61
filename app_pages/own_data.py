"""Egen data: upload a municipality's own sex-disaggregated table, check it, accept it, manage saved tables."""

from functools import partial
from pathlib import Path

import streamlit as st

from jamstat import owndata
from jamstat.sources import upload
from jamstat.text import counted, markdown_literal, t
from jamstat.web import auth, own_data, style
from jamstat.web.data import lang, not_recorded_notice

language = lang()
st.title(t("own_title", language))
st.markdown(t("own_intro", language))

# Read once per run: saving and deleting rerun the page. Unreadable files are reported on every page
# (data.store_notices), so not again here.
saved_tables = own_data.saved_tables()
tables_unavailable = saved_tables is None
saved_tables = saved_tables or []
# Viewers see the saved tables and templates; the upload, examples and delete are for editors (sign-in on).
editor = auth.can_edit()

with st.expander(t("own_templates", language), expanded=not saved_tables):
    st.caption(t("own_template_help", language))
    columns = st.columns(3)
    columns[0].download_button(t("own_template_csv", language), upload.template_csv(language),
                               file_name="mall_egen_data.csv", mime="text/csv", key="template_csv")
    columns[1].download_button(
        t("own_template_xlsx", language), upload.template_xlsx(language), file_name="mall_egen_data.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="template_xlsx")
    columns[2].download_button(t("own_template_wide", language), upload.template_csv(language, wide=True),
                               file_name="mall_egen_data_brett.csv", mime="text/csv", key="template_wide")
    if editor:  # loading an example saves it as a table
        st.markdown(t("own_demo_intro", language))
        demo_columns = st.columns(2)
        for column, key in zip(demo_columns, ("talk_time", "bookings"), strict=True):
            if column.button(t(f"own_demo_{key}", language), key=f"demo_{key}"):
                with st.spinner():
                    table = own_data.load_demo(key)
                if table is not None:
                    st.session_state["_own_saved"] = (table.title, table.rows)
                    st.rerun()

if "_own_saved" in st.session_state:
    title, rows = st.session_state.pop("_own_saved")
    st.success(t("own_saved", language, title=markdown_literal(title), rows=counted(rows, "row", language)))
    not_recorded_notice(language)

file_types = ["csv", "txt", "tsv", "xlsx", "xlsm"]
max_mb = upload.MAX_BYTES // 2**20
if editor:
    style.uploader_texts(file_types, max_mb, language)
    uploaded = st.file_uploader(t("own_upload", language), type=file_types, key="own_upload",
                                max_upload_size=max_mb)
else:
    uploaded = None
    auth.viewer_note(language)
if uploaded is None:
    own_data.release()  # the uploader was cleared (or is not offered): what the last check held goes
else:
    raw = own_data.read(uploaded.file_id, uploaded.name, None, uploaded.getvalue)
    sheet = None
    if raw is not None and raw.kind == "xlsx" and len(raw.sheets) > 1:
        sheet = st.selectbox(t("own_sheet", language), raw.sheets, key="own_sheet")
        if sheet != raw.sheet:
            raw = own_data.read(uploaded.file_id, uploaded.name, sheet, uploaded.getvalue)
    if raw is not None:
        st.subheader(t("own_preview", language))
        details = t("own_detected_csv", language, encoding=raw.encoding, separator=repr(raw.separator),
                    decimal=repr(raw.decimal)) if raw.kind == "csv" else ""
        st.caption(t("own_detected", language, kind=raw.kind.upper(), details=markdown_literal(details)))
        st.dataframe(raw.frame.head(20).rename_axis(t("own_problem_row", language)), width="stretch")

        st.subheader(t("own_mapping", language))
        st.caption(t("own_mapping_help", language))
        detected = upload.detect_mapping(list(raw.frame.columns))
        choices = ["", *raw.frame.columns]
        mapping = {}
        role_columns = st.columns(4)
        for number, role in enumerate(upload.ROLES):
            guess = detected.get(role) or ""
            mapping[role] = role_columns[number % 4].selectbox(
                t(f"upload_role_{role}", language), choices, index=choices.index(guess) if guess in choices else 0,
                key=f"own_map_{role}_{uploaded.file_id}",
                format_func=lambda c: c if c else t("own_no_column", language)) or None
        keep = st.checkbox(t("own_keep_groups", language), key="own_keep_groups")

        with st.spinner():
            checked = own_data.check(raw, uploaded.file_id, sheet, mapping, keep)
        if checked is not None:
            # The problem list is capped per kind of problem; the counts are the whole file's.
            if checked.error_count:
                st.error(t("own_errors", language, errors=counted(checked.error_count, "error", language)))
            if checked.warning_count:
                st.warning(t("own_warnings", language, warnings=counted(checked.warning_count, "warning", language)))
            if checked.problems:
                problems = own_data.problems_table(checked, language)
                st.dataframe(problems.head(1000), hide_index=True, width="stretch")
                st.download_button(t("own_problems_download", language), partial(own_data.problems_csv, problems),
                                   file_name="problem.csv", mime="text/csv", key="own_problems_csv")
            if checked.rows.empty:
                st.info(t("own_nothing_to_import", language))
            else:
                st.info(own_data.summary(checked, language))
                title = st.text_input(t("own_table_title", language), value=Path(uploaded.name).stem[:80],
                                      max_chars=owndata.MAX_TITLE_LENGTH, key="own_title")
                existing = {table.table_id: table for table in saved_tables}
                try:
                    target = owndata.table_id_for(title)
                except owndata.OwnDataError:
                    target = None
                replace = True
                if target in existing:
                    replace = st.checkbox(t("own_replace", language, title=markdown_literal(existing[target].title)),
                                          key="own_replace")
                if st.button(t("own_accept", language), type="primary", key="own_accept",
                             disabled=not checked.ok or not replace or target is None):
                    # Replace only what the user saw and ticked; a table saved meanwhile by someone else is kept.
                    table = own_data.save(checked, title, uploaded.name, replace=target in existing)
                    if table is not None:
                        st.session_state["_own_saved"] = (table.title, table.rows)
                        st.rerun()

st.subheader(t("own_saved_tables", language))
if tables_unavailable:
    st.error(t("state_tables_unavailable", language))
elif not saved_tables:
    st.caption(t("own_no_tables", language))
for table in saved_tables:
    with st.container(border=True):
        st.markdown(t("own_table_line", language, title=markdown_literal(table.title),
                      demo=t("own_demo_mark", language) if table.demo else "",
                      rows=counted(table.rows, "row", language),
                      indicators=counted(len(table.indicators), "indicator", language), file=markdown_literal(table.file_name or "–"),
                      when=table.uploaded_at[:10]))
        show, delete = st.columns([1, 1])
        if show.button(t("own_show", language), key=f"own_show_{table.table_id}"):
            own_data.show_in_over_time(table)
        if editor:
            with delete.popover(t("own_delete", language)):
                if st.button(t("own_delete_confirm", language, title=markdown_literal(table.title)),
                             key=f"own_delete_{table.table_id}") and own_data.delete(table):
                    st.session_state["_own_deleted"] = table.title
                    st.rerun()
if "_own_deleted" in st.session_state:
    st.success(t("own_deleted", language, title=markdown_literal(st.session_state.pop("_own_deleted"))))
    not_recorded_notice(language)
if editor:  # who changed what is for editors (everyone, while sign-in is off)
    own_data.recent_changes(language)
