"""Geoparser evaluation on gold corpora, with the measures of Gritta et al. (2018, 2019).

Corpus lines: ``{"id", "text", "toponyms": [{"start", "end", "name", "lat", "lon"}]}``.

Recognition, micro-averaged: *exact* (identical spans, each gold and prediction used once) and
*overlap* (a maximum one-to-one matching of spans sharing a character, preferring larger overlap,
then smaller boundary difference). Resolution over the overlap-matched pairs with gold
coordinates: great-circle error in km (an unresolved prediction counts 20,039 km), accuracy
within 161 km (error <= 161), AUC = mean of ln(1 + error) / ln(20039) (0 best), mean and median
error. These are the definitions of the project's reference scorer; tests hold the two together.
"""

from __future__ import annotations

import hashlib
import json
import math
import statistics
from collections.abc import Iterable
from pathlib import Path

from mapview.export.json import to_jsonl_record
from mapview.util import great_circle_km

MAX_KM, K_KM = 20039.0, 161.0


haversine = great_circle_km  # the corpora's scorer's name for it


def _overlap(a: dict, b: dict) -> int:
    return min(a["end"], b["end"]) - max(a["start"], b["start"])


def match_overlap(gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """Maximum one-to-one matching of overlapping spans (augmenting paths)."""

    def preferences(g):
        candidates = [j for j, p in enumerate(pred) if _overlap(g, p) > 0]
        return sorted(
            candidates,
            key=lambda j: (
                -_overlap(g, pred[j]),
                abs(g["start"] - pred[j]["start"]) + abs(g["end"] - pred[j]["end"]),
                j,
            ),
        )

    adjacency = [preferences(g) for g in gold]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adjacency[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(gold)):
        augment(i, set())
    return [(gold[i], pred[j]) for j, i in sorted(owner.items(), key=lambda kv: kv[1])]


def _coords(m: dict) -> tuple[float, float] | None:
    lat, lon = m.get("lat"), m.get("lon")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in (lat, lon)):
        return None
    return float(lat), float(lon)  # type: ignore[arg-type]  # checked just above


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold_docs: Iterable[dict], pred_docs: Iterable[dict]) -> dict:
    gold_docs = list(gold_docs)
    preds = {d["id"]: d.get("mentions") or [] for d in pred_docs}
    n_gold = n_pred = tp_exact = tp_overlap = 0
    errors: list[float] = []
    unresolved = 0
    for d in gold_docs:
        gold, pred = d.get("toponyms") or [], preds.get(d["id"], [])
        n_gold += len(gold)
        n_pred += len(pred)
        spans: dict[tuple[int, int], int] = {}
        for p in pred:
            spans[(p["start"], p["end"])] = spans.get((p["start"], p["end"]), 0) + 1
        for g in gold:
            key = (g["start"], g["end"])
            if spans.get(key, 0) > 0:
                spans[key] -= 1
                tp_exact += 1
        pairs = match_overlap(gold, pred)
        tp_overlap += len(pairs)
        for g, p in pairs:
            gc, pc = _coords(g), _coords(p)
            if gc is not None:
                errors.append(haversine(*gc, *pc) if pc is not None else MAX_KM)
                unresolved += pc is None
    gold_ids = {d["id"] for d in gold_docs}
    pe, re_, fe = _prf(tp_exact, n_pred, n_gold)
    po, ro, fo = _prf(tp_overlap, n_pred, n_gold)
    n = len(errors)
    hits = sum(e <= K_KM for e in errors)
    return {
        "articles": len(gold_docs),
        "articles_missing_in_pred": len(gold_ids - preds.keys()),
        "pred_ids_not_in_gold": len(preds.keys() - gold_ids),
        "gold": n_gold,
        "pred": n_pred,
        "exact_tp": tp_exact,
        "exact_p": pe,
        "exact_r": re_,
        "exact_f1": fe,
        "overlap_tp": tp_overlap,
        "overlap_p": po,
        "overlap_r": ro,
        "overlap_f1": fo,
        "scored_pairs": n,
        "unresolved_pairs": unresolved,
        "acc161": hits / n if n else None,
        "auc": sum(math.log1p(e) for e in errors) / (n * math.log(MAX_KM)) if n else None,
        "mean_km": statistics.fmean(errors) if n else None,
        "median_km": statistics.median(errors) if n else None,
        "e2e_acc161": hits / n_gold if n_gold else None,
    }


def area_aware_accuracy(gold_docs: Iterable[dict], pred_docs: Iterable[dict]) -> float | None:
    """Share of matched pairs resolved to the right area: within 161 km, or the gold point lies
    inside the predicted country's or province's polygon. The corpora put a country or province
    at GeoNames' own point for it (Canada at 60.1 N, 113.6 W); mapview puts it at the Natural Earth
    label point. acc@161 counts those as errors of hundreds of kilometres; this counts the entity."""
    from shapely.geometry import Point

    from mapview.geo.shapes import area_shape

    preds = {d["id"]: d.get("mentions") or [] for d in pred_docs}
    hits = n = 0
    for d in gold_docs:
        for g, p in match_overlap(d.get("toponyms") or [], preds.get(d["id"], [])):
            gc, pc = _coords(g), _coords(p)
            if gc is None:
                continue
            n += 1
            if pc is not None and haversine(*gc, *pc) <= K_KM:
                hits += 1
                continue
            shapes = [area_shape(pid) for pid in (p.get("polygon_id") or "").split("|") if pid]
            if any(sh is not None and sh.contains(Point(gc[1], gc[0])) for sh in shapes):
                hits += 1
    return hits / n if n else None


def load_jsonl(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


PARTS = ("all", "tune", "holdout")


def part_of(doc_id) -> str:
    """ "holdout" for a fixed third of any corpus (by a hash of the article's id, so the split never
    depends on the corpus's order or size), "tune" for the rest. Rules are tuned on "tune" only."""
    digest = hashlib.sha256(str(doc_id).encode("utf-8")).digest()
    return "holdout" if digest[0] % 3 == 0 else "tune"


def select(gold_docs: list[dict], part: str) -> list[dict]:
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}")
    return list(gold_docs) if part == "all" else [d for d in gold_docs if part_of(d["id"]) == part]


def local_news(gold_docs: list[dict], country_code: str) -> list[dict]:
    """The articles of local outlets of a country: their URL names an outlet of the outlet table
    whose home is a town there ("Pendleton, Oregon, US"), not the country as a whole."""
    from mapview.geo.outlets import home_for_url

    suffix = ", " + country_code.strip().upper()
    return [
        d
        for d in gold_docs
        if (home := home_for_url(str(d.get("url") or ""))).endswith(suffix) and home.count(",") >= 2
    ]


def predict(gold_docs: list[dict], geoparser=None, progress=None, *, homes: bool = True) -> list[dict]:
    """Run the geoparser on each article's raw text; the gold annotations are never read. With
    ``homes``, an article's URL (when the corpus has one) names its outlet, whose home is a prior."""
    from mapview.nlp.article import article_from_text
    from mapview.pipeline import default_geoparser

    geoparser = geoparser or default_geoparser()
    out = []
    for k, d in enumerate(gold_docs):
        doc = geoparser.parse(article_from_text(d["text"], id=str(d["id"]), url=d.get("url", "") if homes else ""))
        out.append(to_jsonl_record(doc))
        if progress:
            progress(k + 1, len(gold_docs))
    return out


def format_report(name: str, s: dict) -> str:
    def f(v, spec):
        return "-" if v is None else format(v, spec)

    lines = [f"corpus {name}: {s['articles']} articles, {s['gold']} gold toponyms, {s['pred']} predicted"]
    for k in ("exact", "overlap"):
        lines.append(
            f"recognition {k:7s}  P {s[k + '_p']:.3f}  R {s[k + '_r']:.3f}  F1 {s[k + '_f1']:.3f}  (tp {s[k + '_tp']})"
        )
    lines.append(
        f"resolution ({s['scored_pairs']} matched pairs, {s['unresolved_pairs']} unresolved)  "
        f"acc@161 {f(s['acc161'], '.3f')}  AUC {f(s['auc'], '.3f')}  "
        f"mean {f(s['mean_km'], '.0f')} km  median {f(s['median_km'], '.0f')} km"
    )
    lines.append(f"end-to-end acc@161 (of all gold) {f(s['e2e_acc161'], '.3f')}")
    if "area_acc" in s:
        lines.append(
            "right area (within 161 km, or inside the predicted country, province or macro-region) "
            f"{f(s['area_acc'], '.3f')}"
        )
    return "\n".join(lines)
