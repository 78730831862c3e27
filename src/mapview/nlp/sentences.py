"""Sentence spans of a text, with Wikimedia's segmenter (linear, stateless, thread-safe)."""

from __future__ import annotations

import re

from mapview.model.article import Sentence


def split_sentences(text: str) -> list[Sentence]:
    """Sentence spans (whitespace trimmed) that tile the text's non-blank content.

    sentencex (Wikimedia's segmenter, in Rust) handles abbreviations, initials and quotations in
    time linear in the text's length, and keeps no state between calls (threads may share it);
    paragraph breaks always end a sentence.
    """
    import sentencex

    sentences: list[Sentence] = []
    for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        offset = para.start()
        first_of_paragraph = True
        for span in sentencex.get_sentence_boundaries("en", para.group()):
            start, end = offset + span["start_index"], offset + span["end_index"]
            chunk = text[start:end]
            start += len(chunk) - len(chunk.lstrip())
            end -= len(chunk) - len(chunk.rstrip())
            if end <= start:
                continue
            if (
                not first_of_paragraph
                and _CLOCK_END.search(text, max(0, sentences[-1].end - 16), sentences[-1].end)
                and _TIME_GOES_ON.match(text, start)
            ):
                sentences[-1] = Sentence(sentences[-1].index, sentences[-1].start, end)
            else:
                sentences.append(Sentence(len(sentences), start, end))
            first_of_paragraph = False
    return sentences


#: A clock time ends the sentence before ("killed around 5 p.m.") and the next one goes on with
#: the day or the time zone ("Wednesday in Brooklyn", "ET"): one sentence, which the segmenter
#: cuts because "p.m." ends in a full stop before a capital. Words that begin sentences of their own
#: ("The police said …") keep the cut.
_CLOCK_END = re.compile(r"\b\d{1,2}(?:[:.]\d{2})?\s?[ap]\.m\.$", re.IGNORECASE)


_TIME_GOES_ON = re.compile(
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"(?:[ECMP][SD]?T|GMT|UTC)\b|(?:Eastern|Central|Mountain|Pacific|local)\s+(?:time|standard|daylight)\b)"
)
