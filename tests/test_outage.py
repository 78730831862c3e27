"""The database is a dependency that can be away: a PostgreSQL stopped under an open page, under a
starting server and under an ingest, then started again. The pages keep working from the shipped
data and say what is unavailable; the ingest stops with one line; nothing written is lost or
written twice. Every test stops and starts a real PostgreSQL server of its own (tests/pgserver.py)."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import streamlit as st
from conftest import ROOT, start_postgres
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from mapview.store import database
from mapview.store.database import open_store
from mapview.store.ingest import ingest
from mapview.store.models import ArticleRow

APP = str(ROOT / "app.py")
STORY = Path(__file__).parent / "story" / "caucasus.jsonl"
RETRY = 0.5  # MAPVIEW_DATABASE_RETRY_SECONDS in these tests: the page may ask again soon
UNAVAILABLE_NOTICE = "Shared corrections and story collections are unavailable now"


@pytest.fixture(scope="module")
def pg():
    """A server of this module's own: its tests stop it and start it again."""
    server = start_postgres()
    yield server
    server.stop()


@pytest.fixture
def outage(pg, monkeypatch):
    """A database holding the collection "caucasus" (four articles), the environment of a server
    that uses it, and the server always running again at the end."""
    url = pg.create_database(f"outage_{time.monotonic_ns()}")
    assert ingest(STORY, open_store(url), "caucasus", workers=0, progress=False).written == 4
    monkeypatch.setenv("MAPVIEW_DATABASE_URL", url)
    monkeypatch.setenv("MAPVIEW_DATABASE_RETRY_SECONDS", str(RETRY))
    st.cache_data.clear()
    st.cache_resource.clear()  # this process's Shared is built afresh, with this database
    yield url
    with contextlib.suppress(RuntimeError):  # already running
        pg.start()
    st.cache_data.clear()
    st.cache_resource.clear()


def articles(url: str) -> list[str]:
    with open_store(url).engine.connect() as conn:
        return sorted(conn.execute(select(ArticleRow.external_id)).scalars())


def page(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run().run()  # the map first, then the rest of a collection's page


def shown(at: AppTest) -> str:
    parts = [e.value for e in (*at.error, *at.caption, *at.warning)] + [e.proto.body for e in at.get("html")]
    return "\n".join(parts).replace("\\", "")


def test_stopped_under_an_open_page_the_pages_say_so_keep_the_map_and_recover(pg, outage):
    collection = page(collection="caucasus")
    assert not collection.exception and "4 articles from 3 outlets" in shown(collection)
    pg.halt()
    collection.toggle(key="story_parties").set_value(True).run()  # a reader's next click
    assert not collection.exception
    assert "This collection cannot be read now: its database cannot be reached" in shown(collection)
    assert "OperationalError" not in shown(collection) and "site-packages" not in shown(collection)

    time.sleep(2.1)  # the shared corrections ask the database at most every 2 s
    single = page()  # a new tab: the single article, from the shipped data
    assert not single.exception
    assert single.get("component_instance"), "the map is drawn"
    assert UNAVAILABLE_NOTICE in shown(single)

    pg.start()
    time.sleep(2.1)
    again = page(collection="caucasus")
    assert not again.exception and "4 articles from 3 outlets" in shown(again)
    assert UNAVAILABLE_NOTICE not in shown(page())
    assert articles(outage) == sorted(json.loads(line)["id"] for line in STORY.read_text(encoding="utf-8").splitlines())


def test_down_when_the_server_starts_the_single_article_is_mapped_and_the_collection_waits(pg, outage, monkeypatch):
    pg.halt()
    monkeypatch.setattr(database, "_OPEN", {})  # a new server process: nothing opened yet
    monkeypatch.setattr(database, "_FAILED", {})
    single = page()
    assert not single.exception and single.get("component_instance")
    assert UNAVAILABLE_NOTICE in shown(single)
    assert "could not be read" not in shown(single)
    collection = page(collection="caucasus")
    assert not collection.exception
    assert "This collection cannot be read now" in shown(collection)
    assert not collection.get("component_instance")

    pg.start()
    time.sleep(max(RETRY, 2.1))
    again = page(collection="caucasus")
    assert not again.exception and "4 articles from 3 outlets" in shown(again)


def test_a_dead_server_costs_one_wait_then_fails_at_once(pg, outage):
    store = open_store(outage)
    pg.halt()
    started = time.monotonic()
    for _ in range(20):
        with pytest.raises(database.StoreUnavailable, match="cannot be reached"):
            store.collection_names()
    assert time.monotonic() - started < database.CONNECT_TIMEOUT_SECONDS + 2
    pg.start()
    time.sleep(RETRY)
    assert store.collection_names() == ("caucasus",)


def test_an_ingest_that_loses_its_database_stops_with_one_line_and_goes_on_when_run_again(pg, outage, tmp_path):
    stories = [json.loads(line) for line in STORY.read_text(encoding="utf-8").splitlines()]
    source = tmp_path / "many.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for n in range(240):
            story = stories[n % len(stories)]
            out.write(json.dumps({**story, "id": f"a{n:03d}", "url": "", "text": f"{story['text']} ({n})"}) + "\n")
    mapview = str(Path(sys.executable).with_name("mapview"))
    command = [mapview, "ingest", str(source), "--collection", "many", "--workers", "0", "--batch", "1"]
    command += ["--database", outage, "--quiet"]
    env = {**os.environ, "MAPVIEW_DATABASE_RETRY_SECONDS": str(RETRY)}
    run = subprocess.Popen(command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)

    def written() -> int:
        with open_store(outage).engine.connect() as conn:
            return conn.execute(select(func.count(ArticleRow.id))).scalar_one() - 4

    deadline = time.monotonic() + 120
    while written() < 5:
        assert run.poll() is None and time.monotonic() < deadline, "the ingest ended before the outage"
        time.sleep(0.05)
    pg.halt()
    _, err = run.communicate(timeout=120)
    assert run.returncode == 7, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "the database cannot be reached" in lines[0] and "run the same command again" in lines[0]

    pg.start()
    time.sleep(RETRY)
    before = written()
    assert 5 <= before < 240
    again = subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"{240 - before} written, {before} already there unchanged, 0 failed" in again.stderr
    assert written() == 240
    with open_store(outage).engine.connect() as conn:
        ids = conn.execute(select(ArticleRow.external_id)).scalars().all()
    assert sorted(i for i in ids if i[1:].isdigit()) == [f"a{n:03d}" for n in range(240)]  # each once
