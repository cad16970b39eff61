"""One colour and dash per area's role in every chart, through views.py on the committed snapshot (Karlstad 1780,
its county Region Värmland 17, Riket 0000)."""

import pyarrow as pa
import pytest

from jamstat import charts, ui, views
from jamstat.settings import RIKET

MUNICIPALITY, COUNTY = "1780", "17"
INCOME = "N00906"  # Sammanräknad förvärvsinkomst, kr: values in every year for all three areas


def _rows(spec: dict, name: str) -> list[dict]:
    values = spec["datasets"][name]
    return pa.ipc.open_stream(values).read_all().to_pylist() if isinstance(values, bytes) else values


@pytest.fixture(scope="module")
def setting():
    areas = ui.query("areas")
    names = ui.area_names(areas, "sv")
    peers = ui.peer_choice("region", MUNICIPALITY, areas, "sv")
    return ui.query("indicators"), names, peers


def _indicator(setting, indicator_id: str) -> dict:
    return views._indicator(setting[0], indicator_id, "sv")


def _by_name(encoding: dict) -> dict[str, tuple[str, list]]:
    """Area name -> (colour, dash) from a chart whose colour and dash scales list the areas by name."""
    colour = encoding.get("color", encoding.get("stroke"))["scale"]
    dash = encoding["strokeDash"]["scale"]
    assert colour["domain"] == dash["domain"]
    return {name: (colour["range"][i], dash["range"][i]) for i, name in enumerate(colour["domain"])}


def test_the_same_area_has_the_same_colour_and_dash_in_every_chart(setting):
    _, names, peers = setting
    income = _indicator(setting, INCOME)
    areas = [MUNICIPALITY, COUNTY, RIKET]
    karlstad, county, riket, peer_mean = names[MUNICIPALITY], names[COUNTY], names[RIKET], names["peers"]

    # Över tid, the gap lines: by area name, in the order the user chose.
    gaps = views.gaps(income, areas, names, "sv", MUNICIPALITY).spec
    over_time = _by_name(gaps["layer"][1]["encoding"])
    # Över tid, the gap against the peers' mean and Sweden's.
    trend = views.peer_trend(income, MUNICIPALITY, peers, names, "sv").spec
    peer_lines = _by_name(trend["layer"][1]["encoding"])
    # Över tid, the small multiples: the bar over each panel.
    panels = _by_name(views.series(income, areas, names, "sv", MUNICIPALITY).spec["spec"]["layer"][1]["encoding"])
    # Jämför, the dumbbell: the line joining women's and men's points, by the row's role.
    compare = views.compare(income, 2022, MUNICIPALITY, peers, names, "sv").spec
    rule = compare["layer"][1]["encoding"]
    roles = {row["area_id"]: row["role"] for row in _rows(compare, compare["data"]["name"])}
    dumbbell = {area: (rule["stroke"]["scale"]["range"][rule["stroke"]["scale"]["domain"].index(role)],
                       rule["strokeDash"]["scale"]["range"][rule["strokeDash"]["scale"]["domain"].index(role)])
                for area, role in roles.items()}
    # Karta: the chosen municipality's outline.
    karta = views.choropleth(income, 2022, "gap", COUNTY, MUNICIPALITY, names, "sv").spec
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
    _, names, _ = setting
    income = _indicator(setting, INCOME)
    reordered = _by_name(views.gaps(income, [RIKET, "1781", MUNICIPALITY, COUNTY], names, "sv",
                                    MUNICIPALITY).spec["layer"][1]["encoding"])
    assert reordered[names[MUNICIPALITY]][0] == charts.ROLE_COLOURS["municipality"]
    assert reordered[names[COUNTY]][0] == charts.ROLE_COLOURS["region"]
    assert reordered[names[RIKET]][0] == charts.ROLE_COLOURS["country"]
    assert reordered[names["1781"]][0] == charts.ROLE_COLOURS["other"]
