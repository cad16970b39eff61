"""The indicator catalogue: which Kolada series become which women/men indicator, with theme, unit and population."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jamstat.settings import DEFAULT_INDICATORS, THEMES, UNITS

CATALOG_CSV = Path(__file__).with_name("catalog.csv")
COLUMNS = (
    "indicator_id", "kpi_women", "kpi_men", "derived_sex", "theme", "unit",
    "population", "higher_is", "title_sv", "title_en",
)


class CatalogError(ValueError):
    """The catalogue file breaks one of its rules."""


@dataclass(frozen=True)
class Indicator:
    indicator_id: str
    kpi_women: str
    kpi_men: str
    derived_sex: str  # "", "women" or "men": that sex's share is 100 minus the other's
    theme: str
    unit: str
    population: str  # "adults" (women/men) or "children" (girls/boys)
    higher_is: str
    title_sv: str
    title_en: str

    @property
    def split_by_gender(self) -> bool:
        """True for a Kolada KPI with K/M/T values, False for a pair of one-sex KPIs."""
        return self.kpi_women == self.kpi_men and self.kpi_women != ""

    @property
    def source_ids(self) -> str:
        """Kolada KPI ids behind the indicator, as shown in captions."""
        if self.split_by_gender:
            return self.kpi_women
        return " / ".join(k for k in (self.kpi_women, self.kpi_men) if k)


def _validate(rows: list[dict]) -> None:
    seen = set()
    for number, row in enumerate(rows, start=2):
        where = f"{CATALOG_CSV.name} line {number} ({row.get('indicator_id')})"
        if row["indicator_id"] in seen:
            raise CatalogError(f"{where}: duplicate indicator_id")
        seen.add(row["indicator_id"])
        if row["theme"] not in THEMES:
            raise CatalogError(f"{where}: unknown theme {row['theme']!r}")
        if row["unit"] not in UNITS:
            raise CatalogError(f"{where}: unknown unit {row['unit']!r}")
        if row["population"] not in ("adults", "children"):
            raise CatalogError(f"{where}: population must be adults or children")
        if row["higher_is"] not in ("better", "worse", "neutral"):
            raise CatalogError(f"{where}: higher_is must be better, worse or neutral")
        if row["derived_sex"] not in ("", "women", "men"):
            raise CatalogError(f"{where}: derived_sex must be empty, women or men")
        if not (row["kpi_women"] or row["kpi_men"]):
            raise CatalogError(f"{where}: needs at least one Kolada KPI")
        if not row["title_sv"] or not row["title_en"]:
            raise CatalogError(f"{where}: needs Swedish and English titles")


@lru_cache(maxsize=1)
def load_catalog(path: Path = CATALOG_CSV) -> tuple[Indicator, ...]:
    """Read and validate the catalogue; raises CatalogError naming the bad line."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise CatalogError(f"{path.name}: columns must be {', '.join(COLUMNS)}")
        rows = [{key: (value or "").strip() for key, value in row.items()} for row in reader]
    _validate(rows)
    return tuple(Indicator(**row) for row in rows)


def kpi_ids(catalog: tuple[Indicator, ...]) -> list[str]:
    """All Kolada KPI ids the catalogue reads, sorted."""
    return sorted({k for ind in catalog for k in (ind.kpi_women, ind.kpi_men) if k})


def default_indicator(theme: str, offered: list[str], home: str = "municipality") -> str:
    """The indicator a theme opens on: its default (DEFAULT_INDICATORS; for a region's employer theme a region
    KPI, as the municipal employer KPIs have no region values) if offered, else the theme's first offered one."""
    default = "N60077" if home == "region" and theme == "employer" else DEFAULT_INDICATORS.get(theme)
    return default if default in offered else offered[0]
