"""``monitor run``: poll every feed when it is due, until SIGTERM or SIGINT.

How it runs:

* One process per database (``monitor.service.lock``), one ``Pipeline`` (its worker pool warmed up
  before the event loop starts), one ``Fetcher`` shared by every poll, so the ``[http]``
  limits hold across concurrent feed jobs and their article pages.
* APScheduler's ``AsyncIOScheduler`` runs in the pipeline's event loop. Its ``feeds`` job
  ticks every ``[schedule] tick`` seconds (missed ticks coalesce into one) and starts a poll
  for each active feed that is due. *When* a feed is due lives in the database
  (``feeds.next_check_at``, written by the pipeline from ``monitor.service.scheduling``; NULL means
  due at once), so a restart resumes the schedule, feeds added with ``monitor feeds add``
  while the daemon runs are picked up at the next tick, and a feed overdue by a day is
  polled once, not once per missed interval. A feed already being polled is skipped: one
  run per feed at a time.
* The daemon owns its jobs: the feeds job above, and the cron jobs the settings ask for
  (``monitor.models.StoreJob``): the digest and its retry sweep (``digest_jobs``; a digest
  without recipients is reported once at start-up and not scheduled), evidence retention and
  Save Page Now (``evidence.jobs``), scheduled watchlists and the alert retry sweep
  (``alert_jobs``). Each runs through :meth:`Daemon.run_job` on a connection of its own. A job that fails the same way
  again is logged once, not at every run (a configuration problem would otherwise be
  logged every minute); it is logged again when the error changes, and its recovery is logged.
* The instance lock is taken once, by :meth:`run`, before the database is opened.
* Nothing a feed does stops the daemon: an exception in a poll is logged, recorded as the
  feed's error with the usual backoff, and the daemon goes on; a locked database is logged
  and retried at the next tick.
* Graceful stop: the first SIGTERM/SIGINT stops new work; polls in flight get half of
  ``[schedule] stop_timeout`` to finish, then are cancelled. Each article is stored in its
  own transaction by synchronous code the cancellation cannot enter, so an article is
  either committed whole or not at all; a cancelled poll leaves its remaining entries, and
  its feed's ``next_check_at``, as they were, so the next run picks them up. A second
  signal cancels at once.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from monitor import __version__
from monitor.errors import ConfigError, DatabaseBusyError, MonitorError, StorageError
from monitor.ingest.fetcher import Fetcher
from monitor.models import Feed, FeedOutcome
from monitor.service.lock import InstanceLock
from monitor.store import Store, parse_time, utc_now
from monitor.usecases.poll import Pipeline

if TYPE_CHECKING:
    from monitor.app import App

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
# Shares of [schedule] stop_timeout: polls in flight may finish, then cancelled ones unwind;
# the rest is left for closing the HTTP client and the worker pool.
FINISH_SHARE = 0.5
CANCEL_SHARE = 0.2


@dataclass(frozen=True)
class CronJob:
    name: str
    func: Callable[[], Any]
    trigger: CronTrigger


class Daemon:
    """The long-running poller. ``App(settings).daemon().run()`` blocks until a stop signal."""

    def __init__(self, app: App) -> None:
        """Built by ``App.daemon()``: the app opens the daemon's connection (migrated, configured
        feeds synced), one per job in a worker thread (an SQLite connection belongs to one
        thread), and builds the pipeline."""
        self.app = app
        self.settings = app.settings
        self._cron_jobs: list[CronJob] = []
        # The last error each job logged, so a job failing the same way every minute logs it once.
        self._job_errors: dict[str, str] = {}
        self._running: dict[int, asyncio.Task[None]] = {}
        # Feeds whose next check could not be written (database busy): not before this
        # monotonic time, so a locked database never turns into polling a feed every tick.
        self._not_before: dict[int, float] = {}
        self._stop_reason: str | None = None
        self._hurry = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_event: asyncio.Event | None = None
        self._hurry_event: asyncio.Event | None = None

    # ------------------------------------------------------------------ hooks
    def add_cron_job(self, name: str, func: Callable[[], Any], cron: str, timezone: str) -> None:
        """Run ``func()`` on a crontab schedule (``"0 7 * * *"``) in ``timezone`` (an IANA name).

        E.g. ``daemon.add_cron_job("digest", job, settings.digest.schedule, settings.digest.timezone)``
        (see :meth:`_add_store_jobs`). A coroutine function runs in the daemon's event loop; a plain function runs in a
        worker thread and must open its own ``Store`` (an SQLite connection belongs to one
        thread). Missed runs (the daemon was down, the machine slept) coalesce into one run
        if less than an hour late; one run of a job at a time; exceptions are logged and the
        daemon goes on. Call before :meth:`run`.
        """
        try:
            zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(f"job {name!r}: unknown timezone {timezone!r}; use an IANA name like 'Asia/Phnom_Penh'") from exc
        try:
            trigger = CronTrigger.from_crontab(cron, timezone=zone)
        except ValueError as exc:
            raise ConfigError(f"job {name!r}: bad cron schedule {cron!r}: {exc}; use 5 fields like '0 7 * * *'") from exc
        self._cron_jobs.append(CronJob(name=name, func=func, trigger=trigger))

    def _add_store_jobs(self) -> None:
        """The digest, evidence and alert jobs the settings ask for, each run by :meth:`run_job`.

        A missing secret (SMTP password, channel token) raises ``ConfigError`` here: exit 2 before the lock.
        """
        from monitor.delivery.alerts import alert_jobs
        from monitor.delivery.digest import digest_jobs
        from monitor.evidence.jobs import daemon_jobs as evidence_jobs

        for job in (*digest_jobs(self.settings), *evidence_jobs(self.settings), *alert_jobs(self.settings)):
            self.add_cron_job(job.name, functools.partial(self.run_job, job.name, job.work), job.cron, job.timezone)

    def run_job(self, name: str, work: Callable[[Store], Any]) -> None:
        """Run ``work`` on a connection of its own (APScheduler runs plain jobs in worker threads).

        Never raises. The use case logs its own outcomes (a failed delivery, once per attempt);
        here an error that stops the job is logged the first time, not again while it repeats.
        A bug (not a ``MonitorError``) is logged the same way, with its traceback.
        """
        try:
            with self.app.store() as store:
                work(store)
        except Exception as exc:  # a job runs every minute: a repeating failure must not flood the log
            error = f"{type(exc).__name__}: {exc}"
            if self._job_errors.get(name) != error:
                log.error("job failed; logged again only when the error changes", exc_info=not isinstance(exc, MonitorError),
                          extra={"job": name, "error": error})
            self._job_errors[name] = error
            return
        if self._job_errors.pop(name, None) is not None:
            log.info("job recovered", extra={"job": name})

    # ------------------------------------------------------------------ running
    def run(self) -> None:
        """Take the database lock, start the pipeline, poll until SIGTERM/SIGINT, stop cleanly.

        Raises ``ConfigError`` before anything is touched when the digest cannot be scheduled,
        and ``AlreadyRunningError`` at once when another daemon holds the database.
        """
        db_path = Path(self.settings.storage.path)
        self._add_store_jobs()
        # Flag-only handlers from the very start: a signal during start-up (the worker pool
        # warming up) still ends in a clean stop. Forked workers inherit them and so leave
        # a Ctrl-C to the main process, which shuts them down in order.
        previous = {sig: signal.signal(sig, self._on_signal) for sig in STOP_SIGNALS}
        try:
            with InstanceLock(db_path):
                with self.app.synced_store() as store, self.app.pipeline(store) as pipeline:
                    try:
                        asyncio.run(self._main(pipeline, store))
                    finally:
                        self._loop = self._stop_event = self._hurry_event = None
                    # The loop's handlers are gone with it; keep flag-only ones while
                    # the worker pool shuts down.
                    for sig in STOP_SIGNALS:
                        signal.signal(sig, self._on_signal)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        # Before the loop runs: only set the flag (logging is not signal-safe).
        self._stop(signal.Signals(signum).name)

    def _stop(self, reason: str) -> None:
        if self._stop_reason is None:
            self._stop_reason = reason
            if self._loop is not None:
                log.info("stop requested", extra={"reason": reason})
        else:
            self._hurry = True
        if self._stop_event is not None:
            self._stop_event.set()
            if self._hurry and self._hurry_event is not None:
                self._hurry_event.set()

    async def _main(self, pipeline: Pipeline, store: Store) -> None:
        loop = asyncio.get_running_loop()
        self._loop = loop
        self._stop_event, self._hurry_event = asyncio.Event(), asyncio.Event()
        if self._stop_reason:
            self._stop_event.set()
        for sig in STOP_SIGNALS:
            loop.add_signal_handler(sig, self._stop, signal.Signals(sig).name)
        schedule = self.settings.schedule
        scheduler = AsyncIOScheduler(event_loop=loop, timezone=UTC)
        async with Fetcher(self.settings.http) as fetcher:
            scheduler.add_job(
                self._tick, IntervalTrigger(seconds=schedule.tick, timezone=UTC), args=(pipeline, fetcher, store),
                id="feeds", name="feeds", next_run_time=datetime.now(UTC),
                coalesce=True, max_instances=1, misfire_grace_time=None,
            )
            for job in self._cron_jobs:
                scheduler.add_job(job.func, job.trigger, id=job.name, name=job.name,
                                  coalesce=True, max_instances=1, misfire_grace_time=3600)
            scheduler.start()
            log.info(
                "daemon started",
                extra={"path": str(store.path), "version": __version__, "feeds": len(self.settings.feeds),
                       "tick": schedule.tick, "jobs": ",".join(j.name for j in self._cron_jobs) or None},
            )
            await self._stop_event.wait()
            stop_started = time.monotonic()
            scheduler.pause()  # no new runs; a tick submitted just now returns at once
            await asyncio.sleep(0)
            await self._drain(stop_started)
            # Cancels async jobs still running (a digest mid-send), which APScheduler logs.
            scheduler.shutdown(wait=False)
            await self._cancel_the_rest()
        log.info("daemon stopped", extra={"reason": self._stop_reason,
                                          "duration_ms": int((time.monotonic() - stop_started) * 1000)})

    async def _drain(self, stop_started: float) -> None:
        timeout = self.settings.schedule.stop_timeout
        running = list(self._running.values())
        if running and not self._hurry:
            log.info("stopping: letting feed polls in flight finish", extra={"feeds": len(running)})
            polls = asyncio.gather(*running, return_exceptions=True)
            hurry = asyncio.ensure_future(self._hurry_event.wait())  # type: ignore[union-attr]
            await asyncio.wait([polls, hurry], timeout=max(0.0, stop_started + timeout * FINISH_SHARE - time.monotonic()),
                               return_when=asyncio.FIRST_COMPLETED)
            hurry.cancel()
        polls_left = [task for task in self._running.values() if not task.done()]
        if polls_left:
            log.warning("stopping: cancelling feed polls still running; their remaining entries wait for the next run",
                        extra={"feeds": len(polls_left)})
            for task in polls_left:
                task.cancel()
            await asyncio.wait(polls_left, timeout=timeout * CANCEL_SHARE)

    async def _cancel_the_rest(self) -> None:
        """Cancel what is left (a cancelled poll's article tasks, async jobs) before the Fetcher closes."""
        current = asyncio.current_task()
        left = [task for task in asyncio.all_tasks() if task is not current and not task.done()]
        for task in left:
            task.cancel()
        if left:
            await asyncio.wait(left, timeout=self.settings.schedule.stop_timeout * CANCEL_SHARE)

    # ------------------------------------------------------------------ the feeds job
    async def _tick(self, pipeline: Pipeline, fetcher: Fetcher, store: Store) -> None:
        """Start a poll for every due feed that is not being polled already."""
        if self._stop_reason:
            return
        try:
            feeds = store.feeds(active_only=True)
        except DatabaseBusyError as exc:
            log.warning("database busy; looking for due feeds again at the next tick", extra={"error": str(exc)})
            return
        except StorageError as exc:
            log.error("cannot read the feed list; trying again at the next tick", extra={"error": str(exc)})
            return
        now, clock = datetime.now(UTC), time.monotonic()
        for feed in feeds:
            feed_id = feed.id
            if feed_id in self._running or self._not_before.get(feed_id, 0.0) > clock:
                continue
            due_at = parse_time(feed.next_check_at)
            if due_at is not None and due_at > now:
                continue
            self._not_before.pop(feed_id, None)
            task = asyncio.create_task(self._poll(pipeline, fetcher, store, feed), name=f"feed-{feed_id}")
            self._running[feed_id] = task
            task.add_done_callback(self._forget_task)

    def _forget_task(self, task: asyncio.Task[None]) -> None:
        feed_id = next((key for key, running in self._running.items() if running is task), None)
        if feed_id is not None:
            self._running.pop(feed_id, None)

    async def _poll(self, pipeline: Pipeline, fetcher: Fetcher, store: Store, feed: Feed) -> None:
        try:
            await pipeline.poll_feed(fetcher, feed)
        except asyncio.CancelledError:
            log.info("feed poll interrupted by the stop", extra={"feed": feed.name, "url": feed.url})
            raise
        except Exception as exc:  # a bug or unforeseen input in one feed must not stop the others
            log.error("feed job failed", exc_info=True,
                      extra={"feed": feed.name, "url": feed.url, "error": f"{type(exc).__name__}: {exc}"})
            self._record_failure(store, feed, exc)
            return
        self._check_scheduled(store, feed)

    def _record_failure(self, store: Store, feed: Feed, exc: Exception) -> None:
        """Record an unexpected failure like a fetch error, so the feed backs off and shows in status."""
        outcome = FeedOutcome.for_feed(feed, started_at=utc_now(), error=f"internal error: {type(exc).__name__}: {exc}")
        failed = dataclasses.replace(feed)
        failed.record_poll(outcome, self.settings.schedule, datetime.now(UTC))
        try:
            store.record_poll(failed, outcome)
        except StorageError as store_exc:
            log.error("could not record the failure", extra={"feed": feed.name, "error": str(store_exc)})
            self._hold_back(feed, failed.next_check_at)

    def _check_scheduled(self, store: Store, feed: Feed) -> None:
        """When the pipeline could not write the next check (database busy), hold the feed back here.

        ``feed`` is the record as it was before the poll.
        """
        try:
            stored = store.feed(feed.id)
        except StorageError:
            stored = None
        # Every recorded poll of an active feed moves next_check_at forward; unchanged means not recorded.
        if stored is None or (stored.active and stored.next_check_at == feed.next_check_at):
            self._hold_back(feed, self._error_plan(feed))

    def _error_plan(self, feed: Feed) -> str | None:
        failed = FeedOutcome.for_feed(feed, error="not recorded")
        return feed.next_check(failed, self.settings.schedule, datetime.now(UTC)).next_check_at

    def _hold_back(self, feed: Feed, next_check_at: str | None) -> None:
        due_at = parse_time(next_check_at)
        wait = (due_at - datetime.now(UTC)).total_seconds() if due_at else self.settings.schedule.default_interval
        self._not_before[feed.id] = time.monotonic() + max(wait, self.settings.schedule.tick)
        log.warning("next check kept in memory until the database accepts it",
                    extra={"feed": feed.name, "next_check_at": next_check_at})
