"""The word lists the rules read, one file per word class in ``resources/lexicons/`` (each says
what its words are for and which rules read them), declared once and loaded once.

A file holds words separated by spaces or lines; ``#`` starts a comment. Letter case is kept:
some classes are capitalised words as the text writes them ("Air", "Police")."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def words(name: str) -> frozenset[str]:
    """The words of one class (``resources/lexicons/NAME.txt``)."""
    path = files("mapview.nlp") / "resources" / "lexicons" / f"{name}.txt"
    found: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        found += line.split("#", 1)[0].split()
    if not found:
        raise ValueError(f"lexicon {name!r} has no words")
    return frozenset(found)


def alternation(name: str) -> str:
    """The words of a class as a regular-expression alternation, longest first."""
    import re

    return "|".join(re.escape(w) for w in sorted(words(name), key=lambda w: (-len(w), w)))


#: The verbs of reported speech (``speech_verbs.txt``), as a regular-expression alternation.
SPEECH_VERBS = "|".join(sorted(words("speech_verbs"), key=lambda w: (-len(w), w)))
