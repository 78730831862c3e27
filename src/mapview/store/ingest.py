"""``mapview ingest``: read many articles into a collection, geoparsing them on a Dask cluster.

A source is a JSON-lines file (``id``, ``text``, optional ``url``, ``title``, ``date``,
``source``, ``source_home``), a folder of ``.txt``/``.md``/``.html`` files, or a file of URLs
(one per line; pages are fetched and reduced to their text with trafilatura, on the workers).

Articles go to the workers in batches; a worker (each loads the gazetteer once, when it starts)
parses a batch and writes it to the database in one transaction, so this process only schedules
and counts, and both cores parse. An article already in the collection under the same key (its
URL, else its text's hash) with the same text is skipped, so running the command again after a
crash or Ctrl-C resumes after the last written batch; one whose text changed is replaced.

What cannot be read (a malformed line, a file that is not text, a page that cannot be fetched,
an article over the limits, a parse that failed) is reported by line or name and skipped;
nothing else is lost.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from mapview.errors import ArticleError, InputError, MapviewError, StoreUnavailable
from mapview.model.article import Article
from mapview.nlp.article import MAX_TEXT_CHARS, article_from_text, home_spec, with_date
from mapview.store.database import Store
from mapview.store.rows import article_key

MAX_FILE_BYTES = 8 * MAX_TEXT_CHARS  # an HTML page is mostly markup


@dataclass(frozen=True)
class Item:
    """One article to ingest: its text (or the URL to fetch it from) and metadata."""

    name: str  # how reports name it: "corpus.jsonl:12", a file name, a URL
    text: str = ""
    url: str = ""
    fetch: bool = False  # the text is the page at ``url``, fetched on the worker
    #: fetch from loopback and private addresses too; off by default (trafilatura's SSRF protection:
    #: a list of URLs from someone else must not reach the services beside the ingest)
    private_ok: bool = False
    meta: dict[str, str] = field(default_factory=dict)  # id, title, date, source, source_home

    @property
    def key(self) -> str:
        return article_key(self.url, _digest(self.text)) if not self.fetch else self.url


@dataclass
class Report:
    written: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    seconds: float = 0.0


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- sources ----------------------------------------------------------------------------------


def read_source(source: str | Path, failed: list[tuple[str, str]], *, allow_private: bool = False) -> list[Item]:
    """The items of a source; what cannot be read is appended to ``failed`` with the reason.
    ``allow_private``: URLs may point at loopback and private addresses."""
    path = Path(source)
    if path.is_dir():
        return list(_folder(path, failed))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or folder") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror}") from None
    lines, undecodable = _lines(data)
    if undecodable and len(undecodable) == sum(1 for line in data.splitlines() if line.strip()):
        raise InputError(f"{path} is not UTF-8 text: give a JSON-lines file, a folder or a file of URLs")
    failed.extend((f"{path.name}:{n}", reason) for n, reason in undecodable)
    content = [(n, line.strip()) for n, line in lines if line.strip() and not line.startswith("#")]
    if content and all(_is_url(line) for _, line in content):
        return [Item(name=line, url=line, fetch=True, private_ok=allow_private) for _, line in content]
    return list(_jsonl(path.name, lines, failed))


def _lines(data: bytes) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The lines of a file, numbered from 1, each decoded alone as UTF-8 (a byte-order mark
    before the first is dropped), and the numbers of those that are not UTF-8, with the reason:
    one bad byte costs its line, not the file."""
    lines, undecodable = [], []
    for n, raw in enumerate(data.split(b"\n"), 1):
        try:
            lines.append((n, raw.decode("utf-8-sig" if n == 1 else "utf-8")))
        except UnicodeDecodeError as exc:
            undecodable.append((n, f"not UTF-8 text (0x{raw[exc.start]:02x} at byte {exc.start + 1} of the line)"))
    return lines, undecodable


def _is_url(line: str) -> bool:
    parts = urlsplit(line)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in line


_META = ("id", "title", "date", "source")  # and source_home, a name or a point (article.home_spec)


def _jsonl(name: str, lines: list[tuple[int, str]], failed: list[tuple[str, str]]) -> Iterator[Item]:
    for n, line in lines:
        if not line.strip():
            continue
        where = f"{name}:{n}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError('not a {"id", "text", …} object')
            meta = {k: str(record[k]) for k in _META if record.get(k) not in (None, "")}
            if home := home_spec(record.get("source_home")):
                meta["source_home"] = home
            url = str(record.get("url") or "")
            if url and not _is_url(url):
                raise ValueError(f"url is not an http(s) address: {url[:80]!r}")
        except (ValueError, TypeError) as exc:  # json.JSONDecodeError is a ValueError
            failed.append((where, f"malformed line ({exc})"))
            continue
        meta.setdefault("id", where)
        yield Item(name=where, text=record["text"], url=url, meta=meta)


def _folder(path: Path, failed: list[tuple[str, str]]) -> Iterator[Item]:
    from mapview.nlp.article import decode_text
    from mapview.nlp.reading import HTML_SUFFIXES, TEXT_SUFFIXES

    for file in sorted(path.iterdir()):
        if not file.is_file() or file.suffix.lower() not in TEXT_SUFFIXES | HTML_SUFFIXES:
            continue
        try:
            if file.stat().st_size > MAX_FILE_BYTES:
                raise ArticleError(f"{file.stat().st_size:,} bytes, over the limit of {MAX_FILE_BYTES:,}")
            text = decode_text(file.read_bytes(), file.name)
        except ArticleError as exc:
            failed.append((file.name, str(exc)))
            continue
        except OSError as exc:
            failed.append((file.name, exc.strerror or str(exc)))
            continue
        meta = {"id": file.stem}
        if file.suffix.lower() in HTML_SUFFIXES:
            meta["html"] = "1"
        yield Item(name=file.name, text=text, meta=meta)


# --- the work of one article (runs on a worker) -----------------------------------------------


def to_article(item: Item) -> Article:
    """The article an item stands for: its page fetched, its HTML reduced to text, its metadata set."""
    from mapview.nlp.reading import html_to_text, looks_like_html

    text, title = item.text, item.meta.get("title", "")
    if item.fetch:
        import trafilatura

        config = None
        if item.private_ok:
            from copy import deepcopy

            from trafilatura.settings import DEFAULT_CONFIG

            config = deepcopy(DEFAULT_CONFIG)
            config.set("DEFAULT", "SSRF_PROTECTION", "off")
        html = trafilatura.fetch_url(item.url, config=config) if config else trafilatura.fetch_url(item.url)
        if not html:
            raise ArticleError("the page could not be fetched (unreachable, refused, or not found)")
        text, title = html_to_text(html)
        title = title or item.meta.get("title", "")
    elif item.meta.get("html") or looks_like_html(text):
        text, found = html_to_text(text)
        title = title or found
    if not text.strip():
        raise ArticleError("no readable text")
    article = article_from_text(
        text,
        id=item.meta.get("id") or item.name,
        title=title[:300],
        url=item.url,
        source=item.meta.get("source") or _host(item.url),
        source_home=item.meta.get("source_home", ""),
        name=item.name,
    )
    return with_date(article, item.meta.get("date"))


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def process(items: list[Item], database: str, collection: str) -> list[tuple[str, ...]]:
    """Parse a batch of items and write those that parsed in one transaction (where the parse ran:
    a worker writes its own batches, so the command that started the ingest only schedules them).
    Returns ("ok", name) or ("failed", name, reason) for each item; a batch whose write fails is
    reported article by article, none of it written ("unavailable" where the database is away)."""
    from mapview.pipeline import default_geoparser
    from mapview.store.database import open_store
    from mapview.store.rows import article_rows

    geoparser = default_geoparser()  # loaded once per process (cached)
    out: list[tuple[str, ...]] = []
    rows = []
    for item in items:
        try:
            rows.append(article_rows(geoparser.parse(to_article(item))))
            out.append(("ok", item.name))
        except MapviewError as exc:
            out.append(("failed", item.name, str(exc)))
        except Exception as exc:  # a bug must not stop the other 9,999 articles
            out.append(("failed", item.name, f"the parse failed ({type(exc).__name__}: {exc})"))
    if rows:
        try:
            open_store(database).write(collection, rows)
        except StoreUnavailable as exc:  # nothing of the batch is there, and no later batch will be
            return [("unavailable", item.name, str(exc)) for item in items]
        except Exception as exc:  # the transaction rolled back: nothing of the batch is there
            reason = f"the batch could not be written ({type(exc).__name__}: {str(exc)[:200]})"
            out = [r if r[0] == "failed" else ("failed", r[1], reason) for r in out]
    return out


def _load_gazetteer() -> None:
    from mapview.pipeline import default_geoparser

    default_geoparser()


# --- the run ----------------------------------------------------------------------------------


def pending(items: list[Item], store: Store, collection: str, refresh: bool = False) -> tuple[list[Item], int]:
    """The items still to ingest, and how many are already in the collection unchanged."""
    if refresh:
        return items, 0
    done = store.ingested(collection)
    todo, unchanged = [], 0
    for item in items:
        digest = done.get(item.key)
        if digest is not None and (item.fetch or digest == _digest(item.text)):
            unchanged += 1
        else:
            todo.append(item)
    return todo, unchanged


class _InProcess:
    """The same interface as a Dask client's submit, run here: the baseline the cluster is
    measured against, and a way to ingest where no cluster can start."""

    def submit(self, fn: Callable, *args, **_kw):
        from concurrent.futures import Future

        future: Future = Future()
        future.set_result(fn(*args))
        return future

    def close(self) -> None:
        pass


def _client(workers: int, scheduler: str | None):
    """(client, cluster): a client of the scheduler at ``scheduler``, else of a local cluster of
    ``workers`` processes (one thread each); ``workers=0`` parses in this process."""
    if scheduler is None and workers == 0:
        _load_gazetteer()
        return _InProcess(), None
    import logging

    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.CRITICAL)  # shutdown's heartbeat errors are noise
    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise InputError(f"no Dask scheduler answers at {scheduler} ({exc})") from None
        cluster = None
    else:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        )
        client = Client(cluster)
    client.run(_load_gazetteer)  # each worker loads the gazetteer once, before the first article
    return client, cluster


def ingest(
    source: str | Path,
    store: Store,
    collection: str,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    batch: int = 16,
    refresh: bool = False,
    progress: bool = True,
    allow_private: bool = False,
) -> Report:
    """Ingest ``source`` into ``collection``; see the module's documentation."""
    from mapview.store.database import check_name

    check_name(collection)
    started = time.perf_counter()
    report = Report()
    items = read_source(source, report.failed, allow_private=allow_private)
    todo, report.unchanged = pending(items, store, collection, refresh)
    if todo:
        store.collection_id(collection, create=True)  # once here, not raced by the workers
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(
            total=len(todo), unit="article", file=sys.stderr, dynamic_ncols=True, desc=f"ingest into {collection}"
        )
    batches = deque(todo[i : i + batch] for i in range(0, len(todo), batch))
    client, cluster = _client(workers, scheduler) if batches else (None, None)
    try:
        if client is not None:
            _run(client, batches, _window(client), store.url, collection, report, bar)
    finally:
        if bar is not None:
            bar.close()
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    report.seconds = time.perf_counter() - started
    return report


def _window(client) -> int:
    """How many batches to keep on the cluster: two per worker thread, so a worker never waits
    for the next one."""
    if isinstance(client, _InProcess):
        return 1
    return 2 * max(1, sum(client.nthreads().values()))


def _run(client, batches: deque, in_flight: int, database: str, collection: str, report: Report, bar) -> None:
    """Keep ``in_flight`` batches on the cluster and count what comes back."""
    if isinstance(client, _InProcess):
        while batches:
            _collect(client.submit(process, batches.popleft(), database, collection).result(), report, bar)
        return
    from distributed import as_completed

    batch_of = {}
    for _ in range(min(in_flight, len(batches))):
        part = batches.popleft()
        batch_of[client.submit(process, part, database, collection, pure=False)] = part
    futures = as_completed(list(batch_of))
    for future in futures:
        if batches:
            part = batches.popleft()
            batch_of[nxt := client.submit(process, part, database, collection, pure=False)] = part
            futures.add(nxt)
        part = batch_of.pop(future)
        try:
            results = future.result()
        except Exception as exc:  # the worker died: its articles are reported by name, not lost silently
            results = [("failed", item.name, f"the worker failed ({type(exc).__name__}: {exc})") for item in part]
        future.release()
        _collect(results, report, bar)


def _collect(results, report: Report, bar) -> None:
    """Count a batch's results; a batch that found the database away ends the ingest with one
    message (what was written stays, and the same command goes on from there)."""
    for status, name, *reason in results:
        if status == "unavailable":
            raise StoreUnavailable(
                f"{reason[0]}; {report.written} articles were written before it went away: run the same "
                "command again to go on from there"
            )
        if status == "ok":
            report.written += 1
        else:
            report.failed.append((name, reason[0]))
        if bar is not None:
            bar.update(1)
