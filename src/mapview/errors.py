"""One exception tree (after geopy's ``exc.py``): everything mapview raises on purpose is a
:class:`MapviewError`, and each error also inherits the builtin it resembles, so callers that
catch ``ValueError`` or ``TimeoutError`` keep working. Messages are meant for the user, on one line.
"""

from __future__ import annotations


class MapviewError(Exception):
    """The root of mapview's errors."""


class InputError(MapviewError, ValueError):
    """Input that cannot be used: a text, a file, a command-line argument, a corpus line."""


class UsageError(InputError):
    """A command used the wrong way (missing arguments, unknown options)."""


class ArticleError(InputError):
    """An article that cannot be read (empty, binary, undecodable, over the limits)."""


class NoPlacesError(InputError):
    """A text that names no place mapview knows."""


class GoldError(InputError):
    """A hand-annotation (gold) file that cannot be scored: malformed lines, or an article or
    sentence it names that is not there."""


class CacheError(MapviewError, ValueError):
    """A cache or overrides file that cannot be used safely (unreadable lines: never rewritten)."""


class GeocoderError(MapviewError, ConnectionError):
    """An online geocoder that did not answer usefully; raised by :func:`mapview.geo.geocode.lookup_online`,
    the one place geopy's errors are converted."""


class GeocoderTimeout(GeocoderError, TimeoutError):
    """The provider did not answer in time."""


class GeocoderBusy(GeocoderError):
    """Too many lookups waiting (the provider's rate), or the provider asked to wait (HTTP 429)."""


class GeocoderAnswerError(GeocoderError, ValueError):
    """The provider answered something that is not a place."""


class ParseTimeout(MapviewError, TimeoutError):
    """A parse ran past its time budget and was stopped."""


class ParseFailed(MapviewError, RuntimeError):
    """A parse in a worker process failed (the worker died or raised); the server stays up."""


class StoreError(MapviewError):
    """The collections' database cannot be opened or used; the message says why (never with the
    password). Raised by :mod:`mapview.store.database`, the one place the driver's errors are converted."""


class StoreUnavailable(StoreError, ConnectionError):
    """The database cannot be reached now (stopped, refused, timed out): it may be back later."""
