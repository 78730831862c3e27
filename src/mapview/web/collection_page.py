"""The collection view of the page: many articles on one map, a timeline, and who says what.

Streamlit widgets and layout only; what is shown comes from the database's grouped queries
(:mod:`mapview.store.database`) and the pure view (:mod:`mapview.web.collection`). What the queries return is
cached for every reader (the collection is shared by design) and keyed by the collection's
version, so an ingest shows up on the next rerun after it writes.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import MutableMapping
from datetime import UTC, date, datetime
from typing import Any, Literal, NamedTuple

import streamlit as st

from mapview.errors import MapviewError
from mapview.settings import MAP_HEIGHT_PX
from mapview.store.database import CollectionInfo, Filters, Store, StoreUnavailable
from mapview.web import collection as story
from mapview.web.render import esc, md, plural
from mapview.web.widgets import table_height

State = MutableMapping[str, Any]
PANEL_PLACES = 300  # the panel's place list: the places with the most events
# A reader's first view of a collection draws its map first, and the filters, the timeline and the
# place table once the map says its markers are painted (their widget, chart and grid code would
# otherwise compete with the map for the browser's one main thread: time to map 2.1x a bare map
# with them all; bench/), or after this long if it never says so.
THEN_SECONDS = 4.0
UNAVAILABLE = "This collection cannot be read now: its database cannot be reached. Try again in a moment."
TIMELINE_PX = 140
TIMELINE_SLOT_PX = 196  # the chart and its caption
#: The accounts table's columns in order, in pixels: the day, the outlet and its figure fit the
#: panel beside the map, so claims for one day sit side by side without scrolling sideways.
CLAIM_COLUMN_PX: dict[str, int | Literal["medium", "large"]] = {
    "Day": 86,
    "Outlet": 100,
    "Fatalities claimed": 150,
    "Event": 110,
    "Role here": 80,
    "Reported by": 110,
    "Account": "large",
    "Dated by": 80,
    "Article": "medium",
    "Link": 60,
}


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _read(_store: Store, url: str, version: tuple, what: str, f: Filters, per_place: int = story.POPUP_ACCOUNTS):
    """One grouped query, cached for every reader by (database, collection version, filters)."""
    if what == "places":
        return _store.places(f)
    if what == "accounts":
        return _store.accounts(f, per_place=per_place)
    if what == "timeline":
        return _store.timeline(f)
    if what == "totals":
        return _store.totals(f)
    if what == "types":
        return _store.type_totals(f)
    raise ValueError(what)


@st.cache_data(ttl=60, max_entries=64, show_spinner=False)
def _describe(_store: Store, url: str, name: str, version: tuple):
    return _store.info(name), tuple(_store.event_types(name)), tuple(_store.outlets(name))


def _init(ss: State, params, info: CollectionInfo, types: tuple[str, ...], outlets: tuple[str, ...]) -> None:
    view, notices = story.story_from_query(params, info, types, outlets)
    ss.update(
        story_ready=info.name,
        story_notices=notices,
        story_parties=view.parties,
        story_place=view.place,
        story_link_place=bool(view.place),
        story_types=list(view.types if view.types is not None else types),
        story_outlets=list(view.outlets or ()),
    )  # none chosen: every outlet
    if view.outlets == ():  # a link's "outlet=none": the page has no view of no outlet
        notices.append("the link chose no outlet: showing every outlet")
    if info.first and info.last:
        start = max(view.start or info.first, info.first)
        end = min(view.end or info.last, info.last)
        ss["story_range"] = (start, end) if start <= end else (info.first, info.last)


def current(ss: State, info: CollectionInfo, types: tuple[str, ...], outlets: tuple[str, ...]) -> story.StoryView:
    chosen_types = tuple(t for t in types if t in ss.get("story_types", types))
    chosen_outlets = tuple(o for o in outlets if o in ss.get("story_outlets", ())) or outlets
    start = end = None
    if info.first and info.last and "story_range" in ss:
        start, end = ss["story_range"]
        start = None if start <= info.first else start
        end = None if end >= info.last else end
    return story.StoryView(
        info.name,
        start,
        end,
        None if chosen_types == types else chosen_types,
        None if chosen_outlets == outlets else chosen_outlets,
        bool(ss.get("story_parties")),
        ss.get("story_place"),
    )


def _on_brush(ss: State, info: CollectionInfo) -> None:
    """A range brushed on the timeline becomes the time window."""
    selection = (ss.get("story_timeline") or {}).get("selection", {}).get("brush", {})
    # the brushed x range, under the field's name as Vega-Lite gives it ("yearmonthdate_Day")
    days = next((v for v in selection.values() if isinstance(v, list)), None) if isinstance(selection, dict) else None
    if not days or len(days) != 2 or not (info.first and info.last):
        return
    if all(isinstance(v, (int, float)) for v in days):
        ends = [_as_day(min(days), "start"), _as_day(max(days), "end")]
    else:
        ends = [_as_day(v) for v in days]
    picked = [d for d in ends if d is not None]
    if len(picked) != 2:
        return
    start, end = max(min(picked), info.first), min(max(picked), info.last)
    if start <= end:
        ss["story_range"] = (start, end)


def _as_day(value, edge: str = "") -> date | None:
    """A brush's end as a day. ``edge`` "start" or "end": in epoch milliseconds, each day's bar spans
    the day, so the window holds the days the brush covers at least half of (the grey it draws
    back is then the window)."""
    if isinstance(value, (int, float)):  # Vega-Lite gives a temporal brush in epoch milliseconds
        half = 43_200_000 if edge == "start" else -43_200_000 if edge == "end" else 0
        return datetime.fromtimestamp((value + half) / 1000, tz=UTC).date()
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def show(ss: State, store: Store, url: str, name: str, params, taxonomy, local_assets: bool) -> None:
    """The collection ``name`` on the page; ``params`` are the link's query parameters. Whatever
    the database says, or fails to say, while the page is drawn is a message on it."""
    try:
        _show(ss, store, url, name, params, taxonomy, local_assets)
    except StoreUnavailable as exc:  # the reason is for the operator's log, not for every stranger
        logging.getLogger("mapview").error("collection %r unavailable: %s", name, exc)
        st.error(UNAVAILABLE)
    except MapviewError as exc:
        st.error(f"This collection cannot be read: {md(str(exc))}")


def _show(ss: State, store: Store, url: str, name: str, params, taxonomy, local_assets: bool) -> None:
    from streamlit_folium import st_folium

    from mapview.web.basemap import borrowed, framed_map
    from mapview.web.elements import Layer, Legend, StoryPlaces, safe_json
    from mapview.web.render import legend_html, page_css
    from mapview.web.session import sync_url

    version = store.version(name)
    info, type_counts, outlet_counts = _describe(store, url, name, version)
    types = tuple(t for t, _ in type_counts)
    outlets = tuple(o for o, _ in outlet_counts)
    if ss.get("story_ready") != name:
        _init(ss, params, info, types, outlets)
    st.html(f"<style>{page_css(taxonomy)}</style>")
    whole = ss.get("story_whole") == name  # else the map first, the rest a moment later
    if whole:
        # each type's count in the view the other filters make (outlets, time, parties), as the
        # map's legend counts them: a type's own box does not change its count
        others = dataclasses.replace(current(ss, info, types, outlets).filters(), types=None)
        in_view = dict(_read(store, url, version, "types", others))
        _sidebar(ss, info, tuple((t, in_view.get(t, 0)) for t in types), outlet_counts, taxonomy)
    else:
        st.sidebar.caption("The filters follow the map…")
    view = current(ss, info, types, outlets)
    f = view.filters()
    events, articles, n_outlets = _read(store, url, version, "totals", f)
    span = f"{info.first} – {info.last}" if info.first else "no dates"
    st.html(
        f'<h2 style="margin-bottom:0">Collection: {esc(info.name)}</h2><div class="mv-credits">'
        f"{plural(info.articles, 'article')} from {plural(info.outlets, 'outlet')} · "
        f"{plural(info.events, 'event')} · {esc(span)}<br><b>This view: {plural(events, 'event')} in "
        f"{plural(articles, 'article')} from {plural(n_outlets, 'outlet')}</b>"
        f"{' (where they happened)' if not view.parties else ' (with parties and places only mentioned)'}. "
        "Each account is a claim by the outlet that reported it. Map data: "
        "boundaries Natural Earth (public domain) · places GeoNames (CC BY 4.0)</div>"
    )
    places = _read(store, url, version, "places", f)
    accounts = _read(store, url, version, "accounts", f)
    if view.place and view.place not in {p["id"] for p in places}:
        if ss.pop("story_link_place", False):  # a link's place that this view does not show
            ss.setdefault("story_notices", []).append(
                f"the place {view.place[:60]} is not in this view; showing every place."
            )
        ss["story_place"] = None
        view = current(ss, info, types, outlets)
    # a link's notices stay until the whole page has been drawn, so they do not flash by
    for notice in ss.pop("story_notices", []) if whole else ss.get("story_notices", []):
        st.caption(f"⚠ Link: {md(notice)}")
    timeline = _read(store, url, version, "timeline", f)
    if timeline:
        with st.container(height=TIMELINE_SLOT_PX, border=False):  # the same height either way: nothing jumps
            if whole:
                _timeline(ss, info, timeline, taxonomy)
            else:
                st.html('<div class="mv-later" style="color:#555" aria-busy="true">The timeline follows the map…</div>')
    col_map, col_panel = st.columns([3, 2], gap="medium")
    with col_map:
        if not places:
            st.info(
                "No event in this view says where it happened. Widen the time window, choose more event types "
                "or outlets, or switch on *Also show parties and places only mentioned*."
            )
        key = ("story_map", name, story.frame_of(places) if places else None)
        if ss.get("story_base", (None,))[0] != key:
            ss["story_base"] = (key, framed_map(key[2], local_assets=local_assets))
        m = ss["story_base"][1]
        group = Layer(name="Events")
        StoryPlaces(safe_json(story.map_table(places, accounts, taxonomy, view.place))).add_to(group)
        shown_types = [t for t in types if t in (view.types or types)]
        in_view = dict(_read(store, url, version, "types", f))
        Legend(legend_html([t for t in shown_types if in_view.get(t)], taxonomy, in_view)).add_to(group)

        def drawn() -> None:  # the map's first message: its markers are painted
            if (ss.get("story_map") or {}).get("mv_drawn"):
                ss["story_whole"] = name

        with borrowed(m):
            click = st_folium(
                m,
                key="story_map",
                feature_group_to_add=group,
                height=MAP_HEIGHT_PX,
                use_container_width=True,
                render=False,
                on_change=drawn,
                returned_objects=["last_object_clicked", "last_object_clicked_tooltip", "last_object_clicked_count"],
            )
        click = click or {}
        picked = story.place_from_click(
            click.get("last_object_clicked"), click.get("last_object_clicked_tooltip"), places
        )
        if picked and (picked, click.get("last_object_clicked_count")) != ss.get("story_clicked"):
            ss.update(
                story_clicked=(picked, click.get("last_object_clicked_count")),
                story_place=picked,
                story_link_place=False,
            )
            st.rerun()
    with col_panel:
        if whole:
            _panel(ss, store, url, version, view, places, taxonomy)
        else:
            st.caption("The list of places follows the map…")
            _then_the_rest(ss, name)
    sync_url(st.query_params, current(ss, info, types, outlets))


@st.fragment(run_every=THEN_SECONDS)
def _then_the_rest(ss: State, name: str) -> None:
    """Called in the run that drew the map alone. Should the map never say it is drawn (a script
    error in the browser), its timer's run reruns the page whole; not called again, the timer
    stops. Any other run before then (a reader's click) draws the page whole too."""
    if ss.get("story_then") == name:
        ss["story_whole"] = name
        st.rerun()
    ss["story_then"] = name


def _sidebar(ss: State, info: CollectionInfo, type_counts, outlet_counts, taxonomy) -> None:
    with st.sidebar:
        st.subheader("Time")
        if info.first and info.last and info.first < info.last:
            st.slider(
                "Events between",
                min_value=info.first,
                max_value=info.last,
                key="story_range",
                format="YYYY-MM-DD",
                help="Each event on its own date where the text gives the day, "
                "else on its article's date. Brush the timeline to choose too.",
            )
        elif info.first:
            st.caption(f"Every dated event is on {info.first}.")
        else:
            st.caption("No article or event in this collection has a date.")
        st.subheader("Event types")
        labels = {t: taxonomy[t].label if t in taxonomy else t for t, _ in type_counts}
        counts = dict(type_counts)
        st.multiselect(
            "Event types",
            [t for t, _ in type_counts],
            key="story_types",
            label_visibility="collapsed",
            format_func=lambda t: f"{labels[t]} ({counts[t]})",
        )
        st.toggle(
            "Also show parties and places only mentioned",
            key="story_parties",
            help="Off: only where the chosen events happened. On: also their parties, where they were said "
            "or reported from, and places their sentences only mention.",
        )
        st.subheader("Outlets")
        if outlet_counts:
            n = dict(outlet_counts)
            # none chosen means every outlet: a collection may hold hundreds, and a tag for each
            # filled the sidebar
            st.multiselect(
                "Outlets",
                [o for o, _ in outlet_counts],
                key="story_outlets",
                label_visibility="collapsed",
                format_func=lambda o: f"{o} ({n[o]})",  # plain text: no markdown here
                placeholder=f"All {len(outlet_counts):,} outlets",
            )
        else:
            st.caption("The articles of this collection do not name their outlets.")


def timeline_axes(first: date, last: date, window: tuple[date, date] | None):
    """The timeline's scale domain, tick interval and brush, in epoch milliseconds: a day's bar
    spans its day (so one day is one bar, not the whole chart), ticks fall once a day (a week on a
    long span: no day twice), and the brush drawn is the time window the page applies, whole days."""
    day_ms = 86_400_000

    def ms(d: date) -> int:
        return int(datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp() * 1000)

    span_days = (last - first).days + 1
    interval = "day" if span_days <= 16 else "week"
    domain = [ms(first) - day_ms // 2, ms(last) + day_ms + day_ms // 2]
    brush = [ms(window[0]), ms(window[1]) + day_ms] if window and window != (first, last) else None
    return domain, interval, brush


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _timeline(ss: State, info: CollectionInfo, rows, taxonomy) -> None:
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame(
        [{"Day": d.isoformat(), "Type": taxonomy[t].label if t in taxonomy else t, "Events": n} for d, t, n in rows]
    )
    colours = {taxonomy[t].label: taxonomy[t].colour for t in taxonomy}
    present = sorted(set(frame["Type"]))
    first, last = info.first or rows[0][0], info.last or rows[-1][0]
    domain, interval, window = timeline_axes(first, last, ss.get("story_range"))
    # the brush drawn is the time window the page applies (whole days); none when it is everything
    brush = alt.selection_interval(
        name="brush", encodings=["x"], value={"x": [_iso(v) for v in window]} if window else alt.Undefined
    )
    chart = (
        alt.Chart(frame, height=TIMELINE_PX)
        .mark_bar()
        .encode(
            x=alt.X(
                "yearmonthdate(Day):T",
                title=None,
                scale=alt.Scale(domain=[_iso(v) for v in domain]),
                axis=alt.Axis(format="%d %b %Y", labelAngle=0, tickCount={"interval": interval, "step": 1}),
            ),
            y=alt.Y("sum(Events):Q", title="Events", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "Type:N",
                scale=alt.Scale(domain=present, range=[colours.get(t, "#666") for t in present]),
                legend=alt.Legend(orient="right", title=None),
            ),
            tooltip=[alt.Tooltip("yearmonthdate(Day):T", title="Day"), "Type:N", "Events:Q"],
        )
        .add_params(brush)
        .properties(
            description=f"Events per day by type, {rows[0][0]} to {rows[-1][0]}: "
            f"{plural(sum(n for _, _, n in rows), 'event')}. Drag across days to set the time window."
        )
    )
    st.altair_chart(
        chart, key="story_timeline", on_select=lambda: _on_brush(ss, info), selection_mode="brush", width="stretch"
    )
    st.caption(
        "Events per day by type (where they happened, under the filters). Drag across days to set the time window."
    )


def _panel(ss: State, store: Store, url: str, version: tuple, view: story.StoryView, places, taxonomy) -> None:
    by_id = {p["id"]: p for p in places[:PANEL_PLACES]}
    if view.place and view.place not in by_id:
        by_id[view.place] = next(p for p in places if p["id"] == view.place)
    if ss.get("story_place") not in [None, *by_id]:
        ss["story_place"] = None
    st.selectbox(
        "Place",
        [None, *by_id],
        key="story_place",
        format_func=lambda i: (
            f"{by_id[i]['name']} ({plural(by_id[i]['events'], 'event')})" if i else f"All places ({len(places)})"
        ),
    )
    if not view.place:
        rows = [
            {
                "Place": p["name"],
                "Events": p["events"],
                "Reports": p["reports"],
                "Outlets": p["outlets"],
                "First": p["first"],
                "Last": p["last"],
            }
            for p in places[:PANEL_PLACES]
        ]
        st.caption(
            "Places where the events in view happened, most events first. Choose one, or click its marker, "
            "to read every account of it."
        )
        st.dataframe(rows, height=table_height(len(rows)), hide_index=True, width="stretch")
        return
    place = by_id[view.place]
    f = Filters(**{**view.filters().__dict__, "place": view.place})
    accounts = _read(store, url, version, "accounts", f, 500).get(view.place, [])
    st.markdown(
        f"**{md(place['name'])}**: {plural(place['events'], 'event')} in {plural(place['reports'], 'report')} from "
        f"{plural(place['outlets'], 'outlet')} ({place['first'] or '?'} – {place['last'] or '?'})"
    )
    st.caption(
        "Every account, newest day first and by outlet within a day: each is what that outlet reported, "
        "a claim with its source. Figures that disagree stay side by side."
    )
    rows = story.claims(accounts, taxonomy)
    st.dataframe(  # the figures side by side first: day, outlet, fatalities claimed; as tall as its rows
        rows,
        height=table_height(len(rows)),
        hide_index=True,
        width="stretch",
        column_order=list(CLAIM_COLUMN_PX),
        column_config={
            c: st.column_config.LinkColumn(c, display_text="open", width=w)
            if c == "Link"
            else st.column_config.TextColumn(c, width=w)
            for c, w in CLAIM_COLUMN_PX.items()
        },
    )


def collection_switch(ss: State, names: tuple[str, ...], current: str | None) -> None:
    """The sidebar's choice between the single article and the story collections."""

    def go() -> None:
        chosen = ss.get("story_switch")
        st.query_params.from_dict({"collection": chosen} if chosen else {})
        ss.pop("story_ready", None)
        ss.pop("story_clicked", None)

    ss["story_switch"] = current
    st.sidebar.selectbox(
        "Story collection",
        [None, *names],
        key="story_switch",
        on_change=go,
        format_func=lambda n: n or "None: one article at a time",  # plain text
        help="A collection shows every event of many articles on one map, over time. "
        "Collections are made with `mapview ingest`.",
    )


@st.cache_data(ttl=10, show_spinner=False)
def _names(_store: Store, url: str) -> tuple[str, ...]:
    """The collections' names, read at most every ten seconds (every rerun of every page asks)."""
    return _store.collection_names()


class Collections(NamedTuple):
    store: Store | None
    url: str
    names: tuple[str, ...]
    problem: str | None = None  # why the database cannot be read now


def open_collections() -> Collections:
    """The store, its URL and the collections' names; no store where none was ever made, and no
    store with the reason where it cannot be opened or read now (the database is away: the reason
    also goes to the operator's log; readers get the single-article page, with a notice)."""
    from mapview.store.database import database_url, existing_store

    try:
        store = existing_store()
        return Collections(store, database_url(), _names(store, database_url())) if store else Collections(None, "", ())
    except MapviewError as exc:
        logging.getLogger("mapview").error("story collections unavailable: %s", exc)
        return Collections(None, "", (), str(exc))


def route(ss: State, query_params, taxonomy, local_assets) -> bool:
    """Show the collection the link names (``?collection=NAME``) and say so; else offer the
    collections in the sidebar and leave the page to the single article. ``taxonomy`` and
    ``local_assets`` are called only when a collection is shown."""
    store, url, names, problem = open_collections()
    params = {k: query_params.get_all(k) for k in query_params}
    if problem is not None:
        ss["mv_database_problem"] = problem
        if "collection" in params:  # the collection may well exist: say it cannot be read now
            st.error(f"{UNAVAILABLE} [The single article](?) works without it.")
            return True
    else:
        ss.pop("mv_database_problem", None)
    wanted, notices = story.collection_from_query(params, names) if "collection" in params else (None, [])
    if names:
        collection_switch(ss, names, wanted)
    if wanted and store is not None:
        show(ss, store, url, wanted, params, taxonomy(), local_assets())
        return True
    ss.setdefault("notices", []).extend(notices)
    return False


def add_to_collection(ss: State, doc, who: str | None) -> None:
    """For an editor: add the article on the page (as read, with this reader's corrections) to a
    story collection, new or existing. Readers who are not editors never see it."""
    if who is None:
        return
    names = open_collections().names
    st.subheader("Story collections")

    def add() -> None:
        from mapview.store.database import check_name, open_store
        from mapview.store.rows import article_rows

        try:
            name = check_name(ss.get("add_collection") or "")
            open_store().write(name, [article_rows(doc)])
            _names.clear()  # a new collection is offered at once
            ss["add_message"] = f"Added to {name}."
        except MapviewError as exc:
            ss["add_message"] = f"Not added: {exc}"

    st.selectbox(
        "Add this article to the collection",
        names,
        index=None,
        key="add_collection",
        accept_new_options=True,
        placeholder="Choose or type a new name",
    )
    st.button(
        "Add to collection",
        key="add_go",
        on_click=add,
        disabled=not ss.get("add_collection"),
        help="Editors only: every reader of the collection then sees this article's events.",
    )
    if message := ss.pop("add_message", ""):
        st.caption(md(message))
