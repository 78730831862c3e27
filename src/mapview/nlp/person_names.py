"""People's names, which many towns share ("Paul Thompson", "Bill Holland … Holland recalled"):
common given names and surnames (`geo/person_names.csv`), and the surnames a text uses."""

from __future__ import annotations

import csv
import re
from functools import lru_cache

from mapview.model.place import normalize
from mapview.nlp.lexicon import CONNECTORS, GEO_HEADS, ORG_HEADS, OWNED_HEADS, PLACE_WORDS
from mapview.nlp.lexicons import SPEECH_VERBS
from mapview.paths import GEO_DIR


@lru_cache(maxsize=1)
def people_names() -> tuple[frozenset[str], frozenset[str]]:
    """Common given names and surnames (``geo/person_names.csv``: US Census Bureau, 1990), lower case."""
    given: set[str] = set()
    surnames: set[str] = set()
    with open(GEO_DIR / "person_names.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            (given if row["kind"] == "given" else surnames).add(row["name"].lower())
    return frozenset(given), frozenset(surnames)


def full_name(given: str, surname: str) -> bool:
    """A given name, then a surname: "Paul Thompson", "Bill Holland" (not "Victoria Police")."""
    givens, surnames = people_names()
    if given.lower() not in givens or surname.lower() not in surnames:
        return False
    return is_proper(surname) and not surname.isupper() and not heads_a_name(surname)


def heads_a_name(word: str) -> bool:
    """A word that ends names of institutions, firms, features or streets: never a surname."""
    return word in OWNED_HEADS or word in GEO_HEADS or word in ORG_HEADS or word in PLACE_WORDS


#: A given name, maybe middle initials, then a surname: "Paul Thompson", "Harry S. Truman".
# The given name is matched, the surname looked ahead at, so pairs overlap ("Mary Ann Smith"). The
# word boundary is checked after the capital ("(?<![\w][A-Z])"), not before it: a pattern that
# opens with a character class lets Python's engine skip to the next capital instead of trying
# every position (three times faster).
_FULL_NAME = re.compile(r"([A-Z](?<![\w][A-Z])[a-z]+)(?= (?:[A-Z]\. ?){0,3}([A-Z][\w’'-]*))")


#: A quote's speaker named by one word after it: "…,” said Noma." ("…,” said Moscow's envoy" is not one).
_SPEAKER = re.compile(
    rf"[”\"’],?\s+(?:{SPEECH_VERBS})\s+"
    r"([A-Z][a-z]+)(?=[.,;])"
)


#: A given name, a surname's particle, then the rest of the surname: "Mario de Santiago", "Roger van
#: Boxtel", "Mohammed bin Rashid".
_PARTICLE_NAME = re.compile(
    r"([A-Z](?<![\w][A-Z])[a-z]+)(?= (?:de|da|di|del|della|van|von|der|den|bin|ibn|dos|das|du) "
    r"([A-Z][\w’'-]*))"
)  # the boundary after the capital, as in _FULL_NAME


def find_surnames(text: str) -> frozenset[str]:
    """Words the text writes as a person's name: a surname after a given name ("Bill Holland",
    "Harry S. Truman"), or after a given name and a particle ("Roger van Boxtel … Van Boxtel
    said"), a quote's speaker ("…,” said Noma.")."""
    found = {normalize(m.group(1)) for m in _SPEAKER.finditer(text)}
    for m in _FULL_NAME.finditer(text):
        if full_name(m.group(1), m.group(2)):
            found.add(normalize(m.group(2)))
    givens = people_names()[0]
    for m in _PARTICLE_NAME.finditer(text):
        if m.group(1).lower() in givens and not heads_a_name(m.group(2)):
            found.add(normalize(m.group(2)))
    return frozenset(found)


def is_proper(word: str) -> bool:
    return bool(word) and word[0].isupper() and word.lower() not in CONNECTORS
