"""The Folium map: a base map that stays the same while the reader filters, and the layers that change.

streamlit-folium re-mounts the map (losing zoom, centre and tiles) whenever the map document
changes; it keeps it when only the feature groups passed as ``feature_group_to_add`` change.
So :func:`base_map` depends on the article alone, and :func:`layers` carries the filter.

Markers are ``DivIcon``\\ s styled by our own CSS, so the map needs nothing but Leaflet: no
jQuery, Bootstrap, Font Awesome or awesome-markers. Tooltips and popups are bound through
:class:`BindTooltip` / :class:`BindPopup`, which pass their HTML as a JSON string (folium's own
Tooltip and Popup paste it into a JavaScript template literal, and Popup needs jQuery).
"""
from __future__ import annotations

import json
import math
import os
import shutil
from functools import lru_cache
from pathlib import Path

import folium
from branca.element import Element, MacroElement
from jinja2 import Template
from shapely.geometry import box, mapping, shape

from mapview.events import EventType
from mapview.paths import GEO_DIR
from mapview.pipeline import GeoDoc, Place
from mapview.render import (esc, legend_html, marker_html, polygon_tooltip, popup_html, colour_of,
                            tooltip_text)
from mapview.view import KIND_LABELS, MARKER_KINDS, Excerpt, bounds, focus_places

DISPLAY_TOLERANCE_DEG = 0.03
#: Above this many towns and districts, markers are drawn by one canvas layer from a compact table
#: (about 90 bytes a place) instead of one marker object each (about 2 KB with its popup).
MARKER_OBJECT_LIMIT = 250
#: Countries and regions drawn as polygons at most; the most mentioned first.
POLYGON_LIMIT = 150
STATIC_URL = "/app/static/vendor"


# -- local assets --------------------------------------------------------------------------------

def asset_mode() -> str:
    """``local`` (default: served by the app from installed packages) or ``cdn`` (folium's defaults)."""
    return os.environ.get("MAPVIEW_ASSETS", "local").lower()


def install_static_assets(static_dir: Path) -> bool:
    """Copy Leaflet from the xstatic-leaflet package into the app's ``static/`` folder, which
    Streamlit serves at /app/static/ (enableStaticServing). Copied at run time, never committed.
    Returns False when the folder cannot be written (the map then falls back to the CDN)."""
    import xstatic.pkg.leaflet as leaflet

    target = static_dir / "vendor" / f"leaflet-{leaflet.VERSION}"
    marker = target / ".complete"
    if marker.exists():
        return True
    try:
        tmp = target.with_name(target.name + f".tmp{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.copytree(leaflet.BASE_DIR, tmp, ignore=shutil.ignore_patterns("*.map", "*-src*"))
        (tmp / ".complete").write_text("ok")
        shutil.rmtree(target, ignore_errors=True)
        os.replace(tmp, target)
        return True
    except OSError:
        return False


def leaflet_urls() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    import xstatic.pkg.leaflet as leaflet

    base = f"{STATIC_URL}/leaflet-{leaflet.VERSION}"
    return [("leaflet", f"{base}/leaflet.js")], [("leaflet_css", f"{base}/leaflet.css")]


def use_local_assets(m: folium.Map) -> None:
    """Make the map ask only for Leaflet, from the app itself."""
    js, css = leaflet_urls()
    m.default_js = js
    m.default_css = css


# -- elements --------------------------------------------------------------------------------------

class BindTooltip(MacroElement):
    """``layer.bindTooltip(html)`` with the HTML passed as a JSON string."""

    _template = Template("""{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.bindTooltip({{ this.html|tojson }}, {{ this.options|tojson }});
{% endmacro %}""")

    def __init__(self, html: str, **options):
        super().__init__()
        self._name = "BindTooltip"
        self.html = html
        self.options = {"sticky": True, **options}


class BindPopup(MacroElement):
    """``layer.bindPopup(html)``; with ``open_at`` the popup opens once the layer is on the map,
    so a selected place keeps its popup when the filter or the selection redraws the layers."""

    _template = Template("""{% macro script(this, kwargs) %}
(function(layer){
  layer.bindPopup({{ this.html|tojson }}, {{ this.options|tojson }});
  {% if this.open_at %}layer.once('add', function(){ setTimeout(function(){
    try { layer.openPopup({{ this.open_at|tojson }}); } catch (e) {} }, 0); });{% endif %}
})({{ this._parent.get_name() }});
{% endmacro %}""")

    def __init__(self, html: str, open_at: tuple[float, float] | None = None, **options):
        super().__init__()
        self._name = "BindPopup"
        self.html = html
        self.open_at = list(open_at) if open_at else None
        self.options = {"maxWidth": 360, "minWidth": 240, "maxHeight": 380, "autoPanPadding": [20, 20], **options}


class FullscreenControl(MacroElement):
    """A full-screen button using the browser's Fullscreen API: our own twelve lines instead of a
    plugin that would have to come from a CDN."""

    _template = Template("""{% macro script(this, kwargs) %}
(function(map){
  var Ctl = L.Control.extend({options:{position:'topleft'}, onAdd:function(){
    var a = L.DomUtil.create('a','leaflet-bar mv-fullscreen');
    a.href='#'; a.title='Full screen'; a.setAttribute('role','button'); a.setAttribute('aria-label','Full screen');
    a.innerHTML='<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5" fill="none" stroke="#333" stroke-width="2"/></svg>';
    L.DomEvent.on(a,'click',function(e){ L.DomEvent.stop(e);
      var el = map.getContainer();
      if (document.fullscreenElement) { document.exitFullscreen(); }
      else if (el.requestFullscreen) { el.requestFullscreen().catch(function(){}); }
    });
    document.addEventListener('fullscreenchange', function(){ setTimeout(function(){ map.invalidateSize(); }, 50); });
    return a; }});
  map.addControl(new Ctl());
})({{ this._parent.get_name() }});
{% endmacro %}""")


class Legend(MacroElement):
    """The legend of the visible event types, owned by a feature group: it appears when the group
    is added to the map and goes when streamlit-folium replaces the group on a filter change."""

    _template = Template("""{% macro script(this, kwargs) %}
(function(group){
  var Ctl = L.Control.extend({options:{position:'topright'}, onAdd:function(){
    var d = L.DomUtil.create('div','mv-legend-box'); d.innerHTML = {{ this.html|tojson }};
    L.DomEvent.disableClickPropagation(d); return d; }});
  var ctl = new Ctl();
  group.on('add', function(){ if (group._map) { ctl.addTo(group._map); } });
  group.on('remove', function(){ ctl.remove(); });
})({{ this._parent.get_name() }});
{% endmacro %}""")

    def __init__(self, html: str):
        super().__init__()
        self._name = "Legend"
        self.html = html


class FastPlaces(MacroElement):
    """Many places in one canvas layer: circle markers built in the browser from a compact table,
    popups made on demand. Every string is escaped in the browser before it becomes HTML."""

    _template = Template("""{% macro script(this, kwargs) %}
(function(group){
  var data = {{ this.data|tojson }};
  var esc = function(s){ return String(s).replace(/[&<>"'`]/g, function(c){
    return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;','`':'&#96;'}[c]; }); };
  var renderer = L.canvas({padding: 0.5});
  data.rows.forEach(function(r, i){
    var sel = i === data.selected;
    var m = L.circleMarker([r[0], r[1]], {renderer: renderer, radius: sel ? 9 : 5, color: sel ? '#000' : '#ffffff',
                                          weight: sel ? 3 : 1, fillColor: r[3], fillOpacity: 0.9});
    m.bindTooltip(esc(r[2]), {sticky: true});
    m.bindPopup(function(){
      return '<div class="mv-popup" data-place-id="' + esc(r[7]) + '"><h4>' + esc(r[2]) + '</h4><div class="mv-kind">'
        + esc(r[4]) + ' · ' + esc(r[5]) + '</div><div>' + esc(r[6]) + '</div><div class="mv-more">Its excerpts are in the panel.</div></div>';
    }, {maxWidth: 320});
    m.addTo(group);
    if (sel) { group.once('add', function(){ setTimeout(function(){ m.openPopup(); }, 0); }); }
  });
})({{ this._parent.get_name() }});
{% endmacro %}""")

    def __init__(self, rows: list[list], selected: int = -1):
        super().__init__()
        self._name = "FastPlaces"
        self.data = {"rows": rows, "selected": selected}


MAP_CSS = """
<style>
.mv-marker{width:22px;height:22px;border-radius:50%;border:2px solid #fff;box-shadow:0 0 0 1px #333,0 1px 4px rgba(0,0,0,.5);
  display:flex;align-items:center;justify-content:center;cursor:pointer}
.mv-marker span{background:#fff;border-radius:50%;width:14px;height:14px;font:bold 10px/14px sans-serif;text-align:center;color:#222}
.mv-marker.mv-selected{transform:scale(1.45);box-shadow:0 0 0 3px #000,0 0 10px 4px rgba(255,200,0,.9)}
.mv-popup{font-size:13px;line-height:1.4}
.mv-popup h4{margin:0 0 .2em;font-size:15px}
.mv-kind,.mv-prov,.mv-more{font-size:11px;color:#555;margin:.2em 0}
.mv-excerpt{border-left:3px solid #ddd;padding:.1em .5em;margin:.4em 0}
.mv-sentence{margin:.2em 0}
.mv-quote{font-style:italic;margin:.2em 0 .2em .5em}
.mv-badge{display:inline-block;border:1px solid;border-radius:1em;padding:0 .4em;margin:0 .2em .2em 0;font-size:10px}
.mv-badge i{display:inline-block;width:7px;height:7px;border-radius:50%;margin-right:3px}
mark.mv-mention{background:#fff3b0;padding:0 1px}
mark.mv-focus{background:#ffd54a;font-weight:bold}
.mv-legend-box{background:rgba(255,255,255,.88);padding:4px 6px;border-radius:4px;font:11px sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3)}
.mv-legend-box i{display:inline-block;width:14px;height:14px;border-radius:50%;margin-right:5px;color:#fff;
  font:bold 9px/14px sans-serif;text-align:center;font-style:normal;vertical-align:middle}
.mv-legend-box div{margin:2px 0}
.mv-fullscreen{background:#fff;width:30px;height:30px;display:flex!important;align-items:center;justify-content:center}
.leaflet-container{background:#dfe6ea}
</style>
"""


# -- geometry ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _features() -> dict[str, dict]:
    """Every polygon and line in geo/ by id (countries, region units, borders)."""
    out = {}
    for name in ("countries.geojson", "admin1.geojson", "region.geojson"):  # later files win: region is finer
        for f in json.loads((GEO_DIR / name).read_text(encoding="utf-8"))["features"]:
            out[f["id"]] = f
    return out


@lru_cache(maxsize=4096)
def area_shape(feature_id: str):
    """The full-resolution shapely geometry of a feature in geo/, or None."""
    f = _features().get(feature_id)
    return shape(f["geometry"]) if f is not None else None


@lru_cache(maxsize=2048)
def display_geometry(feature_id: str, tolerance: float = DISPLAY_TOLERANCE_DEG) -> dict | None:
    """A feature's geometry simplified for display, as GeoJSON (cached per process)."""
    f = _features().get(feature_id)
    if f is None:
        return None
    geom = shape(f["geometry"])
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = geom.simplify(tolerance, preserve_topology=True)
    return json.loads(json.dumps(mapping(geom)))


def tolerance_for(span_deg: float) -> float:
    """Coarser outlines for wider frames: about one screen pixel at the zoom that shows the frame."""
    return max(DISPLAY_TOLERANCE_DEG, round(span_deg / 600, 2))


def _rounded(geometry: dict, digits: int = 3) -> dict:
    def walk(c):
        return round(c, digits) if isinstance(c, float) else [walk(x) for x in c]
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


@lru_cache(maxsize=64)
def outline_features(south: float, west: float, north: float, east: float) -> str:
    """Country outlines around a box: the map's base layer when tiles are unavailable."""
    frame = box(west, south, east, north)
    tolerance = tolerance_for(max(north - south, east - west))
    out = []
    for fid, f in _features().items():
        if not fid.startswith("country:"):
            continue
        if area_shape(fid).intersects(frame):
            g = display_geometry(fid, tolerance)
            out.append({"type": "Feature", "properties": {"name": f["properties"]["name"]}, "geometry": _rounded(g)})
    return json.dumps({"type": "FeatureCollection", "features": out})


# -- the map ---------------------------------------------------------------------------------------

def tiles_setting() -> str:
    return os.environ.get("MAPVIEW_TILES", "OpenStreetMap")


def base_map(doc: GeoDoc, *, local_assets: bool = True, tiles: str | None = None) -> folium.Map:
    """Everything that depends only on the article: frame, tiles, outlines, controls, styles."""
    tiles = tiles_setting() if tiles is None else tiles
    frame = bounds(focus_places(doc)) or ((30.0, 30.0), (50.0, 60.0))
    (s, w), (n, e) = frame
    pad_lat, pad_lon = max(1.0, (n - s) * 0.15), max(1.0, (e - w) * 0.15)
    s, w, n, e = s - pad_lat, w - pad_lon, n + pad_lat, e + pad_lon
    # The zoom is computed here rather than by fit_bounds in the browser: the component runs the
    # map script before its frame has its final size, so fit_bounds would frame the wrong box.
    m = folium.Map(location=[(s + n) / 2, (w + e) / 2], zoom_start=zoom_for(s, w, n, e), tiles=None,
                   control_scale=True, prefer_canvas=False, world_copy_jump=True)
    if local_assets:
        use_local_assets(m)
    outlines = folium.GeoJson(
        outline_features(round(s - 5, 1), round(w - 5, 1), round(n + 5, 1), round(e + 5, 1)),
        name="Outlines (Natural Earth)", interactive=False,
        style_function=lambda _: {"color": "#8a9aa5", "weight": 1, "fillColor": "#f4f1ea", "fillOpacity": 1},
    )
    outlines.add_to(m)
    if tiles and tiles.lower() != "none":
        folium.TileLayer(tiles, attr="© OpenStreetMap contributors", name="OpenStreetMap").add_to(m)
    m.get_root().header.add_child(Element(MAP_CSS))
    FullscreenControl().add_to(m)
    return m


def zoom_for(south: float, west: float, north: float, east: float, width_px: int = 720, height_px: int = 560) -> int:
    """The largest web-mercator zoom at which the box fits a map of about this size."""
    def y(lat):
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_fraction = max(east - west, 1e-6) / 360
    lat_fraction = max(y(north) - y(south), 1e-6) / (2 * math.pi)
    zoom = min(math.log2(width_px / 256 / lon_fraction), math.log2(height_px / 256 / lat_fraction))
    return int(max(1, min(12, math.floor(zoom))))


def layers(doc: GeoDoc, visible: list[Place], place_excerpts: dict[str, list[Excerpt]],
           taxonomy: dict[str, EventType], selected_types: tuple[str, ...], selected: str | None,
           *, show_polygons: bool = True, show_borders: bool = True,
           type_counts: dict[str, int] | None = None) -> list[folium.FeatureGroup]:
    """The layers that follow the filter: polygons, border lines and outlines, markers, legend."""
    polygons = folium.FeatureGroup(name="Countries and regions")
    borders = folium.FeatureGroup(name="Borders and outlines")
    markers = folium.FeatureGroup(name="Places")

    def types_of(p: Place) -> tuple[str, ...]:
        return tuple(t for t in p.event_types if t in selected_types)

    towns = [p for p in visible if p.kind in MARKER_KINDS and p.lat is not None]
    fast = len(towns) > MARKER_OBJECT_LIMIT
    if fast:
        rows, chosen = [], -1
        for k, p in enumerate(towns):
            types = types_of(p)
            labels = ", ".join(taxonomy[t].label for t in types) or "no event type"
            n = len(p.mentions)
            rows.append([round(p.lat, 4), round(p.lon, 4), p.name, colour_of(types, taxonomy),
                         KIND_LABELS.get(p.kind, p.kind), f"{n} mention{'s' if n != 1 else ''}", labels, p.id])
            if p.id == selected:
                chosen = k
        FastPlaces(rows, chosen).add_to(markers)
    areas = [p for p in visible if p.kind not in MARKER_KINDS]
    if len(areas) > POLYGON_LIMIT:
        keep = {p.id for p in sorted(areas, key=lambda p: -len(p.mentions))[:POLYGON_LIMIT]}
        visible = [p for p in visible if p.kind in MARKER_KINDS or p.id in keep or p.id == selected]

    for place in visible:
        if fast and place.kind in MARKER_KINDS:
            continue
        types = types_of(place)
        popup = popup_html(doc, place, place_excerpts.get(place.id, []), taxonomy, selected_types)
        colour = colour_of(types, taxonomy)
        if place.kind in MARKER_KINDS:
            if place.lat is None:
                continue
            icon = folium.DivIcon(html=marker_html(place, types, taxonomy, place.id == selected),
                                  icon_size=(22, 22), icon_anchor=(11, 11), class_name="mv-icon")
            marker = folium.Marker([place.lat, place.lon], icon=icon, z_index_offset=1000 if place.id == selected else 0)
            BindTooltip(esc(tooltip_text(place))).add_to(marker)
            BindPopup(popup, open_at=(place.lat, place.lon) if place.id == selected else None).add_to(marker)
            marker.add_to(markers)
            continue
        geometries = [g for g in (display_geometry(pid) for pid in place.polygon_id.split("|") if pid) if g]
        if place.kind == "border":
            if not show_borders:
                continue
            for g in geometries:
                line = folium.GeoJson({"type": "Feature", "properties": {}, "geometry": _rounded(g, 4)},
                                      style_function=_style(colour, weight=6 if place.id == selected else 4, dash="8 6"))
                BindTooltip(esc(polygon_tooltip(place))).add_to(line)
                BindPopup(popup, open_at=_open_at(place, selected)).add_to(line)
                line.add_to(borders)
            if not geometries and place.lat is not None:
                _circle(place, colour, popup, selected).add_to(borders)
            continue
        if geometries and show_polygons:
            for g in geometries:
                area = folium.GeoJson({"type": "Feature", "properties": {}, "geometry": _rounded(g)},
                                      style_function=_style(colour, fill=0.35 if place.id == selected else 0.18,
                                                            weight=3 if place.id == selected else 1.5))
                BindTooltip(esc(polygon_tooltip(place))).add_to(area)
                BindPopup(popup, open_at=_open_at(place, selected)).add_to(area)
                area.add_to(polygons)
        elif not geometries and place.lat is not None and show_polygons:
            _circle(place, colour, popup, selected).add_to(polygons)
    if show_borders:
        _context_outlines(doc, borders)
    groups = [polygons, borders, markers]
    if type_counts is not None and selected_types:
        Legend(legend_html(selected_types, taxonomy, type_counts)).add_to(markers)
    return groups


def _style(colour: str, *, fill: float = 0.0, weight: float = 2, dash: str | None = None):
    style = {"color": colour, "weight": weight, "fillColor": colour, "fillOpacity": fill, "opacity": 0.9}
    if dash:
        style["dashArray"] = dash
    return lambda _feature: style


def _circle(place: Place, colour: str, popup: str, selected: str | None):
    """A region without a polygon in geo/: a wide dashed circle rather than a pin."""
    circle = folium.Circle([place.lat, place.lon], radius=150_000, color=colour, weight=3 if place.id == selected else 1.5,
                           fill=True, fill_opacity=0.08, dash_array="6 6")
    BindTooltip(esc(polygon_tooltip(place))).add_to(circle)
    BindPopup(popup, open_at=_open_at(place, selected)).add_to(circle)
    return circle


def _open_at(place: Place, selected: str | None):
    return (place.lat, place.lon) if place.id == selected and place.lat is not None else None


@lru_cache(maxsize=1)
def _region_unit_ids() -> tuple[str, ...]:
    """First-level units drawn in detail in geo/region.geojson (Nakhchivan, Syunik)."""
    region = json.loads((GEO_DIR / "region.geojson").read_text(encoding="utf-8"))
    return tuple(f["id"] for f in region["features"] if f["id"].startswith("admin1:"))


def _context_outlines(doc: GeoDoc, group: folium.FeatureGroup) -> None:
    """First-level units of geo/region.geojson inside the article's frame (the Nakhchivan
    exclave, Syunik): context for borders and corridors, drawn as outlines."""
    frame = bounds(focus_places(doc))
    if frame is None:
        return
    (s, w), (n, e) = frame
    if max(n - s, e - w) > 30:
        return  # a world-wide story: provincial outlines would be noise (and megabytes)
    area = box(w - 0.5, s - 0.5, e + 0.5, n + 0.5)
    for fid in _region_unit_ids():
        f = _features()[fid]
        if area_shape(fid).intersects(area):
            outline = folium.GeoJson({"type": "Feature", "properties": {}, "geometry": _rounded(display_geometry(fid), 4)},
                                     style_function=_style("#444444", weight=1.5, dash="3 4"), interactive=True)
            BindTooltip(esc(f["properties"]["name"])).add_to(outline)
            outline.add_to(group)
