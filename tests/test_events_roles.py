"""Event records: one per event a sentence reports, each place with its role (location, actor,
source, mentioned), who reports it, when, and casualty claims; their exports, their evaluation
against the hand annotation, and the view that shows where events happened."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest
from conftest import ROOT

from mapview.evaluation.events import evaluate, load_gold
from mapview.export.geojson import to_geojson
from mapview.export.json import to_jsonl_record
from mapview.model.article import Article
from mapview.nlp.article import article_from_text

GOLD = ROOT / "data" / "gold" / "events.jsonl"


def roles(doc, event_type: str, sentence_start: str) -> dict[str, set[str]]:
    """{place name: its roles} in the event of that type in the sentence that opens so."""
    at = doc.article.text.index(sentence_start)
    event = next(e for e in doc.events if e.type == event_type and e.start <= at < e.end)
    out: dict[str, set[str]] = {}
    for p in event.places:
        out.setdefault(doc.places_by_id[p.place_id].name, set()).add(p.role)
    return out


def roles_by_text(doc, event_type: str, sentence_start: str) -> dict[str, set[str]]:
    """{the words that name a place: its roles}, for places no point is known for too."""
    at = doc.article.text.index(sentence_start)
    event = next(e for e in doc.events if e.type == event_type and e.start <= at < e.end)
    out: dict[str, set[str]] = {}
    for p in event.places:
        out.setdefault(p.text, set()).add(p.role)
    return out


@pytest.fixture(scope="module")
def rules_alone(geoparser):
    """The geoparser without the trained reader: these are the rules' examples (the reader's own
    are in tests/test_reader.py; the bundled article is read exactly by both)."""
    return replace(geoparser, reader=None)


def parse(geoparser, text: str, **meta):
    return geoparser.parse(replace(article_from_text(text), **meta) if meta else article_from_text(text))


def test_the_bundled_article_matches_its_hand_annotation_exactly(geoparser):
    bundled = [d for d in load_gold(GOLD) if d.get("corpus") == "bundled"]
    assert len(bundled) == 1 and sum(len(p["places"]) for e in bundled[0]["events"] for p in [e]) >= 80
    report = evaluate(bundled, ROOT, geoparser)
    assert report["triples"]["precision"] == report["triples"]["recall"] == 1.0, report["per_article"]
    assert report["locations"]["tp"] == report["locations"]["gold"] == 10
    # (sentence, place) once whatever the type: one of the ten is where two events of one sentence happened
    assert report["where"]["tp"] == report["where"]["pred"] == report["where"]["gold"] == 9


def test_the_rules_alone_read_the_bundled_article_exactly_too(rules_alone):
    bundled = [d for d in load_gold(GOLD) if d.get("corpus") == "bundled"]
    report = evaluate(bundled, ROOT, rules_alone)
    assert report["triples"]["precision"] == report["triples"]["recall"] == 1.0, report["per_article"]


def test_where_counts_a_place_once_per_sentence_whatever_the_type():
    from mapview.evaluation.events import _Item, _match, _untyped

    gold = [
        _Item(0, "armed_clash", "location", frozenset({"lachin"})),
        _Item(0, "attack", "location", frozenset({"lachin"})),
    ]
    pred = [_Item(0, "shelling_strike", "location", frozenset({"lachin", "lachin district"}))]
    assert _match(gold, pred) == 0  # typed otherwise: no location pair matches
    assert (len(_untyped(gold)), _match(_untyped(gold), _untyped(pred))) == (1, 1)  # but the place is right


def test_where_clashes_happened_is_not_where_concern_was_voiced(doc):
    assert roles(doc, "armed_clash", "TEHRAN - The new episode") == {
        "Tehran": {"source"},
        "Armenia": {"actor"},
        "Azerbaijan": {"actor"},
        "South Caucasus": {"mentioned"},
    }
    assert roles(doc, "armed_clash", "On Monday at late night") == {"Armenia–Azerbaijan border": {"location"}}
    # the two capitals are the parties, the Iranian ministry speaks of the clashes from afar
    assert roles(doc, "armed_clash", "Nasser Kanaani") == {"Yerevan": {"actor"}, "Baku": {"actor"}, "Iran": {"source"}}
    # the territory attacked is where it happened, and its country a party
    assert roles(doc, "armed_clash", "A statement put out")["Armenia"] >= {"actor", "location"}


def test_two_accounts_of_the_fighting_stay_two_records_each_with_its_source(doc):
    clashes = [e for e in doc.events if e.type == "armed_clash"]
    by = {e.reported_by for e in clashes}
    assert {"Armenian premiership", "Azerbaijan", "Azerbaijani news agency Trend"} <= by
    azeri = next(e for e in clashes if e.reported_by == "Azerbaijan")
    assert [doc.places_by_id[i].name for i in azeri.location_ids] == [
        "Dashkasan District",
        "Kalbajar District",
        "Lachin District",
        "Armenia–Azerbaijan border",
    ]
    # the accusation in the same sentence is said, not done: the districts are only mentioned in it
    assert roles(doc, "accusation", "On the other hand")["Lachin District"] == {"mentioned"}


def test_casualty_claims_sit_on_the_clash_with_who_claims_them(doc):
    trend = next(e for e in doc.events if e.type == "armed_clash" and "Trend" in e.reported_by)
    assert [(c.kind, c.count, c.claimed_by) for c in trend.fatalities] == [
        ("killed", "150-200", "Azerbaijani news agency Trend"),
        ("injured", "hundreds", "Azerbaijani news agency Trend"),
    ]
    assert all(not e.fatalities for e in doc.events if e.type not in ("armed_clash", "shelling_strike"))


def test_when_is_kept_as_written_and_resolved_only_as_far_as_the_article_date_allows(rules_alone, article):
    doc = rules_alone.parse(article)  # dated "2022-09": which Monday is not known, July is
    monday = next(e for e in doc.events if e.when and "Monday" in e.when.text)
    assert (monday.when.text, monday.when.date) == ("On Monday at late night", "")
    july = next(e for e in doc.events if e.when and e.when.text == "July")
    assert (july.when.date, july.when.precision) == ("2022-07", "month")
    dated = rules_alone.parse(replace(article, date="2022-09-14"))
    monday = next(e for e in dated.events if e.when and "Monday" in e.when.text)
    assert (monday.when.date, monday.when.precision) == ("2022-09-12", "day")


@pytest.mark.parametrize(
    "text, event_type, expected",
    [
        ("Shelling hit Kharkiv overnight, officials said.", "shelling_strike", {"Kharkiv": {"location"}}),
        (
            "Heavy rain flooded Karachi and Hyderabad on Monday.",
            "disaster",
            {"Karachi": {"location"}, "Hyderabad": {"location"}},
        ),
        ("Police fired tear gas at protesters in Lyon.", "protest", {"Lyon": {"location"}}),
        ("Germany suffered a spate of attacks over the summer.", "attack", {"Germany": {"location"}}),
        (
            "Douma is surrounded by government forces.",
            "military_posture",
            {"Dūmā": {"location"}},
        ),  # the gazetteer's name for Douma
        # the talks are reported from Ankara: where it was said, not where they happen
        ("The minister said in Ankara that talks would resume.", "meeting_call", {"Ankara": {"source"}}),
        (
            "Chinese Foreign Minister Wang Yi met with Russian officials in Moscow, Russia on Thursday.",
            "meeting_call",
            {"China": {"actor"}, "Russia": {"actor", "location"}, "Moscow": {"location"}},
        ),
        ("Manila accused Beijing of ramming a supply boat.", "accusation", {"Manila": {"actor"}, "Beijing": {"actor"}}),
        # the act is the subject of "occurred": where it occurred is where it happened, past the commas
        (
            "The attack, carried out with a knife, occurred shortly before noon at a market in Lyon.",
            "attack",
            {"Lyon": {"location"}},
        ),
        # a place qualifying the location is a location too; the clock time does not cut the sentence
        (
            "A teenager was killed around 10 p.m. Friday in the Brooklyn borough of New York.",
            "attack",
            {"Brooklyn": {"location"}, "New York City": {"location"}},
        ),
        (
            "A man was stabbed in Salford, a suburb of Manchester.",
            "attack",
            {"Salford": {"location"}, "Manchester": {"location"}},
        ),
        (
            "Troops moved to invade the Kurdish enclave of Afrin.",
            "armed_clash",
            {"‘Afrīn": {"location"}},
        ),  # GeoNames' name
        # a ceasefire's place is not where the shelling it speaks of happened, nor the other way round
        (
            "The truce to evacuate civilians from Aleppo collapsed as shelling resumed.",
            "agreement",
            {"Aleppo": {"location"}},
        ),
        (
            "The truce to evacuate civilians from Aleppo collapsed as shelling resumed.",
            "shelling_strike",
            {"Aleppo": {"mentioned"}},
        ),
        # parties listed after a party noun ("the Syrian government and Iran"); a counterpart is a party
        (
            "Rebels accused the Syrian government and Iran of shelling Idlib.",
            "accusation",
            {"Syria": {"actor"}, "Iran": {"actor"}, "Idlib": {"mentioned"}},
        ),
        (
            "Turkish Foreign Minister Mevlut Cavusoglu and his Russian counterpart spoke by telephone.",
            "meeting_call",
            {"Turkey": {"actor"}, "Russia": {"actor"}},
        ),
        ("Iran demanded the return of the bodies.", "appeal", {"Iran": {"actor"}}),
        # a diplomat "to" a country is posted there: not where the shooting happened
        (
            "A gunman shot dead Russia's ambassador to Turkey in Ankara on Monday.",
            "attack",
            {"Russia": {"mentioned"}, "Turkey": {"mentioned"}, "Ankara": {"location"}},
        ),
        # "the Kazakhstan and UAE governments" are parties, not a list going on from the place of the visit
        (
            "After the visit to the UAE, the Kazakhstan and UAE governments concluded an agreement.",
            "meeting_call",
            {"United Arab Emirates": {"location"}, "Kazakhstan": {"mentioned"}},
        ),
    ],
)
def test_role_rules(rules_alone, text, event_type, expected):
    assert roles(parse(rules_alone, text), event_type, text[:12]) == expected


def test_a_gas_explosion_is_a_disaster_and_a_brawl_a_riot(rules_alone):
    doc = parse(
        rules_alone,
        "BEIJING --At least two people died in a gas explosion at a restaurant in Hangzhou. "
        "Police released footage of a street fight between armed attackers in North London. "
        "Xinhua news agency reported the blast.",
    )
    assert [(m.text, m.role) for m in doc.mentions] == [
        ("BEIJING", "dateline"),
        ("Hangzhou", "toponym"),
        ("North London", "toponym"),
    ]
    assert [e.type for e in doc.events if e.sentence == 0] == ["disaster"]
    assert roles(doc, "disaster", "BEIJING") == {"Beijing": {"source"}, "Hangzhou": {"location"}}
    assert roles(doc, "protest", "Police released") == {"London": {"location"}}


def test_a_place_before_the_event_word_and_the_datelines_state(rules_alone):
    doc = parse(rules_alone, "COLUMBIA, Ky. (WBKO) - A Metcalfe County man is arrested after an Adair County shooting.")
    assert roles(doc, "attack", "COLUMBIA") == {
        "Columbia": {"source"},
        "Kentucky": {"source"},
        "Metcalfe County": {"mentioned"},
        "Adair County": {"location"},
    }


def test_seasons_forecasts_and_likelihoods_of_storms_are_not_storms(rules_alone):
    doc = parse(
        rules_alone,
        "The Atlantic hurricane season lasts from June through November. Forecasters predict "
        "a 63% probability of a major hurricane making landfall in Florida. "
        "Three major hurricanes struck the United States last year.",
    )
    assert [(e.sentence, e.type) for e in doc.events] == [(2, "disaster")]


def test_parties_named_by_compounds_titles_and_reporters(rules_alone):
    doc = parse(
        rules_alone,
        "WASHINGTON—Nations in the U.S.-led coalition have fought IS in Iraq since 2014. "
        "The President of Armenia then visited Paris. "
        "Peskov says the women stayed quiet, according to Russia's Sputnik news service. "
        "The spokesman, dismissing accusations against a Hollywood producer, asked why.",
    )
    assert doc.mentions[0].role == "dateline"
    assert roles(doc, "armed_clash", "WASHINGTON") == {
        "Washington": {"source"},
        "United States": {"actor"},
        "Iraq": {"location"},
    }
    assert roles(doc, "meeting_call", "The President") == {"Armenia": {"actor"}, "Paris": {"location"}}
    assert roles(doc, "statement", "Peskov") == {"Russia": {"source"}}
    assert roles(doc, "warning", "The spokesman") == {"Hollywood": {"mentioned"}}


def test_two_sides_of_a_charge(rules_alone):
    doc = parse(
        rules_alone,
        "Britain blames Russia for the attack, which Russia adamantly denies. "
        "May blamed the Russian government, a charge denied by the Kremlin. "
        "Moscow wants Britain and France to answer questions.",
    )
    assert roles(doc, "accusation", "Britain blames") == {"United Kingdom": {"actor"}, "Russia": {"actor"}}
    assert roles(doc, "warning", "Britain blames") == {"United Kingdom": {"mentioned"}, "Russia": {"actor"}}
    assert roles(doc, "warning", "May blamed")["Kremlin"] == {"actor"}
    assert roles(doc, "appeal", "Moscow wants") == {
        "Moscow": {"actor"},
        "United Kingdom": {"actor"},
        "France": {"actor"},
    }


def test_whose_act_and_which_words_are_speech(rules_alone):
    doc = parse(
        rules_alone,
        "In 2003 Slovenia endorsed the invasion of Iraq. "
        "Russia is most likely responsible for the attack, Cerar said. "
        "The decision differs from the majority of EU states.",
    )
    assert roles(doc, "armed_clash", "In 2003") == {"Slovenia": {"mentioned"}, "Iraq": {"location"}}
    assert roles(doc, "accusation", "Russia is")["Russia"] == {"actor"}
    assert [e.type for e in doc.events if e.sentence == 2] == []


def test_a_denied_agreement_was_not_reached(rules_alone):
    doc = parse(rules_alone, "The army denied an agreement had been reached in Doha.")
    assert [e.type for e in doc.events] == ["warning"]


def test_a_role_that_cannot_be_decided_is_mentioned_never_a_guessed_location(rules_alone):
    doc = parse(rules_alone, "Fighting resumed elsewhere; Lyon and Marseille were quiet, and Nice too.")
    assert {p.role for e in doc.events for p in e.places} == {"mentioned"}
    # nor does a plotted, foiled or threatened attack happen anywhere
    doc = parse(rules_alone, "Police foiled a plot to bomb a market in Lyon.")
    assert "attack" not in {e.type for e in doc.events}


def test_exports_carry_the_events(rules_alone, doc, tmp_path):
    from mapview.export.acled import COLUMNS, events_csv, events_geojson

    taxonomy = rules_alone.taxonomy.types
    lachin = next(f for f in to_geojson(doc)["features"] if f["properties"]["name"] == "Lachin District")
    assert any(e["type"] == "armed_clash" and e["role"] == "location" for e in lachin["properties"]["events"])
    rows = list(csv.DictReader(io.StringIO(events_csv(doc, taxonomy))))
    assert tuple(rows[0]) == COLUMNS
    row = next(r for r in rows if r["location"] == "Lachin District")
    assert (row["event_type"], row["sub_event_type"], row["geo_precision"], row["country"]) == (
        "Battles",
        "Armed clash",
        "2",
        "Azerbaijan",
    )
    assert (row["actor1"], row["reported_by"], row["mapview_type"]) == ("Armenia", "Azerbaijan", "armed_clash")
    assert all(r["mapview_type"] not in ("statement",) or r["event_type"] == "" for r in rows)
    features = events_geojson(doc, taxonomy)["features"]
    azeri = next(
        f
        for f in features
        if f["properties"]["reported_by"] == "Azerbaijan" and f["properties"]["type"] == "armed_clash"
    )
    assert azeri["geometry"]["type"] == "MultiPoint" and len(azeri["geometry"]["coordinates"]) == 4
    record = to_jsonl_record(doc)
    assert {m["role"] for m in record["mentions"]} >= {"toponym", "demonym", "metonym", "dateline"}
    clash = next(e for e in record["events"] if e["type"] == "armed_clash" and e["reported_by"] == "Azerbaijan")
    assert {p["role"] for p in clash["places"]} == {"location", "actor", "source"}
    assert all(record["mentions"][p["mention"]]["start"] == p["start"] for e in record["events"] for p in e["places"])


def test_the_command_line_writes_events_and_scores_them(tmp_path, capsys):
    from mapview import cli

    article = next(ROOT.glob("data/articles/*.txt"))
    assert cli.main(["extract", str(article), "--format", "events"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["location"] for r in rows} >= {"Lachin District", "Tehran", "Armenia–Azerbaijan border"}
    assert cli.main(["extract", str(article), "--format", "events-geojson"]) == 0
    assert json.loads(capsys.readouterr().out)["type"] == "FeatureCollection"
    gold = tmp_path / "gold.jsonl"
    gold.write_text(GOLD.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    assert cli.main(["evaluate-events", str(gold), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["locations"]["precision"] == report["locations"]["recall"] == 1.0
    # a second annotation scored against the gold: the same lines agree entirely, one event fewer lowers recall
    assert cli.main(["evaluate-events", str(gold), "--against", str(gold), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["triples"]["f1"] == 1.0
    second = json.loads(gold.read_text(encoding="utf-8"))
    dropped = second["events"].pop()
    other = tmp_path / "other.jsonl"
    other.write_text(json.dumps(second) + "\n", encoding="utf-8")
    assert cli.main(["evaluate-events", str(gold), "--against", str(other), "--json"]) == 0
    triples = json.loads(capsys.readouterr().out)["triples"]
    assert triples["precision"] == 1.0 and triples["gold"] - triples["tp"] == len(dropped["places"]) > 0
    assert cli.main(["evaluate-events", str(gold), "--against", str(tmp_path / "none.jsonl")]) != 0
    assert "none.jsonl" in capsys.readouterr().err
    gold.write_text('{"id": "x", "events": [{"sentence": 3}]}\n', encoding="utf-8")
    assert cli.main(["evaluate-events", str(gold)]) != 0
    assert "an event needs" in capsys.readouterr().err


def test_the_view_shows_where_events_happened_and_the_switch_rides_in_the_link(doc):
    from mapview.web.view import View, located_ids, options_for, shown_types, view_from_query, visible_places

    opts = options_for(doc, [doc.article.id])
    view = View(doc.article.id, ("armed_clash",), opts.kinds)
    names = {p.name for p in visible_places(doc, view, opts)}
    assert {"Lachin District", "Armenia–Azerbaijan border", "Armenia"} <= names
    assert not names & {"Tehran", "Yerevan", "Baku", "Iran"}
    wide = replace(view, parties=True)
    shown = visible_places(doc, wide, opts)
    assert {"Tehran", "Yerevan", "Baku"} <= {p.name for p in shown}
    assert {doc.places_by_id[i].name for i in located_ids(shown, wide)} == names
    yerevan = next(p for p in shown if p.name == "Yerevan")
    assert shown_types(yerevan, wide) == ("armed_clash",)
    assert wide.to_query()["parties"] == "1" and "parties" not in view.to_query()
    back, notices = view_from_query(wide.to_query(), doc.article.id, opts)
    assert back.parties and not notices
    bad, notices = view_from_query({"parties": ["<script>"]}, doc.article.id, opts)
    assert not bad.parties and notices and "<script>" not in notices[0].replace("'<script>'", "")


def test_popups_list_the_events_escaped(rules_alone):
    from mapview.web.render import events_html

    evil = "<img src=x onerror=alert(1)>"
    doc = rules_alone.parse(Article(id="e", text=f"Clashes broke out in Lachin, {evil} News reported."))
    lachin = next(p for p in doc.places if p.name == "Lachin District")
    html = events_html(doc, lachin, rules_alone.taxonomy.types, ["armed_clash"])
    assert "Armed clash" in html and "happened here" in html and "<img" not in html


def test_prepositions_that_say_no_place_and_names_that_hold_event_words(rules_alone):
    # "to" before a verb is an infinitive's, "over" is what a protest is about, not where it was
    doc = parse(
        rules_alone,
        "Members agreed to support Dominica's request. "
        "Turks protested over Russia's support for Assad. "
        "He paid a visit to the Turkish capital Ankara.",
    )
    assert roles(doc, "agreement", "Members agreed") == {"Dominica": {"mentioned"}}
    assert roles(doc, "protest", "Turks protested")["Russia"] == {"mentioned"}
    assert roles(doc, "meeting_call", "He paid")["Ankara"] == {"location"}
    # a demonym that is also a town's name ("Canadian", Texas) is still no place of the event
    doc = parse(rules_alone, "Alcoa signed agreements to transfer $555 million in Canadian pension obligations.")
    assert roles(doc, "agreement", "Alcoa signed") == {"Canada": {"mentioned"}}
    # an event word inside a name is no event: a team, a government's name
    doc = parse(
        rules_alone,
        "Chris Paul lifted the Houston Rockets to a win over the Portland Trail Blazers. "
        "The Government of National Accord in Libya launched an operation.",
    )
    assert [e.type for e in doc.events if e.type in ("shelling_strike", "agreement")] == []


def test_an_opening_locative_is_the_setting_only_when_the_place_closes_it(rules_alone):
    doc = parse(
        rules_alone,
        "In the Hunan city of Yueyang, 47 reservoirs overflowed in floods. "
        "Through the phases of instability Africa has faced, officials said the service stood.",
    )
    assert roles(doc, "disaster", "In the Hunan")["Yueyang"] == {"location"}
    assert roles(doc, "statement", "Through the phases") == {"Africa": {"mentioned"}}


def test_places_hit_by_an_event_and_the_goal_of_a_trip_for_talks(rules_alone):
    doc = parse(
        rules_alone,
        "Over the past three years, India has been hit by several protests. "
        "Montana officials traveled to Nashville, Tennessee, this week for talks with CoreCivic. "
        "Investigators would fly to Ankara to conduct a probe.",
    )
    assert roles(doc, "protest", "Over the past")["India"] == {"location"}
    assert roles(doc, "meeting_call", "Montana officials")["Nashville"] == {"location"}
    assert not [e for e in doc.events if doc.article.text.index("Investigators") <= e.start]


def test_fights_against_fires_illness_or_for_assets_are_no_clashes(rules_alone):
    taxonomy = rules_alone.taxonomy
    for text in (
        "The fire service was busy fighting two apartment fires overnight.",
        "Firefighters battled the blaze for hours.",
        "The Senate condemned the offensive and unfounded statements.",
        "Prosecutors are working to seize $1.7 billion from the fund.",
    ):
        assert "armed_clash" not in taxonomy.classify(text).types, text
    for text in (
        "Heavy fighting broke out in Afrin.",
        "Rebels are fighting for control of Aleppo.",
        "Troops battled rebels in Idlib.",
        "The offensive in eastern Ghouta went on.",
        "Rebels seized the town.",
    ):
        assert "armed_clash" in taxonomy.classify(text).types, text


def test_a_rally_named_by_its_town_a_street_before_its_town_and_deadly_accidents(rules_alone):
    doc = parse(
        rules_alone,
        "More than 1,000 people gathered Sunday at a Calgary rally to demand change. "
        "Police were called after the attack in Seaton Street, Edmonton, on Friday.",
    )
    assert roles(doc, "protest", "More than")["Calgary"] == {"location"}
    assert roles(doc, "attack", "Police were")["Edmonton"] == {"location"}
    doc = parse(
        rules_alone,
        "One person was killed after crashing his car in Pope County. "
        "A boy was hit by a car and killed in Kingston. A gunman killed five people in Kingston.",
    )
    assert [e.type for e in doc.events] == ["disaster", "disaster", "attack"]


def test_an_aside_in_brackets_and_the_kind_of_town_do_not_break_a_locative_phrase(rules_alone):
    doc = parse(rules_alone, "The blast took place at around 8:40 a.m. (0040 GMT) at a noodle restaurant in Hangzhou.")
    assert roles(doc, "attack", "The blast")["Hangzhou"] == {"location"}
    doc = parse(rules_alone, "The poisoning of a former spy in the English city of Salisbury shocked Britain.")
    assert roles(doc, "attack", "The poisoning")["Salisbury"] == {"location"}
    # an aside does not hide a clause boundary outside it
    doc = parse(rules_alone, "The blast (heard for miles) shook the region, which officials said lies in Zhejiang.")
    assert roles(doc, "attack", "The blast").get("Zhejiang", {"mentioned"}) != {"location"}


def test_a_nominalised_acts_object_may_be_longer_before_its_place(rules_alone):
    doc = parse(
        rules_alone,
        "Britain blames Moscow for the poisoning of a former Russian double agent and his daughter "
        "in the English city of Salisbury.",
    )
    assert roles(doc, "attack", "Britain blames")["Salisbury"] == {"location"}
    # but not without the "of" object: a plain gap stays at eight words
    doc = parse(
        rules_alone, "The poisoning was discussed at length by the ministers and their advisers on Monday in Paris."
    )
    assert roles(doc, "attack", "The poisoning").get("Paris") != {"location"}


def test_a_district_drawn_at_its_town_is_a_location_of_its_own(rules_alone):
    doc = parse(rules_alone, "Two bombs killed six police officers and a civilian in Giza's Haram district on Friday.")
    event = next(e for e in doc.events if e.type == "attack")
    located = [(p.text, p.role) for p in event.places if p.role == "location"]
    assert ("Giza", "location") in located and ("Haram", "location") in located
    giza = doc.places_by_id[next(p.place_id for p in event.places if p.text == "Haram")]
    assert giza.name == "Giza" and event.location_ids == (giza.id,)  # one point on the map, one ACLED row


def test_a_violent_act_told_as_the_time_of_a_clause_happened_where_the_clause_places_it(rules_alone):
    def located(text: str) -> dict[str, str]:
        doc = parse(rules_alone, text)
        event = next(e for e in doc.events if e.type == "attack")
        return {p.text: p.role for p in event.places}

    assert located(
        "The two aid workers were driving in Kandahar near the Pakistani border when gunmen "
        "attacked their convoy, officials said."
    ) == {"Kandahar": "location", "Pakistani": "location"}
    # a place of the clause before a comma is not
    assert located(
        "The reporter, who lived in Madrid and was visiting her sister, was in Lyon when attackers stormed the hall."
    ) == {"Madrid": "mentioned", "Lyon": "location"}


def test_a_village_on_no_map_is_still_where_the_event_happened(rules_alone):
    from mapview.web.view import where_it_happened

    doc = parse(rules_alone, "The landslide hit the village of Xinmo on Saturday, burying 40 homes.")
    event = next(e for e in doc.events if e.type == "disaster")
    assert [(p.text, p.role, p.place_id) for p in event.places if p.role == "location"] == [("Xinmo", "location", "")]
    assert event.location_ids == ()  # nothing to draw: no marker is said to be where it happened
    assert where_it_happened(doc, event) == ["Xinmo (not on the map)"]
    doc = parse(rules_alone, "Two bombs killed six police officers in Giza's Haram district on Friday.")
    assert where_it_happened(doc, next(e for e in doc.events if e.type == "attack")) == ["Giza", "Haram (Giza)"]
    # the exports skip what has no point, and say what the text named
    from mapview.export.acled import event_rows, events_geojson
    from mapview.nlp.classify import Taxonomy

    doc = parse(rules_alone, "The landslide hit the village of Xinmo on Saturday, burying 40 homes.")
    types = Taxonomy().types
    assert event_rows(doc, types) == [] and events_geojson(doc, types)["features"] == []
    assert to_jsonl_record(doc)["events"][0]["places"][0]["role"] == "location"


def test_fires_of_the_land_are_disasters_and_gunfire_or_arson_is_not(rules_alone):
    assert roles(
        parse(rules_alone, "Bushfires are burning out of control near Canberra."), "disaster", "Bushfires"
    ) == {"Canberra": {"location"}}
    assert roles(
        parse(rules_alone, "Dozens of fires were raging across California on Sunday."), "disaster", "Dozens"
    ) == {"California": {"location"}}
    for text in (
        "Police said the blaze was set deliberately at a warehouse in Leeds.",
        "Troops opened fire on the crowd in Lyon.",
        "The company fired 200 workers in Ohio.",
    ):
        assert "disaster" not in {e.type for e in parse(rules_alone, text).events}, text


def test_armed_forces_that_move_are_a_military_posture_where_they_go(rules_alone):
    assert roles(parse(rules_alone, "Turkish troops arrived in Idlib on Sunday."), "military_posture", "Turkish") == {
        "Turkey": {"actor"},
        "Idlib": {"location"},
    }
    assert roles(
        parse(rules_alone, "The army pulled its troops out of Gao and Kidal."), "military_posture", "The army"
    ) == {"Gao": {"location"}, "Kidal": {"location"}}
    # a demonym that names a land is where they went: "into Syrian territory", "a Kurdish area of northern Syria"
    assert roles(parse(rules_alone, "Tanks entered Syrian territory near Kobani."), "military_posture", "Tanks") == {
        "Syria": {"location"},
        "‘Ayn al ‘Arab": {"location"},
    }  # GeoNames' name for Kobani
    assert roles(
        parse(rules_alone, "Tanks moved into the Kurdish area of northern Syria."), "military_posture", "Tanks"
    ) == {"Syria": {"location"}}
    assert "military_posture" not in {e.type for e in parse(rules_alone, "Fans arrived in Paris for the final.").events}


def test_a_country_naming_whose_act_it_was_and_a_place_restated_after_a_comma(rules_alone):
    # "in the U.S. air strike": whose strike, not where it was
    assert roles(
        parse(rules_alone, "Six people were killed in the U.S. air strike on Raqqa, officials said."),
        "shelling_strike",
        "Six people",
    ) == {"United States": {"actor"}, "Ar Raqqah": {"location"}}
    assert roles(
        parse(rules_alone, "Another bomb exploded in northern Iraq, this time in Kirkuk."), "attack", "Another"
    ) == {"Iraq": {"location"}, "Kirkuk": {"location"}}


def test_a_shootout_with_militants_is_a_clash_and_a_penalty_shootout_is_not(rules_alone):
    assert roles(
        parse(rules_alone, "Police killed two militants in a shootout in Srinagar."), "armed_clash", "Police"
    ) == {"Srinagar": {"location"}}
    assert not parse(rules_alone, "Chelsea won the penalty shootout in Moscow.").events


def test_the_lee_annotation_is_well_formed_and_split_by_the_corpus_rule():
    from mapview.evaluation.geoparse import part_of

    docs = load_gold(ROOT / "data" / "gold" / "events-lee.jsonl")
    assert len(docs) >= 40 and len({d["id"] for d in docs}) == len(docs)
    assert {d["corpus"] for d in docs} == {"lee"}
    assert all(d["part"] == part_of(d["id"]) for d in docs)
    assert sum(p["role"] == "location" for d in docs for e in d["events"] for p in e["places"]) >= 200
    assert all(d.get("batch") in (4, 5) for d in docs if d.get("annotated_after_tuning"))


def test_the_lee_stories_are_read_out_of_gensims_wheel(tmp_path):
    import importlib.util
    import zipfile

    spec = importlib.util.spec_from_file_location("lee_corpus", ROOT / "scripts" / "lee_corpus.py")
    lee = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lee)
    wheel = tmp_path / "gensim-0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("gensim/test/test_data/lee_background.cor", "Fires burn near Sydney.\n\nTroops arrived.\n")
        zf.writestr("gensim/test/test_data/lee.cor", "A story.\n")
    assert lee.stories(wheel) == [
        {"id": "lee-background-001", "text": "Fires burn near Sydney."},
        {"id": "lee-background-003", "text": "Troops arrived."},
        {"id": "lee-001", "text": "A story."},
    ]


def test_a_places_reach_an_objects_quantity_and_a_capital_described_by_season(rules_alone):
    assert roles(
        parse(rules_alone, "The blazes stretch from the coast and north of Newcastle all the way to Taree."),
        "disaster",
        "The blazes",
    ) == {"Newcastle": {"location"}, "Taree": {"location"}}
    assert roles(
        parse(rules_alone, "The river burst its banks, flooding large parts of the old town of Passau."),
        "disaster",
        "The river",
    ) == {"Passau": {"location"}}
    assert roles(
        parse(rules_alone, "The shootout with militants took place 20 km south of the Afghan summer capital Kabul."),
        "armed_clash",
        "The shootout",
    ) == {"Kabul": {"location"}, "Afghanistan": {"mentioned"}}


def test_a_clash_of_words_is_no_armed_clash(rules_alone):
    for text in (
        "The two ministers openly clashed in Brussels on Monday.",
        "France and Italy clashed in Brussels over how to share the costs.",
    ):
        assert "armed_clash" not in {e.type for e in parse(rules_alone, text).events}, text
    assert "armed_clash" in {e.type for e in parse(rules_alone, "Rebels clashed with troops in Goma.").events}


def test_where_a_person_is_from_is_not_where_the_act_happened(rules_alone):
    assert roles(
        parse(rules_alone, "The man arrested for fighting alongside the rebels is from Leeds, police said."),
        "armed_clash",
        "The man",
    ) == {"Leeds": {"mentioned"}}
    assert roles(parse(rules_alone, "Rockets were fired from Gaza overnight."), "shelling_strike", "Rockets") == {
        "Gaza Strip": {"location"}
    }


def test_a_country_before_its_arms_or_its_acts_is_whose_they_are(rules_alone):
    assert roles(
        parse(rules_alone, "Forty people were killed in three nights of US airstrikes near Mosul."),
        "shelling_strike",
        "Forty",
    ) == {"United States": {"actor"}, "Mosul": {"location"}}
    assert roles(
        parse(rules_alone, "The defence was broken by attacks from US warplanes, officials said."),
        "attack",
        "The defence",
    ) == {"United States": {"actor"}}
    # an infinitive's "to" says no place, but the place is still what the act was done to
    assert roles(
        parse(rules_alone, "Rebels claimed to have captured half of Idlib after fierce fighting."),
        "armed_clash",
        "Rebels",
    ) == {"Idlib": {"location"}}


def test_words_of_shootings_storms_collapses_and_quakes(rules_alone):
    def types(text: str) -> set[str]:
        return {e.type for e in parse(rules_alone, text).events}

    assert roles(parse(rules_alone, "Two men were shot at a bar in Dayton."), "attack", "Two men") == {
        "Dayton": {"location"}
    }
    assert "attack" not in types("The film was shot in Toronto last summer.")
    assert roles(parse(rules_alone, "A gunman fired several shots at a school near Leeds."), "attack", "A gunman") == {
        "Leeds": {"location"}
    }
    assert "shelling_strike" in types("Jets dropped two bombs on Raqqa overnight.")
    assert roles(parse(rules_alone, "Severe storms lashed Brisbane overnight."), "disaster", "Severe") == {
        "Brisbane": {"location"}
    }
    assert roles(
        parse(rules_alone, "Storms that struck south-east Queensland cut power to 40,000 homes."), "disaster", "Storms"
    ) == {"Queensland": {"location"}}
    assert "disaster" not in types("The plan met a storm of protest in Paris.")
    assert roles(parse(rules_alone, "A roof collapsed at a shopping centre in Pretoria."), "disaster", "A roof") == {
        "Pretoria": {"location"}
    }
    assert roles(
        parse(rules_alone, "The epicentre was in Northam, 100 kilometres east of Perth."), "disaster", "The epic"
    ) == {"Northam": {"location"}, "Perth": {"location"}}
    # an opening locative after "And", and a town described by its bearing from another
    assert roles(
        parse(rules_alone, "And at Nambour fierce winds sent a tree crashing into a house."), "disaster", "And at"
    ) == {"Nambour": {"location"}}
    assert "military_posture" in types("Gunships were deployed along the Pakistani border.")


def test_a_run_of_locative_phrases_places_the_act_more_closely(rules_alone):
    assert roles(
        parse(
            rules_alone,
            "Police said the mass shooting at a furniture factory at the industrial park in Goshen began at noon.",
        ),
        "attack",
        "Police",
    ) == {"Goshen": {"location"}}
    # a phrase of another kind ends the run: the rally was in London, not in Aleppo
    assert roles(
        parse(rules_alone, "A London rally in support of the people caught in the conflict in Aleppo drew thousands."),
        "protest",
        "A London",
    ) == {"London": {"location"}, "Aleppo": {"mentioned"}}


def test_a_person_named_by_a_demonym_suffers_the_act_and_aircraft_strike(rules_alone):
    assert roles(
        parse(rules_alone, "Another Palestinian was killed by Israeli soldiers near Tulkarem."), "attack", "Another"
    ) == {"Palestinian Territory": {"actor"}, "Israel": {"actor"}, "Ţūlkarm": {"location"}}
    assert roles(
        parse(rules_alone, "Israeli helicopters have again attacked targets in Gaza City."),
        "shelling_strike",
        "Israeli",
    ) == {"Israel": {"actor"}, "Gaza": {"location"}}


def test_the_first_view_frames_where_the_events_happened(rules_alone):
    from mapview.web.view import focus_places

    doc = parse(
        rules_alone, "Troops clashed with rebels in Goma on Monday. The rebels' leader lives in Paris, his lawyer said."
    )
    assert [p.name for p in focus_places(doc)] == ["Goma"]
    # with no event located, every town is framed
    assert sorted(p.name for p in focus_places(parse(rules_alone, "Goma and Paris are far apart."))) == [
        "Goma",
        "Paris",
    ]


def test_a_subjects_own_verb_past_its_auxiliaries_and_a_fire_that_destroyed_a_town(rules_alone):
    assert roles(
        parse(rules_alone, "Washington has sharply rebuked Moscow over bombings of Georgian villages."),
        "attack",
        "Washington",
    ) == {"Washington": {"mentioned"}, "Moscow": {"actor"}, "Georgia": {"location"}}
    doc = parse(
        rules_alone,
        "Peru has entered two days of mourning for 220 people killed in a fire that destroyed part of downtown Lima.",
    )
    assert roles(doc, "disaster", "Peru") == {"Peru": {"mentioned"}, "Lima": {"location"}}
    assert "attack" not in {e.type for e in doc.events}


def test_a_visit_only_bid_for_has_no_place(rules_alone):
    doc = parse(rules_alone, "Israel rejected the leader's bid to make his annual visit to Bethlehem, officials said.")
    assert all(p.role != "location" for e in doc.events for p in e.places if p.text == "Bethlehem")
    # a demonym after a comma qualifies no place ("Bethlehem, Israeli officials said")
    assert roles(
        parse(rules_alone, "The Palestinian leader made his annual visit to Bethlehem, Israeli officials said."),
        "meeting_call",
        "The Palestinian",
    ) == {"Palestinian Territory": {"actor"}, "Bethlehem": {"location"}, "Israel": {"source"}}


def test_a_death_placed_before_its_clash_an_appositive_before_shot_and_tanks_with_jeeps(rules_alone):
    assert roles(
        parse(rules_alone, "It follows the death in Gaza City of a supporter during clashes with police."),
        "armed_clash",
        "It follows",
    ) == {"Gaza": {"location"}}
    assert roles(
        parse(rules_alone, "Several people, believed to be as many as 20, have been shot at a factory in Goshen."),
        "attack",
        "Several",
    ) == {"Goshen": {"location"}}
    assert roles(
        parse(rules_alone, "Tanks and two jeeps entered 400 metres into Syrian territory."), "military_posture", "Tanks"
    ) == {"Syria": {"location"}}


def test_what_the_storys_event_did_is_that_event_and_a_hospital_is_not_where(rules_alone):
    doc = parse(
        rules_alone,
        "Severe storms lashed south-east Queensland overnight. At Nambour, four people were "
        "rescued after power lines fell across their car. No one else was injured.",
    )
    assert roles(doc, "disaster", "At Nambour") == {"Nambour": {"location"}}
    assert [e.type for e in doc.events if e.start >= doc.article.text.index("No one")] == []
    # told alone, with no event before it, it is no event
    assert not parse(rules_alone, "At Nambour, four people were rescued from their car.").events
    doc = parse(
        rules_alone,
        "A gunman opened fire at a bar in Conway. A passenger was injured and taken to a hospital in Little Rock.",
    )
    assert roles(doc, "attack", "A passenger") == {"Little Rock": {"mentioned"}}
    assert "shelling_strike" in {e.type for e in parse(rules_alone, "Civilians died in bombardments of Douma.").events}


def test_a_bearing_ends_a_locative_phrase_and_a_troops_position_is_no_stance(rules_alone):
    # "north of" is the phrase that places Kandahar, not the "to" before it
    doc = parse(rules_alone, "Tanks advanced close to their position north of Kandahar on Monday.")
    assert roles(doc, "military_posture", "Tanks") == {"Kandahār": {"location"}}  # GeoNames' name
    assert "statement" not in {e.type for e in parse(rules_alone, "Shells hit their position near Mosul.").events}
    assert "shelling_strike" in {e.type for e in parse(rules_alone, "A bomb dropped by a B-52 hit Kandahar.").events}


def test_a_bearing_does_not_break_a_list_of_places(rules_alone):
    doc = parse(rules_alone, "Fighting raged in southern Lebanon and northern Iraq.")
    assert roles(doc, "armed_clash", "Fighting") == {"Lebanon": {"location"}, "Iraq": {"location"}}


def test_an_entrance_to_a_place_is_by_it(rules_alone):
    doc = parse(
        rules_alone,
        "The explosion occurred near an entrance to the former Hilton Hotel in Jerusalem. "
        "Britain's ambassador to Turkey was shot dead in Ankara.",
    )
    assert roles(doc, "attack", "The explosion") == {"Jerusalem": {"location"}}  # the hotel is drawn at its town
    assert [(p.text, p.role) for e in doc.events if e.type == "attack" for p in e.places][:2] == [
        ("Hilton Hotel", "location"),
        ("Jerusalem", "location"),
    ]
    assert roles(doc, "attack", "Britain's")["Ankara"] == {"location"}
    assert "location" not in roles(doc, "attack", "Britain's").get("Turkey", set())


def test_a_subjects_place_right_before_its_violent_act_is_where_it_happened(rules_alone):
    doc = parse(
        rules_alone,
        "Israeli troops trying to arrest a wanted man in Hebron shot the suspect dead. "
        "Officials in Tehran condemned the attack.",
    )
    assert roles(doc, "attack", "Israeli")["Hebron"] == {"location"}
    assert "location" not in roles(doc, "attack", "Officials")["Tehran"]  # a verb of theirs stands between


def test_a_place_before_a_verb_names_no_act(rules_alone):
    # "a Calgary rally" is where the rally was; in "in Hebron shot …" the verb is the predicate's
    doc = parse(rules_alone, "Thousands gathered at a Calgary rally.")
    assert roles(doc, "protest", "Thousands") == {"Calgary": {"location"}}


def test_a_province_after_a_countrys_possessive_and_a_bearing_qualifies_it(rules_alone):
    doc = parse(
        rules_alone,
        "At least 24 civilians were killed in bombing raids in Afghanistan's south-eastern Paktika province.",
    )
    assert roles(doc, "attack", "At least") == {"Afghanistan": {"location"}, "Paktika": {"location"}}


def test_a_demonym_before_a_town_or_a_site_names_where(rules_alone):
    doc = parse(
        rules_alone,
        "Dozens were injured after a roof collapsed at a South African shopping centre. "
        "Gunmen attacked the Israeli embassy in Cairo.",
    )
    assert roles(doc, "disaster", "Dozens") == {"South Africa": {"location"}}
    assert roles(doc, "attack", "Gunmen")["Israel"] != {"location"}  # an embassy is not its country's land


def test_a_country_after_an_unknown_place_is_where(rules_alone):
    # no gazetteer here has Amazonia; its country, after the comma, is where the shooting was
    doc = parse(rules_alone, "Sir Peter Blake was killed in a shooting in Amazonia, Brazil, today, his sponsors said.")
    assert roles(doc, "attack", "Sir Peter") == {"Brazil": {"location"}}


def test_a_country_that_speaks_after_a_comma_qualifies_nothing(rules_alone):
    doc = parse(rules_alone, "In Kabul, Britain said the attacks must stop.")
    assert roles(doc, "attack", "In Kabul")["United Kingdom"] == {"source"}


def test_the_object_of_a_strike_on_a_named_feature_is_where(rules_alone):
    doc = parse(rules_alone, "Bin Laden may have been killed in the US bombardment of the Tora Bora caves.")
    assert roles_by_text(doc, "shelling_strike", "Bin Laden")["Tora Bora"] == {"location"}


def test_fires_that_ring_a_city_are_there_and_say_so(rules_alone):
    doc = parse(rules_alone, "More than 100 fires now ring two-thirds of the greater Sydney area.")
    (place,) = next(e for e in doc.events if e.type == "disaster").places
    assert (place.text, place.role) == ("Sydney", "location")
    assert place.why == "acted on: '100 fires now ring two-thirds of the greater Sydney'"


def test_missed_locations_are_counted_by_why(rules_alone):
    from mapview.evaluation.events import MISSES, evaluate

    text = (
        "Fighting broke out in Lachin. Floods hit Zorbatown. A storm hit Sydney. "
        "Officials said the weather in Baku was calm. Troops rested near Shusha."
    )
    gold = {
        "id": "t",
        "text": text,
        "events": [
            {"sentence": "Fighting broke", "type": "armed_clash", "places": [{"name": "Lachin", "role": "location"}]},
            {"sentence": "Floods hit", "type": "disaster", "places": [{"name": "Zorbatown", "role": "location"}]},
            {"sentence": "A storm", "type": "armed_clash", "places": [{"name": "Sydney", "role": "location"}]},
            {"sentence": "Officials said", "type": "statement", "places": [{"name": "Baku", "role": "location"}]},
            {
                "sentence": "Troops rested",
                "type": "military_posture",
                "places": [{"name": "Shusha", "role": "location"}],
            },
        ],
    }
    r = evaluate([gold], ROOT, rules_alone)
    assert r["locations"]["tp"] == 1
    missed = {k: v for k, v in r["missed_locations"].items() if v}
    assert missed == {"place not found": 1, "typed otherwise": 1, "role: mentioned": 1, "sentence not typed": 1}
    assert set(r["missed_locations"]) == set(MISSES)
    assert r["recall_bounds"] == {"every_role_right": 2 / 5, "and_every_place_found": 3 / 5}


def test_an_opening_setting_may_name_what_holds_it_or_a_bearing(rules_alone):
    doc = parse(
        rules_alone,
        "In Ramallah in the West Bank, rocket strikes hit a police station. "
        "In Jenin to the north, rockets hit a school.",
    )
    assert roles(doc, "shelling_strike", "In Ramallah") == {"Ramallah": {"location"}, "West Bank": {"location"}}
    assert roles(doc, "shelling_strike", "In Jenin") == {"Janīn": {"location"}}  # GeoNames' name


def test_a_place_the_gold_locates_twice_and_mapview_once_is_counted_as_such(rules_alone):
    from mapview.evaluation.events import evaluate

    gold = {
        "id": "t",
        "text": "Fighting broke out in Lachin.",
        "events": [
            {
                "sentence": "Fighting",
                "type": "armed_clash",
                "places": [{"name": "Lachin", "role": "location"}, {"name": "Lachin District", "role": "location"}],
            }
        ],
    }
    r = evaluate([gold], ROOT, rules_alone)
    assert r["locations"]["tp"] == 1 and r["missed_locations"]["located once, in gold twice"] == 1
