"""Alert bookkeeping: which stories each watchlist has been sent, and each delivery's state.

The alerts use case (``monitor/delivery/alerts``) decides *what* a watchlist gets and sends
it; this module is the only one that knows the ``alert_watchlists``, ``alert_deliveries``
and ``alert_items`` tables. Claiming (a delivery and its items, and moving the watchlist's
``seen_up_to`` past the stories looked at) happens in one ``BEGIN IMMEDIATE`` transaction,
so two processes never claim one story for one watchlist twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from monitor.models import StoredStory, StoryDetails
from monitor.store.deliveries import DeliveryStates, marks
from monitor.store.digests import DigestLedger, stored_stories, stories_by_id
from monitor.store.store import Store

log = logging.getLogger(__name__)

# What an alert says about a story (``StoredStory``); the full text is read because the `terms` filter looks
# through it (only for stories newer than the watchlist's seen_up_to, so few at a time).
_ARTICLE_COLUMNS = """
    a.id, a.title, a.url, a.lang, a.score, a.reason, a.published_at, a.discovered_at, a.summary,
    a.text, a.story_id, COALESCE(a.story_id, a.id) AS story, a.feed_id, a.site_name, f.name AS feed
"""


@dataclass(frozen=True)
class Delivery:
    """One message to one channel, as recorded."""

    id: int
    watchlist: str
    kind: str
    created_at: str
    state: str  # sending | sent | failed | discarded
    attempts: int
    last_attempt_at: str | None
    last_error: str | None
    next_attempt_at: str | None
    sent_at: str | None
    delivery_key: str
    item_count: int
    channel_ref: str | None
    update_pending: int

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Delivery:
        return cls(**{name: row[name] for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class WatchlistCounts:
    """How a watchlist's deliveries stand."""

    name: str
    created_at: str
    sent: int
    failed: int
    sending: int
    discarded: int
    stories_sent: int
    last_sent_at: str | None


class AlertLedger:
    """Reads and writes of the alert tables, over an open :class:`Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._digests = DigestLedger(store)
        self._states = DeliveryStates(store, "alert_deliveries", "alert delivery")

    def identity(self) -> str:
        """The database's random id (part of every Idempotency-Key and Message-ID)."""
        return self._digests.identity()

    # ------------------------------------------------------------------ watchlists
    def register(self, names: Sequence[str], *, now: str) -> None:
        """Make these watchlists known; a new one starts after the newest stored story."""
        if not names:
            return
        with self.store.transaction("registering alert watchlists"):
            self.store.db.conn.executemany(
                "INSERT OR IGNORE INTO alert_watchlists (name, created_at, seen_up_to) "
                "VALUES (?, ?, (SELECT COALESCE(MAX(id), 0) FROM articles))",
                [(name, now) for name in names],
            )

    @contextmanager
    def claiming(self) -> Iterator[None]:
        """The transaction in which a watchlist's new stories are read, claimed and marked seen."""
        with self.store.transaction("claiming stories for alerts"):
            yield

    def candidates(self, watchlist: str) -> tuple[list[StoredStory], int]:
        """Flagged stories stored since the watchlist last looked, minus copies of stories it got.

        Returns the rows (best first) and the highest article id looked at, for :meth:`mark_seen`.
        Stories a reviewer rejected (``not_relevant``) are left out.
        """
        conn = self.store.db.conn
        seen = conn.execute("SELECT seen_up_to FROM alert_watchlists WHERE name = ?", [watchlist]).fetchone()
        after = int(seen[0]) if seen else 0
        newest = int(conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()[0])
        rows = stored_stories(self.store.rows(
            f"""
            SELECT {_ARTICLE_COLUMNS}
            FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id
            WHERE a.id > :after AND a.id <= :newest AND a.flagged = 1
              AND a.review_status != 'not_relevant'
              AND COALESCE(a.story_id, a.id) NOT IN (SELECT story FROM alert_items WHERE watchlist = :watchlist)
            ORDER BY a.score DESC, a.id
            """,
            {"after": after, "newest": newest, "watchlist": watchlist},
        ))
        return rows, newest

    def attach_copies(self, watchlist: str, up_to: int) -> int:
        """Add late copies of stories the watchlist already got to those deliveries; call inside :meth:`claiming`.

        A copy is any article stored since the watchlist last looked whose story root is in one of
        its deliveries. A sent delivery with a channel id is marked for an update; one not sent
        yet simply carries the copy when it is (re)sent. Returns how many copies were attached.
        """
        conn = self.store.db.conn
        seen = conn.execute("SELECT seen_up_to FROM alert_watchlists WHERE name = ?", [watchlist]).fetchone()
        after = int(seen[0]) if seen else 0
        copies = conn.execute(
            """
            SELECT a.id, COALESCE(a.story_id, a.id) AS story,
                   (SELECT MIN(i.delivery_id) FROM alert_items i WHERE i.watchlist = :watchlist
                      AND i.story = COALESCE(a.story_id, a.id)) AS delivery_id
            FROM articles a
            WHERE a.id > :after AND a.id <= :up_to
              AND COALESCE(a.story_id, a.id) IN (SELECT story FROM alert_items WHERE watchlist = :watchlist)
              AND a.id NOT IN (SELECT article_id FROM alert_items WHERE watchlist = :watchlist)
            """,
            {"watchlist": watchlist, "after": after, "up_to": up_to},
        ).fetchall()
        for article_id, story, delivery_id in copies:
            conn.execute(
                "INSERT INTO alert_items (delivery_id, watchlist, article_id, story, position) "
                "VALUES (?, ?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM alert_items WHERE delivery_id = ?))",
                [delivery_id, watchlist, article_id, story, delivery_id],
            )
            conn.execute(
                "UPDATE alert_deliveries SET update_pending = 1 WHERE id = ? AND state = 'sent' AND channel_ref IS NOT NULL",
                [delivery_id],
            )
        return len(copies)

    def updates_due(self, watchlists: Sequence[str]) -> list[Delivery]:
        """Sent deliveries whose message should be edited to show late copies."""
        if not watchlists:
            return []
        rows = self.store.rows(
            "SELECT * FROM alert_deliveries WHERE update_pending = 1 AND state = 'sent' "
            f"AND watchlist IN ({marks(watchlists)}) ORDER BY id",
            list(watchlists),
        )
        return [Delivery.from_row(row) for row in rows]

    def mark_updated(self, delivery_id: int) -> None:
        with self.store.transaction(f"recording the update of alert delivery {delivery_id}"):
            self.store.db.conn.execute("UPDATE alert_deliveries SET update_pending = 0 WHERE id = ?", [delivery_id])

    def mark_seen(self, watchlist: str, up_to: int) -> None:
        """Call inside :meth:`claiming`: stories up to this id are not looked at again."""
        self.store.db.conn.execute(
            "UPDATE alert_watchlists SET seen_up_to = MAX(seen_up_to, ?) WHERE name = ?", [up_to, watchlist]
        )

    def feed_urls(self, ids: Sequence[int]) -> dict[int, set[str]]:
        """For each article, the names and URLs of every feed that carried it (the ``feeds`` filter)."""
        if not ids:
            return {}
        found: dict[int, set[str]] = {}
        for row in self.store.rows(
            "SELECT e.article_id, f.name, f.url FROM entries e JOIN feeds f ON f.id = e.feed_id "
            f"WHERE e.article_id IN ({marks(ids)}) "
            "UNION SELECT a.id, f.name, f.url FROM articles a JOIN feeds f ON f.id = a.feed_id "
            f"WHERE a.id IN ({marks(ids)})",
            [*ids, *ids],
        ):
            found.setdefault(row["article_id"], set()).update(v for v in (row["name"], row["url"]) if v)
        return found

    def details(self, ids: Sequence[int]) -> StoryDetails:
        """Matches, entities, facts and outlets of these articles (the digest's explanation queries)."""
        return self._digests.details(ids)

    def articles(self, ids: Sequence[int]) -> list[StoredStory]:
        return stories_by_id(self.store, _ARTICLE_COLUMNS, ids)

    # ------------------------------------------------------------------ deliveries
    def insert_delivery(
        self, *, watchlist: str, kind: str, created_at: str, items: Sequence[tuple[int, int]],
        key: Callable[[int, str], str],
    ) -> Delivery:
        """Record a delivery (``sending``, due now) of ``items`` = (article id, story); call inside :meth:`claiming`.

        ``key(delivery_id, db_uid)`` makes its Idempotency-Key / Message-ID, stored so every retry reuses it.
        """
        conn = self.store.db.conn
        cursor = conn.execute(
            "INSERT INTO alert_deliveries (watchlist, kind, created_at, state, next_attempt_at, item_count) "
            "VALUES (?, ?, ?, 'sending', ?, ?)",
            [watchlist, kind, created_at, created_at, len(items)],
        )
        delivery_id = int(cursor.lastrowid or 0)
        conn.execute("UPDATE alert_deliveries SET delivery_key = ? WHERE id = ?",
                     [key(delivery_id, self.identity()), delivery_id])
        conn.executemany(
            "INSERT INTO alert_items (delivery_id, watchlist, article_id, story, position) VALUES (?, ?, ?, ?, ?)",
            [(delivery_id, watchlist, article_id, story, position) for position, (article_id, story) in enumerate(items)],
        )
        found = self.delivery(delivery_id)
        assert found is not None
        return found

    def delivery(self, delivery_id: int) -> Delivery | None:
        rows = self.store.rows("SELECT * FROM alert_deliveries WHERE id = ?", [delivery_id])
        return Delivery.from_row(rows[0]) if rows else None

    def item_ids(self, delivery_id: int) -> list[int]:
        rows = self.store.rows("SELECT article_id FROM alert_items WHERE delivery_id = ? ORDER BY position", [delivery_id])
        return [row["article_id"] for row in rows]

    def due(self, now: str, watchlists: Sequence[str]) -> list[Delivery]:
        """Undelivered deliveries of these watchlists whose (re)try time has come, oldest first.

        ``failed`` ones after their backoff; ``sending`` ones after their lease, which means the
        process that was sending them died before recording the outcome.
        """
        if not watchlists:
            return []
        rows = self.store.rows(
            "SELECT * FROM alert_deliveries WHERE state IN ('sending', 'failed') AND next_attempt_at <= ? "
            f"AND watchlist IN ({marks(watchlists)}) ORDER BY id",
            [now, *watchlists],
        )
        return [Delivery.from_row(row) for row in rows]

    def next_due(self, watchlists: Sequence[str]) -> str | None:
        """When the earliest undelivered delivery of these watchlists is due (None: nothing waits)."""
        if not watchlists:
            return None
        rows = self.store.rows(
            "SELECT MIN(next_attempt_at) AS due FROM alert_deliveries WHERE state IN ('sending', 'failed') "
            f"AND watchlist IN ({marks(watchlists)})",
            list(watchlists),
        )
        return rows[0]["due"] if rows else None

    def begin_attempt(self, delivery_id: int, *, now: str, lease_until: str) -> bool:
        """Take the delivery for one attempt; False if it is sent, discarded or another process holds it.

        Committed *before* the send: if the process dies mid-send, the delivery stays
        ``sending`` and is sent again (same key) after ``lease_until``.
        """
        return self._states.begin_attempt(delivery_id, now=now, lease_until=lease_until)

    def mark_sent(self, delivery_id: int, *, now: str, channel_ref: str | None = None) -> None:
        self._states.mark_sent(delivery_id, now=now, channel_ref=channel_ref)

    def mark_failed(self, delivery_id: int, *, error: str, retry_at: str) -> None:
        self._states.mark_failed(delivery_id, error=error, retry_at=retry_at)

    def retry_now(self, watchlist: str, *, now: str) -> int:
        """Make the watchlist's failed deliveries due now; returns how many."""
        with self.store.transaction(f"scheduling a retry of {watchlist}'s failed alerts"):
            cursor = self.store.db.conn.execute(
                "UPDATE alert_deliveries SET next_attempt_at = ? WHERE watchlist = ? AND state = 'failed'",
                [now, watchlist],
            )
            return cursor.rowcount

    def discard(self, watchlist: str, delivery_id: int, *, now: str) -> bool:
        """Give up an undelivered delivery; its stories stay claimed, so they are not sent again."""
        with self.store.transaction(f"discarding alert delivery {delivery_id}"):
            cursor = self.store.db.conn.execute(
                "UPDATE alert_deliveries SET state = 'discarded', next_attempt_at = NULL, "
                "last_error = COALESCE(last_error, '') || ' (discarded ' || ? || ')' "
                "WHERE id = ? AND watchlist = ? AND state IN ('sending', 'failed')",
                [now, delivery_id, watchlist],
            )
            return cursor.rowcount == 1

    def deliveries(self, *, watchlist: str | None = None, states: Sequence[str] = (), limit: int = 100) -> list[Delivery]:
        where, params = ["1 = 1"], []
        if watchlist is not None:
            where.append("watchlist = ?")
            params.append(watchlist)
        if states:
            where.append(f"state IN ({marks(states)})")
            params.extend(states)
        rows = self.store.rows(
            f"SELECT * FROM alert_deliveries WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT ?", [*params, limit]
        )
        return [Delivery.from_row(row) for row in rows]

    def counts(self) -> list[WatchlistCounts]:
        rows = self.store.rows(
            """
            SELECT w.name, w.created_at,
                   COUNT(CASE WHEN d.state = 'sent' THEN 1 END) AS sent,
                   COUNT(CASE WHEN d.state = 'failed' THEN 1 END) AS failed,
                   COUNT(CASE WHEN d.state = 'sending' THEN 1 END) AS sending,
                   COUNT(CASE WHEN d.state = 'discarded' THEN 1 END) AS discarded,
                   COALESCE(SUM(CASE WHEN d.state = 'sent' THEN d.item_count END), 0) AS stories_sent,
                   MAX(d.sent_at) AS last_sent_at
            FROM alert_watchlists w LEFT JOIN alert_deliveries d ON d.watchlist = w.name
            GROUP BY w.name ORDER BY w.name
            """
        )
        return [WatchlistCounts(**row) for row in rows]

    def failing(self) -> list[dict[str, Any]]:
        """Alerts and digests that failed and wait for a retry (the ``failing_deliveries`` view)."""
        return self.store.rows("SELECT * FROM failing_deliveries ORDER BY channel, name, id")
