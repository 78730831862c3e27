"""Limits that keep one reader from costing everyone: the parse pool's time budget and
cancellation, the server-wide online budget, and a bounded wait for an online lookup."""

from __future__ import annotations

import os
import threading
import time

import pytest
from nominatim_server import FakeNominatim, nominatim_place

from mapview.errors import GeocoderBusy, ParseTimeout
from mapview.geo.budget import OnlineBudget
from mapview.geo.geocode import lookup_online, online_geocoder
from mapview.nlp.article import article_from_text
from mapview.web.workers import ParsePool, parse_in_pool, wait_for


@pytest.fixture(scope="module")
def pool():
    p = ParsePool(1)
    yield p
    p.close()


@pytest.fixture
def bare():
    """A pool whose workers load nothing: for the queue's own behaviour, with sleeps for parses."""
    p = ParsePool(1, initializer=None)
    yield p
    p.close()


def test_a_long_parse_in_the_pool_gives_the_same_document(pool, geoparser, article):
    doc = parse_in_pool(pool, article, {}, None, 120)
    assert [p.id for p in doc.places] == [p.id for p in geoparser.parse(article).places]


def test_a_parse_over_its_budget_is_stopped_and_the_pool_goes_on(pool, article):
    parse_in_pool(pool, article, {}, None, 120)  # the worker is up
    long = article_from_text("Lachin and Yerevan. " * 15_000)
    ticket = pool.submit(long, budget_seconds=0.3)
    with pytest.raises(TimeoutError):
        wait_for(pool, ticket)
    with pytest.raises(ParseTimeout, match="longer than 0 s"):
        parse_in_pool(pool, long, {}, None, 0.3)
    assert parse_in_pool(pool, article, {}, None, 120).places  # a fresh worker took the dead one's place


def test_a_reader_who_leaves_stops_their_parse(pool, article):
    class Left(BaseException):  # what Streamlit raises in a script whose session has ended
        pass

    def tick(ahead, running):
        raise Left

    ticket = pool.submit(article_from_text("Lachin and Yerevan. " * 15_000), budget_seconds=60)
    with pytest.raises(Left):
        wait_for(pool, ticket, tick=tick, interval=0.05)
    assert ticket.future.cancelled()


def test_the_budget_counts_the_parse_not_the_time_in_the_queue(bare):
    first = bare.schedule(time.sleep, (1.5,), lane="long", budget_seconds=10)
    second = bare.schedule(time.sleep, (0.5,), lane="long", budget_seconds=1.0)  # waits 1.5 s, runs 0.5 s
    seen = []
    assert wait_for(bare, second, tick=lambda ahead, running: seen.append(ahead), interval=0.05) is None
    assert first.future.done() and 1 in seen and seen[-1] == 0  # it was told its place, then ran


def test_readers_see_their_place_in_the_queue(bare):
    running = bare.schedule(time.sleep, (1.0,), lane="long", budget_seconds=10)
    queued = [bare.schedule(time.sleep, (0.1,), lane="long", budget_seconds=10) for _ in range(3)]
    wait_for_running(running)
    assert [bare.ahead_of(t) for t in queued] == [0, 1, 2]
    for t in queued:
        wait_for(bare, t)
    assert bare.ahead_of(queued[-1]) == 0


def test_a_new_parse_of_a_session_cancels_its_previous_one(bare):
    old = bare.schedule(time.sleep, (30,), lane="long", budget_seconds=60, owner="session-1")
    wait_for_running(old)
    other = bare.schedule(time.sleep, (0.2,), lane="short", budget_seconds=60, owner="session-2")
    new = bare.schedule(time.sleep, (0.2,), lane="long", budget_seconds=60, owner="session-1")
    assert old.future.cancelled()
    assert wait_for(bare, new) is None and wait_for(bare, other) is None  # another session's stays


def test_ordinary_texts_never_wait_behind_long_ones(bare):
    hostile = [bare.schedule(time.sleep, (30,), lane="long", budget_seconds=60, owner=f"tab-{n}") for n in range(6)]
    ordinary = bare.schedule(time.sleep, (0.1,), lane=bare.lane_of(25_000), budget_seconds=60)
    assert wait_for(bare, ordinary) is None
    assert not any(t.future.done() for t in hostile)  # read while the first long one still runs
    assert bare.lane_of(25_000) == "short" and bare.lane_of(299_029) == "long"
    for t in hostile:
        bare.release(t)


def test_the_long_lane_runs_at_a_lower_priority_than_the_ordinary_lane(bare):
    base = os.nice(0)
    long = wait_for(bare, bare.schedule(os.nice, (0,), lane="long", budget_seconds=60))
    short = wait_for(bare, bare.schedule(os.nice, (0,), lane="short", budget_seconds=60))
    assert (long, short) == (min(base + bare.long_nice, 19), base)


def test_the_long_lane_has_a_worker_per_core_less_one(monkeypatch):
    from mapview.settings import default_parse_workers, settings

    monkeypatch.delenv("MAPVIEW_PARSE_WORKERS", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)))
    assert default_parse_workers() == 7 and settings().parse_workers == 7
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert settings().parse_workers == 1
    monkeypatch.setenv("MAPVIEW_PARSE_WORKERS", "3")
    assert settings().parse_workers == 3


def wait_for_running(ticket, timeout: float = 60) -> None:
    """Until a worker has started the ticket's task (a fresh pool starts its processes first)."""
    deadline = time.monotonic() + timeout
    while not ticket.future.running():
        assert time.monotonic() < deadline, "the task never started"
        time.sleep(0.02)


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
