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

import ctypes
import gc
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from datetime import date
from typing import Any, TypeVar

from monitor.analysis.classifier import classify
from monitor.analysis.entities import EntityExtractor
from monitor.analysis.facts import extract_facts
from monitor.analysis.language import _identifier as language_model
from monitor.analysis.language import detect_language
from monitor.analysis.rules import RuleSet
from monitor.analysis.stories import content_hash, fingerprint
from monitor.errors import ExtractionError, ModelUnavailableError
from monitor.forking import FORK_LOCK
from monitor.ingest.extractor import build_config, extract_article, load_shared_tables, release_shared_tables
from monitor.models import Analysis, Entity, Findings, PageJob, Verdict
from monitor.settings import ExtractSettings, NerSettings

log = logging.getLogger(__name__)
T = TypeVar("T")


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
        cuts = [f"body cut at [http] max_bytes = {job.body_cut_at}"] if job.body_cut_at and job.body is not None else []
        if extracted is not None:
            title = job.feed_title or extracted.title or ""
            text, source = extracted.text, "page"
            summary = extracted.description or job.feed_text[:500]
            cuts.extend(extracted.cuts)
        else:
            title, text, source = job.feed_title, job.feed_text, "feed"
            summary = job.feed_text[:500]
            limit = self.settings.max_text_chars
            if len(text) > limit:
                cuts.append(f"text cut at {limit} of {len(text)} characters ([extract] max_text_chars)")
                text = text[:limit]
        extract_seconds = time.perf_counter() - started
        analysis = self.analyze_text(title, text, published=_story_date(extracted.published if extracted else None, job))
        analysis.truncated = "; ".join(cuts) or None
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

    def analyze_text(self, title: str, text: str, published: date | None = None) -> Analysis:
        started = time.perf_counter()
        verdict = classify(title, text, self.rules)
        lang = detect_language(f"{title}\n{text}")
        classified = time.perf_counter()
        # Facts are the figures of trafficking stories; other stories are not searched.
        # The story's date dates "this year's report" (see extract_facts).
        facts = extract_facts(text, title=title, published=published) if verdict.flagged or verdict.related else []
        facts_done = time.perf_counter()
        prints = fingerprint(text)
        done = time.perf_counter()
        entities, ner_status = self._entities(title, text, lang, verdict)
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

    def _entities(self, title: str, text: str, lang: str | None, verdict: Verdict) -> tuple[list[Entity] | None, str]:
        """Named entities of a story in ``[ner] scope`` (its title included), and what was done
        (``ner_status``)."""
        settings = self.ner_settings
        if settings is None:
            return None, "skipped: no [ner] settings"
        if not in_ner_scope(settings, verdict.flagged, verdict.related):
            return None, f"not in [ner] scope ({settings.scope})"
        if not text and not title:
            return None, "skipped: no text"
        extractor = self._entity_extractor()
        if extractor is None:
            return None, self._ner_error or "skipped"
        # English stories go through the spaCy model; the others through the multilingual
        # gazetteer only (the model is English: on other languages it finds nonsense).
        # A name the headline alone gives ("NCCT reports 40 cases") is stored too: analysts read
        # the title, and the evaluation counts it. Title names are stored with offsets (0, 0).
        return extractor.extract_story(title, text, lang), "done"

    def _entity_extractor(self) -> EntityExtractor | None:
        if self._extractor is None and _shared_extractor is not None:
            self._extractor = _shared_extractor  # loaded by the parent before the fork
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
# The spaCy model, loaded by the parent before it forks the workers (``share_before_fork``),
# so the pool holds one copy of it, shared copy-on-write, instead of one per worker.
_shared_extractor: EntityExtractor | None = None
_pages_since_trim = 0
TRIM_EVERY_PAGES = 8  # a worker hands its freed heap back to the system this often


# glibc's mallopt parameters (<malloc.h>)
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8
MMAP_THRESHOLD_BYTES = 128 * 1024


def _libc() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt, libc.malloc_trim  # noqa: B018  (glibc only; musl has neither)
    except (OSError, AttributeError):
        return None
    return libc


def tune_malloc() -> None:
    """Keep glibc's heap from growing with every page of a long feed.

    By default glibc raises its mmap threshold to the largest block freed so far, so after
    the first 200 KB page every body, tree and text lives in the heap, whose freed holes
    are rarely handed back; and every thread gets an arena of its own. A fixed threshold
    puts big blocks in mmap (unmapped when freed), two arenas bound the threads' share.
    """
    libc = _libc()
    if libc is not None:
        libc.mallopt(_M_ARENA_MAX, 2)
        libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


def trim_heap() -> None:
    """Give the heap's free pages back to the system (glibc's malloc_trim)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


PARENT_CHECK_SECONDS = 1.0  # how often a worker looks whether its parent is still there
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent_pid: int) -> None:
    """Make this worker process end when the process that started it ends, however it ends.

    On Linux the kernel sends SIGKILL when the parent dies (PR_SET_PDEATHSIG), even after
    a SIGKILL or the OOM killer, whatever the supervisor. A watchdog thread covers the rest
    (other systems, a parent that died before the prctl): once our parent pid changes, the
    parent is gone and the worker exits.
    """
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
                log.warning("prctl(PR_SET_PDEATHSIG) failed: errno %d", ctypes.get_errno())
        except (OSError, AttributeError) as exc:
            log.warning("prctl unavailable: %s", exc)
    if os.getppid() != parent_pid:  # the parent died before the prctl took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_SECONDS)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def init_worker(rules: RuleSet, settings: ExtractSettings, ner: NerSettings | None, parent_pid: int | None = None) -> None:
    global _worker_analyzer
    if parent_pid is not None and parent_pid != os.getpid():  # a worker process, not the in-process thread
        die_with_parent(parent_pid)
        # Forked from a running event loop: drop its signal plumbing. The parent decides when
        # workers stop (pool shutdown, or dying itself); a Ctrl-C reaching the whole process
        # group must not kill a worker mid-page, nor wake the parent's loop a second time.
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        tune_malloc()
    _worker_analyzer = Analyzer(rules, settings, ner)


def _story_date(page_published: str | None, job: PageJob) -> date | None:
    """The page's own date ("YYYY-MM-DD..." as extracted), else the feed entry's."""
    if page_published:
        try:
            return date.fromisoformat(page_published[:10])
        except ValueError:
            pass  # a date trafilatura could not normalise: fall back to the feed's
    return job.feed_published.date() if job.feed_published else None


def _analyze_page_in_worker(job: PageJob) -> Analysis:
    global _pages_since_trim
    assert _worker_analyzer is not None, "worker used before init_worker"
    analysis = _worker_analyzer.analyze_page(job)
    _pages_since_trim += 1
    if _pages_since_trim >= TRIM_EVERY_PAGES:
        _pages_since_trim = 0
        trim_heap()
    return analysis


def _analyze_text_in_worker(title: str, text: str) -> Analysis:
    assert _worker_analyzer is not None, "worker used before init_worker"
    return _worker_analyzer.analyze_text(title, text)


def _ready() -> bool:
    return _worker_analyzer is not None


def share_before_fork(ner: NerSettings | None = None) -> None:
    """Load read-only models in the parent, so forked workers share one copy of their pages.

    The language model is ~20 MB, spaCy's ~85 MB and trafilatura's stop words
    ~27 MB; loaded in each worker they would count twice. ``gc.freeze`` keeps the collector from walking (and so copying)
    inherited objects; collecting first means no garbage is frozen with them, however
    often this is called.
    """
    global _shared_extractor
    detect_language("a few words, enough to load the language model")
    load_shared_tables()
    if _shared_extractor is None and ner is not None and ner.enabled:
        try:
            _shared_extractor = EntityExtractor.load(ner)
        except ModelUnavailableError as exc:
            log.warning("entities will be skipped: %s", exc)  # each worker records why
    gc.collect()
    gc.freeze()


def release_shared_models() -> None:
    """Drop the parent's copies of the NER and language models (the pool is down: nobody
    shares them now); the next ``share_before_fork`` loads them again."""
    global _shared_extractor
    _shared_extractor = None
    language_model.cache_clear()
    release_shared_tables()
    gc.unfreeze()
    gc.collect()
    trim_heap()


RECYCLE_WAIT_SECONDS = 2.0  # at most this long (the caller, the event loop, waits) for the old workers' last pages


class AnalysisPool:
    """Runs analyses on ``workers`` processes, or in one thread when ``workers == 1``.

    Workers get the parent's ``RuleSet`` (it pickles as its source text), so every worker
    judges with exactly the rules the parent validated, even if the file changes meanwhile.
    A worker that dies (a page that crashes a C library, the OOM killer) breaks a process
    pool for good; ``restart`` replaces it so a daemon keeps going. After
    ``[extract] pages_per_worker`` pages each the workers are replaced (``_recycle_if_due``).
    """

    def __init__(self, rules: RuleSet, settings: ExtractSettings, ner: NerSettings | None, workers: int) -> None:
        self.workers = workers
        self._initargs = (rules, settings, ner)
        self.idle_seconds = settings.idle_worker_seconds
        self.pages_per_worker = settings.pages_per_worker
        tune_malloc()
        self.executor = self._new_executor()
        self.started = False  # no worker exists until the first page (a re-poll of 304s starts none)
        self._launched: Executor | None = None  # the executor whose workers exist already
        # Jobs submitted and not finished; when they reach 0 a timer retires the idle workers.
        self._lock = threading.Lock()
        self._busy = 0
        self._outstanding: set[Future[Any]] = set()  # the current executor's jobs not finished
        self._pages = 0  # pages submitted to the current executor
        self._idle_timer: threading.Timer | None = None
        self._closed = False

    def _new_executor(self) -> Executor:
        if self.workers <= 1:
            return ThreadPoolExecutor(max_workers=1, initializer=init_worker, initargs=self._initargs)
        # Workers die with this process (die_with_parent) and never keep the daemon's lock
        # (service/lock.py closes it in forked children).
        return ProcessPoolExecutor(
            max_workers=self.workers, initializer=init_worker, initargs=(*self._initargs, os.getpid())
        )

    def warm_up(self) -> None:
        """Start every worker now (at the first job, or when asked): the models shared before
        the fork, then each worker's rules and config. Idempotent."""
        if self.started:
            return
        self.started = True
        if self.workers > 1:
            share_before_fork(self._initargs[2])
        futures = [self._submit(_ready) for _ in range(max(1, self.workers) * 2)]
        for future in futures:
            future.result()

    def _submit(self, function: Callable[..., Any], *args: Any) -> Future[Any]:
        with self._lock:
            self._busy += 1
            if self._idle_timer is not None:
                self._idle_timer.cancel()
                self._idle_timer = None
        try:
            if self._launched is self.executor:
                future = self.executor.submit(function, *args)
            else:
                # A fresh process pool forks all its workers in this first submit (fork start method).
                with FORK_LOCK:
                    future = self.executor.submit(function, *args)
                self._launched = self.executor
        except BaseException:
            self._job_done(None)
            raise
        with self._lock:
            self._outstanding.add(future)
        future.add_done_callback(self._job_done)
        return future

    def _job_done(self, future: Future[Any] | None) -> None:
        with self._lock:
            self._busy -= 1
            if future is not None:
                self._outstanding.discard(future)
            if self._busy or self.idle_seconds <= 0 or self.workers <= 1 or not self.started or self._closed:
                return
            if self._idle_timer is not None:
                self._idle_timer.cancel()
            self._idle_timer = threading.Timer(self.idle_seconds, self.retire_if_idle)
            self._idle_timer.daemon = True
            self._idle_timer.start()

    def retire_if_idle(self) -> bool:
        """Shut the workers down when no job is waiting or running, and drop the NER model
        shared with them: an idle daemon holds only its main process. The next page starts
        them again (``warm_up``). True when the workers were retired."""
        with self._lock:
            if self._busy or not self.started or self.workers <= 1 or self._closed:
                return False
            retired = self.executor
            self.executor = self._new_executor()
            self.started = False
            self._idle_timer = None
        log.info("analysis workers idle for %.0f s: shut down until the next page", self.idle_seconds)
        retired.shutdown(wait=True)
        release_shared_models()
        return True

    def restart(self, broken: Executor) -> None:
        """Replace a broken pool (once, however many callers noticed it)."""
        if broken is not self.executor:
            return
        log.error("an analysis worker died; restarting the worker pool")
        broken.shutdown(wait=False, cancel_futures=True)
        self.executor = self._new_executor()

    def submit_page(self, job: PageJob) -> Future[Analysis]:
        self.warm_up()
        self._recycle_if_due()
        future = self._submit(_analyze_page_in_worker, job)
        self._pages += 1
        return future

    def _recycle_if_due(self) -> None:
        """Replace the workers by fresh forks once they have had ``pages_per_worker`` pages each.

        A worker's private memory grows with the pages it analyses, from ~15 MB when forked
        towards 60-75 MB: every page of the parent's it writes to (reference counts, its
        allocations filling the free space of the parent's heap) becomes its own copy, and its
        heap keeps the holes of the largest pages. A fresh fork starts small again; but most
        of that is reached within 50-100 pages, and a fresh worker warms up again, so this is
        off by default (bench/README.md, "Memory, third pass").

        The old workers finish their pages first (the caller waits, up to
        ``RECYCLE_WAIT_SECONDS``: with bounded pages in flight that is a few pages' time), so
        old and new run side by side only after a page slower than that; the new ones are
        forked at the next submit, from the calling thread, under ``FORK_LOCK``, as the first
        ones were (no fork from another thread, which may be inside a C library).
        """
        due = self.pages_per_worker * self.workers
        if self.workers <= 1 or not due or self._pages < due:
            return
        with self._lock:
            if self._closed or self._pages < due:
                return
            old, outstanding = self.executor, list(self._outstanding)
            self.executor = self._new_executor()
            self._outstanding.clear()
            self._pages = 0
        _, unfinished = wait(outstanding, timeout=RECYCLE_WAIT_SECONDS)
        old.shutdown(wait=not unfinished)  # a page still running after that: it finishes on its own

    def submit_text(self, title: str, text: str) -> Future[Analysis]:
        self.warm_up()
        return self._submit(_analyze_text_in_worker, title, text)

    def close(self) -> None:
        with self._lock:
            if self._idle_timer is not None:
                self._idle_timer.cancel()
                self._idle_timer = None
            self._closed = True
        self.executor.shutdown(wait=True, cancel_futures=True)
