"""Place ids, ``scheme:key`` strings (``country:AM``, ``admin1:US-CA``, ``geonames:616052``,
``border:AM-AZ``, ``district:AZ-LAC``): made and read here and nowhere else."""

from __future__ import annotations

COUNTRY, ADMIN1, ADMIN2, GEONAMES, BORDER, CONTINENT = "country", "admin1", "admin2", "geonames", "border", "continent"
AIRPORT = "airport"
#: The one id of "not a place" (a reader's or an editor's decision).
NOT_A_PLACE = "none:not-a-place"


def scheme(place_id: str) -> str:
    """``country:AM`` -> ``country``; an id without a scheme has the empty one."""
    head, sep, _ = place_id.partition(":")
    return head if sep else ""


def key(place_id: str) -> str:
    return place_id.partition(":")[2]


def country(code: str) -> str:
    return f"{COUNTRY}:{code}"


def border(code_a: str, code_b: str) -> str:
    a, b = sorted((code_a, code_b))
    return f"{BORDER}:{a}-{b}"


def geonames(geonameid: int | str) -> str:
    return f"{GEONAMES}:{geonameid}"


def country_code(place_id: str) -> str:
    """The ISO code of a ``country:`` id, else ""."""
    return key(place_id) if scheme(place_id) == COUNTRY else ""


def border_countries(place_id: str) -> tuple[str, str] | None:
    """The two ISO codes of a ``border:`` id (``border:AM-AZ-NX`` names a part: still AM, AZ)."""
    if scheme(place_id) != BORDER:
        return None
    parts = key(place_id).split("-")
    return (parts[0], parts[1]) if len(parts) >= 2 and parts[0] and parts[1] else None


# The tests below run for every namesake of every name in a text: prefix checks, not a parse.


def is_country(place_id: str) -> bool:
    return place_id.startswith(COUNTRY + ":")


def is_admin1(place_id: str) -> bool:
    return place_id.startswith(ADMIN1 + ":")


def is_geonames(place_id: str) -> bool:
    return place_id.startswith(GEONAMES + ":")


def is_border(place_id: str) -> bool:
    return place_id.startswith(BORDER + ":")
