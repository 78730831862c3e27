"""The article page: one article (or the reader's own) on a map, with its excerpts, events and
links. Widgets, layout and URL state only: every decision is made in :mod:`mapview.web.view` and
:mod:`mapview.web.session`, the work in the pipeline. ``app.py`` runs :func:`main`."""

from __future__ import annotations

import json
from collections.abc import MutableMapping
from functools import partial
from pathlib import Path
from typing import Any, cast

import streamlit as st
from streamlit_folium import st_folium

from mapview import paths
from mapview.errors import MapviewError
from mapview.export.csv import to_csv
from mapview.export.geojson import to_geojson
from mapview.export.image import map_image
from mapview.model.article import Article
from mapview.model.document import GeoDoc
from mapview.model.place import NOT_A_PLACE, PlaceRecord
from mapview.nlp.article import discover_articles
from mapview.pipeline import Geoparser, default_geoparser
from mapview.settings import MAP_HEIGHT_PX, PANEL_HEIGHT_PX, PANEL_PAGE, settings
from mapview.web import collection_page as story_page
from mapview.web import session, widgets
from mapview.web.basemap import borrowed
from mapview.web.documents import doc_key
from mapview.web.mapping import layers
from mapview.web.render import (
    article_html,
    candidate_label,
    correction_text,
    event_focus_html,
    excerpt_css,
    excerpt_html,
    header_html,
    md,
    page_css,
    place_header_html,
    plural,
    type_symbols_css,
    unplaced_text,
    upload_limit_text,
    why_chosen_text,
)
from mapview.web.shared import Shared, build_shared
from mapview.web.view import (
    View,
    article_from_query,
    event_by_key,
    excerpt_index,
    located_ids,
    options_for,
    page_of,
    type_counts,
    view_from_query,
    visible_places,
)
from mapview.web.workers import parse_in_pool

#: The folder of the script Streamlit runs (its static/ folder is served at /app/static/); set by main.
APP_DIR = Path.cwd()
KEEP = "__keep__"  # the "Which …?" choice that changes nothing
#: This reader's state: a mapping (Streamlit's proxy is one, though not typed as one)
ss = cast("MutableMapping[str, Any]", st.session_state)


# -- shared by every session: each immutable, or locked --------------------------------------------


@st.cache_resource(show_spinner="Loading the gazetteer…")
def geoparser() -> Geoparser:
    return default_geoparser()


@st.cache_resource
def event_types() -> dict:
    """The taxonomy alone (a collection's page needs no gazetteer): the geoparser's, when loaded."""
    from mapview.nlp.classify import Taxonomy

    return Taxonomy().types


@st.cache_resource(ttl=300)
def bundled_articles() -> dict[str, Article]:
    # the folder is read at call time: tests point it elsewhere
    return {a.id: a for a in discover_articles(paths.ARTICLES_DIR)}


@st.cache_resource
def shared() -> Shared:
    return build_shared(settings(), APP_DIR)


def session_id() -> str | None:
    """This browser session's id: it holds at most one long parse at a time."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else None


def all_articles() -> dict[str, Article]:
    return {**bundled_articles(), **ss.get("user_articles", {})}


def document(article_id: str) -> GeoDoc:
    """The parsed article: shared for a bundled article the reader has not corrected, else kept in
    this session only. A long text is read in a worker process, within the time budget."""
    article, chosen = all_articles()[article_id], ss.setdefault("decisions", {}).get(article_id, {})
    version, overrides = shared().corrections.current()
    key, own = doc_key(article, chosen, version), ss.setdefault("mv_docs", {})
    common = article_id in bundled_articles() and not chosen
    doc = shared().documents.get(key, own, shared=common)
    if doc is None:
        cfg = settings()
        if len(article.text) < cfg.long_text_chars:
            doc = geoparser().parse(article, chosen, overrides=overrides)
        else:
            with st.status(f"Reading {len(article.text):,} characters…", expanded=True) as status:
                bar, budget = st.progress(0.0), cfg.parse_budget_seconds

                def tick(ahead: int, running: float) -> None:
                    if ahead:
                        bar.progress(0.0, text=f"Waiting: {ahead} long text{'s' if ahead != 1 else ''} before yours")
                    else:
                        bar.progress(min(running / budget, 0.99) if budget else 0.99, text=f"Reading… {running:.0f} s")

                try:
                    doc = parse_in_pool(
                        shared().pool, article, chosen, overrides, budget, tick=tick, owner=session_id()
                    )
                except MapviewError:
                    status.update(label="This text could not be read", state="error")
                    raise
                status.update(label=f"Read: {len(doc.places)} places", state="complete", expanded=False)
        shared().documents.put(key, doc, own, shared=common)
    return doc


# -- state: the URL is read once per session, then follows the widgets ------------------------------


def init_from_url(article_ids: tuple[str, ...]) -> None:
    if not ss.get("mv_ready"):
        params = {k: st.query_params.get_all(k) for k in st.query_params}
        article_id, notices = article_from_query(params, article_ids)
        opts = options_for(document(article_id), article_ids)
        view, more = view_from_query(params, article_id, opts)
        session.apply_view(ss, view, opts)
        if view.event:  # one event's link: its places selected and framed, its sentence shown
            session.show_event(ss, document(article_id), view.event)
        ss.update(notices=ss.get("notices", []) + notices + more, mv_ready=True)


def on_article_change() -> None:
    opts = options_for(document(ss["article"]), tuple(all_articles()))
    session.apply_view(ss, View(ss["article"], opts.types, opts.kinds, parties=bool(ss.get("parties"))), opts)


def editor() -> str | None:
    return session.editor_of(settings(), st.user)


# -- the page ----------------------------------------------------------------------------------------


def which_place(doc: GeoDoc, place) -> None:
    alternatives = (*place.alternatives, *ss.get("online_alts", {}).get(place.id, ()))
    options: dict[str, PlaceRecord] = {a.id: a.record for a in alternatives} | {NOT_A_PLACE.id: NOT_A_PLACE}
    labels = {KEEP: f"{place.label} (current)", NOT_A_PLACE.id: "Not a place"} | {
        a.id: candidate_label(a) for a in alternatives
    }
    others = len(options) - 1
    with st.expander(
        f"Which {md(place.label)}? ({others} other candidate{'s' if others != 1 else ''})", expanded=place.uncertain
    ):
        if why := why_chosen_text(place):
            st.caption(md(why))
        ss.setdefault(f"fix_{place.id}", KEEP)
        st.radio(
            "This mention means",
            [KEEP, *options],
            key=f"fix_{place.id}",
            format_func=lambda o: md(labels[o]),
            on_change=lambda: session.correct(ss, doc.article.id, place, options.get(ss[f"fix_{place.id}"])),
        )
        if ss.get("online"):
            st.button(
                f"Search {settings().online_provider} for more",
                key=f"online_{place.id}",
                on_click=session.search_online,
                args=(ss, settings(), shared().budget, shared().online, place),
            )
            if ss.get("online_message"):
                st.caption(md(ss["online_message"]))


def sidebar(articles: dict[str, Article], doc: GeoDoc | None, opts, counts) -> None:
    cfg, taxonomy = settings(), geoparser().taxonomy.types
    with st.sidebar:
        if doc is not None:
            st.selectbox(
                "Article",
                list(articles),
                key="article",
                on_change=on_article_change,
                format_func=lambda a: (articles[a].title or "Untitled article")[:80],
            )
        with st.expander("Map your own article", expanded=bool(ss.get("bring_error"))):
            # max_chars: the browser refuses a longer paste; it never reaches the server
            st.text_area(
                "Paste English news text (or HTML)", key="bring_text", height=120, max_chars=cfg.max_text_chars
            )
            st.file_uploader(  # its limit in Streamlit's whole megabytes; the server checks the exact bytes
                "…or upload a .txt, .md or .html file",
                type=["txt", "md", "html", "htm"],
                key="bring_file",
                max_upload_size=max(1, -(-cfg.max_upload_bytes // 2**20)),
            )
            st.text_input("Title (optional)", key="bring_title", max_chars=200)
            st.text_input("Source (optional)", key="bring_source", max_chars=200)
            st.text_input(
                "Where is this outlet based? (optional)",
                key="bring_home",
                max_chars=200,
                help='A town, state or country ("Pendleton, Oregon, US"): a prior for ambiguous names.',
            )
            st.button(
                "Map this article",
                key="bring_go",
                type="primary",
                use_container_width=True,
                on_click=lambda: session.bring(ss, cfg, ss.get("bring_file")),
            )
            if ss.get("bring_error"):
                st.error(ss["bring_error"])
            st.caption(
                f"Up to {cfg.max_text_chars:,} characters or {upload_limit_text(cfg.max_upload_bytes)} per file. "
                "Processed on this server, offline; kept for this session only."
            )
        if doc is None:
            return
        st.subheader("Event types")
        for t in opts.types:
            et = taxonomy[t]
            st.checkbox(
                f"{et.label} ({counts[t]})",
                key=f"type_{t}",
                help=f"{plural(counts[t], 'event')} · PLOVER {et.plover} · CAMEO {', '.join(et.cameo)}",
            )
        st.toggle(
            "Also show parties and places only mentioned",
            key="parties",
            help="Off: only where the ticked events happened. On: also the parties to them, where they were "
            "said or reported from, and places their sentences only mention (small and faded).",
        )
        st.html(f"<style>{type_symbols_css(opts.types, taxonomy)}</style>")
        for column, label, value in zip(st.columns(2), ("All types", "No types"), (True, False)):
            column.button(
                label,
                key=f"{label.split()[0].lower()}_types",
                use_container_width=True,
                on_click=session.set_types,
                args=(ss, opts.types, value),
            )
        st.subheader("Place kinds")
        for k in opts.kinds:
            st.checkbox(f"{k.label} ({sum(1 for p in doc.places if p.kind == k)})", key=f"kind_{k}")
        st.subheader("Layers")
        st.checkbox("Shade countries and regions", value=True, key="layer_polygons")
        st.checkbox("Borders and outlines", value=True, key="layer_borders")
        st.checkbox(
            f"Online lookup ({cfg.online_provider})",
            value=False,
            key="online",
            help=f"Off by default: everything works offline. When on, 'Which …?' can ask {cfg.online_provider} "
            f"for more candidates, {cfg.online_lookups_per_session} times per session at most.",
        )
        if cfg.shared_corrections:
            widgets.editors_panel(ss, editor(), shared().corrections)
            story_page.add_to_collection(ss, doc, editor())


def main(app_dir: Path) -> None:
    """The page, on every rerun. ``app_dir``: the folder of the script Streamlit runs."""
    global APP_DIR
    APP_DIR = app_dir  # the same for every session of this server
    st.set_page_config(page_title="mapview: read a news story on a map", page_icon="🗺️", layout="wide")
    if story_page.route(ss, st.query_params, event_types, lambda: shared().local_assets):
        return  # a story collection (?collection=NAME) is on the page instead of one article
    articles = all_articles()
    if not articles:  # the folder goes to the operator's log; a public page never shows a server path
        st.error("No articles are installed with this copy of mapview. Map your own article in the sidebar.")
        return sidebar(articles, None, None, None)
    try:
        init_from_url(tuple(articles))
        if ss.get("article") not in articles or ss.pop("bring_pending", None) == ss["article"]:
            ss["article"] = ss.get("article") if ss.get("article") in articles else next(iter(articles))
            on_article_change()
        doc = document(ss["article"])
    except MapviewError as exc:  # too long to read, or a worker failed: a message, never a traceback
        if ss.get("article") not in ss.get("user_articles", {}):
            st.error(f"This article could not be read: {exc}. Try again in a moment.")
            return
        session.drop_brought(ss, str(exc), next(iter(bundled_articles()), None))  # back where the reader was
        st.rerun()
    opts, counts = options_for(doc, tuple(articles)), type_counts(doc)
    embedded = bool(st.context.is_embedded)  # ?embed=true: the map and the excerpts, nothing else
    st.html(f"<style>{page_css(geoparser().taxonomy.types)}</style>" + header_html(doc.article, doc))
    for notice in ss.pop("notices", []):
        st.caption(f"⚠ Link: {md(notice)}")
    if ss.get("mv_database_problem") or shared().corrections.problem:  # the reason is in the operator's log
        st.caption(
            "⚠ Shared corrections and story collections are unavailable now: their database cannot be reached. "
            "This map comes from the shipped data and the geocoding cache."
        )
    if not doc.places:
        st.warning(
            "No places found in this article. mapview looks for names of countries, provinces, towns and "
            "regions in English text."
        )
    view = session.current_view(ss, doc.article.id, opts)
    visible = visible_places(doc, view, opts)
    if view.place and view.place not in {p.id for p in visible}:
        session.select_place(ss, None)
    map_and_panel(doc, opts, counts)
    view = session.current_view(ss, doc.article.id, opts)  # the map may have changed the selection, not the filter
    session.sync_url(st.query_params, view)
    if embedded:
        return
    widgets.share(view, st.context.url, doc.article.title)
    st.subheader("The article")
    st.html(article_html(doc, geoparser().taxonomy.types, {p.id for p in visible}, view.types, focus=view.place))
    st.subheader("Download this view")
    c1, c2, c3, c4 = st.columns(4)
    c1.download_button(
        "GeoJSON of the visible places",
        json.dumps(to_geojson(doc, visible), ensure_ascii=False),
        file_name=f"{doc.article.id}.geojson",
        mime="application/geo+json",
    )
    c2.download_button(
        "CSV of their mentions", to_csv(doc, visible), file_name=f"{doc.article.id}.csv", mime="text/csv"
    )
    located, taxonomy = located_ids(visible, view), geoparser().taxonomy.types
    for column, fmt, mime in ((c3, "png", "image/png"), (c4, "svg", "image/svg+xml")):
        column.download_button(  # drawn when asked for (about a second), not on every rerun
            f"Map image ({fmt.upper()}, for print)",
            partial(map_image, doc, visible, taxonomy, view.types, located=located, fmt=fmt),
            file_name=f"{doc.article.id}.{fmt}",
            mime=mime,
            key=f"image_{fmt}",
            help="This view at 2000 × 1250 px: places, shapes, names, legend, title, source, licence, scale.",
        )
    sidebar(articles, doc, opts, counts)  # last in the script, not on the page: the map reaches the browser sooner


@st.fragment
def map_and_panel(doc: GeoDoc, opts, counts) -> None:
    if ss.pop("mv_rerun_app", False):  # a callback in this fragment changed the document
        st.rerun(scope="app")
    taxonomy = geoparser().taxonomy.types
    visible = visible_places(doc, session.current_view(ss, doc.article.id, opts), opts)
    if session.take_click(ss, ss.get("map"), visible):
        st.rerun(scope="app")  # the link and the article's highlights follow, outside this fragment
    view = session.current_view(ss, doc.article.id, opts)
    by_id = {p.id: p for p in visible}
    all_excerpts, place_excerpts = excerpt_index(doc, view, opts, visible)
    col_map, col_panel = st.columns([3, 2], gap="medium")
    with col_map:
        if not visible and doc.places:
            st.info(
                "No event of the ticked types says where it happened. Switch on *Also show parties and places "
                "only mentioned*, or choose more event types or place kinds in the sidebar."
            )
        m = session.base_map_of(ss, doc, local_assets=shared().local_assets, styles=excerpt_css(taxonomy))
        groups = layers(
            doc,
            visible,
            place_excerpts,
            taxonomy,
            view.types,
            view.place,
            type_counts=counts,
            show_polygons=ss.get("layer_polygons", True),
            show_borders=ss.get("layer_borders", True),
            located=located_ids(visible, view),
        )
        with borrowed(m):
            st_folium(
                m,
                key="map",
                feature_group_to_add=groups,
                center=ss.get("map_center"),
                zoom=ss.get("map_zoom"),
                height=MAP_HEIGHT_PX,
                use_container_width=True,
                render=False,
                returned_objects=["last_object_clicked_tooltip", "last_object_clicked", "last_object_clicked_count"],
            )
    with col_panel:
        if ss.get("panel_place") not in ["", *by_id]:
            ss["panel_place"] = ""
        st.selectbox(
            "Place",
            ["", *by_id],
            key="panel_place",
            on_change=lambda: (
                session.select_place(ss, by_id[ss["panel_place"]])
                if ss["panel_place"] in by_id
                else session.show_all(ss, visible)
            ),
            format_func=lambda i: f"{by_id[i].label} ({by_id[i].kind.label})" if i else "All visible places",
        )
        selected, corrected = by_id.get(view.place or ""), ss.get("corrected", {}).get(doc.article.id)
        if unsure := [p.id for p in visible if p.uncertain and p.id != view.place]:
            ss["check_place"] = None  # a choice acts once, as the excerpts' "Show on the map"
            st.pills(
                "Check these places (dashed on the map)",
                unsure,
                key="check_place",
                format_func=lambda i: md(by_id[i].label),
                on_change=lambda: session.select_place(ss, by_id.get(ss.get("check_place") or "")),
            )
        if unplaced := unplaced_text(doc):
            st.caption(unplaced)
        if event := event_by_key(doc, view.event):
            st.html(event_focus_html(doc, event, taxonomy))
        if selected:
            st.html(place_header_html(selected))
            which_place(doc, selected)
            st.button("Show all visible places", on_click=session.show_all, args=(ss, visible))
        if corrected:
            st.caption(f"Corrected for this article: {md(correction_text(*corrected))} (this session).")
            if doc.article.id in bundled_articles() and editor() is not None:
                st.button(
                    "Save the correction for every reader",
                    on_click=lambda: session.save_for_everyone(ss, shared().corrections, doc.article.id, editor()),
                    help="Editors only: every reader of this article then sees it; undo it under Editors.",
                )
        if message := ss.pop("save_message", ""):
            st.caption(message)
        n_events = sum(counts[t] for t in view.types)  # the table is built only when asked for
        mode = st.segmented_control(
            "Panel",
            ["excerpts", "events"],
            key="panel_mode",
            default="excerpts",
            label_visibility="collapsed",
            format_func=lambda o: "Excerpts" if o == "excerpts" else f"Events ({n_events})",
        )
        rows = widgets.events_filter(ss, doc, view, taxonomy) if mode == "events" else None
        if rows is None:
            excerpts_panel(
                doc, view, taxonomy, by_id, selected, place_excerpts.get(selected.id, []) if selected else all_excerpts
            )
    if rows:  # the table under the map and the panel, as wide as the page: its columns fit
        widgets.events_table(ss, doc, rows, by_id)


def excerpts_panel(doc: GeoDoc, view: View, taxonomy, by_id: dict, selected, items: list) -> None:
    """The excerpts of the selected place (or of every visible place), a page at a time; on a
    phone they flow in the page (PAGE_CSS)."""
    shown, page, pages = page_of(items, ss.get("panel_page", 1), PANEL_PAGE)
    head, back, forward = st.container(key="mv_pager").columns([4, 1, 1], vertical_alignment="center")
    head.caption(
        f"{len(items)} excerpt{'s' if len(items) != 1 else ''}" + (f" · page {page} of {pages}" if pages > 1 else "")
    )
    if pages > 1:
        back.button(
            "‹",
            key="page_back",
            on_click=lambda: ss.update(panel_page=page - 1),
            disabled=page == 1,
            help="Previous excerpts",
        )
        forward.button(
            "›",
            key="page_next",
            on_click=lambda: ss.update(panel_page=page + 1),
            disabled=page == pages,
            help="Next excerpts",
        )
    with st.container(height=PANEL_HEIGHT_PX, key="mv_excerpts"):  # on a phone, no inner scroll (PAGE_CSS)
        for e in shown:
            st.html(excerpt_html(doc, e, taxonomy, view.types, focus=view.place))
            if others := [by_id[i] for i in e.place_ids if i in by_id and i != view.place][:8]:
                ss[f"go_{e.sentence}"] = None  # a choice acts once, then the control is clear again
                st.pills(
                    "Show on the map",
                    [p.id for p in others],
                    key=f"go_{e.sentence}",
                    label_visibility="collapsed",
                    format_func=lambda i: f"→ {md(by_id[i].label)}",
                    on_change=lambda k=f"go_{e.sentence}": session.select_place(ss, by_id.get(ss.get(k))),
                )
