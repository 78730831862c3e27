"""The Folium map: a base map that stays the same while the reader filters, and the layers that change.

streamlit-folium re-mounts the map (losing zoom, centre and tiles) whenever the map document
changes; it keeps it when only the feature groups passed as ``feature_group_to_add`` change.
So :func:`base_map` depends on the article alone, and :func:`layers` carries the filter.

Markers are ``DivIcon``\\ s styled by our own CSS, so the map needs nothing but Leaflet: no
jQuery, Bootstrap, Font Awesome or awesome-markers. Each layer is one element
(:class:`FeatureLayer`, :class:`MarkerLayer`, :class:`FastPlaces`) holding its data as one
pre-serialised, script-safe JSON value: tooltips and popups arrive as JSON strings of escaped HTML
(folium's own Tooltip and Popup paste HTML into a JavaScript template literal, and Popup needs
jQuery), and a rerun renders a handful of templates instead of a folium object per shape.
"""

from __future__ import annotations

import json
import threading
import weakref
from collections import OrderedDict
from functools import lru_cache

import folium
from shapely.geometry import box

from mapview.geo.shapes import area_shape, display_geometry, features_by_id
from mapview.model import ids
from mapview.model.document import GeoDoc, Place
from mapview.model.enums import Kind
from mapview.nlp.taxonomy import EventType
from mapview.paths import GEO_DIR
from mapview.settings import MARKER_OBJECT_LIMIT, POLYGON_LIMIT
from mapview.web.basemap import rounded_geometry
from mapview.web.elements import FastPlaces, FeatureLayer, Layer, Legend, MarkerLayer, safe_json
from mapview.web.render import colour_of, esc, legend_html, marker_html, polygon_tooltip, popup_html, tooltip_text
from mapview.web.view import Excerpt, bounds, focus_places, types_for

# -- local assets --------------------------------------------------------------------------------


# -- elements --------------------------------------------------------------------------------------


# -- geometry ------------------------------------------------------------------------------------


# -- the map ---------------------------------------------------------------------------------------


def layers(
    doc: GeoDoc,
    visible: list[Place],
    place_excerpts: dict[str, list[Excerpt]],
    taxonomy: dict[str, EventType],
    selected_types: tuple[str, ...],
    selected: str | None,
    *,
    show_polygons: bool = True,
    show_borders: bool = True,
    type_counts: dict[str, int] | None = None,
    located: frozenset[str] | None = None,
) -> list[folium.FeatureGroup]:
    """The layers that follow the filter: polygons, border lines and outlines, markers, legend.

    ``located`` are the visible places where a selected event happened; the others (parties,
    places only mentioned) are drawn hollow and faded. None: every place counts as located.
    Their data is serialised once per view of a document and reused on every rerun."""
    located = frozenset(p.id for p in visible) if located is None else located
    key = (id(doc), tuple(p.id for p in visible), selected_types, selected, show_polygons, show_borders, located)
    payload = _LAYER_CACHE.get(key, doc)
    if payload is None:
        payload = _layer_payload(
            doc,
            visible,
            place_excerpts,
            taxonomy,
            selected_types,
            selected,
            show_polygons=show_polygons,
            show_borders=show_borders,
            located=located,
        )
        _LAYER_CACHE.put(key, doc, payload)
    polygons_json, borders_json, markers_kind, markers_json, notes = payload
    polygons = Layer(name="Countries and regions")
    borders = Layer(name="Borders and outlines")
    markers = Layer(name="Places")
    FeatureLayer(polygons_json).add_to(polygons)
    FeatureLayer(borders_json).add_to(borders)
    if markers_kind == "fast":
        FastPlaces.from_json(markers_json).add_to(markers)
    else:
        MarkerLayer(markers_json).add_to(markers)
    if type_counts is not None and selected_types:
        Legend(legend_html(selected_types, taxonomy, type_counts, notes)).add_to(markers)
    return [polygons, borders, markers]


class _PayloadCache:
    """A few serialised views per document, keyed by the document's identity and the view.

    Holds documents weakly (a reader's own document goes when their session goes) and at most
    ``max_chars`` of serialised JSON in all, least recently used out."""

    def __init__(self, size: int = 64, max_chars: int = 32_000_000):
        self.size, self.max_chars, self.lock = size, max_chars, threading.Lock()
        self.items: OrderedDict[tuple, tuple] = OrderedDict()
        self.chars = 0

    def get(self, key, doc):
        with self.lock:
            hit = self.items.get(key)
            if hit is None or hit[0]() is not doc:
                return None
            self.items.move_to_end(key)
            return hit[1]

    def put(self, key, doc, payload) -> None:
        size = sum(len(part) for part in payload if isinstance(part, str))
        with self.lock:
            for stale in [k for k, (ref, _, _) in self.items.items() if ref() is None]:
                self.chars -= self.items.pop(stale)[2]
            if key in self.items:
                self.chars -= self.items.pop(key)[2]
            self.items[key] = (weakref.ref(doc), payload, size)
            self.chars += size
            while self.items and (len(self.items) > self.size or self.chars > self.max_chars):
                self.chars -= self.items.popitem(last=False)[1][2]


_LAYER_CACHE = _PayloadCache()


def _layer_payload(
    doc,
    visible,
    place_excerpts,
    taxonomy,
    selected_types,
    selected,
    *,
    show_polygons,
    show_borders,
    located=frozenset(),
):
    def types_of(p: Place) -> tuple[str, ...]:
        return types_for(p, selected_types, p.id in located)

    towns = [p for p in visible if p.kind.is_marker and p.lat is not None]
    areas = [p for p in visible if not p.kind.is_marker]
    ranks = label_ranks(visible, selected, located)
    if len(areas) > POLYGON_LIMIT:
        keep = {p.id for p in sorted(areas, key=lambda p: -len(p.mentions))[:POLYGON_LIMIT]}
        areas = [p for p in areas if p.id in keep or p.id == selected]

    polygon_features, border_features = [], []
    notes = tuple(
        n
        for n, shown in (
            ("circle", False),
            ("uncertain", any(p.uncertain or (p.probably_located and p.id in located) for p in towns)),
        )
        if shown
    )
    for place in areas:
        types = types_of(place)
        colour = colour_of(types, taxonomy)
        is_selected = place.id == selected
        popup = popup_html(doc, place, place_excerpts.get(place.id, []), taxonomy, selected_types)
        party = place.id not in located
        common = {
            "tooltip": esc(polygon_tooltip(place)),
            "popup": popup,
            "open": [place.lat, place.lon] if is_selected and place.lat is not None else None,
        }
        label = (
            {"at": [place.lat, place.lon], "text": esc(place.label), "rank": ranks[place.id]}
            if place.id in ranks and place.lat is not None
            else None
        )
        first = True
        geometries = [g for g in (display_geometry(pid) for pid in place.polygon_id.split("|") if pid) if g]
        if place.kind is Kind.BORDER:
            if not show_borders:
                continue
            style = _style(colour, weight=6 if is_selected else (2 if party else 4), dash="2 6" if party else "8 6")
            target = border_features
        else:
            if not show_polygons:
                continue
            style = _style(
                colour,
                fill=0.35 if is_selected else (0.03 if party else 0.18),
                weight=3 if is_selected else 1.5,
                dash="3 5" if party else None,
            )
            target = polygon_features
        if geometries:
            for g in geometries:
                target.append(
                    {
                        "type": "Feature",
                        "properties": {**common, "style": style, "label": label if first else None},
                        "geometry": rounded_geometry(g, 4),
                    }
                )
                first = False
        elif place.lat is not None:  # a region without a polygon in geo/: a wide dashed circle, not a pin
            notes = ("circle", *notes) if "circle" not in notes else notes
            circle_style = _style(colour, fill=0.08, weight=3 if is_selected else 1.5, dash="6 6")
            target.append(
                {
                    "type": "Feature",
                    "properties": {**common, "style": circle_style, "radius": 150_000, "label": label},
                    "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
                }
            )
    if show_borders:
        border_features += _context_outlines(doc)
    polygons_json = safe_json({"type": "FeatureCollection", "features": polygon_features})
    borders_json = safe_json({"type": "FeatureCollection", "features": border_features})

    if len(towns) > MARKER_OBJECT_LIMIT:
        rows, chosen = [], -1
        tables: dict[str, dict[str, int]] = {"colours": {}, "kinds": {}, "types": {}}

        def index(table: str, value: str) -> int:
            return tables[table].setdefault(value, len(tables[table]))

        for k, p in enumerate(towns):
            types = types_of(p)
            labels = ", ".join(taxonomy[t].label for t in types) or "no event type"
            rows.append(
                [
                    round(p.lat, 3),
                    round(p.lon, 3),
                    p.label,
                    index("colours", colour_of(types, taxonomy)),
                    index("kinds", p.kind.label),
                    index("types", labels),
                    len(p.mentions),
                    p.id,
                ]
            )
            if p.id == selected:
                chosen = k
        lookup = {name: list(values) for name, values in tables.items()}
        return (
            polygons_json,
            borders_json,
            "fast",
            safe_json({"rows": rows, "selected": chosen, "tables": lookup}),
            notes,
        )
    rows = []
    for p in towns:
        types = types_of(p)
        is_selected = p.id == selected
        rows.append(
            [
                p.lat,
                p.lon,
                marker_html(p, types, taxonomy, is_selected, party=p.id not in located),
                esc(tooltip_text(p)),
                popup_html(doc, p, place_excerpts.get(p.id, []), taxonomy, selected_types),
                1000 if is_selected else 0,
                is_selected,
                p.id,
                esc(p.label),
                ranks.get(p.id),
            ]
        )
    return polygons_json, borders_json, "markers", safe_json(rows), notes


def label_ranks(visible: list[Place], selected: str | None, located: frozenset[str]) -> dict[str, int]:
    """The places named on the map itself, each with its rank (0 first): the selected place, then
    the towns and districts where events happened, then the areas, most mentioned first. The
    browser shows them in this order, leaving out any that would overlap one already shown."""
    named = [p for p in visible if p.id in located or p.id == selected]
    named.sort(key=lambda p: (p.id != selected, not p.kind.is_marker, -len(p.mentions), p.label))
    return {p.id: rank for rank, p in enumerate(named)}


def _style(colour: str, *, fill: float = 0.0, weight: float = 2, dash: str | None = None) -> dict:
    style = {"color": colour, "weight": weight, "fillColor": colour, "fillOpacity": fill, "opacity": 0.9}
    if dash:
        style["dashArray"] = dash
    return style


@lru_cache(maxsize=1)
def _region_unit_ids() -> tuple[str, ...]:
    """First-level units drawn in detail in geo/region.geojson (Nakhchivan, Syunik)."""
    region = json.loads((GEO_DIR / "region.geojson").read_text(encoding="utf-8"))
    return tuple(f["id"] for f in region["features"] if ids.is_admin1(f["id"]))


def _context_outlines(doc: GeoDoc) -> list[dict]:
    """First-level units of geo/region.geojson inside the article's frame (the Nakhchivan
    exclave, Syunik): context for borders and corridors, drawn as dashed outlines."""
    frame = bounds(focus_places(doc))
    if frame is None:
        return []
    (s, w), (n, e) = frame
    if max(n - s, e - w) > 30:
        return []  # a world-wide story: provincial outlines would be noise (and megabytes)
    area = box(w - 0.5, s - 0.5, e + 0.5, n + 0.5)
    out = []
    for fid in _region_unit_ids():
        if area_shape(fid).intersects(area) and (geometry := display_geometry(fid)) is not None:
            name = features_by_id()[fid]["properties"]["name"]
            out.append(
                {
                    "type": "Feature",
                    "properties": {"style": _style("#444444", weight=1.5, dash="3 4"), "tooltip": esc(name)},
                    "geometry": rounded_geometry(geometry, 4),
                }
            )
    return out
