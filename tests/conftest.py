"""Shared fixtures: the real committed snapshot, and AppTest helpers."""

import json
import os
from pathlib import Path

import pyarrow as pa
import pytest

from jamstat.build import build
from jamstat.settings import (
    INDEX_CORE_SHARE,
    INDEX_MAX_AGE,
    PROJECT_DIR,
    SHARED_DATA_DIR,
)
from jamstat.store import Store

APP = str(PROJECT_DIR / "app.py")
# The equality index's limits as the app passes them (store.run("equality_index", ..., **INDEX_LIMITS)).
INDEX_LIMITS = {"max_age": INDEX_MAX_AGE, "core_share": INDEX_CORE_SHARE}


@pytest.fixture(autouse=True)
def own_tables_dir(tmp_path_factory, monkeypatch) -> Path:
    """Every test gets its own empty folder for users' own tables, never the developer's data/own/."""
    directory = tmp_path_factory.mktemp("own")
    monkeypatch.setenv("JAMSTAT_OWN_DIR", str(directory))
    return directory


@pytest.fixture(autouse=True)
def audit_log(tmp_path_factory, monkeypatch) -> Path:
    """Every test gets its own audit log and the local-file state (never the developer's data/audit.jsonl or a
    database named by the environment; the PostgreSQL tests set JAMSTAT_STATE_URL themselves)."""
    path = tmp_path_factory.mktemp("audit") / "audit.jsonl"
    monkeypatch.setenv("JAMSTAT_AUDIT_LOG", str(path))
    monkeypatch.delenv("JAMSTAT_STATE_URL", raising=False)
    return path


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL for the whole run (tests/postgres.py), its schema made by the project's command."""
    import subprocess
    import sys

    from tests import postgres
    if postgres.binaries() is None:
        if os.environ.get("CI"):  # .ci/run installs them: a skip there would hide a broken set-up
            pytest.fail("PostgreSQL binaries not installed although .ci/run installs them")
        pytest.skip("PostgreSQL binaries not installed (Debian: apt-get install -y postgresql; .ci/run does)")
    with postgres.running() as url:
        done = subprocess.run([sys.executable, "-m", "jamstat", "state-init"], cwd=PROJECT_DIR, check=False, capture_output=True,
                              text=True, env={**os.environ, "JAMSTAT_STATE_URL": url})
        assert done.returncode == 0, done.stderr
        yield url


@pytest.fixture
def state_db(postgres_server, monkeypatch) -> str:
    """Saved state in the test PostgreSQL, emptied before each test."""
    import psycopg
    with psycopg.connect(postgres_server) as connection:
        connection.execute("truncate own_tables, presentations, peer_groups, audit_log")
    monkeypatch.setenv("JAMSTAT_STATE_URL", postgres_server)
    return postgres_server


@pytest.fixture(scope="session", autouse=True)
def built_store() -> Path:
    """The app's built DuckDB file for the project's data/ (what `python -m jamstat build` writes; a no-op when it
    is up to date), so that the app under test, its pages and the store fixture take the fast path as when served.
    Tests of the unbuilt store use their own copies of data/snapshot/."""
    return build(PROJECT_DIR / "data").path


@pytest.fixture(scope="session")
def store(tmp_path_factory, built_store) -> Store:
    return Store(PROJECT_DIR / "data", own_dir=tmp_path_factory.mktemp("own_session"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not (SHARED_DATA_DIR / "derived" / "kolada_ddf_gender_kmt.parquet").exists():
        pytest.skip(f"raw Kolada files not present at {SHARED_DATA_DIR}")
    return SHARED_DATA_DIR


def chart_specs(at) -> list[dict]:
    return [json.loads(element.proto.spec) for element in at.get("vega_lite_chart")]


def chart_titles(at) -> list[str]:
    """Each chart's title and subtitle as the page shows them: the text just above the chart (the page's spec
    leaves them out so that a change of data alone keeps the spec; see charts.page_spec), unescaped."""
    import re
    titles, previous = [], ""

    def walk(node) -> None:
        nonlocal previous
        for child in getattr(node, "children", {}).values():
            kind = getattr(child, "type", "")
            if kind == "markdown":
                previous = re.sub(r"\\(.)", r"\1", child.value.replace("\u2060", "")).replace("**", "")
            elif kind == "vega_lite_chart":
                titles.append(previous)
            walk(child)

    walk(at._tree)
    return titles


def chart_data(at, index: int = 0):
    """The DataFrame a chart on the page draws (Streamlit ships Altair data as Arrow datasets)."""
    proto = at.get("vega_lite_chart")[index].proto
    frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in proto.datasets]
    if not frames:  # a spec passed as a dict carries its data inline
        import pandas as pd
        frames = [pd.DataFrame(rows) for rows in json.loads(proto.spec).get("datasets", {}).values()]
    # Layered charts also ship small helper datasets (e.g. the zero line); the drawn data is the largest.
    return max(frames, key=len)


def map_geometry(spec: dict) -> tuple[list[dict], dict]:
    """The features a map spec on the page draws (GeoJSON, inline as text: charts.with_geometry) and the layer
    that holds them and the map's own layers."""
    (holder,) = spec["layer"]
    data = holder["data"]
    assert data["format"] == {"type": "json", "property": "features"}
    collection = json.loads(data["values"])
    assert collection["type"] == "FeatureCollection"
    return collection["features"], holder
