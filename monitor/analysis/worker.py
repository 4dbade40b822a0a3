"""The CPU-bound part of the pipeline: extract, detect language, classify, find facts and
named entities.

It runs in worker processes, so every CPU-heavy stage uses both cores while the main
process only fetches and stores; its inputs and outputs are picklable records
(``monitor.models``: ``PageJob`` in, ``Analysis`` out). Each
worker builds its rules matcher and trafilatura config once, in ``init_worker``, and loads
the spaCy model the first time a story needs it (a worker that never sees a trafficking
story never pays for the model).
"""

from __future__ import annotations

import gc
import logging
import time
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor

from monitor.analysis.classifier import classify
from monitor.analysis.entities import EntityExtractor
from monitor.analysis.facts import extract_facts
from monitor.analysis.language import detect_language
from monitor.analysis.rules import RuleSet
from monitor.analysis.stories import content_hash, fingerprint
from monitor.errors import ExtractionError, ModelUnavailableError
from monitor.ingest.extractor import build_config, extract_article
from monitor.models import Analysis, Entity, Findings, PageJob, Verdict
from monitor.settings import ExtractSettings, NerSettings

log = logging.getLogger(__name__)


class Analyzer:
    """Holds one process's rules, trafilatura config and (lazily) spaCy model."""

    def __init__(self, rules: RuleSet, settings: ExtractSettings, ner: NerSettings | None = None) -> None:
        self.rules = rules
        self.settings = settings
        self.ner_settings = ner
        self.config = build_config()
        self._extractor: EntityExtractor | None = None
        self._ner_error: str | None = None if ner is None or ner.enabled else "skipped: [ner] enabled = false"

    def analyze_page(self, job: PageJob) -> Analysis:
        error = job.fetch_error
        extracted = None
        started = time.perf_counter()
        if job.body is not None and error is None:
            try:
                extracted = extract_article(
                    job.body,
                    url=job.url or "",
                    content_type=job.content_type,
                    charset=job.charset,
                    settings=self.settings,
                    config=self.config,
                )
            except ExtractionError as exc:
                error = str(exc)
        if extracted is not None:
            title = job.feed_title or extracted.title or ""
            text, source = extracted.text, "page"
            summary = extracted.description or job.feed_text[:500]
        else:
            title, text, source = job.feed_title, job.feed_text, "feed"
            summary = job.feed_text[:500]
        extract_seconds = time.perf_counter() - started
        analysis = self.analyze_text(title, text)
        analysis.seconds["extract"] = extract_seconds
        analysis.summary = summary
        analysis.source = source
        analysis.error = error
        if extracted is not None:
            analysis.author = extracted.author or job.feed_author
            analysis.site_name = extracted.site_name
            analysis.published = extracted.published
            analysis.findings.lang = analysis.findings.lang or extracted.lang
        else:
            analysis.author = job.feed_author
        return analysis

    def analyze_text(self, title: str, text: str) -> Analysis:
        started = time.perf_counter()
        verdict = classify(title, text, self.rules)
        lang = detect_language(f"{title}\n{text}")
        classified = time.perf_counter()
        # Facts are the figures of trafficking stories; other stories are not searched.
        facts = extract_facts(text, title=title) if verdict.flagged or verdict.related else []
        facts_done = time.perf_counter()
        prints = fingerprint(text)
        done = time.perf_counter()
        entities, ner_status = self._entities(text, lang, verdict)
        ner_done = time.perf_counter()
        return Analysis(
            title=title,
            text=text,
            summary="",
            author=None,
            site_name=None,
            published=None,
            source="feed",
            error=None,
            content_hash=content_hash(title, text),
            simhash=prints.simhash,
            shingles=prints.shingles,
            findings=Findings(verdict=verdict, rules_version=self.rules.version, lang=lang,
                              ner_status=ner_status, facts=facts, entities=entities),
            seconds={
                "classify": classified - started, "facts": facts_done - classified,
                "dedup": done - facts_done, "ner": ner_done - done,
            },
        )

    def _entities(self, text: str, lang: str | None, verdict: Verdict) -> tuple[list[Entity] | None, str]:
        """Named entities of a story in ``[ner] scope``, and what was done (``ner_status``)."""
        settings = self.ner_settings
        if settings is None:
            return None, "skipped: no [ner] settings"
        if not in_ner_scope(settings, verdict.flagged, verdict.related):
            return None, f"not in [ner] scope ({settings.scope})"
        if not text:
            return None, "skipped: no text"
        # The model is English: on other languages it finds nonsense, so none is stored.
        if lang not in (None, "en"):
            return None, f"skipped: language {lang!r} (the NER model is English)"
        extractor = self._entity_extractor()
        if extractor is None:
            return None, self._ner_error or "skipped"
        found = extractor.extract([text])[0]
        return found, "done"

    def _entity_extractor(self) -> EntityExtractor | None:
        if self._extractor is None and self._ner_error is None and self.ner_settings is not None:
            try:
                self._extractor = EntityExtractor.load(self.ner_settings)
            except ModelUnavailableError as exc:
                # Articles are still stored and flagged; entities are recorded as skipped.
                log.warning("entities will be skipped: %s", exc)
                self._ner_error = f"skipped: {exc}"
        return self._extractor


def in_ner_scope(settings: NerSettings, flagged: bool, related: bool) -> bool:
    if settings.scope == "all":
        return True
    if settings.scope == "related":
        return bool(flagged or related)
    return bool(flagged)


# --------------------------------------------------------------------------- worker pool
# A worker process's analyser, built once by ``init_worker``. Module state is the standard
# way to give ProcessPoolExecutor workers per-process resources; nothing else reads it.
_worker_analyzer: Analyzer | None = None


def init_worker(rules: RuleSet, settings: ExtractSettings, ner: NerSettings | None) -> None:
    global _worker_analyzer
    _worker_analyzer = Analyzer(rules, settings, ner)


def _analyze_page_in_worker(job: PageJob) -> Analysis:
    assert _worker_analyzer is not None, "worker used before init_worker"
    return _worker_analyzer.analyze_page(job)


def _analyze_text_in_worker(title: str, text: str) -> Analysis:
    assert _worker_analyzer is not None, "worker used before init_worker"
    return _worker_analyzer.analyze_text(title, text)


def _ready() -> bool:
    return _worker_analyzer is not None


def share_before_fork() -> None:
    """Load read-only models in the parent, so forked workers share one copy of their pages.

    The language model is ~75 MB per copy; loaded in each worker it would count twice.
    ``gc.freeze`` keeps the collector from walking (and so copying) inherited objects;
    collecting first means no garbage is frozen with them, however often this is called.
    """
    detect_language("a few words, enough to load the language model")
    gc.collect()
    gc.freeze()


class AnalysisPool:
    """Runs analyses on ``workers`` processes, or in one thread when ``workers == 1``.

    Workers get the parent's ``RuleSet`` (it pickles as its source text), so every worker
    judges with exactly the rules the parent validated, even if the file changes meanwhile.
    A worker that dies (a page that crashes a C library, the OOM killer) breaks a process
    pool for good; ``restart`` replaces it so a daemon keeps going.
    """

    def __init__(self, rules: RuleSet, settings: ExtractSettings, ner: NerSettings | None, workers: int) -> None:
        self.workers = workers
        self._initargs = (rules, settings, ner)
        self.executor = self._new_executor()

    def _new_executor(self) -> Executor:
        if self.workers <= 1:
            return ThreadPoolExecutor(max_workers=1, initializer=init_worker, initargs=self._initargs)
        return ProcessPoolExecutor(max_workers=self.workers, initializer=init_worker, initargs=self._initargs)

    def warm_up(self) -> None:
        """Start every worker now, before any thread or event loop exists (fork safety)."""
        if self.workers > 1:
            share_before_fork()
        futures = [self.executor.submit(_ready) for _ in range(max(1, self.workers) * 2)]
        for future in futures:
            future.result()

    def restart(self, broken: Executor) -> None:
        """Replace a broken pool (once, however many callers noticed it)."""
        if broken is not self.executor:
            return
        log.error("an analysis worker died; restarting the worker pool")
        broken.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new_executor()

    def submit_page(self, job: PageJob) -> Future[Analysis]:
        return self.executor.submit(_analyze_page_in_worker, job)

    def submit_text(self, title: str, text: str) -> Future[Analysis]:
        return self.executor.submit(_analyze_text_in_worker, title, text)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)
