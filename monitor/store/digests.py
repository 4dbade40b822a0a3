"""Digest bookkeeping: which stories are pending, which digest carries them, and its state.

The digest use case (``monitor/delivery/digest``) decides *what* goes into a digest and *when*
to send it; this module is the only one that knows the ``digests`` and ``digest_items``
tables. A story is pending while no digest carries it (or an identical copy of it, via
``story_id``) in the same section. Digests are never abandoned, so the unique index on
``digest_items(article_id, section)`` makes "at most one digest" mean "exactly one
delivered digest" once retries succeed.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal

from monitor.errors import StorageError
from monitor.models import Carrier, DigestRecord, EntityCount, FactLine, StoredStory, StoryDetails, TermHit
from monitor.store.deliveries import DeliveryStates, marks
from monitor.store.store import Store

log = logging.getLogger(__name__)

Section = Literal["flagged", "related"]

# The article columns a digest entry needs (``StoredStory``); the text is cut (snippets and
# near-duplicate detection read the start of a story only), so a 500-story backlog stays small.
_ARTICLE_COLUMNS = """
    a.id, a.title, a.url, a.lang, a.score, a.published_at, a.discovered_at, a.summary,
    substr(a.text, 1, 3000) AS text, a.story_id, COALESCE(a.story_id, a.id) AS story,
    a.feed_id, a.site_name, f.name AS feed
"""

_SECTION_FILTER = {
    "flagged": "a.flagged = 1",
    "related": "a.related = 1 AND a.flagged = 0",
}


# What a digest entry explains, per article, one query each ("{}" takes the id list), and
# the record each row becomes (the columns after article_id are the record's fields, in order).
DETAIL_QUERIES: dict[str, tuple[str, type[Any]]] = {
    # counted rule matches: why the story was flagged, in text order (title first)
    "terms": ('SELECT article_id, "group", term FROM matches WHERE counted = 1 AND article_id IN ({}) '
              "ORDER BY article_id, field DESC, start", TermHit),
    "entities": ("SELECT article_id, canonical, label, COUNT(*) AS mentions, MAX(source = 'ruler') AS curated "
                 "FROM entities WHERE article_id IN ({}) "
                 "GROUP BY article_id, canonical, label ORDER BY article_id, mentions DESC, MIN(start)", EntityCount),
    "facts": ("SELECT article_id, kind, country, tier, year, change, number, counted, period FROM facts "
              "WHERE article_id IN ({}) ORDER BY article_id, kind DESC, start", FactLine),
    # every feed that carried the article, with the link it gave ("also reported by")
    "outlets": ("SELECT e.article_id, f.name AS feed, e.link FROM entries e "
                "JOIN feeds f ON f.id = e.feed_id WHERE e.article_id IN ({}) ORDER BY e.article_id, e.seen_at, f.name",
                Carrier),
}


def stored_stories(rows: Sequence[dict[str, Any]]) -> list[StoredStory]:
    """Rows of ``_ARTICLE_COLUMNS`` (the digest's or the alerts') as records."""
    return [StoredStory(**row) for row in rows]


def stories_by_id(store: Store, columns: str, ids: Sequence[int]) -> list[StoredStory]:
    """These articles with ``columns`` (a ``_ARTICLE_COLUMNS``), best first."""
    if not ids:
        return []
    return stored_stories(store.rows(
        f"SELECT {columns} FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id "
        f"WHERE a.id IN ({marks(ids)}) ORDER BY a.score DESC, a.id",
        list(ids),
    ))


_NOT_DISCARDED = "id NOT IN (SELECT digest_id FROM digest_discards)"


class ClaimConflict(StorageError):
    """Another process put one of these stories in a digest first; compose again."""


class DigestLedger:
    """Reads and writes of the digest tables, over an open :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._states = DeliveryStates(store, "digests", "delivery of digest")

    # ------------------------------------------------------------------ identity
    def identity(self) -> str:
        """A random id minted when this database was created (part of every Message-ID)."""
        rows = self.store.rows("SELECT uid FROM db_identity WHERE id = 1")
        if not rows:
            raise StorageError("database has no db_identity row; it was not migrated by this monitor")
        return str(rows[0]["uid"])

    # ------------------------------------------------------------------ pending stories
    def pending(self, section: Section) -> list[StoredStory]:
        """Stories of ``section`` no digest carries yet, best first.

        Rejected by a reviewer (``not_relevant``) stories are left out; copies of a story
        already in a digest (same ``story_id`` root) are left out too.
        """
        return stored_stories(self.store.rows(
            f"""
            WITH taken AS (
                SELECT DISTINCT COALESCE(b.story_id, b.id) AS story
                FROM digest_items i JOIN articles b ON b.id = i.article_id
                WHERE i.section = :section
            )
            SELECT {_ARTICLE_COLUMNS}
            FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id
            WHERE {_SECTION_FILTER[section]}
              AND a.review_status != 'not_relevant'
              AND COALESCE(a.story_id, a.id) NOT IN (SELECT story FROM taken)
            ORDER BY a.score DESC, a.id
            """,
            {"section": section},
        ))

    def articles(self, ids: Sequence[int]) -> list[StoredStory]:
        """These articles, as :meth:`pending` reads them."""
        return stories_by_id(self.store, _ARTICLE_COLUMNS, ids)

    # ------------------------------------------------------------------ explanation per article
    def details(self, ids: Sequence[int]) -> StoryDetails:
        """The terms, entities, facts and outlets of these articles, four queries in all."""
        details = StoryDetails()
        if not ids:
            return details
        for kind, (sql, record) in DETAIL_QUERIES.items():
            per_article: dict[int, list[Any]] = getattr(details, kind)
            for row in self.store.rows(sql.format(marks(ids)), list(ids)):
                article_id = row.pop("article_id")
                per_article.setdefault(article_id, []).append(record(**row))
        return details

    # ------------------------------------------------------------------ recording
    @contextmanager
    def claiming(self) -> Iterator[None]:
        """The transaction in which pending stories are read and claimed by a new digest.

        BEGIN IMMEDIATE: a second composer (the CLI while the daemon runs) waits, then
        sees these stories as taken.
        """
        with self.store.transaction("composing a digest"):
            yield

    def insert_digest(
        self,
        *,
        created_at: str,
        recipients: Sequence[str],
        items: Sequence[tuple[int, Section]],
        more_count: int,
        message_id: Callable[[int, str], str],
    ) -> tuple[int, str]:
        """Record a new digest (state ``sending``, due now) and its items; call inside :meth:`claiming`.

        ``message_id(digest_id, db_uid)`` makes the Message-ID, stored so every retry reuses it.
        """
        conn = self.store.db.conn
        cursor = conn.execute(
            "INSERT INTO digests (created_at, state, next_attempt_at, recipients, item_count, more_count) "
            "VALUES (?, 'sending', ?, ?, ?, ?)",
            [created_at, created_at, json.dumps(list(recipients)), len(items), more_count],
        )
        digest_id = int(cursor.lastrowid or 0)
        mid = message_id(digest_id, self.identity())
        conn.execute("UPDATE digests SET message_id = ? WHERE id = ?", [mid, digest_id])
        try:
            conn.executemany(
                "INSERT INTO digest_items (digest_id, article_id, section, position) VALUES (?, ?, ?, ?)",
                [(digest_id, article_id, section, position) for position, (article_id, section) in enumerate(items)],
            )
        except sqlite3.IntegrityError as exc:
            raise ClaimConflict(f"a story is already in another digest: {exc}") from exc
        return digest_id, mid

    def due(self, now: str) -> list[DigestRecord]:
        """Undelivered digests whose (re)try time has come, oldest first.

        ``failed`` ones after their backoff; ``sending`` ones after their lease, which
        means the process that was sending them died before recording the outcome.
        """
        return self._decode(self.store.rows(
            "SELECT * FROM digests WHERE state IN ('sending', 'failed') AND next_attempt_at <= ? "
            f"AND {_NOT_DISCARDED} ORDER BY id",
            [now],
        ))

    def undelivered(self) -> list[DigestRecord]:
        """Digests not delivered yet (discarded ones left out: nobody waits for them)."""
        return self._decode(self.store.rows(f"SELECT * FROM digests WHERE state != 'sent' AND {_NOT_DISCARDED} ORDER BY id"))

    def discarded(self) -> list[DigestRecord]:
        return self._decode(self.store.rows(
            "SELECT g.*, x.discarded_at FROM digests g JOIN digest_discards x ON x.digest_id = g.id ORDER BY g.id"
        ))

    def retry_now(self, *, now: str) -> int:
        """Make every failed (not discarded) digest due now; returns how many."""
        with self.store.transaction("scheduling a retry of failed digests"):
            cursor = self.store.db.conn.execute(
                f"UPDATE digests SET next_attempt_at = ? WHERE state = 'failed' AND {_NOT_DISCARDED}", [now]
            )
            return cursor.rowcount

    def discard(self, digest_id: int, *, now: str) -> bool:
        """Stop retrying an undelivered digest. Its stories stay with it: no later digest carries them."""
        with self.store.transaction(f"discarding digest {digest_id}"):
            cursor = self.store.db.conn.execute(
                "INSERT OR IGNORE INTO digest_discards (digest_id, discarded_at) "
                "SELECT id, ? FROM digests WHERE id = ? AND state != 'sent'",
                [now, digest_id],
            )
            return cursor.rowcount == 1

    def digest(self, digest_id: int) -> DigestRecord | None:
        rows = self._decode(self.store.rows("SELECT * FROM digests WHERE id = ?", [digest_id]))
        return rows[0] if rows else None

    def digests(self) -> list[DigestRecord]:
        return self._decode(self.store.rows("SELECT * FROM digests ORDER BY id"))

    def items(self, digest_id: int) -> list[dict[str, Any]]:
        return self.store.rows(
            "SELECT article_id, section, position FROM digest_items WHERE digest_id = ? ORDER BY position",
            [digest_id],
        )

    def begin_attempt(
        self, digest_id: int, *, now: str, lease_until: str, recipients: Sequence[str], subject: str
    ) -> bool:
        """Take the digest for one delivery attempt; False if it is sent or another process holds it.

        Written (and committed) *before* the SMTP call: if the process dies mid-send, the
        digest stays ``sending`` and is re-sent after ``lease_until``.
        """
        return self._states.begin_attempt(digest_id, now=now, lease_until=lease_until,
                                          recipients=json.dumps(list(recipients)), subject=subject)

    def mark_sent(self, digest_id: int, *, now: str, warning: str | None = None) -> None:
        self._states.mark_sent(digest_id, now=now, last_error=warning)

    def mark_failed(self, digest_id: int, *, error: str, retry_at: str) -> None:
        self._states.mark_failed(digest_id, error=error, retry_at=retry_at)

    @staticmethod
    def _decode(rows: list[dict[str, Any]]) -> list[DigestRecord]:
        return [DigestRecord(**(row | {"recipients": json.loads(row["recipients"] or "[]")})) for row in rows]
