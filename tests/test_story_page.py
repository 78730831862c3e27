"""The collection view of the page (AppTest) and its pure parts (mapview.web.collection): counts, filters,
deep links in and out, hostile links, the timeline's brush, the claims of one place."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from mapview.store.database import CollectionInfo, open_store
from mapview.store.ingest import ingest
from mapview.web import collection as story
from mapview.web import collection_page as story_page

APP = str(ROOT / "app.py")
STORY = Path(__file__).parent / "story" / "caucasus.jsonl"


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """A collection "caucasus" of the four articles of tests/story, in a database of its own."""
    url = f"sqlite:///{tmp_path_factory.mktemp('story') / 'story.sqlite'}"
    report = ingest(STORY, open_store(url), "caucasus", workers=0, progress=False)
    assert report.written == 4 and not report.failed
    return url


@pytest.fixture
def page(database, monkeypatch):
    monkeypatch.setenv("MAPVIEW_DATABASE_URL", database)

    def run(*, whole: bool = True, **params) -> AppTest:
        """The page of a link; ``whole``: and its second run, which a new reader's browser asks
        for a moment after the map (the timeline and the table)."""
        at = AppTest.from_file(APP, default_timeout=90)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        return at.run() if whole else at

    return run


def text(at: AppTest) -> str:
    captions = "\n".join(c.value for c in at.caption).replace("\\", "")  # Markdown-escaped
    return "\n".join(e.proto.body for e in at.get("html")) + "\n" + captions


def map_data(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    script = json.loads(component.proto.json_args)["feature_group"]
    return json.loads(re.search(r"var data = (\{.*?\});\n", script).group(1))


def params(at: AppTest) -> dict:
    return {k: at.query_params.get(k) for k in at.query_params}


def test_a_collection_link_shows_every_article_on_one_map(page):
    at = page(collection="caucasus")
    assert not at.exception
    body = text(at)
    assert "4 articles from 3 outlets" in body
    assert "This view: 5 events in 3 articles from 2 outlets" in body
    names = {r[2] for r in map_data(at)["rows"]}
    assert names == {"Jermuk", "Kalbajar District", "Dashkasan District", "Lachin District"}
    assert at.sidebar.selectbox(key="story_switch").value == "caucasus"
    assert at.sidebar.multiselect(key="story_outlets").value == []  # none chosen: every outlet
    assert params(at) == {"collection": "caucasus"}


def test_a_new_reader_gets_the_map_first_then_the_filters_timeline_and_table(page):
    at = page(collection="caucasus", whole=False)
    assert not at.exception
    assert not at.get("vega_lite_chart") and not at.dataframe and not at.sidebar.multiselect
    assert "The timeline follows the map" in text(at)
    assert "The list of places follows the map" in text(at)
    rows = map_data(at)["rows"]
    at.run()  # the run the page's timer asks for
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 1 and len(at.dataframe) == 1 and len(at.sidebar.multiselect) == 2
    assert "follows the map" not in text(at)
    assert map_data(at)["rows"] == rows  # the same map, not drawn again differently
    at.sidebar.toggle(key="story_parties").set_value(True).run()
    assert len(at.get("vega_lite_chart")) == 1  # whole from then on


def test_option_labels_are_plain_text(page):
    at = page(collection="caucasus")
    outlets = at.sidebar.multiselect(key="story_outlets").options
    assert "Armenpress (2)" in outlets and not any("\\" in o for o in outlets)


def test_filters_narrow_the_map_and_go_into_the_link(page):
    at = page(collection="caucasus")
    at.sidebar.multiselect(key="story_types").set_value(["shelling_strike"]).run()
    assert {r[2] for r in map_data(at)["rows"]} == {"Jermuk"}
    assert params(at)["type"] == "shelling_strike"
    at.sidebar.multiselect(key="story_types").set_value(["armed_clash", "shelling_strike"]).run()
    at.sidebar.multiselect(key="story_outlets").set_value(["Trend"]).run()
    assert {r[2] for r in map_data(at)["rows"]} == {"Kalbajar District", "Dashkasan District", "Lachin District"}
    at.sidebar.slider(key="story_range").set_value((date(2022, 9, 20), date(2022, 9, 20))).run()
    assert not map_data(at)["rows"]
    assert "No event in this view says where it happened" in "\n".join(i.value for i in at.info)
    # a window open at the end (up to the latest day) stays open in the link: it follows the story
    assert {k: params(at).get(k) for k in ("from", "to", "outlet")} == {
        "from": "2022-09-20",
        "to": None,
        "outlet": "Trend",
    }


def test_a_deep_link_opens_the_exact_view(page):
    at = page(collection="caucasus", **{"from": "2022-09-20"}, outlet="Armenpress", parties="1")
    assert at.sidebar.slider(key="story_range").value == (date(2022, 9, 20), date(2022, 9, 20))
    assert at.sidebar.multiselect(key="story_outlets").value == ["Armenpress"]
    assert at.sidebar.toggle(key="story_parties").value is True
    names = {r[2] for r in map_data(at)["rows"]}
    assert "Jermuk" in names and "Yerevan" in names  # the dateline is where it was reported from
    assert "This view: 2 events in 1 article from 1 outlet" in text(at)


def test_a_selected_place_lists_every_outlets_claim(page):
    at = page(collection="caucasus", place="district:AZ-KAL")
    assert map_data(at)["selected"] >= 0
    (table,) = [d for d in at.dataframe if "Fatalities claimed" in d.value.columns]
    claims = set(zip(table.value["Outlet"], table.value["Fatalities claimed"]))
    assert ("Armenpress", "49 Armenian soldiers killed") in claims
    assert ("Trend", "Fifty Azerbaijani servicemen killed") in claims
    assert set(table.value["Event"]) == {"Armed clash"}


def test_hostile_links_get_notices_never_a_traceback(page):
    at = page(
        collection="caucasus",
        **{"from": "<script>", "to": "2022-13-45"},
        type="<img src=x>",
        outlet=["x" * 500, "Nobody"],
        parties="maybe",
        place="javascript:alert(1)",
    )
    assert not at.exception
    body = text(at)
    for notice in (
        "malformed 'from' date",
        "malformed 'to' date",
        "unknown event type",
        "over-long 'outlet'",
        "unknown outlet 'Nobody'",
        "malformed parties",
        "is not in this view",
    ):
        assert notice in body, notice
    assert len(map_data(at)["rows"]) == 4  # everything, as if the link had asked for nothing


def test_outlets_none_chosen_means_every_outlet(page):
    at = page(collection="caucasus", outlet="Trend")
    assert "This view: 2 events in 1 article from 1 outlet" in text(at)
    at.sidebar.multiselect(key="story_outlets").set_value([]).run()
    assert "This view: 5 events in 3 articles from 2 outlets" in text(at)
    assert "outlet" not in params(at)
    at = page(collection="caucasus", outlet="none")  # a link's empty choice
    assert "the link chose no outlet: showing every outlet" in text(at)
    assert "This view: 5 events in 3 articles from 2 outlets" in text(at)


def test_an_unknown_collection_opens_the_single_article(page):
    at = page(collection="nope", whole=False)  # the single-article page
    assert not at.exception
    assert "unknown collection 'nope'" in "\n".join(c.value for c in at.caption)
    assert at.query_params.get("article")


def test_the_sidebar_switches_between_the_article_and_the_collection(page):
    at = page()
    assert at.sidebar.selectbox(key="story_switch").value is None
    at.sidebar.selectbox(key="story_switch").set_value("caucasus").run()
    assert params(at).get("collection") == "caucasus"
    assert "Collection: caucasus" in text(at)
    at.sidebar.selectbox(key="story_switch").set_value(None).run()
    assert "collection" not in params(at) and at.query_params.get("article")


def test_no_database_means_no_collections_and_none_is_created(tmp_path, monkeypatch):
    monkeypatch.delenv("MAPVIEW_DATABASE_URL", raising=False)
    monkeypatch.setenv("MAPVIEW_STATE_DIR", str(tmp_path))
    assert story_page.open_collections() == (None, "", (), None)
    assert not (tmp_path / "mapview.sqlite").exists()


def test_a_brushed_range_becomes_the_time_window():
    info = CollectionInfo("c", 4, 3, 10, date(2022, 9, 13), date(2022, 9, 20))
    # each day's bar spans its day: a brush from the 14th's start to the 16th's start covers two days
    state = {"story_timeline": {"selection": {"brush": {"yearmonthdate_Day": [1663113600000, 1663286400000]}}}}
    story_page._on_brush(state, info)
    assert state["story_range"] == (date(2022, 9, 14), date(2022, 9, 15))
    # a day is in the window when the brush covers most of it: 13th 18:00 to 16th 06:00
    hour = 3_600_000
    state = {"story_timeline": {"selection": {"brush": {"x": [1663027200000 + 18 * hour, 1663286400000 + 6 * hour]}}}}
    story_page._on_brush(state, info)
    assert state["story_range"] == (date(2022, 9, 14), date(2022, 9, 15))
    # and the brush the chart draws back is that window, whole days
    _, _, brush = story_page.timeline_axes(info.first, info.last, state["story_range"])
    assert brush == [1663113600000, 1663286400000]
    state = {"story_timeline": {"selection": {"brush": {"yearmonthdate_Day": ["2022-01-01", "2023-01-01"]}}}}
    story_page._on_brush(state, info)  # clamped to the collection's span
    assert state["story_range"] == (date(2022, 9, 13), date(2022, 9, 20))
    state = {"story_timeline": {"selection": {"brush": {}}}}
    story_page._on_brush(state, info)  # a cleared brush changes nothing
    assert "story_range" not in state


def test_a_view_round_trips_through_its_link():
    info = CollectionInfo("c", 4, 3, 10, date(2022, 9, 13), date(2022, 9, 20))
    view = story.StoryView(
        "c", date(2022, 9, 14), date(2022, 9, 15), ("armed_clash",), ("A, the outlet",), True, "district:AZ-KAL"
    )
    query = {k: v if isinstance(v, list) else [v] for k, v in view.to_query().items()}
    again, notices = story.story_from_query(query, info, ("armed_clash", "appeal"), ("A, the outlet", "B"))
    assert again == view and not notices
    none, _ = story.story_from_query({"type": ["none"], "outlet": ["none"]}, info, ("armed_clash",), ("A",))
    assert (none.types, none.outlets) == ((), ())


def test_the_map_table_is_compact_and_the_page_escapes_it():
    from mapview.nlp.classify import Taxonomy
    from mapview.web.elements import safe_json

    taxonomy = Taxonomy().types
    place = {
        "id": "p1",
        "name": "</script><img src=x onerror=alert(1)>",
        "kind": "city",
        "lat": 40.0,
        "lon": 45.0,
        "events": 9,
        "reports": 3,
        "outlets": 2,
        "first": None,
        "last": None,
        "types": [("armed_clash", 9)],
    }
    account = {
        "day": date(2022, 9, 13),
        "day_basis": "event",
        "outlet": "<b>Outlet</b>",
        "title": "",
        "url": "",
        "type": "armed_clash",
        "reported_by": "",
        "when": "",
        "excerpt": "x" * 1000,
        "fatalities": [],
        "role": "location",
    }
    table = story.map_table([place], {"p1": [account] * 5}, taxonomy)
    row = table["rows"][0]
    assert len(row[10]) == story.POPUP_ACCOUNTS and len(row[10][0][4]) == story.POPUP_EXCERPT_CHARS
    assert table["outlets"] == ["<b>Outlet</b>"]  # escaped in the browser, where it becomes HTML
    assert "</script>" not in safe_json(table) and "<img" not in safe_json(table)
    assert story.radius(1) < story.radius(4) < story.radius(100) <= 22


def test_a_click_finds_its_marker_by_name_then_by_distance():
    places = [
        {"id": "a", "name": "Jermuk", "lat": 39.84, "lon": 45.67},
        {"id": "b", "name": "Goris", "lat": 39.51, "lon": 46.34},
        {"id": "c", "name": "Goris", "lat": 10.0, "lon": 10.0},
    ]
    # a circle marker reports the clicked point, a few pixels off its centre
    assert (
        story.place_from_click({"lat": 39.86, "lng": 45.70}, "Jermuk · 3 events · 2 reports · 1 outlet", places) == "a"
    )
    assert story.place_from_click({"lat": 39.6, "lng": 46.2}, "Goris · 1 event", places) == "b"
    assert story.place_from_click({"lat": 39.86, "lng": 45.70}, None, places) == "a"
    assert story.place_from_click({"lat": 0.0, "lng": 0.0}, None, places) is None
    assert story.place_from_click({"lat": "x", "lng": 1}, None, places) is None
    assert story.place_from_click(None, "Jermuk", places) is None


def test_an_editor_adds_the_article_on_the_page_to_a_collection_and_a_reader_cannot(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'editors.sqlite'}"
    monkeypatch.setenv("MAPVIEW_DATABASE_URL", url)
    monkeypatch.setenv("MAPVIEW_SHARED_CORRECTIONS", "true")
    monkeypatch.setenv("MAPVIEW_EDITORS", "editor@example.com")
    # (AppTest can choose only an existing option: the collection exists, with the four of tests/story)
    ingest(STORY, open_store(url), "caucasus", workers=0, progress=False)
    reader = AppTest.from_file(APP, default_timeout=90).run()
    assert not [b for b in reader.button if b.label == "Add to collection"]  # not logged in as an editor

    from mapview.web import session

    monkeypatch.setattr(session, "editor_of", lambda cfg, user: "editor@example.com")
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert at.sidebar.button(key="add_go").disabled  # until a collection is chosen
    at.sidebar.selectbox(key="add_collection").set_value("caucasus").run()
    at.sidebar.button(key="add_go").click().run()
    assert not at.exception
    assert "Added to caucasus" in "\n".join(c.value for c in at.sidebar.caption).replace("\\", "")
    info = open_store(url).info("caucasus")
    assert (info.articles, info.outlets) == (5, 3)  # the Mehr article joins the Mehr News Agency's other one
    at.sidebar.selectbox(key="add_collection").set_value("caucasus").run()
    at.sidebar.button(key="add_go").click().run()  # again: the same article, not a second copy
    assert open_store(url).info("caucasus").articles == 5


def test_with_a_database_the_page_keeps_editors_corrections_in_it_for_every_replica(tmp_path, monkeypatch):
    import streamlit as st
    from sqlalchemy import select

    from mapview.model.place import NOT_A_PLACE
    from mapview.store.corrections import DatabaseOverrideBook
    from mapview.store.models import CorrectionRow
    from mapview.web import session
    from mapview.web.shared import corrections_book

    url = f"sqlite:///{tmp_path / 'replicas.sqlite'}"
    monkeypatch.setenv("MAPVIEW_DATABASE_URL", url)
    monkeypatch.setenv("MAPVIEW_SHARED_CORRECTIONS", "true")
    monkeypatch.setenv("MAPVIEW_EDITORS", "editor@example.com")
    monkeypatch.setattr(session, "editor_of", lambda cfg, user: "editor@example.com")
    assert isinstance(corrections_book(), DatabaseOverrideBook)
    st.cache_resource.clear()  # the page's shared objects, built again under these settings
    try:
        at = AppTest.from_file(APP, default_timeout=90)
        at.query_params["place"] = "geonames:112931"
        at.query_params["parties"] = "1"
        at.run()
        at.radio(key="fix_geonames:112931").set_value(NOT_A_PLACE.id).run()
        save = [b for b in at.button if b.label.startswith("Save the correction")]
        assert save, "an editor is offered the save"
        save[0].click().run()
        assert not at.exception
        with open_store(url).engine.connect() as conn:
            saved = conn.execute(select(CorrectionRow.query, CorrectionRow.editor)).all()
        assert saved == [("tehran", "editor editor@example.com")]
        # another replica on the same database: its own book, reading the same rows
        other = DatabaseOverrideBook(lambda: open_store(url), tmp_path / "none.csv", refresh_seconds=0)
        assert [k[1] for k in other.current()[1].entries] == ["tehran"]
    finally:
        st.cache_resource.clear()


def test_the_timeline_counts_whole_events_one_tick_a_day_and_one_day_is_one_bar(page):
    at = page(collection="caucasus", outlet="Armenpress")
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    x, y = spec["encoding"]["x"], spec["encoding"]["y"]
    assert y["axis"]["tickMinStep"] == 1 and y["axis"]["format"] == "d"  # no 0.5 events
    assert x["axis"]["tickCount"] == {"interval": "day", "step": 1}  # no day twice
    low, high = (datetime.fromisoformat(v) for v in x["scale"]["domain"])
    assert (high - low).total_seconds() >= 2 * 86_400  # a lone day is one bar, not the whole chart


def test_the_sidebars_counts_are_the_legends_and_follow_the_outlet_filter(page):
    at = page(collection="caucasus")
    everyone = at.sidebar.multiselect(key="story_types").options
    at.sidebar.multiselect(key="story_outlets").set_value(["Trend"]).run()
    trend = at.sidebar.multiselect(key="story_types").options
    assert trend != everyone  # the counts follow the outlet filter
    legend = re.findall(r"</i>([^<]+) <small>\((\d+)\)</small>", map_legend(at))
    for label, n in legend:
        assert f"{label} ({n})" in trend, (label, n, trend)
    assert "1 articles" not in text(at) and "1 outlets" not in text(at)


def map_legend(at: AppTest) -> str:
    (component,) = at.get("component_instance")
    script = json.loads(component.proto.json_args)["feature_group"]
    return json.loads(re.search(r"d\.innerHTML = (\".*?\");", script).group(1))


def test_the_accounts_table_puts_the_claims_side_by_side_first_and_is_as_tall_as_its_rows(page, monkeypatch):
    import streamlit

    from mapview.web.widgets import table_height

    asked: list[tuple] = []
    real = streamlit.dataframe
    monkeypatch.setattr(streamlit, "dataframe", lambda data, **kw: (asked.append((data, kw)), real(data, **kw))[1])
    at = page(collection="caucasus", place="district:AZ-KAL")
    assert not at.exception
    data, kw = asked[-1]
    assert kw["height"] == table_height(len(data))
    first = list(kw["column_order"])[:3]
    assert first == ["Day", "Outlet", "Fatalities claimed"]
    # those three fit the panel beside the map (about 360 px at 1366): no scrolling sideways to the figures
    assert sum(story_page.CLAIM_COLUMN_PX[c] for c in first) <= 360


def test_the_brush_drawn_on_the_timeline_is_the_window_applied(page):
    at = page(collection="caucasus", **{"from": "2022-09-16"})
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    (brush,) = [p for p in spec["params"] if p["name"] == "brush"]
    # whole days: from the 16th's start to the end of the last day (the 20th)
    assert brush["value"] == {"x": ["2022-09-16T00:00:00", "2022-09-21T00:00:00"]}
