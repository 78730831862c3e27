"""The role rules of one event: what the words around each place it names say of its part in it
(:class:`RoleRules`), reading the cues of the sentence's events (:class:`Cue`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mapview.model.enums import EventRole, Kind, MentionRole
from mapview.model.event import EventPlace
from mapview.nlp.cues import REACH, REACTION_CUE, Cue, Decision, attached_cue, locative_sense, parties_of_names
from mapview.nlp.lexicon import SUBJECT_VERBS
from mapview.nlp.role_patterns import (
    ACT_OF,
    ADDRESSEE_BEFORE,
    AGENT,
    AGENT_AFTER,
    ARMED,
    ARMS,
    CLAUSE,
    DEMONYM_PLACE,
    ENDS_CLAUSE,
    FINITE,
    GOES_ON,
    HIT,
    HIT_BY,
    JOINS_PARTIES,
    LED,
    LIGHT_VERBS,
    LIST_GLUE,
    LOCATIVE,
    OBJECT,
    ONLY_AUX,
    OPENING,
    PARTY,
    PARTY_PREP,
    PASSIVE,
    PERSON_NOUNS,
    POSTED_TO,
    QUALIFIES,
    RESTATED,
    SETTING_END,
    SUBJECT_BEFORE,
    SUFFERED,
    TERRITORY,
    THEN_WHEN,
    TO_HOSPITAL,
    TRIP,
    UNKNOWN_THEN,
    VERB_END,
)
from mapview.nlp.syntax import is_subject, party_noun, possessed, verb_after, without_appositive, word_after
from mapview.nlp.taxonomy import EventType


@dataclass
class RoleRules:
    """One sentence and one of its event types: the rules that give each place its role."""

    text: str
    s: Any  # a TypedSentence
    cues: list[Cue]
    t: str
    act: bool
    by_span: tuple[int, int]
    last_location: EventPlace | None = None
    violent: bool = False
    violent_types: frozenset[str] = frozenset()
    types: Mapping[str, EventType] = field(default_factory=dict)  # the taxonomy's, by key

    def __post_init__(self) -> None:
        self.et = self.types[self.t]
        self.own = [c for c in self.cues if c.type == self.t]
        self.cues_sorted_by_start = sorted(self.cues, key=lambda c: (c.start, not self.owns(c)))

    def spoken(self, cue: Cue | None) -> bool:
        """The cue is a word of speech or reaction: a place attached to it is where words came
        from, for another event of the sentence."""
        return cue is not None and (cue.type == REACTION_CUE or self.speech(cue))

    def speech(self, cue: Cue | None) -> bool:
        """The cue is of a type of reported speech (the taxonomy's fallback)."""
        et = self.types.get(cue.type) if cue is not None else None
        return et is not None and et.fallback

    def owns(self, cue: Cue | None) -> bool:
        """The cue is this event's: of its type, or the same words typed as it too."""
        return cue is not None and (
            cue.type == self.t or any(o.start < cue.end and cue.start < o.end for o in self.own)
        )

    def own_said_by_another(self, m) -> bool:
        """This record's words have a subject or an agent of their own that is not ``m``: "…, a charge
        that Russia denies", "a charge denied by the Kremlin"."""
        for c in self.own:
            before = self.text[max(self.s.start, c.start - 40) : c.start]
            who = SUBJECT_BEFORE.search(before)
            if who is not None and c.start - len(before) + who.start() > m.end:
                return True
            if c.start > m.end and AGENT_AFTER.match(self.text, c.end, c.end + 20):
                return True
        return False

    def cue_after(self, pos: int, max_words: int = 12) -> Cue | None:
        """The first cue after ``pos`` in the same clause (an appositive's commas are allowed)."""
        for c in self.cues_sorted_by_start:
            if c.start >= pos:
                gap = self.text[pos : c.start]
                if CLAUSE.search(gap) or ";" in gap or len(gap.split()) > max_words:
                    return None
                return c
        return None

    def cue_before(self, pos: int) -> Cue | None:
        before = [c for c in self.cues if c.end <= pos]
        if not before:
            return None
        last = max(c.end for c in before)
        same = [c for c in before if c.end == last]
        return next((c for c in same if self.owns(c)), same[-1])

    def roles_of(self, m, kind, previous) -> list[Decision]:
        text, s = self.text, self.s
        before, after = text[max(s.start, m.start - REACH) : m.start], text[m.end : min(s.end, m.end + REACH)]
        if m.role is MentionRole.DATELINE:
            return [Decision(EventRole.SOURCE, "dateline", "dateline")]
        glue = text[previous.end : m.start] if previous is not None else ""
        if (
            previous is not None
            and LIST_GLUE.fullmatch(glue)
            and (re.search(r"\b(?:and|or)\s", glue) or re.match(r"\s*(?:,|and\b|or\b)", after))
            and not parties_of_names(after)
        ):
            return [
                Decision(previous.role, "listed with " + previous.text, "listed_with_previous")
            ]  # "Dashkasan, Kalbajar and Lachin"
        party_and = re.fullmatch(r"(?:['’]s)?\s+([a-z]+(?:\s+[a-z]+)?)\s+(?:and|or)\s+(?:the\s+)?", glue)
        if (
            previous is not None
            and previous.role == EventRole.ACTOR
            and party_and
            and all(w in PARTY for w in party_and.group(1).split())
        ):
            return [
                Decision(EventRole.ACTOR, f"listed with {previous.text} {party_and.group(1)}", "listed_with_party")
            ]  # "the Syrian government and Iran"
        if previous is not None and previous.rule == "dateline" and re.fullmatch(r",\s*", glue):
            return [
                Decision(EventRole.SOURCE, "qualifies the dateline", "dateline_qualifier")
            ]  # "COLUMBIA, Ky. (WBKO) -"
        if (
            previous is not None
            and previous.role == EventRole.LOCATION
            and QUALIFIES.fullmatch(glue)
            and m.role is not MentionRole.DEMONYM
            and (
                not glue.startswith(",")
                or kind in (Kind.COUNTRY, Kind.ADMIN_REGION)
                or re.search(r"\s(?:of|in)\s+(?:the\s+)?$", glue)
            )
            and not (glue.startswith(",") and word_after(after) in SUBJECT_VERBS)
        ):  # "In Washington, Britain said"
            return [
                Decision(previous.role, "qualifies " + previous.text, "qualifier_of_location")
            ]  # "in Moscow, Russia"; "China's Hunan"
        if self.by_span[0] <= m.start and m.end <= self.by_span[1]:
            if self.act or re.search(r"\baccording to\s+$", text[max(s.start, self.by_span[0] - 16) : self.by_span[0]]):
                return [
                    Decision(EventRole.SOURCE, "names who reports it", "names_the_reporter")
                ]  # "according to Russia's Sputnik"
            return [Decision(EventRole.ACTOR, "names who says it", "names_the_speaker")]
        window = before[-120:]
        placelike = (m.role is not MentionRole.DEMONYM or DEMONYM_PLACE.match(after)) and not LED.match(
            after
        )  # "in the U.S.-led coalition": a party, not where
        loc = LOCATIVE.search(window) if placelike else None
        if loc is None and placelike and kind in (Kind.COUNTRY, Kind.ADMIN_REGION) and ENDS_CLAUSE.match(after):
            loc = UNKNOWN_THEN.search(window)  # "killed in a shooting in Amazonia, Brazil, today"
        if (
            loc is not None
            and not locative_sense(loc, self.et, after, window[: loc.start()])
            and not window[: loc.start()].rstrip().endswith("according")
        ):  # a source: decided below
            role: Decision = Decision(
                EventRole.MENTIONED, f"'{loc.group('prep')} …' says no place", "preposition_says_no_place"
            )
            posted = POSTED_TO.search(window[: loc.start()])  # "the ambassador to Turkey was shot": not Turkey
            # "claimed to have captured half of Kandahar"
            if loc.group("prep").lower() in ("to", "over") and not posted:
                acted_on = self.party(m, kind, before, after)
                if acted_on[0] == EventRole.LOCATION:  # its object is the place acted on; no party by this path
                    role = acted_on
        elif loc is not None and (whose := self.whose_act(m, kind, window[loc.end("prep") :], after)) is not None:
            role = whose  # "killed in the United States bombardment", "attacks from US warplanes": whose, not where
        elif loc is not None:
            role = self.locative(m.start - len(window) + loc.start(), loc.group("prep"), m)
            named_after = self.named_after(m, kind)
            if role[0] == EventRole.MENTIONED and named_after is not None:
                role = named_after  # "gathered at a Calgary rally": the rally's town, whatever "at" hangs on
        else:
            role = self.party(m, kind, before, after)
        roles = [role]
        if (
            self.act
            and m.role is not MentionRole.DEMONYM
            and possessed(after, TERRITORY)
            and re.search(r"\b(?:against|on|into)\s+(?:the\s+)?$", before[-20:])
            and self.owns(self.cue_before(m.start))
        ):
            roles.append(Decision(EventRole.LOCATION, "the territory acted on", "territory_acted_on"))
        return roles

    def locative(self, prep_start, prep, m) -> Decision:
        text = self.text
        cue = attached_cue(self.cues, prep_start, text)
        if cue is None:
            trip = self.trip_for(prep_start, prep, m)
            if trip is not None:
                return Decision(EventRole.LOCATION, trip, "trip_to_gathering")
            # after a place that is the event's location ("in Lachin on the border"): the same
            prior = self.last_location
            if (
                prior is not None
                and prior.end <= prep_start
                and (
                    len(text[prior.end : prep_start].split()) <= 2
                    or RESTATED.fullmatch(text, prior.end, prep_start)
                    or GOES_ON.fullmatch(text, prior.end, prep_start)
                )
            ):
                return Decision(EventRole.LOCATION, "next to " + prior.text, "next_to_location")
            nxt = self.cue_after(m.end, max_words=3)
            if (
                nxt is not None
                and (self.spoken(nxt) or (not nxt.act and nxt.type != self.t))
                and ONLY_AUX.match(text[m.end : nxt.start])
            ):
                return Decision(
                    EventRole.SOURCE, f"where '{text[nxt.start : nxt.end]}' comes from", "place_of_speaker"
                )  # "echelons in Tehran have underlined"
            if self.violent and nxt is not None and self.owns(nxt) and ONLY_AUX.match(text[m.end : nxt.start]):
                # "troops trying to arrest a wanted man in Hebron shot the suspect dead": a subject's
                # place, right before the violent act it did, is where it did it
                return Decision(
                    EventRole.LOCATION,
                    f"'{prep} …' then '{text[nxt.start : nxt.end]}'",
                    "subject_place_before_violent_act",
                )
            if (
                prep_start - self.s.start < 20
                and OPENING.fullmatch(text, self.s.start, prep_start)
                and SETTING_END.match(text, m.end)
            ):
                return Decision(EventRole.LOCATION, "the sentence's setting", "sentence_setting")  # "In Kyiv, …"
            when = self.violent and THEN_WHEN.match(text, m.end)
            if when and self.owns(self.cue_after(when.end(), max_words=4)):
                # "was embedded with US forces in Manbij near the Turkish border when the bomb
                # exploded": a violent act told as the time of a clause happened where it places
                return Decision(EventRole.LOCATION, f"'{prep} … when'", "place_then_when")
            return Decision(EventRole.MENTIONED, f"'{prep} …' not attached to the event", "locative_not_attached")
        said = text[cue.start : cue.end]
        if TO_HOSPITAL.search(text, cue.end, prep_start):  # "injured and taken to a hospital in Little Rock"
            return Decision(EventRole.MENTIONED, f"'{prep} …' is where the hurt were taken", "taken_to_hospital")
        if cue.type == "harm":  # "were injured in Puge county": where a violent event happened
            if self.violent:
                return Decision(EventRole.LOCATION, f"'{said} … {prep}'", "where_harm_happened")
            return Decision(EventRole.MENTIONED, f"'{prep} …' belongs to '{said}'", "harm_of_other_event")
        # an act's place is where a violent act of another type happened too ("launched provocations
        # in X": the clash and the attack); a meeting or a ceasefire has places of its own
        shared = cue.act and self.violent and cue.type in self.violent_types
        if (self.act and (self.owns(cue) or shared)) or (not self.act and not cue.act and self.owns(cue)):
            if not self.act and (prep.lower() == "to" or cue.end > prep_start):
                return Decision(
                    EventRole.ACTOR, f"addressed: '{said} …'", "addressed_by_preposition"
                )  # "apply to the Russian Federation", "called on Turkey"
            return Decision(EventRole.LOCATION, f"'{said} … {prep}'", "locative_of_event")
        if not self.act and (et := self.types.get(cue.type)) is not None and et.gathering:
            return Decision(EventRole.LOCATION, f"said at the '{said}' {prep} it", "said_at_gathering")
        if self.spoken(cue):
            return Decision(EventRole.SOURCE, f"'{prep} …' after '{said}'", "where_words_came_from")
        if self.act:  # "a street fight between armed attackers in X": the phrase ends the fight's noun phrase
            own = next(
                (
                    o
                    for o in reversed(self.own)
                    if o.end <= cue.start and JOINS_PARTIES.fullmatch(text[o.end : cue.start])
                ),
                None,
            )
            if own is not None:
                return Decision(
                    EventRole.LOCATION, f"'{text[own.start : own.end]} … {said} … {prep}'", "locative_of_noun_phrase"
                )
        return Decision(EventRole.MENTIONED, f"'{prep} …' belongs to '{said}'", "locative_of_other_event")

    def whose_act(self, m, kind, between: str, after: str) -> Decision | None:
        """A country right before the event's own words or an armed force, after a preposition:
        whose act it was ("killed in the U.S. air strike", "in three nights of US airstrikes",
        "hamstrung by attacks from US warplanes"), not where it happened. ``between``: the words
        from the preposition to the name; ``after``: the text after it."""
        if (m.role is MentionRole.TOPONYM and kind is not Kind.COUNTRY) or re.search(r"[A-Z]", between):
            return None
        cue = self.own_right_after(m)
        if cue is not None:
            return Decision(EventRole.ACTOR, f"'{m.text} {self.text[cue.start : cue.end]}'", "whose_act_named_after")
        arms = re.match(r" ([a-z]+)\b", after)
        if arms and arms.group(1) in ARMS and self.own:
            return Decision(EventRole.ACTOR, f"'{m.text} {arms.group(1)}'", "whose_arms")
        return None

    def own_right_after(self, m) -> Cue | None:
        """This event's words right after the name: "an Adair County shooting", "a Calgary rally"."""
        return next(
            (c for c in self.own if c.start >= m.end and re.fullmatch(r"(?:[-–]\w+)?\s*", self.text[m.end : c.start])),
            None,
        )

    def named_after(self, m, kind) -> Decision | None:
        """A town before an act's own words is where it happened: "an Adair County shooting"."""
        cue = self.own_right_after(m)
        if (
            cue is None
            or not self.act
            or m.role not in (MentionRole.TOPONYM, MentionRole.METONYM)
            or kind not in (Kind.CITY, Kind.DISTRICT, Kind.PLACE, Kind.LANDMARK)
            or FINITE.match(self.text, cue.start)
        ):  # "in Hebron shot the suspect dead": a verb's, not a noun's
            return None
        return Decision(EventRole.LOCATION, f"'{m.text} {self.text[cue.start : cue.end]}'", "named_before_act")

    def trip_for(self, prep_start, prep, m) -> str | None:
        """A trip's goal is where the meeting it was for took place: "traveled to Nashville,
        Tennessee, this week for talks with CoreCivic", "flew to Ankara for a meeting"."""
        trip = TRIP.search(self.text[max(self.s.start, prep_start - 30) : prep_start])
        if not self.et.gathering or prep.lower() not in ("to", "in") or trip is None:
            return None
        for c in self.own:
            gap = self.text[m.end : c.start]
            if (
                c.start >= m.end
                and len(gap.split()) <= 8
                and not CLAUSE.search(gap)
                and ";" not in gap
                and re.search(r"\bfor\s+(?:[a-z]+\s+){0,2}$", gap)
            ):
                return f"'{trip.group(0).strip()} {prep} … for {self.text[c.start : c.end]}'"
        return None

    def party(self, m, kind, before, after) -> Decision:
        text = self.text
        b = PARTY_PREP.search(before[-30:])
        if b is not None:  # "between X and Y", "against X": a party of the event the phrase hangs on
            word = b.group("word")
            owner = attached_cue(self.cues, m.start - len(before[-30:]) + b.start(), text) or self.cue_before(m.start)
            if owner is None and word in ("with", "by"):
                owner = self.cue_after(m.end, max_words=6)  # "with US forces in the country battling …"
            person_of = re.match(r"\s+([a-z]+)\b", after)
            if (
                kind in (Kind.CITY, Kind.DISTRICT, Kind.LANDMARK, Kind.PLACE)
                and person_of
                and person_of.group(1) in PERSON_NOUNS
            ):
                return Decision(
                    EventRole.MENTIONED, f"describes '{person_of.group(1)}'", "describes_a_person"
                )  # "against Hollywood producer Harvey Weinstein"
            agent = (
                word == "by" and owner is not None and bool(AGENT.fullmatch(text[owner.end : m.start]))
            )  # "denied by the Kremlin"
            if owner is not None and self.owns(owner) and (self.act or word not in ("between", "with", "by") or agent):
                return Decision(
                    EventRole.ACTOR, f"'{word} …' after '{text[owner.start : owner.end]}'", "party_by_preposition"
                )
            return Decision(EventRole.MENTIONED, f"'{word} …' of another event", "preposition_of_other_event")
        if (
            not self.act
            and self.et.addressee
            and ADDRESSEE_BEFORE.search(before[-15:])
            and self.owns(self.cue_before(m.start))
        ):
            return Decision(EventRole.ACTOR, "addressed", "addressee")
        if not self.act and any(c.start < m.start and m.end < c.end for c in self.own):
            return Decision(
                EventRole.ACTOR, "addressed", "addressed_within_words"
            )  # "wants Britain and France to answer", "ordered Britain to reduce"
        if self.act:
            own_next = next((c for c in self.own if c.start >= m.end), None)
            if own_next is not None and PASSIVE.match(text[m.end : own_next.start]):
                if m.role is MentionRole.DEMONYM:  # "Another Palestinian was killed": a person, not a place
                    return Decision(EventRole.ACTOR, "suffered it", "demonym_suffered_it")
                return Decision(
                    EventRole.LOCATION, "acted on", "passive_place_acted_on"
                )  # "Douma is surrounded", "Kyiv was shelled"
            if (
                own_next is not None
                and m.role is not MentionRole.DEMONYM
                and HIT_BY.match(text[m.end : own_next.start])
            ):
                return Decision(
                    EventRole.LOCATION, "hit by it", "hit_by_it"
                )  # "India has been hit by several protests"
            word = re.match(r"(?:\s+(?:has|have|had|is|was|were|are|been|also))*\s+([a-z]+)", after)
            if (
                kind in (Kind.COUNTRY, Kind.ADMIN_REGION, Kind.REGION)
                and word
                and word.group(1) in SUFFERED
                and any(c.start > m.end for c in self.own)
            ):
                return Decision(EventRole.LOCATION, f"'{m.text} {word.group(1)}'", "country_suffered_it")
            if self.et.claims_territory and any(
                c.end <= m.start
                and len(text[c.end : m.start].split()) <= 8
                and not CLAUSE.search(text[c.end : m.start])
                and "," not in text[c.end : m.start]  # "…, Ukraine said": a speaker, not the territory
                for c in self.own
            ):
                return Decision(EventRole.LOCATION, "the territory claimed", "territory_claimed")
            of_act = next((c for c in self.own if ACT_OF.fullmatch(text[c.end : m.start])), None)
            if (
                of_act is not None
                and (m.role in (MentionRole.TOPONYM, MentionRole.LOCALITY) or DEMONYM_PLACE.match(after))
                and self.et.of_place
                and not re.match(r"['’]s\b", after)
            ):  # "the invasion of Iraq", "the siege of Sarajevo"
                return Decision(EventRole.LOCATION, f"'{text[of_act.start : of_act.end]} of {m.text}'", "act_of_place")
            verb = next(
                (
                    c
                    for c in self.own
                    if c.end <= m.start
                    and (
                        (
                            OBJECT.fullmatch(text[c.end : m.start])
                            and (VERB_END.search(text[c.start : c.end]) or text[max(0, c.start - 3) : c.start] == "to ")
                        )
                        or HIT.fullmatch(text[c.end : m.start])
                    )
                ),
                None,
            )
            if verb is not None and m.role is MentionRole.DEMONYM:
                land = DEMONYM_PLACE.match(after)
                if land is not None:  # "entered Syrian territory"
                    return Decision(
                        EventRole.LOCATION,
                        f"acted on: '{text[verb.start : verb.end]} {m.text}{land.group(0)}'",
                        "demonym_territory_acted_on",
                    )
                return Decision(
                    EventRole.MENTIONED, "describes the place acted on", "demonym_describes_object"
                )  # "visited the Turkish capital of Ankara"
            if verb is not None:  # the object of the act: "flooded Karachi", "visiting Russia", "shelled Kharkiv"
                said = " ".join(text[verb.start : m.start].split())  # "100 fires now ring two-thirds of the greater"
                if len(said) > 48:
                    said = text[verb.start : verb.end] + " …"
                if kind is Kind.COUNTRY and self.et.country_object == EventRole.ACTOR:
                    return Decision(EventRole.ACTOR, f"acted on: '{said} {m.text}'", "country_acted_on_is_party")
                return Decision(EventRole.LOCATION, f"acted on: '{said} {m.text}'", "object_place_acted_on")
        hyphen = re.match(r"^[-–]\S+(?:\s+\S+)?\s+", after) or re.search(r"\S[-–]$", before)
        if hyphen and any(c.start > m.end and len(text[m.end : c.start].split()) <= 2 for c in self.own):
            return Decision(EventRole.ACTOR, "a side of it", "side_of_hyphenated_pair")  # "the DPRK-South Korea summit"
        led = LED.match(after)
        if (
            led
            and self.act
            and any(
                c.start > m.end
                and len(text[m.end : c.start].split()) <= 6
                and not re.search(r"[,;]", text[m.end : c.start])
                for c in self.own
            )
        ):
            return Decision(
                EventRole.ACTOR, f"'{m.text}{led.group(0)}'", "led_by"
            )  # "the U.S.-led coalition that has fought"
        own_right_after = self.own_right_after(m)
        if (
            own_right_after is not None
            and (m.role is not MentionRole.TOPONYM or kind is Kind.COUNTRY)
            and self.named_after(m, kind) is None
        ):  # "a London rally": a capital before an act is where
            return Decision(
                EventRole.ACTOR,
                f"'{m.text} {text[own_right_after.start : own_right_after.end]}'",
                "before_own_words_party",
            )  # "U.S. drone strike"
        named_after = self.named_after(m, kind)
        if named_after is not None:
            return named_after
        noun = possessed(after, PARTY | TERRITORY | {"council", "account", "position"}) or party_noun(after)
        of_something = re.search(r"\bof\s+(?:the\s+)?$", before[-12:]) is not None  # "the borders of Iran"
        party_of = re.search(r"\b([A-Za-z]+)\s+of\s+(?:the\s+)?$", before[-40:])
        if party_of and party_of.group(1).lower() in PARTY | {"people", "republic"}:
            noun = party_of.group(1).lower()  # "the government of Sindh called for help", "The President of Armenia"
            of_something = False
        subject = not of_something and is_subject(after)
        is_party = (
            m.role is MentionRole.METONYM
            or (m.role is MentionRole.DEMONYM and noun)
            or (kind in (Kind.COUNTRY, Kind.ADMIN_REGION, Kind.REGION) and (noun or subject))
        )
        if not is_party:
            return Decision(EventRole.MENTIONED, "named, no part found", "no_part_found")
        if subject:  # the subject of the first cue after it: "Azerbaijan launched", "Iran … has said"
            first = next((c for c in self.cues_sorted_by_start if c.start >= m.end), None)
            lead = verb_after(text[m.end : first.start]) if first is not None and self.act else ""
            if (
                first is not None
                and lead
                and lead not in LIGHT_VERBS
                and lead not in text[first.start : first.end].lower()
            ):
                return Decision(
                    EventRole.MENTIONED,
                    f"the subject of '{lead}', not of '{text[first.start : first.end]}'",
                    "subject_of_other_verb",
                )  # "Slovenia endorsed the invasion"
            if first is not None and not CLAUSE.search(without_appositive(text[m.end : first.start])):
                said = text[first.start : first.end]
                if self.owns(first) or (not self.act and not first.act and not self.own_said_by_another(m)):
                    return Decision(EventRole.ACTOR, f"the subject of '{said}'", "subject")
                if self.act and self.speech(first) and self.violent:
                    return Decision(
                        EventRole.SOURCE, f"reports it: '{said}'", "subject_reports_it"
                    )  # "Britain says … were poisoned"
                if (
                    self.act
                    and not first.act
                    and any(c.start >= first.end and not CLAUSE.search(text[first.end : c.start]) for c in self.own)
                ):
                    return Decision(
                        EventRole.ACTOR, f"the subject of '{said} …'", "subject_of_words_about_it"
                    )  # "Azerbaijan has been calling for … a corridor"
                if first.act:
                    return Decision(
                        EventRole.MENTIONED, f"the subject of another event: '{said}'", "subject_of_other_event"
                    )
        owner = self.cue_after(m.end) or self.cue_before(m.start)
        if owner is not None and (self.owns(owner) or (not self.act and self.spoken(owner))):
            return Decision(EventRole.ACTOR, f"a party to '{text[owner.start : owner.end]}'", "party_to_nearest_words")
        if self.act and owner is not None and self.spoken(owner) and noun not in ARMED:
            return Decision(
                EventRole.SOURCE, f"speaks of it: '{text[owner.start : owner.end]}'", "speaks_of_it"
            )  # "the Iranian ministry expressed concern"
        if (
            self.act
            and owner is not None
            and self.spoken(owner)
            and noun in ARMED
            and any(c.start > owner.end for c in self.own)
        ):
            return Decision(
                EventRole.ACTOR,
                f"an armed party reporting it: '{text[owner.start : owner.end]}'",
                "armed_party_reporting",
            )
        return Decision(EventRole.MENTIONED, "a party to another event", "party_to_other_event")
