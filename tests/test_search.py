"""Indicator search across all themes (jamstat/search.py) on the real catalogue."""

import pytest

from jamstat import search


@pytest.fixture(scope="module")
def indicators(store):
    return store.run("indicators")


def ids(indicators, query, language="sv", limit=10):
    return [hit.indicator_id for hit in search.search(indicators, query, language, limit)]


def test_vab_finds_temporary_parental_benefit_first(indicators):
    assert ids(indicators, "VAB")[0] == "N00944-N00945"
    assert ids(indicators, "vab", "en")[0] == "N00944-N00945"


def test_sick_pay_finds_the_sickness_rate_first(indicators):
    assert ids(indicators, "sjukpenning")[0] == "N00938"
    assert ids(indicators, "SJUKPENNING")[0] == "N00938"


def test_english_parental_leave_finds_parental_benefit_days_first(indicators):
    found = ids(indicators, "parental leave", "en")
    assert found[:2] == ["N00942-N00943", "N00944-N00945"]
    assert ids(indicators, "föräldraledighet")[0] == "N00942-N00943"


def test_diacritics_and_case_do_not_matter(indicators):
    assert ids(indicators, "sjukfranvaro")[0] == ids(indicators, "Sjukfrånvaro")[0] == "N00090"
    assert ids(indicators, "FÖRÄLDRAPENNING")[:2] == ids(indicators, "foraldrapenning")[:2]


def test_words_with_diacritics_prefer_the_same_letters(indicators):
    # "våld" is violence; "valdeltagande" (turnout) has only the letters without the ring, ranked after.
    found = ids(indicators, "våld")
    assert found[0] in {"N01460", "N00614"}
    assert found.index("N01460") < found.index("N05401")
    assert "N05814" not in ids(indicators, "våld", limit=50)  # not inside "förtroendevalda"


def test_words_in_the_description_count(indicators):
    # "Försäkringskassan" is only in Kolada's descriptions of the parental-benefit KPIs (and the sickness rate).
    found = ids(indicators, "försäkringskassan")
    assert {"N00942-N00943", "N00944-N00945", "N00938"} <= set(found)


def test_the_hit_carries_its_theme_and_nothing_matches_nonsense(indicators):
    (hit, *_) = search.search(indicators, "VAB")
    assert hit.theme == "care" and hit.score > 0
    assert search.search(indicators, "xyzzy") == []
    assert search.search(indicators, "  , ") == []
    assert search.search(indicators, "och") == []  # only a stop word


def test_normalise():
    assert search.normalise("Tillfälliga föräldrapenningdagar (VAB)") == "tillfalliga foraldrapenningdagar vab"
    assert search.normalise("Våld", keep_diacritics=True) == "våld"
