"""The app's own CSS and JavaScript (static files under web/static/): contrast, the page's language, the
uploader's texts, and presenter mode."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from string import Template

import streamlit as st

from jamstat.text import t

STATIC_DIR = Path(__file__).parent / "static"
# Streamlit's chart theme draws axis and legend text in #808495: 3.7:1 on white, below WCAG's 4.5:1.
# A darker grey keeps the quiet look and reads at 6.4:1 (the exported pictures use their own, black text).
CHART_TEXT_COLOUR = "#5C5F6B"
# Streamlit fades captions (sources, notices, the index method) to 60 % opacity: #828180 on white, 3.9:1. The
# same grey as the charts' text instead, at full opacity; also the uploader's limits.
CAPTION_COLOUR = CHART_TEXT_COLOUR


@cache
def static(name: str) -> Template:
    """A file under web/static/ as a template: `$name` placeholders, filled by the caller."""
    return Template((STATIC_DIR / name).read_text(encoding="utf-8"))


def accessible_style() -> None:
    """Global CSS so every text the app shows reaches 4.5:1 contrast (checked in tests/test_accessibility.py)."""
    css = static("accessible.css").substitute(caption_colour=CAPTION_COLOUR, chart_text_colour=CHART_TEXT_COLOUR)
    st.html(f"\n<style>\n{css}</style>\n")


def document_language(language: str) -> None:
    """Tell the browser and screen readers the page's language: Streamlit's page says lang="en" whatever it shows."""
    st.html(f"<script>document.documentElement.lang = {json.dumps(language)};</script>",
            unsafe_allow_javascript=True)


def uploader_texts(file_types: Sequence[str], max_mb: int, language: str) -> None:
    """Streamlit's file uploader says "Upload" and "200MB per file" in English whatever the UI's language, and
    has no setting for them: CSS hides its texts and shows ours (generated content is read by screen readers)."""
    choose = json.dumps(t("own_upload_choose", language), ensure_ascii=False)  # our own texts: no quotes to escape
    limit = json.dumps(t("own_upload_limit", language, mb=max_mb,
                         types=", ".join(kind.upper() for kind in file_types)), ensure_ascii=False)
    css = static("uploader.css").substitute(choose=choose, limit=limit, caption_colour=CAPTION_COLOUR)
    st.html(f"<style>\n{css.rstrip()}\n</style>")
    # Generated content is not a name for every screen reader (nor for axe): the button gets an aria-label, set
    # again whenever Streamlit draws the uploader anew.
    script = static("uploader_label.js").substitute(choose=choose)
    st.html(f"<script>\n{script.rstrip()}\n</script>", unsafe_allow_javascript=True)


def presenter_style() -> None:
    """Hide the sidebar and enlarge type for the projector; clickers send arrow keys or PageUp/PageDown, which
    press the slide buttons (found by their st-key class)."""
    st.html(f"\n<style>\n{static('presenter.css').template}</style>\n")
    st.html(f"\n<script>\n{static('slide_keys.js').template}</script>\n", unsafe_allow_javascript=True)
