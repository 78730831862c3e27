"""Ordinary wire news read right: regions named as such, a country that only says where a town
lies, talks that reached no agreement, the hurt and who reports them, the text's own spelling; and
the trained reader's contract (loaded once, shared read-only, a doubtful location said so)."""

from __future__ import annotations

import threading

import pytest

from mapview.assemble import QUALIFIER
from mapview.model.enums import EventRole, Kind
from mapview.nlp.article import article_from_text

# Written for these tests, in the manner of a wire story; no outlet's text.
WIRE = (
    "LVIV, Ukraine (AP) — Russian missiles and drones hit power plants in the Dnipropetrovsk and "
    "Zaporizhzhia regions overnight, Ukrainian officials said Friday, leaving thousands of homes without "
    "electricity. In Dnipro, Ukraine's fourth-largest city, a drone struck a warehouse and wounded two "
    "guards, regional Gov. Serhiy Lysak said on Telegram. An earthquake killed 40 people in Herat province "
    "on Sunday. Meanwhile, talks in Geneva between Russian and Ukrainian negotiators ended without agreement "
    "on a truce, Swiss Foreign Minister Ignazio Cassis told reporters in Bern."
)


@pytest.fixture(scope="module")
def wire(geoparser):
    return geoparser.parse(article_from_text(WIRE))


def _place(doc, name):
    return next(p for p in doc.places if name in (p.label, p.name) or name in p.surface_forms)


def test_the_a_and_b_regions_are_two_regions_and_b_province_is_the_province(wire):
    for name in ("Dnipropetrovsk", "Zaporizhzhia", "Herat"):
        assert _place(wire, name).kind is Kind.ADMIN_REGION, name
    assert _place(wire, "Dnipro").kind is Kind.CITY  # the city the next sentence names


def test_the_map_writes_a_place_as_the_text_spells_it(wire):
    assert _place(wire, "Zaporizhzhia").label == "Zaporizhzhia"
    assert _place(wire, "Herat").label == "Herat"


def test_a_country_that_only_says_where_a_city_lies_is_not_shaded_as_where(wire):
    ukraine = _place(wire, "Ukraine")
    dnipro = _place(wire, "Dnipro")
    strike = next(e for e in wire.events if any(p.place_id == dnipro.id for p in e.places_with(EventRole.LOCATION)))
    assert (strike.type, QUALIFIER) in ukraine.event_roles
    assert strike.type not in ukraine.located_types and strike.type in dnipro.located_types


def test_talks_that_ended_without_agreement_are_no_agreement(wire):
    geneva = _place(wire, "Geneva")
    assert "agreement" not in {e.type for e in wire.events if geneva.id in e.location_ids}
    assert "meeting_call" in geneva.located_types


def test_the_hurt_and_who_reports_them_are_recorded(wire):
    dnipro = _place(wire, "Dnipro")
    (strike,) = [e for e in wire.events if dnipro.id in e.location_ids]
    assert [(c.kind, c.low, c.who) for c in strike.fatalities] == [("injured", 2, "guards")]
    assert strike.reported_by == "regional Gov. Serhiy Lysak"
    quake = next(e for e in wire.events if _place(wire, "Herat").id in e.location_ids)
    assert [(c.kind, c.low, c.who) for c in quake.fatalities] == [("killed", 40, "people")]


def test_where_words_were_said_is_not_where_the_talks_were(wire):
    bern = _place(wire, "Bern")
    assert "meeting_call" not in bern.located_types


def test_the_reader_is_loaded_once_and_parses_the_same_in_many_threads(geoparser):
    assert geoparser.reader is not None, "the reader's models ship in the package (src/mapview/nlp/models)"
    texts = [WIRE, "Troops shelled villages near Kharkiv on Monday, the governor said.", "Floods hit Karachi."]
    expected = [geoparser.parse(article_from_text(t)).events for t in texts]
    results: list = [None] * 12

    def work(k):
        results[k] = geoparser.parse(article_from_text(texts[k % 3])).events

    threads = [threading.Thread(target=work, args=(k,)) for k in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[k] == expected[k % 3] for k in range(12))


def test_a_location_the_reader_is_not_sure_of_is_drawn_as_doubtful_and_says_so(geoparser):
    from dataclasses import replace

    from mapview.assemble import place_records
    from mapview.web.render import event_line, marker_html, popup_html

    doc = geoparser.parse(article_from_text("Fighting broke out near Lachin on Monday."))
    lachin = _place(doc, "Lachin")
    (event,) = [e for e in doc.events if lachin.id in e.location_ids]
    doubtful = replace(event, places=tuple(replace(p, probable=True) for p in event.places))
    places = place_records(doc.mentions, _resolutions(geoparser, doc), doc.sentences, doc.quotes, {}, (doubtful,))
    lachin = next(p for p in places if p.id == lachin.id)
    assert lachin.probably_located
    doc2 = replace(doc, places=places, events=(doubtful,))
    types = geoparser.taxonomy.types
    assert "probably happened here" in event_line(doc2, doubtful, types, lachin.id)
    assert "Probably where:" in popup_html(doc2, lachin, [], types, list(types))
    assert "mv-uncertain" in marker_html(lachin, lachin.located_types, types, False)


def test_evaluate_events_measures_the_reader_or_the_rules_alone(tmp_path, capsys):
    import json

    from mapview import cli

    text = "Israel, Arab leaders and other nations met in Cairo."
    event = {"sentence": text, "type": "meeting_call", "places": [{"name": "Israel", "role": "actor"}]}
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "cairo", "text": text, "events": [event]}) + "\n", encoding="utf-8")
    decided = {}
    for flags in ([], ["--rules-only"]):
        assert cli.main(["evaluate-events", str(gold), "--by-rule", "--json", *flags]) == 0
        decided[bool(flags)] = json.loads(capsys.readouterr().out)["by_rule"]
    assert decided[False]["reader"]["right"] == 1  # the reader makes Israel a party to the meeting
    assert "reader" not in decided[True]  # the rules alone: it is only listed


def _resolutions(geoparser, doc):
    """What each query resolved to, rebuilt from the document (for assembling places again)."""
    from mapview.geo.geocode import Resolution

    return {
        m.query: Resolution(m.query, doc.places_by_id[m.place_id].record, doc.places_by_id[m.place_id].served_from, "")
        for m in doc.mentions
        if m.place_id
    }
