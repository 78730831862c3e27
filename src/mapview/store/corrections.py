"""A reader's corrections of a resolution ("Which Lachin?"), and how they are kept.

Every reader's corrections live in their own session, for that article, and change nothing
anyone else sees. An editor (logged in, see the README) may save a correction of a bundled
article for every reader: it is written into this installation's overrides file (in the state
folder, over the shipped ``data/geocache_overrides.csv``) with its provenance, and can be listed
and undone. The shared corrections reach parses as a snapshot (:class:`OverrideBook`): a parse
uses one version from start to end, and a save makes a new version instead of changing the old.
Where ``MAPVIEW_DATABASE_URL`` is set, they are kept in that database instead
(:class:`DatabaseOverrideBook`), so every replica of the app on it shares them.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mapview.errors import CacheError, MapviewError
from mapview.geo.geocode import GeocodeCache, OnlineGeocoder, cache_key, lookup_online
from mapview.model.document import Alternative, Place
from mapview.model.enums import Source
from mapview.model.place import NOT_A_PLACE, CacheEntry, CacheKey, PlaceRecord, normalize
from mapview.settings import ONLINE_CANDIDATES
from mapview.util import today as today_

if TYPE_CHECKING:
    from mapview.store.database import Store


def decisions_for(place: Place, choice: PlaceRecord) -> dict[str, PlaceRecord]:
    """Every name that resolved to ``place`` now means ``choice`` (which may be NOT_A_PLACE)."""
    return {normalize(q): choice for q in place.queries}


def override_entries(
    article_id: str, place: Place, choice: PlaceRecord, *, who: str, today: str | None = None
) -> dict[CacheKey, CacheEntry]:
    """The override rows that say, for this article, that ``place``'s names mean ``choice``."""
    today = today or today_()
    entries = {}
    for query in place.queries:
        if choice.is_not_a_place:
            record = dataclasses.replace(
                NOT_A_PLACE,
                name=query,
                source_ref=f"{who}, {today}",
                note=f"marked as not a place (was {place.name}, {place.id})",
            )
        else:
            record = dataclasses.replace(
                choice,
                source=Source.MANUAL,
                provider="",
                confidence=1.0,
                source_ref=f"{who}, {today}; was {choice.source_text} {choice.source_ref}".strip(),
                note=f"chosen over {place.name} ({place.id})",
            )
        entries[cache_key(query, article_id)] = CacheEntry(record, today)
    return entries


def online_alternatives(online: OnlineGeocoder, query: str) -> tuple[Alternative, ...]:
    """More candidates for a name from the online geocoder (raises GeocoderError)."""
    return tuple(Alternative(record, 0.0) for record in lookup_online(online, query, candidates=ONLINE_CANDIDATES))


@dataclass(frozen=True)
class SavedCorrection:
    article: str
    query: str
    name: str  # what the name now means ("not a place" included)
    source_ref: str  # who saved it and when
    note: str  # what it replaced
    key: CacheKey
    shipped: bool  # in the shipped file: listed, not undone from the page


def saved_corrections(overrides: GeocodeCache) -> list[SavedCorrection]:
    out = []
    own = overrides.entries
    for key, entry in sorted(overrides.all_entries().items()):
        p = entry.place
        out.append(
            SavedCorrection(
                key[0],
                key[1],
                NOT_A_PLACE.name if p.is_not_a_place else p.name,
                p.source_ref,
                p.note,
                key,
                key not in own,
            )
        )
    return out


class OverrideBook:
    """The shared corrections as immutable snapshots. :meth:`current` gives the newest version
    and its number; :meth:`save` and :meth:`undo` write the file, then load a new snapshot.
    Nothing a reader holds changes under them: a snapshot, once handed out, is never modified."""

    problem: str | None = None  # a file on this server's disk is never away

    def __init__(self, path: Path, seed: Path):
        self.path, self.seed = Path(path), Path(seed)
        self._lock = threading.Lock()
        self._version = 0
        self._snapshot = self._load()

    def _load(self) -> GeocodeCache:
        return GeocodeCache.load(self.path, fallback=GeocodeCache.load(self.seed))

    def current(self) -> tuple[int, GeocodeCache]:
        with self._lock:
            return self._version, self._snapshot

    def _reload(self) -> None:
        with self._lock:
            self._snapshot = self._load()
            self._version += 1

    def save(self, article_id: str, place: Place, choice: PlaceRecord, *, who: str) -> int:
        entries = override_entries(article_id, place, choice, who=who)
        rows = GeocodeCache.load(self.path).save(entries, replace_keys=frozenset(entries))
        self._reload()
        return rows

    def undo(self, keys: frozenset[CacheKey]) -> int:
        removed = GeocodeCache.load(self.path).remove(keys)
        self._reload()
        return removed


class DatabaseOverrideBook:
    """The shared corrections in the collections' database, as immutable snapshots like
    :class:`OverrideBook`'s. Another replica's save reaches this one's readers within
    ``refresh_seconds`` (:meth:`current` asks the database at most that often whether anything
    changed); a version is the newest correction's id and how many were undone.

    The database may be away, when the server starts or later: :meth:`current` then keeps handing
    out the last snapshot it read (at first the shipped corrections alone) and says why in
    :attr:`problem`, and one reader at a time asks again while the others go on at once."""

    def __init__(self, open_store: Callable[[], Store], seed: Path, refresh_seconds: float = 2.0):
        self._open, self.refresh_seconds = open_store, refresh_seconds
        self._seed = GeocodeCache.load(seed)
        self._lock = threading.Lock()
        self._checked = float("-inf")
        self._checking = False
        self._version: tuple[int, int] = (-1, -1)
        self._snapshot = self._seed
        self.problem: str | None = None  # why the database's corrections cannot be read now

    def current(self) -> tuple[tuple[int, int], GeocodeCache]:
        from mapview.geo.geocode import parse_row

        with self._lock:
            if self._checking or time.monotonic() - self._checked < self.refresh_seconds:
                return self._version, self._snapshot
            self._checking = True  # this reader asks; the others take the snapshot meanwhile
        version, snapshot, problem = self._version, self._snapshot, None
        try:
            store = self._open()
            found = store.corrections_version()
            if found != version:
                entries = dict(
                    parse_row({**row, "context": context, "query": query})
                    for context, query, row in store.corrections()
                )
                snapshot = GeocodeCache(Path("mapview-database"), entries=entries, fallback=self._seed)
                version = found
        except MapviewError as exc:  # the database is away: the last snapshot stays in force
            problem = str(exc)
            if self.problem is None:
                logging.getLogger("mapview").error("shared corrections unavailable: %s", exc)
        finally:
            with self._lock:
                self._version, self._snapshot, self.problem = version, snapshot, problem
                self._checked, self._checking = time.monotonic(), False
        return version, snapshot

    def _changed(self) -> None:
        with self._lock:
            self._checked = float("-inf")  # this replica's readers see it on their next rerun

    def save(self, article_id: str, place: Place, choice: PlaceRecord, *, who: str) -> int:
        from mapview.geo.geocode import cache_row

        entries = override_entries(article_id, place, choice, who=who)
        try:
            n = self._open().save_corrections([(k[0], k[1], cache_row(k, e)) for k, e in entries.items()], who)
        except MapviewError as exc:  # the database refused or is unreachable: a message, never a traceback
            raise CacheError(f"the database did not take it ({exc})") from None
        self._changed()
        return n

    def undo(self, keys: frozenset[CacheKey]) -> int:
        try:
            removed = self._open().undo_corrections(keys)
        except MapviewError as exc:
            raise CacheError(f"the database did not take it ({exc})") from None
        self._changed()
        return removed
