"""Limits and switches of the app, each a setting read from the environment (see the README).

They exist because a hosted page is public: one visitor must not be able to exhaust the memory
or the CPU of the server, the quota of the geocoding provider, or change what other readers see.
Where files go is in :mod:`mapview.paths` (``MAPVIEW_DATA_DIR``, ``MAPVIEW_GEO_DIR``,
``MAPVIEW_STATE_DIR``, ``MAPVIEW_CACHE_DIR``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

# -- defaults: the numbers the code is tuned with, named once ------------------------------------

#: Online geocoding: seconds a provider may take, candidates asked for when a reader searches.
GEOCODER_TIMEOUT_S = 5.0
ONLINE_CANDIDATES = 5
#: Other candidates a place lists under "Which …?".
ALTERNATIVES_SHOWN = 8
#: "Check these places": a place the ranking chose with less than this confidence (its softmax
#: share among its namesakes; 0.75 is a lead of about 0.7 points over a single runner-up), or a
#: town whose score stays under WEAK_TOWN_SCORE (about 10,000 people and nothing in the text for it).
UNCERTAIN_CONFIDENCE = 0.75
WEAK_TOWN_SCORE = 2.0
#: GeoNames towns: alternate names are indexed from this population (smaller towns' alternate
#: names are mostly transliterations that collide with words and people's names); a national
#: capital is the country's capital city with at least this many people.
ALT_NAMES_MIN_POPULATION = 15_000
CAPITAL_MIN_POPULATION = 50_000
#: Recognition of names only GeoNames towns carry: a town this big needs no other evidence; at a
#: sentence's start it needs evidence below SENTENCE_START_TOWN; a word also used in a person's
#: or firm's name is a town only from NAME_PART_TOWN.
KNOWN_TOWN_POPULATION = 15_000
SENTENCE_START_TOWN_POPULATION = 100_000
NAME_PART_TOWN_POPULATION = 200_000
#: The map: its height, the zoom when a place is chosen, the largest zoom of a first view.
MAP_HEIGHT_PX = 560
ZOOM_TOWN = 8
ZOOM_AREA = 6
MAX_FIRST_ZOOM = 12
#: Above this many towns and districts, markers are one canvas layer from a compact table.
MARKER_OBJECT_LIMIT = 250
#: Countries and regions drawn as polygons at most, the most mentioned first.
POLYGON_LIMIT = 150
#: The excerpt panel: excerpts per page, its height; excerpts in a popup; longest excerpt shown.
PANEL_PAGE = 6
PANEL_HEIGHT_PX = 430
POPUP_EXCERPTS = 4
EXCERPT_CHARS = 600

# -- settings: what a deployment may change (environment variables) ----------------------------


def _int(name: str, default: int) -> int:
    try:
        return max(0, int(os.environ.get(name, default)))
    except ValueError:
        return default


def _float(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value >= 0 else default


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


def default_parse_workers() -> int:
    """One process per core the server may use, less one for the server itself and the lane of
    ordinary texts; at least one."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, cores - 1)


def _pairs(name: str) -> frozenset[tuple[str, str]]:
    """Comma-separated "ISSUER SUBJECT" pairs; an entry without both is ignored."""
    pairs = (entry.split() for entry in os.environ.get(name, "").split(","))
    return frozenset((p[0], p[1]) for p in pairs if len(p) == 2)


@dataclass(frozen=True)
class Settings:
    max_text_chars: int  # longest article the page accepts (pasted, uploaded or after HTML is reduced)
    max_upload_bytes: int  # largest file the page accepts
    parse_budget_seconds: float  # a parse that takes longer is stopped, and the reader told
    parse_workers: int  # processes that parse the longest texts (a lane of one more takes ordinary ones)
    long_text_chars: int  # texts from this length are parsed in a worker process
    online_lookups_per_session: int  # online geocoder requests one browser session may make
    online_lookups_per_hour: int  # ... the whole server may make in an hour (kept across restarts)
    online_lookups_per_day: int  # ... and in a day
    online_max_wait_seconds: float  # a reader's lookup waits at most this long for its turn
    online_min_delay_seconds: float  # the provider's rate limit (Nominatim: one request per second)
    online_provider: str  # a geopy provider name
    nominatim_domain: str  # another Nominatim server (a self-hosted one, or a test's)
    nominatim_scheme: str
    shared_corrections: bool  # may editors save corrections for every reader?
    editors: frozenset[str]  # verified e-mail addresses of the editors (who log in with st.login)
    editor_subjects: frozenset[tuple[str, str]]  # (issuer, subject) of editors, for providers without e-mail
    assets: str  # "local": Leaflet served by the app itself; "cdn": folium's CDNs
    tiles: str  # "OpenStreetMap", "none", or a tile URL template


def settings() -> Settings:
    return Settings(
        max_text_chars=_int("MAPVIEW_MAX_TEXT_CHARS", 300_000),
        max_upload_bytes=_int("MAPVIEW_MAX_UPLOAD_BYTES", 2 * 2**20),
        parse_budget_seconds=_float("MAPVIEW_PARSE_BUDGET", 60.0),
        parse_workers=max(1, _int("MAPVIEW_PARSE_WORKERS", default_parse_workers())),
        long_text_chars=_int("MAPVIEW_LONG_TEXT_CHARS", 20_000),
        online_lookups_per_session=_int("MAPVIEW_ONLINE_LOOKUPS_PER_SESSION", 10),
        online_lookups_per_hour=_int("MAPVIEW_ONLINE_LOOKUPS_PER_HOUR", 100),
        online_lookups_per_day=_int("MAPVIEW_ONLINE_LOOKUPS_PER_DAY", 500),
        online_max_wait_seconds=_float("MAPVIEW_ONLINE_MAX_WAIT", 10.0),
        online_min_delay_seconds=_float("MAPVIEW_ONLINE_MIN_DELAY", 1.0),
        online_provider=os.environ.get("MAPVIEW_ONLINE_PROVIDER", "nominatim"),
        nominatim_domain=os.environ.get("MAPVIEW_NOMINATIM_DOMAIN", ""),
        nominatim_scheme=os.environ.get("MAPVIEW_NOMINATIM_SCHEME", "https"),
        shared_corrections=_bool("MAPVIEW_SHARED_CORRECTIONS", False),
        editors=frozenset(e.strip().casefold() for e in os.environ.get("MAPVIEW_EDITORS", "").split(",") if e.strip()),
        editor_subjects=_pairs("MAPVIEW_EDITOR_SUBJECTS"),
        assets=os.environ.get("MAPVIEW_ASSETS", "local").strip().lower(),
        tiles=os.environ.get("MAPVIEW_TILES", "OpenStreetMap").strip(),
    )
