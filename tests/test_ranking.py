"""Issue 11: counties, the outlet's home as a prior, the explainable ranker, uncertain places,
and the recogniser's prefix stop. Against the real gazetteer (the bundled data)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from mapview.export.json import place_to_dict
from mapview.geo.outlets import home_for_url, outlet_homes, resolve_home
from mapview.geo.places import name_prefixes
from mapview.geo.ranking import explain, why_chosen
from mapview.model import ids
from mapview.nlp.article import article_from_text


@pytest.fixture(scope="module")
def gazetteer(geoparser):
    return geoparser.gazetteer


def places_of(geoparser, text: str, **meta) -> dict:
    doc = geoparser.parse(article_from_text(text, **meta))
    return {p.name: p for p in doc.places}


# -- counties -------------------------------------------------------------------------------------


def test_a_county_is_a_second_level_unit_with_census_provenance(geoparser):
    p = places_of(geoparser, "Deputies in Daviess County, Kentucky, closed two roads on Monday.")["Daviess County"]
    assert p.id == "admin2:US-21059" and p.kind == "district" and p.admin1 == "admin1:US-KY"
    assert p.source_text == "gazetteer:us-census" and "FIPS 21059" in p.source_ref
    assert 37.5 < p.lat < 37.9 and -87.4 < p.lon < -86.9  # around Owensboro


def test_a_compound_county_name_is_the_county_without_its_unit_word(geoparser):
    p = places_of(geoparser, "The school is in southwest Miami-Dade, according to police.")
    assert list(p) == ["Miami-Dade County"] and p["Miami-Dade County"].id == "admin2:US-12086"


def test_a_state_named_in_the_text_picks_the_right_one_of_many_same_named_counties(geoparser):
    p = places_of(geoparser, "Floods hit Washington County on Monday, the Oregon governor said.")["Washington County"]
    assert p.admin1 == "admin1:US-OR"


# -- the outlet's home ----------------------------------------------------------------------------


def test_outlet_domains_are_found_from_the_host_down_to_the_registered_domain():
    table = {"ctvnews.ca": "CA", "toronto.ctvnews.ca": "Toronto, Ontario, CA"}
    assert home_for_url("https://toronto.ctvnews.ca/story", table) == "Toronto, Ontario, CA"
    assert home_for_url("https://www.ctvnews.ca/x", table) == "CA"
    assert home_for_url("https://ctvnews.ca.evil.example/x", table) == ""
    assert home_for_url("not a url", table) == "" and home_for_url("http://[::1", table) == ""


def test_every_row_of_the_outlet_table_resolves_to_a_place_of_its_country(gazetteer):
    homes = outlet_homes()
    assert len(homes) >= 150
    for domain, home in homes.items():
        place = resolve_home(home, gazetteer)
        assert place is not None, domain
        assert place.country_code == home.rsplit(",", 1)[-1].strip(), (domain, place)


def test_home_specifications(gazetteer):
    point = resolve_home("[32.46, -84.99]", gazetteer)
    assert (point.lat, point.lon) == (32.46, -84.99)
    assert resolve_home("US", gazetteer).id == ids.country("US")
    assert resolve_home("Columbus, Georgia, US", gazetteer).admin1 == "admin1:US-GA"
    assert resolve_home("Columbus, Ohio", gazetteer).admin1 == "admin1:US-OH"
    for nothing in ("", "   ", "Nowhere-in-particular-xyz", "[91, 0]", "x" * 10_000):
        assert resolve_home(nothing, gazetteer) is None


COLUMBUS = "City officials in Columbus said the road would reopen on Friday. Athens sent two crews."


def test_the_outlets_home_decides_an_ambiguous_town_and_changes_nothing_without_one(geoparser):
    plain = places_of(geoparser, COLUMBUS)
    georgia = places_of(geoparser, COLUMBUS, source_home="Atlanta, Georgia, US")
    via_url = places_of(geoparser, COLUMBUS, url="https://www.ajc.com/news/local/story.html")
    assert plain["Columbus"].admin1 == "admin1:US-OH"  # the biggest namesake
    assert georgia["Columbus"].admin1 == "admin1:US-GA" and via_url["Columbus"].admin1 == "admin1:US-GA"
    assert georgia["Athens"].admin1 == "admin1:US-GA" and plain["Athens"].country_code == "GR"
    labels = [label for label, _ in why_chosen(georgia["Columbus"])]
    assert "near the outlet's home" in labels


def test_the_home_never_outweighs_what_the_text_says(geoparser):
    text = "Police in London and Manchester, England, searched three houses, Britain's Home Office said."
    assert places_of(geoparser, text, source_home="Franklin, Indiana, US")["London"].country_code == "GB"


def test_a_story_filed_from_elsewhere_takes_no_prior_from_the_outlets_home(geoparser):
    wire = (
        "LONDON (AP) — Britain expelled 23 diplomats on Monday. In Columbus, families of some of the 60 diplomats "
        "expelled from the United States were seen leaving a hotel."
    )
    indiana = "Franklin, Indiana, US"  # 40 km from Columbus, Indiana
    assert places_of(geoparser, wire, source_home=indiana)["Columbus"].admin1 == "admin1:US-OH"
    # without the dateline the home decides, as it should for a local story
    assert places_of(geoparser, wire.split("— ", 1)[1], source_home=indiana)["Columbus"].admin1 == "admin1:US-IN"
    # a dateline the home makes local keeps the home: "COLUMBUS" in a Georgia paper is Columbus, Ga.
    local = places_of(geoparser, "COLUMBUS — " + COLUMBUS, source_home="Atlanta, Georgia, US")
    assert local["Columbus"].admin1 == "admin1:US-GA" and local["Athens"].admin1 == "admin1:US-GA"


def test_the_command_line_takes_a_home_and_json_lines_take_a_name_or_a_point(tmp_path):
    cli = [sys.executable, "-m", "mapview.cli"]
    story = tmp_path / "story.txt"
    story.write_text(COLUMBUS, encoding="utf-8")
    out = subprocess.run(
        [*cli, "extract", str(story), "--format", "json", "--home", "Atlanta, Georgia, US"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    columbus = next(p for p in json.loads(out)["places"] if p["name"] == "Columbus")
    assert columbus["admin1"] == "admin1:US-GA"
    lines = "\n".join(
        json.dumps(r)
        for r in [
            {"id": "a", "text": COLUMBUS, "source_home": [33.75, -84.39]},
            {"id": "b", "text": COLUMBUS},
            {"id": "c", "text": COLUMBUS, "source_home": {"bad": 1}},
        ]
    )
    run = subprocess.run([*cli, "extract", "--jsonl", "-"], input=lines, capture_output=True, text=True)
    records = [json.loads(line) for line in run.stdout.splitlines()]
    lats = {r["id"]: next(m["lat"] for m in r["mentions"] if m["text"] == "Columbus") for r in records}
    assert 32 < lats["a"] < 33 and 39 < lats["b"] < 40.5  # Columbus, Georgia near the point; else Ohio
    assert run.returncode != 0 and ":3:" in run.stderr and "source_home" in run.stderr and "Traceback" not in run.stderr
    assert all(m["role"] for r in records for m in r["mentions"])  # every mention says its role


# -- the ranker explains itself and says when it is unsure ---------------------------------------


def test_explain_lists_the_features_that_favour_the_choice_most_first():
    chosen = (("source", 0.0), ("population", 2.0), ("country_in_text", 1.5))
    runner_up = (("source", 0.0), ("population", 2.5), ("capital", 0.5))
    assert explain(chosen, runner_up) == [("its country is named in the text", 1.5)]
    assert sorted(explain(runner_up, chosen)) == [("national capital", 0.5), ("population", 0.5)]


def test_a_bare_common_town_name_is_uncertain_and_says_why(geoparser):
    springfield = places_of(geoparser, "Springfield officials said the bridge would reopen.")["Springfield"]
    assert springfield.uncertain and springfield.runner_up is not None
    assert why_chosen(springfield)  # the population, at least
    assert place_to_dict(springfield)["uncertain"] is True


def test_the_only_town_of_its_name_is_uncertain_when_nothing_in_the_text_points_to_it(geoparser):
    # the gazetteer's only Dora is in Alabama; the text is about Kashmir
    dora = places_of(
        geoparser,
        "The shootout with militants took place at Dora village some 50 kilometers south of Srinagar in Kashmir.",
    )["Dora"]
    assert dora.runner_up is None and dora.uncertain
    mudgee = places_of(geoparser, "Fires burned near Mudgee in New South Wales.")["Mudgee"]
    assert mudgee.runner_up is None and not mudgee.uncertain


def test_a_name_never_counts_as_evidence_for_itself(geoparser):
    georgia = places_of(geoparser, "Georgia is expected to vote next week.")["Georgia"]
    assert "its country is named in the text" not in [label for label, _ in why_chosen(georgia)]


def test_the_bundled_articles_places_are_certain(doc):
    assert not [p.name for p in doc.places if p.uncertain]


# -- recognition ----------------------------------------------------------------------------------


def test_name_prefixes_end_at_word_ends():
    assert sorted(name_prefixes(["new york city", "winston-salem", "paris"])) == ["new", "new york", "winston"]


def test_the_longest_name_still_wins_after_the_prefix_stop(geoparser):
    doc = geoparser.parse(article_from_text("Crews in New York City and in Winston-Salem worked overnight."))
    assert {m.text for m in doc.mentions} >= {"New York City", "Winston-Salem"}


def test_a_metonym_needs_the_capital_it_was_taken_for(geoparser):
    doc = geoparser.parse(
        article_from_text("Athens and Paris sent teams on Monday.", source_home="Atlanta, Georgia, US")
    )
    roles = {m.text: (m.role, m.place_id) for m in doc.mentions}
    assert roles["Athens"][0] == "toponym" and geoparser.gazetteer.place(roles["Athens"][1]).admin1 == "admin1:US-GA"
    plain = geoparser.parse(article_from_text("Athens and Paris sent teams on Monday."))
    assert {m.text: m.role for m in plain.mentions} == {"Athens": "metonym", "Paris": "metonym"}


# -- lists and qualifiers ---------------------------------------------------------------------------


def test_a_name_listed_with_states_of_one_country_is_one_of_them(geoparser):
    p = places_of(geoparser, "Voters in Georgia, Ohio and Florida went to the polls on Tuesday.")["Georgia"]
    assert p.id == "admin1:US-GA"
    # the other states set the story in the US, which is enough; the list says it again
    assert {
        "listed with other states or countries of its kind",
        "at home in the story's country, not its namesake abroad",
    } & {label for label, _ in why_chosen(p)}
    p = places_of(geoparser, "Tech firms left western states such as California or Washington for cheaper ones.")
    assert p["Washington"].id == "admin1:US-WA"  # the state's own name, not an alias of the District


def test_a_list_of_countries_or_of_towns_keeps_its_readings(geoparser):
    assert places_of(geoparser, "Officials from Georgia and Armenia met on Monday.")["Georgia"].id == "country:GE"
    p = places_of(geoparser, "Leaders met in New York and Washington on Monday.")
    assert p["New York City"].kind == "city" and p["Washington"].kind == "city"  # towns say nothing of kinds


def test_a_qualifier_is_the_unit_that_holds_the_town_before_it(geoparser):
    p = places_of(geoparser, "He lives in Columbus, Ohio and works in Atlanta, Georgia.")
    assert p["Georgia"].id == "admin1:US-GA" and p["Atlanta"].admin1 == "admin1:US-GA"
    p = places_of(geoparser, "She flew from Tbilisi, Georgia to Baku on Monday.")
    assert p["Georgia"].id == "country:GE"
    # a town after a comma that holds nothing before it is a list, not a qualifier
    p = places_of(geoparser, "The band played in Copenhagen, Hamburg and Mannheim this month.")
    assert p["Hamburg"].kind == "city"


def test_the_words_around_a_name_say_its_kind(geoparser):
    assert places_of(geoparser, "The team joined the Georgia National Guard on Monday.")["Georgia"].id == "admin1:US-GA"
    assert places_of(geoparser, "Voters in the state of Georgia went to the polls.")["Georgia"].id == "admin1:US-GA"
    assert places_of(geoparser, "On Sunday, Sen. Marco Rubio of Florida spoke.")["Florida"].id == "admin1:US-FL"
    p = places_of(geoparser, "Former New York Gov. Mario Cuomo died in New York City.")
    assert p["New York"].id == "admin1:US-NY" and p["New York City"].kind == "city"
    p = places_of(geoparser, "He was born in the city of Washington.")["Washington"]
    assert p.kind == "city" and p.country_code == "US"
    # a state's broadcaster says nothing of the kind of place ("Egyptian state news agency")
    assert places_of(geoparser, "Georgia state television reported the vote.")["Georgia"].id == "country:GE"
    assert places_of(geoparser, "Georgia state-run media reported the vote.")["Georgia"].id == "country:GE"


def test_a_name_written_for_a_unit_and_for_a_town_is_two_places(geoparser):
    def kinds(text):
        doc = geoparser.parse(article_from_text(text))
        return sorted((p.label, p.kind.value) for p in doc.places)

    # the words say a unit once and a town once: the province and the city, each labelled as written
    assert kinds("Air strikes hit Idlib province on Monday. In the city of Idlib, a market burned.") == [
        ("Idlib", "city"),
        ("Idlib province", "admin_region"),
    ]
    assert kinds("Shelling hit the Donetsk and Luhansk regions. Donetsk, the regional capital, lost power.") == [
        ("Donetsk", "city"),
        ("Donetsk region", "admin_region"),
        ("Luhansk", "admin_region"),
    ]
    # a plain mention says nothing against the unit: one place, the province
    assert kinds("An earthquake struck Herat province. In Herat, homes collapsed.") == [("Herat", "admin_region")]
    # a town said to be one, with nothing for a unit, stays one town
    assert kinds("Floods hit Sindh. Hyderabad, a city in Sindh, was cut off.") == [
        ("Hyderabad", "city"),
        ("Sindh", "admin_region"),
    ]


def test_a_query_with_a_unit_word_is_that_unit(gazetteer):
    assert gazetteer.candidates("Kharkiv region")[0].place.id == "admin1:UA-63"
    assert gazetteer.candidates("Herat Province")[0].place.id == "admin1:AF-HER"
    # no unit of that name: the name itself
    assert gazetteer.candidates("Chicago region")[0].place.kind == "city"


def test_a_town_qualified_by_a_state_it_is_not_in_is_drawn_at_the_state(geoparser):
    """No Murray the gazetteer knows lies in Washington state (the camp is not in it): Murray,
    Utah was drawn. A name always qualified by its state lies there."""
    doc = geoparser.parse(article_from_text("CAMP MURRAY, Wash. - The team trained on Monday with police in Seattle."))
    murray = next(m for m in doc.mentions if m.text.upper().endswith("MURRAY"))
    assert murray.role == "locality" and doc.places_by_id[murray.place_id].name == "Washington"
    # a qualifier that holds a reading picks it, as before; a country qualifier keeps the reading
    assert places_of(geoparser, "Floods hit Columbus, Georgia, on Monday.")["Columbus"].admin1 == "admin1:US-GA"
    assert "Seattle" in places_of(geoparser, "Rain fell on Seattle, Wash., on Monday.")


def test_a_state_of_incorporation_is_the_state(geoparser):
    text = "Acme formed Lakes Edge LLC, a Delaware limited liability company, to buy a building in Columbus, Ohio."
    assert places_of(geoparser, text)["Delaware"].id == "admin1:US-DE"  # not Delaware, Ohio
    assert (
        places_of(geoparser, "Shares of a Nevada corporation based in Austin, Texas, fell.")["Nevada"].id
        == "admin1:US-NV"
    )
