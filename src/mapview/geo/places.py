"""Places and names: the records every part of mapview passes around, and the lookup key of a name.

A :class:`PlaceRecord` is a place with coordinates and provenance; a :class:`NameEntry` one way a
string of text can name it; :func:`normalize` makes the key both are indexed by.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from geopy.location import Location

from mapview.model.enums import NameRole
from mapview.model.place import PlaceRecord
from mapview.paths import GEO_DIR


@dataclass(frozen=True)
class NameEntry:
    """One way of naming a place: what a matched string of text stands for."""

    place_id: str
    role: NameRole
    form: str  # the name as written in the source, for case checks
    exact_case: bool = False  # match only when the text has exactly this form ("mainland Azerbaijan")
    requires_country: str = ""  # valid only when the text also names this country otherwise
    after_comma: bool = False  # valid only right after a comma, as a qualifier: "Jackson, Miss."


def to_location(record: PlaceRecord) -> Location:
    # a shallow dict of the (flat, immutable) fields: asdict's deep copy is wasted work here
    return Location(record.name, (record.lat, record.lon), dict(record.__dict__))


def from_location(location: Location) -> PlaceRecord:
    return PlaceRecord(**location.raw)


def name_prefixes(keys):
    """The strict prefixes of normalised names that end at a word's end: "new", "new york" for
    "new york city"; nothing for a name of one word."""
    for key in keys:
        for m in list(WORD.finditer(key))[:-1]:
            yield key[: m.end()]


#: a word, as the recogniser tokenises text
WORD = re.compile(r"[^\W_]+", re.UNICODE)


#: The words that, written with a name, say it is a first-level unit: "Herat province", "the
#: Kharkiv and Odesa regions", "the province of Idlib". A query "<name> <unit word>" means that unit.
UNIT_WORDS = ("province", "region", "oblast", "governorate", "prefecture")
UNIT_QUERY = re.compile(rf"(?P<name>.+) (?P<unit>{'|'.join(UNIT_WORDS)})")


@cache
def unit_institutions() -> str:
    """The words after a name that make it a state's or a province's institution ("the Georgia
    Bureau of Investigation", "the Kansas legislature"), from ``geo/unit_institutions.csv``, as a
    regular-expression alternation, longest first."""
    with open(GEO_DIR / "unit_institutions.csv", encoding="utf-8", newline="") as fh:
        words = sorted((row["words"] for row in csv.DictReader(fh)), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in words)


#: The Arab League's members: their place names open with the Arabic article, which the press
#: writes hyphenated, spaced, assimilated ("ar-Raqqa") or leaves out.
ARABIC_ARTICLE_COUNTRIES = frozenset("AE BH DJ DZ EG IQ JO KM KW LB LY MA MR OM PS QA SA SD SO SY TN YE".split())
_ARABIC_ARTICLE = re.compile(
    r"(al|el|ar|as|ash|ad|at|az|an|ath|adh|ed|es|er|et|ez|en)[ ‐‑–-](?=[^\W\d_])(.+)", re.IGNORECASE
)
#: the shortest name, without its article, that news writes alone: "Qāmishlī" and "Raqqah" but
#: not "Bāb" or "Kūt", which are words or initials too and stay "al-Bāb", "Al Kūt"
BARE_MIN_LETTERS = 5


def arabic_article_variants(form: str, *, bare: bool = True) -> list[str]:
    """The other ways news writes a name that opens with the Arabic article.

    "Al Qāmishlī" gives "Al-Qāmishlī" (and the reverse), "al-" for an assimilated article
    ("Ar Raqqah": "Al-Raqqah") and, when ``bare`` and the rest is long enough, the name alone
    ("Qāmishlī"). Empty for any other name.
    """
    m = _ARABIC_ARTICLE.fullmatch(form)
    if m is None or not m.group(2)[0].isupper():
        return []
    article, rest = m.group(1), m.group(2)
    articles = dict.fromkeys([article.capitalize(), "Al"])
    variants = [f"{a}{sep}{rest}" for a in articles for sep in ("-", " ")]
    if bare and sum(ch.isalpha() for ch in rest) >= BARE_MIN_LETTERS:
        variants.append(rest)
    return [v for v in variants if v != form]


_SAINT = re.compile(r"^(St\.?|Saint|Ste\.?|Sainte) (?=[A-Z])")
_SAINT_FORMS = {
    "St.": ("Saint", "St"),
    "St": ("Saint", "St."),
    "Saint": ("St.", "St"),
    "Ste.": ("Sainte", "Ste"),
    "Ste": ("Sainte", "Ste."),
    "Sainte": ("Ste.", "Ste"),
}


def saint_variants(form: str) -> list[str]:
    """A name that opens with a saint's title, written the other ways: "St. Croix County" gives
    "Saint Croix County" and "St Croix County"; anything else, nothing."""
    m = _SAINT.match(form)
    if m is None:
        return []
    return [f"{other} {form[m.end() :]}" for other in _SAINT_FORMS[m.group(1)]]
