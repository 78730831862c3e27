"""The geocoder chain and its cache: offline by default, geopy's real HTTP path when asked."""

from __future__ import annotations

import csv
import multiprocessing
import os

import pytest
from nominatim_server import FakeNominatim, nominatim_place

from mapview.errors import CacheError
from mapview.geo.geocode import GeocodeCache, GeocoderChain, cache_key, online_geocoder
from mapview.geo.ranking import Context
from mapview.model.enums import Source
from mapview.model.place import CacheEntry, PlaceRecord


@pytest.fixture(scope="module")
def gazetteer(geoparser):
    return geoparser.gazetteer


def _record(name, lat=1.0, lon=2.0):
    return PlaceRecord(id=f"test:{name}", name=name, kind="city", lat=lat, lon=lon, source="manual", source_ref="test")


def test_committed_cache_holds_every_place_of_the_bundled_article(doc):
    from mapview.paths import SEED_GEOCACHE

    cache = GeocodeCache.load(SEED_GEOCACHE)
    assert not cache.problems
    for m in doc.mentions:
        assert cache.get(m.query, doc.article.id) is not None, m.query
    assert {p.served_from for p in doc.places} == {"cache"}


def test_a_row_for_one_article_does_not_leak_into_others(gazetteer, tmp_path):
    london_on = PlaceRecord(
        id="geonames:6058560",
        name="London",
        kind="city",
        lat=42.98,
        lon=-81.23,
        country_code="CA",
        source="manual",
        source_ref="test",
    )
    cache = GeocodeCache(tmp_path / "c.csv", {cache_key("London", "ontario-story"): CacheEntry(london_on, "x")})
    chain = GeocoderChain(gazetteer, cache)
    assert chain.resolve("London", context=Context(article="ontario-story")).place.country_code == "CA"
    assert chain.resolve("London", context=Context(article="other")).place.country_code == "GB"


def test_chain_order_override_then_cache_then_gazetteer(gazetteer, tmp_path):
    cache = GeocodeCache(tmp_path / "c.csv", {cache_key("lachin"): CacheEntry(_record("Cached Lachin"), "2026-01-01")})
    overrides = GeocodeCache(tmp_path / "o.csv", {})
    chain = GeocoderChain(gazetteer, cache, overrides)
    assert chain.resolve("Lachin").served_from == "cache"
    assert chain.resolve("Lachin", refresh=True).place.id == "district:AZ-LAC"
    overrides.entries[cache_key("lachin")] = CacheEntry(_record("Manual Lachin", 39.6, 46.5), "2026-02-02")
    r = chain.resolve("Lachin")
    assert (r.served_from, r.place.name) == ("override", "Manual Lachin")
    assert chain.resolve("Yerevan").served_from == "gazetteer"
    r = chain.resolve("Qwertyville")
    assert r.place is None and "online lookup is off" in r.reason


def test_cache_write_is_atomic_merged_and_keeps_provenance(tmp_path, gazetteer):
    path = tmp_path / "geocache.csv"
    chain = GeocoderChain(gazetteer, GeocodeCache.load(path))
    new = dict(chain.resolve(name).cache_entry() for name in ("Yerevan", "Baku"))
    assert chain.cache.save(new) == 2
    # another writer adds a row meanwhile; ours must not drop it
    other = GeocodeCache.load(path)
    other.save({cache_key("tbilisi"): CacheEntry(_record("Tbilisi"), "2026-03-03")})
    chain2 = GeocoderChain(gazetteer, GeocodeCache.load(path))
    assert chain2.cache.save(dict([chain2.resolve("Dashkasan").cache_entry()])) == 4
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    assert {r["query"] for r in rows} == {"yerevan", "baku", "tbilisi", "dashkasan"}
    assert {r["context"] for r in rows} == {""}
    yerevan = next(r for r in rows if r["query"] == "yerevan")
    assert yerevan["source"] == "gazetteer:geonames" and yerevan["source_ref"] == "geonames:616052"
    assert yerevan["retrieved"]
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def _writer(path, k):
    cache = GeocodeCache.load(path)
    for i in range(5):
        cache.save({cache_key(f"place-{k}-{i}"): CacheEntry(_record(f"P{k}-{i}"), "2026-01-01")})


def test_concurrent_writers_lose_nothing(tmp_path):
    path = tmp_path / "geocache.csv"
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(path, k)) for k in range(8)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    assert len(GeocodeCache.load(path).entries) == 40


def test_corrupted_cache_is_reported_used_and_never_shrunk(tmp_path):
    path = tmp_path / "geocache.csv"
    GeocodeCache(path).save(
        {cache_key("a"): CacheEntry(_record("A"), "x"), cache_key("b"): CacheEntry(_record("B"), "x")}
    )
    lines = path.read_text().splitlines()
    lines.insert(2, "broken,row,with,lat,not-a-number,xx")
    path.write_text("\n".join(lines) + "\n")
    before = path.read_bytes()
    cache = GeocodeCache.load(path)
    assert set(cache.entries) == {cache_key("a"), cache_key("b")}
    assert len(cache.problems) == 1 and f"{path}:3:" in cache.problems[0]
    with pytest.raises(CacheError, match="unreadable"):
        cache.save({cache_key("c"): CacheEntry(_record("C"), "x")})
    assert path.read_bytes() == before


def test_truncated_cache_keeps_good_rows(tmp_path):
    path = tmp_path / "geocache.csv"
    GeocodeCache(path).save({cache_key(k): CacheEntry(_record(k.upper()), "x") for k in "abc"})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 30])  # cut the last row in half
    cache = GeocodeCache.load(path)
    assert {cache_key("a"), cache_key("b")} <= set(cache.entries) and len(cache.problems) == 1


def test_online_geocoding_through_geopys_http_path(gazetteer, tmp_path):
    with FakeNominatim() as server:
        server.places["smallville"] = nominatim_place("Smallville", 38.5, -97.1, "US")
        online = online_geocoder("nominatim", domain=server.domain, scheme="http", timeout=2, min_delay_seconds=0.01)
        chain = GeocoderChain(gazetteer, GeocodeCache.load(tmp_path / "c.csv"), online=online)
        r = chain.resolve("Smallville")
        assert r.served_from == "online" and (r.place.source, r.place.provider) == (Source.ONLINE, "nominatim")
        assert (r.place.lat, r.place.lon, r.place.country_code) == (38.5, -97.1, "US")
        assert server.requests[-1]["path"] == "/search" and "mapview" in server.requests[-1]["user_agent"]
        # the gazetteer answers first: no request for a name it knows
        n = len(server.requests)
        assert chain.resolve("Yerevan").served_from == "gazetteer" and len(server.requests) == n
        server.mode = "empty"
        failed = chain.resolve("Nowhereville")
        assert "found nothing" in failed.reason and failed.cache_entry() is None
        chain.cache.save(dict([r.cache_entry()]))
    assert GeocodeCache.load(tmp_path / "c.csv").get("Smallville").place.source_text == "online:nominatim"


@pytest.mark.parametrize("mode", ["slow", "500", "503", "429", "malformed"])
def test_online_failures_leave_the_name_unresolved_with_a_reason(gazetteer, tmp_path, mode):
    with FakeNominatim() as server:
        server.mode, server.delay = mode, 1.5
        online = online_geocoder(
            "nominatim", domain=server.domain, scheme="http", timeout=0.5, min_delay_seconds=0.01, max_retries=1
        )
        chain = GeocoderChain(gazetteer, GeocodeCache.load(tmp_path / "c.csv"), online=online)
        r = chain.resolve("Smallville")
        assert r.place is None and r.reason.startswith("nominatim")
        assert len(server.requests) <= 2  # bounded retries
        assert r.cache_entry() is None
