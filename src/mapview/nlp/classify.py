"""Event typing of sentences against the fixed taxonomy in ``data/event_types.toml``.

A sentence gets every type one of whose cue patterns it contains, minus the types that a type
it also got suppresses; a sentence that reports speech and got nothing else is a ``statement``.
Each label keeps the words that triggered it, so a reader can see why.

Casualty claims are not a type: they are recorded on the clash sentence that states them
(what the text says, as numbers where it gives them, and who claims them).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ahocorasick_rs

from mapview.model.article import Sentence
from mapview.model.document import TypedSentence
from mapview.model.event import Casualty
from mapview.model.quote import Quote
from mapview.nlp.lexicons import words
from mapview.nlp.taxonomy import EventType, load_event_types
from mapview.paths import EVENT_TYPES


@dataclass(frozen=True)
class Typing:
    types: tuple[str, ...]
    cues: dict[str, str]  # type -> the words that triggered it
    matched: frozenset[str] = frozenset()  # every type a cue matched, before suppression


class Taxonomy:
    def __init__(self, path: Path = EVENT_TYPES):
        self.types: dict[str, EventType] = load_event_types(path)
        # Which types a sentence may hold, in one pass over it: every match of a type's cues holds
        # one of the type's needles (plain strings read off its patterns), so a type none of whose
        # needles the sentence holds is not searched. Python's regular expressions try every
        # alternative at every word; the automaton reads the sentence once (ten times faster on
        # the corpora). Built here, never on a parse: the taxonomy is shared by every session,
        # and the automaton is immutable.
        owners: dict[str, set[str]] = {}
        self._unfiltered: frozenset[str] = frozenset()  # types whose needles could not be read: always searched
        for t in self.types.values():
            found = needles(t._source)
            if found is None:
                self._unfiltered |= {t.key}
            for needle in found or ():
                owners.setdefault(needle, set()).add(t.key)
        self._needles = sorted(owners)
        self._needle_types = [frozenset(owners[n]) for n in self._needles]
        self._automaton = ahocorasick_rs.AhoCorasick(self._needles) if self._needles else None
        self.violent_types = frozenset(k for k, t in self.types.items() if t.violent)
        #: the type a bare explosion is, and the types an explosion's cause may be (see classify_story)
        self.blast_default = next((k for k, t in self.types.items() if t.blast == "default"), "")
        self.blast_causes = tuple(k for k, t in self.types.items() if t.blast == "cause")

    @property
    def keys(self) -> list[str]:
        return list(self.types)

    def possible_types(self, low: str) -> set[str]:
        """The types whose cues ``low``, a text in lower case, may hold: a superset of those it
        holds. The others need no search."""
        found = set(self._unfiltered)
        if self._automaton is not None:
            for k, _, _ in self._automaton.find_matches_as_indexes(low, overlapping=True):
                found |= self._needle_types[k]
        return found

    def classify_story(self, sentences: Iterable[str]) -> list[Typing]:
        """Each sentence's types, in order, where a few words take their sense from the story: an
        explosion or a blast named without its cause ("The blast took place at around 8:40 a.m.")
        is the disaster the story reported before ("a gas explosion at a noodle restaurant"),
        not an attack; one reported as a bombing stays an attack."""
        out = []
        cause = ""
        story = ""  # the violent event or disaster the story last reported
        for sentence in sentences:
            typing = self.classify(sentence)
            cues = typing.cues
            bare = self.blast_default
            if (
                bare in cues
                and not any(k in cues for k in self.blast_causes)
                and _BARE_EXPLOSION.fullmatch(cues[bare].lower())
            ):
                if cause in self.blast_causes:
                    cues = {(cause if k == bare else k): v for k, v in cues.items()}
                    typing = Typing(tuple(k for k in self.types if k in cues), cues, typing.matched)
            elif _EXPLOSION.search(sentence.lower()):  # the story says what the explosion was
                cause = next((k for k in self.blast_causes if k in cues), bare if bare in cues else cause)
            violent = [k for k in typing.types if self.types[k].violent]
            if violent:
                story = violent[0]
            elif (
                story
                and not any(self.types[k].act for k in typing.types)
                and (harm := _CONSEQUENCE.search(sentence)) is not None
                and not _NOBODY.search(sentence[max(0, harm.start() - 40) : harm.start()])
            ):
                # "At Nambour, four people were rescued after power lines fell", in a story of storms:
                # what the event did, told without its word, is that event
                cues = {story: harm.group(0)}
                typing = Typing((story,), cues, typing.matched)
            out.append(typing)
        return out

    def classify(self, sentence: str) -> Typing:
        low = sentence.lower()
        exact = len(low) == len(sentence)  # a few characters ("İ") change length in lower case

        def search(t: EventType) -> str | None:
            pattern, target = (t.lower_pattern, low) if exact else (t.pattern, sentence)
            for m in pattern.finditer(target):
                # an act only plotted, planned, foiled or threatened did not happen
                if t.act and unrealised(low, m.start()):
                    continue
                if in_name(sentence, m.start()) or not t.counts(sentence, m):
                    continue
                return sentence[m.start() : m.end()]
            return None

        possible: Collection[str] = self.possible_types(low) if exact else self.types.keys()
        cues: dict[str, str] = {}
        for t in self.types.values():
            if not t.fallback and t.key in possible and (cue := search(t)) is not None:
                cues[t.key] = cue
        matched = set(cues)
        for key in list(cues):
            if any(s in cues for s in self.types[key].suppressed_by):
                del cues[key]
        if not cues:
            for t in self.types.values():
                if t.fallback and t.key in possible and (cue := search(t)) is not None:
                    cues[t.key] = cue
                    matched.add(t.key)
        return Typing(tuple(k for k in self.types if k in cues), cues, frozenset(matched))


def needles(pattern: str) -> frozenset[str] | None:
    """Plain strings one of which every match of ``pattern`` holds, read off its parse; None
    where no such set can be read (a match may be any word) or the parser is not there.

    The parse is the standard library's own (``re._parser``, the module behind ``re.compile``),
    so the reading never disagrees with the matcher; it is private, hence the fallback."""
    try:  # private modules, hence no typed import
        parser, c = importlib.import_module("re._parser"), importlib.import_module("re._constants")
    except ImportError:  # pragma: no cover - a Python whose internals moved: search every type
        return None
    parsed = parser.parse(pattern)
    if parsed.state.flags & (re.IGNORECASE | re.LOCALE):
        return None  # a literal would match other cases too
    found = _needles(parsed.data, c)
    return frozenset(found) if found else None


def _needles(items: Any, c: Any) -> set[str] | None:
    """Of a parsed sequence: the best set of strings one of which each match holds (the set whose
    shortest string is longest), or None. Zero-width assertions and optional parts hold nothing;
    a run of literals, a group, one repeated at least once, or an alternation all of whose
    branches hold a set do."""
    best: set[str] | None = None

    def consider(candidate: set[str] | None) -> None:
        nonlocal best
        if candidate and all(candidate) and (best is None or min(map(len, candidate)) > min(map(len, best))):
            best = candidate

    run: list[str] = []
    for op, av in items:
        if op is c.LITERAL:
            run.append(chr(av))
            continue
        consider({"".join(run)})
        run = []
        if op is c.SUBPATTERN:
            if not av[1] & (re.IGNORECASE | re.LOCALE):  # "(?i:…)"
                consider(_needles(av[-1], c))
        elif op is c.ATOMIC_GROUP:
            consider(_needles(av, c))
        elif op is c.BRANCH:
            branches = [_needles(branch, c) for branch in av[1]]
            if all(branches):
                consider(set().union(*branches))  # type: ignore[arg-type]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            consider(_needles(av[2], c))
    consider({"".join(run)})
    return best


_NAME_WORD = re.compile(r"([A-Z][\w.&'’-]*) $")
#: capitalised words that open a sentence or a phrase, not a name: "The Clash", "In Attacks on …"
_NOT_NAME_WORDS = words("not_name_words")


def in_name(sentence: str, start: int) -> bool:
    """A cue written with a capital right after a capitalised word is part of a name, not an
    event: "the Houston Rockets", "the Government of National Accord", "Cauvery Water Disputes
    Tribunal". Not in a headline in title case ("Turkey Shells Afrin"), where every word is."""
    if not sentence[start : start + 1].isupper():
        return False
    before = _NAME_WORD.search(sentence, max(0, start - 40), start)
    if before is None or before.group(1) in _NOT_NAME_WORDS:
        return False
    # a headline in title case leaves no longer word in lower case ("Turkey Shells Afrin as Talks Stall")
    return sum(len(w) > 3 and w[0].islower() for w in sentence.split()) >= 2


#: The words that name an explosion without its cause.
_EXPLOSION = re.compile(r"\b(?:blasts?|explosions?|explod(?:ed|es|ing))\b")
#: What a violent event or a disaster did to people and homes, said without the event's own word.
_CONSEQUENCE = re.compile(
    r"\b(?:were|was|have been|has been|had been)\s+(?:\w+\s+)?(?:killed|injured|wounded|hurt|"
    r"rescued|trapped|evacuated|destroyed|damaged|buried|flattened|left homeless)\b"
    # "more than 2,000 homes remain without power"
    r"|\b(?:remains?|remained|were|was|are|is|left)\s+without\s+"
    r"(?:power|electricity|water|shelter)\b"
)
_NOBODY = re.compile(r"\b(?:no|nobody|none|no-one|no one|not|never)\b", re.IGNORECASE)  # "no one else was injured"
_BARE_EXPLOSION = re.compile(r"blasts?|explosions?|explod(?:ed|es|ing)")

#: Words before an act that say it did not happen (not "a wanted man": an adjective, no wish).
_UNREALISED = re.compile(
    r"\b(?:plot(?:s|ted|ting)?|plann(?:ed|ing)|plans?|foiled|thwart(?:ed|ing)?|threat(?:en|ens|ened|ening)"
    r"|prevent(?:ed|ing)?|encourag(?:e|ed|es|ing)|urg(?:e|ed|es|ing)|ask(?:s|ed)?"
    r"|(?<!a )(?<!the )(?<!most )want(?:s|ed)?"
    r"|intend(?:s|ed)?|bids?|seeks?|sought|hopes?|hoped|propos(?:e|es|ed)|offer(?:s|ed)?"
    r"|would|if|den(?:y|ies|ied)|predict(?:s|ed|ing)?|forecast(?:s|ing)?|expect(?:s|ed|ing)?"
    r"|probability\s+of|chances?\s+of|without|failed\s+to\s+(?:reach|agree\s+on|secure))\s+(?:\w+\s+)?(?:to\s+)?(?:(?:a|an|the|another|new)\s+)?(?:[\w-]+\s+){0,3}$"
)


#: A past act named by its year, as background ("the 2008 Mumbai attacks", "the 2016 US military
#: operations"): the story's own acts are told by what happened, not by a year-name. (A month and
#: a day name the story's own event as often as a past one: "the March 4 nerve agent poisoning".)
_NAMED_BY_YEAR = re.compile(r"\bthe\s+(?:19|20)\d\d(?:\s+[\w-]+){0,2}?\s+$")


def unrealised(low: str, at: int) -> bool:
    """Whether the act named at ``at`` of the lower-cased sentence ``low`` is only plotted, planned,
    foiled, threatened, bid for or hoped for ("Arafat's bid to make his annual visit"), or a past
    act named by its year ("the 2008 Mumbai attacks"): no event that happened in the story, and no
    place it happened at."""
    before = low[max(0, at - 40) : at]
    return _UNREALISED.search(before) is not None or _NAMED_BY_YEAR.search(before) is not None


_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
#: A count of people: digits or a range, a number in words ("twenty-one"), or a vague amount. Not the
#: tail of a word ("Twenty-one" is not "one"), and not an age ("his four-year-old son").
_NUMBER = (
    r"(?<![\w-])(?:\d[\d,]*(?:\s*[-–]\s*\d[\d,]*)?|hundreds|thousands|dozens|scores|tens|several|many"
    rf"|(?:{_TENS})(?:[- ](?:{_UNITS})\b)?|{_UNITS}|ten|eleven|twelve|(?:thir|four|fif|six|seven|eigh|nine)teen)"
    r"(?![- ]years?[- ]old)(?![\w-])"
)
_WORDS = {
    word: value
    for value, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen".split()
    )
} | {tens: 10 * k for k, tens in enumerate(_TENS.split("|"), start=2)}
#: Who was hurt: a few words, none of them a verb or a joint that starts another clause ("two villagers
#: died while four others were injured" is two counts); "including …" tells who among them.
_WHO = (
    r"(?P<who>(?:(?!(?:died|while|whereas|but|and|or|were|was|have|had|been|who|which|including)\b)[A-Za-z'’-]+,?\s+)"
    r"{0,5}?)(?:including\s+[^,.;]{1,40}?,?\s+)?(?:who\s+)?"
)
_CASUALTY_PATTERNS = (
    # "Death toll of Armenian armed forces amounted to 150-200 people"
    (
        "killed",
        re.compile(
            rf"death toll (?:of|among) (?P<who>[\w\s'’-]{{1,80}}?) (?:amounted to|rose to|reached|stood at|was|is) "
            rf"(?:about |around |at least )?(?P<n>{_NUMBER})",
            re.I,
        ),
    ),
    # "hundreds of Armenian soldiers were injured", "12 soldiers were killed", "two villagers died"
    (
        "injured",
        re.compile(
            rf"(?P<n>{_NUMBER})\s+(?:of\s+)?{_WHO}(?:were|have been|had been|was)\s+(?:\w+\s+)?(?:injured|wounded)\b",
            re.I,
        ),
    ),
    (
        "killed",
        re.compile(
            rf"(?P<n>{_NUMBER})\s+(?:of\s+)?{_WHO}(?:(?:were|have been|had been|was)\s+(?:\w+\s+)?(?:killed|dead)"
            r"|(?:have\s+|had\s+)?died)\b",
            re.I,
        ),
    ),
    # not a clock time ("killed around 5 p.m. Wednesday")
    (
        "killed",
        re.compile(
            rf"killed (?:at least |about |around )?(?P<n>{_NUMBER}) (?![ap]\.m\.)(?P<who>[\w'’-]+(?: [\w'’-]+)?)", re.I
        ),
    ),
    # the act told with its victims as object: "a drone struck a warehouse and wounded two guards"
    (
        "injured",
        re.compile(
            rf"(?:injured|wounded|hurt) (?:at least |about |around )?(?P<n>{_NUMBER}) (?P<who>[\w'’-]+(?: [\w'’-]+)?)",
            re.I,
        ),
    ),
)
#: Words that end no description of the hurt ("40 people in Herat province": the people).
_WHO_TAIL = re.compile(r"(?:\s+(?:in|at|on|near|and|or|of|the|a|an|with|by|from|to|as|after|when|while))+$", re.I)


def _bounds(count: str) -> tuple[int | None, int | None]:
    digits = re.findall(r"\d[\d,]*", count)
    if digits:
        values = [int(d.replace(",", "")) for d in digits]
        return min(values), max(values)
    words = re.split(r"[- ]", count.lower())
    if all(w in _WORDS for w in words):
        value = sum(_WORDS[w] for w in words)
        return value, value
    return {"hundreds": (200, None), "thousands": (2000, None), "dozens": (24, None)}.get(count.lower(), (None, None))


def find_casualties(text: str, start: int, end: int) -> list[Casualty]:
    """Casualty claims stated in text[start:end], with absolute spans."""
    found: list[Casualty] = []
    chunk = text[start:end]
    for kind, pattern in _CASUALTY_PATTERNS:
        for m in pattern.finditer(chunk):
            s, e = start + m.start(), start + m.end()
            if any(c.start <= s < c.end or s <= c.start < e for c in found):
                continue
            count = m.group("n")
            low, high = _bounds(count)
            who = _WHO_TAIL.sub("", m.group("who").strip().rstrip(",").strip())
            found.append(Casualty(kind, count, low, high, who, "", s, e))
    return sorted(found, key=lambda c: c.start)


def _claimed(c: Casualty, quotes: list[Quote]) -> Casualty:
    quote = next((q for q in quotes if q.start <= c.start < q.end), None)
    from dataclasses import replace

    return replace(c, claimed_by=quote.speaker if quote else "")


def sentence_casualties(text: str, s: Sentence | TypedSentence, quotes: list[Quote]) -> tuple[Casualty, ...]:
    """The casualty claims of a sentence, each with who claims it where a quote says so."""
    return tuple(_claimed(c, quotes) for c in find_casualties(text, s.start, s.end))


def type_sentences(
    taxonomy: Taxonomy, text: str, sentences: list[Sentence], quotes: list[Quote]
) -> tuple[TypedSentence, ...]:
    out = []
    typings = taxonomy.classify_story(text[s.start : s.end] for s in sentences)
    for s, typing in zip(sentences, typings):
        casualties: tuple[Casualty, ...] = ()
        if taxonomy.violent_types.intersection(typing.types):
            casualties = sentence_casualties(text, s, quotes)
        out.append(
            TypedSentence(s.index, s.start, s.end, typing.types, typing.cues, casualties, tuple(sorted(typing.matched)))
        )
    return tuple(out)
