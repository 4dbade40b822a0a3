"""The ingestion orchestrator: fetcher → parser → dedup → analysis → storage.

Analysis (``monitor/analysis/worker.py``) runs the CPU-bound stages in worker processes:
extractor → language → classifier (with its compiled rules) → facts → entities.
One ``Pipeline`` serves the one-shot ``monitor poll``, the daemon, the demo and
``reclassify``. Stages never call each other: this module passes each stage's output to
the next (typed records, ``monitor.models``), and is the only one that talks to both the
stages and the store. The daemon schedules: it reads when feeds are due and calls
``poll_feed`` with one shared fetcher.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from monitor.analysis.entities import resolve_model
from monitor.analysis.rules import load_rules
from monitor.analysis.stories import StoryMatcher, shingles_to_bytes
from monitor.analysis.worker import AnalysisPool
from monitor.delivery.alerts import InstantAlerts
from monitor.errors import (
    DatabaseBusyError,
    ExtractionError,
    FeedParseError,
    FetchError,
    ModelUnavailableError,
    StorageError,
)
from monitor.evidence import Capture, Evidence
from monitor.ingest.fetcher import FEED_ACCEPT, Fetcher, feed_body_hash
from monitor.ingest.robots import allowed as robots_allowed
from monitor.ingest.sources.botwall import raise_for_status
from monitor.ingest.sources.reader import EntryHints, Sources
from monitor.ingest.urls import canonical_url
from monitor.models import Analysis, Article, Entry, Feed, FeedOutcome, PageJob, ParsedFeed, join_notes
from monitor.settings import Settings
from monitor.store import Store, format_time, utc_now

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Progress:
    """One step of a poll, for a progress display: a feed started or done, a story stored."""

    event: str  # "feed_start" | "feed_done" | "article_stored"
    feed: str  # the feed's name
    title: str | None = None  # article_stored
    flagged: bool = False  # article_stored
    outcome: FeedOutcome | None = None  # feed_done


ProgressCallback = Callable[[Progress], None]


@dataclass
class PollReport:
    feeds: list[FeedOutcome]
    seconds: float
    # Time per stage, summed over feeds and articles (worker stages: wall time inside the workers).
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def total(self, name: str) -> int:
        return sum(getattr(feed, name) for feed in self.feeds)

    @property
    def failed(self) -> list[FeedOutcome]:
        return [feed for feed in self.feeds if feed.error]


@dataclass
class _Pending:
    """A new entry waiting for its page, analysis and storage."""

    entry: Entry
    url: str | None  # canonical
    analysis: Analysis | None = None
    hints: EntryHints = field(default_factory=EntryHints)  # from the source adapter: fetch or not, language
    capture: Capture | None = None  # the page as fetched, held until the verdict says whether to archive it


def worker_count(configured: int) -> int:
    return configured or max(1, os.cpu_count() or 1)


def pages_in_flight(settings: Settings, workers: int) -> int:
    """Pages fetched or being analysed at once: enough to keep every request slot and every
    worker busy (``[extract] pages_in_flight``)."""
    return settings.extract.pages_in_flight or settings.http.concurrency + 2 * workers


class Pipeline:
    """Shared by every use case. Open with ``with Pipeline(...)``; poll with ``await``."""

    def __init__(self, settings: Settings, store: Store, *, progress: ProgressCallback | None = None) -> None:
        self.settings = settings
        self.store = store
        self.progress: ProgressCallback = progress or (lambda step: None)
        # Validate the rules here, in the main process, so a bad file fails at start-up.
        self.rules = load_rules(settings.rules.path)
        self.pool = AnalysisPool(self.rules, settings.extract, settings.ner, worker_count(settings.extract.workers))
        self._in_flight: dict[str, asyncio.Future[int | None]] = {}
        self.stories = StoryMatcher(store)
        self.evidence = Evidence(settings, store)
        self.stage_seconds: dict[str, float] = {}
        self.sources = Sources(settings.sources)
        self.alerts = InstantAlerts(settings)  # instant [[alerts]] at the end of each feed's poll
        self._slots: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None  # see _page_slots

    def __enter__(self) -> Pipeline:
        # No pool.warm_up() here: the workers start with the first page (a re-poll of 304s starts none).
        if self.settings.ner.enabled:
            try:
                # Only a look: the workers load the model when a story needs it.
                log.info("entities from spaCy model %s", resolve_model(self.settings.ner))
            except ModelUnavailableError as exc:
                log.warning("entities will be skipped: %s", exc)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.pool.close()

    # ------------------------------------------------------------------ polling
    async def poll(self, feeds: Sequence[Feed] | None = None) -> PollReport:
        """Poll the given feeds (default: every active feed) once, concurrently."""
        started = time.monotonic()
        stages_before = dict(self.stage_seconds)
        if feeds is None:
            feeds = self.store.feeds(active_only=True)
        async with Fetcher(self.settings.http) as fetcher:
            results = await asyncio.gather(*(self.poll_feed(fetcher, feed) for feed in feeds), return_exceptions=True)
        outcomes = []
        for feed, result in zip(feeds, results, strict=True):
            if isinstance(result, BaseException):
                if not isinstance(result, Exception):
                    raise result  # KeyboardInterrupt, cancellation: stop
                log.error("feed poll failed", extra={"feed": feed.name, "error": repr(result)})
                result = FeedOutcome.for_feed(feed, error=f"internal error: {result!r}")
            outcomes.append(result)
        stages = {stage: seconds - stages_before.get(stage, 0.0) for stage, seconds in self.stage_seconds.items()}
        return PollReport(feeds=outcomes, seconds=time.monotonic() - started, stage_seconds=stages)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + time.perf_counter() - started

    async def poll_feed(self, fetcher: Fetcher, feed: Feed) -> FeedOutcome:
        """Fetch one feed, store its new stories, and record the fetch. Never raises for bad input.

        ``feed`` is left as it was; the feed's new state is what the store has afterwards.
        """
        feed = dataclasses.replace(feed)
        outcome = FeedOutcome.for_feed(feed, started_at=utc_now())
        self.progress(Progress("feed_start", feed.name))
        try:
            await self._read_feed(fetcher, feed, outcome)
        except (FetchError, FeedParseError) as exc:
            outcome.error = str(exc)
        except StorageError as exc:  # also a busy database
            outcome.error = f"{exc}; the entries not stored will be retried on the next poll"
        if outcome.error:
            if outcome.truncated and "HTTP" not in outcome.error:
                outcome.error += f" (body cut at [http] max_bytes = {self.settings.http.max_bytes})"
        feed.record_poll(outcome, self.settings.schedule, datetime.now(UTC))
        try:
            self.store.record_poll(feed, outcome)
            if outcome.moved_to and outcome.moved_to != feed.url and self.store.move_feed(feed.id, outcome.moved_to):
                log.info("feed moved permanently", extra={"feed": feed.name, "url": outcome.moved_to})
        except StorageError as exc:
            log.error("could not record fetch", extra={"feed": feed.name, "error": str(exc)})
        try:  # the feed's new stories become searchable now (the store indexes them in batches)
            self.store.index_for_search()
        except StorageError as exc:  # indexed with a later batch, or at the next open
            log.warning("stories not indexed for search", extra={"feed": feed.name, "error": str(exc)})
        # One line per poll; a failure is that line, at warning level (not a second line).
        log.log(
            logging.WARNING if outcome.error else logging.INFO,
            "feed failed" if outcome.error else "feed polled",
            extra={
                "feed": feed.name, "url": feed.url, "status": outcome.status,
                "new_items": outcome.stored, "duration_ms": outcome.duration_ms, "error": outcome.error,
            },
        )
        await self.alerts.after_poll(outcome.stored)
        self.progress(Progress("feed_done", feed.name, outcome=outcome))
        return outcome

    async def _read_feed(self, fetcher: Fetcher, feed: Feed, outcome: FeedOutcome) -> None:
        """Fetch and parse the feed and store its new entries, noting all of it in ``outcome``."""
        with self.timed("fetch"):
            result = await fetcher.get(feed.url, etag=feed.etag, last_modified=feed.last_modified, accept=FEED_ACCEPT)
        outcome.status = result.status
        outcome.bytes = len(result.body)
        outcome.duration_ms = result.duration_ms
        outcome.truncated = result.truncated
        outcome.retry_after = result.retry_after
        outcome.cache_seconds = result.freshness_seconds
        if result.permanent_redirect and result.status < 400:
            outcome.moved_to = result.permanent_redirect
        outcome.gone = result.status == 410
        # A body identical to the last one processed is "not modified" even when the server
        # changed its ETag / Last-Modified (many do on every request).
        outcome.body_hash = feed_body_hash(result.body) if result.status == 200 else None
        outcome.not_modified = result.not_modified or (
            outcome.body_hash is not None and outcome.body_hash == feed.body_hash)
        if not outcome.not_modified:
            raise_for_status(result)  # a bot wall is named as such, with what to use instead
            with self.timed("parse"):
                # Dispatch per source kind: feed, sitemap (index, robots.txt), Telegram preview.
                parsed = await self.sources.read(fetcher, result)
            if not parsed.body_tells_changes:
                outcome.body_hash = None
            if result.truncated:
                parsed.warning = join_notes(parsed.warning, f"feed cut at [http] max_bytes = {self.settings.http.max_bytes}")
            outcome.warning = parsed.warning
            outcome.ttl_minutes = parsed.ttl_minutes
            outcome.entries = len(parsed.entries)
            outcome.entry_times = [e.published_at for e in parsed.entries if e.published_at]
            outcome.feed_title, outcome.site_url = parsed.title, parsed.site_url
            await self._store_entries(fetcher, feed, parsed, outcome)
        outcome.etag = result.headers.get("etag")
        outcome.last_modified = result.headers.get("last-modified")

    async def _store_entries(self, fetcher: Fetcher, feed: Feed, parsed: ParsedFeed, outcome: FeedOutcome) -> None:
        known = self.store.known_entry_keys(feed.id, [entry.key for entry in parsed.entries])
        pending: list[_Pending] = []
        seen_keys: set[str] = set()
        # Aggregator links become the publisher's URL before anything is fetched.
        fresh_entries = [entry for entry in parsed.entries if entry.key not in known]
        for entry, hints in await self.sources.resolve(fetcher, parsed, fresh_entries):
            if entry.key in seen_keys:
                continue
            seen_keys.add(entry.key)
            url = canonical_url(entry.link) if entry.link else None
            pending.append(_Pending(entry=entry, url=url, hints=hints))
        outcome.new_items = len(pending)
        if not pending:
            return
        # A story stored already (from any feed) is linked, never fetched again. One that
        # another feed is fetching right now is linked once that feed is done with it; this
        # feed waits for it only after releasing its own claims, so feeds never wait on each
        # other in a circle.
        claimed: list[str] = []
        try:
            fresh, later = self._claim(feed, pending, claimed)
            await self._process(fetcher, feed, fresh, outcome)
        finally:
            for url in claimed:
                future = self._in_flight.pop(url)
                if not future.done():
                    future.set_result(None)
        for item, other in later:
            if other is not None:
                await other
            article_id = self.store.article_ids_by_url([item.url]).get(item.url) if item.url else None
            if article_id is not None:
                self.store.link_entry(feed.id, item.entry.key, article_id, item.entry.link)
            # else: the other feed could not store it; the entry stays unseen and is retried.

    def _claim(
        self, feed: Feed, pending: list[_Pending], claimed: list[str]
    ) -> tuple[list[_Pending], list[tuple[_Pending, asyncio.Future[int | None] | None]]]:
        """Split new entries into those this feed fetches (their URLs added to ``claimed``)
        and those to link later, once another feed (or this one) is done with their story.
        Stories stored already are linked now. Synchronous: check and claim happen with no
        await in between."""
        loop = asyncio.get_running_loop()
        fresh: list[_Pending] = []
        later: list[tuple[_Pending, asyncio.Future[int | None] | None]] = []
        for item in pending:
            if item.url is None:
                fresh.append(item)
            elif item.url in claimed:  # the same story twice in this feed
                later.append((item, None))
            elif item.url in self._in_flight:  # being fetched for another feed
                later.append((item, self._in_flight[item.url]))
            elif (article_id := self.store.article_ids_by_url([item.url]).get(item.url)) is not None:
                self.store.link_entry(feed.id, item.entry.key, article_id, item.entry.link)
            else:
                self._in_flight[item.url] = loop.create_future()
                claimed.append(item.url)
                fresh.append(item)
        return fresh, later

    async def _process(self, fetcher: Fetcher, feed: Feed, items: list[_Pending], outcome: FeedOutcome) -> None:
        """Fetch, analyse and store each story as soon as it is ready, a page at a time per slot.

        Backpressure: a page's task is created only once one of the bounded page slots
        (``_page_slots``, shared by every feed of the poll) is free, and stores its story
        itself, so a feed 10x longer holds no more tasks, bodies or analyses at once: only
        its parsed entries grow with it. A task that fails (a busy database) stops the feed.
        """
        slots = self._page_slots()
        running: set[asyncio.Task[None]] = set()
        failures: list[BaseException] = []

        def finished(task: asyncio.Task[None]) -> None:
            # Here, not in the task: a task cancelled before it started never runs its finally.
            slots.release()
            running.discard(task)
            error = None if task.cancelled() else task.exception()
            if error is not None:
                failures.append(error)

        try:
            for item in items:
                await slots.acquire()
                if failures:
                    slots.release()
                    break
                task = asyncio.create_task(self._page(fetcher, feed, item, outcome))
                running.add(task)
                task.add_done_callback(finished)
            while running and not failures:
                await asyncio.wait(set(running), return_when=asyncio.FIRST_EXCEPTION)
            if failures:
                raise failures[0]
        finally:
            for task in running:  # on a stop or a busy database, leave nothing running
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)

    async def _page(self, fetcher: Fetcher, feed: Feed, item: _Pending, outcome: FeedOutcome) -> None:
        """One story: fetched, analysed and stored, holding one page slot (``_process``)."""
        try:
            self._store(feed, await self._fetch_and_analyze(fetcher, feed, item, outcome), outcome)
        finally:
            item.analysis = item.capture = None  # the text, fingerprints and page: not kept to the feed's end

    def _page_slots(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if self._slots is None or self._slots[0] is not loop:  # asyncio primitives belong to one loop
            self._slots = (loop, asyncio.Semaphore(pages_in_flight(self.settings, self.pool.workers)))
        return self._slots[1]

    async def _fetch_and_analyze(self, fetcher: Fetcher, feed: Feed, item: _Pending, outcome: FeedOutcome) -> _Pending:
        job = await self._page_job(fetcher, feed, item, outcome)
        try:
            item.analysis = await self._run_analysis(job)
        except Exception as exc:  # a bug or a hostile page must cost one page, not the feed
            log.exception("analysis failed", extra={"url": item.url})
            fallback = dataclasses.replace(job, body=None, fetch_error=f"analysis failed: {type(exc).__name__}: {exc}")
            item.analysis = await self._run_analysis(fallback)
        with self.timed("evidence"):  # the page is archived now that the verdict is known
            item.capture = await self.evidence.archive(
                item.capture, flagged=item.analysis.findings.verdict.flagged, related=item.analysis.findings.verdict.related)
        for stage, seconds in item.analysis.seconds.items():
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + seconds
        return item

    async def _page_job(self, fetcher: Fetcher, feed: Feed, item: _Pending, outcome: FeedOutcome) -> PageJob:
        """The entry's page, fetched when allowed, with the feed's own copy to fall back on."""
        entry = item.entry
        job = PageJob(url=item.url, body=None, feed_title=entry.title, feed_text=entry.content or entry.summary,
                      feed_author=entry.author, feed_published=entry.published_at)
        if item.hints.unresolved:
            return dataclasses.replace(job, fetch_error=item.hints.unresolved)
        if not item.hints.fetch_page:
            return job  # the entry's own text is the story (a Telegram post)
        if item.url is None:
            return dataclasses.replace(job, fetch_error="entry has no link: stored from the feed's content")
        if (
            self.settings.http.respect_robots and feed.robots
            and not await robots_allowed(fetcher, entry.link or item.url, self.settings.http.user_agent)
        ):
            return dataclasses.replace(job, fetch_error="disallowed by robots.txt")
        try:
            with self.timed("fetch"):
                page = await fetcher.get(entry.link or item.url, guard=True)
            outcome.pages_fetched += 1
            item.capture = self.evidence.capture(entry.link or item.url, page)
            raise_for_status(page)
        except FetchError as exc:
            return dataclasses.replace(job, fetch_error=str(exc))
        return dataclasses.replace(job, body=page.body, content_type=page.content_type, charset=page.charset,
                                   body_cut_at=self.settings.http.max_bytes if page.truncated else None)

    async def _run_analysis(self, job: PageJob) -> Analysis:
        """Analyse in the pool. A page that kills its worker twice is analysed from the feed's copy."""
        for attempt in (1, 2, 3):
            executor = self.pool.executor
            try:
                return await asyncio.wrap_future(self.pool.submit_page(job))
            except BrokenProcessPool:
                self.pool.restart(executor)
                if attempt == 2 and job.body is not None:
                    # Once may be another page's fault; twice, suspect this one.
                    job = dataclasses.replace(job, body=None, fetch_error="the page crashed the analysis worker")
        raise ExtractionError("the analysis workers keep dying")

    def _store(self, feed: Feed, item: _Pending, outcome: FeedOutcome) -> None:
        """Store one analysed story (one transaction) and count it in the outcome."""
        analysis = item.analysis
        assert analysis is not None
        try:
            story_id = self.stories.story_of(analysis.content_hash, analysis.simhash, analysis.shingles, analysis.text)
            article = _article(feed, item, analysis, story_id=story_id)
            with self.timed("store"):
                article_id = self.store.save_article(
                    article,
                    entry=item.entry,
                    shingles=shingles_to_bytes(analysis.shingles) if analysis.shingles is not None else None,
                )
        except DatabaseBusyError:
            raise
        except StorageError as exc:
            # e.g. the same URL stored by another process meanwhile: keep going.
            outcome.article_errors.append(f"{item.url}: {exc}")
            outcome.unstored += 1
            log.warning("article not stored", extra={"url": item.url, "error": str(exc)})
            return
        if analysis.simhash is not None:
            self.stories.add(story_id or article_id, article_id, analysis.simhash, analysis.shingles)
        if item.url and item.url in self._in_flight and not self._in_flight[item.url].done():
            self._in_flight[item.url].set_result(article_id)
        verdict = analysis.findings.verdict
        outcome.stored += 1
        outcome.flagged += verdict.flagged
        outcome.related += verdict.related
        self.evidence.keep(article_id, item.capture)
        if analysis.error:
            outcome.article_errors.append(f"{item.url or item.entry.title!r}: {analysis.error}")
        self.progress(Progress("article_stored", feed.name, title=article.title, flagged=verdict.flagged))


def _article(feed: Feed, item: _Pending, analysis: Analysis, *, story_id: int | None) -> Article:
    entry = item.entry
    published = entry.published_at
    if published is None and analysis.published:
        try:
            published = datetime.fromisoformat(analysis.published).replace(tzinfo=UTC)
        except ValueError:
            published = None
    now = utc_now()
    findings = analysis.findings
    return Article(
        url=item.url,
        feed_id=feed.id,
        guid=entry.guid,
        title=analysis.title or entry.title,
        author=analysis.author,
        site_name=analysis.site_name,
        published_at=format_time(published) if published else None,
        discovered_at=now,
        text=analysis.text,
        summary=analysis.summary,
        source=analysis.source,
        fetch_error=analysis.error,
        content_hash=analysis.content_hash,
        simhash=analysis.simhash,
        story_id=story_id,
        classified_at=now,
        findings=dataclasses.replace(findings, lang=findings.lang or item.hints.lang or feed.lang),
        truncated=analysis.truncated,
    )


def poll_once(
    settings: Settings, store: Store, *, feeds: Sequence[Feed] | None = None,
    progress: ProgressCallback | None = None,
) -> PollReport:
    """Poll every active feed (or ``feeds``) once: the ``monitor poll`` use case."""
    with Pipeline(settings, store, progress=progress) as pipeline:
        return asyncio.run(pipeline.poll(feeds))


