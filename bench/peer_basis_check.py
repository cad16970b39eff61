"""How often a profile's peer mean rests on too few peers, and whether every such mean is flagged.

For every municipality's profile (one year, the municipalities of its county as peers) it counts the rows whose
peer mean rests on fewer than 3 peers or on fewer than half of them, asserts each is flagged peer_mean_uncertain
(and no other row is), and checks that counts (unit 'count') have no peer mean or rank. Prints the figures.

Usage (from the project root):
    .venv/bin/python bench/peer_basis_check.py [--year 2022]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jamstat.build import build
from jamstat.narrative import profile_parameters
from jamstat.settings import PROJECT_DIR
from jamstat.store import Store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2022)
    year = parser.parse_args().year
    build(PROJECT_DIR / "data")  # the served store: the built file (a no-op when up to date)
    store = Store(PROJECT_DIR / "data")
    areas = store.run("areas")
    municipalities = areas.loc[areas["kind"] == "municipality", "area_id"].tolist()
    started = time.perf_counter()
    profiles = []
    for municipality in municipalities:
        peers = store.run("peer_members", kind="region", municipality_id=municipality, group_id=None)["area_id"]
        profile = store.run("profile", municipality_id=municipality, peer_ids=peers.tolist(), year=year,
                            **profile_parameters())
        profiles.append(profile.assign(municipality_id=municipality))
    rows = pd.concat(profiles, ignore_index=True)
    seconds = time.perf_counter() - started

    with_mean = rows[rows["peer_mean_gap"].notna()]
    few = with_mean["n_peers"] < 3
    under_half = 2 * with_mean["n_peers"] < with_mean["n_peer_total"]
    thin = with_mean[few | under_half]
    unflagged = thin[~thin["peer_mean_uncertain"]]
    wrongly_flagged = rows[rows["peer_mean_uncertain"] & ~rows.index.isin(thin.index)]
    counts = rows[rows["unit"] == "count"]

    print(f"{len(municipalities)} municipalities x their county's municipalities as peers, year <= {year}: "
          f"{len(rows)} profile rows in {seconds:.1f} s ({1000 * seconds / len(municipalities):.0f} ms each)")
    print(f"  rows with a peer mean:                   {len(with_mean)}")
    print(f"  ... resting on fewer than 3 peers:       {int(few.sum())}")
    print(f"  ... resting on fewer than half the peers: {int(under_half.sum())}")
    print(f"  ... either (must be flagged):            {len(thin)} "
          f"({100 * len(thin) / max(len(with_mean), 1):.1f} % of peer means)")
    print(f"  ... resting on exactly one peer:         {int((with_mean['n_peers'] == 1).sum())}")
    print(f"  flagged peer_mean_uncertain:             {int(rows['peer_mean_uncertain'].sum())}")
    print(f"  not flagged though thin:                 {len(unflagged)}")
    print(f"  flagged though not thin:                 {len(wrongly_flagged)}")
    print(f"  municipalities with at least one thin peer mean: {thin['municipality_id'].nunique()}")
    print(f"  count rows (unit 'count'): {len(counts)}, with a rank or peer mean: "
          f"{int((counts['rank_abs_gap'].notna() | counts['peer_mean_gap'].notna()).sum())}")
    assert unflagged.empty, unflagged[["municipality_id", "indicator_id", "n_peers", "n_peer_total"]]
    assert wrongly_flagged.empty, wrongly_flagged[["municipality_id", "indicator_id", "n_peers", "n_peer_total"]]
    assert counts["rank_abs_gap"].isna().all() and counts["peer_mean_gap"].isna().all()
    print("OK: every thin peer mean is flagged, no other is, and no count is ranked or averaged.")


if __name__ == "__main__":
    main()
