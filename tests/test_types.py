"""The package type-checks (mypy, configured in pyproject.toml) and ships py.typed."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_the_package_type_checks():
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary"], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_the_package_says_it_is_typed():
    assert (ROOT / "src" / "mapview" / "py.typed").is_file()
