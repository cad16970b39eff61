"""The page registry (jamstat/registry.py): every page file has one entry and is in the navigation, every slide page
draws a slide from a saved view's parameters, and each page's Params survive a link (to_query -> from_query)."""

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from jamstat import presentations, registry, state, views
from jamstat.settings import PROJECT_DIR
from jamstat.text import t
from tests.conftest import APP

TIMEOUT = 60
# One valid value for every URL key a page's Params can carry (Karlstad, income, its county).
QUERY = {state.KEY_MUNICIPALITY: "1780", state.KEY_SCOPE: "custom", state.KEY_GROUP: "G1",
         state.KEY_PEERS: "1781,1782", state.KEY_PEER_NAME: "Grannar", state.KEY_LANGUAGE: "en",
         state.KEY_INDICATOR: "N00906", state.KEY_YEAR: "2021", state.KEY_AREAS: "1780,17,0000",
         state.KEY_MEASURE: "women", state.KEY_COUNTY: "17", state.KEY_PRESENTATION: "utbildningsdag",
         state.KEY_SLIDE: "3"}


def test_every_page_file_has_one_registry_entry():
    files = sorted(f"app_pages/{path.name}" for path in (PROJECT_DIR / "app_pages").glob("*.py"))
    assert sorted(spec.page_file for spec in registry.PAGES) == files
    assert len({spec.url_path for spec in registry.PAGES}) == len(registry.PAGES)
    assert [spec for spec in registry.PAGES if spec.default] == [registry.DEFAULT]
    assert registry.page("") is registry.DEFAULT  # Streamlit serves the default page at "/"
    for spec in registry.PAGES:
        assert t(spec.title_key, "sv") and t(spec.title_key, "en")
    assert presentations.PAGES == tuple(spec.url_path for spec in registry.PAGES if spec.slide)


def test_every_registry_page_is_in_the_navigation(monkeypatch):
    shown = []
    navigation = streamlit.navigation

    def recording(pages, **options):
        shown[:] = [(page.url_path, page.title, page.icon) for page in pages]
        return navigation(pages, **options)

    monkeypatch.setattr(streamlit, "navigation", recording)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    # Streamlit gives the default page an empty url_path.
    assert shown == [("" if spec.default else spec.url_path, t(spec.title_key, "sv"), spec.icon)
                     for spec in registry.PAGES]
    for spec in registry.PAGES:
        at.switch_page(spec.page_file)
        at.run()
        assert not at.exception, (spec.url_path, [e.value for e in at.exception])


@pytest.mark.parametrize("spec", [spec for spec in registry.PAGES if spec.slide], ids=lambda spec: spec.url_path)
def test_every_slide_page_draws_a_slide(spec, store):
    data = views.Data.from_store(store)
    query = registry.CompareParams(municipality="1780", indicator="N00906").to_query()
    drawn, _ = views.from_params(data, spec.url_path, query, "sv")
    assert not drawn.rows.empty and drawn.title and drawn.spec


@pytest.mark.parametrize("spec", [spec for spec in registry.PAGES if not spec.slide], ids=lambda spec: spec.url_path)
def test_other_pages_are_no_slides(spec, store):
    with pytest.raises(views.ViewError):
        views.from_params(views.Data.from_store(store), spec.url_path, {state.KEY_MUNICIPALITY: "1780"}, "sv")


@pytest.mark.parametrize("spec", registry.PAGES, ids=lambda spec: spec.url_path)
def test_params_round_trip_through_a_link(spec):
    params = spec.params.from_query(QUERY)
    link = params.to_query()
    assert link and set(link) <= set(QUERY)
    assert link == {key: value for key, value in QUERY.items() if key in link}
    assert spec.params.from_query(link) == params
    # As st.query_params.get_all gives them, and with another page's keys left over.
    assert spec.params.from_query({key: [value] for key, value in QUERY.items()}) == params
    assert spec.params.from_query({}) == spec.params()
    assert spec.params().to_query() == {}


@pytest.mark.parametrize(("key", "raw"), [(state.KEY_YEAR, "20x1"), (state.KEY_MEASURE, "colour"),
                                          (state.KEY_AREAS, ","), (state.KEY_MUNICIPALITY, "17\u202e80"),
                                          (state.KEY_INDICATOR, ["N00906", "N00905"])])
def test_params_reject_what_the_pages_reject(key, raw):
    with pytest.raises(state.InvalidParam):
        registry.MapParams.from_query({key: raw}) if key != state.KEY_AREAS else \
            registry.OverTimeParams.from_query({key: raw})


@pytest.mark.parametrize("spec", [registry.COMPARE, registry.OVER_TIME, registry.MAP], ids=lambda spec: spec.url_path)
def test_a_link_reproduces_the_view(spec):
    """The page opened from a link writes back the same parameters: the link is the view."""
    params = spec.params.from_query(QUERY | {state.KEY_SCOPE: "region", state.KEY_PEERS: "", state.KEY_PEER_NAME: "",
                                             state.KEY_GROUP: ""})
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.to_query().items():
        at.query_params[key] = value
    at.run()
    at.switch_page(spec.page_file)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.warning, [e.value for e in at.warning]
    assert spec.params.from_query({key: at.query_params[key] for key in at.query_params}) == params
