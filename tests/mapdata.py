"""The map's data as the page sends it: the JSON tables inside the layer scripts, read as JSON.

Each layer script of mapview.web.mapping declares its data once (``var rows = [...]`` for markers,
``var data = {...}`` for GeoJSON and canvas layers); tests read those values with a JSON decoder
instead of matching escaped HTML."""

from __future__ import annotations

import json
from dataclasses import dataclass

_DECODER = json.JSONDecoder()


def _values(js: str, name: str) -> list:
    out, at = [], 0
    needle = f"var {name} = "
    while (at := js.find(needle, at)) != -1:
        value, end = _DECODER.raw_decode(js, at + len(needle))
        out.append(value)
        at = end
    return out


@dataclass(frozen=True)
class Marker:
    place_id: str
    lat: float
    lon: float
    icon: str
    tooltip: str
    popup: str
    selected: bool


def markers(js: str) -> list[Marker]:
    """The town and district markers of the layers' script (MarkerLayer rows)."""
    return [Marker(r[7], r[0], r[1], r[2], r[3], r[4], bool(r[6])) for rows in _values(js, "rows") for r in rows]


def features(js: str) -> list[dict]:
    """Every GeoJSON feature of the polygon, border and outline layers."""
    return [f for data in _values(js, "data") if isinstance(data, dict) for f in data.get("features", [])]


def fast_rows(js: str) -> list[list]:
    """Rows of the canvas layer used for many places ([lat, lon, name, colour, kind, types, mentions, id])."""
    return [r for data in _values(js, "data") if isinstance(data, dict) for r in data.get("rows", [])]
