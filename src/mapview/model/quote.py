"""A quotation the text makes, with its speaker as the text names them (found by :mod:`mapview.nlp.quotes`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Quote:
    start: int  # span of the quoted words, without the quotation marks
    end: int
    text: str
    speaker: str  # resolved: a person's name, or the source as the text gives it
    speaker_as_written: str  # "he", "the Leader", "Azerbaijani news agency Trend"; "" if none found
    sentence: int
