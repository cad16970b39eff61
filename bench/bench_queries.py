"""Benchmark the Jämför / Över tid queries on a synthetic store: DuckDB (the app's Store) vs naive pandas.

Usage (from the project root):
    .venv/bin/python bench/bench_queries.py --rows 50000000
    .venv/bin/python bench/bench_queries.py --rows 1000000 --repeat 20     # quick

The synthetic store is written to <out>/rows_<N>/snapshot/{values,indicators,areas}.parquet in the
snapshot's schema and writer settings, and reused when it already exists for the same size.
"""

from __future__ import annotations

import argparse
import gc
import json
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import overlay_store

from jamstat import settings
from jamstat.build import build
from jamstat.narrative import profile_parameters
from jamstat.sources.snapshot import (
    INDICATORS_SCHEMA,
    ROW_GROUP_SIZE,
    VALUES_SCHEMA,
    write_parquet_atomic,
)
from jamstat.store import Store

REAL_SNAPSHOT = PROJECT_DIR / "data" / "snapshot"
GENERATOR_VERSION = 1
YEARS = np.arange(1994, 2024, dtype=np.int16)          # 30 years
SEXES = np.array(["men", "total", "women"])              # sorted, as in the snapshot
NULL_SHARE = 0.03
DERIVED_SHARE = 0.01
CHUNK_ROWS = ROW_GROUP_SIZE * 20                         # a multiple of the row group size: exact row groups
QUERIES = ("gap_by_area[all]", "gap_by_area[region]", "indicator_years",         # Jämför
           "series_by_sex", "gap_by_year", "peer_gap_by_year",                      # Över tid
           "map_values[all]", "map_values[region]",                                 # Karta
           "profile", "equality_index")                                             # Översikt
HEAVY = ("map_values[all]", "map_values[region]", "profile", "equality_index")  # target p50 <= 20 ms


# ----------------------------------------------------------------------------------------------- generation

def _rss() -> str:
    status = Path("/proc/self/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    rss = int(fields["VmRSS"].split()[0]) / 1024
    hwm = int(fields["VmHWM"].split()[0]) / 1024
    return f"RSS {rss:,.0f} MB (peak {hwm:,.0f} MB)"


def _templates(areas: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Real indicators and their median women/men/total values: realistic levels and gaps to copy."""
    indicators = pd.read_parquet(REAL_SNAPSHOT / "indicators.parquet")
    real = pq.read_table(REAL_SNAPSHOT / "values.parquet", columns=["indicator_id", "sex", "value"]).to_pandas()
    medians = real.groupby(["indicator_id", "sex"])["value"].median().unstack("sex")
    spread = real.groupby("indicator_id")["value"].std() / real.groupby("indicator_id")["value"].mean()
    medians = medians.reindex(indicators["indicator_id"])
    medians["women"] = medians["women"].fillna(medians["men"]).fillna(1.0)
    medians["men"] = medians["men"].fillna(medians["women"])
    medians["total"] = medians["total"].fillna((medians["women"] + medians["men"]) / 2)
    medians["cv"] = spread.reindex(indicators["indicator_id"]).fillna(0.3).clip(0.02, 1.0).to_numpy()
    return indicators.reset_index(drop=True), medians.reset_index(drop=True)


def copy_small_tables(snapshot: Path) -> None:
    """The real areas (and any other small table the Store needs, e.g. groups) as they are."""
    snapshot.mkdir(parents=True, exist_ok=True)
    for path in REAL_SNAPSHOT.glob("*.parquet"):
        if path.stem not in ("values", "indicators"):
            shutil.copyfile(path, snapshot / path.name)


def generate(data_dir: Path, rows: int, seed: int) -> None:
    """Write a synthetic snapshot with `rows` value rows (full indicator x area x year x sex grid, in order)."""
    started = time.perf_counter()
    snapshot = data_dir / "snapshot"
    snapshot.mkdir(parents=True, exist_ok=True)
    areas = pd.read_parquet(REAL_SNAPSHOT / "areas.parquet")
    copy_small_tables(snapshot)
    templates, medians = _templates(areas)

    per_indicator = len(areas) * len(YEARS) * len(SEXES)
    n_ind = -(-rows // per_indicator)
    ids = [f"B{i:05d}" for i in range(1, n_ind + 1)]
    rng = np.random.default_rng(seed)
    template = np.arange(n_ind) % len(templates)

    # The catalogue: one synthetic row per indicator, copying a real indicator's unit, theme and wording.
    src = templates.iloc[template].reset_index(drop=True)
    catalogue = src.assign(
        indicator_id=ids, source="synthetic", source_id=ids, kpi_women=ids, kpi_men=ids,
        title_sv=[f"{t} (syntetisk {i})" for t, i in zip(src["title_sv"], ids)],
        title_en=[f"{t} (synthetic {i})" for t, i in zip(src["title_en"], ids)])
    write_parquet_atomic(pa.Table.from_pandas(catalogue[INDICATORS_SCHEMA.names], schema=INDICATORS_SCHEMA,
                                              preserve_index=False).replace_schema_metadata(None),
                         snapshot / "indicators.parquet")

    # Per-indicator level by sex (from the template), trend per year, and a per indicator x area effect.
    med = medians.iloc[template]
    level = np.stack([med["men"].to_numpy(), med["total"].to_numpy(), med["women"].to_numpy()], axis=1)
    level *= rng.lognormal(0.0, 0.15, size=(n_ind, 1))
    cv = med["cv"].to_numpy()
    trend = rng.normal(0.0, 0.01, size=n_ind)
    area_effect = np.exp(rng.normal(0.0, 1.0, size=(n_ind, len(areas))) * cv[:, None] * 0.8)
    unit = src["unit"].to_numpy()
    is_percent = unit == "percent"
    integer = np.isin(unit, ["count", "sek"])

    id_array = pa.array(ids, pa.string())
    area_array = pa.array(areas["area_id"].tolist(), pa.string())
    sex_array = pa.array(SEXES.tolist(), pa.string())
    status_array = pa.array(["derived"], pa.string())

    fd, tmp = tempfile.mkstemp(prefix=".values.parquet.", suffix=".tmp", dir=snapshot)
    os.close(fd)
    try:
        with pq.ParquetWriter(tmp, VALUES_SCHEMA, compression="zstd", compression_level=9,
                              write_statistics=True) as writer:
            for start in range(0, rows, CHUNK_ROWS):
                idx = np.arange(start, min(start + CHUNK_ROWS, rows), dtype=np.int64)
                ind, rem = np.divmod(idx, per_indicator)
                area = rem // (len(YEARS) * len(SEXES))
                year = (rem // len(SEXES)) % len(YEARS)
                sex = rem % len(SEXES)
                value = (level[ind, sex] * area_effect[ind, area] * (1 + trend[ind] * (year - 14))
                         * rng.normal(1.0, 0.03, size=len(idx)))
                value = np.where(is_percent[ind], np.clip(value, 0, 100), np.maximum(value, 0))
                value = np.where(integer[ind], np.round(value), np.round(value, 2))
                null = rng.random(len(idx)) < NULL_SHARE
                derived = (rng.random(len(idx)) < DERIVED_SHARE) & ~null
                chunk = pa.Table.from_arrays([
                    id_array.take(pa.array(ind.astype(np.int32))),
                    area_array.take(pa.array(area.astype(np.int32))),
                    pa.array(YEARS[year], pa.int16()),
                    sex_array.take(pa.array(sex.astype(np.int32))),
                    pa.array(value, pa.float64(), mask=null),
                    status_array.take(pa.array(np.zeros(len(idx), np.int32), mask=~derived)),
                ], schema=VALUES_SCHEMA)
                writer.write_table(chunk, row_group_size=ROW_GROUP_SIZE)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, snapshot / "values.parquet")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    meta = {"rows": rows, "seed": seed, "indicators": n_ind, "version": GENERATOR_VERSION}
    (data_dir / "bench_meta.json").write_text(json.dumps(meta))
    size = (snapshot / "values.parquet").stat().st_size
    print(f"generated {rows:,} rows ({n_ind:,} indicators x {len(areas)} areas x {len(YEARS)} years x 3 sexes) "
          f"in {time.perf_counter() - started:.1f} s; values.parquet {size / 2**20:,.1f} MiB", flush=True)


def find_store(args, rows: int) -> Path:
    """A matching store in one of the --reuse directories (read, never written), else one in --out."""
    for directory in args.reuse:
        data_dir = directory / f"rows_{rows}"
        meta_path = data_dir / "bench_meta.json"
        if meta_path.exists() and (data_dir / "snapshot" / "values.parquet").exists():
            meta = json.loads(meta_path.read_text())
            if meta.get("rows") == rows and meta.get("seed") == args.seed and meta.get("version") == GENERATOR_VERSION:
                overlay = overlay_store(data_dir, args.out / "overlays")
                print(f"reusing {data_dir} (read only) through {overlay} (its snapshot linked, our own cache/)",
                      flush=True)
                build_cache(overlay, args.memory_limit)
                return overlay
    data_dir = args.out / f"rows_{rows}"
    ensure_store(data_dir, rows, args.seed)
    return data_dir


def ensure_store(data_dir: Path, rows: int, seed: int) -> None:
    meta_path = data_dir / "bench_meta.json"
    wanted = {"rows": rows, "seed": seed, "version": GENERATOR_VERSION}
    if meta_path.exists() and (data_dir / "snapshot" / "values.parquet").exists():
        meta = json.loads(meta_path.read_text())
        if all(meta.get(k) == v for k, v in wanted.items()):
            copy_small_tables(data_dir / "snapshot")          # the real snapshot may have gained tables
            size = (data_dir / "snapshot" / "values.parquet").stat().st_size
            print(f"reusing {data_dir} ({rows:,} rows, {meta['indicators']:,} indicators, "
                  f"values.parquet {size / 2**20:,.1f} MiB)", flush=True)
            build_cache(data_dir)
            return
    meta_path.unlink(missing_ok=True)
    # Generate in a child process so the numbers below do not carry the generator's memory.
    process = multiprocessing.get_context("spawn").Process(target=generate, args=(data_dir, rows, seed))
    process.start()
    process.join()
    if process.exitcode != 0:
        raise SystemExit(f"generation failed (exit code {process.exitcode})")
    build_cache(data_dir)


def build_cache(data_dir: Path, memory_limit: str = "4GB") -> None:
    """The store's built file (the native "values" table, paired_values and gap_years), as `python -m jamstat
    build` writes it before serving, here under a memory limit so that 100 M rows sort within bounded memory on a
    shared machine (DuckDB spills to disk). Prints its build time and size when it was (re)built."""
    started = time.perf_counter()
    built = build(data_dir, config={"memory_limit": memory_limit})
    if not built.reused:
        print(f"built {built.path.name} ({built.path.stat().st_size / 2**20:,.0f} MiB) in "
              f"{time.perf_counter() - started:.1f} s with memory_limit {memory_limit}; {_load()}", flush=True)


# ------------------------------------------------------------------------------------------ naive pandas

class PandasStore:
    """The same views as queries/*.sql over one in-memory DataFrame, by boolean masks (no index, no tricks)."""

    def __init__(self, values: pd.DataFrame, areas: pd.DataFrame, indicators: pd.DataFrame):
        self.v = values
        self.areas = areas
        self.indicators = indicators

    def _rows(self, indicator_id: str) -> pd.DataFrame:
        """All rows of one indicator: a boolean mask over the whole frame."""
        return self.v[self.v["indicator_id"] == indicator_id]

    def _paired(self, area_ids, year) -> pd.DataFrame:
        """Women and men side by side (indicator_id, area_id, year, women, men) for some areas up to a year:
        boolean masks over the whole frame, then a pivot."""
        v = self.v
        sub = v[v["area_id"].isin(list(area_ids)) & (v["year"] <= year) & v["sex"].isin(["women", "men"])]
        wide = sub.groupby(["indicator_id", "area_id", "year", "sex"], observed=True)["value"].max().unstack("sex")
        return wide.reindex(columns=["women", "men"]).reset_index()

    def profile(self, municipality_id, peer_ids, year):
        paired = self._paired({municipality_id, *(peer_ids or [])}, year).dropna(subset=["women", "men"])
        paired["gap"] = paired["women"] - paired["men"]
        own = paired[paired["area_id"] == municipality_id].sort_values(["indicator_id", "year"])
        by_indicator = own.groupby("indicator_id", observed=True, sort=False)
        own = own.assign(recency=by_indicator.cumcount(ascending=False) + 1,
                         change=by_indicator["gap"].diff().abs())
        latest = own[own["recency"] == 1][["indicator_id", "year", "women", "men", "gap"]]
        base = own[own["recency"] == 6][["indicator_id", "year", "gap"]].rename(
            columns={"year": "base_year", "gap": "gap_base"})
        typical = own[own["change"] > 0].groupby("indicator_id", observed=True)["change"].median()
        # The municipality and its peers in the municipality's latest year of each indicator.
        ranked = paired[["indicator_id", "area_id", "year", "gap"]].merge(
            latest[["indicator_id", "year", "gap"]], on=["indicator_id", "year"], suffixes=("", "_own"))
        others = ranked[ranked["area_id"] != municipality_id].groupby("indicator_id", observed=True)["gap"]
        closer = (ranked["gap"].abs() < ranked["gap_own"].abs()).groupby(ranked["indicator_id"], observed=True)
        out = latest.assign(indicator_id=latest["indicator_id"].astype(str)).merge(self.indicators, on="indicator_id")
        out = out.merge(base.assign(indicator_id=base["indicator_id"].astype(str)), on="indicator_id", how="left")
        for name, column in (("typical_change", typical), ("peer_mean_gap", others.mean()),
                             ("n_peers", others.count()), ("rank_abs_gap", closer.sum() + 1),
                             ("n_ranked", closer.size())):
            out[name] = out["indicator_id"].map(column.set_axis(column.index.astype(str)))
        out["n_peers"] = out["n_peers"].fillna(0)
        out["ratio"] = (out["women"] / out["men"]).where(out["men"] != 0)
        out["abs_gap_change"] = out["gap"].abs() - out["gap_base"].abs()
        out = out.sort_values(["theme", "title_sv", "indicator_id"])
        return out[["theme", "indicator_id", "title_sv", "title_en", "unit", "population", "higher_is",
                    "source_id", "year", "women", "men", "gap", "ratio", "base_year", "gap_base", "abs_gap_change",
                    "typical_change", "peer_mean_gap", "n_peers", "rank_abs_gap", "n_ranked"]].reset_index(drop=True)

    def equality_index(self, municipality_id, year, max_age, core_share):
        rules = pd.read_csv(settings.INDEX_RULES, dtype=str)
        by_indicator = rules[rules["match"] == "indicator"].set_index("value")["treatment"]
        by_unit = rules[rules["match"] == "unit"].set_index("value")["treatment"]
        indicators = self.indicators[self.indicators["source"] != "upload"]
        measure = indicators["indicator_id"].map(by_indicator).fillna(indicators["unit"].map(by_unit))
        indicators = indicators.assign(measure=measure.fillna("exclude"))
        indicators = indicators[indicators["measure"] != "exclude"]
        municipalities = self.areas.loc[self.areas["kind"] == "municipality", "area_id"]
        # Every municipality's latest pair in the allowed years (the core set needs all of them).
        paired = self._paired(set(municipalities), year).dropna(subset=["women", "men"])
        paired = paired[paired["year"] >= year - max_age].sort_values("year")
        latest = paired.groupby(["indicator_id", "area_id"], observed=True, sort=False).tail(1)
        latest = latest.assign(indicator_id=latest["indicator_id"].astype(str))
        covered = latest.groupby("indicator_id").size()
        core = indicators[indicators["indicator_id"].map(covered).fillna(0) >= core_share * len(municipalities)]
        own = latest.loc[latest["area_id"] == municipality_id, ["indicator_id", "year", "women", "men"]]
        out = core.merge(own, on="indicator_id", how="left")
        women, men = out["women"], out["men"]
        low, high = np.minimum(women, men), np.maximum(women, men)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = 100 * (1 - (women - men).abs() / np.minimum(high, 100 - low))
            ratio = 100 * low / high
        score = np.where((out["measure"] == "share") & (high <= 100), share, ratio)
        score = np.where(women == men, 100.0, score)
        out["parity_score"] = pd.Series(score, index=out.index).where(women.notna() & men.notna() & (low >= 0))
        out["status"] = np.where(out["parity_score"].isna(), "missing",
                                 np.where(out["year"] < year, "older", "current"))
        theme = out.groupby("theme")["parity_score"]
        n = theme.transform("count")
        out["weight"] = (1.0 / n).where(out["parity_score"].notna())
        out["contribution"] = out["parity_score"] / n
        out["theme_score"] = theme.transform("mean")
        out["n_indicators"] = n
        out["n_core"] = out.groupby("theme")["indicator_id"].transform("size")
        out["n_older"] = (out["status"] == "older").groupby(out["theme"]).transform("sum")
        out = out.sort_values(["theme", "parity_score", "indicator_id"], na_position="last")
        return out[["theme", "indicator_id", "title_sv", "title_en", "unit", "measure", "year", "women", "men",
                    "parity_score", "status", "weight", "contribution", "theme_score", "n_indicators", "n_core",
                    "n_older"]].reset_index(drop=True)

    def _indicator(self, indicator_id: str) -> pd.DataFrame:
        sub = self._rows(indicator_id)
        return sub[sub["sex"].isin(["women", "men"])]

    def run(self, name: str, **params) -> pd.DataFrame:
        return getattr(self, name)(**params)

    def indicator_years(self, indicator_id):
        sub = self._indicator(indicator_id)
        years = np.sort(sub.loc[sub["value"].notna(), "year"].unique())
        return pd.DataFrame({"year": years})

    def gap_by_area(self, indicator_id, year, municipality_id, peer_ids):
        a, rows = self.areas, self._rows(indicator_id)
        chosen = a[(a["area_id"] == municipality_id) & (a["kind"] == "municipality")]
        region = chosen["region_id"].iloc[0] if len(chosen) else None
        munis = a[a["kind"] == "municipality"]
        peers = munis if len(peer_ids) == 0 else munis[munis["area_id"].isin(peer_ids)]
        ids = set(peers["area_id"]) | set(chosen["area_id"]) | set(chosen["region_id"]) | {"0000"}
        sub = rows[(rows["year"] == year) & rows["sex"].isin(["women", "men"])]
        wide = sub.groupby(["area_id", "sex"], observed=True)[["value", "status"]].max().unstack("sex")
        observed = pd.DataFrame({
            "women": wide.get(("value", "women")), "men": wide.get(("value", "men")),
            "women_status": wide.get(("status", "women")), "men_status": wide.get(("status", "men")),
        }, index=wide.index)
        out = a.loc[a["area_id"].isin(ids), ["area_id", "name", "kind"]].rename(columns={"name": "area_name"})
        out = out.merge(observed, left_on="area_id", right_index=True, how="left")
        out["year"] = year
        out["is_chosen"] = out["area_id"] == municipality_id
        out["is_region"] = out["area_id"] == region
        out["is_country"] = out["area_id"] == "0000"
        out["is_peer_mean"] = False
        # Peer mean: unweighted over peers with both values, the chosen municipality left out.
        pm = observed[observed.index.isin(peers["area_id"]) & (observed.index != municipality_id)]
        pm = pm[pm["women"].notna() & pm["men"].notna()]
        if len(pm):
            mean = pd.DataFrame({"area_id": ["peers"], "area_name": [None], "kind": ["peer_mean"],
                                 "women": [pm["women"].mean()], "men": [pm["men"].mean()],
                                 "women_status": [None], "men_status": [None], "year": [year],
                                 "is_chosen": [False], "is_region": [False], "is_country": [False],
                                 "is_peer_mean": [True]})
            out = pd.concat([out, mean], ignore_index=True)
        out["gap"] = out["women"] - out["men"]
        out["ratio"] = (out["women"] / out["men"]).where(out["men"] != 0)
        out = out.sort_values(["gap", "area_name"], ascending=[False, True], na_position="last")
        return out[["area_id", "area_name", "kind", "year", "women", "men", "gap", "ratio", "women_status",
                    "men_status", "is_chosen", "is_region", "is_country", "is_peer_mean"]].reset_index(drop=True)

    def peer_gap_by_year(self, indicator_id, municipality_id, peer_ids):
        sub = self._indicator(indicator_id)
        years = pd.DataFrame({"year": np.sort(sub["year"].unique())})
        mine = sub[(sub["area_id"] == municipality_id) | (sub["area_id"] == "0000") | sub["area_id"].isin(peer_ids)]
        paired = mine.groupby(["area_id", "year", "sex"], observed=True)["value"].max().unstack("sex")
        paired = paired.reindex(columns=["women", "men"]).reset_index()
        paired["gap"] = paired["women"] - paired["men"]
        own = paired[paired["area_id"].isin([municipality_id, "0000"])].assign(
            series=lambda d: np.where(d["area_id"] == municipality_id, "municipality", "country"), n_areas=1)
        peers = paired[paired["area_id"].isin(peer_ids) & (paired["area_id"] != municipality_id)]
        mean = peers.groupby("year")["gap"].agg(["mean", "count"]).reset_index()
        mean = mean.rename(columns={"mean": "gap", "count": "n_areas"}).assign(series="peer_mean")
        series = pd.concat([own[["year", "series", "gap", "n_areas"]], mean], ignore_index=True)
        grid = years.merge(pd.DataFrame({"series": ["municipality", "peer_mean", "country"]}), how="cross")
        out = grid.merge(series, on=["year", "series"], how="left")
        out["n_areas"] = out["n_areas"].fillna(0)
        return out.sort_values(["series", "year"]).reset_index(drop=True)[["year", "series", "gap", "n_areas"]]

    def _grid(self, sub: pd.DataFrame, area_ids, sexes=None) -> pd.DataFrame:
        years = pd.DataFrame({"year": np.sort(sub["year"].unique())})
        grid = self.areas.loc[self.areas["area_id"].isin(area_ids), ["area_id", "name"]]
        grid = grid.rename(columns={"name": "area_name"}).merge(years, how="cross")
        if sexes is not None:
            grid = grid.merge(pd.DataFrame({"sex": sexes}), how="cross")
        return grid

    def series_by_sex(self, indicator_id, area_ids):
        sub = self._indicator(indicator_id)
        grid = self._grid(sub, area_ids, ["women", "men"])
        mine = sub[sub["area_id"].isin(area_ids)][["area_id", "year", "sex", "value", "status"]]
        out = grid.merge(mine, on=["area_id", "year", "sex"], how="left")
        return out.sort_values(["area_id", "year", "sex"]).reset_index(drop=True)

    def gap_by_year(self, indicator_id, area_ids):
        sub = self._indicator(indicator_id)
        grid = self._grid(sub, area_ids)
        mine = sub[sub["area_id"].isin(area_ids)]
        wide = mine.groupby(["area_id", "year", "sex"], observed=True)["value"].max().unstack("sex")
        wide = wide.reindex(columns=["women", "men"]).reset_index()
        out = grid.merge(wide, on=["area_id", "year"], how="left")
        out["gap"] = out["women"] - out["men"]
        out["ratio"] = (out["women"] / out["men"]).where(out["men"] != 0)
        return out.sort_values(["area_id", "year"]).reset_index(drop=True)[
            ["area_id", "area_name", "year", "women", "men", "gap", "ratio"]]

    def map_values(self, indicator_id, year, region_id, municipality_id):
        a, rows = self.areas, self._rows(indicator_id)
        shown = a[(a["kind"] == "municipality") & ((region_id is None) | (a["region_id"] == region_id))]
        sub = rows[(rows["year"] == year) & rows["sex"].isin(["women", "men"])]
        wide = sub.groupby(["area_id", "sex"], observed=True)[["value", "status"]].max().unstack("sex")
        observed = pd.DataFrame({
            "women": wide.get(("value", "women")), "men": wide.get(("value", "men")),
            "women_status": wide.get(("status", "women")), "men_status": wide.get(("status", "men")),
        }, index=wide.index)
        out = shown[["area_id", "name", "region_id"]].rename(columns={"name": "area_name"})
        out = out.merge(observed, left_on="area_id", right_index=True, how="left")
        out["year"] = year
        out["gap"] = out["women"] - out["men"]
        out["ratio"] = (out["women"] / out["men"]).where(out["men"] != 0)
        out["is_chosen"] = out["area_id"] == municipality_id
        out = out.sort_values(["area_name", "area_id"])
        return out[["area_id", "area_name", "region_id", "year", "women", "men", "gap", "ratio", "women_status",
                    "men_status", "is_chosen"]].reset_index(drop=True)


class TunedPandasStore(PandasStore):
    """Tuned pandas: categorical area_id and sex, the table split once into one frame per indicator, so a
    query touches only its indicator's rows (about 28 000) instead of masking the whole table."""

    def __init__(self, values: pd.DataFrame, areas: pd.DataFrame, indicators: pd.DataFrame):
        tuned = values.astype({"area_id": "category", "sex": "category"})
        self.by_indicator = {key: frame.drop(columns="indicator_id").reset_index(drop=True)
                             for key, frame in tuned.groupby("indicator_id", sort=False, observed=True)}
        self.empty = tuned.iloc[:0].drop(columns="indicator_id")
        # For the per-municipality queries: women and men side by side, one frame per area (what the Store's
        # paired_values table is to DuckDB), indicator_id categorical.
        both = tuned[tuned["sex"].isin(["women", "men"])].astype({"indicator_id": "category"})
        wide = both.groupby(["area_id", "indicator_id", "year", "sex"], observed=True)["value"].max().unstack("sex")
        wide = wide.reindex(columns=["women", "men"]).reset_index()
        self.by_area = {key: frame.reset_index(drop=True)
                        for key, frame in wide.groupby("area_id", sort=False, observed=True)}
        self.empty_paired = wide.iloc[:0]
        self.areas = areas
        self.indicators = indicators

    def _rows(self, indicator_id: str) -> pd.DataFrame:
        return self.by_indicator.get(indicator_id, self.empty)

    def _paired(self, area_ids, year) -> pd.DataFrame:
        frames = [self.by_area[a] for a in sorted(area_ids) if a in self.by_area] or [self.empty_paired]
        paired = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        return paired[paired["year"] <= year]

    def memory(self) -> int:
        return sum(f.memory_usage(deep=True).sum()
                   for f in [*self.by_indicator.values(), *self.by_area.values()])


def assert_same(label: str, duck: pd.DataFrame, naive: pd.DataFrame) -> None:
    """Same columns, same rows in the same order, numbers equal within tolerance, nulls in the same places."""
    assert list(duck.columns) == list(naive.columns), (label, list(duck.columns), list(naive.columns))
    assert len(duck) == len(naive), (label, len(duck), len(naive))
    for column in duck.columns:
        left, right = duck[column], naive[column]
        if pd.api.types.is_numeric_dtype(left) and pd.api.types.is_numeric_dtype(right):
            ok = np.allclose(left.to_numpy(float), right.to_numpy(float), rtol=1e-9, atol=1e-9, equal_nan=True)
        else:
            norm = lambda s: [None if pd.isna(x) else x for x in s]
            ok = norm(left) == norm(right)
        assert ok, f"{label}: column {column} differs\n{duck[column].head(10)}\n{naive[column].head(10)}"


# ------------------------------------------------------------------------------------------------ benchmark

def workload(store: Store, repeat: int, seed: int) -> dict[str, list[tuple[str, dict]]]:
    """`repeat` random parameter sets per query, the same sequence for every implementation."""
    indicators = store.run("indicators")["indicator_id"].tolist()
    areas = store.run("areas")
    munis = areas.loc[areas["kind"] == "municipality", ["area_id", "region_id"]].to_numpy().tolist()
    rng = random.Random(seed)
    jobs: dict[str, list[tuple[str, dict]]] = {q: [] for q in QUERIES}
    for _ in range(repeat):
        indicator, year = rng.choice(indicators), rng.randint(1994, 2023)
        municipality, region = rng.choice(munis)
        in_region = [m for m, r in munis if r == region]   # the default peer set: the municipality's county
        chosen = [municipality, region, "0000"]            # the Över tid page's default for a municipality
        jobs["gap_by_area[all]"].append(("gap_by_area", {
            "indicator_id": indicator, "year": year, "municipality_id": municipality, "peer_ids": []}))
        jobs["gap_by_area[region]"].append(("gap_by_area", {
            "indicator_id": indicator, "year": year, "municipality_id": municipality, "peer_ids": in_region}))
        jobs["indicator_years"].append(("indicator_years", {"indicator_id": indicator}))
        jobs["series_by_sex"].append(("series_by_sex", {"indicator_id": indicator, "area_ids": chosen}))
        jobs["gap_by_year"].append(("gap_by_year", {"indicator_id": indicator, "area_ids": chosen}))
        jobs["peer_gap_by_year"].append(("peer_gap_by_year", {
            "indicator_id": indicator, "municipality_id": municipality, "peer_ids": in_region}))
        # Karta: all municipalities (the page's default) and one county.
        jobs["map_values[all]"].append(("map_values", {
            "indicator_id": indicator, "year": year, "region_id": None, "municipality_id": municipality}))
        jobs["map_values[region]"].append(("map_values", {
            "indicator_id": indicator, "year": year, "region_id": region, "municipality_id": municipality}))
        # Översikt: every indicator for one municipality, peers = its county (the page's default).
        jobs["profile"].append(("profile", {"municipality_id": municipality, "peer_ids": in_region, "year": year,
                                            **profile_parameters()}))
        jobs["equality_index"].append(("equality_index", {"municipality_id": municipality, "year": year,
                                                           "max_age": settings.INDEX_MAX_AGE,
                                                           "core_share": settings.INDEX_CORE_SHARE}))
    return jobs


def timed(runner, jobs, cpu: list | None = None) -> tuple[np.ndarray, list[pd.DataFrame]]:
    """Wall-clock ms per job (and, into cpu, the process's CPU ms: all threads, less sensitive to the load)."""
    times, results = [], []
    for name, params in jobs:
        started, cpu_started = time.perf_counter(), time.process_time()
        result = runner.run(name, **params)
        times.append((time.perf_counter() - started) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - cpu_started) * 1000)
        results.append(result)
    return np.array(times), results


def check(label: str, duck: list[pd.DataFrame], other: list[pd.DataFrame], who: str) -> None:
    """Honesty check: every pandas result must equal DuckDB's (same rows, order, numbers, nulls)."""
    for i, (d, p) in enumerate(zip(duck, other)):
        assert_same(f"{who} {label} run {i}", d, p)
    rows = sum(len(d) for d in duck[:len(other)])
    print(f"  {label}: {who} == DuckDB in all {len(other)} runs ({rows:,} rows compared)", flush=True)


def _pct(times) -> tuple[float, float]:
    p50, p95 = np.percentile(times, [50, 95])
    return float(p50), float(p95)


def _load() -> str:
    return "load average " + "/".join(f"{x:.1f}" for x in os.getloadavg())


def st_cache_hit(path: Path, hits: int) -> tuple[float, list[float]]:
    """What `st.cache_data` costs around a whole-table loader (bare mode, no server): the first call (load +
    pickle) and each hit (unpickle = a fresh copy, which is what every rerun of a conventional app pays)."""
    import logging

    import streamlit as st
    logging.getLogger("streamlit").setLevel(logging.ERROR)

    @st.cache_data(show_spinner=False)
    def load_values(location: str) -> pd.DataFrame:
        return pd.read_parquet(location)

    started = time.perf_counter()
    load_values(str(path))
    first = time.perf_counter() - started
    times = []
    for _ in range(hits):
        started = time.perf_counter()
        frame = load_values(str(path))
        times.append((time.perf_counter() - started) * 1000)
        del frame
    load_values.clear()
    gc.collect()
    return first, times


def run_size(args, rows: int) -> dict:
    """One size: DuckDB (the app's Store), conventional pandas (+ its per-rerun copy), tuned pandas."""
    data_dir = find_store(args, rows)
    meta = pq.ParquetFile(data_dir / "snapshot" / "values.parquet").metadata
    print(f"values.parquet: {meta.num_rows:,} rows in {meta.num_row_groups} row groups, "
          f"footer {meta.serialized_size / 1024:,.0f} KiB; {_load()}", flush=True)
    result: dict = {"rows": rows, "rss": {}, "duck": {}, "conventional": {}, "tuned": {}}

    def phase(name: str) -> None:
        result["rss"][name] = _rss()
        print(f"after {name}: {_rss()}; {_load()}", flush=True)

    phase("start")

    # (1) DuckDB through the app's own Store (values from the built DuckDB file under <data_dir>/cache).
    started = time.perf_counter()
    store = Store(data_dir)
    result["store_open_ms"] = (time.perf_counter() - started) * 1000
    print(f"Store open: {result['store_open_ms']:.0f} ms (includes building the DuckDB copy the first time), "
          f"layout {store.layout}, live data: {store.has_live_data}", flush=True)
    result["layout"] = store.layout
    jobs = workload(store, args.repeat, args.seed)
    labels = args.labels
    for label in labels:                                    # warm-up: one untimed run per query
        store.run(jobs[label][0][0], **jobs[label][0][1])
    cpu = {label: [] for label in labels}
    duck = {label: timed(store, jobs[label], cpu[label]) for label in labels}
    result["duck"] = {label: _pct(duck[label][0]) for label in duck}
    result["duck_cpu"] = {label: _pct(cpu[label]) for label in duck}
    phase("DuckDB")
    if args.explain:
        for label in labels:
            name, params = jobs[label][0]
            plan = store._connection.execute("explain analyze " + store.queries[name].sql, params).fetchall()
            print(f"\n== EXPLAIN ANALYZE {label} {params}\n{plan[0][1]}")

    if rows > args.pandas_max_rows:
        print(f"pandas peers skipped: {rows:,} rows > --pandas-max-rows {args.pandas_max_rows:,}", flush=True)
    else:
        # (2) conventional app: the whole table in one DataFrame with default dtypes, and a copy per rerun.
        path = data_dir / "snapshot" / "values.parquet"
        areas = pd.read_parquet(data_dir / "snapshot" / "areas.parquet")
        indicators = pd.read_parquet(data_dir / "snapshot" / "indicators.parquet")
        started = time.perf_counter()
        values = pd.read_parquet(path)
        result["conventional"]["load_s"] = time.perf_counter() - started
        mib = values.memory_usage(deep=True).sum() / 2**20
        dtypes = ", ".join(f"{c}:{t}" for c, t in values.dtypes.items())
        print(f"conventional load: {result['conventional']['load_s']:.1f} s, {mib:,.0f} MiB ({dtypes})", flush=True)
        phase("conventional load")
        copies = []
        for _ in range(args.copies):
            started = time.perf_counter()
            copy = values.copy()
            copies.append((time.perf_counter() - started) * 1000)
            del copy
        gc.collect()
        result["conventional"]["copy"] = _pct(copies)
        print(f"df.copy() per rerun: p50 {result['conventional']['copy'][0]:,.0f} ms over {args.copies} copies",
              flush=True)
        if rows <= args.st_cache_max_rows:
            first, hits = st_cache_hit(path, args.copies)
            result["conventional"]["st_cache_hit"] = _pct(hits)
            print(f"st.cache_data whole-table loader: first call {first:.1f} s, hit (unpickled copy) "
                  f"p50 {result['conventional']['st_cache_hit'][0]:,.0f} ms over {args.copies} hits", flush=True)
        frame = PandasStore(values, areas, indicators)
        for label in labels:
            part = jobs[label][:args.pandas_repeat]
            times, results = timed(frame, part)
            check(label, duck[label][1], results, "conventional")
            result["conventional"][label] = _pct(times)
        phase("conventional queries")

        # (3) tuned pandas: categoricals, one frame per indicator.
        started = time.perf_counter()
        tuned = TunedPandasStore(values, areas, indicators)
        result["tuned"]["build_s"] = time.perf_counter() - started
        del values, frame
        gc.collect()
        print(f"tuned build: {result['tuned']['build_s']:.1f} s, {tuned.memory() / 2**20:,.0f} MiB in "
              f"{len(tuned.by_indicator):,} frames per indicator + {len(tuned.by_area):,} paired frames per area",
              flush=True)
        phase("tuned build (conventional frame freed)")
        for label in labels:
            times, results = timed(tuned, jobs[label])
            check(label, duck[label][1], results, "tuned")
            result["tuned"][label] = _pct(times)
        phase("tuned queries")
        del tuned
    store.close()
    result["load_end"] = _load()
    report(args, result)
    return result


def report(args, r: dict) -> None:
    conv, tuned = r["conventional"], r["tuned"]
    copy50 = conv.get("st_cache_hit", conv.get("copy", (0.0, 0.0)))[0]
    copy_kind = "st.cache_data hit" if "st_cache_hit" in conv else "df.copy()"
    print(f"\n{r['rows']:,} rows, layout {r['layout']}, {args.repeat} runs per query "
          f"({args.pandas_repeat} for conventional pandas), {os.cpu_count()} CPUs, {r['load_end']}, "
          f"duckdb {__import__('duckdb').__version__}, pandas {pd.__version__}, {time.strftime('%Y-%m-%d %H:%M')}")
    header = (f"{'query':<22}{'duck p50':>9}{'p95':>7}{'cpu p50':>8}{'tuned p50':>10}{'p95':>7}{'tuned/duck':>11}"
              f"{'conv query':>11}{'conv/duck':>10}{'+copy':>8}{'rerun/duck':>11}")
    print(header + "\n" + "-" * len(header))
    for label in r["duck"]:
        d50, d95 = r["duck"][label]
        line = f"{label:<22}{d50:>9.1f}{d95:>7.1f}{r['duck_cpu'][label][0]:>8.1f}"
        if label in tuned:
            t50, t95 = tuned[label]
            line += f"{t50:>10.1f}{t95:>7.1f}{t50 / d50:>10.1f}x"
        if label in conv:
            c50 = conv[label][0]
            line += f"{c50:>11.0f}{c50 / d50:>9.0f}x{copy50:>8.0f}{(c50 + copy50) / d50:>10.0f}x"
        print(line)
    print(f"(ms; cpu = DuckDB's CPU time per query, both threads; conventional rerun = its query p50 + one "
          f"{copy_kind} of the whole table, p50)")
    print("targets at 50 M: query p50 <= 5 ms, p95 <= 20 ms; profile/map p50 <= 20 ms; >= 2x tuned pandas; "
          ">= 100x the conventional rerun (profile: >= 100x the conventional query itself)")
    for label in r["duck"]:
        d50, d95 = r["duck"][label]
        heavy = label in HEAVY
        marks = [f"p50<={20 if heavy else 5}: {'yes' if d50 <= (20 if heavy else 5) else 'NO'}"]
        if not heavy:
            marks.append(f"p95<=20: {'yes' if d95 <= 20 else 'NO'}")
        if label in tuned:
            marks.append(f">=2x tuned: {'yes' if tuned[label][0] / d50 >= 2 else 'NO'}")
        if label in conv:
            marks.append(f">=100x rerun: {'yes' if (conv[label][0] + copy50) / d50 >= 100 else 'NO'}")
            if heavy:
                marks.append(f">=100x conv query: {'yes' if conv[label][0] / d50 >= 100 else 'NO'}")
        print(f"  {label:<22}" + ", ".join(marks))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="50000000",
                        help="value rows, or a comma-separated list of sizes, e.g. 10000000,50000000 (default 50M)")
    parser.add_argument("--repeat", type=int, default=50, help="random parameter sets per query (default 50)")
    parser.add_argument("--pandas-repeat", type=int, default=10,
                        help="how many of them the conventional pandas peer runs (default 10; seconds each)")
    parser.add_argument("--copies", type=int, default=5, help="whole-table copies timed per size (default 5)")
    parser.add_argument("--pandas-max-rows", type=int, default=50_000_000,
                        help="skip both pandas peers above this size (memory; default 50M)")
    parser.add_argument("--st-cache-max-rows", type=int, default=10_000_000,
                        help="also time a real st.cache_data hit up to this size (default 10M)")
    parser.add_argument("--out", type=Path, default=PROJECT_DIR / "bench" / "out",
                        help="where new synthetic stores go (default bench/out, gitignored)")
    parser.add_argument("--reuse", type=Path, action="append", default=[],
                        help="a directory with existing rows_<N> stores to read (never written), "
                             "e.g. /work/main/bench/out; may be repeated")
    parser.add_argument("--seed", type=int, default=20240830)
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of each query once")
    parser.add_argument("--skip-pandas", action="store_true", help="time DuckDB only")
    parser.add_argument("--queries", default=",".join(QUERIES),
                        help="comma-separated query labels to run (default all: " + ",".join(QUERIES) + ")")
    parser.add_argument("--memory-limit", default="4GB", help="DuckDB memory_limit for building the store's file")
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.labels = [label.strip() for label in args.queries.split(",") if label.strip()]
    unknown = [label for label in args.labels if label not in QUERIES]
    if unknown:
        parser.error(f"unknown queries {unknown}; choose from {', '.join(QUERIES)}")
    sizes = [int(float(size)) for size in args.rows.split(",")]
    if args.skip_pandas:
        args.pandas_max_rows = 0

    if len(sizes) == 1:
        result = run_size(args, sizes[0])
        if args.json:
            args.json.write_text(json.dumps(result))
        return

    # Several sizes: one child process per size, so each size's RSS starts from a fresh interpreter.
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            out = Path(tmp) / f"{size}.json"
            argv = [a for a in sys.argv[1:]]
            position = argv.index("--rows") if "--rows" in argv else None
            if position is not None:
                del argv[position:position + 2]
            argv = [arg for arg in argv if not arg.startswith("--rows=")]
            print(f"\n######## {size:,} rows ########", flush=True)
            code = subprocess.call([sys.executable, __file__, *argv, "--rows", str(size), "--json", str(out)])
            if code != 0:
                raise SystemExit(f"{size:,} rows failed (exit code {code})")
            results.append(json.loads(out.read_text()))
    print(f"\nDuckDB growth with size (ms, p50 / p95; {_load()})")
    header = f"{'query':<22}" + "".join(f"{r['rows'] / 1e6:>14,.0f} M" for r in results)
    print(header + "\n" + "-" * len(header))
    for label in results[0]["duck"]:
        print(f"{label:<22}" + "".join(f"{r['duck'][label][0]:>8.1f} /{r['duck'][label][1]:>6.1f}"
                                        for r in results))
    print(f"{'RSS after DuckDB':<22}" + "".join(f"{r['rss']['DuckDB'].split(' (')[0]:>16}" for r in results))


if __name__ == "__main__":
    main()
