"""The shapes of areas in geo/ (countries, first-level units, the region's units and borders):
full-resolution geometry for measuring, simplified GeoJSON for drawing."""

from __future__ import annotations

import json
from functools import lru_cache

from shapely.geometry import mapping, shape

from mapview.paths import GEO_DIR

DISPLAY_TOLERANCE_DEG = 0.03


@lru_cache(maxsize=1)
def features_by_id() -> dict[str, dict]:
    """Every polygon and line in geo/ by id (countries, region units, borders, macro-regions)."""
    out = {}
    for name in (
        "countries.geojson",
        "admin1.geojson",
        "region.geojson",
        "regions.geojson",
    ):  # later files win: region is finer
        for f in json.loads((GEO_DIR / name).read_text(encoding="utf-8"))["features"]:
            out[f["id"]] = f
    return out


@lru_cache(maxsize=4096)
def area_shape(feature_id: str):
    """The full-resolution shapely geometry of a feature in geo/, or None."""
    f = features_by_id().get(feature_id)
    return shape(f["geometry"]) if f is not None else None


@lru_cache(maxsize=2048)
def display_geometry(feature_id: str, tolerance: float = DISPLAY_TOLERANCE_DEG) -> dict | None:
    """A feature's geometry simplified for display, as GeoJSON (cached per process)."""
    f = features_by_id().get(feature_id)
    if f is None:
        return None
    geom = shape(f["geometry"])
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = geom.simplify(tolerance, preserve_topology=True)
    return json.loads(json.dumps(mapping(geom)))


def tolerance_for(span_deg: float) -> float:
    """Coarser outlines for wider frames: about one screen pixel at the zoom that shows the frame."""
    return max(DISPLAY_TOLERANCE_DEG, round(span_deg / 600, 2))
