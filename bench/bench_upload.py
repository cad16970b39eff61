"""The importer for users' own tables at its limits: a ~50 MB / 1 M-row CSV and a 100 k-row XLSX through
read_table + detect_mapping + validate, against a naive row-by-row Python import of the same CSV.

Each measurement runs in a fresh Python process, so its peak RSS is its own. Files go to bench/out/upload/.

    .venv/bin/python bench/bench_upload.py [--rows 1000000] [--xlsx-rows 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import load

from jamstat.sources import upload

OUT = PROJECT_DIR / "bench" / "out" / "upload"
HEADER = ["Område", "År", "Indikator", "Enhet", "Grupp", "Värde"]


def areas() -> pd.DataFrame:
    return pd.read_parquet(PROJECT_DIR / "data" / "snapshot" / "areas.parquet")


def table(rows: int) -> pd.DataFrame:
    """Unique (area, year, indicator, sex) keys: 290 municipalities (names and codes mixed) × years × indicators
    × women/men, values with a decimal comma, every 50th value missing ('..')."""
    municipalities = areas().query("kind == 'municipality'")
    names = np.where(np.arange(len(municipalities)) % 2 == 0, municipalities["name"], municipalities["area_id"])
    years = np.arange(1999, 2024)
    indicators = max(1, math.ceil(rows / (len(names) * len(years) * 2)))
    index = np.arange(rows)
    sex = index % 2
    rest = index // 2
    area = rest % len(names)
    year = years[(rest // len(names)) % len(years)]
    indicator = rest // (len(names) * len(years))
    generator = np.random.default_rng(7)
    value = np.round(generator.uniform(0, 100, rows), 1).astype(str)
    value = np.char.replace(value, ".", ",")
    value[index % 50 == 49] = ".."
    unit = np.where(indicator % 2 == 0, "procent", "timmar")
    labels = np.array([f"Fiktiv indikator {i}" for i in range(indicators)], dtype=object)
    return pd.DataFrame({"Område": names[area], "År": year, "Indikator": labels[indicator], "Enhet": unit,
                         "Grupp": np.where(sex == 0, "Kvinnor", "Män"), "Värde": value})


def write_files(rows: int, xlsx_rows: int) -> tuple[Path, Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    csv_path, xlsx_path = OUT / f"upload_{rows}.csv", OUT / f"upload_{xlsx_rows}.xlsx"
    if not csv_path.exists():
        table(rows).to_csv(csv_path, sep=";", index=False, encoding="utf-8")
    if not xlsx_path.exists():
        import openpyxl
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("Data")
        sheet.append(HEADER)
        for row in table(xlsx_rows).itertuples(index=False):
            sheet.append([row[0], int(row[1]), row[2], row[3], row[4],
                          None if row[5] == ".." else float(row[5].replace(",", "."))])
        workbook.save(xlsx_path)
    return csv_path, xlsx_path


def naive(data: bytes, frame_areas: pd.DataFrame) -> tuple[int, int]:
    """The conventional import: csv.reader and a Python loop, each rule checked row by row (same rules)."""
    municipalities, regions, codes, _ = upload._area_lookup(frame_areas)
    text = data.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text), delimiter=";")
    next(reader)
    accepted, problems, seen = [], [], set()
    last_year = time.localtime().tm_year + 1
    for number, row in enumerate(reader, 2):
        area, year, indicator, unit, group, value = (cell.strip() for cell in row)
        area_id = upload._resolve_area(area, municipalities, regions, codes)
        if area_id is None:
            problems.append((number, "area_unknown"))
            continue
        try:
            year_number = int(year)
        except ValueError:
            problems.append((number, "year_invalid"))
            continue
        if not upload.FIRST_YEAR <= year_number <= last_year:
            problems.append((number, "year_out_of_range"))
            continue
        sex = upload.GROUPS.get(group.lower(), (None,))[0]
        if sex is None:
            problems.append((number, "group_other"))
            continue
        unit_code = upload.UNITS.get(unit.lower(), unit)
        number_value, missing, invalid = upload._parse_number(value, ",")
        if invalid:
            problems.append((number, "value_not_number"))
            continue
        if unit_code in upload.NON_NEGATIVE_UNITS and number_value < 0:
            problems.append((number, "value_negative"))
            continue
        key = (area_id, year_number, indicator, sex)
        if key in seen:
            problems.append((number, "duplicate"))
            continue
        seen.add(key)
        accepted.append((indicator, unit_code, area_id, year_number, sex, number_value,
                         "missing" if missing else "", number))
    rows = pd.DataFrame(accepted, columns=["indicator", "unit", "area_id", "year", "sex", "value", "status",
                                           "source_row"])
    return len(rows), len(problems)


def measure(kind: str, path: str) -> dict:
    """One measurement in this (fresh) process."""
    frame_areas = areas()
    data = Path(path).read_bytes()
    started = time.perf_counter()
    if kind == "naive":
        rows, problems = naive(data, frame_areas)
        timings = {}
    else:
        raw = upload.read_table(data, Path(path).name)
        read = time.perf_counter()
        mapping = upload.detect_mapping(list(raw.frame.columns))
        checked = upload.validate(raw, mapping, frame_areas)
        rows, problems = len(checked.rows), sum(checked.counts.values())
        timings = {"read_s": read - started, "validate_s": time.perf_counter() - read}
    seconds = time.perf_counter() - started
    return {"kind": kind, "file_mb": len(data) / 1e6, "rows": rows, "problems": problems, "seconds": seconds,
            **timings, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "load": load()}


def run(kind: str, path: Path) -> dict:
    output = subprocess.run([sys.executable, __file__, "--measure", kind, str(path)], check=True,
                            capture_output=True, text=True, timeout=900).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    started = time.perf_counter()
    csv_path, xlsx_path = write_files(args.rows, args.xlsx_rows)
    print(f"files ready in {time.perf_counter() - started:.1f} s: {csv_path.name} "
          f"{csv_path.stat().st_size / 1e6:.1f} MB, {xlsx_path.name} {xlsx_path.stat().st_size / 1e6:.1f} MB")
    for kind, path in (("csv", csv_path), ("naive", csv_path), ("xlsx", xlsx_path)):
        results = [run(kind, path) for _ in range(args.repeat if kind != "xlsx" else 1)]
        best = min(results, key=lambda r: r["seconds"])
        times = ", ".join(f"{r['seconds']:.2f}" for r in results)
        split = (f" (read {best['read_s']:.2f} s + map/validate {best['validate_s']:.2f} s)"
                 if "read_s" in best else "")
        print(f"{kind:6s} {best['file_mb']:6.1f} MB  accepted {best['rows']:>9,}  problems {best['problems']:>7,}  "
              f"best {best['seconds']:6.2f} s{split}  runs [{times}] s  {best['rows'] / best['seconds']:>10,.0f} "
              f"rows/s  peak RSS {best['peak_rss_mb']:.0f} MB  {best['load']}")
        if kind == "csv":
            fast = best["seconds"]
        if kind == "naive":
            print(f"naive / vectorised: {best['seconds'] / fast:.1f}×")


if __name__ == "__main__":
    main()
