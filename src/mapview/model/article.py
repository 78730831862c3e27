"""An article: its text, exactly as received (every span in mapview indexes into it), its
metadata, and its sentences' spans."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    title: str = ""
    title_is_editorial: bool = False
    source: str = ""
    licence: str = ""
    licence_url: str = ""
    attribution: str = ""
    dateline: str = ""
    date: str = ""
    date_is_inferred: bool = False
    url: str = ""
    language: str = "en"
    #: where the outlet is based: a place name ("Pendleton, Oregon, US") or a point ("45.67, -118.79");
    #: empty: looked up from the URL's domain in geo/outlets.csv, else unknown
    source_home: str = ""

    @property
    def digest(self) -> str:
        """Content hash of the text: the cache key of everything derived from it."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
