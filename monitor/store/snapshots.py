"""WARC snapshots of article pages (the ``snapshots`` table), as a Python API.

The bytes live in WARC files (``monitor.evidence``); a row says which file, where in it,
and the sha256 the payload must have. A story is *protected* when a reviewer marked it, or
any copy of it (same ``story_id``), relevant or escalated: retention never deletes those.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

from monitor.store.store import Store

# Whether an article's story was marked relevant or escalated, on any of its copies.
_PROTECTED = """EXISTS (
    SELECT 1 FROM articles a JOIN articles b ON COALESCE(b.story_id, b.id) = COALESCE(a.story_id, a.id)
    WHERE a.id = {article} AND b.review_status IN ('relevant', 'escalated'))"""


@dataclass(frozen=True)
class Snapshot:
    """One archived page: where its records are, and what it must hash to."""

    article_id: int
    path: str
    offset: int
    length: int
    request_offset: int
    request_length: int
    sha256: str
    captured_at: str
    url: str
    requested_url: str
    redirects: str | None
    status: int
    content_type: str | None
    payload_bytes: int
    truncated: bool
    record_id: str
    wayback_status: str | None = None
    wayback_url: str | None = None
    wayback_at: str | None = None
    wayback_error: str | None = None
    wayback_attempts: int = 0
    id: int | None = None

    @property
    def stored_bytes(self) -> int:
        """What the snapshot's two records take in their WARC file."""
        return self.length + self.request_length


_COLUMNS = [f.name for f in fields(Snapshot) if f.name != "id"]


def _snapshot(row: dict[str, Any]) -> Snapshot:
    return Snapshot(**{**row, "truncated": bool(row["truncated"])})


def _select(where: str) -> str:
    columns = ", ".join(f's."{name}"' for name in ["id", *_COLUMNS])
    return f"SELECT {columns} FROM snapshots s {where}"


def add_snapshot(store: Store, snapshot: Snapshot) -> int:
    """Record a snapshot written to its WARC file; returns its id."""
    row = {name: value for name, value in asdict(snapshot).items() if name != "id"}
    row["truncated"] = int(snapshot.truncated)
    columns = ", ".join(f'"{name}"' for name in row)
    marks = ", ".join("?" * len(row))
    with store.transaction(f"recording the snapshot of article {snapshot.article_id}"):
        cursor = store.db.conn.execute(f"INSERT INTO snapshots ({columns}) VALUES ({marks})", list(row.values()))
    return int(cursor.lastrowid or 0)


def latest_snapshot(store: Store, article_id: int) -> Snapshot | None:
    rows = store.rows(_select("WHERE s.article_id = ? ORDER BY s.captured_at DESC, s.id DESC LIMIT 1"), [article_id])
    return _snapshot(rows[0]) if rows else None


def all_snapshots(store: Store) -> list[Snapshot]:
    return [_snapshot(row) for row in store.rows(_select("ORDER BY s.id"))]


def snapshots_in(store: Store, path: str) -> list[Snapshot]:
    """The snapshots held by one WARC file, in file order."""
    return [_snapshot(row) for row in store.rows(_select('WHERE s.path = ? ORDER BY s.request_offset'), [path])]


def prunable(store: Store) -> list[Snapshot]:
    """Snapshots retention may delete (their story is not protected), oldest first."""
    return [_snapshot(row) for row in store.rows(_select(f"WHERE NOT {_PROTECTED.format(article='s.article_id')} ORDER BY s.captured_at, s.id"))]


def is_protected(store: Store, article_id: int) -> bool:
    return bool(store.rows(f"SELECT {_PROTECTED.format(article='?')} AS protected", [article_id])[0]["protected"])


def rewrite_file(store: Store, old_path: str, new_path: str | None, moved: Iterable[tuple[int, int, int, int, int]],
                 deleted: Sequence[int]) -> None:
    """After a WARC file was copied without some records: delete their rows and point the
    others at the new file. ``moved``: (id, request_offset, request_length, offset, length)."""
    conn = store.db.conn
    with store.transaction(f"pruning snapshots in {old_path}"):
        conn.executemany("DELETE FROM snapshots WHERE id = ?", [(snapshot_id,) for snapshot_id in deleted])
        if new_path is not None:
            conn.executemany(
                'UPDATE snapshots SET path = ?, request_offset = ?, request_length = ?, "offset" = ?, length = ? '
                "WHERE id = ? AND path = ?",
                [(new_path, req_offset, req_length, offset, length, snapshot_id, old_path)
                 for snapshot_id, req_offset, req_length, offset, length in moved],
            )


def referenced_paths(store: Store) -> set[str]:
    return {row["path"] for row in store.rows("SELECT DISTINCT path FROM snapshots")}


def snapshot_counts(store: Store, *, scope_related: bool) -> dict[str, int]:
    """Snapshots kept, their bytes in the WARC files, and articles in scope that have none."""
    in_scope = "(a.flagged = 1 OR a.related = 1)" if scope_related else "a.flagged = 1"
    row = store.rows(
        f"""
        SELECT (SELECT COUNT(*) FROM snapshots) AS snapshots,
               (SELECT COALESCE(SUM(length + request_length), 0) FROM snapshots) AS record_bytes,
               (SELECT COUNT(*) FROM articles a WHERE {in_scope}
                  AND NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.article_id = a.id)) AS without_snapshot,
               (SELECT COUNT(*) FROM snapshots WHERE wayback_status = 'pending') AS wayback_pending,
               (SELECT COUNT(*) FROM snapshots WHERE wayback_status = 'saved') AS wayback_saved
        """
    )[0]
    return {key: int(value) for key, value in row.items()}


# ------------------------------------------------------------------ Save Page Now
def pending_wayback(store: Store, limit: int) -> list[Snapshot]:
    return [_snapshot(row) for row in store.rows(_select("WHERE s.wayback_status = 'pending' ORDER BY s.id LIMIT ?"), [limit])]


def record_wayback(store: Store, snapshot_id: int, *, status: str, url: str | None = None,
                   error: str | None = None, at: str | None = None) -> None:
    """One Save Page Now attempt: 'saved' with the archive URL, 'pending' to retry, 'failed'."""
    with store.transaction(f"recording the Save Page Now answer for snapshot {snapshot_id}"):
        store.db.conn.execute(
            "UPDATE snapshots SET wayback_status = ?, wayback_url = COALESCE(?, wayback_url), wayback_error = ?, "
            "wayback_at = ?, wayback_attempts = wayback_attempts + 1 WHERE id = ?",
            [status, url, error, at, snapshot_id],
        )


def articles_without_snapshot(store: Store, *, scope_related: bool, limit: int) -> list[tuple[int, str]]:
    """(id, url) of stories in scope that have no snapshot, newest first: flagged by a later
    ``reclassify``, stored before evidence was on, or whose page failed at the time."""
    in_scope = "(a.flagged = 1 OR a.related = 1)" if scope_related else "a.flagged = 1"
    rows = store.rows(
        f"SELECT a.id, a.url FROM articles a WHERE {in_scope} AND a.url IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.article_id = a.id) ORDER BY a.id DESC LIMIT ?",
        [limit],
    )
    return [(row["id"], row["url"]) for row in rows]
