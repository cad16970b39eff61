"""Egen data through Streamlit's own test harness: upload through the file uploader, check, accept, chart, delete."""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from jamstat import owndata
from jamstat.sources import upload
from jamstat.text import markdown_literal
from tests.conftest import APP, chart_data, chart_titles

TIMEOUT = 60
PAGE = "app_pages/own_data.py"

GOOD_CSV = (
    "Område;År;Indikator;Enhet;Grupp;Värde\n"
    "Karlstad;2022;Talartid i fullmäktige;minuter;Kvinnor;312,5\n"
    "Karlstad;2022;Talartid i fullmäktige;minuter;Män;401\n"
    "1780;2023;Talartid i fullmäktige;minuter;K;288\n"
    "1780;2023;Talartid i fullmäktige;minuter;M;\n"
).encode()

BAD_CSV = (
    "Område;År;Indikator;Enhet;Grupp;Värde\n"
    "Karlstadd;2022;Talartid;minuter;Kvinnor;312\n"
    "Karlstad;2022;Talartid;minuter;Män;många\n"
).encode()


def open_page(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at, *kinds) -> str:
    kinds = kinds or ("warning", "error", "info", "caption", "success", "markdown")
    return " ".join(str(e.value) for kind in kinds for e in at.get(kind))


def button(at, key):
    return next(b for b in at.button if b.key == key)


def test_page_offers_templates_and_says_there_are_no_tables(own_tables_dir):
    at = open_page()
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"Mall (CSV)", "Mall (Excel)", "Mall, brett format (CSV)"} <= set(labels)
    assert "Inga egna tabeller är sparade ännu." in texts(at, "caption")
    assert "Egen data" not in at.sidebar.selectbox(key="theme").options


def test_upload_check_accept_and_see_it_in_over_time(own_tables_dir):
    at = open_page()
    at.file_uploader[0].upload("talartid.csv", GOOD_CSV, "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Förhandsvisning" in " ".join(s.value for s in at.subheader)
    assert "4 rader kan importeras" in texts(at, "info")
    assert list(own_tables_dir.iterdir()) == []  # nothing is written before the user accepts
    at.text_input(key="own_title").set_value("Talartid KF").run()
    button(at, "own_accept").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Tabellen ”Talartid KF” är sparad (4 rader)" in texts(at, "success")
    tables, _ = owndata.list_tables(own_tables_dir)
    assert [t.title for t in tables] == ["Talartid KF"] and tables[0].file_name == "talartid.csv"
    indicator_id = tables[0].indicators[0][0]

    # The new theme is in the sidebar, and Över tid draws the uploaded values exactly, the missing one as missing.
    assert "Egen data" in at.sidebar.selectbox(key="theme").options
    button(at, f"own_show_{tables[0].table_id}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["indikator"] == indicator_id and at.query_params["kommun"] == "1780"
    assert at.query_params["omraden"] == "1780"  # the table's own area, not empty panels for county and Sweden
    data = chart_data(at)
    women = data[(data["sex"] == "women") & (data["area_id"] == "1780")].set_index("year")["value"]
    men = data[(data["sex"] == "men") & (data["area_id"] == "1780")].set_index("year")["value"]
    assert women.to_dict() == {2022: 312.5, 2023: 288.0}
    assert men[2022] == 401.0 and (2023 not in men.index or pd.isna(men[2023]))
    assert "Talartid i fullmäktige" in chart_titles(at)[0]
    # The chart's captions (not the page's data-age line, which is about Kolada's data by design).
    chart_captions = " ".join(c.value for c in at.caption if not c.value.startswith("Data:"))
    assert "kommunens egna data" in chart_captions and "Kolada" not in chart_captions


def test_problems_are_listed_by_row_and_nothing_is_saved(own_tables_dir):
    at = open_page()
    at.file_uploader[0].upload("fel.csv", BAD_CSV, "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "fel" in texts(at, "error")
    problems = at.dataframe[-1].value
    assert {2, 3} <= set(problems["Rad"])
    assert any("Karlstad" in str(m) for m in problems["Problem"])  # the closest name is suggested
    assert any("”många”" in str(m) for m in problems["Problem"])  # the cell as it is, no Markdown escapes
    assert not any("\\" in str(m) for m in problems["Problem"])
    accept = [b for b in at.button if b.key == "own_accept"]
    assert not accept or accept[0].disabled
    assert list(own_tables_dir.iterdir()) == []


@pytest.mark.parametrize("name, content", [
    ("trasig.xlsx", b"PK\x03\x04 not a workbook at all"),
    ("tom.csv", b""),
    ("bara-rubrik.csv", "Område;År;Indikator;Enhet;Grupp;Värde\n".encode()),
    ("skräp.csv", bytes(range(256)) * 40),
])
def test_unreadable_files_get_a_clear_message(own_tables_dir, name, content):
    at = open_page()
    at.file_uploader[0].upload(name, content).run()
    assert not at.exception, [e.value for e in at.exception]
    assert texts(at, "error", "info", "warning").strip()
    assert list(own_tables_dir.iterdir()) == []


def test_demo_loads_with_one_click_and_can_be_replaced_and_deleted(own_tables_dir):
    at = open_page()
    button(at, "demo_talk_time").click().run()
    assert not at.exception, [e.value for e in at.exception]
    tables, _ = owndata.list_tables(own_tables_dir)
    assert len(tables) == 1 and tables[0].demo and "fiktiva siffror" in tables[0].title
    assert "påhittade siffror" in texts(at, "markdown")

    # Uploading a table with the same name asks before replacing it.
    at.file_uploader[0].upload("talartid.csv", GOOD_CSV, "text/csv").run()
    at.text_input(key="own_title").set_value(tables[0].title).run()
    assert button(at, "own_accept").disabled
    at.checkbox(key="own_replace").check().run()
    button(at, "own_accept").click().run()
    replaced, _ = owndata.list_tables(own_tables_dir)
    assert len(replaced) == 1 and replaced[0].rows == 4 and not replaced[0].demo

    button(at, f"own_delete_{replaced[0].table_id}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert owndata.list_tables(own_tables_dir)[0] == []
    assert "är borttagen" in texts(at, "success")


def test_both_demos_validate_cleanly_and_show_in_english(own_tables_dir):
    at = open_page({"lang": "en"})
    assert "Own data" in at.title[0].value
    button(at, "demo_bookings").click().run()
    assert not at.exception, [e.value for e in at.exception]
    tables, _ = owndata.list_tables(own_tables_dir)
    assert len(tables) == 1 and tables[0].rows > 0
    frame = owndata.read_table(tables[0].path).to_pandas()
    assert set(frame["population"]) == {"children"} and set(frame["unit"]) == {"hours"}
    for key in upload.demo_files():
        name, data = upload.demo_files()[key]
        raw = upload.read_table(data, name)
        assert upload.validate(raw, upload.detect_mapping(list(raw.frame.columns)),
                               at.session_state["view"].areas).ok


@pytest.mark.parametrize("page", ["app_pages/compare.py", "app_pages/overview.py", "app_pages/map.py", "app_pages/over_time.py"])
def test_every_page_shows_an_own_table_labelled_as_own_data(own_tables_dir, page):
    at = open_page()
    button(at, "demo_talk_time").click().run()
    table = owndata.list_tables(own_tables_dir)[0][0]
    indicator_id = table.indicators[0][0]
    stored = owndata.read_table(table.path).to_pandas()
    area = stored["area_id"].mode()[0]
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"kommun": area, "indikator": indicator_id})
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at, "caption", "info", "markdown")
    if page == "app_pages/overview.py":
        assert "Egen data" in [tab.label for tab in at.tabs]
        at.session_state["overview_theme"] = "Egen data"
        at.run()
        assert table.indicators[0][1] in " ".join(str(frame.value.to_csv()) for frame in at.dataframe)
    else:
        assert "kommunens egna data" in shown and "Kolada (RKA)" not in shown
        data = chart_data(at)
        assert area in set(data["area_id"])


@pytest.mark.parametrize("title", ["../../data/snapshot/values", "[klicka](https://evil.example) **fet**",
                                   "'; drop table areas; --", "\u202eKarlstad\u200f", "å" * 5000])
def test_hostile_table_names_stay_inside_data_own_and_render_as_text(own_tables_dir, title):
    at = open_page()
    at.file_uploader[0].upload("talartid.csv", GOOD_CSV, "text/csv").run()
    at.text_input(key="own_title").set_value(title[:80]).run()
    accept = button(at, "own_accept")
    if accept.disabled:  # a name with nothing to make a file name of is refused, visibly
        return
    accept.click().run()
    assert not at.exception, [e.value for e in at.exception]
    files = list(own_tables_dir.iterdir())
    assert len(files) == 1 and files[0].parent == own_tables_dir and files[0].suffix == ".parquet"
    shown = texts(at, "success", "markdown")
    assert "[klicka](https://evil.example)" not in shown  # escaped, so never a live link
    assert title[:20] in shown or markdown_literal(title[:80])[:20] in shown  # the name is shown, as text
    assert "drop table" not in files[0].name


def test_an_unreadable_saved_table_is_reported_once_and_kept(own_tables_dir):
    broken = own_tables_dir / "trasig.parquet"
    broken.write_bytes(b"PAR1 not really parquet")
    at = open_page()
    about_it = [w.value for w in at.warning if "trasig" in w.value]
    assert len(about_it) == 1  # on every page by the app's notices, not a second time by this page
    assert broken.exists()


def test_show_in_over_time_keeps_the_chosen_municipality_and_peers(own_tables_dir, store):
    """Regression: 'Visa i Över tid' reset the sidebar's municipality and peer group."""
    file_name, data = upload.demo_files()["talk_time"]  # a table about Karlstad
    raw = upload.read_table(data, file_name)
    checked = upload.validate(raw, upload.detect_mapping(list(raw.frame.columns)), store.run("areas"))
    table = owndata.save_table(checked.rows, "Talartid", file_name=file_name, demo=True)
    at = open_page({"kommun": "1880", "jmf": "group"})
    button(at, f"own_show_{table.table_id}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.sidebar.selectbox(key="municipality").value == "1880"
    assert at.sidebar.selectbox(key="peer_kind").value == "group"
    assert at.query_params["kommun"] == "1880" and at.query_params["jmf"] == "group"
    assert at.query_params["indikator"] == table.indicators[0][0]
    assert at.query_params["omraden"] == "1780"  # the table's own area
    assert set(chart_data(at)["area_id"]) == {"1780"}


ONE_YEAR_CSV = (
    "Område;År;Indikator;Enhet;Grupp;Värde\n"
    "Karlstad;2023;Talartid i fullmäktige;minuter;Kvinnor;312,5\n"  # no men's row: one warning
).encode()


def test_counts_of_one_and_a_single_year_read_right(own_tables_dir):
    """Regression: '1 indikatorer', '1 varningar', 'år 2023–2023'."""
    at = open_page()
    at.file_uploader[0].upload("ett_ar.csv", ONE_YEAR_CSV, "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "1 rad kan importeras: 1 indikator, 1 område. År 2023." in texts(at, "info")
    assert "1 varning:" in texts(at, "warning")


def test_over_time_names_the_areas_without_values(own_tables_dir):
    """Only the chosen area lacks values: say which, not that the indicator has none."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update({"indikator": "N17669", "omraden": "0115"})
    at.run()
    at.switch_page("app_pages/over_time.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at, "info")
    assert "Vallentuna" in shown and "den här indikatorn i datan" not in shown


def test_upload_limit_is_one_number():
    """The server's limit (.streamlit/config.toml, in MB) is the importer's, which the page's texts state."""
    import tomllib

    from jamstat.settings import PROJECT_DIR
    from jamstat.text import t
    config = tomllib.loads((PROJECT_DIR / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 2**20 == upload.MAX_BYTES
    assert f"{upload.MAX_BYTES // 2**20} MB" in t("own_upload", "sv")
