"""In Chromium: no page scrolls sideways on a phone (390 px), and a slide fits a 1920×1080 projector."""

import pytest

from tests.test_browser import browser, server  # noqa: F401 (fixtures)

CHART = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'

# Every page, for one municipality; the number of charts each draws (0: wait for its text instead).
PAGES = [("/?kommun=1780", 1), ("/oversikt?kommun=1780", 1), ("/over-tid?kommun=1780", 2), ("/karta?kommun=1780", 1),
         ("/egen-data?kommun=1780", 0), ("/presentation?kommun=1780&visning=utbildningsdag", 1),
         ("/om-data?kommun=1780", 0)]

# How wide the page's content is: the document's, and Streamlit's main area's (it is the element that scrolls).
WIDTHS_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return {document: document.scrollingElement.scrollWidth, main: main.scrollWidth, viewport: window.innerWidth};
}"""


def settle(page, charts: int) -> None:
    if charts:
        page.wait_for_function(
            f"document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] canvas, "
            f"[data-testid=\"stVegaLiteChart\"] svg').length >= {charts}", timeout=60_000)
    else:
        page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"]').first.wait_for(timeout=60_000)
    page.wait_for_function("document.querySelectorAll('[data-stale=\"true\"]').length === 0", timeout=30_000)
    page.wait_for_timeout(1500)


@pytest.mark.parametrize(("path", "charts"), PAGES)
def test_no_page_scrolls_sideways_on_a_phone(server, browser, path, charts):  # noqa: F811
    page = browser.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}{path}", wait_until="domcontentloaded")
    settle(page, charts)
    assert page.locator('[data-testid="stException"]').count() == 0
    widths = page.evaluate(WIDTHS_JS)
    page.close()
    assert widths["document"] <= 390 and widths["main"] <= 390, widths


SLIDE_PARTS_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const box = e => { if (!e) return null; const r = e.getBoundingClientRect();
                     return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width}; };
  const texts = [...main.querySelectorAll('[data-testid="stMarkdownContainer"]')];
  return {
    title: box(main.querySelector('[data-testid="stHeading"]')),
    chart: box(main.querySelector('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg')),
    summary: box(texts.find(e => e.innerText.includes(' år 20') && !e.closest('[data-testid="stCaptionContainer"]'))),
    source: box([...main.querySelectorAll('[data-testid="stCaptionContainer"]')].find(e => e.innerText.includes('Källa: Kolada'))),
    scrolls: main.scrollHeight > main.clientHeight + 1,
  };
}"""


@pytest.mark.parametrize("slide", [1, 2, 3])
def test_a_slide_fits_a_1920_by_1080_projector(server, browser, slide):  # noqa: F811
    page = browser.new_page()
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{server}/presentation?visning=utbildningsdag&bild={slide}", wait_until="domcontentloaded")
    page.get_by_text(f"Bild {slide} av 3").wait_for(timeout=60_000)
    settle(page, 1)
    parts = page.evaluate(SLIDE_PARTS_JS)
    page.close()
    for name in ("title", "chart", "summary", "source"):
        box = parts[name]
        assert box, (name, parts)
        assert box["top"] >= 0 and box["bottom"] <= 1080 and box["right"] <= 1920, (name, parts)
    if slide == 2:  # small multiples of women's and men's lines use the projector's width
        assert parts["chart"]["width"] > 1400, parts  # 1236 px before: two 400 px panels, half the screen


def test_overview_table_shows_every_row_without_scrolling_inside_it(server, browser):  # noqa: F811
    """Regression: the profile table showed 10 of up to 45 rows (Streamlit's default height)."""
    page = browser.new_page()
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{server}/oversikt?kommun=1780&indikator=N00938", wait_until="domcontentloaded")  # Hälsa: 24 rows
    table = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').first
    table.wait_for(timeout=60_000)
    settle(page, 1)
    height = table.bounding_box()["height"]
    page.close()
    assert height >= 24 * 100, height
