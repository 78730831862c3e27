"""The page's logic with streamlit.testing.v1.AppTest: default load, filters, deep links, clicks, article switch."""

from __future__ import annotations

import json

import mapdata
import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from mapview.model.place import NOT_A_PLACE
from mapview.web.render import md

APP = str(ROOT / "app.py")
TOWNS_AND_DISTRICTS = {
    "geonames:112931",
    "geonames:616052",
    "geonames:587084",
    "district:AZ-DAS",
    "district:AZ-KAL",
    "district:AZ-LAC",
}


def new_app(parties: str | None = "1", **params) -> AppTest:
    """The page, with ``params`` in its address. Most tests look at every place an article names,
    so the parties switch is on unless ``parties=None`` (the default view, only where events
    happened, has tests of its own)."""
    at = AppTest.from_file(APP, default_timeout=90)
    if parties is not None:
        at.query_params["parties"] = parties
    for key, value in params.items():
        at.query_params[key] = value
    return at


def map_args(at: AppTest) -> dict:
    components = at.get("component_instance")
    assert len(components) == 1
    return json.loads(components[0].proto.json_args)


def markers(at: AppTest) -> set[str]:
    return {m.place_id for m in mapdata.markers(map_args(at)["feature_group"] or "")}


def marker_names(at: AppTest) -> set[str]:
    return {m.tooltip for m in mapdata.markers(map_args(at)["feature_group"] or "")}


def selected_marker(at: AppTest) -> set[str]:
    return {m.place_id for m in mapdata.markers(map_args(at)["feature_group"] or "") if m.selected}


def params(at: AppTest) -> dict:
    return {k: at.query_params[k] for k in at.query_params}


def all_values(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def html_text(at: AppTest) -> str:
    return "\n".join(e.proto.body for e in at.get("html"))


@pytest.fixture(scope="module")
def default_app():
    return new_app().run()


def test_a_plain_link_shows_where_events_happened_and_the_switch_brings_the_parties_back():
    at = new_app(parties=None).run()
    assert not at.exception
    # the clashes happened in the three districts; the July meeting in Tehran. Yerevan and Baku
    # are parties ("clashes between Yerevan and Baku"), not places where anything happened
    assert markers(at) == {"geonames:112931", "district:AZ-DAS", "district:AZ-KAL", "district:AZ-LAC"}
    assert "parties" not in params(at)
    at.toggle(key="parties").set_value(True).run()
    assert markers(at) == TOWNS_AND_DISTRICTS and params(at)["parties"] == "1"
    js = map_args(at)["feature_group"]
    assert js.count("mv-party") == 2  # Yerevan and Baku drawn small and faded, the others full
    # a clash alone: where clashes happened, not where concern about them was voiced
    at.toggle(key="parties").set_value(False).run()
    for cb in at.sidebar.checkbox:
        if cb.key.startswith("type_") and cb.key != "type_armed_clash":
            cb.uncheck()
    at.run()
    assert markers(at) == {"district:AZ-DAS", "district:AZ-KAL", "district:AZ-LAC"}
    assert all_values(at, "type") == ["armed_clash"]


def test_the_events_table_lists_the_events_with_who_reports_them():
    at = new_app(parties=None).run()
    assert not at.dataframe  # built only when the reader asks for it
    at.session_state["panel_mode"] = "events"
    at.run()
    table = at.dataframe[0].value
    assert list(table.columns)[:3] == ["Type", "Where", "Parties"]
    clash = table[table["Where"].str.contains("Lachin")].iloc[0]
    assert clash["Type"] == "Armed clash" and clash["Reported by"] == "Azerbaijan" and "Armenia" in clash["Parties"]
    # both accounts of the fighting stay, each with who gives it
    assert {"Armenian premiership", "Azerbaijan", "Azerbaijani news agency Trend"} <= set(table["Reported by"])
    counts = {
        c.label.split(" (")[0]: int(c.label.split("(")[1].rstrip(")"))
        for c in at.sidebar.checkbox
        if c.key.startswith("type_")
    }
    assert sum(counts.values()) == len(table)  # the sidebar counts events, as the table lists them


def test_default_load_shows_every_place_and_writes_the_url(default_app):
    at = default_app
    assert not at.exception
    assert markers(at) == TOWNS_AND_DISTRICTS
    labels = [c.label for c in at.sidebar.checkbox]
    assert any(label.startswith("Armed clash (") for label in labels)
    assert any(label.startswith("Meeting or call (") for label in labels)
    p = params(at)
    assert p["article"] == "mehr-armenia-azerbaijan-clashes"
    assert "armed_clash" in all_values(at, "type") and "meeting_call" in all_values(at, "type")
    assert "district" in all_values(at, "kind")


def test_header_credits_and_attribution(default_app):
    body = html_text(default_app)
    assert "Mehr News Agency" in body and "CC BY 4.0" in body
    assert "Creative Commons Attribution 4.0" in body
    assert "Natural Earth" in body and "GeoNames" in body
    # the tiles are credited on the map, once one is drawn (tests/test_browser.py)
    assert "OpenStreetMap" not in body
    assert "(editorial title)" in body


def test_map_assets_come_from_the_app_not_a_cdn(default_app):
    args = map_args(default_app)
    links = args["js_links"] + args["css_links"]
    assert links and all(link.startswith("/app/static/vendor/") for link in links), links
    assert (ROOT / "static" / "vendor").is_dir()


def test_popups_carry_excerpts_and_provenance(default_app):
    js = map_args(default_app)["feature_group"]
    assert "large-scale provocations in the directions of" in js  # the Azerbaijani account
    assert "via geocoding cache" in js


def test_filter_to_meeting_call_keeps_tehran_and_hides_lachin():
    at = new_app().run()
    script_before = map_args(at)["script"]
    for cb in at.sidebar.checkbox:
        if cb.key.startswith("type_") and cb.key != "type_meeting_call":
            cb.uncheck()
    at.run()
    assert not at.exception
    shown = markers(at)
    assert "geonames:112931" in shown and "district:AZ-LAC" not in shown
    assert all_values(at, "type") == ["meeting_call"]
    # the base map is the same document: the browser keeps zoom and centre (no re-mount)
    assert map_args(at)["script"] == script_before
    assert map_args(at)["zoom"] is None and map_args(at)["center"] is None


def test_no_types_selected_is_an_explicit_url_value():
    at = new_app().run()
    at.button(key="no_types").click().run()
    assert all_values(at, "type") == ["none"]
    assert markers(at) == set()
    assert any("No event of the ticked types" in i.value for i in at.info)


def test_deep_link_restores_filter_and_selected_place():
    at = new_app(type=["meeting_call", "warning"], kind=["city", "country"], place="geonames:112931").run()
    assert not at.exception
    assert at.sidebar.checkbox(key="type_meeting_call").value and at.sidebar.checkbox(key="type_warning").value
    assert not at.sidebar.checkbox(key="type_armed_clash").value
    assert not at.sidebar.checkbox(key="kind_district").value
    assert markers(at) == {"geonames:112931"}
    assert selected_marker(at) == {"geonames:112931"}
    assert at.selectbox(key="panel_place").value == "geonames:112931"
    assert params(at)["place"] == "geonames:112931"


@pytest.mark.parametrize(
    "query, notice",
    [
        ({"type": ["bogus", "meeting_call"]}, "unknown event type 'bogus'"),
        ({"kind": "<script>alert(1)</script>"}, "unknown place kind"),
        ({"article": "no-such-article"}, "unknown article"),
        ({"place": "<img src=x onerror=alert(1)>"}, "unknown place"),
        ({"view": "91,200,3"}, "malformed view"),
        ({"type": ["x" * 5000]}, "over-long"),
    ],
)
def test_unknown_or_malformed_link_values_are_dropped_with_a_notice(query, notice):
    at = new_app(**query).run()
    assert not at.exception
    captions = " ".join(c.value for c in at.caption)
    assert md(notice) in captions  # shown escaped for Markdown: a link in a URL value stays text
    assert "<img" not in html_text(at).split("mv-article")[0]  # never echoed as HTML
    assert markers(at)  # the page still shows a map


def test_a_map_click_selects_the_place_and_its_excerpts():
    at = new_app().run()
    at.session_state["map"] = {
        "last_object_clicked_tooltip": "Lachin District",
        "last_object_clicked_count": 1,
        "last_object_clicked": {"lat": 39.63742, "lng": 46.54977},
    }
    at.run()
    assert at.session_state["place"] == "district:AZ-LAC"
    assert selected_marker(at) == {"district:AZ-LAC"}
    assert params(at)["place"] == "district:AZ-LAC"
    panel = html_text(at)
    assert "Dashkasan" in panel and "Kalbajar" in panel


def test_a_click_on_a_polygon_without_tooltip_falls_back_to_the_nearest_marker():
    at = new_app().run()
    at.session_state["map"] = {
        "last_object_clicked_tooltip": None,
        "last_object_clicked_count": 2,
        "last_object_clicked": {"lat": 40.1777, "lng": 44.5126},
    }
    at.run()
    assert at.session_state["place"] == "geonames:616052"


def test_choosing_a_place_in_the_panel_centres_the_map_on_it():
    at = new_app().run()
    at.selectbox(key="panel_place").select("district:AZ-KAL").run()
    args = map_args(at)
    assert args["center"] == pytest.approx([40.10984, 46.04446])
    assert args["zoom"] == 8
    assert selected_marker(at) == {"district:AZ-KAL"}
    # and back to all visible places
    at.selectbox(key="panel_place").select("").run()
    assert at.session_state["place"] is None and "place" not in params(at)


def test_the_page_offers_the_map_as_a_picture(default_app):
    labels = [b.proto.label for b in default_app.get("download_button")]
    assert "Map image (PNG, for print)" in labels and "Map image (SVG, for print)" in labels


def test_downloads_follow_the_filter():
    at = new_app(type="territorial_claim").run()
    geojson = next(d for d in at.get("download_button") if "GeoJSON" in d.proto.label)
    assert geojson.proto.label


def test_article_switch(tmp_path, monkeypatch):
    import streamlit as st

    import mapview.paths

    folder = tmp_path / "articles"
    folder.mkdir()
    for f in (ROOT / "data" / "articles").iterdir():
        (folder / f.name).write_bytes(f.read_bytes())
    (folder / "zz-floods.txt").write_text(
        "KARACHI - Floods hit Karachi and Hyderabad, Pakistani officials said.", encoding="utf-8"
    )
    (folder / "zz-floods.toml").write_text('title = "Floods in Sindh"\nsource = "Test"\n', encoding="utf-8")
    monkeypatch.setattr(mapview.paths, "ARTICLES_DIR", folder)
    st.cache_resource.clear()
    try:
        at = new_app(type="meeting_call").run()
        assert at.sidebar.selectbox(key="article").options == [
            "Iran's response to the Armenia–Azerbaijan border clashes",
            "Floods in Sindh",
        ]
        at.sidebar.selectbox(key="article").select("zz-floods").run()
        assert not at.exception
        assert params(at)["article"] == "zz-floods"
        assert {"Karachi", "Hyderabad"} <= marker_names(at)
        assert "Floods in Sindh" in html_text(at)
        # a link to the second article opens it
        at2 = new_app(article="zz-floods").run()
        assert params(at2)["article"] == "zz-floods"
    finally:
        st.cache_resource.clear()


def test_hostile_article_text_is_escaped_everywhere(tmp_path, monkeypatch):
    import streamlit as st

    import mapview.paths

    folder = tmp_path / "articles"
    folder.mkdir()
    payload = "<img src=x onerror=alert(1)>"
    (folder / "evil.txt").write_text(
        f"Officials in Paris said “{payload} is `${{alert(2)}}`” and </script><script>alert(3)</script> happened.",
        encoding="utf-8",
    )
    (folder / "evil.toml").write_text(f'title = "{payload}"\nsource = "<b>x</b>"\n', encoding="utf-8")
    monkeypatch.setattr(mapview.paths, "ARTICLES_DIR", folder)
    st.cache_resource.clear()
    try:
        at = new_app().run()
        assert not at.exception
        body = html_text(at)
        assert payload not in body and "&lt;img src=x onerror=alert(1)&gt;" in body
        assert "<script>alert(3)" not in body
        js = map_args(at)["feature_group"]
        assert "<img" not in js and "\\u003cimg" not in js  # the popup HTML carries it escaped only
        # popups are JSON strings in the script (Jinja's tojson also escapes "&")
        assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in js
    finally:
        st.cache_resource.clear()


# -- readers' own articles and corrections (issue: any article) ---------------------------------

FLOODS = (
    "KARACHI - Heavy rain flooded Karachi and Hyderabad on Monday, Pakistani officials said. "
    "The army was deployed in Sukkur, and the government of Sindh called for help."
)


def bring(at: AppTest, text: str) -> AppTest:
    at.text_area(key="bring_text").input(text)
    at.button(key="bring_go").click().run()
    return at


def test_pasting_an_article_about_another_region_maps_its_places():
    at = bring(new_app().run(), FLOODS)
    assert not at.exception
    shown = marker_names(at)
    assert {"Karachi", "Hyderabad", "Sukkur"} <= shown
    assert params(at)["article"].startswith("text-")
    assert at.sidebar.selectbox(key="article").value.startswith("text-")
    # the bundled article is still there to go back to
    at.sidebar.selectbox(key="article").select("mehr-armenia-azerbaijan-clashes").run()
    assert markers(at) == TOWNS_AND_DISTRICTS


def test_the_paste_box_refuses_an_over_long_text_in_the_browser():
    """max_chars: the browser never sends more than the limit (the server checks again; see
    test_ingest for pastes and files over the limit)."""
    at = new_app().run()
    assert at.text_area(key="bring_text").proto.max_chars == 300_000


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("?!?! ... ;;", "no words"),
    ],
)
def test_bad_pastes_get_a_message_and_the_page_stays(text, message):
    at = bring(new_app().run(), text)
    assert not at.exception
    assert any(message in e.value for e in at.error)
    assert markers(at) == TOWNS_AND_DISTRICTS  # still on the bundled article


def test_a_text_without_places_says_so():
    at = bring(new_app().run(), "The committee met on Tuesday and agreed on nothing at all.")
    assert not at.exception
    assert any("No places found" in w.value for w in at.warning)


def test_correcting_a_resolution_updates_the_map_at_once():
    at = new_app(place="geonames:112931").run()
    radio = at.radio(key="fix_geonames:112931")
    assert any(o.startswith(md("Tehran (Province or region, IR")) for o in radio.options)  # the other candidate
    radio.set_value("admin1:IR-07").run()
    assert not at.exception
    assert "geonames:112931" not in markers(at)  # the city marker is gone; the province is a polygon
    assert at.session_state["place"] == "admin1:IR-07"
    # Tehran the city and Tehran the province share a name: the words say what changed
    corrected = next(c.value for c in at.caption if "Corrected for this article" in c.value)
    assert "city or town" in corrected and "province or region" in corrected, corrected


def test_marking_a_mention_as_not_a_place_removes_it():
    at = new_app(place="geonames:587084").run()
    at.radio(key="fix_geonames:587084").set_value(NOT_A_PLACE.id).run()
    assert "geonames:587084" not in markers(at)
    assert "Baku" not in html_text(at).split('class="mv-article"')[-1].split("<mark")[1:]  # no longer highlighted


def test_a_readers_correction_stays_in_their_session_and_is_not_shareable_by_default():
    at = new_app(place="geonames:112931").run()
    at.radio(key="fix_geonames:112931").set_value("admin1:IR-07").run()
    assert not at.exception and "geonames:112931" not in markers(at)
    assert not [b for b in at.button if b.label.startswith("Save the correction")]  # editors only, and off
    assert not [b for b in at.button if b.label.startswith("Log in")]
    # another reader still sees the city
    assert "geonames:112931" in markers(new_app().run())


def test_shared_corrections_without_a_login_configured_say_so(monkeypatch):
    monkeypatch.setenv("MAPVIEW_SHARED_CORRECTIONS", "true")
    monkeypatch.setenv("MAPVIEW_EDITORS", "editor@example.com")
    at = new_app(place="geonames:112931").run()
    at.radio(key="fix_geonames:112931").set_value("admin1:IR-07").run()
    assert not at.exception
    assert not [b for b in at.button if b.label.startswith("Save the correction")]
    assert any("no login is configured" in c.value for c in at.sidebar.caption)


def test_uncertain_places_are_dashed_listed_and_explained():
    at = bring(new_app().run(), "Springfield officials said the bridge would reopen. Crews came from Columbus.")
    assert not at.exception
    feature_group = map_args(at)["feature_group"] or ""
    dashed = [m for m in mapdata.markers(feature_group) if "mv-uncertain" in m.icon]
    assert {m.tooltip for m in dashed} >= {"Springfield"}
    check = [c for c in at.button_group if "Check these places" in c.label]
    assert len(check) == 1
    springfield = next(m.place_id for m in dashed if m.tooltip == "Springfield")
    check[0].set_value([springfield] if isinstance(check[0].value, list) else springfield).run()
    assert not at.exception
    assert selected_marker(at) == {springfield}  # choosing it there selects it for "Which Springfield?"
    assert any("Chosen over Springfield" in c.value for c in at.caption)


def check_dashed(at, name: str) -> None:
    """Choose the dashed (uncertain) marker called ``name`` under "Check these places", and run."""
    dashed = [m for m in mapdata.markers(map_args(at)["feature_group"] or "") if "mv-uncertain" in m.icon]
    place = next(m.place_id for m in dashed if m.tooltip == name)
    check = next(c for c in at.button_group if "Check these places" in c.label)
    check.set_value([place] if isinstance(check.value, list) else place).run()


def test_a_place_chosen_against_what_the_story_says_is_listed_with_the_evidence_for_the_other():
    at = bring(new_app().run(), "A Kentucky doctor in France on a trip saw the attack in Paris on Thursday.")
    assert not at.exception
    check_dashed(at, "Paris")
    assert not at.exception
    why = next(c.value for c in at.caption if "Chosen over Paris" in c.value)
    assert "points rather to Paris" in why and "its province or state is named in the text" in why


def test_the_only_town_of_its_name_is_dashed_when_nothing_points_to_it_and_says_why():
    at = bring(
        new_app().run(),
        "The shootout with militants took place at Dora village some 50 kilometers south of Srinagar in Kashmir.",
    )
    assert not at.exception
    check_dashed(at, "Dora")
    assert not at.exception
    assert any("The only place of this name" in c.value for c in at.caption)
    assert any(e.label == "Which Dora? (0 other candidates)" for e in at.expander)


def test_the_outlets_home_field_is_used_for_a_pasted_article():
    at = new_app().run()
    at.text_input(key="bring_home").input("Atlanta, Georgia, US")
    at = bring(at, "City officials in Columbus said the road would reopen on Friday.")
    assert not at.exception
    marker = next(m for m in mapdata.markers(map_args(at)["feature_group"] or "") if m.tooltip == "Columbus")
    assert 32 < marker.lat < 33  # Columbus, Georgia, not Ohio


def test_the_events_table_says_where_a_village_on_no_map_is_and_an_airport_is_a_pin():
    text = (
        "BEIJING - A landslide hit the village of Xinmo on Saturday, burying 40 homes, officials in Sichuan "
        "province said. Flights were cancelled at Heathrow on Sunday after a fire broke out there."
    )
    at = bring(new_app().run(), text)
    assert not at.exception
    at.session_state["panel_mode"] = "events"
    at.run()
    table = at.dataframe[0].value
    assert "Xinmo (not on the map)" in set(table["Where"])
    assert "London Heathrow Airport" in marker_names(at)


def test_names_the_map_cannot_place_are_said_not_hidden():
    text = (
        "BEIJING - A landslide hit the village of Xinmo on Saturday, burying 40 homes, officials in Sichuan "
        "province said. Rescuers from Chengdu arrived."
    )
    at = bring(new_app().run(), text)
    assert not at.exception
    said = [c.value for c in at.caption if c.value.startswith("Named but not on the map")]
    assert said == [
        "Named but not on the map: Xinmo (not in the offline gazetteer, or the text does not say where they are)."
    ]
    # the bundled article places every name it has
    at = new_app().run()
    assert not [c.value for c in at.caption if c.value.startswith("Named but not on the map")]


def test_show_all_visible_places_frames_them_all_not_the_place_selected_before():
    import math

    from mapview.settings import MAP_HEIGHT_PX

    def pixel(lat, lon, zoom):
        scale = 256 * 2**zoom
        y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
        return (lon + 180) / 360 * scale, (1 - y / math.pi) / 2 * scale

    at = new_app(parties=None).run()
    at.selectbox(key="panel_place").select("geonames:112931").run()
    assert map_args(at)["zoom"] == 8  # zoomed on Tehran
    at.button[[b.label for b in at.button].index("Show all visible places")].click().run()
    args = map_args(at)
    assert at.session_state["place"] is None and args["zoom"] < 8
    # Tehran and the three border districts all fall inside a map of the page's size
    cx, cy = pixel(*args["center"], args["zoom"])
    for lat, lon in [(35.69439, 51.42151), (40.52393, 46.08186), (40.10984, 46.04446), (39.63742, 46.54977)]:
        x, y = pixel(lat, lon, args["zoom"])
        assert abs(x - cx) < 540 / 2 and abs(y - cy) < MAP_HEIGHT_PX / 2, (lat, lon)


def test_the_uploader_and_its_caption_give_one_limit(default_app):
    uploader = default_app.get("file_uploader")[0].proto
    caption = next(c.value for c in default_app.caption if "per file" in c.value)
    assert uploader.max_upload_size_mb == 2 and "2 MB per file" in caption


def test_the_events_table_is_as_tall_as_its_rows_and_its_columns_fit_under_the_map(monkeypatch):
    import streamlit

    from mapview.web.widgets import EVENT_COLUMN_PX, HEADER_PX, ROW_PX, table_height

    asked: list[dict] = []
    real = streamlit.dataframe
    monkeypatch.setattr(streamlit, "dataframe", lambda data, **kw: (asked.append(kw), real(data, **kw))[1])
    at = new_app(parties=None).run()
    at.segmented_control(key="panel_mode").set_value("events").run()
    assert not at.exception and at.dataframe
    rows = int(next(c.value for c in at.caption if "in the table below" in c.value).split()[0])
    kw = asked[-1]
    # never taller than its rows (no empty rows, no grey box of the default height while it loads)
    assert kw["height"] == table_height(rows) <= HEADER_PX + ROW_PX * rows + 2
    assert list(kw["column_order"])[:3] == ["Type", "Where", "Casualties claimed"]
    fixed = [w for w in EVENT_COLUMN_PX.values() if isinstance(w, int)]
    assert sum(fixed) <= 900  # beside the sentence, every column shows whole at 1366 px (the page is ~900)


def test_a_link_to_one_event_selects_and_frames_its_places_and_shows_its_sentence(doc):
    import math

    from mapview.settings import MAP_HEIGHT_PX
    from mapview.web.view import event_key

    account = next(e for e in doc.events if e.type == "armed_clash" and e.reported_by == "Azerbaijan")
    key = event_key(account)
    # the popups and the events table link to each event, by a key that is the text's own
    at = new_app(parties=None).run()
    assert f"event={key}" in map_args(at)["feature_group"]
    at = new_app(parties=None, event=key).run()
    assert not at.exception
    districts = {"district:AZ-DAS", "district:AZ-KAL", "district:AZ-LAC"}
    assert districts <= set(account.location_ids) and at.session_state["place"] in account.location_ids
    assert "Azerbaijan offered a completely different account" in "".join(
        h.proto.body for h in at.get("html") if "mv-event-focus" in h.proto.body
    )
    assert params(at)["event"] == key
    # all its places inside the map (as the first view frames, a map of about the page's size)
    args = map_args(at)

    def pixel(lat, lon, zoom):
        y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
        return (lon + 180) / 360 * 256 * 2**zoom, (1 - y / math.pi) / 2 * 256 * 2**zoom

    cx, cy = pixel(*args["center"], args["zoom"])
    for pid in account.location_ids:
        p = doc.places_by_id[pid]
        x, y = pixel(p.lat, p.lon, args["zoom"])
        assert abs(x - cx) < 270 and abs(y - cy) < MAP_HEIGHT_PX / 2, p.label
    # choosing another place is the reader's own view again: the event leaves the link
    at.selectbox(key="panel_place").select("geonames:112931").run()
    assert "event" not in params(at)
    # a link to an event the text does not have is a notice, never an error
    at = new_app(parties=None, event="99999-armed_clash").run()
    assert not at.exception and any("unknown event" in c.value for c in at.caption)
