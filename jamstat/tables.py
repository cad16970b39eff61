"""Formatted tables for the screen: the profile, the index, the chart's text alternative, the catalogue."""

from __future__ import annotations

import pandas as pd

from jamstat import settings
from jamstat.labels import derived_sex
from jamstat.text import t, theme_label, unit_label


def table_for_screen(frame: pd.DataFrame, indicator: dict, language: str) -> pd.DataFrame:
    """The chart's numbers as a formatted table: the text alternative for screen readers and for reading off."""
    from jamstat.text import format_gap, format_ratio, format_value, sex_label
    unit, population = indicator["unit"], indicator["population"]
    table = pd.DataFrame({t("area", language): frame["area_name"]})
    if "year" in frame and frame["year"].nunique() > 1:
        table[t("year", language)] = frame["year"].astype(str)
    derived = derived_sex(indicator)
    for sex in ("women", "men"):
        other = sex_label("men" if sex == "women" else "women", population, language).lower()
        header = sex_label(sex, population, language) + (
            f" ({t('derived_value', language, other=other)})" if sex == derived else "")
        table[header] = [format_value(v, unit, language) for v in frame[sex]]
    table[t("gap", language)] = [format_gap(v, unit, language) for v in frame["gap"]]
    table[t("ratio", language)] = [format_ratio(v, language) for v in frame["ratio"]]
    if "women_share" in frame and frame["women_share"].notna().any():
        table[t("women_share", language, women=sex_label("women", population, language).lower())] = [
            format_value(v, "percent", language) for v in frame["women_share"]]
    return table


def narrative_for(row, area_name: str, peer_label: str | None, language: str) -> str:
    """The plain-language sentence for one profile row (the facts come straight from the query)."""
    from jamstat.narrative import facts_from_row, sentence
    return sentence(facts_from_row(row, area_name, peer_label, language), language)


def profile_table(rows: pd.DataFrame, language: str, area_name: str = "", peer_label: str | None = None
                  ) -> pd.DataFrame:
    """One formatted row per indicator for the profile page (a table is also the chart's text alternative)."""
    from jamstat.narrative import (
        facts_from_row,
        is_small_numbers,
        sentence,
        trend_label,
    )
    from jamstat.text import format_gap, format_value, is_missing, sex_label
    records = []
    for row in rows.itertuples():
        unit, population = row.unit, row.population
        facts = facts_from_row(row, area_name, peer_label, language)
        small = is_small_numbers(row._asdict())
        records.append({
            t("indicator", language): row.title_en if language == "en" else row.title_sv,
            t("year", language): str(row.year),
            t("profile_women_men", language): (
                f"{sex_label('women', population, language)} {format_value(row.women, unit, language)} · "
                f"{sex_label('men', population, language)} {format_value(row.men, unit, language)}"),
            t("gap", language): format_gap(row.gap, unit, language) + (
                "" if is_missing(row.women_share) else " (" + t(
                    "women_share_value", language, women=sex_label("women", population, language).lower(),
                    share=format_value(row.women_share, "percent", language)) + ")"),
            t("profile_trend", language): trend_label(facts, language),
            t("profile_peer_mean", language): peer_mean_text(row, language),
            t("profile_rank", language): (
                t("count_not_comparable", language) if not row.gap_comparable
                else "–" if is_missing(row.n_ranked) or row.n_ranked < 2
                else t("profile_rank_small_numbers", language) if small
                else t("profile_rank_value", language, rank=int(row.rank_abs_gap), n=int(row.n_ranked))),
            t("profile_narrative", language): sentence(facts, language),
        })
    return pd.DataFrame(records)


def peer_mean_text(row, language: str) -> str:
    """A profile row's peer mean with the peers it rests on, "+3,0 procentenheter (2 av 6, osäkert)"; a count's
    gap is not compared across areas (it measures the municipality's size), so it says so instead."""
    from jamstat.text import format_gap, is_missing
    if not row.gap_comparable:
        return t("count_not_comparable", language)
    if is_missing(row.peer_mean_gap):
        return format_gap(None, row.unit, language)
    basis = t("peer_basis", language, n=int(row.n_peers), total=int(row.n_peer_total))
    if row.peer_mean_uncertain:
        basis += ", " + t("peer_uncertain", language)
    return t("peer_mean_with_basis", language, mean=format_gap(row.peer_mean_gap, row.unit, language), basis=basis)


def index_table(rows: pd.DataFrame, language: str) -> pd.DataFrame:
    """One theme's index rows: each core indicator's score, weight and contribution, and the year of its value
    (marked when older than the index's year; 'missing' when the municipality has none)."""
    from jamstat.text import format_number, is_missing
    years = []
    for status, year in zip(rows["status"], rows["year"], strict=True):
        years.append(t("index_status_missing", language) if status == "missing" else
                     t(f"index_status_{status}", language, year=int(year)))
    return pd.DataFrame({
        t("indicator", language): rows["title_en" if language == "en" else "title_sv"],
        t("index_status", language): years,
        t("index_score", language): [format_number(v, 1, language) for v in rows["parity_score"]],
        t("index_weight", language): [t("missing", language) if is_missing(v) else
                                      format_number(v * 100, 1, language) + " %" for v in rows["weight"]],
        t("index_contribution", language): [format_number(v, 2, language) for v in rows["contribution"]],
    })


def index_rules_table(rules: pd.DataFrame, language: str) -> pd.DataFrame:
    """The equality index's rules (queries/index_rules.sql) for Om data: what each applies to, how, and why."""
    what = [t("index_rule_unit", language, unit=unit_label(value, language)) if match == "unit" else
            f"{title_en if language == 'en' else title_sv} ({value})"
            for match, value, title_sv, title_en in rules[["match", "value", "title_sv", "title_en"]].itertuples(
                index=False)]
    return pd.DataFrame({
        t("index_rule", language): what,
        t("index_treatment", language): [t(f"index_treatment_{x}", language) for x in rules["treatment"]],
        t("index_reason", language): [t(f"index_reason_{x}", language) for x in rules["reason"]],
    })


def catalogue_table(indicators: pd.DataFrame, language: str) -> pd.DataFrame:
    from jamstat.text import sex_label
    return pd.DataFrame({
        t("theme", language): [theme_label(theme, language) for theme in indicators["theme"]],
        t("indicator", language): indicators["title_en" if language == "en" else "title_sv"],
        "KPI": indicators["source_id"],
        t("unit", language): [unit_label(unit, language) for unit in indicators["unit"]],
        t("population", language): [f"{sex_label('women', p, language)}/{sex_label('men', p, language)}"
                                    for p in indicators["population"]],
    })


def theme_list(indicators: pd.DataFrame, language: str) -> str:
    """Markdown: one item per theme with how many catalogue indicators it holds, and what it holds and why."""
    counts = indicators["theme"].value_counts()
    return "\n".join(t("theme_item", language, theme=theme_label(theme, language), n=int(counts.get(theme, 0)),
                        reason=t(f"theme_reason_{theme}", language)) for theme in settings.THEMES)
