"""A place with coordinates and provenance (:class:`PlaceRecord`), the one spelling of "not a
place", the lookup key of a name (:func:`normalize`) and a geocoding cache's rows."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from mapview.model import ids
from mapview.model.enums import Kind, Source

_FOLD = str.maketrans(
    {
        "ı": "i",
        "ə": "e",
        "Ə": "e",
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "æ": "ae",
        "œ": "oe",
        "’": "'",
        "‘": "'",
        "`": "'",
        "ʼ": "'",
        "ʻ": "'",
    }
)


_DASHES = re.compile(r"\s*[‐‑‒–—−-]\s*")


_SPACES = re.compile(r"\s+")


def normalize(name: str) -> str:
    """The lookup key of a name: case, accents, dash and apostrophe variants and spacing folded."""
    if name.isalnum() and name.isascii():  # one plain word, most of what the recogniser asks
        return name.lower()
    if name.isascii():  # most news text: nothing to fold but case, dashes and spaces
        text = name
    else:
        text = unicodedata.normalize("NFKD", name.translate(_FOLD))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    if "-" in text or not text.isascii():
        text = _DASHES.sub("-", text)
    text = _SPACES.sub(" ", text).strip().casefold()
    if text.startswith("the "):
        text = text[4:]
    return text.rstrip(".")


@dataclass(frozen=True)
class PlaceRecord:
    """A place with coordinates and provenance: a gazetteer entry or a resolved geocoding result."""

    id: str
    name: str
    kind: Kind
    lat: float | None
    lon: float | None
    country_code: str = ""
    geonames_id: int | None = None
    polygon_id: str = ""
    population: int = 0
    source: Source = Source.UNKNOWN
    source_ref: str = ""  # the entry in that source: a file, a GeoNames id, a provider's place id
    confidence: float = 1.0
    note: str = ""
    admin1: str = ""  # id of the first-level unit a city lies in ("admin1:US-CA"), when known
    provider: str = ""  # for an online source: the geopy provider

    def __post_init__(self) -> None:
        # plain strings ("city", "online:nominatim") become the vocabularies' members, or fail here
        if not isinstance(self.kind, Kind):
            object.__setattr__(self, "kind", Kind(self.kind))
        if not isinstance(self.source, Source):
            source, provider = Source.parse(self.source)
            object.__setattr__(self, "source", source)
            object.__setattr__(self, "provider", self.provider or provider)

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def source_text(self) -> str:
        """The source as files and exports write it: "gazetteer:geonames", "online:nominatim"."""
        return self.source.written(self.provider)

    @property
    def is_not_a_place(self) -> bool:
        return self.kind is Kind.NOT_A_PLACE


#: The one spelling of "not a place": a reader's or an editor's decision that a name names none.
NOT_A_PLACE = PlaceRecord(
    id=ids.NOT_A_PLACE, name="not a place", kind=Kind.NOT_A_PLACE, lat=None, lon=None, source=Source.MANUAL
)


@dataclass(frozen=True)
class CacheEntry:
    place: PlaceRecord
    retrieved: str


CacheKey = tuple[str, str]  # (context, normalised query)
