"""Streamlit glue shared by the pages: cached store and queries, URL-bound widgets, captions and downloads."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from jamstat import settings, state
from jamstat.store import QueryError, Store, StoreError
from jamstat.text import t, theme_label, unit_label


def lang() -> str:
    return st.session_state.get("lang", "sv")


@st.cache_resource(show_spinner=False)
def _store() -> Store:
    return Store()


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _query(name: str, params: tuple) -> pd.DataFrame:
    bound = {key: list(value) if isinstance(value, tuple) else value for key, value in params}
    return _store().run(name, **bound)


def query(name: str, **params) -> pd.DataFrame:
    """Run a stored query (cached by its parameters); on failure show a plain message and stop the page."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    try:
        return _query(name, frozen)
    except StoreError as error:
        st.error(t("store_error", lang(), reason=str(error)))
        st.stop()
    except QueryError as error:
        st.error(t("query_error", lang(), reason=error.reason))
        st.stop()


def warn_once(message: str) -> None:
    st.session_state.setdefault("_url_warnings", []).append(message)


def show_warnings() -> None:
    for message in st.session_state.pop("_url_warnings", []):
        st.warning(message, icon="⚠️")


def _initial(key: str, param: str, parse: Callable[[object], object], default, fallback_label: str):
    """The widget's value on first run: the URL's, validated, else the default (with a visible warning)."""
    raw = st.query_params.get_all(param)
    if not raw:
        return default
    try:
        return parse(raw)
    except state.InvalidParam as error:
        warn_once(t("bad_param", lang(), param=error.key, value=error.raw, fallback=fallback_label))
        return default


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
    st.query_params[param] = state.format_codes(value)
    return value


def sex_words(population: str, language: str) -> dict[str, str]:
    from jamstat.text import sex_label
    return {"women": sex_label("women", population, language).lower(),
            "men": sex_label("men", population, language).lower()}


def data_version(language: str, indicator_id: str) -> str:
    version = _store().data_version()
    if version["kind"] == "live" and indicator_id in version["indicators"]:
        return t("data_version_live", language, retrieved=version["date"])
    return t("data_version_snapshot", language, vintage=settings.SNAPSHOT_VINTAGE)


def source_caption(indicator: dict, years: str, language: str) -> str:
    return t("source_caption", language, kpis=indicator["source_id"], unit=unit_label(indicator["unit"], language),
             years=years, vintage=data_version(language, indicator["indicator_id"]))


def indicator_title(indicator: dict, language: str) -> str:
    return indicator["title_en"] if language == "en" else indicator["title_sv"]


def download_csv(frame: pd.DataFrame, indicator: dict, file_stem: str, key: str) -> None:
    """CSV of exactly the rows the chart shows, with the indicator, unit and source on every row."""
    out = frame.drop(columns=[c for c in frame.columns if c.startswith("is_")], errors="ignore").assign(
        indicator_id=indicator["indicator_id"], kolada_kpi=indicator["source_id"], unit=indicator["unit"],
        source="Kolada (RKA), egen bearbetning")
    buffer = io.StringIO()
    out.to_csv(buffer, index=False)
    st.download_button(t("download_csv", lang()), buffer.getvalue().encode("utf-8"),
                       file_name=f"{file_stem}.csv", mime="text/csv", key=key)


def theme_name(theme: str) -> str:
    return theme_label(theme, lang())


def table_for_screen(frame: pd.DataFrame, indicator: dict, language: str) -> pd.DataFrame:
    """The chart's numbers as a formatted table: the text alternative for screen readers and for reading off."""
    from jamstat.text import format_gap, format_ratio, format_value, sex_label
    unit, population = indicator["unit"], indicator["population"]
    table = pd.DataFrame({t("area", language): frame["area_name"]})
    if "year" in frame and frame["year"].nunique() > 1:
        table[t("year", language)] = frame["year"].astype(str)
    table[sex_label("women", population, language)] = [format_value(v, unit, language) for v in frame["women"]]
    table[sex_label("men", population, language)] = [format_value(v, unit, language) for v in frame["men"]]
    table[t("gap", language)] = [format_gap(v, unit, language) for v in frame["gap"]]
    table[t("ratio", language)] = [format_ratio(v, language) for v in frame["ratio"]]
    return table


@st.cache_resource(show_spinner=False)
def _boundaries(path: str, modified_ns: int) -> dict:
    # A resource, not cache_data: the GeoJSON is read-only, so every session shares it without a copy per rerun.
    import json
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def municipality_boundaries() -> dict:
    """The committed municipality boundaries (built by `python -m jamstat boundaries`); stops the page if missing."""
    path = settings.SNAPSHOT_DIR / "municipalities.geojson"
    try:
        return _boundaries(str(path), path.stat().st_mtime_ns)
    except (OSError, ValueError):
        st.error(t("map_boundaries_missing", lang(), path=path))
        st.stop()
