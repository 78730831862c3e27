"""Articles the reader brings: pasted text, or an uploaded .txt, .md or .html file.

HTML is reduced to its readable text with trafilatura (the main content, without navigation,
scripts or boilerplate); every paragraph becomes a paragraph of the text.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from mapview.errors import ArticleError
from mapview.model.article import Article
from mapview.nlp.article import article_from_text, decode_text

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def _limit(text: str, max_chars: int, name: str) -> str:
    if len(text) > max_chars:
        raise ArticleError(
            f"{name} has {len(text):,} characters; this page accepts up to {max_chars:,}. "
            "Shorten it or split it into several articles."
        )
    return text


def html_to_text(html: str) -> tuple[str, str]:
    """(readable text, title) of an HTML page; the text is empty when the page has none."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True) or ""
    if not text.strip():
        text = trafilatura.html2txt(html) or ""
    metadata = trafilatura.extract_metadata(html)
    title = (metadata.title or "") if metadata is not None else ""
    paragraphs = [p.strip() for p in text.splitlines() if p.strip()]
    return "\n\n".join(paragraphs), title.strip()


def looks_like_html(text: str) -> bool:
    return bool(re.match(r"\s*(<!doctype html|<html|<head|<body)", text, re.IGNORECASE))


def article_from_paste(text: str, *, title: str = "", source: str = "", max_chars: int) -> Article:
    if not isinstance(text, str) or not text.strip():
        raise ArticleError("the pasted text is empty")
    _limit(text, max_chars, "the pasted text")
    if looks_like_html(text):
        text, found_title = html_to_text(text)
        title = title or found_title
        if not text.strip():
            raise ArticleError("the pasted HTML has no readable text")
    if not re.search(r"[^\W\d_]", text):
        raise ArticleError("the pasted text has no words in it")
    return article_from_text(text, title=title.strip()[:200], source=source.strip()[:200], name="the pasted text")


def article_from_upload(
    filename: str, data: bytes, *, title: str = "", source: str = "", max_chars: int, max_bytes: int
) -> Article:
    name = PurePath(filename or "upload").name[:100]
    suffix = PurePath(name).suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise ArticleError(f"{name}: only .txt, .md and .html files are accepted")
    if len(data) > max_bytes:
        raise ArticleError(f"{name} is {len(data):,} bytes; this page accepts files up to {max_bytes:,} bytes")
    text = decode_text(data, name)
    if suffix in HTML_SUFFIXES or looks_like_html(text):
        text, found_title = html_to_text(text)
        title = title or found_title
        if not text.strip():
            raise ArticleError(f"{name} has no readable text")
    _limit(text, max_chars, name)
    if not re.search(r"[^\W\d_]", text):
        raise ArticleError(f"{name} has no words in it")
    stem = PurePath(name).stem
    return article_from_text(text, title=(title or stem).strip()[:200], source=source.strip()[:200], name=name)
