"""The geocoder chain and its cache.

Resolution order for a query (a place name as the text writes it):

1. manual overrides (``data/geocache_overrides.csv``): a person's decision wins over everything;
2. the cache (``data/geocache.csv``): what was resolved before, with its original provenance;
3. the offline gazetteer;
4. only when asked (``online=True``), a geopy geocoder: Nominatim by default, any geopy
   provider by name, behind geopy's ``RateLimiter`` (one request per second).

Cache files are CSV with one row per query and context: the context is an article's id when
the row holds a decision for that article alone (namesakes: "London" in an Ontario story), or
empty when it holds for every article. Writes take an exclusive lock, re-read the file,
merge, write a temporary file and rename it over the old one, so concurrent writers lose
nothing and a crash leaves either the old or the new file, never half of one. A file with
unreadable lines is reported (file and line) and never rewritten, so it cannot shrink.
"""

from __future__ import annotations

import csv
import logging
import math
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from mapview.errors import CacheError, GeocoderAnswerError, GeocoderBusy, GeocoderError, GeocoderTimeout, MapviewError
from mapview.geo.gazetteer import Gazetteer
from mapview.geo.places import from_location
from mapview.geo.ranking import Context
from mapview.model.enums import Kind, ServedFrom, Source
from mapview.model.place import CacheEntry, CacheKey, PlaceRecord, normalize
from mapview.settings import GEOCODER_TIMEOUT_S, ONLINE_CANDIDATES
from mapview.util import atomic_write, lock_for, today

log = logging.getLogger(__name__)

CACHE_COLUMNS = (
    "query",
    "context",
    "id",
    "name",
    "kind",
    "lat",
    "lon",
    "country_code",
    "geonames_id",
    "polygon_id",
    "population",
    "source",
    "source_ref",
    "confidence",
    "retrieved",
    "note",
)
USER_AGENT = "mapview/0.1 (news-article geoparser; https://pypi.org/project/geopy/ etiquette)"


@dataclass(frozen=True)
class Resolution:
    """The answer for one query: a place, where it was served from, or why there is none."""

    query: str
    place: PlaceRecord | None
    served_from: ServedFrom
    retrieved: str = ""
    reason: str = ""  # why unresolved
    key: CacheKey | None = None  # where a new answer (gazetteer, online) would be cached

    def cache_entry(self) -> tuple[CacheKey, CacheEntry] | None:
        """The cache row this answer would add, or None when it came from a cache or failed."""
        if self.key is None or self.place is None:
            return None
        return self.key, CacheEntry(self.place, self.retrieved)


def cache_key(query: str, context: str = "") -> CacheKey:
    return (context, normalize(query))


@dataclass
class GeocodeCache:
    """(context, query) -> place, stored as CSV. Loading tolerates bad lines; saving never loses rows.

    A cache may have a read-only ``fallback`` below it: the shipped seed under this
    installation's own file. Reads look in the file first, then in the fallback; writes go to
    the file only. Nothing here changes after loading but through :meth:`save`, which only the
    caller that owns the cache (the command line, an editor's save) calls.
    """

    path: Path
    entries: dict[CacheKey, CacheEntry] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    fallback: GeocodeCache | None = None

    @classmethod
    def load(cls, path: str | Path, *, fallback: GeocodeCache | None = None) -> GeocodeCache:
        cache = cls(Path(path), fallback=fallback)
        cache.entries, cache.problems = _read_cache(cache.path)
        for problem in cache.problems:
            log.warning("%s", problem)
        return cache

    def get(self, query: str, article: str = "") -> CacheEntry | None:
        """The row for this article if there is one, else the row for every article."""
        key = normalize(query)
        found = (self.entries.get((article, key)) if article else None) or self.entries.get(("", key))
        if found is None and self.fallback is not None:
            return self.fallback.get(query, article)
        return found

    def all_entries(self) -> dict[CacheKey, CacheEntry]:
        """Every row, the fallback's under this file's own."""
        below = self.fallback.all_entries() if self.fallback is not None else {}
        return {**below, **self.entries}

    def save(self, new: dict[CacheKey, CacheEntry], *, replace_keys: frozenset[CacheKey] = frozenset()) -> int:
        """Merge ``new`` into the file on disk atomically; return how many rows it now holds.

        Rows already on disk win over ``new`` unless their key is in ``replace_keys`` (a refresh).
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with lock_for(self.path):
            on_disk, problems = _read_cache(self.path)
            if problems:
                raise CacheError(
                    f"{self.path} has {len(problems)} unreadable line(s), first: {problems[0]}; "
                    "not writing, so that nothing in it is lost"
                )
            merged = dict(on_disk)
            for key, entry in new.items():
                if key not in merged or key in replace_keys:
                    merged[key] = entry
            _write_atomic(self.path, merged)
            self.entries = merged
            return len(merged)

    def remove(self, keys: frozenset[CacheKey]) -> int:
        """Delete rows from the file on disk atomically (an editor's undo); return how many were removed."""
        with lock_for(self.path):
            on_disk, problems = _read_cache(self.path)
            if problems:
                raise CacheError(
                    f"{self.path} has {len(problems)} unreadable line(s), first: {problems[0]}; "
                    "not writing, so that nothing in it is lost"
                )
            kept = {k: v for k, v in on_disk.items() if k not in keys}
            removed = len(on_disk) - len(kept)
            if removed:
                _write_atomic(self.path, kept)
            self.entries = kept
            return removed


def _read_cache(path: Path) -> tuple[dict[CacheKey, CacheEntry], list[str]]:
    entries: dict[CacheKey, CacheEntry] = {}
    problems: list[str] = []
    try:
        fh = open(path, encoding="utf-8", newline="")  # noqa: SIM115 (closed by `with fh` below)
    except FileNotFoundError:
        return entries, problems
    with fh:
        try:
            reader = csv.DictReader(fh)
            if reader.fieldnames is None:
                return entries, problems
            missing = set(CACHE_COLUMNS) - set(reader.fieldnames) - {"context"}  # older files lack it
            if missing:
                return entries, [f"{path}:1: header lacks columns {sorted(missing)}"]
            for row in reader:
                try:
                    key, entry = parse_row(row)
                except (ValueError, TypeError, KeyError) as exc:
                    problems.append(f"{path}:{reader.line_num}: {exc}")
                    continue
                entries[key] = entry
        except (csv.Error, UnicodeDecodeError) as exc:
            problems.append(f"{path}: unreadable after line {len(entries) + 1}: {exc}")
    return entries, problems


def parse_row(row: dict) -> tuple[CacheKey, CacheEntry]:
    """A row of the cache's columns as a cache entry; ValueError (or TypeError, KeyError) for a bad one."""
    if None in row:
        raise ValueError(f"more fields than the {len(CACHE_COLUMNS)} columns")
    missing = [c for c in CACHE_COLUMNS if row.get(c) is None and c != "context"]
    if missing:
        raise ValueError(f"truncated line: no {', '.join(missing)}")
    query = row["query"].strip()
    if not query:
        raise ValueError("empty query")
    lat = _float_or_none(row["lat"])
    lon = _float_or_none(row["lon"])
    if (lat is None) != (lon is None) or (
        lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180)
    ):
        raise ValueError(f"bad coordinates {row['lat']!r}, {row['lon']!r}")
    source, provider = Source.parse(row.get("source") or "")
    place = PlaceRecord(
        id=row["id"],
        name=row["name"],
        kind=Kind(row["kind"]),
        lat=lat,
        lon=lon,
        country_code=row.get("country_code") or "",
        geonames_id=int(row["geonames_id"]) if row.get("geonames_id") else None,
        polygon_id=row.get("polygon_id") or "",
        population=int(row.get("population") or 0),
        source=source,
        provider=provider,
        source_ref=row.get("source_ref") or "",
        confidence=float(row.get("confidence") or 1.0),
        note=row.get("note") or "",
    )
    if not place.id or not place.name:
        raise ValueError("missing id or name")
    return ((row.get("context") or "").strip(), normalize(query)), CacheEntry(place, row.get("retrieved") or "")


def _float_or_none(value: str | None) -> float | None:
    if value in (None, ""):
        return None
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"not a finite number: {value!r}")
    return number


def cache_row(key: CacheKey, entry: CacheEntry) -> dict:
    """A cache entry as a row of the cache's columns (the CSV's, and the database's corrections')."""
    p = entry.place
    return {
        "query": key[1],
        "context": key[0],
        "id": p.id,
        "name": p.name,
        "kind": p.kind,
        "lat": "" if p.lat is None else f"{p.lat:.5f}",
        "lon": "" if p.lon is None else f"{p.lon:.5f}",
        "country_code": p.country_code,
        "geonames_id": p.geonames_id or "",
        "polygon_id": p.polygon_id,
        "population": p.population or "",
        "source": p.source_text,
        "source_ref": p.source_ref,
        "confidence": f"{p.confidence:.2f}",
        "retrieved": entry.retrieved,
        "note": p.note,
    }


def _write_atomic(path: Path, entries: dict[CacheKey, CacheEntry]) -> None:
    with atomic_write(path) as fh:
        writer = csv.DictWriter(fh, fieldnames=CACHE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for key in sorted(entries):
            writer.writerow(cache_row(key, entries[key]))


class OnlineGeocoder:
    """A geopy geocoder behind geopy's RateLimiter, polite to its provider and safe for its callers.

    * one request per ``min_delay_seconds`` across every thread that shares it;
    * a bounded number of retries, in one place (connection-level retries are switched off), and
      only for failures that may pass (timeouts, 5xx, unreachable); never for a 429;
    * a 429 answer's ``Retry-After`` is honoured: until then every lookup fails at once, without
      a request, so one impatient session cannot get the whole server banned;
    * a lookup waits at most ``max_wait_seconds`` for its turn: when more readers queue than the
      rate allows in that time, it fails at once (:class:`GeocoderBusy`) instead of hanging.

    It raises geopy's errors; :func:`lookup_online` is where they become mapview's.
    """

    MAX_BACKOFF_SECONDS = 600.0

    def __init__(
        self,
        provider: str = "nominatim",
        *,
        user_agent: str = USER_AGENT,
        timeout: float = GEOCODER_TIMEOUT_S,
        min_delay_seconds: float = 1.0,
        max_retries: int = 1,
        max_wait_seconds: float | None = None,
        **kwargs,
    ):
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import get_geocoder_for_service

        cls = get_geocoder_for_service(provider)
        self.provider = provider
        self.geocoder = cls(user_agent=user_agent, timeout=timeout, adapter_factory=_adapter_without_retries, **kwargs)
        self.limited = RateLimiter(
            self.geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=False
        )
        self.max_retries = max_retries
        self.error_wait = max(min_delay_seconds, 0.2)
        self.blocked_until = 0.0
        self.min_delay = min_delay_seconds
        self.max_wait = max_wait_seconds
        self.next_slot = 0.0  # when the next request may go (slots are handed out in order)
        self._lock = threading.Lock()
        self._extra = {"addressdetails": True} if provider == "nominatim" else {}

    def __call__(self, query: str, exactly_one: bool = True, limit: int = ONLINE_CANDIDATES):
        from geopy.exc import GeocoderRateLimited, GeocoderServiceError

        for attempt in range(self.max_retries + 1):
            with self._lock:
                now = time.monotonic()
                wait = self.blocked_until - now
                if wait <= 0 and self.max_wait is not None:
                    slot = max(now, self.next_slot)
                    if slot - now > self.max_wait:
                        raise GeocoderBusy(
                            f"{self.provider} is busy with other readers' lookups; try again in {slot - now:.0f} s"
                        )
                    self.next_slot = slot + self.min_delay
            if wait > 0:
                raise GeocoderRateLimited(
                    f"{self.provider} asked to wait; {wait:.0f} s to go", retry_after=int(wait) + 1
                )
            try:
                if exactly_one:
                    return self.limited(query, exactly_one=True, **self._extra)
                found = self.limited(
                    query,
                    exactly_one=False,
                    **({"limit": limit} if self.provider == "nominatim" else {}),
                    **self._extra,
                )
                return list(found or [])[:limit]
            except GeocoderRateLimited as exc:
                pause = min(float(exc.retry_after or 60), self.MAX_BACKOFF_SECONDS)
                with self._lock:
                    self.blocked_until = max(self.blocked_until, time.monotonic() + pause)
                raise
            except GeocoderServiceError:  # timeouts, 5xx, unreachable: may pass, so try again (bounded)
                if attempt == self.max_retries:
                    raise
                time.sleep(self.error_wait)
        raise AssertionError("unreachable")


def online_geocoder(provider: str = "nominatim", **options) -> OnlineGeocoder:
    return OnlineGeocoder(provider, **options)


def lookup_online(online: OnlineGeocoder, query: str, *, candidates: int | None = None) -> list[PlaceRecord]:
    """The places an online geocoder finds for a query, best first: one (``candidates=None``) or up
    to ``candidates``. The one place where geopy's errors become :class:`GeocoderError`\\ s."""
    from geopy import exc as geopy_exc

    provider = online.provider
    try:
        found = online(query, exactly_one=candidates is None, limit=candidates or 1)
    except MapviewError:
        raise
    except geopy_exc.GeocoderTimedOut as exc:
        raise GeocoderTimeout(f"{provider} failed: {type(exc).__name__}: {exc}"[:300]) from exc
    except geopy_exc.GeocoderRateLimited as exc:
        raise GeocoderBusy(f"{provider} failed: {type(exc).__name__}: {exc}"[:300]) from exc
    except geopy_exc.GeopyError as exc:
        raise GeocoderError(f"{provider} failed: {type(exc).__name__}: {exc}"[:300]) from exc
    except (ValueError, TypeError, KeyError) as exc:
        raise GeocoderAnswerError(f"{provider} answered malformed data: {exc}"[:300]) from exc
    locations = ([found] if found is not None else []) if candidates is None else list(found)
    records = []
    for location in locations:
        try:
            records.append(record_from_online(query, location, provider))
        except (ValueError, TypeError, AttributeError) as exc:
            if candidates is None:
                raise GeocoderAnswerError(f"{provider} answered malformed data: {exc}"[:300]) from exc
    return records


def _adapter_without_retries(proxies=None, ssl_context=None):
    from geopy.adapters import RequestsAdapter, URLLibAdapter

    try:
        return RequestsAdapter(proxies=proxies, ssl_context=ssl_context, max_retries=0)
    except ImportError:  # requests missing: urllib does not retry
        return URLLibAdapter(proxies=proxies, ssl_context=ssl_context)


_ONLINE_KINDS = {
    "city": Kind.CITY,
    "town": Kind.CITY,
    "village": Kind.CITY,
    "country": Kind.COUNTRY,
    "state": Kind.ADMIN_REGION,
    "administrative": Kind.ADMIN_REGION,
    "county": Kind.DISTRICT,
}


def record_from_online(query: str, location, provider: str) -> PlaceRecord:
    raw = location.raw if isinstance(location.raw, dict) else {}
    address = raw.get("address") or {}
    kind = _ONLINE_KINDS.get(str(raw.get("addresstype") or raw.get("type")), Kind.PLACE)
    ref = (raw.get("osm_type", "") and f"{raw.get('osm_type')}/{raw.get('osm_id')}") or str(raw.get("place_id", ""))
    return PlaceRecord(
        id=f"{provider}:{ref or normalize(query)}",
        name=(location.address or query).split(",")[0].strip() or query,
        kind=kind,
        lat=float(location.latitude),
        lon=float(location.longitude),
        country_code=str(address.get("country_code", "")).upper()[:2],
        source=Source.ONLINE,
        provider=provider,
        source_ref=ref,
        confidence=0.6,
        note=(location.address or "")[:200],
    )


class GeocoderChain:
    """overrides -> cache -> gazetteer -> (online). Never changes: safe to share between threads.

    What it resolves anew (from the gazetteer or online) is returned in each
    :class:`Resolution` (:meth:`Resolution.cache_entry`); whoever owns the cache saves it.
    """

    def __init__(
        self,
        gazetteer: Gazetteer,
        cache: GeocodeCache | None = None,
        overrides: GeocodeCache | None = None,
        online: OnlineGeocoder | None = None,
    ):
        self.gazetteer = gazetteer
        self.cache = cache
        self.overrides = overrides
        self.online = online

    def resolve(
        self,
        query: str,
        *,
        context: Context | None = None,
        refresh: bool = False,
        overrides: GeocodeCache | None = None,
    ) -> Resolution:
        """Resolve one name. ``refresh`` looks past the cache; ``overrides`` replaces the chain's
        own for this call (a caller's consistent snapshot of the shared corrections)."""
        ctx = context or Context()
        key = cache_key(query, ctx.article)
        overrides = self.overrides if overrides is None else overrides
        for served_from, store in (
            (ServedFrom.OVERRIDE, overrides),
            (ServedFrom.CACHE, None if refresh else self.cache),
        ):
            entry = store.get(query, ctx.article) if store is not None else None
            if entry is not None:
                return Resolution(query, entry.place, served_from, entry.retrieved)
        location = self.gazetteer.geocode(query, context=ctx)
        if location is not None:
            return Resolution(query, from_location(location), ServedFrom.GAZETTEER, today(), key=key)
        if self.online is None:
            return Resolution(
                query, None, ServedFrom.NONE, reason="not in the offline gazetteer (online lookup is off)"
            )
        try:
            found = lookup_online(self.online, query)
        except GeocoderError as exc:
            return Resolution(query, None, ServedFrom.NONE, reason=str(exc))
        if not found:
            return Resolution(query, None, ServedFrom.NONE, reason=f"{self.online.provider} found nothing")
        # an online answer holds for every article
        return Resolution(query, found[0], ServedFrom.ONLINE, today(), key=cache_key(query))
