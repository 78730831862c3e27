"""Measure the trained reader by five-fold cross-validation on the training gold, beside the rules alone.

    python scripts/cv_reader.py [--corpora DIR] [--out DIR] [--jobs N]

Trains five readers with ``scripts/train_reader.py --fold K`` (each without a fifth of the training
articles), measures each with ``mapview evaluate-events`` on the fifth it did not learn from, and sums
the counts over the five folds; the rules alone are measured on the same articles. The test part
(``data/gold/events-test.jsonl``) is never read. Needs the training extra (``pip install -e '.[train]'``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDS = 5
MEASURES = ("locations", "where", "types", "triples")


def _run(cmd: list[str], env: dict | None = None) -> str:
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def _fold(k: int, out: Path, corpora: str) -> dict[str, dict]:
    models = out / f"fold{k}"
    _run([sys.executable, "scripts/train_reader.py", "--corpora", corpora, "--out", str(models), "--fold", str(k)])
    cli = [sys.executable, "-m", "mapview.cli", "evaluate-events", str(models / "DEV.jsonl"), "--corpora", corpora]
    env = dict(os.environ, MAPVIEW_READER_DIR=str(models))
    return {
        "reader": json.loads(_run([*cli, "--json"], env)),
        "rules": json.loads(_run([*cli, "--json", "--rules-only"], env)),
    }


def _line(measure: str, tp: int, pred: int, gold: int) -> str:
    p, r = tp / pred if pred else 0.0, tp / gold if gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return f"  {measure:<10} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  ({tp} right of {pred} predicted, {gold} in gold)"


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    ap.add_argument("--corpora", default=str(ROOT.parent / "shared" / "corpora"))
    ap.add_argument("--out", help="where the fold models go (default: a temporary folder)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="folds trained at once")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.out or tmp)
        with ThreadPoolExecutor(max(1, args.jobs)) as pool:
            folds = list(pool.map(lambda k: _fold(k, out, args.corpora), range(FOLDS)))
    for who in ("reader", "rules"):
        print(f"{who}, {FOLDS}-fold cross-validation on the training gold:")
        for m in MEASURES:
            tp, pred, gold = (sum(f[who][m][key] for f in folds) for key in ("tp", "pred", "gold"))
            print(_line(m, tp, pred, gold))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
