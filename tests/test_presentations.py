"""Saved views and presentations: round trips, bad files, the presenter page, and saving from the sidebar."""

import json

import pytest

from jamstat import presentations
from jamstat.presentations import PresentationError, SavedView
from tests.conftest import chart_data
from tests.test_pages import run_app

VIEWS = [
    SavedView("jamfor", {"kommun": "1780", "indikator": "N15428", "ar": "2022", "jmf": "region"},
              "Behörighet till yrkesprogram i Värmland", "Börja med Karlstad."),
    SavedView("over-tid", {"kommun": "1780", "indikator": "N00942-N00943", "omraden": "1780,0000"},
              "Föräldrapenningdagar över tid", ""),
    SavedView("karta", {"kommun": "1780", "indikator": "N15428", "matt": "gap"}, "Karta", "Peka på norra Sverige."),
]


@pytest.fixture
def deck_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("JAMSTAT_PRESENTATIONS", str(tmp_path))
    for view in VIEWS:
        presentations.add_view(tmp_path, "Utbildningsdag Karlstad", view)
    return tmp_path


def test_save_then_load_restores_every_field(deck_dir):
    deck, problems = presentations.load(deck_dir / "utbildningsdag-karlstad.json")
    assert deck.title == "Utbildningsdag Karlstad"
    assert deck.views == VIEWS and problems == [None, None, None]


def test_corrupt_file_is_reported_and_never_overwritten(deck_dir):
    path = deck_dir / "utbildningsdag-karlstad.json"
    path.write_text('{"title": "x", "views": [', encoding="utf-8")
    with pytest.raises(PresentationError, match="left as it is"):
        presentations.load(path)
    with pytest.raises(PresentationError):
        presentations.add_view(deck_dir, "Utbildningsdag Karlstad", VIEWS[0])
    assert path.read_text(encoding="utf-8") == '{"title": "x", "views": ['


def test_hand_edited_view_is_flagged_and_the_rest_kept(deck_dir):
    path = deck_dir / "utbildningsdag-karlstad.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["views"][1] = {"page": "../../etc", "params": {"a": 1}}
    path.write_text(json.dumps(raw), encoding="utf-8")
    _, problems = presentations.load(path)
    assert problems[0] is None and problems[2] is None and "unknown page" in problems[1]
    before = path.read_bytes()
    with pytest.raises(PresentationError, match="not changed"):
        presentations.add_view(deck_dir, "Utbildningsdag Karlstad", VIEWS[0])
    assert path.read_bytes() == before


def test_presenter_steps_through_slides_and_a_broken_slide_says_why(deck_dir):
    path = deck_dir / "utbildningsdag-karlstad.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["views"][1]["params"]["indikator"] = "N99999"  # an indicator that no longer exists
    path.write_text(json.dumps(raw), encoding="utf-8")
    at = run_app(page="app_pages/presentation.py")
    assert "Bild 1 av 3" in " ".join(m.value for m in at.markdown)
    first = chart_data(at)
    assert "1780" in set(first["area_id"])
    assert any("flickor" in m.value and "Karlstad" in m.value for m in at.markdown)  # the narrative
    at.button(key="slide_next").click().run()
    assert at.query_params["bild"] == "2"
    assert any("N99999" in w.value for w in at.warning) and not at.get("vega_lite_chart")
    at.button(key="slide_next").click().run()
    assert at.query_params["bild"] == "3" and at.get("vega_lite_chart")
    assert at.button(key="slide_next").disabled
    at.button(key="slide_previous").click().run()
    assert at.query_params["bild"] == "2"


def test_presentation_url_restores_the_slide(deck_dir):
    at = run_app({"visning": "utbildningsdag-karlstad", "bild": "3"}, page="app_pages/presentation.py")
    assert "Bild 3 av 3" in " ".join(m.value for m in at.markdown)


def test_deck_files_have_one_slide_per_view_with_notes(deck_dir):
    import io
    import zipfile

    from pptx import Presentation
    at = run_app(page="app_pages/presentation.py")
    at.button(key="deck_build").click().run()
    assert not at.exception
    pptx_bytes, zip_bytes = at.session_state["_deck_files"][1:]
    deck = Presentation(io.BytesIO(pptx_bytes))
    assert len(deck.slides) == 3
    assert deck.slides[0].notes_slide.notes_text_frame.text == "Börja med Karlstad."
    assert len(zipfile.ZipFile(io.BytesIO(zip_bytes)).namelist()) == 3


def test_no_presentations_yet(tmp_path, monkeypatch):
    monkeypatch.setenv("JAMSTAT_PRESENTATIONS", str(tmp_path / "none"))
    at = run_app(page="app_pages/presentation.py")
    assert at.info and not at.get("vega_lite_chart")


def test_save_view_from_the_sidebar(tmp_path, monkeypatch):
    monkeypatch.setenv("JAMSTAT_PRESENTATIONS", str(tmp_path))
    at = run_app({"kommun": "1883", "indikator": "N00090", "jmf": "custom", "egna": "1880"})
    assert not at.sidebar.code  # the share box is filled only when opened
    at.session_state["share_box"] = True
    at.run()
    assert "kommun=1883" in at.sidebar.code[0].value and "egna=1880" in at.sidebar.code[0].value
    at.sidebar.text_input(key="save_presentation_title").input("Modellkommuner").run()
    at.sidebar.text_area(key="save_note").input("Jämför med Örebro.").run()
    at.sidebar.button(key="save_view").click().run()
    deck, problems = presentations.load(tmp_path / "modellkommuner.json")
    assert problems == [None]
    view = deck.views[0]
    assert view.page == "jamfor" and view.note == "Jämför med Örebro."
    assert view.params["kommun"] == "1883" and view.params["egna"] == "1880" and view.params["ar"] == "2022"


EVERY_KIND = [
    SavedView("oversikt", {"kommun": "1780", "jmf": "region", "ar": "2022"}, "Karlstads profil", "Index först."),
    SavedView("jamfor", {"kommun": "1780", "indikator": "N15428", "ar": "2022", "jmf": "region"},
              "Behörighet till yrkesprogram i Värmland", ""),
    SavedView("over-tid", {"kommun": "1780", "indikator": "N00942-N00943"}, "Föräldrapenningdagar över tid", ""),
    SavedView("karta", {"kommun": "1780", "indikator": "N15428", "matt": "gap"}, "Karta", ""),
]


def _estimated_lines(text: str, width_pt: float, size_pt: float) -> int:
    """Lines a paragraph takes in a box, with a generous average glyph width (0.55 em) for a sans-serif font."""
    per_line = max(1, int(width_pt / (0.55 * size_pt)))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def test_deck_with_every_page_kind_builds_pptx_and_pngs(tmp_path, monkeypatch):
    """Regression: an Översikt slide (no summary sentence) crashed the PowerPoint export with an IndexError."""
    import io
    import zipfile

    from pptx import Presentation
    from pptx.util import Emu
    monkeypatch.setenv("JAMSTAT_PRESENTATIONS", str(tmp_path))
    for view in EVERY_KIND:
        presentations.add_view(tmp_path, "Alla sidor", view)
    at = run_app(page="app_pages/presentation.py")
    at.button(key="deck_build").click().run()
    assert not at.exception, [e.value for e in at.exception]
    pptx_bytes, zip_bytes = at.session_state["_deck_files"][1:]
    assert len(zipfile.ZipFile(io.BytesIO(zip_bytes)).namelist()) == 4  # one picture per page kind
    deck = Presentation(io.BytesIO(pptx_bytes))
    assert len(deck.slides) == 4
    for view, slide in zip(EVERY_KIND, deck.slides, strict=True):
        text = " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
        assert view.title in text
        assert [shape.shape_type for shape in slide.shapes].count(13) == 1, view.page  # one picture
        if view.page != "oversikt":  # the profile slide has no one-sentence summary
            assert "Karlstad" in text and ("flickor" in text or "kvinnor" in text), (view.page, text)
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= deck.slide_width and shape.top + shape.height <= deck.slide_height
            if not shape.has_text_frame:
                continue
            frame = shape.text_frame
            assert frame.word_wrap
            width_pt = Emu(shape.width - frame.margin_left - frame.margin_right).pt
            needed = sum(_estimated_lines(p.text, width_pt, p.runs[0].font.size.pt) * 1.2 * p.runs[0].font.size.pt
                         for p in frame.paragraphs if p.runs)
            assert needed <= Emu(shape.height - frame.margin_top - frame.margin_bottom).pt, (view.page, frame.text)
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        texts_below = [s for s in slide.shapes if s.has_text_frame and s.top > pictures[0].top]
        assert all(pictures[0].top + pictures[0].height <= s.top for s in texts_below)  # no overlap


def test_slides_and_pages_share_defaults_and_years_from_the_data(store):
    """Regression: an Över tid slide without areas drew the municipality and Riket where the page draws the
    municipality, its county and Riket; Översikt's years were a hard-coded 1998–2022."""
    from jamstat import views
    data = views.Data.from_store(store)
    drawn, _ = views.from_params(data, "over-tid", {"kommun": "1780", "indikator": "N00942-N00943"}, "sv")
    assert drawn.rows["area_id"].unique().tolist() == ["1780", "17", "0000"]
    drawn, _ = views.from_params(data, "oversikt", {"kommun": "1780", "ar": "1995"}, "sv")  # Karlstad's data begin 1994
    assert drawn.file_stem == "index_1780_1995"
    drawn, _ = views.from_params(data, "oversikt", {"kommun": "1780"}, "sv")
    assert drawn.file_stem == "index_1780_2022"  # the latest year in the data


def test_overview_offers_the_years_in_the_data():
    at = run_app({"kommun": "1780", "ar": "1995"}, page="app_pages/overview.py")
    assert not at.warning, [w.value for w in at.warning]
    year = at.selectbox(key="overview_year")
    assert year.value == 1995 and year.options[0] == "2022" and year.options[-1] == "1994"
