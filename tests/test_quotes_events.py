"""Quotes, speakers and event typing on small texts written for the purpose."""

from __future__ import annotations

import pytest

from mapview.nlp.classify import Taxonomy, find_casualties
from mapview.nlp.quotes import find_persons, find_quotes
from mapview.nlp.sentences import split_sentences


def quotes(text):
    return [(q.text, q.speaker, q.speaker_as_written) for q in find_quotes(text, split_sentences(text))]


def test_straight_quotes_and_said_after():
    text = 'Foreign Minister Jane Doe spoke in Paris. "We want calm," she said. "Calm," said John Roe.'
    assert quotes(text) == [("We want calm,", "Jane Doe", "she"), ("Calm,", "John Roe", "John Roe")]


def test_speaker_before_the_quote_and_title_reference():
    text = (
        "Supreme Leader Ayatollah Ali Khamenei met the envoy. Later President Ebrahim Raisi spoke. "
        "The Leader said, “No change.” Raisi told reporters: “We agree.”"
    )
    assert quotes(text) == [("No change.", "Ali Khamenei", "The Leader"), ("We agree.", "Ebrahim Raisi", "Raisi")]


def test_unmatched_marks_are_ignored():
    assert quotes("He said “this never closes. And then nothing.") == []
    assert quotes('A lone " mark.') == []


def test_pronoun_follows_the_subject_not_the_last_name_mentioned():
    text = (
        "Ayatollah Khamenei reiterated this in a meeting with Turkish President Recep Tayyip Erdogan. "
        "“Of course we oppose it,” he said."
    )
    assert quotes(text)[0][1] == "Khamenei"  # only the surname is known here


def test_persons_strip_titles_and_honorifics():
    names = {
        p.name
        for p in find_persons(
            "Leader of the Islamic Revolution Ayatollah Seyed Ali Khamenei and "
            "President of the National Assembly Alen Simonyan met."
        )
    }
    assert names == {"Ali Khamenei", "Alen Simonyan"}


@pytest.fixture(scope="module")
def taxonomy():
    return Taxonomy()


SENTENCE_TYPES = [
    ("Artillery shelling hit the village overnight.", {"shelling_strike"}),
    ("Troops were deployed to the border.", {"military_posture"}),
    ("The two sides agreed to a ceasefire.", {"agreement"}),
    ("The ministry accused the rebels of violating the truce.", {"accusation", "agreement"}),
    ("Baku is calling for a corridor through Syunik.", {"territorial_claim"}),  # appeal suppressed
    ("The UN urged restraint.", {"appeal"}),
    ("He said the weather was fine.", {"statement"}),
    ("The weather was fine.", set()),
    ("Fighting broke out near the town.", {"armed_clash"}),
    # air strikes are strikes, however the verb is put ("bombed" alone would be an attack)
    ("Israeli jets struck targets in southern Lebanon on Monday.", {"shelling_strike"}),
    ("Warplanes bombed rebel positions overnight.", {"shelling_strike"}),
    ("The army struck militant positions near the town.", {"shelling_strike"}),
    ("Air raids hit the city.", {"shelling_strike"}),
    ("US jets blasted several vehicles near the town.", {"shelling_strike"}),
    ("Gunships and warplanes have swooped again on Palestinian cities.", {"shelling_strike"}),
    ("F-16 fighter-bombers blasted security targets.", {"shelling_strike"}),
    # people shot by someone, and a toll told after the act; not a trial's charge, a video or time
    ("Troops shot eight children near the crossing, killing one.", {"attack"}),
    ("The bomb went off in a market, killing 26 people.", {"attack"}),
    ("He was found not guilty of killing five people.", set()),
    ("She shot a video while killing time.", set()),
    # a family's or a tourist's visit is no meeting
    ("Her parents are visiting other cities in Europe as well.", set()),
    ("Many travel back home to visit with their families.", set()),
    ("Putin is visiting Tehran for talks on Tuesday.", {"meeting_call"}),
    ("Putin spoke to Erdogan by telephone.", {"meeting_call"}),
    ("The storm left towns without electricity and telephone services.", {"disaster"}),
    # fire aimed at places is a strike; at people, an attack
    ("Government forces fired on two rebel-held villages overnight.", {"shelling_strike"}),
    ("Police fired on a crowd outside the ministry.", {"attack"}),
    ("He struck a deal with the union.", set()),
    # no fight in court, in politics or with an illness; no strike by a drone that only watches
    ("His parents staged a months-long battle with the courts to take him abroad.", set()),
    ("He faces a legal battle.", set()),
    ("Firefighters battled the blaze.", {"disaster"}),  # no clash: the blaze is the event
    ("Bushfires are burning across the state.", {"disaster"}),
    ("Police said the blaze was set deliberately.", {"statement"}),  # arson, not a disaster
    # a fire that damaged a place is one; fire aimed at it is not; a craft that crashed or came down
    ("Fire has damaged part of the cathedral.", {"disaster"}),
    ("Tank fire destroyed the house.", set()),
    ("The aircraft apparently came down just before midnight.", {"disaster"}),
    ("A bus crashed near the town.", {"disaster"}),
    ("The market crashed and the web site went down.", set()),
    ("Troops opened fire on the convoy.", {"attack"}),
    ("Troops battled rebels near the town.", {"armed_clash"}),
    ("The US was conducting surveillance drone operations inside Libya.", set()),
    ("Drones attacked the port overnight.", {"shelling_strike"}),
    ("About 40 homes were buried in the county on Saturday.", {"disaster"}),
    ("Rescuers searched for people buried under the rubble.", {"disaster"}),
    ("He was buried in Arlington on Friday.", set()),
    # posture words that are posture only with an armed force named near them
    ("Troops were deployed to the border.", {"military_posture"}),
    ("Israeli troops raided Jenin overnight.", {"military_posture"}),
    ("Fans stormed the pitch.", set()),
    # the one shot between the words; a wanted man is no wish
    ("Troops trying to arrest a wanted man shot the suspect dead.", {"attack"}),
    ("The film was shot in a dead town.", set()),
    ("The US deploys National Guard troops to the border.", {"military_posture"}),
    ("Salt trucks have been deployed on main roads, the city said.", {"statement"}),
    ("Surrounded by her daughter, she wept.", set()),
    ("Douma is surrounded by government forces.", {"military_posture"}),
    ("Russia mobilised 300,000 reservists.", {"military_posture"}),
    ("Authorities should mobilise all resources for the flood victims.", {"disaster"}),
    ("A build-up of debt worries the markets.", set()),
    # an illness's or a computer's attack is no attack
    ("He died of a heart attack in Paris.", set()),
    ("Banks in the region are on alert against ransomware attacks.", set()),
    ("Gunmen attacked a checkpoint near the town.", {"attack"}),
    # the police's kit, a show of strength and a market are no protest
    ("He had served in Ankara's riot police squad for two years.", set()),
    ("Riots broke out in the capital.", {"protest"}),
    ("A demonstration of military power is available.", set()),
    ("Thousands joined demonstrations in the capital.", {"protest"}),
    ("Stocks rallied on Friday.", set()),
    ("Thousands of supporters rallied outside parliament.", {"protest"}),
    # words of a fight that are one only beside an armed side or a war
    ("The captured heat could warm a dozen municipal buildings.", set()),
    ("Rebels captured the town overnight.", {"armed_clash"}),
    ("The equity regained the 1.76 level.", set()),
    ("The army regained control of the district.", {"armed_clash"}),
    ("Two forwards will miss the crucial relegation battle.", set()),
    ("He was charged with possession of an offensive weapon.", {"accusation"}),
    ("Slovenia endorsed the invasion of Iraq.", {"armed_clash"}),
    ("The Porsche invasion.", set()),
    ("The Russian-backed offensive has killed more than 1,600 civilians.", {"armed_clash"}),
    ("The family has fought the project in court for years.", set()),
    # words against words, a trade deal killed and a home run are no attack
    ("Mrs Haley also strongly attacked Mr Trump's proposal to ban immigrants.", set()),
    ("The withdrawal effectively killed the massive trade deal.", set()),
    ("It was a three-run blast that won the series.", set()),
    ("A man attacked a car the boy was in.", {"attack"}),
    ("Two people were killed in the blast.", {"attack"}),
    # a past act named by its year is background, not news of its own
    ("He was jailed for the 2008 Mumbai attacks.", set()),
    ("Gunmen attacked a checkpoint in 2008.", {"attack"}),
    # a team's drought and an overflow airport are no disaster
    ("The colt ended the trainer's two-year drought.", set()),
    ("The overflow airport would take the extra flights.", set()),
    ("The river overflowed its banks near the town.", {"disaster"}),
    ("The drought has ruined the harvest.", {"disaster"}),
    # weapons are a strike only where they strike
    ("The US approved a contract to sell Saudi Arabia 180 self-propelled artillery systems.", set()),
    ("The hunt for the airliner uses eight underwater drones.", set()),
    ("The Rockets swept their four-game season series with Portland.", set()),
    ("Artillery fire hit the village overnight.", {"shelling_strike"}),
    ("Two rockets landed near the airport.", {"shelling_strike"}),
    # the defendant, a surprise and a danger faced are no accusation or warning
    ("The accused was remanded in custody.", set()),
    ("Without warning, a violinist started playing.", set()),
    ("The family now faces the threat of detention.", set()),
    ("Moscow threatened to retaliate.", {"warning"}),
    ("Tehran issued a veiled threat to the rebels.", {"warning"}),
    # a court's appeal, an attraction, a web site and a new bus are no appeal or visit
    ("He was granted permission to appeal the High Court ruling.", set()),
    ("Business considerations are behind the move, namely the Bible's growing appeal.", set()),
    ("You can also visit Dimond Kaplan & Rothstein on the web.", set()),
    ("The bus was so badly damaged that City called for another for the journey home.", set()),
    ("The UN appealed for calm in Tripoli.", {"appeal"}),
    ("The minister made an appeal to the rebels.", {"appeal"}),
    ("Putin visited Tehran in July.", {"meeting_call"}),
]


@pytest.mark.parametrize("sentence, expected", SENTENCE_TYPES)
def test_sentence_types(taxonomy, sentence, expected):
    assert set(taxonomy.classify(sentence).types) == expected


def test_casualty_numbers():
    text = "Officials said 12 soldiers were killed and dozens of civilians were wounded."
    found = find_casualties(text, 0, len(text))
    assert [(c.kind, c.count, c.low, c.who) for c in found] == [
        ("killed", "12", 12, "soldiers"),
        ("injured", "dozens", 24, "civilians"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a number in words is one number, not its last word
        ("Twenty-one people including 14 Australians were killed.", [("killed", 21, "people")]),
        ("The fire killed twenty-one people.", [("killed", 21, "people")]),
        ("Thirty-five people, including two children, were killed.", [("killed", 35, "people")]),
        # an age is no count
        ("Her four year old son James was injured when a man attacked the car.", []),
        ("His six-year-old daughter was killed.", []),
        # two clauses, two counts; dying is being killed
        ("Two villagers died while four others were injured.", [("killed", 2, "villagers"), ("injured", 4, "others")]),
        ("Two other crew members who were injured were flown out.", [("injured", 2, "other crew members")]),
    ],
)
def test_casualty_counts_in_words_ages_and_clauses(text, expected):
    assert [(c.kind, c.low, c.who) for c in find_casualties(text, 0, len(text))] == expected


def test_typing_is_the_same_whatever_the_case_and_for_text_that_changes_length_in_lower_case():
    from mapview.nlp.classify import Taxonomy

    tx = Taxonomy()
    plain = tx.classify("Heavy clashes broke out along the border, the ministry said.")
    shouting = tx.classify("HEAVY CLASHES BROKE OUT ALONG THE BORDER, THE MINISTRY SAID.")
    dotted = tx.classify("İzmir: heavy Clashes broke out along the border, the ministry said.")  # "İ" lowers to 2 chars
    assert plain.types == shouting.types == dotted.types and "armed_clash" in plain.types
    assert shouting.cues["armed_clash"] == "CLASHES" and dotted.cues["armed_clash"] == "Clashes"


def test_an_appositive_speaker_needs_a_capitalised_name():
    from mapview.nlp.quotes import find_persons

    names = {p.name for p in find_persons("So far, the chief said nothing. Nasser Kanaani, the spokesman, spoke.")}
    assert "Nasser Kanaani" in names and not any("far" in n.lower() for n in names)


def test_every_event_type_has_a_drawn_symbol():
    import re

    from mapview.nlp.classify import Taxonomy
    from mapview.web.render import icon_data_url, symbol_css, symbol_html

    taxonomy = Taxonomy().types
    css = symbol_css(taxonomy)
    for key, t in taxonomy.items():
        assert re.fullmatch(r"[MmLlHhVvCcSsQqTtAaZz0-9 .,-]+", t.icon), key  # SVG path data, nothing else
        assert f'class="mv-sym mv-sym-{key}" aria-hidden="true"' in symbol_html(key)
        assert icon_data_url(t).startswith('url("data:image/svg+xml,%3Csvg') and "'" not in icon_data_url(t)
        assert f".mv-sym-{key}{{background-image:{icon_data_url(t, '#222')}}}" in css


@pytest.mark.parametrize(
    "pattern, expected",
    [
        (r"\bclash(?:es|ed)?\b", {"clash"}),
        (r"(?<!legal )battl(?:e|es)(?! with)", {"battle"}),  # assertions hold nothing; "e|es" is "e" then "s?"
        (r"(?:air )?strikes?", {"strike"}),  # an optional part holds nothing
        (r"(?:jets?|warplanes?) (?:struck|hit)", {"jet", "warplane"}),  # the longer of two requirements
        (r"(?:was|were) (?:hit|struck) by", {"hit", "struck"}),  # of equal requirements, the first
        (r"shell(?:ed|ing)|mortars?", {"shell", "mortar"}),
        (r"(?:\w+ ){0,2}responsible for", {"responsible for"}),
        (r"(?:a|)b", {"b"}),  # a branch that can be empty: the rest must hold
        (r"[a-z]+ed", {"ed"}),
    ],
)
def test_needles_every_match_holds_one(pattern, expected):
    import re

    from mapview.nlp.classify import needles

    assert needles(pattern) == expected
    for text in (
        "clashes",
        "legal battles",
        "air strikes",
        "jets hit",
        "warplanes struck",
        "was hit by",
        "shelling",
        "mortar",
        "is responsible for",
        "ab",
        "b",
        "walked",
    ):
        if re.search(pattern, text):  # the property the prefilter rests on
            assert any(n in text for n in expected), (pattern, text)


@pytest.mark.parametrize("pattern", [r"\w+", r"(?:a|)", r"x?", r"(?i:clash)", r"(?i)clash", r"[ab]c?"])
def test_needles_none_where_a_match_may_hold_nothing_fixed(pattern):
    from mapview.nlp.classify import needles

    assert needles(pattern) is None


def test_the_prefilters_never_hide_a_match(taxonomy):
    """Every sentence of the bundled article, of the typing tests above and, where they are beside
    the checkout, of the shared corpora: a type whose pattern matches is among the possible ones."""
    import json
    from pathlib import Path

    from mapview.paths import ARTICLES_DIR

    corpora = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES_DIR.glob("*.txt"))]
    texts += [s for s, _ in SENTENCE_TYPES]
    for corpus in (corpora / "geowebnews.jsonl", corpora / "trnews.jsonl"):
        if corpus.exists():
            texts += [
                json.loads(line)["text"] for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()
            ]
    from mapview.nlp.when import WHEN, WHEN_NEEDLES

    assert WHEN_NEEDLES  # the time expressions' prefilter, the same way
    checked = when = 0
    for text in texts:
        for s in split_sentences(text):
            low = text[s.start : s.end].lower()
            possible = taxonomy.possible_types(low)
            for t in taxonomy.types.values():
                if t.lower_pattern.search(low):
                    assert t.key in possible, (t.key, low)
                    checked += 1
            if WHEN.search(text, s.start, s.end):
                assert any(n in text[s.start : s.end] for n in WHEN_NEEDLES), text[s.start : s.end]
                when += 1
    assert checked > 100 and when > 5


def test_context_cues_need_a_context(tmp_path):
    toml = tmp_path / "types.toml"
    toml.write_text(
        """[posture]
label = "Posture"
plover = "MOBILIZE"
cameo = ["15"]
colour = "#000000"
symbol = "x"
cues = ["martial law"]
context_cues = ["deployed"]
""",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="context_cues but no context"):
        Taxonomy(toml)
    toml.write_text(toml.read_text(encoding="utf-8") + 'context = "troops"\n', encoding="utf-8")
    posture = Taxonomy(toml)
    assert posture.classify("Troops were deployed.").types == ("posture",)
    assert posture.classify("A new release was deployed to the servers.").types == ()
    assert (
        posture.classify(
            "The troops left; far away, at the other end of a very long sentence, a release was deployed."
        ).types
        == ()
    )


def test_a_context_may_name_words_of_the_shared_vocabulary(tmp_path):
    toml = tmp_path / "types.toml"
    base = """[vocabulary]
armed = "troops|soldiers"

[posture]
label = "Posture"
plover = "MOBILIZE"
cameo = ["15"]
colour = "#000000"
symbol = "x"
cues = ["martial law"]
context_cues = ["deployed"]
"""
    toml.write_text(base + 'context = "{armed}|police"\n', encoding="utf-8")
    posture = Taxonomy(toml)
    assert list(posture.types) == ["posture"]  # the vocabulary is no type
    assert posture.classify("Soldiers were deployed.").types == ("posture",)
    assert posture.classify("Police were deployed.").types == ("posture",)
    assert posture.classify("A release was deployed.").types == ()
    toml.write_text(base + 'context = "{armd}|police"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="no \\[vocabulary\\] entry 'armd'"):
        Taxonomy(toml)


def test_an_explosion_named_without_its_cause_is_what_the_story_said_it_was():
    from mapview.nlp.classify import Taxonomy

    tx = Taxonomy()
    gas = [
        "Two people died on Friday in a gas explosion at a noodle restaurant, state media reported.",
        "The blast took place at around 8:40 a.m. at a restaurant in Hangzhou.",
        "Videos of the explosion show thick smoke.",
    ]
    assert [t.types for t in tx.classify_story(gas)] == [("disaster",), ("disaster",), ("disaster",)]
    assert tx.classify(gas[1]).types == ("attack",)  # alone, a blast is an attack
    bomb = ["A suicide car bomb killed 13 soldiers aboard a bus.", "The blast destroyed the bus."]
    assert [t.types for t in tx.classify_story(bomb)] == [("attack",), ("attack",)]
    # a bombing reported after the gas explosion is an attack again, and so are its blasts
    story = gas + ["A day later a bomb exploded at a police station.", "The blast killed two officers."]
    assert [t.types for t in tx.classify_story(story)][3:] == [("attack",), ("attack",)]


def test_homes_left_without_power_in_a_storm_story_are_the_storm(taxonomy):
    typings = taxonomy.classify_story(
        ["A storm hit Sydney.", "In Sydney, 2,000 homes remain without power.", "No one was left without water."]
    )
    assert [t.types for t in typings] == [("disaster",), ("disaster",), ()]


_MINIMAL_TYPE = """[posture]
label = "Posture"
plover = "MOBILIZE"
cameo = ["15"]
colour = "#000000"
symbol = "x"
cues = ["martial law"]
"""


@pytest.mark.parametrize(
    "extra, problem",
    [
        ("violnet = true\n", "unknown fields \\['violnet'\\]"),
        ('act = "yes"\n', "of the wrong type \\['act'\\]"),
        ('country_object = "party"\n', "not one of the choices \\[\"country_object = 'party'\"\\]"),
        ('suppressed_by = ["storm"]\n', "suppressed by unknown types \\['storm'\\]"),
    ],
)
def test_the_taxonomy_file_is_checked_when_it_is_loaded(tmp_path, extra, problem):
    toml = tmp_path / "types.toml"
    toml.write_text(_MINIMAL_TYPE + extra, encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        Taxonomy(toml)
    toml.write_text(_MINIMAL_TYPE.replace('symbol = "x"\n', ""), encoding="utf-8")
    with pytest.raises(ValueError, match="missing \\['symbol'\\]"):
        Taxonomy(toml)


def test_every_type_that_carries_casualties_reads_them(geoparser):
    """Casualties are read for every type the taxonomy marks violent, not for a list of them."""
    from mapview.nlp.article import article_from_text

    for text, kind in [
        ("A suicide bomber killed 12 people in Kabul on Monday.", "attack"),
        ("An earthquake killed 40 people in Herat province on Sunday.", "disaster"),
        ("Troops killed 12 militants in fierce clashes near Kandahar.", "armed_clash"),
    ]:
        doc = geoparser.parse(article_from_text(text))
        assert geoparser.taxonomy.types[kind].violent
        (event,) = [e for e in doc.events if e.type == kind]
        assert [(c.kind, c.low) for c in event.fatalities] == [("killed", 12 if kind != "disaster" else 40)], text


def test_a_clock_time_is_no_casualty_count():
    text = "Police say Saheed Vassell was killed around 5 p.m. Wednesday in Brooklyn."
    assert find_casualties(text, 0, len(text)) == []
