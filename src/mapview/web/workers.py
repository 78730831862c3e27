"""Long parses in worker processes, in two lanes, each within a time budget that a session can cancel.

Streamlit serves every browser session as a thread of one process. Parsing is linear in the
text's length, but a 300,000-character paste still holds the interpreter's lock for seconds,
and every other reader's page waits. Texts from ``long_text_chars`` on are therefore parsed in
worker processes (``pebble``, whose running tasks can be cancelled: the worker is ended and
replaced, and whose time limit counts from the moment a worker starts the task, not from the
queue). Each worker loads the gazetteer once.

Two lanes, so that ordinary articles never wait behind huge pastes: texts under ``lane_chars``
go to a lane of their own (one process), longer ones to the long lane (``workers`` processes, at a
lower priority).
A session holds at most one parse: a new one cancels its previous one, queued or running. While
a text waits, its reader is told their place in the queue.
"""

from __future__ import annotations

import functools
import multiprocessing
import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import CancelledError
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mapview.errors import MapviewError, ParseFailed, ParseTimeout
from mapview.geo.geocode import GeocodeCache
from mapview.model.article import Article
from mapview.model.place import PlaceRecord

#: Texts under this many characters are read in the lane for ordinary articles.
LANE_CHARS = 100_000
#: The long lane's workers run at this lower priority (``nice``): a huge paste gets the cores the
#: server and ordinary readers leave.
LONG_NICE = 10


def _load_in_worker() -> None:
    """Each worker loads the gazetteer once, when it starts."""
    from mapview.pipeline import default_geoparser

    default_geoparser()


def _start_worker(nice: int, load: Callable[[], None] | None) -> None:
    """A worker's start: lower its scheduling priority by ``nice`` (the long lane's, so that the
    server and the lane of ordinary texts get the cores first), then ``load``."""
    if nice:
        import os

        os.nice(nice)
    if load is not None:
        load()


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


@dataclass(eq=False)
class Ticket:
    """One parse handed to the pool: its future, its lane, and who asked."""

    future: Any  # pebble's ProcessFuture
    lane: str
    owner: Hashable | None


@dataclass
class ParsePool:
    workers: int = 1  # processes of the long lane
    lane_chars: int = LANE_CHARS
    initializer: Callable[[], None] | None = _load_in_worker
    long_nice: int = LONG_NICE
    _pools: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    _waiting: dict[str, list[Ticket]] = field(default_factory=dict, init=False, repr=False)
    _owned: dict[Hashable, Ticket] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def lane_of(self, chars: int) -> str:
        return "short" if chars < self.lane_chars else "long"

    def _pool(self, lane: str):
        pool = self._pools.get(lane)
        if pool is None or not pool.active:
            from pebble import ProcessPool

            size, nice = (1, 0) if lane == "short" else (max(1, self.workers), self.long_nice)
            start = functools.partial(_start_worker, nice, self.initializer)
            pool = self._pools[lane] = ProcessPool(max_workers=size, initializer=start, context=_context())
        return pool

    def schedule(
        self, fn: Callable, args: tuple, *, lane: str, budget_seconds: float, owner: Hashable | None = None
    ) -> Ticket:
        """Run ``fn(*args)`` in ``lane`` within ``budget_seconds`` of its own running time. A
        previous parse of the same ``owner`` (a session) is cancelled first."""
        with self._lock:
            if owner is not None and (previous := self._owned.pop(owner, None)) is not None:
                previous.future.cancel()  # queued: never starts; running: its worker is replaced
            # pebble takes a timeout of 0 for none at all
            future = self._pool(lane).schedule(fn, args=args, timeout=max(budget_seconds, 0.001))
            ticket = Ticket(future, lane, owner)
            self._waiting.setdefault(lane, []).append(ticket)
            if owner is not None:
                self._owned[owner] = ticket
            return ticket

    def submit(
        self,
        article: Article,
        decisions=None,
        overrides: GeocodeCache | None = None,
        *,
        budget_seconds: float,
        owner: Hashable | None = None,
    ) -> Ticket:
        return self.schedule(
            _parse_in_worker,
            (article, dict(decisions or {}), overrides),
            lane=self.lane_of(len(article.text)),
            budget_seconds=budget_seconds,
            owner=owner,
        )

    def ahead_of(self, ticket: Ticket) -> int:
        """How many parses of its lane wait to start before this one (0 once it runs)."""
        with self._lock:
            queue = self._waiting.get(ticket.lane, [])
            queue[:] = [t for t in queue if not (t.future.running() or t.future.done())]
            return queue.index(ticket) if ticket in queue else 0

    def release(self, ticket: Ticket) -> None:
        """The parse is over (done, failed, timed out, or its reader left): cancel it if it is not."""
        if not ticket.future.done():
            ticket.future.cancel()
        with self._lock:
            if ticket.owner is not None and self._owned.get(ticket.owner) is ticket:
                del self._owned[ticket.owner]

    def close(self) -> None:
        with self._lock:
            for pool in self._pools.values():
                pool.stop()
                pool.join(timeout=5)
            self._pools.clear()


def wait_for(pool: ParsePool, ticket: Ticket, tick: Callable[[int, float], None] | None = None, interval=0.25):
    """The ticket's result, calling ``tick(ahead, running_seconds)`` between polls (``ahead``: the
    parses before it in its lane's queue). The pool enforces the budget; the ticket is released
    however this ends, Streamlit's stop of a session that left included."""
    started = None
    try:
        while True:
            try:
                return ticket.future.result(timeout=interval)
            except FutureTimeout:
                if ticket.future.done():  # the pool's budget ran out: the task's own TimeoutError
                    raise
                if tick is not None:
                    ahead = pool.ahead_of(ticket)
                    if ahead == 0 and started is None and ticket.future.running():
                        started = time.monotonic()
                    tick(ahead, time.monotonic() - started if started is not None else 0.0)
    finally:
        pool.release(ticket)


def parse_in_pool(
    pool: ParsePool,
    article: Article,
    decisions,
    overrides: GeocodeCache | None,
    budget_seconds: float,
    tick=None,
    owner: Hashable | None = None,
):
    """Parse in the pool within the budget of its own running time: the document, or
    :class:`ParseTimeout` / :class:`ParseFailed` with a message for the reader."""
    import logging

    ticket = pool.submit(article, decisions, overrides, budget_seconds=budget_seconds, owner=owner)
    try:
        return wait_for(pool, ticket, tick)
    except TimeoutError:  # pebble's limit (concurrent.futures.TimeoutError is the builtin since 3.11)
        raise ParseTimeout(
            f"reading this text took longer than {budget_seconds:.0f} s, so it was stopped; try a shorter text"
        ) from None
    except CancelledError:
        raise ParseFailed("this text was not read: a newer text from this page replaced it") from None
    except MapviewError:
        raise
    except Exception as exc:  # the worker died or failed
        logging.getLogger("mapview").exception("a parse in a worker failed")
        raise ParseFailed(f"this text could not be read ({type(exc).__name__})") from None
