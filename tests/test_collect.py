"""``mapview ingest``: sources, failures reported by line or name, resuming without duplicates, and
the parse on a real Dask cluster (a local one, and one the test starts and names by address)."""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mapview.cli import EXIT_INPUT, main
from mapview.model.article import Article
from mapview.pipeline import default_geoparser
from mapview.store import ingest as collect
from mapview.store.database import Filters, open_store
from mapview.store.models import ArticleRow, EventRow

STORY = Path(__file__).parent / "story" / "caucasus.jsonl"


def articles(url: str) -> list[tuple[str, str]]:
    with open_store(url).engine.connect() as conn:
        return sorted(conn.execute(select(ArticleRow.external_id, ArticleRow.source)).all())


def ingest(*args: str) -> int:
    return main(["ingest", *args, "--quiet"])


def test_a_jsonl_file_is_ingested_once_and_bad_lines_are_reported_by_number(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    lines = STORY.read_text(encoding="utf-8").splitlines()
    source.write_text(
        "\n".join(
            [
                lines[0],
                "{not json",
                json.dumps({"id": "x"}),
                lines[1],
                json.dumps({"id": "huge", "text": "Paris. " * 200_000}),
                json.dumps({"id": "when", "text": "Fighting in Kyiv.", "date": "yesterday"}),
                json.dumps({"id": "home", "text": "Fighting in Kyiv.", "source_home": 5}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert ingest(str(source), "--collection", "c", "--workers", "0", "--database", db) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "c: 2 written, 0 already there unchanged, 5 failed" in err
    assert "in.jsonl:2: malformed line" in err and "in.jsonl:3: malformed line" in err
    assert "in.jsonl:5" in err and "the limit is 1,000,000" in err
    assert "in.jsonl:6" in err and "not an ISO date" in err
    assert "in.jsonl:7: malformed line (source_home" in err
    assert "Traceback" not in err
    assert articles(db) == [("arm-0913", "Armenpress"), ("aze-0913", "Trend")]
    # again: nothing to do, nothing duplicated; the exit status still tells of the bad lines
    assert ingest(str(source), "--collection", "c", "--workers", "0", "--database", db) == EXIT_INPUT
    assert "c: 0 written, 2 already there unchanged, 5 failed" in capsys.readouterr().err
    assert len(articles(db)) == 2


def test_a_line_that_is_not_utf8_is_rejected_alone_and_the_rest_is_ingested(tmp_path, capsys):
    source = tmp_path / "bad.jsonl"
    good = STORY.read_bytes().splitlines()
    source.write_bytes(b"\n".join([good[0], b'{"id": "x", "text": "Troops in Kyiv \xff\xfe"}', good[1]]) + b"\n")
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert ingest(str(source), "--collection", "c", "--workers", "0", "--database", db) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "c: 2 written, 0 already there unchanged, 1 failed" in err
    assert "bad.jsonl:2: not UTF-8 text (0xff at byte 37 of the line)" in err
    assert articles(db) == [("arm-0913", "Armenpress"), ("aze-0913", "Trend")]


def test_a_file_with_no_utf8_line_at_all_is_one_message(tmp_path, capsys):
    source = tmp_path / "latin.jsonl"
    source.write_bytes("Grève générale à Paris\nÀ Lyon aussi\n".encode("latin-1"))
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert ingest(str(source), "--collection", "c", "--workers", "0", "--database", db) == EXIT_INPUT
    assert "latin.jsonl is not UTF-8 text" in capsys.readouterr().err


def test_the_sample_collection_the_readme_names_is_ingested_whole(tmp_path, capsys):
    """The README's example: `mapview ingest data/collections/sample.jsonl --collection sample`."""
    sample = Path(__file__).parents[1] / "data" / "collections" / "sample.jsonl"
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert ingest(str(sample), "--collection", "sample", "--workers", "0", "--database", db) == 0
    assert "sample: 4 written, 0 already there unchanged, 0 failed" in capsys.readouterr().err
    outlets = {source for _, source in articles(db)}
    assert "Mehr News Agency" in outlets and all("constructed sample" in o for o in outlets - {"Mehr News Agency"})


def test_an_interrupted_ingest_leaves_whole_batches_and_resumes(tmp_path, monkeypatch, capsys):
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    store = open_store(db)
    real_write, calls = type(store).write, []

    def write_then_stop(self, collection, batch):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C while the second batch is written
        return real_write(self, collection, batch)

    monkeypatch.setattr(type(store), "write", write_then_stop)
    assert ingest(str(STORY), "--collection", "c", "--workers", "0", "--batch", "1", "--database", db) == 130
    monkeypatch.undo()
    assert articles(db) == [("arm-0913", "Armenpress")]
    with store.engine.connect() as conn:
        events = conn.execute(select(func.count()).select_from(EventRow)).scalar_one()
    first = json.loads(STORY.read_text(encoding="utf-8").splitlines()[0])
    whole = default_geoparser().parse(Article(id=first["id"], text=first["text"]))
    assert events == len(whole.events) > 0  # the whole of the first article, nothing of the second
    assert ingest(str(STORY), "--collection", "c", "--workers", "0", "--database", db) == 0
    assert "c: 3 written, 1 already there unchanged, 0 failed" in capsys.readouterr().err
    assert len(articles(db)) == 4


def test_a_folder_of_text_markdown_and_html_files(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "one.txt").write_text("Shelling hit Kharkiv on Monday, officials said.", encoding="utf-8")
    (folder / "two.md").write_text("# Floods\n\nFloods swept Karachi after days of rain.", encoding="utf-8")
    (folder / "three.html").write_text(
        "<html><head><title>Quake</title></head><body><article><p>An earthquake "
        "struck Tabriz, injuring dozens of people, local officials said.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "notes.csv").write_text("a,b\n", encoding="utf-8")  # not an article: not read
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert ingest(str(folder), "--collection", "f", "--workers", "0", "--database", db) == EXIT_INPUT
    err = capsys.readouterr().err
    assert "f: 3 written" in err and "failed: binary.txt: binary.txt looks binary" in err
    assert [a for a, _ in articles(db)] == ["one", "three", "two"]
    with open_store(db).engine.connect() as conn:
        assert conn.execute(select(ArticleRow.title).where(ArticleRow.external_id == "three")).scalar_one() == "Quake"


@pytest.fixture
def site(tmp_path):
    """Pages served from 127.0.0.1."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "story.html").write_text(
        "<html><head><title>Clashes near Jermuk</title></head><body><article><p>"
        "Clashes broke out near Jermuk on Tuesday, the Armenian Defence Ministry said."
        "</p></article></body></html>",
        encoding="utf-8",
    )
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(root), **k)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_file_of_urls_is_fetched_and_an_unreachable_page_reported(tmp_path, site, capsys):
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# fetched with trafilatura\n{site}/story.html\n{site}/missing.html\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    # loopback is refused unless asked for: a URL list must not reach the services beside the ingest
    assert ingest(str(urls), "--collection", "u", "--workers", "0", "--database", db) == EXIT_INPUT
    assert "u: 0 written, 0 already there unchanged, 2 failed" in capsys.readouterr().err
    assert (
        ingest(str(urls), "--collection", "u", "--workers", "0", "--database", db, "--allow-private-addresses")
        == EXIT_INPUT
    )
    err = capsys.readouterr().err
    assert f"failed: {site}/missing.html: the page could not be fetched" in err
    with open_store(db).engine.connect() as conn:
        row = conn.execute(select(ArticleRow.url, ArticleRow.title, ArticleRow.source)).one()
    assert row == (f"{site}/story.html", "Clashes near Jermuk", "127.0.0.1")
    # a URL already ingested is not fetched again
    assert (
        ingest(str(urls), "--collection", "u", "--workers", "0", "--database", db, "--allow-private-addresses")
        == EXIT_INPUT
    )
    assert "u: 0 written, 1 already there unchanged, 1 failed" in capsys.readouterr().err


def test_sources_that_cannot_be_read_are_clear_errors(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert ingest(str(tmp_path / "missing.jsonl"), "--collection", "c", "--database", db) == EXIT_INPUT
    assert "no such file or folder" in capsys.readouterr().err
    (tmp_path / "bin.jsonl").write_bytes(b"\xff\xfe\x00garbage")
    assert ingest(str(tmp_path / "bin.jsonl"), "--collection", "c", "--database", db) == EXIT_INPUT
    assert "is not UTF-8 text" in capsys.readouterr().err
    assert ingest(str(STORY), "--collection", "a/b", "--database", db) == EXIT_INPUT
    assert "letters, digits" in capsys.readouterr().err


def test_two_local_dask_workers_give_what_the_in_process_parse_gives(tmp_path, capsys):
    one, two = (f"sqlite:///{tmp_path / name}" for name in ("one.sqlite", "two.sqlite"))
    assert ingest(str(STORY), "--collection", "c", "--workers", "0", "--database", one) == 0
    assert ingest(str(STORY), "--collection", "c", "--workers", "2", "--batch", "2", "--database", two) == 0
    assert "c: 4 written" in capsys.readouterr().err
    assert articles(one) == articles(two)
    assert open_store(one).places(Filters("c")) == open_store(two).places(Filters("c"))


def test_an_existing_scheduler_is_used_by_its_address(tmp_path, capsys):
    from distributed import LocalCluster

    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        assert ingest(str(STORY), "--collection", "c", "--scheduler", cluster.scheduler_address, "--database", db) == 0
    assert len(articles(db)) == 4
    assert ingest(str(STORY), "--collection", "d", "--scheduler", "tcp://127.0.0.1:1", "--database", db) == EXIT_INPUT
    assert "no Dask scheduler answers at tcp://127.0.0.1:1" in capsys.readouterr().err


def test_a_batch_whose_worker_fails_is_reported_article_by_article(tmp_path, monkeypatch):
    items = collect.read_source(STORY, [])
    report = collect.Report()

    class Dead:
        def submit(self, fn, *args, pure=False):
            from concurrent.futures import Future

            future: Future = Future()
            future.set_exception(RuntimeError("worker lost"))
            future.release = lambda: None  # type: ignore[attr-defined]
            return future

    monkeypatch.setattr("distributed.as_completed", lambda futures: iter(futures))
    from collections import deque

    collect._run(Dead(), deque([items[:2], items[2:]]), 2, "sqlite://", "c", report, None)
    assert [name for name, _ in report.failed] == [i.name for i in items]
    assert all("worker lost" in reason for _, reason in report.failed)


def test_ctrl_c_during_a_real_cluster_ingest_leaves_whole_articles_and_a_rerun_resumes(tmp_path):
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    lines = STORY.read_text(encoding="utf-8").splitlines()
    records = []
    copies = 100  # 400 articles, each its own URL: an ingest that outlasts a poll or two even on a fast machine
    for copy in range(copies):
        for line in lines:
            record = json.loads(line)
            # each text five times over: parsing, not scheduling, is what the worker spends its time on
            text = " ".join([record["text"]] * 5)
            records.append(
                {**record, "id": f"{record['id']}-{copy}", "url": f"{record['url']}?copy={copy}", "text": text}
            )
    source = tmp_path / "many.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    mapview = str(Path(sys.executable).with_name("mapview"))
    command = [
        mapview,
        "ingest",
        str(source),
        "--collection",
        "c",
        "--workers",
        "1",
        "--batch",
        "4",
        "--quiet",
        "--database",
        db,
    ]
    # Ctrl-C as a terminal sends it: a test run in the background starts with SIGINT ignored, which
    # the command would inherit (and Python then installs no KeyboardInterrupt for it)
    proc = subprocess.Popen(
        command, stderr=subprocess.PIPE, text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)
    )
    deadline = time.monotonic() + 120
    total = len(records)

    def written_so_far() -> int:  # a plain read of the file: cheap enough to poll often, unlike a store
        try:
            conn = sqlite3.connect(tmp_path / "db.sqlite", timeout=5)
            try:
                return conn.execute("SELECT COUNT(*) FROM article").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.OperationalError:  # its tables are not there yet
            return 0

    while time.monotonic() < deadline and proc.poll() is None:
        if (tmp_path / "db.sqlite").exists() and written_so_far() >= 8:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    proc.wait(60)
    written = len(articles(db))
    assert 8 <= written < total, "the interrupt came after the ingest ended: nothing was tested"
    with open_store(db).engine.connect() as conn:  # every article written is whole: its events are there
        empty = conn.execute(select(func.count()).select_from(ArticleRow).where(~ArticleRow.events.any())).scalar_one()
    assert empty == 0
    done = subprocess.run(command, stderr=subprocess.PIPE, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"c: {total - written} written, {written} already there unchanged, 0 failed" in done.stderr
    assert len(articles(db)) == total
