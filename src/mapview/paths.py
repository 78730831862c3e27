"""Where mapview's files are: what it ships (read-only) and what it writes (a state folder).

Shipped data, ``data/`` (bundled articles, the seed of the geocoding cache, the event taxonomy)
and ``geo/`` (boundaries, curated gazetteer tables), sits at the top of the repository and is
mapped into the package as ``mapview.data`` and ``mapview.geodata`` when a wheel is built (see
``pyproject.toml``). It is found through :mod:`importlib`, so the same code finds it in a wheel,
in a host's non-editable install (Streamlit Community Cloud runs ``pip install .``) and in an
editable checkout, where setuptools' editable finder does not map those subpackages and the
files are read where they are, beside ``src/``.

Run-time writes (new cache rows, saved corrections, the online lookup budget) never go into
the installed package: they go to the state folder, ``MAPVIEW_STATE_DIR`` or the user's data
folder (``platformdirs.user_data_dir("mapview")``, e.g. ``~/.local/share/mapview`` on Linux).

``MAPVIEW_DATA_DIR`` and ``MAPVIEW_GEO_DIR`` replace the shipped folders (a deployment's own
articles, or a test's).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]
#: The shipped folders and the subpackages a wheel carries them as (``mapview.geo`` is the code
#: that reads ``geo/``).
_PACKAGES = {"data": "mapview.data", "geo": "mapview.geodata"}


def _shipped(name: str) -> Path:
    """The folder of a shipped subpackage (``mapview.data``, ``mapview.geodata``) as a real path."""
    spec = importlib.util.find_spec(_PACKAGES[name])
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    checkout = _CHECKOUT / name
    if (_CHECKOUT / "pyproject.toml").is_file() and checkout.is_dir():
        return checkout  # an editable install: the files beside src/
    raise FileNotFoundError(
        f"mapview's shipped '{name}' folder is missing from this installation; "
        f"reinstall mapview or set MAPVIEW_{name.upper()}_DIR"
    )


def _dir(variable: str, name: str) -> Path:
    value = os.environ.get(variable)
    return Path(value) if value else _shipped(name)


def state_dir() -> Path:
    """Where mapview writes at run time (created on first write, never inside site-packages)."""
    value = os.environ.get("MAPVIEW_STATE_DIR")
    if value:
        return Path(value)
    import platformdirs

    return Path(platformdirs.user_data_dir("mapview", appauthor=False))


def cache_dir() -> Path:
    """Where mapview keeps what it can rebuild (the city index)."""
    value = os.environ.get("MAPVIEW_CACHE_DIR")
    if value:
        return Path(value)
    import platformdirs

    return Path(platformdirs.user_cache_dir("mapview", appauthor=False))


DATA_DIR = _dir("MAPVIEW_DATA_DIR", "data")
GEO_DIR = _dir("MAPVIEW_GEO_DIR", "geo")
ARTICLES_DIR = DATA_DIR / "articles"
EVENT_TYPES = DATA_DIR / "event_types.toml"
#: The shipped cache and corrections: read, never written by the app.
SEED_GEOCACHE = DATA_DIR / "geocache.csv"
SEED_OVERRIDES = DATA_DIR / "geocache_overrides.csv"
STATE_DIR = state_dir()
#: What this installation adds: new cache rows and editors' saved corrections.
GEOCACHE = STATE_DIR / "geocache.csv"
OVERRIDES = STATE_DIR / "geocache_overrides.csv"
ONLINE_BUDGET = STATE_DIR / "online_budget.sqlite"
