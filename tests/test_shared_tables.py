"""trafilatura's justext stop words, built before the workers fork (issue 18): held compactly,
and justext counts exactly the stop words it counts with trafilatura's own tuple."""

from __future__ import annotations

import justext.core
from justext.utils import get_stoplist, get_stoplists
from trafilatura import external

from monitor.ingest.extractor import _StopWords, load_shared_tables, release_shared_tables

# Our own words: some are stop words in some language, some in none.
OUR_TEXT = ("the committee said that forty people were sent home from the border and "
            "người dân đã được đưa về nhà yang sudah dipulangkan qwzx trafficking shelter Koh Kong")


def test_justext_gets_the_same_stop_words_from_the_compact_form() -> None:
    expected = frozenset(word.lower() for language in get_stoplists() for word in get_stoplist(language))
    try:
        load_shared_tables()
        words = external.JT_STOPLIST
        assert isinstance(words, _StopWords)
        assert len(words) == len(expected)
        assert all(word in words for word in expected)
        assert justext.core.define_stoplist(words) is words  # what justext's classifier asks
        for word in OUR_TEXT.split():
            assert (word in words) == (word in expected), word
        assert "qwzx" not in words and 7 not in words
        load_shared_tables()  # again: the same object, nothing rebuilt
        assert external.JT_STOPLIST is words
    finally:
        release_shared_tables()
    assert external.JT_STOPLIST is None


def test_other_stop_lists_still_get_justexts_own_set() -> None:
    load_shared_tables()
    try:
        english = get_stoplist("English")
        assert justext.core.define_stoplist(english) == frozenset(word.lower() for word in english)
    finally:
        release_shared_tables()


def test_justext_classifies_paragraphs_alike_with_either_form() -> None:
    from justext.core import ParagraphMaker, classify_paragraphs
    from lxml import html

    page = html.fromstring(
        "<html><body><div><p>" + " ".join([OUR_TEXT] * 4) + "</p><p>Home | News | Contact</p>"
        "<p>The shelter in Koh Kong has places for forty people and a clinic, and it is run by the "
        "provincial department with volunteers from the district.</p></div></body></html>")
    expected = frozenset(word.lower() for language in get_stoplists() for word in get_stoplist(language))
    plain = ParagraphMaker.make_paragraphs(page)
    classify_paragraphs(plain, expected, 50, 150, 0.1, 0.2, 0.25, True)
    load_shared_tables()
    try:
        compact = ParagraphMaker.make_paragraphs(page)
        classify_paragraphs(compact, external.JT_STOPLIST, 50, 150, 0.1, 0.2, 0.25, True)
    finally:
        release_shared_tables()
    assert [p.cf_class for p in compact] == [p.cf_class for p in plain]
    assert [p.stopwords_count(expected) for p in plain] == [p.stopwords_count(expected) for p in compact]
