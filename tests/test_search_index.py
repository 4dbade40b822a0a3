"""The full-text index is filled in batches (storage/010_search_index_batched.sql): what is
searchable when, and that the index always agrees with the stories (FTS5 integrity-check)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from monitor.models import Article, Entry, Findings, Verdict
from monitor.store import Store
from monitor.store.reviews import search_articles
from monitor.store.store import SEARCH_INDEX_BATCH


def _save(store: Store, n: int, text: str) -> int:
    verdict = Verdict(flagged=False, related=False, score=0.0, reason="", matches=(), discounted=())
    url = f"https://outlet.example/story-{n}.html"
    article = Article(
        url=url, feed_id=None, guid=None, title=f"Story number {n}", author=None, site_name=None, published_at=None,
        discovered_at="2026-11-01T00:00:00Z", text=text, summary="", source="page", fetch_error=None,
        content_hash=f"hash-{n}", simhash=None, story_id=None, classified_at="2026-11-01T00:00:00Z",
        findings=Findings(verdict=verdict, rules_version="test", lang="en"),
    )
    entry = Entry(key=url, guid=None, link=url, title=article.title or "", summary="", content="", published_at=None, author=None)
    return store.save_article(article, entry=entry)


def _indexed(db: Path, word: str) -> list[int]:
    """Rows the index itself finds, read over a plain connection (no flush on the way)."""
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid",
                                           [f'"{word}"'])]
    finally:
        conn.close()


def _check(store: Store) -> None:
    store.db.conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")


def test_stories_are_indexed_in_batches_and_at_the_end(tmp_path: Path) -> None:
    db = tmp_path / "monitor.db"
    store = Store.open(db)
    try:
        ids = [_save(store, n, f"Brokers moved workers across the border, case {n}.") for n in range(SEARCH_INDEX_BATCH + 5)]
        # The batch filled once: the first 32 stories are in the index, the last 5 wait.
        assert _indexed(db, "brokers") == ids[:SEARCH_INDEX_BATCH]
        assert store.search_index_lag() == 5
        # A search through the store indexes what waits first, so it misses nothing.
        assert len(search_articles(store, "brokers", limit=100)) == len(ids)
        assert store.search_index_lag() == 0 and _indexed(db, "brokers") == ids
        _check(store)
        later = _save(store, 99, "A second raid freed forty workers.")
        assert _indexed(db, "second raid") == []
    finally:
        store.close()
    assert _indexed(db, "raid") == [later]  # closing indexes the rest


def test_a_crash_before_the_batch_is_indexed_at_the_next_open(tmp_path: Path) -> None:
    db = tmp_path / "monitor.db"
    store = Store.open(db)
    first = _save(store, 1, "Recruiters promised jobs abroad.")
    store.db.conn.close()  # as a killed process: no close(), nothing flushed
    assert _indexed(db, "recruiters") == []
    with Store.open(db) as reopened:
        assert _indexed(db, "recruiters") == [first]
        _check(reopened)


def test_editing_or_deleting_a_story_not_indexed_yet_keeps_the_index_whole(tmp_path: Path) -> None:
    db = tmp_path / "monitor.db"
    with Store.open(db) as store:
        kept = _save(store, 1, "Police rescued seven victims.")
        store.index_for_search()
        edited = _save(store, 2, "Officials met on Monday.")
        gone = _save(store, 3, "A market reopened.")
        with store.transaction("test: edit and delete before indexing"):
            store.db.conn.execute("UPDATE articles SET text = 'Officials met traffickers' WHERE id = ?", [edited])
            store.db.conn.execute("DELETE FROM articles WHERE id = ?", [gone])
            store.db.conn.execute("UPDATE articles SET title = 'Rescue' WHERE id = ?", [kept])  # indexed: re-indexed now
        assert _indexed(db, "rescue") == [kept]
        store.index_for_search()
        _check(store)
        assert _indexed(db, "traffickers") == [edited] and _indexed(db, "market") == []
        assert [r["article_id"] for r in search_articles(store, "Officials")] == [edited]
