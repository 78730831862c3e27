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
import math
import os
import shutil
import threading
import weakref
from contextlib import contextmanager
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path

import folium
from branca.element import Element, MacroElement
from jinja2 import Template
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup
from shapely.geometry import box, mapping, shape

from mapview.events import EventType
from mapview.paths import GEO_DIR
from mapview import ids
from mapview.settings import MAP_HEIGHT_PX, MARKER_OBJECT_LIMIT, MAX_FIRST_ZOOM, POLYGON_LIMIT, settings
from mapview.pipeline import GeoDoc, Place
from mapview.render import (esc, legend_html, marker_html, polygon_tooltip, popup_html, colour_of,
                            tooltip_text)
from mapview.enums import Kind
from mapview.view import Excerpt, bounds, focus_places, types_for

DISPLAY_TOLERANCE_DEG = 0.03
STATIC_URL = "/app/static/vendor"


# -- local assets --------------------------------------------------------------------------------

def asset_mode() -> str:
    """``local`` (default: served by the app from installed packages) or ``cdn`` (folium's defaults)."""
    return settings().assets


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

# A popup taller than its box scrolls: it must be reachable by keyboard to be scrolled without a
# mouse (WCAG 2.1.1; axe's "scrollable-region-focusable"). Popups of every layer propagate here.
_POPUP_FOCUS = """  group.on('popupopen', function(e){
    var c = e.popup.getElement() && e.popup.getElement().querySelector('.leaflet-popup-content');
    if (c) { c.tabIndex = 0; }
    // a popup opened with the page (a selected place) grows after Leaflet panned the map for it
    // (its text reflows once the page's font arrives), and was cut at the map's edge in 7 loads
    // of 10: when it changes height, lay it out and pan again
    var popup = e.popup, el = popup.getElement();
    if (el && window.ResizeObserver) {
      var seen = el.offsetHeight;
      var watch = new ResizeObserver(function(){
        if (el.offsetHeight !== seen && popup.isOpen()) { seen = el.offsetHeight; popup.update(); }
      });
      watch.observe(el);
      popup.once('remove', function(){ watch.disconnect(); });
    }
  });"""


#: Once per page, when a collection's markers have been painted, tells the page, which then draws
#: its filters, timeline and table (streamlit-folium's own value changes only on a reader's click;
#: this is the message by which a component sets its value, sent from the component's own frame).
_SAY_DRAWN = """  // once per page, when the markers have been painted: tell the page, which then draws its
  // filters, timeline and table (streamlit-folium's own value changes only on a reader's click;
  // this is the message by which a component sets its value, from the component's own frame)
  group.once('add', function(){
    if (window.mvDrawnSaid) { return; }
    window.mvDrawnSaid = true;
    requestAnimationFrame(function(){ setTimeout(function(){
      window.parent.postMessage({isStreamlitMessage: true, type: 'streamlit:setComponentValue',
                                 value: {mv_drawn: true}, dataType: 'json'}, '*');
    }, 0); });
  });
"""


#: Escapes a string for HTML in the browser (what the canvas and story layers build popups from).
_ESC_JS = """  var esc = function(s){ return String(s).replace(/[&<>"'`]/g, function(c){
    return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;','`':'&#96;'}[c]; }); };
"""


class _Raw(Element):
    """Script text placed in the figure as it is: not compiled as a Jinja template."""

    def __init__(self, text: str):
        super().__init__()
        self._text = text

    def render(self, **kwargs) -> str:
        return self._text


class _Element(MacroElement):
    """A MacroElement whose rendered script is added to the figure without being compiled again.

    branca's MacroElement.render wraps each rendered macro in a new Element(template=...), which
    compiles the output (here up to hundreds of KB of JSON) as a Jinja template on every rerun,
    only for streamlit-folium to discard it: it reads the script macro itself."""

    def render(self, **kwargs) -> None:  # type: ignore[override]  # branca's MacroElement returns None too
        figure = self.get_root()
        script = self._template.module.__dict__.get("script")
        if script is not None and hasattr(figure, "script"):
            figure.script.add_child(_Raw(script(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class Layer(folium.FeatureGroup):
    """A feature group rendered like :class:`_Element` (streamlit-folium renders each group on
    every rerun and throws the result away)."""

    render = _Element.render  # type: ignore[assignment]


class FullscreenControl(_Element):
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


class Legend(_Element):
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


class FastPlaces(_Element):
    """Many places in one canvas layer: circle markers built in the browser from a compact table,
    popups made on demand. Every string is escaped in the browser before it becomes HTML."""

    _template = Template("""{% macro script(this, kwargs) %}
(function(group){
""" + _POPUP_FOCUS + """
  var data = {{ this.data }};
""" + _ESC_JS + """  var renderer = L.canvas({padding: 0.5});
  var t = data.tables;  // rows hold indices into these: [lat, lon, name, colour, kind, types, mentions, id]
  data.rows.forEach(function(r, i){
    var sel = i === data.selected;
    var m = L.circleMarker([r[0], r[1]], {renderer: renderer, radius: sel ? 9 : 5, color: sel ? '#000' : '#ffffff',
                                          weight: sel ? 3 : 1, fillColor: t.colours[r[3]], fillOpacity: 0.9});
    m.bindTooltip(esc(r[2]), {sticky: true});
    m.bindPopup(function(){
      return '<div class="mv-popup" data-place-id="' + esc(r[7]) + '"><h4>' + esc(r[2]) + '</h4><div class="mv-kind">'
        + esc(t.kinds[r[4]]) + ' · ' + r[6] + (r[6] === 1 ? ' mention' : ' mentions') + '</div><div>' + esc(t.types[r[5]])
        + '</div><div class="mv-more">Its excerpts are in the panel.</div></div>';
    }, {maxWidth: 320});
    m.addTo(group);
    if (sel) { group.once('add', function(){ setTimeout(function(){ m.openPopup(); }, 0); }); }
  });
})({{ this._parent.get_name() }});
{% endmacro %}""")

    def __init__(self, data_json: Markup):
        super().__init__()
        self._name = "FastPlaces"
        self.data = data_json

    @classmethod
    def from_json(cls, data_json: Markup) -> FastPlaces:
        return cls(data_json)


class StoryPlaces(_Element):
    """A collection's places from :func:`mapview.story.map_table`: SVG circle markers sized by events
    (a canvas layer drew nothing inside streamlit-folium's frame until the map moved), popups made
    on demand with the latest accounts, each a claim with its outlet. Every string is escaped in the
    browser before it becomes HTML."""

    _template = Template("""{% macro script(this, kwargs) %}
(function(group){
""" + _POPUP_FOCUS + """
  var data = {{ this.data }};
""" + _ESC_JS + """  var plural = function(n, one, many){ return n + ' ' + (n === 1 ? one : many); };
  data.rows.forEach(function(r, i){
    var sel = i === data.selected;
    var m = L.circleMarker([r[0], r[1]], {radius: r[4], className: 'mv-story-place', color: sel ? '#000' : '#ffffff',
      weight: sel ? 3 : 1.5, fillColor: data.colours[r[3]], fillOpacity: 0.8});
    m.bindTooltip(esc(r[2]) + ' · ' + plural(r[5], 'event', 'events') + ' · ' + plural(r[6], 'report', 'reports')
                  + ' · ' + plural(r[7], 'outlet', 'outlets'), {sticky: true});
    m.bindPopup(function(){
      var h = '<div class="mv-popup" data-place-id="' + esc(r[8]) + '"><h4>' + esc(r[2]) + '</h4><div class="mv-kind">'
        + plural(r[5], 'event', 'events') + ' in ' + plural(r[6], 'report', 'reports') + ' from '
        + plural(r[7], 'outlet', 'outlets') + '</div><div>' + esc(r[9]) + '</div>';
      var day = null;
      r[10].forEach(function(a){
        if (a[0] !== day) { day = a[0]; h += '<div class="mv-day"><b>' + esc(day) + '</b></div>'; }
        h += '<div class="mv-claim"><b>' + esc(data.outlets[a[1]]) + '</b>: ' + esc(data.labels[a[2]]) + ' ('
          + esc(a[3]) + ')' + (a[5] ? ', reported by ' + esc(a[5]) : '') + (a[6] ? '<br>Fatalities claimed: '
          + esc(a[6]) : '') + '<br><q>' + esc(a[4]) + '</q></div>';
      });
      if (r[5] > r[10].length) { h += '<div class="mv-more">Every account is in the panel beside the map.</div>'; }
      return h + '</div>';
    }, {{ this.popup_options|tojson }});
    // a named button a keyboard reaches: Tab to it, Enter or Space opens its popup (the path
    // exists once the marker is on the map)
    m.on('add', function(){
      var p = m.getElement();
      if (!p || p.hasAttribute('role')) { return; }
      p.setAttribute('role', 'button'); p.setAttribute('tabindex', '0');
      p.setAttribute('aria-label', r[2] + ', ' + plural(r[5], 'event', 'events'));
      p.addEventListener('keydown', function(e){
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); m.fire('click', {latlng: m.getLatLng()}); m.openPopup(); }
      });
    });
    m.addTo(group);
    if (sel) { group.once('add', function(){ setTimeout(function(){ m.openPopup(); }, 0); }); }
  });
""" + _SAY_DRAWN + """})({{ this._parent.get_name() }});
{% endmacro %}""")

    def __init__(self, data_json: Markup):
        super().__init__()
        self._name = "StoryPlaces"
        self.data = data_json
        self.popup_options = POPUP_OPTIONS


class FeatureLayer(_Element):
    """Polygons, lines and circles from one pre-serialised GeoJSON collection, styled, with
    tooltips and popups, by a few lines of script: one element for a whole layer, so a rerun
    renders one template instead of dozens of folium objects. Each feature's properties carry
    ``style``, ``tooltip`` and ``popup`` (escaped HTML), ``radius`` (a Point drawn as a circle, in
    metres) and ``open`` (where to open its popup when the layer appears: the selected place)."""

    _template = Template("""{% macro script(this, kwargs) %}
(function(group){
""" + _POPUP_FOCUS + """
  var opts = {{ this.popup_options|tojson }};
  var data = {{ this.data }};
  L.geoJSON(data, {
    interactive: {{ this.interactive|tojson }},
    style: function(f){ return f.properties.style; },
    pointToLayer: function(f, latlng){ return L.circle(latlng, Object.assign({radius: f.properties.radius}, f.properties.style)); },
    onEachFeature: function(f, layer){
      var p = f.properties;
      if (p.tooltip) { layer.bindTooltip(p.tooltip, {sticky: true}); }
      if (p.popup) { layer.bindPopup(p.popup, opts); }
      if (p.open) { group.once('add', function(){ setTimeout(function(){ try { layer.openPopup(p.open); } catch (e) {} }, 0); }); }
    }
  }).addTo(group);
})({{ this._parent.get_name() }});
{% endmacro %}""")

    def __init__(self, data: str, *, interactive: bool = True):
        super().__init__()
        self._name = "FeatureLayer"
        self.data = data  # htmlsafe JSON text
        self.interactive = interactive
        self.popup_options = POPUP_OPTIONS


class MarkerLayer(_Element):
    """Towns and districts as DivIcon markers from one pre-serialised table of
    [lat, lon, icon html, tooltip html, popup html, z-index offset, open popup?, place id, name
    html] rows. Each marker is a keyboard-reachable button (Leaflet's ``keyboard`` option: Tab
    reaches it, Enter opens it) whose ``title`` is the place's name, decoded in the browser from
    its escaped HTML (a textarea's value: no markup runs) and set as text."""

    _template = Template("""{% macro script(this, kwargs) %}
(function(group){
""" + _POPUP_FOCUS + """
  var opts = {{ this.popup_options|tojson }};
  // every string of the rows is escaped HTML; the name becomes plain text for the title attribute
  var text = function(html){ var t = document.createElement('textarea'); t.innerHTML = html; return t.value; };
  var rows = {{ this.rows }};
  rows.forEach(function(r){
    var name = text(r[8]);
    var m = L.marker([r[0], r[1]], {zIndexOffset: r[5], title: name, alt: name, keyboard: true,
      icon: L.divIcon({html: r[2], className: 'mv-icon', iconSize: [22, 22], iconAnchor: [11, 11]})});
    m.bindTooltip(r[3], {sticky: true});
    m.bindPopup(r[4], opts);
    m.addTo(group);
    if (r[6]) { group.once('add', function(){ setTimeout(function(){ m.openPopup(); }, 0); }); }
  });
})({{ this._parent.get_name() }});
{% endmacro %}""")

    def __init__(self, rows: str):
        super().__init__()
        self._name = "MarkerLayer"
        self.rows = rows  # htmlsafe JSON text
        self.popup_options = POPUP_OPTIONS


POPUP_OPTIONS = {"maxWidth": 360, "minWidth": 240, "maxHeight": 380, "autoPanPadding": [20, 20]}


def safe_json(data) -> Markup:
    """JSON that can sit inside a <script>: "<", ">", "&" and quotes become \\u escapes."""
    return htmlsafe_json_dumps(data, separators=(",", ":"))


MAP_CSS = """
<style>
.mv-marker{width:22px;height:22px;border-radius:50%;border:2px solid #fff;box-shadow:0 0 0 1px #333,0 1px 4px rgba(0,0,0,.5);
  display:flex;align-items:center;justify-content:center;cursor:pointer}
.mv-marker span{background:#fff;border-radius:50%;width:14px;height:14px;display:flex;align-items:center;justify-content:center}
.mv-icon:focus-visible{outline:none}.mv-icon:focus-visible .mv-marker{box-shadow:0 0 0 3px #000,0 0 0 5px #fff}
.mv-marker.mv-uncertain{outline:2px dashed #222;outline-offset:2px}
.mv-marker.mv-party{opacity:.6;width:16px;height:16px;box-shadow:0 0 0 1px #555}
.mv-marker.mv-party span{width:10px;height:10px}
.mv-marker.mv-selected{transform:scale(1.45);box-shadow:0 0 0 3px #000,0 0 10px 4px rgba(255,200,0,.9)}
.mv-popup{font-size:13px;line-height:1.4}
.mv-popup h4{margin:0 0 .2em;font-size:15px}
.mv-events{margin:.3em 0;padding-left:1.1em;font-size:12px}
.mv-kind,.mv-prov,.mv-more{font-size:11px;color:#555;margin:.2em 0}
.mv-day{margin:.5em 0 .1em;border-top:1px solid #ddd;padding-top:.3em;font-size:12px}
.mv-claim{font-size:12px;margin:.2em 0 .4em}.mv-claim q{color:#333}
.mv-legend-box{background:rgba(255,255,255,.88);padding:4px 6px;border-radius:4px;font:11px sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3)}
.mv-legend-box i{display:inline-flex;align-items:center;justify-content:center;width:14px;height:14px;border-radius:50%;
  margin-right:5px;vertical-align:middle}
.mv-legend-box div{margin:2px 0}
.mv-fullscreen{background:#fff;width:30px;height:30px;display:flex!important;align-items:center;justify-content:center}
.leaflet-container{background:#dfe6ea}
</style>
"""


# -- geometry ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _features() -> dict[str, dict]:
    """Every polygon and line in geo/ by id (countries, region units, borders, macro-regions)."""
    out = {}
    for name in ("countries.geojson", "admin1.geojson", "region.geojson", "regions.geojson"):  # later files win: region is finer
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
def outline_features(south: float, west: float, north: float, east: float) -> Markup:
    """Country outlines around a box: the map's base layer when tiles are unavailable."""
    frame = box(west, south, east, north)
    tolerance = tolerance_for(max(north - south, east - west))
    out = []
    for fid in _features():
        if not ids.is_country(fid):
            continue
        if area_shape(fid).intersects(frame) and (g := display_geometry(fid, tolerance)) is not None:
            out.append({"type": "Feature", "geometry": _rounded(g),
                        "properties": {"style": {"color": "#8a9aa5", "weight": 1, "fillColor": "#f4f1ea", "fillOpacity": 1}}})
    return safe_json({"type": "FeatureCollection", "features": out})


# -- the map ---------------------------------------------------------------------------------------

OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def tiles_setting() -> str:
    """``MAPVIEW_TILES``: "OpenStreetMap" (default), "none", or a tile URL template."""
    value = settings().tiles
    return OSM_TILES if value.lower() == "openstreetmap" else value


class BaseMap(folium.Map):
    """A folium Map that renders its own parts once. streamlit-folium renders the map on every
    rerun only to collect its header; a base map that is reused (see the page) has it already."""

    def render(self, **kwargs) -> None:  # type: ignore[override]
        if not getattr(self, "_rendered", False):
            super().render(**kwargs)
            self._rendered = True


def base_map(doc: GeoDoc, *, local_assets: bool = True, tiles: str | None = None, styles: str = "") -> folium.Map:
    """Everything that depends only on the article: frame, tiles, outlines, controls, styles.
    ``styles``: the page's excerpt stylesheet (:func:`mapview.render.excerpt_css`), for popups."""
    return framed_map(bounds(focus_places(doc)), local_assets=local_assets, tiles=tiles, styles=styles)


def framed_map(frame: tuple[tuple[float, float], tuple[float, float]] | None, *, local_assets: bool = True,
               tiles: str | None = None, styles: str = "") -> folium.Map:
    """A base map around ``frame`` ((south, west), (north, east)): tiles, outlines, controls, styles."""
    tiles = tiles_setting() if tiles is None else tiles
    (s, w), (n, e) = frame or ((30.0, 30.0), (50.0, 60.0))
    pad_lat, pad_lon = max(1.0, (n - s) * 0.15), max(1.0, (e - w) * 0.15)
    s, w, n, e = s - pad_lat, w - pad_lon, n + pad_lat, e + pad_lon
    # The zoom is computed here rather than by fit_bounds in the browser: the component runs the
    # map script before its frame has its final size, so fit_bounds would frame the wrong box.
    m = BaseMap(location=[(s + n) / 2, (w + e) / 2], zoom_start=zoom_for(s, w, n, e), tiles=None,
                control_scale=True, prefer_canvas=False, world_copy_jump=True)
    if local_assets:
        use_local_assets(m)
    FeatureLayer(outline_features(round(s - 5, 1), round(w - 5, 1), round(n + 5, 1), round(e + 5, 1)),
                 interactive=False).add_to(m)
    if tiles and tiles.lower() != "none":
        # a URL template, not a provider name: folium would search xyzservices' catalogue each rerun
        folium.TileLayer(tiles, attr="© OpenStreetMap contributors", name="OpenStreetMap", max_zoom=19).add_to(m)
    m.get_root().header.add_child(  # type: ignore[attr-defined]  # the root of a Map is a Figure
        _Raw(MAP_CSS + (f"<style>{styles}</style>" if styles else "")))
    FullscreenControl().add_to(m)
    return m


@contextmanager
def borrowed(m: folium.Map):
    """Lend the base map to streamlit-folium, which adds the layers it is given to the map while it
    renders, and take them off again: the base map is reused on the next rerun."""
    own = set(m._children)
    try:
        yield m
    finally:
        for name in [n for n in m._children if n not in own]:
            del m._children[name]


def zoom_for(south: float, west: float, north: float, east: float, width_px: int = 720, height_px: int = MAP_HEIGHT_PX) -> int:
    """The largest web-mercator zoom at which the box fits a map of about this size."""
    def y(lat):
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_fraction = max(east - west, 1e-6) / 360
    lat_fraction = max(y(north) - y(south), 1e-6) / (2 * math.pi)
    zoom = min(math.log2(width_px / 256 / lon_fraction), math.log2(height_px / 256 / lat_fraction))
    return int(max(1, min(MAX_FIRST_ZOOM, math.floor(zoom))))


def layers(doc: GeoDoc, visible: list[Place], place_excerpts: dict[str, list[Excerpt]],
           taxonomy: dict[str, EventType], selected_types: tuple[str, ...], selected: str | None,
           *, show_polygons: bool = True, show_borders: bool = True,
           type_counts: dict[str, int] | None = None,
           located: frozenset[str] | None = None) -> list[folium.FeatureGroup]:
    """The layers that follow the filter: polygons, border lines and outlines, markers, legend.

    ``located`` are the visible places where a selected event happened; the others (parties,
    places only mentioned) are drawn hollow and faded. None: every place counts as located.
    Their data is serialised once per view of a document and reused on every rerun."""
    located = frozenset(p.id for p in visible) if located is None else located
    key = (id(doc), tuple(p.id for p in visible), selected_types, selected, show_polygons, show_borders, located)
    payload = _LAYER_CACHE.get(key, doc)
    if payload is None:
        payload = _layer_payload(doc, visible, place_excerpts, taxonomy, selected_types, selected,
                                 show_polygons=show_polygons, show_borders=show_borders, located=located)
        _LAYER_CACHE.put(key, doc, payload)
    polygons_json, borders_json, markers_kind, markers_json = payload
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
        Legend(legend_html(selected_types, taxonomy, type_counts)).add_to(markers)
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


def _layer_payload(doc, visible, place_excerpts, taxonomy, selected_types, selected, *, show_polygons, show_borders,
                   located=frozenset()):
    def types_of(p: Place) -> tuple[str, ...]:
        return types_for(p, selected_types, p.id in located)

    towns = [p for p in visible if p.kind.is_marker and p.lat is not None]
    areas = [p for p in visible if not p.kind.is_marker]
    if len(areas) > POLYGON_LIMIT:
        keep = {p.id for p in sorted(areas, key=lambda p: -len(p.mentions))[:POLYGON_LIMIT]}
        areas = [p for p in areas if p.id in keep or p.id == selected]

    polygon_features, border_features = [], []
    for place in areas:
        types = types_of(place)
        colour = colour_of(types, taxonomy)
        is_selected = place.id == selected
        popup = popup_html(doc, place, place_excerpts.get(place.id, []), taxonomy, selected_types)
        party = place.id not in located
        common = {"tooltip": esc(polygon_tooltip(place)), "popup": popup,
                  "open": [place.lat, place.lon] if is_selected and place.lat is not None else None}
        geometries = [g for g in (display_geometry(pid) for pid in place.polygon_id.split("|") if pid) if g]
        if place.kind is Kind.BORDER:
            if not show_borders:
                continue
            style = _style(colour, weight=6 if is_selected else (2 if party else 4), dash="2 6" if party else "8 6")
            target = border_features
        else:
            if not show_polygons:
                continue
            style = _style(colour, fill=0.35 if is_selected else (0.03 if party else 0.18),
                           weight=3 if is_selected else 1.5, dash="3 5" if party else None)
            target = polygon_features
        if geometries:
            for g in geometries:
                target.append({"type": "Feature", "properties": {**common, "style": style}, "geometry": _rounded(g, 4)})
        elif place.lat is not None:  # a region without a polygon in geo/: a wide dashed circle, not a pin
            circle_style = _style(colour, fill=0.08, weight=3 if is_selected else 1.5, dash="6 6")
            target.append({"type": "Feature", "properties": {**common, "style": circle_style, "radius": 150_000},
                           "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]}})
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
            rows.append([round(p.lat, 3), round(p.lon, 3), p.name, index("colours", colour_of(types, taxonomy)),
                         index("kinds", p.kind.label), index("types", labels), len(p.mentions), p.id])
            if p.id == selected:
                chosen = k
        lookup = {name: list(values) for name, values in tables.items()}
        return polygons_json, borders_json, "fast", safe_json({"rows": rows, "selected": chosen, "tables": lookup})
    rows = []
    for p in towns:
        types = types_of(p)
        is_selected = p.id == selected
        rows.append([p.lat, p.lon, marker_html(p, types, taxonomy, is_selected, party=p.id not in located),
                     esc(tooltip_text(p)),
                     popup_html(doc, p, place_excerpts.get(p.id, []), taxonomy, selected_types),
                     1000 if is_selected else 0, is_selected, p.id, esc(p.name)])
    return polygons_json, borders_json, "markers", safe_json(rows)


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
            name = _features()[fid]["properties"]["name"]
            out.append({"type": "Feature", "properties": {"style": _style("#444444", weight=1.5, dash="3 4"),
                                                          "tooltip": esc(name)},
                        "geometry": _rounded(geometry, 4)})
    return out
