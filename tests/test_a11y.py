"""Accessibility in a real browser: axe-core (npm, tests/a11y) audits the page and the map's frame,
and the markers are reachable and named without a mouse."""

from __future__ import annotations

import json
import os

import pytest
from browsing import ROOT, offline_page, open_map, wait_idle

AXE = ROOT / "tests" / "a11y" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def audit(frame) -> list[dict]:
    """axe-core's serious and critical violations in one frame (the page, or the map's iframe)."""
    frame.add_script_tag(path=str(AXE))
    result = frame.evaluate("async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["html"][:160] for n in v["nodes"][:3]]}
        for v in json.loads(result)["violations"]
        if v["impact"] in SERIOUS
    ]


@pytest.fixture(scope="module")
def axe_available():
    if not AXE.exists():
        if os.environ.get("MAPVIEW_REQUIRE_BROWSER"):
            pytest.fail(f"{AXE} is missing: run `npm ci` in tests/a11y (scripts/test.sh does)")
        pytest.skip("axe-core is not installed (npm ci in tests/a11y)")


@pytest.mark.parametrize(
    "query", ["", "?place=geonames:112931", "?parties=1"], ids=["default", "a place selected", "parties shown faded"]
)
def test_the_page_and_the_map_have_no_serious_accessibility_violation(browser, server, axe_available, query):
    page = offline_page(browser)
    open_map(page, server.url + query)
    wait_idle(page)
    # Streamlit fades elements while a rerun may replace them (data-stale): audit the settled page
    page.wait_for_function("() => !document.querySelector('[data-stale=\"true\"]')", timeout=30_000)
    page_violations = audit(page.main_frame)
    map_frame = next(f for f in page.frames if f != page.main_frame and f.locator(".leaflet-container").count())
    map_violations = audit(map_frame)
    page.close()
    assert page_violations == [] and map_violations == [], json.dumps(page_violations + map_violations, indent=1)


def test_markers_are_named_buttons_a_keyboard_reaches_and_opens(browser, server):
    page = offline_page(browser)
    frame = open_map(page, server.url)
    icon = frame.locator(".mv-icon:has(.mv-marker[data-place-id='geonames:112931'])")
    assert icon.get_attribute("role") == "button" and icon.get_attribute("tabindex") == "0"
    assert icon.get_attribute("title") == "Tehran"
    icon.focus()
    icon.press("Enter")
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=15_000)
    assert "Tehran" in popup.inner_text()
    page.close()


def test_symbols_are_drawn_not_typed(browser, server):
    """Every marker and legend symbol is an SVG shape: nothing depends on an emoji font."""
    page = offline_page(browser)
    frame = open_map(page, server.url)
    images = "sel => [...document.querySelectorAll(sel)].map(e => getComputedStyle(e).backgroundImage)"
    markers, legend = frame.locator("body").evaluate(
        f"() => [({images})('.mv-marker .mv-sym'), ({images})('.mv-legend .mv-sym')]"
    )
    assert len(markers) == frame.locator(".mv-marker").count() > 0 and len(legend) > 0
    assert all(image.startswith('url("data:image/svg+xml,') for image in markers + legend)
    assert (
        frame.locator(".mv-marker, .mv-legend i").evaluate_all("els => els.map(e => e.textContent.trim())")
        == [""] * frame.locator(".mv-marker, .mv-legend i").count()
    )  # no glyphs, so no font can miss one
    page.close()
