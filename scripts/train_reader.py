"""Train the event reader's two models on the hand annotation, and write them where mapview finds them.

    python scripts/train_reader.py [--corpora DIR] [--out DIR] [--parser DIR] [--fold K]

Reads the training gold (``data/gold/events.jsonl``, ``events-lee.jsonl``, ``events-train.jsonl``;
never ``events-test.jsonl``, the test part, measured once), parses each annotated article with
mapview's rules and the shipped parser (``src/mapview/nlp/models/en_ewt_parser``, from
``scripts/train_parser.py``), and fits:

- the **typing** model: one L2-regularised logistic regression per event type over
  :func:`mapview.nlp.reader.sentence_features`, each type's threshold chosen for F1 on
  out-of-fold predictions (five folds by article);
- the **role** model: a multinomial logistic regression over
  :func:`mapview.nlp.reader.pair_features` for every (event, place) of the gold's events (the
  events typed as the gold types them), with ``location_least``, the probability under which a
  location is only ``mentioned``, chosen on out-of-fold predictions for a location precision of
  0.85 at the best recall, and ``location_sure``, above which the page draws it without doubt.

``--fold K`` keeps a fifth of the training articles out (fold K of five, by a hash of the id) and writes
``DEV.jsonl`` beside the models with their ids, so that ``mapview evaluate-events`` can measure the
reader end to end on text it did not learn from (set ``MAPVIEW_READER_DIR`` to the output).
Writes ``reader.npz`` (weights) and ``reader.json`` (features, classes, thresholds, the data).
Needs scikit-learn (``pip install -e '.[train]'``); the app runs the models with numpy alone.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
GOLD = [ROOT / "data" / "gold" / f for f in ("events.jsonl", "events-lee.jsonl", "events-train.jsonl")]
MODELS = ROOT / "src" / "mapview" / "nlp" / "models"
MIN_COUNT = 2  # a feature seen once in training is left out
C_TYPING, C_ROLES = 0.5, 0.5
CLASS_WEIGHT: str | None = "balanced"
MIN_SUPPORT = 10  # a type annotated fewer times is left to the rules
TRUST, TRUST_MIN = 0.9, 10  # a rule right this often, over this many training decisions, is trusted
# The role model overrules an untrusted rule only this sure. At 0.6 the bundled article, which must be
# read exactly, lost one role; 0.7 costs 0.006 triple F1 in five-fold cross-validation, no location.
SWITCH = 0.7
# ... and makes a location of a place the rule gave another part only this sure: in five-fold
# cross-validation the locations it added between 0.6 and 0.9 were right less than half the time
PROMOTE = 0.9
DROP = 0.1  # the typing model removes a rule's type only this sure it is wrong
# A type the model adds needs this times the probability that is best for typing F1: in five-fold
# cross-validation the locations of the types added between the two were right 4 times in 31
ADD_MARGIN = 1.2
# A type beside those the rules gave the sentence needs this much: in five-fold cross-validation such
# types were right 43 times in 155; at 0.9 location precision rose 0.660 -> 0.695, recall fell
# 0.394 -> 0.378, typing F1 rose 0.530 -> 0.538
BESIDE = 0.9


def _norm(name: str) -> str:
    from mapview.evaluation.events import _norm as norm

    return norm(name)


def fold_of(doc_id: str, k: int = 5) -> int:
    """A fixed fold of each article, by a hash of its id."""
    return hashlib.sha256(doc_id.encode()).digest()[1] % k


def collect(gold_docs, corpora: Path, geoparser, reader_parser):
    """Per annotated article: the typing samples and the role samples."""
    from mapview.evaluation.events import _sentence_of, article_for
    from mapview.nlp.reader import _DRAWN_AT_ANOTHER, StoryContext, sentence_features

    typing, roles_input = [], []
    for gold in gold_docs:
        article = article_for(gold, corpora)
        doc = geoparser.parse(article)
        text = article.text
        wanted: dict[int, dict[str, dict]] = {}
        for e in gold["events"]:
            i = _sentence_of(doc, text, e["sentence"], gold["id"])
            wanted.setdefault(i, {})[e["type"]] = e
        with_places = {m.sentence for m in doc.mentions if m.place_id or m.role in _DRAWN_AT_ANOTHER}
        candidates = [s for s in doc.sentences if s.index in with_places]
        parses = dict(
            zip((s.index for s in candidates), reader_parser.parse(text, [(s.start, s.end) for s in candidates]))
        )
        context = StoryContext(geoparser.taxonomy)
        # annotators of sport, business and culture stories left their plain statements out
        mask_statement = gold.get("topic") == "other"
        for s in doc.sentences:
            p = parses.get(s.index)
            if p is not None:
                features = sentence_features(p, s.cues, set(s.matched), context.features())
                typing.append(
                    {
                        "doc": gold["id"],
                        "features": features,
                        "types": sorted(wanted.get(s.index, {})),
                        "text": text[s.start : s.end],
                        "mask_statement": mask_statement,
                    }
                )
            context.after(s)
        roles_input.append((gold, article, doc, parses, wanted))
    return typing, roles_input


def vocabulary(rows, key="features") -> list[str]:
    counts = Counter(f for r in rows for f in set(r[key]))
    return sorted(f for f, n in counts.items() if n >= MIN_COUNT)


def matrix(rows, vocab: list[str], key="features"):
    from scipy.sparse import csr_matrix

    index = {f: k for k, f in enumerate(vocab)}
    data, indices, indptr = [], [], [0]
    for r in rows:
        cols = sorted({index[f] for f in r[key] if f in index})
        indices += cols
        data += [1.0] * len(cols)
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)), dtype=np.float64)


def folds(rows, k=5):
    docs = sorted({r["doc"] for r in rows}, key=lambda d: hashlib.sha256(d.encode()).hexdigest())
    fold_of = {d: n % k for n, d in enumerate(docs)}
    return [fold_of[r["doc"]] for r in rows]


def train_typing(rows, classes):
    from sklearn.linear_model import LogisticRegression

    vocab = vocabulary(rows)
    X = matrix(rows, vocab)
    fold = np.array(folds(rows))
    coef = np.zeros((len(classes), len(vocab)))
    intercept = np.zeros(len(classes))
    thresholds, cv = {}, {}
    for c, t in enumerate(classes):
        keep = np.array([not (t == "statement" and r["mask_statement"]) for r in rows])
        y = np.array([t in r["types"] for r in rows])
        oof = np.zeros(len(rows))
        for f in range(5):
            tr, te = (fold != f) & keep, (fold == f) & keep
            if y[tr].sum() < 2:
                continue
            m = LogisticRegression(C=C_TYPING, max_iter=2000, class_weight=CLASS_WEIGHT).fit(X[tr], y[tr])
            oof[te] = m.predict_proba(X[te])[:, 1]
        best = (0.0, 0.5)
        for th in np.arange(0.2, 0.96, 0.025):
            pred = (oof >= th) & keep
            tp = (pred & y).sum()
            p = tp / pred.sum() if pred.sum() else 0.0
            r = tp / (y & keep).sum() if (y & keep).sum() else 0.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            if f1 > best[0]:
                best = (f1, float(th))
        # a type seen too seldom to learn is the rules' alone (no threshold: the model never adds it)
        thresholds[t] = round(min(0.99, best[1] * ADD_MARGIN), 3) if (y & keep).sum() >= MIN_SUPPORT else 1.01
        pred = (oof >= best[1]) & keep
        cv[t] = {"support": int((y & keep).sum()), "tp": int((pred & y).sum()), "pred": int(pred.sum())}
        if y[keep].sum() >= 2:
            m = LogisticRegression(C=C_TYPING, max_iter=2000, class_weight=CLASS_WEIGHT).fit(X[keep], y[keep])
            coef[c], intercept[c] = m.coef_[0], m.intercept_[0]
        else:
            intercept[c] = -10.0
    tp, pr, su = (sum(v[k] for v in cv.values()) for k in ("tp", "pred", "support"))
    cv["_micro"] = {"precision": tp / pr if pr else 0, "recall": tp / su if su else 0}
    return vocab, coef, intercept, thresholds, cv


def role_rows(roles_input, geoparser, reader_typing):
    """(event, place) samples, the events typed as the gold types them (their words found by the
    typing model where no cue names them, as at run time)."""
    from dataclasses import replace

    from mapview.nlp.reader import Reader, pair_features, trigger
    from mapview.nlp.roles import extract_events

    tax = geoparser.taxonomy
    rows = []
    for gold, article, doc, parses, wanted in roles_input:
        text = article.text
        typed = []
        for s in doc.sentences:
            types = [t for t in tax.types if t in wanted.get(s.index, {})]
            cues, triggers = {}, {}
            p = parses.get(s.index)
            for t in types:
                if t in s.cues:
                    cues[t] = s.cues[t]
                elif p is not None:
                    k = Reader._trigger_token(reader_typing, p, reader_typing._features(p, s), t)
                    cues[t], triggers[t] = p.tokens[k].text, (p.tokens[k].start, p.tokens[k].end)
            typed.append(replace(s, event_types=tuple(types), cues=cues, triggers=triggers))
        kinds = {pl.id: pl.kind for pl in doc.places}
        events = extract_events(text, typed, doc.mentions, doc.quotes, tax, kinds, article.date)
        role_of = {(m.start, m.end): m.role for m in doc.mentions}
        for e in events:
            p = parses.get(e.sentence)
            if p is None:
                continue
            gold_places = [
                (frozenset(_norm(n) for n in g["name"].split("|")), g["role"])
                for g in wanted[e.sentence][e.type]["places"]
            ]
            trig = trigger(p, (e.cue_start, e.cue_end) if e.cue_start >= 0 else None)
            used: set[int] = set()
            for ep in e.places:
                place = doc.places_by_id.get(ep.place_id)
                names = {_norm(ep.text)} | ({_norm(place.name)} if place else set())
                matching = [j for j, (gn, _) in enumerate(gold_places) if j not in used and gn & names]
                same = [j for j in matching if gold_places[j][1] == ep.role]
                j = (same or matching or [None])[0]
                label = "mentioned" if j is None else gold_places[j][1]
                if j is not None:
                    used.add(j)
                features = pair_features(
                    p,
                    e.type,
                    tax.types[e.type].act,
                    (ep.start, ep.end),
                    trig,
                    str(role_of.get((ep.start, ep.end), "")),
                    str(kinds.get(ep.place_id, "place")),
                    ep.role,
                    ep.rule,
                    e.start,
                )
                rows.append(
                    {"doc": gold["id"], "features": features, "label": label, "rule_role": ep.role, "rule": ep.rule}
                )
    return rows


def train_roles(rows, classes):
    from sklearn.linear_model import LogisticRegression

    vocab = vocabulary(rows)
    X = matrix(rows, vocab)
    y = np.array([classes.index(r["label"]) for r in rows])
    fold = np.array(folds(rows))
    oof = np.zeros((len(rows), len(classes)))
    for f in range(5):
        tr, te = fold != f, fold == f
        m = LogisticRegression(C=C_ROLES, max_iter=3000).fit(X[tr], y[tr])
        oof[te] = m.predict_proba(X[te])
    loc = classes.index("location")
    is_loc = y == loc
    arg = oof.argmax(axis=1)
    best_least, best_recall = 0.5, -1.0
    for th in np.arange(0.3, 0.96, 0.01):
        pred = (arg == loc) & (oof[:, loc] >= th)
        tp = (pred & is_loc).sum()
        p = tp / pred.sum() if pred.sum() else 0.0
        r = tp / is_loc.sum()
        if p >= 0.85 and r > best_recall:
            best_least, best_recall = float(th), r
    sure = next(
        (
            float(th)
            for th in np.arange(best_least, 1.0, 0.01)
            if ((oof[:, loc] >= th) & (arg == loc) & is_loc).sum() >= 0.95 * ((oof[:, loc] >= th) & (arg == loc)).sum()
        ),
        0.95,
    )
    rule_right = sum(r["rule_role"] == r["label"] for r in rows) / len(rows)
    model_right = float((arg == y).mean())
    pred = (arg == loc) & (oof[:, loc] >= best_least)
    cv = {
        "pairs": len(rows),
        "rule_accuracy": rule_right,
        "model_accuracy": model_right,
        "location_precision": float((pred & is_loc).sum() / max(1, pred.sum())),
        "location_recall": float((pred & is_loc).sum() / max(1, is_loc.sum())),
    }
    # the rules right nearly always: the model never overrules them
    by_rule: dict[str, list[int]] = {}
    for r in rows:
        by_rule.setdefault(r["rule"], [0, 0])[r["rule_role"] == r["label"]] += 1
    # ... and those it saw too seldom to learn better than their authors
    trusted = sorted(
        n for n, (wrong, right) in by_rule.items() if right + wrong < TRUST_MIN or right >= TRUST * (right + wrong)
    )
    cv["trusted"] = {n: by_rule[n] for n in trusted}
    m = LogisticRegression(C=C_ROLES, max_iter=3000).fit(X, y)
    return vocab, m.coef_, m.intercept_, round(best_least, 3), round(sure, 3), cv, trusted


class _TypingOnly:
    """The typing model alone, to find the words of gold types no cue names while building role samples."""

    def __init__(self, vocab, coef, intercept, classes):
        from mapview.nlp.reader import LinearModel

        self.typing = LinearModel({f: k for k, f in enumerate(vocab)}, coef, intercept, classes, "sigmoid")
        self.context = None

    def _features(self, p, s):
        from mapview.nlp.reader import sentence_features

        return sentence_features(p, s.cues, set(s.matched), {})


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("--corpora", default=str(ROOT.parent / "shared" / "corpora"))
    ap.add_argument("--out", default=str(MODELS))
    ap.add_argument("--parser", default=str(MODELS / "en_ewt_parser"), help="the parser's folder")
    ap.add_argument("--fold", type=int, metavar="K", help="keep fold K of five out (written to DEV.jsonl), to measure")
    args = ap.parse_args(argv)
    from mapview.evaluation.events import load_gold
    from mapview.nlp.reader import ROLES, SyntaxParser
    from mapview.pipeline import Geoparser

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    geoparser = Geoparser(reader=None)  # the rules alone: the reader learns on top of them
    parser = SyntaxParser(Path(args.parser))
    gold = [d for path in GOLD for d in load_gold(path)]
    if args.fold is not None:
        dev = [d for d in gold if fold_of(d["id"]) == args.fold]
        gold = [d for d in gold if fold_of(d["id"]) != args.fold]
        for d in dev:
            d.pop("annotated_after_tuning", None)
            d["part"] = "dev"
        (out / "DEV.jsonl").write_text("".join(json.dumps(d) + "\n" for d in dev), encoding="utf-8")
    print(f"{len(gold)} annotated articles", file=sys.stderr)
    typing_rows, roles_input = collect(gold, Path(args.corpora), geoparser, parser)
    classes = list(geoparser.taxonomy.types)
    t_vocab, t_coef, t_int, thresholds, t_cv = train_typing(typing_rows, classes)
    print("typing, out of fold:", json.dumps(t_cv["_micro"]), file=sys.stderr)
    typing_only = _TypingOnly(t_vocab, t_coef, t_int, classes)
    rows = role_rows(roles_input, geoparser, typing_only)
    r_vocab, r_coef, r_int, least, sure, r_cv, trusted = train_roles(rows, list(ROLES))
    print("roles, out of fold:", json.dumps(r_cv), file=sys.stderr)
    np.savez_compressed(
        out / "reader.npz",
        typing_coef=t_coef.astype(np.float32),
        typing_intercept=t_int,
        roles_coef=r_coef.astype(np.float32),
        roles_intercept=r_int,
    )
    info = {
        "about": "mapview's event reader: see scripts/train_reader.py and docs/accuracy.md",
        "data": [str(p.relative_to(ROOT)) for p in GOLD]
        + ([f"without fold {args.fold}"] if args.fold is not None else []),
        "articles": len(gold),
        "sentences": len(typing_rows),
        "pairs": len(rows),
        "typing": {
            "classes": classes,
            "thresholds": thresholds,
            "drop": DROP,
            "beside": BESIDE,
            "fallback": [k for k, t in geoparser.taxonomy.types.items() if t.fallback],
            "features": t_vocab,
            "cross_validation": t_cv,
        },
        "roles": {
            "classes": list(ROLES),
            "location_least": least,
            "location_sure": sure,
            "switch": SWITCH,
            "promote": PROMOTE,
            "trusted": trusted,
            "features": r_vocab,
            "cross_validation": r_cv,
        },
    }
    (out / "reader.json").write_text(json.dumps(info, ensure_ascii=False, indent=0), encoding="utf-8")
    if not (out / "en_ewt_parser").exists():
        shutil.copytree(args.parser, out / "en_ewt_parser")
    print(f"wrote {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
