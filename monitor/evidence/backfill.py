"""``monitor snapshot --missing``: archive, now, the pages of stories in scope that have no snapshot.

For stories flagged after their page was gone from memory (``monitor reclassify``, a
database from before evidence was on) or whose page failed when first fetched. The
capture is what the outlet serves *now*, and its date says so. Fetched with the pipeline's
fetcher, so every ``[http]`` limit, the private-network guard and robots.txt apply.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from monitor.errors import FetchError
from monitor.evidence.archive import Evidence
from monitor.ingest.fetcher import Fetcher
from monitor.ingest.robots import allowed as robots_allowed
from monitor.settings import Settings
from monitor.store import Store
from monitor.store.snapshots import articles_without_snapshot

log = logging.getLogger(__name__)


@dataclass
class BackfillReport:
    archived: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)


def backfill(settings: Settings, store: Store, *, limit: int = 100) -> BackfillReport:
    if not settings.evidence.enabled:
        return BackfillReport()
    return asyncio.run(_backfill(settings, store, limit))


async def _backfill(settings: Settings, store: Store, limit: int) -> BackfillReport:
    evidence = Evidence(settings, store)
    report = BackfillReport()
    missing = articles_without_snapshot(store, scope_related=settings.evidence.scope == "related", limit=limit)
    async with Fetcher(settings.http) as fetcher:

        async def one(article_id: int, url: str) -> None:
            if settings.http.respect_robots and not await robots_allowed(fetcher, url, settings.http.user_agent):
                report.failed[article_id] = "disallowed by robots.txt"
                return
            try:
                page = await fetcher.get(url, guard=True)
            except FetchError as exc:
                report.failed[article_id] = str(exc)
                return
            # In scope by the query above: archive whatever the page answers now.
            archived = await evidence.archive(evidence.capture(url, page), flagged=True, related=True)
            if evidence.keep(article_id, archived) is None:
                report.failed[article_id] = "not archived (see the log)"
            else:
                report.archived.append(article_id)

        await asyncio.gather(*(one(article_id, url) for article_id, url in missing))
    return report
