"""The page's decisions without the page: a reader's session as a dict, in milliseconds."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from mapview.model.enums import Kind
from mapview.model.place import NOT_A_PLACE
from mapview.nlp.article import article_from_text
from mapview.settings import ZOOM_AREA, ZOOM_TOWN, settings
from mapview.web import session
from mapview.web.documents import DocumentStore, doc_key
from mapview.web.render import candidate_label, header_html
from mapview.web.view import options_for, page_of, place_from_click


@pytest.fixture
def opts(doc):
    return options_for(doc, [doc.article.id])


def test_a_view_sets_every_widget_and_reads_back_the_same(doc, opts):
    from mapview.web.view import View

    state: dict = {}
    view = View(doc.article.id, ("appeal",), (Kind.CITY,), "geonames:112931", (35.0, 51.0), 7)
    session.apply_view(state, view, opts)
    assert state["type_appeal"] and not state["type_armed_clash"] and state["kind_city"] and not state["kind_country"]
    assert session.current_view(state, doc.article.id, opts) == view


def test_selecting_a_place_centres_the_map_at_a_zoom_for_its_kind(doc):
    state: dict = {}
    session.select_place(state, doc.place("geonames:112931"))
    assert (state["place"], state["panel_place"], state["map_zoom"]) == (
        "geonames:112931",
        "geonames:112931",
        ZOOM_TOWN,
    )
    session.select_place(state, doc.place("country:IR"))
    assert state["map_zoom"] == ZOOM_AREA
    session.select_place(state)
    assert state["place"] is None and state["panel_place"] == ""


def test_a_readers_correction_is_theirs_and_not_a_place_is_one_spelling(doc):
    state: dict = {}
    tehran = doc.place("geonames:112931")
    session.correct(state, doc.article.id, tehran, NOT_A_PLACE)
    assert state["decisions"][doc.article.id] == {"tehran": NOT_A_PLACE}
    assert state["place"] is None and state["mv_rerun_app"]
    session.correct(state, doc.article.id, tehran, None)  # "keep": nothing changes
    assert state["corrected"][doc.article.id] == (tehran, NOT_A_PLACE)


def test_saving_for_everyone_needs_an_editor(tmp_path, doc):
    from mapview.store.corrections import OverrideBook

    book = OverrideBook(tmp_path / "o.csv", tmp_path / "shipped.csv")
    state: dict = {}
    session.correct(state, doc.article.id, doc.place("geonames:112931"), NOT_A_PLACE)
    session.save_for_everyone(state, book, doc.article.id, None)
    assert "Only a logged-in editor" in state["save_message"] and book.current()[0] == 0
    session.save_for_everyone(state, book, doc.article.id, "e@example.com")
    assert book.current()[0] == 1 and doc.article.id not in state["decisions"]


EDITORS = {"shared_corrections": True, "editors": frozenset({"e@x.org"}), "editor_subjects": frozenset()}
VERIFIED = {"is_logged_in": True, "email_verified": True}


@pytest.mark.parametrize(
    "cfg, user, expected",
    [
        ({**EDITORS, "shared_corrections": False}, {**VERIFIED, "email": "e@x.org"}, None),
        (EDITORS, {**VERIFIED, "email": "E@x.org"}, "e@x.org"),
        (EDITORS, {**VERIFIED, "email": "s@x.org"}, None),
        (EDITORS, {**VERIFIED, "is_logged_in": False, "email": "e@x.org"}, None),
        # an address the provider has not verified proves nothing
        (EDITORS, {"is_logged_in": True, "email": "E@x.org", "email_verified": False}, None),
        (EDITORS, {"is_logged_in": True, "email": "e@x.org"}, None),
        (EDITORS, {"is_logged_in": True, "email": "e@x.org", "email_verified": "false"}, None),
        (EDITORS, {"is_logged_in": True, "email": "e@x.org", "email_verified": "true"}, "e@x.org"),
        # or an (issuer, subject) pair the deployment names
        (
            {**EDITORS, "editor_subjects": frozenset({("https://idp.example", "u-1")})},
            {"is_logged_in": True, "iss": "https://idp.example", "sub": "u-1"},
            "u-1 of https://idp.example",
        ),
        (
            {**EDITORS, "editor_subjects": frozenset({("https://idp.example", "u-1")})},
            {"is_logged_in": True, "iss": "https://other.example", "sub": "u-1"},
            None,
        ),
    ],
)
def test_who_is_an_editor(cfg, user, expected):
    class User(dict):
        is_logged_in = user["is_logged_in"]

    claims = {k: v for k, v in user.items() if k != "is_logged_in"}
    assert session.editor_of(SimpleNamespace(**cfg), User(**claims)) == expected


def test_editor_subjects_are_read_as_issuer_subject_pairs(monkeypatch):
    from mapview.settings import settings

    monkeypatch.setenv("MAPVIEW_EDITOR_SUBJECTS", "https://idp.example u-1, https://b.example  u 2,lonely")
    monkeypatch.setenv("MAPVIEW_EDITORS", " Editor@Example.org ,")
    cfg = settings()
    assert cfg.editor_subjects == {("https://idp.example", "u-1")}
    assert cfg.editors == {"editor@example.org"}


def test_bringing_a_text_keeps_it_in_the_session_or_says_why_not():
    state: dict = {"bring_text": "Floods hit Karachi and Hyderabad."}
    session.bring(state, settings())
    article_id = state["article"]
    assert article_id in state["user_articles"] and state["bring_pending"] == article_id
    state = {"bring_text": "   "}
    session.bring(state, settings())
    assert "empty" in state["bring_error"] and "article" not in state
    session.drop_brought(state, "too long", "bundled")
    assert state["article"] == "bundled" and state["bring_error"] == "too long"


def test_a_click_selects_the_place_by_tooltip_or_nearest_marker_once(doc):
    visible = list(doc.places)
    assert place_from_click({"last_object_clicked_tooltip": "Lachin District"}, visible) == "district:AZ-LAC"
    lachin = doc.place("district:AZ-LAC")
    near = {"last_object_clicked": {"lat": lachin.lat + 0.01, "lng": lachin.lon}}
    assert place_from_click(near, visible) == "district:AZ-LAC"
    assert place_from_click({"last_object_clicked": {"lat": 0, "lng": 0}}, visible) is None
    assert place_from_click({"last_object_clicked": {"lat": "x", "lng": None}}, visible) is None
    state: dict = {}
    click = {"last_object_clicked_tooltip": "Lachin District", "last_object_clicked_count": 1}
    assert session.take_click(state, click, visible) and state["place"] == "district:AZ-LAC"
    assert not session.take_click(state, click, visible)  # streamlit-folium repeats the last click


def test_pages_of_excerpts_are_clamped():
    items = list(range(13))
    assert page_of(items, 1, 6) == ([0, 1, 2, 3, 4, 5], 1, 3)
    assert page_of(items, 9, 6) == ([12], 3, 3)
    assert page_of([], 0, 6) == ([], 1, 1)


def test_shared_documents_for_bundled_articles_own_ones_for_the_rest(doc):
    store, own_a, own_b = DocumentStore(), {}, {}
    key = doc_key(doc.article, {}, 0)
    store.put(key, doc, own_a, shared=True)
    assert store.get(key, own_b, shared=True) is doc and own_a == {}
    pasted = article_from_text("Floods hit Karachi.")
    mine = doc_key(pasted, {}, 0)
    store.put(mine, doc, own_a, shared=False)
    assert store.get(mine, own_b, shared=False) is None and store.get(mine, own_a, shared=False) is doc
    newer = doc_key(pasted, {"karachi": NOT_A_PLACE}, 0)
    store.put(newer, doc, own_a, shared=False)
    assert list(own_a) == [newer]  # one version of each of the reader's articles


def test_header_and_candidate_text_are_escaped_data(doc):
    from dataclasses import replace

    article = replace(doc.article, title="<b>x</b>", licence_url="javascript:alert(1)")
    html = header_html(article, doc)
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "javascript:" not in html
    tehran = doc.place("geonames:112931")
    assert all(candidate_label(a).startswith(a.name) for a in tehran.alternatives)
