"""A damaged built DuckDB file (data/cache/*.duckdb), or one written by another DuckDB version, never takes the app
down: the store reads the Parquet files instead and says so, and the next `python -m jamstat build` builds it again.
Also: an error no page expected shows a message (the log has the detail), never a traceback or a server path."""

from __future__ import annotations

import logging
import os
import struct
from pathlib import Path

import pytest

from jamstat import settings
from jamstat.build import build, report
from jamstat.store import Store
from jamstat.text import plain
from tests.conftest import chart_data
from tests.test_store_faults import data_dir, open_app  # noqa: F401  (the fixture: a copy of data/)

MASK = (1 << 64) - 1


def _checksum(block: bytes) -> int:
    """DuckDB's block checksum (src/common/checksum.cpp) for a block whose size is a multiple of 8."""
    result = 5381
    for (word,) in struct.iter_unpack("<Q", block):
        result ^= (word * 0xBF58476D1CE4E5B9) & MASK
    return result


def other_version(path: Path) -> None:
    """The file as a DuckDB of another storage version wrote it: the main header's version number changed (and
    its checksum made right), so DuckDB refuses it as it refuses a file from a newer release."""
    data = bytearray(path.read_bytes())
    assert data[8:12] == b"DUCK"
    data[12:20] = struct.pack("<Q", 5000)
    data[0:8] = struct.pack("<Q", _checksum(bytes(data[8:4096])))
    path.write_bytes(bytes(data))


def truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def garbage(path: Path) -> None:
    path.write_bytes(os.urandom(300_000))


def damaged_blocks(path: Path) -> None:
    """Data blocks overwritten, the header and the catalogue intact: the file opens, a query then fails."""
    data = bytearray(path.read_bytes())
    start, end = 3 * 4096 * 64, int(len(data) * 0.8)
    data[start:end] = b"\xab" * (end - start)
    path.write_bytes(bytes(data))


FAULTS = [pytest.param(damage, id=damage.__name__) for damage in (truncated, garbage, other_version, damaged_blocks)]


def karlstad_women(store: Store) -> float:
    rows = store.run("gap_by_area", indicator_id="N15419", year=2022, municipality_id=None, peer_ids=[])
    return rows.set_index("area_id").loc["1780", "women"]


@pytest.fixture
def built(data_dir):  # noqa: F811
    result = build(data_dir)
    assert not result.reused and result.path.is_file()
    sound = Store(data_dir)
    assert sound.layout == "duckdb" and sound.hint is None
    expected = karlstad_women(sound)
    sound.close()
    return result.path, expected


@pytest.mark.parametrize("damage", FAULTS)
def test_a_damaged_built_file_falls_back_to_parquet_says_so_and_is_built_again(built, damage, caplog):
    path, expected = built
    damage(path)
    caplog.set_level(logging.WARNING, logger="jamstat")
    store = Store(path.parent.parent)
    assert karlstad_women(store) == pytest.approx(expected)  # the same answer, from the Parquet files
    assert store.layout == "parquet" and store.hint is not None and store.hint.problem == "built_damaged"
    assert any("cannot be read" in record.getMessage() for record in caplog.records)  # logged with the file
    store.close()

    at = open_app({"kommun": "1780", "indikator": "N15419", "ar": "2022"})
    assert not at.error and at.get("vega_lite_chart")
    assert chart_data(at).set_index("area_id").loc["1780", "women"] == pytest.approx(expected)
    shown = [plain(w.value) for w in at.warning if "databasfil" in w.value]
    assert len(shown) == 1 and "python -m jamstat build" in shown[0] and path.name in shown[0], shown
    assert str(path.parent) not in shown[0]  # no server path

    rebuilt = build(path.parent.parent)  # the next build (or restart after it) builds the file again
    assert not rebuilt.reused and rebuilt.replaced and rebuilt.path == path
    assert "built again" in report(rebuilt)
    repaired = Store(path.parent.parent)
    assert repaired.layout == "duckdb" and repaired.hint is None
    assert karlstad_women(repaired) == pytest.approx(expected)
    repaired.close()


def test_a_sound_built_file_is_reused(built):
    path, _ = built
    again = build(path.parent.parent)
    assert again.reused and not again.replaced and again.path == path


def test_an_unexpected_error_shows_a_message_not_a_traceback(data_dir, monkeypatch, caplog):  # noqa: F811
    """A damaged map boundary file (valid JSON, not boundaries) is a fault no page expects."""
    snapshot = data_dir / "snapshot"
    (snapshot / "municipalities.geojson").write_text('{"type": "nonsense"}', encoding="utf-8")
    monkeypatch.setattr(settings, "SNAPSHOT_DIR", snapshot)
    caplog.set_level(logging.ERROR, logger="jamstat")
    at = open_app({"kommun": "1780", "indikator": "N15419"})
    at.switch_page("app_pages/map.py").run()
    assert not at.exception, [e.value for e in at.exception]  # no traceback on screen
    errors = [plain(e.value) for e in at.error]
    assert any("Något gick fel" in text for text in errors), errors
    assert not any(str(settings.PROJECT_DIR) in text or str(data_dir) in text for text in errors)
    failed = [r for r in caplog.records if r.name == "app" or "failed" in r.getMessage()]
    assert failed and failed[0].exc_info and "karta" in failed[0].getMessage()


def test_streamlit_is_configured_to_hide_error_details():
    import tomllib
    config = tomllib.loads((settings.PROJECT_DIR / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
