"""The one place where the database driver's errors become mapview's: every call of a
:class:`~mapview.store.database.Store` and every open goes through here, so a page or an ingest
never sees SQLAlchemy's or the driver's exceptions (nor their tracebacks, with the server's paths),
and a message never holds the password.

A database that cannot be reached is :class:`~mapview.errors.StoreUnavailable`; after one such
failure every call fails at once for :func:`retry_seconds`, so a dead server costs readers one
wait, not one each.
"""

from __future__ import annotations

import functools
import inspect
import os
import time
from collections.abc import Callable

from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from mapview.errors import StoreError, StoreUnavailable


def retry_seconds() -> float:
    """After the database could not be reached, how long every call fails at once with the same
    message instead of trying again (``MAPVIEW_DATABASE_RETRY_SECONDS``, default 5)."""
    try:
        return max(0.0, float(os.environ.get("MAPVIEW_DATABASE_RETRY_SECONDS", 5.0)))
    except ValueError:
        return 5.0


_UNREACHABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)


def reason(exc: BaseException, password: str | None) -> str:
    """The driver's own words, on one line, without the password (should a driver quote it)."""
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    text = " ".join(str(cause).split()) or type(cause).__name__
    if password:
        text = text.replace(password, "***")
    return text[:300]


def unreachable(exc: SQLAlchemyError) -> bool:
    return isinstance(exc, _UNREACHABLE) or (isinstance(exc, DBAPIError) and exc.connection_invalidated)


def as_store_error(exc: SQLAlchemyError, password: str | None = None) -> StoreError:
    """What the driver raised, as the one-line error a reader or an operator is shown."""
    if unreachable(exc):
        return StoreUnavailable(f"the database cannot be reached ({reason(exc, password)})")
    return StoreError(f"the database refused the request ({reason(exc, password)})")


def _guarded(method: Callable) -> Callable:
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        if (down := self._down) is not None and time.monotonic() < down[0]:
            raise StoreUnavailable(down[1])
        try:
            return method(self, *args, **kwargs)
        except SQLAlchemyError as exc:
            error = as_store_error(exc, self.engine.url.password)
            if isinstance(error, StoreUnavailable):
                self._down = (time.monotonic() + retry_seconds(), str(error))
            raise error from None

    return call


def every_call_guarded(cls: type) -> type:
    """Every public method of the store turns the driver's errors into a :class:`StoreError`, in
    this one place: a page or an ingest never sees SQLAlchemy's or the driver's exceptions (nor
    their tracebacks, with the server's paths). After a failure to reach the database, calls fail
    at once for :func:`retry_seconds`, so a dead server costs readers one wait, not one each."""
    for name, member in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(member):
            setattr(cls, name, _guarded(member))
    return cls
