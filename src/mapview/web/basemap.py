"""The base map: what depends only on the article (frame, tiles or outlines, controls, styles),
built once and lent to streamlit-folium on every rerun, and Leaflet served by the app itself."""

from __future__ import annotations

import math
import os
import shutil
from contextlib import contextmanager
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import folium
from markupsafe import Markup
from shapely.geometry import box

from mapview.geo.shapes import area_shape, display_geometry, features_by_id, tolerance_for
from mapview.model import ids
from mapview.model.document import GeoDoc
from mapview.settings import MAP_HEIGHT_PX, MAX_FIRST_ZOOM, settings
from mapview.web.elements import FeatureLayer, FitSmall, FullscreenControl, RawScript, TileCredit, safe_json
from mapview.web.view import bounds, focus_places

STATIC_URL = "/app/static/vendor"


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


#: The map's own stylesheet (markers, popups, legend, controls), a package file.
MAP_CSS = "\n<style>\n" + (files("mapview.web") / "assets" / "map.css").read_text(encoding="utf-8") + "</style>\n"


def rounded_geometry(geometry: dict, digits: int = 3) -> dict:
    def walk(c):
        return round(c, digits) if isinstance(c, float) else [walk(x) for x in c]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


@lru_cache(maxsize=64)
def outline_features(south: float, west: float, north: float, east: float) -> Markup:
    """Country outlines around a box: the map's base layer when tiles are unavailable."""
    frame = box(west, south, east, north)
    tolerance = tolerance_for(max(north - south, east - west))
    out = []
    for fid in features_by_id():
        if not ids.is_country(fid):
            continue
        if area_shape(fid).intersects(frame) and (g := display_geometry(fid, tolerance)) is not None:
            out.append(
                {
                    "type": "Feature",
                    "geometry": rounded_geometry(g),
                    "properties": {
                        "style": {"color": "#8a9aa5", "weight": 1, "fillColor": "#f4f1ea", "fillOpacity": 1}
                    },
                }
            )
    return safe_json({"type": "FeatureCollection", "features": out})


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
    ``styles``: the page's excerpt stylesheet (:func:`mapview.web.render.excerpt_css`), for popups."""
    return framed_map(bounds(focus_places(doc)), local_assets=local_assets, tiles=tiles, styles=styles)


def padded(frame: tuple[tuple[float, float], tuple[float, float]] | None) -> tuple[float, float, float, float]:
    """South, west, north, east of a frame with a margin (15%, at least a degree) around it."""
    (s, w), (n, e) = frame or ((30.0, 30.0), (50.0, 60.0))
    pad_lat, pad_lon = max(1.0, (n - s) * 0.15), max(1.0, (e - w) * 0.15)
    return s - pad_lat, w - pad_lon, n + pad_lat, e + pad_lon


def framing(frame) -> tuple[list[float], int]:
    """The centre and zoom that show ``frame`` with its margin, as the first view does."""
    s, w, n, e = padded(frame)
    return [(s + n) / 2, (w + e) / 2], zoom_for(s, w, n, e)


def framed_map(
    frame: tuple[tuple[float, float], tuple[float, float]] | None,
    *,
    local_assets: bool = True,
    tiles: str | None = None,
    styles: str = "",
) -> folium.Map:
    """A base map around ``frame`` ((south, west), (north, east)): tiles, outlines, controls, styles."""
    tiles = tiles_setting() if tiles is None else tiles
    s, w, n, e = padded(frame)
    # The zoom is computed here rather than by fit_bounds in the browser: the component runs the
    # map script before its frame has its final size, so fit_bounds would frame the wrong box.
    centre, zoom = framing(frame)
    m = BaseMap(
        location=centre,
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        world_copy_jump=True,
    )
    if local_assets:
        use_local_assets(m)
    FeatureLayer(
        outline_features(round(s - 5, 1), round(w - 5, 1), round(n + 5, 1), round(e + 5, 1)), interactive=False
    ).add_to(m)
    if tiles and tiles.lower() != "none":
        # a URL template, not a provider name: folium would search xyzservices' catalogue each rerun
        tile_layer = folium.TileLayer(tiles, attr="© OpenStreetMap contributors", name="OpenStreetMap", max_zoom=19)
        tile_layer.add_to(m)
        TileCredit(tile_layer).add_to(m)
    m.get_root().header.add_child(  # type: ignore[attr-defined]  # the root of a Map is a Figure
        RawScript(MAP_CSS + (f"<style>{styles}</style>" if styles else ""))
    )
    FullscreenControl().add_to(m)
    if frame is not None:
        FitSmall([[s, w], [n, e]]).add_to(m)  # the padded frame, as the server's zoom frames it
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


def zoom_for(
    south: float, west: float, north: float, east: float, width_px: int = 720, height_px: int = MAP_HEIGHT_PX
) -> int:
    """The largest web-mercator zoom at which the box fits a map of about this size."""

    def y(lat):
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_fraction = max(east - west, 1e-6) / 360
    lat_fraction = max(y(north) - y(south), 1e-6) / (2 * math.pi)
    zoom = min(math.log2(width_px / 256 / lon_fraction), math.log2(height_px / 256 / lat_fraction))
    return int(max(1, min(MAX_FIRST_ZOOM, math.floor(zoom))))
