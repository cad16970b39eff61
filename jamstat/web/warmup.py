"""Loading what every first visitor would wait for, at server start: the store (DuckDB over the Parquet files),
the catalogue, the areas, the boundaries and the first screen's chart (serve.py runs this in its lifespan)."""

from __future__ import annotations

import logging
import time

log = logging.getLogger(__name__)


def warm() -> dict[str, float]:
    """Fill the same caches a session's first run fills (st.cache_resource / st.cache_data are per process), and
    return the seconds each step took. Safe to fail: a session then does the work itself and shows its message."""
    timings: dict[str, float] = {}

    def step(name: str, work) -> None:
        started = time.perf_counter()
        work()
        timings[name] = round(time.perf_counter() - started, 3)

    from jamstat import catalog, registry, state, views
    from jamstat.settings import THEMES
    from jamstat.web import data, render

    step("store", data.shared_store)
    step("areas and indicators", lambda: (data.query("areas"), data.query("indicators")))
    step("boundaries", data.municipality_boundaries)

    def first_chart() -> None:
        # The first screen: Jämför on the first theme's indicator, no municipality (as app.py picks it; the spec
        # lands in render's cache).
        indicators = data.query("indicators")
        theme = next(theme for theme in THEMES if (indicators["theme"] == theme).any())
        indicator = catalog.default_indicator(theme, indicators.loc[indicators["theme"] == theme,
                                                                    "indicator_id"].tolist())
        views.from_params(render.view_data(), registry.COMPARE.url_path, {state.KEY_INDICATOR: indicator}, "sv")

    step("first chart", first_chart)
    return timings
