"""Hostile input and failing services: nothing breaks, nothing leaks, nothing is lost."""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
import sys

import pytest
from conftest import ROOT
from hostile import PAYLOADS, hostile_article
from nominatim_server import FakeNominatim, nominatim_place
from streamlit.testing.v1 import AppTest

from mapview import article_from_text
from mapview.export.csv import to_csv
from mapview.export.geojson import to_geojson
from mapview.geo.geocode import GeocodeCache, GeocoderChain, cache_key, online_geocoder
from mapview.model.place import CacheEntry, PlaceRecord

APP = str(ROOT / "app.py")
RAW_MARKUP = ("<script", "<img", "<svg", 'href="javascript', "href='javascript", "<a href=x")


def html_bodies(at: AppTest) -> list[str]:
    return [e.proto.body for e in at.get("html")]


def component_js(at: AppTest) -> str:
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    return (args["script"] or "") + (args["feature_group"] or "")


@pytest.fixture
def hostile_app(tmp_path, monkeypatch, geoparser):
    """The page on a bundled folder holding one hostile article, with a hostile cache entry too."""
    import streamlit as st

    import mapview.paths

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "hostile.txt").write_text(hostile_article(), encoding="utf-8")
    title = PAYLOADS[1].replace('"', "'")
    (folder / "hostile.toml").write_text(
        f'title = "{title}"\nsource = "{PAYLOADS[0]}"\n'
        f'licence_url = "javascript:alert(1)"\nlicence = "{PAYLOADS[3].replace(chr(34), "")}"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(mapview.paths, "ARTICLES_DIR", folder)
    hostile_place = PlaceRecord(
        id="manual:lyon",
        name=PAYLOADS[4],
        kind="city",
        lat=45.76,
        lon=4.84,
        country_code="FR",
        source="manual",
        source_ref=PAYLOADS[2],
        note=PAYLOADS[5],
    )
    overrides = tmp_path / "o.csv"
    GeocodeCache(overrides).save({cache_key("Lyon", "hostile"): CacheEntry(hostile_place, "x")})
    monkeypatch.setattr(mapview.paths, "OVERRIDES", overrides)  # the page's shared corrections
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=120)
        at.query_params["parties"] = "1"  # every place the hostile text names, parties and mentions too
        yield at
    finally:
        st.cache_resource.clear()


def test_markup_from_articles_titles_sources_quotes_and_cache_entries_is_text(hostile_app):
    at = hostile_app.run()
    assert not at.exception
    for body in html_bodies(at):
        if "<style>" in body[:8]:
            continue
        lowered = body.lower()
        for raw in RAW_MARKUP:
            assert raw not in lowered, (raw, body[:300])
    page = "\n".join(html_bodies(at))
    assert "&lt;img src=x onerror=alert(&#x27;i1&#x27;)&gt;" in page  # shown, as text
    assert 'href="javascript' not in page  # a licence link that is not https:// is not a link
    js = component_js(at)
    # every popup and tooltip is a JSON string of escaped HTML: no raw "<img" etc. can reach the map
    for raw in ("\\u003cimg", "\\u003cscript", "\\u003csvg", "\\u003ca href"):
        assert raw not in js, raw
    assert "\\u0026lt;img src=x onerror" in js  # the hostile cache entry's name, escaped


def test_hostile_text_in_every_widget_label_and_panel(hostile_app):
    at = hostile_app.run()
    at.selectbox(key="panel_place").select("manual:lyon").run()
    assert not at.exception
    for body in html_bodies(at):
        assert "<img" not in body.lower() or body.startswith("<style>")


def test_downloads_keep_payloads_as_data(geoparser):
    doc = geoparser.parse(article_from_text(hostile_article()))
    frame = list(csv.DictReader(io.StringIO(to_csv(doc))))
    assert frame and all(not row["text"].startswith("=") for row in frame)
    data = json.loads(json.dumps(to_geojson(doc)))
    quotes = [q["text"] for f in data["features"] for q in f["properties"]["quotes"]]
    assert any(PAYLOADS[1] in q for q in quotes)  # data, unchanged: escaping is the viewer's job


# -- bad input: a message, never a traceback, and the page stays usable ---------------------------


def names_text(n: int) -> str:
    """A text naming ``n`` distinct towns (the benchmark's generator, so both use the same names)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from run import city_names

    return "Reports came from " + ", ".join(city_names(n)) + "."


def still_usable(at: AppTest) -> None:
    """The page still answers: a filter change and a return to the bundled article both work."""
    boxes = [cb for cb in at.sidebar.checkbox if cb.key.startswith(("type_", "kind_"))]
    if boxes:
        (boxes[0].uncheck() if boxes[0].value else boxes[0].check()).run()
        assert not at.exception
    at.sidebar.selectbox(key="article").select("mehr-armenia-azerbaijan-clashes").run()
    assert not at.exception
    assert json.loads(at.get("component_instance")[0].proto.json_args)["feature_group"].count("mv-marker") >= 1


@pytest.mark.parametrize(
    "text, outcome",
    [
        ("", "error:empty"),
        ("   \n\t  ", "error:empty"),
        ("... !!! ??? ;;", "error:no words"),
        ("x" * 5_000_000, "error:empty"),  # over the box's max_chars: the widget never takes it
        ('He said “this never ends, and "neither does this. Talks in Geneva went on.', "ok"),
        ("The board met and nothing else happened.", "warning:No places found"),
        ("\u202e\u200b" * 50 + " talks in Geneva", "ok"),
    ],
)
def test_bad_pastes(text, outcome):
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.text_area(key="bring_text").input(text)
    at.button(key="bring_go").click().run()
    assert not at.exception
    kind, _, message = outcome.partition(":")
    if kind == "error":
        assert any(message in e.value for e in at.error)
    elif kind == "warning":
        assert any(message in w.value for w in at.warning)
    still_usable(at)


def test_a_text_naming_5000_places_is_mapped_and_the_page_stays_usable():
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params["parties"] = "1"  # a list of names reports no event: the switch shows them all
    at.run()
    at.text_area(key="bring_text").input(names_text(5000))
    at.button(key="bring_go").click().run()
    assert not at.exception
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    rows = args["feature_group"].count('"geonames:')
    assert rows > 4000  # one compact row per town, not one marker object
    assert len(at.get("component_instance")[0].proto.json_args) < 2_000_000
    still_usable(at)


@pytest.mark.parametrize(
    "query",
    [
        {"article": "\x00\x01"},
        {"type": "%00"},
        {"place": "geonames:" + "9" * 500},
        {"view": "nan,nan,5"},
        {"view": "1e400,0,3"},
        {"kind": ["city"] * 500},
        {"article": ["a", "b", "c"]},
        {"zzz": "unknown parameter"},
    ],
)
def test_malformed_url_parameters(query):
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception
    still_usable(at)


# -- failing geocoders ----------------------------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_refused_connection_leaves_the_name_unresolved(geoparser, tmp_path):
    online = online_geocoder(
        "nominatim", domain=f"127.0.0.1:{_closed_port()}", scheme="http", timeout=1, min_delay_seconds=0.01
    )
    chain = GeocoderChain(geoparser.gazetteer, GeocodeCache.load(tmp_path / "c.csv"), online=online)
    r = chain.resolve("Smallville")
    assert r.place is None and "GeocoderUnavailable" in r.reason and r.cache_entry() is None
    # a name the offline gazetteer knows never needs the network
    assert chain.resolve("Yerevan").served_from == "gazetteer"


def test_429_retry_after_is_honoured(geoparser, tmp_path):
    with FakeNominatim() as server:
        server.mode = "429"
        online = online_geocoder("nominatim", domain=server.domain, scheme="http", timeout=1, min_delay_seconds=0.01)
        chain = GeocoderChain(geoparser.gazetteer, GeocodeCache.load(tmp_path / "c.csv"), online=online)
        first = chain.resolve("Smallville")
        assert first.place is None and "GeocoderRateLimited" in first.reason
        assert len(server.requests) == 1  # no retry into a 429
        second = chain.resolve("Othertown")
        assert second.place is None and "wait" in second.reason
        assert len(server.requests) == 1  # Retry-After: 1 s, so no request yet


def test_failed_online_lookups_write_nothing_to_the_cache(tmp_path):
    cache = tmp_path / "cache.csv"
    GeocodeCache(cache).save(
        {
            cache_key("keep"): CacheEntry(
                PlaceRecord(id="t:k", name="Keep", kind="city", lat=1.0, lon=2.0, source="manual", source_ref="t"), "x"
            )
        }
    )
    before = cache.read_bytes()
    with FakeNominatim() as server:
        for mode in ("500", "503", "malformed", "empty", "slow"):
            server.mode, server.delay = mode, 2.5
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "mapview.cli",
                    "geocode",
                    "Smallville",
                    "--online",
                    "--domain",
                    server.domain,
                    "--scheme",
                    "http",
                    "--timeout",
                    "1",
                    "--cache",
                    str(cache),
                    "--overrides",
                    str(tmp_path / "none.csv"),
                ],
                capture_output=True,
                text=True,
                cwd=ROOT,
                timeout=120,
            )
            assert result.returncode == 4, (mode, result.stderr)
            assert "Traceback" not in result.stderr and "nominatim" in result.stdout
            assert cache.read_bytes() == before, mode
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


@pytest.fixture
def online_app(monkeypatch):
    import streamlit as st

    with FakeNominatim() as server:
        monkeypatch.setenv("MAPVIEW_NOMINATIM_DOMAIN", server.domain)
        monkeypatch.setenv("MAPVIEW_NOMINATIM_SCHEME", "http")
        monkeypatch.setenv("MAPVIEW_ONLINE_MIN_DELAY", "0.05")
        monkeypatch.setenv("MAPVIEW_ONLINE_LOOKUPS_PER_SESSION", "2")
        st.cache_resource.clear()
        try:
            yield server, AppTest.from_file(APP, default_timeout=120)
        finally:
            st.cache_resource.clear()


def test_online_candidates_in_the_page_and_the_per_session_limit(online_app):
    server, at = online_app
    server.places["tehran"] = nominatim_place("Tehran", 35.7, 51.4, "IR")
    at.query_params["place"] = "geonames:112931"
    at.run()
    at.checkbox(key="online").check().run()
    at.button(key="online_geonames:112931").click().run()
    assert not at.exception
    assert any("1 candidate" in c.value for c in at.caption)
    assert any("nominatim" in o for o in at.radio(key="fix_geonames:112931").options)
    server.mode = "503"
    at.button(key="online_geonames:112931").click().run()
    assert any("No answer online" in c.value for c in at.caption)
    requests = len(server.requests)
    at.button(key="online_geonames:112931").click().run()  # the third lookup is over the session's limit
    assert any("used its 2 online lookups" in c.value for c in at.caption)
    assert len(server.requests) == requests
    still_usable(at)


# -- the cache never loses data ---------------------------------------------------------------------


def test_a_crash_while_writing_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "geocache.csv"
    record = PlaceRecord(id="t:a", name="A", kind="city", lat=1.0, lon=2.0, source="manual", source_ref="t")
    GeocodeCache(path).save({cache_key("a"): CacheEntry(record, "x")})
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        GeocodeCache.load(path).save({cache_key("b"): CacheEntry(record, "x")})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if not p.name.startswith(".geocache.csv.lock")] == ["geocache.csv"]
