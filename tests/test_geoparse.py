"""The bundled article against hand-written gold annotations (tests/gold/mehr_article.json)."""

from __future__ import annotations

import json
import math

import pytest
from conftest import ROOT
from shapely.geometry import Point, shape

from mapview.export.csv import to_csv
from mapview.export.geojson import to_geojson

# Reference points written by hand from GeoNames and Natural Earth, independent of the gazetteer:
# (place id in mapview, kind, lat, lon, tolerance km)
PLACES = {
    "tehran": ("geonames:112931", "city", 35.6944, 51.4215, 25),
    "yerevan": ("geonames:616052", "city", 40.1811, 44.5136, 25),
    "baku": ("geonames:587084", "city", 40.4093, 49.8671, 25),
    "dashkasan": ("district:AZ-DAS", "district", 40.52, 46.08, 50),
    "kalbajar": ("district:AZ-KAL", "district", 40.10, 46.04, 50),
    "lachin": ("district:AZ-LAC", "district", 39.64, 46.55, 50),
    "nakhchivan": ("admin1:AZ-NX", "admin_region", 39.25, 45.45, 50),
    "AM": ("country:AM", "country", None, None, None),
    "AZ": ("country:AZ", "country", None, None, None),
    "IR": ("country:IR", "country", None, None, None),
    "RU": ("country:RU", "country", None, None, None),
    "TR": ("country:TR", "country", None, None, None),
    "south-caucasus": ("region:south-caucasus", "region", 41.3, 45.3, 150),
    "caucasus": ("region:caucasus", "region", 42.5, 44.5, 200),
    "border-AM-AZ": ("border:AM-AZ", "border", None, None, None),
    "border-AM-IR": ("border:AM-IR", "border", None, None, None),
}


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def region_shapes():
    features = json.loads((ROOT / "geo" / "region.geojson").read_text(encoding="utf-8"))["features"]
    return {f["id"]: shape(f["geometry"]) for f in features}


@pytest.fixture(scope="module")
def uncached_doc(article, geoparser):
    """The bundled article parsed with no cache and no corrections: the gazetteer alone."""
    from mapview.geo.geocode import GeocoderChain
    from mapview.pipeline import Geoparser

    return Geoparser(geoparser.gazetteer, GeocoderChain(geoparser.gazetteer)).parse(article)


@pytest.mark.parametrize("which", ["cached", "uncached"])
def test_every_gold_mention_is_found_with_its_span_role_and_place(doc, uncached_doc, gold, which):
    doc = doc if which == "cached" else uncached_doc
    assert which == "cached" or {p.served_from for p in doc.places} == {"gazetteer"}
    found = {(m.start, m.end): m for m in doc.mentions}
    for g in gold:
        m = found.get((g["start"], g["end"]))
        assert m is not None, f"missed {g['text']!r} at {g['start']}"
        assert doc.article.text[m.start : m.end] == g["text"]
        assert m.role == g["role"], g
        assert m.place_id == PLACES[g["place"]][0], g


@pytest.mark.parametrize("which", ["cached", "uncached"])
def test_no_mention_beyond_gold(doc, uncached_doc, gold, which):
    doc = doc if which == "cached" else uncached_doc
    spans = {(g["start"], g["end"]) for g in gold}
    extra = [(m.text, m.start) for m in doc.mentions if (m.start, m.end) not in spans]
    assert extra == []


@pytest.mark.parametrize(
    "organisation",
    [
        "Collective Security Treaty Organization",
        "UN Security Council",
        "Trend",
        "Mehr News Agency",
        "Security Council",
        "National Assembly",
    ],
)
def test_organisations_are_not_places(doc, organisation):
    text = doc.article.text
    start = text.index(organisation)
    end = start + len(organisation)
    assert not [m for m in doc.mentions if m.start < end and start < m.end]


def test_places_carry_kind_coordinates_codes_and_provenance(doc):
    by_id = {p.id: p for p in doc.places}
    assert set(by_id) == {v[0] for v in PLACES.values()}
    for key, (place_id, kind, lat, lon, tol) in PLACES.items():
        p = by_id[place_id]
        assert p.kind == kind, key
        assert p.name and p.surface_forms
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180
        assert p.source.startswith(("gazetteer:", "online:", "manual")) and p.source_ref
        assert p.served_from in {"cache", "gazetteer", "override"}
        assert 0 < p.confidence <= 1
        if lat is not None:
            assert km(p.lat, p.lon, lat, lon) <= tol, (key, p.lat, p.lon)
    for code in ("AM", "AZ", "IR", "RU", "TR"):
        assert by_id[f"country:{code}"].country_code == code
        assert by_id[f"country:{code}"].polygon_id == f"country:{code}"
    assert by_id["geonames:112931"].geonames_id == 112931
    assert by_id["admin1:AZ-NX"].geonames_id == 147435
    assert by_id["admin1:AZ-NX"].polygon_id == "admin1:AZ-NX"
    assert by_id["region:south-caucasus"].polygon_id == "region:south-caucasus"
    for district in ("district:AZ-DAS", "district:AZ-KAL", "district:AZ-LAC"):
        assert by_id[district].country_code == "AZ" and by_id[district].geonames_id


def test_country_and_region_points_fall_inside_their_natural_earth_polygons(doc, region_shapes):
    by_id = {p.id: p for p in doc.places}
    for code in ("AM", "AZ"):  # wholly inside the region file
        p = by_id[f"country:{code}"]
        assert region_shapes[f"region-country:{code}"].contains(Point(p.lon, p.lat)), code
    # the region file clips Iran, Turkey and Russia: compare with their centroids (hand-written)
    for code, lat, lon in (("IR", 32.4, 53.7), ("TR", 39.0, 35.2)):
        p = by_id[f"country:{code}"]
        assert km(p.lat, p.lon, lat, lon) < 150, code
    nx = by_id["admin1:AZ-NX"]
    assert region_shapes["admin1:AZ-NX"].contains(Point(nx.lon, nx.lat))
    sc = by_id["region:south-caucasus"]
    assert region_shapes["region:south-caucasus"].contains(Point(sc.lon, sc.lat))
    ru = by_id["country:RU"]
    assert 50 < ru.lat < 70 and 40 < ru.lon < 140  # the middle of Russia, not the North Caucasus


def test_borders_lie_on_their_lines_and_name_both_countries(doc, region_shapes):
    by_id = {p.id: p for p in doc.places}
    for place_id, line_id, pair in (
        ("border:AM-AZ", "border:AM-AZ", ("AM", "AZ")),
        ("border:AM-IR", "border:AM-IR", ("AM", "IR")),
    ):
        p = by_id[place_id]
        assert p.countries == pair
        assert region_shapes[line_id].distance(Point(p.lon, p.lat)) < 0.05  # degrees, about 5 km
        assert line_id in p.polygon_id.split("|")


def test_surface_forms_of_countries(doc):
    by_id = {p.id: p for p in doc.places}
    assert {"Azerbaijan Republic", "Republic of Azerbaijan", "mainland Azerbaijan", "Azerbaijani"} <= set(
        by_id["country:AZ"].surface_forms
    )
    assert {"Republic of Armenia", "Armenian"} <= set(by_id["country:AM"].surface_forms)
    assert {"Islamic Republic of Iran", "Iranian"} <= set(by_id["country:IR"].surface_forms)
    assert {"Russian Federation", "Russian"} <= set(by_id["country:RU"].surface_forms)
    assert by_id["country:TR"].surface_forms == ("Turkish",) and by_id["country:TR"].roles == ("demonym",)


def test_every_mention_sits_in_its_sentence(doc):
    for m in doc.mentions:
        s = doc.sentences[m.sentence]
        assert s.start <= m.start < m.end <= s.end


EXPECTED_QUOTES = [
    ("aggressive actions", "A statement put out by the Armenian premiership"),
    ("Death toll of Armenian armed forces", "Azerbaijani news agency Trend"),
    ("Iran considers any change", "Nasser Kanaani"),
    ("The Caucasus region is going through", "Ebrahim Raisi"),
    ("The region cannot tolerate another war.", "Ebrahim Raisi"),
    ("The historical borders of Iran and Armenia", "Ebrahim Raisi"),
    ("The Islamic Republic will not tolerate", "Ali Khamenei"),
    ("Of course, if there is a policy", "Ali Khamenei"),
]


def test_quotes_and_their_speakers(doc):
    assert len(doc.quotes) == len(EXPECTED_QUOTES)
    for q, (opening, speaker) in zip(doc.quotes, EXPECTED_QUOTES):
        assert q.text.startswith(opening)
        assert doc.article.text[q.start : q.end] == q.text
        assert doc.article.text[q.start - 1] == "“" and doc.article.text[q.end] == "”"
        assert q.speaker == speaker
    written = {q.text[:40]: q.speaker_as_written for q in doc.quotes}
    assert written["Iran considers any change to the borders"] == "he"
    assert written["The Islamic Republic will not tolerate p"] == "the Leader"
    assert written["Of course, if there is a policy intended"] == "he"


def test_quotes_link_the_places_they_or_their_sentences_mention(doc):
    trend = next(q for q in doc.quotes if q.speaker == "Azerbaijani news agency Trend")
    assert {"country:AM", "country:AZ"} <= set(trend.place_ids)
    leader = next(q for q in doc.quotes if q.speaker_as_written == "the Leader")
    assert "border:AM-IR" in leader.place_ids and "country:IR" in leader.place_ids
    lachin = doc.place("district:AZ-LAC")
    # the Azerbaijani account names the clash sectors; the Trend quote follows it
    account = doc.sentences[lachin.sentences[0]]
    assert "armed_clash" in account.event_types


def test_event_types_of_places(doc):
    types = {p.id: set(p.event_types) for p in doc.places}
    for sector in ("district:AZ-DAS", "district:AZ-KAL", "district:AZ-LAC"):
        assert types[sector] == {"armed_clash", "accusation"}
    assert {"appeal", "armed_clash"} <= types["geonames:616052"]  # Yerevan applied to Russia; clashes with Baku
    assert {"meeting_call", "warning"} <= types["geonames:112931"]  # the Putin-Khamenei meeting in Tehran
    assert "armed_clash" not in types["border:AM-IR"]
    assert {"warning", "territorial_claim"} <= types["border:AM-IR"]
    assert types["admin1:AZ-NX"] == {"territorial_claim"}
    assert types["country:TR"] == {"meeting_call"}


def test_each_sentence_type_keeps_the_words_that_caused_it(doc):
    text = doc.article.text
    for s in doc.sentences:
        assert set(s.cues) == set(s.event_types)
        for cue in s.cues.values():
            assert cue.lower() in text[s.start : s.end].lower()
    assert doc.sentences[-1].event_types == ()  # the licence line reports nothing


def test_casualty_claims_are_recorded_on_the_clash(doc):
    claims = [c for s in doc.sentences for c in s.casualties]
    killed = [c for c in claims if c.kind == "killed"]
    injured = [c for c in claims if c.kind == "injured"]
    assert len(killed) == 1 and killed[0].count == "150-200" and (killed[0].low, killed[0].high) == (150, 200)
    assert killed[0].who == "Armenian armed forces"
    assert killed[0].claimed_by == "Azerbaijani news agency Trend"
    assert len(injured) == 1 and injured[0].count == "hundreds" and injured[0].who == "Armenian soldiers"
    sentence = next(s for s in doc.sentences if s.casualties)
    assert "armed_clash" in sentence.event_types


def test_geojson_is_rfc7946_and_reads_back_with_shapely(doc):
    data = json.loads(json.dumps(to_geojson(doc)))
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == len(doc.places)
    for feature, place in zip(data["features"], doc.places):
        geom = shape(feature["geometry"])
        assert geom.geom_type == "Point"
        assert (geom.x, geom.y) == pytest.approx((place.lon, place.lat))  # RFC 7946: longitude first
        props = feature["properties"]
        assert set(props) >= {"name", "kind", "country_code", "geonames_id", "event_types", "mentions", "quotes"}
        for m in props["mentions"]:
            assert doc.article.text[m["start"] : m["end"]] == m["text"]
        for q in props["quotes"]:
            assert doc.article.text[q["start"] : q["end"]] == q["text"] and q["speaker"]


def test_csv_has_one_row_per_mention(doc):
    import io

    import pandas as pd

    frame = pd.read_csv(io.StringIO(to_csv(doc)), keep_default_na=False)
    assert len(frame) == len(doc.mentions)
    lachin = frame[frame.text == "Lachin"].iloc[0]
    assert lachin.kind == "district" and lachin.country_code == "AZ"
    assert "armed_clash" in lachin.event_types.split(";")


def test_taxonomy_file_has_labels_and_codes():
    from mapview.nlp.classify import Taxonomy

    taxonomy = Taxonomy()
    assert taxonomy.keys == [
        "armed_clash",
        "shelling_strike",
        "attack",
        "disaster",
        "protest",
        "military_posture",
        "meeting_call",
        "appeal",
        "accusation",
        "warning",
        "territorial_claim",
        "agreement",
        "statement",
    ]
    # what is done and what is said: the role rules read it (mapview.nlp.roles); ACLED codes no rhetoric
    acts = {k for k, t in taxonomy.types.items() if t.act}
    assert acts == {
        "armed_clash",
        "shelling_strike",
        "attack",
        "disaster",
        "protest",
        "military_posture",
        "meeting_call",
        "territorial_claim",
        "agreement",
    }
    assert {k for k, t in taxonomy.types.items() if t.violent} == {
        "armed_clash",
        "shelling_strike",
        "attack",
        "disaster",
    }
    assert all(not taxonomy.types[k].acled for k in ("statement", "appeal", "accusation", "warning"))
    assert (taxonomy.types["armed_clash"].acled, taxonomy.types["armed_clash"].acled_sub) == ("Battles", "Armed clash")
    codes = {k: (t.plover, t.cameo) for k, t in taxonomy.types.items()}
    assert codes["armed_clash"] == ("ASSAULT", ("19",))
    assert codes["shelling_strike"][1] == ("195",)
    assert codes["accusation"] == ("ACCUSE", ("112",))
    assert codes["warning"][1] == ("12", "13")
    assert codes["agreement"][1] == ("03", "05")
    assert codes["statement"][1] == ("01",)
    assert all(t.label and t.colour.startswith("#") for t in taxonomy.types.values())


def test_a_macro_region_made_of_states_is_their_area_not_an_editorial_point(geoparser):
    """ "The Middle East", "Latin America" and "Africa" are sets of states: each is drawn (and
    scored) as the union of its members' outlines, by a stated definition (geo/regions.geojson)."""
    from mapview.geo.shapes import area_shape
    from mapview.model.article import Article

    doc = geoparser.parse(
        Article(
            id="regions",
            text=(
                "Fears grew of a wider war in the Middle East. Diplomats from Latin America and the "
                "European Union met in Africa, far from the Atlantic."
            ),
        )
    )
    by_name = {p.name: p for p in doc.places}
    inside = {  # (lat, lon) inside, and outside, each area: hand-written
        "Middle East": ([(33.51, 36.29), (35.69, 51.42), (30.04, 31.24)], [(40.18, 44.51), (37.98, 23.73)]),
        "Latin America": ([(-15.79, -47.88), (19.43, -99.13), (18.47, -69.90)], [(25.76, -80.19), (45.42, -75.70)]),
        "European Union": ([(50.85, 4.35), (40.42, -3.70)], [(51.51, -0.13), (59.91, 10.75)]),
        "Africa": ([(30.04, 31.24), (-1.29, 36.82)], [(41.01, 28.98), (40.42, -3.70)]),
    }
    for name, (yes, no) in inside.items():
        place = by_name[name]
        area = area_shape(place.polygon_id)
        assert area is not None, name
        assert all(area.contains(Point(lon, lat)) for lat, lon in yes), name
        assert not any(area.contains(Point(lon, lat)) for lat, lon in no), name
    # "Arab leaders" are of the Arab world (the Arab League's members), not of Arab, Alabama
    doc = geoparser.parse(Article(id="arab", text="Israel, Arab leaders and other nations met in Cairo."))
    arab = next(p for p in doc.places if p.name == "Arab world")
    assert area_shape(arab.polygon_id).contains(Point(46.7, 24.7)) and not any(
        p.country_code == "US" for p in doc.places
    )
    # an ocean is not a set of states: it stays a point (drawn as a wide dashed circle)
    assert by_name["Atlantic Ocean"].polygon_id == ""


def test_a_landmark_is_drawn_as_a_pin_not_as_a_region(geoparser):
    """The White House was drawn as a 150 km dashed circle, the sign of a region without an outline."""
    from mapview.nlp.article import article_from_text
    from mapview.web.mapping import _layer_payload

    doc = geoparser.parse(article_from_text("The White House said on Monday that Mexico City would host the talks."))
    white_house = next(p for p in doc.places if p.name == "White House")
    polygons, _, kind, markers, _notes = _layer_payload(
        doc, list(doc.places), {}, {}, (), None, show_polygons=True, show_borders=False
    )
    assert kind == "markers" and white_house.id in {row[7] for row in json.loads(str(markers))}
    assert not json.loads(str(polygons))["features"]


def test_airports_are_places_by_every_form_of_their_name(geoparser):
    from mapview.nlp.article import article_from_text

    doc = geoparser.parse(
        article_from_text(
            "Flights were cancelled at Heathrow and Gatwick on Friday. Passengers at Dulles International Airport "
            "waited, and Lester Pearson said Yosemite was closed."
        )
    )
    by_text = {m.text: m.place_id for m in doc.mentions}
    assert by_text["Heathrow"] == "airport:LHR" and by_text["Gatwick"] == "airport:LGW"
    assert by_text["Dulles International Airport"] == "airport:IAD"
    heathrow = doc.places_by_id["airport:LHR"]
    assert heathrow.source == "gazetteer:airportsdata" and "EGLL" in heathrow.source_ref and heathrow.kind == "place"
    # a person's name, a park: not airports, whatever an airport is called after them
    assert not any(pid and pid.startswith("airport:") for t, pid in by_text.items() if t in ("Pearson", "Yosemite"))
    # a town the text qualifies stays the town
    town = geoparser.parse(article_from_text("Residents of Heathrow, Florida, met on Monday."))
    assert next(m.place_id for m in town.mentions if m.text == "Heathrow").startswith("geonames:")


def test_no_airport_takes_a_countrys_or_a_provinces_name_alone():
    import csv

    from conftest import ROOT

    with open(ROOT / "geo" / "airports.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) > 2000 and all(
        r["id"] == f"airport:{r['iata']}" and r["name"] in r["forms"].split("|") for r in rows
    )
    bare = {r["bare"] for r in rows if r["bare"]}
    assert {"Heathrow", "Schiphol", "Gatwick"} <= bare
    assert not bare & {"Arkansas", "Erbil", "Lachin", "Yosemite", "Pearson", "Liberty", "Metro"}
