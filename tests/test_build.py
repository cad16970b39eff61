"""`python -m jamstat build` writes the store's DuckDB file before serving; the app only reads it, and without it
reads the Parquet files and says how to build it."""

from __future__ import annotations

import pytest

from jamstat import __main__ as cli
from jamstat.build import build
from jamstat.store import BUILD_COMMAND, Store, StoreError
from jamstat.text import plain
from tests.test_store_faults import damage_row_group, data_dir, open_app  # noqa: F401 (data_dir is a fixture)


def hints(at) -> list[str]:
    return [plain(i.value) for i in at.info if BUILD_COMMAND in plain(i.value)]


def test_unbuilt_app_answers_from_parquet_and_says_how_to_build(data_dir):  # noqa: F811
    at = open_app({"kommun": "1780", "indikator": "N15419", "ar": "2022"})
    assert not at.error and at.get("vega_lite_chart")  # the same charts, read from the Parquet files
    (hint,) = hints(at)
    assert "långsammare" in hint
    assert not (data_dir / "cache").exists()  # the app wrote nothing
    english = open_app({"lang": "en"})
    assert "more slowly" in hints(english)[0]


def test_built_app_shows_no_hint(data_dir):  # noqa: F811
    build(data_dir)
    at = open_app({"kommun": "1780"})
    assert not at.error and not hints(at) and not at.warning


def test_build_command(data_dir, capsys):  # noqa: F811
    assert cli.main(["build"]) == 0
    (built,) = (data_dir / "cache").glob("values-*.duckdb")
    assert capsys.readouterr().out.strip() == f"build: {built} (snapshot) built"
    assert cli.main(["build", "--memory-limit", "1GB"]) == 0
    assert capsys.readouterr().out.strip() == f"build: {built} (snapshot) up to date"
    assert Store(data_dir).layout == "duckdb"


def test_build_command_without_a_snapshot(data_dir, capsys):  # noqa: F811
    (data_dir / "snapshot" / "areas.parquet").unlink()
    assert cli.main(["build"]) == 1
    err = capsys.readouterr().err
    assert "Build failed" in err and "areas.parquet" in err and "Traceback" not in err


def test_a_failed_build_leaves_no_file_behind(data_dir):  # noqa: F811
    damage_row_group(data_dir / "snapshot" / "values.parquet")  # footers intact: found only when read
    with pytest.raises(StoreError) as info:
        build(data_dir)
    assert info.value.problem == "unreadable" and info.value.path.name == "values.parquet"
    assert list((data_dir / "cache").iterdir()) == []  # no half-written file, no temp file
