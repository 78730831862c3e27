"""Long parses in worker processes, with a time budget, that a session can cancel.

Streamlit serves every browser session as a thread of one process. Parsing is linear in the
text's length, but a 300,000-character paste still holds the interpreter's lock for seconds,
and every other reader's page waits. Texts from ``long_text_chars`` on are therefore parsed in
a small pool of worker processes (``pebble``, whose running tasks can be cancelled: the worker
is ended and replaced). Each worker loads the gazetteer once.

:meth:`ParsePool.submit` returns a future; the page polls it while it shows progress, so when
the reader leaves (Streamlit stops the script at its next call) or the budget runs out, the
``finally`` of the poll cancels the task and the CPU is free again.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path

from mapview.errors import MapviewError, ParseFailed, ParseTimeout
from mapview.geo.geocode import GeocodeCache
from mapview.model.article import Article
from mapview.model.place import PlaceRecord


def _load_in_worker() -> None:
    """Each worker loads the gazetteer once, when it starts."""
    from mapview.pipeline import default_geoparser

    default_geoparser()


def _parse_in_worker(article: Article, decisions: dict[str, PlaceRecord], overrides: GeocodeCache | None):
    from mapview.pipeline import default_geoparser

    # the initializer loaded it; default_geoparser() is cached, so this is the same one
    return default_geoparser().parse(article, decisions, overrides=overrides)


def _context():
    """The start method of the workers: "spawn", a fresh interpreter rather than a fork of a server
    with running threads. spawn imports the main module again by its path; where it has none
    (``python -c``, a script on standard input), "fork" is the only way, and such a process runs no
    server threads."""
    import sys

    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    importable = getattr(getattr(main, "__spec__", None), "name", None) or (path and Path(path).is_file())
    method = "spawn" if importable or "fork" not in multiprocessing.get_all_start_methods() else "fork"
    return multiprocessing.get_context(method)


@dataclass
class ParsePool:
    workers: int = 1

    def __post_init__(self) -> None:
        self._pool = None
        self._lock = threading.Lock()

    def _get(self):
        with self._lock:
            if self._pool is None or not self._pool.active:
                from pebble import ProcessPool

                self._pool = ProcessPool(max_workers=self.workers, initializer=_load_in_worker, context=_context())
            return self._pool

    def submit(self, article: Article, decisions=None, overrides: GeocodeCache | None = None):
        return self._get().schedule(_parse_in_worker, args=(article, dict(decisions or {}), overrides))

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.stop()
                self._pool.join(timeout=5)
                self._pool = None


def wait_for(future, budget_seconds: float, tick=None, interval: float = 0.25):
    """The future's result, calling ``tick(elapsed)`` between polls; cancel it on a timeout or on
    any exception from ``tick`` (Streamlit's stop when the session ends) and re-raise."""
    started = time.monotonic()
    try:
        while True:
            elapsed = time.monotonic() - started
            if elapsed > budget_seconds:
                raise ParseTimeout(f"stopped after {budget_seconds:.0f} s")
            try:
                return future.result(timeout=interval)
            except FutureTimeout:
                if tick is not None:
                    tick(elapsed)
    finally:
        if not future.done():
            future.cancel()  # pebble ends the worker running it and starts a fresh one


def parse_in_pool(
    pool: ParsePool, article: Article, decisions, overrides: GeocodeCache | None, budget_seconds: float, tick=None
):
    """Parse in the pool within the budget: the document, or :class:`ParseTimeout` /
    :class:`ParseFailed` with a message for the reader."""
    import logging

    try:
        return wait_for(pool.submit(article, decisions, overrides), budget_seconds, tick)
    except ParseTimeout:
        raise ParseTimeout(
            f"reading this text took longer than {budget_seconds:.0f} s, so it was stopped; try a shorter text"
        ) from None
    except MapviewError:
        raise
    except Exception as exc:  # the worker died or failed
        logging.getLogger("mapview").exception("a parse in a worker failed")
        raise ParseFailed(f"this text could not be read ({type(exc).__name__})") from None
