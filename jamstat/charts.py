"""Altair chart builders: each takes a DataFrame from a stored query and returns a chart; nothing here fetches data."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from jamstat.settings import RIKET
from jamstat.state import MEASURES
from jamstat.text import (
    SV_DECIMAL,
    SV_MINUS,
    SV_THOUSANDS,
    format_gap,
    format_ratio,
    format_value,
    is_missing,
    sex_label,
    t,
    unit_label,
)

# Okabe-Ito vermillion and blue: distinguishable with the common colour-vision deficiencies and in greyscale.
SEX_COLOURS = {"women": "#D55E00", "men": "#0072B2"}
HIGHLIGHT = "#FFF3B0"
# One colour and dash per area's role, the same in every chart (lines, dumbbell, panels, the map's outline).
# Okabe-Ito colours other than the sexes' (and their near neighbours orange and sky blue), black and greys.
ROLES = ("municipality", "region", "country", "peer_mean", "other")
ROLE_COLOURS = {"municipality": "#000000", "region": "#009E73", "country": "#CC79A7", "peer_mean": "#8C564B",
                "other": "#8C8C8C"}
ROLE_DASHES = {"municipality": [1, 0], "region": [8, 4], "country": [2, 2], "peer_mean": [6, 2, 2, 2],
               "other": [1, 0]}
# Several other areas in one line chart share the grey and differ by dash.
OTHER_DASHES = [[1, 0], [12, 3], [3, 3], [12, 3, 3, 3]]

# Vega-Lite's number and time formats (axes, legends, format() in expressions) in the UI's language; the English
# UI keeps Vega's own en-US. The exports pass the same locale to vl-convert (export.py reads it from the spec).
LOCALES = {
    "sv": {
        "number": {"decimal": SV_DECIMAL, "thousands": SV_THOUSANDS, "grouping": [3], "currency": ["", " kr"],
                   "minus": SV_MINUS},
        "time": {"dateTime": "%A den %d %B %Y %X", "date": "%Y-%m-%d", "time": "%H:%M:%S",
                 "periods": ["fm", "em"],
                 "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
                 "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
                 "months": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                            "september", "oktober", "november", "december"],
                 "shortMonths": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov",
                                 "dec"]},
    },
}
# Fill the width but let the height grow with the rows: "fit" would squeeze rows to make room for titles.
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
FONT_SIZE = 14


def _sex_scale(population: str, lang: str) -> tuple[alt.Scale, list[str]]:
    labels = [sex_label("women", population, lang), sex_label("men", population, lang)]
    return alt.Scale(domain=labels, range=[SEX_COLOURS["women"], SEX_COLOURS["men"]]), labels


def _title(title: str, subtitle: str | None = None) -> alt.TitleParams:
    return alt.TitleParams(title, subtitle=subtitle or "", anchor="start", fontSize=18, subtitleFontSize=FONT_SIZE)


def _localised(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """The chart with the UI language's number and time format (Swedish: 1 234,5 and −2), if not Vega's own."""
    return chart.configure(locale=LOCALES[lang]) if lang in LOCALES else chart


def area_roles(rows: pd.DataFrame, chosen_id: str | None = None, county_id: str | None = None) -> list[str]:
    """Each row's role (ROLES): from peer_gap_by_year's series, gap_by_area's is_* flags, else the area ids."""
    if "series" in rows:
        return [series if series in ROLE_COLOURS else "other" for series in rows["series"]]
    if "is_chosen" in rows:
        flags = (("municipality", "is_chosen"), ("region", "is_region"), ("country", "is_country"),
                 ("peer_mean", "is_peer_mean"))
        return [next((role for role, flag in flags if bool(row[flag])), "other")
                for row in rows[[flag for _, flag in flags]].to_dict("records")]
    by_id = {RIKET: "country", "peers": "peer_mean"}
    if county_id:
        by_id[county_id] = "region"
    if chosen_id:
        by_id[chosen_id] = "municipality"
    return [by_id.get(area, "other") for area in rows["area_id"]]


# Style keys: a role, or "other<k>" for the k-th other area (OTHER_DASHES). A fixed domain of keys lets the data
# carry each area's style, so the spec stays the same when the areas change.
STYLE_KEYS = [role for role in ROLES if role != "other"] + [f"other{k}" for k in range(len(OTHER_DASHES))]
STYLE_COLOURS = [ROLE_COLOURS[key] if key in ROLE_COLOURS else ROLE_COLOURS["other"] for key in STYLE_KEYS]
STYLE_DASHES = [ROLE_DASHES[key] if key in ROLE_DASHES else OTHER_DASHES[int(key[5:])] for key in STYLE_KEYS]


def style_keys(roles: list[str]) -> list[str]:
    """Each area's style key (STYLE_KEYS) by its role, in order; other areas cycle through OTHER_DASHES."""
    keys, others = [], 0
    for role in roles:
        if role == "other":
            keys.append(f"other{others % len(OTHER_DASHES)}")
            others += 1
        else:
            keys.append(role)
    return keys


def _role_styles(roles: list[str]) -> tuple[list[str], list[list[int]]]:
    """Colours and dashes for areas by their roles, in order (through their style keys)."""
    position = [STYLE_KEYS.index(key) for key in style_keys(roles)]
    return [STYLE_COLOURS[i] for i in position], [STYLE_DASHES[i] for i in position]


def _derived_texts(data: pd.DataFrame, derived_sex: str, population: str, lang: str) -> None:
    """Mark the derived sex's value texts (e.g. women's VAB share = 100 − men's) in place."""
    if derived_sex not in ("women", "men"):
        return
    other = sex_label("men" if derived_sex == "women" else "women", population, lang).lower()
    note = f" ({t('derived_value', lang, other=other)})"
    column = f"{derived_sex}_text"
    if column in data:
        data[column] = [text if is_missing(value) else text + note
                        for text, value in zip(data[column], data[derived_sex])]
    if "sex" in data and "value_text" in data:
        derived = (data["sex"] == derived_sex) & data["value"].notna()
        data.loc[derived, "value_text"] = data.loc[derived, "value_text"] + note


DUMBBELL_ROW, DUMBBELL_MIN_HEIGHT = 22, 160
ROW_STEP = "rowStep"  # usermeta: the chart's height is this many px per row of its y axis


def dumbbell_by_area(rows: pd.DataFrame, *, unit: str, population: str, lang: str,
                     title: str, subtitle: str | None = None, derived_sex: str = "") -> alt.LayerChart:
    """Women's and men's values per area joined by a line, in the order of the rows (the query sorts by gap).

    The joining line has the colour and dash of the area's role (ROLE_COLOURS), as in the line charts."""
    data = rows.copy()
    women, men = sex_label("women", population, lang), sex_label("men", population, lang)
    data["label"] = [name for name in data["area_name"]]
    data["women_text"] = [format_value(v, unit, lang) for v in data["women"]]
    data["men_text"] = [format_value(v, unit, lang) for v in data["men"]]
    _derived_texts(data, derived_sex, population, lang)
    data["gap_text"] = [format_gap(v, unit, lang) for v in data["gap"]]
    data["ratio_text"] = [format_ratio(v, lang) for v in data["ratio"]]
    data["role"] = area_roles(data)
    data["highlight"] = data["role"] != "other"
    # Order and bold labels live in the data, not the spec, so that another year or municipality changes only
    # the data and the page's chart is updated in place (a changed spec makes Vega build the view anew).
    data["order"] = range(len(data))
    data["axis_key"] = [("1|" if bold else "0|") + label for bold, label in zip(data["highlight"], data["label"])]
    scale, _ = _sex_scale(population, lang)
    tooltip = [alt.Tooltip("label:N", title=t("area", lang)),
               alt.Tooltip("women_text:N", title=women), alt.Tooltip("men_text:N", title=men),
               alt.Tooltip("gap_text:N", title=f"{t('gap', lang)} ({women} − {men})"),
               alt.Tooltip("ratio_text:N", title=f"{t('ratio', lang)} ({women} / {men})")]
    if "women_share" in data and data["women_share"].notna().any():  # counts: the share is what compares
        data["women_share_text"] = [format_value(v, "percent", lang) for v in data["women_share"]]
        tooltip.append(alt.Tooltip("women_share_text:N", title=t("women_share", lang, women=women.lower())))
    y = alt.Y("axis_key:N", sort=alt.EncodingSortField("order", op="min"), title=None, axis=alt.Axis(
        labelFontSize=12, labelLimit=220, labelOverlap=False, labelExpr="slice(datum.value, 2)",
        labelFontWeight=alt.ExprRef("slice(datum.value, 0, 1) == '1' ? 'bold' : 'normal'")))
    base = alt.Chart().encode(y=y, tooltip=tooltip)  # the data goes on the layer: copied once, not per layer
    band = base.transform_filter("datum.highlight").mark_bar(color=HIGHLIGHT, opacity=0.9).encode(
        x=alt.value(0), x2=alt.value("width"))
    # A peer mean resting on fewer than 3 or fewer than half of the peers (peer_mean_uncertain): lighter.
    uncertain = "datum.peer_mean_uncertain === true"
    # stroke, not color: the points' colour scale is the sexes'.
    rule = base.mark_rule(strokeWidth=2.5).encode(
        x=alt.X("women:Q", title=unit_label(unit, lang), axis=alt.Axis(orient="top")), x2="men:Q",
        stroke=alt.Stroke("role:N", scale=alt.Scale(domain=list(ROLES), range=[ROLE_COLOURS[r] for r in ROLES]),
                          legend=None),
        strokeDash=alt.StrokeDash("role:N", scale=alt.Scale(domain=list(ROLES),
                                                            range=[ROLE_DASHES[r] for r in ROLES]), legend=None),
        opacity=alt.condition(uncertain, alt.value(0.35), alt.value(1)))
    points = base.transform_fold(["women", "men"], as_=["sex_key", "value"]).transform_calculate(
        sex=f"datum.sex_key == 'women' ? '{women}' : '{men}'"
    ).mark_point(filled=True, size=90).encode(
        opacity=alt.condition(uncertain, alt.value(0.35), alt.value(1)),
        x=alt.X("value:Q", title=unit_label(unit, lang), scale=alt.Scale(zero=False), axis=alt.Axis(orient="top")),
        color=alt.Color("sex:N", scale=scale, legend=alt.Legend(title=None, orient="top", labelFontSize=FONT_SIZE)))
    height = max(DUMBBELL_MIN_HEIGHT, DUMBBELL_ROW * len(data))
    chart = alt.layer(band, rule, points, data=data).properties(
        title=_title(title, subtitle), height=height, width="container", autosize=FIT_WIDTH)
    if height > DUMBBELL_MIN_HEIGHT:  # page_spec draws the same height as a step per row (see there)
        chart = chart.properties(usermeta={ROW_STEP: DUMBBELL_ROW})
    return _localised(chart, lang)


def _area_scales(data: pd.DataFrame, chosen_id: str | None, county_id: str | None
                 ) -> tuple[list[str], alt.Scale, alt.Scale]:
    """The areas' names in the rows' order, and colour and dash scales by their roles (the same in every chart)."""
    first = data.drop_duplicates("area_name")
    order = list(first["area_name"])
    colours, dashes = _role_styles(area_roles(first, chosen_id, county_id))
    return order, alt.Scale(domain=order, range=colours), alt.Scale(domain=order, range=dashes)


def lines_by_sex(series: pd.DataFrame, *, unit: str, population: str, lang: str, title: str,
                 chosen_id: str | None = None, county_id: str | None = None, derived_sex: str = ""
                 ) -> alt.FacetChart:
    """Women's and men's values over the years, one small panel per area; a missing year breaks the line.

    A bar over each panel has the colour and dash of the area's role, as its line in the gap chart."""
    data = series.copy()
    data["sex_label"] = [sex_label(s, population, lang) for s in data["sex"]]
    data["value_text"] = [format_value(v, unit, lang) for v in data["value"]]
    _derived_texts(data, derived_sex, population, lang)
    scale, _ = _sex_scale(population, lang)
    # Panel order and each panel's style in the data, not the spec (a fixed domain of style keys): other areas
    # change only the data, and the page's chart is updated in place instead of being built anew.
    first = data.drop_duplicates("area_name")
    panel = {name: number for number, name in enumerate(first["area_name"])}
    style = dict(zip(first["area_name"], style_keys(area_roles(first, chosen_id, county_id))))
    data["panel"] = data["area_name"].map(panel)
    data["style"] = data["area_name"].map(style)
    lines = alt.Chart().mark_line(
        point=alt.OverlayMarkDef(size=50, filled=True), strokeWidth=3, invalid="break-paths-show-domains",
    ).encode(
        x=alt.X("year:O", title=t("year", lang), axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y("value:Q", title=unit_label(unit, lang), scale=alt.Scale(zero=False)),
        color=alt.Color("sex_label:N", scale=scale, legend=alt.Legend(title=None, orient="top",
                                                                        labelFontSize=FONT_SIZE)),
        tooltip=[alt.Tooltip("area_name:N", title=t("area", lang)), alt.Tooltip("year:O", title=t("year", lang)),
                 alt.Tooltip("sex_label:N", title=" "), alt.Tooltip("value_text:N", title=t("value", lang))],
    )
    role_bar = alt.Chart().transform_aggregate(groupby=["area_name", "style"]).mark_rule(strokeWidth=4).encode(
        x=alt.value(0), x2=alt.value("width"), y=alt.value(-6),
        stroke=alt.Stroke("style:N", scale=alt.Scale(domain=STYLE_KEYS, range=STYLE_COLOURS), legend=None),
        strokeDash=alt.StrokeDash("style:N", scale=alt.Scale(domain=STYLE_KEYS, range=STYLE_DASHES), legend=None))
    columns = min(3, max(1, data["area_id"].nunique()))
    # Facets cannot stretch to the container, so size panels by how many share a row.
    chart = alt.layer(lines, role_bar, data=data).properties(width={1: 760, 2: 400}.get(columns, 280), height=240)
    return _localised(chart.facet(
        facet=alt.Facet("area_name:N", title=None, sort=alt.EncodingSortField("panel", op="min"),
                        header=alt.Header(labelFontSize=FONT_SIZE, labelFontWeight="bold")),
        columns=columns,
    ).properties(title=_title(title)), lang)


def gap_over_time(gaps: pd.DataFrame, *, unit: str, population: str, lang: str, title: str,
                  chosen_id: str | None = None, county_id: str | None = None, derived_sex: str = ""
                  ) -> alt.LayerChart:
    """The gap (women − men) per area over the years, with a zero line; a missing year breaks the line.

    Each area's line has the colour and dash of its role (chosen municipality, county, Riket, peer mean, other):
    from peer_gap_by_year's series, else from chosen_id and county_id."""
    data = gaps.copy()
    data["gap_text"] = [format_gap(v, unit, lang) for v in data["gap"]]
    tooltip = [alt.Tooltip("area_name:N", title=t("area", lang)), alt.Tooltip("year:O", title=t("year", lang)),
               alt.Tooltip("gap_text:N", title=t("gap", lang))]
    if "ratio" in data:
        data["ratio_text"] = [format_ratio(v, lang) for v in data["ratio"]]
        tooltip.append(alt.Tooltip("ratio_text:N", title=t("ratio", lang)))
    if "basis_text" in data:  # a peer mean: how many of the peers it rests on that year
        tooltip.append(alt.Tooltip("basis_text:N", title=t("peer_basis_tooltip", lang)))
    women, men = sex_label("women", population, lang), sex_label("men", population, lang)
    if derived_sex in ("women", "men"):  # the gap rests on values derived as 100 minus the other sex's
        derived, other = (women, men) if derived_sex == "women" else (men, women)
        data["derived_text"] = f"{derived.lower()} = 100 − {other.lower()}"
        tooltip.append(alt.Tooltip("derived_text:N", title=t("derived_values", lang)))
    order, colours, dashes = _area_scales(data, chosen_id, county_id)
    y_title = f"{women} − {men} ({t('gap_unit_percent', lang) if unit == 'percent' else unit_label(unit, lang)})"
    lines = alt.Chart(data).mark_line(
        point=alt.OverlayMarkDef(size=50, filled=True), strokeWidth=3, invalid="break-paths-show-domains",
    ).encode(
        x=alt.X("year:O", title=t("year", lang), axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y("gap:Q", title=y_title),
        color=alt.Color("area_name:N", title=None, sort=order, scale=colours,
                        legend=alt.Legend(orient="top", labelFontSize=FONT_SIZE, labelLimit=400)),
        strokeDash=alt.StrokeDash("area_name:N", legend=None, sort=order, scale=dashes),
        tooltip=tooltip,
    )
    zero = alt.Chart(pd.DataFrame({"gap": [0.0]})).mark_rule(color="#333333", strokeDash=[4, 4]).encode(y="gap:Q")
    layers = [zero, lines]
    if "peer_mean_uncertain" in data and data["peer_mean_uncertain"].any():
        # A white centre on the years whose peer mean rests on fewer than 3 or fewer than half of the peers: the
        # point reads as hollow, in the line's own colour.
        layers.append(lines.transform_filter("datum.peer_mean_uncertain === true").mark_point(
            filled=True, color="white", size=18, opacity=1).encode(color=alt.value("white")))
    return _localised(alt.layer(*layers).properties(title=_title(title), height=280, width="container",
                                                    autosize=FIT_WIDTH), lang)


def theme_scores(index: pd.DataFrame, *, lang: str, title: str) -> alt.LayerChart:
    """The dashboard's own equality index: one bar per theme on a 0–100 scale (100 = equal values), labelled with
    the score and the coverage (core indicators the municipality has, of the theme's core set); a theme without
    any value, or without any core indicator that year, gets no bar, only its coverage ("0 of 0" says so)."""
    from jamstat.settings import THEMES
    from jamstat.text import format_number, theme_label
    data = index.groupby("theme").agg(
        score=("theme_score", "first"), n=("n_indicators", "first"), n_core=("n_core", "first"),
        n_older=("n_older", "first")).reindex(THEMES)
    data = data.fillna({"n": 0, "n_core": 0, "n_older": 0}).astype(
        {"n": int, "n_core": int, "n_older": int}).rename_axis("theme").reset_index()
    data["theme_label"] = [theme_label(theme, lang) for theme in data["theme"]]
    data["score_text"] = [format_number(v, 1, lang) for v in data["score"]]
    data["coverage_text"] = [t("index_coverage", lang, n=n, core=core) for n, core in zip(data["n"], data["n_core"],
                                                                                           strict=True)]
    data["label_text"] = data["score_text"] + " (" + data["coverage_text"] + ")"
    y = alt.Y("theme_label:N", title=None, sort=alt.EncodingSortField("score", order="descending"),
              axis=alt.Axis(labelLimit=320, labelFontSize=FONT_SIZE))
    bars = alt.Chart(data).mark_bar(color="#555555").encode(
        x=alt.X("score:Q", scale=alt.Scale(domain=[0, 100]), title=t("index_axis", lang)), y=y,
        tooltip=[alt.Tooltip("theme_label:N", title=t("theme", lang)),
                 alt.Tooltip("score_text:N", title=t("index_score", lang)),
                 alt.Tooltip("coverage_text:N", title=t("index_n", lang)),
                 alt.Tooltip("n_older:Q", title=t("index_older_n", lang))])
    # The label sits after the bar, or at 0 where there is no score.
    labels = alt.Chart(data).transform_calculate(at="isValid(datum.score) ? datum.score : 0").mark_text(
        align="left", dx=4, fontSize=FONT_SIZE, color="#000000").encode(
        x=alt.X("at:Q", scale=alt.Scale(domain=[0, 100])), y=y, text="label_text:N")
    return _localised(alt.layer(bars, labels).properties(title=_title(title, t("index_subtitle", lang)), height=260,
                                                         width="container", autosize=FIT_WIDTH), lang)


MISSING_GREY = "#CCCCCC"
GAP_ZERO = "#FFFFFF"  # no gap: white, so the map's colour says which sex is higher and by how much
BORDER_GREY = "#8A8A8A"  # between municipalities: white ones (no gap) would vanish behind white borders
MAP_VALUES = "map_values"  # the choropleth's named dataset of values per municipality
MAP_HEIGHT = 800
# Vega-Lite fits the projection to the features drawn, so a county's municipalities fill the frame.
# Transverse Mercator on 15° E (as SWEREF 99 TM) keeps Sweden's shape true; plain Mercator stretches the north.
SWEDEN_PROJECTION = {"type": "transverseMercator", "rotate": [-15, 0, 0]}


def _legend_labels(signed: bool) -> str:
    """Legend numbers with a sign for gaps, in the spec's locale (LOCALES: Swedish 1 234,5 on the Swedish UI)."""
    return f"datum.value == 0 ? '0' : format(datum.value, '{'+' if signed else ''},~f')"


def gap_scale(gaps: pd.Series, middle: float = 0.0) -> alt.Scale:
    """Colours for gaps, white exactly at middle (0; 50 for a women's share): women's hue where women's value is
    higher, men's where men's is.

    Both signs: a symmetric domain [−m, 0, m], so equal gaps either way are equally strong. One sign only: one
    hue from 0 (Vega's domainMid is ignored when all values lie on one side, so 0 would not be white)."""
    valid = gaps.dropna() - middle
    low, high = (float(valid.min()), float(valid.max())) if not valid.empty else (0.0, 0.0)
    largest = max(abs(low), abs(high)) or 1.0
    if low >= 0 and high > 0:
        domain, colours = [0, largest], [GAP_ZERO, SEX_COLOURS["women"]]
    elif high <= 0 and low < 0:
        domain, colours = [-largest, 0], [SEX_COLOURS["men"], GAP_ZERO]
    else:
        domain, colours = [-largest, 0, largest], [SEX_COLOURS["men"], GAP_ZERO, SEX_COLOURS["women"]]
    domain = [value + middle for value in domain]
    return alt.Scale(domain=domain, range=colours, interpolate="lab")


def choropleth(rows: pd.DataFrame, geojson: dict | None, *, measure: str, unit: str, population: str, lang: str,
               title: str | list[str], chosen_id: str | None = None,
               subtitle: str | None = None, derived_sex: str = "", extent: dict | None = None) -> alt.LayerChart:
    """Municipalities coloured by the gap (diverging around 0) or by women's or men's value (sequential).

    With `extent` (a row of queries/map_extent.sql: the range over all years) the colour scale is the same for
    every year, so another year changes only the data; without it, the scale spans the rows drawn.

    Draws only the features whose area_id is in rows; a municipality without a value is grey and says so.
    With geojson None the spec names its data "geometry" and with_geometry puts the features in afterwards:
    Altair copies, hashes and validates every value of inline data (0.7–0.9 s for the 327 KB of boundaries).
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
    women, men = sex_label("women", population, lang), sex_label("men", population, lang)
    data = rows[["area_id", "area_name", "women", "men", "gap", "ratio"]].copy()
    data["women_share"] = rows["women_share"] if "women_share" in rows else float("nan")
    data["value"] = data["women_share" if measure == "share" else measure]
    data["women_text"] = [format_value(v, unit, lang) for v in data["women"]]
    data["men_text"] = [format_value(v, unit, lang) for v in data["men"]]
    _derived_texts(data, derived_sex, population, lang)
    data["gap_text"] = [format_gap(v, unit, lang) for v in data["gap"]]
    data["ratio_text"] = [format_ratio(v, lang) for v in data["ratio"]]
    source = alt.Data(name="geometry") if geojson is None else alt.Data(values=drawn_features(rows, geojson))
    # The chosen municipality is a field, not a filter on its code: another municipality changes only the data.
    data["is_chosen"] = data["area_id"] == chosen_id if chosen_id else False
    fields = ["area_name", "value", "women_text", "men_text", "gap_text", "ratio_text", "is_chosen"]
    if data["women_share"].notna().any():  # counts: the women's share is what compares across municipalities
        data["share_text"] = [format_value(v, "percent", lang) for v in data["women_share"]]
        fields.append("share_text")
    # The values are one named dataset of plain records: a frame in LookupData would be converted, validated
    # and copied by Altair for every layer (~150 ms for 290 municipalities).
    base = alt.Chart(source).transform_lookup(
        lookup="properties.area_id", from_=alt.LookupData(alt.NamedData(name=MAP_VALUES), key="area_id",
                                                          fields=fields))
    regions = bool(len(rows)) and rows["area_id"].str.len().eq(2).all()  # a region's map colours regions
    tooltip = [alt.Tooltip("properties.name:N", title=t("region_short" if regions else "municipality_short", lang)),
               alt.Tooltip("women_text:N", title=women), alt.Tooltip("men_text:N", title=men),
               alt.Tooltip("gap_text:N", title=f"{t('gap', lang)} ({women} − {men})"),
               alt.Tooltip("ratio_text:N", title=f"{t('ratio', lang)} ({women} / {men})")]
    if "share_text" in data:
        tooltip.append(alt.Tooltip("share_text:N", title=t("women_share", lang, women=women.lower())))

    unit_text = t("gap_unit_percent", lang) if unit == "percent" and measure == "gap" else unit_label(unit, lang)
    def spanned(low: str, high: str, *columns: str) -> pd.Series:
        if extent is not None:
            return pd.Series([extent[low], extent[high]], dtype=float)
        return pd.concat([data[column] for column in columns])

    if measure == "share":
        # Counts: the women's share of women and men, white exactly at equal numbers (50 %).
        scale = gap_scale(spanned("share_low", "share_high", "value"), middle=50.0)
        legend_title = f"{t('women_share', lang, women=women.lower())} (%)"
    elif measure == "gap":
        # Blue where men's value is higher, orange where women's is: the sexes' colours, white at 0.
        scale = gap_scale(spanned("gap_low", "gap_high", "value"))
        legend_title = f"{women} − {men} ({unit_text})"
    else:
        # Women and men share one domain so switching between them does not silently rescale the colours.
        both = spanned("value_low", "value_high", "women", "men").dropna()
        domain = [float(both.min()), float(both.max())] if not both.empty else alt.Undefined
        scheme = "oranges" if measure == "women" else "blues"
        scale = alt.Scale(scheme=alt.SchemeParams(scheme, extent=[0.1, 1]), domain=domain, nice=True, zero=False)
        legend_title = f"{women if measure == 'women' else men} ({unit_text})"
    legend = alt.Legend(title=legend_title, orient="top", direction="horizontal", gradientLength=320,
                        titleFontSize=FONT_SIZE, labelFontSize=12, titleLimit=600,
                        labelExpr=_legend_labels(signed=measure == "gap"))
    valued = base.transform_filter("isValid(datum.value)").mark_geoshape(stroke=BORDER_GREY, strokeWidth=0.5).encode(
        color=alt.Color("value:Q", scale=scale, legend=legend), tooltip=tooltip)
    layers = [valued]
    if data["value"].isna().any():
        missing_label = t("map_missing_legend", lang)
        layers.append(base.transform_filter("!isValid(datum.value)").transform_calculate(
            missing=alt.expr.toString(missing_label)).mark_geoshape(stroke=BORDER_GREY, strokeWidth=0.5).encode(
            color=alt.Color("missing:N", scale=alt.Scale(domain=[missing_label], range=[MISSING_GREY]),
                            legend=alt.Legend(title=None, orient="top", labelFontSize=12, symbolType="square",
                                              symbolSize=200, symbolStrokeWidth=0)),
            tooltip=tooltip))
    if chosen_id:
        layers.append(base.transform_filter("datum.is_chosen === true").mark_geoshape(
            filled=False, stroke=ROLE_COLOURS["municipality"], strokeWidth=2.5).encode(tooltip=tooltip))
    records = data.astype(object).where(data.notna(), None).to_dict("records")  # missing is null, never NaN
    return _localised(alt.layer(*layers, datasets={MAP_VALUES: records}).resolve_scale(color="independent").project(
        **SWEDEN_PROJECTION).properties(title=_title(title, subtitle), width="container", height=MAP_HEIGHT), lang)


def spec_of(chart: alt.TopLevelMixin, validate: bool = True) -> dict:
    """The chart's Vega-Lite spec as Streamlit draws it: data inline as named datasets, no Altair default theme.

    Altair's default theme only adds a 300 px size for continuous axes, which st.altair_chart leaves out too (it
    switches the theme off while converting); every chart here sets its own width and height."""
    spec = chart.to_dict(validate=validate)
    config = spec.get("config", {})
    view = config.get("view", {})
    for key in ("continuousWidth", "continuousHeight"):
        if view.get(key) == 300:
            del view[key]
    if "view" in config and not view:
        del config["view"]
    if "config" in spec and not config:
        del spec["config"]
    return spec


def page_spec(spec: dict) -> dict:
    """The spec as the page draws it: without its title (the page shows it above the chart), and with a height
    given per row where the builder computed it from the row count (ROW_STEP: the same height, drawn as a
    band step of Vega-Lite). So another year, municipality or peer group changes only the data: Streamlit then
    swaps the data in the Vega view instead of building a new view. Exports and slides keep the full spec."""
    page = {key: value for key, value in spec.items() if key != "title"}
    step = (spec.get("usermeta") or {}).get(ROW_STEP)
    if step and isinstance(spec.get("height"), (int, float)):
        page["height"] = {"step": step}
    return page


def detach_data(chart: alt.TopLevelMixin) -> dict[str, pd.DataFrame]:
    """Replace the frames a chart and its layers draw with named data; returns the frames by name.

    For ui.chart_spec, which sends them to the browser as Arrow (as st.vega_lite_chart does with a frame):
    Altair would turn each frame into JSON records value by value, copying and hashing them on the way
    (~40 ms of the ~100 ms a 290-row dumbbell took)."""
    frames: dict[str, pd.DataFrame] = {}

    def visit(node) -> None:
        if isinstance(getattr(node, "data", None), pd.DataFrame):
            name = f"rows-{len(frames)}"
            frames[name] = node.data.reset_index(drop=True)
            node.data = alt.NamedData(name=name)
        for child in getattr(node, "layer", None) or []:
            visit(child)

    visit(chart)
    return frames


def drawn_features(rows: pd.DataFrame, geojson: dict) -> list[dict]:
    """The features a choropleth of these rows draws: those whose area_id is in the rows, in the file's order."""
    shown = set(rows["area_id"])
    return [feature for feature in geojson["features"] if feature["properties"]["area_id"] in shown]


def geometry_json(geojson: dict, area_ids: list[str]) -> str:
    """Those areas' features as GeoJSON text (a FeatureCollection), in the given order."""
    by_id = {feature["properties"]["area_id"]: feature for feature in geojson["features"]}
    return json.dumps({"type": "FeatureCollection", "features": [by_id[area] for area in area_ids]},
                      separators=(",", ":"))


def with_geometry(spec: dict, geometry: str) -> dict:
    """A choropleth spec built without geojson, with the drawn features as GeoJSON text (geometry_json).

    The text goes into a layer around the map's layers (Vega-Lite parses inline values given as a string), not
    into the top-level data: Streamlit JSON-encodes and decodes a spec three times per rerun, which takes
    ~0.2 s for the boundaries as nested lists and a few ms for one string. The top level keeps the title,
    size and projection; the inner layer resolves its colour scales as the map's layers did."""
    outer = {key: value for key, value in spec.items() if key not in ("data", "layer")}
    inner = {"data": {"values": geometry, "format": {"type": "json", "property": "features"}},
             "layer": spec["layer"]}
    if "resolve" in spec:
        inner["resolve"] = spec["resolve"]
    return {**outer, "layer": [inner]}


PRESENTER_SCALE = 1.7
# Vega-Lite's defaults (11 px axis labels, 13 px titles) for what a builder leaves unset, at projector size.
PRESENTER_CONFIG = {"axis": {"labelFontSize": 19, "titleFontSize": 21}, "legend": {"labelFontSize": 22,
                    "titleFontSize": 22}, "header": {"labelFontSize": 22}, "title": {"fontSize": 30}}


def presentable(chart: alt.TopLevelMixin | dict) -> dict:
    """The chart's spec (or a spec) for a projector: every font size and line width scaled up, points enlarged."""
    def scale(node, key=""):
        if isinstance(node, dict):
            return {k: (v if k in ("datasets", "data") else scale(v, k)) for k, v in node.items()}
        if isinstance(node, list):
            return [scale(item) for item in node]
        if isinstance(node, (int, float)) and not isinstance(node, bool):
            if key.lower().endswith("fontsize") or key == "strokeWidth":
                return node * PRESENTER_SCALE
            if key == "size":
                return node * PRESENTER_SCALE ** 2
        return node

    spec = scale(chart if isinstance(chart, dict) else spec_of(chart))
    config = spec.setdefault("config", {})
    for part, values in PRESENTER_CONFIG.items():
        config.setdefault(part, {}).update({k: v for k, v in values.items() if k not in config[part]})
    return spec


# Room for a small multiple's y axis and the gap to the next panel, at projector size.
SLIDE_PANEL_MARGIN = 110
# A chart that fits its whole height to the container (a map) gives its title and legend this much of it (px).
SLIDE_TITLE_ROOM = 240


def fit_to_slide(spec: dict, *, width: int, height: int, panels: int = 1) -> dict:
    """A (presentable) spec sized for a slide: its plot at most `height` px tall, so the title, chart, summary and
    source fit one screen; a small-multiples chart's `panels` share `width` (a facet cannot stretch to its
    container, so it would use a third of a projector's width). Only sizes change."""
    fitted = dict(spec)
    if "facet" in fitted and isinstance(fitted.get("spec"), dict):
        columns = max(1, min(int(fitted.get("columns") or panels), panels))
        rows = -(-panels // columns)
        inner = dict(fitted["spec"])
        inner["width"] = max(200, (width - SLIDE_PANEL_MARGIN * columns) // columns)
        if isinstance(inner.get("height"), (int, float)):
            inner["height"] = min(inner["height"] * 1.3, height / rows - 60)
        fitted["spec"] = inner
    elif isinstance(fitted.get("height"), (int, float)):
        # Drawn to fill the width (a map), the height also holds the title and legend: room for them.
        fit_x = (fitted.get("autosize") or {}).get("type") == "fit-x"
        fitted["height"] = min(fitted["height"], height if fit_x else height + SLIDE_TITLE_ROOM)
    return fitted
