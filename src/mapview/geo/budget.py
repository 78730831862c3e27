"""A server-wide budget of online geocoder requests, per hour and per day, kept across restarts.

A per-session limit alone lets one reader open tab after tab and drive the provider at its
rate limit indefinitely; the provider's usage policy (Nominatim: an absolute maximum of one
request per second, no heavy use) is per server. Spending is recorded in a small SQLite file
in the state folder, so every thread and process of the server, and the next start, see it.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

HOUR, DAY = 3600.0, 86400.0


@dataclass(frozen=True)
class Spent:
    allowed: bool
    last_hour: int
    last_day: int
    reason: str = ""


class OnlineBudget:
    def __init__(self, path: Path, per_hour: int, per_day: int, clock=time.time):
        self.path, self.per_hour, self.per_day, self.clock = Path(path), per_hour, per_day, clock

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        db.execute("CREATE TABLE IF NOT EXISTS lookups (at REAL NOT NULL)")
        return db

    def try_spend(self) -> Spent:
        """Record one request if the budget allows it; say why not otherwise."""
        now = self.clock()
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")  # one writer at a time, across processes
            db.execute("DELETE FROM lookups WHERE at < ?", (now - DAY,))
            hour, day = db.execute(
                "SELECT COUNT(*) FILTER (WHERE at >= ?), COUNT(*) FROM lookups", (now - HOUR,)
            ).fetchone()
            if day >= self.per_day:
                db.execute("COMMIT")
                return Spent(False, hour, day, f"this server has used its {self.per_day} online lookups for today")
            if hour >= self.per_hour:
                db.execute("COMMIT")
                return Spent(False, hour, day, f"this server has used its {self.per_hour} online lookups for this hour")
            db.execute("INSERT INTO lookups VALUES (?)", (now,))
            db.execute("COMMIT")
            return Spent(True, hour + 1, day + 1)
        finally:
            db.close()

    def spent(self) -> tuple[int, int]:
        now = self.clock()
        db = self._connect()
        try:
            return db.execute(
                "SELECT COUNT(*) FILTER (WHERE at >= ?), COUNT(*) FILTER (WHERE at >= ?) FROM lookups",
                (now - HOUR, now - DAY),
            ).fetchone()
        finally:
            db.close()
