"""The ``monitor reclassify`` use case: re-apply the current rules, NER and fact extraction to
stored articles, fetching nothing. Review columns (a human's verdict) are never touched."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace

from monitor.models import Analysis
from monitor.settings import Settings
from monitor.store import Store, utc_now
from monitor.usecases.poll import Pipeline

log = logging.getLogger(__name__)


@dataclass
class ReclassifyReport:
    articles: int = 0
    changed: int = 0  # flagged or related changed
    flagged: int = 0
    related: int = 0


def reclassify(
    settings: Settings, store: Store, *, progress: Callable[[int], None] | None = None, batch_size: int = 200
) -> ReclassifyReport:
    report = ReclassifyReport()
    with Pipeline(settings, store) as pipeline:
        for batch in store.articles_for_reclassify(batch_size):
            futures: list[Future[Analysis]] = [pipeline.pool.submit_text(article.title, article.text) for article in batch]
            analyses = [future.result() for future in futures]
            for article, analysis in zip(batch, analyses, strict=True):
                findings = replace(analysis.findings, lang=analysis.findings.lang or article.lang)
                # findings.entities None keeps the stored ones when NER was not run this time.
                store.update_analysis(article.id, findings, classified_at=utc_now())
                verdict = findings.verdict
                report.articles += 1
                report.changed += (article.flagged, article.related) != (verdict.flagged, verdict.related)
                report.flagged += verdict.flagged
                report.related += verdict.related
            if progress:
                progress(report.articles)
    log.info("reclassified", extra={"articles": report.articles, "changed": report.changed})
    return report
