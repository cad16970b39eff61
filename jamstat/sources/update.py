"""Live update: fetch the catalogue's KPIs from Kolada and merge them into data/live/values.parquet.

The write is atomic (temp file in the same directory, fsync, os.replace). If anything fails before
that (network, bad JSON, unknown ids, no data) nothing is written and the old files stay as they were.
A killed update leaves at most a hidden temp file, which the store never reads and the next update removes;
a lock on the live directory keeps two updates from merging into the same files at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; updates there must not run concurrently
    fcntl = None

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from jamstat import settings
from jamstat.catalog import Indicator, kpi_ids, load_catalog
from jamstat.sources import transform
from jamstat.sources.kolada import (
    FIRST_YEAR,
    UPDATE_SECONDS,
    KoladaClient,
    KoladaError,
    Progress,
)

log = logging.getLogger(__name__)

VALUES_FILE = "values.parquet"
META_FILE = "meta.json"
SCHEMA = pa.schema([
    ("indicator_id", pa.string()),
    ("area_id", pa.string()),
    ("year", pa.int16()),
    ("sex", pa.string()),
    ("value", pa.float64()),
    ("status", pa.string()),
    ("retrieved_at", pa.timestamp("us", tz="UTC")),
])
SORT_KEYS = ["indicator_id", "area_id", "year", "sex"]


@dataclass(frozen=True)
class UpdateResult:
    path: Path                      # the values.parquet written
    n_rows: int                     # rows fetched and written for the updated indicators
    indicators: tuple[str, ...]     # indicator ids whose rows were replaced
    retrieved_at: dt.datetime       # UTC, whole seconds
    n_total: int = 0                # rows in the file after the merge
    no_data: tuple[str, ...] = ()   # asked-for indicators Kolada returned nothing for (old rows kept)
    refused: tuple[tuple[str, int], ...] = ()  # (reason, rows) Kolada sent that failed validate_raw, not stored


def select_indicators(catalog: tuple[Indicator, ...], ids: list[str] | None) -> tuple[Indicator, ...]:
    """All indicators, or those named by indicator id or by a Kolada KPI id they read; unknown ids → KoladaError."""
    if not ids:
        return tuple(catalog)
    wanted = [i.strip() for i in ids if i and i.strip()]
    chosen: dict[str, Indicator] = {}
    unknown = []
    for ident in wanted:
        hits = [ind for ind in catalog
                if ident == ind.indicator_id or ident.upper() in (ind.kpi_women, ind.kpi_men)]
        if not hits:
            unknown.append(ident)
        for ind in hits:
            chosen.setdefault(ind.indicator_id, ind)
    if unknown:
        sample = ", ".join(ind.indicator_id for ind in catalog[:5])
        raise KoladaError(
            f"Unknown indicator or Kolada KPI id(s): {', '.join(unknown)}. Use an indicator_id or a "
            f"kpi_women/kpi_men id from jamstat/catalog.csv (e.g. {sample}). Nothing was fetched."
        )
    return tuple(ind for ind in catalog if ind.indicator_id in chosen)


def _frame(values: pd.DataFrame) -> pd.DataFrame:
    """Columns and dtypes of the live store, whatever the input's dtypes."""
    values = values.copy()
    if "retrieved_at" not in values:
        values["retrieved_at"] = pd.NaT
    values = values[[f.name for f in SCHEMA]]
    return values.astype({
        "indicator_id": "string", "area_id": "string", "year": "int16", "sex": "string",
        "value": "float64", "status": "string", "retrieved_at": "datetime64[us, UTC]",
    })


def _write_temp(target: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Write to a temp file next to target and fsync it; returns the temp path (caller replaces)."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


@contextlib.contextmanager
def _update_lock(live_dir: Path):
    """Hold live_dir's update lock (released by the OS if the process dies); KoladaError if another update has it.

    The lock is on the directory itself, so no lock file is left behind."""
    if fcntl is None:
        yield
        return
    fd = os.open(live_dir, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            raise KoladaError(f"Another update is writing to {live_dir} right now. Wait for it to finish, then "
                              "run the update again. Nothing was written.") from None
        yield
    finally:
        os.close(fd)


def snapshot_area_ids(snapshot_dir: Path | None = None) -> frozenset[str]:
    """The area ids of the areas table (data/snapshot/areas.parquet): the only ones an update may store."""
    path = Path(snapshot_dir or settings.SNAPSHOT_DIR) / "areas.parquet"
    return frozenset(pq.read_table(path, columns=["area_id"]).column("area_id").to_pylist())


def validate_raw(raw: pd.DataFrame, selected: tuple[Indicator, ...], area_ids: frozenset[str]
                 ) -> tuple[pd.DataFrame, dict[str, int]]:
    """Kolada's rows that may be stored, and how many were refused per reason: a KPI not in the catalogue, an area
    not in the areas table (e.g. '../../etc'), a year outside FIRST_YEAR..next year (99999 would wrap to -31073
    in the store's int16), a value that is not finite, or a share outside 0..100 where the unit is percent."""
    if raw.empty:
        return raw, {}
    units = {kpi: ind.unit for ind in selected for kpi in (ind.kpi_women, ind.kpi_men) if kpi}
    kpi = raw["kpi"].astype(str)
    area = raw["area_id"].astype(str).map(transform.normalise_area_id)
    year = pd.to_numeric(raw["year"], errors="coerce")
    value = pd.to_numeric(raw["value"], errors="coerce").astype("float64")
    finite = np.isfinite(value.to_numpy())
    percent = kpi.map(units).eq("percent").fillna(False).to_numpy(dtype=bool)
    checks = {
        "unknown_kpi": ~kpi.isin(list(units)).to_numpy(dtype=bool),
        "unknown_area": ~area.isin(list(area_ids)).to_numpy(dtype=bool),
        "year_out_of_range": ~year.between(FIRST_YEAR, dt.date.today().year + 1).to_numpy(dtype=bool),
        "value_not_finite": value.notna().to_numpy(dtype=bool) & ~finite,
        "share_out_of_range": percent & (value.notna() & ((value < 0) | (value > 100))).to_numpy(dtype=bool),
    }
    bad = np.zeros(len(raw), dtype=bool)
    refused = {}
    for reason, mask in checks.items():
        mask = mask & ~bad  # each row counted once, under its first reason
        if mask.any():
            refused[reason] = int(mask.sum())
            sample = raw[mask].head(3)[["kpi", "area_id", "year", "value"]].to_dict("records")
            log.warning("update: %d row(s) from Kolada refused (%s), e.g. %s", refused[reason], reason, sample)
        bad |= mask
    return raw[~bad].reset_index(drop=True), refused


def _remove_stale_temps(live_dir: Path) -> list[Path]:
    """Temp files a killed update left behind. Only call with the lock held: then no live writer owns them."""
    stale = [*live_dir.glob(f".{VALUES_FILE}.*.tmp"), *live_dir.glob(f".{META_FILE}.*.tmp")]
    for path in stale:
        path.unlink(missing_ok=True)
    if stale:
        log.info("removed %d temp file(s) a killed update left in %s", len(stale), live_dir)
    return stale


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def run_update(
    indicator_ids: list[str] | None = None,
    *,
    client: KoladaClient,
    catalog: tuple[Indicator, ...] | None = None,
    live_dir: Path = settings.LIVE_DIR,
    years: list[int] | None = None,
    progress: Progress | None = None,
    seconds: float | None = UPDATE_SECONDS,
    area_ids: frozenset[str] | None = None,
) -> UpdateResult:
    """Fetch the indicators' KPIs, map them with transform.to_values and merge into live_dir/values.parquet.

    Rows of the indicators fetched now replace their old rows (only the given years when `years`
    is set); other indicators' rows are kept. Rows that fail validate_raw are not stored (counted in refused).
    The whole fetch must end within `seconds`. Raises KoladaError and writes nothing on failure.
    """
    catalog = load_catalog() if catalog is None else tuple(catalog)
    selected = select_indicators(catalog, indicator_ids)
    kpis = kpi_ids(selected)
    if not kpis:
        raise KoladaError("No Kolada KPI ids to fetch for the chosen indicators; check jamstat/catalog.csv.")
    log.info("update: fetching %d KPI(s) for %d indicator(s) from %s", len(kpis), len(selected), client.base_url)
    client.set_deadline(seconds)
    try:
        raw = client.data(kpis, years=years, progress=progress)
    finally:
        client.set_deadline(None)
    raw, refused = validate_raw(raw, selected, snapshot_area_ids() if area_ids is None else area_ids)
    values = transform.to_values(raw, selected)
    if values.empty:
        what = f"years {', '.join(map(str, years))}" if years else "any year"
        raise KoladaError(f"Kolada returned no values for {', '.join(kpis)} ({what}). "
                          "Nothing was written; check the ids and years.")
    retrieved_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    new = _frame(values.assign(retrieved_at=pd.Timestamp(retrieved_at)))
    fetched = tuple(ind.indicator_id for ind in selected if ind.indicator_id in set(new["indicator_id"]))
    no_data = tuple(ind.indicator_id for ind in selected if ind.indicator_id not in fetched)

    live_dir = Path(live_dir)
    target = live_dir / VALUES_FILE
    live_dir.mkdir(parents=True, exist_ok=True)
    # From reading the old file to replacing it, one update at a time: a second would drop the first's rows.
    with _update_lock(live_dir):
        _remove_stale_temps(live_dir)
        parts = [new]
        if target.exists():
            try:
                old = _frame(pd.read_parquet(target))
            except Exception as exc:  # a broken file must not be silently dropped
                raise KoladaError(f"Could not read the existing {target} ({exc}); move it away and "
                                  "run the update again. Nothing was written.") from exc
            replaced = old["indicator_id"].isin(fetched)
            if years:
                replaced &= old["year"].isin([int(y) for y in years])
            parts.insert(0, old[~replaced])
        merged = pd.concat(parts, ignore_index=True).sort_values(SORT_KEYS, ignore_index=True)
        table = pa.Table.from_pandas(merged, schema=SCHEMA, preserve_index=False)
        meta = {
            "retrieved_at": retrieved_at.isoformat(),
            "base_url": client.base_url,
            "indicators": list(fetched),
            "kpis": kpis,
            "years": sorted(int(y) for y in years) if years else None,
            "n_rows": len(new),
            "n_total": len(merged),
            "no_data": list(no_data),
        }
        temps: list[Path] = []
        try:
            temps.append(_write_temp(target, lambda h: pq.write_table(table, h, compression="zstd")))
            meta_bytes = (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
            temps.append(_write_temp(live_dir / META_FILE, lambda h: h.write(meta_bytes)))
            # Values first: a kill between the two replaces leaves new values under the old meta.json
            # (the caption's retrieval date lags by one update), never values the store cannot read.
            os.replace(temps[0], target)
            os.replace(temps[1], live_dir / META_FILE)
        finally:
            for tmp in temps:
                tmp.unlink(missing_ok=True)
        _fsync_dir(live_dir)
    log.info("update: %d row(s) of %d indicator(s) written to %s (%d in total)", len(new), len(fetched), target,
             len(merged))
    return UpdateResult(path=target, n_rows=len(new), indicators=fetched, retrieved_at=retrieved_at,
                        n_total=len(merged), no_data=no_data, refused=tuple(refused.items()))
