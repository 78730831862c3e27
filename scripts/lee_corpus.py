"""Write the Lee news corpus as a corpus file `evaluate-events --corpora DIR` reads.

    python scripts/lee_corpus.py DIR

The Lee corpus (Lee, Pincombe and Welsh, 2005) is 349 short news stories of the Australian
Broadcasting Corporation's news mail service, late 2001 and early 2002: bushfires, Afghanistan,
the Middle East, Indian politics. The PyPI package `gensim` ships it as test data
(`gensim/test/test_data/lee_background.cor`, 299 stories, and `lee.cor`, 50). This script fetches
gensim's wheel with pip (no install: gensim and its scipy are not needed) and reads the two files
out of it into `DIR/lee.jsonl`, one `{"id", "text"}` line a story: `lee-background-001` … and
`lee-001` …, numbered by line from 1.

mapview uses these stories to measure event records on news nobody tuned on
(`data/gold/events-lee.jsonl`); the texts are the publisher's and are not committed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

GENSIM = "gensim==4.4.0"
FILES = {"lee-background": "gensim/test/test_data/lee_background.cor", "lee": "gensim/test/test_data/lee.cor"}


def stories(wheel: Path) -> list[dict[str, str]]:
    rows = []
    with zipfile.ZipFile(wheel) as zf:
        for prefix, member in FILES.items():
            text = zf.read(member).decode("utf-8", errors="replace")
            for n, line in enumerate(text.splitlines(), 1):
                if line.strip():
                    rows.append({"id": f"{prefix}-{n:03d}", "text": line.strip()})
    return rows


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", GENSIM, "-d", tmp],
            check=True,
        )
        wheel = next(Path(tmp).glob("gensim-*.whl"))
        rows = stories(wheel)
    target = out / "lee.jsonl"
    part = target.with_suffix(".jsonl.tmp")
    part.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    part.replace(target)
    print(f"{len(rows)} stories -> {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
