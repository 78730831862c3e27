from __future__ import annotations

import json
import os
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

# The suite never writes into the user's own mapview folders, and nothing there changes what it
# sees: a fresh state folder for the whole run (servers and command lines started by the tests
# inherit it). Set before mapview.paths is imported.
os.environ["MAPVIEW_STATE_DIR"] = tempfile.mkdtemp(prefix="mapview-test-state-")
os.environ.pop("MAPVIEW_DATABASE_URL", None)  # the default store is a SQLite file in that folder

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "data" / "articles" / "mehr-armenia-azerbaijan-clashes.txt"


@pytest.fixture(scope="session")
def article():
    from mapview import load_article

    return load_article(ARTICLE)


@pytest.fixture(scope="session")
def geoparser():
    from mapview.pipeline import default_geoparser

    return default_geoparser()


@pytest.fixture(scope="session")
def doc(article, geoparser):
    return geoparser.parse(article)


@pytest.fixture(scope="session")
def gold():
    return json.loads((ROOT / "tests" / "gold" / "mehr_article.json").read_text(encoding="utf-8"))["mentions"]


# -- the browser tests' Chromium and server (helpers in browsing.py) ----------------------------------


@pytest.fixture(scope="session")
def browser():
    from browsing import CHROMIUM, require_chromium

    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM, args=["--disable-gpu", "--disable-quic", "--disable-background-networking"]
        )
        yield b
        b.close()


@pytest.fixture(scope="module")
def server():
    from browsing import Server

    s = Server()
    yield s
    s.stop()


# -- the storage tests' databases: SQLite files, and a real PostgreSQL server (pgserver.py) ----------


def start_postgres():
    """A new PostgreSQL server (pgserver.py); where it cannot start, the test fails if CI requires
    PostgreSQL (``MAPVIEW_REQUIRE_POSTGRES``) and is skipped with the reason elsewhere."""
    from pgserver import PostgresServer

    try:
        return PostgresServer()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        if os.environ.get("MAPVIEW_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL could not start: {exc}")
        pytest.skip(f"PostgreSQL could not start: {exc}")


@pytest.fixture(scope="session")
def postgres():
    server = start_postgres()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A new, empty database of each kind; its URL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'mapview.sqlite'}"
    server = request.getfixturevalue("postgres")
    return server.create_database(f"t_{uuid.uuid4().hex[:12]}")
