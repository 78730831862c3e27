"""The words and patterns the role rules read (:mod:`mapview.nlp.roles`): prepositions that say
where, words of parties, arms and territory, of harm and reaction, and the shapes of clauses."""

from __future__ import annotations

import re

from mapview.nlp.lexicons import SPEECH_VERBS, alternation, words
from mapview.nlp.when import MONTH, WEEKDAY

#: Words of reaction: not events of their own, but a place attached to one is where a reaction
#: came from ("caused concerns in Tehran").
REACTION = re.compile(
    r"\b(?:concerns?|concerned|fears?|worr(?:y|ies|ied)|alarm(?:ed)?|react(?:ed|ion|ions)?|"
    r"respon(?:ded|se)|outrage|condolences|dismay|regret(?:ted)?)\b"
)


#: A locative phrase ending right before a name: a preposition, then up to six lower-case words
#: that neither join nor open a clause ("in the directions of", "in the outskirts of the city of").
PREPOSITIONS = alternation("locative_prepositions") + r"|out\s+of"


DIRECTIONS = r"(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?"


#: A bearing as news writes it before a place or after a distance: "south-east", "north-western".
BEARING = r"(?:north|south|east|west)(?:ern)?(?:-?(?:east|west)(?:ern)?)?"


LOCATIVE = re.compile(
    rf"\b(?P<prep>(?i:{PREPOSITIONS})|{DIRECTIONS}\s+of)"
    rf"(?P<rest>(?:\s+(?!(?:and|or|that|which|who|but|{PREPOSITIONS}|{DIRECTIONS}\s+of)\b)[a-z][\w’'-]*){{0,6}}"
    # "in the Kurdish region of Iraq", "into an autonomous Palestinian area of west Nablus"
    r"(?:\s+[A-Z][a-z]+(?:an|ian|ese|ish|i)\s+(?:[a-z]+\s+)?(?:capital|city|town|province|region|district|village|"
    rf"port|border|area|territory|zone|suburbs?|outskirts)(?:\s+of)?(?:\s+{DIRECTIONS})?)?"
    # a street or a building the gazetteer does not know, then its town: "in Seaton Street, Edmonton"
    r"(?:\s+(?:[A-Z][\w’'.-]*\s+){1,3}(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Boulevard|Lane|Drive|Square|Park|"
    r"Hospital|Church|Mosque|Cathedral|Market|Station|Airport|Stadium|School|University|Hotel|Mall|Bridge|Prison),)?)"
    r"\s+$"
)


#: The words that may stand between "to" and a place it leads to ("a visit to the Turkish capital");
#: any other word makes "to" an infinitive's ("to modernize the North American …", "to take him to").
TO_WORDS = words("to_words")


#: A sentence's opening locative is its setting when only names and place nouns stand between the
#: place and the phrase's comma: "In Kyiv, …", "In China's Hunan and Hubei provinces, …", "In the
#: Hunan city of Yueyang, …", "In Ramallah in the West Bank, …", "In Jenin to the north, …" (not
#: "Through the phases of instability Africa has faced, …").
SETTING_END = re.compile(
    r"(?:['’]s|\s+(?:and|of|in|the|to|[A-Z][\w.-]*|"
    r"(?:province|region|state|county|city|district|village|town|area)s?|" + BEARING + r"))*\s*,"
)


AFTER_CUE_MAX_WORDS = 8  # a phrase attaches to an act's cue at most this many words after it


OBJECT_EXTRA_WORDS = 4  # … and this many more after a nominalised act's "of" object


OF_OBJECT = re.compile(r"\s*of\s")


PARTY_PREP = re.compile(
    r"\b(?P<word>between|against|with|by|accus(?:e|ed|es|ing)|blam(?:e|ed|es|ing)|"
    r"urg(?:e|ed|es|ing)|called on|calls on|calling on|condemn(?:s|ed|ing)?)\s+(?:the\s+)?$"
)


ADDRESSEE_BEFORE = re.compile(r"\b(?:to|on|upon)\s+(?:the\s+)?$")


POSSESSIVE = re.compile(r"^[’']s?((?:\s+[a-z-]+){1,3})")


TERRITORY = words("territory")


#: Nouns that make a demonym or a possessive a party: "Armenian soldiers", "Iran's foreign ministry".
ARMED = words("armed")


#: An armed force's nouns after a country's name: "US warplanes" are a party, not a place.
ARMS = ARMED | words("arms")


PARTY = ARMED | words("party")


#: A verb or auxiliary right after a name makes the name a subject ("Azerbaijan launched").
VERBS = words("verbs")


#: After a country or region, these say it is where the act happened: "Germany suffered attacks".
SUFFERED = words("suffered")


ONLY_AUX = re.compile(r"^\s*(?:(?:has|have|had|is|was|were|are|will|would|also|\w+ly)\s+)*$")


#: "Shelling hit Kharkiv", "the quake struck Tabriz": what the act's words did to the place.
HIT = re.compile(
    r"\s+(?:(?:that|which)\s+)?(?:(?:has|have|had|now|also|again|still|[a-z]+ly)\s+)*"
    r"(?:hit|hits|hitting|struck|strikes|striking|targeted|targets|targeting|"
    r"pounded|pounds|pounding|ring|rings|ringed|ringing|surrounded|surround|encircled|"
    r"rocked|rocks|rocking|ravaged|ravaging|devastated|devastating|destroyed|battered|battering|shook|shakes|"
    r"shaken|jolted|swept|sweeps|sweeping|flooded|flooding|engulfed|lashed|lashing)\s+"
    # "ring two-thirds of the greater Sydney area", "shaken parts of Western Australia"
    r"(?:(?:parts?|much|most|all|half|swathes|two-thirds|areas?)\s+of\s+)?(?:the\s+)?"
    r"(?:(?:greater|inner|downtown|central)\s+)?(?:" + BEARING + r"\s+)?"
    r"(?:(?:[A-Z][a-z]+\s+)?(?:capital|city|town|village|port|province|region|district|county)\s+of\s+)?"
)


#: Words of harm: a place in a locative phrase after one is where a violent event happened ("two
#: villagers died … in Puge county"; "were injured in Lyon").
HARM = re.compile(
    r"\b(?:killed|injured|wounded|died|dead|missing|evacuated|displaced|buried|destroyed|damaged|"
    # "the death in Gaza City … during clashes", not a death penalty
    r"deaths?(?! (?:penalty|sentences?|row|threats?|squads?)\b))\b"
)


#: After a location, a name that qualifies it: "Moscow, Russia", "China's Hunan", "Puge county of Sichuan",
#: "the Brooklyn borough of New York", "Salford, a suburb of Manchester".
QUALIFIES = re.compile(
    r",\s*(?:(?:an?|the)\s+(?:\w+\s+)?(?:suburb|district|neighbou?rhood|town|village|city)\s+"
    r"(?:of|in)\s+(?:the\s+)?)?|"
    # "in Burakin, 240 kilometres north-east of Perth", "at Boonah south-west of Brisbane"
    r",?\s+(?:(?:some|about|around|roughly|nearly|just)\s+)?(?:\d[\d,.]*\s*(?:km|kilometres|"
    r"kilometers|miles)\s+)?" + BEARING + r"\s+of\s+(?:the\s+)?|"
    # "China's Hunan", "Afghanistan's south-eastern Paktika"
    rf"['’]s\s+(?:(?:far\s+)?(?:{BEARING}|central)\s+)?|"
    r"\s+(?:county|province|district|region|state|prefecture|city|municipality|"
    r"neighbou?rhood|suburb|borough|quarter|area|town|village|township)\s+(?:of|in)\s+(?:the\s+)?"
)


#: Verbs that say where and when an act took place: the act named before them is their subject
#: ("The attack, made using a knife, occurred around 9 p.m. at a store in Shenzhen").
TOOK_PLACE = re.compile(
    r"\b(?:occurred|occurs|happened|happens|took place|takes place|unfolded|was carried out|"
    r"were carried out)\b"
)


#: Between an act's verb and its object: "visited the Turkish capital of Ankara", "shelled the city of Homs".
# "flooding more districts of the city of Dresden", "struck south-east Queensland"
OBJECT = re.compile(
    r"\s+(?:(?:more|several|many|most|much|some|all|half|large|parts?|swathes|areas?|districts?|"
    r"neighbou?rhoods?|villages?|towns?)\s+(?:of\s+)?)*"
    r"(?:the\s+)?(?:(?:[A-Za-z]+\s+)?(?:capital|city|town|village|port|province|region|"
    r"district|county|enclave|exclave|island|suburb|neighbou?rhood|area)\s+of\s+)?"
    r"(?:(?:downtown|central|greater|inner|old)\s+)?"
    r"(?:" + BEARING + r"\s+)?"
)


#: A cue that ends with a verb whose object a place may be: "flooded", "shelling", "storms that struck".
VERB_END = re.compile(r"(?:ed|ing|s|struck|hit|swept|tore|shook)$")


#: The verbs of a trip, whose goal is where what it was for happened ("traveled to X for talks").
TRIP = re.compile(
    r"\b(?:travel(?:l)?ed|travel(?:l)?ing|flew|flying|went|going|came|coming|headed|heading|arrived|"
    r"arriving|returned|returning)\s+(?:back\s+)?$"
)


PASSIVE = re.compile(r"^\s+(?:is|was|were|are|has been|have been|had been)\s+(?:\w+ly\s+)?$")


#: A place that an act's words befell: "India has been hit by several protests", "Kabul was
#: rocked by a bombing".
HIT_BY = re.compile(
    r"^(?:['’]s\s+\w+\s+)?\s+(?:is|was|were|are|has been|have been|had been)\s+(?:\w+ly\s+)?"
    r"(?:hit|rocked|struck|shaken|gripped|swept|roiled|paralysed|paralyzed|battered|ravaged|"
    r"devastated|targeted|engulfed)\s+by\s+(?:(?:a|an|the|several|many|new|fresh|mass|massive|large|"
    r"violent|deadly|heavy|two|three|four|five|\w+ly)\s+)*$"
)


REPORTED = (
    re.compile(r"\baccording to (?P<who>[^,.;:“”\"]{2,80}?)(?=[,.;:“”\"]|$)"),
    re.compile(
        r"\b[Aa] statement (?:put out |issued |released |published )?by (?:the )?(?P<who>[^,.;:“”\"]{2,80}?)"
        rf"\s+(?:{SPEECH_VERBS}|read)\b"
    ),
    re.compile(
        # "…, regional Gov. Serhiy Lysak said": a lower-case word or two may open the name
        r"(?:^|[,”\"]\s*)(?P<who>(?:the\s+)?(?:(?!(?:and|but|or|while|which|who|as|if|when|that)\b)[a-z]+\s+){0,2}"
        r"(?:[A-Z][\w’'-]*\s+){0,5}?[A-Z][\w’'.-]*(?:\s+[a-z]+){0,3}"
        rf"(?:\s+[A-Z][\w’'-]*){{1,4}})\s+(?:{SPEECH_VERBS})\b"
    ),
    re.compile(
        r"(?:^|[,”\"]\s*)(?P<who>(?:[A-Z][\w’'-]*\s+){1,5}(?:reports|sources|officials|media))\s+"
        rf"(?:{SPEECH_VERBS}|claim|report)\b"
    ),
)


ACCOUNT = re.compile(
    r"^(?:(?:On|In|At|As|After|Meanwhile|However|But|Earlier|Later|On the other hand)\b[^,]{0,40},\s*)?"
    r"(?P<who>(?:the\s+)?[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*){0,4})\b[^.]{0,80}?,\s*"
    r"(?:saying|claiming|accusing|adding|insisting)\b"
)


#: After a town's name, a person it describes: "against Hollywood producer Harvey Weinstein", "a Brooklyn man".
PERSON_NOUNS = words("person_nouns")


#: A capitalised subject right before a word, maybe with an adverb: "which Russia adamantly | denies".
SUBJECT_BEFORE = re.compile(r"([A-Z][\w.’'-]*)(?:\s+[a-z]+ly)?\s+$")


#: A passive's agent after a word: "denied | by the Kremlin".
AGENT_AFTER = re.compile(r"\s+by\s+(?:the\s+)?[A-Z]")


AGENT = re.compile(r"\s+by\s+(?:the\s+)?")


#: Verbs through which a subject is the subject of the act's word after them ("Azerbaijan launched
#: provocations"), against verbs that make it something else ("Slovenia endorsed the invasion").
LIGHT_VERBS = words("light_verbs")


ACT_OF = re.compile(r"\s+of\s+(?:the\s+)?")


LED = re.compile(r"[-–](?:led|backed|allied|supported|sponsored)\b")


#: Between an act's word and the word of its parties: "fight between armed | attackers", "clashes with | rebels".
JOINS_PARTIES = re.compile(r"\s+(?:between|among|by|with|involving|of)\s+(?:[a-z-]+\s+){0,3}")


CLAUSE = re.compile(r"\b(?:that|which|who|whom|while|whereas|but|because|since|although|if|when)\b")


ASIDE = re.compile(r"\([^()]{0,60}\)")


#: A demonym that names a land: "along the Syrian border", "into Palestinian territory", "in the
#: northern West Bank's Palestinian-controlled land".
DEMONYM_PLACE = re.compile(
    r"(?:[-–](?:controlled|held|run|ruled|administered|occupied))?\s+(?:border|frontier|"
    r"coast|side|territory|territories|land|lands|soil|waters|airspace|areas?|villages?|"
    r"towns?|city|cities|port|resort|island|shopping (?:cent(?:re|er)|mall)|mall|market|mine|"
    r"factory)\b"
)


#: A person's origin: "is from Adelaide", "who hails from Ohio", "a native of" is not where.
ORIGIN = re.compile(
    r"\b(?:is|are|was|were|be|been|being|comes?|came|coming|hails?|hailed|originally|originates?|"
    r"originated)\s+(?:originally\s+)?$"
)


#: "to" then a verb of hitting: the place an event hit ("the worst storm to hit the Philippines").
TO_HIT = re.compile(r"\s+(?:hit|strike|batter|lash|ravage|sweep|rock|engulf|devastate)\b")


#: Words that restate where, after a comma: "in the Middle East, this time in Jerusalem".
RESTATED = re.compile(r",\s*(?:this time|again|mostly|mainly|chiefly|especially|particularly|notably)\s+")


#: Where the hurt were taken, not where they were hurt.
TO_HOSPITAL = re.compile(
    r"\b(?:taken|rushed|airlifted|flown|transferred|admitted|treated)\s+(?:to|at|in)\s+"
    r"(?:a\s+|the\s+)?(?:\w+\s+)?(?:hospitals?|clinics?|medical cent(?:re|er)s?|infirmary)\b"
)


#: What joins the places of a list, a bearing of the next one included: "Dashkasan, Kalbajar and
#: Lachin", "in southern Lebanon and northern Iraq".
LIST_GLUE = re.compile(
    r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?"
    rf"(?:(?:far\s+)?(?:{BEARING}|central)\s+)?"
)


#: What may stand before a sentence's opening locative: "And at Landsborough fierce winds …".
OPENING = re.compile(r"\s*(?:(?:And|But|Meanwhile|Elsewhere|Also),?\s+)?")


#: A run of locative phrases between an act and another: "the mass shooting | at Nu-Wood Decorative
#: Millwork factory at the industrial park | in Goshen".
LOCATIVE_RUN = re.compile(
    r"(?:\s+(?:at|in|on|near|outside|inside)\s+(?:the\s+|a\s+|an\s+)?(?:[\w’'.-]+\s+){0,4}?"
    r"(?:[A-Z][\w’'.-]*|factory|plant|park|school|hospital|station|market|mall|cent(?:re|er)|"
    r"complex|base|camp|building|hotel|mosque|church|compound|checkpoint|office|square))+\s+"
)


#: Words that carry a place's reach on: "north of Wollongong all the way to the Blue Mountains".
GOES_ON = re.compile(
    r"\s+(?:and\s+)?(?:all the way|right|up|down|further|farther|even)"
    r"(?:\s+(?:up|down|out|back))?\s+"
)


#: After a place, the words up to a "when" that opens the clause of the act: a few words, no comma
#: ("in Manbij| near the Turkish border when |the bomb exploded"; not "in Moscow| and was visiting
#: her father, …").
THEN_WHEN = re.compile(r"(?:\s+[\w'’.-]+){0,5}?\s+when\s+")


#: A locative phrase on a place no gazetteer here knows, then its country or province after a
#: comma, which ends the phrase: "in Amazonia, Brazil, today", "at Tora Bora, Afghanistan.".
#: (An empty "rest" group, so that a match reads as one of LOCATIVE's.)
UNKNOWN_THEN = re.compile(
    r"\b(?P<prep>in|at|near|outside)(?P<rest>)\s+(?:[A-Z][\w’'.-]*\s+){0,2}"
    r"[A-Z][\w’'.-]*,\s*$"
)


ENDS_CLAUSE = re.compile(r"\s*(?:[,.;:)]|$|\s(?:today|yesterday|tonight|on|last|this|early|late|overnight)\b)")


#: A locative phrase on a way into a place, which "to" then names: "near an entrance to", "at the
#: gates to", "on the road to" (where an act happened by that place).
WAY_TO = re.compile(
    r"\b(?:in|at|near|on|outside|by|along)\s+(?:the\s+|an?\s+|its\s+)?(?:\w+\s+)?"
    r"(?:entrances?|entry|gates?|doors?|road|highway|approach(?:es)?|route)\s*$"
)


#: An act's words that open with a verb in the past: what follows a name there is its predicate
#: ("Hebron shot the suspect dead"), not a noun the name qualifies ("a Calgary rally").
FINITE = re.compile(
    r"(?!armed\b)\w+ed\b|(?:shot|hit|struck|fought|blew|burnt|beat|threw|stormed|raided)\b", re.IGNORECASE
)


#: A diplomat or a mission "to" a country is posted there; the phrase says nothing of where an act
#: happened ("shot Russia's ambassador to Turkey", "Russia's mission to the United Nations").
POSTED_TO = re.compile(
    r"\b(?:ambassadors?|envoys?|embass(?:y|ies)|missions?|delegations?|consuls?|"
    r"representatives?|emissar(?:y|ies)|attach[eé]s?)\s*$",
    re.IGNORECASE,
)


NAMES_BEFORE_NOUN = re.compile(r"\s+(?:and|or|&)\s+(?:the\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)?\s+([a-z]+)")


AUXILIARIES = words("auxiliaries")


TIME_ADVERBIAL = re.compile(
    rf"^\s+(?:on\s+(?:{WEEKDAY}|{MONTH}\s+\d{{1,2}})|(?:on\s+)?(?:yesterday|today)"
    rf"|last\s+(?:week|month|year)|in\s+{MONTH})\b,?"
)
