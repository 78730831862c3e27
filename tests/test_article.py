from __future__ import annotations

import codecs
import itertools

import pytest
from conftest import ROOT

from mapview.errors import ArticleError
from mapview.nlp.article import MAX_TEXT_CHARS, article_from_text, decode_text, discover_articles, load_article
from mapview.nlp.sentences import split_sentences


def test_bundled_article_is_the_received_text_with_metadata(article):
    shared = ROOT.parent / "shared" / "article.txt"
    if shared.exists():
        assert article.text == shared.read_text(encoding="utf-8")
    assert article.source == "Mehr News Agency" and article.licence == "CC BY 4.0"
    assert "Creative Commons Attribution 4.0" in article.attribution
    assert article.dateline == "Tehran"
    assert article.title and article.title_is_editorial


def test_articles_are_discovered_from_the_folder(tmp_path):
    (tmp_path / "b.txt").write_text("Floods hit Lahore.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Strikes in Paris.", encoding="utf-8")
    (tmp_path / "a.toml").write_text('title = "Strikes"\nsource = "Example"\n', encoding="utf-8")
    found = discover_articles(tmp_path)
    assert [a.id for a in found] == ["a", "b"]
    assert found[0].title == "Strikes" and found[1].title == ""
    assert [a.id for a in discover_articles(ROOT / "data" / "articles")] == ["mehr-armenia-azerbaijan-clashes"]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "is empty"),
        (b"   \n\t ", "is empty"),
        (b"caf\xe9", "not UTF-8"),
        (b"\x7fELF\x00\x01\x02", "binary"),
        (b"text with a \x00 NUL", "binary"),
    ],
)
def test_bad_bytes_get_a_clear_message(data, message):
    with pytest.raises(ArticleError, match=message):
        decode_text(data, "upload")


def test_utf16_and_bom_are_accepted():
    text = "Clashes near Lachin."
    assert decode_text(codecs.BOM_UTF8 + text.encode("utf-8")) == text
    assert decode_text(text.encode("utf-16")) == text


def test_size_limit():
    with pytest.raises(ArticleError, match="limit"):
        article_from_text("a" * (MAX_TEXT_CHARS + 1))


def test_metadata_errors_are_messages(tmp_path):
    (tmp_path / "x.txt").write_text("Tehran.", encoding="utf-8")
    (tmp_path / "x.toml").write_text("title = ", encoding="utf-8")
    with pytest.raises(ArticleError, match="unreadable metadata"):
        load_article(tmp_path / "x.txt")
    (tmp_path / "x.toml").write_text('colour = "red"', encoding="utf-8")
    with pytest.raises(ArticleError, match="unknown metadata keys"):
        load_article(tmp_path / "x.txt")
    with pytest.raises(ArticleError, match="no such file"):
        load_article(tmp_path / "missing.txt")


def test_sentences_are_trimmed_spans_in_order(article):
    sentences = split_sentences(article.text)
    assert len(sentences) == 26
    text = article.text
    for a, b in itertools.pairwise(sentences):
        assert a.end <= b.start
    for s in sentences:
        chunk = text[s.start : s.end]
        assert chunk == chunk.strip() and chunk
    assert text[sentences[0].start : sentences[0].end].startswith("TEHRAN - ")


def test_paragraph_breaks_end_sentences():
    text = "Heavy clashes near Lachin\n\nTalks in Moscow resumed. Mr. Smith said so."
    spans = [text[s.start : s.end] for s in split_sentences(text)]
    assert spans == ["Heavy clashes near Lachin", "Talks in Moscow resumed.", "Mr. Smith said so."]


def test_a_clock_time_does_not_end_a_sentence_that_goes_on_with_its_day_or_zone():
    text = (
        "He was shot around 5 p.m. Wednesday in Brooklyn. The shop shut at 6 p.m. The police came. "
        "It was 3 p.m. ET then. They met at 10 a.m. on Sunday."
    )
    spans = [text[s.start : s.end] for s in split_sentences(text)]
    assert spans == [
        "He was shot around 5 p.m. Wednesday in Brooklyn.",
        "The shop shut at 6 p.m.",
        "The police came.",
        "It was 3 p.m. ET then.",
        "They met at 10 a.m. on Sunday.",
    ]
    assert [s.index for s in split_sentences(text)] == [0, 1, 2, 3, 4]
    # a paragraph break still ends it
    assert len(split_sentences("Police arrived at 5 p.m.\n\nWednesday was calm.")) == 2
