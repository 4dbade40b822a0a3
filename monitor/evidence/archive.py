"""Keeping and reading snapshots: the bridge between the pipeline, the WARC files and the store.

The pipeline makes a :class:`Capture` from the page it fetched (the bytes the analysis
reads: no second fetch) and holds it until the verdict is known; :meth:`Evidence.keep`
then writes it when the story is in ``[evidence] scope`` and drops it otherwise. Reading
a snapshot always checks its sha256: a mismatch raises :class:`IntegrityError`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from monitor.errors import StorageError
from monitor.evidence.warc import (
    FILE_SUFFIX,
    Capture,
    EvidenceError,
    IntegrityError,
    ReadRecord,
    append_capture,
    parse_response,
    read_member,
)
from monitor.ingest.fetcher import PAGE_ACCEPT, FetchResult
from monitor.settings import Settings
from monitor.store import Store
from monitor.store.snapshots import Snapshot, add_snapshot, latest_snapshot

log = logging.getLogger(__name__)


def evidence_dir(settings: Settings) -> Path:
    """``[evidence] dir``, relative to the database's folder unless absolute."""
    folder = settings.evidence.dir.expanduser()
    return folder if folder.is_absolute() else Path(settings.storage.path).resolve().parent / folder


def stored_path(db_path: Path, path: Path) -> str:
    """How a WARC path is written in ``snapshots.path``: relative to the database's folder when inside it."""
    base = db_path.resolve().parent
    try:
        return str(path.resolve().relative_to(base))
    except ValueError:
        return str(path.resolve())


def file_of(db_path: Path, stored: str) -> Path:
    """The WARC file a ``snapshots.path`` value names."""
    path = Path(stored)
    return path if path.is_absolute() else db_path.resolve().parent / path


def archive_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"*{FILE_SUFFIX}")) if folder.is_dir() else []


def archive_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in archive_files(folder))


class Evidence:
    """The pipeline's side of the archive: make captures, keep those in scope."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings.evidence
        self.store = store
        self.folder = evidence_dir(settings)
        # What the fetcher sends with every page request (ingest/fetcher.py), for the request record.
        self.request_headers = {
            "user-agent": settings.http.user_agent, "accept": PAGE_ACCEPT, "accept-encoding": "gzip, deflate",
        }

    def capture(self, requested_url: str, page: FetchResult) -> Capture | None:
        """The page as fetched, stamped now; None when evidence is off."""
        if not self.settings.enabled:
            return None
        return Capture(
            requested_url=requested_url, url=page.url, status=page.status, headers=dict(page.headers),
            body=page.body, request_headers=self.request_headers, fetched_at=datetime.now(UTC),
            redirects=tuple(page.redirects), truncated=page.truncated,
        )

    def in_scope(self, flagged: bool, related: bool) -> bool:
        return bool(flagged or (self.settings.scope == "related" and related))

    async def archive(self, capture: Capture | None, *, flagged: bool, related: bool) -> Capture | None:
        """Write the capture's records when the verdict puts it in scope (in a thread: gzip
        and fsync stay off the event loop); None when it is not kept. Never raises: a full
        disk costs the snapshot (logged), not the story."""
        if capture is None or not self.in_scope(flagged, related):
            return None
        try:
            written = await asyncio.to_thread(append_capture, self.folder, capture)
        except OSError as exc:
            log.error("page not archived", extra={"url": capture.url, "error": str(exc)})
            return None
        return dataclasses.replace(capture, written=written)

    def keep(self, article_id: int, capture: Capture | None) -> Snapshot | None:
        """Record the archived capture of a stored article. Never raises (see :meth:`archive`)."""
        if capture is None or capture.written is None:
            return None
        written = capture.written
        snapshot = Snapshot(
            article_id=article_id,
            path=stored_path(Path(self.store.path), written.path),
            offset=written.offset, length=written.length,
            request_offset=written.request_offset, request_length=written.request_length,
            sha256=written.sha256,
            captured_at=capture.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            url=capture.url, requested_url=capture.requested_url,
            redirects=" -> ".join(capture.redirects) or None,
            status=capture.status, content_type=capture.headers.get("content-type"),
            payload_bytes=len(capture.body), truncated=capture.truncated, record_id=written.record_id,
            wayback_status="pending" if self.settings.wayback else None,
        )
        try:
            snapshot_id = add_snapshot(self.store, snapshot)
        except StorageError as exc:
            log.error("archived page not recorded", extra={"article_id": article_id, "url": capture.url, "error": str(exc)})
            return None
        return dataclasses.replace(snapshot, id=snapshot_id)


@dataclass(frozen=True)
class Verified:
    """A snapshot read back and checked: the row, its file, and the response record."""

    snapshot: Snapshot
    path: Path
    record: ReadRecord


def find_snapshot(store: Store, article_id: int) -> Snapshot:
    snapshot = latest_snapshot(store, article_id)
    if snapshot is None:
        raise EvidenceError(f"article {article_id} has no snapshot (not flagged, fetched before evidence was on, "
                            "or its page could not be fetched)")
    return snapshot


def verify(db_path: Path, snapshot: Snapshot) -> Verified:
    """Read a snapshot's response record and check it against its row; IntegrityError if it differs."""
    path = file_of(db_path, snapshot.path)
    where = f"snapshot of article {snapshot.article_id} ({path} at offset {snapshot.offset})"
    if not path.exists():
        raise EvidenceError(f"{where}: the WARC file is missing")
    record = parse_response(read_member(path, snapshot.offset, snapshot.length), where)
    digest = hashlib.sha256(record.payload).hexdigest()
    if digest != snapshot.sha256:
        raise IntegrityError(f"{where}: the payload's sha256 is {digest}, but {snapshot.sha256} was recorded "
                             "when it was captured: the file was changed")
    if record.target_uri != snapshot.url or record.record_id != snapshot.record_id:
        raise IntegrityError(f"{where}: another record is there ({record.record_id} for {record.target_uri!r}), "
                             f"not {snapshot.record_id} for {snapshot.url!r}")
    return Verified(snapshot=snapshot, path=path, record=record)


def export_warc(verified: Verified, target: Path) -> None:
    """Write the snapshot's request and response records (verified first) as a WARC file of their own."""
    from monitor.evidence.warc import copy_members

    snapshot = verified.snapshot
    spans = [(snapshot.request_offset, snapshot.request_length), (snapshot.offset, snapshot.length)]
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        copy_members(verified.path, spans, partial)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise EvidenceError(f"cannot write {target}: {exc.strerror or exc}") from exc
