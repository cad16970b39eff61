"""Users' own tables: saved atomically under data/own/, read by the store into the same views as Kolada's data."""

import math
import os
import threading

import pandas as pd
import pyarrow.parquet as pq
import pytest

from jamstat import owndata
from jamstat.catalog import load_catalog
from jamstat.narrative import profile_parameters
from jamstat.settings import PROJECT_DIR
from jamstat.store import Store
from tests.conftest import INDEX_LIMITS


def rows(indicator="Talartid i fullmäktige", area="1780", years=(2021, 2022), women=(310.0, 295.5),
         men=(402.0, None), unit="minutes", population="adults") -> pd.DataFrame:
    out = []
    for year, w, m in zip(years, women, men, strict=True):
        for sex, value in (("women", w), ("men", m)):
            out.append({"indicator": indicator, "unit": unit, "population": population, "area_id": area,
                        "year": year, "sex": sex, "value": math.nan if value is None else value,
                        "status": "missing" if value is None else ""})
    return pd.DataFrame(out)


@pytest.fixture
def own_store(own_tables_dir):
    store = Store(PROJECT_DIR / "data", own_dir=own_tables_dir)
    yield store
    store.close()


def test_table_ids_are_file_safe_and_stable():
    assert owndata.table_id_for("Talartid i KF 2023") == "talartid-i-kf-2023"
    assert owndata.table_id_for("  Bokningar: Örnsköldsvik / hallar  ") == "bokningar-ornskoldsvik-hallar"
    assert owndata.table_id_for("../../etc/passwd") == "etc-passwd"
    assert owndata.table_id_for("会议发言时间").startswith("tabell-")
    with pytest.raises(owndata.OwnDataError):
        owndata.table_id_for("   ")
    # an indicator keeps its id when its table is replaced, so links to it keep working
    assert owndata.indicator_id_for("t", "Talartid") == owndata.indicator_id_for("t", "Talartid")
    assert owndata.indicator_id_for("t", "Talartid") != owndata.indicator_id_for("t", "Talartid ")


def test_saved_rows_reach_the_store_views_unchanged(own_store, own_tables_dir):
    saved = owndata.save_table(rows(), "Talartid KF", file_name="talartid.csv", directory=own_tables_dir)
    assert saved.rows == 4 and saved.file_name == "talartid.csv" and not saved.demo
    indicator_id = saved.indicators[0][0]
    indicators = own_store.run("indicators")
    own = indicators[indicators["indicator_id"] == indicator_id].iloc[0]
    assert (own["theme"], own["source"], own["source_id"], own["unit"], own["title_sv"]) == (
        "own", "upload", "Talartid KF", "minutes", "Talartid i fullmäktige")
    series = own_store.run("series_by_sex", indicator_id=indicator_id, area_ids=["1780"])
    women = series[series["sex"] == "women"].set_index("year")["value"]
    men = series[series["sex"] == "men"].set_index("year")["value"]
    assert women.to_dict() == {2021: 310.0, 2022: 295.5}
    assert men[2021] == 402.0 and pd.isna(men[2022])  # missing stays missing, never 0
    gaps = own_store.run("gap_by_area", indicator_id=indicator_id, year=2021, municipality_id="1780",
                         peer_ids=[]).set_index("area_id")
    assert gaps.loc["1780", "gap"] == pytest.approx(310.0 - 402.0)
    stored = owndata.read_table(saved.path).to_pandas()
    assert set(stored["source"]) == {"upload"} and stored["year"].tolist() == [2021, 2021, 2022, 2022]
    # Kolada's indicators are all still there
    assert (indicators["source"] != "upload").sum() == len(load_catalog())


def test_profile_shows_own_theme_but_the_index_leaves_it_out(own_store, own_tables_dir):
    saved = owndata.save_table(rows(), "Talartid KF", directory=own_tables_dir)
    profile = own_store.run("profile", municipality_id="1780", peer_ids=[], year=2022, **profile_parameters())
    own = profile[profile["theme"] == "own"]
    assert list(own["indicator_id"]) == [saved.indicators[0][0]]
    assert own.iloc[0]["year"] == 2021  # 2022 lacks men's value, so the latest complete year is 2021
    index = own_store.run("equality_index", municipality_id="1780", year=2022, **INDEX_LIMITS)
    assert not index.empty and "own" not in set(index["theme"])


def test_replace_keeps_the_old_table_until_the_new_one_is_written(own_store, own_tables_dir, monkeypatch):
    first = owndata.save_table(rows(), "Talartid KF", directory=own_tables_dir)
    before = first.path.read_bytes()

    def broken_write(table, where, **kwargs):
        where.write(b"PAR1 half a file")
        raise OSError("disk full")

    monkeypatch.setattr(pq, "write_table", broken_write)
    with pytest.raises(OSError):
        owndata.save_table(rows(women=(1.0, 2.0)), "Talartid KF", directory=own_tables_dir)
    monkeypatch.undo()
    assert first.path.read_bytes() == before
    assert [p.name for p in own_tables_dir.iterdir()] == [first.path.name]  # no temp file left behind
    second = owndata.save_table(rows(women=(1.0, 2.0)), "Talartid KF", directory=own_tables_dir)
    assert second.path == first.path
    series = own_store.run("series_by_sex", indicator_id=second.indicators[0][0], area_ids=["1780"])
    assert sorted(series.loc[series["sex"] == "women", "value"]) == [1.0, 2.0]


def test_delete_removes_the_table_from_every_view(own_store, own_tables_dir):
    saved = owndata.save_table(rows(), "Talartid KF", directory=own_tables_dir)
    assert (own_store.run("indicators")["theme"] == "own").sum() == 1
    owndata.delete_table(saved.table_id, directory=own_tables_dir)
    assert (own_store.run("indicators")["theme"] == "own").sum() == 0
    assert own_store.run("series_by_sex", indicator_id=saved.indicators[0][0], area_ids=["1780"]).empty
    with pytest.raises(owndata.OwnDataError):
        owndata.delete_table(saved.table_id, directory=own_tables_dir)
    with pytest.raises(owndata.OwnDataError):
        owndata.delete_table("../snapshot/values", directory=own_tables_dir)


def test_a_corrupt_own_table_is_reported_and_left_in_place(own_store, own_tables_dir):
    good = owndata.save_table(rows(), "Talartid KF", directory=own_tables_dir)
    broken = own_tables_dir / "trasig.parquet"
    broken.write_bytes(b"PAR1 not really parquet")
    wrong = own_tables_dir / "fel-kolumner.parquet"
    pd.DataFrame({"a": [1]}).to_parquet(wrong)
    indicators = own_store.run("indicators")
    assert good.indicators[0][0] in set(indicators["indicator_id"])
    assert len(own_store.own_problems) == 2
    assert any("trasig.parquet" in p for p in own_store.own_problems)
    assert any("fel-kolumner.parquet" in p and "lacks the columns" in p for p in own_store.own_problems)
    assert broken.exists() and wrong.exists()  # never deleted: the user may still want it


def test_two_sessions_saving_different_tables_at_once_do_not_corrupt_each_other(own_store, own_tables_dir):
    errors = []

    def save(number):
        try:
            for round_ in range(5):
                owndata.save_table(rows(women=(number, round_)), f"Tabell {number}", directory=own_tables_dir)
        except Exception as error:  # noqa: BLE001 - the test reports whatever went wrong
            errors.append(error)

    threads = [threading.Thread(target=save, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    tables, problems = owndata.list_tables(own_tables_dir)
    assert problems == [] and sorted(t.title for t in tables) == ["Tabell 1", "Tabell 2"]
    for table in tables:
        number = float(table.title.split()[-1])
        values = owndata.read_table(table.path).to_pandas()
        assert values.loc[values["sex"] == "women", "value"].tolist() == [number, 4.0]
    assert not [p for p in os.listdir(own_tables_dir) if p.endswith(".tmp")]


def test_save_refuses_rows_it_cannot_store(own_tables_dir):
    with pytest.raises(owndata.OwnDataError, match="lack the columns"):
        owndata.save_table(pd.DataFrame({"indicator": ["x"]}), "T", directory=own_tables_dir)
    with pytest.raises(owndata.OwnDataError, match="no rows"):
        owndata.save_table(rows().iloc[0:0], "T", directory=own_tables_dir)
    assert list(own_tables_dir.iterdir()) == []
