"""The benchmark script runs (on a tiny input); its figures are measured in bench/, not here."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT


def test_bench_runs_on_a_tiny_input():
    result = subprocess.run(
        [sys.executable, "bench/run.py", "--quick", "--json", "--only", "throughput", "rerun"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["machine"]["cores"] >= 1 and figures["machine"]["python"]
    assert figures["rerun"]["ratio"]["n"] >= 2 and figures["rerun"]["ours_s"]["median"] > 0
    corpus = next(v for v in figures["throughput"].values() if isinstance(v, dict))
    assert corpus["articles"] >= 1 and corpus["ours_articles_per_s"] > 0


def test_versus_compares_a_commit_with_this_checkout(tmp_path):
    """bench/versus.py installs an older commit beside this checkout and times both; here HEAD
    against itself, on a one-article corpus."""
    if subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True).returncode != 0:
        pytest.skip("not a git checkout: bench/versus.py compares commits")
    corpus = tmp_path / "tiny.jsonl"
    corpus.write_text(json.dumps({"id": "t", "text": "Talks in Paris and Lyon.", "toponyms": []}) + "\n")
    result = subprocess.run(
        [sys.executable, "bench/versus.py", "HEAD", "--pairs", "1", "--corpus", str(corpus), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["articles"] == 1 and figures["rev"] == "HEAD"
    assert figures["old"]["work_s"]["n"] == figures["new"]["work_s"]["n"] == 1
    assert figures["speedup_work"]["median"] > 0 and figures["speedup_with_load"]["median"] > 0
    worktrees = subprocess.run(["git", "-C", str(ROOT), "worktree", "list"], capture_output=True, text=True).stdout
    assert "mapview-versus-" not in worktrees  # the temporary worktree is gone
