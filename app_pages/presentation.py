"""Presentation: step through a saved presentation, one chart per slide, large type, offline; export the deck."""

import streamlit as st

from jamstat import charts, presentations, settings, state, views
from jamstat.text import markdown_literal, t
from jamstat.web import auth, data, render, responsive, share, widgets

language = data.lang()
reader = render.view_data()  # what views read: this layer's cached queries and chart specs
directory = settings.presentations_dir()
try:
    available = presentations.list_all(directory)
except OSError:  # the state database does not answer (logged by the state store)
    st.error(t("state_presentations_unavailable", language))
    st.stop()
if "_presentation_deleted" in st.session_state:
    st.success(t("presentation_deleted", language,
                 title=markdown_literal(st.session_state.pop("_presentation_deleted"))))
    data.not_recorded_notice(language)
if not available:
    st.info(t("presentation_none", language))
    st.stop()

responsive.slide_style()
# The chooser shares the row with the slide buttons, so the slide itself gets the screen's height.
chooser, previous, position, following = st.columns([2, 1, 3, 1], vertical_alignment="bottom")
slug = widgets.url_selectbox(
    t("presentation_choose", language), list(available), key="presentation", param=state.KEY_PRESENTATION,
    default=next(iter(available)), format_func=lambda code: available[code],
    parse=lambda raw: state.parse_choice(state.KEY_PRESENTATION, raw, available), container=chooser)
widgets.show_warnings()
try:
    deck, problems = presentations.load(directory / f"{slug}.json")
except presentations.PresentationError as error:
    st.error(t("presentation_error", language, reason=markdown_literal(error)))
    st.stop()
except OSError:  # the state database stopped answering (logged by the state store)
    st.error(t("state_presentations_unavailable", language))
    st.stop()
if not deck.views:
    st.info(t("presentation_empty", language))
    st.stop()

total = len(deck.views)
slides = [str(n) for n in range(1, total + 1)]
first_load = "_slide_deck" not in st.session_state
if st.session_state.get("_slide_deck") != slug:  # another presentation starts at the first slide
    st.session_state.pop("slide", None)
    st.session_state["_slide_deck"] = slug
if "slide" not in st.session_state:
    # A link opens at its slide; a slide number the deck does not have falls back to the first, with a warning.
    st.session_state["slide"] = int(widgets.from_url(
        state.KEY_SLIDE, lambda raw: state.parse_choice(state.KEY_SLIDE, raw, slides), "1",
        t("slide_number", language, number=1, total=total))) if first_load else 1
    widgets.show_warnings()
number = min(max(1, st.session_state["slide"]), total)
st.session_state["slide"] = number


def step(delta: int) -> None:
    # A callback, so the new slide number is known before the buttons are drawn.
    st.session_state["slide"] = min(max(1, st.session_state["slide"] + delta), total)


previous.button(t("slide_previous", language), key="slide_previous", disabled=number == 1, width="stretch",
                on_click=step, args=(-1,))
following.button(t("slide_next", language), key="slide_next", disabled=number == total, width="stretch",
                 on_click=step, args=(1,))
st.query_params[state.KEY_SLIDE] = str(number)
position.markdown(f"**{markdown_literal(deck.title)}** · {t('slide_number', language, number=number, total=total)}")

view, problem = deck.views[number - 1], problems[number - 1]
st.subheader(markdown_literal(view.title))
try:
    if problem:
        raise views.ViewError(markdown_literal(problem))
    drawn, sentence = views.from_params(reader, view.page, view.params, language)
except views.ViewError as error:
    st.warning(t("slide_broken", language, reason=str(error)))  # ViewError: Markdown, escaped
else:
    panels = drawn.rows["area_id"].nunique() if "area_id" in drawn.rows else 1  # Över tid: one per area
    spec = charts.fit_to_slide(charts.presentable(drawn.spec), width=responsive.SLIDE_WIDTH,
                               height=responsive.SLIDE_PLOT_HEIGHT, panels=panels)
    st.vega_lite_chart(spec=spec, width="stretch", key=f"slide_chart_{number}", alt=drawn.alt_text)
    if sentence:
        st.markdown(markdown_literal(sentence))
    st.caption(drawn.caption)
if view.note:
    with st.expander(t("slide_note", language)):
        st.text(view.note)
st.caption(t("slide_keys", language))
share.deck_downloads(deck, problems, slug, language)
if auth.can_edit():  # editors only; the handler checks again
    share.delete_presentation(directory, slug, deck, language)
# Last, once this slide is on screen: the next slide's queries and chart spec into the caches, so that stepping
# forward only draws it. Slides already shown are in the same caches.
if number < total and not problems[number]:
    try:
        views.from_params(reader, deck.views[number].page, deck.views[number].params, language)
    except views.ViewError:
        pass  # shown as the slide's own warning when it is reached
