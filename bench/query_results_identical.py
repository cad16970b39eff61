"""Check that a change leaves every stored query's results identical: old (a git revision) vs new (this checkout).

    .venv/bin/python bench/query_results_identical.py --old 165a778 [--layouts built,parquet,live,live_parquet]

Runs all queries/*.sql on the same sample of real parameter sets (20 municipalities x 2 years, their peers and
counties, 15 indicators: 858 calls) with each version's own code on its own copy of data/snapshot/, in each store
configuration (built file, Parquet files, each with and without a live update whose values differ from the
snapshot's), and compares the frames with pandas' assert_frame_equal(check_exact=True). DuckDB runs on one thread:
with two, even one version differs from itself in the last bits of avg(). Prints one line per configuration.
"""

from __future__ import annotations

import argparse
import pickle
import random
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
LAYOUTS = ("built", "parquet", "live", "live_parquet")
LIVE_AREAS = ["1883", "1880", "2282", "0187", "1780", "1715", "0180", "2506"]


def calls(store) -> list[tuple[str, dict]]:
    from jamstat.narrative import profile_parameters
    from jamstat.settings import INDEX_CORE_SHARE, INDEX_MAX_AGE

    areas = store.run("areas")
    municipalities = sorted(areas[areas.kind == "municipality"].area_id)
    sample = random.Random(13).sample(municipalities, 20)
    indicator_ids = sorted(store.run("indicators").indicator_id)
    indicators = random.Random(14).sample(indicator_ids, 12) + ["N15419", "N00942-N00943", "N01951"]
    region_of = areas.set_index("area_id")["region_id"]
    found = [("areas", {}), ("indicators", {}), ("index_rules", {})]
    found += [("indicator_years", {"indicator_id": i}) for i in indicators]
    for k, m in enumerate(sample):
        peers = [p for p in sample if p != m][: (k % 5) * 3]
        found.append(("municipality_groups", {"municipality_id": m}))
        found += [("peer_members", {"kind": kind, "municipality_id": m, "group_id": None}) for kind in ("region", "group")]
        for year in (2015, 2022):
            found.append(("profile", {"municipality_id": m, "peer_ids": peers, "year": year, **profile_parameters()}))
            found.append(("equality_index", {"municipality_id": m, "year": year, "max_age": INDEX_MAX_AGE,
                                             "core_share": INDEX_CORE_SHARE}))
        for j, indicator in enumerate(indicators):
            if (j + k) % 3:
                continue
            for year in (2015, 2022):
                found.append(("gap_by_area", {"indicator_id": indicator, "year": year,
                                              "municipality_id": m if k % 4 else None, "peer_ids": peers}))
                found.append(("map_values", {"indicator_id": indicator, "year": year,
                                             "region_id": region_of[m] if k % 2 else None, "municipality_id": m}))
            areas_shown = [m, region_of[m], "0000"]
            found.append(("gap_by_year", {"indicator_id": indicator, "area_ids": areas_shown}))
            found.append(("series_by_sex", {"indicator_id": indicator, "area_ids": areas_shown}))
            found.append(("peer_gap_by_year", {"indicator_id": indicator, "municipality_id": m, "peer_ids": peers}))
    return found


def capture(data_dir: Path, built: bool, out: Path) -> None:
    """In a child process whose jamstat is the version under test: run every call, pickle the frames."""
    from jamstat.store import Store
    if built:
        try:
            from jamstat.build import build
            build(data_dir)
        except ImportError:  # before the build step the Store built its cache file itself
            pass
    elif not (data_dir / "cache").exists():
        (data_dir / "cache").write_text("no cache: before the build step this kept the Store from building one")
    store = Store(data_dir)
    store._connection.execute("set threads = 1")
    store._connection.execute("set enable_progress_bar = false")
    results = [(name, params, store.run(name, **params)) for name, params in calls(store)]
    out.write_bytes(pickle.dumps((store.layout, results)))


def prepare(root: Path, layout: str) -> Path:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    shutil.copytree(PROJECT_DIR / "data" / "snapshot", root / "snapshot")
    if layout.startswith("live"):
        values = pq.read_table(root / "snapshot" / "values.parquet")
        live = values.filter(pc.is_in(values["area_id"], pa.array(LIVE_AREAS)))
        live = live.set_column(live.schema.get_field_index("value"), "value", pc.multiply(live["value"], 1.01))
        (root / "live").mkdir()
        pq.write_table(live, root / "live" / "values.parquet")
    return root


def main() -> int:
    import pandas as pd

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="git revision of the old version")
    parser.add_argument("--layouts", default=",".join(LAYOUTS))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jamstat-identical-") as tmp:
        work = Path(tmp)
        old_code = work / "old"
        old_code.mkdir()
        archive = subprocess.run(["git", "archive", args.old, "jamstat", "queries"], cwd=PROJECT_DIR,
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old_code)], input=archive, check=True)
        failed = False
        for layout in args.layouts.split(","):
            frames = {}
            for version, code in (("old", old_code), ("new", PROJECT_DIR)):
                data_dir = prepare(work / f"{layout}_{version}", layout)
                out = work / f"{layout}_{version}.pickle"
                script = (f"import sys; sys.path.insert(0, {str(code)!r}); sys.path.insert(1, {str(PROJECT_DIR)!r}); "
                          f"from bench.query_results_identical import capture; from pathlib import Path; "
                          f"capture(Path({str(data_dir)!r}), {not layout.endswith('parquet')}, Path({str(out)!r}))")
                subprocess.run([sys.executable, "-c", script], cwd=work, check=True)
                frames[version] = pickle.loads(out.read_bytes())
            (old_layout, old), (new_layout, new) = frames["old"], frames["new"]
            differ = []
            for (name, params, left), (_, _, right) in zip(old, new, strict=True):
                try:
                    pd.testing.assert_frame_equal(left, right, check_exact=True)
                except AssertionError:
                    differ.append((name, params))
            counts = Counter(name for name, _, _ in old)
            print(f"{layout} (old {old_layout}, new {new_layout}): {len(old)} calls of {len(counts)} queries, "
                  f"{sum(len(f) for _, _, f in old):,} rows: " + ("identical" if not differ else f"{len(differ)} differ"))
            for name, params in differ[:10]:
                print(f"  {name} {params}")
            failed |= bool(differ)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
