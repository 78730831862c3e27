"""``mapview extract`` and ``mapview geocode`` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ARTICLE, ROOT
from nominatim_server import FakeNominatim, nominatim_place


def run(*args, stdin: bytes | None = None, env=None):
    return subprocess.run(
        [sys.executable, "-m", "mapview.cli", *args], input=stdin, capture_output=True, cwd=ROOT, timeout=120, env=env
    )


def test_extract_geojson_of_the_bundled_article():
    result = run("extract", str(ARTICLE))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    names = {f["properties"]["name"] for f in data["features"]}
    assert {"Tehran", "Yerevan", "Baku", "Lachin District", "Nakhchivan Autonomous Republic"} <= names


@pytest.mark.parametrize(
    "fmt, check",
    [
        ("csv", lambda out: out.splitlines()[0].startswith("start,end,text,role")),
        ("json", lambda out: len(json.loads(out)["quotes"]) == 8),
    ],
)
def test_extract_other_formats(fmt, check):
    result = run("extract", str(ARTICLE), "--format", fmt)
    assert result.returncode == 0 and check(result.stdout.decode())


def test_extract_from_stdin():
    result = run("extract", "-", "--format", "csv", stdin=b"Protests spread from Lyon to Marseille.")
    assert result.returncode == 0
    assert "Lyon" in result.stdout.decode() and "Marseille" in result.stdout.decode()


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: None, "no such file"),
        (lambda p: p.write_bytes(b""), "is empty"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"), "binary"),
        (lambda p: p.write_bytes("Grève à Paris".encode("latin-1")), "not UTF-8"),
        (lambda p: p.write_text("nothing here names anywhere at all", encoding="utf-8"), "no places found"),
    ],
)
def test_bad_input_gets_one_line_and_nonzero_exit(tmp_path, make, message):
    path = tmp_path / "input.txt"
    make(path)
    result = run("extract", str(path))
    err = result.stderr.decode()
    assert result.returncode != 0
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert result.stdout == b""


def test_failed_runs_never_touch_the_cache(tmp_path):
    seed = ROOT / "data" / "geocache.csv"
    before = seed.read_bytes()
    env = {**os.environ, "MAPVIEW_STATE_DIR": str(tmp_path / "state")}
    run("extract", str(tmp_path / "missing.txt"), env=env)
    run("geocode", "--article", str(tmp_path / "missing.txt"), env=env)
    assert seed.read_bytes() == before
    assert not (tmp_path / "state" / "geocache.csv").exists()


def test_geocode_writes_into_the_state_folder_never_the_shipped_seed(tmp_path):
    seed = ROOT / "data" / "geocache.csv"
    before = seed.read_bytes()
    env = {**os.environ, "MAPVIEW_STATE_DIR": str(tmp_path / "state")}
    result = run("geocode", "Goris", "Yerevan", env=env)
    assert result.returncode == 0, result.stderr
    assert seed.read_bytes() == before
    written = (tmp_path / "state" / "geocache.csv").read_text(encoding="utf-8")
    assert "goris" in written and "yerevan" in written
    # the next run reads it back (and the shipped seed under it)
    again = run("geocode", "Goris", "--article", str(ARTICLE), env=env)
    assert again.returncode == 0 and "Goris" in again.stdout.decode() and "\tcache\t" in again.stdout.decode()


def test_jsonl_loads_once_and_writes_one_line_per_article(tmp_path, monkeypatch, capsys):
    from mapview import cli
    from mapview.geo import gazetteer

    built = []
    original = gazetteer.Gazetteer.__post_init__
    monkeypatch.setattr(gazetteer.Gazetteer, "__post_init__", lambda self: (built.append(1), original(self))[1])
    from mapview import pipeline

    pipeline.default_geoparser.cache_clear()
    lines = [
        {"id": "a", "text": "Rain in Oslo."},
        {"id": "b", "text": "Snow in Bergen and Oslo."},
        {"id": "c", "text": "No places."},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    try:
        assert cli.main(["extract", "--jsonl", str(src)]) == 0
    finally:
        pipeline.default_geoparser.cache_clear()
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c"]
    assert [m["text"] for m in out[1]["mentions"]] == ["Bergen", "Oslo"]
    assert set(out[0]["mentions"][0]) >= {"start", "end", "text", "name", "kind", "lat", "lon", "country_code"}
    assert len(built) == 1


def test_geocode_writes_new_results_and_refreshes(tmp_path):
    cache = tmp_path / "cache.csv"
    overrides = tmp_path / "overrides.csv"
    result = run("geocode", "Yerevan", "Lachin", "--cache", str(cache), "--overrides", str(overrides))
    assert result.returncode == 0, result.stderr
    assert "Lachin District" in result.stdout.decode()
    rows = cache.read_text().splitlines()
    assert len(rows) == 3
    # a person's override wins over the cache
    overrides.write_text(
        rows[0]
        + "\n"
        + rows[1].replace("Lachin District", "Lachin (manual)").replace("gazetteer:curated", "manual")
        + "\n",
        encoding="utf-8",
    )
    result = run("geocode", "Lachin", "--cache", str(cache), "--overrides", str(overrides))
    assert "Lachin (manual)" in result.stdout.decode() and "override" in result.stdout.decode()
    # --refresh re-resolves one entry in place
    text = cache.read_text().replace("39.63742", "10.00000")
    cache.write_text(text)
    result = run("geocode", "--refresh", "Lachin", "--cache", str(cache), "--overrides", str(tmp_path / "none.csv"))
    assert result.returncode == 0 and "10.00000" not in cache.read_text()


def test_geocode_online_through_a_local_nominatim(tmp_path):
    with FakeNominatim() as server:
        server.places["tinytown"] = nominatim_place("Tinytown", 51.5, 10.1, "DE", "village")
        cache = tmp_path / "cache.csv"
        result = run(
            "geocode",
            "Tinytown",
            "--online",
            "--domain",
            server.domain,
            "--scheme",
            "http",
            "--cache",
            str(cache),
            "--overrides",
            str(tmp_path / "none.csv"),
        )
        assert result.returncode == 0, result.stderr
        assert "online:nominatim" in cache.read_text()
        offline = run("geocode", "Othertown", "--cache", str(cache), "--overrides", str(tmp_path / "none.csv"))
        assert offline.returncode != 0 and len(server.requests) == 1  # offline by default


def test_events_keep_a_casualty_claim_the_text_places_nowhere_with_empty_coordinates():
    """ACLED keeps an event it cannot geolocate precisely; the 150-200 killed claim names no place
    where it happened, and the JSON keeps it: so do the rows, with empty coordinates."""
    import csv
    import io

    result = run("extract", str(ARTICLE), "--format", "events")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode())))
    toll = [r for r in rows if "150-200" in r["fatalities_claimed"]]
    assert toll, "the death-toll claim is missing from the events"
    assert all((r["latitude"], r["longitude"], r["location"], r["geo_precision"]) == ("", "", "", "") for r in toll)
    assert toll[0]["event_type"] == "Battles" and toll[0]["fatalities"] == "150"
    # every event with coordinates still has them
    assert all(r["latitude"] and r["longitude"] for r in rows if r["location"])
