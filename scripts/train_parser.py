"""Train the English tagger and dependency parser mapview ships, from Universal Dependencies EWT.

    python scripts/train_parser.py [EWT_DIR] [--steps N]

EWT_DIR holds ``en_ewt-ud-{train,dev}.conllu`` (default ``../shared/ud-english-ewt``: UD English
EWT v2.15, CC BY-SA 4.0). The script converts them with ``spacy convert``, trains spaCy's CPU
tagger and parser (its ``efficiency`` configuration made lighter for speed: a hash-embedding CNN
of width 64 and depth 2, a transition-based parser with 64 hidden units; the page parses every
sentence that may report an event, and this is most of its cost) with a fixed seed, and writes
the best model on the dev set to
``src/mapview/nlp/models/en_ewt_parser/`` with the treebank's licence and attribution, and a table
of lemmas by (word, tag) read off the treebank (``lemmas.json``): the parse's words and tags are
all mapview needs of it (place recognition stays the gazetteer's).

Needs spaCy (``pip install -e '.[train]'``). Takes about an hour on two cores.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src" / "mapview" / "nlp" / "models" / "en_ewt_parser"
SPACY = [sys.executable, "-m", "spacy"]


def lemma_table(conllu: Path) -> dict[str, str]:
    """The commonest lemma of each (lower-cased word, PTB tag) pair of the treebank whose lemma is
    not the word itself, as "word tag" -> lemma."""
    counts: dict[tuple[str, str], Counter] = {}
    for line in conllu.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) != 10 or not cols[0].isdigit():
            continue
        form, lemma, xpos = cols[1].lower(), cols[2].lower(), cols[4]
        counts.setdefault((form, xpos), Counter())[lemma] += 1
    table = {}
    for (form, xpos), c in sorted(counts.items()):
        lemma = c.most_common(1)[0][0]
        if lemma != form and lemma != "_":
            table[f"{form} {xpos}"] = lemma
    return table


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("ewt", nargs="?", default=str(ROOT.parent / "shared" / "ud-english-ewt"))
    parser.add_argument("--steps", type=int, default=10000, help="training steps at most (default 10000)")
    args = parser.parse_args(argv)
    ewt = Path(args.ewt)
    with tempfile.TemporaryDirectory(prefix="mapview-parser-") as tmp:
        work = Path(tmp)
        for part in ("train", "dev"):
            (work / part).mkdir()
            subprocess.run(
                [
                    *SPACY,
                    "convert",
                    str(ewt / f"en_ewt-ud-{part}.conllu"),
                    str(work / part),
                    "--converter",
                    "conllu",
                    "-n",
                    "10",
                ],
                check=True,
            )
        config = work / "config.cfg"
        subprocess.run(
            [
                *SPACY,
                "init",
                "config",
                str(config),
                "--lang",
                "en",
                "--pipeline",
                "tagger,parser",
                "--optimize",
                "efficiency",
                "--force",
            ],
            check=True,
        )
        subprocess.run(
            [
                *SPACY,
                "train",
                str(config),
                "--output",
                str(work / "out"),
                "--paths.train",
                str(work / "train"),
                "--paths.dev",
                str(work / "dev"),
                "--training.max_steps",
                str(args.steps),
                "--training.eval_frequency",
                "400",
                "--system.seed",
                "0",
                # lighter than spaCy's efficiency defaults (96 wide, 4 deep, 128 hidden units, 3 pieces)
                "--components.tok2vec.model.encode.width",
                "64",
                "--components.tok2vec.model.encode.depth",
                "2",
                "--components.parser.model.hidden_width",
                "64",
                "--components.parser.model.maxout_pieces",
                "2",
            ],
            check=True,
        )
        best = work / "out" / "model-best"
        meta = json.loads((best / "meta.json").read_text(encoding="utf-8"))
        meta.update(
            name="ewt_parser",
            version="1.0.0",
            license="CC BY-SA 4.0",
            description="Tagger and dependency parser for mapview, trained on UD English EWT v2.15",
            sources=[
                {
                    "name": "Universal Dependencies English Web Treebank v2.15",
                    "url": "https://github.com/UniversalDependencies/UD_English-EWT",
                    "license": "CC BY-SA 4.0",
                }
            ],
        )
        (best / "meta.json").write_text(json.dumps(meta, indent=2), encoding="utf-8")
        shutil.rmtree(TARGET, ignore_errors=True)
        shutil.copytree(best, TARGET)
    (TARGET / "lemmas.json").write_text(
        json.dumps(lemma_table(ewt / "en_ewt-ud-train.conllu"), ensure_ascii=False, sort_keys=True, indent=0),
        encoding="utf-8",
    )
    shutil.copy(ewt / "LICENSE.txt", TARGET / "LICENSE.txt")
    (TARGET / "README.md").write_text(
        "# en_ewt_parser\n\n"
        "A spaCy tagger and dependency parser trained by `scripts/train_parser.py` on Universal\n"
        "Dependencies English EWT v2.15 (commit 15d613d8447b3478787d4c278730a1e48a945efb).\n\n"
        "The annotations are © The Board of Trustees of the Leland Stanford Junior University and\n"
        "licensed CC BY-SA 4.0 (`LICENSE.txt`); this model, derived from them, is shared under the\n"
        "same licence. `lemmas.json` is the treebank's commonest lemma of each (word, tag) pair.\n"
        f"Scores on the EWT dev set: {_scores(TARGET)}.\n",
        encoding="utf-8",
    )
    print(f"wrote {TARGET}")
    return 0


def _scores(model: Path) -> str:
    """The model's tagging accuracy and attachment scores on the dev set, as a sentence."""
    perf = json.loads((model / "meta.json").read_text(encoding="utf-8")).get("performance", {})
    return (
        f"tag accuracy {perf.get('tag_acc', 0):.3f}, unlabelled attachment {perf.get('dep_uas', 0):.3f}, "
        f"labelled attachment {perf.get('dep_las', 0):.3f}"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
