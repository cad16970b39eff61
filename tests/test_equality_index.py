"""The equality index (queries/equality_index.sql) on the real snapshot: zeros count, no value older than the
year unmarked, one core set for every municipality, a share scored like its complement, and the page's text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from jamstat import settings
from jamstat.store import Store
from jamstat.text import STRINGS
from tests.conftest import INDEX_LIMITS, chart_data
from tests.test_pages import run_app, texts

YEAR = 2022


def index_of(store: Store, municipality_id: str, year: int = YEAR) -> pd.DataFrame:
    return store.run("equality_index", municipality_id=municipality_id, year=year, **INDEX_LIMITS)


@pytest.fixture(scope="module")
def all_municipalities(store) -> pd.DataFrame:
    """The 2022 index of every municipality, one frame."""
    areas = store.run("areas")
    ids = areas.loc[areas["kind"] == "municipality", "area_id"].tolist()
    assert len(ids) == 290
    return pd.concat([index_of(store, area_id).assign(area_id=area_id) for area_id in ids], ignore_index=True)


def test_a_zero_is_the_largest_difference_and_is_not_skipped(store):
    # Karlskoga 2022, full-time politicians: women 0 %, men 2.74 % (the old index skipped 2022 and used 2009).
    karlskoga = index_of(store, "1883").set_index("indicator_id").loc["N05810"]
    assert (karlskoga["year"], karlskoga["women"]) == (2022, 0.0)
    assert karlskoga["men"] == pytest.approx(2.739726, abs=1e-6)
    assert karlskoga["parity_score"] == 0.0 and karlskoga["status"] == "current"
    # Kramfors 2022, part-time politicians: 0 % women and 0 % men is equal, not missing.
    kramfors = index_of(store, "2282").set_index("indicator_id").loc["N05811"]
    assert (kramfors["year"], kramfors["women"], kramfors["men"]) == (2022, 0.0, 0.0)
    assert kramfors["parity_score"] == 100.0


def test_no_value_is_from_an_older_year_unless_marked_and_within_the_limit(all_municipalities):
    scored = all_municipalities[all_municipalities["parity_score"].notna()]
    older = scored[scored["year"] < YEAR]
    assert older["year"].min() >= YEAR - settings.INDEX_MAX_AGE  # nothing beyond the stated limit
    assert (older["status"] == "older").all()  # every older value is marked
    assert (scored.loc[scored["status"] == "current", "year"] == YEAR).all()
    assert (all_municipalities.loc[all_municipalities["parity_score"].isna(), "status"] == "missing").all()
    assert len(older) > 0  # the case is met: e.g. N01454 has no 2022 values in the snapshot
    assert set(older.loc[older["indicator_id"] == "N01454", "year"]) == {2021}
    missing = all_municipalities[all_municipalities["status"] == "missing"]
    assert missing[["year", "women", "men", "parity_score", "weight"]].isna().all().all()
    # The theme's counts say the same as the rows.
    per_theme = all_municipalities.groupby(["area_id", "theme"])
    assert (per_theme["n_older"].first() == per_theme["status"].apply(lambda s: (s == "older").sum())).all()


def test_every_municipality_gets_the_same_core_set(all_municipalities):
    sets = all_municipalities.groupby("area_id")["indicator_id"].apply(lambda ids: tuple(sorted(ids)))
    assert sets.nunique() == 1
    core = all_municipalities.groupby("indicator_id")
    assert (core.size() == 290).all()
    # Each core indicator has values (within the limit) for at least 90 % of the municipalities.
    assert (core["status"].apply(lambda s: (s != "missing").sum()) >= settings.INDEX_CORE_SHARE * 290).all()
    counts = all_municipalities.groupby(["area_id", "theme"]).agg(
        n_core=("n_core", "first"), rows=("indicator_id", "size"), n=("n_indicators", "first"),
        scored=("parity_score", "count"))
    assert (counts["n_core"] == counts["rows"]).all() and (counts["n"] == counts["scored"]).all()
    assert counts.groupby("theme")["n_core"].nunique().eq(1).all()
    # Men's violence against women: N01460 (exposed to violence or threats, a survey) has values for too few
    # municipalities and the reported-crime series are for women only, so the theme has no core indicator; the
    # safety survey (U01420, staying in for fear) is a core indicator of the safety theme instead.
    violence = set(all_municipalities.loc[all_municipalities["theme"] == "violence", "indicator_id"])
    assert violence == set()
    assert "U01420" in set(all_municipalities.loc[all_municipalities["theme"] == "safety", "indicator_id"])


def test_counts_levels_and_composition_shares_are_left_out(store, all_municipalities):
    units = store.run("indicators").set_index("indicator_id")["unit"]
    used = set(all_municipalities["indicator_id"])
    assert not ({"count", "years", "points"} & set(units.loc[list(used)]))
    rules = store.run("index_rules")
    composition = set(rules.loc[rules["reason"] == "composition", "value"])
    assert {"N02241", "N02274", "N02279", "N31889-N31887", "N05821"} <= composition
    assert not (used & composition) and "N05813" not in used and "N00925-N00923" not in used


def test_the_rules_cover_every_unit_and_name_real_indicators(store):
    rules = store.run("index_rules")
    assert set(rules.loc[rules["match"] == "unit", "value"]) == set(settings.UNITS)
    indicator_rules = rules[rules["match"] == "indicator"]
    assert indicator_rules["title_sv"].notna().all(), "a rule names an indicator the catalogue lacks"
    assert set(rules["treatment"]) <= {"share", "ratio", "exclude"}
    for key in {f"index_reason_{r}" for r in rules["reason"]} | {f"index_treatment_{x}" for x in rules["treatment"]}:
        assert key in STRINGS


def test_scores_by_hand_for_karlskoga_employer_theme(store):
    index = index_of(store, "1883")
    rows = index[index["theme"] == "employer"].set_index("indicator_id")
    # Sick leave: women 8.4 %, men 5.2 %: d = min(8.4, 100 - 5.2) = 8.4, so 100 * (1 - 3.2 / 8.4) = 100 * 5.2 / 8.4.
    assert rows.loc["N00090", "parity_score"] == pytest.approx(100 * (1 - 3.2 / 8.4))
    # Full-time employed: women 92.399267 %, men 93.564356 %: the complements 7.60 % and 6.44 % set the scale,
    # d = 100 - 92.399267 (the old min/max gave 98.8).
    women, men = 92.399267, 93.564356
    assert rows.loc["N00206", "parity_score"] == pytest.approx(100 * (1 - (men - women) / (100 - women)), abs=1e-4)
    assert rows.loc["N00206", "parity_score"] == pytest.approx(84.67, abs=0.01)
    # The whole theme from the snapshot's raw values (values.parquet), with the documented formula.
    raw = pd.read_parquet(settings.PROJECT_DIR / "data" / "snapshot" / "values.parquet",
                          filters=[("area_id", "==", "1883"), ("year", "==", YEAR)])
    raw = raw[raw["sex"].isin(["women", "men"])].pivot(index="indicator_id", columns="sex", values="value")

    def share(w: float, m: float) -> float:
        return 100.0 if w == m else 100 * (1 - abs(w - m) / min(max(w, m), 100 - min(w, m)))

    assert (rows["status"] == "current").all() and (rows["measure"] == "share").all()
    by_hand = {i: share(raw.loc[i, "women"], raw.loc[i, "men"]) for i in rows.index}
    assert rows["parity_score"].to_dict() == pytest.approx(by_hand)
    assert rows["theme_score"].iloc[0] == pytest.approx(sum(by_hand.values()) / len(by_hand))
    assert rows["contribution"].sum() == pytest.approx(rows["theme_score"].iloc[0])
    assert len(rows) == 15 and "N00214" not in rows.index  # employees' age groups: a composition share


def test_a_share_scores_the_same_as_its_complement(tmp_path):
    # The snapshot with sick leave (N00090) turned into "not on sick leave": every value v becomes 100 - v.
    shutil.copytree(settings.PROJECT_DIR / "data" / "snapshot", tmp_path / "snapshot")
    path = Path(tmp_path / "snapshot" / "values.parquet")
    values = pq.read_table(path)
    flip = pc.and_(pc.equal(values["indicator_id"], "N00090"), pc.is_valid(values["value"]))
    flipped = pc.if_else(flip, pc.subtract(pa.scalar(100.0), values["value"]), values["value"])
    pq.write_table(values.set_column(values.schema.get_field_index("value"), "value", flipped), path)
    original = index_of(Store(settings.PROJECT_DIR / "data", own_dir=tmp_path / "own"), "1883")
    complement = index_of(Store(tmp_path, own_dir=tmp_path / "own"), "1883")
    before = original.set_index("indicator_id").loc["N00090"]
    after = complement.set_index("indicator_id").loc["N00090"]
    assert (after["women"], after["men"]) == (pytest.approx(100 - 8.4), pytest.approx(100 - 5.2))
    assert after["parity_score"] == pytest.approx(before["parity_score"], abs=1e-9)


def test_overview_states_the_limit_the_coverage_and_marks_older_values():
    at = run_app({"kommun": "1883"}, page="app_pages/overview.py")
    caption = texts(at)
    assert "högst 2 år äldre" in caption and "kärnindikatorer" in caption and "minst 90 %" in caption
    # Karlskoga 2022: N01454 and N01455 are from 2021, nothing is missing.
    assert "2 av 144 är från ett äldre år" in caption and "0 saknas" in caption
    chart = chart_data(at).set_index("theme")  # the coverage beside each theme's score
    assert chart.loc["social_care", "label_text"] == "74,0 (25 av 25)"
    assert chart.loc["care", "label_text"] == "48,9 (2 av 2)"  # parental leave and VAB
    assert chart.loc["safety", "label_text"] == "30,9 (1 av 1)"
    assert chart.loc["violence", "label_text"] == "saknas (0 av 0)"  # no core indicator: said, not hidden
    assert chart.loc["economy", "n_older"] == 2
    at.session_state["overview_theme"] = "Ekonomisk jämställdhet"
    at.session_state["index_economy"] = True
    at.run()
    opened = [e for e in at.expander if e.label == "Indexets beräkning för temat" and e.children]
    table = opened[0].dataframe[0].value.set_index("Indikator")
    assert (table["Värdets år"] == "2021 (äldre år)").sum() == 2
    assert (table["Värdets år"] == "2022").sum() == len(table) - 2


def test_about_states_the_method_and_the_rules_in_both_languages():
    for language, needles in (("sv", ("högst 2 år äldre", "minst 90 %", "komplement", "Indexets regler")),
                              ("en", ("at most 2 years older", "at least 90%", "complement", "The index's rules"))):
        at = run_app({"lang": language}, page="app_pages/about.py")
        text = " ".join(m.value for m in at.markdown)
        assert all(needle in text for needle in needles), language
        rules = at.dataframe[-1].value
        assert len(rules) == len(pd.read_csv(settings.INDEX_RULES))


def test_the_chart_names_a_theme_without_core_indicators(store):
    from jamstat import charts
    # 2021: no violence indicator has values for 90 % of municipalities; the theme is shown as "0 of 0", no bar.
    spec = charts.theme_scores(index_of(store, "1883", 2021), lang="en", title="Index").to_dict()
    rows = {row["theme"]: row for rows in spec["datasets"].values() for row in rows if "theme" in row}
    assert set(rows) == set(settings.THEMES)
    assert rows["violence"]["label_text"] == "missing (0 of 0)" and rows["violence"]["score"] is None
    assert rows["power"]["label_text"].endswith("(27 of 27)")
