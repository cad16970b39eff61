"""Users' words stay words: an own table with a unit outside the catalogue and hostile names (Markdown links,
images, bare addresses) renders on every page, slide and deck as plain text, never a crash or a live link."""

import io
import re

import pytest
from streamlit.testing.v1 import AppTest

from jamstat import owndata, peers, presentations
from jamstat.presentations import SavedView
from jamstat.sources import upload
from jamstat.text import markdown_literal, plain
from tests.conftest import APP

TIMEOUT = 60
LINK = "[Logga in här](http://evil.example/login)"
IMAGE = "![p](http://127.0.0.1:9/x.png)"
BARE = "www.evil.example http://evil.example/x"
NAME = f"{LINK} {IMAGE} {BARE}"
UNIT = "bokningar per vecka"
AREAS = ("1780", "1880", "0180", "17", "0000")


def own_csv(name: str = NAME, unit: str = UNIT) -> bytes:
    rows = "".join(f"{area};{year};{name};{unit};{group};{value}\n" for area in AREAS for year in (2021, 2022)
                   for group, value in (("Kvinnor", 3), ("Män", 5)))
    return ("Område;År;Indikator;Enhet;Grupp;Värde\n" + rows).encode()


@pytest.fixture
def hostile_table(own_tables_dir, store):
    raw = upload.read_table(own_csv(), "bokningar.csv")
    checked = upload.validate(raw, upload.detect_mapping(list(raw.frame.columns)), store.run("areas"))
    assert checked.ok, checked.problems[:3]
    return owndata.save_table(checked.rows, f"Tabell {LINK}", file_name="bokningar.csv")


MARKDOWN_KINDS = ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader",
                  "toast", "exception")


def rendered(at: AppTest) -> list[str]:
    """Every text the page hands to Streamlit's Markdown renderer, widget labels included."""
    shown = [str(element.value) for kind in MARKDOWN_KINDS for element in at.get(kind)]
    for kind in ("expander", "tab", "button", "selectbox", "checkbox", "text_input", "radio", "multiselect"):
        shown += [str(getattr(element, "label", "")) for element in at.get(kind)]
    return shown


def assert_inert(shown: list[str]) -> None:
    for text in shown:
        assert "](" not in text and "![" not in text, text  # no Markdown link or image
        assert not re.search(r"https?://|www\.", text), text  # no bare address for auto-linking
        assert "<a " not in text and "<img" not in text, text


def open_app(params: dict, page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(params)
    at.run()
    at.switch_page(page).run()
    return at


@pytest.mark.parametrize("page", ["compare", "over_time", "map", "overview", "own_data", "about"])
def test_every_page_shows_an_unknown_unit_and_hostile_names_as_text(hostile_table, page):
    indicator_id = hostile_table.indicators[0][0]
    at = open_app({"kommun": "1780", "indikator": indicator_id, "omraden": "1780,1880"}, f"app_pages/{page}.py")
    assert not at.exception, [e.value for e in at.exception]
    if page == "overview":
        at.session_state["overview_theme"] = "Egen data"
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    shown = rendered(at)
    assert_inert(shown)
    if page in ("compare", "over_time", "map"):
        assert any(UNIT in text for text in shown)  # the unit as the user wrote it
        assert at.get("vega_lite_chart")
    if page == "map":  # a year without values names the indicator in the message (the reported injection)
        at = open_app({"kommun": "1780", "indikator": indicator_id, "ar": "2021", "lan": "12"}, "app_pages/map.py")
        assert not at.exception, [e.value for e in at.exception]
        assert_inert(rendered(at))


def test_slides_and_deck_of_a_hostile_own_table(hostile_table, tmp_path, monkeypatch):
    from pptx import Presentation
    monkeypatch.setenv("JAMSTAT_PRESENTATIONS", str(tmp_path))
    indicator_id = hostile_table.indicators[0][0]
    for page in ("jamfor", "over-tid", "karta"):
        presentations.add_view(tmp_path, f"Visning {LINK}", SavedView(
            page, {"kommun": "1780", "indikator": indicator_id, "ar": "2022", "omraden": "1780,1880"},
            f"Bild {IMAGE}", f"Anteckning {BARE}"))
    at = open_app({}, "app_pages/presentation.py")
    for number in range(3):
        assert not at.exception, [e.value for e in at.exception]
        assert at.get("vega_lite_chart"), number
        assert_inert(rendered(at))
        at.button(key="slide_next").click().run() if number < 2 else None
    at.button(key="deck_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    deck = Presentation(io.BytesIO(at.session_state["_deck_files"][1]))
    assert len(deck.slides) == 3
    text = " ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)
    assert f"Bild {IMAGE}" in text  # a file carries the words as written (plain text, no Markdown escapes)
    assert "\\" not in text and "\u2060" not in text


def test_hostile_peer_group_and_link_parameters_render_as_text(tmp_path, monkeypatch):
    path = tmp_path / "peer_sets.json"
    monkeypatch.setenv("JAMSTAT_PEER_SETS", str(path))
    peers.save(path, f"G {LINK}", ["1880", "0180"], {"1780", "1880", "0180"})
    for page, params in (("compare", {"indikator": IMAGE, "ar": LINK}), ("over_time", {"omraden": BARE}),
                         ("overview", {"namn": LINK}), ("map", {"lan": IMAGE, "matt": LINK})):
        at = open_app({"kommun": "1780", "jmf": "custom", "egna": "1880,0180", **params}, f"app_pages/{page}.py")
        assert not at.exception, [e.value for e in at.exception]
        assert_inert(rendered(at))
    at = open_app({"kommun": "1780", "jmf": "custom", "egna": "1880,0180", "namn": f"G {LINK}"},
                  "app_pages/overview.py")
    assert any("Logga in" in text for text in rendered(at))  # the group's name is shown, escaped


def test_markdown_literal_breaks_links_images_and_auto_links():
    for hostile in (LINK, IMAGE, BARE, "<a href='http://x'>x</a>", "user@evil.example"):
        escaped = markdown_literal(hostile)
        assert "](" not in escaped and "![" not in escaped and "http:" not in escaped and "www." not in escaped
        assert "user@" not in escaped
        assert plain(escaped) == hostile  # reads the same


def test_exports_carry_the_source_line_as_plain_text():
    """Regression: the source line of an own table carried Markdown escapes and word joiners (\\=HYPERLINK\\()."""
    import openpyxl
    import pandas as pd

    from jamstat import export, labels
    indicator = {"indicator_id": "own-x-1", "source": "upload", "source_id": '=HYPERLINK("http://evil.example")',
                 "unit": UNIT}
    source = labels.source_line(indicator, "sv")
    meta = export.Metadata("Titel", source, "", UNIT, "egen", "2026-01-01")
    frame = pd.DataFrame({"area_id": ["1780"], "value": [1.0]})
    written = export.csv_bytes(frame, meta).decode("utf-8")
    assert '=HYPERLINK(""http://evil.example"")' in written and "\\" not in written and "\u2060" not in written
    sheet = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(frame, meta)))["om_data"]
    lines = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert plain(source) in lines and not any("\\" in str(line) or "\u2060" in str(line) for line in lines)
    spec = export._with_source({"mark": "point", "title": "T"}, source)
    assert spec["title"]["subtitle"] == [plain(source)]


def test_own_table_warnings_do_not_show_the_servers_paths(own_tables_dir):
    (own_tables_dir / "trasig.parquet").write_bytes(b"PAR1 not really parquet")
    at = open_app({}, "app_pages/own_data.py")
    shown = [plain(w.value) for w in at.warning if "trasig" in w.value]
    assert len(shown) == 1, shown
    assert str(own_tables_dir) not in shown[0] and str(own_tables_dir.parent) not in shown[0], shown[0]
    assert "trasig.parquet" in shown[0]
