"""The delivery state machine the digest and alert ledgers share.

A delivery row (``digests``, ``alert_deliveries``) moves ``sending`` -> ``sent`` or ``failed``;
a ``failed`` one (or a ``sending`` one whose lease ran out: its process died mid-send) is
taken again by :meth:`DeliveryStates.begin_attempt`. Each step is its own committed
transaction, so an attempt is recorded *before* the send and its outcome right after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from monitor.store.store import Store

UNDELIVERED = "state IN ('sending', 'failed')"


def marks(values: Sequence[Any]) -> str:
    """``?,?,?``: one SQL placeholder per value."""
    return ",".join("?" * len(values))


@dataclass(frozen=True)
class DeliveryStates:
    """``sending`` / ``sent`` / ``failed`` on ``table``; ``noun`` names a row in error messages."""

    store: Store
    table: str
    noun: str

    def begin_attempt(self, row_id: int, *, now: str, lease_until: str, **columns: Any) -> bool:
        """Take the row for one attempt (attempts + 1, leased until ``lease_until``), also setting ``columns``.

        False when it is sent or discarded, or another process holds its lease.
        """
        sets = "".join(f", {name} = ?" for name in columns)
        with self.store.transaction(f"starting {self.noun} {row_id}"):
            cursor = self.store.db.conn.execute(
                f"UPDATE {self.table} SET state = 'sending', attempts = attempts + 1, last_attempt_at = ?, "
                f"next_attempt_at = ?{sets} WHERE id = ? AND {UNDELIVERED} AND next_attempt_at <= ?",
                [now, lease_until, *columns.values(), row_id, now],
            )
            return cursor.rowcount == 1

    def mark_sent(self, row_id: int, *, now: str, last_error: str | None = None, **columns: Any) -> None:
        """Delivered: no further attempt; ``last_error`` keeps a warning (a recipient refused), else clears."""
        sets = "".join(f", {name} = ?" for name in columns)
        with self.store.transaction(f"recording {self.noun} {row_id}"):
            self.store.db.conn.execute(
                f"UPDATE {self.table} SET state = 'sent', sent_at = ?, next_attempt_at = NULL, last_error = ?{sets} "
                "WHERE id = ?",
                [now, last_error, *columns.values(), row_id],
            )

    def mark_failed(self, row_id: int, *, error: str, retry_at: str) -> None:
        """Not delivered: retried after ``retry_at``."""
        with self.store.transaction(f"recording failed {self.noun} {row_id}"):
            self.store.db.conn.execute(
                f"UPDATE {self.table} SET state = 'failed', last_error = ?, next_attempt_at = ? WHERE id = ?",
                [error, retry_at, row_id],
            )
