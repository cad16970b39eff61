"""Exports made on the server, offline: chart pictures (vl-convert), CSV/XLSX with their metadata, PPTX, QR codes."""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd

from jamstat.sources.upload import neutralise_formulas
from jamstat.text import plain

# Pictures for reports and slides: at least 1920 px wide.
PICTURE_WIDTH = 1920
LAYOUT_WIDTH = 1200  # the chart is laid out at this width, then scaled up for sharp text


@dataclass(frozen=True)
class Metadata:
    """What every exported file must say about its numbers. source may be the page's Markdown (a user's table
    name escaped by text.markdown_literal): files get it as plain text."""

    title: str
    source: str  # e.g. "Källa: Kolada (RKA), egen bearbetning"
    kpis: str
    unit: str
    data_version: str
    exported_at: str  # ISO date

    def lines(self) -> list[str]:
        kpis = [f"KPI: {self.kpis}"] if self.kpis else []  # an own table has no Kolada KPI
        return [self.title, plain(self.source), *kpis, f"Unit/Enhet: {self.unit}",
                f"Data version/Dataversion: {self.data_version}", f"Exported/Exporterad: {self.exported_at}"]


def _with_source(chart: alt.TopLevelMixin | dict, source_line: str) -> dict:
    """The chart at a fixed width with the source as the last subtitle line (plain text: the page's Markdown
    escapes and word joiners would show), so the picture carries it."""
    # A spec may be shared (the page's cached one): copy every level that is changed, never edit it in place.
    spec = dict(chart) if isinstance(chart, dict) else chart.to_dict()
    if "datasets" in spec:  # the page's specs carry their data as Arrow (ui.chart_spec); vl-convert wants JSON
        spec["datasets"] = {name: _records(values) for name, values in spec["datasets"].items()}
    title = spec.get("title", {})
    title = {"text": title} if isinstance(title, (str, list)) else dict(title)
    subtitle = title.get("subtitle", [])
    subtitle = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    title["subtitle"] = [line for line in [*subtitle, plain(source_line)] if line]
    spec["title"] = title
    if spec.get("width") == "container":
        spec["width"] = LAYOUT_WIDTH
    if "layer" in spec:
        spec["layer"] = [{**child, "width": LAYOUT_WIDTH} if child.get("width") == "container" else child
                         for child in spec["layer"]]
    spec.setdefault("background", "white")
    spec.pop("autosize", None)
    return spec


def _records(values):
    if not isinstance(values, bytes):
        return values
    import pyarrow as pa
    return pa.ipc.open_stream(values).read_all().to_pylist()


def _locale(spec: dict) -> dict:
    """vl-convert's number and time locale from the spec's own (charts.LOCALES: Swedish on the Swedish UI), so
    the picture reads like the page; a spec without one gets Vega's en-US."""
    locale = spec.get("config", {}).get("locale", {})
    return {"format_locale": locale.get("number", "en-US"), "time_format_locale": locale.get("time", "en-US")}


def chart_svg(chart: alt.TopLevelMixin | dict, source_line: str) -> str:
    import vl_convert as vlc
    spec = _with_source(chart, source_line)
    return vlc.vegalite_to_svg(spec, **_locale(spec))


def chart_png(chart: alt.TopLevelMixin | dict, source_line: str, min_width: int = PICTURE_WIDTH) -> bytes:
    """PNG at least min_width pixels wide (scaled, not stretched)."""
    import vl_convert as vlc
    spec = _with_source(chart, source_line)
    natural = vlc.vegalite_to_png(spec, scale=1, **_locale(spec))
    width = png_size(natural)[0]
    return vlc.vegalite_to_png(spec, scale=max(1.0, min_width / width + 0.01), **_locale(spec))


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG header (IHDR), without decoding the picture."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def csv_bytes(frame: pd.DataFrame, meta: Metadata) -> bytes:
    """Plain CSV (parses back with any reader); the metadata are columns on every row."""
    out = frame.assign(source=plain(meta.source), kolada_kpi=meta.kpis, unit=meta.unit, data_version=meta.data_version,
                       exported_at=meta.exported_at)
    # Own tables carry users' cell text: a spreadsheet must never run it as a formula.
    return neutralise_formulas(out).to_csv(index=False).encode("utf-8")


def xlsx_bytes(frame: pd.DataFrame, meta: Metadata) -> bytes:
    """A workbook with the data and a sheet that says where the numbers come from."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        # openpyxl writes a text starting with "=" as a formula: neutralise users' cell text first.
        neutralise_formulas(frame).to_excel(writer, sheet_name="data", index=False)
        neutralise_formulas(pd.DataFrame({"om / about": meta.lines()})).to_excel(
            writer, sheet_name="om_data", index=False)
    return buffer.getvalue()


@dataclass(frozen=True)
class Slide:
    title: str
    picture_png: bytes | None  # None when the view could not be drawn; the message goes in narrative
    narrative: str
    source: str  # the page's caption (Markdown); the slide shows it as plain text
    note: str


# Slide geometry (16:9) and text sizes, in EMU (914 400 per inch, 12 700 per point).
SLIDE_WIDTH, SLIDE_HEIGHT = 12192000, 6858000
SLIDE_MARGIN = 400000
TEXT_INSET = 45720  # python-pptx's default top/bottom inset of a text box (0.05 in); left/right are set to this too
POINT = 12700
GLYPH_WIDTH = 0.55  # a sans-serif letter's average width in em, on the generous side, to estimate line breaks
LINE_HEIGHT = 1.2  # line spacing in em


def _lines(text: str, width: int, size: float) -> int:
    """About how many lines a paragraph wraps to in a box `width` EMU wide (inset included) at `size` points."""
    per_line = max(1, int((width - 2 * TEXT_INSET) / POINT / (GLYPH_WIDTH * size)))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def _height(paragraphs: Sequence[tuple[str, float]], width: int) -> int:
    """The box height (EMU) that holds the paragraphs, each (text, size in points)."""
    return 2 * TEXT_INSET + int(sum(_lines(text, width, size) * LINE_HEIGHT * size * POINT
                                    for text, size in paragraphs if text))


def _fit(texts: Sequence[str], sizes: Sequence[tuple[float, float]], width: int, max_height: int
         ) -> list[tuple[str, float]]:
    """Each text with the largest size in its (largest, smallest) range, stepped down together by one point, that
    fits in max_height; at the smallest sizes a text that still does not fit is shortened with an ellipsis."""
    steps = int(max(large - small for large, small in sizes))
    for step in range(steps + 1):
        chosen = [(text, max(small, large - step)) for text, (large, small) in zip(texts, sizes, strict=True)]
        if _height(chosen, width) <= max_height:
            return chosen
    # Still too long: shorten the first (longest-winded) text until it fits.
    first, size = chosen[0]
    while first and _height([(first + " …", size), *chosen[1:]], width) > max_height:
        first = first[: int(len(first) * 0.9)].rsplit(" ", 1)[0]
    return [(first + " …" if first else "", size), *chosen[1:]]


def _text_box(page, top: int, paragraphs: Sequence[tuple[str, float]], bold_first: bool = False) -> int:
    """A word-wrapped text box of fixed size under the margins, one paragraph per text; returns its bottom."""
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Pt
    width = SLIDE_WIDTH - 2 * SLIDE_MARGIN
    shown = [(text, size) for text, size in paragraphs if text]
    height = _height(shown, width)
    frame = page.shapes.add_textbox(SLIDE_MARGIN, top, width, height).text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = TEXT_INSET
    for number, (text, size) in enumerate(shown):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold_first and number == 0
    return top + height


def pptx_bytes(slides: Sequence[Slide], deck_title: str) -> bytes:
    """16:9 deck: one slide per view with the title, the picture, the narrative (when there is one) and the source;
    the note in the notes field. Text sizes shrink for long texts so every box stays on the slide."""
    from pptx import Presentation

    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    blank = deck.slide_layouts[6]
    width = SLIDE_WIDTH - 2 * SLIDE_MARGIN
    top, bottom = 250000, SLIDE_HEIGHT - 250000
    for number, slide in enumerate(slides, start=1):
        page = deck.slides.add_slide(blank)
        title_bottom = _text_box(page, top, _fit([slide.title], [(28, 18)], width, 1100000), bold_first=True)
        footer = _fit([slide.narrative, f"{plain(slide.source)}   {number}/{len(slides)}"], [(16, 11), (11, 8)], width,
                      SLIDE_HEIGHT * 2 // 5)
        footer_top = bottom - _height([(text, size) for text, size in footer if text], width)
        _text_box(page, footer_top, footer)
        if slide.picture_png:
            picture_top, picture_bottom = title_bottom + 100000, footer_top - 100000
            picture_w, picture_h = png_size(slide.picture_png)
            scale = min(width / picture_w, (picture_bottom - picture_top) / picture_h)
            shown_w, shown_h = int(picture_w * scale), int(picture_h * scale)
            page.shapes.add_picture(io.BytesIO(slide.picture_png), SLIDE_MARGIN + (width - shown_w) // 2,
                                    picture_top, shown_w, shown_h)
        page.notes_slide.notes_text_frame.text = slide.note
    deck.core_properties.title = deck_title
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


class QRCodeError(ValueError):
    """The link does not fit in a QR code."""


@functools.lru_cache(maxsize=256)
def qr_svg(url: str) -> str:
    """A QR code of a link, made locally (no web service); QRCodeError when the link is too long for one.

    Every rerun shows the current view's link; making its code takes ~14 ms (choosing the best mask), so the
    last 256 links' codes are kept (a few KB each)."""
    import segno
    from segno.encoder import DataOverflowError
    buffer = io.BytesIO()
    try:
        code = segno.make(url, error="m")
    except DataOverflowError as error:
        raise QRCodeError(str(error)) from error
    code.save(buffer, kind="svg", scale=6, border=2, dark="#000000", light="#ffffff")
    return buffer.getvalue().decode("utf-8")
