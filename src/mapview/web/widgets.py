"""Parts of the Streamlit page that are widgets and nothing else, kept out of ``app.py`` so it
stays a short script. Every decision they show is made in :mod:`mapview.web.view` and
:mod:`mapview.web.session`; these only lay it out."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import streamlit as st

from mapview.store.corrections import saved_corrections
from mapview.web import session
from mapview.web.render import md
from mapview.web.view import EVENT_COLUMNS, event_rows, reporters

State = MutableMapping[str, Any]


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


def events_panel(ss: State, doc, view, taxonomy, by_id: dict) -> None:
    """The events of the selected types as a sortable table; choosing a row selects where the
    event happened (else its first party, switching the parties on) on the map. ``by_id``: the
    visible places."""
    sources = reporters(doc)
    if ss.get("events_by") not in ["", *sources]:
        ss["events_by"] = ""
    st.selectbox("Reported by", ["", *sources], key="events_by", format_func=lambda s: md(s) if s else "Anyone")
    rows = event_rows(doc, view, taxonomy, ss.get("events_by", ""))
    if not rows:
        st.caption("No event of the selected types" + (" from this source." if ss.get("events_by") else "."))
        return
    import pandas as pd

    def on_select() -> None:
        picked = ss.get("events_table", {}).get("selection", {}).get("rows", [])
        targets = rows[picked[0]]["_places"] if picked else []
        if targets and targets[0] not in by_id:  # a party, hidden by the switch: show the parties
            ss["parties"] = True
        session.select_place(ss, doc.places_by_id[targets[0]] if targets else None)

    st.caption(f"{len(rows)} event{'s' if len(rows) != 1 else ''} · choose a row to show where it happened")
    st.dataframe(
        pd.DataFrame(rows, columns=list(EVENT_COLUMNS)),
        key="events_table",
        hide_index=True,
        on_select=on_select,
        selection_mode="single-row",
        width="stretch",
    )
