"""mapview: the Streamlit page. Widgets, URL state and layout only; the work is in src/mapview.

Run with ``streamlit run app.py``.
"""
from __future__ import annotations

import json
import math
import threading
from collections import OrderedDict
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

from mapview.article import Article, ArticleError, discover_articles
from mapview.budget import OnlineBudget
from mapview.corrections import OverrideBook, decisions_for, record_of, saved_corrections
from mapview.geocode import CacheError, online_geocoder, record_from_online
from mapview.ingest import article_from_paste, article_from_upload
from mapview.mapping import asset_mode, base_map, install_static_assets, layers
from mapview.paths import ARTICLES_DIR, ONLINE_BUDGET, OVERRIDES, SEED_OVERRIDES
from mapview.pipeline import NOT_A_PLACE, Alternative, GeoDoc, Geoparser, default_geoparser
from mapview.workers import ParsePool, ParseTimeout, wait_for
from mapview.render import article_html, esc, excerpt_html, md, page_css, provenance
from mapview.settings import settings
from mapview.view import (KIND_LABELS, MARKER_KINDS, View, article_from_query, excerpt_index, options_for,
                          type_counts, view_from_query, visible_places)

APP_DIR = Path(__file__).resolve().parent
PANEL_PAGE = 6  # excerpts per page of the panel (the article below has them all)
ss = st.session_state

st.set_page_config(page_title="mapview: read a news story on a map", page_icon="🗺️", layout="wide")


# -- cached work (shared by every session; everything cached here is immutable or locked) --------

@st.cache_resource(show_spinner="Loading the gazetteer…")
def geoparser() -> Geoparser:
    return default_geoparser()


@st.cache_resource(ttl=300)
def bundled_articles() -> dict[str, Article]:
    return {a.id: a for a in discover_articles(ARTICLES_DIR)}


class DocStore:
    """Parsed documents by (article, text hash, corrections), shared by sessions, least recent out."""

    def __init__(self, size: int = 64):
        self.size, self.docs, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            doc = self.docs.get(key)
            if doc is not None:
                self.docs.move_to_end(key)
            return doc

    def put(self, key, doc) -> None:
        with self.lock:
            self.docs[key] = doc
            while len(self.docs) > self.size:
                self.docs.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.docs.clear()


@st.cache_resource
def doc_store() -> DocStore:
    """Parsed bundled articles, shared by every session (a reader's own texts stay in their session)."""
    return DocStore(16)


@st.cache_resource
def override_book() -> OverrideBook:
    """The corrections saved for every reader, as versioned snapshots."""
    return OverrideBook(OVERRIDES, SEED_OVERRIDES)


@st.cache_resource
def parse_pool() -> ParsePool:
    return ParsePool(settings().parse_workers)


@st.cache_resource
def online_budget() -> OnlineBudget:
    cfg = settings()
    return OnlineBudget(ONLINE_BUDGET, cfg.online_lookups_per_hour, cfg.online_lookups_per_day)


@st.cache_resource
def local_assets_ready() -> bool:
    return asset_mode() == "local" and install_static_assets(APP_DIR / "static")


@st.cache_resource
def online_lookup():
    """One rate-limited geocoder for the whole server: the provider's limit is per server, not per tab."""
    cfg = settings()
    extra = {"domain": cfg.nominatim_domain, "scheme": cfg.nominatim_scheme} if cfg.nominatim_domain else {}
    return online_geocoder(cfg.online_provider, timeout=5.0, min_delay_seconds=cfg.online_min_delay_seconds,
                           max_retries=1, max_wait_seconds=cfg.online_max_wait_seconds, **extra)


def all_articles() -> dict[str, Article]:
    return {**bundled_articles(), **ss.get("user_articles", {})}


def decisions(article_id: str) -> dict:
    return ss.setdefault("decisions", {}).get(article_id, {})


def document(article_id: str) -> GeoDoc:
    """The parsed article. A bundled article without the reader's own corrections is shared by
    every session; anything else (a pasted text, a corrected article) stays in this session, so
    no reader's text or decision can reach another reader's map."""
    article = all_articles()[article_id]
    chosen = decisions(article_id)
    version, overrides = override_book().current()
    key = (article.id, article.digest, version,
           tuple(sorted((q, None if p is None else p.id) for q, p in chosen.items())))
    shared = article_id in bundled_articles() and not chosen
    own = ss.setdefault("mv_docs", {})
    doc = doc_store().get(key) if shared else own.get(key)
    if doc is None:
        doc = parse(article, chosen, overrides)
        if shared:
            doc_store().put(key, doc)
        else:
            for stale in [k for k in own if k[0] == article.id]:
                del own[stale]  # one version of each of the reader's articles
            own[key] = doc
    return doc


def parse(article: Article, chosen: dict, overrides) -> GeoDoc:
    """Parse here, or, for a long text, in a worker process within the time budget. Raises
    ArticleError with a message for the reader when the budget runs out or the worker fails."""
    cfg = settings()
    if len(article.text) < cfg.long_text_chars:
        return geoparser().parse(article, chosen, overrides=overrides)
    with st.status(f"Reading {len(article.text):,} characters…", expanded=True) as status:
        bar = st.progress(0.0)
        budget = cfg.parse_budget_seconds
        future = parse_pool().submit(article, chosen, overrides)
        try:
            doc = wait_for(future, budget, tick=lambda t: bar.progress(min(t / budget, 0.99),
                                                                         text=f"Reading… {t:.0f} s"))
        except ParseTimeout:
            status.update(label="Stopped: this text took too long to read", state="error")
            raise ArticleError(f"reading this text took longer than {budget:.0f} s, so it was stopped; "
                               "try a shorter text") from None
        except Exception as exc:  # the worker died or failed: the page stays up
            import logging

            logging.getLogger("mapview").exception("a parse in a worker failed")
            status.update(label="This text could not be read", state="error")
            raise ArticleError(f"this text could not be read ({type(exc).__name__})") from None
        status.update(label=f"Read {len(article.text):,} characters: {len(doc.places)} places", state="complete",
                      expanded=False)
    return doc


def session_base_map(doc: GeoDoc):
    """The article's base map, built once per session and article and reused on every rerun.

    Not shared between sessions: streamlit-folium adds the layers to the map while it renders,
    so one map must not serve two reruns at once. The caller removes the layers afterwards."""
    key = (doc.article.id, doc.article.digest, local_assets_ready())
    cached = ss.get("mv_base_map")
    if cached is None or cached[0] != key:
        cached = (key, base_map(doc, local_assets=local_assets_ready()))
        ss["mv_base_map"] = cached
    return cached[1]


# -- state: the URL is read once per session, then follows the widgets ---------------------------

def apply_view(view: View, opts) -> None:
    ss["article"] = view.article
    for t in opts.types:
        ss[f"type_{t}"] = t in view.types
    for k in opts.kinds:
        ss[f"kind_{k}"] = k in view.kinds
    ss["place"] = view.place
    ss["map_center"] = list(view.centre) if view.centre else None
    ss["map_zoom"] = view.zoom
    ss["panel_place"] = view.place or ""


def init_from_url(article_ids: tuple[str, ...]) -> None:
    if ss.get("mv_ready"):
        return
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    article_id, notices = article_from_query(params, article_ids)
    opts = options_for(document(article_id), article_ids)
    view, more = view_from_query(params, article_id, opts)
    apply_view(view, opts)
    ss["notices"] = notices + more
    ss["mv_ready"] = True


def on_article_change() -> None:
    article_ids = tuple(all_articles())
    opts = options_for(document(ss["article"]), article_ids)
    apply_view(View(ss["article"], opts.types, opts.kinds), opts)


def set_all_types(value: bool, types: tuple[str, ...]) -> None:
    for t in types:
        ss[f"type_{t}"] = value


def select_place(place_id: str | None, centre: tuple[float, float] | None = None, zoom: int | None = None) -> None:
    ss["place"] = place_id or None
    ss["panel_place"] = place_id or ""
    if centre is not None and centre[0] is not None:
        ss["map_center"] = list(centre)
        ss["map_zoom"] = zoom


def turn_page(step: int) -> None:
    ss["panel_page"] = ss.get("panel_page", 1) + step


def on_pill(key: str, doc_places: dict) -> None:
    place = doc_places.get(ss.get(key))
    if place is not None:
        select_place(place.id, (place.lat, place.lon), 8 if place.kind in MARKER_KINDS else 6)


def on_panel_place(doc_places: dict) -> None:
    place_id = ss.get("panel_place") or None
    place = doc_places.get(place_id)
    if place is None:
        select_place(None)
    else:
        select_place(place.id, (place.lat, place.lon), 8 if place.kind in MARKER_KINDS else 6)


def current_view(article_id: str, opts) -> View:
    types = tuple(t for t in opts.types if ss.get(f"type_{t}", True))
    kinds = tuple(k for k in opts.kinds if ss.get(f"kind_{k}", True))
    centre = tuple(ss["map_center"]) if ss.get("map_center") else None
    return View(article_id, types, kinds, ss.get("place"), centre, ss.get("map_zoom") if centre else None)


def sync_url(view: View) -> None:
    wanted = view.to_query()
    current = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    normal = {k: v if isinstance(v, list) else [v] for k, v in wanted.items()}
    if current != normal:
        st.query_params.from_dict(wanted)


# -- bringing an article -----------------------------------------------------------------------------

def on_bring() -> None:
    cfg = settings()
    upload = ss.get("bring_file")
    title, source = ss.get("bring_title", ""), ss.get("bring_source", "")
    try:
        if upload is not None:
            data = upload.getvalue()
            article = article_from_upload(upload.name, data, title=title, source=source,
                                          max_chars=cfg.max_text_chars, max_bytes=cfg.max_upload_bytes)
        else:
            article = article_from_paste(ss.get("bring_text", ""), title=title, source=source,
                                         max_chars=cfg.max_text_chars)
    except ArticleError as exc:
        ss["bring_error"] = str(exc)
        return
    except Exception as exc:  # a bug or a broken install must still leave the page usable
        import logging

        logging.getLogger("mapview").exception("reading a brought article failed")
        ss["bring_error"] = f"This text could not be read ({type(exc).__name__}); the error has been logged."
        return
    ss.pop("bring_error", None)
    user = ss.setdefault("user_articles", {})
    user[article.id] = article
    ss["article"] = article.id
    ss["bring_pending"] = article.id  # parsed on the run that follows, where progress can be shown


# -- map clicks ---------------------------------------------------------------------------------

def place_from_click(click: dict | None, visible) -> str | None:
    """The place a map click meant: by tooltip text, else the nearest marker to the click."""
    if not click:
        return None
    tooltip = (click.get("last_object_clicked_tooltip") or "").strip()
    for p in visible:
        if tooltip and (tooltip == p.name or tooltip.startswith(p.name + ":")):
            return p.id
    point = click.get("last_object_clicked")
    if isinstance(point, dict) and {"lat", "lng"} <= set(point):
        try:
            lat, lng = float(point["lat"]), float(point["lng"])
        except (TypeError, ValueError):
            return None
        markers = [p for p in visible if p.kind in MARKER_KINDS and p.lat is not None]
        if markers:
            nearest = min(markers, key=lambda p: (p.lat - lat) ** 2 + (p.lon - lng) ** 2)
            if math.dist((nearest.lat, nearest.lon), (lat, lng)) < 0.05:
                return nearest.id
    return None


def handle_map_click(visible) -> None:
    click = ss.get("map")
    if not isinstance(click, dict):
        return
    signature = json.dumps([click.get("last_object_clicked_count"), click.get("last_object_clicked_tooltip"),
                            click.get("last_object_clicked")], default=str)
    if signature == ss.get("mv_last_click"):
        return
    ss["mv_last_click"] = signature
    place_id = place_from_click(click, visible)
    if place_id and place_id != ss.get("place"):
        select_place(place_id)
        # a new selection changes the link and the article's highlights, outside this fragment
        st.rerun(scope="app")


# -- corrections ("Which Lachin?") ------------------------------------------------------------------

KEEP, NONE = "__keep__", "__none__"


def on_correct(article_id: str, place) -> None:
    choice = ss.get(f"fix_{place.id}")
    if choice in (None, KEEP):
        return
    if choice == NONE:
        record = NOT_A_PLACE
    else:
        options = {a.id: a for a in (*place.alternatives, *ss.get("online_alts", {}).get(place.id, ()))}
        record = record_of(options[choice], geoparser().gazetteer)
    ss.setdefault("decisions", {}).setdefault(article_id, {}).update(decisions_for(place, record))
    ss.setdefault("corrected", {})[article_id] = (place, record)
    select_place(None if record is NOT_A_PLACE else record.id,
                 None if record is NOT_A_PLACE else (record.lat, record.lon), 8)
    ss["mv_rerun_app"] = True  # the document changed: the whole page, not only the map fragment


def editor() -> str | None:
    """The logged-in editor's e-mail address, or None. Editors are the addresses in
    MAPVIEW_EDITORS whom the deployment's OIDC provider has logged in (st.login); saving
    corrections for every reader needs MAPVIEW_SHARED_CORRECTIONS on as well."""
    cfg = settings()
    if not cfg.shared_corrections:
        return None
    try:
        if not st.user.is_logged_in:
            return None
        email = str(st.user.get("email") or "").lower()
    except Exception:  # no [auth] section: nobody can log in
        return None
    return email if email and email in cfg.editors else None


def auth_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


def on_save_override(article_id: str) -> None:
    who = editor()
    if who is None:  # the button is shown to editors only; a forged click changes nothing
        ss["save_message"] = "Only a logged-in editor can save corrections for every reader."
        return
    place, record = ss["corrected"][article_id]
    try:
        rows = override_book().save(article_id, place, record, who=f"editor {who}")
    except (CacheError, OSError) as exc:
        ss["save_message"] = f"Not saved: {exc}"
        return
    ss["decisions"].pop(article_id, None)  # the shared corrections now hold it
    ss["corrected"].pop(article_id, None)
    ss["save_message"] = f"Saved for every reader ({rows} saved corrections)."
    ss["mv_rerun_app"] = True


def on_undo_override(key) -> None:
    if editor() is None:
        return
    try:
        removed = override_book().undo(frozenset({key}))
    except (CacheError, OSError) as exc:
        ss["editor_message"] = f"Not undone: {exc}"
        return
    ss["editor_message"] = f"Undone ({removed} row{'s' if removed != 1 else ''})."


def editors_panel() -> None:
    """Log in and out; for an editor, the saved corrections with an Undo each."""
    if not settings().shared_corrections:
        return
    with st.sidebar:
        st.subheader("Editors")
        if not auth_configured():
            st.caption("Shared corrections are switched on, but no login is configured (see the README).")
            return
        try:
            logged_in = st.user.is_logged_in
        except Exception:
            logged_in = False
        if not logged_in:
            st.button("Log in as an editor", key="login", on_click=st.login)
            return
        who = editor()
        st.caption(f"Logged in as {md(st.user.get('email') or st.user.get('name') or 'unknown')}"
                   + (" (editor)" if who else " — not an editor of this page"))
        st.button("Log out", key="logout", on_click=st.logout)
        if who is None:
            return
        _, overrides = override_book().current()
        saved = saved_corrections(overrides)
        if not saved:
            st.caption("No corrections saved for every reader.")
        for c in saved:
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.caption(f"{md(c.article)}: “{md(c.query)}” → {md(c.name)} · {md(c.source_ref)}")
            if c.shipped:
                right.caption("shipped")
            else:
                right.button("Undo", key=f"undo_{c.key[0]}_{c.key[1]}", on_click=on_undo_override, args=(c.key,))
        if ss.get("editor_message"):
            st.caption(ss.pop("editor_message"))


def on_online_search(place) -> None:
    cfg = settings()
    used = ss.get("online_used", 0)
    if used >= cfg.online_lookups_per_session:
        ss["online_message"] = f"This session has used its {cfg.online_lookups_per_session} online lookups."
        return
    spent = online_budget().try_spend()
    if not spent.allowed:
        ss["online_message"] = f"Not looked up: {spent.reason}. The offline gazetteer still works."
        return
    ss["online_used"] = used + 1
    geocode, provider = online_lookup()
    from geopy.exc import GeopyError

    query = place.queries[0] if place.queries else place.name
    try:
        found = geocode(query, exactly_one=False)
    except (GeopyError, ValueError, TypeError, KeyError) as exc:
        ss["online_message"] = f"{provider} could not answer ({type(exc).__name__}); the offline gazetteer still works."
        return
    alts = []
    for location in found:
        try:
            r = record_from_online(query, location, provider)
        except (ValueError, TypeError, AttributeError):
            continue
        alts.append(Alternative.of(r, 0.0))
    ss.setdefault("online_alts", {})[place.id] = tuple(alts)
    ss["online_message"] = f"{provider}: {len(alts)} candidate{'s' if len(alts) != 1 else ''} for {query!r}."


def which_place(doc: GeoDoc, place) -> None:
    article_id = doc.article.id
    online_alts = ss.get("online_alts", {}).get(place.id, ())
    options = [KEEP, *(a.id for a in place.alternatives), *(a.id for a in online_alts), NONE]
    labels = {KEEP: f"{place.name} (current)", NONE: "Not a place"}
    for a in (*place.alternatives, *online_alts):
        pop = f", pop. {a.population:,}" if a.population else ""
        where = f", {a.country_code}" if a.country_code else ""
        labels.setdefault(a.id, f"{a.name} ({KIND_LABELS.get(a.kind, a.kind)}{where}{pop}; score {a.score:.1f})"
                          if a.source != "online:" + settings().online_provider else f"{a.name} ({a.source})")
    with st.expander(f"Which {md(place.name)}? ({len(options) - 2} other candidates)"):
        ss.setdefault(f"fix_{place.id}", KEEP)
        st.radio("This mention means", options, key=f"fix_{place.id}", format_func=lambda o: labels.get(o, o),
                 on_change=on_correct, args=(article_id, place))
        if ss.get("online"):
            st.button(f"Search {settings().online_provider} for more", key=f"online_{place.id}",
                      on_click=on_online_search, args=(place,))
            if ss.get("online_message"):
                st.caption(ss["online_message"])


# -- page -----------------------------------------------------------------------------------------

def header(article: Article, doc: GeoDoc) -> None:
    title = esc(article.title or "Untitled article")
    editorial = ' <small title="The received text has no headline">(editorial title)</small>' if article.title_is_editorial else ""
    bits = [esc(x) for x in (article.source, article.dateline, article.date + (" (inferred)" if article.date_is_inferred else ""))
            if x and x != " (inferred)"]
    licence = ""
    if article.licence:
        link = f'<a href="{esc(article.licence_url)}" rel="license noopener" target="_blank">{esc(article.licence)}</a>' \
            if article.licence_url.startswith("https://") else esc(article.licence)
        licence = f" · Licence: {link}"
    st.html(f"<style>{page_css(geoparser().taxonomy.types)}</style>")
    st.html(f'<h2 style="margin-bottom:0">{title}{editorial}</h2>'
            f'<div class="mv-credits">{" · ".join(bits)}{licence}'
            f'{"<br>" + esc(article.attribution) if article.attribution else ""}<br>'
            f'Map data: tiles © OpenStreetMap contributors · boundaries Natural Earth (public domain) · '
            f'places GeoNames (CC BY 4.0) · {len(doc.places)} places, {len(doc.quotes)} quotes</div>')


def sidebar(articles: dict[str, Article], doc: GeoDoc, opts, counts) -> None:
    taxonomy = geoparser().taxonomy.types
    cfg = settings()
    with st.sidebar:
        st.selectbox("Article", list(articles), key="article", on_change=on_article_change,
                     format_func=lambda a: (articles[a].title or "Untitled article")[:80])
    sidebar_bring()
    with st.sidebar:
        st.subheader("Event types")
        css = []
        for t in opts.types:
            et = taxonomy[t]
            st.checkbox(f"{et.label} ({counts[t]})", key=f"type_{t}",
                        help=f"{counts[t]} sentences · PLOVER {et.plover} · CAMEO {', '.join(et.cameo)}")
            css.append(f".st-key-type_{t} p::before{{content:'{et.symbol}';display:inline-block;width:1.3em;"
                       f"height:1.3em;line-height:1.3em;text-align:center;border-radius:50%;margin-right:.35em;"
                       f"background:{et.colour};color:#fff;font-size:.75em}}")
        st.html("<style>" + "".join(css) + "</style>")
        c1, c2 = st.columns(2)
        c1.button("All types", key="all_types", on_click=set_all_types, args=(True, opts.types), use_container_width=True)
        c2.button("No types", key="no_types", on_click=set_all_types, args=(False, opts.types), use_container_width=True)
        st.subheader("Place kinds")
        kind_counts = {k: sum(1 for p in doc.places if p.kind == k) for k in opts.kinds}
        for k in opts.kinds:
            st.checkbox(f"{KIND_LABELS[k]} ({kind_counts[k]})", key=f"kind_{k}")
        st.subheader("Layers")
        st.checkbox("Shade countries and regions", value=True, key="layer_polygons")
        st.checkbox("Borders and outlines", value=True, key="layer_borders")
        st.checkbox(f"Online lookup ({cfg.online_provider})", value=False, key="online",
                  help=f"Off by default: everything works offline. When on, 'Which …?' can ask {cfg.online_provider} "
                       f"for more candidates, at most {cfg.online_lookups_per_session} times per session, one request "
                       "per second.")


def sidebar_bring() -> None:
    cfg = settings()
    with st.sidebar, st.expander("Map your own article", expanded=bool(ss.get("bring_error"))):
        # max_chars: the browser refuses a longer paste, so it never reaches the server (a 40 MB
        # paste would exceed Streamlit's message size and make the page reconnect in a loop)
        st.text_area("Paste English news text (or HTML)", key="bring_text", height=120, max_chars=cfg.max_text_chars)
        st.file_uploader("…or upload a .txt, .md or .html file", type=["txt", "md", "html", "htm"], key="bring_file")
        st.text_input("Title (optional)", key="bring_title", max_chars=200)
        st.text_input("Source (optional)", key="bring_source", max_chars=200)
        st.button("Map this article", key="bring_go", on_click=on_bring, type="primary", use_container_width=True)
        if ss.get("bring_error"):
            st.error(ss["bring_error"])
        st.caption(f"Up to {cfg.max_text_chars:,} characters or {cfg.max_upload_bytes // 1_000_000} MB. "
                   "Processed on this server, offline; kept for this session only.")


def main() -> None:
    articles = all_articles()
    if not articles:
        # the folder is logged for the operator; a public page never shows a server path
        import logging

        logging.getLogger("mapview").error("no articles in %s", ARTICLES_DIR)
        st.error("No articles are installed with this copy of mapview. Map your own article in the sidebar, "
                 "or ask whoever runs this page to reinstall it.")
        sidebar_bring()
        return
    article_ids = tuple(articles)
    init_from_url(article_ids)
    if ss.get("article") not in articles:
        ss["article"] = article_ids[0]
        on_article_change()
    if ss.get("bring_pending") == ss["article"]:
        ss.pop("bring_pending")
        try:
            on_article_change()
        except ArticleError as exc:  # too long to read, or a worker failed: back to where the reader was
            ss["bring_error"] = str(exc)
            ss["user_articles"].pop(ss["article"], None)
            ss["article"] = next(iter(all_articles()), None)
            st.rerun()
    article = articles[ss["article"]]
    doc = document(article.id)
    opts = options_for(doc, article_ids)
    counts = type_counts(doc)  # once per run: the sidebar and the legend both show them

    header(article, doc)
    for notice in ss.pop("notices", []):
        st.caption(f"⚠ Link: {notice}")
    if not doc.places:
        st.warning("No places found in this article. mapview looks for names of countries, provinces, towns and "
                   "regions in English text.")

    view = current_view(article.id, opts)
    visible = visible_places(doc, view, opts)
    if view.place and view.place not in {p.id for p in visible}:
        select_place(None)
        view = current_view(article.id, opts)
    map_and_panel(doc, opts, counts)
    view = current_view(article.id, opts)  # the map may have changed the selection, not the filter
    sync_url(view)

    st.subheader("The article")
    taxonomy = geoparser().taxonomy.types
    st.html(article_html(doc, taxonomy, {p.id for p in visible}, view.types, focus=view.place))

    st.subheader("Download this view")
    c1, c2 = st.columns(2)
    c1.download_button("GeoJSON of the visible places", json.dumps(doc.to_geojson(visible), ensure_ascii=False),
                       file_name=f"{article.id}.geojson", mime="application/geo+json")
    c2.download_button("CSV of their mentions", doc.to_csv(visible), file_name=f"{article.id}.csv", mime="text/csv")
    # The sidebar comes last in the script (not on the page): its widgets' values are in the
    # session state already, and the map reaches the browser sooner.
    sidebar(articles, doc, opts, counts)
    editors_panel()


@st.fragment
def map_and_panel(doc: GeoDoc, opts, counts) -> None:
    if ss.pop("mv_rerun_app", False):  # a callback inside this fragment changed the document
        st.rerun(scope="app")
    taxonomy = geoparser().taxonomy.types
    view = current_view(doc.article.id, opts)
    visible = visible_places(doc, view, opts)
    handle_map_click(visible)
    view = current_view(doc.article.id, opts)
    by_id = {p.id: p for p in visible}
    all_excerpts, place_excerpts = excerpt_index(doc, view, opts, visible)

    col_map, col_panel = st.columns([3, 2], gap="medium")
    with col_map:
        if not visible and doc.places:
            st.info("No place matches the filter: choose more event types or place kinds in the sidebar.")
        m = session_base_map(doc)
        groups = layers(doc, visible, place_excerpts, taxonomy, view.types, view.place,
                        show_polygons=ss.get("layer_polygons", True), show_borders=ss.get("layer_borders", True),
                        type_counts=counts)
        own = set(m._children)
        try:
            st_folium(m, key="map", feature_group_to_add=groups, center=ss.get("map_center"), zoom=ss.get("map_zoom"),
                      height=560, use_container_width=True, render=False,
                      returned_objects=["last_object_clicked_tooltip", "last_object_clicked", "last_object_clicked_count"])
        finally:  # st_folium adds the layers to the map: take them off, the map is reused
            for name in [n for n in m._children if n not in own]:
                del m._children[name]
    with col_panel:
        ids = [""] + [p.id for p in visible]
        if ss.get("panel_place") not in ids:
            ss["panel_place"] = ""
        st.selectbox("Place", ids, key="panel_place", on_change=on_panel_place, args=(by_id,),
                     format_func=lambda i: "All visible places" if not i else f"{by_id[i].name} ({KIND_LABELS.get(by_id[i].kind, by_id[i].kind)})")
        selected = by_id.get(view.place) if view.place else None
        items = place_excerpts.get(selected.id, []) if selected else all_excerpts
        corrected = ss.get("corrected", {}).get(doc.article.id)
        if selected:
            n = len(selected.mentions)
            st.html(f'<div class="mv-credits"><b>{esc(selected.name)}</b> · {esc(KIND_LABELS.get(selected.kind, selected.kind))}'
                    f' · {n} mention{"s" if n != 1 else ""} ({esc(", ".join(selected.surface_forms))})<br>'
                    f'Coordinates: {esc(provenance(selected))}</div>')
            which_place(doc, selected)
            st.button("Show all visible places", on_click=select_place, args=(None,))
        if corrected:
            st.caption(f"Corrected for this article: {md(corrected[0].name)} → "
                       f"{'not a place' if corrected[1] is None else md(corrected[1].name)} (this session).")
            if doc.article.id in bundled_articles() and editor() is not None:
                st.button("Save the correction for every reader", on_click=on_save_override, args=(doc.article.id,),
                          help="Editors only: every reader of this article then sees it; undo it under Editors.")
        if ss.get("save_message"):
            st.caption(ss.pop("save_message"))
        pages = max(1, math.ceil(len(items) / PANEL_PAGE))
        page = min(max(ss.get("panel_page", 1), 1), pages)
        ss["panel_page"] = page
        shown = items[(page - 1) * PANEL_PAGE: page * PANEL_PAGE]
        head, back, forward = st.columns([4, 1, 1], vertical_alignment="center")
        head.caption(f"{len(items)} excerpt{'s' if len(items) != 1 else ''}"
                     + (f" · page {page} of {pages}" if pages > 1 else ""))
        if pages > 1:
            back.button("‹", key="page_back", on_click=turn_page, args=(-1,), disabled=page == 1, help="Previous excerpts")
            forward.button("›", key="page_next", on_click=turn_page, args=(1,), disabled=page == pages, help="Next excerpts")
        with st.container(height=430):
            for e in shown:
                st.html(excerpt_html(doc, e, taxonomy, view.types, focus=view.place))
                others = [by_id[i] for i in e.place_ids if i in by_id and i != view.place][:8]
                if others:
                    key = f"go_{e.sentence}"
                    ss[key] = None  # a choice acts once, then the control is clear again
                    st.pills("Show on the map", [p.id for p in others], key=key, label_visibility="collapsed",
                             format_func=lambda i: f"→ {md(by_id[i].name)}", on_change=on_pill, args=(key, by_id))


main()
