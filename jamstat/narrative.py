"""What the profile says about a gap, by documented rules (equality band, uncertainty, reversal, trend test,
small numbers), and the plain-language sentence built from it, in Swedish or English.

The rules (also on Om data, text key about_rules):
- Equality band: shares (unit percent) count as about equal when the gap is under 2 percentage points *and* the
  smaller share is at least 90 % of the larger; other units when the gap is at most 2 % of the larger value.
  Outside the band the sentence says who is higher and by how much.
- Uncertainty: a gap outside the band but no larger than the typical year-to-year change of the area's gap is
  said to vary a lot between years: uncertain, never equal.
- Reversal: the other sex was ahead in the base year (both gaps outside the band): said in the arrow and sentence.
- Trend: least-squares slope of the gap over the window (the last six years with values; election indicators:
  the last four elections), called narrowing or widening only when |slope| / its standard error reaches the
  two-sided 95 % t value for (points − 2) degrees of freedom, with at least four points.
- Small numbers: no trend or rank claim where one or two people can move the value (see is_small_numbers).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from jamstat.text import DECIMALS, format_number, format_value, peer_key, sex_label, t

EQUAL_SHARE_POINTS = 2.0  # percent: the gap is under this many percentage points …
EQUAL_SHARE_RATIO = 0.9  # … and the smaller share is at least this part of the larger
EQUAL_RELATIVE = 0.02  # other units: the gap is at most this part of the larger value
MIN_TREND_POINTS = 4
# Two-sided 95 % critical values of Student's t by degrees of freedom (points − 2).
T_CRITICAL = {2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447}
# Politicians' indicators are measured in election years; the years between repeat the last election's value.
ELECTION_INDICATORS = frozenset({
    "N05810", "N05811", "N05813", "N05814", "N05815", "N05816-N05828", "N05817", "N05818", "N05819", "N05820",
    "N05821", "N05822", "N05823", "N05824", "N05825", "N05827"})
# Groups that in most municipalities hold fewer than ~30 women or men, so one person moves the value by several
# points: full-time/part-time, age and birth-country shares of elected politicians, chair posts, councillors by
# age, politicians' median income, councillors who left.
SMALL_GROUP_INDICATORS = frozenset({
    "N05810", "N05811", "N05816-N05828", "N05817", "N05818", "N05819", "N05820", "N05821", "N05822", "N05823",
    "N05824", "N05825", "N05827", "N05830"})
# Rates per N inhabitants: fewer than this many implied cases of a sex (rate × inhabitants / N) is small numbers.
SMALL_CASES = 10
RATE_BASE = {"per_1000": 1_000, "per_10000": 10_000, "per_100000": 100_000}
# Children's indicators (a school year holds about 1 % of the inhabitants): fewer inhabitants of a sex than
# this means under about 50 girls or boys per school year.
SMALL_COHORT_INHABITANTS = 5_000

TRENDS = ("reversed", "narrowing", "widening", "no_clear_trend", "small_numbers", "unknown")


@dataclass(frozen=True)
class Facts:
    indicator_title: str  # already in the sentence's language
    unit: str  # percent, sek, days, years, count, per_1000, per_10000, per_100000, points, ratio
    population: str  # "adults" (women/men) or "children" (girls/boys)
    area_name: str
    year: int
    women: float | None  # None or NaN: missing or suppressed
    men: float | None
    base_year: int | None  # the first year of the trend window
    gap_base: float | None  # women − men in base_year
    peer_mean_gap: float | None  # unweighted mean of the peers' gaps (women − men) in year
    peer_label: str | None  # e.g. "kommunerna i Värmlands län"
    typical_change: float | None  # typical year-to-year change of this area's gap, in the gap's unit
    indicator_id: str = ""
    women_base: float | None = None  # values in base_year, for the equality band of the base gap
    men_base: float | None = None
    trend_points: int | None = None  # years in the trend window
    slope: float | None = None  # least-squares slope of the gap over the window, per year
    slope_se: float | None = None  # its standard error
    inhabitants_women: float | None = None  # the area's inhabitants, for the small-number guard
    inhabitants_men: float | None = None
    n_peers: int | None = None  # peers with a value behind peer_mean_gap
    n_peer_total: int | None = None  # peers asked for
    peer_mean_uncertain: bool = False  # fewer than 3 or fewer than half of the peers have a value
    home_kind: str = "municipality"  # "region" when the area is a region and its peers are regions


def _number(value) -> float | None:
    """A finite float, or None for missing (None, NaN, pandas NA)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def within_band(women: float, men: float, unit: str) -> bool:
    """True when the two values count as about equal (the equality band above)."""
    gap, larger = abs(women - men), max(abs(women), abs(men))
    if round(gap, DECIMALS.get(unit, 1)) == 0:
        return True
    if unit == "percent":
        return gap < EQUAL_SHARE_POINTS and min(women, men) >= EQUAL_SHARE_RATIO * max(women, men)
    return gap <= EQUAL_RELATIVE * larger


def is_uncertain(facts: Facts) -> bool:
    """A gap outside the band that is no larger than the area's typical year-to-year change of the gap."""
    women, men, typical = _number(facts.women), _number(facts.men), _number(facts.typical_change)
    if women is None or men is None or typical is None or within_band(women, men, facts.unit):
        return False
    return abs(women - men) <= typical


def small_numbers(indicator_id: str, unit: str, population: str, women, men, inhabitants_women,
                  inhabitants_men) -> bool:
    """True where one or two people can move the value: small groups, rare events, small school years."""
    if indicator_id in SMALL_GROUP_INDICATORS:
        return True
    people = [_number(inhabitants_women), _number(inhabitants_men)]
    if any(p is None for p in people):
        return False
    if unit in RATE_BASE:
        rates = [_number(women), _number(men)]
        return any(rate is not None and rate * p / RATE_BASE[unit] < SMALL_CASES for rate, p in zip(rates, people))
    return population == "children" and min(people) < SMALL_COHORT_INHABITANTS


def is_small_numbers(row) -> bool:
    """small_numbers for a row of the profile query."""
    return small_numbers(row["indicator_id"], row["unit"], row["population"], row["women"], row["men"],
                         row["inhabitants_women"], row["inhabitants_men"])


def _is_small(facts: Facts) -> bool:
    return small_numbers(facts.indicator_id, facts.unit, facts.population, facts.women, facts.men,
                         facts.inhabitants_women, facts.inhabitants_men)


# Measured by bench/audit_words.py --shuffled on the committed snapshot (2022, 290 municipalities): the share of
# series with a base year labelled narrowing/widening when the years are shuffled within each series.
SHUFFLED_LABEL_RATE = 0.024


def rule_parameters(lang: str) -> dict:
    """The rules' numbers for their description on Om data (text key about_words)."""
    from jamstat.text import format_number
    return {"band_points": format_number(EQUAL_SHARE_POINTS, 0, lang),
            "band_ratio": format_number(EQUAL_SHARE_RATIO * 100, 0, lang),
            "band_relative": format_number(EQUAL_RELATIVE * 100, 0, lang), "min_points": MIN_TREND_POINTS,
            "shuffled": format_number(SHUFFLED_LABEL_RATE * 100, 1, lang) + (" %" if lang == "sv" else "%"),
            "small_cases": SMALL_CASES, "small_cohort": format_number(SMALL_COHORT_INHABITANTS, 0, lang)}


def profile_parameters() -> dict:
    """The rules' lists the profile query needs besides the municipality, peers and year."""
    return {"election_ids": sorted(ELECTION_INDICATORS)}


def _reversed(facts: Facts, women: float, men: float) -> bool:
    base_women, base_men = _number(facts.women_base), _number(facts.men_base)
    if base_women is None or base_men is None:
        return False
    return ((women - men) * (base_women - base_men) < 0 and not within_band(women, men, facts.unit)
            and not within_band(base_women, base_men, facts.unit))


def trend(facts: Facts) -> str:
    """One of TRENDS: what can be said about how the gap moved over the trend window."""
    women, men = _number(facts.women), _number(facts.men)
    points, slope, se = facts.trend_points, _number(facts.slope), _number(facts.slope_se)
    if (women is None or men is None or facts.base_year is None or facts.base_year >= facts.year
            or _number(facts.gap_base) is None):
        return "unknown"
    if _reversed(facts, women, men):
        return "reversed"  # a fact about two years, said even with few years or small numbers
    if _is_small(facts):
        return "small_numbers"
    if not points or points < MIN_TREND_POINTS:
        return "unknown"
    if slope is None or se is None or slope == 0:
        return "no_clear_trend"
    critical = T_CRITICAL.get(int(points) - 2, T_CRITICAL[max(T_CRITICAL)])
    if se > 0 and abs(slope) / se < critical:
        return "no_clear_trend"
    # The fitted line's size at the window's ends: narrowing when it is closer to 0 at the end.
    end_gap = women - men
    start = end_gap - slope * (facts.year - facts.base_year)
    return "narrowing" if abs(end_gap) < abs(start) else "widening"


def _sex(sex: str, facts: Facts, lang: str) -> str:
    return sex_label(sex, facts.population, lang).lower()


def _amount(gap: float, unit: str, lang: str) -> str:
    """The size of a gap without sign: '4,1 procentenheter', '8 400 kr', '1,2 dagar'."""
    size = abs(gap)
    if unit == "percent":
        return f"{format_number(size, 1, lang)} {t('gap_unit_percent', lang)}"
    return format_value(size, unit, lang)


def _kind(facts: Facts) -> str:
    return "percent" if facts.unit == "percent" else "other"


def _base_description(facts: Facts, lang: str) -> str:
    """How the sexes stood in the base year: 'kvinnor 4,1 procentenheter högre' or 'ungefär lika'."""
    gap = _number(facts.gap_base)
    base_women, base_men = _number(facts.women_base), _number(facts.men_base)
    if base_women is not None and base_men is not None and within_band(base_women, base_men, facts.unit):
        return t("narrative_base_equal", lang)
    return t("narrative_base_higher", lang, higher=_sex("women" if gap > 0 else "men", facts, lang),
             amount=_amount(gap, facts.unit, lang))


def trend_label(facts: Facts, lang: str) -> str:
    """The profile table's short arrow for the trend: '↘ minskar (sedan 2017)', '⇄ vänt: …', 'små tal'."""
    label = trend(facts)
    if label == "unknown":
        return t("trend_unknown", lang)
    if label == "small_numbers":
        return t("trend_small_numbers", lang)
    if label == "reversed":
        base_higher = "women" if _number(facts.gap_base) > 0 else "men"
        higher = "women" if _number(facts.women) > _number(facts.men) else "men"
        text = t("trend_reversed", lang, base_higher=sex_label(base_higher, facts.population, lang).lower(),
                 base_year=facts.base_year, higher=sex_label(higher, facts.population, lang).lower(),
                 year=facts.year)
        return f"{text} ({t('trend_small_numbers', lang)})" if _is_small(facts) else text
    word = {"narrowing": "trend_closing", "widening": "trend_widening", "no_clear_trend": "trend_stable"}[label]
    since = t("profile_since_election" if facts.indicator_id in ELECTION_INDICATORS else "profile_since", lang,
              year=facts.base_year)
    return f"{t(word, lang)} ({since})"


def _missing_clause(facts: Facts, women: float | None, men: float | None, lang: str) -> str:
    fields = {"title": facts.indicator_title, "area": facts.area_name, "year": facts.year}
    if women is None and men is None:
        return t("narrative_missing_both", lang, women=_sex("women", facts, lang), men=_sex("men", facts, lang),
                 **fields)
    return t("narrative_missing_one", lang, sex=_sex("women" if women is None else "men", facts, lang), **fields)


def _main_clause(facts: Facts, women: float, men: float, lang: str) -> str:
    fields = {"title": facts.indicator_title, "year": facts.year, "area": facts.area_name}
    if within_band(women, men, facts.unit):
        return t("narrative_about_equal", lang, measures=t(f"narrative_measures_{_kind(facts)}", lang),
                 women=_sex("women", facts, lang), men=_sex("men", facts, lang),
                 women_value=format_value(women, facts.unit, lang), men_value=format_value(men, facts.unit, lang),
                 **fields)
    gap = women - men
    higher, lower = ("women", "men") if gap > 0 else ("men", "women")
    values = {"women": women, "men": men}
    return t("narrative_gap", lang, measure=t(f"narrative_measure_{_kind(facts)}", lang),
             amount=_amount(gap, facts.unit, lang), higher=_sex(higher, facts, lang), lower=_sex(lower, facts, lang),
             higher_value=format_value(values[higher], facts.unit, lang),
             lower_value=format_value(values[lower], facts.unit, lang), **fields)


def _trend_clause(facts: Facts, lang: str) -> str | None:
    label = trend(facts)
    if label == "unknown":
        return None
    if label == "small_numbers":
        return t("narrative_small_numbers", lang)
    if label == "reversed":
        text = t("narrative_trend_reversed", lang, base_year=facts.base_year,
                 base_higher=_sex("women" if _number(facts.gap_base) > 0 else "men", facts, lang),
                 higher_measure=t(f"narrative_higher_measure_{_kind(facts)}", lang),
                 base_amount=_amount(_number(facts.gap_base), facts.unit, lang))
        return f"{text}; {t('narrative_small_numbers_only', lang)}" if _is_small(facts) else text
    key = {"narrowing": "narrative_trend_narrowed", "widening": "narrative_trend_widened",
           "no_clear_trend": "narrative_trend_unclear"}[label]
    return t(key, lang, base_year=facts.base_year, base=_base_description(facts, lang))


def _peer_sentence(facts: Facts, lang: str) -> str | None:
    peer_gap = _number(facts.peer_mean_gap)
    if peer_gap is None:
        return None
    if round(abs(peer_gap), DECIMALS.get(facts.unit, 1)) == 0:
        peer = t("narrative_peer_equal", lang)
    else:
        peer = t("narrative_peer_higher", lang, higher=_sex("women" if peer_gap > 0 else "men", facts, lang),
                 amount=_amount(peer_gap, facts.unit, lang))
    if facts.n_peers is not None and facts.n_peer_total:
        key = "narrative_peer_basis_uncertain" if facts.peer_mean_uncertain else "narrative_peer_basis"
        basis = t(peer_key(key, facts.home_kind), lang, n=facts.n_peers, total=facts.n_peer_total)
        peer = f"{peer} ({basis})"
    if facts.peer_label:
        return t("narrative_peer_labelled", lang, peer_label=facts.peer_label, peer=peer)
    return t("narrative_peer", lang, peer=peer)


def sentence(facts: Facts, lang: str) -> str:
    """One or two short sentences: which sex has the higher value and by how much (or that they are about
    equal), whether the gap varies too much between years to be sure, how it moved over the trend window, and the
    peer mean; a missing value is said to be missing, never read as zero."""
    women, men = _number(facts.women), _number(facts.men)
    clauses = []
    if women is None or men is None:
        main = _missing_clause(facts, women, men, lang)
    else:
        main = _main_clause(facts, women, men, lang)
        if is_uncertain(facts):
            clauses.append(t("narrative_uncertain", lang, typical=_amount(facts.typical_change, facts.unit, lang)))
        trend_clause = _trend_clause(facts, lang)
        if trend_clause:
            clauses.append(trend_clause)
    text = (t("narrative_with_trend", lang, main=main, trend="; ".join(clauses)) if clauses
            else t("narrative_without_trend", lang, main=main))
    peer = _peer_sentence(facts, lang)
    return t("narrative_with_peer", lang, main=text, peer=peer) if peer else text


def facts_from_row(row, area_name: str, peer_label: str | None, language: str) -> Facts:
    """The facts of one profile query row (a namedtuple from itertuples)."""

    def number(value):
        return _number(value)

    def year(value):
        value = _number(value)
        return None if value is None else int(value)

    peer_gap = number(row.peer_mean_gap)
    return Facts(
        indicator_title=row.title_en if language == "en" else row.title_sv, unit=row.unit,
        population=row.population, area_name=area_name, year=int(row.year), women=number(row.women),
        men=number(row.men), base_year=year(row.base_year), gap_base=number(row.gap_base),
        peer_mean_gap=peer_gap, peer_label=peer_label if peer_gap is not None else None,
        typical_change=number(row.typical_change), indicator_id=row.indicator_id,
        women_base=number(getattr(row, "women_base", None)), men_base=number(getattr(row, "men_base", None)),
        trend_points=year(getattr(row, "trend_points", None)), slope=number(getattr(row, "slope", None)),
        slope_se=number(getattr(row, "slope_se", None)),
        inhabitants_women=number(getattr(row, "inhabitants_women", None)),
        inhabitants_men=number(getattr(row, "inhabitants_men", None)),
        n_peers=year(getattr(row, "n_peers", None)), n_peer_total=year(getattr(row, "n_peer_total", None)),
        peer_mean_uncertain=bool(getattr(row, "peer_mean_uncertain", False)),
        home_kind=str(getattr(row, "home_kind", None) or "municipality"))
