"""What one server shares among its readers' sessions: each object immutable, or locked.

Streamlit serves every browser session as a thread of one process; the page keeps one
:class:`Shared` per process (``st.cache_resource``). Nothing here holds a reader's own data.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from mapview.geo.budget import OnlineBudget
from mapview.geo.geocode import OnlineGeocoder, online_geocoder
from mapview.settings import Settings
from mapview.store.corrections import DatabaseOverrideBook, OverrideBook
from mapview.web.basemap import asset_mode, install_static_assets
from mapview.web.documents import DocumentStore
from mapview.web.workers import ParsePool


class Shared(NamedTuple):
    documents: DocumentStore  # parsed bundled articles
    # the corrections saved for every reader, as versioned snapshots: in the state folder's file, or
    # in the database where MAPVIEW_DATABASE_URL is set (shared by every replica on it)
    corrections: OverrideBook | DatabaseOverrideBook
    pool: ParsePool  # worker processes for long texts
    budget: OnlineBudget  # the server's online lookups per hour and day
    online: OnlineGeocoder  # one rate-limited geocoder: the provider's limit is per server, not per tab
    local_assets: bool  # Leaflet served by the app itself (copied into its static/ folder)


def build_shared(cfg: Settings, app_dir: Path) -> Shared:
    from mapview import paths  # read at call time: tests point them elsewhere

    nominatim = {"domain": cfg.nominatim_domain, "scheme": cfg.nominatim_scheme} if cfg.nominatim_domain else {}
    return Shared(
        DocumentStore(),
        corrections_book(),
        ParsePool(cfg.parse_workers),
        OnlineBudget(paths.ONLINE_BUDGET, cfg.online_lookups_per_hour, cfg.online_lookups_per_day),
        online_geocoder(
            cfg.online_provider,
            min_delay_seconds=cfg.online_min_delay_seconds,
            max_retries=1,
            max_wait_seconds=cfg.online_max_wait_seconds,
            **nominatim,
        ),
        asset_mode() == "local" and install_static_assets(app_dir / "static"),
    )


def corrections_book() -> OverrideBook | DatabaseOverrideBook:
    """The shared corrections: in the database when MAPVIEW_DATABASE_URL names one, else in the
    state folder's overrides file. The database is opened when first asked, and asked again while
    it is away (the page says so); never replaced by a file only this replica would see."""
    import os

    from mapview import paths

    if os.environ.get("MAPVIEW_DATABASE_URL", "").strip():
        from mapview.store.database import open_store

        return DatabaseOverrideBook(open_store, paths.SEED_OVERRIDES)
    return OverrideBook(paths.OVERRIDES, paths.SEED_OVERRIDES)
