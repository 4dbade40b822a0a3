"""The SQLite store: the one place that knows table and column names.

The pipeline hands typed records in (``monitor.models``) and gets records back; the
conversion to and from rows happens here only, and nothing here imports a pipeline stage. One connection, one writer; WAL so readers (a reviewer's SQLite browser,
Datasette) never block the poller, and a busy timeout so the poller waits out a writer.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils

from monitor.errors import DatabaseBusyError, StorageError
from monitor.models import (
    Article,
    ArticleLine,
    ArticleText,
    Entity,
    Entry,
    Fact,
    Feed,
    FeedHealth,
    FeedOutcome,
    Findings,
    Verdict,
)
from monitor.store.schema import migrations
from monitor.timefmt import utc_now

if TYPE_CHECKING:
    from monitor.settings import FeedSettings, StorageSettings

log = logging.getLogger(__name__)

_FEED_FIELDS = tuple(f.name for f in fields(Feed))
# What a poll changes in a feed's row; its configuration (name, URL, options) is the user's.
_POLL_STATE = (
    "title", "site_url", "etag", "last_modified", "body_hash", "last_checked_at", "last_success_at", "last_status",
    "last_error", "last_error_at", "consecutive_errors", "next_check_at", "interval_seconds",
)
_MATCH_COLUMNS = ("group", "term", "field", "start", "end", "snippet", "counted")
# Spelled out, not read off the records: a field added to a record is stored once a
# migration gives it a column, and never breaks an INSERT before that.
_ENTITY_COLUMNS = ("label", "text", "canonical", "start", "end", "source")  # Entity's attributes
_FACT_COLUMNS = ("kind", "country", "tier", "year", "change", "number", "counted", "period", "sentence", "start", "end")
# Stories indexed for full-text search in one statement (storage/010_search_index_batched.sql):
# FTS5 writes a segment per commit and merges them, so indexing each story in its own
# transaction cost ~2.8 ms a story on the real pages, batches of 32 ~1.8 ms.
SEARCH_INDEX_BATCH = 32
_INDEXED_THROUGH = "SELECT coalesce(max(id), 0) FROM articles_fts_docsize"
_INDEX_AFTER = "INSERT INTO articles_fts(rowid, title, text) SELECT id, title, text FROM articles WHERE id > ? ORDER BY id"


def _feed(row: dict[str, Any]) -> Feed:
    values = {name: row[name] for name in _FEED_FIELDS if name in row}
    return Feed(**{**values, "active": bool(row["active"]), "robots": bool(row["robots"])})


def _verdict_columns(findings: Findings) -> dict[str, Any]:
    verdict = findings.verdict
    return {
        "lang": findings.lang,
        "flagged": int(verdict.flagged),
        "related": int(verdict.related),
        "score": round(verdict.score, 3),
        "reason": verdict.reason,
        "rules_version": findings.rules_version,
        "ner_status": findings.ner_status,
    }


def _article_row(article: Article) -> dict[str, Any]:
    return {
        "url": article.url,
        "feed_id": article.feed_id,
        "guid": article.guid,
        "title": article.title,
        "author": article.author,
        "site_name": article.site_name,
        "published_at": article.published_at,
        "discovered_at": article.discovered_at,
        "text": article.text,
        "summary": article.summary,
        "source": article.source,
        "fetch_error": article.fetch_error,
        "content_hash": article.content_hash,
        "simhash": article.simhash,
        "story_id": article.story_id,
        "classified_at": article.classified_at,
        "truncated": article.truncated,
        **_verdict_columns(article.findings),
    }


def _values(records: Sequence[Entity | Fact], names: Sequence[str]) -> list[tuple[Any, ...]]:
    return [tuple(getattr(record, name) for name in names) for record in records]


def _match_values(verdict: Verdict) -> list[tuple[Any, ...]]:
    return [(m.group, m.term, m.field, m.start, m.end, m.snippet, 1) for m in verdict.matches] + [
        (m.group, m.term, m.field, m.start, m.end, m.snippet, 0) for m in verdict.discounted
    ]

@contextmanager
def _translated(action: str) -> Iterator[None]:
    """Turn sqlite3 errors into the monitor's own, naming what we were doing."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseBusyError(f"database busy while {action}: {exc}") from exc
        raise StorageError(f"database error while {action}: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"database error while {action}: {exc}") from exc


class Store:
    """A migrated database, ready for the pipeline's reads and writes."""

    def __init__(self, db: sqlite_utils.Database, path: Path, *, readonly: bool = False) -> None:
        self.db = db
        self.path = path
        self.readonly = readonly

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path: Path, *, busy_timeout: float = 30.0, readonly: bool = False) -> Store:
        """Open (creating and migrating when needed) the database at ``path``."""
        try:
            if not readonly:
                path.parent.mkdir(parents=True, exist_ok=True)
            if readonly:
                conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                       timeout=busy_timeout, check_same_thread=False)
            else:
                conn = sqlite3.connect(str(path), timeout=busy_timeout, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(
                f"cannot open database {str(path)!r}: {exc}; check [storage] path and folder permissions"
            ) from exc
        conn.row_factory = sqlite3.Row
        # Autocommit at the driver: every write goes through ``transaction()``, which says
        # BEGIN IMMEDIATE itself, so no implicit transaction is ever left open.
        conn.isolation_level = None
        with _translated(f"opening {path}"):
            conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
        store = cls(sqlite_utils.Database(conn), path, readonly=readonly)
        if not readonly:
            store.migrate()
            store.index_for_search()  # what a crash left unindexed
        return store

    @classmethod
    def configured(cls, storage: StorageSettings, *, readonly: bool = False) -> Store:
        """:meth:`open` on ``[storage] path`` with ``[storage] busy_timeout``."""
        return cls.open(Path(storage.path), busy_timeout=storage.busy_timeout, readonly=readonly)

    def close(self) -> None:
        try:
            if not self.readonly:
                self.index_for_search()
        except StorageError as exc:  # indexed at the next open instead
            log.warning("stories not indexed for search", extra={"path": str(self.path), "error": str(exc)})
        finally:
            self.db.conn.close()

    # ``with Store.open(...) as store:``: closed however the block ends.
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        with _translated("reading the schema version"):
            return self.db.conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> int:
        """Apply pending migrations; return how many ran."""
        current = self.schema_version
        pending = migrations()
        if current > len(pending):
            raise StorageError(
                f"database {self.path} has schema version {current}, newer than this monitor "
                f"({len(pending)}); upgrade the monitor"
            )
        for migration in pending[current:]:
            with _translated(f"applying migration {migration.number:03d}_{migration.name}"):
                self.db.conn.executescript(
                    f"BEGIN IMMEDIATE;\n{migration.sql}\nPRAGMA user_version = {migration.number};\nCOMMIT;"
                )
        if current < len(pending):  # one line however many migrations ran
            log.info("database migrated", extra={"path": str(self.path), "from_version": current, "version": len(pending)})
        return len(pending) - current

    @contextmanager
    def transaction(self, action: str) -> Iterator[None]:
        """One atomic unit of work: all of it lands, or none of it does."""
        with _translated(action):
            conn = self.db.conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield
                conn.commit()
            except BaseException:
                if conn.in_transaction:  # also when COMMIT itself failed (busy, disk full)
                    conn.rollback()
                raise

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        with _translated("reading"):
            return [dict(row) for row in self.db.conn.execute(sql, params)]

    # ------------------------------------------------------------------ feeds
    def sync_feeds(self, feeds: Iterable[FeedSettings]) -> None:
        """Make the configured feeds exist, updating their names and options."""
        now = utc_now()
        with self.transaction("syncing configured feeds"):
            for feed in feeds:
                existing = self.db.conn.execute(
                    "SELECT id FROM feeds WHERE url = ? OR original_url = ?", [feed.url, feed.url]
                ).fetchone()
                values = {
                    "name": feed.name,
                    "lang": feed.lang,
                    "robots": int(feed.robots),
                    "interval_override": feed.interval,
                }
                if existing:
                    self.db.table("feeds").update(existing["id"], values)
                elif feed.active:
                    self.db.table("feeds").insert({"url": feed.url, "added_at": now, "active": 1, **values})

    def add_feed(self, url: str, name: str, lang: str | None = None) -> int:
        with self.transaction(f"adding feed {url}"):
            existing = self.db.conn.execute("SELECT id FROM feeds WHERE url = ?", [url]).fetchone()
            if existing:
                self.db.table("feeds").update(existing["id"], {"active": 1, "deactivated_reason": None})
                return int(existing["id"])
            return self._insert("feeds", {"url": url, "name": name, "lang": lang, "added_at": utc_now()})

    def remove_feed(self, key: str) -> Feed | None:
        """Delete a feed by id or URL; its articles stay (their feed_id becomes NULL)."""
        feed = self.feed(key)
        if feed is None:
            return None
        with self.transaction(f"removing feed {feed.url}"):
            self.db.conn.execute("DELETE FROM feeds WHERE id = ?", [feed.id])
        return feed

    def feed(self, key: str | int) -> Feed | None:
        rows = self.rows("SELECT * FROM feeds WHERE id = ? OR url = ?", [key, str(key)])
        return _feed(rows[0]) if rows else None

    def feeds(self, *, active_only: bool = False) -> list[Feed]:
        where = "WHERE active = 1" if active_only else ""
        return [_feed(row) for row in self.rows(f"SELECT * FROM feeds {where} ORDER BY id")]

    def move_feed(self, feed_id: int, new_url: str) -> bool:
        """Follow a permanent redirect: store the new URL, remember the configured one.

        Returns False (and changes nothing) when another feed already has ``new_url``.
        """
        with self.transaction(f"moving feed {feed_id}"):
            taken = self.db.conn.execute("SELECT id FROM feeds WHERE url = ? AND id != ?", [new_url, feed_id]).fetchone()
            if taken:
                return False
            self.db.conn.execute(
                "UPDATE feeds SET original_url = COALESCE(original_url, url), url = ? WHERE id = ?", [new_url, feed_id]
            )
        return True

    def record_poll(self, feed: Feed, outcome: FeedOutcome) -> None:
        """Log one feed fetch and save the feed's new state (``Feed.record_poll``) in one transaction."""
        fetch = {
            "feed_id": feed.id,
            "url": outcome.url,
            "started_at": outcome.started_at or utc_now(),
            "status": outcome.status,
            "bytes": outcome.bytes,
            "duration_ms": outcome.duration_ms,
            "not_modified": int(outcome.not_modified),
            "entries": outcome.entries,
            "new_items": outcome.stored,
            "error": outcome.error,
            "warning": outcome.log_warning,
        }
        state = {name: getattr(feed, name) for name in _POLL_STATE}
        if not feed.active:  # deactivated by this poll (410)
            state.update(active=0, deactivated_reason=feed.deactivated_reason)
        with self.transaction(f"recording fetch of feed {feed.id}"):
            self._insert("fetches", fetch)
            self.db.table("feeds").update(feed.id, state)

    # ------------------------------------------------------------------ entries and articles
    def known_entry_keys(self, feed_id: int, keys: Sequence[str]) -> set[str]:
        if not keys:
            return set()
        marks = ",".join("?" * len(keys))
        rows = self.rows(f"SELECT entry_key FROM entries WHERE feed_id = ? AND entry_key IN ({marks})", [feed_id, *keys])
        return {row["entry_key"] for row in rows}

    def article_ids_by_url(self, urls: Sequence[str]) -> dict[str, int]:
        if not urls:
            return {}
        marks = ",".join("?" * len(urls))
        rows = self.rows(f"SELECT url, id FROM articles WHERE url IN ({marks})", list(urls))
        return {row["url"]: row["id"] for row in rows}

    def link_entry(self, feed_id: int, entry_key: str, article_id: int | None, link: str | None) -> None:
        """Remember that ``feed_id`` carried this entry (a known story from another feed)."""
        with self.transaction(f"linking entry {entry_key}"):
            self._insert_entry(feed_id, entry_key, article_id, link)

    def _insert_entry(self, feed_id: int, entry_key: str, article_id: int | None, link: str | None) -> None:
        self.db.conn.execute(
            "INSERT OR IGNORE INTO entries (feed_id, entry_key, article_id, link, seen_at) VALUES (?, ?, ?, ?, ?)",
            [feed_id, entry_key, article_id, link, utc_now()],
        )

    def save_article(self, article: Article, *, entry: Entry, shingles: bytes | None = None) -> int:
        """Store one article with its explanation, entities and facts, atomically.

        ``entry`` is the feed entry it came from (in ``article.feed_id``); ``shingles`` the
        text's shingle hashes for story grouping. Returns the article id.
        """
        with self.transaction(f"storing article {article.url or article.title}"):
            article_id = self._insert("articles", _article_row(article))
            if article.feed_id is not None:
                self._insert_entry(article.feed_id, entry.key, article_id, entry.link)
            self._replace_analysis(article_id, article.findings)
            if shingles is not None:
                self.db.conn.execute(
                    "INSERT INTO article_shingles (article_id, shingles) VALUES (?, ?)", (article_id, shingles)
                )
            indexed = self.db.conn.execute(_INDEXED_THROUGH).fetchone()[0]
            if article_id - indexed >= SEARCH_INDEX_BATCH:
                self.db.conn.execute(_INDEX_AFTER, [indexed])
        return article_id

    def search_index_lag(self) -> int:
        """Stories stored but not yet in the full-text index (``save_article`` indexes them in batches)."""
        with _translated("reading the search index"):
            row = self.db.conn.execute(
                f"SELECT (SELECT coalesce(max(id), 0) FROM articles) - ({_INDEXED_THROUGH})").fetchone()
        return max(0, int(row[0]))

    def index_for_search(self) -> None:
        """Add every story not indexed yet to the full-text index (one statement); a no-op when
        none is waiting. Called at the end of each feed's poll, on opening and closing."""
        if self.search_index_lag() == 0:
            return
        with self.transaction("indexing stories for search"):
            # Read inside the write transaction: another writer may have indexed meanwhile.
            indexed = self.db.conn.execute(_INDEXED_THROUGH).fetchone()[0]
            self.db.conn.execute(_INDEX_AFTER, [indexed])

    def story_of_content(self, content_hash: str) -> int | None:
        """The story an identical copy already belongs to."""
        rows = self.rows(
            "SELECT COALESCE(story_id, id) AS story FROM articles WHERE content_hash = ? ORDER BY id LIMIT 1",
            [content_hash],
        )
        return rows[0]["story"] if rows else None

    def recent_fingerprints(self, since: str) -> list[tuple[int, int, int]]:
        """(story id, article id, simhash) of articles discovered since ``since``."""
        rows = self.rows(
            "SELECT COALESCE(story_id, id) AS story, id, simhash FROM articles "
            "WHERE simhash IS NOT NULL AND discovered_at >= ?",
            [since],
        )
        return [(row["story"], row["id"], row["simhash"]) for row in rows]

    def article_shingles(self, article_id: int) -> bytes | None:
        """The shingle hashes stored with an article (None for articles stored before M004)."""
        rows = self.rows("SELECT shingles FROM article_shingles WHERE article_id = ?", [article_id])
        return rows[0]["shingles"] if rows else None

    def article_text(self, article_id: int) -> str:
        rows = self.rows("SELECT text FROM articles WHERE id = ?", [article_id])
        return (rows[0]["text"] or "") if rows else ""

    def update_analysis(self, article_id: int, findings: Findings, *, classified_at: str) -> None:
        """Replace an article's verdict and analysis; review columns are never touched.

        ``findings.entities = None`` keeps the stored entities (NER was not run this time).
        """
        with self.transaction(f"reclassifying article {article_id}"):
            self.db.table("articles").update(article_id, {**_verdict_columns(findings), "classified_at": classified_at})
            self._replace_analysis(article_id, findings)

    def _replace_analysis(self, article_id: int, findings: Findings) -> None:
        conn = self.db.conn
        conn.execute("DELETE FROM matches WHERE article_id = ?", [article_id])
        conn.execute("DELETE FROM facts WHERE article_id = ?", [article_id])
        self._insert_many("matches", _MATCH_COLUMNS, _match_values(findings.verdict), article_id)
        self._insert_many("facts", _FACT_COLUMNS, _values(findings.facts, _FACT_COLUMNS), article_id)
        if findings.entities is not None:
            conn.execute("DELETE FROM entities WHERE article_id = ?", [article_id])
            self._insert_many("entities", _ENTITY_COLUMNS, _values(findings.entities, _ENTITY_COLUMNS), article_id)

    # Plain INSERTs on the per-story path: sqlite-utils' generic insert inspects the table
    # on every call, which was a tenth of the poller's CPU.
    def _insert(self, table: str, row: dict[str, Any]) -> int:
        columns = ", ".join(f'"{name}"' for name in row)
        marks = ", ".join("?" * len(row))
        cursor = self.db.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))
        return int(cursor.lastrowid or 0)

    def _insert_many(
        self, table: str, names: Sequence[str], values: Sequence[tuple[Any, ...]], article_id: int
    ) -> None:
        if not values:
            return
        columns = ", ".join(f'"{name}"' for name in ["article_id", *names])
        marks = ", ".join("?" * (len(names) + 1))
        self.db.conn.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", ((article_id, *row) for row in values)
        )

    def articles_for_reclassify(self, batch_size: int = 200) -> Iterator[list[ArticleText]]:
        last_id = 0
        while True:
            rows = self.rows(
                "SELECT id, title, text, lang, flagged, related FROM articles WHERE id > ? ORDER BY id LIMIT ?", [last_id, batch_size]
            )
            if not rows:
                return
            yield [
                ArticleText(id=row["id"], title=row["title"] or "", text=row["text"] or "", lang=row["lang"],
                            flagged=bool(row["flagged"]), related=bool(row["related"]))
                for row in rows
            ]
            last_id = rows[-1]["id"]

    # ------------------------------------------------------------------ reports
    def feed_status(self) -> list[FeedHealth]:
        rows = self.rows(
            """
            SELECT f.id, f.name, f.url, f.active, f.last_checked_at, f.last_success_at, f.last_status,
                   f.last_error, f.last_error_at, f.consecutive_errors, f.next_check_at, f.interval_seconds,
                   f.deactivated_reason,
                   (SELECT COUNT(*) FROM articles a WHERE a.feed_id = f.id) AS articles,
                   (SELECT COUNT(*) FROM articles a WHERE a.feed_id = f.id AND a.flagged = 1) AS flagged
            FROM feeds f ORDER BY f.id
            """
        )
        return [FeedHealth(**{**row, "active": bool(row["active"])}) for row in rows]

    def counts(self) -> dict[str, int]:
        row = self.rows(
            """
            SELECT (SELECT COUNT(*) FROM feeds) AS feeds,
                   (SELECT COUNT(*) FROM articles) AS articles,
                   (SELECT COUNT(*) FROM articles WHERE flagged = 1) AS flagged,
                   (SELECT COUNT(*) FROM articles WHERE related = 1) AS related,
                   (SELECT COUNT(*) FROM articles WHERE source = 'feed') AS from_feed,
                   (SELECT COUNT(*) FROM fetches) AS fetches
            """
        )[0]
        return {key: int(value) for key, value in row.items()}

    def recent_articles(self, limit: int = 50) -> list[ArticleLine]:
        rows = self.rows(
            """
            SELECT a.id, a.title, a.url, a.lang, a.source, a.flagged, a.related, a.score, a.reason,
                   a.fetch_error, f.name AS feed
            FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id
            ORDER BY a.flagged DESC, a.related DESC, a.score DESC, a.id LIMIT ?
            """,
            [limit],
        )
        return [ArticleLine(**{**row, "flagged": bool(row["flagged"]), "related": bool(row["related"])}) for row in rows]
