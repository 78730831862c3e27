"""What the reader is looking at: filters, selection and deep links. Pure, without Streamlit.

A view is an article, the selected event types and place kinds, the selected place and
optionally the map's centre and zoom. It round-trips through ordinary query parameters::

    ?article=mehr-armenia-azerbaijan-clashes&type=armed_clash&type=appeal&kind=city&place=district:AZ-LAC&parties=1

By default a view shows where the selected events *happened* (places in the role ``location``);
``parties=1`` also shows their parties and the places they only mention, drawn apart. Links made
before the switch existed open with the default.

``type=none`` / ``kind=none`` mean "nothing selected" (an empty list would drop the parameter).
Every value from a URL is hostile until checked: unknown or malformed values are dropped and
reported as notices, never raised.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

from mapview.model.document import GeoDoc, LinkedQuote, Place
from mapview.model.enums import EventRole, Kind, MentionRole
from mapview.model.place import PlaceRecord
from mapview.settings import ZOOM_AREA, ZOOM_TOWN

NONE = "none"
MAX_PARAM_VALUES = 50
MAX_PARAM_CHARS = 200
#: Kinds drawn as markers; the others are polygons or lines.
#: Kinds a page filters by, in the order the sidebar lists them.
PAGE_KINDS = tuple(k for k in Kind if k is not Kind.NOT_A_PLACE)


@dataclass(frozen=True)
class View:
    article: str
    types: tuple[str, ...]
    kinds: tuple[str, ...]
    place: str | None = None
    centre: tuple[float, float] | None = None
    zoom: int | None = None
    parties: bool = False  # also show parties and places only mentioned
    event: str | None = None  # one event's link (event_key): its places selected and framed

    def to_query(self) -> dict[str, str | list[str]]:
        params: dict[str, str | list[str]] = {
            "article": self.article,
            "type": list(self.types) or NONE,
            "kind": list(self.kinds) or NONE,
        }
        if self.parties:
            params["parties"] = "1"
        if self.place:
            params["place"] = self.place
        if self.event:
            params["event"] = self.event
        if self.centre is not None and self.zoom is not None:
            params["view"] = f"{self.centre[0]:.4f},{self.centre[1]:.4f},{self.zoom}"
        return params


@dataclass(frozen=True)
class Options:
    """What a view may select in a given article."""

    articles: tuple[str, ...]
    types: tuple[str, ...]  # present in the article, in taxonomy order
    kinds: tuple[str, ...]
    places: frozenset[str] = field(default_factory=frozenset)
    events: frozenset[str] = field(default_factory=frozenset)  # their event_key


def options_for(doc: GeoDoc, articles: Iterable[str]) -> Options:
    present_types = {t for s in doc.sentences for t in s.event_types}  # every event's type is its sentence's
    kinds_present = {p.kind for p in doc.places}
    return Options(
        tuple(articles),
        tuple(t for t in doc.event_type_keys if t in present_types),
        tuple(k for k in PAGE_KINDS if k in kinds_present),
        frozenset(p.id for p in doc.places),
        frozenset(event_key(e) for e in doc.events),
    )


#: The embedded page's height: its header, the map (560 px) and room to read excerpts beside it.
EMBED_HEIGHT_PX = 860


def share_links(page_url: str, view: View, title: str = "") -> tuple[str, str]:
    """The link to ``view`` and an ``<iframe>`` snippet that embeds it (Streamlit's embed mode:
    no sidebar, no toolbar), for the page at ``page_url`` (its address without a query)."""
    import html
    from urllib.parse import urlencode

    base = page_url.split("?", 1)[0].split("#", 1)[0]
    if base.count("/") == 2:  # "https://host" (Streamlit gives the page's address without a path)
        base += "/"
    query = urlencode(view.to_query(), doseq=True)
    link = f"{base}?{query}"
    embed = f"{base}?embed=true&{query}"
    name = html.escape(f"Map: {title}" if title else "mapview map", quote=True)
    snippet = (
        f'<iframe src="{html.escape(embed, quote=True)}" title="{name}" width="100%" '
        f'height="{EMBED_HEIGHT_PX}" style="border:0" loading="lazy"></iframe>'
    )
    return link, snippet


def event_key(event) -> str:
    """An event's name in links: where its sentence starts in the text and its type
    ("1034-armed_clash"). The same for the same article text, whatever else the page shows."""
    return f"{event.start}-{event.type}"


def event_by_key(doc: GeoDoc, key: str | None):
    return next((e for e in doc.events if event_key(e) == key), None) if key else None


def event_targets(doc: GeoDoc, event) -> list[str]:
    """The places an event's link selects: where it happened, else its parties."""
    targets = list(event.location_ids) or [p.place_id for p in event.places if p.role == EventRole.ACTOR]
    return [i for i in dict.fromkeys(targets) if i in doc.places_by_id]


def _values(params: Mapping[str, list[str]], name: str, notices: list[str]) -> list[str] | None:
    values = params.get(name)
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    cleaned: list[str] = []
    for v in values[:MAX_PARAM_VALUES]:
        if not isinstance(v, str) or len(v) > MAX_PARAM_CHARS:
            notices.append(f"ignored an over-long '{name}' value")
            continue
        cleaned.extend(part.strip() for part in v.split(",") if part.strip())
    if len(values) > MAX_PARAM_VALUES:
        notices.append(f"ignored {len(values) - MAX_PARAM_VALUES} extra '{name}' values")
    return cleaned


def article_from_query(params: Mapping[str, list[str]], articles: tuple[str, ...]) -> tuple[str, list[str]]:
    notices: list[str] = []
    values = _values(params, "article", notices) or []
    for value in values:
        if value in articles:
            return value, notices
    if values:
        notices.append(f"unknown article {_shown(values[0])}: showing {articles[0]}")
    return articles[0], notices


def _one_of(values: list[str] | None, known: frozenset[str], what: str, notices: list[str]) -> str | None:
    """The first value, where this article knows it; else None, and a notice."""
    if not values:
        return None
    if values[0] in known:
        return values[0]
    notices.append(f"unknown {what} {_shown(values[0])} ignored")
    return None


def view_from_query(params: Mapping[str, list[str]], article: str, options: Options) -> tuple[View, list[str]]:
    """The view a link asks for, restricted to what this article offers, and what was dropped."""
    notices: list[str] = []
    types = _choose(_values(params, "type", notices), options.types, "event type", notices)
    kinds = _choose(_values(params, "kind", notices), options.kinds, "place kind", notices)
    place = _one_of(_values(params, "place", notices), options.places, "place", notices)
    centre = zoom = None
    views = _values(params, "view", notices)
    if views:
        parsed = _parse_view(",".join(views))
        if parsed is None:
            notices.append(f"malformed view {_shown(','.join(views))} ignored (expected lat,lon,zoom)")
        else:
            centre, zoom = parsed
    parties = False
    switch = _values(params, "parties", notices)
    if switch:
        if switch[0] in ("1", "0"):
            parties = switch[0] == "1"
        else:
            notices.append(f"malformed parties {_shown(switch[0])} ignored (expected 1 or 0)")
    event = _one_of(_values(params, "event", notices), options.events, "event", notices)
    return View(article, types, kinds, place, centre, zoom, parties, event), notices


def _choose(values: list[str] | None, allowed: tuple[str, ...], what: str, notices: list[str]) -> tuple[str, ...]:
    if not values:  # absent, or every value was dropped as malformed
        return allowed
    if values == [NONE]:
        return ()
    unknown = [v for v in values if v not in allowed and v != NONE]
    for v in unknown[:5]:
        notices.append(f"unknown {what} {_shown(v)} ignored")
    chosen = tuple(a for a in allowed if a in values)
    if not chosen and unknown:
        return allowed  # a link with only bad values shows everything rather than nothing
    return chosen


def _parse_view(value: str) -> tuple[tuple[float, float], int] | None:
    parts = value.split(",")
    if len(parts) != 3:
        return None
    try:
        lat, lon, zoom = float(parts[0]), float(parts[1]), int(parts[2])
    except ValueError:
        return None
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180 and 1 <= zoom <= 18):
        return None
    return (lat, lon), zoom


def _shown(value: str) -> str:
    """A hostile value made safe to print in a notice (Streamlit renders notices as text)."""
    value = "".join(ch for ch in value if ch.isprintable())
    return repr(value[:40] + ("…" if len(value) > 40 else ""))


# -- filtering -------------------------------------------------------------------------------


def is_located(place: Place, view: View) -> bool:
    """An event of a selected type happened here."""
    return bool(set(place.located_types) & set(view.types))


def is_visible(place: Place, view: View, all_types: tuple[str, ...]) -> bool:
    """Where a selected event happened; with ``view.parties``, also every place a selected event
    concerns or its sentence names (and, with every type selected, places no event concerns)."""
    if place.kind not in view.kinds:
        return False
    if is_located(place, view):
        return True
    if not view.parties:
        return False
    if not place.event_types and not place.event_roles:
        return set(view.types) == set(all_types)  # untyped places show only when nothing is filtered out
    return bool((set(place.event_types) | set(place.involved_types)) & set(view.types))


def visible_places(doc: GeoDoc, view: View, options: Options) -> list[Place]:
    return [p for p in doc.places if is_visible(p, view, options.types)]


def located_ids(places: Iterable[Place], view: View) -> frozenset[str]:
    """Of these places, those where a selected event happened (drawn full; the others faded)."""
    return frozenset(p.id for p in places if is_located(p, view))


def type_counts(doc: GeoDoc) -> Counter:
    """Events per event type."""
    return Counter(e.type for e in doc.events)


def types_for(place: Place, selected: Iterable[str], located: bool) -> tuple[str, ...]:
    """The selected types a place's marker carries: those of the events that happened there when
    it is drawn as where they happened, else those of every event it is involved in."""
    chosen = set(selected)
    if located:
        return tuple(t for t in place.located_types if t in chosen)
    return tuple(t for t in dict.fromkeys((*place.event_types, *place.involved_types)) if t in chosen)


def shown_types(place: Place, view: View) -> tuple[str, ...]:
    """The types a place's marker carries in a view (:func:`types_for`)."""
    return types_for(place, view.types, is_located(place, view))


def primary_type(place_or_types, selected: Iterable[str] | None = None) -> str | None:
    """The first of a place's event types (taxonomy order: most violent first) among those selected."""
    types = place_or_types.event_types if hasattr(place_or_types, "event_types") else place_or_types
    selected_set = set(selected) if selected is not None else None
    return next((t for t in types if selected_set is None or t in selected_set), None)


@dataclass(frozen=True)
class Excerpt:
    sentence: int
    start: int
    end: int
    event_types: tuple[str, ...]
    place_ids: tuple[str, ...]  # visible places this sentence mentions
    quotes: tuple[LinkedQuote, ...]


def excerpt_index(
    doc: GeoDoc, view: View, options: Options, visible: Iterable[Place] | None = None
) -> tuple[list[Excerpt], dict[str, list[Excerpt]]]:
    """The excerpts of all visible places and of each, in one pass over the document.

    An excerpt is a sentence that mentions a visible place (datelines aside) and has a selected
    event type (or, with every type selected, no type at all), with the quotes it holds.
    """
    visible_ids = {p.id for p in (visible if visible is not None else visible_places(doc, view, options))}
    all_types = set(view.types) == set(options.types)
    selected = set(view.types)
    by_sentence: dict[int, list[str]] = {}
    for m in doc.mentions:
        if m.place_id and m.place_id in visible_ids and m.sentence >= 0 and m.role is not MentionRole.DATELINE:
            ids = by_sentence.setdefault(m.sentence, [])
            if m.place_id not in ids:
                ids.append(m.place_id)
    quotes_of: dict[int, list] = {}
    for q in doc.quotes:
        for index in q.sentences:
            quotes_of.setdefault(index, []).append(q)
    everything: list[Excerpt] = []
    per_place: dict[str, list[Excerpt]] = {}
    for index in sorted(by_sentence):
        s = doc.sentences[index]
        if not (selected & set(s.event_types)) and not (all_types and not s.event_types):
            continue
        excerpt = Excerpt(
            index, s.start, s.end, s.event_types, tuple(by_sentence[index]), tuple(quotes_of.get(index, ()))
        )
        everything.append(excerpt)
        for pid in excerpt.place_ids:
            per_place.setdefault(pid, []).append(excerpt)
    return everything, per_place


def excerpts(doc: GeoDoc, view: View, options: Options, place_id: str | None = None) -> list[Excerpt]:
    """Excerpts of one place, or of all visible places."""
    everything, per_place = excerpt_index(doc, view, options)
    return everything if place_id is None else per_place.get(place_id, [])


def bounds(places: Iterable[Place]) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """South-west and north-east corners around places with a point."""
    points = [(p.lat, p.lon) for p in places if p.lat is not None and p.lon is not None]
    if not points:
        return None
    lats, lons = zip(*points)
    return (min(lats), min(lons)), (max(lats), max(lons))


def focus_places(doc: GeoDoc) -> list[Place]:
    """The places a first view should frame: the towns, districts, regions and borders where the
    article's events happened, which the first view shows (a town only mentioned, or a party's
    capital, would widen it to empty map: "militants from Hamas" had framed Germany with the West
    Bank); else every town, district, region and border, not whole countries (framing Russia
    would show half the planet); countries when there is nothing else."""
    local = [p for p in doc.places if p.kind in (Kind.CITY, Kind.DISTRICT, Kind.ADMIN_REGION, Kind.BORDER)]
    # each place's located types are computed once and kept: the page calls this on every rerun
    return [p for p in local if p.located_types] or local or list(doc.places)


# -- the page's small decisions ---------------------------------------------------------------------


def place_from_click(click: Mapping | None, visible: Iterable[Place]) -> str | None:
    """The place a map click meant: by the tooltip it returned, else the marker nearest the click."""
    if not click:
        return None
    visible = list(visible)
    tooltip = str(click.get("last_object_clicked_tooltip") or "").strip()
    for p in visible:
        if tooltip and (tooltip in (p.label, p.name) or tooltip.startswith((p.label + ":", p.name + ":"))):
            return p.id
    point = click.get("last_object_clicked")
    if isinstance(point, Mapping) and {"lat", "lng"} <= set(point):
        try:
            lat, lng = float(point["lat"]), float(point["lng"])
        except (TypeError, ValueError):
            return None
        markers = [p for p in visible if p.kind.is_marker and p.lat is not None]
        if markers:
            nearest = min(markers, key=lambda p: (p.lat - lat) ** 2 + (p.lon - lng) ** 2)
            if math.dist((nearest.lat, nearest.lon), (lat, lng)) < CLICK_RADIUS_DEG:
                return nearest.id
    return None


CLICK_RADIUS_DEG = 0.05


def click_signature(click: Mapping) -> str:
    """What makes a click new (streamlit-folium returns the last one on every rerun)."""
    import json

    return json.dumps(
        [
            click.get("last_object_clicked_count"),
            click.get("last_object_clicked_tooltip"),
            click.get("last_object_clicked"),
        ],
        default=str,
    )


def page_of(items: list, page: int, per_page: int) -> tuple[list, int, int]:
    """(the items on a page, the page clamped to 1..pages, the number of pages)."""
    pages = max(1, math.ceil(len(items) / per_page))
    page = min(max(page, 1), pages)
    return items[(page - 1) * per_page : page * per_page], page, pages


def zoom_for_place(place: Place | PlaceRecord) -> int:
    return ZOOM_TOWN if place.kind.is_marker else ZOOM_AREA


# -- the events table ----------------------------------------------------------------------------

EVENT_COLUMNS = ("Type", "Where", "Parties", "When", "Reported by", "Casualties claimed", "Sentence", "Link")


def event_rows(doc: GeoDoc, view: View, taxonomy, reported_by: str = "") -> list[dict]:
    """The events of the selected types as table rows (plain text: the table escapes nothing and
    needs nothing escaped), in text order; ``reported_by`` keeps only one source's accounts.
    Each row also carries ``_id`` and ``_places`` (the places to select: where it happened, else
    its parties)."""
    by_id = doc.places_by_id
    selected = set(view.types)
    rows = []
    own_words = _own_words(doc)
    for e in doc.events:
        if e.type not in selected or (reported_by and e.reported_by != reported_by):
            continue
        where = where_it_happened(doc, e, own_words)
        parties = list(
            dict.fromkeys(by_id[p.place_id].name for p in e.places if p.role == "actor" and p.place_id in by_id)
        )
        targets = event_targets(doc, e)
        text = doc.article.text[e.start : e.end].strip()
        rows.append(
            {
                "Type": taxonomy[e.type].label if e.type in taxonomy else e.type,
                "Where": ", ".join(where) or "—",
                "Parties": ", ".join(parties),
                "When": (e.when.text + (f" ({e.when.date})" if e.when.date else "")) if e.when else "",
                "Reported by": e.reported_by,
                "Casualties claimed": "; ".join(
                    f"{c.count} {c.kind}" + (f" ({c.claimed_by})" if c.claimed_by else "") for c in e.fatalities
                ),
                "Sentence": text if len(text) <= 240 else text[:239] + "…",
                "Link": f"?article={quote(doc.article.id)}&event={quote(event_key(e))}",
                "_id": e.id,
                "_places": [i for i in targets if i in by_id],
            }
        )
    return rows


def _own_words(doc: GeoDoc) -> frozenset[tuple[int, int]]:
    """The spans of the villages and streets the text names, which are drawn at another place or
    on no map."""
    return frozenset((m.start, m.end) for m in doc.mentions if m.role in (MentionRole.LOCALITY, MentionRole.STREET))


def where_it_happened(doc: GeoDoc, event, own_words: frozenset[tuple[int, int]] | None = None) -> list[str]:
    """An event's locations as a reader names them: a place by its name, a village or a street by
    the text's words and the place it is drawn at ("Haram (Giza)"), or as on no map ("Xinmo (not
    on the map)"). ``own_words``: :func:`_own_words` of the document, computed once for many events."""
    by_id = doc.places_by_id
    own_words = _own_words(doc) if own_words is None else own_words
    out = []
    for p in event.places_with(EventRole.LOCATION):
        place = by_id.get(p.place_id)
        if (p.start, p.end) in own_words:
            out.append(f"{p.text} ({place.label})" if place is not None else f"{p.text} (not on the map)")
        elif place is not None:
            out.append(place.label)
    return list(dict.fromkeys(out))


def reporters(doc: GeoDoc) -> list[str]:
    """Who reports the article's events, as the text names them, in order of first report."""
    return list(dict.fromkeys(e.reported_by for e in doc.events if e.reported_by))
