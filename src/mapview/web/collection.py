"""A story over time: the view of a collection, its deep links, and its map. Pure, without Streamlit.

A collection's view is its name, a time window, the event types and outlets it shows, whether
parties and places only mentioned are shown too, and the selected place. It round-trips through
query parameters, like an article's view (:mod:`mapview.web.view`)::

    ?collection=caucasus&from=2022-09-12&to=2022-09-20&type=armed_clash&outlet=Mehr+News+Agency&parties=1

Outlets are repeated parameters, never split at commas (an outlet's name may hold one). Every
value from a URL is hostile until checked: unknown or malformed values are dropped and reported
as notices, never raised.

The map draws one marker per place: its size says how many events happened there, its colour
the commonest type; the popup says how many reports and outlets, and lists the latest accounts,
grouped by day and outlet, each a claim with its source. The data is one compact table escaped
in the browser (:class:`mapview.web.elements.StoryPlaces`), so thousands of places stay small.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from mapview.model.enums import EventRole
from mapview.nlp.taxonomy import EventType
from mapview.store.database import CollectionInfo, Filters
from mapview.util import parse_day
from mapview.web.view import MAX_PARAM_CHARS, MAX_PARAM_VALUES, NONE, _choose, _shown, _values

#: An account's sentence in a popup is cut to this length (the panel shows it whole).
POPUP_EXCERPT_CHARS = 160
POPUP_ACCOUNTS = 3


@dataclass(frozen=True)
class StoryView:
    collection: str
    start: date | None = None
    end: date | None = None
    types: tuple[str, ...] | None = None  # None: every type
    outlets: tuple[str, ...] | None = None  # None: every outlet
    parties: bool = False
    place: str | None = None

    def filters(self, *, place_roles: bool | None = None) -> Filters:
        parties = self.parties if place_roles is None else place_roles
        roles = tuple(EventRole) if parties else (EventRole.LOCATION,)
        return Filters(self.collection, self.start, self.end, self.types, self.outlets, tuple(str(r) for r in roles))

    def to_query(self) -> dict[str, str | list[str]]:
        params: dict[str, str | list[str]] = {"collection": self.collection}
        if self.start is not None:
            params["from"] = self.start.isoformat()
        if self.end is not None:
            params["to"] = self.end.isoformat()
        if self.types is not None:
            params["type"] = list(self.types) or NONE
        if self.outlets is not None:
            params["outlet"] = list(self.outlets) or NONE
        if self.parties:
            params["parties"] = "1"
        if self.place:
            params["place"] = self.place
        return params


def collection_from_query(params: Mapping[str, list[str]], names: tuple[str, ...]) -> tuple[str | None, list[str]]:
    """The collection a link asks for, if it names one that exists."""
    notices: list[str] = []
    values = _values(params, "collection", notices)
    if not values:
        return None, notices
    wanted = ",".join(values)
    if wanted in names:
        return wanted, notices
    notices.append(f"unknown collection {_shown(wanted)}: showing the bundled article")
    return None, notices


def _outlet_values(params: Mapping[str, list[str]], notices: list[str]) -> list[str] | None:
    values = params.get("outlet")
    if values is None:
        return None
    values = [values] if isinstance(values, str) else list(values)
    if len(values) > MAX_PARAM_VALUES:
        notices.append(f"ignored {len(values) - MAX_PARAM_VALUES} extra 'outlet' values")
    out = []
    for v in values[:MAX_PARAM_VALUES]:
        if not isinstance(v, str) or len(v) > MAX_PARAM_CHARS:
            notices.append("ignored an over-long 'outlet' value")
        elif v.strip():
            out.append(v.strip())
    return out


def story_from_query(
    params: Mapping[str, list[str]],
    info: CollectionInfo,
    types: tuple[str, ...],
    outlets: tuple[str, ...],
    places: frozenset[str] | None = None,
) -> tuple[StoryView, list[str]]:
    """The view a link asks for, restricted to what the collection holds, and what was dropped.
    ``places``: the place ids the link may select (None: checked later, against the map's places)."""
    notices: list[str] = []
    start = _day(params, "from", notices)
    end = _day(params, "to", notices)
    if start and end and start > end:
        notices.append("the time window ends before it starts: showing all of it")
        start = end = None
    chosen_types = None
    if params.get("type") is not None:
        chosen_types = _choose(_values(params, "type", notices), types, "event type", notices)
        if chosen_types == types:
            chosen_types = None
    chosen_outlets: tuple[str, ...] | None = None
    wanted = _outlet_values(params, notices)
    if wanted is not None:
        if wanted == [NONE]:
            chosen_outlets = ()
        else:
            for v in [v for v in wanted if v not in outlets][:5]:
                notices.append(f"unknown outlet {_shown(v)} ignored")
            known = tuple(o for o in outlets if o in wanted)
            chosen_outlets = known if known and known != outlets else None
    parties = False
    if switch := _values(params, "parties", notices):
        if switch[0] in ("1", "0"):
            parties = switch[0] == "1"
        else:
            notices.append(f"malformed parties {_shown(switch[0])} ignored (expected 1 or 0)")
    place = None
    if chosen := _values(params, "place", notices):
        if places is None or chosen[0] in places:
            place = chosen[0]
        else:
            notices.append(f"unknown place {_shown(chosen[0])} ignored")
    return StoryView(info.name, start, end, chosen_types, chosen_outlets, parties, place), notices


def _day(params: Mapping[str, list[str]], name: str, notices: list[str]) -> date | None:
    values = _values(params, name, notices)
    if not values:
        return None
    day = parse_day(values[0]) if len(values[0]) == 10 else None
    if day is None:
        notices.append(f"malformed {name!r} date {_shown(values[0])} ignored (expected YYYY-MM-DD)")
    return day


# -- the map -----------------------------------------------------------------------------------


def frame_of(places: list[dict[str, Any]]) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The box around the places with the most events (at most 50): one stray report far away
    does not zoom the map out to the world."""
    top = sorted(places, key=lambda p: -p["events"])[:50]
    if not top:
        return None
    lats, lons = [p["lat"] for p in top], [p["lon"] for p in top]
    return (min(lats), min(lons)), (max(lats), max(lons))


def radius(events: int) -> float:
    """A marker's radius in pixels: its area grows with the number of events."""
    return round(min(22.0, 5.0 + 3.0 * math.sqrt(max(events, 1) - 1)), 1)


def fatalities_text(fatalities: list[dict[str, Any]]) -> str:
    parts = []
    for f in fatalities:
        who = f" {f['who']}" if f.get("who") else ""
        by = f" (says {f['claimed_by']})" if f.get("claimed_by") else ""
        parts.append(f"{f['count']}{who} {f['kind']}{by}")
    return "; ".join(parts)


def map_table(
    places: list[dict[str, Any]],
    accounts: dict[str, list[dict[str, Any]]],
    taxonomy: dict[str, EventType],
    selected: str | None = None,
) -> dict[str, Any]:
    """The compact table :class:`mapview.web.elements.StoryPlaces` draws: rows of
    [lat, lon, name, colour index, radius, events, reports, outlets, place id, types text,
    [accounts]], each account [day, outlet, type label, role, excerpt, reported by, fatalities].
    Repeated strings (colours, type labels, outlets) are indices into tables."""
    colours: list[str] = []
    labels: list[str] = []
    outlets: list[str] = []

    def index(table: list[str], value: str) -> int:
        try:
            return table.index(value)
        except ValueError:
            table.append(value)
            return len(table) - 1

    rows = []
    for p in places:
        primary = p["types"][0][0] if p["types"] else None
        colour = taxonomy[primary].colour if primary in taxonomy else "#666666"
        types_text = ", ".join(f"{taxonomy[t].label if t in taxonomy else t} {n}" for t, n in p["types"])
        shown = []
        for a in accounts.get(p["id"], [])[:POPUP_ACCOUNTS]:
            excerpt = a["excerpt"]
            if len(excerpt) > POPUP_EXCERPT_CHARS:
                excerpt = excerpt[: POPUP_EXCERPT_CHARS - 1].rstrip() + "…"
            label = taxonomy[a["type"]].label if a["type"] in taxonomy else a["type"]
            shown.append(
                [
                    a["day"].isoformat() if a["day"] else "date unknown",
                    index(outlets, a["outlet"] or "outlet unknown"),
                    index(labels, label),
                    a["role"],
                    excerpt,
                    a["reported_by"],
                    fatalities_text(a["fatalities"]),
                ]
            )
        rows.append(
            [
                round(p["lat"], 4),
                round(p["lon"], 4),
                p["name"],
                index(colours, colour),
                radius(p["events"]),
                p["events"],
                p["reports"],
                p["outlets"],
                p["id"],
                types_text,
                shown,
            ]
        )
    chosen = next((i for i, p in enumerate(places) if p["id"] == selected), -1)
    return {"colours": colours, "labels": labels, "outlets": outlets, "rows": rows, "selected": chosen}


def place_from_click(click: Mapping | None, tooltip: str | None, places: list[dict[str, Any]]) -> str | None:
    """The place a click on the map chose. A circle marker reports the clicked point, not its
    centre, so the marker is found by its tooltip's name ("Jermuk · 3 events · …"), the nearest of
    that name to the point; without a tooltip, the nearest place within half a degree."""
    if not click or "lat" not in click or "lng" not in click:
        return None
    try:
        lat, lon = float(click["lat"]), float(click["lng"])
    except (TypeError, ValueError):
        return None
    name = tooltip.split(" · ")[0].strip() if isinstance(tooltip, str) else ""
    candidates = [p for p in places if p["name"] == name] if name else places
    best = min(candidates, key=lambda p: (p["lat"] - lat) ** 2 + (p["lon"] - lon) ** 2, default=None)
    if best is None or (not name and max(abs(best["lat"] - lat), abs(best["lon"] - lon)) > 0.5):
        return None
    return best["id"]


def claims(accounts: list[dict[str, Any]], taxonomy: dict[str, EventType] | None = None) -> list[dict[str, Any]]:
    """The accounts of one place as table rows, grouped by day and then outlet: two outlets'
    figures for one day sit next to each other."""
    label = (lambda t: taxonomy[t].label if t in taxonomy else t) if taxonomy else (lambda t: t)
    ordered = sorted(accounts, key=lambda a: (a["day"] or date.min, a["outlet"]), reverse=True)
    return [
        {
            "Day": a["day"].isoformat() if a["day"] else "unknown",
            "Dated by": {"event": "the event", "article": "the article"}.get(a["day_basis"], ""),
            "Outlet": a["outlet"] or "unknown",
            "Event": label(a["type"]),
            "Role here": a["role"],
            "Reported by": a["reported_by"],
            "Fatalities claimed": fatalities_text(a["fatalities"]),
            "Account": a["excerpt"],
            "Article": a["title"],
            "Link": a["url"] if a["url"].startswith(("https://", "http://")) else "",
        }
        for a in ordered
    ]
