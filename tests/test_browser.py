"""End to end: `streamlit run` on 127.0.0.1, opened in headless Chromium (Debian's) through Playwright."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from jamstat.settings import PROJECT_DIR

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    assert path, "Debian's chromium is required for the browser test: apt-get install -y chromium"
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(work, script: str = "app.py", *, port: int | None = None, args: tuple[str, ...] = (),
          env: dict | None = None):
    """`streamlit run app.py` (or `script`, with extra `args`) on 127.0.0.1 and a free port (or `port`), with its
    working store under `work`; stopped after. The server's output goes to work/streamlit.log."""
    # Saved views and peer sets go to a temporary working store, never into the project's data/.
    env = {**(os.environ if env is None else env), "JAMSTAT_PRESENTATIONS": str(work / "presentations"),
           "JAMSTAT_PEER_SETS": str(work / "peer_sets.json"), "JAMSTAT_OWN_DIR": str(work / "own")}
    port = port or free_port()
    work.mkdir(parents=True, exist_ok=True)
    log_path = work / "streamlit.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed in finally, after the server
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(PROJECT_DIR / script), "--server.address", "127.0.0.1",
         "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false", *args],
        cwd=PROJECT_DIR, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            assert process.poll() is None, log_path.read_text()
            assert time.time() < deadline, "streamlit did not become healthy in 60 s"
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@contextlib.contextmanager
def chromium_context(profile):
    """Debian's headless Chromium with a fresh user-data dir of its own; yields a Playwright browser context."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        # A persistent context is how Playwright takes a fresh --user-data-dir of our own.
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True,
            viewport={"width": 1400, "height": 1000})
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from jamstat import presentations
    from tests.test_presentations import VIEWS
    work = tmp_path_factory.mktemp("working-store")
    for view in VIEWS:
        presentations.add_view(work / "presentations", "Utbildningsdag", view)
    with serve(work) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium_context(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


def open_page(browser, url, path):
    page = browser.new_page()
    page.goto(f"{url}{path}", wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg',
                           timeout=60_000)
    page.wait_for_timeout(500)
    return page


@pytest.mark.parametrize(("path", "charts"), [
    ("/?kommun=1780&indikator=N15428&ar=2022&jmf=region", 1),
    ("/over-tid?kommun=1780&indikator=N00942-N00943&omraden=1780,17,0000", 2),
    ("/karta?kommun=1780&indikator=N15428", 1),
    ("/oversikt?kommun=1883&jmf=custom&egna=1880", 1),
])
def test_page_draws_its_charts_in_chromium(server, browser, tmp_path, path, charts):
    page = open_page(browser, server, path)
    page.wait_for_function(f"document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]').length >= {charts}",
                           timeout=30_000)
    shot = tmp_path / ((path.split("?")[0].strip("/") or "jamfor") + ".png")
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Page not found").count() == 0
    drawn = page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg')
    assert drawn.count() >= charts
    box = drawn.first.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 150
    assert "Källa: Kolada (RKA), egen bearbetning" in page.content()
    assert page.evaluate("document.documentElement.lang") == "sv"  # Streamlit's own page says "en"
    page.close()


def test_language_toggle_in_url_gives_english(server, browser):
    page = open_page(browser, server, "/?lang=en&indikator=N00090")
    page.get_by_text("Source: Kolada (RKA), own processing", exact=False).first.wait_for(timeout=30_000)
    assert page.get_by_text("My municipality").count() >= 1
    page.wait_for_function("document.documentElement.lang === 'en'", timeout=10_000)
    page.close()


def test_presentation_steps_forward_with_the_keyboard(server, browser, tmp_path):
    page = open_page(browser, server, "/presentation?visning=utbildningsdag")
    page.get_by_text("Bild 1 av 3").wait_for(timeout=30_000)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()  # presenter mode hides the sidebar
    page.keyboard.press("ArrowRight")
    page.get_by_text("Bild 2 av 3").wait_for(timeout=30_000)
    page.keyboard.press("PageDown")  # what a clicker sends
    page.get_by_text("Bild 3 av 3").wait_for(timeout=30_000)
    # Streamlit keeps the previous slide's elements, marked stale, until the new ones arrive.
    page.wait_for_function("document.querySelectorAll('[data-stale=\"true\"]').length === 0", timeout=30_000)
    page.wait_for_selector('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg',
                           timeout=30_000)
    page.wait_for_timeout(1500)
    assert page.get_by_text("Karta", exact=True).count() >= 1
    page.screenshot(path=str(tmp_path / "slide3.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.keyboard.press("ArrowLeft")
    page.get_by_text("Bild 2 av 3").wait_for(timeout=30_000)
    page.close()


def keep_shot(path) -> None:
    """Copy a screenshot where a person can look at it (JAMSTAT_SHOTS=dir), besides the test's tmp dir."""
    if os.environ.get("JAMSTAT_SHOTS"):
        shutil.copy(path, os.environ["JAMSTAT_SHOTS"])


def test_upload_through_the_real_widget_and_see_the_chart(server, browser, tmp_path):
    table = tmp_path / "talartid.csv"
    table.write_bytes(("Område;År;Indikator;Enhet;Grupp;Värde\n"
                       "Karlstad;2021;Talartid i fullmäktige;minuter;Kvinnor;280\n"
                       "Karlstad;2021;Talartid i fullmäktige;minuter;Män;350\n"
                       "Karlstad;2022;Talartid i fullmäktige;minuter;Kvinnor;312,5\n"
                       "Karlstad;2022;Talartid i fullmäktige;minuter;Män;401\n").encode("cp1252"))
    page = browser.new_page()
    page.goto(f"{server}/egen-data", wait_until="domcontentloaded")
    page.get_by_text("Ladda upp en tabell").first.wait_for(timeout=60_000)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(table))
    page.get_by_text("4 rader kan importeras", exact=False).wait_for(timeout=60_000)
    shot = tmp_path / "egen_data_check.png"
    page.screenshot(path=str(shot), full_page=True)
    keep_shot(shot)
    page.get_by_role("button", name="Godkänn och spara").click()
    page.get_by_text("är sparad (4 rader)", exact=False).wait_for(timeout=60_000)
    page.get_by_role("button", name="Visa i Över tid").click()
    page.wait_for_function(
        "document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] canvas, "
        "[data-testid=\"stVegaLiteChart\"] svg').length >= 1", timeout=60_000)
    page.get_by_text("kommunens egna data", exact=False).first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    assert "Talartid i fullmäktige" in page.content()
    assert page.locator('[data-testid="stException"]').count() == 0
    shot = tmp_path / "egen_data_over_tid.png"
    page.screenshot(path=str(shot), full_page=True)
    keep_shot(shot)
    page.close()


def test_deep_link_as_a_fresh_servers_first_request_opens_the_page(browser, tmp_path):
    """Regression (streamlit#9992): the first visitor after a restart who came by a deep link got Streamlit's
    English "Page not found" dialog over the page: a pages/ folder beside app.py made Streamlit run the first
    session in its old folder-based multipage mode, which knows no page "over-tid"."""
    with serve(tmp_path) as url:
        page = browser.new_page()
        page.goto(f"{url}/over-tid?kommun=1780", wait_until="domcontentloaded")
        page.wait_for_selector('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg',
                               timeout=60_000)
        page.wait_for_timeout(1000)
        assert page.get_by_role("dialog").count() == 0
        assert page.get_by_text("Page not found").count() == 0
        sidebar = page.locator('[data-testid="stSidebar"]')
        chosen = sidebar.evaluate("e => Array.from(e.querySelectorAll('input')).map(i => i.value)")
        assert "Karlstad (1780)" in chosen  # the app's own sidebar ran, with the link's municipality
        assert "/over-tid" in page.url and "omraden=1780%2C17%2C0000" in page.url
        assert page.locator('[data-testid="stException"]').count() == 0
        page.close()


def test_serve_py_is_ready_before_the_first_visitor_and_serves_the_app(browser, tmp_path):
    """`streamlit run serve.py`: the store, areas, boundaries and first chart are loaded at server start, before any
    browser connects, and the same app is served (a deep link first, then the first screen)."""
    with serve(tmp_path, "serve.py") as url:
        log, deadline = tmp_path / "streamlit.log", time.time() + 60
        while "ready for the first visitor" not in log.read_text() and time.time() < deadline:
            assert "warm-up at server start failed" not in log.read_text(), log.read_text()
            time.sleep(0.2)
        ready = next(line for line in log.read_text().splitlines() if "ready for the first visitor" in line)
        for step in ("store", "areas and indicators", "boundaries", "first chart"):
            assert f"{step} " in ready, ready
        for path in ("/over-tid?kommun=1780", "/"):
            page = open_page(browser, url, path)
            assert page.get_by_text("Page not found").count() == 0
            assert page.locator('[data-testid="stException"]').count() == 0
            assert "Källa: Kolada (RKA), egen bearbetning" in page.content()
            page.close()
        assert "Traceback" not in log.read_text()


UPLOADER_TEXT_JS = """dropzone => {
  const shown = [];
  for (const e of [dropzone, ...dropzone.querySelectorAll('*')]) {
    const style = getComputedStyle(e), box = e.getBoundingClientRect();
    if (style.display === 'none' || e.closest('[style*="display: none"]') || box.width === 0) continue;
    for (const node of e.childNodes) if (node.nodeType === 3 && node.textContent.trim()) shown.push(node.textContent.trim());
    const after = getComputedStyle(e, '::after').content;
    if (after && after !== 'none' && after !== 'normal') shown.push(after.replace(/^"|"$/g, ''));
  }
  return shown.filter(text => getComputedStyle(dropzone).display !== 'none').join(' | ');
}"""


def test_uploader_speaks_the_uis_language(server, browser):
    """Regression: Streamlit's uploader said "Upload" and "200MB per file" beside "högst 50 MB"."""
    for language, choose, limit in (("sv", "Välj fil", "Högst 50 MB per fil"), ("en", "Choose file", "At most 50 MB")):
        page = browser.new_page()
        page.goto(f"{server}/egen-data?lang={language}", wait_until="domcontentloaded")
        dropzone = page.locator('[data-testid="stFileUploaderDropzone"]')
        dropzone.wait_for(timeout=60_000)
        page.wait_for_timeout(500)
        shown = dropzone.evaluate(UPLOADER_TEXT_JS)
        assert choose in shown and limit in shown and "CSV" in shown, shown
        assert "Upload" not in shown and "200MB" not in shown, shown
        assert dropzone.get_by_role("button", name=choose).count() == 1  # the name a screen reader reads
        page.close()
