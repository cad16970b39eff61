"""Paths and constants in one place; DATA_DIR and SHARED_DATA_DIR can be overridden by environment variables."""

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("JAMSTAT_DATA_DIR", PROJECT_DIR / "data"))
SNAPSHOT_DIR = DATA_DIR / "snapshot"
# Live updates from the Kolada API land here, in the same schema as the snapshot.
LIVE_DIR = DATA_DIR / "live"
QUERIES_DIR = PROJECT_DIR / "queries"
# Which indicators take part in the equality index and how each is scored, with a reason per rule (reviewed by hand;
# read by the store as the table index_rules).
INDEX_RULES = PROJECT_DIR / "jamstat" / "index_rules.csv"
# Raw public data used to build the snapshot (never read by the app at run time).
SHARED_DATA_DIR = Path(os.environ.get("JAMSTAT_SHARED_DATA", PROJECT_DIR.parent / "shared" / "data"))

# When Kolada's values in the embedded snapshot were retrieved (see data/snapshot/SOURCE.md).
SNAPSHOT_VINTAGE = "2024-08-30"
RIKET = "0000"
# Every page warns when the last live update from Kolada is older than this many days (a nightly
# `python -m jamstat update` has stopped running); JAMSTAT_STALE_AFTER_DAYS overrides it.
STALE_AFTER_DAYS = int(os.environ.get("JAMSTAT_STALE_AFTER_DAYS", "14"))
# DuckDB's buffer pool for the app's queries: pages of the values it has read stay cached up to this much (the OS
# page cache keeps the rest warm). Bounds the server's memory however big the store is (bench/README.md).
DUCKDB_MEMORY_LIMIT = os.environ.get("JAMSTAT_DUCKDB_MEMORY", "256MB")
# The equality index for year Y uses values of Y or, where Y has none, at most this many years older (marked as
# such): surveys published every other year (e.g. user assessments of home help) then keep their place in the
# index in the year between.
INDEX_MAX_AGE = 2
# An indicator is in the index's core set, the same for every municipality, when at least this share of all
# municipalities has values for it within that limit.
INDEX_CORE_SHARE = 0.9
SEXES = ("women", "men", "total")
# The six national gender-equality goals (power ... violence), then themes that name what the rest measure: the
# municipality as employer, its health and social care services, and safety (the reasons are on Om data).
THEMES = ("power", "economy", "education", "care", "health", "violence", "employer", "social_care", "safety")
# Users' own uploaded tables get their own theme (never part of the catalogue or the equality index).
OWN_THEME = "own"
# The indicator a theme opens on (the sidebar's default; the first theme's is the first screen's chart).
DEFAULT_INDICATORS = {"power": "N05815", "economy": "N00906", "education": "N15419", "care": "N00942-N00943",
                      "health": "N00938", "violence": "N01460", "employer": "N00090", "social_care": "N20891",
                      "safety": "N00610"}
UNITS = ("percent", "sek", "days", "years", "count", "per_1000", "per_10000", "per_100000", "points", "ratio")


def peer_sets_file() -> Path:
    """Users' saved peer sets (working store, not committed)."""
    return Path(os.environ.get("JAMSTAT_PEER_SETS", DATA_DIR / "peer_sets.json"))


def presentations_dir() -> Path:
    """Saved presentations (working store, not committed)."""
    return Path(os.environ.get("JAMSTAT_PRESENTATIONS", DATA_DIR / "presentations"))


def own_dir(data_dir: Path | None = None) -> Path:
    """Users' own uploaded tables, one Parquet file per table (working store, not committed)."""
    return Path(os.environ.get("JAMSTAT_OWN_DIR") or Path(data_dir or DATA_DIR) / "own")


def audit_file() -> Path:
    """The audit trail of changes to saved state (JSON lines, append-only; working store, not committed)."""
    return Path(os.environ.get("JAMSTAT_AUDIT_LOG", DATA_DIR / "audit.jsonl"))


def state_url() -> str:
    """A postgresql:// URL: own tables, presentations, peer groups and the audit log live there (several servers
    share them). Empty: local files under data/ (one server, the default)."""
    return os.environ.get("JAMSTAT_STATE_URL", "").strip()
