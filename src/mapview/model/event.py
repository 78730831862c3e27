"""What happened, where, who took part, who says so, when, and what casualties are claimed: the
event records of a document (made by :mod:`mapview.nlp.roles`)."""

from __future__ import annotations

from dataclasses import dataclass

from mapview.model.enums import EventRole, Kind


@dataclass(frozen=True)
class Casualty:
    kind: str  # killed | injured
    count: str  # as the text gives it: "150-200", "hundreds"
    low: int | None
    high: int | None
    who: str  # whose casualties, as written ("Armenian armed forces")
    claimed_by: str  # filled by the pipeline from the quote's speaker or the sentence's source
    start: int
    end: int

    def claim(self) -> dict:
        """The claim without its place in the text, as exports and the store keep it."""
        return {
            "kind": self.kind,
            "count": self.count,
            "low": self.low,
            "high": self.high,
            "who": self.who,
            "claimed_by": self.claimed_by,
        }


#: ACLED's geographic precision: 1 a town, 2 a district or a stretch of border, 3 a province,
#: country or wider region.
GEO_PRECISION = {
    Kind.CITY: 1,
    Kind.LANDMARK: 1,
    Kind.PLACE: 1,
    Kind.DISTRICT: 2,
    Kind.BORDER: 2,
    Kind.ADMIN_REGION: 3,
    Kind.COUNTRY: 3,
    Kind.REGION: 3,
    Kind.CONTINENT: 3,
}


@dataclass(frozen=True)
class EventPlace:
    place_id: str  # "" for a village or a street the text names that is on no map (see extract_events)
    role: str
    start: int  # the mention that gave the role
    end: int
    text: str
    why: str  # the words that decided, for the reader
    rule: str = ""  # the rule that decided (src/mapview/nlp/resources/role_rules.toml), or the model's name
    confidence: float = 1.0  # how sure the trained reader is of the role (1.0: the rules decided alone)
    probable: bool = False  # a location the reader is fairly but not quite sure of: "probably where"


@dataclass(frozen=True)
class When:
    text: str  # as written: "On Monday at late night"
    start: int
    end: int
    date: str = ""  # ISO, to the precision known ("2022-07", "2022-09-12"); "" if it cannot be resolved
    precision: str = ""  # day | week | month | year


@dataclass(frozen=True)
class EventRecord:
    id: str
    type: str
    sentence: int
    start: int  # the sentence's span
    end: int
    cue: str
    cue_start: int
    cue_end: int
    places: tuple[EventPlace, ...]
    reported_by: str = ""
    when: When | None = None
    fatalities: tuple[Casualty, ...] = ()

    def places_with(self, role: str) -> tuple[EventPlace, ...]:
        return tuple(p for p in self.places if p.role == role)

    @property
    def location_ids(self) -> tuple[str, ...]:
        """The places on the map where it happened."""
        return tuple(dict.fromkeys(p.place_id for p in self.places if p.role == EventRole.LOCATION and p.place_id))

    def role_of(self, place_id: str) -> tuple[str, ...]:
        return tuple(p.role for p in self.places if p.place_id == place_id)

    def to_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


def geo_precision(kind: Kind) -> int:
    return GEO_PRECISION.get(kind, 3)
