"""Views: from a view's parameters to a drawn chart with its rows, title, caption and narrative.

Pages call these after their widgets; the presentation and the slide export call them for saved views,
so a chart looks the same wherever it is shown. No Streamlit here: a view reads through a Data (a query
function, the data version and a chart builder), which the web layer fills with its cached versions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from jamstat import charts, registry, settings, state
from jamstat.labels import (
    area_names,
    derived_sex,
    indicator_title,
    sex_words,
    source_caption,
)
from jamstat.narrative import profile_parameters
from jamstat.peers import PeerChoice, Query, home_kind, resolve_peers
from jamstat.settings import RIKET
from jamstat.tables import narrative_for
from jamstat.text import counted, markdown_literal, peer_key, t, years_caption


def index_limits(language: str) -> dict[str, str | int]:
    """The equality index's limits as stated on the page and on Om data: max_age (years) and core_share (90 %)."""
    from jamstat.text import SUFFIX, format_number
    return {"max_age": settings.INDEX_MAX_AGE,
            "core_share": format_number(settings.INDEX_CORE_SHARE * 100, 0, language) + SUFFIX[language]["percent"]}


def index_caption(index: pd.DataFrame, year: int, language: str) -> str:
    """The index chart's caption: the method in short, the core set, and how many values are from an earlier year
    (marked in the contributions table) or missing."""
    status = index["status"]
    return t("index_caption", language, year=year, n_core=len(index), n_scored=int((status != "missing").sum()),
             n_older=int((status == "older").sum()), n_missing=int((status == "missing").sum()),
             **index_limits(language))


def build_spec(builder: str, rows: pd.DataFrame, *, boundaries: bool = False, **options) -> dict:
    """The Vega-Lite spec of `charts.<builder>(rows, **options)`, uncached (the web layer caches its own).
    With `boundaries`, the drawn municipalities' features go in as one GeoJSON text, as on the page."""
    if not boundaries:
        return charts.spec_of(getattr(charts, builder)(rows, **options), validate=False)
    from jamstat.sources.boundaries import read_map
    geojson = read_map(settings.SNAPSHOT_DIR)  # municipalities and regions
    spec = charts.spec_of(getattr(charts, builder)(rows, geojson=None, **options), validate=False)
    area_ids = [feature["properties"]["area_id"] for feature in charts.drawn_features(rows, geojson)]
    return charts.with_geometry(spec, charts.geometry_json(geojson, area_ids))


@dataclass(frozen=True)
class Data:
    """What views read: stored queries by name, the store's data version, and a chart builder."""

    query: Query
    data_version: Callable[[], dict]
    chart_spec: Callable[..., dict] = build_spec

    @classmethod
    def from_store(cls, store) -> Data:
        """Straight from a store (jamstat.store.Store): no cache, no Streamlit (tests, benchmarks, exports)."""
        return cls(store.run, store.data_version)


class ViewError(Exception):
    """A view cannot be drawn (no data, unknown indicator, …); the message is Markdown for the user, with every
    user-given or stored text in it escaped (text.markdown_literal)."""


@dataclass
class Drawn:
    spec: dict  # the chart's Vega-Lite spec (Data.chart_spec), as drawn on the page and exported
    rows: pd.DataFrame  # exactly the rows the chart draws
    title: str
    caption: str
    indicator: dict
    file_stem: str
    notes: list[str] = field(default_factory=list)  # e.g. which areas have no value
    language: str = "sv"

    @property
    def alt_text(self) -> str:
        return t("chart_alt_sentence", self.language, title=self.title)

    @property
    def stable_alt_text(self) -> str:
        """The alt text on a page, whose title is shown above the chart: it names the indicator only, so it stays
        the same for another year or municipality (Streamlit builds a new Vega view when it changes)."""
        return t("chart_alt_sentence", self.language, title=indicator_title(self.indicator, self.language))


def _words(indicator: dict, language: str) -> dict[str, str]:
    return sex_words(indicator["population"], language)


def _county(data: Data, municipality: str | None) -> str | None:
    """The municipality's county (region), whose line gets the county's colour in Över tid."""
    if not municipality:
        return None
    areas = data.query("areas").set_index("area_id")
    if municipality not in areas.index or areas.at[municipality, "kind"] != "municipality":
        return None  # a region as home is the chosen area itself, not a county beside it
    return areas.at[municipality, "region_id"]


def _gap_note(indicator: dict, language: str) -> str:
    return t("gap_definition", language, pp=t("pp_note", language) if indicator["unit"] == "percent" else "",
             **_words(indicator, language))


def only_sex(indicator: dict) -> str | None:
    """'women' (or 'men') when Kolada publishes the indicator for that sex only, e.g. reported crimes against
    women; None when both sexes have values (own tables, which name no Kolada KPI, count as both)."""
    women, men = indicator.get("kpi_women") or "", indicator.get("kpi_men") or ""
    if indicator.get("derived_sex") or (women and men) or not (women or men):
        return None
    return "women" if women else "men"


def one_sex_note(indicator: dict, language: str) -> str | None:
    """Why an indicator about one sex has no gap, ratio or comparison line; None for other indicators."""
    sex = only_sex(indicator)
    if sex is None:
        return None
    words = _words(indicator, language)
    return t("one_sex_note", language, sex=words[sex], other=words["men" if sex == "women" else "women"])


def _missing(rows: pd.DataFrame, indicator: dict) -> pd.DataFrame:
    """Areas lacking a value: for a one-sex indicator that sex's value, otherwise either sex's."""
    sex = only_sex(indicator)
    return rows[rows[sex].isna()] if sex else rows[rows["women"].isna() | rows["men"].isna()]


def indicator_years(data: Data, indicator: dict) -> list[int]:
    return data.query("indicator_years", indicator_id=indicator["indicator_id"])["year"].tolist()


def area_years(data: Data, area_id: str) -> list[int]:
    """The years an area's profile (Översikt) can show: those with both sexes' values for some indicator."""
    return data.query("area_years", area_id=area_id)["year"].tolist()


def default_areas(municipality: str | None, areas: pd.DataFrame) -> list[str]:
    """Över tid's areas when a link names none, on the page and on a slide: the municipality, its county and
    Sweden; Sweden alone without a municipality; a region and Sweden for a region (other regions can be added)."""
    if not municipality:
        return [RIKET]
    row = areas.loc[areas["area_id"] == municipality].iloc[0]
    if row["kind"] == "region":
        return [municipality, RIKET]
    return [municipality, row["region_id"], RIKET]


def compare(data: Data, indicator: dict, year: int, municipality: str | None, peers: PeerChoice, names: dict,
            language: str) -> Drawn:
    """Jämför: the dumbbell of women's and men's values per area, sorted by the gap."""
    title = indicator_title(indicator, language)
    words = _words(indicator, language)
    rows = data.query("gap_by_area", indicator_id=indicator["indicator_id"], year=int(year),
                    municipality_id=municipality, peer_ids=peers.ids)
    rows = rows.assign(area_name=rows["area_id"].map(names))
    home = "region" if (rows["is_chosen"] & (rows["kind"] == "region")).any() else "municipality"
    # The peer-mean row names how many peers it rests on, "(2 av 6)", and says when that is too few to trust.
    peer_row = rows["is_peer_mean"]
    basis_note = ""
    if peer_row.any():
        peer = rows[peer_row].iloc[0]
        basis = t("peer_basis", language, n=int(peer["n_peers"]), total=int(peer["n_peer_total"]))
        if peer["peer_mean_uncertain"]:
            basis += ", " + t("peer_uncertain", language)
            basis_note = " " + t("peer_basis_uncertain", language, basis=t(
                peer_key("peer_basis_areas", home), language, n=int(peer["n_peers"]), total=int(peer["n_peer_total"])))
        rows.loc[peer_row, "area_name"] = t("peer_mean_row_basis", language, basis=basis)
    shown = rows.dropna(subset=["women", "men"], how="all")
    if shown.empty:
        raise ViewError(t("no_data_year", language, indicator=markdown_literal(title), year=year))
    marked = ", ".join(shown.loc[shown["is_chosen"] | shown["is_region"] | shown["is_country"]
                                 | shown["is_peer_mean"], "area_name"])
    chart_title = t("compare_title", language, indicator=title, year=year, **words)
    # Counts come sorted by the women's share and without a peer mean (queries/gap_by_area.sql), and say so.
    counts = indicator["unit"] == "count"
    chart = data.chart_spec(
        "dumbbell_by_area", shown, unit=indicator["unit"], population=indicator["population"], lang=language, title=chart_title,
        subtitle=t("compare_subtitle_count" if counts else "compare_subtitle", language, marked=marked,
                   peers=peers.label, **words),
        derived_sex=derived_sex(indicator))
    caption = (source_caption(indicator, t("year_caption", language, year=year), language, data.data_version()) + " "
               + _gap_note(indicator, language) + " "
               + (t("count_note", language, **words) if counts
                  else t(peer_key("peer_mean_note", home), language) + " " + t(peer_key("peer_basis_note", home), language)
                  + basis_note))
    missing = _missing(rows, indicator)
    notes = [t("missing_areas", language, areas=counted(len(missing), "area", language),
               names=", ".join(missing["area_name"].head(20)))
             ] if not missing.empty else []
    notes += [note for note in [one_sex_note(indicator, language)] if note]
    return Drawn(chart, rows, chart_title, caption, indicator, f"jamfor_{indicator['indicator_id']}_{year}", notes, language=language)


def _ordered(frame: pd.DataFrame, area_ids: list[str], names: dict, *columns: str) -> pd.DataFrame:
    """The user's order of areas in panels and legends."""
    position = {area: number for number, area in enumerate(area_ids)}
    frame = frame.assign(area_name=frame["area_id"].map(names))
    return frame.sort_values(["area_id", *columns],
                             key=lambda column: column.map(position) if column.name == "area_id" else column)


def _years_caption(frame: pd.DataFrame, language: str) -> str:
    return years_caption(int(frame["year"].min()), int(frame["year"].max()), language)


def series(data: Data, indicator: dict, area_ids: list[str], names: dict, language: str,
           municipality: str | None = None) -> Drawn:
    """Över tid: women's and men's lines per area; the chosen municipality's and its county's panels marked."""
    rows = data.query("series_by_sex", indicator_id=indicator["indicator_id"], area_ids=area_ids)
    if rows["value"].isna().all():
        if not indicator_years(data, indicator):
            raise ViewError(t("no_data_indicator", language))
        raise ViewError(t("no_data_areas", language, areas=", ".join(names[area] for area in area_ids)))
    rows = _ordered(rows, area_ids, names, "year", "sex")
    title = t("series_title", language, indicator=indicator_title(indicator, language),
              **_words(indicator, language))
    chart = data.chart_spec("lines_by_sex", rows, unit=indicator["unit"], population=indicator["population"],
                          lang=language, title=title, chosen_id=municipality, county_id=_county(data, municipality),
                          derived_sex=derived_sex(indicator))
    empty = [names[a] for a, values in rows.groupby("area_id")["value"] if values.isna().all()]
    notes = [t("missing_areas", language, areas=counted(len(empty), "area", language), names=", ".join(empty))] if empty else []
    notes += [note for note in [one_sex_note(indicator, language)] if note]
    caption = source_caption(indicator, _years_caption(rows, language), language, data.data_version())
    return Drawn(chart, rows, title, caption, indicator, f"over_tid_{indicator['indicator_id']}", notes, language=language)


def gaps(data: Data, indicator: dict, area_ids: list[str], names: dict, language: str,
         municipality: str | None = None) -> Drawn:
    """Över tid: the gap per area over the years; the chosen municipality and its county in their roles' colours."""
    rows = _ordered(data.query("gap_by_year", indicator_id=indicator["indicator_id"], area_ids=area_ids),
                    area_ids, names, "year")
    title = t("gap_title", language, **_words(indicator, language))
    chart = data.chart_spec("gap_over_time", rows, unit=indicator["unit"], population=indicator["population"],
                          lang=language, title=title, chosen_id=municipality, county_id=_county(data, municipality),
                          derived_sex=derived_sex(indicator))
    caption = (source_caption(indicator, _years_caption(rows, language), language, data.data_version()) + " "
               + _gap_note(indicator, language))
    return Drawn(chart, rows, title, caption, indicator, f"skillnad_{indicator['indicator_id']}", language=language)


def peer_trend(data: Data, indicator: dict, municipality: str, peers: PeerChoice, names: dict, language: str) -> Drawn:
    """Över tid: the municipality's gap against its peers' unweighted mean gap and Sweden's.

    Not for counts: their gap mostly measures the size of the area, so the query gives no peer mean for them."""
    if indicator["unit"] == "count":
        raise ViewError(t("peer_trend_count", language))
    rows = data.query("peer_gap_by_year", indicator_id=indicator["indicator_id"], municipality_id=municipality,
                    peer_ids=peers.ids)
    home = home_kind(data.query("areas"), municipality)
    peer = (rows["series"] == "peer_mean") & rows["gap"].notna()
    rows["basis_text"] = ""
    rows.loc[peer, "basis_text"] = [
        t(peer_key("peer_basis_areas", home), language, n=int(n), total=int(total))
        + (", " + t("peer_uncertain", language) if uncertain else "")
        for n, total, uncertain in zip(rows.loc[peer, "n_areas"], rows.loc[peer, "n_peer_total"],
                                       rows.loc[peer, "peer_mean_uncertain"])]
    labels = {"municipality": names[municipality], "peer_mean": t("peer_mean_row", language),
              "country": names[RIKET]}
    order = {"municipality": 0, "peer_mean": 1, "country": 2}
    rows = rows.assign(area_name=rows["series"].map(labels), area_id=rows["series"]).sort_values(
        ["series", "year"], key=lambda column: column.map(order) if column.name == "series" else column)
    title = t("peer_trend_title", language, municipality=names[municipality], peers=peers.label)
    chart = data.chart_spec("gap_over_time", rows, unit=indicator["unit"], population=indicator["population"],
                          lang=language, title=title, derived_sex=derived_sex(indicator))
    caption = (source_caption(indicator, _years_caption(rows, language), language, data.data_version()) + " "
               + t(peer_key("peer_mean_note", home), language) + " "
               + peer_basis_caption(rows[(rows["series"] == "peer_mean") & rows["gap"].notna()], language, home))
    return Drawn(chart, rows, title, caption, indicator, f"skillnad_jamforelse_{indicator['indicator_id']}", language=language)


def peer_basis_caption(peer_rows: pd.DataFrame, language: str, home: str = "municipality") -> str:
    """How many peers a peer-mean line rests on and the years that number changes: "Medelvärdet bygger på 1–11 av
    11 kommuner; antalet skiftar 2012 och 2016." A line whose peer set shifts can move with the set alone."""
    if peer_rows.empty:
        return ""
    peer_rows = peer_rows.sort_values("year")
    counts, total = peer_rows["n_areas"].astype(int), int(peer_rows["n_peer_total"].iloc[0])
    low, high = counts.min(), counts.max()
    text = (t(peer_key("peer_basis_line_fixed", home), language, n=low, total=total) if low == high
            else t(peer_key("peer_basis_line", home), language, low=low, high=high, total=total))
    shifts = peer_rows.loc[counts.ne(counts.shift()) & counts.shift().notna(), "year"].astype(int).astype(str).tolist()
    if shifts:
        text += t("peer_basis_shifts", language, years=join_words(shifts, language))
    return text + (t(peer_key("peer_basis_hollow", home), language) if peer_rows["peer_mean_uncertain"].any() else ".")


def join_words(words: list[str], language: str) -> str:
    """'2012, 2016 och 2022' (or 'and')."""
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + (" and " if language == "en" else " och ") + words[-1]


def choropleth(data: Data, indicator: dict, year: int, measure: str, county: str, municipality: str | None, names: dict,
               language: str) -> Drawn:
    """Karta: municipalities coloured by the gap or by women's or men's value."""
    words = _words(indicator, language)
    title = indicator_title(indicator, language)
    rows = data.query("map_values", indicator_id=indicator["indicator_id"], year=int(year),
                    region_id=county or None, municipality_id=municipality)
    place = names[county] if county else t("county_all", language)
    if rows[["women", "men"]].isna().all(axis=None):
        raise ViewError(t("map_no_data", language, indicator=markdown_literal(title), year=year, place=place))
    sex = only_sex(indicator)
    if sex and measure != sex:
        raise ViewError(one_sex_note(indicator, language) + " "
                        + t("map_choose_measure", language, measure=t(f"measure_{sex}", language, **words)))
    # A count's gap mostly measures the size of the municipality (Stockholm would be the darkest), so counts are
    # coloured by the women's share of women and men instead, which compares across municipalities; the share
    # means nothing for two rates, so other units keep the gap.
    measure = map_measure(indicator, measure)
    home = "region" if rows["area_id"].str.len().eq(2).all() else "municipality"  # a region's map: the regions
    if measure == "share":
        shows = t(peer_key("map_title_share", home), language, year=year, **words)
        subtitle = t("map_subtitle_share", language, **words)
    elif measure == "gap":
        shows = t(peer_key("map_title_gap", home), language, year=year, **words)
        subtitle = t("map_subtitle_gap", language, **words)
    else:
        shows = t(peer_key("map_title_value", home), language, year=year, sex=words[measure])
        subtitle = t("map_subtitle_value", language)
    if county:
        shows += f" ({place})"
    if rows["is_chosen"].any():
        subtitle += " " + t("map_subtitle_chosen", language, name=names[municipality])
    # Two title lines: indicator titles are long, and Vega truncates a title to the chart's width.
    # One colour scale for every year (the range over all years): years compare by colour, and another year
    # changes only the map's data.
    extent = data.query("map_extent", indicator_id=indicator["indicator_id"], region_id=county or None,
                        municipality_id=municipality).iloc[0]
    extent = {key: None if pd.isna(value) else float(value) for key, value in extent.items()}
    chart = data.chart_spec("choropleth", rows, boundaries=True, measure=measure, unit=indicator["unit"],
                          population=indicator["population"], lang=language, title=[title, shows],
                          chosen_id=municipality, subtitle=subtitle, derived_sex=derived_sex(indicator),
                          extent=extent)
    caption = (source_caption(indicator, t("year_caption", language, year=year), language, data.data_version()) + " "
               + t("map_scale_all_years", language, first=int(extent["first_year"]), last=int(extent["last_year"]))
               + " " + _gap_note(indicator, language)
               + (" " + t("count_note", language, **words) if indicator["unit"] == "count" else ""))
    missing = _missing(rows, indicator)
    notes = [t("missing_areas", language, areas=counted(len(missing), "area", language),
               names=", ".join(missing["area_name"].head(20)))
             ] if not missing.empty else []
    stem = f"karta_{indicator['indicator_id']}_{year}" + (f"_lan{county}" if county else "")
    return Drawn(chart, rows, f"{title}: {shows}", caption, indicator, stem, notes, language=language)


def map_measures(indicator: dict) -> tuple[str, ...]:
    """What the map can colour by: for counts the women's share instead of the gap (see choropleth)."""
    return ("share", "women", "men") if indicator["unit"] == "count" else ("gap", "women", "men")


def map_measure(indicator: dict, measure: str) -> str:
    """The measure asked for (a link, a saved view), or its counterpart where the indicator's unit does not allow it."""
    if measure in map_measures(indicator):
        return measure
    return "share" if measure == "gap" else "gap"


def narrative(data: Data, indicator: dict, area_id: str, peers: PeerChoice, year: int, names: dict, language: str
              ) -> str | None:
    """The one-sentence summary for an indicator in an area (the profile's facts), or None without data."""
    profile = data.query("profile", municipality_id=area_id, peer_ids=peers.ids, year=int(year),
                       **profile_parameters())
    row = profile[profile["indicator_id"] == indicator["indicator_id"]]
    if row.empty:
        return None
    peer_label = peers.label if area_id != RIKET else None
    return narrative_for(next(row.itertuples()), names[area_id], peer_label, language)


def _indicator(indicators: pd.DataFrame, indicator_id: str, language: str) -> dict:
    by_id = indicators.set_index("indicator_id")
    if indicator_id not in by_id.index:
        raise ViewError(t("slide_unknown_indicator", language, indicator=markdown_literal(indicator_id[:40])))
    return {"indicator_id": indicator_id, **by_id.loc[indicator_id].to_dict()}


def from_params(data: Data, page: str, params: dict, language: str) -> tuple[Drawn, str | None]:
    """The main chart of a saved view and its one-sentence narrative, validated like a shared link.

    Raises ViewError with a message for the slide when the view cannot be drawn. `page` is a url path of one of the
    registry's slide pages."""
    spec = next((spec for spec in registry.PAGES if spec.slide and spec.url_path == page), None)
    if spec is None:
        raise ViewError(t("slide_unknown_page", language, page=markdown_literal(str(page)[:40])))
    areas = data.query("areas")
    indicators = data.query("indicators")
    names = area_names(areas, language)
    municipalities = set(areas.loc[areas["kind"].isin(["municipality", "region"]), "area_id"])  # or a region
    try:
        municipality = (state.parse_choice(state.KEY_MUNICIPALITY, params[state.KEY_MUNICIPALITY], municipalities)
                        if params.get(state.KEY_MUNICIPALITY) else None)
        peers = resolve_peers(data.query, params, municipality, areas, language)
        if spec is registry.OVERVIEW:
            if not municipality:
                raise ViewError(t("overview_choose_municipality", language))
            if areas.loc[areas["area_id"] == municipality, "kind"].iloc[0] == "region":
                raise ViewError(t("index_municipalities_only", language))
            years = area_years(data, municipality)
            if not years:
                raise ViewError(t("no_data_area", language, area=names[municipality]))
            year = (state.parse_year(state.KEY_YEAR, params[state.KEY_YEAR], years)
                    if params.get(state.KEY_YEAR) else max(years))
            index = data.query("equality_index", municipality_id=municipality, year=year,
                             max_age=settings.INDEX_MAX_AGE, core_share=settings.INDEX_CORE_SHARE)
            title = t("index_title", language, municipality=names[municipality])
            drawn = Drawn(data.chart_spec("theme_scores", index, lang=language, title=title), index, title,
                          index_caption(index, year, language),
                          {"indicator_id": "", "source_id": "", "unit": "points"},
                          f"index_{municipality}_{year}", language=language)
            return drawn, None
        indicator = _indicator(indicators, params.get(state.KEY_INDICATOR, ""), language)
        years = indicator_years(data, indicator)
        if not years:
            raise ViewError(t("no_data_indicator", language))
        year = (state.parse_year(state.KEY_YEAR, params[state.KEY_YEAR], years)
                if params.get(state.KEY_YEAR) else max(years))
        if spec is registry.COMPARE:
            drawn = compare(data, indicator, year, municipality, peers, names, language)
        elif spec is registry.MAP:
            measure = state.parse_choice(state.KEY_MEASURE, params.get(state.KEY_MEASURE, "gap"), state.MEASURES)
            counties = set(areas.loc[areas["kind"] == "region", "area_id"])
            county = (state.parse_choice(state.KEY_COUNTY, params[state.KEY_COUNTY], counties)
                      if params.get(state.KEY_COUNTY) else "")
            drawn = choropleth(data, indicator, year, measure, county, municipality, names, language)
        elif spec is registry.OVER_TIME:
            chosen = (state.parse_codes(state.KEY_AREAS, params[state.KEY_AREAS], set(areas["area_id"]))
                      if params.get(state.KEY_AREAS) else default_areas(municipality, areas))
            drawn = series(data, indicator, chosen, names, language, municipality)
        else:
            raise ViewError(t("slide_unknown_page", language, page=markdown_literal(str(page)[:40])))
    except state.InvalidParam as error:
        raise ViewError(t("slide_bad_param", language, param=error.key,
                                  value=markdown_literal(error.raw))) from error
    sentence = narrative(data, indicator, municipality or RIKET, peers, year, names, language)
    return drawn, sentence
