"""Command line: ``mapview extract`` and ``mapview geocode``.

Errors are one line on stderr and a non-zero exit status; no traceback for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from mapview.errors import (
    ArticleError,
    CacheError,
    GeocoderError,
    InputError,
    MapviewError,
    NoPlacesError,
    StoreError,
    UsageError,
)
from mapview.export.json import to_jsonl_record
from mapview.nlp.article import (
    article_from_text,
    check_text,
    decode_text,
    home_spec,
    load_article,
    read_bytes,
    with_date,
)

EXIT_USAGE, EXIT_INPUT, EXIT_NO_PLACES, EXIT_CACHE, EXIT_GEOCODER, EXIT_DATABASE = 2, 3, 4, 5, 6, 7
#: mapview's errors and the exit status each gives, the most specific first.
EXIT_CODES: tuple[tuple[type[MapviewError], int], ...] = (
    (UsageError, EXIT_USAGE),
    (NoPlacesError, EXIT_NO_PLACES),
    (InputError, EXIT_INPUT),
    (CacheError, EXIT_CACHE),
    (GeocoderError, EXIT_GEOCODER),
    (StoreError, EXIT_DATABASE),
    (MapviewError, 1),
)


def exit_code(error: MapviewError) -> int:
    return next(code for kind, code in EXIT_CODES if isinstance(error, kind))


def _read_article(source: str):
    if source == "-":
        data = sys.stdin.buffer.read()
        return article_from_text(decode_text(data, "standard input"), id="stdin")
    path = Path(source)
    if path.suffix == ".txt" or path.with_suffix(".toml").exists():
        return load_article(path)
    return article_from_text(decode_text(read_bytes(path), str(path)), id=path.stem)


def cmd_extract(args) -> int:
    from mapview.export.csv import to_csv
    from mapview.export.geojson import to_geojson
    from mapview.export.json import dumps, to_dict
    from mapview.pipeline import default_geoparser

    if args.jsonl:
        return _extract_jsonl(args)
    if not args.file:
        raise UsageError("extract needs FILE (or - for standard input), or --jsonl IN.jsonl")
    article = _read_article(args.file)
    if args.home:
        article = replace(article, source_home=args.home)
    doc = default_geoparser().parse(article)
    if not doc.places:
        name = "standard input" if args.file == "-" else args.file
        raise NoPlacesError(f"no places found in {name}")
    if args.format == "geojson":
        out = dumps(to_geojson(doc))
    elif args.format == "csv":
        out = to_csv(doc)
    elif args.format == "events":
        from mapview.export.acled import events_csv

        out = events_csv(doc, default_geoparser().taxonomy.types)
    elif args.format == "events-geojson":
        from mapview.export.acled import events_geojson

        out = dumps(events_geojson(doc, default_geoparser().taxonomy.types))
    else:
        out = dumps(to_dict(doc))
    sys.stdout.write(out if out.endswith("\n") else out + "\n")
    return 0


def _extract_jsonl(args) -> int:
    from mapview.pipeline import default_geoparser

    geoparser = default_geoparser()  # loaded once for the whole corpus
    path = Path(args.jsonl)
    try:
        fh = sys.stdin if args.jsonl == "-" else open(path, encoding="utf-8")  # noqa: SIM115 (closed by `with fh` below)
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror}") from None
    errors = 0
    with fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = check_text(record["text"], f"line {line_no}")
                article = article_from_text(
                    text,
                    id=str(record["id"]),
                    url=str(record.get("url") or ""),
                    source_home=home_spec(record.get("source_home")) or args.home or "",
                    title=str(record.get("title") or ""),
                    source=str(record.get("source") or ""),
                )
                article = with_date(article, record.get("date"))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                print(f'mapview: {args.jsonl}:{line_no}: not a {{"id", "text"}} record ({exc})', file=sys.stderr)
                errors += 1
                continue
            except ArticleError as exc:
                print(f"mapview: {args.jsonl}:{line_no}: {exc}", file=sys.stderr)
                errors += 1
                continue
            doc = geoparser.parse(article)
            sys.stdout.write(json.dumps(to_jsonl_record(doc), ensure_ascii=False) + "\n")
    return EXIT_INPUT if errors else 0


def cmd_geocode(args) -> int:
    from mapview.geo.gazetteer import Gazetteer
    from mapview.geo.geocode import GeocodeCache, GeocoderChain, online_geocoder
    from mapview.geo.ranking import Context
    from mapview.geo.resolve import default_cache, default_overrides
    from mapview.model.place import normalize
    from mapview.nlp.article import discover_articles
    from mapview.paths import ARTICLES_DIR, GEOCACHE
    from mapview.pipeline import Geoparser

    # By default new rows go to this installation's cache (in the state folder), read over the
    # shipped seed; --cache names one file to read and write (data/geocache.csv updates the seed).
    cache_path = Path(args.cache) if args.cache else GEOCACHE
    cache = GeocodeCache.load(cache_path) if args.cache else default_cache()
    overrides = GeocodeCache.load(Path(args.overrides)) if args.overrides else default_overrides()
    online = None
    if args.online:
        try:
            online = online_geocoder(
                args.provider,
                user_agent=args.user_agent,
                timeout=args.timeout,
                **({"domain": args.domain, "scheme": args.scheme} if args.domain else {}),
            )
        except Exception as exc:  # unknown provider or bad options: geopy raises several kinds
            raise UsageError(f"cannot set up geocoder {args.provider!r}: {exc}") from None
    articles = [_read_article(a) for a in args.article]
    if args.bundled:
        articles += discover_articles(ARTICLES_DIR)
    names = list(args.names) + ([args.refresh] if args.refresh and not articles else [])
    if not names and not articles:
        raise UsageError("geocode needs NAME..., --article FILE, --bundled or --refresh NAME")

    chain = GeocoderChain(Gazetteer(), cache, overrides, online)
    refresh = frozenset({normalize(args.refresh)} if args.refresh else ())
    results = []  # (context, query, resolution)
    for name in dict.fromkeys(names):
        results.append(("", name, chain.resolve(name, context=Context(), refresh=normalize(name) in refresh)))
    geoparser = Geoparser(chain.gazetteer, chain)
    for article in articles:
        resolved = geoparser.resolve_article(article, refresh=refresh)
        results += [(article.id, q, r) for q, r in resolved.items()]
    new = dict(entry for _, _, r in results if (entry := r.cache_entry()) is not None)

    unresolved = 0
    for context, query, r in results:
        where = f"[{context}] " if context else ""
        if r.place is None:
            unresolved += 1
            print(f"{where}{query}\t-\t{r.reason}")
        else:
            p = r.place
            point = "" if p.lat is None else f"{p.lat:.4f},{p.lon:.4f}"
            print(f"{where}{query}\t{p.name} ({p.kind}, {p.country_code or '-'})\t{point}\t{r.served_from}\t{p.source}")
    if args.dry_run:
        return 0
    if new:
        try:
            rows = cache.save(new, replace_keys=frozenset(new) if args.refresh else frozenset())
        except OSError as exc:
            raise CacheError(f"{cache_path}: {exc.strerror or exc}") from None
        print(f"mapview: {len(new)} result(s) written; {cache_path} holds {rows} entries", file=sys.stderr)
    return 0 if not unresolved else EXIT_NO_PLACES


def cmd_evaluate(args) -> int:
    from mapview.evaluation.geoparse import (
        area_aware_accuracy,
        format_report,
        load_jsonl,
        local_news,
        predict,
        score,
        select,
    )

    reports = {}
    for corpus in args.corpus:
        try:
            gold = load_jsonl(corpus)
        except OSError as exc:
            raise InputError(f"{corpus}: {exc.strerror}") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"{corpus}: not a JSON-lines corpus ({exc})") from None
        if not all(isinstance(d, dict) and "id" in d and "text" in d for d in gold):
            raise InputError(f'{corpus}: every line needs "id" and "text"')
        gold = select(gold, args.part)
        if args.local_to:
            gold = local_news(gold, args.local_to)
        predictions = predict(gold, homes=not args.no_home)
        if args.predictions:
            with open(args.predictions, "w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions)
        corpus = corpus if args.part == "all" else f"{corpus} ({args.part} part)"
        if args.local_to:
            corpus += f", local news of {args.local_to.upper()} ({len(gold)} articles)"
        if args.no_home:
            corpus += ", outlets' homes not used"
        reports[corpus] = score(gold, predictions)
        reports[corpus]["area_acc"] = area_aware_accuracy(gold, predictions)
    if args.json:
        out = next(iter(reports.values())) if len(reports) == 1 else reports
        print(json.dumps(out))
    else:
        print("\n\n".join(format_report(name, s) for name, s in reports.items()))
    return 0


#: The parts of a gold file: tune and holdout by a hash of the id; train and test annotated for the
#: trained reader (test measured once); fresh, annotated after the rules were frozen.
PARTS = ("tune", "holdout", "train", "test", "fresh")


def cmd_evaluate_events(args) -> int:
    import os

    from mapview.errors import GoldError
    from mapview.evaluation.events import evaluate, format_report, load_gold
    from mapview.pipeline import default_geoparser

    corpora = Path(args.corpora or os.environ.get("MAPVIEW_CORPORA") or Path.cwd().parent / "shared" / "corpora")
    geoparser = default_geoparser()
    if args.rules_only:
        geoparser = replace(geoparser, reader=None)
    try:
        gold = load_gold(args.gold)
        against = {d["id"]: d for d in load_gold(args.against)} if args.against else None
        if args.topic:
            gold = [d for d in gold if d.get("topic") in args.topic]
        present = {d.get("part") for d in gold} | (
            {"fresh"} if any(d.get("annotated_after_tuning") for d in gold) else set()
        )
        parts = [args.part] if args.part != "each" else ["all", *(p for p in PARTS if p in present)]
        reports = {}
        for part in parts:
            if part == "fresh":  # held out and annotated only after the rules were frozen
                chosen = [d for d in gold if d.get("annotated_after_tuning")]
            else:
                chosen = gold if part == "all" else [d for d in gold if d.get("part") == part]
            reports[part] = evaluate(chosen, corpora, geoparser, by_rule=args.by_rule, against=against)
    except OSError as exc:
        raise InputError(f"{exc.filename or args.gold}: {exc.strerror}") from None
    except GoldError as exc:
        raise InputError(str(exc)) from None
    if args.json:
        print(json.dumps(reports[parts[0]] if len(parts) == 1 else reports))
    else:
        print("\n\n".join(format_report(f"{args.gold} ({part})", r) for part, r in reports.items()))
    return 0


def cmd_ingest(args) -> int:
    from mapview.store.database import open_store
    from mapview.store.ingest import ingest

    if args.workers < 0:
        raise UsageError("--workers is 0 (parse in this process) or more")
    if args.batch < 1:
        raise UsageError("--batch is 1 or more")
    import logging

    # a lost connection is told in one line (mapview.store.guard), not again by the driver's warnings
    logging.getLogger("psycopg").setLevel(logging.ERROR)
    store = open_store(args.database)
    report = ingest(
        args.source,
        store,
        args.collection,
        workers=args.workers,
        scheduler=args.scheduler,
        batch=args.batch,
        refresh=args.refresh,
        progress=not args.quiet,
        allow_private=args.allow_private_addresses,
    )
    rate = report.written / report.seconds if report.seconds else 0.0
    print(
        f"{args.collection}: {report.written} written, {report.unchanged} already there unchanged, "
        f"{len(report.failed)} failed ({report.seconds:.1f} s, {rate:.1f} articles/s)",
        file=sys.stderr,
    )
    for name, reason in report.failed:
        print(f"mapview: failed: {name}: {reason}", file=sys.stderr)
    return EXIT_INPUT if report.failed else 0


def build_parser() -> argparse.ArgumentParser:
    from mapview.geo.geocode import USER_AGENT

    parser = argparse.ArgumentParser(prog="mapview", description="Read a news story on a map.")
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="geoparse an article and write places, mentions and quotes")
    ex.add_argument("file", nargs="?", help="article text file, or - for standard input")
    ex.add_argument(
        "--format",
        choices=("geojson", "csv", "json", "events", "events-geojson"),
        default="geojson",
        help="geojson: one Feature per place; csv: one row per mention; json: everything; events: one "
        "row per event and place where it happened, in ACLED's columns; events-geojson: one "
        "Feature per event at its location",
    )
    ex.add_argument(
        "--home",
        metavar="PLACE",
        help='where the outlet is based, a prior for ambiguous names: "Pendleton, Oregon, US", '
        '"US" or "45.67, -118.79" (default: the article\'s source_home, else its URL\'s outlet)',
    )
    ex.add_argument(
        "--jsonl",
        metavar="IN.jsonl",
        help='read {"id", "text"} lines (optional "url", "title", "date", '
        '"source", "source_home"), write one line per article',
    )
    ex.set_defaults(func=cmd_extract)

    geo = sub.add_parser("geocode", help="resolve names through cache, gazetteer and (with --online) geopy")
    geo.add_argument("names", nargs="*", help="place names to resolve")
    geo.add_argument(
        "--article", action="append", default=[], metavar="FILE", help="resolve every place an article names"
    )
    geo.add_argument("--bundled", action="store_true", help="resolve every place of the bundled articles")
    geo.add_argument("--refresh", metavar="NAME", help="re-resolve one entry, replacing its cached result")
    geo.add_argument("--online", action="store_true", help="ask an online geocoder for names the gazetteer lacks")
    geo.add_argument("--provider", default="nominatim", help="any geopy provider name (default: nominatim)")
    geo.add_argument("--user-agent", default=USER_AGENT)
    geo.add_argument("--timeout", type=float, default=5.0, help="seconds per online request")
    geo.add_argument("--domain", help=argparse.SUPPRESS)  # for tests against a local server
    geo.add_argument("--scheme", default="https", help=argparse.SUPPRESS)
    geo.add_argument(
        "--cache",
        help="the one cache file to read and write (default: geocache.csv in the state "
        "folder, read over the shipped data/geocache.csv)",
    )
    geo.add_argument("--overrides", help="manual overrides file (default: the state folder's over the shipped ones)")
    geo.add_argument("--dry-run", action="store_true", help="resolve and print, write nothing")
    geo.set_defaults(func=cmd_geocode)

    ev = sub.add_parser("evaluate", help="measure recognition and resolution on gold corpora")
    ev.add_argument("corpus", nargs="+", help='JSON lines {"id", "text", "toponyms": [...]}')
    ev.add_argument(
        "--part",
        choices=("all", "tune", "holdout"),
        default="all",
        help="score a fixed third of each corpus (holdout) or the rest (tune); default: all",
    )
    ev.add_argument(
        "--local-to",
        metavar="CC",
        help="only articles of local outlets of that country: their URL is an outlet of "
        "geo/outlets.csv based in a town of it (US: US local news, with the outlet's home known)",
    )
    ev.add_argument(
        "--no-home",
        action="store_true",
        help="read every article as if its outlet were unknown (its URL is not passed on), to measure "
        "what the outlet's home adds",
    )
    ev.add_argument("--json", action="store_true", help="print the figures as JSON")
    ev.add_argument("--predictions", metavar="OUT.jsonl", help="also write the predictions (one corpus)")
    ev.set_defaults(func=cmd_evaluate)

    ee = sub.add_parser("evaluate-events", help="measure event records against hand annotation")
    ee.add_argument("gold", metavar="GOLD.jsonl", help="annotated events (data/gold/events.jsonl)")
    ee.add_argument(
        "--part",
        choices=("all", *PARTS, "each"),
        default="all",
        help="the articles of one part of the gold file: tune or holdout (by a hash of the id), train or "
        "test (the trained reader's), fresh (annotated after the rules were frozen); all; or each in turn",
    )
    ee.add_argument(
        "--topic",
        action="append",
        metavar="TOPIC",
        help="only articles of this topic (conflict, political, disaster, crime, other); repeatable",
    )
    ee.add_argument(
        "--by-rule", action="store_true", help="also count each rule's decisions, right and wrong, on the gold set"
    )
    ee.add_argument(
        "--corpora",
        metavar="DIR",
        help="where the corpora the gold lines name are (default: $MAPVIEW_CORPORA, else ../shared/corpora)",
    )
    ee.add_argument("--rules-only", action="store_true", help="the rules alone, without the trained reader")
    ee.add_argument(
        "--against",
        metavar="OTHER.jsonl",
        help="score a second annotation of the same articles instead of mapview (the annotators' agreement)",
    )
    ee.add_argument("--json", action="store_true", help="print the figures as JSON")
    ee.set_defaults(func=cmd_evaluate_events)

    ing = sub.add_parser("ingest", help="geoparse many articles into a collection, in parallel on Dask")
    ing.add_argument(
        "source",
        help='a JSON-lines file ({"id", "text", "url", "title", "date", "source", '
        '"source_home"}), a folder of .txt/.md/.html files, or a file of URLs',
    )
    ing.add_argument("--collection", required=True, help="the collection's name (created if new)")
    ing.add_argument(
        "--workers",
        type=int,
        default=1,
        help="start a local Dask cluster of N processes (default 1; 0 parses in this process)",
    )
    ing.add_argument("--scheduler", metavar="ADDRESS", help="use the Dask scheduler at ADDRESS (tcp://host:8786)")
    ing.add_argument(
        "--batch", type=int, default=16, help="articles a worker parses and writes in one transaction (default 16)"
    )
    ing.add_argument("--refresh", action="store_true", help="parse again articles already in the collection")
    ing.add_argument(
        "--database",
        metavar="URL",
        help="database URL (default: MAPVIEW_DATABASE_URL, else a SQLite file in the state folder)",
    )
    ing.add_argument(
        "--allow-private-addresses",
        action="store_true",
        help="fetch URLs on loopback and private networks too (off: a URL list cannot reach the "
        "services beside this machine)",
    )
    ing.add_argument("--quiet", action="store_true", help="no progress bar")
    ing.set_defaults(func=cmd_ingest)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except MapviewError as exc:
        print(f"mapview: {exc}", file=sys.stderr)
        return exit_code(exc)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
