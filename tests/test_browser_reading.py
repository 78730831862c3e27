"""The page read at a glance, in Chromium: names on the map without overlaps, a legend that says
what the dashed shapes are and never covers a popup, a phone's layout, and credits for what is
drawn. Every request that leaves 127.0.0.1 is aborted (no tile is ever drawn here)."""

from __future__ import annotations

import time

import pytest
from browsing import map_view, offline_page, open_map, wait_for, wait_idle

pytestmark = pytest.mark.browser

WHERE_EVENTS_HAPPENED = {"Tehran", "Dashkasan District", "Kalbajar District", "Lachin District"}


def labels(frame) -> list[dict]:
    return frame.locator(".leaflet-container").evaluate(
        """el => Array.from(el.querySelectorAll('.mv-label')).map(l => {
             const r = l.getBoundingClientRect();
             return {text: l.textContent, shown: getComputedStyle(l).visibility === 'visible',
                     left: r.left, right: r.right, top: r.top, bottom: r.bottom};
           })"""
    )


def overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def sized(browser, width: int, height: int):
    page = offline_page(browser)
    page.set_viewport_size({"width": width, "height": height})
    return page


def test_the_places_where_events_happened_are_named_on_the_map_without_overlapping(browser, server):
    page = sized(browser, 1366, 900)
    frame = open_map(page, server.url)
    wait_for(lambda: {lab["text"] for lab in labels(frame)} >= WHERE_EVENTS_HAPPENED, what="the places' names")
    time.sleep(0.6)  # the names are laid out again once the frame has its size
    shown = [lab for lab in labels(frame) if lab["shown"]]
    assert "Tehran" in {lab["text"] for lab in shown}
    assert not [(a["text"], b["text"]) for i, a in enumerate(shown) for b in shown[i + 1 :] if overlap(a, b)]
    # zoomed in on the border, each district has room for its name
    frame.locator(".leaflet-container").evaluate("el => map_div.setView([40.1, 46.2], 9, {animate: false})")
    wait_for(
        lambda: (
            {"Dashkasan District", "Kalbajar District", "Lachin District"}
            <= {lab["text"] for lab in labels(frame) if lab["shown"]}
        ),
        what="the three districts named at zoom 9",
    )
    shown = [lab for lab in labels(frame) if lab["shown"]]
    assert not [(a["text"], b["text"]) for i, a in enumerate(shown) for b in shown[i + 1 :] if overlap(a, b)]
    page.close()


def test_the_legend_says_what_a_dashed_circle_is_and_folds_away_from_an_open_popup(browser, server):
    page = sized(browser, 1366, 900)
    frame = open_map(page, server.url + "?parties=1")
    circles = frame.locator(".leaflet-container").evaluate(
        "el => { let n = 0; map_div.eachLayer(l => { if (l instanceof L.Circle) n++; }); return n; }"
    )
    legend = frame.locator(".mv-legend-box")
    if circles:
        assert "no outline on file" in legend.inner_text()
    assert frame.locator(".mv-legend").evaluate("d => d.open")  # open on a wide map
    page.close()

    page = sized(browser, 1366, 900)
    frame = open_map(page, server.url)
    page.locator(".st-key-panel_place").click()
    page.get_by_role("option", name="Tehran (City or town)").click()
    popup = frame.locator(".leaflet-popup")
    popup.wait_for(timeout=20_000)
    wait_for(lambda: "Tehran" in popup.inner_text(), what="Tehran's popup")
    time.sleep(0.5)
    box, under = popup.bounding_box(), frame.locator(".mv-legend-box").bounding_box()
    assert box and under
    apart = (
        box["x"] >= under["x"] + under["width"]
        or under["x"] >= box["x"] + box["width"]
        or box["y"] >= under["y"] + under["height"]
        or under["y"] >= box["y"] + box["height"]
    )
    assert apart, (box, under)
    # the reader can open it again
    frame.locator(".mv-legend summary").click()
    assert frame.locator(".mv-legend").evaluate("d => d.open")
    page.close()


def test_a_phone_gets_the_whole_frame_a_folded_legend_and_excerpts_in_the_page(browser, server):
    page = sized(browser, 390, 844)
    frame = open_map(page, server.url)
    time.sleep(0.8)
    # western Armenia (Gyumri's longitude) and Tehran are both on the first view
    assert frame.locator(".leaflet-container").evaluate(
        "el => map_div.getBounds().contains([40.79, 43.85]) && map_div.getBounds().contains([35.69, 51.42])"
    ), map_view(frame)
    assert not frame.locator(".mv-legend").evaluate("d => d.open")
    # the map is as wide as the page, the excerpts below it, with no scroll box of their own
    width = frame.locator(".leaflet-container").evaluate("el => el.getBoundingClientRect().width")
    assert width >= 390 - 2 * 24
    excerpts = page.locator(".st-key-mv_excerpts")
    inner = excerpts.evaluate(
        "e => [e, e.parentElement].map(x => x.scrollHeight - x.clientHeight).filter(d => d > 2).length"
    )
    assert inner == 0
    wait_idle(page)
    back = page.get_by_role("button", name="‹").bounding_box()
    forward = page.get_by_role("button", name="›").bounding_box()
    assert back and forward and abs(back["y"] - forward["y"]) < 4 and forward["x"] > back["x"]
    page.close()


def test_the_tiles_are_credited_only_when_a_tile_was_drawn(browser, server):
    page = sized(browser, 1366, 900)
    frame = open_map(page, server.url)
    time.sleep(0.5)
    assert "OpenStreetMap" not in frame.locator(".leaflet-control-attribution").inner_text()
    assert "OpenStreetMap" not in page.locator(".mv-credits").first.inner_text()
    page.close()


def test_share_gives_a_link_and_an_embed_snippet_that_works_inside_another_page(browser, server):
    from browsing import MAP_FRAME

    page = sized(browser, 1366, 900)
    open_map(page, server.url + "?type=meeting_call")
    page.locator(".st-key-share label").click()
    codes = page.locator("[data-testid=stCode] code")
    codes.first.wait_for(timeout=15_000)
    link, snippet = codes.nth(0).inner_text(), codes.nth(1).inner_text()
    assert link.startswith(server.url + "?") and "type=meeting_call" in link
    assert snippet.startswith("<iframe src=") and "embed=true&amp;" in snippet and "type=meeting_call" in snippet
    page.close()

    # a reporter's page on another address, with the snippet in it
    host = sized(browser, 1366, 1000)
    host.set_content(f"<!doctype html><html><body><h1>A story</h1>{snippet}</body></html>")
    app = host.frame_locator("iframe").first
    inner = app.frame_locator(MAP_FRAME).last
    inner.locator(".mv-marker").first.wait_for(timeout=60_000)
    ids = inner.locator(".mv-marker").evaluate_all("els => els.map(e => e.dataset.placeId)")
    assert ids == ["geonames:112931"]  # the shared view: meetings, so Tehran
    assert app.locator("[data-testid=stSidebar]").count() == 0
    assert app.get_by_text("The article", exact=True).count() == 0
    assert app.get_by_text("Share or embed this view").count() == 0
    host.close()


def test_the_map_image_button_downloads_a_print_size_png(browser, server, tmp_path):
    from PIL import Image

    page = sized(browser, 1366, 900)
    open_map(page, server.url)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Map image (PNG, for print)").click()
    path = tmp_path / "map.png"
    download.value.save_as(path)
    image = Image.open(path)
    assert image.size == (2000, 1250) and "Creative Commons" in image.text["Copyright"]
    page.close()
