"""Opening a database made by the first release's schema upgrades it and keeps its rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from monitor.resources import shipped_path
from monitor.store import Store
from monitor.store.schema import migrations

TITLE = "Court jails two recruiters after NCCT referral"
TEXT = "Two recruiters were jailed for trafficking workers to a scam compound, the NCCT said."


def first_release_database(path: Path) -> None:
    """Only storage/001_base.sql, as the first release created it, with rows in every table."""
    conn = sqlite3.connect(path)
    conn.executescript(shipped_path("storage", "001_base.sql").read_text(encoding="utf-8"))
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO feeds (id, url, name, added_at, last_success_at) "
                 "VALUES (1, 'https://news.example.org/feed', 'Example News', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')")
    conn.execute("INSERT INTO fetches (feed_id, url, started_at, status, new_items) "
                 "VALUES (1, 'https://news.example.org/feed', '2026-01-02T00:00:00Z', 200, 1)")
    conn.execute(
        "INSERT INTO articles (id, url, feed_id, title, text, discovered_at, lang, source, flagged, score, reason, "
        "review_status, reviewer) VALUES (1, 'https://news.example.org/a', 1, ?, ?, '2026-01-02T00:00:00Z', 'en', "
        "'page', 1, 7.5, 'trafficking: trafficking ×1; ncct: NCCT ×1', 'relevant', 'dara')", [TITLE, TEXT])
    conn.execute("INSERT INTO entries (feed_id, entry_key, article_id, link, seen_at) "
                 "VALUES (1, 'guid-1', 1, 'https://news.example.org/a', '2026-01-02T00:00:00Z')")
    conn.execute("INSERT INTO matches (article_id, \"group\", term, field, start, \"end\", snippet) "
                 "VALUES (1, 'ncct', 'NCCT', 'text', 76, 80, 'the NCCT said')")
    conn.execute("INSERT INTO entities (article_id, label, text, canonical, start, \"end\") "
                 "VALUES (1, 'ORG', 'NCCT', 'National Committee for Counter Trafficking', 76, 80)")
    conn.execute("INSERT INTO facts (article_id, kind, number, counted, sentence) "
                 "VALUES (1, 'statistic', 2, 'arrests', 'Two recruiters were jailed')")
    conn.commit()
    conn.close()


def test_a_first_release_database_is_upgraded_with_its_rows_kept(tmp_path: Path):
    db = tmp_path / "old.db"
    first_release_database(db)
    store = Store.open(db)
    try:
        assert store.schema_version == len(migrations()) > 1
        counts = {table: store.rows(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"]
                  for table in ("feeds", "fetches", "articles", "entries", "matches", "entities", "facts")}
        assert counts == dict.fromkeys(counts, 1)
        [article] = store.rows("SELECT title, text, flagged, review_status, reviewer FROM articles")
        assert article == {"title": TITLE, "text": TEXT, "flagged": 1, "review_status": "relevant", "reviewer": "dara"}
        # What later migrations added works on the old rows: the views, full-text search, the ledgers.
        assert [r["title"] for r in store.rows("SELECT title FROM flagged_articles")] == [TITLE]
        assert store.rows("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'recruiters'") == [{"rowid": 1}]
        precision = store.rows("SELECT rule_group, term, confirmed FROM rule_precision")
        assert {"rule_group": "ncct", "term": "NCCT", "confirmed": 1} in precision
        assert store.rows("SELECT COUNT(*) AS n FROM digests")[0]["n"] == 0
        assert store.article_shingles(1) is None  # stored before shingles existed: grouped from its text
        assert store.rows("PRAGMA integrity_check")[0]["integrity_check"] == "ok"
    finally:
        store.close()
    again = Store.open(db)  # a second open has nothing left to do
    try:
        assert again.migrate() == 0
    finally:
        again.close()


def test_every_table_and_view_is_described_in_storage_readme(tmp_path: Path):
    readme = shipped_path("storage", "README.md").read_text(encoding="utf-8")
    store = Store.open(tmp_path / "new.db")
    try:
        names = [r["name"] for r in store.rows("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
    finally:
        store.close()
    internal = ("articles_fts_", "sqlite_")  # the full-text index's own tables are described with it
    missing = [name for name in names if not name.startswith(internal) and f"| `{name}`" not in readme]
    assert not missing, f"storage/README.md has no line for: {missing}"
