"""Build the committed boundary files in geo/ from Natural Earth.

Inputs (not committed; see geo/README.md for how to make them):
  NE_COUNTRIES   GeoJSON of Natural Earth admin-0 countries, from export_world.js
  REGION         ../shared/geo/region.geojson (Natural Earth 10m, the article's region)

Outputs:
  geo/countries.geojson   every country, simplified, with id, ISO codes and a label point
  geo/region.geojson      the region's detailed features with stable ids added

Run: python geo/build/build_geo.py NE_COUNTRIES REGION
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry
import shapely
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

GEO = Path(__file__).resolve().parents[1]
TOLERANCE_DEG = 0.02  # about 2 km: plenty for a news map, keeps the file small
DECIMALS = 3

# Natural Earth ids that pycountry does not know, or features without an ISO id.
EXTRA_CODES = {"Kosovo": "XK"}


def label_point(geom):
    """A point inside the country's largest part: centroids of multi-part countries
    (France, the US, Russia across the antimeridian) fall in the wrong place."""
    parts = list(getattr(geom, "geoms", [geom]))
    main = max(parts, key=lambda p: p.area)
    point = main.centroid
    return point if main.contains(point) else main.representative_point()


def build_countries(src: Path) -> dict:
    features = []
    for f in json.loads(src.read_text())["features"]:
        name = f["properties"]["name"]
        numeric = f.get("id")
        country = pycountry.countries.get(numeric=numeric) if numeric else None
        alpha2 = country.alpha_2 if country else EXTRA_CODES.get(name)
        if not alpha2 or f["geometry"] is None:
            continue
        geom = shape(f["geometry"]).buffer(0) if not shape(f["geometry"]).is_valid else shape(f["geometry"])
        simple = shapely.simplify(geom, TOLERANCE_DEG, preserve_topology=True)
        simple = shapely.set_precision(shapely.make_valid(simple), 10**-DECIMALS)
        if simple.is_empty:  # islands smaller than the grid
            simple = geom
        point = label_point(geom)
        features.append({
            "type": "Feature",
            "id": f"country:{alpha2}",
            "properties": {
                "name": name, "kind": "country", "iso_a2": alpha2, "iso_n3": numeric,
                "label_lat": round(point.y, 4), "label_lon": round(point.x, 4),
            },
            "geometry": mapping(simple),
        })
    features.sort(key=lambda f: f["id"])
    return {"type": "FeatureCollection", "features": features}


REGION_IDS = {
    "Syunik Province": "admin1:AM-SU",
    "Nakhchivan Autonomous Republic": "admin1:AZ-NX",
    "Iran–Armenia border": "border:AM-IR",
    "Armenia–Azerbaijan border (main)": "border:AM-AZ",
    "Armenia–Azerbaijan border (Nakhchivan)": "border:AM-AZ-NX",
    "Iran–Azerbaijan border (Nakhchivan)": "border:AZ-IR-NX",
    "Turkey–Azerbaijan border (Nakhchivan)": "border:AZ-TR-NX",
}


def build_region(src: Path) -> dict:
    region = json.loads(src.read_text())
    for f in region["features"]:
        name = f["properties"]["name"]
        if f["properties"]["kind"] == "country":
            alpha2 = pycountry.countries.get(numeric=f["properties"]["iso_n3"]).alpha_2
            f["id"] = f"region-country:{alpha2}"
        else:
            f["id"] = REGION_IDS[name]
    countries = {f["id"]: shape(f["geometry"]) for f in region["features"] if f["id"].startswith("region-country:")}
    south_caucasus = unary_union([countries[f"region-country:{c}"] for c in ("AM", "AZ", "GE")])
    region["features"].append({
        "type": "Feature", "id": "region:south-caucasus",
        "properties": {"name": "South Caucasus", "kind": "region", "note": "union of Armenia, Azerbaijan and Georgia"},
        "geometry": json.loads(shapely.to_geojson(shapely.set_precision(south_caucasus, 1e-4))),
    })
    return region


def main(argv: list[str]) -> None:
    ne, region = map(Path, argv)
    out = build_countries(ne)
    (GEO / "countries.geojson").write_text(json.dumps(out, separators=(",", ":"), ensure_ascii=False))
    (GEO / "region.geojson").write_text(json.dumps(build_region(region), separators=(",", ":"), ensure_ascii=False))
    print(f"countries: {len(out['features'])}, {(GEO / 'countries.geojson').stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
