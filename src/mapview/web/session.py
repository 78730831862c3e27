"""A reader's session: what it holds and how the reader's actions change it.

Plain functions over a mutable mapping: Streamlit's ``st.session_state`` in the page, a dict in
the tests (which therefore run in milliseconds). Keys the page's widgets also use:
``type_<key>``, ``kind_<kind>`` (filters), ``place`` and ``panel_place`` (the selection),
``map_center`` and ``map_zoom``, ``fix_<place id>`` ("Which …?"), ``bring_*`` (a new article).
"""

from __future__ import annotations

import dataclasses
from collections.abc import MutableMapping
from typing import Any

from mapview.errors import CacheError, GeocoderError, MapviewError
from mapview.geo.budget import OnlineBudget
from mapview.model.document import Place
from mapview.model.place import PlaceRecord
from mapview.nlp.reading import article_from_paste, article_from_upload
from mapview.settings import Settings
from mapview.store.corrections import DatabaseOverrideBook, OverrideBook, decisions_for, online_alternatives
from mapview.web.basemap import base_map, framing
from mapview.web.view import (
    Options,
    View,
    bounds,
    click_signature,
    event_by_key,
    event_targets,
    place_from_click,
    zoom_for_place,
)

State = MutableMapping[str, Any]


def apply_view(state: State, view: View, opts: Options) -> None:
    """Set every widget of the page to show ``view``."""
    state.update(
        {f"type_{t}": t in view.types for t in opts.types} | {f"kind_{k}": k in view.kinds for k in opts.kinds}
    )
    state.update(
        article=view.article,
        place=view.place,
        parties=view.parties,
        map_center=list(view.centre) if view.centre else None,
        map_zoom=view.zoom,
        panel_place=view.place or "",
    )


def current_view(state: State, article_id: str, opts: Options) -> View:
    centre = tuple(state["map_center"]) if state.get("map_center") else None
    return View(
        article_id,
        tuple(t for t in opts.types if state.get(f"type_{t}", True)),
        tuple(k for k in opts.kinds if state.get(f"kind_{k}", True)),
        state.get("place"),
        centre,
        state.get("map_zoom") if centre else None,
        bool(state.get("parties", False)),
        state.get("event"),
    )


def select_place(state: State, place: Place | PlaceRecord | None = None) -> None:
    """Select a place (None: all visible places) and centre the map on it (an event's link gives
    way to the reader's own choice)."""
    state.update(place=place.id if place else None, panel_place=place.id if place else "", event=None)
    if place is not None and place.lat is not None:
        state.update(map_center=[place.lat, place.lon], map_zoom=zoom_for_place(place))


def show_event(state: State, doc, key: str) -> bool:
    """An event's link: its type ticked, its places (where it happened, else its parties) framed,
    the first selected, its sentence shown above the panel. False: no such event in ``doc``."""
    event = event_by_key(doc, key)
    if event is None:
        return False
    targets = [doc.places_by_id[i] for i in event_targets(doc, event)]
    select_place(state, targets[0] if targets else None)
    state[f"type_{event.type}"] = True
    if targets and not event.location_ids:
        state["parties"] = True  # its parties are all there is to show
    frame = bounds(targets)
    if frame is not None and len(targets) > 1:
        centre, zoom = framing(frame)
        state.update(map_center=centre, map_zoom=min(zoom, zoom_for_place(targets[0])))
    state["event"] = key
    return True


def show_all(state: State, places) -> None:
    """Select no place and frame every one of ``places`` (the visible ones), as the first view
    frames the article: the map must not stay zoomed on the place selected before."""
    select_place(state, None)
    frame = bounds(places)
    if frame is not None:
        centre, zoom = framing(frame)
        state.update(map_center=centre, map_zoom=zoom)


def set_types(state: State, types, value: bool) -> None:
    state.update({f"type_{t}": value for t in types})


def bring(state: State, cfg: Settings, upload=None) -> None:
    """Read the article the reader pasted or uploaded into their own articles, or say why not."""
    meta = {
        "title": state.get("bring_title", ""),
        "source": state.get("bring_source", ""),
        "max_chars": cfg.max_text_chars,
    }
    try:
        article = (
            article_from_upload(upload.name, upload.getvalue(), max_bytes=cfg.max_upload_bytes, **meta)
            if upload is not None
            else article_from_paste(state.get("bring_text", ""), **meta)
        )
    except MapviewError as exc:
        state["bring_error"] = str(exc)
        return
    state.pop("bring_error", None)
    article = dataclasses.replace(article, source_home=str(state.get("bring_home") or "").strip()[:200])
    state.setdefault("user_articles", {})[article.id] = article
    state.update(article=article.id, bring_pending=article.id)  # parsed on the next run, where progress shows


def drop_brought(state: State, error: str, fallback: str | None) -> None:
    """The brought article could not be read: say why and go back to ``fallback``."""
    state["bring_error"] = error
    state.get("user_articles", {}).pop(state.get("article"), None)
    state["article"] = fallback


def correct(state: State, article_id: str, place: Place, choice: PlaceRecord | None) -> None:
    """The reader's own correction: ``place``'s names mean ``choice`` in this article, in this session."""
    if choice is None:
        return
    state.setdefault("decisions", {}).setdefault(article_id, {}).update(decisions_for(place, choice))
    state.setdefault("corrected", {})[article_id] = (place, choice)
    select_place(state, None if choice.is_not_a_place else choice)
    state["mv_rerun_app"] = True  # the document changed: the page reruns whole, not only the map


def save_for_everyone(
    state: State, book: OverrideBook | DatabaseOverrideBook, article_id: str, editor: str | None
) -> None:
    """An editor's save of the session's correction for every reader (refused for anyone else)."""
    if editor is None:
        state["save_message"] = "Only a logged-in editor can save corrections for every reader."
        return
    try:
        rows = book.save(article_id, *state["corrected"][article_id], who=f"editor {editor}")
    except (CacheError, OSError) as exc:
        state["save_message"] = f"Not saved: {exc}"
        return
    state["corrected"].pop(article_id)
    state["decisions"].pop(article_id, None)  # the shared corrections now hold it
    state["save_message"] = f"Saved for every reader ({rows} saved corrections)."
    state["mv_rerun_app"] = True


def undo_for_everyone(state: State, book: OverrideBook | DatabaseOverrideBook, key, editor: str | None) -> None:
    if editor is None:
        return
    try:
        state["editor_message"] = f"Undone ({book.undo(frozenset({key}))} row)."
    except (CacheError, OSError) as exc:
        state["editor_message"] = f"Not undone: {exc}"


def search_online(state: State, cfg: Settings, budget: OnlineBudget, online, place: Place) -> None:
    """More candidates for a place from the online geocoder, within the session's and the server's budget."""
    used = state.get("online_used", 0)
    query = place.queries[0] if place.queries else place.name
    if used >= cfg.online_lookups_per_session:
        state["online_message"] = f"This session has used its {cfg.online_lookups_per_session} online lookups."
        return
    spent = budget.try_spend()
    if not spent.allowed:
        state["online_message"] = f"Not looked up: {spent.reason}. The offline gazetteer still works."
        return
    state["online_used"] = used + 1
    try:
        found = state.setdefault("online_alts", {})[place.id] = online_alternatives(online, query)
    except GeocoderError as exc:
        state["online_message"] = f"No answer online ({exc}); the offline gazetteer still works."
        return
    state["online_message"] = f"{len(found)} candidate{'s' if len(found) != 1 else ''} online for {query!r}."


def editor_of(cfg: Settings, user) -> str | None:
    """Who the logged-in user (``st.user``, the ID token's claims) edits as, or None. Shared
    corrections must be on, and either the provider vouches for the e-mail address (the
    ``email_verified`` claim is true) and it is in MAPVIEW_EDITORS, or the user's issuer and
    subject are in MAPVIEW_EDITOR_SUBJECTS. An address nobody verified proves nothing: anyone
    may register it with a provider that does not check."""
    try:
        if not (cfg.shared_corrections and user.is_logged_in):
            return None
        email = str(user.get("email") or "").strip()
        issuer, subject = str(user.get("iss") or ""), str(user.get("sub") or "")
    except Exception:  # no [auth] section: nobody can log in
        return None
    if email and email_verified(user) and email.casefold() in cfg.editors:
        return email.casefold()
    if issuer and subject and (issuer, subject) in cfg.editor_subjects:
        return email.casefold() if email else f"{subject} of {issuer}"
    return None


def email_verified(user) -> bool:
    """The ``email_verified`` claim, which OpenID Connect makes a boolean (some providers send
    the string "true")."""
    value = user.get("email_verified")
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def login_state(user, secrets) -> tuple[bool, bool]:
    """(logged in, a login is configured): Streamlit raises where no secrets file exists at all."""
    try:
        return bool(user.is_logged_in), "auth" in secrets
    except Exception:
        return False, False


def take_click(state: State, click, visible) -> bool:
    """Select the place a new map click meant; True when the selection changed."""
    if not isinstance(click, dict) or (signature := click_signature(click)) == state.get("mv_last_click"):
        return False
    state["mv_last_click"] = signature
    place_id = place_from_click(click, visible)
    if place_id and place_id != state.get("place"):
        state.update(place=place_id, panel_place=place_id)
        return True
    return False


def base_map_of(state: State, doc, **options):
    """The article's base map, built once per session and article and reused on every rerun. Not
    shared between sessions: streamlit-folium adds layers to it while it renders."""
    key = (doc.article.id, doc.article.digest, tuple(sorted(options.items())))
    if state.get("mv_base_map", (None,))[0] != key:
        state["mv_base_map"] = (key, base_map(doc, **options))
    return state["mv_base_map"][1]


def sync_url(query_params, view) -> None:
    """Make the page's address say ``view`` (only when it does not already: each write is a
    browser history entry)."""
    wanted = {k: v if isinstance(v, list) else [v] for k, v in view.to_query().items()}
    if {k: query_params.get_all(k) for k in query_params} != wanted:
        query_params.from_dict(wanted)
