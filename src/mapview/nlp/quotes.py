"""Direct quotes and their speakers.

Quotes are text between matching quotation marks (curly “…”, and straight "…" paired in
order); an unmatched mark is ignored, never guessed. The speaker is found by the reporting
verb next to the quote, in the patterns news writing uses:

* after the quote: ``“…,” he said``, ``“…,” Trend reported``, ``“…,” said John Smith``;
* before it: ``President Raisi said, “…”``, ``Raisi told Pashinyan, “…”``, and a subject
  earlier in the sentence: ``A statement … said Azerbaijan launched “aggressive actions”``.

The speaker is kept as the text gives it, and resolved to a person's name where the text allows:
a surname or a title ("President Raisi", "the Leader") names the person introduced with it
earlier ("Iranian President Ayatollah Seyed Ebrahim Raisi"); a pronoun means the person the
text is about: the last person who spoke or was the subject of a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mapview.model.article import Sentence
from mapview.model.document import LinkedQuote, ResolvedMention
from mapview.model.quote import Quote
from mapview.nlp.lexicons import SPEECH_VERBS, words

MAX_QUOTE_CHARS = 3000

_VERBS = SPEECH_VERBS + "|according to"
_AFTER = re.compile(
    rf"^\s*(?:(?P<spk1>[^.,;:“”\"]{{1,80}}?)\s+(?:{_VERBS})\b|(?:{_VERBS})\s+(?P<spk2>[A-Z][^.,;:“”\"]{{0,60}}))"
)
_BEFORE = re.compile(
    rf"(?P<spk>[^.,;:“”\"]{{1,100}}?)\s+(?P<verb>{_VERBS})(?:\s+(?P<obj>[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*))?\s*[,:]?\s*$"
)
_SUBJECT = re.compile(rf"^(?P<spk>[^,;:“”\"]{{1,120}}?)\s+(?P<verb>{_VERBS})\b")

PRONOUNS = frozenset({"he", "she", "they", "it", "we"})
HONORIFICS = words("honorifics")
TITLES = (
    "Prime Minister",
    "Foreign Minister",
    "Deputy Minister",
    "Minister",
    "President",
    "Vice President",
    "Leader",
    "Supreme Leader",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "Chancellor",
    "King",
    "Queen",
    "General",
    "Secretary",
    "Ambassador",
    "Governor",
    "Mayor",
    "Senator",
    "Commander",
    "Chairman",
    "Chairwoman",
    "Chief",
    "Premier",
    "Speaker",
    "Envoy",
    "Director",
)
# A capitalised word. Possessive (``++``): a name never gives characters back, so a long run of
# letters and hyphens costs one pass, not one per starting point (Python 3.11 has ``++``).
_NAME = r"[A-Z][\w'’-]++"
_TITLE_RE = "|".join(sorted(TITLES, key=len, reverse=True))
# Every repeat below is bounded: on a text of one repeated word, unbounded repeats made each
# match scan to the end of the text (quadratic time).
# "Iranian President Ayatollah Seyed Ebrahim Raisi", "Leader of the Islamic Revolution Ayatollah Seyed Ali
# Khamenei", "President of the National Assembly Alen Simonyan"
_TITLED_PERSON = re.compile(
    rf"\b(?P<title>{_TITLE_RE})(?: of the(?: {_NAME}){{1,6}}?)?\s+(?P<name>(?:{_NAME}\s+){{0,4}}{_NAME})"
)
# "Ayatollah Khamenei", "Mr. Smith"
_HONORED_PERSON = re.compile(
    rf"\b(?P<title>{'|'.join(sorted(HONORIFICS, key=len, reverse=True))})\.?(?:\s+(?:{'|'.join(HONORIFICS)})\.?){{0,3}}"
    rf"\s+(?P<name>{_NAME}(?:\s+{_NAME}){{0,3}})"
)
# "Nasser Kanaani, the spokesman for ..."
# (only the title is matched in any case: the name's words must be capitalised, or "So far, the
# chief" would name a person "So far")
_APPOSITIVE = re.compile(
    rf"(?<![\w'’-])(?P<name>{_NAME}(?:\s+{_NAME}){{1,3}}),\s+(?:the|a|an)\s+(?i:(?P<title>{_TITLE_RE}))\b"
)
#: How far from a quote its speaker is looked for, in characters.
SPEAKER_REACH = 300


@dataclass(frozen=True)
class Person:
    name: str  # without titles and honorifics: "Ebrahim Raisi"
    titles: frozenset[str]  # lower-case title words seen with the name
    start: int  # first mention

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


def find_quotes(text: str, sentences: list[Sentence]) -> list[Quote]:
    import bisect

    persons = find_persons(text)
    starts = [s.start for s in sentences]
    subjects = _subject_mentions(text, sentences, starts, persons)
    index = _PersonIndex(persons)
    subject_at = [offset for offset, _ in subjects]
    quotes: list[Quote] = []
    focus: tuple[int, Person] | None = None  # (where, who): the last person who spoke
    for start, end in _quote_spans(text):
        sentence = _sentence_at(sentences, starts, start)
        k = bisect.bisect_left(subject_at, start) - 1
        candidates = [c for c in (focus, subjects[k] if k >= 0 else None) if c is not None]
        current = max(candidates, key=lambda c: c[0])[1] if candidates else None
        written = _speaker_text(text, sentences, starts, sentence, start, end)
        resolved = _resolve(written, index, current, start)
        if isinstance(resolved, Person):
            focus = (start, resolved)
            name = resolved.name
        else:
            name = resolved
        quotes.append(Quote(start, end, text[start:end], name, written, sentence.index if sentence else -1))
    return quotes


def _quote_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for m in re.finditer(r"[“”]", text):
        if m.group() == "“":
            open_at = m.end()
        elif open_at is not None:
            if 0 < m.start() - open_at <= MAX_QUOTE_CHARS and "\n\n" not in text[open_at : m.start()]:
                spans.append((open_at, m.start()))
            open_at = None
    straight = [m.start() for m in re.finditer(r'"', text)]
    for a, b in zip(straight[::2], straight[1::2]):
        if 0 < b - a - 1 <= MAX_QUOTE_CHARS and "\n\n" not in text[a:b]:
            spans.append((a + 1, b))
    spans = [s for s in spans if text[s[0] : s[1]].strip()]
    return sorted(set(spans))


def _sentence_at(sentences, starts, offset):
    import bisect

    k = bisect.bisect_right(starts, offset) - 1
    if k < 0:
        return sentences[0] if sentences else None
    return sentences[k]


def _speaker_text(text: str, sentences, starts, sentence: Sentence | None, start: int, end: int) -> str:
    sent_start = sentence.start if sentence else 0
    # the end of the sentence that holds the closing mark (or ends just before it)
    import bisect

    k = bisect.bisect_right(starts, end) - 1
    after_end = len(text)
    for j in (k, k - 1):
        if 0 <= j < len(sentences) and sentences[j].start <= end < sentences[j].end + 2:
            after_end = sentences[j].end
            break
    after = text[end + 1 : min(after_end, end + 1 + SPEAKER_REACH)]
    m = _AFTER.match(after)
    if m:
        spk = m.group("spk1") or m.group("spk2")
        if spk and not spk.strip().lower().startswith(("and ", "but ")):
            return _clean(spk)
    before = text[max(sent_start, start - 1 - SPEAKER_REACH) : start - 1]
    m = _BEFORE.search(before)
    if m:
        return _clean(m.group("spk"))
    m = _SUBJECT.match(before)
    if m:
        return _clean(m.group("spk"))
    return ""


def _clean(speaker: str) -> str:
    speaker = speaker.strip(" ,–—-")
    # drop a leading subordinate clause: "Noting that ..., President Raisi" -> "President Raisi"
    return speaker.rsplit(", ", 1)[-1].strip()


def find_persons(text: str) -> list[Person]:
    found: dict[str, Person] = {}
    by_surname: dict[str, list[str]] = {}  # surname -> names in `found`, so adding one is not a scan

    def add(raw_name: str, title: str, start: int) -> None:
        words = [w for w in raw_name.split() if w.rstrip(".") not in HONORIFICS]
        words = [w for w in words if w not in TITLES]
        if not words or len(words) > 4:
            return
        name = " ".join(words)
        surname = words[-1]
        keys = by_surname.setdefault(surname, [])
        for key in keys:
            person = found[key]
            if name in person.name or person.name in name:
                longer = name if len(name) > len(person.name) else person.name
                found.pop(key)
                keys.remove(key)
                found[longer] = Person(longer, person.titles | {title.lower()}, min(person.start, start))
                keys.append(longer)
                return
        found[name] = Person(name, frozenset({title.lower()}), start)
        keys.append(name)

    for m in _TITLED_PERSON.finditer(text):
        words = _trim_name(m.group("name")).split()
        honorific = max((k for k, w in enumerate(words) if w.rstrip(".") in HONORIFICS), default=-1)
        if honorific >= 0:  # "... Revolution Ayatollah Seyed Ali Khamenei": the name follows the honorifics
            words = words[honorific + 1 :]
        elif " of the " in m.group(0):  # "President of the National Assembly Alen Simonyan"
            words = words[-2:]
        if words:
            add(" ".join(words), m.group("title").split()[-1], m.start("name"))
    for m in _HONORED_PERSON.finditer(text):
        name = _trim_name(m.group("name"))
        if name:
            add(name, m.group("title"), m.start("name"))
    for m in _APPOSITIVE.finditer(text):
        add(m.group("name"), m.group("title").split()[-1], m.start("name"))
    return list(found.values())


def _trim_name(name: str) -> str:
    # "Ebrahim Raisi and Pashinyan" is cut by the regex at "and"; stop at words that end a name
    words = []
    for w in name.split():
        if w in {"The", "A", "An", "In", "On", "And", "But"}:
            break
        words.append(w)
    return " ".join(words)


def _subject_mentions(text, sentences, starts, persons) -> list[tuple[int, Person]]:
    """Where a person is the subject of a sentence: the name opens the sentence, or the clause
    after a leading phrase, with only titles and honorifics before it. One pass over the text's
    words; each check looks back a bounded distance."""
    by_surname: dict[str, list[Person]] = {}
    for person in persons:
        by_surname.setdefault(person.surname, []).append(person)
    out: list[tuple[int, Person]] = []
    if not by_surname:
        return out
    for m in re.finditer(r"(?<![\w'’-])[A-Z][\w'’-]*+", text):
        people = by_surname.get(m.group())
        if not people:
            continue
        sentence = _sentence_at(sentences, starts, m.start())
        if sentence is None or not sentence.start <= m.start() < sentence.end:
            continue
        reach = max(sentence.start, m.start() - SPEAKER_REACH)
        before = text[reach : m.start()]
        if ", " not in before and reach > sentence.start:
            continue  # a leading clause this long is no title before a name
        words = re.findall(r"[\w'’-]+", before.rsplit(", ", 1)[-1])
        if all(w[0].isupper() or w in {"of", "the"} for w in words):
            out.extend((m.start(), person) for person in people)
    return out


class _PersonIndex:
    """The persons of a text by surname and by title, each list in order of first mention."""

    def __init__(self, persons: list[Person]):
        self.by_surname: dict[str, tuple[list[int], list[Person]]] = {}
        self.by_title: dict[str, tuple[list[int], list[Person]]] = {}
        for person in sorted(persons, key=lambda p: p.start):
            for table, key in ((self.by_surname, person.surname), *((self.by_title, t) for t in person.titles)):
                starts, people = table.setdefault(key, ([], []))
                starts.append(person.start)
                people.append(person)

    @staticmethod
    def _latest_before(entry: tuple[list[int], list[Person]] | None, offset: int) -> Person | None:
        import bisect

        if entry is None:
            return None
        k = bisect.bisect_left(entry[0], offset)
        return entry[1][k - 1] if k > 0 else None

    def by_name_in(self, written: str, offset: int) -> Person | None:
        found = [
            p
            for w in set(re.findall(r"[\w'’-]+", written))
            if (p := self._latest_before(self.by_surname.get(w), offset)) is not None
        ]
        return max(found, key=lambda p: p.start) if found else None

    def by_title_before(self, title: str, offset: int) -> Person | None:
        return self._latest_before(self.by_title.get(title), offset)


def _resolve(written: str, index: _PersonIndex, focus: Person | None, offset: int):
    if not written:
        return ""
    lower = written.lower()
    if lower in PRONOUNS:
        return focus if focus is not None and lower != "it" else written
    person = index.by_name_in(written, offset)
    if person is not None:
        return person
    m = re.fullmatch(r"the (\w+)", lower)
    if m:
        person = index.by_title_before(m.group(1), offset)
        if person is not None:
            return person
    return written


def link_quotes(quotes, sentences, mentions, typed) -> tuple[LinkedQuote, ...]:
    import bisect

    starts = [s.start for s in sentences]
    mention_starts = [m.start for m in mentions]  # mentions are in text order
    by_sentence: dict[int, list[ResolvedMention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    out = []
    for q in quotes:
        first = max(0, bisect.bisect_right(starts, q.start) - 1)
        covered = []
        for s in sentences[first:]:
            if s.start >= q.end:
                break
            if q.start < s.end:
                covered.append(s.index)
        sent_set = set(covered) | {q.sentence}
        inside = mentions[bisect.bisect_left(mention_starts, q.start) : bisect.bisect_left(mention_starts, q.end)]
        candidates = [m for i in sorted(sent_set) for m in by_sentence.get(i, ())] + list(inside)
        place_ids = tuple(dict.fromkeys(m.place_id for m in sorted(candidates, key=lambda m: m.start) if m.place_id))
        types = tuple(dict.fromkeys(t for i in sorted(sent_set) if 0 <= i < len(typed) for t in typed[i].event_types))
        out.append(
            LinkedQuote(
                q.start,
                q.end,
                q.text,
                q.speaker,
                q.speaker_as_written,
                q.sentence,
                tuple(sorted(sent_set)),
                place_ids,
                types,
            )
        )
    return tuple(out)
