"""The analysis pool's process lifecycle (issue 18): idle workers are shut down and started
again at the next page; the NER model is loaded once, before the fork, and shared."""

from __future__ import annotations

import time

import psutil

from monitor.analysis import worker
from monitor.analysis.rules import load_rules
from monitor.analysis.worker import AnalysisPool
from monitor.models import PageJob
from monitor.settings import ExtractSettings, NerSettings

STORY = ("Cambodia's NCCT says trafficking victims rescued",
         "The National Committee for Counter Trafficking (NCCT) said 12 victims of human trafficking "
         "were rescued in Phnom Penh. The US TIP report keeps Cambodia at Tier 3.")


def _children() -> set[int]:
    return {child.pid for child in psutil.Process().children()}


def test_idle_workers_are_retired_and_started_again_at_the_next_page():
    before = _children()
    pool = AnalysisPool(load_rules(), ExtractSettings(idle_worker_seconds=0.5), NerSettings(), workers=2)
    try:
        first = pool.submit_text(*STORY).result(timeout=120)
        assert first.findings.verdict.flagged
        assert first.findings.ner_status == "done" and first.findings.entities
        workers = _children() - before
        assert len(workers) == 2
        assert worker._shared_extractor is not None  # loaded in this process, before the fork
        deadline = time.monotonic() + 30
        while (pool.started or _children() & workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not pool.started
        assert not (_children() & workers), "the idle workers are still running"
        assert worker._shared_extractor is None  # nobody shares it now: dropped
        again = pool.submit_text(*STORY).result(timeout=120)
        assert again.findings.verdict.flagged and again.findings.entities == first.findings.entities
        assert len(_children() - before - workers) == 2  # a fresh pair
    finally:
        pool.close()
        worker.release_shared_models()


def test_busy_pool_is_not_retired_and_zero_keeps_the_workers():
    pool = AnalysisPool(load_rules(), ExtractSettings(idle_worker_seconds=0), NerSettings(enabled=False), workers=2)
    try:
        pool.submit_text(*STORY).result(timeout=120)
        time.sleep(0.5)
        assert pool.started  # 0: never retired by the timer
        pending = pool.submit_text(*STORY)
        assert not pool.retire_if_idle() or pending.done()
        pending.result(timeout=120)
    finally:
        pool.close()
    assert not pool.retire_if_idle()  # closed: nothing to retire


def _page(n: int) -> PageJob:
    paragraph = (f"Story {n}: provincial officials said the new shelter in Koh Kong opened this week, "
                 "with places for forty people and a clinic run by volunteers from the district. ")
    body = f"<html><head><title>Story {n}</title></head><body><article><p>{paragraph * 4}</p></article></body></html>"
    return PageJob(url=f"http://127.0.0.1/story-{n}", body=body.encode(), content_type="text/html", charset="utf-8",
                   feed_title=f"Story {n}")


def test_workers_are_replaced_by_fresh_forks_after_pages_per_worker_pages():
    before = _children()
    pool = AnalysisPool(load_rules(), ExtractSettings(idle_worker_seconds=0, pages_per_worker=3), NerSettings(enabled=False),
                        workers=2)
    seen: set[int] = set()
    try:
        for batch in range(3):  # 6 pages each: one batch per pair of workers
            futures = [pool.submit_page(_page(6 * batch + n)) for n in range(6)]
            results = [future.result(timeout=120) for future in futures]
            assert [r.title for r in results] == [f"Story {6 * batch + n}" for n in range(6)]
            assert all(r.source == "page" and "Koh Kong" in r.text for r in results)
            now = _children() - before
            assert len(now) <= 2, "old and new workers ran side by side"
            seen |= now
        assert len(seen) >= 4, "the workers were never replaced"
    finally:
        pool.close()


def test_zero_pages_per_worker_keeps_the_same_workers():
    before = _children()
    pool = AnalysisPool(load_rules(), ExtractSettings(idle_worker_seconds=0, pages_per_worker=0), NerSettings(enabled=False),
                        workers=2)
    try:
        first = [pool.submit_page(_page(n)).result(timeout=120) for n in range(4)]
        workers = _children() - before
        again = [pool.submit_page(_page(n)).result(timeout=120) for n in range(4, 12)]
        assert _children() - before == workers and len(workers) == 2
        assert len({r.content_hash for r in first + again}) == 12
    finally:
        pool.close()
