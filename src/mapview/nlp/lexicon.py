"""The recogniser's word lists: words that head names of firms or of a place's institutions,
words that are towns somewhere but words here, titles, verbs people do, directions, particles."""

from __future__ import annotations

from mapview.geo.places import WORD
from mapview.model.enums import MentionRole

ROLES = tuple(MentionRole)


TOKEN = WORD  # the gazetteer indexes name prefixes by the same words


CONNECTORS = frozenset(
    "of the and de du da des la le el al upon on d s y del di van von der den am an im sur en les "
    "et o i au aux sous do dos das della".split()
)  # "Port-au-Prince"


# Words that head names of firms, brands, teams and titles: a place right before one is part of
# that name, not the place ("Iran Air", "Texas Instruments", "Boston Globe", "Liverpool FC").
ORG_HEADS = frozenset(
    "Air Airlines Airways Bank Cable Club Co College Company Corp Corporation Cup Daily FC Foundation Fund Group "
    "Herald Inc Institute Journal Ltd News Observer Open Post Press Radio Review Sun Telegraph Television Times "
    "Tribune TV United University Instruments Motors Petroleum Energy Holdings Academy Hotel Mall Stadium "
    "Agency Party Union".split()
)


# Words that head the name of an institution *of* the place before them: the place is kept, as
# readers (and the GeoWebNews annotators) read it ("the Toronto Police", "Ohio Governor",
# "the Nigerian Army", "Venice Commission", "the Cavan County Council").
OWNED_HEADS = frozenset(
    "Police Mayor Fire Council Sheriff Governor Government Ministry Army Navy Department Board Court Parliament "
    "Assembly Legislature Senate Authority Commission Committee Bureau Federation Association Organization "
    "Organisation Health Township Prosecutor Attorney Premier Embassy Consulate Municipality MLA MP MPP MEP "
    "Archbishop Archdiocese Bishop Diocese Public Regional Superior Crown District Schools Metropolitan "
    "Municipal Provincial".split()
)


# Capitalised words after a place that do not continue a name with it: days and months ("Toronto
# Saturday night"), and words that open a sentence after a heading or a dateline without a full
# stop ("Honolulu Are there downsides", "Lelystad Last year").
NOT_NAMES = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April June
    July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    The A An Are Is Was Were Has Have Had Will Would Can Could Should Last This That These Those There
    Here It Its He She They We His Her Their Our When While If But And Or So As After Before Since""".split()
)


GEO_HEADS = frozenset(
    "Gulf Sea Ocean Empire Plateau Mountains Desert Peninsula Riviera Alps Highlands Plain "
    "Plains Basin Far Lake River Bay Strait Steppe".split()
)


# Towns whose names are ordinary English words: kept only mid-sentence and capitalised.
COMMON_WORDS = frozenset(
    "of along union republic mobile reading split nice bath march may june august so lead bar cork "
    "independence liberty victory freedom justice unity progress concord hope opportunity enterprise "
    "commerce industry university college providence mission paradise eden golden beach ocean city "
    "center centre north south east west northern southern eastern western central middle "
    "march said man time best well most many much more after before between during since under "
    "over about above below only also still even just later early new old young long short good great "
    "deal support orange marina florence regina victoria charlotte jackson lincoln washington "
    "president leader minister premier general colonel captain bishop pope king queen prince princess".split()
)


# Capitalised words that are towns somewhere (GeoNames has a "We", an "As", a "March") but in news
# text are nearly always words: function words, numbers, months, days, common nouns and titles.
STOPWORDS = frozenset(
    """
a an the and or but if of to in on at by for with from as is are was were be been am do does did not no yes
we us our you your he she it its they them their his her i me my this that these those there here who what
when where why how all any each more most some such one two three four five six seven eight nine ten
first second third last next new old many much few very also just only even still so then than too
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday
mr mrs ms dr st mount mt fort port police centre center central city town village county state
commerce industry star snow mass federal congress senate court church school college university hospital
north south east west northern southern eastern western upper lower middle great little big
la le el los las de del da di du des van von der den
god lord king queen prince princess president minister governor mayor general secretary chancellor ambassador
bank market street road avenue park square bridge station airport hotel club
notre dame el niño el nino la niña la nina
jan feb mar apr jun jul aug sep sept oct nov dec sen rep gov gen col lt sgt capt cpl rev prof
christmas easter thanksgiving halloween
since instead can go yet though although however meanwhile moreover besides despite during until unless while
whether perhaps maybe please thus hence indeed nevertheless nonetheless otherwise
""".split()
)


# Person-name evidence. A title right before a name makes it a person's ("Mr. Washington", "Sen.
# Jordan"); a verb people do right after a town's name makes it one too ("Martin scored",
# "Nelson concedes"), but not after a capital or a country, which speak for their governments
# ("Tehran said", "Jordan said").
TITLES = frozenset(
    "Mr Mrs Ms Miss Dr Prof Sen Rep Gov Lt Col Gen Capt Sgt Cpl Rev Fr Sir Dame Lord Lady Sheikh "
    "Coach Judge Justice Officer Detective Deputy Chief Inspector Constable Pastor Rabbi Imam "
    "Senator Representative Congressman Congresswoman Councillor Councilman Councilwoman".split()
)


#: Verbs whose subject a country after a comma is, not a qualifier of the name before it ("In
#: Washington, Britain said"); mapview.nlp.roles reads them too.
SUBJECT_VERBS = frozenset("said says has have had is was will would warned urged announced".split())


PERSON_VERBS = frozenset(
    "said says told tells added adds asked asks argued argues recalled recalls explained "
    "explains wrote writes insisted insists noted notes concedes conceded scored scores "
    "replied replies admitted admits smiled laughed joked believes believed thinks thought "
    "married died born reported reports".split()
)


LOCATIVE_EVIDENCE = frozenset(
    "in at near from outside around across along into to toward towards via through inside beyond "
    "within between neighbouring neighboring downtown".split()
)


IN_WORDS = frozenset("in at near outside inside around across throughout".split())  # where, not whom


LOCATIVE_WORDS = frozenset(
    "in at near from into outside around across toward towards via through inside within "
    "visit visited visiting to of".split()
)


# First halves of compound adjectives of peoples: "Franco-German", "Sino-Russian", "Anglo-Irish".
COMBINING_FORMS = frozenset(
    "franco sino anglo russo indo afro euro austro greco italo judeo turco hispano "
    "luso nippo germano polono serbo croato".split()
)


# Directions before a name are part of the mention but not of the place: "Northern Europe",
# "East Jerusalem" (a name of its own, matched whole before this applies), "South London".
#: Words that make up a direction-named region ("Far North", "North West") and may prefix a place.
DIRECTION_WORDS = frozenset(
    "Far North South East West Northern Southern Eastern Western Central Upper Lower "
    "Northeast Northwest Southeast Southwest".split()
)


DIRECTION_PREFIXES = frozenset(
    "North South East West Northern Southern Eastern Western Central Northeast Northwest "
    "Southeast Southwest Northeastern Northwestern Southeastern Southwestern Upper Lower "
    "Greater".split()
)


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


ARABIC_ARTICLES = frozenset("al el ar as ash ad at az an".split())  # the Arabic article, as the press writes it


# Words before a language's name ("written in English", "speaks Spanish", "studying Portuguese"),
# and the words that may follow it where it qualifies no noun ("in Spanish after spotting").
LANGUAGE_BEFORE = frozenset(
    "in into speak speaks spoke speaking spoken study studies studied studying learn learns "
    "learned learnt learning teach teaches taught teaching translate translated "
    "fluent".split()
)


NOT_A_NOUN = frozenset(
    "after and or but with to for as on at by from when while because before than so too "
    "instead rather only is was are were".split()
)


# Words that end names of places and are surnames too: "Pearl Harbor", "Royal Street" are not people.
PLACE_WORDS = frozenset(
    "Street Avenue Road Boulevard Lane Drive Square Place Harbor Harbour Hill Hills Heights Park "
    "Beach Island Islands Valley Bridge Falls Springs Point Creek Mountain Mountains County City "
    "Town Village Station Airport Church Hall House Field Fields Wood Woods Green".split()
)


# Words for kin and partners before a name: "his brother Alex", "girlfriend Olivia", "father Zachary".
KIN = frozenset(
    "brother brothers sister sisters mother father mom dad son sons daughter daughters wife husband "
    "girlfriend boyfriend fiance fiancé fiancee fiancée partner cousin uncle aunt nephew niece grandson "
    "granddaughter grandmother grandfather stepson stepdaughter stepfather stepmother widow "
    "widower".split()
)


#: Kinds of weapons a maker's or a model's name comes before: "Apache helicopters", "Hellfire
#: missiles", "Patriot batteries" (a country's or a people's name there is theirs: "US warplanes").
WEAPONS = frozenset(
    "helicopter helicopters gunship gunships jet jets fighter fighters warplane warplanes bomber "
    "bombers drone drones missile missiles rocket rockets tank tanks rifle rifles batteries".split()
)


#: Words that open a match without being part of the name: "On Main Street", "The Catholic Church".
NOT_STREET_WORDS = frozenset(
    "The A An On In At Of To From By And Or For With Near Outside Inside Into Along Across "
    "Opposite Behind Past Via".split()
)


#: Words that make a church's name an institution's ("the Catholic Church") or a title a person's.
INSTITUTION_WORDS = frozenset(
    "Catholic Coptic Orthodox Baptist Presbyterian Methodist Anglican Evangelical Lutheran "
    "Episcopal Pentecostal Reformed Protestant Christian Roman Holy United Greek Russian "
    "Armenian Apostolic National Children's Children’s General Memorial Community "
    "Regional Central University Public State Federal Main Wall".split()
)


#: Words that open a name without being part of it, and names that are no place's.
NOT_LOCALITY = STOPWORDS | frozenset(
    "this that these those every each another other which whose its his her their "
    "our your my same whole entire new old local rural urban "
    # parties, faiths and peoples: "Republican districts", "Kurdish areas"
    "republican democratic democrat labour labor conservative liberal tory green "
    "christian muslim catholic jewish shia shiite sunni alawite druze kurdish arab "
    "coptic hindu sikh buddhist tribal rebel opposition capital metro".split()
)
