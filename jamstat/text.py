"""Every UI string in Swedish and English, and number formatting (sv: 12,3 %, 1 234 kr)."""

from __future__ import annotations

import math

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

STRINGS: dict[str, tuple[str, str]] = {
    "app_title": ("Jämställdhetsstatistik för kommuner", "Gender-equality statistics for municipalities"),
    "page_compare": ("Jämför", "Compare"),
    "page_over_time": ("Över tid", "Over time"),
    "language": ("Språk / Language", "Språk / Language"),
    "municipality": ("Min kommun", "My municipality"),
    "no_municipality": ("Ingen vald (hela riket)", "None (all of Sweden)"),
    "theme": ("Tema", "Theme"),
    "indicator": ("Indikator", "Indicator"),
    "year": ("År", "Year"),
    "areas": ("Områden (högst 5)", "Areas (at most 5)"),
    "scope": ("Jämför med", "Compare with"),
    "scope_all": ("Alla kommuner", "All municipalities"),
    "scope_region": ("Kommunerna i länet", "Municipalities in the county"),
    "scope_group": ("Kommungruppen", "The municipal group"),
    "women": ("Kvinnor", "Women"),
    "men": ("Män", "Men"),
    "girls": ("Flickor", "Girls"),
    "boys": ("Pojkar", "Boys"),
    "gap": ("Skillnad", "Gap"),
    "ratio": ("Kvot", "Ratio"),
    "area": ("Område", "Area"),
    "value": ("Värde", "Value"),
    "missing": ("saknas", "missing"),
    "derived": ("härlett", "derived"),
    "download_csv": ("Ladda ner data (CSV)", "Download data (CSV)"),
    "source_caption": (
        "Källa: Kolada (RKA), egen bearbetning. KPI: {kpis}. Enhet: {unit}. {years}. Dataversion: {vintage}.",
        "Source: Kolada (RKA), own processing. KPI: {kpis}. Unit: {unit}. {years}. Data version: {vintage}."),
    "year_caption": ("År {year}", "Year {year}"),
    "years_caption": ("År {first}–{last}", "Years {first}–{last}"),
    "gap_definition": (
        "Skillnad = {women} − {men} i indikatorns enhet{pp}; kvot = {women} / {men}.",
        "Gap = {women} − {men} in the indicator's unit{pp}; ratio = {women} / {men}."),
    "pp_note": (" (procentenheter för andelar)", " (percentage points for shares)"),
    "compare_title": ("{indicator}: {women} och {men} per område, {year}",
                      "{indicator}: {women} and {men} by area, {year}"),
    "compare_subtitle": ("Sorterat efter skillnaden ({women} − {men}). Markerat: {marked}.",
                         "Sorted by the gap ({women} − {men}). Highlighted: {marked}."),
    "series_title": ("{indicator}: {women} och {men} över tid", "{indicator}: {women} and {men} over time"),
    "gap_title": ("Skillnad mellan {women} och {men} över tid ({women} − {men})",
                  "Gap between {women} and {men} over time ({women} − {men})"),
    "missing_areas": ("Värde saknas för {n} område(n): {names}.", "No value for {n} area(s): {names}."),
    "no_data_year": ("Det finns inga värden för {indicator} år {year}. Välj ett annat år.",
                     "There are no values for {indicator} in {year}. Choose another year."),
    "no_data_indicator": ("Det finns inga värden för den här indikatorn i datan.",
                          "There are no values for this indicator in the data."),
    "no_areas": ("Välj minst ett område.", "Choose at least one area."),
    "too_many_areas": ("Högst 5 områden kan visas; de första 5 visas.", "At most 5 areas can be shown; the first 5 are shown."),
    "bad_param": ("Länken innehöll ett ogiltigt värde för ”{param}” ({value}); {fallback} används i stället.",
                  "The link had an invalid value for “{param}” ({value}); {fallback} is used instead."),
    "store_error": ("Datan kan inte läsas: {reason}", "The data cannot be read: {reason}"),
    "query_error": ("Frågan mot datan misslyckades. Försök igen eller välj något annat. ({reason})",
                    "The query against the data failed. Try again or choose something else. ({reason})"),
    "data_version_snapshot": ("inbäddad ögonblicksbild {vintage}", "embedded snapshot {vintage}"),
    "data_version_live": ("uppdaterad från Kolada {retrieved}", "updated from Kolada {retrieved}"),
    "chart_alt_sentence": ("Diagram: {title}. Siffrorna finns i tabellen under diagrammet.",
                           "Chart: {title}. The numbers are in the table below the chart."),
    "chart_alt": ("Tabell med siffrorna bakom diagrammet", "Table with the numbers behind the chart"),
    "theme_power": ("Makt och inflytande", "Power and influence"),
    "theme_economy": ("Ekonomisk jämställdhet", "Economic equality"),
    "theme_education": ("Utbildning", "Education"),
    "theme_care": ("Obetalt hem- och omsorgsarbete", "Unpaid housework and care"),
    "theme_health": ("Hälsa", "Health"),
    "theme_violence": ("Mäns våld mot kvinnor ska upphöra", "Men's violence against women must stop"),
    "theme_employer": ("Kommunen som arbetsgivare", "The municipality as employer"),
    "unit_percent": ("procent", "percent"),
    "unit_sek": ("kronor", "SEK"),
    "unit_days": ("dagar", "days"),
    "unit_years": ("år", "years"),
    "unit_count": ("antal", "count"),
    "unit_per_1000": ("per 1 000 invånare", "per 1,000 inhabitants"),
    "unit_per_10000": ("per 10 000 invånare", "per 10,000 inhabitants"),
    "unit_per_100000": ("per 100 000 invånare", "per 100,000 inhabitants"),
    "unit_points": ("poäng", "points"),
    "unit_ratio": ("kvot", "ratio"),
    "gap_unit_percent": ("procentenheter", "percentage points"),
    "riket": ("Riket", "Sweden"),
    "fallback_default": ("standardvalet", "the default"),
    # Karta (map) ------------------------------------------------------------------------------------
    "page_map": ("Karta", "Map"),
    "municipality_short": ("Kommun", "Municipality"),
    "measure": ("Visa", "Show"),
    "measure_gap": ("Skillnad ({women} − {men})", "Gap ({women} − {men})"),
    "measure_women": ("Värde för {women}", "Value for {women}"),
    "measure_men": ("Värde för {men}", "Value for {men}"),
    "county": ("Län", "County"),
    "county_all": ("Hela Sverige", "All of Sweden"),
    "map_title_gap": ("Skillnad mellan {women} och {men} per kommun, {year}",
                      "Gap between {women} and {men} by municipality, {year}"),
    "map_title_value": ("Värdet för {sex} per kommun, {year}", "Value for {sex} by municipality, {year}"),
    "map_subtitle_gap": ("Orange: högre för {women}. Blått: högre för {men}.",
                         "Orange: higher for {women}. Blue: higher for {men}."),
    "map_subtitle_value": ("Mörkare färg: högre värde.", "Darker colour: higher value."),
    "map_subtitle_chosen": ("Svart kant: {name}.", "Black outline: {name}."),
    "map_missing_legend": ("Värde saknas", "No value"),
    "map_no_data": ("Det finns inga värden för {indicator} år {year} i {place}. Välj ett annat år eller län.",
                    "There are no values for {indicator} in {year} in {place}. Choose another year or county."),
    "map_boundaries_missing": (
        "Kartans kommungränser saknas ({path}). Bygg dem med: python -m jamstat boundaries",
        "The map's municipality boundaries are missing ({path}). Build them with: python -m jamstat boundaries"),
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **fields) -> str:
    """The string for key in lang, with fields filled in."""
    sv, en = STRINGS[key]
    text = en if lang == "en" else sv
    return text.format(**fields) if fields else text


def sex_label(sex: str, population: str, lang: str) -> str:
    """'Kvinnor'/'Män', or 'Flickor'/'Pojkar' for indicators about children."""
    if population == "children":
        sex = {"women": "girls", "men": "boys"}.get(sex, sex)
    return t(sex, lang)


def theme_label(theme: str, lang: str) -> str:
    return t(f"theme_{theme}", lang)


def unit_label(unit: str, lang: str) -> str:
    return t(f"unit_{unit}", lang)


DECIMALS = {"percent": 1, "sek": 0, "days": 1, "years": 1, "count": 0, "per_1000": 1,
            "per_10000": 1, "per_100000": 1, "points": 1, "ratio": 2}
SUFFIX = {
    "sv": {"percent": " %", "sek": " kr", "days": " dagar", "years": " år", "points": " p"},
    "en": {"percent": "%", "sek": " SEK", "days": " days", "years": " years", "points": " pts"},
}


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value: float | None, decimals: int, lang: str, signed: bool = False) -> str:
    """12,3 and 1 234 in Swedish (narrow no-break space for thousands, − for minus); 12.3 and 1,234 in English."""
    if is_missing(value):
        return t("missing", lang)
    text = f"{value:{'+' if signed else ''},.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\u202f").replace(".", ",").replace("-", "\u2212")


def format_value(value: float | None, unit: str, lang: str) -> str:
    """A value in its unit: '12,3 %', '245 600 kr', '8,4 dagar'."""
    if is_missing(value):
        return t("missing", lang)
    return format_number(value, DECIMALS.get(unit, 1), lang) + SUFFIX[lang].get(unit, "")


def format_gap(gap: float | None, unit: str, lang: str) -> str:
    """A signed gap in the indicator's unit; shares get percentage points ('+4,1 procentenheter')."""
    if is_missing(gap):
        return t("missing", lang)
    if unit == "percent":
        return f"{format_number(gap, 1, lang, signed=True)} {t('gap_unit_percent', lang)}"
    return format_number(gap, DECIMALS.get(unit, 1), lang, signed=True) + SUFFIX[lang].get(unit, "")


def format_ratio(ratio: float | None, lang: str) -> str:
    return format_number(ratio, 2, lang)
