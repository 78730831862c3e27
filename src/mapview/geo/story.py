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
* ``town``: each town the first reading placed with confidence.

The ranker reads the result as :attr:`~mapview.geo.ranking.Context.story_country`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

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


def own_town(place, towns: dict[str, str]) -> Counter[str]:
    """The vote a name's own sure town (``towns``: place id -> country code) gave the story, to
    take out of the votes for that name: no name is evidence for itself."""
    return story_votes([("town", towns[place.id])]) if place.id in towns else Counter()
