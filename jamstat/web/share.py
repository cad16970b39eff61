"""Sharing a view: its link and QR code, saving it into a presentation, opening another page in the same view,
and a presentation's deck as PowerPoint and pictures."""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence

import streamlit as st

from jamstat import registry, settings, state
from jamstat.text import markdown_literal, plain, t
from jamstat.web import auth
from jamstat.web.data import not_recorded_notice, stored
from jamstat.web.render import slide_png, view_data
from jamstat.web.widgets import current_params

log = logging.getLogger(__name__)


def go_to_over_time(indicator_id: str, theme: str, *, municipality: str | None = None,
                    area_ids: Sequence[str] = ()) -> None:
    """Open Över tid for an indicator chosen on another page, in the same view: municipality, peers, year and
    language go along in the link (st.switch_page drops the URL and the sidebar's widget values otherwise).
    `municipality` is chosen when none is; without `area_ids` the page shows its default areas."""
    st.session_state["_pending_indicator"] = (indicator_id, theme)  # the sidebar picks it up on the next run
    params = {key: value for key, value in current_params().items() if key in state.CARRIED_KEYS}
    params[state.KEY_INDICATOR] = indicator_id
    if municipality and state.KEY_MUNICIPALITY not in params:
        params[state.KEY_MUNICIPALITY] = municipality
    if area_ids:
        params[state.KEY_AREAS] = state.format_codes(list(area_ids)[: state.MAX_AREAS])
    st.switch_page(registry.OVER_TIME.page_file, query_params=params)


def view_link(url_path: str, is_default: bool) -> str:
    """The full link to the current view: the page plus every URL parameter that shapes it."""
    from urllib.parse import urlencode, urlsplit
    current = urlsplit(st.context.url or "http://127.0.0.1:8501/")
    path = "/" if is_default else f"/{url_path}"
    query = urlencode(current_params())
    return f"{current.scheme}://{current.netloc}{path}" + (f"?{query}" if query else "")


def share_and_save(page: registry.PageSpec, is_default: bool, default_title: str, language: str) -> None:
    """Sidebar box: the view's link with a copy button, a QR code, and 'Spara vy' into a presentation.

    Its content is made only while the box is open (opening it reruns the page): the link's code block makes a
    new tab load Streamlit's syntax highlighter (1.5 MB of JavaScript, ~0.8 s more before the first chart on a
    shared 2-core machine), and a new link's QR code takes ~14 ms on every rerun."""
    from jamstat import export, presentations
    box = st.expander(t("share", language), key="share_box", on_change="rerun")
    if not box.open:
        return
    link = view_link(page.url_path, is_default)
    with box:
        st.caption(t("share_link", language))
        st.code(link, language=None, wrap_lines=True)
        st.caption(t("share_qr", language))
        try:
            st.image(export.qr_svg(link), width=180)
        except export.QRCodeError:
            st.caption(t("qr_too_long", language))
        if not page.slide:
            return
        if not auth.can_edit():  # viewers share links; only editors save into presentations
            return
        directory = settings.presentations_dir()
        try:
            existing = presentations.list_all(directory)
        except OSError:  # e.g. the state database does not answer
            log.exception("saved presentations cannot be listed")
            st.error(t("state_presentations_unavailable", language))
            return
        new = t("save_view_new", language)
        target = st.selectbox(t("save_view_presentation", language), [new, *existing], key="save_presentation",
                              format_func=lambda slug: existing.get(slug, slug))
        name = (st.text_input(t("save_view_new_title", language), key="save_presentation_title", max_chars=100)
                if target == new else existing[target])
        title = st.text_input(t("save_view_title", language), value=default_title, key="save_title", max_chars=300)
        note = st.text_area(t("save_view_note", language), key="save_note", max_chars=2000)
        if st.button(t("save_view", language), key="save_view", disabled=not (name and title)):
            save_view(page, name, title, note, language)


def save_view(page: registry.PageSpec, name: str, title: str, note: str, language: str) -> None:
    """Add the current view to the presentation `name` (editors only: the server checks, not just the button)."""
    from jamstat import presentations
    if not auth.require_edit("save view"):
        return
    try:
        path = stored(lambda: presentations.add_view(settings.presentations_dir(), name, presentations.SavedView(
            page=page.url_path, params=current_params(), title=title, note=note), actor=auth.current_actor()))
        deck = presentations.load(path)[0]
        st.success(t("save_view_done", language, presentation=markdown_literal(deck.title),
                     number=len(deck.views)))
        not_recorded_notice(language)
    except presentations.PresentationError as error:
        st.error(markdown_literal(error))
    except OSError:  # disk full, read-only folder, database away: said plainly, the detail to the log
        log.exception("saving a view into presentation %r failed", name)
        st.error(t("state_save_failed", language))


def deck_downloads(deck, problems: list, slug: str, language: str) -> None:
    """Build the whole deck (PowerPoint and a zip of PNGs) on request, with a progress bar: it takes seconds."""
    import zipfile

    from jamstat import charts, export, views
    if st.button(t("presentation_build", language), key="deck_build"):
        bar = st.progress(0.0, text=t("presentation_building", language))
        slides = []
        for number, (view, problem) in enumerate(zip(deck.views, problems), start=1):
            try:
                if problem:
                    raise views.ViewError(markdown_literal(problem))
                drawn, sentence = views.from_params(view_data(), view.page, view.params, language)
                picture = slide_png(charts.presentable(drawn.spec), t("export_source", language))
                slides.append(export.Slide(view.title, picture, sentence or "", drawn.caption, view.note))
            except views.ViewError as error:
                slides.append(export.Slide(view.title, None, plain(t("slide_broken", language, reason=str(error))),
                                           t("export_source", language), view.note))
            bar.progress(number / len(deck.views), text=t("presentation_building", language))
        pictures = io.BytesIO()
        with zipfile.ZipFile(pictures, "w") as archive:
            for number, slide in enumerate(slides, start=1):
                if slide.picture_png:
                    archive.writestr(f"{slug}_{number:02d}.png", slide.picture_png)
        st.session_state["_deck_files"] = (slug, export.pptx_bytes(slides, deck.title), pictures.getvalue())
        bar.empty()
    files = st.session_state.get("_deck_files")
    if files and files[0] == slug:
        left, right = st.columns(2)
        left.download_button(t("presentation_pptx", language), files[1], file_name=f"{slug}.pptx", key="deck_pptx",
                             mime="application/vnd.openxmlformats-officedocument.presentationml.presentation")
        right.download_button(t("presentation_pngs", language), files[2], file_name=f"{slug}_bilder.zip",
                              mime="application/zip", key="deck_pngs")


def delete_presentation(directory, slug: str, deck, language: str) -> None:
    """Delete the presentation shown, behind a confirm."""
    from jamstat import presentations
    with st.popover(t("presentation_delete", language)):
        if st.button(t("presentation_delete_confirm", language, title=markdown_literal(deck.title),
                       number=len(deck.views)), key="presentation_delete"):
            if not auth.require_edit("delete presentation"):
                return
            try:
                stored(lambda: presentations.delete(directory, slug, actor=auth.current_actor()))
            except presentations.PresentationError as error:
                st.error(t("delete_failed", language, reason=markdown_literal(error)))
            except OSError:
                log.exception("deleting presentation %r failed", slug)
                st.error(t("state_save_failed", language))
            else:
                st.session_state["_presentation_deleted"] = deck.title
                st.session_state.pop("presentation", None)
                st.query_params.pop(state.KEY_PRESENTATION, None)
                st.query_params.pop(state.KEY_SLIDE, None)
                st.rerun()
