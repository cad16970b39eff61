"""In Chromium: an own indicator named like a Markdown link, an image and a script renders as inert text on Karta and
Jämför (no link to the attacker's host, no image request, no dialog)."""

import pytest

from jamstat import owndata
from jamstat.settings import PROJECT_DIR
from jamstat.sources import upload
from jamstat.store import Store
from tests.test_browser import browser, serve  # noqa: F401  (the Chromium fixture)

PAYLOAD = ("[Logga in här](http://evil.example/login) ![p](http://127.0.0.1:9/x.png) "
           "<img src=x onerror=alert(1)> [k](javascript:alert(2)) www.evil.example")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    work = tmp_path_factory.mktemp("working-store")
    rows = "".join(f"{area};{year};{PAYLOAD};bokningar per vecka;{group};{value}\n"
                   for area in ("1780", "1880", "0180") for year in (2021, 2022)
                   for group, value in (("Kvinnor", 3), ("Män", 5)))
    raw = upload.read_table(("Område;År;Indikator;Enhet;Grupp;Värde\n" + rows).encode(), "b.csv")
    areas = Store(PROJECT_DIR / "data", own_dir=work / "none").run("areas")
    checked = upload.validate(raw, upload.detect_mapping(list(raw.frame.columns)), areas)
    table = owndata.save_table(checked.rows, "Bokningar [x](http://evil.example)", directory=work / "own")
    with serve(work) as url:
        yield url, table.indicators[0][0]


@pytest.mark.parametrize("path", ["/karta?kommun=1780&indikator={id}&ar=2021&lan=12",
                                  "/?kommun=1780&indikator={id}&ar=2022"])
def test_a_hostile_indicator_name_renders_inert(hostile_server, browser, path):  # noqa: F811
    url, indicator_id = hostile_server
    page = browser.new_page()
    dialogs, requests = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url + path.format(id=indicator_id), wait_until="domcontentloaded")
    page.get_by_text("Logga in här", exact=False).first.wait_for(timeout=60_000)  # the name is shown, as text
    page.wait_for_timeout(1500)
    assert page.locator('a[href*="evil.example"], a[href^="javascript:"]').count() == 0
    assert page.locator('img[src*="127.0.0.1:9"], img[src="x"]').count() == 0
    assert not [r for r in requests if "evil.example" in r or "127.0.0.1:9/" in r], requests
    assert not dialogs
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
