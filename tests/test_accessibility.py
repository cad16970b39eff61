"""Accessibility: text contrast of at least 4.5:1, a text alternative for every chart, and the Jämför page usable
from the keyboard with a name for every control. Checked in Streamlit's test harness and in Chromium."""

from __future__ import annotations

import re
import tomllib

import pytest

from jamstat.settings import PROJECT_DIR
from jamstat.web import style
from tests.conftest import chart_specs, chart_titles
from tests.test_browser import browser, server  # noqa: F401 (fixtures: one server for this module)
from tests.test_pages import run_app
from tests.test_presentations import deck_dir  # noqa: F401 (fixture)

WHITE = "#FFFFFF"
CHART = '[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'


def luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula():
    assert contrast("#000000", WHITE) == pytest.approx(21)
    assert contrast("#808495", WHITE) < 4.5  # Streamlit's chart-text grey, which the app overrides


def test_theme_colours_reach_4_5_to_1():
    theme = tomllib.loads((PROJECT_DIR / ".streamlit" / "config.toml").read_text())["theme"]
    background = theme.get("backgroundColor", WHITE)
    # The primary colour is link text on the page and the background of white text (selected tags, buttons).
    assert contrast(theme["primaryColor"], background) >= 4.5
    assert contrast(theme["primaryColor"], WHITE) >= 4.5
    for key in ("textColor", "linkColor", "codeTextColor"):
        if key in theme:
            assert contrast(theme[key], background) >= 4.5, key
    assert contrast(style.CHART_TEXT_COLOUR, WHITE) >= 4.5


# Text alternatives in the harness --------------------------------------------------------------------------

def title_text(spec: dict) -> str:
    title = spec.get("title", "")
    title = title.get("text", "") if isinstance(title, dict) else title
    return title[0] if isinstance(title, list) else title


@pytest.mark.parametrize(("page", "params", "charts"), [
    (None, {"kommun": "1780", "indikator": "N15428"}, 1),
    ("app_pages/overview.py", {"kommun": "1780"}, 1),
    ("app_pages/over_time.py", {"kommun": "1780", "indikator": "N00942-N00943"}, 3),
    ("app_pages/map.py", {"kommun": "1780", "indikator": "N15428"}, 1),
    ("app_pages/presentation.py", {}, 1),
])
def test_every_chart_has_a_text_alternative(deck_dir, page, params, charts):  # noqa: F811
    at = run_app(params, page=page)
    elements = at.get("vega_lite_chart")
    assert len(elements) == charts
    tables = [e for e in at.expander if e.label == "Tabell med siffrorna bakom diagrammet"]
    if tables:  # the tables are filled when their box is opened
        assert not any(e.children for e in tables)
        for key in ("compare", "series", "gaps", "peer_trend", "map"):
            at.session_state[f"{key}_table"] = True
        at.run()
        tables = [e for e in at.expander if e.label == "Tabell med siffrorna bakom diagrammet"]
        assert all(e.children and e.dataframe for e in tables)
    for element, spec, heading in zip(elements, chart_specs(at), chart_titles(at)):
        alt = element.proto.alt
        if title_text(spec):
            assert alt.startswith("Diagram: ") and title_text(spec)[:40] in alt, alt
        else:  # the title is the text just above the chart (charts.page_spec); the alt text names the indicator
            indicator = alt.removeprefix("Diagram: ").split(". ")[0]
            assert alt.startswith("Diagram: ") and len(indicator) > 10 and heading, (alt, heading)
        assert "Siffrorna finns i tabellen" not in alt or tables or page in (
            "app_pages/overview.py", "app_pages/presentation.py"), "the alt text promises a table that is not there"
    if page in (None, "app_pages/over_time.py", "app_pages/map.py"):
        assert tables and all(e.children for e in tables)


# In Chromium -----------------------------------------------------------------------------------------------

CONTRAST_JS = """
() => {
  function parse(c) {
    const m = c && c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(parseFloat); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  }
  function lum(c) {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function over(top, bottom) {
    const a = top.a;
    return {r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1};
  }
  function background(element) {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    return layers.reverse().reduce((bottom, top) => over(top, bottom), {r: 255, g: 255, b: 255, a: 1});
  }
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    const element = walker.currentNode.parentElement;
    if (!text || element.closest('[aria-hidden="true"], [disabled], [aria-disabled="true"], [data-stale="true"]')) continue;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    if (style.visibility === 'hidden' || box.width === 0 || box.height === 0) continue;
    if (element.closest('[data-testid="stSkipToContent"]')) continue;  // shown only on focus
    const inSvg = element instanceof SVGElement;
    let colour = parse(inSvg ? style.fill : style.color);
    if (!colour) continue;
    if (inSvg) colour.a *= parseFloat(style.fillOpacity || 1);
    // Faded text: Streamlit fades captions with the container's opacity, not the colour's alpha.
    for (let e = element; e; e = e.parentElement) colour.a *= parseFloat(getComputedStyle(e).opacity || 1);
    if (colour.a === 0) continue;  // Vega hides overlapping labels this way
    const bg = background(element);
    const fg = over(colour, bg);
    const ratio = (Math.max(lum(fg), lum(bg)) + 0.05) / (Math.min(lum(fg), lum(bg)) + 0.05);
    const size = parseFloat(style.fontSize), bold = parseInt(style.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;  // WCAG 1.4.3: large text needs 3:1
    if (ratio < needed) {
      const owner = element.closest('[data-testid]');
      found.push({text: text.slice(0, 40), where: owner && owner.getAttribute('data-testid'),
                  colour: inSvg ? style.fill : style.color, ratio: Math.round(ratio * 100) / 100});
    }
  }
  return found;
}
"""


def open_page(browser, url, path, ready=CHART):  # noqa: F811
    page = browser.new_page()
    page.goto(f"{url}{path}", wait_until="domcontentloaded")
    page.wait_for_selector(ready, timeout=60_000)
    page.wait_for_function("document.querySelectorAll('[data-stale=\"true\"]').length === 0", timeout=30_000)
    page.wait_for_timeout(800)
    return page


@pytest.mark.parametrize(("path", "ready"), [
    ("/?kommun=1780&indikator=N15428&ar=1850", CHART),  # also a warning box (bad year in the link)
    ("/over-tid?kommun=1780&indikator=N00942-N00943", CHART),  # small multiples with panel titles
    ("/karta?kommun=1780&indikator=N15428&matt=women", CHART),
    ("/oversikt?kommun=1780", CHART),
    ("/om-data", '[data-testid="stDataFrame"]'),
    ("/presentation?visning=utbildningsdag", CHART),
], ids=["compare-with-warning", "over-time", "map", "overview", "about", "presentation"])
def test_every_text_has_enough_contrast_in_chromium(server, browser, path, ready):  # noqa: F811
    page = open_page(browser, server, path, ready)
    assert page.locator('[data-testid="stException"]').count() == 0
    failures = page.evaluate(CONTRAST_JS)
    assert not failures, failures
    # The colours the app sets, as Chromium computes them.
    captions = page.locator('[data-testid="stCaptionContainer"]')
    assert captions.count() > 0
    for colour in captions.evaluate_all("els => els.map(e => getComputedStyle(e).color)"):
        red, green, blue = (int(float(v)) for v in re.findall(r"[\d.]+", colour)[:3])
        assert contrast(f"#{red:02x}{green:02x}{blue:02x}", WHITE) >= 4.5, colour
    axis = page.locator('[data-testid="stVegaLiteChart"] .role-axis-label > text')
    if axis.count():
        assert axis.first.evaluate("e => getComputedStyle(e).fill") == "rgb(92, 95, 107)"  # style.CHART_TEXT_COLOUR
    page.close()


def test_every_chart_has_a_text_alternative_in_chromium(server, browser):  # noqa: F811
    page = open_page(browser, server, "/over-tid?kommun=1780&indikator=N00942-N00943")
    page.wait_for_function("document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]').length >= 3",
                           timeout=30_000)
    charts = page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid="stVegaLiteChart"]')).map(c => {
        const holder = c.closest('[data-testid="stElementContainer"]');
        let next = holder && holder.nextElementSibling, table = false;
        for (let i = 0; next && i < 6; i++, next = next.nextElementSibling) {
          if (next.querySelector('[data-testid="stExpander"]')) { table = true; break; }
          if (next.querySelector('[data-testid="stVegaLiteChart"]')) break;
        }
        return {label: c.getAttribute('aria-label') || '', role: c.getAttribute('role'), table};
    })""")
    assert len(charts) == 3
    for chart in charts:
        assert chart["label"].startswith("Diagram: ") or chart["table"], chart
        assert chart["label"] and chart["role"] == "graphics-document"
    page.close()


INTERACTIVE = {"button", "link", "combobox", "textbox", "checkbox", "switch", "tab", "menuitem", "slider",
               "searchbox", "spinbutton", "radio", "listbox", "DisclosureTriangle"}


def test_keyboard_reaches_every_control_on_compare(server, browser):  # noqa: F811
    page = open_page(browser, server, "/?kommun=1780&indikator=N15428&jmf=region")
    page.evaluate("document.activeElement && document.activeElement.blur()")  # start from the top of the page
    focused = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("""() => {
            const e = document.activeElement, keyed = e.closest('[class*="st-key-"]');
            return {key: keyed ? Array.from(keyed.classList).find(c => c.startsWith('st-key-')).slice(7) : null,
                    testid: (e.closest('[data-testid]') || e).getAttribute('data-testid'),
                    sidebar: !!e.closest('[data-testid="stSidebar"]'), tag: e.tagName,
                    name: e.getAttribute('aria-label') || e.innerText.trim().split('\\n').pop()};
        }"""))
    keys = [f["key"] for f in focused if f["key"]]
    sidebar = {f["key"] for f in focused if f["sidebar"]}
    main = {f["key"] for f in focused if not f["sidebar"]}
    assert {"lang", "municipality", "peer_kind", "theme", "indicator"} <= sidebar, keys
    assert {"year", "download_compare", "xlsx_compare", "png_compare", "svg_compare", "full_compare"} <= main, keys
    assert keys.index("indicator") < keys.index("year"), "the sidebar comes before the page in tab order"
    nav = [f["name"] for f in focused if f["testid"] == "stSidebarNavLink"]
    assert {"Översikt", "Jämför", "Över tid", "Karta", "Presentation", "Om data"} <= set(nav)
    expanders = [f["name"] for f in focused if f["tag"] == "SUMMARY"]
    assert "Dela och spara" in expanders and "Tabell med siffrorna bakom diagrammet" in expanders

    # The year can be changed from the keyboard alone: focus, type, Enter.
    page.locator(".st-key-year input").focus()
    page.keyboard.type("2018")
    page.keyboard.press("Enter")
    page.wait_for_function("location.search.includes('ar=2018')", timeout=30_000)
    page.close()


def test_every_interactive_element_has_an_accessible_name(server, browser):  # noqa: F811
    page = open_page(browser, server, "/?kommun=1780&indikator=N15428&jmf=custom&egna=1880")
    page.get_by_text("Dela och spara").click()  # reveal the share and save controls too
    page.get_by_text("Tabell med siffrorna bakom diagrammet").click()
    page.wait_for_selector('[data-testid="stSidebar"] textarea', timeout=30_000)
    page.wait_for_timeout(500)
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    controls = [(n["role"]["value"], n.get("name", {}).get("value", "").strip()) for n in nodes
                if not n.get("ignored") and n.get("role", {}).get("value") in INTERACTIVE]
    roles = {role for role, _ in controls}
    assert {"combobox", "button", "link", "textbox", "DisclosureTriangle"} <= roles, roles
    unnamed = [role for role, name in controls if not name]
    assert not unnamed, f"controls without a name: {unnamed}"
    # Icon ligatures (Material font names) must not leak into names read aloud.
    leaked = [name for _, name in controls if re.search(r"\b(keyboard_arrow|arrow_drop|expand_more|content_copy)", name)]
    assert not leaked, leaked
    names = {name for _, name in controls}
    assert {"Min kommun eller region", "Indikator", "År", "Gruppens namn", "Spara vy"} <= names, sorted(names)
    page.close()


def test_saved_text_renders_as_text_not_markup_in_chromium(server, browser):  # noqa: F811
    """A crafted group name in a link is shown as text: no link, no emphasis, no formula in the page."""
    name = "[Logga in](https://evil.se) **fet** $x^2$ www.evil.se"  # a valid name: at most 60 characters
    from urllib.parse import quote
    page = open_page(browser, server, f"/oversikt?kommun=1883&jmf=custom&egna=1880&namn={quote(name)}")
    page.get_by_text("Logga in", exact=False).first.wait_for(timeout=30_000)
    main = page.locator('[data-testid="stMain"]')
    assert main.locator('a[href*="evil"]').count() == 0
    assert main.locator("strong:has-text('fet'), .katex").count() == 0
    shown = main.inner_text().replace("\u2060", "")  # the word joiners that stop automatic links are invisible
    assert name in shown
    page.close()


# axe-core (Deque's rules engine) on every page -------------------------------------------------------------

AXE = PROJECT_DIR / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.mark.parametrize(("path", "ready"), [
    ("/?kommun=1780&indikator=N15428", CHART),
    ("/oversikt?kommun=1780", CHART),
    ("/over-tid?kommun=1780&indikator=N00942-N00943", CHART),
    ("/karta?kommun=1780&indikator=N15428", CHART),
    ("/egen-data", '[data-testid="stFileUploader"]'),
    ("/presentation?visning=utbildningsdag", CHART),
    ("/om-data", '[data-testid="stDataFrame"]'),
], ids=["jamfor", "oversikt", "over-tid", "karta", "egen-data", "presentation", "om-data"])
def test_axe_finds_no_wcag_a_or_aa_violation(server, browser, path, ready):  # noqa: F811
    assert AXE.exists(), f"axe-core is missing: npm ci --prefix {AXE.parents[2].relative_to(PROJECT_DIR)}"
    page = open_page(browser, server, path, ready)
    page.wait_for_function("document.querySelectorAll('.vega-embed').length === "
                           "document.querySelectorAll('.vega-embed svg, .vega-embed canvas').length", timeout=30_000)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
    violations = [{"rule": v["id"], "impact": v["impact"], "help": v["help"],
                   "nodes": [(n["target"], n["failureSummary"][:200]) for n in v["nodes"][:5]]}
                  for v in result["violations"]]
    assert not violations, violations
    page.close()
