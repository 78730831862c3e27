"""Where the project's data lives. Overridable with MAPVIEW_DATA_DIR / MAPVIEW_GEO_DIR."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("MAPVIEW_DATA_DIR", ROOT / "data"))
GEO_DIR = Path(os.environ.get("MAPVIEW_GEO_DIR", ROOT / "geo"))
ARTICLES_DIR = DATA_DIR / "articles"
GEOCACHE = DATA_DIR / "geocache.csv"
OVERRIDES = DATA_DIR / "geocache_overrides.csv"
EVENT_TYPES = DATA_DIR / "event_types.toml"
