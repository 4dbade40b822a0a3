"""Retention: ``[evidence] keep_days`` and ``max_mb``, never touching a protected story.

A snapshot goes when it is older than ``keep_days``, or, while the archive is larger than
``max_mb``, when it is among the oldest. Protected (never deleted): snapshots of stories a
reviewer marked relevant or escalated, on any copy of the story. Today's file is never
rewritten (the pipeline is appending to it), so ``max_mb`` may be exceeded until tomorrow.

WARC files are append-only, so deleting a record means copying the file without it:
the copy gets a new name, the rows are pointed at it in one transaction, and only then is
the old file removed. A crash at any point leaves every row pointing at intact records
(at worst an unreferenced old file, removed by the next prune).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.evidence.archive import archive_bytes, archive_files, evidence_dir, file_of, stored_path
from monitor.evidence.warc import FILE_SUFFIX, EvidenceError, copy_members, day_file, locked
from monitor.settings import Settings
from monitor.store import Store
from monitor.store.snapshots import Snapshot, prunable, referenced_paths, rewrite_file, snapshots_in

log = logging.getLogger(__name__)


@dataclass
class PruneReport:
    deleted: int = 0
    bytes_before: int = 0
    bytes_after: int = 0
    files_rewritten: list[str] = field(default_factory=list)
    warning: str | None = None


def prune(settings: Settings, store: Store, now: datetime | None = None) -> PruneReport:
    """Apply the retention settings once; safe to run while the pipeline archives."""
    now = now or datetime.now(UTC)
    folder = evidence_dir(settings)
    db_path = Path(store.path)
    report = PruneReport(bytes_before=archive_bytes(folder))
    _remove_orphans(folder, store, db_path, day_file(folder, now))
    keep_days, max_mb = settings.evidence.keep_days, settings.evidence.max_mb
    candidates = prunable(store) if keep_days or max_mb else []
    today = day_file(folder, now).resolve()
    doomed: dict[int, Snapshot] = {}
    if keep_days:
        cutoff = (now - timedelta(days=keep_days)).strftime("%Y-%m-%dT%H:%M:%SZ")
        doomed.update((s.id, s) for s in candidates if s.captured_at < cutoff and s.id is not None)
    if max_mb:
        limit = int(max_mb * 1024 * 1024)
        size = archive_bytes(folder) - sum(s.stored_bytes for s in doomed.values())
        for snapshot in candidates:  # oldest first
            if size <= limit:
                break
            if snapshot.id in doomed or snapshot.id is None or file_of(db_path, snapshot.path).resolve() == today:
                continue
            doomed[snapshot.id] = snapshot
            size -= snapshot.stored_bytes
        if size > limit:
            report.warning = (f"the archive stays above [evidence] max_mb = {max_mb:g} ({size / 1048576:.1f} MB): "
                              "the rest is protected by reviewers' verdicts or in today's file")
            log.warning("evidence archive over its limit", extra={"error": report.warning})
    by_file: defaultdict[str, list[Snapshot]] = defaultdict(list)
    for snapshot in doomed.values():
        if file_of(db_path, snapshot.path).resolve() != today:
            by_file[snapshot.path].append(snapshot)
    for path, victims in sorted(by_file.items()):
        try:
            _rewrite_without(store, db_path, path, victims)
        except (OSError, EvidenceError) as exc:  # one unreadable file must not stop the others
            log.error("could not prune a WARC file; it is left as it was", extra={"path": path, "error": str(exc)})
            continue
        report.deleted += len(victims)
        report.files_rewritten.append(path)
    report.bytes_after = archive_bytes(folder)
    if report.deleted:
        log.info("evidence pruned", extra={"deleted": report.deleted, "bytes": report.bytes_before - report.bytes_after})
    return report


def _rewrite_without(store: Store, db_path: Path, path: str, victims: list[Snapshot]) -> None:
    source = file_of(db_path, path)
    gone = {s.id for s in victims}
    keep = [s for s in snapshots_in(store, path) if s.id not in gone]
    if not keep:
        with locked(source):
            rewrite_file(store, path, None, [], [s.id for s in victims if s.id is not None])
            source.unlink(missing_ok=True)
        return
    target = source.with_name(f"{source.name.removesuffix(FILE_SUFFIX).split('.')[0]}."
                              f"pruned-{datetime.now(UTC):%Y%m%d%H%M%S%f}{FILE_SUFFIX}")
    spans: list[tuple[int, int]] = []
    for snapshot in keep:
        spans += [(snapshot.request_offset, snapshot.request_length), (snapshot.offset, snapshot.length)]
    with locked(source):  # a late append (a capture stamped just before midnight) waits, then reopens
        offsets = copy_members(source, spans, target)
        moved = [
            (s.id, offsets[2 * i], s.request_length, offsets[2 * i + 1], s.length)
            for i, s in enumerate(keep) if s.id is not None
        ]
        rewrite_file(store, path, stored_path(db_path, target), moved, [s.id for s in victims if s.id is not None])
        source.unlink(missing_ok=True)


def _remove_orphans(folder: Path, store: Store, db_path: Path, today: Path) -> None:
    """Files no row points at (left by a crash mid-prune), except today's: it may be mid-append."""
    referenced = {file_of(db_path, path).resolve() for path in referenced_paths(store)}
    for path in archive_files(folder):
        if path.resolve() not in referenced and path.resolve() != today.resolve() and ".pruned-" in path.name:
            log.info("removing an unreferenced WARC file left by an interrupted prune", extra={"path": str(path)})
            path.unlink(missing_ok=True)

