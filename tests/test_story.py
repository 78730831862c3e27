"""The places of one story decided together (geo/story.py, the ranker's story and home features),
on a small world of their own: a US state and a country of one name (Georgia), a country and a
town of one name (Lebanon), a capital and a small town of one name (Paris, Athens), a county."""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter

import pytest
from test_small_world import town

from mapview.geo import sources
from mapview.geo.gazetteer import Gazetteer
from mapview.geo.geocode import GeocodeCache, GeocoderChain
from mapview.geo.ranking import Context, disputing_evidence, home_closeness, prior_features
from mapview.geo.story import story_country, story_votes
from mapview.model.document import PRIOR_FEATURES
from mapview.model.place import normalize
from mapview.nlp.article import article_from_text
from mapview.paths import GEO_DIR
from mapview.pipeline import Geoparser
from mapview.web.render import why_chosen_text

TOWNS = [
    town(4180386, "Athens", 33.961, -83.378, "US", "GA", 127_064),
    town(264371, "Athens", 37.984, 23.728, "GR", "ESYE31", 664_046),
    town(4180439, "Atlanta", 33.749, -84.388, "US", "GA", 463_878),
    town(4671240, "Atlanta", 33.114, -94.164, "US", "TX", 5_675),  # so that "Atlanta" alone is no sure town
    town(611717, "Tbilisi", 41.694, 44.834, "GE", "04", 1_049_498),
    town(2988507, "Paris", 48.853, 2.349, "FR", "11", 2_138_551),
    town(4303436, "Paris", 38.210, -84.253, "US", "KY", 9_846),
    town(4297983, "Lexington", 37.988, -84.478, "US", "KY", 320_601),
    town(4516233, "Lebanon", 39.435, -84.203, "US", "OH", 20_905),
    town(276781, "Beirut", 33.894, 35.502, "LB", "04", 1_916_100),
    town(2656241, "Barrow in Furness", 54.110, -3.227, "GB", "ENG", 56_745, "Barrow"),
    town(4431410, "Jackson", 32.299, -90.185, "US", "MS", 160_628),
    town(942470, "Virginia", -28.104, 26.865, "ZA", "03", 3_000_000),  # a big one, for the rule to show
]
COUNTRIES = {"US", "GE", "LB", "FR", "GR"}
STATES = {"admin1:US-GA", "admin1:US-KY", "admin1:US-OH", "admin1:US-VA"}
COUNTIES = {"admin2:US-13013", "admin2:US-13157"}  # Barrow and Jackson counties, Georgia


def _copy_rows(name, geo, keep):
    with (
        open(GEO_DIR / name, encoding="utf-8", newline="") as src,
        open(geo / name, "w", encoding="utf-8", newline="") as dst,
    ):
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=reader.fieldnames)
        writer.writeheader()
        writer.writerows(row for row in reader if row["id"] in keep)


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Gazetteer:
    geo = tmp_path_factory.mktemp("geo")
    countries = json.loads((GEO_DIR / "countries.geojson").read_text(encoding="utf-8"))
    countries["features"] = [f for f in countries["features"] if f["properties"]["iso_a2"] in COUNTRIES]
    (geo / "countries.geojson").write_text(json.dumps(countries), encoding="utf-8")
    (geo / "country_aliases.csv").write_text("country_code,alias,note\nUS,U.S.,\n", encoding="utf-8")
    _copy_rows("admin1.csv", geo, STATES)
    _copy_rows("admin2.csv", geo, COUNTIES)
    shutil.copy(GEO_DIR / "abbreviations.csv", geo / "abbreviations.csv")
    return Gazetteer(
        geo_dir=geo,
        index_path=geo / "towns.sqlite",
        sources=(sources.countries, sources.admin1, sources.abbreviations, sources.admin2),
        cities=TOWNS,
        capital_names=[("FR", "Paris"), ("GR", "Athens"), ("GE", "Tbilisi"), ("LB", "Beirut")],
    )


@pytest.fixture(scope="module")
def parser(world) -> Geoparser:
    return Geoparser(
        gazetteer=world, chain=GeocoderChain(world, GeocodeCache.load("/nonexistent/cache.csv")), reader=None
    )


def placed(parser, text, home=""):
    """Each name of the text -> (kind, country code) of the place it resolved to."""
    article = article_from_text(text, id="t")
    doc = parser.parse(article.__class__(**{**article.__dict__, "source_home": home}))
    return {m.text: (str(p.kind), p.country_code) for m in doc.mentions if (p := doc.places_by_id.get(m.place_id))}


def place_of(parser, text, name, home=""):
    article = article_from_text(text, id="t")
    doc = parser.parse(article.__class__(**{**article.__dict__, "source_home": home}))
    return next(p for p in doc.places if name in p.surface_forms)


STATE, COUNTRY_GE = ("admin_region", "US"), ("country", "GE")


def test_the_vote_sets_a_story_where_its_evidence_leads():
    assert story_country(story_votes([("home", "US")])) == "US"
    assert story_country(story_votes([("home", "US"), ("town", "GE")])) == ""  # a tie sets it nowhere
    assert story_country(story_votes([("home", "US"), ("town", "GE"), ("dateline", "GE")])) == "GE"
    assert story_country(story_votes([])) == "" and story_country(Counter()) == ""


def test_a_state_before_its_namesake_country_in_a_story_set_in_its_country(world):
    assert world.candidates("Georgia")[0].place.id == "country:GE"  # a bare country name: the country
    at_home = world.candidates("Georgia", Context(story_country="US"))
    assert at_home[0].place.id == "admin1:US-GA"
    assert dict(at_home[0].features)["story_country"] == 10.0
    assert world.candidates("Georgia", Context(story_country="GE"))[0].place.id == "country:GE"
    # no namesake abroad, no bonus: a story set in the US says nothing between two US places
    assert all("story_country" not in dict(c.features) for c in world.candidates("Athens", Context(story_country="US")))


@pytest.mark.parametrize(
    "text, home",
    [
        ("Schools in Northeast Georgia closed on Monday.", "Athens, Georgia, US"),  # the home
        ("ATLANTA - Police said a Georgia man died on Monday.", ""),  # the dateline
        ("Police in Athens, Ga., said a Georgia man died.", ""),  # a state's abbreviation
        ("The Georgia Bureau of Investigation said a man died.", ""),  # an institution of a state
        ("Schools in Barrow County and in Georgia closed.", ""),  # a county says its state
    ],
)
def test_the_story_says_georgia_is_the_state(parser, text, home):
    assert placed(parser, text, home)["Georgia" if "Northeast" not in text else "Northeast Georgia"] == STATE


def test_a_state_before_a_namesake_town_abroad_that_would_win(parser):
    assert placed(parser, "Virginia officials met on Monday.") == {"Virginia": ("city", "ZA")}
    assert placed(parser, "ATLANTA - Virginia officials met on Monday.")["Virginia"] == ("admin_region", "US")
    assert placed(parser, "Virginia officials met on Monday.", "Lexington, Kentucky, US") == {
        "Virginia": ("admin_region", "US")
    }


@pytest.mark.parametrize(
    "text, home",
    [
        ("Georgia officials met on Monday.", ""),  # nothing says where: the country
        ("Georgia officials met in Tbilisi on Monday.", "Athens, Georgia, US"),  # a story about Tbilisi
        ("TBILISI - Georgia officials met on Monday.", "Athens, Georgia, US"),  # filed from there
    ],
)
def test_the_story_says_georgia_is_the_country(parser, text, home):
    assert placed(parser, text, home)["Georgia"] == COUNTRY_GE


def test_a_county_is_evidence_for_its_state(parser):
    # Barrow County, Georgia: the state's Athens, not the capital of Greece
    assert placed(parser, "Schools in Barrow County and Athens closed.")["Athens"] == ("city", "US")
    assert placed(parser, "Schools in Athens closed.")["Athens"] == ("city", "GR")


def test_a_town_unsure_which_but_sure_of_its_country_says_the_story_is_there(parser):
    text = "Storms hit Northeast Georgia on Monday, officials in Atlanta said."
    assert placed(parser, text) == {"Northeast Georgia": STATE, "Atlanta": ("city", "US")}
    assert placed(parser, "Storms hit Northeast Georgia on Monday.") == {"Northeast Georgia": COUNTRY_GE}


def test_a_list_of_counties_names_counties_and_says_their_state(parser):
    text = "Schools in Northeast Georgia, which includes Barrow and Jackson counties, closed on Monday."
    assert placed(parser, text) == {
        "Northeast Georgia": ("admin_region", "US"),  # the counties' state, not the country
        "Barrow": ("district", "US"),  # Barrow County, not Barrow-in-Furness (nor a person's name)
        "Jackson": ("district", "US"),  # Jackson County, not the town of Jackson, Mississippi
    }
    assert "Barrow" not in placed(parser, "Barrow scored twice on Monday.")


def test_the_town_next_door_before_a_namesake_country_or_capital(parser):
    assert placed(parser, "Lebanon officials met on Monday.")["Lebanon"] == ("country", "LB")
    assert placed(parser, "Lebanon officials met on Monday.", "Lebanon, Ohio, US")["Lebanon"] == ("city", "US")
    assert placed(parser, "The Paris council met on Monday.")["Paris"] == ("city", "FR")
    assert placed(parser, "The Paris council met on Monday.", "Lexington, Kentucky, US")["Paris"] == ("city", "US")
    # a story about Beirut in that paper: the country
    assert placed(parser, "Lebanon officials met in Beirut.", "Lebanon, Ohio, US")["Lebanon"] == ("country", "LB")


def test_a_choice_against_the_finer_evidence_is_flagged(parser):
    # France named for the capital, Kentucky for the small town: the capital wins on its size, but
    # what the story says of places points to Kentucky's, so the reader is asked to check
    text = "A Kentucky doctor in France on a trip saw the attack in Paris on Thursday."
    paris = place_of(parser, text, "Paris")
    assert paris.country_code == "FR" and paris.disputed and paris.uncertain
    assert disputing_evidence(paris) == ["its province or state is named in the text"]
    assert "points rather to Paris" in why_chosen_text(paris)
    # nothing finer than a country for the runner-up: no dispute
    assert not place_of(parser, "Officials in France said Paris was calm.", "Paris").disputed


def test_the_home_weighs_less_the_farther_a_place_is():
    assert home_closeness(5) == home_closeness(30) == 1.0
    assert 1.0 > home_closeness(100) > home_closeness(300) > home_closeness(499) > 0
    assert home_closeness(500) == home_closeness(3000) == 0.0


def test_the_prior_features_are_the_ones_the_model_calls_the_names_own(world):
    place = world.place("geonames:2988507")
    entry = next(e for e in world.entries(normalize("Paris")) if e.place_id == place.id)
    assert set(prior_features(place, entry, True)) | {"alternate_name"} == PRIOR_FEATURES
