"""Exports open and say what they show: CSV/XLSX round trips, picture sizes and text, PPTX slides, QR codes."""

import io
import math

import pandas as pd
import pytest

from jamstat import charts, export

META = export.Metadata(title="Elever i åk 9, Värmland 2022", source="Källa: Kolada (RKA), egen bearbetning.",
                       kpis="N15428", unit="procent", data_version="inbäddad ögonblicksbild 2024-08-30",
                       exported_at="2026-11-27")


@pytest.fixture(scope="module")
def rows(store):
    members = store.run("peer_members", kind="region", municipality_id="1780", group_id=None)["area_id"].tolist()
    frame = store.run("gap_by_area", indicator_id="N15428", year=2022, municipality_id="1780", peer_ids=members)
    return frame.assign(area_name=frame["area_name"].fillna("Jämförelsegruppens medelvärde"))


@pytest.fixture(scope="module")
def chart(rows):
    return charts.dumbbell_by_area(rows, unit="percent", population="children", lang="sv",
                                   title="Elever i åk 9: flickor och pojkar per område, 2022", subtitle="Värmland")


def test_csv_parses_back_to_the_same_numbers(rows):
    parsed = pd.read_csv(io.BytesIO(export.csv_bytes(rows, META)), dtype={"area_id": str})
    assert parsed["area_id"].tolist() == rows["area_id"].tolist()
    for column in ("women", "men", "gap", "ratio"):
        for got, want in zip(parsed[column], rows[column]):
            assert (math.isnan(got) and math.isnan(want)) or got == pytest.approx(want, rel=1e-12)
    assert set(parsed["source"]) == {META.source} and set(parsed["kolada_kpi"]) == {"N15428"}
    assert set(parsed["data_version"]) == {META.data_version}


def test_xlsx_has_data_and_metadata(rows):
    from openpyxl import load_workbook
    book = load_workbook(io.BytesIO(export.xlsx_bytes(rows, META)))
    assert book.sheetnames == ["data", "om_data"]
    data = list(book["data"].values)
    header = list(data[0])
    karlstad = next(r for r in data[1:] if r[header.index("area_id")] == "1780")
    assert karlstad[header.index("women")] == pytest.approx(89.29336188)
    notes = [row[0] for row in book["om_data"].values]
    assert META.source in notes and any("N15428" in str(n) for n in notes)


def test_png_is_wide_enough_and_svg_carries_title_and_source(chart):
    png = export.chart_png(chart, "Källa: Kolada (RKA), egen bearbetning. KPI: N15428.")
    width, height = export.png_size(png)
    assert width >= 1920 and height > 500
    svg = export.chart_svg(chart, "Källa: Kolada (RKA), egen bearbetning. KPI: N15428.")
    assert "Elever i åk 9: flickor och pojkar per område, 2022" in svg
    assert "Källa: Kolada (RKA), egen bearbetning. KPI: N15428." in svg
    assert "Flickor" in svg and "Pojkar" in svg  # the legend is inside the picture


def test_pptx_has_one_slide_per_view_with_notes(chart):
    from pptx import Presentation
    picture = export.chart_png(chart, "Källa: Kolada")
    slides = [export.Slide(title=f"Bild {n}", picture_png=picture if n != 2 else None,
                           narrative=f"Mening {n}.", source="Källa: Kolada (RKA), egen bearbetning.",
                           note=f"Talarmanus {n}") for n in (1, 2, 3)]
    deck = Presentation(io.BytesIO(export.pptx_bytes(slides, "Utbildningsdag")))
    assert len(deck.slides) == 3
    assert [s.notes_slide.notes_text_frame.text for s in deck.slides] == ["Talarmanus 1", "Talarmanus 2",
                                                                          "Talarmanus 3"]
    texts = [" ".join(shape.text_frame.text for shape in s.shapes if shape.has_text_frame) for s in deck.slides]
    assert "Bild 1" in texts[0] and "Mening 3." in texts[2] and "3/3" in texts[2]
    pictures = [sum(1 for shape in s.shapes if shape.shape_type == 13) for s in deck.slides]
    assert pictures == [1, 0, 1]


def test_qr_code_is_local_svg():
    svg = export.qr_svg("http://127.0.0.1:8501/?kommun=1780&indikator=N15419")
    assert svg.lstrip().startswith("<?xml") or svg.lstrip().startswith("<svg")
    assert "<path" in svg


# Colour-vision simulation (Machado, Oliveira & Fernandes 2009, severity 1.0) on linear RGB.
MACHADO = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}


def _linear(hex_colour):
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]


def _luminance(rgb):
    r, g, b = (min(1, max(0, c)) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _lab_distance(a, b):
    def lab(rgb):
        r, g, b_ = (min(1, max(0, c)) for c in rgb)
        x = (0.4124 * r + 0.3576 * g + 0.1805 * b_) / 0.95047
        y = 0.2126 * r + 0.7152 * g + 0.0722 * b_
        z = (0.0193 * r + 0.1192 * g + 0.9505 * b_) / 1.08883

        def f(v):
            return v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116
        return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))
    return math.dist(lab(a), lab(b))


def test_women_and_men_colours_stay_distinct_for_colour_blind_viewers_and_in_greyscale():
    women, men = _linear(charts.SEX_COLOURS["women"]), _linear(charts.SEX_COLOURS["men"])
    for name, matrix in MACHADO.items():
        simulated = [[sum(row[i] * colour[i] for i in range(3)) for row in matrix] for colour in (women, men)]
        assert _lab_distance(*simulated) > 20, name  # clearly different (ΔE*ab > 20)
    grey_w, grey_m = _luminance(women), _luminance(men)
    contrast = (max(grey_w, grey_m) + 0.05) / (min(grey_w, grey_m) + 0.05)
    assert contrast > 1.2  # different greys even when printed in black and white


def test_exports_never_carry_a_live_formula_from_an_own_table():
    import openpyxl
    frame = pd.DataFrame({"indicator": ['=HYPERLINK("https://evil.example","klicka")', "@SUM(A1)", "+1+1", "Talartid"],
                          "gap": [-3.5, -1.0, 2.0, None], "note": ["-3,5", "=1+1", "ok", "\tx"]})
    meta = export.Metadata(title="=CMD()", source="Källa: kommunens egna data", kpis="", unit="minuter",
                           data_version="egen tabell", exported_at="2026-11-27")
    parsed = pd.read_csv(io.BytesIO(export.csv_bytes(frame, meta)), keep_default_na=False)
    assert parsed["indicator"].tolist()[:3] == ["'" + v for v in frame["indicator"][:3]]
    assert parsed["note"].tolist()[:2] == ["-3,5", "'=1+1"]  # a genuine number is left alone
    assert parsed["gap"].tolist()[:3] == ["-3.5", "-1.0", "2.0"]  # numbers stay numbers, no quote prefix
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(frame, meta)))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert any(cell.value == "'=CMD()" for cell in book["om_data"]["A"])


@pytest.fixture(scope="module")
def income(store):
    """Sammanräknad förvärvsinkomst (kr): the axis reaches hundreds of thousands."""
    rows = store.run("series_by_sex", indicator_id="N00906", area_ids=["1780", "0000"])
    return rows.assign(area_name=rows["area_id"].map({"1780": "Karlstad", "0000": "Riket"}))


@pytest.mark.parametrize("kind", ["svg", "png"])
def test_swedish_pictures_have_swedish_numbers_and_english_ones_english(income, kind):
    import re

    import vl_convert as vlc
    swedish = charts.lines_by_sex(income, unit="sek", population="adults", lang="sv", title="Inkomst").to_dict()
    english = charts.lines_by_sex(income, unit="sek", population="adults", lang="en", title="Income").to_dict()
    if kind == "svg":
        labels = re.findall(r">([^<]*)</text>", export.chart_svg(swedish, "Källa: Kolada"))
        assert "400\u202f000" in labels and "300\u202f000" in labels
        assert not any(re.fullmatch(r"\d{1,3}(,\d{3})+", label) for label in labels)  # no 400,000
        english_labels = re.findall(r">([^<]*)</text>", export.chart_svg(english, "Source: Kolada"))
        assert "400,000" in english_labels and "400\u202f000" not in english_labels
    else:
        # vl-convert gets the spec's locale: the picture equals one drawn with its Swedish locale passed
        # explicitly, and differs from the same spec drawn in English.
        spec = export._with_source(swedish, "Källa: Kolada")
        locale = {"format_locale": charts.LOCALES["sv"]["number"], "time_format_locale": charts.LOCALES["sv"]["time"]}
        scale = max(1.0, 600 / export.png_size(vlc.vegalite_to_png(spec, scale=1, **locale))[0] + 0.01)
        picture = export.chart_png(swedish, "Källa: Kolada", min_width=600)
        assert picture == vlc.vegalite_to_png(spec, scale=scale, **locale)
        bare = {**spec, "config": {k: v for k, v in spec.get("config", {}).items() if k != "locale"}}
        assert picture != vlc.vegalite_to_png(bare, scale=scale)


def test_swedish_gap_picture_has_swedish_minus_and_decimals(store):
    import re
    # N03926: Karlstad's gap between −0.58 and +0.37 points: the axis has negative decimals.
    rows = store.run("gap_by_year", indicator_id="N03926", area_ids=["1780"]).assign(area_name="Karlstad")
    svg = export.chart_svg(charts.gap_over_time(rows, unit="percent", population="adults", lang="sv", title="T"), "K")
    labels = re.findall(r">([^<]*)</text>", svg)
    assert any(re.fullmatch(r"\u22120,\d+", label) for label in labels), labels
    assert not any(re.fullmatch(r"-?\d+\.\d+", label) for label in labels)


def test_pptx_slide_without_summary_and_with_very_long_texts_stays_on_the_slide(chart):
    from pptx import Presentation
    from pptx.util import Emu
    picture = export.chart_png(chart, "Källa: Kolada")
    slides = [export.Slide("Jämställdhetsindex för Karlstad per tema", picture, "", "Metod: …", ""),
              export.Slide("Lång rubrik " * 30, picture, "En mycket lång mening. " * 80, "Källa: Kolada. " * 40, "")]
    deck = Presentation(io.BytesIO(export.pptx_bytes(slides, "Långa texter")))
    for slide in deck.slides:
        boxes = [shape for shape in slide.shapes if shape.has_text_frame]
        (picture_shape,) = [shape for shape in slide.shapes if shape.shape_type == 13]
        assert picture_shape.height > deck.slide_height // 4  # the chart keeps a readable share of the slide
        for shape in [*boxes, picture_shape]:
            assert shape.top >= 0 and shape.top + shape.height <= deck.slide_height
        for box in boxes:
            width_pt = Emu(box.width - box.text_frame.margin_left - box.text_frame.margin_right).pt
            needed = 0
            for paragraph in box.text_frame.paragraphs:
                size = paragraph.runs[0].font.size.pt
                per_line = int(width_pt / (0.55 * size))
                needed += -(-len(paragraph.text) // per_line) * 1.2 * size
            assert needed <= Emu(box.height).pt
    texts = [[shape.text_frame.text for shape in slide.shapes if shape.has_text_frame] for slide in deck.slides]
    assert texts[0][0] == "Jämställdhetsindex för Karlstad per tema" and texts[0][1] == "Metod: …   1/2"
    assert texts[1][0].endswith("…") and "2/2" in texts[1][1]  # shortened, never run off the slide
