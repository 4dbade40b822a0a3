"""The review desk's snapshot route: an archived page, read-only, from the desk itself.

``/-/monitor/snapshot/<article_id>`` serves the story's latest snapshot as inert HTML
(``monitor.evidence.page``: sandboxed, no scripts, nothing fetched from the outlet) with a
banner saying when and from where it was captured; ``.../<article_id>.warc.gz`` downloads
its WARC records. The sha256 is checked on every request: a snapshot that fails is
answered with 409 and the reason, never shown.
"""

from __future__ import annotations

import asyncio
import io
import logging
from pathlib import Path
from typing import Any

from monitor.evidence.archive import find_snapshot, verify
from monitor.evidence.page import RESPONSE_HEADERS, integrity_page, render_snapshot
from monitor.evidence.warc import EvidenceError, IntegrityError, write_members
from monitor.store import Store

log = logging.getLogger(__name__)

ROUTE = r"^/-/monitor/snapshot/(?P<article_id>[0-9]+)(?P<warc>\.warc\.gz)?$"


def snapshot_path(article_id: int) -> str:
    """The desk URL (from its root) of a story's snapshot: for links from the story page."""
    return f"/-/monitor/snapshot/{article_id}"


def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    return [(ROUTE, serve_snapshot)]


def _render(db_path: Path, article_id: int, as_warc: bool) -> tuple[int, str | bytes, str]:
    """(status, body, content type) for one request; runs in a thread (file and SQLite reads)."""
    try:
        with Store.open(db_path, readonly=True) as store:
            verified = verify(db_path, find_snapshot(store, article_id))
    except IntegrityError as exc:
        log.error("snapshot failed its integrity check", extra={"article_id": article_id, "error": str(exc)})
        return 409, integrity_page(article_id, str(exc)), "text/html; charset=utf-8"
    except EvidenceError as exc:
        return 404, str(exc), "text/plain; charset=utf-8"
    if as_warc:
        snapshot = verified.snapshot
        buffer = io.BytesIO()
        write_members(verified.path, [(snapshot.request_offset, snapshot.request_length),
                                      (snapshot.offset, snapshot.length)], buffer, f"snapshot-{article_id}.warc.gz")
        return 200, buffer.getvalue(), "application/warc"
    return 200, render_snapshot(verified.snapshot, verified.record), "text/html; charset=utf-8"


async def serve_snapshot(datasette: Any, request: Any) -> Any:
    from datasette.utils.asgi import Response

    from monitor.review.desk import PLUGIN_NAME

    config = datasette.plugin_config(PLUGIN_NAME) or {}
    name = config.get("database")
    if not name:
        return Response.text("the review desk has no database", status=404)
    await datasette.ensure_permissions(request.actor, [("view-database", name), "view-instance"])
    db_path = Path(datasette.get_database(name).path)
    article_id = int(request.url_vars["article_id"])
    as_warc = bool(request.url_vars.get("warc"))
    status, body, content_type = await asyncio.to_thread(_render, db_path, article_id, as_warc)
    headers = dict(RESPONSE_HEADERS)
    if as_warc and status == 200:
        headers["Content-Disposition"] = f'attachment; filename="snapshot-{article_id}.warc.gz"'
    return Response(body, status=status, headers=headers, content_type=content_type)
