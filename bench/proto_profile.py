"""Prototype (not used by the app): the Översikt `profile` query against an area-major copy of the values.

Usage (from the project root):
    .venv/bin/python bench/proto_profile.py --data-dir bench/out/rows_10000000 --repeat 10

The Store's native table is sorted by indicator_id, area_id, year, sex: right for every per-indicator query, but
`profile` asks for ALL indicators of one municipality and its peers, so its scan cannot skip any row group and
reads the whole table (EXPLAIN ANALYZE at 50 M rows: 2.5 M rows out of the scan, 530 ms, then a 826 000-group
aggregate). This builds a second copy sorted by area_id, indicator_id, year, sex in a temporary DuckDB file,
runs queries/profile.sql unchanged against both (the view "values" points at one or the other), checks the
results are equal, and prints both timings.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_queries import assert_same

from jamstat.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--memory-limit", default="4GB")
    args = parser.parse_args()
    store = Store(args.data_dir)
    areas = store.run("areas")
    munis = areas.loc[areas["kind"] == "municipality", ["area_id", "region_id"]].to_numpy().tolist()
    rng = random.Random(1)
    jobs = []
    for _ in range(args.repeat):
        municipality, region = rng.choice(munis)
        jobs.append({"municipality_id": municipality, "peer_ids": [m for m, r in munis if r == region],
                     "year": rng.randint(2005, 2023)})
    with tempfile.TemporaryDirectory(prefix="proto-profile-") as tmp:    # never inside the store
        path = os.path.join(tmp, "by_area.duckdb")
        started = time.perf_counter()
        con = store._connection
        con.execute(f"set memory_limit = '{args.memory_limit}'")
        con.execute(f"attach '{path}' as by_area")
        con.execute('create table by_area."values" as select * from "values" '
                    "order by area_id, indicator_id, year, sex")
        con.execute("detach by_area")
        con.execute(f"attach '{path}' as by_area (read_only)")
        print(f"area-major copy built in {time.perf_counter() - started:.1f} s, "
              f"{os.path.getsize(path) / 2**20:,.0f} MiB; load average {os.getloadavg()[0]:.1f}", flush=True)
        sql = store.queries["profile"].sql
        results = {}
        for layout, source in (("indicator-major (as now)", 'snapshot_db."values"'),
                               ("area-major copy", 'by_area."values"')):
            con.execute(f'create or replace view "values" as select * from {source}')
            con.execute(sql, jobs[0]).df()                          # warm-up
            times, frames = [], []
            for params in jobs:
                t0 = time.perf_counter()
                frames.append(con.execute(sql, params).df())
                times.append((time.perf_counter() - t0) * 1000)
            results[layout] = frames
            p50, p95 = np.percentile(times, [50, 95])
            print(f"profile, {layout:<26} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  (n={len(times)}; "
                  f"load average {os.getloadavg()[0]:.1f})", flush=True)
        for i, (a, b) in enumerate(zip(*results.values())):
            assert_same(f"profile run {i}", a, b)
        print(f"results equal in all {len(jobs)} runs")
        con.execute("detach by_area")


if __name__ == "__main__":
    main()
