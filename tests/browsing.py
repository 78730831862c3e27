"""Helpers for the tests that drive Debian's Chromium through Playwright against ``streamlit run``.

The ``browser`` and ``server`` fixtures are in conftest.py. Browser tests are skipped only where
/usr/bin/chromium is missing and MAPVIEW_REQUIRE_BROWSER is unset (CI sets it, so there a missing
browser fails).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``streamlit run app.py`` on a free port of 127.0.0.1, until :meth:`stop`."""

    def __init__(
        self,
        env: dict | None = None,
        *,
        args: tuple[str, ...] = (),
        port: int | None = None,
        root: Path = ROOT,
        python: str = sys.executable,
    ):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        streamlit = Path(python).with_name("streamlit")
        # the server's output goes to a file: an unread pipe fills up and stops the server
        self.output = tempfile.NamedTemporaryFile(prefix="mapview-streamlit-", suffix=".log", delete=False)  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [
                str(streamlit),
                "run",
                str(root / "app.py"),
                "--server.headless",
                "true",
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
                *args,
            ],
            cwd=root,
            env={**os.environ, **(env or {})},
            stdout=self.output,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("streamlit did not start within 60 s:\n" + self.log()[-3000:])

    def log(self) -> str:
        return Path(self.output.name).read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def offline_page(browser, dialogs: list | None = None):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    # nothing but this machine: tiles, CDNs and anything else fail at once
    page.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort()
    )
    if dialogs is not None:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return page


def paste_article(page, text: str) -> None:
    """Open "Map your own article", paste, commit the text (Ctrl+Enter) and wait for that run to end
    before clicking "Map this article": a click during the run the text's change started can be lost."""
    page.get_by_text("Map your own article").click()
    box = page.locator(".st-key-bring_text textarea")
    box.fill(text)
    box.press("Control+Enter")
    wait_idle(page)
    page.locator(".st-key-bring_go button").click()


def choose_option(page, label: str, tries: int = 3) -> None:
    """Click a radio option until the page shows it chosen (a click during an expander's opening
    or a run in progress can miss)."""
    radio = page.get_by_role("radio", name=label)
    for _ in range(tries):
        page.get_by_text(label, exact=True).click()
        try:
            wait_for(radio.is_checked, timeout=10, what=f"{label!r} chosen")
            return
        except AssertionError:
            wait_idle(page)
    wait_for(radio.is_checked, timeout=10, what=f"{label!r} chosen")


def wait_idle(page) -> None:
    """Wait until no script run is in progress: acting during one is what makes browser tests flaky."""
    time.sleep(0.2)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=45_000)


def open_map(page, url: str):
    page.goto(url)
    # during a rerun Streamlit may briefly show the old element beside the new one: use the newest
    frame = page.frame_locator(MAP_FRAME).last
    frame.locator(".mv-marker").first.wait_for(timeout=45_000)
    wait_idle(page)
    return frame


def map_view(frame) -> tuple[int, float, float]:
    return tuple(
        frame.locator(".leaflet-container").evaluate(
            "el => [map_div.getZoom(), map_div.getCenter().lat, map_div.getCenter().lng]"
        )
    )


def wait_for(predicate, timeout=30.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def require_chromium() -> None:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("MAPVIEW_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing (install Debian's chromium)")
        pytest.skip(f"{CHROMIUM} is missing")
