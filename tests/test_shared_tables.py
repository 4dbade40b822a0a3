"""trafilatura's justext stop words, built before the workers fork (issue 18): held compactly,
and justext builds exactly the set it builds from trafilatura's own tuple."""

from __future__ import annotations

from justext.core import define_stoplist
from justext.utils import get_stoplist, get_stoplists
from trafilatura import external

from monitor.ingest.extractor import _StopWords, load_shared_tables, release_shared_tables


def test_justext_gets_the_same_stop_words_from_the_compact_form() -> None:
    expected = frozenset(word.lower() for language in get_stoplists() for word in get_stoplist(language))
    try:
        load_shared_tables()
        words = external.JT_STOPLIST
        assert isinstance(words, _StopWords)
        assert words and len(words) == len(expected)
        assert define_stoplist(words) == expected
        load_shared_tables()  # again: the same object, nothing rebuilt
        assert external.JT_STOPLIST is words
    finally:
        release_shared_tables()
    assert external.JT_STOPLIST is None


def test_compact_stop_words_yield_every_word_once_in_order() -> None:
    assert list(_StopWords([])) == [] and not _StopWords([])
    assert list(_StopWords([""])) == [""]
    assert list(_StopWords(["und", "the", "", "và"])) == ["und", "the", "", "và"]
