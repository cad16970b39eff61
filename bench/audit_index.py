"""Audit of the equality index over all municipalities for one year: the figures of issue 12 (item 4), before (the
old query, embedded below) and after (queries/equality_index.sql with the limits in jamstat/settings.py).

Prints: values older than the year shown (unmarked, and marked), indicators per theme per municipality, the
correlation of a theme's score with its number of indicators, whether a share scores as its complement does,
and how much composition shares and level-type units weigh. Not a test; takes ~15 s on the committed snapshot.

    .venv/bin/python bench/audit_index.py [--year 2022]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jamstat import settings
from jamstat.build import build
from jamstat.store import Store

# queries/equality_index.sql before issue 12 (commit fff3656), verbatim but for its header comment.
OLD_SQL = """
with latest as (
    select
        indicator_id,
        max(year) as year,
        arg_max(women, year) as women,
        arg_max(men, year) as men
    from paired_values
    where area_id = $municipality_id
      and year <= $year
      and women > 0
      and men > 0
    group by indicator_id
),

scored as (
    select
        i.theme,
        l.indicator_id,
        i.title_sv,
        i.title_en,
        l.year,
        l.women,
        l.men,
        100 * least(l.women, l.men) / greatest(l.women, l.men) as parity_score
    from latest l
    join indicators i using (indicator_id)
    where i.unit <> 'count'
      and i.source <> 'upload'
),

final as (
    select
        *,
        1.0 / count(*) over (partition by theme) as weight,
        parity_score / count(*) over (partition by theme) as contribution,
        sum(parity_score) over (partition by theme) / count(*) over (partition by theme) as theme_score,
        count(*) over (partition by theme) as n_indicators
    from scored
)

select * from final
order by theme, parity_score, indicator_id
"""


def ratio_score(women: float, men: float) -> float:
    """The old measure (and the new one for positive quantities): 100 * min / max."""
    if women == men:
        return 100.0
    return 100 * min(women, men) / max(women, men)


def share_score(women: float, men: float) -> float:
    """The new measure for shares, as documented in queries/equality_index.sql (checked against its output)."""
    if women == men:
        return 100.0
    return 100 * (1 - abs(women - men) / min(max(women, men), 100 - min(women, men)))


def run_all(store: Store, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    municipalities = store.run("areas").query("kind == 'municipality'")["area_id"].tolist()
    old, new = [], []
    cursor = store._connection.cursor()  # the old query is not a stored query any more: run its text directly
    for area_id in municipalities:
        old.append(cursor.execute(OLD_SQL, {"municipality_id": area_id, "year": year}).df().assign(area_id=area_id))
        new.append(store.run("equality_index", municipality_id=area_id, year=year, max_age=settings.INDEX_MAX_AGE,
                             core_share=settings.INDEX_CORE_SHARE).assign(area_id=area_id))
    cursor.close()
    return pd.concat(old, ignore_index=True), pd.concat(new, ignore_index=True)


def per_theme(index: pd.DataFrame) -> pd.DataFrame:
    return index.groupby(["area_id", "theme"], as_index=False).agg(
        score=("theme_score", "first"), n=("n_indicators", "first"))


def coverage_lines(index: pd.DataFrame, label: str) -> list[str]:
    lines = [f"  {label}: indicators per theme per municipality (min–max), correlation of theme score with that count"]
    for theme, rows in per_theme(index).groupby("theme"):
        with_score = rows[rows["score"].notna()]
        r = with_score["score"].corr(with_score["n"]) if with_score["n"].nunique() > 1 else float("nan")
        core = f", core set {int(index.loc[index['theme'] == theme, 'n_core'].iloc[0])}" if "n_core" in index else ""
        lines.append(f"    {theme:<10} {rows['n'].min():>3}–{rows['n'].max():<3} r = "
                     f"{'n/a (one count among those with a score)' if np.isnan(r) else f'{r:+.2f}'}{core}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2022)
    year = parser.parse_args().year
    started = time.perf_counter()
    build()  # the served store: the built file (a no-op when up to date)
    store = Store()
    old, new = run_all(store, year)
    units = store.run("indicators").set_index("indicator_id")["unit"]
    rules = pd.read_csv(settings.INDEX_RULES, dtype=str)
    composition = set(rules.loc[rules["reason"] == "composition", "value"])
    n_areas = old["area_id"].nunique()
    print(f"Equality index audit, year {year}, {n_areas} municipalities; limits: values at most "
          f"{settings.INDEX_MAX_AGE} years older, core set = indicators with values for >= "
          f"{settings.INDEX_CORE_SHARE:.0%} of municipalities")

    print("\n(a) values from a year older than the one shown")
    stale = old[old["year"] < year]
    worst = stale.sort_values("year").iloc[0] if len(stale) else None
    print(f"  before: {len(stale)} values in {stale['area_id'].nunique()} municipalities, none marked; oldest year "
          f"{stale['year'].min()}" + (f" ({worst['area_id']} {worst['indicator_id']})" if worst is not None else ""))
    pairs = store._connection.execute(  # which of those had a value pair in the year itself (with a zero: skipped)
        "select area_id, indicator_id from paired_values where year = $year", {"year": year}).df()
    skipped = stale.merge(pairs, on=["area_id", "indicator_id"])
    print(f"    of which {len(skipped)} in {skipped['area_id'].nunique()} municipalities because {year}'s pair had a "
          f"zero (skipped); {(stale['year'] < year - settings.INDEX_MAX_AGE).sum()} more than "
          f"{settings.INDEX_MAX_AGE} years older")
    for area_id, indicator_id in (("2282", "N05821"), ("1883", "N05810")):
        row = old[(old["area_id"] == area_id) & (old["indicator_id"] == indicator_id)]
        print(f"    {area_id} {indicator_id}: before uses {int(row['year'].iloc[0]) if len(row) else '–'}")
    scored = new[new["parity_score"].notna()]
    older = scored[scored["year"] < year]
    unmarked = older[older["status"] != "older"]
    print(f"  after:  {len(unmarked)} unmarked; {len(older)} marked 'older' in {older['area_id'].nunique()} "
          f"municipalities (oldest year {older['year'].min() if len(older) else '–'}; by indicator: "
          f"{older['indicator_id'].value_counts().head(6).to_dict()}, ...)")
    zeros_before = old[(old["women"] == 0) | (old["men"] == 0)]
    zeros_after = scored[(scored["women"] == 0) | (scored["men"] == 0)]
    print(f"  values with a zero scored: before {len(zeros_before)}, after {len(zeros_after)} "
          f"({(zeros_after['parity_score'] == 0).sum()} score 0, {(zeros_after['parity_score'] == 100).sum()} "
          f"are 0 vs 0 and score 100)")
    missing = new[new["status"] == "missing"]
    print(f"  core values a municipality lacks (marked 'missing'): {len(missing)} in "
          f"{missing['area_id'].nunique()} municipalities")

    print("\n(b) coverage")
    print("\n".join(coverage_lines(old, "before")))
    print("\n".join(coverage_lines(new, "after")))
    themes = per_theme(new).merge(new.groupby(["area_id", "theme"], as_index=False)["n_core"].first())
    partial = themes[themes["n"] < themes["n_core"]]
    print(f"  after: {len(partial)} of {len(themes)} municipality x theme lack core indicators (shown as 'n of N');"
          f" their mean theme score {partial['score'].mean():.1f} vs {themes.loc[themes['n'] == themes['n_core'], 'score'].mean():.1f}"
          f" with all; {partial['score'].isna().sum()} have none (no score)")
    sets = new.groupby("area_id")["indicator_id"].apply(frozenset)
    print(f"  after: distinct indicator sets across municipalities: {sets.nunique()} (1 = the same core set)")

    print("\n(c) a share and its complement (100 - share)")
    shares = old[units.loc[old["indicator_id"]].to_numpy() == "percent"]
    shares = shares[(shares[["women", "men"]] <= 100).all(axis=1)]
    direct = [ratio_score(w, m) for w, m in zip(shares["women"], shares["men"], strict=True)]
    complement = [ratio_score(100 - w, 100 - m) for w, m in zip(shares["women"], shares["men"], strict=True)]
    difference = np.abs(np.subtract(direct, complement))
    print(f"  before (min/max): over {len(shares)} share values, |score - complement's score| mean "
          f"{difference.mean():.1f}, max {difference.max():.1f}")
    pair = shares.assign(direct=direct, complement=complement)
    pair = pair[pair["indicator_id"] == "N31889-N31887"]
    if len(pair):
        example = pair.loc[(pair["direct"] - pair["complement"]).abs().idxmax()]
        print(f"    N31889-N31887, {example['area_id']}: women {example['women']:.2f} %, men {example['men']:.2f} % "
              f"-> {example['direct']:.1f} as a share, {example['complement']:.1f} as its complement")
        print(f"    after: scored {share_score(example['women'], example['men']):.1f} both ways, but left out of the "
              f"index as a composition share (jamstat/index_rules.csv)")
    new_shares = scored[scored["measure"] == "share"]
    recomputed = [share_score(w, m) for w, m in zip(new_shares["women"], new_shares["men"], strict=True)]
    flipped = [share_score(100 - w, 100 - m) for w, m in zip(new_shares["women"], new_shares["men"], strict=True)]
    print(f"  after (share measure): over {len(new_shares)} share values, |score - complement's score| max "
          f"{np.abs(np.subtract(recomputed, flipped)).max():.2e}; the query's score vs this script's formula: max "
          f"difference {np.abs(np.subtract(recomputed, new_shares['parity_score'])).max():.2e}")

    print("\n(d) composition shares and (e) level-type units")
    for label, index in (("before", old), ("after", new[new["parity_score"].notna()])):
        economy = index[index["theme"] == "economy"]
        in_economy = economy["indicator_id"].isin(composition)
        level = index[units.loc[index["indicator_id"]].isin(["years", "points"]).to_numpy()
                      | (index["indicator_id"] == "N05813").to_numpy()]
        print(f"  {label}: economy weight on composition shares {economy.loc[in_economy, 'weight'].sum() / n_areas:.0%}"
              f" (mean per municipality, {economy.loc[in_economy, 'indicator_id'].nunique()} indicators); "
              f"level-type values {len(level)}"
              + (f", scores {level['parity_score'].min():.0f}–{level['parity_score'].max():.0f}" if len(level) else ""))
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
