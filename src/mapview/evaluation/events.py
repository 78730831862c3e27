"""Event-record evaluation against hand annotation (``data/gold/events.jsonl``, written by the
guidelines in ``docs/event-annotation.md``).

A gold line names its article (``"corpus": "bundled"`` and the article's id, or a corpus file
under ``--corpora`` and the id in it: the corpora's texts are not copied into the project) and
lists its events: the sentence (by its opening words), the type, the places with their roles and
who reports it. Scored, micro-averaged over events' places:

* *triples*: (sentence, type, place, role);
* *locations*: (sentence, type, place) with the role ``location``: where it happened;
* *where*: (sentence, place) with the role ``location``, once whatever the type: what a reader
  who ticks every type sees, and so the placing errors apart from the typing ones;
* *types*: (sentence, type), whatever the places: the typing alone.

With ``by_rule``, every predicted (sentence, type, place, role) is counted right or wrong under the
rule that decided it (``EventPlace.rule``): which rules earn their place.

A gold place matches a predicted one of the same sentence, type and role when its name (or one
of its ``|``-separated alternatives) equals, after normalising case, accents and dashes, the
predicted place's name or one of the words that name it in that sentence. Each gold and each
prediction is used once.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from mapview.errors import GoldError
from mapview.evaluation.geoparse import _prf
from mapview.model.enums import EventRole

ROLES = tuple(EventRole)


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[‐-―-]", "-", text)
    text = re.sub(r"^(?:the)\s+", "", text.strip())
    text = re.sub(r"[’'`]s$|\.", "", text)
    return re.sub(r"\s+", " ", text)


@dataclass(frozen=True)
class _Item:
    sentence: int
    type: str
    role: str
    names: frozenset[str]
    rule: str = ""


def load_gold(path: str | Path) -> list[dict]:
    docs = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}:{n}: not JSON ({exc})") from None
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), str) or not isinstance(doc.get("events"), list):
            raise GoldError(f'{path}:{n}: a gold line needs "id" and "events"')
        for e in doc["events"]:
            places = e.get("places", []) if isinstance(e, dict) else None
            if (
                not isinstance(places, list)
                or not isinstance(e.get("sentence"), str)
                or not isinstance(e.get("type"), str)
                or any(not isinstance(p, dict) or p.get("role") not in ROLES for p in places)
            ):
                roles = ", ".join(str(r) for r in ROLES)
                raise GoldError(f'{path}:{n}: an event needs "sentence", "type" and places with a role ({roles})')
        docs.append(doc)
    return docs


def article_for(doc: dict, corpora: Path):
    """The article a gold line annotates."""
    from mapview.model.article import Article
    from mapview.nlp.article import discover_articles
    from mapview.paths import ARTICLES_DIR

    if "text" in doc:
        return Article(id=doc["id"], text=doc["text"])
    corpus = doc.get("corpus", "bundled")
    if corpus == "bundled":
        found = [a for a in discover_articles(ARTICLES_DIR) if a.id == doc["id"]]
        if not found:
            raise GoldError(f"{doc['id']}: no bundled article of that id")
        return found[0]
    path = corpora / f"{corpus}.jsonl"
    if not path.exists():
        raise GoldError(f"{doc['id']}: corpus {path} not found (pass --corpora DIR)")
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("id") == doc["id"]:
            return Article(id=row["id"], text=row["text"], url=row.get("url", ""))
    raise GoldError(f"{doc['id']}: not in {path}")


def _sentence_of(doc_parsed, text: str, anchor: str, article_id: str) -> int:
    at = text.find(anchor)
    if at < 0:
        raise GoldError(f"{article_id}: sentence {anchor!r} not found in the text")
    for s in doc_parsed.sentences:
        if s.start <= at < s.end:
            return s.index
    raise GoldError(f"{article_id}: sentence {anchor!r} is outside every sentence")


def gold_items(gold: dict, parsed) -> list[_Item]:
    text = parsed.article.text
    out = []
    for e in gold["events"]:
        index = _sentence_of(parsed, text, e["sentence"], gold["id"])
        for p in e.get("places", []):
            out.append(_Item(index, e["type"], p["role"], frozenset(_norm(n) for n in p["name"].split("|"))))
    return out


def predicted_items(parsed) -> list[_Item]:
    by_id = parsed.places_by_id
    out = []
    for e in parsed.events:
        for ep in e.places:
            place = by_id.get(ep.place_id)
            names = {_norm(ep.text)}
            if place is not None:
                names.add(_norm(place.name))
                names.update(_norm(m.text) for m in place.mentions if m.sentence == e.sentence)
            out.append(_Item(e.sentence, e.type, ep.role, frozenset(names), ep.rule))
    return out


def _matched(gold: list[_Item], pred: list[_Item]) -> set[int]:
    """The predictions ``_match`` pairs with a gold item (the same greedy order)."""
    used: set[int] = set()
    for g in gold:
        for j, p in enumerate(pred):
            if j not in used and (p.sentence, p.type, p.role) == (g.sentence, g.type, g.role) and g.names & p.names:
                used.add(j)
                break
    return used


def _match(gold: list[_Item], pred: list[_Item]) -> int:
    used: set[int] = set()
    hits = 0
    for g in gold:
        for j, p in enumerate(pred):
            if j not in used and (p.sentence, p.type, p.role) == (g.sentence, g.type, g.role) and g.names & p.names:
                used.add(j)
                hits += 1
                break
    return hits


def _unmatched(gold: list[_Item], pred: list[_Item]) -> list[_Item]:
    """The gold items ``_match`` leaves without a prediction (the same greedy order)."""
    used: set[int] = set()
    out = []
    for g in gold:
        j = next(
            (
                j
                for j, p in enumerate(pred)
                if j not in used and (p.sentence, p.type, p.role) == (g.sentence, g.type, g.role) and g.names & p.names
            ),
            None,
        )
        if j is None:
            out.append(g)
        else:
            used.add(j)
    return out


def _untyped(items: list[_Item]) -> list[_Item]:
    """(sentence, place) once, whatever the event's type: where something happened, as a reader
    who ticks every type sees it. Tells placing errors from typing errors."""
    out: dict[tuple[int, frozenset[str]], _Item] = {}
    for i in items:
        out.setdefault((i.sentence, i.names), _Item(i.sentence, "", i.role, i.names))
    return list(out.values())


#: Why a gold location was missed, in the order the pipeline decides: the place was never found
#: (recognition or gazetteer), the sentence got no type, or another type than the gold's, or the
#: place is in the event with another role, or not among its places at all, or it is there as a
#: location that another gold item of the same name took.
MISSES = (
    "place not found",
    "sentence not typed",
    "typed otherwise",
    "role: actor",
    "role: source",
    "role: mentioned",
    "role: not among its places",
    "located once, in gold twice",
)


def _miss(g: _Item, parsed, pred: list[_Item]) -> str:
    """Why the gold location ``g`` has no matching prediction (see MISSES)."""
    names: set[str] = set()
    for m in parsed.mentions:
        if m.sentence == g.sentence:
            names.add(_norm(m.text))
            place = parsed.places_by_id.get(m.place_id) if m.place_id else None
            if place is not None:
                names.add(_norm(place.name))
    names.update(n for p in pred if p.sentence == g.sentence for n in p.names)
    if not g.names & names:
        return "place not found"
    types = {e.type for e in parsed.events if e.sentence == g.sentence}
    if not types:
        return "sentence not typed"
    if g.type not in types:
        return "typed otherwise"
    roles = {p.role for p in pred if (p.sentence, p.type) == (g.sentence, g.type) and g.names & p.names}
    if EventRole.LOCATION in roles:
        return "located once, in gold twice"
    return f"role: {min(roles)}" if roles else "role: not among its places"


def _types(gold: dict, parsed) -> tuple[set, set]:
    """(sentence, type) of the gold's events and of the parse's. The gold records only events whose
    sentence names a place, so an event the parse found no place in is not counted either."""
    text = parsed.article.text
    wanted = {(_sentence_of(parsed, text, e["sentence"], gold["id"]), e["type"]) for e in gold["events"]}
    return wanted, {(e.sentence, e.type) for e in parsed.events if e.places}


def annotation_items(other: dict, parsed) -> list[_Item]:
    """A second annotation's items, scored as predictions are: each name also stands for the
    mentions of its sentence it is part of or that are part of it, and the places they resolve
    to ("Herat" and "Herat province" are one place, as they are for the parse)."""
    out = []
    for item in gold_items(other, parsed):
        names = set(item.names)
        for m in parsed.mentions:
            text = _norm(m.text)
            if m.sentence == item.sentence and any(n in text or text in n for n in item.names):
                names.add(text)
                place = parsed.places_by_id.get(m.place_id) if m.place_id else None
                if place is not None:
                    names.add(_norm(place.name))
        out.append(replace(item, names=frozenset(names)))
    return out


def evaluate(
    gold_docs: list[dict],
    corpora: Path,
    geoparser=None,
    *,
    by_rule: bool = False,
    against: dict[str, dict] | None = None,
) -> dict:
    """Score the parse of each gold article against its gold; with ``against`` (a second annotation
    by article id), score that annotation instead, on the articles both annotate: the annotators'
    agreement, by the same measures."""
    from mapview.pipeline import default_geoparser

    geoparser = geoparser or default_geoparser()
    if against is not None:
        gold_docs = [d for d in gold_docs if d["id"] in against]
    totals = {"triples": [0, 0, 0], "locations": [0, 0, 0], "where": [0, 0, 0], "types": [0, 0, 0]}
    rules: dict[str, list[int]] = {}  # rule -> [right, wrong, in an event the gold has not]
    missed = dict.fromkeys(MISSES, 0)
    per_article = {}
    for gold in gold_docs:
        parsed = geoparser.parse(article_for(gold, corpora))
        g = gold_items(gold, parsed)
        if against is None:
            p = predicted_items(parsed)
            gt, pt = _types(gold, parsed)
        else:
            other = against[gold["id"]]
            p = annotation_items(other, parsed)
            gt = _types(gold, parsed)[0]
            pt = _types(other, parsed)[0]
        gl, pl = [i for i in g if i.role == "location"], [i for i in p if i.role == "location"]
        gw, pw = _untyped(gl), _untyped(pl)
        counts = {
            "triples": (_match(g, p), len(p), len(g)),
            "locations": (_match(gl, pl), len(pl), len(gl)),
            "where": (_match(gw, pw), len(pw), len(gw)),
            "types": (len(gt & pt), len(pt), len(gt)),
        }
        if by_rule:
            right = _matched(g, p)
            for j, item in enumerate(p):
                slot = 0 if j in right else 1 if (item.sentence, item.type) in gt else 2
                rules.setdefault(item.rule or "(none)", [0, 0, 0])[slot] += 1
        for miss in _unmatched(gl, pl) if against is None else ():
            missed[_miss(miss, parsed, p)] += 1
        for k, (tp, n_pred, n_gold) in counts.items():
            totals[k][0] += tp
            totals[k][1] += n_pred
            totals[k][2] += n_gold
        per_article[gold["id"]] = {k: dict(zip(("tp", "pred", "gold"), v)) for k, v in counts.items()}
    report: dict = {"articles": len(gold_docs)}
    for k, (tp, n_pred, n_gold) in totals.items():
        precision, recall, f1 = _prf(tp, n_pred, n_gold)
        report[k] = {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "pred": n_pred, "gold": n_gold}
    report["missed_locations"] = missed
    # what recall would be if every role were right, and every place found too: how far better
    # attachment alone could go
    n_gold, hits = report["locations"]["gold"], report["locations"]["tp"]
    roles = sum(v for k, v in missed.items() if k.startswith("role"))
    report["recall_bounds"] = {
        "every_role_right": (hits + roles) / n_gold if n_gold else 0.0,
        "and_every_place_found": (hits + roles + missed["place not found"]) / n_gold if n_gold else 0.0,
    }
    report["per_article"] = per_article
    if by_rule:
        report["by_rule"] = {
            r: {"right": v[0], "wrong": v[1], "event_not_in_gold": v[2]}
            for r, v in sorted(rules.items(), key=lambda kv: -sum(kv[1]))
        }
    return report


def format_report(name: str, r: dict) -> str:
    lines = [f"{name}: {r['articles']} articles"]
    for k in ("triples", "locations", "where", "types"):
        s = r[k]
        lines.append(
            f"  {k:<9}  P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
            f"  ({s['tp']} right of {s['pred']} predicted, {s['gold']} in gold)"
        )
    if any(r.get("missed_locations", {}).values()):
        lines.append("  missed locations: " + ", ".join(f"{k} {v}" for k, v in r["missed_locations"].items() if v))
        b = r["recall_bounds"]
        lines.append(
            f"  location recall if every role were right {b['every_role_right']:.3f}; "
            f"and every place found too {b['and_every_place_found']:.3f}"
        )
    if "by_rule" in r:
        lines.append("  by rule: right / wrong (role or place) / in an event the gold has not")
        for rule, v in r["by_rule"].items():
            lines.append(f"    {rule:<34} {v['right']:>5} {v['wrong']:>5} {v['event_not_in_gold']:>5}")
    return "\n".join(lines)
