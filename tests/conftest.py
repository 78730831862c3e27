from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest

# The suite never writes into the user's own mapview folders, and nothing there changes what it
# sees: a fresh state folder for the whole run (servers and command lines started by the tests
# inherit it). Set before mapview.paths is imported.
os.environ["MAPVIEW_STATE_DIR"] = tempfile.mkdtemp(prefix="mapview-test-state-")

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
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--disable-gpu", "--disable-quic",
                                                              "--disable-background-networking"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def server():
    from browsing import Server

    s = Server()
    yield s
    s.stop()
