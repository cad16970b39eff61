"""Audit of the map's colours over every indicator, every year and all 290 municipalities (and the 21 regions'
map): with one colour scale per indicator (queries/map_extent.sql, the range over all years), is each area
coloured on the side its value says? The map's subtitle promises: orange where women's value is higher, blue where
men's is, white where they are equal (for counts: around a women's share of 50 %).

Counts, for the measure the map shows by default (gap; share for counts): areas whose value falls outside the
scale's domain, areas coloured on the wrong side (orange for a negative gap, blue for a positive one, or not
white at exactly 0), and, for comparison, how much paler the scale makes a year than a per-year scale would
(the median share of the scale's reach that the year's largest gap uses). Not a test; ~1 min on the snapshot.

    PYTHONPATH=. .venv/bin/python bench/audit_map_colours.py
"""

from __future__ import annotations

import sys
import time
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jamstat import charts, settings
from jamstat.build import build
from jamstat.store import Store


def side(scale, value: float, middle: float) -> str:
    """Which hue a value gets on a piecewise scale: 'women', 'men' or 'white' (the colour at the value's place)."""
    domain, colours = scale.domain, scale.range
    for (low, high), (start, end) in zip(pairwise(domain), pairwise(colours)):
        if low <= value <= high:
            if value == middle:
                at = start if low == middle else end
                return "white" if at == charts.GAP_ZERO else "wrong"
            away = end if start == charts.GAP_ZERO else start
            return {charts.SEX_COLOURS["women"]: "women", charts.SEX_COLOURS["men"]: "men"}[away]
    return "outside"


def main() -> None:
    started = time.perf_counter()
    build(settings.DATA_DIR)
    store = Store(settings.DATA_DIR)
    indicators = store.run("indicators")
    counts = {"areas": 0, "outside": 0, "wrong": 0, "maps": 0}
    reach: list[float] = []
    for home in ("1780", "17"):  # the municipalities' map, the regions' map
        for row in indicators.itertuples():
            extent = store.run("map_extent", indicator_id=row.indicator_id, region_id=None, municipality_id=home)
            extent = extent.iloc[0]
            if pd.isna(extent["gap_low"]):
                continue
            share = row.unit == "count"
            middle = 50.0 if share else 0.0
            low, high = (extent["share_low"], extent["share_high"]) if share else (extent["gap_low"], extent["gap_high"])
            scale = charts.gap_scale(pd.Series([low, high], dtype=float), middle=middle)
            for year in range(int(extent["first_year"]), int(extent["last_year"]) + 1):
                rows = store.run("map_values", indicator_id=row.indicator_id, year=year, region_id=None,
                                 municipality_id=home)
                values = (rows["women_share"] if share else rows["gap"]).dropna()
                if values.empty:
                    continue
                counts["maps"] += 1
                reach.append(float((values - middle).abs().max() / max(abs(low - middle), abs(high - middle))))
                for value in values:
                    counts["areas"] += 1
                    hue = side(scale, float(value), middle)
                    expected = "white" if value == middle else ("women" if value > middle else "men")
                    if hue == "outside":
                        counts["outside"] += 1
                    elif hue != expected:
                        counts["wrong"] += 1
    print(f"{counts['maps']:,} maps (indicator x year, municipalities' and regions' maps), {counts['areas']:,} "
          f"coloured areas: {counts['outside']} outside the scale, {counts['wrong']} on the wrong side")
    print(f"the year's largest gap reaches a median {np.median(reach):.0%} of the scale (p10 {np.percentile(reach, 10):.0%}); "
          f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
