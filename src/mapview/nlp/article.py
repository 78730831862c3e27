"""Articles: their text, their metadata, and their sentences.

A bundled article is a UTF-8 ``NAME.txt`` in ``data/articles/`` with an optional ``NAME.toml``
beside it holding its metadata (title, source, licence, attribution, dateline, date, url). The
text is kept exactly as received, so every span in the pipeline indexes into it.
"""

from __future__ import annotations

import codecs
import re
import tomllib
from pathlib import Path

from mapview.errors import ArticleError
from mapview.model.article import Article

#: Longest text accepted, in characters. About 15 times a long feature article.
MAX_TEXT_CHARS = 1_000_000


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_text(data: bytes, name: str = "input") -> str:
    """Decode bytes of a text file; raise ArticleError for binary or undecodable input.

    UTF-8 (with or without BOM) and BOM-marked UTF-16/32 are accepted. Anything else is refused
    rather than guessed: a wrong guess silently shifts every span.
    """
    if not data.strip():
        raise ArticleError(f"{name} is empty")
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ArticleError(
                    f"{name} is not valid {encoding.upper()} text ({exc.reason} at byte {exc.start})"
                ) from None
            break
    else:
        if b"\x00" in data:
            raise ArticleError(f"{name} looks binary (it contains NUL bytes), not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ArticleError(
                f"{name} is not UTF-8 text (invalid byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "save it as UTF-8 and try again"
            ) from None
    return check_text(text, name)


def check_text(text: str, name: str = "input") -> str:
    if "\x00" in text:
        raise ArticleError(f"{name} looks binary (it contains NUL characters), not text")
    if not text.strip():
        raise ArticleError(f"{name} is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise ArticleError(f"{name} has {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
    controls = len(_CONTROL.findall(text))
    if controls > max(10, len(text) // 100):
        raise ArticleError(f"{name} looks binary ({controls} control characters), not text")
    return text


def with_date(article: Article, value) -> Article:
    """The article dated ``value`` (an ISO day, what its events' "on Monday" resolves against);
    unchanged for an empty value; ArticleError for anything that is not an ISO date."""
    from mapview.util import parse_day

    value = str(value or "").strip()
    if not value:
        return article
    if parse_day(value) is None:
        raise ArticleError(f"date {value[:40]!r} is not an ISO date (YYYY-MM-DD)")
    return Article(**{**article.__dict__, "date": value[:10]})


def home_spec(value) -> str:
    """A JSON line's ``source_home``: a place name, or a point as ``[lat, lon]``; TypeError else."""
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value):
        return f"{value[0]}, {value[1]}"
    if isinstance(value, str):
        return value
    if value is not None:
        raise TypeError("source_home must be a place name or [lat, lon]")
    return ""


def article_from_text(
    text: str,
    *,
    id: str | None = None,
    title: str = "",
    source: str = "",
    name: str = "text",
    url: str = "",
    source_home: str = "",
) -> Article:
    """An Article from text the user brought (pasted or uploaded)."""
    text = check_text(text, name)
    article = Article(
        id="",
        text=text,
        title=title.strip(),
        source=source.strip(),
        url=url.strip()[:2000],
        source_home=source_home.strip()[:200],
    )
    return Article(**{**article.__dict__, "id": id or f"text-{article.digest}"})


_META_FIELDS = {f for f in Article.__dataclass_fields__} - {"id", "text"}


def read_bytes(path: Path) -> bytes:
    """A file's bytes, or an :class:`ArticleError` that says in one line why not."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ArticleError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ArticleError(f"{path} is a folder, not a text file") from None
    except OSError as exc:
        raise ArticleError(f"{path}: {exc.strerror}") from None


def load_article(path: str | Path) -> Article:
    """Load ``NAME.txt`` and its optional ``NAME.toml`` metadata."""
    path = Path(path)
    text = decode_text(read_bytes(path), str(path))
    meta: dict = {}
    meta_path = path.with_suffix(".toml")
    if meta_path.exists():
        try:
            meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ArticleError(f"{meta_path}: unreadable metadata ({exc})") from None
    unknown = set(meta) - _META_FIELDS
    if unknown:
        raise ArticleError(f"{meta_path}: unknown metadata keys {sorted(unknown)}")
    return Article(id=path.stem, text=text, **meta)


def discover_articles(folder: str | Path) -> list[Article]:
    """Every bundled article in ``folder``, sorted by id. A second article is one more file."""
    return [load_article(p) for p in sorted(Path(folder).glob("*.txt"))]
