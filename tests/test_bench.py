"""The benchmark script runs (on a tiny input); its figures are measured in bench/, not here."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT


def test_bench_runs_on_a_tiny_input():
    result = subprocess.run([sys.executable, "bench/run.py", "--quick", "--json", "--only", "throughput", "rerun"],
                            capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["machine"]["cores"] >= 1 and figures["machine"]["python"]
    assert figures["rerun"]["ratio"]["n"] >= 2 and figures["rerun"]["ours_s"]["median"] > 0
    corpus = next(v for v in figures["throughput"].values() if isinstance(v, dict))
    assert corpus["articles"] >= 1 and corpus["ours_articles_per_s"] > 0
