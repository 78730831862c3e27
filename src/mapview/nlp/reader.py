"""The trained event reader: a dependency parse of the sentences that name a place, and two linear
models over features that generalise past cue lists, with the rules' own decisions among them.

- **Typing** (one logistic model per event type): is this sentence's event of this type? Features:
  the rules' cues, the lemmas of its words, its main verb and what depends on it, negation and
  modality on a verb ("did not attack", "threatened to strike", "talks ended without agreement"),
  numbers of people harmed, and the story so far.
- **Roles** (one multinomial logistic model): what part does this place have in this event?
  Features: the rule's decision and its name, the dependency path from the place to the event's
  words, the preposition that governs the place, its relation, the verb it hangs on, apposition and
  possessive, distance, a speech frame, the dateline, the place's kind.

Both are trained by ``scripts/train_reader.py`` on the hand annotation in ``data/gold/`` and ship
as plain arrays (``models/reader.npz``, ``models/reader.json``): numpy runs them, no training
library at run time. The parser is spaCy's, trained on UD English EWT (``models/en_ewt_parser``).
One :class:`Reader` is loaded per process and shared read-only by every session; the parser runs
under a lock (spaCy's vocabulary grows as it reads).
"""

from __future__ import annotations

import json
import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache, cached_property
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np

from mapview.model.document import ResolvedMention, TypedSentence
from mapview.model.enums import EventRole, Kind, MentionRole
from mapview.model.event import Casualty, EventPlace, EventRecord
from mapview.nlp.classify import Taxonomy
from mapview.nlp.lexicons import words

#: Mentions drawn at the point of the place that holds them: events name them too.
_DRAWN_AT_ANOTHER = (MentionRole.LOCALITY, MentionRole.STREET)
_WORD = re.compile(r"[a-z]+")

MODELS = Path(str(files("mapview.nlp") / "models"))
PARSER_DIR = MODELS / "en_ewt_parser"
WEIGHTS = MODELS / "reader.npz"
META = MODELS / "reader.json"

ROLES = ("location", "actor", "source", "mentioned")
_MODALS = words("modals")
_NEGATIONS = words("negations")
_SPEECH = words("speech_verbs")  # as written: "said", "told"
_HARM = words("harm")


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # offset in the article's text
    end: int
    tag: str  # Penn Treebank
    lemma: str
    dep: str
    head: int  # index in the sentence's tokens (itself for the root)


@dataclass(frozen=True)
class Parsed:
    """One sentence's parse."""

    tokens: tuple[Token, ...]

    # Indexes built on first use, so that every question below costs the size of its answer, not of
    # the sentence: a pasted "sentence" of 2,000 places is asked them once per place.

    @cached_property
    def root(self) -> int:
        return next((k for k, t in enumerate(self.tokens) if t.head == k), 0)

    @cached_property
    def _children(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for j, t in enumerate(self.tokens):
            if t.head != j:
                out.setdefault(t.head, []).append(j)
        return out

    @cached_property
    def _bounds(self) -> tuple[list[int], list[int]]:
        return [t.start for t in self.tokens], [t.end for t in self.tokens]

    def children(self, k: int) -> list[int]:
        return list(self._children.get(k, ()))

    def at(self, start: int, end: int) -> list[int]:
        """The tokens within a character span, else those overlapping it (tokens are in order and
        do not overlap, so both are runs found by bisection)."""
        starts, ends = self._bounds
        first, last = bisect_left(starts, start), bisect_right(ends, end)
        if first < last:
            return list(range(first, last))
        return list(range(bisect_right(ends, start), bisect_left(starts, end)))

    def head_of(self, ks: list[int]) -> int:
        """The token of a span whose head lies outside it (the span's syntactic head)."""
        inside = set(ks)
        for k in ks:
            if self.tokens[k].head not in inside or self.tokens[k].head == k:
                return k
        return ks[-1]

    def path_to_root(self, k: int) -> list[int]:
        out = [k]
        while self.tokens[out[-1]].head != out[-1] and len(out) < 40:
            out.append(self.tokens[out[-1]].head)
        return out


class LinearModel:
    """A logistic model as arrays: features (strings) to weights, one row per class."""

    def __init__(self, vocab: dict[str, int], coef: np.ndarray, intercept: np.ndarray, classes: list[str], kind: str):
        self.vocab, self.coef, self.intercept, self.classes, self.kind = vocab, coef, intercept, classes, kind

    def scores(self, features: list[str]) -> np.ndarray:
        idx = [self.vocab[f] for f in features if f in self.vocab]
        z = self.intercept.copy()
        if idx:
            z += self.coef[:, idx].sum(axis=1)
        return z

    def probabilities(self, features: list[str]) -> dict[str, float]:
        z = self.scores(features)
        if self.kind == "sigmoid":  # one model per class: each probability on its own
            p = 1.0 / (1.0 + np.exp(-z))
        else:
            e = np.exp(z - z.max())
            p = e / e.sum()
        return {c: float(v) for c, v in zip(self.classes, p)}

    def strongest(self, features: list[str], label: str, n: int = 3) -> list[str]:
        """The features that pushed most toward ``label``: the model's reasons, for a reader."""
        row = self.coef[self.classes.index(label)]
        weighted = sorted(((row[self.vocab[f]], f) for f in set(features) if f in self.vocab), reverse=True)
        return [f for w, f in weighted[:n] if w > 0]


class SyntaxParser:
    """spaCy's tagger and parser (trained on UD English EWT) with the treebank's lemmas."""

    def __init__(self, path: Path = PARSER_DIR):
        import spacy

        self.nlp = spacy.load(path)
        self.lemmas: dict[str, str] = json.loads((path / "lemmas.json").read_text(encoding="utf-8"))
        self._lock = threading.Lock()

    def parse(self, text: str, spans: list[tuple[int, int]]) -> list[Parsed]:
        """The parse of each span of ``text`` (sentences), in order."""
        pieces = [text[a:b].replace("\n", " ").replace("\r", " ") for a, b in spans]
        with self._lock:
            docs = list(self.nlp.pipe(pieces))
        out = []
        for (a, _), doc in zip(spans, docs):
            toks = [t for t in doc if not t.is_space]
            index = {t.i: k for k, t in enumerate(toks)}
            out.append(
                Parsed(
                    tuple(
                        Token(
                            t.text,
                            a + t.idx,
                            a + t.idx + len(t.text),
                            t.tag_,
                            self.lemma(t.text, t.tag_),
                            t.dep_,
                            index.get(t.head.i, k),
                        )
                        for k, t in enumerate(toks)
                    )
                )
            )
        return out

    def lemma(self, word: str, tag: str) -> str:
        low = word.lower()
        return self.lemmas.get(f"{low} {tag}", low)


class Reader:
    """The parser and the two models, loaded once; read-only afterwards."""

    def __init__(
        self,
        parser: SyntaxParser,
        typing: LinearModel,
        thresholds: dict[str, float],
        roles: LinearModel,
        location_least: float,
        location_sure: float,
        meta: dict | None = None,
        switch: float = 0.5,
    ):
        self.parser, self.typing, self.thresholds, self.roles = parser, typing, thresholds, roles
        self.location_least, self.location_sure = location_least, location_sure
        #: how sure the role model must be to overrule the rule's decision
        self.switch = switch
        self.meta = meta or {}
        #: under this probability the model removes a type the rules gave
        self.drop: float = self.meta.get("typing", {}).get("drop", 0.0)
        #: how sure the model must be to add a type beside the rules' own (a sentence the rules typed)
        self.beside: float = self.meta.get("typing", {}).get("beside", 0.0)
        #: how sure it must be to make a location of a place the rule gave another part: a guessed
        #: location costs a reader more than a missed one
        self.promote: float = self.meta.get("roles", {}).get("promote", switch)
        #: rules whose decisions the model never overrules: right nearly always in training
        self.trusted: frozenset[str] = frozenset(self.meta.get("roles", {}).get("trusted", ()))
        self.event_words = self._event_words()

    def _event_words(self, weight: float = 0.8) -> frozenset[str]:
        """Words whose lemma the typing model weighs toward an event other than speech, in every
        form the treebank writes them: a sentence with none of them, and no rule's cue, is typed
        by the rules alone (the parse, the costly part, is spent where an event may be)."""
        speech = set(self.meta.get("typing", {}).get("fallback", ()))  # the taxonomy's types of reported speech
        rows = [k for k, c in enumerate(self.typing.classes) if c not in speech]
        lemmas = {
            f[4:]
            for f, k in self.typing.vocab.items()
            if f.startswith("lem:") and self.typing.coef[rows, k].max() >= weight
        }
        forms = {key.split(" ")[0] for key, lemma in self.parser.lemmas.items() if lemma in lemmas}
        return frozenset(lemmas | forms)

    @classmethod
    def load(cls, models: Path = MODELS, parser: SyntaxParser | None = None) -> Reader:
        info = json.loads((models / "reader.json").read_text(encoding="utf-8"))
        arrays = np.load(models / "reader.npz")

        def model(name: str, kind: str) -> LinearModel:
            spec = info[name]
            vocab = {f: k for k, f in enumerate(spec["features"])}
            return LinearModel(vocab, arrays[f"{name}_coef"], arrays[f"{name}_intercept"], spec["classes"], kind)

        return cls(
            parser or SyntaxParser(models / "en_ewt_parser"),
            model("typing", "sigmoid"),
            info["typing"]["thresholds"],
            model("roles", "softmax"),
            info["roles"]["location_least"],
            info["roles"]["location_sure"],
            info,
            info["roles"].get("switch", 0.5),
        )

    # -- the two stages ----------------------------------------------------------------------------

    def read_types(
        self,
        text: str,
        typed: tuple[TypedSentence, ...],
        mentions: Sequence[ResolvedMention],
        taxonomy: Taxonomy,
        casualties: Callable[[TypedSentence], tuple[Casualty, ...]] | None = None,
    ) -> tuple[tuple[TypedSentence, ...], dict[int, Parsed]]:
        """Each sentence that names a place typed again by the typing model, the rules' cues among
        its features; the others as the rules typed them. Returns the sentences and their parses."""
        with_places = {m.sentence for m in mentions if m.place_id or m.role in _DRAWN_AT_ANOTHER}
        candidates = [
            s
            for s in typed
            if s.index in with_places
            and (s.matched or not self.event_words.isdisjoint(_WORD.findall(text[s.start : s.end].lower())))
        ]
        parses = dict(
            zip((s.index for s in candidates), self.parser.parse(text, [(s.start, s.end) for s in candidates]))
        )
        out, context = [], StoryContext(taxonomy)
        for s in typed:
            p = parses.get(s.index)
            if p is not None and self.meta.get("typing", {}).get("enabled", True):
                s = self._typed(text, s, p, context.features(), taxonomy, casualties)
            context.after(typed[s.index])
            out.append(s)
        return tuple(out), parses

    def _typed(self, text, s, p, context, taxonomy, casualties) -> TypedSentence:
        features = sentence_features(p, s.cues, set(s.matched), context)
        probs = self.typing.probabilities(features)
        # the rules' types stand unless the model all but rules them out; the model adds its own
        chosen = [
            t
            for t in taxonomy.types
            if (t in s.event_types and (probs.get(t, 0.0) >= self.drop or self.thresholds.get(t, 1.0) > 1.0))
            or probs.get(t, 0.0) >= max(self.thresholds.get(t, 1.0), self.beside if s.event_types else 0.0)
        ]
        if any(not taxonomy.types[t].fallback for t in chosen):  # speech only where nothing else happened
            chosen = [t for t in chosen if not taxonomy.types[t].fallback]
        cues, triggers = {}, {}
        for t in chosen:
            if t in s.cues:
                cues[t] = s.cues[t]
                continue
            k = self._trigger_token(p, features, t)
            if _negated(p, k) and taxonomy.types[t].act:  # "talks ended without agreement": none was reached
                continue
            tok = p.tokens[k]
            cues[t], triggers[t] = tok.text, (tok.start, tok.end)
        found = s.casualties
        if not found and casualties is not None and any(taxonomy.types[t].violent for t in chosen):
            found = casualties(s)
        return replace(
            s,
            event_types=tuple(chosen),
            cues=cues,
            casualties=found,
            confidence={t: round(probs[t], 3) for t in chosen},
            triggers=triggers,
        )

    def _trigger_token(self, p: Parsed, features: list[str], event_type: str) -> int:
        """The words of an event no cue names: the word whose lemma weighs most for its type."""
        for f in self.typing.strongest(features, event_type, n=8):
            if f.startswith("lem:"):
                lemma = f[4:]
                k = next((k for k, t in enumerate(p.tokens) if t.lemma == lemma), None)
                if k is not None:
                    return k
        return p.root

    def read_roles(
        self,
        events: tuple[EventRecord, ...],
        parses: dict[int, Parsed],
        mentions: Sequence[ResolvedMention],
        kinds: dict[str, Kind],
        taxonomy: Taxonomy,
    ) -> tuple[EventRecord, ...]:
        """Each place of each event given its role by the role model, the rule's decision among its
        features; a location the model is not sure of is only mentioned, one it is fairly but not
        quite sure of keeps its confidence, for the page to say so."""
        role_of = {(m.start, m.end): m.role for m in mentions}
        out = []
        for e in events:
            p = parses.get(e.sentence)
            if p is None or not e.places:
                out.append(e)
                continue
            trig = trigger(p, (e.cue_start, e.cue_end) if e.cue_start >= 0 else None)
            act = taxonomy.types[e.type].act
            places = []
            for ep in e.places:
                kind = kinds.get(ep.place_id, Kind.PLACE)
                features = pair_features(
                    p,
                    e.type,
                    act,
                    (ep.start, ep.end),
                    trig,
                    str(role_of.get((ep.start, ep.end), "")),
                    str(kind),
                    ep.role,
                    ep.rule,
                    e.start,
                )
                places.append(self._placed(ep, self.roles.probabilities(features), features))
            out.append(replace(e, places=_one_part_each(places)))
        return tuple(out)

    def _placed(self, ep: EventPlace, probs: dict[str, float], features: list[str]) -> EventPlace:
        if ep.rule in self.trusted:
            return replace(ep, confidence=round(probs[ep.role], 3))
        role = max(probs, key=probs.__getitem__)
        if role != ep.role and probs[role] < (self.promote if role == EventRole.LOCATION else self.switch):
            role = ep.role  # the rule stands where the model is unsure
        if role == EventRole.LOCATION and probs[role] < self.location_least:
            role = max((r for r in probs if r != EventRole.LOCATION), key=probs.__getitem__)
        sure = round(probs[role], 3)
        probable = role == EventRole.LOCATION and sure < self.location_sure
        if role == ep.role:
            return replace(ep, confidence=sure, probable=probable)
        reasons = ", ".join(self.roles.strongest(features, role)) or "its words"
        return replace(ep, role=role, why=f"the reader: {reasons}", rule="reader", confidence=sure, probable=probable)


@cache
def default_reader() -> Reader | None:
    """The shipped reader (``MAPVIEW_READER_DIR`` names another folder of models), or None where
    its files are not installed: the rules alone then read."""
    import os

    models = Path(os.environ.get("MAPVIEW_READER_DIR") or MODELS)
    if not ((models / "reader.npz").is_file() and (models / "en_ewt_parser").is_dir()):
        return None
    return Reader.load(models)


# -- features ------------------------------------------------------------------------------------


def _content(t: Token) -> bool:
    """A word that may say what happened: no proper name (a place or a person says nothing of it)."""
    return (t.tag[:2] in ("NN", "VB", "JJ", "RB", "CD") and not t.tag.startswith("NNP") and t.lemma.isalpha()) or (
        t.lemma in _NEGATIONS
    )


def sentence_features(p: Parsed, rule_types: dict[str, str], raw_types: set[str], context: dict[str, Any]) -> list[str]:
    """Typing features of one sentence: ``rule_types`` are the rules' types and their cue words,
    ``raw_types`` every type a cue matched before suppression; ``context`` what the story said
    before (``previous``: the previous sentence's types, ``story``: the story's violent type)."""
    f = [f"rule:{t}" for t in rule_types] + [f"cue:{t}" for t in raw_types]
    f += [f"cueword:{w.lower()}" for t, w in rule_types.items() for w in [" ".join(w.split()[:3])]]
    toks = p.tokens
    for k, t in enumerate(toks):
        if _content(t):
            f.append(f"lem:{t.lemma}")
            if k + 1 < len(toks) and _content(toks[k + 1]):
                f.append(f"bi:{t.lemma}_{toks[k + 1].lemma}")
    if toks:
        r = p.root
        f.append(f"root:{toks[r].lemma}")
        for c in p.children(r):
            f.append(f"root_{toks[c].dep}:{toks[c].lemma}")
    for k, t in enumerate(toks):
        if not t.tag.startswith("VB"):
            continue
        kids = {toks[c].lemma for c in p.children(k)}
        if kids & _NEGATIONS:
            f.append(f"neg_verb:{t.lemma}")
        if kids & _MODALS:
            f.append(f"modal_verb:{t.lemma}")
        if t.dep in ("xcomp", "ccomp"):
            f.append(f"{t.dep}:{toks[t.head].lemma}_{t.lemma}")
        for c in p.children(k):  # who did what to what: "missile hit site", "talks ended"
            d = toks[c].dep.split(":")[0]
            if d in ("nsubj", "obj", "obl") and toks[c].lemma.isalpha():
                f.append(f"{d}:{t.lemma}_{toks[c].lemma}")
        if t.lemma in _HARM and any(toks[c].tag == "CD" or toks[c].dep == "nummod" for c in _subtree(p, k, 2)):
            f.append(f"harm_count:{t.lemma}")
    for k, t in enumerate(toks):
        if t.lemma == "without" and k + 1 < len(toks):
            f.append(f"without:{toks[k + 1].lemma}")
            if k + 2 < len(toks):
                f.append(f"without:{toks[k + 2].lemma}")
    f += [f"prev:{t}" for t in context.get("previous", ())]
    if context.get("story"):
        f.append(f"story:{context['story']}")
    return f


def _negated(p: Parsed, k: int) -> bool:
    """The word is denied: "did not attack", "without agreement", "no ceasefire"."""
    return any(p.tokens[c].lemma in _NEGATIONS for c in p.children(k))


def _subtree(p: Parsed, k: int, depth: int) -> list[int]:
    out, frontier = [], [k]
    for _ in range(depth):
        frontier = [c for j in frontier for c in p.children(j)]
        out += frontier
    return out


def trigger(p: Parsed, cue: tuple[int, int] | None) -> int:
    """The token of the event's own words: the cue's head, else the sentence's main verb."""
    if cue is not None:
        ks = p.at(*cue)
        if ks:
            return p.head_of(ks)
    return p.root


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-7" if n < 8 else "8+"


def pair_features(
    p: Parsed,
    event_type: str,
    act: bool,
    span: tuple[int, int],
    trig: int,
    mention_role: str,
    kind: str,
    rule_role: str,
    rule_name: str,
    sentence_start: int,
) -> list[str]:
    """Role features of one place (``span``) in one event (``trig``: its words' token)."""
    toks = p.tokens
    ks = p.at(*span)
    f = [
        f"rule_role:{rule_role}",
        f"rule:{rule_name}",
        f"rule_role_type:{rule_role}_{event_type}",
        f"mention:{mention_role}",
        f"kind:{kind}",
        f"type:{event_type}",
        f"act:{act}",
        f"mention_rule:{mention_role}_{rule_role}",
    ]
    if not ks or not toks:
        return f + ["no_parse"]
    h = p.head_of(ks)
    t = toks[h]
    f += [f"dep:{t.dep}", f"head:{toks[t.head].lemma}", f"head_tag:{toks[t.head].tag[:2]}", f"dep_kind:{t.dep}_{kind}"]
    preps = [toks[c].lemma for c in p.children(h) if toks[c].dep == "case" and toks[c].tag in ("IN", "TO")]
    prep = preps[0] if preps else ""
    if prep:
        f += [f"prep:{prep}", f"prep_kind:{prep}_{kind}", f"prep_head:{prep}_{toks[t.head].lemma}"]
    if any(toks[c].dep == "case" and toks[c].tag == "POS" for c in p.children(h)):
        f.append("possessive")
        f.append(f"possessor_of:{toks[t.head].lemma}")
    if t.dep == "appos" or any(toks[c].dep == "appos" for c in p.children(h)):
        f.append("appos")
    # the path between the place and the event's words
    up_m, up_t = p.path_to_root(h), p.path_to_root(trig)
    common = next((x for x in up_m if x in up_t), None)
    if common is not None:
        a, b = up_m.index(common), up_t.index(common)
        labels = [toks[x].dep for x in up_m[:a]] + ["^"] + [toks[x].dep for x in reversed(up_t[:b])]
        f += [f"path:{'/'.join(labels[:6])}", f"path_len:{_bucket(a + b)}"]
        f.append(f"path_up:{_bucket(a)}")
        if common == trig:
            f.append("under_trigger")
            f.append(f"under_trigger_dep:{toks[up_m[a - 1]].dep if a else 'self'}")
        if common == h:
            f.append("over_trigger")
    f.append(f"side:{'before' if h < trig else 'after' if h > trig else 'same'}")
    f.append(f"distance:{_bucket(abs(h - trig))}")
    f.append(f"trigger:{toks[trig].lemma}")
    # words of speech around: the place speaks, or the event is told in someone's words
    if toks[t.head].text.lower() in _SPEECH and t.dep.startswith("nsubj"):
        f.append("speaker")
    if any(toks[x].text.lower() in _SPEECH for x in up_t[1:4]):
        f.append("event_in_speech")
    if span[0] - sentence_start < 3 and prep:
        f.append(f"opening:{prep}")
    return f


class StoryContext:
    """What the story said before a sentence, as typing features: the previous sentence's types and
    the story's last violent type (by the rules, the same at training and at run time)."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.previous: tuple[str, ...] = ()
        self.story = ""

    def features(self) -> dict[str, Any]:
        return {"previous": self.previous, "story": self.story}

    def after(self, s: TypedSentence) -> None:
        self.previous = s.event_types
        violent = [t for t in s.event_types if self.taxonomy.types[t].violent]
        if violent:
            self.story = violent[0]


def _one_part_each(places: list[EventPlace]) -> tuple[EventPlace, ...]:
    """A place with a part in the event is not also only mentioned in it; one entry per role."""
    parts = {p.place_id or p.text for p in places if p.role != EventRole.MENTIONED}
    seen, out = set(), []
    for p in places:
        key = (p.place_id or p.text, p.role)
        if (p.role == EventRole.MENTIONED and (p.place_id or p.text) in parts) or key in seen:
            continue
        seen.add(key)
        out.append(p)
    return tuple(out)
