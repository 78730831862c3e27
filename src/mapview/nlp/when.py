"""When an event happened: the time expressions of a sentence ("on Monday at late night", "in
July") resolved against the article's date with dateparser."""

from __future__ import annotations

import re
import threading
from datetime import date, datetime
from functools import lru_cache

from mapview.model.event import When
from mapview.nlp.classify import needles

WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"


MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"


WHEN = re.compile(
    rf"(?<=\b[Ii]n a )(?P<core2>{MONTH})\b"
    rf"|\b(?:(?i:on|last|this|next|early|late|since|by)\s+)?(?P<core>{WEEKDAY}(?:,?\s+{MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?)?"
    rf"|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{MONTH}(?:\s+\d{{4}})?"
    rf"|(?:early |late |mid-)?{MONTH}(?:\s+\d{{4}})?|yesterday|last (?:week|month|year|night))"
    rf"(?:\s+(?:at\s+)?(?:late\s+|early\s+)?(?:night|morning|afternoon|evening))?"
)


#: Strings one of which every time expression holds (a month, a weekday …): most sentences hold
#: none, and twenty substring tests cost less than the pattern's search at every position.
WHEN_NEEDLES = needles(WHEN.pattern)


def when_of(chunk: str, offset: int, article_date: str) -> When | None:
    if WHEN_NEEDLES is not None and not any(n in chunk for n in WHEN_NEEDLES):
        return None
    m = WHEN.search(chunk)
    if m is None:
        return None
    core = m.group("core") or m.group("core2")
    written = m.group(0).strip()
    start = offset + m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
    day, precision = resolve_when(core, article_date)
    return When(written, start, start + len(written), day, precision)


def resolve_when(core: str, article_date: str) -> tuple[str, str]:
    """The date a time expression stands for, given the article's date, to the precision both
    allow: a weekday needs the article's day; "in July" needs only its year."""
    base, base_precision = date_of_article(article_date)
    if base is None:
        return "", ""
    with _PARSER_LOCK:  # dateparser's parsers keep caches; one thread at a time
        parsed = _parser(base.isoformat()).get_date_data(core)
    if parsed is None or parsed.date_obj is None:
        return "", ""
    period = parsed.period or "day"
    relative = bool(re.search(WEEKDAY + r"|yesterday|last ", core)) and not re.search(r"\d", core)
    if relative and base_precision != "day":
        return "", ""  # "on Monday" of an article dated only to its month: which Monday is unknown
    d = parsed.date_obj.date()
    if period == "month":
        return d.strftime("%Y-%m"), "month"
    if period == "year":
        return d.strftime("%Y"), "year"
    return d.isoformat(), "week" if period == "week" else "day"


def date_of_article(value: str) -> tuple[date | None, str]:
    value = (value or "").strip()
    for fmt, precision in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            d = datetime.strptime(value[: len(datetime.now().strftime(fmt))], fmt).date()
        except ValueError:
            continue
        if precision == "month":  # the end of the month: events reported are before it
            import calendar

            d = d.replace(day=calendar.monthrange(d.year, d.month)[1])
        return d, precision
    return None, ""


_PARSER_LOCK = threading.Lock()


@lru_cache(maxsize=64)
def _parser(base_iso: str):
    """A dateparser parser relative to one article date (cached: building one costs ~50 ms)."""
    from dateparser.date import DateDataParser

    base = datetime.fromisoformat(base_iso)
    return DateDataParser(
        languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": False}
    )
