"""The conventional peer for bench_browser.py: Jämför's data step written as a usual pandas Streamlit app.

The whole values table is read once with `st.cache_data` (each rerun gets its own copy, as that cache does), and
each rerun filters it with boolean masks, pivots women/men, computes gap and ratio and sorts by the gap; the chart
is the app's own dumbbell (jamstat.charts.dumbbell_by_area) through st.altair_chart, so only the data step and the
usual Altair path differ. Widgets have the same keys as the app (municipality, theme, indicator, year), so the
benchmark drives both the same way. Not part of the app; run by bench_browser.py with JAMSTAT_DATA_DIR.
"""

import os
import sys
from pathlib import Path

import pandas as pd
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from jamstat import charts

SNAPSHOT = Path(os.environ.get("JAMSTAT_DATA_DIR", Path(__file__).resolve().parent.parent / "data")) / "snapshot"

st.set_page_config(page_title="peer", layout="wide")


@st.cache_data
def load() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return (pd.read_parquet(SNAPSHOT / "values.parquet"), pd.read_parquet(SNAPSHOT / "areas.parquet"),
            pd.read_parquet(SNAPSHOT / "indicators.parquet"))


values, areas, indicators = load()
municipalities = areas[areas["kind"] == "municipality"].sort_values("name")
names = dict(zip(areas["area_id"], areas["name"]))
with st.sidebar:
    municipality = st.selectbox("Kommun", ["", *municipalities["area_id"]], key="municipality",
                                index=1 + list(municipalities["area_id"]).index(st.query_params.get("kommun", "1780")),
                                format_func=lambda code: f"{names[code]} ({code})" if code else "Ingen")
    theme = st.selectbox("Tema", sorted(indicators["theme"].unique()), key="theme")
    in_theme = indicators[indicators["theme"] == theme]
    indicator_id = st.selectbox("Indikator", in_theme["indicator_id"], key="indicator",
                                format_func=lambda code: in_theme.set_index("indicator_id").loc[code, "title_sv"])
indicator = indicators.set_index("indicator_id").loc[indicator_id]
rows = values[values["indicator_id"] == indicator_id]
years = sorted(rows["year"].unique(), reverse=True)
year = st.selectbox("År", years, key="year")
rows = rows[(rows["year"] == year) & rows["sex"].isin(["women", "men"])]
wide = rows.pivot_table(index="area_id", columns="sex", values="value", aggfunc="max").reindex(
    columns=["women", "men"]).reset_index()
region = areas.set_index("area_id").at[municipality, "region_id"] if municipality else None
wide = wide[wide["area_id"].isin(set(municipalities["area_id"]) | {"0000", region})]
wide["gap"] = wide["women"] - wide["men"]
wide["ratio"] = wide["women"] / wide["men"].where(wide["men"] != 0)
wide["area_name"] = wide["area_id"].map(names)
wide["is_chosen"] = wide["area_id"] == municipality
wide["is_region"] = wide["area_id"] == region
wide["is_country"] = wide["area_id"] == "0000"
wide["is_peer_mean"] = False
wide["peer_mean_uncertain"] = False
wide = wide.dropna(subset=["women", "men"], how="all").sort_values("gap", ascending=False)
st.altair_chart(charts.dumbbell_by_area(
    wide, unit=indicator["unit"], population=indicator["population"], lang="sv",
    title=f"{indicator['title_sv']}, {year}", subtitle=names.get(municipality, "")), width="stretch")
