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
