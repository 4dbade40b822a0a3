"""The ``monitor reclassify`` use case: re-apply the current rules, NER and fact extraction to
stored articles, fetching nothing. Review columns (a human's verdict) are never touched."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

from monitor.analysis.worker import Analysis
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
            futures: list[Future[Analysis]] = [pipeline.pool.submit_text(row["title"] or "", row["text"] or "") for row in batch]
            analyses = [future.result() for future in futures]
            for row, analysis in zip(batch, analyses, strict=True):
                before = (row["flagged"], row["related"])
                verdict = {
                    **analysis.verdict,
                    "lang": analysis.lang or row["lang"],
                    "classified_at": utc_now(),
                    "ner_status": analysis.ner_status,
                }
                # entities=None keeps the stored ones when NER was not run this time.
                store.update_analysis(
                    row["id"], verdict, matches=analysis.matches, entities=analysis.entities, facts=analysis.facts
                )
                report.articles += 1
                report.changed += before != (verdict["flagged"], verdict["related"])
                report.flagged += verdict["flagged"]
                report.related += verdict["related"]
            if progress:
                progress(report.articles)
    log.info("reclassified", extra={"articles": report.articles, "changed": report.changed})
    return report
