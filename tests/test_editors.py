"""Shared corrections in a real browser: strangers cannot make them, an editor who logs in through
OpenID Connect (a local provider, npm oidc-provider) can save one for every reader and undo it."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import time
import urllib.request

import pytest
from browsing import Server, choose_option, free_port, offline_page, open_map, wait_for, wait_idle
from conftest import ROOT

pytestmark = pytest.mark.browser
OIDC = ROOT / "tests" / "oidc"
EDITOR = "editor@example.com"
TEHRAN = '.mv-marker[data-place-id="geonames:112931"]'


def _provider_and_server(tmp, email: str, verified: bool):
    """A local OIDC provider whose one user has ``email`` (``verified`` or not), and the app with
    shared corrections on and EDITOR as its editor; stopped when the generator is closed."""
    if not (OIDC / "node_modules" / "oidc-provider").is_dir():
        if os.environ.get("MAPVIEW_REQUIRE_BROWSER"):
            pytest.fail("tests/oidc/node_modules is missing (scripts/test.sh runs npm ci there)")
        pytest.skip("npm packages for the OIDC provider are not installed")
    app_port, idp_port = free_port(), free_port()
    redirect = f"http://127.0.0.1:{app_port}/oauth2callback"
    idp = subprocess.Popen(
        [shutil.which("node") or "node", str(OIDC / "provider.mjs")],
        cwd=OIDC,
        env={
            **os.environ,
            "PORT": str(idp_port),
            "REDIRECT_URI": redirect,
            "USER_EMAIL": email,
            "USER_EMAIL_VERIFIED": "true" if verified else "false",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    metadata = f"http://127.0.0.1:{idp_port}/.well-known/openid-configuration"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(metadata, timeout=2).read()
            break
        except OSError as exc:
            if time.monotonic() > deadline:
                idp.kill()
                raise RuntimeError("the OIDC provider did not start") from exc
            time.sleep(0.2)
    secrets = tmp / "secrets.toml"
    secrets.write_text(
        f'[auth]\nredirect_uri = "{redirect}"\ncookie_secret = "test-cookie-secret-0123456789"\n'
        f'client_id = "mapview-test"\nclient_secret = "mapview-test-secret"\n'
        f'server_metadata_url = "{metadata}"\n',
        encoding="utf-8",
    )
    state = tmp / "state"
    server = Server(
        {"MAPVIEW_SHARED_CORRECTIONS": "true", "MAPVIEW_EDITORS": EDITOR, "MAPVIEW_STATE_DIR": str(state)},
        args=("--secrets.files", str(secrets)),
        port=app_port,
    )
    try:
        yield server, state
    finally:
        server.stop()
        idp.terminate()


@pytest.fixture(scope="module")
def provider_and_server(tmp_path_factory):
    yield from _provider_and_server(tmp_path_factory.mktemp("editors"), EDITOR, verified=True)


@pytest.fixture(scope="module")
def unverified_provider_and_server(tmp_path_factory):
    """The editor's address in other letter case, but the provider has not verified it."""
    yield from _provider_and_server(tmp_path_factory.mktemp("unverified"), EDITOR.title(), verified=False)


def _local_page(browser):
    """Like offline_page, but the provider (another port of 127.0.0.1) is reachable too."""
    return offline_page(browser)


def test_a_stranger_cannot_save_and_an_editor_saves_for_everyone_then_undoes(browser, provider_and_server):
    server, state = provider_and_server
    stranger = _local_page(browser)
    frame = open_map(stranger, server.url + "?place=geonames:112931")
    stranger.get_by_text("Which Tehran?").click()
    choose_option(stranger, "Not a place")
    wait_for(lambda: frame.locator(TEHRAN).count() == 0, what="Tehran gone for the stranger")
    wait_idle(stranger)
    assert stranger.get_by_role("button", name="Save the correction for every reader").count() == 0
    assert stranger.get_by_role("button", name="Log in as an editor").count() == 1
    stranger.close()

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    editor = context.new_page()
    editor.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort()
    )
    open_map(editor, server.url)
    editor.get_by_role("button", name="Log in as an editor").click()
    editor.get_by_text(f"Logged in as {EDITOR} (editor)").wait_for(timeout=30_000)
    frame = open_map(editor, server.url + "?place=geonames:112931")
    editor.get_by_text("Which Tehran?").click()
    choose_option(editor, "Not a place")
    save = editor.get_by_role("button", name="Save the correction for every reader")
    save.wait_for(timeout=30_000)
    wait_idle(editor)
    save.click()
    editor.get_by_text("Saved for every reader").wait_for(timeout=30_000)
    saved = state / "geocache_overrides.csv"
    wait_for(saved.exists, what="the overrides file")
    rows = list(csv.DictReader(saved.read_text(encoding="utf-8").splitlines()))
    assert {r["query"] for r in rows} == {"tehran"} and f"editor {EDITOR}" in rows[0]["source_ref"]

    other = _local_page(browser)  # another reader, not logged in
    frame = open_map(other, server.url)
    wait_idle(other)
    # the three districts stay (Tehran was the one town where an event happened)
    assert frame.locator(TEHRAN).count() == 0 and frame.locator(".mv-marker").count() == 3
    other.close()

    editor.get_by_role("button", name="Undo").first.click()
    editor.get_by_text("Undone").wait_for(timeout=30_000)
    again = _local_page(browser)
    frame = open_map(again, server.url)
    wait_for(lambda: frame.locator(TEHRAN).count() == 1, what="Tehran back for every reader")
    again.close()
    context.close()


def test_an_editors_address_that_the_provider_has_not_verified_makes_no_editor(browser, unverified_provider_and_server):
    server, state = unverified_provider_and_server
    page = _local_page(browser)  # its own context: the login's cookie stays with this page
    open_map(page, server.url)
    page.get_by_role("button", name="Log in as an editor").click()
    page.get_by_text("the login provider has not verified this address").wait_for(timeout=30_000)
    assert page.get_by_text(f"Logged in as {EDITOR.title()}").count() == 1
    open_map(page, server.url + "?place=geonames:112931")
    page.get_by_text("Which Tehran?").click()
    choose_option(page, "Not a place")
    page.get_by_text("Corrected for this article").wait_for(timeout=30_000)
    wait_idle(page)
    assert page.get_by_role("button", name="Save the correction for every reader").count() == 0
    assert page.get_by_role("button", name="Undo").count() == 0
    assert not (state / "geocache_overrides.csv").exists()
    page.close()
