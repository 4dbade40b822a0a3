"""Reviewers' verdicts and the review views, as a Python API.

The review desk (Datasette) writes verdicts with :data:`SET_REVIEW_SQL` through a canned
query; :func:`set_review` runs the same statement, so a verdict means the same thing
whichever way it was given. Only the four review columns are ever written here: a poll
or a reclassify writes the classifier's columns and never these.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from monitor.errors import MonitorError
from monitor.store.store import Store

log = logging.getLogger(__name__)

REVIEW_STATUSES = ("new", "relevant", "not_relevant", "escalated")

# Named parameters, so Datasette's canned-query form shows one field per parameter, in
# the order they appear (hence UPDATE ... FROM: the story id comes first).
# The status is forgiving of how a person types it ("Not relevant" -> not_relevant); the
# CHECK constraint on articles.review_status refuses anything else. Setting a story back
# to "new" clears the time, so it returns to the queue as unreviewed.
SET_REVIEW_SQL = """-- review_status: relevant, not_relevant, escalated, or new (back to the queue).
-- Only the review columns change; the note and reviewer are optional.
UPDATE articles
SET review_status = v.status,
    review_note = v.note,
    reviewer = v.who,
    reviewed_at = CASE WHEN v.status = 'new' THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%SZ', 'now') END
FROM (SELECT CAST(:article_id AS INTEGER) AS target,
             replace(lower(trim(:review_status)), ' ', '_') AS status,
             nullif(trim(:review_note), '') AS note,
             nullif(trim(:reviewer), '') AS who) AS v
WHERE articles.id = v.target"""

# The trigram tokenizer indexes 3-character substrings, so shorter terms cannot use it.
MIN_FTS_CHARS = 3


class ReviewError(MonitorError):
    """A verdict could not be recorded: unknown story or status."""


def normalise_status(status: str) -> str:
    value = status.strip().lower().replace(" ", "_")
    if value not in REVIEW_STATUSES:
        raise ReviewError(f"review status {status!r} is not one of {', '.join(REVIEW_STATUSES)}")
    return value


def set_review(store: Store, article_id: int, status: str, note: str | None = None,
               reviewer: str | None = None) -> dict[str, Any]:
    """Record a reviewer's verdict on one story; returns its review columns."""
    params = {
        "article_id": article_id,
        "review_status": normalise_status(status),
        "review_note": note or "",
        "reviewer": reviewer or "",
    }
    with store.transaction(f"recording review of article {article_id}"):
        changed = store.db.conn.execute(SET_REVIEW_SQL, params).rowcount
    if changed != 1:
        raise ReviewError(f"no story with id {article_id}; see the review_queue view for ids")
    log.info("review recorded", extra={"article_id": article_id, "status": params["review_status"]})
    return review_of(store, article_id)


def review_of(store: Store, article_id: int) -> dict[str, Any]:
    rows = store.rows(
        "SELECT id, review_status, review_note, reviewer, reviewed_at FROM articles WHERE id = ?", [article_id]
    )
    if not rows:
        raise ReviewError(f"no story with id {article_id}")
    return rows[0]


def review_queue(store: Store, limit: int = 50) -> list[dict[str, Any]]:
    """Flagged stories awaiting a verdict, best first."""
    return store.rows("SELECT * FROM review_queue LIMIT ?", [limit])


def rule_precision(store: Store) -> list[dict[str, Any]]:
    """Per rule group and term: flagged stories confirmed, rejected, pending; precision."""
    return store.rows("SELECT * FROM rule_precision")


def search_articles(store: Store, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Stories whose title or text contains every word of ``query``, in any script.

    Words of 3+ characters use the trigram index. Shorter words (common in Chinese:
    贩卖) cannot, so they are matched with LIKE, which scans the stories still left.
    """
    words = [w for w in re.split(r"\s+", query.strip()) if w]
    if not words:
        return []
    long_words = [w for w in words if len(w) >= MIN_FTS_CHARS]
    short_words = [w for w in words if len(w) < MIN_FTS_CHARS]
    where: list[str] = []
    params: list[Any] = []
    if long_words:
        # Each word quoted as an FTS5 string, so punctuation in it is literal.
        where.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(" ".join('"' + w.replace('"', '""') + '"' for w in long_words))
    for word in short_words:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append("(a.title LIKE ? ESCAPE '\\' OR a.text LIKE ? ESCAPE '\\')")
        params += [pattern, pattern]
    return store.rows(
        f"""
        SELECT a.id AS article_id, a.title, a.url AS link, a.lang AS language, a.flagged, a.related,
               a.review_status, a.published_at AS published
        FROM articles a WHERE {' AND '.join(where)}
        ORDER BY a.flagged DESC, a.related DESC, coalesce(a.published_at, a.discovered_at) DESC
        LIMIT ?
        """,
        [*params, limit],
    )
