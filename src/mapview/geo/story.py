"""Where a story is set: one country for the whole article, from the evidence that binds its places.

A local paper's "Georgia" is the state and its "Lebanon" the town next door, unless the story is
about somewhere else; a story about Tbilisi means the country. The places of one story are decided
together: each piece of evidence votes for a country with a weight, and the story is set in the
country with the most votes when it has more than any other (a tie sets it nowhere).

The evidence, and its weight (:data:`STORY_WEIGHTS`):

* ``home``: the outlet's home, when the story is not filed from elsewhere (``Resolver.prior_home``);
* ``dateline``: the place the story is filed from ("ATLANTA -");
* ``unit``: each state, province or county the text names unambiguously ("Ga.", "Barrow County",
  "the Kansas legislature" once it is read as the state);
* ``country``: each country the text names unambiguously ("Russia", "U.S.");
* ``town``: each town the first reading placed with confidence, or whose close namesakes all lie
  in one country ("Atlanta").

The ranker reads the result as :attr:`~mapview.geo.ranking.Context.story_country`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from mapview.model import ids
from mapview.model.mention import Mention
from mapview.model.place import normalize

#: How much each kind of evidence weighs in the vote. The dateline says where the story was filed,
#: and outweighs the home and one other place; everything else counts once per distinct place.
STORY_WEIGHTS = {"home": 1.0, "dateline": 2.0, "unit": 1.0, "country": 1.0, "town": 1.0}


def story_votes(evidence: Iterable[tuple[str, str]]) -> Counter[str]:
    """The votes of (kind of evidence, country code) pairs, one pair per distinct piece."""
    votes: Counter[str] = Counter()
    for kind, code in evidence:
        if code:
            votes[code] += STORY_WEIGHTS[kind]  # type: ignore[assignment]
    return votes


def story_country(votes: Counter[str]) -> str:
    """The country with the most votes, or "" when none leads."""
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[1][1] >= ranked[0][1]):
        return ""
    return ranked[0][0]


#: How far below the best a namesake may score and still count as a reading of a name (a share
#: of about 5 % of the best one's, see ranking.confidences).
CLOSE_POINTS = 2.0


def one_country(candidates) -> str:
    """The country every close reading of a name lies in ("Atlanta", "Columbus": American towns
    whichever is meant), or "": a name that is no sure town may still say the story's country."""
    if not candidates:
        return ""
    best = candidates[0].score
    codes = {c.place.country_code for c in candidates if c.score >= best - CLOSE_POINTS}
    return codes.pop() if len(codes) == 1 else ""


def own_town(place, towns: dict[str, str]) -> Counter[str]:
    """The vote a name's own sure town (``towns``: place id -> country code) gave the story, to
    take out of the votes for that name: no name is evidence for itself."""
    return story_votes([("town", towns[place.id])]) if place.id in towns else Counter()


#: The names of a list of counties: "Barrow and Jackson counties", "Clarke, Oconee and Madison counties".
_COUNTIES_AFTER = re.compile(r" counties\b")
_LIST_GLUE = re.compile(r"(?:,|,? (?:and|or|&)) ")


def name_counties(mentions: list[Mention], text: str, gazetteer) -> list[Mention]:
    """Each name of a list the text closes with "counties" asks for the county of that name when
    the gazetteer has one ("Barrow and Jackson counties": Barrow County and Jackson County, not
    Barrow-in-Furness and the town of Jackson), so that the story's counties say their state. One
    pass over the mentions in text order."""
    ordered = sorted(mentions, key=lambda m: m.start)
    counties: dict[tuple[int, int], tuple[str, tuple[str, ...]]] = {}
    for k, m in enumerate(ordered):
        if not _COUNTIES_AFTER.match(text, m.end, m.end + 10):
            continue
        j = k
        while j >= 0 and (j == k or _LIST_GLUE.fullmatch(text, ordered[j].end, ordered[j + 1].start)):
            query = f"{ordered[j].query} County"
            found = tuple(
                e.place_id for e in gazetteer.entries(normalize(query)) if ids.scheme(e.place_id) == ids.ADMIN2
            )
            if found:
                counties[ordered[j].start, ordered[j].end] = (query, found)
            j -= 1
    if not counties:
        return mentions
    return [
        replace(m, query=c[0], gazetteer_ids=c[1]) if (c := counties.get((m.start, m.end))) else m for m in mentions
    ]
