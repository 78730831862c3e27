"""HTML for popups, tooltips, the excerpt panel, the legend and the highlighted article.

Every piece of text that comes from an article, a gazetteer, a cache or a URL goes through
:func:`esc` before it becomes HTML. Nothing here trusts its input.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from functools import lru_cache
from urllib.parse import quote

from mapview.assemble import QUALIFIER, shown_role
from mapview.geo.ranking import disputing_evidence, why_chosen
from mapview.model.document import GeoDoc, Place
from mapview.model.enums import Source
from mapview.nlp.taxonomy import EventType
from mapview.settings import EXCERPT_CHARS, POPUP_EXCERPTS
from mapview.web.view import Excerpt, event_key, primary_type

NEUTRAL = "#777777"


def esc(text: object) -> str:
    """HTML-escape text for element content and quoted attributes. Backticks and dollar signs are
    escaped too, so text can never end a JavaScript template literal it might land in."""
    return html.escape(str(text), quote=True).replace("`", "&#96;").replace("$", "&#36;")


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+-.!|:~$"})


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 article", "2 articles", "1,204 events": a count with its noun in the right number."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def upload_limit_text(max_bytes: int) -> str:
    """The upload limit in the words of Streamlit's uploader, whose megabyte is 2**20 bytes."""
    mib = max_bytes / 2**20
    return f"{mib:g} MB" if mib >= 1 and mib == int(mib) else f"{max_bytes / 1024:,.0f} KB"


def correction_text(place, choice) -> str:
    """Plain text of a reader's correction that says what changed, even where both have one name
    ("Belgorod (city or town, RU) → Belgorod (province or region, RU)")."""

    def said(p) -> str:
        if getattr(p, "is_not_a_place", False):
            return "not a place"
        where = f", {p.country_code}" if getattr(p, "country_code", "") else ""
        return f"{p.name} ({p.kind.label.lower()}{where})"

    return f"{said(place)} → {said(choice)}"


def md(text: object) -> str:
    """Escape text for Streamlit labels, which are Markdown: "[x](javascript:...)" stays text."""
    return str(text).translate(_MARKDOWN_SPECIAL)


def mark_class(types: Sequence[str], selected: Iterable[str] | None, focus: bool) -> str:
    """CSS classes of a highlighted mention: its place's first selected event type colours it
    (rules in :func:`page_css`); classes, not inline styles, keep long articles small."""
    t = primary_type(types, selected)
    return f"mv-m t-{t or 'none'}" + (" mv-f" if focus else "")


def colour_of(types: Sequence[str], taxonomy: dict[str, EventType], selected: Iterable[str] | None = None) -> str:
    t = primary_type(types, selected)
    return taxonomy[t].colour if t else NEUTRAL


def ring_css(types: Sequence[str], taxonomy: dict[str, EventType]) -> str:
    """A CSS background showing every event type of a place as an equal slice of a ring."""
    colours = [taxonomy[t].colour for t in types if t in taxonomy] or [NEUTRAL]
    if len(colours) == 1:
        return colours[0]
    step = 100 / len(colours)
    stops = ", ".join(f"{c} {i * step:.1f}% {(i + 1) * step:.1f}%" for i, c in enumerate(colours))
    return f"conic-gradient({stops})"


def marker_html(
    place: Place, types: Sequence[str], taxonomy: dict[str, EventType], selected: bool, party: bool = False
) -> str:
    """A place's marker: a ring of its event types' colours around its main type's symbol; small
    and faded when no selected event happened there (a party, or a place only mentioned)."""
    primary = types[0] if types else None
    classes = (
        "mv-marker"
        + (" mv-selected" if selected else "")
        + (" mv-uncertain" if place.uncertain or (place.probably_located and not party) else "")
        + (" mv-party" if party else "")
    )
    notes = (
        (["uncertain: check this place"] if place.uncertain else [])
        + (["probably where: the reader is not sure the events happened here"] if place.probably_located else [])
    ) + (["a party to the events or only mentioned; they did not happen here"] if party else [])
    doubt = f' aria-description="{esc("; ".join(notes))}"' if notes else ""
    return (
        f'<div class="{classes}" data-place-id="{esc(place.id)}" role="img" aria-label="{esc(place.label)}"{doubt} '
        f'style="background:{ring_css(types, taxonomy)}"><span>{symbol_html(primary)}</span></div>'
    )


#: The symbol of a place with no event type: a dot.
_DOT = "M6 3.5a2.5 2.5 0 1 1 0 5a2.5 2.5 0 1 1 0-5Z"


def symbol_html(type_key: str | None) -> str:
    """An event type's symbol: an empty element its stylesheet class draws (:func:`symbol_css`),
    decorative (the marker or label carries the words). No markup travels with each marker."""
    return f'<i class="mv-sym mv-sym-{esc(type_key or "none")}" aria-hidden="true"></i>'


@lru_cache(maxsize=256)  # the stylesheets that use it are rebuilt on every rerun
def icon_data_url(event_type: EventType | None, colour: str = "#fff") -> str:
    """A symbol's SVG shape as a CSS ``url()``: the same in every browser, no emoji font needed."""
    from urllib.parse import quote

    path = event_type.icon if event_type is not None and event_type.icon else _DOT
    svg = (
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 12 12'><path d='{path}' "
        f"fill='{colour}' fill-rule='evenodd'/></svg>"
    )
    return f'url("data:image/svg+xml,{quote(svg, safe="")}")'


def symbol_css(taxonomy: dict[str, EventType]) -> str:
    """The symbols' classes: dark on a marker's white disc, white on the legend's coloured one."""
    rules = [
        ".mv-sym{display:inline-block;width:10px;height:10px;background:center/contain no-repeat}",
        f".mv-sym-none{{background-image:{icon_data_url(None, '#222')}}}",
    ]
    for key, t in taxonomy.items():
        rules.append(f".mv-sym-{key}{{background-image:{icon_data_url(t, '#222')}}}")
        rules.append(f".mv-legend .mv-sym-{key}{{background-image:{icon_data_url(t, '#fff')}}}")
    return "\n".join(rules)


def type_badges(types: Sequence[str], taxonomy: dict[str, EventType]) -> str:
    return "".join(
        f'<span class="mv-badge" style="border-color:{taxonomy[t].colour}">'
        f'<i style="background:{taxonomy[t].colour}"></i>{esc(taxonomy[t].label)}</span>'
        for t in types
        if t in taxonomy
    )


def highlight(text: str, start: int, end: int, spans: Iterable[tuple[int, int, str]]) -> str:
    """text[start:end] escaped, with each (s, e, css classes) span wrapped in <mark>."""
    out, pos = [], start
    for s, e, cls in sorted(spans):
        if s < pos or e > end:
            continue
        out.append(esc(text[pos:s]))
        out.append(f'<mark class="{cls}">{esc(text[s:e])}</mark>')
        pos = e
    out.append(esc(text[pos:end]))
    return "".join(out)


def excerpt_window(doc: GeoDoc, excerpt: Excerpt, focus: str | None) -> tuple[int, int]:
    """The part of a long sentence to show: EXCERPT_CHARS around the focus place's first mention."""
    start, end = excerpt.start, excerpt.end
    if end - start <= EXCERPT_CHARS:
        return start, end
    anchor = next((m.start for m in doc.mentions if start <= m.start < end and m.place_id == focus), start)
    lo = max(start, anchor - EXCERPT_CHARS // 2)
    hi = min(end, lo + EXCERPT_CHARS)
    lo = max(start, hi - EXCERPT_CHARS)
    # cut at spaces, never inside a word or a mention
    if lo > start:
        space = doc.article.text.find(" ", lo, hi)
        lo = space + 1 if space != -1 else lo
    if hi < end:
        space = doc.article.text.rfind(" ", lo, hi)
        hi = space if space > lo else hi
    return lo, hi


def excerpt_html(
    doc: GeoDoc,
    excerpt: Excerpt,
    taxonomy: dict[str, EventType],
    selected_types: Sequence[str],
    focus: str | None = None,
) -> str:
    by_id = doc.places_by_id
    lo, hi = excerpt_window(doc, excerpt, focus)
    spans = []
    for m in doc.mentions:
        if lo <= m.start and m.end <= hi and m.place_id in excerpt.place_ids:
            spans.append(
                (m.start, m.end, mark_class(by_id[m.place_id].event_types, selected_types, m.place_id == focus))
            )
    sentence = (
        ("… " if lo > excerpt.start else "")
        + highlight(doc.article.text, lo, hi, spans)
        + (" …" if hi < excerpt.end else "")
    )
    quotes = "".join(
        f'<div class="mv-quote"><q>{esc(_short(q.text, 300))}</q> '
        f'<span class="mv-speaker">— {esc(q.speaker or "unattributed")}</span></div>'
        for q in excerpt.quotes
    )
    return (
        f'<div class="mv-excerpt">{type_badges(excerpt.event_types, taxonomy)}'
        f'<p class="mv-sentence">{sentence}</p>{quotes}</div>'
    )


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def provenance(place: Place) -> str:
    where = place.served_from.label
    gn = f", GeoNames {place.geonames_id}" if place.geonames_id else ""
    return f"{place.source_text}{gn} (via {where}); confidence {place.confidence:.2f}" + (
        f"; {place.note}" if place.note else ""
    )


def popup_html(
    doc: GeoDoc,
    place: Place,
    excerpts: Sequence[Excerpt],
    taxonomy: dict[str, EventType],
    selected_types: Sequence[str],
) -> str:
    kind = place.kind.label
    forms = ", ".join(place.surface_forms)
    parts = [
        f'<div class="mv-popup" data-place-id="{esc(place.id)}">',
        f"<h4>{esc(place.label)}</h4>",
        f'<div class="mv-kind">{esc(kind)}{" · " + esc(place.country_code) if place.country_code else ""}'
        f" · {len(place.mentions)} mention{'s' if len(place.mentions) != 1 else ''}: {esc(forms)}</div>",
    ]
    if place.probably_located:
        labels = ", ".join(taxonomy[t].label for t in place.probable_types if t in taxonomy)
        parts.append(f'<div class="mv-kind"><b>Probably where:</b> {esc(labels)} (the reader is not sure)</div>')
    parts.append(events_html(doc, place, taxonomy, selected_types))
    for e in excerpts[:POPUP_EXCERPTS]:
        parts.append(excerpt_html(doc, e, taxonomy, selected_types, focus=place.id))
    if len(excerpts) > POPUP_EXCERPTS:
        parts.append(f'<div class="mv-more">{len(excerpts) - POPUP_EXCERPTS} more in the panel</div>')
    parts.append(f'<div class="mv-prov">Coordinates: {esc(provenance(place))}</div></div>')
    return "".join(parts)


POPUP_EVENTS = 4
ROLE_LABELS = {
    "location": "happened here",
    "actor": "a party",
    "source": "where it was said or reported from",
    "mentioned": "only mentioned",
    QUALIFIER: "says where the place it happened lies",
    "probable": "probably happened here (the reader is not sure)",
}


def _role_label(event, place_id: str, kind) -> str:
    """The place's parts in the event, in words: a location the reader is not sure of says so,
    and a country that only qualifies a located town says that."""
    labels = []
    for p in event.places:
        if p.place_id == place_id:
            role = shown_role(p, event, kind)
            labels.append("probable" if role == "location" and p.probable else role)
    return ", ".join(ROLE_LABELS.get(r, r) for r in dict.fromkeys(labels))


def event_line(doc: GeoDoc, event, taxonomy: dict[str, EventType], place_id: str | None = None) -> str:
    """One event as plain words: type, role of the place, when, the others involved, who reports
    it, casualties claimed. Escaped HTML."""
    by_id = doc.places_by_id
    bits = [f"<b>{esc(taxonomy[event.type].label)}</b>" if event.type in taxonomy else f"<b>{esc(event.type)}</b>"]
    if place_id is not None:
        place = by_id.get(place_id)
        bits.append(f"<i>{esc(_role_label(event, place_id, place.kind if place else None))}</i>")
    if event.when is not None:
        bits.append(esc(event.when.text + (f" ({event.when.date})" if event.when.date else "")))
    others = [
        f"{esc(by_id[p.place_id].label)} ({esc(p.role)})"
        for p in event.places
        if p.place_id != place_id and p.place_id in by_id and p.role != "mentioned"
    ]
    if others:
        bits.append("with " + ", ".join(dict.fromkeys(others)))
    if event.reported_by:
        bits.append("reported by " + esc(event.reported_by))
    for c in event.fatalities:
        bits.append(f"{esc(c.count)} {esc(c.kind)}" + (f" (claimed by {esc(c.claimed_by)})" if c.claimed_by else ""))
    return " · ".join(bits)


def event_link(doc: GeoDoc, event) -> str:
    """A link to one event, relative to the page (the map's frame makes it the page's own, in
    ``popup_focus.js``): it opens with the event's places selected and framed."""
    href = f"?article={quote(doc.article.id)}&event={quote(event_key(event))}"
    return f'<a class="mv-event-link" href="{esc(href)}" target="_blank" rel="noopener">link</a>'


def event_focus_html(doc: GeoDoc, event, taxonomy: dict[str, EventType]) -> str:
    """Above the panel, for an event's link: the event in words and its whole sentence."""
    text = doc.article.text[event.start : event.end].strip()
    return (
        f'<div class="mv-excerpt mv-event-focus" data-event="{esc(event.start)}-{esc(event.type)}">'
        f'{type_badges((event.type,), taxonomy)}<div class="mv-kind">{event_line(doc, event, taxonomy)}</div>'
        f'<p class="mv-sentence">{esc(text)}</p></div>'
    )


def events_html(doc: GeoDoc, place: Place, taxonomy: dict[str, EventType], selected_types: Sequence[str]) -> str:
    """The events of the selected types that concern a place, those that happened there first."""
    chosen = set(selected_types)
    events = [e for e in doc.events_of(place.id) if e.type in chosen]
    if not events:
        return ""
    events.sort(key=lambda e: ("location" not in e.role_of(place.id), e.start))
    items = "".join(
        f"<li>{event_line(doc, e, taxonomy, place.id)} · {event_link(doc, e)}</li>" for e in events[:POPUP_EVENTS]
    )
    more = (
        f'<div class="mv-more">{len(events) - POPUP_EVENTS} more events in the table</div>'
        if len(events) > POPUP_EVENTS
        else ""
    )
    return f'<ul class="mv-events">{items}</ul>{more}'


def tooltip_text(place: Place) -> str:
    """Plain text: the map client shows it escaped and returns it on click to identify the place."""
    return place.label


def polygon_tooltip(place: Place) -> str:
    forms = ", ".join(place.surface_forms)
    n = len(place.mentions)
    return f"{place.label}: {n} mention{'s' if n != 1 else ''} ({forms})"


#: What the map's dashed shapes mean, for the legend: (key, symbol, words).
LEGEND_NOTES = {
    "circle": (
        '<svg width="14" height="14" aria-hidden="true"><circle cx="7" cy="7" r="5.5" fill="none" '
        'stroke="#555" stroke-width="1.5" stroke-dasharray="2.5 2"/></svg>',
        "a region with no outline on file: roughly where it lies",
    ),
    "uncertain": (
        '<svg width="14" height="14" aria-hidden="true"><rect x="1.5" y="1.5" width="11" height="11" rx="5.5" '
        'fill="none" stroke="#222" stroke-width="1.5" stroke-dasharray="2.5 2"/></svg>',
        "dashed ring: an uncertain place, check it",
    ),
}


def legend_html(
    types: Sequence[str], taxonomy: dict[str, EventType], counts: dict[str, int], notes: Iterable[str] = ()
) -> str:
    """The map's legend: a disclosure (collapsed on a small map, and when a popup opens, so it
    never covers one), the event types with their counts, and what the dashed shapes mean."""
    rows = "".join(
        f'<div><i style="background:{taxonomy[t].colour}">{symbol_html(t)}</i>'
        f"{esc(taxonomy[t].label)} <small>({counts.get(t, 0)})</small></div>"
        for t in types
    )
    explained = "".join(
        f'<p class="mv-note">{LEGEND_NOTES[n][0]}{esc(LEGEND_NOTES[n][1])}</p>' for n in notes if n in LEGEND_NOTES
    )
    return f'<details class="mv-legend" open><summary>Legend</summary><b>Event types</b>{rows}{explained}</details>'


def article_html(
    doc: GeoDoc,
    taxonomy: dict[str, EventType],
    visible_ids: set[str],
    selected_types: Sequence[str],
    focus: str | None = None,
) -> str:
    """The whole article, paragraphs kept, every mention of a visible place highlighted."""
    by_id = doc.places_by_id
    spans = [
        (m.start, m.end, mark_class(by_id[m.place_id].event_types, selected_types, m.place_id == focus))
        for m in doc.mentions
        if m.place_id in visible_ids
    ]
    text = doc.article.text
    body = highlight(text, 0, len(text), spans)
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    return '<div class="mv-article">' + "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs) + "</div>"


def excerpt_css(taxonomy: dict[str, EventType]) -> str:
    """The one stylesheet of excerpts, badges, quotes and highlighted mentions, for the page and
    for the map's popups alike, with one colour rule per event type."""
    return (
        EXCERPT_CSS
        + "".join(f"mark.t-{key}{{--mv-colour:{t.colour}}}" for key, t in taxonomy.items())
        + symbol_css(taxonomy)
    )


def page_css(taxonomy: dict[str, EventType]) -> str:
    """The page's styles: the excerpt stylesheet and the page's own rules."""
    return excerpt_css(taxonomy) + PAGE_CSS


EXCERPT_CSS = """
.mv-excerpt{border-left:3px solid #ddd;padding:.2em .6em;margin:.4em 0}
.mv-sentence{margin:.2em 0;line-height:1.45}
.mv-quote{font-style:italic;margin:.2em 0 .2em .6em}
.mv-speaker{font-style:normal;color:#555}
.mv-badge{display:inline-block;border:1px solid;border-radius:1em;padding:0 .5em;margin:0 .3em .2em 0;font-size:.75em}
.mv-badge i{display:inline-block;width:.6em;height:.6em;border-radius:50%;margin-right:.3em}
mark.mv-m{--mv-colour:#777777;background:color-mix(in srgb,var(--mv-colour) 22%,white);
  border-bottom:2px solid var(--mv-colour);padding:0 .1em}
mark.mv-f{background:color-mix(in srgb,var(--mv-colour) 45%,white);font-weight:600}
"""
PAGE_CSS = """
.mv-article p{line-height:1.6}
.mv-credits{font-size:.8em;color:#595959}
[data-testid="stCaptionContainer"]{opacity:1;color:#5c5e66}
button[data-variant="segmented_control"][aria-checked="true"] p{color:#8a1c2b}
.st-key-story_types [data-tag],.st-key-story_outlets [data-tag]{max-width:100%;height:auto}
.st-key-story_types [data-tag]>span[title],.st-key-story_outlets [data-tag]>span[title]{white-space:normal;
  overflow:visible;text-overflow:clip;max-width:none}
@media (max-width: 640px){
  .st-key-mv_excerpts,div:has(> .st-key-mv_excerpts){height:auto!important;max-height:none!important;
    overflow:visible!important}
  .st-key-mv_pager [data-testid="stHorizontalBlock"]{flex-wrap:nowrap!important}
  .st-key-mv_pager [data-testid="stColumn"]{min-width:0!important;width:auto!important;flex:0 0 auto!important}
  .st-key-mv_pager [data-testid="stColumn"]:first-child{flex:1 1 auto!important}
}
"""
# Streamlit greys its captions by opacity 0.6 (2.9:1 on white); the page draws them opaque in a
# grey of 6.4:1, past WCAG AA's 4.5:1 for small text (tests/test_a11y.py audits every frame). The
# chosen option of a segmented control is the theme's red on a tint of it (under 4.5:1): darker.
# A collection's chosen types and outlets wrap inside their chips, never cut off.
# On a phone the columns stack: the excerpts then flow in the page (no scroll box inside the
# scrolling page) and the pager's ‹ › stay on one row beside the count.


# -- the page's header, place header, candidates and sidebar symbols -----------------------------


def header_html(article, doc: GeoDoc) -> str:
    """Title, source, dateline, date, licence (a link only to an https:// address), attribution
    and the map data's credits."""
    title = esc(article.title or "Untitled article")
    editorial = (
        ' <small title="The received text has no headline">(editorial title)</small>'
        if article.title_is_editorial
        else ""
    )
    date = article.date + (" (inferred)" if article.date and article.date_is_inferred else "")
    bits = [esc(x) for x in (article.source, article.dateline, date) if x]
    licence = ""
    if article.licence:
        link = (
            f'<a href="{esc(article.licence_url)}" rel="license noopener" target="_blank">{esc(article.licence)}</a>'
            if article.licence_url.startswith("https://")
            else esc(article.licence)
        )
        licence = f" · Licence: {link}"
    attribution = "<br>" + esc(article.attribution) if article.attribution else ""
    return (
        f'<h2 style="margin-bottom:0">{title}{editorial}</h2>'
        f'<div class="mv-credits">{" · ".join(bits)}{licence}{attribution}<br>'
        # the tiles' credit is the map's own (its attribution control), shown once a tile is drawn
        f"Map data: boundaries Natural Earth (public domain) · places GeoNames (CC BY 4.0) · "
        f"{plural(len(doc.places), 'place')}, {plural(len(doc.quotes), 'quote')}</div>"
    )


def place_header_html(place: Place) -> str:
    n = len(place.mentions)
    return (
        f'<div class="mv-credits"><b>{esc(place.label)}</b> · {esc(place.kind.label)}'
        f" · {n} mention{'s' if n != 1 else ''} ({esc(', '.join(place.surface_forms))})<br>"
        f"Coordinates: {esc(provenance(place))}</div>"
    )


def candidate_label(alternative) -> str:
    """Plain text for a "Which …?" choice (the page escapes it for Markdown)."""
    if alternative.source is Source.ONLINE:
        return f"{alternative.name} ({alternative.source_text})"
    where = f", {alternative.country_code}" if alternative.country_code else ""
    pop = f", pop. {alternative.population:,}" if alternative.population else ""
    return f"{alternative.name} ({alternative.kind.label}{where}{pop}; score {alternative.score:.1f})"


def type_symbols_css(types: Sequence[str], taxonomy: dict[str, EventType]) -> str:
    """Each event-type checkbox of the sidebar gets its legend symbol and colour."""
    return "".join(
        f".st-key-type_{t} p::before{{content:'';display:inline-block;width:1.15em;height:1.15em;"
        f"vertical-align:-.15em;border-radius:50%;margin-right:.35em;"
        f"background:{taxonomy[t].colour} {icon_data_url(taxonomy[t])} center/62% no-repeat}}"
        for t in types
        if t in taxonomy
    )


def unplaced_text(doc, limit: int = 8) -> str:
    """Markdown-safe text naming the places the article names that are not on the map (a village
    the gazetteer lacks, a name no lookup found), so that a reader knows the map is not all of it."""
    names = list(dict.fromkeys(u.mentions[0].text if u.mentions else u.query for u in doc.unresolved))
    if not names:
        return ""
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return (
        f"Named but not on the map: {md(', '.join(names[:limit]))}{more} (not in the offline gazetteer, "
        "or the text does not say where they are)."
    )


def why_chosen_text(place) -> str:
    """Plain text for the "Which …?" panel: what decided for this place over its runner-up, or,
    for the only place of its name, why it is worth a check."""
    runner_up, reasons = place.runner_up, why_chosen(place)
    if runner_up is None and place.uncertain:
        return (
            "The only place of this name in the offline gazetteer, and nothing else in the text points "
            "to it (a small town, in a country the text does not name). Uncertain: check it."
        )
    if runner_up is None or not reasons:
        return ""
    where = f", {runner_up.country_code}" if runner_up.country_code else ""
    because = "; ".join(f"{label} (+{points:.1f})" for label, points in reasons)
    if place.disputed:
        doubt = (
            f" Uncertain: what the story says points rather to {runner_up.name} "
            f"({'; '.join(disputing_evidence(place))}); check it."
        )
    elif place.uncertain:
        doubt = " Uncertain: the margin is small or the evidence weak; check it."
    else:
        doubt = ""
    return f"Chosen over {runner_up.name} ({runner_up.kind.label}{where}) for: {because}.{doubt}"
