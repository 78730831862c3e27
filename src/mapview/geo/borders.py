"""Borders between countries: the region's drawn lines (``geo/region.geojson``) as places named
"X-Y border", and any other pair's border computed from the shared edge of their polygons."""

from __future__ import annotations

import json
from functools import cached_property, lru_cache
from pathlib import Path

from mapview.model import ids
from mapview.model.enums import Kind, Source
from mapview.model.place import PlaceRecord


def border_record(
    a: str,
    b: str,
    lat: float | None,
    lon: float | None,
    country_names: dict[str, str],
    *,
    polygon_id: str = "",
    source_ref: str = "",
) -> PlaceRecord:
    a, b = sorted((a, b))
    name_a, name_b = country_names.get(a, a), country_names.get(b, b)
    return PlaceRecord(
        id=ids.border(a, b),
        name=f"{name_a}–{name_b} border",
        kind=Kind.BORDER,
        lat=lat,
        lon=lon,
        polygon_id=polygon_id,
        source=Source.NATURAL_EARTH,
        source_ref=source_ref,
        note=f"border between {name_a} ({a}) and {name_b} ({b}); point at the middle of the line",
    )


def region_borders(t, geo_dir: Path, gc=None) -> None:
    """Border lines drawn in geo/region.geojson become places named "X-Y border"."""
    from shapely.geometry import shape
    from shapely.ops import linemerge

    region = json.loads((geo_dir / "region.geojson").read_text(encoding="utf-8"))
    lines: dict[tuple[str, str], list[dict]] = {}
    for f in region["features"]:
        if f["properties"]["kind"] == "border":
            a, b = f["id"].split(":")[1].split("-")[:2]
            lines.setdefault(tuple(sorted((a, b))), []).append(f)
    for (a, b), features in lines.items():
        main = max(features, key=lambda f: f["properties"]["length_km"])
        geom = shape(main["geometry"])
        if geom.geom_type == "MultiLineString":
            geom = linemerge(geom)
        longest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.length)
        mid = longest.interpolate(0.5, normalized=True)
        t.add(
            border_record(
                a,
                b,
                round(mid.y, 4),
                round(mid.x, 4),
                t.country_names,
                polygon_id="|".join(sorted(f["id"] for f in features)),
                source_ref="geo/region.geojson: Natural Earth 10m shared edges",
            )
        )


class Borders:
    """The border between any two countries: a drawn one when the tables hold it, else computed
    from the countries' polygons (memoised, never added to the tables: threads share them)."""

    def __init__(self, geo_dir: Path, places: dict[str, PlaceRecord], country_names: dict[str, str]):
        self.geo_dir, self.places, self.country_names = geo_dir, places, country_names

    def border(self, code_a: str, code_b: str) -> PlaceRecord | None:
        a, b = sorted((code_a.upper(), code_b.upper()))
        if a == b or ids.country(a) not in self.places or ids.country(b) not in self.places:
            return None
        known = self.places.get(ids.border(a, b))
        return known if known is not None else self._computed(a, b)

    @lru_cache(maxsize=1024)  # noqa: B019 (one gazetteer's borders live as long as the process)
    def _computed(self, a: str, b: str) -> PlaceRecord | None:
        line = self._shared_edge(a, b)
        if line is None:
            return None
        mid = line.interpolate(0.5, normalized=True)
        return border_record(
            a, b, round(mid.y, 4), round(mid.x, 4), self.country_names, source_ref="geo/countries.geojson: shared edge"
        )

    @cached_property
    def _country_shapes(self) -> dict:
        from shapely.geometry import shape

        features = json.loads((self.geo_dir / "countries.geojson").read_text(encoding="utf-8"))["features"]
        return {f["properties"]["iso_a2"]: shape(f["geometry"]) for f in features}

    def _shared_edge(self, a: str, b: str):
        shapes = self._country_shapes
        if a not in shapes or b not in shapes:
            return None
        # The polygons were simplified one by one, so shared edges no longer coincide exactly.
        edge = shapes[a].boundary.intersection(shapes[b].buffer(0.05))
        parts = [g for g in getattr(edge, "geoms", [edge]) if g.geom_type == "LineString" and g.length > 0]
        return max(parts, key=lambda g: g.length) if parts else None
