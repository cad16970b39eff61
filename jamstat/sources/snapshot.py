"""Build the embedded snapshot (data/snapshot/) from the real Kolada files in ../shared/data, reproducibly."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from jamstat import settings
from jamstat.atomic import write_atomic, write_text_atomic
from jamstat.catalog import Indicator, kpi_ids, load_catalog
from jamstat.sources.transform import to_values

# Kolada changed the unit of some KPIs after the snapshot's data were retrieved (2024). The snapshot converts those
# values to Kolada's current unit, the one the catalogue states, so they agree with what a live update fetches from
# today's API. N28892: the 2024 data are percent of inhabitants (title "andel (%)", description "multiplicerat med
# 100"; Riket 2022 women 0.60); since then Kolada publishes it per 10 000 inhabitants. Each conversion is listed,
# with its reason, in jamstat/catalog_differences.csv, and tests check that the two agree.
UNIT_FACTORS = {("percent", "per_10000"): 100.0}
CONVERTED_UNITS = {"N28892": ("percent", "per_10000")}
# Appended to a converted KPI's (2024) description, which still states the old unit.
CONVERTED_NOTES = {("percent", "per_10000"): (
    "Egen bearbetning: Kolada publicerade värdena 2024 som andel (%) av invånarna; här är de multiplicerade med "
    "100 till antal per 10 000 invånare, Koladas nuvarande enhet.")}

# Row groups small enough that one indicator's rows span few groups, so DuckDB can skip the rest.
ROW_GROUP_SIZE = 64_000

VALUES_SCHEMA = pa.schema([
    ("indicator_id", pa.string()), ("area_id", pa.string()), ("year", pa.int16()),
    ("sex", pa.string()), ("value", pa.float64()), ("status", pa.string()),
])
AREAS_SCHEMA = pa.schema([
    ("area_id", pa.string()), ("name", pa.string()), ("kind", pa.string()),
    ("region_id", pa.string()), ("municipality_group_id", pa.string()), ("municipality_group", pa.string()),
])
GROUPS_SCHEMA = pa.schema([
    ("group_id", pa.string()), ("group_title", pa.string()), ("member_id", pa.string()),
])
INDICATORS_SCHEMA = pa.schema([
    ("indicator_id", pa.string()), ("source", pa.string()), ("source_id", pa.string()),
    ("kpi_women", pa.string()), ("kpi_men", pa.string()), ("derived_sex", pa.string()),
    ("title_sv", pa.string()), ("title_en", pa.string()), ("description_sv", pa.string()),
    ("unit", pa.string()), ("theme", pa.string()), ("population", pa.string()), ("higher_is", pa.string()),
])


def write_parquet_atomic(table: pa.Table, path: Path, row_group_size: int = ROW_GROUP_SIZE) -> None:
    """Write next to the target and rename, so a reader never sees a half-written file."""
    write_atomic(path, lambda handle: pq.write_table(table, handle, compression="zstd", compression_level=9,
                                                     row_group_size=row_group_size, write_statistics=True))


def read_raw(shared: Path, kpis: list[str]) -> pd.DataFrame:
    """Raw Kolada rows (kpi, area_id, year, gender, value, status) for the given KPIs from both offline files."""
    kmt = pq.read_table(shared / "derived" / "kolada_ddf_gender_kmt.parquet",
                        filters=[("kpi", "in", kpis)]).to_pandas()
    kmt = kmt.astype({"kpi": "string", "geo": "string", "gender": "string"}).rename(columns={"geo": "area_id"})
    single = pq.read_table(shared / "derived" / "kolada_sex_specific_kpis.parquet",
                           filters=[("kpi", "in", kpis)]).to_pandas()
    single = single.astype({"kpi": "string", "area_id": "string"}).assign(gender="T")
    raw = pd.concat([kmt, single], ignore_index=True)
    raw["status"] = None
    return raw[["kpi", "area_id", "year", "gender", "value", "status"]]


def convert_units(raw: pd.DataFrame) -> pd.DataFrame:
    """The raw rows with the KPIs in CONVERTED_UNITS scaled from their 2024 unit to the catalogue's unit."""
    raw = raw.copy()
    for kpi, units in CONVERTED_UNITS.items():
        raw.loc[raw["kpi"] == kpi, "value"] *= UNIT_FACTORS[units]
    return raw


def build_areas(shared: Path) -> pd.DataFrame:
    with open(shared / "derived" / "kommuner_lan_kommungrupp.csv", encoding="utf-8") as handle:
        municipalities = list(csv.DictReader(handle))
    with open(shared / "raw" / "kolada-ddf-dump" / "ddf--entities--geo--region.csv", encoding="utf-8") as handle:
        regions = list(csv.DictReader(handle))
    rows = [{"area_id": settings.RIKET, "name": "Riket", "kind": "country", "region_id": None,
             "municipality_group_id": None, "municipality_group": None}]
    rows += [{"area_id": r["region"], "name": r["name"], "kind": "region", "region_id": r["region"],
              "municipality_group_id": None, "municipality_group": None} for r in regions]
    rows += [{"area_id": m["kommun_id"], "name": m["kommun_namn"], "kind": "municipality",
              "region_id": m["lan_kod"], "municipality_group_id": m["kolada_kommungrupp_id"],
              "municipality_group": m["kolada_kommungrupp"]} for m in municipalities]
    return pd.DataFrame(rows).sort_values("area_id", ignore_index=True)


def build_groups(shared: Path, municipality_ids: set[str]) -> pd.DataFrame:
    """Kolada's municipality groups whose members are all municipalities (peer sets such as 'Liknande kommuner')."""
    groups = pd.read_csv(shared / "derived" / "kolada_municipality_groups_2026.csv", dtype=str)
    valid = groups.groupby("group_id")["member_id"].transform(lambda ids: ids.isin(municipality_ids).all())
    groups = groups[valid].drop_duplicates(["group_id", "member_id"])
    return groups[["group_id", "group_title", "member_id"]].sort_values(["group_id", "member_id"], ignore_index=True)


def build_indicators(shared: Path, catalog: tuple[Indicator, ...]) -> pd.DataFrame:
    descriptions = {}
    for name, key in (("kolada_gender_kpi_catalog.csv", "kpi"), ("kolada_sex_specific_kpis.csv", "kpi")):
        with open(shared / "derived" / name, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                descriptions[row[key]] = row["description"].replace("\\n", " ").strip()
    rows = []
    for ind in catalog:
        text = " | ".join(dict.fromkeys(descriptions[k] for k in (ind.kpi_women, ind.kpi_men) if k in descriptions))
        for kpi in dict.fromkeys((ind.kpi_women, ind.kpi_men)):
            if kpi in CONVERTED_UNITS:
                text = f"{text} {CONVERTED_NOTES[CONVERTED_UNITS[kpi]]}"
        rows.append({"indicator_id": ind.indicator_id, "source": "kolada", "source_id": ind.source_ids,
                     "kpi_women": ind.kpi_women, "kpi_men": ind.kpi_men, "derived_sex": ind.derived_sex,
                     "title_sv": ind.title_sv, "title_en": ind.title_en, "description_sv": text,
                     "unit": ind.unit, "theme": ind.theme, "population": ind.population,
                     "higher_is": ind.higher_is})
    return pd.DataFrame(rows).sort_values("indicator_id", ignore_index=True)


SOURCE_TEMPLATE = """# Embedded snapshot

Built by `python -m jamstat snapshot` from `../shared/data` (see its `raw/SOURCES.md`). Do not edit by hand.

- **Origin**: Kolada (RKA, Rådet för främjande av kommunala analyser), scraped from the Kolada API by
  `open-numbers/ddf--kolada--dump` (commit 8501d5c7694b444dbf59d063c5156754e2a9b819, data retrieved 2024-08-30),
  gender-split KPIs (K/M/T) and KPIs about one sex (e.g. N00942/N00943).
- **Vintage**: values for the years {year_min}–{year_max}, as published by Kolada in August 2024.
- **Contents**: {n_indicators} indicators, {n_areas} areas (Riket, 21 regions, 290 municipalities), {n_values} rows;
  {n_groups} of Kolada's municipality groups (2026 list, e.g. kommungrupper and "Liknande kommuner") as peer sets.
- **Derived values** (`status = 'derived'`): where only one sex's share of a two-way split is available, the
  other is 100 minus it (e.g. women's share of VAB days from N00945); women's share of parental-leave days in
  2016 is 100 − N00943 because Kolada's N00942 repeats the 2015 value that year.
- **Converted units**: Kolada's N28892 (inhabitants with LSS support) was published in 2024 as a percentage of
  inhabitants and is now published per 10 000 inhabitants; its values are multiplied by 100 into the current unit.
- **Missing values** stay missing (no row or NULL value); they are never shown as zero.
- **Licence**: Kolada's terms of use (kolada.se/om-oss/api): free use with attribution. Processed values are
  shown as "Källa: Kolada (RKA), egen bearbetning".
- **Checksums (sha256)**:
{checksums}
"""


def build_snapshot(shared: Path = settings.SHARED_DATA_DIR, out_dir: Path = settings.SNAPSHOT_DIR) -> dict:
    """Build values/indicators/areas Parquet and SOURCE.md; returns a summary of what was written."""
    if not (shared / "derived" / "kolada_ddf_gender_kmt.parquet").exists():
        raise FileNotFoundError(f"Kolada source files not found under {shared}; set JAMSTAT_SHARED_DATA.")
    catalog = load_catalog()
    values = to_values(convert_units(read_raw(shared, kpi_ids(catalog))), catalog)
    areas = build_areas(shared)
    values = values[values["area_id"].isin(set(areas["area_id"]))]
    indicators = build_indicators(shared, catalog)
    groups = build_groups(shared, set(areas.loc[areas["kind"] == "municipality", "area_id"]))
    tables = {
        "values": pa.Table.from_pandas(values, schema=VALUES_SCHEMA, preserve_index=False),
        "indicators": pa.Table.from_pandas(indicators, schema=INDICATORS_SCHEMA, preserve_index=False),
        "areas": pa.Table.from_pandas(areas, schema=AREAS_SCHEMA, preserve_index=False),
        "groups": pa.Table.from_pandas(groups, schema=GROUPS_SCHEMA, preserve_index=False),
    }
    for name, table in tables.items():
        write_parquet_atomic(table.replace_schema_metadata(None), out_dir / f"{name}.parquet")
    checksums = "\n".join(
        f"  - `{name}.parquet`: {hashlib.sha256((out_dir / f'{name}.parquet').read_bytes()).hexdigest()}"
        for name in tables)
    summary = {"n_values": len(values), "n_indicators": len(indicators), "n_areas": len(areas),
               "n_groups": groups["group_id"].nunique(),
               "year_min": int(values["year"].min()), "year_max": int(values["year"].max())}
    write_text_atomic(out_dir / "SOURCE.md", SOURCE_TEMPLATE.format(checksums=checksums, **summary))
    summary["bytes"] = sum((out_dir / f"{name}.parquet").stat().st_size for name in tables)
    return summary
