"""``monitor snapshot ID``: check one snapshot, and export it as HTML or as a WARC file."""

from __future__ import annotations

from pathlib import Path

from monitor.evidence.archive import export_warc, find_snapshot, verify
from monitor.evidence.page import render_snapshot
from monitor.evidence.warc import EvidenceError
from monitor.settings import Settings
from monitor.store import Store


def export_snapshot(store: Store, article_id: int, *, html: Path | None = None, warc: Path | None = None) -> list[str]:
    """Verify the article's latest snapshot, write the exports asked for; lines to print.

    Raises ``IntegrityError`` (nothing written) when the archived bytes do not match.
    """
    verified = verify(Path(store.path), find_snapshot(store, article_id))
    snapshot = verified.snapshot
    lines = [
        f"article {article_id}: captured {snapshot.captured_at} from {snapshot.url} (HTTP {snapshot.status}, "
        f"{snapshot.payload_bytes:,} bytes{', cut at [http] max_bytes' if snapshot.truncated else ''})",
    ]
    if snapshot.redirects:
        lines.append(f"  redirected: {snapshot.redirects} -> {snapshot.url}")
    lines.append(f"  sha256 {snapshot.sha256}: verified")
    lines.append(f"  WARC: {verified.path} (response record at offset {snapshot.offset}, {snapshot.length} bytes)")
    if snapshot.wayback_url:
        lines.append(f"  Internet Archive: {snapshot.wayback_url}")
    elif snapshot.wayback_status:
        lines.append(f"  Internet Archive: {snapshot.wayback_status}{': ' + snapshot.wayback_error if snapshot.wayback_error else ''}")
    if html is not None:
        try:
            html.write_text(render_snapshot(snapshot, verified.record), encoding="utf-8")
        except OSError as exc:
            raise EvidenceError(f"cannot write {html}: {exc.strerror or exc}") from exc
        lines.append(f"wrote {html} (sandboxed HTML: scripts and external resources removed)")
    if warc is not None:
        export_warc(verified, warc)
        lines.append(f"wrote {warc} (the request and response records, as archived)")
    return lines


def backfill_lines(settings: Settings, store: Store, limit: int) -> list[str]:
    """``monitor snapshot --missing``: archive what is missing now; lines to print."""
    from monitor.evidence.backfill import backfill

    report = backfill(settings, store, limit=limit)
    lines = [f"archived {len(report.archived)} page(s) of stories that had no snapshot"]
    lines += [f"  article {article_id}: {error}" for article_id, error in sorted(report.failed.items())]
    return lines
