"""The bare baseline for the page benchmarks: a plain st_folium map with the same markers, a
checkbox that reruns the script, and nothing else. Markers come from MAPVIEW_BENCH_POINTS (a JSON
file of [lat, lon, name] rows) so both apps draw the same places."""
import json
import os

import folium
import streamlit as st
from streamlit_folium import st_folium

rows = json.loads(open(os.environ["MAPVIEW_BENCH_POINTS"], encoding="utf-8").read())
st.checkbox("rerun", key="toggle")
m = folium.Map(location=[40, 47], zoom_start=5)
for lat, lon, name in rows:
    folium.Marker([lat, lon], tooltip=name, popup=name).add_to(m)
st_folium(m, key="map", height=560, use_container_width=True)
