"""Memory of the Store on a big store: RSS after opening it and after the pages' heaviest queries for 40
municipalities, with the DuckDB memory limit from JAMSTAT_DUCKDB_MEMORY (default: settings.DUCKDB_MEMORY_LIMIT).

    .venv/bin/python bench/store_memory.py bench/out/rows_50000000
    JAMSTAT_DUCKDB_MEMORY=16GB .venv/bin/python bench/store_memory.py bench/out/rows_50000000
"""

import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jamstat import settings
from jamstat.build import build
from jamstat.narrative import profile_parameters
from jamstat.store import Store


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS"))


def main(data_dir: Path) -> None:
    build(data_dir, config={"memory_limit": "4GB"})  # as before serving
    store = Store(data_dir)
    areas = store.run("areas")
    municipalities = areas[areas["kind"] == "municipality"]
    indicators = store.run("indicators")["indicator_id"].tolist()
    print(f"after open: RSS {rss_mb():.0f} MB; DuckDB memory_limit {settings.DUCKDB_MEMORY_LIMIT}")
    random.seed(1)
    times = {"profile": [], "equality_index": [], "gap_by_area": []}
    for number in range(40):
        chosen = municipalities.sample(1, random_state=number).iloc[0]
        peers = municipalities.loc[municipalities["region_id"] == chosen["region_id"], "area_id"].tolist()
        runs = {"profile": {"municipality_id": chosen["area_id"], "peer_ids": peers, "year": 2022, **profile_parameters()},
                "equality_index": {"municipality_id": chosen["area_id"], "year": 2022,
                                   "max_age": settings.INDEX_MAX_AGE, "core_share": settings.INDEX_CORE_SHARE},
                "gap_by_area": {"indicator_id": random.choice(indicators), "year": 2020,
                                    "municipality_id": chosen["area_id"], "peer_ids": peers}}
        for name, params in runs.items():
            start = time.perf_counter()
            store.run(name, **params)
            times[name].append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"after 40 municipalities x 3 queries: RSS {rss_mb():.0f} MB (peak {peak:.0f} MB, includes a cache "
          f"build if one ran); load {os.getloadavg()[0]:.1f}")
    for name, values in times.items():
        print(f"  {name}: p50 {statistics.median(sorted(values)[5:]) * 1000:.1f} ms (first 5 left out: warm-up)")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
