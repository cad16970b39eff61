"""The screens people use: the first screen, the indicator search over all themes, "Om indikatorn", Översikt."""

from tests.conftest import chart_data, chart_titles
from tests.test_pages import run_app


def markdown(at) -> str:
    return " ".join(str(e.value) for kind in ("markdown", "title", "caption", "info") for e in at.get(kind))


def test_first_screen_says_what_this_is_and_asks_for_the_municipality():
    at = run_app()
    assert "Jämför kvinnor och män i Sveriges kommuner, län och riket" in markdown(at)
    assert "Börja här" in markdown(at)
    picker = at.selectbox(key="landing_municipality")
    assert picker.value is None
    picker.set_value("1780").run()
    assert not at.exception
    assert at.sidebar.selectbox(key="municipality").value == "1780"
    assert at.query_params["kommun"] == ["1780"] or at.query_params["kommun"] == "1780"
    assert "Börja här" not in markdown(at)  # once chosen, the page shows as before
    data = chart_data(at)
    assert "1780" in set(data["area_id"]) and len(data) < 30  # Värmland, not all 290 municipalities


def test_deep_link_skips_the_first_screen():
    at = run_app({"kommun": "1780", "indikator": "N15428", "ar": "2022", "jmf": "region"})
    assert "Börja här" not in markdown(at)
    assert at.sidebar.selectbox(key="indicator").value == "N15428"
    assert len(chart_data(at)) == 19


def test_first_screen_in_english():
    at = run_app({"lang": "en"})
    assert "Compare women and men in Sweden's municipalities" in markdown(at)
    assert "Start here" in markdown(at)


def test_overview_without_municipality_offers_the_picker():
    at = run_app(page="app_pages/overview.py")
    at.selectbox(key="landing_municipality").set_value("1780").run()
    assert not at.exception
    assert at.query_params["kommun"] in ("1780", ["1780"])
    assert any("Karlstad" in str(e.value) for e in at.get("subheader"))


def test_search_finds_an_indicator_in_another_theme_and_opens_it():
    at = run_app({"kommun": "1780", "indikator": "N05815"})  # Makt och inflytande
    assert at.sidebar.selectbox(key="theme").value == "power"
    at.sidebar.text_input(key="indicator_search").input("VAB").run()
    hits = [b for b in at.sidebar.button if b.key and b.key.startswith("search_hit_")]
    assert hits and hits[0].key == "search_hit_N00944-N00945"
    hits[0].click().run()
    assert not at.exception
    assert at.sidebar.selectbox(key="theme").value == "care"
    assert at.sidebar.selectbox(key="indicator").value == "N00944-N00945"
    assert at.query_params["indikator"] in ("N00944-N00945", ["N00944-N00945"])
    assert at.sidebar.text_input(key="indicator_search").value == ""
    assert "Tillfälliga föräldrapenningdagar" in chart_titles(at)[0]


def test_search_without_hits_says_so():
    at = run_app()
    at.sidebar.text_input(key="indicator_search").input("xyzzy").run()
    assert "Ingen indikator matchar" in " ".join(str(c.value) for c in at.sidebar.caption)


def test_about_the_indicator_shows_koladas_description():
    at = run_app({"indikator": "N00938"})
    (box,) = [e for e in at.sidebar.expander if e.label == "Om indikatorn"]
    text = " ".join(str(m.value) for m in box.markdown) + " ".join(str(c.value) for c in box.caption)
    assert "Försäkringskassan" in text and "N00938" in text


def test_fit_to_slide_widens_small_multiples_and_caps_tall_charts(store):
    from jamstat import charts, views
    data = views.Data.from_store(store)
    drawn, _ = views.from_params(data, "over-tid", {"kommun": "1780", "indikator": "N00942-N00943",
                                              "omraden": "1780,0000"}, "sv")
    spec = charts.presentable(drawn.spec)
    fitted = charts.fit_to_slide(spec, width=1640, height=390, panels=2)
    assert spec["spec"]["width"] == 400  # the page's panels, unchanged
    assert fitted["spec"]["width"] > 700 and fitted["spec"]["height"] <= 390 - 60
    assert fitted["datasets"] is spec["datasets"]  # only sizes change
    compare, _ = views.from_params(data, "jamfor", {"indikator": "N15428", "ar": "2022"}, "sv")  # 292 rows
    assert charts.fit_to_slide(charts.presentable(compare.spec), width=1640, height=390)["height"] == 390
    one_map, _ = views.from_params(data, "karta", {"indikator": "N15428"}, "sv")
    assert charts.fit_to_slide(one_map.spec, width=1640, height=390)["height"] == 390 + charts.SLIDE_TITLE_ROOM


def test_overview_puts_the_sentence_second_and_shows_every_row():
    at = run_app({"kommun": "1780", "indikator": "N00938"}, page="app_pages/overview.py")  # Hälsa
    table = at.dataframe[0].value
    assert list(table.columns[:2]) == ["Indikator", "I klartext"]
    row = table.set_index("Indikator").loc["Sjukpenningtalet, 16–64 år, dagar/registrerad försäkrad"]
    assert row["I klartext"].startswith("År 20")  # without the title the first column shows
