"""Limits and switches of the app, each a setting read from the environment (see the README).

They exist because a hosted page is public: one visitor must not be able to exhaust the memory of
the server or the quota of the geocoding provider for everyone else.
"""
from __future__ import annotations

import os
from dataclasses import dataclass


def _int(name: str, default: int) -> int:
    try:
        return max(0, int(os.environ.get(name, default)))
    except ValueError:
        return default


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    max_text_chars: int  # longest article the page accepts (pasted, uploaded or after HTML is reduced)
    max_upload_bytes: int  # largest file the page accepts
    online_lookups_per_session: int  # online geocoder requests one browser session may make
    online_min_delay_seconds: float  # the provider's rate limit (Nominatim: one request per second)
    allow_override_writes: bool  # may readers save corrections of bundled articles into data/?
    online_provider: str  # a geopy provider name


def settings() -> Settings:
    return Settings(
        max_text_chars=_int("MAPVIEW_MAX_TEXT_CHARS", 300_000),
        max_upload_bytes=_int("MAPVIEW_MAX_UPLOAD_BYTES", 2_000_000),
        online_lookups_per_session=_int("MAPVIEW_ONLINE_LOOKUPS_PER_SESSION", 10),
        online_min_delay_seconds=float(os.environ.get("MAPVIEW_ONLINE_MIN_DELAY", "1.0") or 1.0),
        allow_override_writes=_bool("MAPVIEW_ALLOW_OVERRIDE_WRITES", True),
        online_provider=os.environ.get("MAPVIEW_ONLINE_PROVIDER", "nominatim"),
    )
