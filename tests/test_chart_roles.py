"""One colour and dash per area's role in every chart, and derived values labelled as derived, through views.py
(Streamlit-free, straight from the store) on the committed snapshot (Karlstad 1780, its county Region Värmland 17, Riket 0000)."""

import pyarrow as pa
import pytest

from jamstat import charts, views
from jamstat.labels import area_names
from jamstat.peers import peer_choice
from jamstat.settings import RIKET
from jamstat.tables import table_for_screen

MUNICIPALITY, COUNTY = "1780", "17"
INCOME = "N00906"  # Sammanräknad förvärvsinkomst, kr: values in every year for all three areas


def _rows(spec: dict, name: str) -> list[dict]:
    values = spec["datasets"][name]
    return pa.ipc.open_stream(values).read_all().to_pylist() if isinstance(values, bytes) else values


@pytest.fixture(scope="module")
def setting(store):
    # The views straight from the store: no Streamlit, no cache (the pages pass their cached query instead).
    data = views.Data.from_store(store)
    areas = data.query("areas")
    names = area_names(areas, "sv")
    peers = peer_choice(data.query, "region", MUNICIPALITY, areas, "sv")
    return data.query("indicators"), names, peers, data


def _indicator(setting, indicator_id: str) -> dict:
    return views._indicator(setting[0], indicator_id, "sv")


def _by_name(encoding: dict) -> dict[str, tuple[str, list]]:
    """Area name -> (colour, dash) from a chart whose colour and dash scales list the areas by name."""
    colour = encoding.get("color", encoding.get("stroke"))["scale"]
    dash = encoding["strokeDash"]["scale"]
    assert colour["domain"] == dash["domain"]
    return {name: (colour["range"][i], dash["range"][i]) for i, name in enumerate(colour["domain"])}


def _panel_styles(spec: dict) -> dict[str, tuple[str, list]]:
    """Area name -> (colour, dash) of the bar over each small-multiple panel, whose style key is in the data."""
    by_key = _by_name(spec["spec"]["layer"][1]["encoding"])  # style key -> (colour, dash)
    return {row["area_name"]: by_key[row["style"]] for row in _rows(spec, spec["data"]["name"])}


def test_the_same_area_has_the_same_colour_and_dash_in_every_chart(setting):
    _, names, peers, data = setting
    income = _indicator(setting, INCOME)
    areas = [MUNICIPALITY, COUNTY, RIKET]
    karlstad, county, riket, peer_mean = names[MUNICIPALITY], names[COUNTY], names[RIKET], names["peers"]

    # Över tid, the gap lines: by area name, in the order the user chose.
    gaps = views.gaps(data, income, areas, names, "sv", MUNICIPALITY).spec
    over_time = _by_name(gaps["layer"][1]["encoding"])
    # Över tid, the gap against the peers' mean and Sweden's.
    trend = views.peer_trend(data, income, MUNICIPALITY, peers, names, "sv").spec
    peer_lines = _by_name(trend["layer"][1]["encoding"])
    # Över tid, the small multiples: the bar over each panel.
    panels = _panel_styles(views.series(data, income, areas, names, "sv", MUNICIPALITY).spec)
    # Jämför, the dumbbell: the line joining women's and men's points, by the row's role.
    compare = views.compare(data, income, 2022, MUNICIPALITY, peers, names, "sv").spec
    rule = compare["layer"][1]["encoding"]
    roles = {row["area_id"]: row["role"] for row in _rows(compare, compare["data"]["name"])}
    dumbbell = {area: (rule["stroke"]["scale"]["range"][rule["stroke"]["scale"]["domain"].index(role)],
                       rule["strokeDash"]["scale"]["range"][rule["strokeDash"]["scale"]["domain"].index(role)])
                for area, role in roles.items()}
    # Karta: the chosen municipality's outline.
    karta = views.choropleth(data, income, 2022, "gap", COUNTY, MUNICIPALITY, names, "sv").spec
    outline = karta["layer"][0]["layer"][-1]["mark"]

    chosen = (charts.ROLE_COLOURS["municipality"], charts.ROLE_DASHES["municipality"])
    assert over_time[karlstad] == peer_lines[karlstad] == panels[karlstad] == dumbbell[MUNICIPALITY] == chosen
    assert outline["stroke"] == chosen[0]
    region = (charts.ROLE_COLOURS["region"], charts.ROLE_DASHES["region"])
    assert over_time[county] == panels[county] == dumbbell[COUNTY] == region
    sweden = (charts.ROLE_COLOURS["country"], charts.ROLE_DASHES["country"])
    assert over_time[riket] == peer_lines[riket] == panels[riket] == dumbbell[RIKET] == sweden
    mean = (charts.ROLE_COLOURS["peer_mean"], charts.ROLE_DASHES["peer_mean"])
    assert peer_lines[peer_mean] == dumbbell["peers"] == mean
    assert len({chosen[0], region[0], sweden[0], mean[0], charts.ROLE_COLOURS["other"]}) == 5
    assert not set(charts.ROLE_COLOURS.values()) & set(charts.SEX_COLOURS.values())
    other = next(area for area, role in roles.items() if role == "other")  # another municipality in the county
    assert dumbbell[other][0] == charts.ROLE_COLOURS["other"]


def test_roles_do_not_depend_on_the_order_of_the_areas(setting):
    _, names, _, data = setting
    income = _indicator(setting, INCOME)
    reordered = _by_name(views.gaps(data, income, [RIKET, "1781", MUNICIPALITY, COUNTY], names, "sv",
                                    MUNICIPALITY).spec["layer"][1]["encoding"])
    assert reordered[names[MUNICIPALITY]][0] == charts.ROLE_COLOURS["municipality"]
    assert reordered[names[COUNTY]][0] == charts.ROLE_COLOURS["region"]
    assert reordered[names[RIKET]][0] == charts.ROLE_COLOURS["country"]
    assert reordered[names["1781"]][0] == charts.ROLE_COLOURS["other"]


@pytest.mark.parametrize(("indicator_id", "derived", "measured", "kpi"),
                         [("N00944-N00945", "women", "men", "N00945"), ("N05815", "men", "women", "N05815")])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_derived_values_are_labelled_in_caption_and_tooltip(setting, indicator_id, derived, measured, kpi,
                                                            language):
    from jamstat.text import sex_label
    indicators, _, _, data = setting
    areas = data.query("areas")
    names = area_names(areas, language)
    peers = peer_choice(data.query, "region", MUNICIPALITY, areas, language)
    indicator = views._indicator(indicators, indicator_id, language)
    year = max(views.indicator_years(data, indicator))
    other = sex_label(measured, "adults", language).lower()
    tooltip_note = {"sv": f"härledd: 100 − {other}", "en": f"derived: 100 − {other}"}[language]
    caption_note = {"sv": "Härledda värden", "en": "Derived values"}[language]

    compare = views.compare(data, indicator, year, MUNICIPALITY, peers, names, language)
    assert caption_note in compare.caption and f"100 − {other} ({kpi})" in compare.caption
    rows = {row["area_id"]: row for row in _rows(compare.spec, compare.spec["data"]["name"])}
    assert rows[MUNICIPALITY][f"{derived}_text"].endswith(f"({tooltip_note})")
    assert "härledd" not in rows[MUNICIPALITY][f"{measured}_text"]
    assert "derived" not in rows[MUNICIPALITY][f"{measured}_text"]

    over_time = views.series(data, indicator, [MUNICIPALITY, RIKET], names, language, MUNICIPALITY)
    assert caption_note in over_time.caption
    lines = _rows(over_time.spec, over_time.spec["data"]["name"])
    assert all(tooltip_note in row["value_text"] for row in lines if row["sex"] == derived and row["value"])
    assert not any(tooltip_note in row["value_text"] for row in lines if row["sex"] == measured)

    gaps = views.gaps(data, indicator, [MUNICIPALITY, RIKET], names, language, MUNICIPALITY)
    gap_rows = _rows(gaps.spec, gaps.spec["layer"][1]["data"]["name"])
    derived_word = sex_label(derived, "adults", language).lower()
    assert all(row["derived_text"] == f"{derived_word} = 100 − {other}" for row in gap_rows)
    assert "derived_text" in {tip["field"] for tip in gaps.spec["layer"][1]["encoding"]["tooltip"]}

    karta = views.choropleth(data, indicator, year, "gap", COUNTY, MUNICIPALITY, names, language)
    assert caption_note in karta.caption
    map_rows = {row["area_id"]: row for row in _rows(karta.spec, charts.MAP_VALUES)}
    assert tooltip_note in map_rows[MUNICIPALITY][f"{derived}_text"]

    table = table_for_screen(compare.rows.dropna(subset=["area_name"]), indicator, language)
    assert any(tooltip_note in column for column in table.columns)


def test_indicators_without_derived_values_say_nothing_of_derivation(setting):
    _, names, peers, data = setting
    income = _indicator(setting, INCOME)
    drawn = views.compare(data, income, 2022, MUNICIPALITY, peers, names, "sv")
    assert "Härledda" not in drawn.caption
    rows = _rows(drawn.spec, drawn.spec["data"]["name"])
    assert not any("härledd" in row["women_text"] + row["men_text"] for row in rows)
