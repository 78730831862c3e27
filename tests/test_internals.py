"""The internals of folium, branca and streamlit-folium that mapview.web.mapping relies on.

pyproject.toml bounds those packages to versions where these hold; when a new version changes
one, this test says which and where, instead of the page showing a blank map.
"""

from __future__ import annotations

import inspect

import folium
import pytest
from branca.element import Figure, MacroElement


def test_folium_map_lists_its_assets_in_class_attributes():
    # mapping.use_local_assets replaces them to serve Leaflet from the app itself
    for name in ("default_js", "default_css"):
        value = getattr(folium.Map, name, None)
        assert isinstance(value, list) and all(isinstance(x, tuple) and len(x) == 2 for x in value), (
            f"folium.Map.{name} is no longer a list of (name, url): mapping.use_local_assets must change"
        )


def test_a_map_keeps_its_children_by_name_and_they_can_be_taken_off():
    # mapping.borrowed takes off the layers streamlit-folium adds
    m = folium.Map(tiles=None)
    before = set(m._children)
    folium.FeatureGroup(name="x").add_to(m)
    added = [n for n in m._children if n not in before]
    assert len(added) == 1, "folium.Map._children changed: mapping.borrowed must change"
    del m._children[added[0]]
    assert set(m._children) == before


def test_our_elements_render_their_script_macro_into_the_figure():
    # mapping._Element reads the "script" macro of its template and adds it to figure.script
    from mapview.web.elements import FeatureLayer, Layer

    m = folium.Map(tiles=None)
    group = Layer(name="g")
    FeatureLayer('{"type":"FeatureCollection","features":[]}').add_to(group)
    group.add_to(m)
    assert isinstance(m.get_root(), Figure) and hasattr(m.get_root(), "header"), "the root of a map is no Figure"
    assert "script" in FeatureLayer._template.module.__dict__, "branca templates no longer expose their macros"
    html = m.get_root().render()
    assert "L.geoJSON(" in html, "mapview's layer script did not reach the page: branca's rendering changed"
    assert isinstance(MacroElement(), MacroElement)


def test_st_folium_takes_the_arguments_the_page_passes():
    from streamlit_folium import st_folium

    params = inspect.signature(st_folium).parameters
    for name in (
        "feature_group_to_add",
        "center",
        "zoom",
        "height",
        "use_container_width",
        "render",
        "returned_objects",
        "key",
    ):
        assert name in params, f"st_folium no longer takes {name!r}: app.py's map call must change"


@pytest.mark.parametrize("name", ["last_object_clicked_tooltip", "last_object_clicked", "last_object_clicked_count"])
def test_st_folium_still_returns_the_click_fields_the_page_reads(name):
    import streamlit_folium

    source = inspect.getsource(streamlit_folium)
    assert name in source, f"st_folium no longer returns {name!r}: view.place_from_click must change"


def test_only_a_collections_layer_says_when_its_markers_are_drawn():
    # the collection page waits for that message to draw the rest; the article page's layers
    # must not send it (it would set streamlit-folium's value and rerun the article page)
    from mapview.web.elements import FastPlaces, Layer, MarkerLayer, StoryPlaces

    def rendered(element) -> str:
        m = folium.Map(tiles=None)
        group = Layer(name="g")
        element.add_to(group)
        group.add_to(m)
        return m.get_root().render()

    empty = '{"rows": [], "selected": -1, "tables": {"colours": [], "kinds": [], "types": []}}'
    assert "mv_drawn" in rendered(StoryPlaces(empty))
    assert "mv_drawn" not in rendered(FastPlaces(empty))
    assert "mv_drawn" not in rendered(MarkerLayer("[]"))


@pytest.mark.parametrize(
    "form, variants",
    [
        ("Al Qāmishlī", ["Al-Qāmishlī", "Qāmishlī"]),
        ("Ar Raqqah", ["Ar-Raqqah", "Al-Raqqah", "Al Raqqah", "Raqqah"]),
        ("Al Bāb", ["Al-Bāb"]),  # too short to stand alone: "Bab" is a word too
        ("Alabama", []),
        ("El Paso", ["El-Paso", "Al-Paso", "Al Paso"]),  # the caller decides which countries it applies to
    ],
)
def test_arabic_article_variants(form, variants):
    from mapview.geo.places import arabic_article_variants

    assert arabic_article_variants(form) == variants


@pytest.mark.parametrize(
    "form, variants",
    [
        ("St. Croix County", ["Saint Croix County", "St Croix County"]),
        ("Saint Paul", ["St. Paul", "St Paul"]),
        ("Stockton", []),
    ],
)
def test_saint_variants(form, variants):
    from mapview.geo.places import saint_variants

    assert saint_variants(form) == variants
