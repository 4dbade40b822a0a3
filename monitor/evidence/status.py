"""The archive's line in ``monitor status``: snapshots, size on disk, stories in scope without one."""

from __future__ import annotations

from typing import Any

from monitor.evidence.archive import archive_bytes, archive_files, evidence_dir
from monitor.settings import Settings
from monitor.store import Store
from monitor.store.snapshots import snapshot_counts


def archive_summary(store: Store, settings: Settings) -> dict[str, Any]:
    folder = evidence_dir(settings)
    try:
        files = archive_files(folder)
        size = archive_bytes(folder)
        error = None
    except OSError as exc:  # status must still answer (Docker's HEALTHCHECK runs it)
        files, size, error = [], 0, f"cannot read {folder}: {exc.strerror or exc}"
    counts = snapshot_counts(store, scope_related=settings.evidence.scope == "related")
    return {
        "enabled": settings.evidence.enabled,
        "dir": str(folder),
        "files": len(files),
        "bytes": size,
        "mb": round(size / 1048576, 3),
        "error": error,
        **counts,
    }
