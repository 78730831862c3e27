"""Parts of the Streamlit page that are widgets and nothing else, kept out of ``app.py`` so it
stays a short script. Every decision they show is made in :mod:`mapview.web.view` and
:mod:`mapview.web.session`; these only lay it out."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any, Literal

import streamlit as st

from mapview.store.corrections import saved_corrections
from mapview.web import session
from mapview.web.render import md
from mapview.web.view import EVENT_COLUMNS, event_rows, reporters, share_links

State = MutableMapping[str, Any]
#: A table's row and its header, in Streamlit's grid (one line each).
ROW_PX, HEADER_PX = 35, 36


def table_height(rows: int, most: int = 12) -> int:
    """A table as tall as its rows (up to ``most`` of them, then it scrolls): no empty rows under
    them, and no grey box taller than the table while it loads."""
    return HEADER_PX + ROW_PX * max(1, min(rows, most)) + 2


#: The events table's columns, in the order a reader scans them, in pixels ("large" for the
#: sentence, which takes what is left): at 1366 px every column but the sentence shows whole.
EVENT_COLUMN_PX: dict[str, int | Literal["large"]] = {
    "Type": 120,
    "Where": 170,
    "Casualties claimed": 170,
    "Reported by": 120,
    "When": 110,
    "Parties": 140,
    "Link": 70,
    "Sentence": "large",
}


def editors_panel(ss: State, who: str | None, book) -> None:
    """Log in and out; for an editor, every saved correction with an Undo."""
    st.subheader("Editors")
    logged_in, auth = session.login_state(st.user, st.secrets)
    if not auth:
        st.caption("Shared corrections are switched on, but no login is configured (see the README).")
    elif not logged_in:
        st.button("Log in as an editor", key="login", on_click=st.login)
    else:
        if who:
            status = " (editor)"
        elif st.user.get("email") and not session.email_verified(st.user):
            status = " (not an editor: the login provider has not verified this address)"
        else:
            status = " (not an editor)"
        st.caption(f"Logged in as {md(st.user.get('email') or 'unknown')}{status}")
        st.button("Log out", key="logout", on_click=st.logout)
        for c in saved_corrections(book.current()[1]) if who else ():
            left, right = st.columns([4, 1], vertical_alignment="center")
            left.caption(f"{md(c.article)}: “{md(c.query)}” → {md(c.name)} · {md(c.source_ref)}")
            if c.shipped:
                right.caption("shipped")
            else:
                right.button(
                    "Undo", key=f"undo_{c.key}", on_click=session.undo_for_everyone, args=(ss, book, c.key, who)
                )
        if message := ss.pop("editor_message", ""):
            st.caption(message)


def events_filter(ss: State, doc, view, taxonomy) -> list[dict]:
    """In the panel: who reports the events, and how many there are; their rows, for
    :func:`events_table` (none: said here)."""
    sources = reporters(doc)
    if ss.get("events_by") not in ["", *sources]:
        ss["events_by"] = ""
    st.selectbox("Reported by", ["", *sources], key="events_by", format_func=lambda s: md(s) if s else "Anyone")
    rows = event_rows(doc, view, taxonomy, ss.get("events_by", ""))
    if not rows:
        st.caption("No event of the selected types" + (" from this source." if ss.get("events_by") else "."))
    else:
        st.caption(
            f"{len(rows)} event{'s' if len(rows) != 1 else ''} · in the table below: choose a row to show "
            "where it happened"
        )
    return rows


def events_table(ss: State, doc, rows: list[dict], by_id: dict) -> None:
    """The events as a sortable table under the map, as wide as the page, as tall as its rows;
    choosing a row selects where the event happened (else its first party, switching the parties
    on) on the map. ``by_id``: the visible places."""
    import pandas as pd

    def on_select() -> None:
        picked = ss.get("events_table", {}).get("selection", {}).get("rows", [])
        targets = rows[picked[0]]["_places"] if picked else []
        if targets and targets[0] not in by_id:  # a party, hidden by the switch: show the parties
            ss["parties"] = True
        session.select_place(ss, doc.places_by_id[targets[0]] if targets else None)

    st.dataframe(
        pd.DataFrame(rows, columns=list(EVENT_COLUMNS)),
        key="events_table",
        hide_index=True,
        on_select=on_select,
        selection_mode="single-row",
        width="stretch",
        height=table_height(len(rows)),
        column_order=[c for c in EVENT_COLUMN_PX if c in EVENT_COLUMNS],
        column_config={
            c: st.column_config.LinkColumn(c, display_text="link", width=w, help="A link to this event")
            if c == "Link"
            else st.column_config.TextColumn(c, width=w)
            for c, w in EVENT_COLUMN_PX.items()
        },
    )


def share(view, page_url: str | None, title: str = "") -> None:
    """The link to this view and a snippet that embeds it in another page."""
    if not page_url:  # no browser said where the page is (a test run without one)
        return
    # the snippets are drawn only when asked for: a code block's highlighter is script the
    # browser would otherwise run while the map is being drawn
    if not st.toggle("Share or embed this view", key="share"):
        return
    link, snippet = share_links(page_url, view, title)
    with st.container(border=True):
        st.caption("A link to this exact view:")
        st.code(link, language=None, wrap_lines=True)
        st.caption("To embed it in a web page (the map and its excerpts, without the sidebar):")
        st.code(snippet, language="html", wrap_lines=True)
