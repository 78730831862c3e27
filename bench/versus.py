"""The first pass of this checkout against an older commit's, on the same machine, in alternation.

    python bench/versus.py 1fd43d5            # the code issue 11 was filed against
    python bench/versus.py REV --pairs 5 --corpus ../shared/corpora/trnews.jsonl

Absolute speed on these shared machines moves by 2x between sessions (an AMD EPYC one day, a
slower Xeon the next), so "N articles/s" only means something beside a baseline measured the same
way, at the same time. This checks REV out into a temporary git worktree, installs it into a
virtual environment of its own (its own dependencies: the old code used pysbd), then runs
``mapview extract --jsonl CORPUS`` for the old code and this one, one after the other, each in a
fresh process pinned to one core (bench/run.py's first-pass script: load and work timed apart),
and prints the pair-by-pair ratios. Writes nothing into the repository; ``--json`` for the figures.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from run import FIRST_PASS_SCRIPT, SHARED_CORPORA, machine, summary  # noqa: E402


def install(rev: str, where: Path) -> Path:
    """A worktree of REV with its own venv; returns its python."""
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(where), rev], check=True, capture_output=True
    )
    subprocess.run([sys.executable, "-m", "venv", str(where / ".venv")], check=True)
    python = where / ".venv" / "bin" / "python"
    pip = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", str(where)],
        capture_output=True,
        text=True,
    )
    if pip.returncode != 0:
        raise RuntimeError(f"installing {rev} failed: {pip.stderr[-2000:]}")
    return python


def first_pass(python: Path, cwd: Path, corpus: Path) -> dict:
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    out = subprocess.run(
        [*pin, str(python), "-c", FIRST_PASS_SCRIPT, "mapview", str(corpus)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=1800,
    )
    if out.returncode != 0:
        raise RuntimeError(f"first pass in {cwd} failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout.splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rev", help="the older commit to compare against")
    ap.add_argument("--corpus", type=Path, default=SHARED_CORPORA / "geowebnews.jsonl")
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        ap.error(f"no corpus at {args.corpus}")
    tmp = Path(tempfile.mkdtemp(prefix="mapview-versus-"))
    old_tree = tmp / "old"
    try:
        old_python = install(args.rev, old_tree)
        new_python = Path(sys.executable)
        runs: dict[str, list[dict]] = {"old": [], "new": []}
        first_pass(old_python, old_tree, args.corpus)  # warms the disk cache for both, not counted
        for _ in range(args.pairs):
            runs["old"].append(first_pass(old_python, old_tree, args.corpus))
            runs["new"].append(first_pass(new_python, ROOT, args.corpus))
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old_tree)], capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)
    n = runs["new"][0]["lines"]
    result = {"machine": machine(), "rev": args.rev, "corpus": args.corpus.name, "articles": n, "pairs": args.pairs}
    for side, rs in runs.items():
        work = [r["work"] for r in rs]
        result[side] = {
            "work_s": summary(work),
            "load_s": summary([r["load"] for r in rs]),
            "articles_per_s": round(n / statistics.median(work), 1),
            "max_rss_mb": round(max(r["max_rss_mb"] for r in rs), 1),
        }
    result["speedup_work"] = summary([o["work"] / w["work"] for o, w in zip(runs["old"], runs["new"])], 2)
    result["speedup_with_load"] = summary(
        [(o["work"] + o["load"]) / (w["work"] + w["load"]) for o, w in zip(runs["old"], runs["new"])], 2
    )
    if args.json:
        print(json.dumps(result))
    else:
        m = result["machine"]
        print(
            f"{m['cpu']}, {m['cores']} cores, Python {m['python']}, {m['date']}; {args.corpus.name}, "
            f"{n} articles, {args.pairs} pairs"
        )
        for side in ("old", "new"):
            e = result[side]
            print(
                f"  {side}: {e['articles_per_s']} articles/s (work {e['work_s']['median']:.2f} s, "
                f"load {e['load_s']['median']:.2f} s, peak RSS {e['max_rss_mb']} MB)"
            )
        print(f"  speed-up, work only: {result['speedup_work']}")
        print(f"  speed-up, with load: {result['speedup_with_load']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
