"""`mapview evaluate`: the measures of the reference scorer, on small corpora written here."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest
from conftest import ROOT

from mapview.evaluation.geoparse import area_aware_accuracy, predict, score

REFERENCE = ROOT.parent / "shared" / "tools" / "score_geoparse.py"

TEXTS = [
    (
        "a",
        "Floods hit Lahore and Karachi on Monday, Pakistani officials said.",
        [("Lahore", 31.558, 74.351), ("Karachi", 24.861, 67.010), ("Pakistani", 30.0, 70.0)],
    ),
    (
        "b",
        "From London, Ontario, the team drove to Toronto and on to Paris for the night.",
        [
            ("London", 42.984, -81.246),
            ("Ontario", 49.250, -84.500),
            ("Toronto", 43.700, -79.416),
            ("Paris", 43.200, -80.383),
        ],
    ),
    (
        "d",
        "Strikes in Paris and Lyon closed schools across France.",
        [("Paris", 48.853, 2.349), ("Lyon", 45.748, 4.847), ("France", 46.0, 2.0)],
    ),
    ("c", "Nothing here.", []),
]


def corpus():
    docs = []
    for doc_id, text, names in TEXTS:
        toponyms, pos = [], 0
        for name, lat, lon in names:
            start = text.index(name, pos)
            toponyms.append({"start": start, "end": start + len(name), "name": name, "lat": lat, "lon": lon})
            pos = start + len(name)
        docs.append({"id": doc_id, "text": text, "toponyms": toponyms})
    return docs


def test_hand_computed_example():
    gold = [
        {
            "id": "x",
            "text": "",
            "toponyms": [
                {"start": 0, "end": 5, "name": "Paris", "lat": 48.85, "lon": 2.35},
                {"start": 10, "end": 16, "name": "London", "lat": 51.5, "lon": -0.12},
            ],
        }
    ]
    pred = [
        {
            "id": "x",
            "mentions": [
                {"start": 0, "end": 5, "lat": 48.86, "lon": 2.35},  # exact, right
                {"start": 9, "end": 16, "lat": 42.98, "lon": -81.25},  # overlap, wrong London
                {"start": 30, "end": 35, "lat": None, "lon": None},
            ],
        }
    ]  # spurious
    s = score(gold, pred)
    assert (s["exact_tp"], s["overlap_tp"], s["pred"], s["gold"]) == (1, 2, 3, 2)
    assert s["overlap_p"] == pytest.approx(2 / 3) and s["overlap_r"] == 1.0
    assert s["acc161"] == 0.5 and s["mean_km"] > 2500


def test_agrees_with_the_reference_scorer(geoparser, tmp_path):
    if not REFERENCE.exists():
        pytest.skip("the shared reference scorer is not beside this checkout")
    spec = importlib.util.spec_from_file_location("score_geoparse", REFERENCE)
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    gold = corpus()
    predictions = predict(gold, geoparser)
    ours, theirs = score(gold, predictions), reference.score(gold, predictions)
    assert ours.keys() == theirs.keys()
    for key in ours:
        assert ours[key] == pytest.approx(theirs[key]), key


def test_context_resolves_the_ontario_london(geoparser):
    predictions = {p["id"]: p for p in predict(corpus(), geoparser)}
    by_text = {m["text"]: m for m in predictions["b"]["mentions"]}
    assert by_text["London"]["country_code"] == "CA"
    assert by_text["Paris"]["country_code"] == "CA"  # Paris, Ontario, among the Ontario towns
    paris = next(m for m in predictions["d"]["mentions"] if m["text"] == "Paris")
    assert paris["country_code"] == "FR"


def test_area_aware_accuracy_counts_a_point_inside_the_right_country(geoparser):
    gold = [
        {
            "id": "c",
            "text": "Russia said no.",
            "toponyms": [{"start": 0, "end": 6, "name": "Russia", "lat": 60.0, "lon": 100.0}],
        }
    ]
    predictions = predict(gold, geoparser)
    assert score(gold, predictions)["acc161"] == 0.0  # our point is Natural Earth's, 420 km away
    assert area_aware_accuracy(gold, predictions) == 1.0


def test_evaluate_command_prints_json(tmp_path):
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in corpus()) + "\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mapview.cli", "evaluate", str(path), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["articles"] == 4 and figures["gold"] == 10
    assert figures["overlap_f1"] > 0.8 and 0 <= figures["area_acc"] <= 1
    bad = subprocess.run(
        [sys.executable, "-m", "mapview.cli", "evaluate", str(tmp_path / "missing.jsonl")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert bad.returncode != 0 and "Traceback" not in bad.stderr


def test_local_news_are_the_articles_of_outlets_based_in_a_town_of_the_country():
    from mapview.evaluation.geoparse import local_news

    docs = [
        {"id": 1, "url": "https://www.nola.com/news/x.html"},  # New Orleans, Louisiana, US
        {"id": 2, "url": "https://www.washingtonpost.com/x"},  # Washington, District of Columbia, US
        {"id": 3, "url": "https://www.lfpress.com/x"},  # London, Ontario, CA
        {"id": 4, "url": "https://example.org/x"},
        {"id": 5},
        {"id": 6, "url": None},
    ]
    assert [d["id"] for d in local_news(docs, "us")] == [1, 2]
    assert [d["id"] for d in local_news(docs, "CA")] == [3]


def test_evaluate_without_the_outlets_home(tmp_path):
    """``--no-home`` reads each article as if its outlet were unknown: a Chicago paper's
    "Springfield" is Illinois's capital with the home, the bigger Springfield (Missouri) without."""
    text = "Lawmakers met in Springfield on Monday to pass the budget."
    gold = {
        "id": "s",
        "url": "https://www.chicagotribune.com/news/x.html",  # Chicago, Illinois, US in geo/outlets.csv
        "text": text,
        "toponyms": [{"start": 17, "end": 28, "name": "Springfield", "lat": 39.80, "lon": -89.64}],
    }
    path = tmp_path / "tiny.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    figures = {}
    for flags in ((), ("--no-home",)):
        result = subprocess.run(
            [sys.executable, "-m", "mapview.cli", "evaluate", str(path), "--json", *flags],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        figures[flags] = json.loads(result.stdout)["acc161"]
    assert figures[()] == 1.0 and figures[("--no-home",)] == 0.0
