"""The map's elements: each a folium/branca element that owns its script, kept as a Jinja template
file in ``assets/`` (shared snippets are included from there), and renders it once per rerun."""

from __future__ import annotations

import folium
from branca.element import Element, MacroElement
from jinja2 import Environment, PackageLoader
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

#: The elements' scripts, as package files (found wherever mapview is installed).
SCRIPTS = Environment(loader=PackageLoader("mapview.web", "assets"), keep_trailing_newline=True, autoescape=False)


class RawScript(Element):
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
            figure.script.add_child(RawScript(script(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class Layer(folium.FeatureGroup):
    """A feature group rendered like :class:`_Element` (streamlit-folium renders each group on
    every rerun and throws the result away)."""

    render = _Element.render  # type: ignore[assignment]


class FullscreenControl(_Element):
    """A full-screen button using the browser's Fullscreen API: our own twelve lines instead of a
    plugin that would have to come from a CDN."""

    _template = SCRIPTS.get_template("fullscreen.js.j2")


class FitSmall(_Element):
    """On a map narrower than ``max_width`` px (a phone), frame ``bounds`` ([[south, west], [north,
    east]]) in the browser, once, if the reader has not moved the map: the server's first zoom
    assumes a wider map."""

    _template = SCRIPTS.get_template("fit_small.js.j2")

    def __init__(self, bounds: list[list[float]], max_width: int = 600):
        super().__init__()
        self._name = "FitSmall"
        self.bounds, self.max_width = bounds, max_width


class TileCredit(_Element):
    """The tile layer's credit in the map's attribution only once a tile has been drawn."""

    _template = SCRIPTS.get_template("tile_credit.js.j2")

    def __init__(self, tiles: folium.TileLayer):
        super().__init__()
        self._name = "TileCredit"
        self.tiles = tiles


class Legend(_Element):
    """The legend of the visible event types, owned by a feature group: it appears when the group
    is added to the map and goes when streamlit-folium replaces the group on a filter change."""

    _template = SCRIPTS.get_template("legend.js.j2")

    def __init__(self, html: str):
        super().__init__()
        self._name = "Legend"
        self.html = html


class FastPlaces(_Element):
    """Many places in one canvas layer: circle markers built in the browser from a compact table,
    popups made on demand. Every string is escaped in the browser before it becomes HTML."""

    _template = SCRIPTS.get_template("fast_places.js.j2")

    def __init__(self, data_json: Markup):
        super().__init__()
        self._name = "FastPlaces"
        self.data = data_json

    @classmethod
    def from_json(cls, data_json: Markup) -> FastPlaces:
        return cls(data_json)


class StoryPlaces(_Element):
    """A collection's places from :func:`mapview.web.collection.map_table`: SVG circle markers sized by events
    (a canvas layer drew nothing inside streamlit-folium's frame until the map moved), popups made
    on demand with the latest accounts, each a claim with its outlet. Every string is escaped in the
    browser before it becomes HTML."""

    _template = SCRIPTS.get_template("story_places.js.j2")

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

    _template = SCRIPTS.get_template("feature_layer.js.j2")

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

    _template = SCRIPTS.get_template("marker_layer.js.j2")

    def __init__(self, rows: str):
        super().__init__()
        self._name = "MarkerLayer"
        self.rows = rows  # htmlsafe JSON text
        self.popup_options = POPUP_OPTIONS


#: autoPanPaddingTopLeft: a popup opens clear of the folded legend in the top-right corner
POPUP_OPTIONS = {
    "maxWidth": 360,
    "minWidth": 240,
    "maxHeight": 380,
    "autoPanPadding": [20, 20],
    "autoPanPaddingTopLeft": [20, 48],
}


def safe_json(data) -> Markup:
    """JSON that can sit inside a <script>: "<", ">", "&" and quotes become \\u escapes."""
    return htmlsafe_json_dumps(data, separators=(",", ":"))
