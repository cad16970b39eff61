"""Audit of what Översikt says: every municipality's profile table (the arrow and the sentence users read)
checked against the numbers it describes, over all 290 municipalities and every indicator.

    .venv/bin/python bench/audit_words.py [--year 2022] [--shuffled]

Prints, for the year (county peers, Swedish UI):
  1. sentences that call a gap of >= 10 (>= 5) percentage points "ungefär lika" (about the same);
  2. reversals (the other sex ahead in the base year, both gaps >= 3 pp) whose arrow does not say so, and
     whose sentence does not say so;
  3. the share of series labelled narrowing/widening ("minskar"/"ökar"); with --shuffled, the same on a copy of
     the snapshot whose years are shuffled within each series (no trend at all), so the share is the rate of
     labels given to noise;
  4. trend or rank claims made where the small-number guard applies (new code only: jamstat.narrative).
Reads only the displayed table (tables.profile_table) and the profile query's numbers, so it runs on old and new code.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jamstat import settings, tables
from jamstat.build import build
from jamstat.store import Store


def shuffled_copy(snapshot: Path, target: Path, seed: int) -> None:
    """The snapshot with each series' years permuted (women's and men's values of a year stay together)."""
    (target / "snapshot").mkdir(parents=True)
    for path in snapshot.iterdir():
        if path.name != "values.parquet":
            shutil.copy(path, target / "snapshot" / path.name)
    values = pd.read_parquet(snapshot / "values.parquet")
    rng = np.random.default_rng(seed)
    years = values[["indicator_id", "area_id", "year"]].drop_duplicates()
    years["new_year"] = years.groupby(["indicator_id", "area_id"])["year"].transform(
        lambda column: rng.permutation(column.to_numpy()))
    values = values.merge(years, on=["indicator_id", "area_id", "year"])
    values = values.assign(year=values.pop("new_year")).sort_values(["indicator_id", "area_id", "year", "sex"])
    values.to_parquet(target / "snapshot" / "values.parquet", index=False)


def profile(store: Store, municipality: str, peers: list[str], year: int) -> pd.DataFrame:
    params = {"municipality_id": municipality, "peer_ids": peers, "year": year}
    extra = getattr(__import__("jamstat.narrative", fromlist=["x"]), "profile_parameters", None)
    if extra:  # the new code passes its rules' lists (election indicators) to the query
        params.update(extra())
    return store.run("profile", **params)


def audit(data_dir: Path, year: int, language: str = "sv", kind: str = "municipality") -> dict:
    """kind: municipality (peers: the county's municipalities) or region (peers: the other 20 regions)."""
    build(data_dir)  # the served store: the built file (a no-op when up to date)
    store = Store(data_dir)
    areas = store.run("areas")
    homes = areas[areas["kind"] == kind]
    frames = []
    for row in homes.itertuples():
        if kind == "region":
            peers = [area for area in homes["area_id"] if area != row.area_id]
        else:
            peers = store.run("peer_members", kind="region", municipality_id=row.area_id, group_id=None)
            peers = [area for area in peers["area_id"] if area != row.area_id]
        rows = profile(store, row.area_id, peers, year)
        rows = rows[rows["theme"] != settings.OWN_THEME].reset_index(drop=True)
        table = tables.profile_table(rows, language, row.area_name,
                                     "alla regioner" if kind == "region" else "kommunerna i länet")
        shown = pd.DataFrame({"arrow": table.iloc[:, 4].to_numpy(), "sentence": table.iloc[:, -1].to_numpy(),
                              "rank_text": table.iloc[:, 6].to_numpy()})
        frames.append(pd.concat([rows.assign(area_id=row.area_id, area_name=row.area_name), shown], axis=1))
    store.close()
    return pd.concat(frames, ignore_index=True)


def report(frame: pd.DataFrame, label: str) -> None:
    percent = frame["unit"] == "percent"
    gap = frame["gap"].abs()
    equal = frame["sentence"].str.contains("ungefär lika (", regex=False)  # the main clause, not "(då: …)"
    print(f"\n== {label}: {len(frame)} profile rows (series), {frame['area_id'].nunique()} areas")
    print(f"1. 'ungefär lika' with gap >= 10 pp: {int((equal & percent & (gap >= 10)).sum())}; "
          f">= 5 pp: {int((equal & percent & (gap >= 5)).sum())}")
    base = frame["gap_base"]
    flipped = percent & (np.sign(frame["gap"]) * np.sign(base) < 0) & (gap >= 3) & (base.abs() >= 3)
    arrow_says = frame["arrow"].str.contains("vänt", regex=False)
    unchanged = frame["arrow"].str.contains("oförändrad", regex=False)
    sentence_says = frame["sentence"].str.contains("vänt|i stället", regex=True)
    print(f"2. reversals (both gaps >= 3 pp): {int(flipped.sum())}; arrow 'oförändrad': "
          f"{int((flipped & unchanged).sum())}; arrow not saying 'vänt': {int((flipped & ~arrow_says).sum())}; "
          f"sentence not saying it: {int((flipped & ~sentence_says).sum())}")
    labelled = frame["arrow"].str.contains("minskar|ökar", regex=True)
    based = frame["base_year"].notna() & (frame["base_year"] < frame["year"])
    print(f"3. labelled narrowing/widening: {int(labelled.sum())} of {len(frame)} = {labelled.mean():.1%}; of the "
          f"{int(based.sum())} with a base year: {labelled[based].mean():.1%}")
    narrative = __import__("jamstat.narrative", fromlist=["x"])
    if hasattr(narrative, "is_small_numbers"):
        small = frame.apply(narrative.is_small_numbers, axis=1)
        claims = small & (labelled | frame["rank_text"].str.match(r"^\d"))
        print(f"4. small-number rows: {int(small.sum())}; with a trend label or rank: {int(claims.sum())}")
    for area, indicator in (("2132", "N05816-N05828"), ("0461", "N00971"), ("1883", "N15472"),
                            ("1780", "N05822"), ("1883", "N18409"), ("1883", "N05810")):
        hit = frame[(frame["area_id"] == area) & (frame["indicator_id"] == indicator)]
        for row in hit.itertuples():
            print(f"   {row.area_name} {indicator}: [{row.arrow}] {row.sentence}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2022)
    parser.add_argument("--shuffled", action="store_true", help="also audit a copy with years shuffled")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kind", choices=("municipality", "region"), default="municipality",
                        help="whose profiles: the 290 municipalities (county peers) or the 21 regions (all regions)")
    args = parser.parse_args()
    started = time.perf_counter()
    report(audit(settings.DATA_DIR, args.year, kind=args.kind), f"snapshot {args.year}, {args.kind}")
    if args.shuffled:
        with tempfile.TemporaryDirectory() as temp:
            shuffled_copy(settings.SNAPSHOT_DIR, Path(temp), args.seed)
            report(audit(Path(temp), args.year, kind=args.kind),
                   f"years shuffled within each series (seed {args.seed}), {args.kind}")
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    os.environ.setdefault("STREAMLIT_LOG_LEVEL", "error")
    main()
