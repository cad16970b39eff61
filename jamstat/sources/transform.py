"""Turn raw Kolada rows (kpi, area, year, gender K/M/T) into the store's tidy values, following the catalogue.

Used by both the snapshot build and the live update so the two can never disagree.
"""

from __future__ import annotations

import pandas as pd

from jamstat.catalog import Indicator

RAW_COLUMNS = ["kpi", "area_id", "year", "gender", "value", "status"]
VALUE_COLUMNS = ["indicator_id", "area_id", "year", "sex", "value", "status"]
GENDER_TO_SEX = {"K": "women", "M": "men", "T": "total"}

# Known source errors that are corrected, not hidden (SOURCES.md section 6): Kolada's
# N00942 (women's share of parental-leave days) for 2016 repeats 2015, so the women's
# value for that year is derived from the men's share N00943 instead.
DERIVE_INSTEAD = {("N00942-N00943", "women"): {2016}}


def normalise_area_id(code: str) -> str:
    """Kolada writes Riket as '0' (v2 dump) and regions as '0001' (v3 API); the store uses '0000' and '01'."""
    code = str(code).strip()
    if code in ("0", "0000"):
        return "0000"
    if len(code) == 4 and code.startswith("00"):
        return code[2:]
    return code


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(
        VALUE_COLUMNS, ["string", "string", "int16", "string", "float64", "string"])})


def to_values(raw: pd.DataFrame, catalog: tuple[Indicator, ...]) -> pd.DataFrame:
    """Map raw rows to values rows, one per indicator × area × year × sex; missing stays missing (NaN)."""
    raw = raw.copy()
    raw["area_id"] = raw["area_id"].map(normalise_area_id)
    if "status" not in raw:
        raw["status"] = None
    by_kpi = {kpi: frame for kpi, frame in raw.groupby("kpi", sort=False)}
    parts = []
    for ind in catalog:
        if ind.split_by_gender:
            frame = by_kpi.get(ind.kpi_women)
            if frame is None:
                continue
            part = frame.assign(sex=frame["gender"].map(GENDER_TO_SEX)).dropna(subset=["sex"])
            parts.append(part.assign(indicator_id=ind.indicator_id)[VALUE_COLUMNS])
            continue
        sides = {}
        for sex, kpi in (("women", ind.kpi_women), ("men", ind.kpi_men)):
            frame = by_kpi.get(kpi) if kpi else None
            if frame is not None:
                frame = frame[frame["gender"] == "T"]
                sides[sex] = frame.assign(sex=sex, indicator_id=ind.indicator_id)[VALUE_COLUMNS]
        if ind.derived_sex:
            other = "men" if ind.derived_sex == "women" else "women"
            if other in sides:
                base = sides[other]
                derived = base.assign(sex=ind.derived_sex, value=100.0 - base["value"], status="derived")
                own = sides.get(ind.derived_sex)
                if own is not None and not own.empty:
                    # Published values win; derive only the area-years the source lacks.
                    keys = own.set_index(["area_id", "year"]).index
                    derived = derived[~derived.set_index(["area_id", "year"]).index.isin(keys)]
                    derived = pd.concat([own, derived])
                sides[ind.derived_sex] = derived
        for (indicator_id, sex), years in DERIVE_INSTEAD.items():
            other = "men" if sex == "women" else "women"
            if indicator_id == ind.indicator_id and sex in sides and other in sides:
                base = sides[other][sides[other]["year"].isin(years)]
                fixed = base.assign(sex=sex, value=100.0 - base["value"], status="derived")
                kept = sides[sex][~sides[sex]["year"].isin(years)]
                sides[sex] = pd.concat([kept, fixed])
        parts.extend(sides.values())
    if not parts:
        return _empty()
    values = pd.concat(parts, ignore_index=True)
    values = values.astype({"indicator_id": "string", "area_id": "string", "sex": "string",
                            "status": "string", "year": "int16", "value": "float64"})
    return values.sort_values(["indicator_id", "area_id", "year", "sex"], ignore_index=True)
