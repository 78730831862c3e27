"""The recogniser's rules and the ranker on a small world built for the purpose: three countries,
four states and seven towns, not the 235,000 of the shipped gazetteer. What a rule does is seen
here without the rest of the world's namesakes in the way."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from mapview.geo import sources
from mapview.geo.gazetteer import Gazetteer
from mapview.geo.ranking import Context
from mapview.nlp.recognize import Recognizer
from mapview.nlp.sentences import split_sentences
from mapview.paths import GEO_DIR


def town(gid, name, lat, lon, cc, admin1, population, *alternates):
    return {
        "geonameid": gid,
        "name": name,
        "latitude": lat,
        "longitude": lon,
        "countrycode": cc,
        "admin1code": admin1,
        "population": population,
        "alternatenames": list(alternates),
    }


TOWNS = [
    town(2988507, "Paris", 48.853, 2.349, "FR", "11", 2_138_551),
    town(4717560, "Paris", 33.661, -95.556, "US", "TX", 24_782),
    town(4250542, "Springfield", 39.802, -89.644, "US", "IL", 116_250),
    town(4409896, "Springfield", 37.215, -93.298, "US", "MO", 166_810),
    town(4188985, "Columbus", 32.461, -84.988, "US", "GA", 206_922),
    town(4180386, "Athens", 33.961, -83.378, "US", "GA", 127_064),
    town(2643743, "London", 51.509, -0.126, "GB", "ENG", 8_961_989),
]
STATES = {"admin1:US-IL", "admin1:US-MO", "admin1:US-TX", "admin1:US-GA"}


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Gazetteer:
    geo = tmp_path_factory.mktemp("geo")
    countries = json.loads((GEO_DIR / "countries.geojson").read_text(encoding="utf-8"))
    countries["features"] = [f for f in countries["features"] if f["properties"]["iso_a2"] in {"US", "FR", "GB"}]
    (geo / "countries.geojson").write_text(json.dumps(countries), encoding="utf-8")
    (geo / "country_aliases.csv").write_text("country_code,alias,note\nUS,U.S.,\n", encoding="utf-8")
    with (
        open(GEO_DIR / "admin1.csv", encoding="utf-8", newline="") as src,
        open(geo / "admin1.csv", "w", encoding="utf-8", newline="") as dst,
    ):
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=reader.fieldnames)
        writer.writeheader()
        writer.writerows(row for row in reader if row["id"] in STATES)
    shutil.copy(GEO_DIR / "abbreviations.csv", geo / "abbreviations.csv")
    return Gazetteer(
        geo_dir=geo,
        index_path=geo / "towns.sqlite",
        sources=(sources.countries, sources.admin1, sources.abbreviations),
        cities=TOWNS,
        capital_names=[("FR", "Paris"), ("GB", "London")],
    )


def find(world, text):
    return [(m.text, m.rule) for m in Recognizer(world).find(text, split_sentences(text))]


def test_the_small_world_is_small(world):
    assert len(world.places) == 3 + len(STATES) and world.towns.size == len(TOWNS)
    assert {e.place_id for e in world.lookup("Springfield")} == {"geonames:4250542", "geonames:4409896"}
    assert world.lookup("Lahore") == []  # not in this world


def test_each_kept_name_says_which_rule_kept_it(world):
    assert find(world, "Officials in Springfield met. Texas agreed.") == [
        ("Springfield", "known_town_or_evidence"),
        ("Texas", "not_only_towns"),
    ]


@pytest.mark.parametrize(
    "text, name, dropped_by",
    [
        ("Mr. Paris met the mayor.", "Paris", "title_before"),
        ("Later Athens scored twice.", "Athens", "person_verb"),
        ("They met President Athens Kanaani.", "Athens", "inside_proper_name"),
        ("Fans of Paris Smith cheered.", "Paris", "followed_by_name"),
        ("The PARIS team won.", "PARIS", "acronym"),
        ("Springfield is a rule of thumb; a springfield is not.", "Springfield", "ordinary_word"),
    ],
)
def test_each_rule_drops_what_it_says(world, text, name, dropped_by):
    assert (name, dropped_by, False) in Recognizer(world).decisions(text, split_sentences(text))
    assert name not in [t for t, _ in find(world, text)]


def test_abbreviations_that_are_words_need_a_comma(world):
    assert find(world, "SPRINGFIELD, Ill. (AP) - The Ill. patient left.")[:2] == [
        ("SPRINGFIELD", "dateline"),
        ("Ill.", "not_only_towns"),
    ]
    assert [t for t, _ in find(world, "The Ill. patient left.")] == []


def test_the_ranker_on_namesakes(world):
    paris = world.candidates("Paris")
    assert [c.place.country_code for c in paris] == ["FR", "US"]  # the capital of millions first
    texas = world.candidates("Paris", Context(admin1=frozenset({"admin1:US-TX"})))
    assert texas[0].place.country_code == "US"
    assert dict(texas[0].features)["province_in_text"] == 1.5
    near_home = world.candidates("Springfield", Context(home=world.place("geonames:4250542")))
    assert near_home[0].place.admin1 == "admin1:US-IL"  # the outlet's own town
    assert world.candidates("Springfield")[0].place.admin1 == "admin1:US-MO"  # else the bigger one
