"""The database of collections: SQLAlchemy 2 models of articles and what was read from them.

A *collection* is a named set of articles. Each article keeps its text, metadata and content
hash; each of its place mentions, event records and the places of those events with their roles
(``location``, ``actor``, ``source``, ``mentioned``, see :mod:`mapview.nlp.roles`) is a row, so a map of
thousands of articles is one grouped query, not a pass over every mention in Python.

Places are shared by every article that names them (one row per gazetteer id). An article's
rows belong to it alone and go with it (``ON DELETE CASCADE``): re-ingesting an article replaces
them in one transaction. The schema is created and changed only by the Alembic migrations in
``mapview/migrations`` (:func:`mapview.store.database.migrate`), never by ``create_all``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Collection(Base):
    __tablename__ = "collection"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created: Mapped[datetime] = mapped_column(DateTime)


class ArticleRow(Base):
    __tablename__ = "article"
    __table_args__ = (
        UniqueConstraint("collection_id", "key", name="uq_article_collection_key"),
        Index("ix_article_collection_date", "collection_id", "date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    collection_id: Mapped[int] = mapped_column(ForeignKey("collection.id", ondelete="CASCADE"))
    #: what makes two ingests the same article: its URL, else "sha256:" and the text's hash
    key: Mapped[str] = mapped_column(String(2100))
    external_id: Mapped[str] = mapped_column(String(200), default="")
    url: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text, default="")
    #: the outlet, as the input names it ("" when it does not)
    source: Mapped[str] = mapped_column(String(200), default="")
    #: the article's date: a day, or None when it is not known
    date: Mapped[date | None] = mapped_column(Date, nullable=True)
    digest: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    ingested: Mapped[datetime] = mapped_column(DateTime)

    mentions: Mapped[list[MentionRow]] = relationship(cascade="all, delete-orphan", passive_deletes=True)
    events: Mapped[list[EventRow]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class PlaceRow(Base):
    __tablename__ = "place"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)  # mapview's place id
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(40))
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    country_code: Mapped[str] = mapped_column(String(8), default="")


class MentionRow(Base):
    __tablename__ = "mention"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    place_id: Mapped[str | None] = mapped_column(ForeignKey("place.id"), nullable=True, index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20))  # name, demonym, metonym, dateline, …
    sentence: Mapped[int] = mapped_column(Integer)


class EventRow(Base):
    __tablename__ = "event"
    __table_args__ = (Index("ix_event_day_type", "day", "type"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id", ondelete="CASCADE"), index=True)
    record_id: Mapped[str] = mapped_column(String(100))  # the event's id within its article
    type: Mapped[str] = mapped_column(String(40))
    sentence: Mapped[int] = mapped_column(Integer)
    cue: Mapped[str] = mapped_column(String(200))
    excerpt: Mapped[str] = mapped_column(Text)  # the sentence, cut to a readable length
    reported_by: Mapped[str] = mapped_column(String(300), default="")
    when_text: Mapped[str] = mapped_column(String(200), default="")
    when_date: Mapped[str] = mapped_column(String(10), default="")  # to the precision the text allows
    #: the day the timeline puts it on: its own date when the text gives the day, else the article's
    day: Mapped[date | None] = mapped_column(Date, nullable=True)
    day_basis: Mapped[str] = mapped_column(String(10), default="")  # event | article | "" (unknown)
    fatalities: Mapped[list] = mapped_column(JSON, default=list)  # [{kind, count, low, high, who, claimed_by}]

    places: Mapped[list[EventPlaceRow]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class EventPlaceRow(Base):
    __tablename__ = "event_place"
    __table_args__ = (Index("ix_event_place_place_role", "place_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    place_id: Mapped[str] = mapped_column(ForeignKey("place.id"))
    role: Mapped[str] = mapped_column(String(16))  # location | actor | source | mentioned
    text: Mapped[str] = mapped_column(String(300))  # the words that named it


class CorrectionRow(Base):
    """An editor's correction saved for every reader (see :mod:`mapview.store.corrections`), kept with
    its history: an undo or a newer correction of the same name marks the row ``undone``, never
    deletes it. Used where ``MAPVIEW_DATABASE_URL`` is set, so replicas of the app share them."""

    __tablename__ = "correction"
    __table_args__ = (Index("ix_correction_key", "context", "query"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)  # never reused: (max id, undone) is the version
    context: Mapped[str] = mapped_column(String(200))  # the article it is for, "" for every article
    query: Mapped[str] = mapped_column(String(300))  # the name, normalised
    record: Mapped[dict] = mapped_column(JSON)  # the geocoding cache's row (mapview.geo.geocode's columns)
    editor: Mapped[str] = mapped_column(String(300))
    saved: Mapped[datetime] = mapped_column(DateTime)
    undone: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
