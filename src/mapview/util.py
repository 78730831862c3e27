"""Small helpers with one home each: distance, today's date, ISO days, file locks and atomic
replacement, and a thread-safe least-recently-used cache."""

from __future__ import annotations

import datetime as dt
import math
import os
import tempfile
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Generic, TextIO, TypeVar

from filelock import FileLock

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG); the corpora's scorer uses the same


def parse_day(value: str) -> dt.date | None:
    """A day from an ISO date (its first ten characters); None for anything less precise."""
    try:
        return dt.date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km. Plain math rather than geopy's ``great_circle``: it runs in the
    resolver's inner loop, where building geopy Point objects costs more than the distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def today() -> str:
    """Today's date, ISO: the one clock of provenance stamps (``retrieved``, saved corrections)."""
    return dt.date.today().isoformat()


def lock_for(path: Path) -> FileLock:
    """An exclusive lock beside a file, for every process that writes it (any platform)."""
    return FileLock(str(path.with_name(f".{path.name}.lock")))


@contextmanager
def atomic_write(path: Path, *, encoding: str = "utf-8", newline: str | None = "") -> Iterator[TextIO]:
    """Write a text file through a temporary file in the same folder, renamed over ``path`` only
    when the block ends without error: readers see the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the file it replaces was not
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class SharedLRU(Generic[K, V]):
    """A least-recently-used cache that threads (Streamlit sessions) may share: cachetools'
    ``LRUCache`` behind a lock. ``getsizeof`` bounds it by size instead of by count."""

    def __init__(self, maxsize: int, getsizeof: Callable[[V], int] | None = None):
        from cachetools import LRUCache

        self._cache: LRUCache = LRUCache(maxsize, getsizeof=getsizeof)
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            return self._cache.get(key)

    def put(self, key: K, value: V) -> None:
        with self._lock, suppress(ValueError):  # larger than the whole cache: not kept
            self._cache[key] = value

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._cache)
