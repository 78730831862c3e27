"""What a few words after a name say of it: whether it is a verb's subject, which verb follows,
what noun it owns ("Iran's foreign ministry"), and who the sentence says gives its account."""

from __future__ import annotations

import re

from mapview.nlp.role_patterns import ACCOUNT, ARMS, AUXILIARIES, PARTY, POSSESSIVE, REPORTED, TIME_ADVERBIAL, VERBS


def word_after(after: str) -> str:
    """The word right after a name, in lower case ("" where a mark comes first)."""
    m = re.match(r"\s+([A-Za-z]+)\b", after)
    return m.group(1).lower() if m else ""


def verb_after(gap: str) -> str:
    """The first word after a subject, past an appositive, -ly adverbs and auxiliaries ("Russia
    adamantly denies", "Peru has entered", "Washington has sharply rebuked")."""
    rest = without_appositive(gap)
    words = re.findall(r"[a-z]+", rest.split(",")[0]) if rest.strip() else []
    return next((w for w in words if not w.endswith("ly") and w not in AUXILIARIES), "")


def without_appositive(gap: str) -> str:
    """The words between a subject and its verb, without an appositive ("Iran, while …, has")."""
    if gap.lstrip().startswith(","):
        close = gap.find(",", gap.find(",") + 1)
        return gap[close + 1 :] if close != -1 else gap
    return gap


def possessed(after: str, nouns: frozenset[str]) -> str:
    """The noun of ``nouns`` among the three words after "X's", or ""."""
    m = POSSESSIVE.match(after)
    return next((w for w in m.group(1).split() if w in nouns), "") if m else ""


def party_noun(after: str) -> str:
    """A party noun among the three words after a demonym or a name: "Armenian armed forces"."""
    words = re.match(r"((?:\s+[\w-]+){1,3})", after)
    return (
        next((w.lower() for w in words.group(1).split() if w.lower() in PARTY or w.lower() in ARMS), "")
        if words
        else ""
    )


def is_subject(after: str) -> bool:
    """A verb follows the name, or follows "and Y" or an appositive after it ("Iran, a mediator
    …, was"; "China and Russia welcome"); not a passive ("should be denuclearized")."""
    rest = TIME_ADVERBIAL.sub("", after, count=1).lstrip()
    coordinated = re.match(r"(?:and|or)\s+(?:the\s+)?(?:[A-Z][\w’'-]*\s+){1,3}", rest)
    if coordinated:
        rest = rest[coordinated.end() :]
    if rest.startswith(","):
        close = rest.find(",", 1)
        if close == -1 or close > 120:
            return False
        rest = rest[close + 1 :].lstrip()
    rest = re.sub(r"^(?:[a-z]+ly\s+)+", "", rest)  # "Russia adamantly denies"
    words = re.match(r"([a-z]+)(?:\s+(?:not\s+)?([a-z]+))?", rest)
    if words is None:
        return False
    w, nxt = words.group(1), words.group(2) or ""
    if nxt in ("be", "been", "being") and w in (
        "should",
        "will",
        "would",
        "must",
        "can",
        "could",
        "may",
        "might",
        "to",
    ):
        return False
    return w in VERBS or (w.endswith("ed") and len(w) > 4)


def reported_by_of(chunk: str, offset: int) -> tuple[str, tuple[int, int]]:
    """Who the sentence says reports it, as written, and where that is in the text."""
    for pattern in (*REPORTED, ACCOUNT):
        m = pattern.search(chunk)
        if m:
            return clean_who(m.group("who")), (offset + m.start("who"), offset + m.end("who"))
    return "", (-1, -1)


def clean_who(who: str) -> str:
    who = re.sub(r"^(?:the|a|an)\s+", "", who.strip(), flags=re.IGNORECASE)
    return who[:80]
