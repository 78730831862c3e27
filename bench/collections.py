"""Benchmarks of story collections: parallel ingest on Dask, and a 10,000-article collection.

    python bench/collections.py                 # both parts, ~10 minutes; writes bench/COLLECTIONS.md
    python bench/collections.py --only ingest   # one part
    python bench/collections.py --articles 2000 # a smaller collection

1. Ingest throughput: the shared corpora (GeoWebNews and TR-News, 318 articles) repeated under
   new ids, ingested into a new SQLite database with a local Dask cluster of 1 and of 2 worker
   processes, against ``mapview extract --jsonl`` (the plain loop, which parses and writes JSON,
   no database) and ``ingest --workers 0`` (the same parse and writes in one process, no Dask).
   Every figure includes starting the process and loading the gazetteer; runs are interleaved
   and each ratio is computed pair by pair.
2. A collection of N articles (default 10,000: the corpora repeated under new ids, dated over 60
   days, outlets from their URLs): ingest time with 2 workers, database size, then the page in
   Chromium: first load (nothing cached), later loads (the server's query cache warm, a new
   browser page each), the bytes the page received over its WebSocket, and the app process's
   memory.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
CORPORA = ROOT.parent / "shared" / "corpora"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(ROOT / "tests"))

from run import CHROMIUM, MAP_FRAME, VIEWPORT, chromium, fmt, machine, summary, time_to_map  # noqa: E402
from run import Server as BenchServer  # noqa: E402

PYTHON = sys.executable
MAPVIEW = str(Path(PYTHON).with_name("mapview"))


def corpus_articles() -> list[dict]:
    out = []
    for name in ("geowebnews.jsonl", "trnews.jsonl"):
        for line in (CORPORA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                out.append({"id": record["id"], "text": record["text"], "url": record.get("url") or ""})
    return out


def repeated(n: int, days: int = 60) -> list[dict]:
    """n articles: the corpora repeated under new ids (and new URLs, so none replaces another),
    dated over ``days`` days, each with the outlet of its URL (or its corpus)."""
    from urllib.parse import urlsplit

    base = corpus_articles()
    start = date(2022, 9, 1)
    out = []
    for i in range(n):
        a = base[i % len(base)]
        host = (urlsplit(a["url"]).hostname or "").removeprefix("www.") or a["id"].split("-")[0]
        out.append(
            {
                "id": f"{a['id']}-r{i // len(base)}",
                "text": a["text"],
                "url": f"{a['url'] or 'https://example.org/' + a['id']}#r{i // len(base)}",
                "date": (start + timedelta(days=i % days)).isoformat(),
                "source": host,
            }
        )
    return out


def write_jsonl(records: list[dict], path: Path) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def timed(cmd: list[str], env: dict) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def bench_ingest(copies: int, repeat: int) -> dict:
    """Each run at two sizes (the corpora once and ``copies`` times), interleaved: the small run
    shows the fixed cost (a cluster's start), the difference between the two the cost per article."""
    work = Path(tempfile.mkdtemp(prefix="mapview-bench-ingest-"))
    sizes = {"small": 318, "large": 318 * copies}
    sources = {k: write_jsonl(repeated(n), work / f"{k}.jsonl") for k, n in sizes.items()}
    env = {**os.environ, "MAPVIEW_STATE_DIR": str(work / "state")}
    runs = ("plain", "w0", "w1", "w2")
    times: dict[str, dict[str, list[float]]] = {k: {r: [] for r in runs} for k in sizes}
    for r in range(repeat):
        for size, source in sources.items():
            times[size]["plain"].append(timed([MAPVIEW, "extract", "--jsonl", str(source)], env))
            for workers in (0, 1, 2):
                db = f"sqlite:///{work / f'{size}-{r}-w{workers}.sqlite'}"
                times[size][f"w{workers}"].append(
                    timed(
                        [
                            MAPVIEW,
                            "ingest",
                            str(source),
                            "--collection",
                            "bench",
                            "--workers",
                            str(workers),
                            "--quiet",
                            "--database",
                            db,
                        ],
                        env,
                    )
                )
    large, small = times["large"], times["small"]
    per_article = {k: [(a - b) / (sizes["large"] - sizes["small"]) for a, b in zip(large[k], small[k])] for k in runs}
    n = sizes["large"]
    return {
        "articles": n,
        "small_articles": sizes["small"],
        "repeat": repeat,
        "seconds": {k: summary(v) for k, v in large.items()},
        "small_seconds": {k: summary(v) for k, v in small.items()},
        "articles_per_s": {k: round(n / statistics.median(v), 1) for k, v in large.items()},
        "ms_per_article": {k: summary([x * 1000 for x in v], 2) for k, v in per_article.items()},
        "speedup_2_over_1": summary([a / b for a, b in zip(large["w1"], large["w2"])]),
        "dask1_over_plain": summary([a / b for a, b in zip(large["w1"], large["plain"])]),
        "dask1_over_inprocess": summary([a / b for a, b in zip(large["w1"], large["w0"])]),
        "inprocess_over_plain": summary([a / b for a, b in zip(large["w0"], large["plain"])]),
        "marginal_speedup_2_over_1": summary([a / b for a, b in zip(per_article["w1"], per_article["w2"])]),
        "marginal_dask1_over_plain": summary([a / b for a, b in zip(per_article["w1"], per_article["plain"])]),
    }


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="utf-8").splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def load_page(browser, url: str) -> tuple[float, int, int]:
    """(seconds from navigation to every marker drawn, markers, bytes received on the WebSocket)."""
    page = browser.new_page(viewport=VIEWPORT)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
    received = [0]
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived",
            lambda payload: received.__setitem__(
                0, received[0] + len(payload if isinstance(payload, (bytes, bytearray)) else payload.encode())
            ),
        ),
    )
    try:
        t = time.perf_counter()
        page.goto(url)
        frame = page.frame_locator(MAP_FRAME).last
        frame.locator("path.mv-story-place").first.wait_for(timeout=180_000)
        elapsed = time.perf_counter() - t
        markers = frame.locator("path.mv-story-place").count()
        # what follows the map (filters, timeline, table: the page drawn whole) counts as sent too
        page.locator("[data-testid=stDataFrame]").wait_for(timeout=60_000)
        time.sleep(1.0)
        return elapsed, markers, received[0]
    finally:
        page.close()


def bench_collection(n: int, repeat: int, backend: str = "sqlite") -> dict:

    work = Path(tempfile.mkdtemp(prefix="mapview-bench-collection-"))
    source = write_jsonl(repeated(n), work / "in.jsonl")
    db_path = work / "collection.sqlite"
    db = f"sqlite:///{db_path}"
    postgres = None
    if backend == "postgresql":
        from pgserver import PostgresServer  # tests/pgserver.py: a throwaway server on 127.0.0.1

        postgres = PostgresServer()
        db = postgres.create_database("bench")
    try:
        return _bench_collection(work, source, db, db_path, repeat, backend)
    finally:
        if postgres is not None:
            postgres.stop()


def _bench_collection(work: Path, source: Path, db: str, db_path: Path, repeat: int, backend: str) -> dict:
    from browsing import Server

    env = {**os.environ, "MAPVIEW_STATE_DIR": str(work / "state")}
    ingest_s = timed(
        [MAPVIEW, "ingest", str(source), "--collection", "bench", "--workers", "2", "--quiet", "--database", db], env
    )
    sys.path.insert(0, str(ROOT / "src"))
    from mapview.store.database import Filters, open_store

    store = open_store(db)
    info = store.info("bench")
    t = time.perf_counter()
    places = store.places(Filters("bench"))
    accounts = store.accounts(Filters("bench"))
    query_s = time.perf_counter() - t
    size = store.size_bytes() or 0
    points = work / "points.json"  # the bare app draws the same places
    points.write_text(json.dumps([[p["lat"], p["lon"], p["name"]] for p in places]), encoding="utf-8")
    server = Server({"MAPVIEW_DATABASE_URL": db, "MAPVIEW_STATE_DIR": str(work / "state")})
    base = BenchServer(BENCH / "baseline_app.py", {"MAPVIEW_BENCH_POINTS": str(points)})
    try:
        rss_idle = rss_mb(server.proc.pid)
        url = server.url + "?collection=bench"
        n = len(places)
        with chromium() as browser:
            first, markers, first_bytes = load_page(browser, url)
            later = [load_page(browser, url) for _ in range(repeat)]
            # time to map beside the bare st_folium app with the same places, pair by pair, each page
            # in a context of its own app (a returning reader: the HTTP cache shared across its pages)
            ours_ctx, base_ctx = browser.new_context(viewport=VIEWPORT), browser.new_context(viewport=VIEWPORT)
            time_to_map(browser, base.url, lambda c: c["icons"] >= n, base_ctx)
            pairs = []
            for _ in range(repeat):
                b = time_to_map(browser, base.url, lambda c: c["icons"] >= n, base_ctx)
                o = time_to_map(browser, url, lambda c: c["paths"] >= n, ours_ctx)
                pairs.append((o, b))
        rss_after = rss_mb(server.proc.pid)
    finally:
        server.stop()
        base.stop()
    return {
        "backend": backend,
        "articles": info.articles,
        "outlets": info.outlets,
        "events": info.events,
        "places_on_map": len(places),
        "ingest_seconds": round(ingest_s, 1),
        "ingest_articles_per_s": round(info.articles / ingest_s, 1),
        "database_mb": round(size / 1e6, 1),
        "grouped_queries_seconds": round(query_s, 2),
        "accounts_in_popups": sum(len(v) for v in accounts.values()),
        "first_load_s": round(first, 2),
        "markers": markers,
        "first_load_bytes": first_bytes,
        "later_load_s": summary([t for t, _, _ in later]),
        "later_load_bytes": summary([b for _, _, b in later], 0),
        "app_rss_mb_idle": rss_idle,
        "app_rss_mb_after": rss_after,
        "paired_ours_s": summary([o for o, _ in pairs]),
        "paired_bare_s": summary([b for _, b in pairs]),
        "paired_ratio": summary([o / b for o, b in pairs], 2),
    }


def markdown(result: dict) -> str:
    m = result["machine"]
    lines = [
        "# mapview collection benchmarks",
        "",
        f"Written by `python bench/collections.py` on {m['date']}. Machine: {m['cpu']}, {m['cores']} cores, "
        f"Python {m['python']}; {m['chromium'] or 'no Chromium'}."
        + (f" Only the {m['note']}; the other part is from the run before." if m.get("note") else ""),
        "",
    ]
    if "ingest" in result:
        r = result["ingest"]
        lines += [
            "## 1. Ingest throughput (SQLite, local Dask cluster)",
            "",
            f"{r['articles']:,} articles: the shared corpora repeated. Wall time of the whole command, process "
            "start and gazetteer load included; medians (min, max, n). The same runs on the corpora once "
            f"({r['small_articles']} articles) give the fixed cost; the difference between the two sizes, the "
            "cost of one more article.",
            "",
            f"| run | seconds, {r['articles']:,} articles | articles/s | seconds, {r['small_articles']} articles "
            "| ms per further article |",
            "|---|---|---|---|---|",
        ]
        labels = {
            "plain": "`mapview extract --jsonl` (plain loop, no database)",
            "w0": "`mapview ingest --workers 0` (one process, no Dask)",
            "w1": "`mapview ingest --workers 1` (Dask, 1 worker)",
            "w2": "`mapview ingest --workers 2` (Dask, 2 workers)",
        }
        for k, label in labels.items():
            lines.append(
                f"| {label} | {fmt(r['seconds'][k])} | {r['articles_per_s'][k]} | {fmt(r['small_seconds'][k])} "
                f"| {fmt(r['ms_per_article'][k])} |"
            )
        lines += [
            "",
            f"- 2 workers over 1 (speed-up), whole runs: {fmt(r['speedup_2_over_1'])}; per further article: "
            f"{fmt(r['marginal_speedup_2_over_1'])} (aim ≥ 1.7)",
            f"- Dask with 1 worker over the plain loop, whole runs: {fmt(r['dask1_over_plain'])}; per further "
            f"article: {fmt(r['marginal_dask1_over_plain'])} (aim ≤ 1.2)",
            f"- Dask with 1 worker over the same ingest in one process: {fmt(r['dask1_over_inprocess'])}",
            f"- the ingest in one process over the plain loop (what the database writes cost): "
            f"{fmt(r['inprocess_over_plain'])}",
            "",
        ]
    if "collection" in result:
        r = result["collection"]
        lines += [
            f"## 2. A collection of {r['articles']:,} articles "
            f"({'PostgreSQL' if r.get('backend') == 'postgresql' else 'SQLite'})",
            "",
            f"- ingest with 2 workers: {r['ingest_seconds']} s ({r['ingest_articles_per_s']} articles/s)",
            f"- {r['outlets']:,} outlets, {r['events']:,} events, {r['places_on_map']:,} places on the default map "
            f"({r['accounts_in_popups']:,} accounts in their popups)",
            f"- database: {r['database_mb']} MB",
            f"- the default map's grouped queries, uncached: {r['grouped_queries_seconds']} s",
            f"- first load in Chromium (server just started, nothing cached), to every marker drawn: "
            f"{r['first_load_s']} s; {r['first_load_bytes'] / 1e6:.2f} MB received ({r['markers']:,} markers)",
            f"- later loads (a new page each; the server's query cache warm): {fmt(r['later_load_s'])} s; "
            f"{r['later_load_bytes']['median'] / 1e6:.2f} MB received (aim: under 3 s, under 2 MB)",
            f"- beside a bare st_folium app drawing the same {r['places_on_map']:,} places (folium markers, "
            f"`bench/baseline_app.py`), pages in one context per app: ours {fmt(r['paired_ours_s'])} s, bare "
            f"{fmt(r['paired_bare_s'])} s, ratio {fmt(r['paired_ratio'])}",
            f"- app process memory: {r['app_rss_mb_idle']} MB before the first page, {r['app_rss_mb_after']} MB after",
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", choices=["ingest", "collection"])
    ap.add_argument("--copies", type=int, default=4, help="times the corpora are repeated for the ingest runs")
    ap.add_argument("--articles", type=int, default=10_000, help="articles of the collection")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--backend",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="the collection's database (postgresql: a throwaway server, as the tests start one)",
    )
    ap.add_argument("--out", default=str(BENCH / "COLLECTIONS.md"))
    args = ap.parse_args(argv)
    result: dict = {"machine": machine()}
    out_json = Path(args.out).with_suffix(".json")
    if args.only and out_json.exists():  # one part measured again: the other stays as it was
        before = json.loads(out_json.read_text(encoding="utf-8"))
        result.update({k: v for k, v in before.items() if k in ("ingest", "collection")})
        result["machine"]["note"] = f"part '{args.only}' measured again on {result['machine']['date']}"
    if args.only in (None, "ingest"):
        result["ingest"] = bench_ingest(args.copies, args.repeat)
    if args.only in (None, "collection"):
        if not os.path.exists(CHROMIUM):
            print("skipping the collection's page: /usr/bin/chromium is missing", file=sys.stderr)
        else:
            result["collection"] = bench_collection(args.articles, args.repeat, args.backend)
    Path(args.out).write_text(markdown(result), encoding="utf-8")
    out_json.write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
