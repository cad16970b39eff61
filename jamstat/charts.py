"""Altair chart builders: each takes a DataFrame from a stored query and returns a chart; nothing here fetches data."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from jamstat.state import MEASURES
from jamstat.text import format_gap, format_ratio, format_value, sex_label, t

# Okabe-Ito vermillion and blue: distinguishable with the common colour-vision deficiencies and in greyscale.
SEX_COLOURS = {"women": "#D55E00", "men": "#0072B2"}
HIGHLIGHT = "#FFF3B0"
# Areas in gap charts: Okabe-Ito colours other than the two used for the sexes, plus black and grey.
AREA_COLOURS = ["#000000", "#009E73", "#CC79A7", "#7F7F7F", "#8C564B"]
# Fill the width but let the height grow with the rows: "fit" would squeeze rows to make room for titles.
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
FONT_SIZE = 14


def _sex_scale(population: str, lang: str) -> tuple[alt.Scale, list[str]]:
    labels = [sex_label("women", population, lang), sex_label("men", population, lang)]
    return alt.Scale(domain=labels, range=[SEX_COLOURS["women"], SEX_COLOURS["men"]]), labels


def _title(title: str, subtitle: str | None = None) -> alt.TitleParams:
    return alt.TitleParams(title, subtitle=subtitle or "", anchor="start", fontSize=18, subtitleFontSize=FONT_SIZE)


def dumbbell_by_area(rows: pd.DataFrame, *, unit: str, population: str, lang: str,
                     title: str, subtitle: str | None = None) -> alt.LayerChart:
    """Women's and men's values per area joined by a line, in the order of the rows (the query sorts by gap)."""
    data = rows.copy()
    women, men = sex_label("women", population, lang), sex_label("men", population, lang)
    data["label"] = [name for name in data["area_name"]]
    data["women_text"] = [format_value(v, unit, lang) for v in data["women"]]
    data["men_text"] = [format_value(v, unit, lang) for v in data["men"]]
    data["gap_text"] = [format_gap(v, unit, lang) for v in data["gap"]]
    data["ratio_text"] = [format_ratio(v, lang) for v in data["ratio"]]
    data["highlight"] = data["is_chosen"] | data["is_region"] | data["is_country"] | data["is_peer_mean"]
    order = list(data["label"])
    scale, _ = _sex_scale(population, lang)
    tooltip = [alt.Tooltip("label:N", title=t("area", lang)),
               alt.Tooltip("women_text:N", title=women), alt.Tooltip("men_text:N", title=men),
               alt.Tooltip("gap_text:N", title=f"{t('gap', lang)} ({women} − {men})"),
               alt.Tooltip("ratio_text:N", title=f"{t('ratio', lang)} ({women} / {men})")]
    bold = "|".join(data.loc[data["highlight"], "label"].map(lambda s: s.replace("'", "\\'")))
    y = alt.Y("label:N", sort=order, title=None, axis=alt.Axis(
        labelFontSize=12, labelLimit=220, labelOverlap=False,
        labelFontWeight=alt.ExprRef(f"indexof(split('{bold}', '|'), datum.value) >= 0 ? 'bold' : 'normal'")))
    base = alt.Chart().encode(y=y, tooltip=tooltip)  # the data goes on the layer: copied once, not per layer
    band = base.transform_filter("datum.highlight").mark_bar(color=HIGHLIGHT, opacity=0.9).encode(
        x=alt.value(0), x2=alt.value("width"))
    rule = base.mark_rule(color="#777777", strokeWidth=2).encode(
        x=alt.X("women:Q", title=t(f"unit_{unit}", lang), axis=alt.Axis(orient="top")), x2="men:Q")
    points = base.transform_fold(["women", "men"], as_=["sex_key", "value"]).transform_calculate(
        sex=f"datum.sex_key == 'women' ? '{women}' : '{men}'"
    ).mark_point(filled=True, size=90, opacity=1).encode(
        x=alt.X("value:Q", title=t(f"unit_{unit}", lang), scale=alt.Scale(zero=False), axis=alt.Axis(orient="top")),
        color=alt.Color("sex:N", scale=scale, legend=alt.Legend(title=None, orient="top", labelFontSize=FONT_SIZE)))
    height = max(160, 22 * len(data))
    return alt.layer(band, rule, points, data=data).properties(
        title=_title(title, subtitle), height=height, width="container", autosize=FIT_WIDTH)


def lines_by_sex(series: pd.DataFrame, *, unit: str, population: str, lang: str, title: str) -> alt.FacetChart:
    """Women's and men's values over the years, one small panel per area; a missing year breaks the line."""
    data = series.copy()
    data["sex_label"] = [sex_label(s, population, lang) for s in data["sex"]]
    data["value_text"] = [format_value(v, unit, lang) for v in data["value"]]
    scale, _ = _sex_scale(population, lang)
    chart = alt.Chart(data).mark_line(
        point=alt.OverlayMarkDef(size=50, filled=True), strokeWidth=3, invalid="break-paths-show-domains",
    ).encode(
        x=alt.X("year:O", title=t("year", lang), axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y("value:Q", title=t(f"unit_{unit}", lang), scale=alt.Scale(zero=False)),
        color=alt.Color("sex_label:N", scale=scale, legend=alt.Legend(title=None, orient="top",
                                                                        labelFontSize=FONT_SIZE)),
        tooltip=[alt.Tooltip("area_name:N", title=t("area", lang)), alt.Tooltip("year:O", title=t("year", lang)),
                 alt.Tooltip("sex_label:N", title=" "), alt.Tooltip("value_text:N", title=t("value", lang))],
    )
    columns = min(3, max(1, data["area_id"].nunique()))
    # Facets cannot stretch to the container, so size panels by how many share a row.
    chart = chart.properties(width={1: 760, 2: 400}.get(columns, 280), height=240)
    return chart.facet(
        facet=alt.Facet("area_name:N", title=None, sort=list(dict.fromkeys(data["area_name"])),
                        header=alt.Header(labelFontSize=FONT_SIZE, labelFontWeight="bold")),
        columns=columns,
    ).properties(title=_title(title))


def gap_over_time(gaps: pd.DataFrame, *, unit: str, population: str, lang: str, title: str) -> alt.LayerChart:
    """The gap (women − men) per area over the years, with a zero line; a missing year breaks the line."""
    data = gaps.copy()
    data["gap_text"] = [format_gap(v, unit, lang) for v in data["gap"]]
    tooltip = [alt.Tooltip("area_name:N", title=t("area", lang)), alt.Tooltip("year:O", title=t("year", lang)),
               alt.Tooltip("gap_text:N", title=t("gap", lang))]
    if "ratio" in data:
        data["ratio_text"] = [format_ratio(v, lang) for v in data["ratio"]]
        tooltip.append(alt.Tooltip("ratio_text:N", title=t("ratio", lang)))
    women, men = sex_label("women", population, lang), sex_label("men", population, lang)
    order = list(dict.fromkeys(data["area_name"]))
    y_title = f"{women} − {men} ({t('gap_unit_percent', lang) if unit == 'percent' else t(f'unit_{unit}', lang)})"
    lines = alt.Chart(data).mark_line(
        point=alt.OverlayMarkDef(size=50, filled=True), strokeWidth=3, invalid="break-paths-show-domains",
    ).encode(
        x=alt.X("year:O", title=t("year", lang), axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y("gap:Q", title=y_title),
        color=alt.Color("area_name:N", title=None, sort=order,
                        scale=alt.Scale(range=AREA_COLOURS),
                        legend=alt.Legend(orient="top", labelFontSize=FONT_SIZE, labelLimit=400)),
        strokeDash=alt.StrokeDash("area_name:N", legend=None, sort=order),
        tooltip=tooltip,
    )
    zero = alt.Chart(pd.DataFrame({"gap": [0.0]})).mark_rule(color="#333333", strokeDash=[4, 4]).encode(y="gap:Q")
    return alt.layer(zero, lines).properties(title=_title(title), height=280, width="container",
                                             autosize=FIT_WIDTH)


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
    return alt.layer(bars, labels).properties(title=_title(title, t("index_subtitle", lang)), height=260,
                                              width="container", autosize=FIT_WIDTH)


MISSING_GREY = "#CCCCCC"
MAP_VALUES = "map_values"  # the choropleth's named dataset of values per municipality
MAP_HEIGHT = 800
# Vega-Lite fits the projection to the features drawn, so a county's municipalities fill the frame.
# Transverse Mercator on 15° E (as SWEREF 99 TM) keeps Sweden's shape true; plain Mercator stretches the north.
SWEDEN_PROJECTION = {"type": "transverseMercator", "rotate": [-15, 0, 0]}


def _legend_labels(lang: str, signed: bool) -> str:
    """Legend numbers in the UI's format (Vega's own formatting is English only)."""
    number = f"format(datum.value, '{'+' if signed else ''},~f')"
    if lang != "en":
        number = f"replace(replace(replace({number}, regexp(',', 'g'), '\u202f'), '.', ','), '-', '\u2212')"
    return f"datum.value == 0 ? '0' : {number}"


def choropleth(rows: pd.DataFrame, geojson: dict | None, *, measure: str, unit: str, population: str, lang: str,
               title: str | list[str], chosen_id: str | None = None,
               subtitle: str | None = None) -> alt.LayerChart:
    """Municipalities coloured by the gap (diverging around 0) or by women's or men's value (sequential).

    Draws only the features whose area_id is in rows; a municipality without a value is grey and says so.
    With geojson None the spec names its data "geometry" and with_geometry puts the features in afterwards:
    Altair copies, hashes and validates every value of inline data (0.7–0.9 s for the 327 KB of boundaries).
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
    women, men = sex_label("women", population, lang), sex_label("men", population, lang)
    data = rows[["area_id", "area_name", "women", "men", "gap", "ratio"]].copy()
    data["value"] = data[measure]
    data["women_text"] = [format_value(v, unit, lang) for v in data["women"]]
    data["men_text"] = [format_value(v, unit, lang) for v in data["men"]]
    data["gap_text"] = [format_gap(v, unit, lang) for v in data["gap"]]
    data["ratio_text"] = [format_ratio(v, lang) for v in data["ratio"]]
    source = alt.Data(name="geometry") if geojson is None else alt.Data(values=drawn_features(rows, geojson))
    fields = ["area_name", "value", "women_text", "men_text", "gap_text", "ratio_text"]
    # The values are one named dataset of plain records: a frame in LookupData would be converted, validated
    # and copied by Altair for every layer (~150 ms for 290 municipalities).
    base = alt.Chart(source).transform_lookup(
        lookup="properties.area_id", from_=alt.LookupData(alt.NamedData(name=MAP_VALUES), key="area_id",
                                                          fields=fields))
    tooltip = [alt.Tooltip("properties.name:N", title=t("municipality_short", lang)),
               alt.Tooltip("women_text:N", title=women), alt.Tooltip("men_text:N", title=men),
               alt.Tooltip("gap_text:N", title=f"{t('gap', lang)} ({women} − {men})"),
               alt.Tooltip("ratio_text:N", title=f"{t('ratio', lang)} ({women} / {men})")]

    unit_text = t("gap_unit_percent", lang) if unit == "percent" and measure == "gap" else t(f"unit_{unit}", lang)
    if measure == "gap":
        # Blue where men's value is higher, orange where women's is: the same sides as the sexes' colours.
        scale = alt.Scale(scheme="blueorange", domainMid=0)
        legend_title = f"{women} − {men} ({unit_text})"
    else:
        # Women and men share one domain so switching between them does not silently rescale the colours.
        both = pd.concat([data["women"], data["men"]]).dropna()
        domain = [float(both.min()), float(both.max())] if not both.empty else alt.Undefined
        scheme = "oranges" if measure == "women" else "blues"
        scale = alt.Scale(scheme=alt.SchemeParams(scheme, extent=[0.1, 1]), domain=domain, nice=True, zero=False)
        legend_title = f"{women if measure == 'women' else men} ({unit_text})"
    legend = alt.Legend(title=legend_title, orient="top", direction="horizontal", gradientLength=320,
                        titleFontSize=FONT_SIZE, labelFontSize=12, titleLimit=600,
                        labelExpr=_legend_labels(lang, signed=measure == "gap"))
    valued = base.transform_filter("isValid(datum.value)").mark_geoshape(stroke="white", strokeWidth=0.4).encode(
        color=alt.Color("value:Q", scale=scale, legend=legend), tooltip=tooltip)
    layers = [valued]
    if data["value"].isna().any():
        missing_label = t("map_missing_legend", lang)
        layers.append(base.transform_filter("!isValid(datum.value)").transform_calculate(
            missing=alt.expr.toString(missing_label)).mark_geoshape(stroke="white", strokeWidth=0.4).encode(
            color=alt.Color("missing:N", scale=alt.Scale(domain=[missing_label], range=[MISSING_GREY]),
                            legend=alt.Legend(title=None, orient="top", labelFontSize=12, symbolType="square",
                                              symbolSize=200, symbolStrokeWidth=0)),
            tooltip=tooltip))
    if chosen_id:
        layers.append(base.transform_filter(f"datum.properties.area_id == {json.dumps(chosen_id)}").mark_geoshape(
            filled=False, stroke="black", strokeWidth=2.5).encode(tooltip=tooltip))
    records = data.astype(object).where(data.notna(), None).to_dict("records")  # missing is null, never NaN
    return alt.layer(*layers, datasets={MAP_VALUES: records}).resolve_scale(color="independent").project(
        **SWEDEN_PROJECTION).properties(title=_title(title, subtitle), width="container", height=MAP_HEIGHT)


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
