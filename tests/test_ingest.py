"""Articles readers bring: pasted text and uploaded .txt, .md and .html files."""

from __future__ import annotations

import codecs

import pytest

from mapview.errors import ArticleError
from mapview.nlp.reading import article_from_paste, article_from_upload, html_to_text

LIMITS = {"max_chars": 300_000, "max_bytes": 2_000_000}
HTML = (
    "<html><head><title>Floods in Sindh</title><script>alert('x')</script><style>p{}</style></head><body>"
    "<nav>Home | World | Sport</nav><article><h1>Floods hit Karachi</h1>"
    "<p>Heavy rain flooded Karachi and Hyderabad on Monday, officials in Sindh said.</p>"
    "<p>More rain is expected in Pakistan this week.</p></article><footer>© 2026 Example</footer></body></html>"
)


def test_html_is_reduced_to_its_readable_text():
    text, title = html_to_text(HTML)
    assert "Heavy rain flooded Karachi and Hyderabad" in text
    assert "alert" not in text and "p{}" not in text
    assert "\n\n" in text  # paragraphs stay paragraphs
    assert title == "Floods hit Karachi"  # the headline, as trafilatura reads it


@pytest.mark.parametrize(
    "name, data",
    [
        ("story.txt", b"Protests in Lyon and Marseille."),
        ("story.md", b"# Strike\n\nProtests in **Lyon** and Marseille."),
        ("story.html", HTML.encode()),
        ("story.txt", codecs.BOM_UTF8 + b"Protests in Lyon."),
        ("story.txt", "Protests in Lyon.".encode("utf-16")),
    ],
)
def test_accepted_uploads(name, data):
    article = article_from_upload(name, data, **LIMITS)
    assert article.text.strip() and article.id.startswith("text-")


def test_uploaded_html_takes_its_title_unless_one_is_given():
    assert article_from_upload("page.html", HTML.encode(), **LIMITS).title == "Floods hit Karachi"
    assert article_from_upload("page.html", HTML.encode(), title="Mine", **LIMITS).title == "Mine"


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("story.pdf", b"%PDF-1.4", "only .txt, .md and .html"),
        ("story.txt", b"", "is empty"),
        ("story.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("story.txt", "Grève générale à Paris".encode("latin-1"), "not UTF-8"),
        ("story.txt", b"a" * 2_000_001, "accepts files up to"),
        ("story.txt", b"!!! ... ???", "no words"),
        ("story.html", b"<html><body><script>x()</script></body></html>", "no readable text"),
    ],
)
def test_rejected_uploads_get_a_message(name, data, message):
    with pytest.raises(ArticleError, match=message):
        article_from_upload(name, data, **LIMITS)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ("x" * 300_001, "up to 300,000"),
        ("?!. ,;", "no words"),
    ],
)
def test_rejected_pastes_get_a_message(text, message):
    with pytest.raises(ArticleError, match=message):
        article_from_paste(text, max_chars=300_000)


def test_a_long_paste_within_the_limit_is_accepted():
    text = ("Officials in Lahore said the river rose overnight. " * 2000)[:100_000]
    assert len(article_from_paste(text, max_chars=300_000).text) == 100_000
