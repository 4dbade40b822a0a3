"""The ingestion orchestrator: fetcher → parser → dedup → analysis → storage.

Analysis (``monitor/analysis.py``) runs the CPU-bound stages in worker processes:
extractor → language → classifier (with its compiled rules) → facts → entities.
One ``Pipeline`` serves the one-shot ``monitor poll``, the daemon, the demo and
``reclassify``. Stages never call each other: this module passes each stage's output to
the next, and is the only one that talks to both the stages and the store. The daemon
schedules: it reads when feeds are due and calls ``poll_feed`` with one shared fetcher.
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
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from monitor.analysis.entities import resolve_model
from monitor.analysis.rules import load_rules
from monitor.analysis.stories import StoryWindow, same_shingles, shingles, shingles_from_bytes, shingles_to_bytes
from monitor.analysis.worker import Analysis, AnalysisPool, PageJob, without_fork
from monitor.errors import (
    DatabaseBusyError,
    ExtractionError,
    FeedParseError,
    FetchError,
    ModelUnavailableError,
    StorageError,
)
from monitor.ingest.fetcher import FEED_ACCEPT, Fetcher, FetchResult, feed_body_hash
from monitor.ingest.parser import FeedEntry, ParsedFeed, parse_feed
from monitor.ingest.robots import allowed as robots_allowed
from monitor.ingest.urls import canonical_url
from monitor.service.scheduling import FeedOutcome, plan_next_check
from monitor.settings import Settings
from monitor.store import Store, format_time, utc_now

log = logging.getLogger(__name__)

ProgressCallback = Callable[[str, dict[str, Any]], None]
STORY_WINDOW_DAYS = 14  # copies of one story appear within days of each other
SHINGLE_CACHE_SIZE = 2048  # stories' shingles kept for near-duplicate checks (~4 KB each)


@dataclass
class FeedReport:
    feed_id: int
    name: str
    url: str
    status: int | None = None
    not_modified: bool = False
    entries: int = 0
    new_items: int = 0
    stored: int = 0
    flagged: int = 0
    related: int = 0
    pages_fetched: int = 0
    bytes: int = 0
    error: str | None = None
    warning: str | None = None
    retry_after: float | None = None
    ttl_minutes: int | None = None
    cache_seconds: float | None = None  # Cache-Control max-age / Expires
    moved_to: str | None = None  # permanent redirect target
    gone: bool = False  # 410
    entry_times: list[datetime] = field(default_factory=list)  # publication times, for the adaptive interval
    article_errors: list[str] = field(default_factory=list)
    unstored: int = 0  # new stories that could not be stored (retried next time)


@dataclass
class PollReport:
    feeds: list[FeedReport]
    seconds: float
    # Time per stage, summed over feeds and articles (worker stages: wall time inside the workers).
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def total(self, name: str) -> int:
        return sum(getattr(feed, name) for feed in self.feeds)

    @property
    def failed(self) -> list[FeedReport]:
        return [feed for feed in self.feeds if feed.error]


@dataclass
class _Pending:
    """A new entry waiting for its page, analysis and storage."""

    entry: FeedEntry
    url: str | None  # canonical
    analysis: Analysis | None = None


def worker_count(configured: int) -> int:
    return configured or max(1, os.cpu_count() or 1)


def pages_in_flight(settings: Settings, workers: int) -> int:
    """Pages fetched or being analysed at once: enough to keep every request slot and every
    worker busy (fetchpath: issue 18 d, ``[extract] pages_in_flight``)."""
    return settings.extract.pages_in_flight or settings.http.concurrency + 2 * workers


class Pipeline:
    """Shared by every use case. Open with ``with Pipeline(...)``; poll with ``await``."""

    def __init__(self, settings: Settings, store: Store, *, progress: ProgressCallback | None = None) -> None:
        self.settings = settings
        self.store = store
        self.progress = progress or (lambda event, data: None)
        # Validate the rules here, in the main process, so a bad file fails at start-up.
        self.rules = load_rules(settings.rules.path)
        self.pool = AnalysisPool(self.rules, settings.extract, settings.ner, worker_count(settings.extract.workers))
        self._in_flight: dict[str, asyncio.Future[int | None]] = {}
        self._window = StoryWindow(cache_size=SHINGLE_CACHE_SIZE)
        self._window_read_at: float | None = None
        self.stage_seconds: dict[str, float] = {}
        self._slots: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None  # fetchpath: issue 18 d

    def __enter__(self) -> Pipeline:
        # fetchpath (issue 18): no pool.warm_up() here; the workers start with the first page.
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
    async def poll(self, feeds: Sequence[dict[str, Any]] | None = None) -> PollReport:
        """Poll the given feed rows (default: every active feed) once, concurrently."""
        started = time.monotonic()
        stages_before = dict(self.stage_seconds)
        if feeds is None:
            feeds = self.store.feeds(active_only=True)
        async with Fetcher(self.settings.http) as fetcher:
            results = await asyncio.gather(*(self.poll_feed(fetcher, feed) for feed in feeds), return_exceptions=True)
        reports = []
        for feed, result in zip(feeds, results, strict=True):
            if isinstance(result, BaseException):
                if not isinstance(result, Exception):
                    raise result  # KeyboardInterrupt, cancellation: stop
                log.error("feed poll failed", extra={"feed": feed["name"], "error": repr(result)})
                result = FeedReport(feed_id=feed["id"], name=feed["name"], url=feed["url"], error=f"internal error: {result!r}")
            reports.append(result)
        stages = {stage: seconds - stages_before.get(stage, 0.0) for stage, seconds in self.stage_seconds.items()}
        return PollReport(feeds=list(reports), seconds=time.monotonic() - started, stage_seconds=stages)

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + time.perf_counter() - started

    async def poll_feed(self, fetcher: Fetcher, feed: dict[str, Any]) -> FeedReport:
        """Fetch one feed, store its new stories, and record the fetch. Never raises for bad input."""
        report = FeedReport(feed_id=feed["id"], name=feed["name"], url=feed["url"])
        started_at = utc_now()
        feed_update: dict[str, Any] = {"last_checked_at": started_at}
        result: FetchResult | None = None
        self.progress("feed_start", {"feed": feed["name"]})
        try:
            with self.timed("fetch"):
                result = await fetcher.get(
                    feed["url"], etag=feed.get("etag"), last_modified=feed.get("last_modified"), accept=FEED_ACCEPT
                )
            report.status = result.status
            report.bytes = len(result.body)
            report.retry_after = result.retry_after
            report.cache_seconds = result.freshness_seconds
            feed_update["last_status"] = result.status
            if result.permanent_redirect and result.status < 400:
                report.moved_to = result.permanent_redirect
            if result.status == 410:
                report.gone = True
            # fetchpath (issue 18): a body identical to the last one processed is "not modified"
            # even when the server changed its ETag / Last-Modified (many do on every request).
            body_hash = feed_body_hash(result.body) if result.status == 200 else None
            if result.not_modified or (body_hash is not None and body_hash == feed.get("body_hash")):
                report.not_modified = True
            else:
                result.raise_for_status()
                with self.timed("parse"):
                    # fetchpath: without_fork, as lxml in this thread must not be forked mid-call
                    parsed = await asyncio.to_thread(without_fork, parse_feed, result.body, result.headers, result.url)
                if result.truncated:
                    parsed.warning = _join(parsed.warning, f"feed cut at [http] max_bytes = {self.settings.http.max_bytes}")
                report.warning = parsed.warning
                report.ttl_minutes = parsed.ttl_minutes
                report.entries = len(parsed.entries)
                report.entry_times = [e.published_at for e in parsed.entries if e.published_at]
                feed_update.update(title=parsed.title, site_url=parsed.site_url)
                await self._store_entries(fetcher, feed, parsed, report)
            feed_update.update(last_success_at=utc_now(), last_error=None)
            if not report.unstored:
                # Only when every new story is stored: else the next poll must see the feed again.
                feed_update.update(
                    etag=result.headers.get("etag") or feed.get("etag"),
                    last_modified=result.headers.get("last-modified") or feed.get("last_modified"),
                    body_hash=body_hash or feed.get("body_hash"),  # fetchpath: issue 18 (M006)
                )
        except (FetchError, FeedParseError) as exc:
            report.error = str(exc)
        except DatabaseBusyError as exc:
            report.error = f"{exc}; the entries not stored will be retried on the next poll"
        except StorageError as exc:
            report.error = f"{exc}; the entries not stored will be retried on the next poll"
        if report.error:
            if result is not None and result.truncated and "HTTP" not in report.error:
                report.error += f" (body cut at [http] max_bytes = {self.settings.http.max_bytes})"
            feed_update.update(last_error=report.error, last_error_at=utc_now())
            log.warning("feed failed", extra={"feed": feed["name"], "url": feed["url"], "error": report.error})
        if report.gone:
            feed_update.update(active=0, deactivated_reason=f"410 Gone at {utc_now()}: the publisher removed the feed")
        outcome = FeedOutcome(
            ok=report.error is None, status=report.status, new_items=report.stored, not_modified=report.not_modified,
            retry_after=report.retry_after, ttl_minutes=report.ttl_minutes, cache_seconds=report.cache_seconds,
            gone=report.gone, entry_times=tuple(report.entry_times),
        )
        feed_update.update(plan_next_check(feed, outcome, self.settings.schedule, datetime.now(UTC)))
        fetch_row = {
            "url": feed["url"],
            "started_at": started_at,
            "status": report.status,
            "bytes": report.bytes,
            "duration_ms": result.duration_ms if result else None,
            "not_modified": int(report.not_modified),
            "entries": report.entries,
            "new_items": report.stored,
            "error": report.error,
            "warning": _join(report.warning, "; ".join(report.article_errors[:5]) or None),
        }
        try:
            self.store.record_fetch(feed["id"], fetch_row, feed_update)
            if report.moved_to and report.moved_to != feed["url"]:
                if self.store.move_feed(feed["id"], report.moved_to):
                    log.info("feed moved permanently", extra={"feed": feed["name"], "url": report.moved_to})
        except StorageError as exc:
            log.error("could not record fetch", extra={"feed": feed["name"], "error": str(exc)})
        log.info(
            "feed polled",
            extra={
                "feed": feed["name"], "url": feed["url"], "status": report.status,
                "new_items": report.stored, "duration_ms": fetch_row["duration_ms"], "error": report.error,
            },
        )
        self.progress("feed_done", {"feed": feed["name"], "report": report})
        return report

    async def _store_entries(self, fetcher: Fetcher, feed: dict[str, Any], parsed: ParsedFeed, report: FeedReport) -> None:
        known = self.store.known_entry_keys(feed["id"], [entry.key for entry in parsed.entries])
        pending: list[_Pending] = []
        seen_keys: set[str] = set()
        for entry in parsed.entries:
            if entry.key in known or entry.key in seen_keys:
                continue
            seen_keys.add(entry.key)
            url = canonical_url(entry.link) if entry.link else None
            pending.append(_Pending(entry=entry, url=url))
        report.new_items = len(pending)
        if not pending:
            return
        # A story stored already (from any feed) is linked, never fetched again. One that
        # another feed is fetching right now is linked once that feed is done with it; this
        # feed waits for it only after releasing its own claims, so feeds never wait on each
        # other in a circle. Check and claim happen with no await in between.
        loop = asyncio.get_running_loop()
        fresh: list[_Pending] = []
        claimed: list[str] = []
        later: list[tuple[_Pending, asyncio.Future[int | None] | None]] = []
        try:
            for item in pending:
                if item.url is None:
                    fresh.append(item)
                elif item.url in claimed:  # the same story twice in this feed
                    later.append((item, None))
                elif item.url in self._in_flight:  # being fetched for another feed
                    later.append((item, self._in_flight[item.url]))
                elif (article_id := self.store.article_ids_by_url([item.url]).get(item.url)) is not None:
                    self.store.link_entry(feed["id"], item.entry.key, article_id, item.entry.link)
                else:
                    self._in_flight[item.url] = loop.create_future()
                    claimed.append(item.url)
                    fresh.append(item)
            await self._process(fetcher, feed, fresh, report)
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
                self.store.link_entry(feed["id"], item.entry.key, article_id, item.entry.link)
            # else: the other feed could not store it; the entry stays unseen and is retried.

    async def _process(self, fetcher: Fetcher, feed: dict[str, Any], items: list[_Pending], report: FeedReport) -> None:
        """Fetch and analyse concurrently; store each story as soon as it is ready."""
        tasks = [asyncio.ensure_future(self._analyze(fetcher, feed, item, report)) for item in items]
        try:
            for next_done in asyncio.as_completed(tasks):
                self._store(feed, await next_done, report)
        finally:
            for task in tasks:  # on a stop or a busy database, leave nothing running
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _analyze(self, fetcher: Fetcher, feed: dict[str, Any], item: _Pending, report: FeedReport) -> _Pending:
        # fetchpath (issue 18 d): backpressure. A page is fetched only when one of the bounded
        # slots is free, so bodies never pile up in this process while the workers are behind.
        async with self._page_slots():
            return await self._fetch_and_analyze(fetcher, feed, item, report)

    def _page_slots(self) -> asyncio.Semaphore:
        loop = asyncio.get_running_loop()
        if self._slots is None or self._slots[0] is not loop:  # asyncio primitives belong to one loop
            self._slots = (loop, asyncio.Semaphore(pages_in_flight(self.settings, self.pool.workers)))
        return self._slots[1]

    async def _fetch_and_analyze(self, fetcher: Fetcher, feed: dict[str, Any], item: _Pending, report: FeedReport) -> _Pending:
        entry = item.entry
        job_fields: dict[str, Any] = {
            "url": item.url,
            "body": None,
            "feed_title": entry.title,
            "feed_text": entry.content or entry.summary,
            "feed_author": entry.author,
        }
        if item.url is None:
            job_fields["fetch_error"] = "entry has no link: stored from the feed's content"
        elif (
            self.settings.http.respect_robots and feed.get("robots", 1)
            and not await robots_allowed(fetcher, entry.link or item.url, self.settings.http.user_agent)
        ):
            job_fields["fetch_error"] = "disallowed by robots.txt"
        else:
            try:
                with self.timed("fetch"):
                    page = await fetcher.get(entry.link or item.url, guard=True)
                report.pages_fetched += 1
                page.raise_for_status()
                job_fields.update(
                    body=page.body,
                    content_type=page.content_type,
                    charset=page.charset,
                    body_cut_at=self.settings.http.max_bytes if page.truncated else None,  # fetchpath: issue 12
                )
            except FetchError as exc:
                job_fields["fetch_error"] = str(exc)
        job = PageJob(**job_fields)
        try:
            item.analysis = await self._run_analysis(job)
        except Exception as exc:  # a bug or a hostile page must cost one page, not the feed
            log.exception("analysis failed", extra={"url": item.url})
            fallback = dataclasses.replace(job, body=None, fetch_error=f"analysis failed: {type(exc).__name__}: {exc}")
            item.analysis = await self._run_analysis(fallback)
        for stage, seconds in item.analysis.seconds.items():
            self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + seconds
        return item

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

    def _store(self, feed: dict[str, Any], item: _Pending, report: FeedReport) -> None:
        """Store one analysed story (one transaction) and count it in the report."""
        analysis = item.analysis
        assert analysis is not None
        try:
            row = _article_row(feed, item, analysis, story_id=self._story_of(analysis))
            with self.timed("store"):
                article_id = self.store.save_article(
                    row,
                    entry={"feed_id": feed["id"], "entry_key": item.entry.key, "link": item.entry.link},
                    matches=analysis.matches,
                    entities=analysis.entities or (),
                    facts=analysis.facts,
                    shingles=shingles_to_bytes(analysis.shingles) if analysis.shingles is not None else None,
                )
        except DatabaseBusyError:
            raise
        except StorageError as exc:
            # e.g. the same URL stored by another process meanwhile: keep going.
            report.article_errors.append(f"{item.url}: {exc}")
            report.unstored += 1
            log.warning("article not stored", extra={"url": item.url, "error": str(exc)})
            return
        if analysis.simhash is not None:
            self._story_window().add(row["story_id"] or article_id, article_id, analysis.simhash, analysis.shingles)
        if item.url and item.url in self._in_flight and not self._in_flight[item.url].done():
            self._in_flight[item.url].set_result(article_id)
        report.stored += 1
        report.flagged += row["flagged"]
        report.related += row["related"]
        if analysis.error:
            report.article_errors.append(f"{item.url or item.entry.title!r}: {analysis.error}")
        self.progress("article_stored", {"feed": feed["name"], "title": row["title"], "flagged": row["flagged"]})

    # ------------------------------------------------------------------ stories
    def _story_window(self) -> StoryWindow:
        """Recent articles' fingerprints, kept in memory; re-read hourly so the window slides."""
        if self._window_read_at is None or time.monotonic() - self._window_read_at > 3600:
            since = format_time(datetime.now(UTC) - timedelta(days=STORY_WINDOW_DAYS))
            self._window.reset(self.store.recent_fingerprints(since))
            self._window_read_at = time.monotonic()
        return self._window

    def _story_of(self, analysis: Analysis) -> int | None:
        """The story this article is a copy of: an identical text, else a near-duplicate."""
        story = self.store.story_of_content(analysis.content_hash)
        if story is not None or analysis.simhash is None:
            return story
        window = self._story_window()
        mine = analysis.shingles
        for story_id, article_id in window.candidates(analysis.simhash):
            if mine is None:
                mine = shingles(analysis.text)
            theirs = window.cached_shingles(article_id)
            if theirs is None:  # stored before this process started, or long ago
                blob = self.store.article_shingles(article_id)
                theirs = shingles_from_bytes(blob) if blob is not None else shingles(self.store.article_text(article_id))
                window.remember(article_id, theirs)
            if same_shingles(mine, theirs):
                return story_id
        return None


def _article_row(feed: dict[str, Any], item: _Pending, analysis: Analysis, *, story_id: int | None) -> dict[str, Any]:
    entry = item.entry
    published = entry.published_at
    if published is None and analysis.published:
        try:
            published = datetime.fromisoformat(analysis.published).replace(tzinfo=UTC)
        except ValueError:
            published = None
    now = utc_now()
    return {
        "url": item.url,
        "feed_id": feed["id"],
        "guid": entry.guid,
        "title": analysis.title or entry.title,
        "author": analysis.author,
        "site_name": analysis.site_name,
        "published_at": format_time(published) if published else None,
        "discovered_at": now,
        "lang": analysis.lang or feed.get("lang"),
        "text": analysis.text,
        "summary": analysis.summary,
        "source": analysis.source,
        "fetch_error": analysis.error,
        "content_hash": analysis.content_hash,
        "simhash": analysis.simhash,
        "story_id": story_id,
        "classified_at": now,
        "ner_status": analysis.ner_status,
        "truncated": analysis.truncated,  # fetchpath: issue 12 (M005)
        **analysis.verdict,
    }


def _join(first: str | None, second: str | None) -> str | None:
    return "; ".join(part for part in (first, second) if part) or None


def poll_once(
    settings: Settings, store: Store, *, feeds: Sequence[dict[str, Any]] | None = None,
    progress: ProgressCallback | None = None,
) -> PollReport:
    """Poll every active feed (or ``feeds``) once: the ``monitor poll`` use case."""
    with Pipeline(settings, store, progress=progress) as pipeline:
        return asyncio.run(pipeline.poll(feeds))


def open_store(settings: Settings) -> Store:
    """Open the configured database and make the configured feeds exist in it."""
    store = Store.open(Path(settings.storage.path), busy_timeout=settings.storage.busy_timeout)
    store.sync_feeds(feed.model_dump() for feed in settings.feeds)
    return store
