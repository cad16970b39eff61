"""Broken store files: the app says which file is wrong and how to rebuild it, and draws no chart.

A broken live update (data/live/values.parquet) is left out with a visible warning: the snapshot still shows.
Each case runs the real app (AppTest) on a copy of data/ with one file damaged.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from jamstat import settings
from jamstat.catalog import load_catalog
from jamstat.settings import PROJECT_DIR
from jamstat.sources.update import run_update
from jamstat.store import Store, StoreError
from jamstat.text import plain
from tests.conftest import APP, chart_data
from tests.test_kolada_client import EDGE, Replay, client_for, fixture_bytes, ok

TIMEOUT = 60
REBUILD = "python -m jamstat snapshot"
DEFAULT_INDICATOR = "N05815"  # what Jämför opens on: its row group is the one damaged below


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """A copy of data/ that the app reads instead of the project's; caches cleared so it is really read."""
    data = tmp_path / "data"
    shutil.copytree(PROJECT_DIR / "data" / "snapshot", data / "snapshot")
    monkeypatch.setattr(settings, "DATA_DIR", data)
    monkeypatch.setenv("JAMSTAT_PEER_SETS", str(tmp_path / "peer_sets.json"))
    monkeypatch.setenv("JAMSTAT_PRESENTATIONS", str(tmp_path / "presentations"))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield data
    st.cache_resource.clear()
    st.cache_data.clear()


def open_app(params: dict | None = None, url_path: str = "") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(params or {})
    at._page_hash = calc_hash(url_path) if url_path else ""  # a deep link straight to the page
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def garbage(path: Path) -> None:
    path.write_bytes(b"PAR1 this is not a parquet file \x00\xff" * 100)


def folder(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "part-0.parquet").write_bytes(b"")


def wrong_columns(path: Path) -> None:
    shutil.copyfile(path.with_name("groups.parquet"), path)  # valid Parquet, but not this table


def damage_row_group(path: Path, indicator_id: str = DEFAULT_INDICATOR) -> None:
    """Overwrite the value column of the row group holding indicator_id: the footer stays intact."""
    meta = pq.ParquetFile(path).metadata
    data = bytearray(path.read_bytes())
    for number in range(meta.num_row_groups):
        group = meta.row_group(number)
        names = group.column(0).statistics
        if names.min <= indicator_id <= names.max:
            column = group.column(4)
            assert column.path_in_schema == "value"
            start = min(o for o in (column.dictionary_page_offset, column.data_page_offset) if o)
            data[start:start + column.total_compressed_size] = b"\xab" * column.total_compressed_size
            path.write_bytes(bytes(data))
            return
    raise AssertionError(f"no row group holds {indicator_id}")


SNAPSHOT_FAULTS = [
    pytest.param("values.parquet", truncate, "skadad", id="truncated-values"),
    pytest.param("areas.parquet", Path.unlink, "saknas", id="missing-areas"),
    pytest.param("indicators.parquet", garbage, "skadad", id="garbage-indicators"),
    pytest.param("values.parquet", folder, "inte en fil", id="folder-instead-of-values"),
    pytest.param("areas.parquet", wrong_columns, "saknar kolumnerna", id="wrong-columns-areas"),
    pytest.param("values.parquet", damage_row_group, "skadad", id="damaged-row-group-in-values"),
]


@pytest.mark.parametrize(("file_name", "damage", "says"), SNAPSHOT_FAULTS)
def test_broken_snapshot_file_gives_a_message_and_no_chart(data_dir, file_name, damage, says):
    damage(data_dir / "snapshot" / file_name)
    for url_path in ("", "over-tid"):
        at = open_app({"kommun": "1780"}, url_path)
        errors = [plain(e.value) for e in at.error]  # as shown on screen
        assert len(errors) == 1, errors
        assert file_name in errors[0] and says in errors[0] and REBUILD in errors[0], errors[0]
        assert not at.get("vega_lite_chart"), "a chart was drawn from broken data"
        assert not at.dataframe and not at.get("download_button")


def test_broken_store_message_in_english(data_dir):
    truncate(data_dir / "snapshot" / "values.parquet")
    at = open_app({"lang": "en"})
    # The language selectbox runs before the store is opened, so even this message is in English.
    message = plain(at.error[0].value)
    assert "values.parquet" in message and "is damaged or not a Parquet file" in message
    assert REBUILD in message and not at.get("vega_lite_chart")


def test_store_names_the_broken_file(data_dir):
    garbage(data_dir / "snapshot" / "groups.parquet")
    with pytest.raises(StoreError) as info:
        Store(data_dir)
    assert info.value.problem == "unreadable" and info.value.path.name == "groups.parquet"
    assert REBUILD in str(info.value)


def test_the_app_recovers_once_the_file_is_restored(data_dir):
    path = data_dir / "snapshot" / "areas.parquet"
    saved = path.read_bytes()
    path.unlink()
    assert open_app().error
    path.write_bytes(saved)  # a failed Store is not cached: the next visit opens the repaired store
    at = open_app()
    assert not at.error and at.get("vega_lite_chart")


# The live update ------------------------------------------------------------------------------------------

@pytest.fixture
def live_dir(data_dir) -> Path:
    """A real live update (replayed Kolada answer: Karlstad's 2022 girls' value suppressed)."""
    with client_for(Replay(ok(fixture_bytes(EDGE)))) as client:
        run_update(["N15419"], client=client, catalog=load_catalog(), live_dir=data_dir / "live", years=[2022])
    return data_dir / "live"


@pytest.mark.parametrize("damage", [truncate, garbage, folder, wrong_columns],
                         ids=["truncated", "garbage", "folder", "wrong-columns"])
def test_broken_live_file_falls_back_to_the_snapshot_with_a_warning(live_dir, damage):
    values = live_dir / "values.parquet"
    if damage is wrong_columns:
        shutil.copyfile(live_dir.parent / "snapshot" / "groups.parquet", values)
    else:
        damage(values)
    store = Store(live_dir.parent)
    assert [w.path for w in store.warnings] == [values] and not store.has_live_data
    assert store.data_version()["kind"] == "snapshot"  # meta.json still says live: it must not be believed
    snapshot = store.run("gap_by_area", indicator_id="N15419", year=2022, municipality_id=None, peer_ids=[])
    assert snapshot.set_index("area_id").loc["1780", "women"] == pytest.approx(76.5)  # the snapshot's value

    at = open_app({"kommun": "1780", "indikator": "N15419", "ar": "2022"})
    assert not at.error
    warning = next(plain(w.value) for w in at.warning if "live" in w.value)
    assert "values.parquet" in warning and "python -m jamstat update" in warning and "2024-08-30" in warning
    rows = chart_data(at).set_index("area_id")
    assert rows.loc["1780", "women"] == pytest.approx(76.5)
    assert any("inbäddad ögonblicksbild" in c.value for c in at.caption)
    # Every page shows the warning, not only the first.
    at.switch_page("app_pages/over_time.py").run()
    assert any("python -m jamstat update" in w.value for w in at.warning)


def test_sound_live_file_is_used_without_a_warning(live_dir):
    at = open_app({"kommun": "1780", "indikator": "N15419", "ar": "2022"})
    assert not at.warning and not at.error
    karlstad = chart_data(at).set_index("area_id").loc["1780"]
    assert karlstad["women"] != karlstad["women"]  # NaN: the live update's suppressed value wins
    assert any("uppdaterad från Kolada" in c.value for c in at.caption)
    assert json.loads((live_dir / "meta.json").read_text(encoding="utf-8"))["indicators"] == ["N15419"]
