"""Build data/snapshot/municipalities.geojson and regions.geojson (the counties, for a region's map), small and
deterministic, from okfse/sweden-geojson in ../shared."""

from __future__ import annotations

import csv
import json
from itertools import pairwise
from pathlib import Path

from jamstat import settings
from jamstat.atomic import write_text_atomic

SOURCE_DIR = settings.SHARED_DATA_DIR / "raw" / "sweden-geojson"
SOURCE_FILE = "swedish_municipalities.geojson"
OUTPUT_FILE = "municipalities.geojson"
REGIONS_SOURCE_FILE = "swedish_regions.geojson"
REGIONS_OUTPUT_FILE = "regions.geojson"
# 3 decimals is about 110 m north-south and 50 m east-west at Swedish latitudes: finer than a screen pixel.
DECIMALS = 3
# Kept in the file itself (a GeoJSON foreign member) so the attribution travels with the geometry.
ATTRIBUTION = ("Municipality boundaries: okfse/sweden-geojson (commit ff67bcb030d7d09032ae5f443d27130f05fdf1e0, "
               "from Valmyndigheten via opendatasoft, simplified with mapshaper), rounded to 3 decimals by "
               "python -m jamstat boundaries. Do not edit by hand.")
REGIONS_ATTRIBUTION = ("County (region) boundaries: okfse/sweden-geojson (commit ff67bcb030d7d09032ae5f443d27130f05fdf1e0, "
                       "swedish_regions.geojson; names from Kolada), rounded to 3 decimals by python -m jamstat boundaries. "
                       "Do not edit by hand.")


def _signed_area(ring: list[list[float]]) -> float:
    """Shoelace area in lon/lat degrees: positive for counter-clockwise rings."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairwise(ring)) / 2


def _clean_ring(ring: list[list[float]], exterior: bool) -> list[list[float]] | None:
    """Round, drop repeated points, and wind for d3-geo (Vega): exterior rings clockwise, holes counter-clockwise.

    The source follows RFC 7946 (exterior counter-clockwise); d3 reads that as the rest of the globe.
    Returns None for a ring that collapsed to a line or a point.
    """
    points: list[list[float]] = []
    for lon, lat in (point[:2] for point in ring):
        point = [round(lon, DECIMALS), round(lat, DECIMALS)]
        if not points or point != points[-1]:
            points.append(point)
    if points[0] != points[-1]:
        points.append(points[0])
    if len(points) < 4:
        return None
    area = _signed_area(points)
    if area == 0:
        return None
    if (area > 0) == exterior:
        points.reverse()
    return points


def _clean_polygon(rings: list) -> list | None:
    exterior = _clean_ring(rings[0], exterior=True)
    if exterior is None:
        return None
    holes = [hole for hole in (_clean_ring(ring, exterior=False) for ring in rings[1:]) if hole is not None]
    return [exterior, *holes]


def _clean_geometry(geometry: dict) -> dict:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    kept = [polygon for polygon in (_clean_polygon(p) for p in polygons) if polygon is not None]
    if not kept:
        raise ValueError("a municipality lost all its polygons when rounded")
    if len(kept) == 1:
        return {"type": "Polygon", "coordinates": kept[0]}
    return {"type": "MultiPolygon", "coordinates": kept}


def _municipality_properties(properties: dict) -> dict:
    return {"area_id": str(properties["id"]).zfill(4), "name": properties["kom_namn"],
            "region_id": str(properties["lan_code"]).zfill(2)}


def _region_names(source_dir: Path) -> dict[str, str]:
    """Kolada's region names by code ("17" -> "Region Värmland"), as the snapshot's areas name them."""
    path = source_dir.parent / "kolada-ddf-dump" / "ddf--entities--geo--region.csv"
    with open(path, encoding="utf-8") as handle:
        return {row["region"]: row["name"] for row in csv.DictReader(handle)}


def _region_properties(names: dict[str, str]):
    def properties_of(properties: dict) -> dict:
        # l_id is the county code (Värmland 17), Kolada's two-digit region id; the tooltip shows Kolada's name.
        code = str(properties["l_id"]).zfill(2)
        return {"area_id": code, "name": names[code], "region_id": code}
    return properties_of


def _write(source: Path, path: Path, attribution: str, properties_of) -> dict:
    """One source file's features, cleaned, one per line, sorted by code; returns a summary."""
    if not source.exists():
        raise FileNotFoundError(f"{source} not found; set JAMSTAT_SHARED_DATA or pass --source.")
    collection = json.loads(source.read_text(encoding="utf-8"))
    features = []
    for feature in collection["features"]:
        properties = properties_of(feature["properties"])
        try:
            geometry = _clean_geometry(feature["geometry"])
        except ValueError as error:
            raise ValueError(f"{properties['area_id']}: {error}") from error
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    features.sort(key=lambda f: f["properties"]["area_id"])
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":"), sort_keys=True) for f in features]
    text = ('{"type":"FeatureCollection","source":' + json.dumps(attribution, ensure_ascii=False)
            + ',"features":[\n' + ",\n".join(lines) + "\n]}\n")
    write_text_atomic(path, text)
    n_points = sum(len(ring) for f in features
                   for polygon in ([f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Polygon"
                                   else f["geometry"]["coordinates"])
                   for ring in polygon)
    return {"path": path, "n_features": len(features), "n_points": n_points, "bytes": path.stat().st_size}


def build_boundaries(source_dir: Path = SOURCE_DIR, out_dir: Path = settings.SNAPSHOT_DIR) -> dict:
    """Write the municipalities' boundaries and the regions' (counties'); returns the municipalities' summary with
    the regions' under "regions"."""
    summary = _write(source_dir / SOURCE_FILE, out_dir / OUTPUT_FILE, ATTRIBUTION, _municipality_properties)
    summary["regions"] = _write(source_dir / REGIONS_SOURCE_FILE, out_dir / REGIONS_OUTPUT_FILE,
                                REGIONS_ATTRIBUTION, _region_properties(_region_names(source_dir)))
    return summary


def read_map(snapshot_dir: Path = settings.SNAPSHOT_DIR) -> dict:
    """The map's features as one collection: the municipalities and, when built, the regions (two-digit codes,
    so a choropleth of regions draws them by the same area_id lookup)."""
    with open(snapshot_dir / OUTPUT_FILE, encoding="utf-8") as handle:
        collection = json.load(handle)
    regions = snapshot_dir / REGIONS_OUTPUT_FILE
    if regions.exists():
        with open(regions, encoding="utf-8") as handle:
            collection["features"] += json.load(handle)["features"]
    return collection
