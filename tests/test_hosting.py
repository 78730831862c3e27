"""Installed as a host installs it: a clean copy of the repository, a fresh virtual environment,
``pip install -r requirements.txt`` (the package goes into site-packages, not in editable mode,
as on Streamlit Community Cloud), then ``streamlit run app.py`` from the copy; and a built wheel.
The bundled article must be mapped, and no page may show a server path."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from browsing import Server, offline_page, open_map
from conftest import ROOT

ARTICLE = "mehr-armenia-azerbaijan-clashes"


# the host's environment: nothing on PYTHONPATH may stand in for the installed package
CLEAN = {**os.environ, "PYTHONPATH": ""}


def _sh(args, **kw):
    kw.setdefault("env", CLEAN)
    result = subprocess.run(args, capture_output=True, text=True, timeout=900, **kw)
    assert result.returncode == 0, f"{args}\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def hosted(tmp_path_factory):
    """A clean copy of the repository (what git tracks, and new files it would track) and a fresh
    venv with requirements.txt installed."""
    tmp = tmp_path_factory.mktemp("hosted")
    checkout = tmp / "checkout"
    files = _sh(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT).split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            target = checkout / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    venv = tmp / "venv"
    _sh([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    _sh(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements.txt"],
        cwd=checkout,
    )
    return checkout, python


def _site_packages(python: Path) -> Path:
    return Path(_sh([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).strip())


def test_community_cloud_install_maps_the_bundled_article_and_shows_no_server_path(hosted, browser):
    checkout, python = hosted
    installed = _sh(
        [str(python), "-c", "import mapview, mapview.paths as p; print(mapview.__file__); print(p.ARTICLES_DIR)"],
        cwd=checkout,
    ).splitlines()
    site = str(_site_packages(python))
    assert installed[0].startswith(site) and installed[1].startswith(site)  # not editable: data from the package
    server = Server({"PYTHONPATH": ""}, root=checkout, python=str(python))
    try:
        page = offline_page(browser)
        frame = open_map(page, server.url)
        assert frame.locator('.mv-marker[data-place-id="district:AZ-LAC"]').count() == 1
        text = page.locator("body").inner_text()
        assert "Iran's response to the Armenia" in text and "Mehr News Agency" in text
        for leak in ("site-packages", "/lib/python", str(checkout), str(ROOT)):
            assert leak not in text
        page.close()
    finally:
        server.stop()


def test_a_built_wheel_carries_the_data_and_runs_from_anywhere_writing_outside_site_packages(hosted, tmp_path):
    checkout, python = hosted
    dist = tmp_path / "dist"
    _sh(
        [
            str(python),
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--disable-pip-version-check",
            "-w",
            str(dist),
            str(checkout),
        ]
    )
    wheel = next(dist.glob("mapview-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        f"mapview/data/articles/{ARTICLE}.txt",
        f"mapview/data/articles/{ARTICLE}.toml",
        "mapview/data/geocache.csv",
        "mapview/data/event_types.toml",
        "mapview/geodata/countries.geojson",
        "mapview/geodata/region.geojson",
        "mapview/geodata/admin1.csv",
        "mapview/web/assets/map.css",
        "mapview/web/assets/marker_layer.js.j2",
        "mapview/py.typed",
    } <= names
    assert not [n for n in names if n.startswith("mapview/geodata/build/")]  # build scripts stay in the repository
    _sh(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--force-reinstall",
            "--disable-pip-version-check",
            str(wheel),
        ]
    )
    site = _site_packages(python)
    before = sorted(p.relative_to(site) for p in (site / "mapview").rglob("*") if "__pycache__" not in p.parts)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**CLEAN, "MAPVIEW_STATE_DIR": str(tmp_path / "state")}
    mapview = python.with_name("mapview")
    geojson = _sh(
        [str(mapview), "extract", str(site / "mapview" / "data" / "articles" / f"{ARTICLE}.txt")],
        cwd=elsewhere,
        env=env,
    )
    assert "Lachin District" in geojson
    _sh([str(mapview), "geocode", "Goris", "--bundled"], cwd=elsewhere, env=env)
    assert "goris" in (tmp_path / "state" / "geocache.csv").read_text(encoding="utf-8")
    after = sorted(p.relative_to(site) for p in (site / "mapview").rglob("*") if "__pycache__" not in p.parts)
    assert after == before  # nothing written into the installed package
