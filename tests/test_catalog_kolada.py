"""The catalogue against Kolada's own metadata: titles, units and key words agree unless a reviewed reason says why;
themes hold what their goals name."""

import csv
import re

import pytest

from jamstat.catalog import load_catalog
from jamstat.settings import PROJECT_DIR, THEMES
from jamstat.sources import snapshot
from jamstat.text import t

DIFFERENCES_CSV = PROJECT_DIR / "jamstat" / "catalog_differences.csv"
CHECKS = ("title", "unit", "words")
# The unit Kolada's title states, read from its wording; the first rule that matches wins.
UNIT_RULES = (
    (r"/100 000\b", "per_100000"),
    (r"/10 000\b", "per_10000"),
    (r"/1 ?000\b", "per_1000"),
    (r"\(%\)|\bandel\b", "percent"),
    (r"\bkr\b", "sek"),
    (r"\bdagar\b", "days"),
    (r", år$", "years"),
    (r"meritvärde|betygspoäng|genomsnitt", "points"),
    (r"antal/inv\b|\bper förtroendevald", "ratio"),
    (r"\bantal\b", "count"),
)
# Words that change what a number means; our title must use the same ones as Kolada's, however it is reworded.
KEY_WORDS = ("netto", "brutto", "median", "medel", "hemkommun", "kommunala", "fristående", "åldersstandardiserat")


def normalise(title: str) -> str:
    """Kolada's titles vary in spacing ('andel(%)', 'antal/ 100 000', double spaces); that is no difference."""
    title = " ".join(title.split())
    title = re.sub(r"\s*/\s*", "/", title)
    return re.sub(r"(\S)\(", r"\1 (", title)


def kolada_unit(title: str) -> str | None:
    text = normalise(title).lower()
    return next((unit for pattern, unit in UNIT_RULES if re.search(pattern, text)), None)


def key_words(title: str) -> set[str]:
    text = title.lower()
    return {word for word in KEY_WORDS if word in text}


def kolada_titles(shared) -> dict[str, dict[str, str]]:
    """Kolada's KPI titles by vintage: 2024 (the snapshot's data, the DDF dump's concepts) and 2026 (rKolada)."""
    with open(shared / "raw" / "kolada-ddf-dump" / "ddf--concepts.csv", encoding="utf-8") as handle:
        of_2024 = {row["concept"].upper(): row["name"] for row in csv.DictReader(handle)
                   if row["concept_type"] == "measure"}
    with open(shared / "derived" / "kolada_kpi_metadata_2026.csv", encoding="utf-8") as handle:
        of_2026 = {row["id"]: row["title"] for row in csv.DictReader(handle)}
    return {"2024": of_2024, "2026": of_2026}


def differences(catalog, titles) -> dict[tuple[str, str, str, str], str]:
    """Every (indicator_id, kpi, vintage, check) where the catalogue and Kolada's title disagree, with both sides."""
    found = {}
    for ind in catalog:
        for kpi in dict.fromkeys(k for k in (ind.kpi_women, ind.kpi_men) if k):
            if not any(kpi in by_kpi for by_kpi in titles.values()):
                found[(ind.indicator_id, kpi, "any", "title")] = "KPI in neither vintage of Kolada's metadata"
            for vintage, by_kpi in titles.items():
                if kpi not in by_kpi:
                    continue
                theirs = by_kpi[kpi]
                if normalise(ind.title_sv) != normalise(theirs):
                    found[(ind.indicator_id, kpi, vintage, "title")] = f"{ind.title_sv!r} vs {theirs!r}"
                if kolada_unit(theirs) != ind.unit:
                    found[(ind.indicator_id, kpi, vintage, "unit")] = f"{ind.unit} vs {kolada_unit(theirs)} ({theirs!r})"
                if key_words(ind.title_sv) != key_words(theirs):
                    found[(ind.indicator_id, kpi, vintage, "words")] = (
                        f"{sorted(key_words(ind.title_sv))} vs {sorted(key_words(theirs))} ({theirs!r})")
    return found


def allowed() -> dict[tuple[str, str, str, str], str]:
    with open(DIFFERENCES_CSV, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    entries = {}
    for row in rows:
        assert row["check"] in CHECKS, row
        assert row["reason"].strip(), f"{row['indicator_id']} {row['kpi']}: every allowed difference needs a reason"
        for vintage in row["kolada"].split():
            assert vintage in ("2024", "2026"), row
            entries[(row["indicator_id"], row["kpi"], vintage, row["check"])] = row["reason"]
    return entries


@pytest.fixture(scope="module")
def titles(shared_data):
    return kolada_titles(shared_data)


def test_catalogue_agrees_with_kolada_or_says_why(titles):
    found = differences(load_catalog(), titles)
    unexplained = {key: what for key, what in found.items() if key not in allowed()}
    assert not unexplained, "differences from Kolada not in catalog_differences.csv:\n" + "\n".join(
        f"{key}: {what}" for key, what in sorted(unexplained.items()))


def test_every_allowed_difference_still_exists(titles):
    stale = set(allowed()) - set(differences(load_catalog(), titles))
    assert not stale, f"remove from catalog_differences.csv, the catalogue now agrees with Kolada: {sorted(stale)}"


def test_a_unit_that_differs_from_the_2024_data_is_converted_in_the_snapshot(titles):
    """The snapshot holds 2024 data: our unit may differ from the 2024 unit only if the build converts the values."""
    by_id = {ind.indicator_id: ind for ind in load_catalog()}
    # A title that states no unit (an index such as U60977's motivation index) has nothing to convert from.
    stated = {kpi for (_, kpi, vintage, check) in allowed() if vintage == "2024" and check == "unit"
              and kolada_unit(titles["2024"][kpi]) is not None}
    assert stated == set(snapshot.CONVERTED_UNITS)
    for (indicator_id, kpi, vintage, check) in allowed():
        if vintage == "2024" and check == "unit" and kpi in stated:
            assert snapshot.CONVERTED_UNITS[kpi] == (kolada_unit(titles["2024"][kpi]), by_id[indicator_id].unit)
            assert snapshot.CONVERTED_UNITS[kpi] in snapshot.UNIT_FACTORS


def test_the_comparison_reads_kolada_units_and_words():
    assert kolada_unit("Invånare med insatser enl. LSS, andel (%)") == "percent"
    assert kolada_unit("Invånare med insatser enl. LSS, antal/10 000 inv") == "per_10000"
    assert kolada_unit("Anmälda misshandelsbrott mot kvinna, inomhus, bekant med offret, antal/ 100 000 inv") \
        == "per_100000"
    assert kolada_unit("Mediannettoinkomst, kr/inv 20+") == "sek"
    assert kolada_unit("Medellivslängd kvinnor, år") == "years"
    assert key_words("Medianbruttoinkomst kommunens förtroendevalda politiker, kr/person") == {"brutto", "median"}


# Kolada's words for violence and abuse (SOURCES.md's search: våld, misshandel, kvinnofrid, ...).
VIOLENCE = re.compile(r"våld|misshandel|kvinnofrid|våldtäkt|sexualbrott|sexuellt ofredande|heders", re.IGNORECASE)
# Kolada's words for the municipality's elderly care, LSS and social services (not unpaid care at home).
CARE_SERVICES = re.compile(r"hemtjänst|särskilt boende|äldreomsorg|äldre|\bLSS\b|\bSFB\b|personlig assistans|"
                           r"hemsjukvård|brukar|familjehem|insatser|läkemedel|\b(65|75|80)\+", re.IGNORECASE)
UNPAID_CARE = re.compile(r"föräldrapenning|VAB", re.IGNORECASE)


def _kolada_title(titles, kpi: str) -> str:
    return titles["2024"].get(kpi) or titles["2026"][kpi]


def test_violence_theme_holds_only_violence_indicators(titles):
    """Goal 6, men's violence against women: every indicator's Kolada title names violence or abuse."""
    not_violence = {ind.indicator_id: _kolada_title(titles, ind.kpi_women or ind.kpi_men)
                    for ind in load_catalog() if ind.theme == "violence"
                    and not VIOLENCE.search(_kolada_title(titles, ind.kpi_women or ind.kpi_men))}
    assert not not_violence


def test_every_violence_against_women_kpi_with_data_is_in_the_violence_theme(titles, shared_data):
    """Kolada KPIs in the raw files whose title is about violence against women (e.g. N07402, N07549)."""
    import pyarrow.parquet as pq
    with_data = set(pq.read_table(shared_data / "derived" / "kolada_sex_specific_kpis.parquet",
                                  columns=["kpi"]).column("kpi").to_pylist())
    with_data |= set(pq.read_table(shared_data / "derived" / "kolada_ddf_gender_kmt.parquet",
                                   columns=["kpi"]).column("kpi").to_pylist())
    about_women = {kpi for kpi, title in titles["2024"].items()
                   if kpi in with_data and VIOLENCE.search(title) and re.search(r"kvinn", title, re.IGNORECASE)}
    assert {"N07401", "N07402", "N07549"} <= about_women
    in_theme = {k for ind in load_catalog() if ind.theme == "violence" for k in (ind.kpi_women, ind.kpi_men)}
    assert about_women <= in_theme


def test_unpaid_care_theme_holds_no_care_services(titles):
    """Goal 4, unpaid housework and care: parental leave and VAB, not elderly care, LSS or social services."""
    care = {ind.indicator_id: _kolada_title(titles, ind.kpi_women or ind.kpi_men)
            for ind in load_catalog() if ind.theme == "care"}
    assert {"N00942-N00943", "N00944-N00945"} <= set(care)
    assert not {i: title for i, title in care.items() if CARE_SERVICES.search(title)}
    assert all(UNPAID_CARE.search(title) for title in care.values())
    services = {ind.indicator_id for ind in load_catalog() if ind.theme == "social_care"}
    assert {"N21701", "N28892", "U21478", "N33817"} <= services


def test_every_theme_is_explained_and_a_thin_goal_says_so():
    per_theme = {theme: sum(ind.theme == theme for ind in load_catalog()) for theme in THEMES}
    assert all(per_theme.values()), per_theme
    for theme, n in per_theme.items():
        swedish, english = t(f"theme_reason_{theme}", "sv"), t(f"theme_reason_{theme}", "en")
        if n < 5:  # few indicators: Om data says so rather than filling the theme with others
            assert re.search(r"\*\*(Bara|Få) ", swedish) and re.search(r"\*\*(Only|Few) ", english), theme
