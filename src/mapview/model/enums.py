"""mapview's vocabularies: kinds of place, roles of mentions and names, and provenance.

They are :class:`enum.StrEnum`\\ s: each member *is* its string (``Kind.CITY == "city"``), so CSV
files, JSON exports and URLs keep the plain values, while the code can only name values that exist.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    """What sort of place a record is, from the most to the least specific."""

    CITY = "city"
    DISTRICT = "district"
    ADMIN_REGION = "admin_region"
    BORDER = "border"
    COUNTRY = "country"
    REGION = "region"
    CONTINENT = "continent"
    LANDMARK = "landmark"  # a building or site that stands for an institution: the White House, the Kremlin
    PLACE = "place"
    #: A reader's or an editor's decision that a name names no place at all.
    NOT_A_PLACE = "not_a_place"

    @property
    def is_marker(self) -> bool:
        """Drawn as a marker (towns, districts, landmarks and other points: the White House, an
        airport); the other kinds are polygons or lines, or a wide circle for a region without one."""
        return self in (Kind.CITY, Kind.DISTRICT, Kind.LANDMARK, Kind.PLACE)

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    Kind.CITY: "City or town",
    Kind.DISTRICT: "District",
    Kind.ADMIN_REGION: "Province or region",
    Kind.BORDER: "Border",
    Kind.COUNTRY: "Country",
    Kind.REGION: "Region",
    Kind.CONTINENT: "Continent",
    Kind.LANDMARK: "Landmark",
    Kind.PLACE: "Other place",
    Kind.NOT_A_PLACE: "Not a place",
}


class MentionRole(StrEnum):
    """How a span of text names its place."""

    TOPONYM = "toponym"  # by its name: "Lachin"
    DEMONYM = "demonym"  # by its people's adjective: "Armenian"
    METONYM = "metonym"  # a capital for its government: "Tehran is determined"
    BORDER = "border"  # "the Armenia-Azerbaijan border"
    DATELINE = "dateline"  # where the story was filed: "TEHRAN -"
    STREET = "street"  # a street or a building the gazetteer lacks, placed at its town: "Royal Street"
    LOCALITY = "locality"  # a village, district or county the gazetteer lacks, by its unit: "Maoxian county"


class EventRole(StrEnum):
    """What a place is to an event (mapview.nlp.roles; docs/event-annotation.md)."""

    LOCATION = "location"  # where it happened
    ACTOR = "actor"  # a party: named, by a capital for its government, or by a demonym
    SOURCE = "source"  # where a statement, report or reaction comes from
    MENTIONED = "mentioned"  # named in the sentence, no part in this event


class NameRole(StrEnum):
    """What a gazetteer name is of its place."""

    NAME = "name"
    ALIAS = "alias"
    DEMONYM = "demonym"


class ServedFrom(StrEnum):
    """Where the geocoder chain found a place."""

    OVERRIDE = "override"  # a saved correction
    READER = "reader"  # the reader's own correction, in their session
    CACHE = "cache"
    GAZETTEER = "gazetteer"
    ONLINE = "online"
    NONE = "none"  # unresolved

    @property
    def label(self) -> str:
        return {
            ServedFrom.OVERRIDE: "saved correction",
            ServedFrom.READER: "your correction",
            ServedFrom.CACHE: "geocoding cache",
            ServedFrom.GAZETTEER: "offline gazetteer",
            ServedFrom.ONLINE: "online geocoder",
            ServedFrom.NONE: "unresolved",
        }[self]


class Source(StrEnum):
    """Where a place record's coordinates come from. Online records carry their provider as well
    (:attr:`PlaceRecord.provider`); files write them as ``online:<provider>``."""

    CURATED = "gazetteer:curated"
    GEONAMES = "gazetteer:geonames"
    NATURAL_EARTH = "gazetteer:natural-earth"
    CENSUS = "gazetteer:us-census"
    AIRPORTS = "gazetteer:airportsdata"
    ONLINE = "online"
    MANUAL = "manual"
    UNKNOWN = ""

    @classmethod
    def parse(cls, text: str) -> tuple[Source, str]:
        """("online:nominatim") -> (Source.ONLINE, "nominatim"); unknown text -> (UNKNOWN, "")."""
        head, _, provider = (text or "").partition(":")
        if head == "online":
            return cls.ONLINE, provider
        try:
            return cls(text or ""), ""
        except ValueError:
            return cls.UNKNOWN, ""

    def written(self, provider: str = "") -> str:
        """The form files and exports use."""
        return f"online:{provider}" if self is Source.ONLINE and provider else str(self)
