"""One cautious plain-language sentence per indicator (gap, trend, peer mean) from its facts, in Swedish or English."""

from __future__ import annotations

import math
from dataclasses import dataclass

from jamstat.text import DECIMALS, format_number, format_value, sex_label, t

# Without a typical year-to-year change, a gap this small counts as "about the same".
SMALL_GAP_PERCENT_POINTS = 0.5
SMALL_GAP_SHARE_OF_MEAN = 0.01
# Without a typical change, a change of |gap| within this share of the base gap counts as "about the same".
SAME_TREND_SHARE_OF_BASE = 0.10


@dataclass(frozen=True)
class Facts:
    indicator_title: str  # already in the sentence's language
    unit: str  # percent, sek, days, years, count, per_1000, per_10000, per_100000, points, ratio
    population: str  # "adults" (women/men) or "children" (girls/boys)
    area_name: str
    year: int
    women: float | None  # None or NaN: missing or suppressed
    men: float | None
    base_year: int | None  # an earlier year to compare the gap with
    gap_base: float | None  # women − men in base_year
    peer_mean_gap: float | None  # unweighted mean of the peers' gaps (women − men) in year
    peer_label: str | None  # e.g. "kommunerna i Värmlands län"
    typical_change: float | None  # typical year-to-year change of this area's gap, in the gap's unit


def _number(value) -> float | None:
    """A finite float, or None for missing (None, NaN, pandas NA)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _sex(sex: str, facts: Facts, lang: str) -> str:
    return sex_label(sex, facts.population, lang).lower()


def _amount(gap: float, unit: str, lang: str) -> str:
    """The size of a gap without sign: '4,1 procentenheter', '8 400 kr', '1,2 dagar'."""
    size = abs(gap)
    if unit == "percent":
        return f"{format_number(size, 1, lang)} {t('gap_unit_percent', lang)}"
    return format_value(size, unit, lang)


def _rounds_to_zero(gap: float, unit: str) -> bool:
    return round(abs(gap), DECIMALS.get(unit, 1)) == 0


def _is_small(gap: float, facts: Facts, mean: float) -> bool:
    """True when the gap is within the usual yearly variation (or, without one, below a fixed small threshold)."""
    if _rounds_to_zero(gap, facts.unit):
        return True
    typical = _number(facts.typical_change)
    if typical is not None:
        return abs(gap) <= typical
    if facts.unit == "percent":
        return abs(gap) < SMALL_GAP_PERCENT_POINTS
    return abs(gap) < SMALL_GAP_SHARE_OF_MEAN * abs(mean)


def _trend_tolerance(base_gap: float, facts: Facts) -> float:
    typical = _number(facts.typical_change)
    return typical if typical is not None else SAME_TREND_SHARE_OF_BASE * abs(base_gap)


def _base_gap(facts: Facts) -> float | None:
    if facts.base_year is None or facts.base_year >= facts.year:
        return None
    return _number(facts.gap_base)


def _missing_clause(facts: Facts, women: float | None, men: float | None, lang: str) -> str:
    fields = {"title": facts.indicator_title, "area": facts.area_name, "year": facts.year}
    if women is None and men is None:
        return t("narrative_missing_both", lang, women=_sex("women", facts, lang), men=_sex("men", facts, lang),
                 **fields)
    return t("narrative_missing_one", lang, sex=_sex("women" if women is None else "men", facts, lang), **fields)


def _small_clauses(facts: Facts, women: float, men: float, base_gap: float | None, lang: str) -> tuple[str, str]:
    gap = women - men
    kind = "percent" if facts.unit == "percent" else "other"
    main = t("narrative_about_equal", lang, title=facts.indicator_title, year=facts.year, area=facts.area_name,
             measures=t(f"narrative_measures_{kind}", lang),
             women=_sex("women", facts, lang), men=_sex("men", facts, lang),
             women_value=format_value(women, facts.unit, lang), men_value=format_value(men, facts.unit, lang))
    usual = _number(facts.typical_change) is not None and not _rounds_to_zero(gap, facts.unit)
    reason = "narrative_small_usual" if usual else "narrative_small_tiny"
    mean = (women + men) / 2
    narrowed = (base_gap is not None and not _is_small(base_gap, facts, mean)
                and abs(base_gap) - abs(gap) > _trend_tolerance(base_gap, facts))
    if narrowed:
        return main, t(f"{reason}_narrowed", lang, amount=_amount(gap, facts.unit, lang), base_year=facts.base_year,
                       base_amount=_amount(base_gap, facts.unit, lang))
    return main, t(reason, lang, amount=_amount(gap, facts.unit, lang))


def _trend_clause(facts: Facts, gap: float, base_gap: float, mean: float, lang: str) -> str:
    base_amount = _amount(base_gap, facts.unit, lang)
    if gap * base_gap < 0 and not _is_small(base_gap, facts, mean):
        kind = "percent" if facts.unit == "percent" else "other"
        return t("narrative_trend_flipped", lang, base_year=facts.base_year, base_amount=base_amount,
                 base_higher=_sex("women" if base_gap > 0 else "men", facts, lang),
                 higher_measure=t(f"narrative_higher_measure_{kind}", lang))
    change = abs(gap) - abs(base_gap)
    if abs(change) <= _trend_tolerance(base_gap, facts):
        key = "narrative_trend_same"
    else:
        key = "narrative_trend_narrowed" if change < 0 else "narrative_trend_widened"
    return t(key, lang, base_year=facts.base_year, base_amount=base_amount)


def _gap_clauses(facts: Facts, women: float, men: float, base_gap: float | None, lang: str) -> tuple[str, str | None]:
    gap = women - men
    mean = (women + men) / 2
    if _is_small(gap, facts, mean):
        return _small_clauses(facts, women, men, base_gap, lang)
    higher, lower = ("women", "men") if gap > 0 else ("men", "women")
    values = {"women": women, "men": men}
    kind = "percent" if facts.unit == "percent" else "other"
    main = t("narrative_gap", lang, title=facts.indicator_title, year=facts.year, area=facts.area_name,
             measure=t(f"narrative_measure_{kind}", lang), amount=_amount(gap, facts.unit, lang),
             higher=_sex(higher, facts, lang), lower=_sex(lower, facts, lang),
             higher_value=format_value(values[higher], facts.unit, lang),
             lower_value=format_value(values[lower], facts.unit, lang))
    trend = None if base_gap is None else _trend_clause(facts, gap, base_gap, mean, lang)
    return main, trend


def _peer_sentence(facts: Facts, lang: str) -> str | None:
    peer_gap = _number(facts.peer_mean_gap)
    if peer_gap is None:
        return None
    if _rounds_to_zero(peer_gap, facts.unit):
        peer = t("narrative_peer_equal", lang)
    else:
        peer = t("narrative_peer_higher", lang, higher=_sex("women" if peer_gap > 0 else "men", facts, lang),
                 amount=_amount(peer_gap, facts.unit, lang))
    if facts.peer_label:
        return t("narrative_peer_labelled", lang, peer_label=facts.peer_label, peer=peer)
    return t("narrative_peer", lang, peer=peer)


def sentence(facts: Facts, lang: str) -> str:
    """One or two short sentences: which sex has the higher value and by how much, the change since the
    base year, and the peer mean; a missing value is said to be missing, never read as zero."""
    women, men = _number(facts.women), _number(facts.men)
    if women is None or men is None:
        main, trend = _missing_clause(facts, women, men, lang), None
    else:
        main, trend = _gap_clauses(facts, women, men, _base_gap(facts), lang)
    text = (t("narrative_with_trend", lang, main=main, trend=trend) if trend
            else t("narrative_without_trend", lang, main=main))
    peer = _peer_sentence(facts, lang)
    return t("narrative_with_peer", lang, main=text, peer=peer) if peer else text
