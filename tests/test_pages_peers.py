"""Peer sets, Översikt and Om data through Streamlit's test harness."""

import json

import pytest

from jamstat.settings import THEMES
from tests.conftest import chart_data
from tests.test_pages import run_app


@pytest.fixture(autouse=True)
def peer_file(tmp_path, monkeypatch):
    path = tmp_path / "peer_sets.json"
    monkeypatch.setenv("JAMSTAT_PEER_SETS", str(path))
    return path


@pytest.mark.parametrize(("kind", "extra", "n_municipalities"), [
    ("region", {}, 12),  # Örebro län
    ("group", {}, 27),  # Karlskoga: "Mindre stad/tätort"
    ("all", {}, 290),
    ("kolada", {"grupp": "G114418"}, 0),  # a group Karlskoga is not in: falls back with a warning
    ("custom", {"egna": "1880,1884", "namn": "Modellkommuner"}, 2),
])
def test_every_peer_kind_on_compare(kind, extra, n_municipalities):
    at = run_app({"kommun": "1883", "indikator": "N15428", "ar": "2022", "jmf": kind, **extra})
    data = chart_data(at)
    municipalities = data[data["kind"] == "municipality"]
    if kind == "kolada":
        assert any("grupp" in w.value for w in at.warning)
        assert at.sidebar.selectbox(key="peer_group").value != "G114418"
        assert len(municipalities) >= 2
    elif kind == "custom":
        assert set(municipalities["area_id"]) == {"1880", "1884", "1883"}  # the peers plus the chosen municipality
    else:
        assert len(municipalities) == n_municipalities
    assert data["is_peer_mean"].sum() == 1


def test_custom_peer_set_is_saved_atomically_and_restored(peer_file):
    at = run_app({"kommun": "1883", "indikator": "N00090", "jmf": "custom"})
    at.sidebar.multiselect(key="peer_members").set_value(["1880"]).run()
    at.sidebar.text_input(key="peer_name").input("Karlskoga med Örebro").run()
    at.sidebar.button(key="peer_save").click().run()
    assert not at.exception
    assert json.loads(peer_file.read_text(encoding="utf-8")) == {"Karlskoga med Örebro": ["1880"]}
    assert at.query_params["egna"] == "1880" and at.query_params["namn"] == "Karlskoga med Örebro"
    fresh = run_app({"kommun": "1883", "indikator": "N00090", "jmf": "custom"})
    fresh.sidebar.selectbox(key="peer_saved").set_value("Karlskoga med Örebro").run()
    assert fresh.sidebar.multiselect(key="peer_members").value == ["1880"]
    peers = chart_data(fresh)
    assert set(peers.loc[peers["kind"] == "municipality", "area_id"]) == {"1880", "1883"}


def test_corrupt_peer_file_is_reported_and_kept(peer_file):
    peer_file.write_text("{not json", encoding="utf-8")
    at = run_app({"kommun": "1883", "indikator": "N00090", "jmf": "custom", "egna": "1880"})
    assert any("cannot be read" in w.value for w in at.sidebar.warning)
    assert peer_file.read_text(encoding="utf-8") == "{not json"


def test_saved_set_with_unknown_code_is_reported_not_dropped(peer_file):
    peer_file.write_text(json.dumps({"Gammal": ["9999", "1880"], "Bra": ["1880"]}), encoding="utf-8")
    at = run_app({"kommun": "1883", "indikator": "N00090", "jmf": "custom"})
    assert any("9999" in w.value for w in at.sidebar.warning)
    assert at.sidebar.selectbox(key="peer_saved").options[1:] == ["Bra"]
    assert "Gammal" in json.loads(peer_file.read_text(encoding="utf-8"))


def test_bad_custom_codes_in_url_warn():
    at = run_app({"kommun": "1883", "jmf": "custom", "egna": "1880,0000';--"})
    assert any("egna" in w.value for w in at.warning)


def test_overview_profile_tables_index_and_link_to_over_time():
    at = run_app({"kommun": "1883", "jmf": "custom", "egna": "1880"}, page="app_pages/overview.py")
    index = chart_data(at)
    assert set(index["theme"]) == set(THEMES)
    assert index["score"].dropna().between(0, 100).all()  # a theme without a core indicator has no score
    assert len(at.dataframe) == 1 and len(at.tabs) == len(THEMES)  # only the open tab (the sidebar's theme) is drawn
    at.session_state["overview_theme"] = "Kommunen som arbetsgivare"
    at.run()
    tables = [frame.value for frame in at.dataframe]
    employer = next(t for t in tables if t["Indikator"].str.contains("Sjukfrånvaro totalt").any())
    row = employer[employer["Indikator"].str.contains("Sjukfrånvaro totalt")].iloc[0]
    assert row["Skillnad"] == "+3,2 procentenheter" and row["Placering (minst skillnad = 1)"] == "2 av 2"
    assert row["Jämförelsegruppens skillnad"] == "+3,0 procentenheter (1 av 1, osäkert)"  # a mean of one peer
    assert "Dashboardens egen konstruktion" in at.get("vega_lite_chart")[0].proto.spec
    at.selectbox(key="overview_year").set_value(2015).run()
    years = {year for frame in at.dataframe for year in frame.value.get("År", [])}
    assert years and max(int(y) for y in years) <= 2015
    assert chart_data(at)["score"].tolist() != index["score"].tolist()
    contributions = [e for e in at.expander if e.label == "Indexets beräkning för temat"]
    assert len(contributions) == 1 and not any(e.children for e in contributions)  # filled when opened
    at.session_state["index_employer"] = True
    at.run()
    opened = [e for e in at.expander if e.label == "Indexets beräkning för temat" and e.children]
    assert len(opened) == 1 and "Bidrag" in " ".join(opened[0].dataframe[0].value.columns)


def test_overview_without_municipality_asks_for_one():
    at = run_app(page="app_pages/overview.py")
    assert at.info and not at.get("vega_lite_chart")


def test_over_time_gap_against_peers():
    at = run_app({"kommun": "1883", "indikator": "N00090", "jmf": "custom", "egna": "1880"},
                 page="app_pages/over_time.py")
    trend = chart_data(at, 2).set_index(["series", "year"])
    assert trend.loc[("municipality", 2022), "gap"] == pytest.approx(8.4 - 5.2)
    assert trend.loc[("peer_mean", 2022), "gap"] == pytest.approx(8.7 - 5.7)


def test_about_page_in_both_languages():
    for language, needle in (("sv", "procentenheter"), ("en", "percentage points")):
        at = run_app({"lang": language}, page="app_pages/about.py")
        text = " ".join(m.value for m in at.markdown)
        assert needle in text and "Kolada" in text
        assert len(at.dataframe[0].value) >= 150
    # The theme mapping and its reasons: each theme with its number of indicators, a thin goal saying so.
    at = run_app(page="app_pages/about.py")
    text = " ".join(m.value for m in at.markdown)
    assert "**Mäns våld mot kvinnor ska upphöra** (4 indikatorer). Delmål 6. **Få indikatorer**" in text
    assert "**Obetalt hem- och omsorgsarbete** (2 indikatorer). Delmål 4. **Bara två indikatorer**" in text
    assert "**Vård och omsorg** (31 indikatorer)" in text and "**Trygghet** (29 indikatorer)" in text


def test_overview_has_a_narrative_per_indicator_in_both_languages():
    for language, needle in (("sv", "år 2022 var"), ("en", "in 2022 the")):
        at = run_app({"kommun": "1780", "jmf": "region", "lang": language}, page="app_pages/overview.py")
        column = "I klartext" if language == "sv" else "In plain words"
        sentences = []
        for tab in [tab.label for tab in at.tabs]:  # one theme's table at a time
            at.session_state["overview_theme"] = tab
            at.run()
            sentences += [s for frame in at.dataframe if column in frame.value for s in frame.value[column]]
        assert len(sentences) >= 150
        assert any(needle in s.lower() for s in sentences)
        assert all("nan" not in s.lower().split() for s in sentences)
