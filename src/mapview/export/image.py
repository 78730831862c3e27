"""A picture of a view for print and social media: PNG or SVG, drawn with matplotlib from the
same layers as the page's map (country outlines and shapes from geo/, places, names, legend),
with the article's title, its source and licence, the map data's credits and a scale bar.

Pure: a document and a view in, bytes out; no Streamlit, no network, no tiles (the outlines are
the base map). matplotlib's object API is used without pyplot, so sessions drawing at once share
no figure.
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Iterable, Sequence

from shapely.geometry import box, shape

from mapview.geo.shapes import area_shape, display_geometry, features_by_id
from mapview.model import ids
from mapview.model.document import GeoDoc, Place
from mapview.model.enums import Kind

#: Print size: 2000 × 1250 pixels at 200 dots per inch (10 × 6.25 inches).
SIZE_IN, DPI = (10.0, 6.25), 200
NEUTRAL, LAND, SEA, OUTLINE = "#777777", "#f4f1ea", "#dfe6ea", "#8a9aa5"
MAP_CREDITS = "Boundaries: Natural Earth (public domain) · places: GeoNames (CC BY 4.0) · drawn by mapview"
AXES_BOX = (0.02, 0.1, 0.96, 0.8)  # the map's part of the picture: left, bottom, width, height
REGION_RADIUS_KM = 150  # a region with no outline on file: a dashed circle, as on the page
#: matplotlib keeps SVG text as text only under a global setting: one SVG is written at a time
_SVG_LOCK = threading.Lock()


def frame_of(places: Iterable[Place]) -> tuple[float, float, float, float]:
    """South, west, north, east around the places' points, with the page's margin (15%, a degree)."""
    points = [(p.lat, p.lon) for p in places if p.lat is not None and p.lon is not None]
    if not points:
        return 30.0, 30.0, 50.0, 60.0
    lats, lons = zip(*points)
    s, w, n, e = min(lats), min(lons), max(lats), max(lons)
    pad_lat, pad_lon = max(1.0, (n - s) * 0.15), max(1.0, (e - w) * 0.15)
    return s - pad_lat, w - pad_lon, n + pad_lat, e + pad_lon


def _colour(types: Sequence[str], taxonomy) -> str:
    return taxonomy[types[0]].colour if types and types[0] in taxonomy else NEUTRAL


def _types_of(place: Place, selected: Sequence[str], located: bool) -> list[str]:
    own = place.located_types if located and place.located_types else place.event_types
    return [t for t in selected if t in own]


def _draw_geometry(ax, geometry: dict, **style) -> None:
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    geom = shape(geometry)
    if geom.geom_type in ("LineString", "MultiLineString"):
        lines = [geom] if geom.geom_type == "LineString" else list(geom.geoms)
        for line in lines:
            xs, ys = line.xy
            ax.plot(
                xs,
                ys,
                color=style.get("edgecolor", "#333"),
                lw=style.get("linewidth", 2),
                ls=style.get("linestyle", "-"),
                zorder=style.get("zorder", 3),
                solid_capstyle="round",
            )
        return
    polygons = [geom] if geom.geom_type == "Polygon" else list(getattr(geom, "geoms", []))
    for poly in polygons:
        rings = [poly.exterior, *poly.interiors]
        vertices, codes = [], []
        for ring in rings:
            coords = list(ring.coords)
            vertices += coords
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(coords) - 2) + [MplPath.CLOSEPOLY]
        ax.add_patch(PathPatch(MplPath(vertices, codes), **style))


def _scale_bar(ax, s: float, w: float, n: float, e: float) -> None:
    """A bar of a round length (about a fifth of the map's width) in the lower left corner."""
    mid = math.radians((s + n) / 2)
    km_per_deg = 111.32 * math.cos(mid)
    width_km = (e - w) * km_per_deg
    target = width_km / 5
    length = next(x * 10**k for k in range(0, 5) for x in (1, 2, 5) if x * 10**k >= target * 0.6)
    x0, y0 = w + (e - w) * 0.03, s + (n - s) * 0.05
    x1 = x0 + length / km_per_deg
    ax.plot([x0, x1], [y0, y0], color="#222", lw=3, solid_capstyle="butt", zorder=8)
    ax.plot([x0, x0], [y0 - (n - s) * 0.008, y0 + (n - s) * 0.008], color="#222", lw=1.5, zorder=8)
    ax.plot([x1, x1], [y0 - (n - s) * 0.008, y0 + (n - s) * 0.008], color="#222", lw=1.5, zorder=8)
    ax.text(
        (x0 + x1) / 2,
        y0 + (n - s) * 0.015,
        f"{length:,} km",
        ha="center",
        va="bottom",
        fontsize=8,
        color="#222",
        zorder=8,
        gid="scale-bar",
    )


def _declutter(fig, texts: list) -> None:
    """Drop the names that would overlap one kept before them (the list is in order of rank)."""
    renderer = fig.canvas.get_renderer()
    kept: list = []
    for t in texts:
        box_ = t.get_window_extent(renderer).expanded(1.04, 1.1)
        if any(box_.overlaps(k) for k in kept):
            t.remove()
        else:
            kept.append(box_)


def map_image(
    doc: GeoDoc,
    places: Sequence[Place],
    taxonomy: dict,
    selected_types: Sequence[str],
    *,
    located: Iterable[str] | None = None,
    fmt: str = "png",
) -> bytes:
    """The view as an image (``fmt`` "png" or "svg"), 2000 × 1250 px: ``places`` are the visible
    places, ``located`` those where a selected event happened (the others are drawn faded)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    if fmt not in ("png", "svg"):
        raise ValueError(f"unknown image format {fmt!r}")
    located_ids = frozenset(p.id for p in places) if located is None else frozenset(located)
    s, w, n, e = frame_of(
        [p for p in places if p.kind in (Kind.CITY, Kind.DISTRICT, Kind.ADMIN_REGION, Kind.BORDER)] or places
    )
    fig = Figure(figsize=SIZE_IN, dpi=DPI)
    FigureCanvasAgg(fig)
    box_ = AXES_BOX
    ax = fig.add_axes(box_)
    ax.set_facecolor(SEA)
    # equal distances across and up at the frame's latitude: the frame widens (or heightens) about
    # its middle to the axes' shape
    stretch = math.cos(math.radians((s + n) / 2))
    shape_ratio = (box_[2] * SIZE_IN[0]) / (box_[3] * SIZE_IN[1])
    if (e - w) * stretch / (n - s) < shape_ratio:
        half = (n - s) * shape_ratio / stretch / 2
        w, e = (w + e) / 2 - half, (w + e) / 2 + half
    else:
        half = (e - w) * stretch / shape_ratio / 2
        s, n = (s + n) / 2 - half, (s + n) / 2 + half
    ax.set_xlim(w, e)
    ax.set_ylim(s, n)
    ax.set_aspect(1 / stretch, adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_color("#999")

    frame = box(w - 5, s - 5, e + 5, n + 5)
    for fid in features_by_id():
        if ids.is_country(fid) and area_shape(fid).intersects(frame):
            g = display_geometry(fid, 0.02)
            if g is not None:
                _draw_geometry(ax, g, facecolor=LAND, edgecolor=OUTLINE, linewidth=0.6, zorder=1)

    names: list[tuple[int, object]] = []
    has_circle = False
    ordered = sorted(places, key=lambda p: (p.id not in located_ids, not p.kind.is_marker, -len(p.mentions)))
    for rank, place in enumerate(ordered):
        party = place.id not in located_ids
        colour = _colour(_types_of(place, selected_types, not party), taxonomy)
        if place.kind.is_marker:
            continue
        geometries = [g for g in (display_geometry(pid) for pid in place.polygon_id.split("|") if pid) if g]
        if place.kind is Kind.BORDER:
            for g in geometries:
                _draw_geometry(
                    ax, g, edgecolor=colour, linewidth=1.5 if party else 3, linestyle=":" if party else "--", zorder=4
                )
        elif geometries:
            for g in geometries:
                _draw_geometry(
                    ax, g, facecolor=colour, edgecolor=colour, alpha=0.08 if party else 0.25, linewidth=1, zorder=2
                )
        elif place.lat is not None:
            from matplotlib.patches import Ellipse

            has_circle = True
            r_lat = REGION_RADIUS_KM / 111.32
            r_lon = r_lat / max(math.cos(math.radians(place.lat)), 0.1)
            ax.add_patch(
                Ellipse(
                    (place.lon, place.lat),
                    2 * r_lon,
                    2 * r_lat,
                    fill=False,
                    edgecolor=colour,
                    linestyle="--",
                    linewidth=1.5,
                    zorder=3,
                )
            )
        if not party and place.lat is not None and s <= place.lat <= n and w <= place.lon <= e:
            names.append(
                (
                    rank,
                    ax.text(
                        place.lon,
                        place.lat,
                        place.label,
                        ha="center",
                        va="center",
                        fontsize=8,
                        color="#333",
                        style="italic",
                        zorder=6,
                        clip_on=True,
                    ),
                )
            )
    for rank, place in enumerate(ordered):
        if not place.kind.is_marker or place.lat is None:
            continue
        party = place.id not in located_ids
        colour = _colour(_types_of(place, selected_types, not party), taxonomy)
        marker = ax.scatter(
            [place.lon],
            [place.lat],
            s=40 if party else 110,
            c=[colour],
            edgecolors="white",
            linewidths=1.5,
            alpha=0.6 if party else 1,
            zorder=7,
            clip_on=True,
        )
        marker.set_gid(place.id)
        if not party:
            names.append(
                (
                    rank,
                    ax.annotate(
                        place.label,
                        (place.lon, place.lat),
                        xytext=(7, 0),
                        textcoords="offset points",
                        ha="left",
                        va="center",
                        fontsize=9,
                        weight="bold",
                        color="#111",
                        zorder=9,
                        annotation_clip=True,
                        bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
                    ),
                )
            )
    _scale_bar(ax, s, w, n, e)

    present = [
        t for t in selected_types if t in taxonomy and any(t in _types_of(p, selected_types, True) for p in places)
    ]
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            ls="",
            markersize=8,
            markerfacecolor=taxonomy[t].colour,
            markeredgecolor="white",
            label=taxonomy[t].label,
        )
        for t in present
    ]
    if has_circle:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                ls="",
                markersize=11,
                markerfacecolor="none",
                markeredgecolor="#555",
                label="region with no outline on file (roughly where)",
            )
        )
    if handles:
        legend = ax.legend(
            handles=handles, loc="upper right", fontsize=8, title="Event types", title_fontsize=8, framealpha=0.9
        )
        legend.set_zorder(10)
        legend.set_gid("legend")

    article = doc.article
    fig.text(0.02, 0.955, article.title or "Untitled article", fontsize=15, weight="bold", va="center", gid="title")
    source = " · ".join(x for x in (article.source, article.date) if x)
    licence = f"Licence: {article.licence}" if article.licence else ""
    fig.text(0.02, 0.06, " · ".join(x for x in (source, licence) if x), fontsize=8, color="#333", gid="source")
    fig.text(0.02, 0.04, article.attribution, fontsize=7, color="#333", gid="attribution")
    fig.text(0.02, 0.02, MAP_CREDITS, fontsize=7, color="#555", gid="credits")
    fig.canvas.draw()
    _declutter(fig, [t for _, t in sorted(names, key=lambda x: x[0])])

    out = io.BytesIO()
    credit = "; ".join(x for x in (article.attribution, MAP_CREDITS) if x)
    if fmt == "svg":
        import matplotlib

        with _SVG_LOCK, matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "mapview"}):
            fig.savefig(out, format="svg", metadata={"Title": article.title or "", "Rights": credit, "Date": None})
    else:
        fig.savefig(
            out,
            format="png",
            metadata={
                "Title": article.title or "",
                "Copyright": credit,
                "Source": article.source or "",
                "Software": "mapview",
            },
        )
    return out.getvalue()
