"""The bare baseline for the page benchmarks: a plain st_folium map with the same markers (plain
folium markers with a tooltip and a popup each), a checkbox that reruns the script, and nothing else.

Markers come from MAPVIEW_BENCH_POINTS (a JSON file of [lat, lon, name] rows) so both apps draw
the same places. Like mapview, it is served offline: Leaflet and jQuery (which folium's popups
need) come from the XStatic packages through Streamlit's static serving, and Leaflet's default
marker icons get their image path (streamlit-folium issue #275), so the comparison measures the
pages, not a CDN.
"""

import json
import os
import shutil
from pathlib import Path

import folium
import streamlit as st
import xstatic.pkg.jquery as jquery
from branca.element import MacroElement
from jinja2 import Template
from streamlit_folium import st_folium

from mapview.web.basemap import install_static_assets, leaflet_urls

STATIC = Path(__file__).resolve().parent / "static"
install_static_assets(STATIC)
(STATIC / "vendor" / "jquery").mkdir(parents=True, exist_ok=True)
shutil.copy(Path(jquery.BASE_DIR) / "jquery.min.js", STATIC / "vendor" / "jquery" / "jquery.min.js")


class IconPath(MacroElement):
    _template = Template("""{% macro script(this, kwargs) %}
L.Icon.Default.imagePath = {{ this.path|tojson }};
{% endmacro %}""")

    def __init__(self, path):
        super().__init__()
        self.path = path


rows = json.loads(Path(os.environ["MAPVIEW_BENCH_POINTS"]).read_text(encoding="utf-8"))
st.checkbox("rerun", key="toggle")
m = folium.Map(
    location=[40, 47],
    zoom_start=5,
    tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    attr="© OpenStreetMap contributors",
)
js, css = leaflet_urls()
m.default_js = js + [("jquery", "/app/static/vendor/jquery/jquery.min.js")]
m.default_css = css
IconPath(js[0][1].rsplit("/", 1)[0] + "/images/").add_to(m)
for lat, lon, name in rows:
    folium.Marker([lat, lon], tooltip=name, popup=name).add_to(m)
st_folium(m, key="map", height=560, use_container_width=True)
