"""Eight readers at once, in a real browser: each pastes a different article at the same time, and
each gets the map of their own article (its towns, its event types), nothing of another's."""

from __future__ import annotations

import asyncio
import threading

import pytest
from browsing import CHROMIUM, MAP_FRAME, require_chromium
from conftest import ROOT  # noqa: F401 (sets the test state folder)
from test_concurrency import TEXTS

pytestmark = pytest.mark.browser
SLOW_MS = 180_000  # a step that waits on eight tabs and the server sharing two cores


def expected(geoparser, text: str) -> tuple[set[str], int]:
    """Marker names and the number of event types in the legend, as a lone parse gives them."""
    from mapview.nlp.article import article_from_text
    from mapview.web.view import View, options_for, visible_places

    doc = geoparser.parse(article_from_text(text))
    opts = options_for(doc, [doc.article.id])
    shown = visible_places(doc, View(doc.article.id, opts.types, opts.kinds), opts)  # where events happened
    names = {p.label for p in shown if p.kind in ("city", "district") and p.lat is not None}  # as the markers say them
    return names, len(opts.types)


async def one_reader(browser, url: str, text: str, wanted: tuple[set[str], int]) -> tuple[set[str], int]:
    from playwright.async_api import Error as PlaywrightError

    page = await browser.new_page(viewport={"width": 1400, "height": 1000})
    await page.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort()
    )
    # eight tabs render the page at once on the CI machine's cores, beside the server: the page's
    # "load" event can take longer than Playwright's 30 s default (it did in CI), so wait for the
    # response only; the first marker is what says the page is up
    await page.goto(url, wait_until="commit", timeout=SLOW_MS)
    frame = page.frame_locator(MAP_FRAME).last
    await frame.locator(".mv-marker").first.wait_for(timeout=SLOW_MS)
    await page.get_by_text("Map your own article").click()
    box = page.locator(".st-key-bring_text textarea")
    await box.fill(text)
    await box.press("Control+Enter")  # commit the text, and let that run end before the click
    await page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=SLOW_MS)
    await page.locator(".st-key-bring_go button").click()
    # the reader's own article is in the link once it is mapped; then the map settles
    await page.wait_for_function("location.href.includes('article=text-')", timeout=SLOW_MS)
    await page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=SLOW_MS)
    names: set[str] = set()
    legend = -1
    for _ in range(180):  # until the map shows this reader's places and legend (or 90 s: then what it shows is wrong)
        try:
            names = set(
                await frame.locator(".mv-marker").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
            )
            legend = await frame.locator(".mv-legend-box .mv-legend > div").count()
        except PlaywrightError as exc:  # the map's frame is re-mounted when its content changes (NOTES.md)
            if "detached" not in str(exc):
                raise
            await asyncio.sleep(0.5)
            continue
        if (names, legend) == wanted:  # both: a text with no town where events happened shows no marker at once
            break
        await asyncio.sleep(0.5)
    await page.close()
    return names, legend


def test_eight_readers_paste_eight_articles_at_once_and_each_gets_their_own_map(server, geoparser):
    require_chromium()
    from playwright.async_api import async_playwright

    wanted = [expected(geoparser, t) for t in TEXTS]

    async def main():
        async with async_playwright() as p:
            browser = await p.chromium.launch(
                executable_path=CHROMIUM, args=["--disable-gpu", "--disable-quic", "--disable-background-networking"]
            )
            try:
                # one reader first, alone: the server's first run loads the gazetteer, which is not what
                # this test is about (the eight below still open the page at the same time)
                warm = await browser.new_page()
                await warm.route(
                    "**/*",
                    lambda route: (
                        route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort()
                    ),
                )
                await warm.goto(server.url, wait_until="commit", timeout=SLOW_MS)
                await warm.frame_locator(MAP_FRAME).last.locator(".mv-marker").first.wait_for(timeout=SLOW_MS)
                await warm.close()
                return await asyncio.gather(
                    *(one_reader(browser, server.url, t, w) for t, w in zip(TEXTS, wanted)), return_exceptions=True
                )
            finally:
                await browser.close()

    got: list = []
    # in a thread of its own: the sync Playwright of the other browser tests runs a loop in this one
    worker = threading.Thread(target=lambda: got.extend(asyncio.run(main())))
    worker.start()
    worker.join()
    failed = [(k, repr(g)) for k, g in enumerate(got) if isinstance(g, BaseException)]
    assert len(got) == len(TEXTS) and not failed, (failed, server.log()[-3000:])
    wrong = [(k, got[k], wanted[k]) for k in range(len(TEXTS)) if got[k] != wanted[k]]
    assert wrong == []
