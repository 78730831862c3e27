"""Collections in a database: write what geoparsing read, and aggregate it for one map.

The embedded default is a SQLite file in the state folder (``MAPVIEW_STATE_DIR``, see
:mod:`mapview.paths`); ``MAPVIEW_DATABASE_URL`` (``postgresql+psycopg://user@host/db``) puts
everything in PostgreSQL, which several app replicas and ingest workers can share. Every open
runs the Alembic migrations first (:func:`migrate`).

Writing: :func:`article_rows` turns a parsed document into plain rows (it runs where the parse
ran, a Dask worker, and is cheap to send back); :meth:`Store.write` puts a batch of them in one
transaction, replacing an article ingested before under the same key (its URL, else its text's
hash), so a batch is all there or not there at all.

Reading: one row per place (and per place and type), grouped in the database under a
:class:`Filters` (time window, event types, outlets, roles), so a map of ten thousand articles
is a few grouped queries.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, delete, event, func, insert, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session

from mapview.errors import InputError, StoreError, StoreUnavailable
from mapview.model.enums import EventRole
from mapview.store.guard import every_call_guarded, reason, retry_seconds, unreachable
from mapview.store.models import ArticleRow, Collection, CorrectionRow, EventPlaceRow, EventRow, MentionRow, PlaceRow
from mapview.util import parse_day

if TYPE_CHECKING:
    pass

NAME_CHARS = 100  # a collection's name
#: A database that does not answer costs a reader this long, not minutes: the connection attempt's
#: limit, and how long a connection may be waited for when the pool is busy.
CONNECT_TIMEOUT_SECONDS = 5
POOL_TIMEOUT_SECONDS = 10


def database_url() -> str:
    """``MAPVIEW_DATABASE_URL``, else a SQLite file in the state folder."""
    value = os.environ.get("MAPVIEW_DATABASE_URL", "").strip()
    if value:
        return value
    from mapview.paths import state_dir

    return f"sqlite:///{state_dir() / 'mapview.sqlite'}"


def check_name(name: str) -> str:
    """A collection's name, or :class:`InputError` saying what is wrong with it."""
    name = (name or "").strip()
    if not name:
        raise InputError("a collection needs a name")
    if len(name) > NAME_CHARS or any(not (ch.isalnum() or ch in " ._-") for ch in name):
        raise InputError(
            f"a collection's name is up to {NAME_CHARS} letters, digits, spaces, dots, dashes and underscores"
        )
    return name


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")  # ON DELETE CASCADE, as PostgreSQL does it
    cursor.execute("PRAGMA journal_mode=WAL")  # readers (the app) never wait for the ingest
    cursor.execute("PRAGMA synchronous=NORMAL")  # in WAL mode: consistent after a crash, fewer fsyncs
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            "MAPVIEW_DATABASE_URL is not a database URL (e.g. postgresql+psycopg://user@host/db or sqlite:///path)"
        ) from None
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {"pool_pre_ping": True}  # a connection the server dropped is replaced, not used
    if parsed.get_backend_name() == "postgresql":
        options |= {"pool_timeout": POOL_TIMEOUT_SECONDS, "connect_args": {"connect_timeout": CONNECT_TIMEOUT_SECONDS}}
    try:
        engine = create_engine(parsed, **options)
    except (NoSuchModuleError, ImportError) as exc:
        raise StoreError(f"no database driver for {parsed.drivername} ({exc})") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def migrate(engine: Engine) -> None:
    """Bring the database's schema to the newest migration (creating it on a new database). Two
    processes opening a new database at once (the page and an ingest, or two ingests) take turns:
    a file lock beside a SQLite file, an advisory lock in PostgreSQL."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    lock = None
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        from filelock import FileLock

        lock = FileLock(f"{engine.url.database}.migrate.lock", timeout=120)
        lock.acquire()
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.exec_driver_sql("SELECT pg_advisory_xact_lock(5170420001)")  # mapview's migrations
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    finally:
        if lock is not None:
            lock.release()


def existing_store(url: str | None = None) -> Store | None:
    """The store, or None when it is the default SQLite file and nothing has created it yet (a
    page that only lists collections does not create a database)."""
    url = url or database_url()
    if (
        not os.environ.get("MAPVIEW_DATABASE_URL", "").strip()
        and url.startswith("sqlite:///")
        and not Path(url.removeprefix("sqlite:///")).is_file()
    ):
        return None
    return open_store(url)


_OPEN: dict[str, Store] = {}
_FAILED: dict[str, tuple[float, str]] = {}  # a URL that could not be opened: until when to say so again
_OPEN_LOCK = threading.Lock()


def open_store(url: str | None = None) -> Store:
    """The store at ``url`` (default: :func:`database_url`), migrated, shared by the process's
    threads (an engine is thread-safe; each call of a method takes its own connection). A database
    that cannot be reached raises :class:`StoreUnavailable`, and for :func:`retry_seconds` after
    that every open of it does so at once."""
    url = url or database_url()
    with _OPEN_LOCK:
        store = _OPEN.get(url)
        if store is not None:
            return store
        failed = _FAILED.get(url)
        if failed is not None and time.monotonic() < failed[0]:
            raise StoreUnavailable(failed[1])
        engine = make_engine(url)
        try:
            migrate(engine)
        except SQLAlchemyError as exc:
            engine.dispose()
            message = f"the database cannot be opened ({reason(exc, engine.url.password)})"
            if unreachable(exc):
                _FAILED[url] = (time.monotonic() + retry_seconds(), message)
                raise StoreUnavailable(message) from None
            raise StoreError(message) from None
        _FAILED.pop(url, None)
        store = _OPEN[url] = Store(engine)
        return store


# --- rows of one parsed article ---------------------------------------------------------------


# --- reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """What a collection's map shows: a time window (inclusive days), event types, outlets, roles.
    ``None`` for types or outlets means all of them."""

    collection: str
    start: date | None = None
    end: date | None = None
    types: tuple[str, ...] | None = None
    outlets: tuple[str, ...] | None = None
    roles: tuple[str, ...] = (EventRole.LOCATION,)
    place: str | None = None  # only the events of this place


@dataclass(frozen=True)
class CollectionInfo:
    name: str
    articles: int
    outlets: int
    events: int
    first: date | None
    last: date | None


@every_call_guarded
@dataclass
class Store:
    engine: Engine
    _ids: dict[str, int] = field(default_factory=dict, repr=False)
    _down: tuple[float, str] | None = field(default=None, repr=False)  # (until when, why): see _guarded

    @property
    def url(self) -> str:
        """The database's URL with its password (to open the same store in a worker)."""
        return self.engine.url.render_as_string(hide_password=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # writing

    def collection_id(self, name: str, *, create: bool = False) -> int | None:
        name = check_name(name)
        if name in self._ids:
            return self._ids[name]
        with Session(self.engine) as session:
            found = session.scalar(select(Collection.id).where(Collection.name == name))
            if found is None and create:
                session.execute(self._insert_ignore(Collection, [{"name": name, "created": _now()}], "name"))
                session.commit()
                found = session.scalar(select(Collection.id).where(Collection.name == name))
        if found is not None:
            self._ids[name] = found
        return found

    def _insert_ignore(self, model, rows: list[dict], key: str):
        """INSERT … ON CONFLICT (key) DO NOTHING in this database's dialect: several writers may
        add the same place at once."""
        from sqlalchemy.dialects import postgresql, sqlite

        dialect = postgresql if self.dialect == "postgresql" else sqlite
        return dialect.insert(model).values(rows).on_conflict_do_nothing(index_elements=[key])

    def ingested(self, collection: str) -> dict[str, str]:
        """Each ingested article's key and text digest: what a resumed ingest can skip."""
        cid = self.collection_id(collection)
        if cid is None:
            return {}
        with self.engine.connect() as conn:
            return dict(
                conn.execute(select(ArticleRow.key, ArticleRow.digest).where(ArticleRow.collection_id == cid)).all()
            )

    def write(self, collection: str, batch: Iterable[dict[str, Any]]) -> int:
        """Write a batch of :func:`article_rows` in one transaction; an article already in the
        collection under the same key is replaced, never duplicated. Returns how many."""
        batch = list(batch)
        if not batch:
            return 0
        cid = self.collection_id(collection, create=True)
        places: dict[str, dict] = {}
        for rows in batch:
            for p in rows["places"]:
                places.setdefault(p["id"], p)
        now = _now()
        with self.engine.begin() as conn:
            ids = sorted(places)
            for i in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
                conn.execute(self._insert_ignore(PlaceRow, [places[k] for k in ids[i : i + 500]], "id"))
            keys = [rows["article"]["key"] for rows in batch]
            for i in range(0, len(keys), 500):
                conn.execute(
                    delete(ArticleRow).where(ArticleRow.collection_id == cid, ArticleRow.key.in_(keys[i : i + 500]))
                )
            # Core executemany with RETURNING in parameter order (SQLAlchemy's "insertmanyvalues"):
            # 318 articles in 0.56 s under the profiler, against 2.54 s through the ORM's unit of work
            article_ids = (
                conn.execute(
                    insert(ArticleRow).returning(ArticleRow.id, sort_by_parameter_order=True),
                    [{**rows["article"], "collection_id": cid, "ingested": now} for rows in batch],
                )
                .scalars()
                .all()
            )
            mentions = [{**m, "article_id": aid} for aid, rows in zip(article_ids, batch) for m in rows["mentions"]]
            if mentions:
                conn.execute(insert(MentionRow), mentions)
            events = [(aid, e) for aid, rows in zip(article_ids, batch) for e in rows["events"]]
            if events:
                event_ids = (
                    conn.execute(
                        insert(EventRow).returning(EventRow.id, sort_by_parameter_order=True),
                        [{**{k: v for k, v in e.items() if k != "places"}, "article_id": aid} for aid, e in events],
                    )
                    .scalars()
                    .all()
                )
                places_of = [{**p, "event_id": eid} for eid, (_, e) in zip(event_ids, events) for p in e["places"]]
                if places_of:
                    conn.execute(insert(EventPlaceRow), places_of)
        return len(batch)

    # reading

    def collection_names(self) -> tuple[str, ...]:
        with self.engine.connect() as conn:
            return tuple(conn.execute(select(Collection.name).order_by(Collection.name)).scalars())

    def info(self, name: str) -> CollectionInfo:
        cid = self.collection_id(name)
        if cid is None:
            raise StoreError(f"there is no collection called {name!r}")
        with self.engine.connect() as conn:
            articles, outlets, first, last = conn.execute(
                select(
                    func.count(ArticleRow.id),
                    func.count(func.distinct(func.nullif(ArticleRow.source, ""))),
                    func.min(ArticleRow.date),
                    func.max(ArticleRow.date),
                ).where(ArticleRow.collection_id == cid)
            ).one()
            events, efirst, elast = conn.execute(
                select(func.count(EventRow.id), func.min(EventRow.day), func.max(EventRow.day))
                .join(ArticleRow, ArticleRow.id == EventRow.article_id)
                .where(ArticleRow.collection_id == cid)
            ).one()
        first = min((d for d in (_as_date(first), _as_date(efirst)) if d), default=None)
        last = max((d for d in (_as_date(last), _as_date(elast)) if d), default=None)
        return CollectionInfo(name, articles, outlets, events, first, last)

    def outlets(self, name: str) -> list[tuple[str, int]]:
        cid = self.collection_id(name)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(ArticleRow.source, func.count(ArticleRow.id))
                .where(ArticleRow.collection_id == cid, ArticleRow.source != "")
                .group_by(ArticleRow.source)
                .order_by(func.count(ArticleRow.id).desc(), ArticleRow.source)
            ).all()
        return [(s, n) for s, n in rows]

    def event_types(self, name: str) -> list[tuple[str, int]]:
        cid = self.collection_id(name)
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(EventRow.type, func.count(EventRow.id))
                .join(ArticleRow, ArticleRow.id == EventRow.article_id)
                .where(ArticleRow.collection_id == cid)
                .group_by(EventRow.type)
            ).all()
        return sorted(((t, n) for t, n in rows), key=lambda r: -r[1])

    def _filtered(self, f: Filters, *columns, time: bool = True):
        """SELECT columns FROM event_place ⋈ event ⋈ article WHERE the filters."""
        cid = self.collection_id(f.collection)
        if cid is None:
            raise StoreError(f"there is no collection called {f.collection!r}")
        query = (
            select(*columns)
            .select_from(EventPlaceRow)
            .join(EventRow, EventRow.id == EventPlaceRow.event_id)
            .join(ArticleRow, ArticleRow.id == EventRow.article_id)
            .where(ArticleRow.collection_id == cid, EventPlaceRow.role.in_(f.roles))
        )
        if f.types is not None:
            query = query.where(EventRow.type.in_(f.types))
        if f.outlets is not None:
            query = query.where(ArticleRow.source.in_(f.outlets))
        if f.place is not None:
            query = query.where(EventPlaceRow.place_id == f.place)
        if time and f.start is not None:
            query = query.where(EventRow.day >= f.start)
        if time and f.end is not None:
            query = query.where(EventRow.day <= f.end)
        return query

    def places(self, f: Filters) -> list[dict[str, Any]]:
        """One row per place under the filters: where it is, how many events, reports (articles)
        and outlets, the first and last day, and its events by type (most first)."""
        events = func.count(func.distinct(EventRow.id))
        query = (
            self._filtered(
                f,
                PlaceRow.id,
                PlaceRow.name,
                PlaceRow.kind,
                PlaceRow.lat,
                PlaceRow.lon,
                events,
                func.count(func.distinct(ArticleRow.id)),
                func.count(func.distinct(func.nullif(ArticleRow.source, ""))),
                func.min(EventRow.day),
                func.max(EventRow.day),
            )
            .join(PlaceRow, PlaceRow.id == EventPlaceRow.place_id)
            .where(PlaceRow.lat.is_not(None), PlaceRow.lon.is_not(None))
            .group_by(PlaceRow.id, PlaceRow.name, PlaceRow.kind, PlaceRow.lat, PlaceRow.lon)
            .order_by(events.desc(), PlaceRow.name)
        )
        by_type = self._filtered(
            f, EventPlaceRow.place_id, EventRow.type, func.count(func.distinct(EventRow.id))
        ).group_by(EventPlaceRow.place_id, EventRow.type)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
            types: dict[str, list[tuple[str, int]]] = {}
            for place_id, type_, n in conn.execute(by_type):
                types.setdefault(place_id, []).append((type_, n))
        return [
            {
                "id": r[0],
                "name": r[1],
                "kind": r[2],
                "lat": r[3],
                "lon": r[4],
                "events": r[5],
                "reports": r[6],
                "outlets": r[7],
                "first": _as_date(r[8]),
                "last": _as_date(r[9]),
                "types": sorted(types.get(r[0], ()), key=lambda t: (-t[1], t[0])),
            }
            for r in rows
        ]

    def accounts(self, f: Filters, per_place: int = 6) -> dict[str, list[dict[str, Any]]]:
        """The latest ``per_place`` accounts of each place under the filters, newest first: each
        an event as one outlet reported it (a claim with its source)."""
        rank = func.row_number().over(
            partition_by=EventPlaceRow.place_id,
            order_by=(EventRow.day.desc().nulls_last(), ArticleRow.source, EventRow.id),
        )
        inner = self._filtered(
            f, EventPlaceRow.place_id.label("place_id"), EventRow.id.label("event_id"), rank.label("rank")
        ).subquery()
        query = (
            select(
                inner.c.place_id,
                EventRow.day,
                EventRow.day_basis,
                ArticleRow.source,
                ArticleRow.title,
                ArticleRow.url,
                EventRow.type,
                EventRow.reported_by,
                EventRow.when_text,
                EventRow.excerpt,
                EventRow.fatalities,
                EventPlaceRow.role,
            )
            .join(EventRow, EventRow.id == inner.c.event_id)
            .join(ArticleRow, ArticleRow.id == EventRow.article_id)
            .join(EventPlaceRow, (EventPlaceRow.event_id == EventRow.id) & (EventPlaceRow.place_id == inner.c.place_id))
            .where(inner.c.rank <= per_place)
            .order_by(inner.c.place_id, inner.c.rank)
        )
        out: dict[str, list[dict[str, Any]]] = {}
        with self.engine.connect() as conn:
            for r in conn.execute(query):
                accounts = out.setdefault(r[0], [])
                if accounts and accounts[-1]["_event"] == (r[1], r[3], r[6], r[9]):
                    continue  # the same event holding two roles at one place
                accounts.append(
                    {
                        "_event": (r[1], r[3], r[6], r[9]),
                        "day": _as_date(r[1]),
                        "day_basis": r[2],
                        "outlet": r[3],
                        "title": r[4],
                        "url": r[5],
                        "type": r[6],
                        "reported_by": r[7],
                        "when": r[8],
                        "excerpt": r[9],
                        "fatalities": r[10] or [],
                        "role": r[11],
                    }
                )
        for accounts in out.values():
            for a in accounts:
                del a["_event"]
        return out

    def timeline(self, f: Filters) -> list[tuple[date, str, int]]:
        """Events per day and type under the filters, but over the whole time span (so the
        timeline shows what a narrower window leaves out)."""
        query = (
            self._filtered(f, EventRow.day, EventRow.type, func.count(func.distinct(EventRow.id)), time=False)
            .where(EventRow.day.is_not(None))
            .group_by(EventRow.day, EventRow.type)
            .order_by(EventRow.day)
        )
        with self.engine.connect() as conn:
            return [(_as_date(d), t, n) for d, t, n in conn.execute(query)]  # type: ignore[misc]

    def type_totals(self, f: Filters) -> list[tuple[str, int]]:
        """Events per type under the filters."""
        query = self._filtered(f, EventRow.type, func.count(func.distinct(EventRow.id))).group_by(EventRow.type)
        with self.engine.connect() as conn:
            return [(t, n) for t, n in conn.execute(query)]

    def totals(self, f: Filters) -> tuple[int, int, int]:
        """(events, articles, outlets) under the filters."""
        query = self._filtered(
            f,
            func.count(func.distinct(EventRow.id)),
            func.count(func.distinct(ArticleRow.id)),
            func.count(func.distinct(func.nullif(ArticleRow.source, ""))),
        )
        with self.engine.connect() as conn:
            events, articles, outlets = conn.execute(query).one()
        return events, articles, outlets

    def version(self, name: str) -> tuple[int, str]:
        """Changes whenever an ingest writes to the collection: a key for caching what was read."""
        cid = self.collection_id(name)
        with self.engine.connect() as conn:
            count, latest = conn.execute(
                select(func.count(ArticleRow.id), func.max(ArticleRow.ingested)).where(ArticleRow.collection_id == cid)
            ).one()
        return count, str(latest)

    # editors' corrections (mapview.store.corrections.DatabaseOverrideBook)

    def corrections_version(self) -> tuple[int, int]:
        """(newest id, how many undone): changes with every save and every undo."""
        with self.engine.connect() as conn:
            newest, undone = conn.execute(
                select(func.coalesce(func.max(CorrectionRow.id), 0), func.count(CorrectionRow.undone))
            ).one()
        return int(newest), int(undone)

    def corrections(self) -> list[tuple[str, str, dict]]:
        """The corrections in force: (context, query, cache row), the newest of each key."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(CorrectionRow.context, CorrectionRow.query, CorrectionRow.record)
                .where(CorrectionRow.undone.is_(None))
                .order_by(CorrectionRow.id)
            ).all()
        return [(c, q, r) for c, q, r in rows]

    def save_corrections(self, rows: list[tuple[str, str, dict]], editor: str) -> int:
        """Put corrections in force (replacing those of the same keys, kept as undone); returns how
        many are in force now."""
        now = _now()
        with self.engine.begin() as conn:
            for context, query, _ in rows:
                conn.execute(
                    update(CorrectionRow)
                    .where(
                        CorrectionRow.context == context, CorrectionRow.query == query, CorrectionRow.undone.is_(None)
                    )
                    .values(undone=now)
                )
            conn.execute(
                insert(CorrectionRow),
                [{"context": c, "query": q, "record": r, "editor": editor[:300], "saved": now} for c, q, r in rows],
            )
            return conn.execute(
                select(func.count()).select_from(CorrectionRow).where(CorrectionRow.undone.is_(None))
            ).scalar_one()

    def undo_corrections(self, keys: Iterable[tuple[str, str]]) -> int:
        """Take corrections out of force (kept, marked undone); returns how many."""
        now, undone = _now(), 0
        with self.engine.begin() as conn:
            for context, query in keys:
                undone += conn.execute(
                    update(CorrectionRow)
                    .where(
                        CorrectionRow.context == context, CorrectionRow.query == query, CorrectionRow.undone.is_(None)
                    )
                    .values(undone=now)
                ).rowcount
        return undone

    def size_bytes(self) -> int | None:
        """The database's size on disk, where it can tell."""
        with self.engine.connect() as conn:
            if self.dialect == "postgresql":
                return int(conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar_one())
            if self.dialect == "sqlite":
                pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
                size = conn.exec_driver_sql("PRAGMA page_size").scalar_one()
                return int(pages) * int(size)
        return None


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _as_date(value) -> date | None:
    """SQLite hands back a Date column's value as a date, but an aggregate's as a string."""
    if value is None or isinstance(value, date):
        return value
    return parse_day(str(value))
