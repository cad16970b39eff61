"""CSS so pages fit the screen: no sideways scrolling on a phone, a slide on one projector screen."""

import streamlit as st

# Slides: a plot at most this tall and small multiples this wide (px), so title, chart, summary and source fit
# 1920×1080 with the sidebar hidden. Narrower projectors scale the chart down (RESPONSIVE_CSS).
SLIDE_WIDTH = 1640
SLIDE_PLOT_HEIGHT = 390

# A chart of fixed width (small multiples: Vega-Lite cannot stretch a facet to its container) wider than the
# page is scaled down to the page's width instead of making the whole page scroll sideways on a phone.
RESPONSIVE_CSS = """
<style>
.stVegaLiteChart.vega-embed { max-width: 100%; }
.stVegaLiteChart.vega-embed > :is(canvas, svg) { max-width: 100% !important; height: auto !important; }
</style>
"""

# The presenter page: less space above the slide, so the source line stays on the screen.
SLIDE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 0.5rem !important; padding-bottom: 1rem; }
</style>
"""


def responsive_style() -> None:
    st.html(RESPONSIVE_CSS)


def slide_style() -> None:
    st.html(SLIDE_CSS)
