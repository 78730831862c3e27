"""Limits that keep one reader from costing everyone: the parse pool's time budget and
cancellation, the server-wide online budget, and a bounded wait for an online lookup."""

from __future__ import annotations

import threading
import time

import pytest
from nominatim_server import FakeNominatim, nominatim_place

from mapview.errors import GeocoderBusy, ParseTimeout
from mapview.geo.budget import OnlineBudget
from mapview.geo.geocode import lookup_online, online_geocoder
from mapview.nlp.article import article_from_text
from mapview.web.workers import ParsePool, wait_for


@pytest.fixture(scope="module")
def pool():
    p = ParsePool(1)
    yield p
    p.close()


def test_a_long_parse_in_the_pool_gives_the_same_document(pool, geoparser, article):
    doc = wait_for(pool.submit(article), 120)
    assert [p.id for p in doc.places] == [p.id for p in geoparser.parse(article).places]


def test_a_parse_over_its_budget_is_stopped_and_the_pool_goes_on(pool, article):
    wait_for(pool.submit(article), 120)  # the worker is up
    long = article_from_text("Lachin and Yerevan. " * 15_000)
    future = pool.submit(long)
    with pytest.raises(ParseTimeout):
        wait_for(future, 0.3)
    assert future.cancelled()
    assert wait_for(pool.submit(article), 120).places  # a fresh worker took the dead one's place


def test_a_reader_who_leaves_stops_their_parse(pool, article):
    class Left(BaseException):  # what Streamlit raises in a script whose session has ended
        pass

    def tick(elapsed):
        raise Left

    future = pool.submit(article_from_text("Lachin and Yerevan. " * 15_000))
    with pytest.raises(Left):
        wait_for(future, 60, tick=tick, interval=0.05)
    assert future.cancelled()


def test_the_online_budget_is_per_server_per_hour_and_day_and_survives_a_restart(tmp_path):
    now = [1_000_000.0]
    budget = OnlineBudget(tmp_path / "b.sqlite", per_hour=3, per_day=5, clock=lambda: now[0])
    assert [budget.try_spend().allowed for _ in range(4)] == [True, True, True, False]
    assert "hour" in budget.try_spend().reason
    now[0] += 3601
    restarted = OnlineBudget(tmp_path / "b.sqlite", per_hour=3, per_day=5, clock=lambda: now[0])
    assert [restarted.try_spend().allowed for _ in range(3)] == [True, True, False]
    assert "today" in restarted.try_spend().reason
    now[0] += 86401
    assert restarted.try_spend().allowed and restarted.spent() == (1, 1)


def test_the_online_budget_holds_across_threads(tmp_path):
    budget = OnlineBudget(tmp_path / "b.sqlite", per_hour=25, per_day=100)
    allowed = []
    threads = [
        threading.Thread(target=lambda: allowed.extend(budget.try_spend().allowed for _ in range(10))) for _ in range(5)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(allowed) == 25


def test_a_lookup_waits_a_bounded_time_for_its_turn():
    with FakeNominatim() as server:
        server.places["smallville"] = nominatim_place("Smallville", 38.5, -97.1, "US")
        online = online_geocoder(
            "nominatim", domain=server.domain, scheme="http", timeout=2, min_delay_seconds=2.0, max_wait_seconds=0.5
        )
        assert lookup_online(online, "Smallville")[0].name == "Smallville"
        started = time.monotonic()
        with pytest.raises(GeocoderBusy, match="busy"):
            lookup_online(online, "Smallville")  # the next slot is 2 s away: more than it may wait
        assert time.monotonic() - started < 0.5 and len(server.requests) == 1


def test_a_bundled_article_that_cannot_be_read_in_time_gets_a_message_not_a_traceback(monkeypatch):
    import streamlit as st
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MAPVIEW_LONG_TEXT_CHARS", "1")  # every text goes to the worker pool ...
    monkeypatch.setenv("MAPVIEW_PARSE_BUDGET", "0")  # ... which has no time for it
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
        assert not at.exception
        assert any("could not be read" in e.value and "took longer than 0 s" in e.value for e in at.error)
    finally:
        st.cache_resource.clear()
