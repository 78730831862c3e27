"""A name the recogniser found in the text (:mod:`mapview.nlp.recognize`): where it is, what is asked
of the geocoder, and what the words around it said of it."""

from __future__ import annotations

from dataclasses import dataclass

from mapview.model.enums import MentionRole


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    query: str  # what the geocoder is asked
    role: MentionRole = MentionRole.TOPONYM
    sentence: int = -1
    gazetteer_ids: tuple[str, ...] = ()  # what the name index offered, for explanation
    qualifier: str = ""  # the state or country named right after it: "Arlington, Virginia"
    rule: str = ""  # the rule that kept it (see RULES), for explaining a recognition
    within: str = ""  # a street's or building's town, as the text names it ("Manila" of "Manila Cathedral")
