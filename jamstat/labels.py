"""Words about an indicator shown with its charts: titles, sex words, sources, the data version, derived values."""

from __future__ import annotations

import pandas as pd

from jamstat import owndata, settings
from jamstat.text import markdown_literal, t, unit_label


def sex_words(population: str, language: str) -> dict[str, str]:
    from jamstat.text import sex_label
    return {"women": sex_label("women", population, language).lower(),
            "men": sex_label("men", population, language).lower()}


def is_own(indicator: dict) -> bool:
    """An indicator from a user's own uploaded table, not from Kolada."""
    return owndata.is_own_indicator(indicator.get("indicator_id", ""))


def source_line(indicator: dict, language: str) -> str:
    """Where the values come from: Kolada, or the municipality's own table (never passed off as official)."""
    if is_own(indicator):
        return t("own_source", language, table=markdown_literal(indicator["source_id"]))
    return t("export_source", language)


def derived_sex(indicator: dict) -> str:
    """The sex whose values the catalogue derives as 100 minus the other's ("women" or "men"), else ""."""
    value = indicator.get("derived_sex")
    return value if value in ("women", "men") else ""


def derivation_note(indicator: dict, language: str) -> str:
    """'Härledda värden: kvinnor = 100 − män (N00945).' for an indicator with derived values, else ""."""
    from jamstat.text import sex_label
    derived = derived_sex(indicator)
    if not derived:
        return ""
    measured = "men" if derived == "women" else "women"
    return t("derived_caption", language, sex=sex_label(derived, indicator["population"], language).lower(),
             other=sex_label(measured, indicator["population"], language).lower(),
             kpi=indicator.get(f"kpi_{measured}") or indicator["source_id"])


def indicator_title(indicator: dict, language: str) -> str:
    return indicator["title_en"] if language == "en" else indicator["title_sv"]


def area_names(areas: pd.DataFrame, language: str) -> dict[str, str]:
    """Area code -> name as shown, with Sweden and the peer-mean row in the chosen language."""
    from jamstat.settings import RIKET
    names = dict(zip(areas["area_id"], areas["area_name"]))
    names[RIKET] = t("riket", language)
    names["peers"] = t("peer_mean_row", language)
    return names


def version_text(version: dict, language: str, indicator_id: str) -> str:
    """Which data an indicator's values come from: a live update's date, else the snapshot's vintage.
    `version` is the store's data_version()."""
    if version["kind"] == "live" and indicator_id in version["indicators"]:
        return t("data_version_live", language, retrieved=version["date"])
    return t("data_version_snapshot", language, vintage=settings.SNAPSHOT_VINTAGE)


def source_caption(indicator: dict, years: str, language: str, version: dict) -> str:
    if is_own(indicator):
        return t("own_source_caption", language, table=markdown_literal(indicator["source_id"]),
                 unit=markdown_literal(unit_label(indicator["unit"], language)), years=years)
    caption = t("source_caption", language, kpis=indicator["source_id"], unit=unit_label(indicator["unit"], language),
                years=years, vintage=version_text(version, language, indicator["indicator_id"]))
    note = derivation_note(indicator, language)
    return f"{caption} {note}" if note else caption
