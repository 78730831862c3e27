"""The recogniser's word lists: words that head names of firms or of a place's institutions,
words that are towns somewhere but words here, titles, verbs people do, directions, particles."""

from __future__ import annotations

from mapview.geo.places import WORD
from mapview.model.enums import MentionRole
from mapview.nlp.lexicons import words

ROLES = tuple(MentionRole)


TOKEN = WORD  # the gazetteer indexes name prefixes by the same words


CONNECTORS = words("connectors")  # "Port-au-Prince"


# Words that head names of firms, brands, teams and titles: a place right before one is part of
# that name, not the place ("Iran Air", "Texas Instruments", "Boston Globe", "Liverpool FC").
ORG_HEADS = words("org_heads")


# Words that head the name of an institution *of* the place before them: the place is kept, as
# readers (and the GeoWebNews annotators) read it ("the Toronto Police", "Ohio Governor",
# "the Nigerian Army", "Venice Commission", "the Cavan County Council").
OWNED_HEADS = words("owned_heads")


# Capitalised words after a place that do not continue a name with it: days and months ("Toronto
# Saturday night"), and words that open a sentence after a heading or a dateline without a full
# stop ("Honolulu Are there downsides", "Lelystad Last year").
NOT_NAMES = words("not_names")


GEO_HEADS = words("geo_heads")


# Towns whose names are ordinary English words: kept only mid-sentence and capitalised.
COMMON_WORDS = words("common_words")


# Capitalised words that are towns somewhere (GeoNames has a "We", an "As", a "March") but in news
# text are nearly always words: function words, numbers, months, days, common nouns and titles.
STOPWORDS = words("stopwords")


# Person-name evidence. A title right before a name makes it a person's ("Mr. Washington", "Sen.
# Jordan"); a verb people do right after a town's name makes it one too ("Martin scored",
# "Nelson concedes"), but not after a capital or a country, which speak for their governments
# ("Tehran said", "Jordan said").
TITLES = words("titles")


#: Verbs whose subject a country after a comma is, not a qualifier of the name before it ("In
#: Washington, Britain said"); mapview.nlp.roles reads them too.
SUBJECT_VERBS = words("subject_verbs")


PERSON_VERBS = words("person_verbs")


PLACE_EVIDENCE = words("place_evidence")


WHERE_PREPOSITIONS = words("where_prepositions")  # where, not whom


BEFORE_A_PLACE = words("before_a_place")


# First halves of compound adjectives of peoples: "Franco-German", "Sino-Russian", "Anglo-Irish".
COMBINING_FORMS = words("combining_forms")


# Directions before a name are part of the mention but not of the place: "Northern Europe",
# "East Jerusalem" (a name of its own, matched whole before this applies), "South London".
#: Words that make up a direction-named region ("Far North", "North West") and may prefix a place.
DIRECTION_WORDS = words("direction_words")


DIRECTION_PREFIXES = words("direction_prefixes")


#: A lower-case bearing and the capitalised forms it takes in names of provinces: "central
#: Sulawesi" is Central Sulawesi, "southern Sulawesi" South Sulawesi (see Recognizer._bearing_match).
BEARING_PREFIXES = {
    "central": ("Central",),
    "north": ("North",),
    "northern": ("North", "Northern"),
    "south": ("South",),
    "southern": ("South", "Southern"),
    "east": ("East",),
    "eastern": ("East", "Eastern"),
    "west": ("West",),
    "western": ("West", "Western"),
}


ARABIC_ARTICLES = words("arabic_articles")  # the Arabic article, as the press writes it


# Words before a language's name ("written in English", "speaks Spanish", "studying Portuguese"),
# and the words that may follow it where it qualifies no noun ("in Spanish after spotting").
LANGUAGE_BEFORE = words("language_before")


NOT_A_NOUN = words("not_a_noun")


# Words that end names of places and are surnames too: "Pearl Harbor", "Royal Street" are not people.
PLACE_WORDS = words("place_words")


# Words for kin and partners before a name: "his brother Alex", "girlfriend Olivia", "father Zachary".
KIN = words("kin")


#: Kinds of weapons a maker's or a model's name comes before: "Apache helicopters", "Hellfire
#: missiles", "Patriot batteries" (a country's or a people's name there is theirs: "US warplanes").
WEAPONS = words("weapons")


#: Words that open a match without being part of the name: "On Main Street", "The Catholic Church".
NOT_STREET_WORDS = words("not_street_words")


#: Words that make a church's name an institution's ("the Catholic Church") or a title a person's.
INSTITUTION_WORDS = words("institution_words")


#: Words that open a name without being part of it, and names that are no place's.
NOT_LOCALITY = STOPWORDS | words("not_locality")
