"""The alert use cases: claim new stories per watchlist, record, send, retry; the poll hook and daemon jobs."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from monitor.backoff import doubling_backoff
from monitor.delivery.alerts.channels import ChannelError, check_secrets, edit, email_key, redacted, send
from monitor.delivery.alerts.stories import AlertStory, alert_stories, sample_story, select
from monitor.errors import ConfigError, DeliveryError, MonitorError
from monitor.models import StoreJob
from monitor.settings import AlertSettings, Settings
from monitor.store import Store, format_time, parse_time
from monitor.store.alerts import AlertLedger, Delivery, WatchlistCounts

log = logging.getLogger(__name__)

MIN_LEASE = timedelta(minutes=2)
RETRY_CRON = "* * * * *"  # the daemon's sweep for alerts due a retry (one indexed query)
T = TypeVar("T")


@dataclass
class AlertAttempt:
    delivery_id: int
    watchlist: str
    stories: int
    state: str  # "sent" | "failed" | "busy" (another process holds it)
    error: str | None = None
    retry_at: datetime | None = None

    def describe(self) -> str:
        if self.state == "sent":
            return f"alert {self.delivery_id} ({self.watchlist}) sent: {self.stories} stor{'y' if self.stories == 1 else 'ies'}"
        if self.state == "failed":
            when = f"; retry after {format_time(self.retry_at)}" if self.retry_at else ""
            return f"alert {self.delivery_id} ({self.watchlist}) NOT delivered: {self.error}{when}"
        return f"alert {self.delivery_id} ({self.watchlist}) is being sent by another process"


@dataclass
class AlertRun:
    """What one pass did."""

    claimed: int = 0  # deliveries recorded in this pass
    updated: int = 0  # sent messages edited to show later copies
    attempts: list[AlertAttempt] = field(default_factory=list)

    @property
    def failed(self) -> list[AlertAttempt]:
        return [attempt for attempt in self.attempts if attempt.state == "failed"]

    @property
    def sent(self) -> list[AlertAttempt]:
        return [attempt for attempt in self.attempts if attempt.state == "sent"]


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)


def _active(settings: Settings) -> list[AlertSettings]:
    return [alert for alert in settings.alerts if alert.enabled]


def send_alerts(
    settings: Settings, store: Store, *, now: datetime | None = None, scheduled: Sequence[str] = (),
) -> AlertRun:
    """One pass: claim new stories for the instant watchlists (and the ``scheduled`` ones), then send what is due.

    Due means new, or failed and past its backoff, or left ``sending`` by a process that died
    (past its lease). Never raises for a channel's failure: it is recorded and retried.
    """
    now = _now(now)
    active = _active(settings)
    if not active:
        return AlertRun()
    ledger = AlertLedger(store)
    ledger.register([alert.name for alert in active], now=format_time(now))
    run = AlertRun()
    for alert in active:
        if alert.instant or alert.name in scheduled:
            run.claimed += _claim(settings, ledger, alert, now)
    for delivery in ledger.due(format_time(now), [alert.name for alert in active]):
        owner = settings.alert(delivery.watchlist)
        assert owner is not None
        run.attempts.append(_attempt(settings, ledger, owner, delivery, now=now))
    for delivery in ledger.updates_due([alert.name for alert in active if alert.kind == "telegram"]):
        owner = settings.alert(delivery.watchlist)
        assert owner is not None
        run.updated += _update(settings, ledger, owner, delivery)
    return run


def _update(settings: Settings, ledger: AlertLedger, alert: AlertSettings, delivery: Delivery) -> int:
    """Edit a sent message to show the copies that arrived since (best effort: one try, then logged)."""
    order = ledger.item_ids(delivery.id)
    stories = alert_stories(settings, ledger, ledger.articles(order), order)
    try:
        if stories and delivery.channel_ref:
            edit(settings, alert, stories[0], message_ref=delivery.channel_ref, key=delivery.delivery_key)
    except (DeliveryError, ConfigError) as exc:
        log.warning("alert not updated with its later copies", extra={"watchlist": alert.name,
                                                                       "delivery_id": delivery.id, "error": str(exc)})
        ledger.mark_updated(delivery.id)
        return 0
    ledger.mark_updated(delivery.id)
    return 1


def _claim(settings: Settings, ledger: AlertLedger, alert: AlertSettings, now: datetime) -> int:
    """Record a delivery for each new wanted story (instant, HTTP digests) or per max_items stories (e-mail digests)."""
    created = 0
    with ledger.claiming():
        rows, newest = ledger.candidates(alert.name)
        groups = select(alert, ledger, rows)
        if alert.kind == "email" and not alert.instant:
            batches = [groups[start : start + alert.max_items] for start in range(0, len(groups), alert.max_items)]
        else:
            batches = [[group] for group in groups]
        for batch in batches:
            items = [(story.id, story.story) for group in batch for story in group]
            delivery = ledger.insert_delivery(
                watchlist=alert.name, kind=alert.kind, created_at=format_time(now), items=items,
                key=lambda number, uid: _key(settings, alert, number, uid),
            )
            created += 1
            log.info("alert recorded", extra={"watchlist": alert.name, "delivery_id": delivery.id,
                                              "stories": len(batch), "message_id": delivery.delivery_key})
        ledger.attach_copies(alert.name, newest)
        ledger.mark_seen(alert.name, newest)
    return created


def _key(settings: Settings, alert: AlertSettings, number: int, uid: str) -> str:
    if alert.kind == "email":
        return email_key(number, uid, settings)
    return f"alert-{number}.{uid}"


def _attempt(settings: Settings, ledger: AlertLedger, alert: AlertSettings, delivery: Delivery, *, now: datetime) -> AlertAttempt:
    order = ledger.item_ids(delivery.id)
    stories = alert_stories(settings, ledger, ledger.articles(order), order)
    attempt = AlertAttempt(delivery.id, alert.name, len(stories), "busy")
    lease = max(MIN_LEASE, timedelta(seconds=4 * settings.alerting.timeout))
    if not ledger.begin_attempt(delivery.id, now=format_time(now), lease_until=format_time(now + lease)):
        return attempt
    created = parse_time(delivery.created_at) or now
    try:
        if not stories:  # every story of it was deleted since: nothing left to say
            raise DeliveryError("its stories are no longer in the database")
        if alert.kind != "email" and len(stories) > 1:  # copies grouped since recording: one message
            stories = stories[:1]
        channel_ref = send(settings, alert, stories, key=delivery.delivery_key, created=created, number=delivery.id)
    except (DeliveryError, ConfigError) as exc:
        delay = doubling_backoff(delivery.attempts + 1, settings.alerting.retry_backoff, settings.alerting.max_backoff)
        if isinstance(exc, ChannelError) and exc.retry_after:
            delay = max(delay, exc.retry_after)
        retry_at = now + timedelta(seconds=delay)
        ledger.mark_failed(delivery.id, error=str(exc), retry_at=format_time(retry_at))
        attempt.state, attempt.error, attempt.retry_at = "failed", str(exc), retry_at
        log.warning("alert not delivered", extra={"watchlist": alert.name, "delivery_id": delivery.id,
                                                  "attempts": delivery.attempts + 1, "error": str(exc),
                                                  "retry_at": format_time(retry_at)})
        return attempt
    ledger.mark_sent(delivery.id, now=format_time(now), channel_ref=channel_ref)
    attempt.state = "sent"
    log.info("alert sent", extra={"watchlist": alert.name, "delivery_id": delivery.id, "stories": len(stories),
                                  "message_id": delivery.delivery_key})
    return attempt


# --------------------------------------------------------------------------- commands
def _watchlist(settings: Settings, name: str) -> AlertSettings:
    alert = settings.alert(name)
    if alert is None:
        known = ", ".join(a.name for a in settings.alerts) or "none configured"
        raise ConfigError(f"no [[alerts]] watchlist named {name!r} (configured: {known})", key="alerts.name")
    return alert


@dataclass(frozen=True)
class WatchlistStatus:
    name: str
    kind: str
    schedule: str
    target: str
    enabled: bool
    counts: WatchlistCounts | None
    waiting: list[Delivery]  # failed or still sending


def list_alerts(settings: Settings, store: Store) -> list[WatchlistStatus]:
    """Each configured watchlist with its delivery counts and what waits for a retry (``monitor alerts list``)."""
    ledger = AlertLedger(store)
    counts = {row.name: row for row in ledger.counts()}
    waiting = ledger.deliveries(states=("failed", "sending"), limit=1000)
    found = []
    for alert in settings.alerts:
        found.append(WatchlistStatus(
            name=alert.name, kind=alert.kind, schedule=schedule_of(settings, alert), target=target_of(alert),
            enabled=alert.enabled, counts=counts.get(alert.name),
            waiting=[d for d in reversed(waiting) if d.watchlist == alert.name],
        ))
    return found


def schedule_of(settings: Settings, alert: AlertSettings) -> str:
    return "instant" if alert.instant else (alert.schedule or settings.digest.schedule)


def target_of(alert: AlertSettings) -> str:
    if alert.kind == "email":
        return ", ".join(alert.to)
    if alert.kind == "telegram":
        return f"chat {alert.chat_id}"
    return redacted(alert.url) if alert.url else f"${alert.url_env}"


def send_test_alert(settings: Settings, name: str) -> str:
    """Send a sample story to the watchlist now (``monitor alerts test``); records nothing."""
    alert = _watchlist(settings, name)
    check_secrets(settings.model_copy(update={"alerts": [alert]}))
    now = _now(None)
    story: AlertStory = sample_story(settings)
    key = f"alert-test-{now:%Y%m%d%H%M%S}"
    if alert.kind == "email":
        key = f"<{key}@{email_key(0, 'test', settings).rpartition('@')[2]}"
    send(settings, alert, [story], key=key, created=now, number=None)
    return f"sample alert sent to {alert.name} ({alert.kind}, {target_of(alert)})"


def retry_alerts(settings: Settings, store: Store, name: str, *, now: datetime | None = None) -> AlertRun:
    """Send the watchlist's failed deliveries now, whatever their backoff (``monitor alerts retry``)."""
    alert = _watchlist(settings, name)
    now = _now(now)
    ledger = AlertLedger(store)
    ledger.retry_now(alert.name, now=format_time(now))
    run = AlertRun()
    for delivery in ledger.due(format_time(now), [alert.name]):
        run.attempts.append(_attempt(settings, ledger, alert, delivery, now=now))
    return run


def discard_alert(settings: Settings, store: Store, name: str, delivery_id: int) -> str:
    """Give up one undelivered delivery (``monitor alerts discard``); its stories are not sent again."""
    alert = _watchlist(settings, name)
    if not AlertLedger(store).discard(alert.name, delivery_id, now=format_time(_now(None))):
        raise ConfigError(f"{alert.name} has no undelivered alert {delivery_id}; see `monitor alerts list`")
    return f"alert {delivery_id} of {alert.name} discarded; its stories will not be sent to {alert.name} again"


def failing_deliveries(store: Store) -> list[dict[str, Any]]:
    """Alerts and digests that failed and wait for a retry, for ``monitor status`` (empty on an old database)."""
    try:
        return AlertLedger(store).failing()
    except MonitorError:
        return []


# --------------------------------------------------------------------------- poll hook and daemon jobs
def _logged(run: AlertRun) -> AlertRun:
    for attempt in run.attempts:
        log.info(attempt.describe())
    return run


def alert_jobs(settings: Settings) -> list[StoreJob]:
    """The daemon's jobs: each scheduled (cron) watchlist, and the minute retry sweep; missing secrets raise now."""
    active = _active(settings)
    if not active:
        return []
    check_secrets(settings)
    tz = settings.digest.timezone

    def scheduled(name: str) -> Callable[[Store], object]:
        return lambda store: _logged(send_alerts(settings, store, scheduled=[name]))

    jobs = [StoreJob(f"alerts-{alert.name}", scheduled(alert.name), schedule_of(settings, alert), tz)
            for alert in active if not alert.instant]
    return [*jobs, StoreJob("alerts-retry", lambda store: _logged(send_alerts(settings, store)), RETRY_CRON, tz)]


def next_retry(settings: Settings, store: Store) -> float | None:
    """Seconds until the earliest undelivered alert is due (None: nothing waits)."""
    due = parse_time(AlertLedger(store).next_due([a.name for a in _active(settings)]))
    return None if due is None else max(0.0, (due - datetime.now(UTC)).total_seconds())


class InstantAlerts:
    """The poll hook: after a feed's poll, send instant alerts for what it stored, and due retries.

    Runs the pass in a worker thread with its own connection, one pass at a time, so the
    event loop and the poll's connection are never held up by a slow channel. Does nothing
    when no watchlist is configured; when nothing new was stored it only looks again once the
    earliest retry is due. Never raises: a failure is logged, and a bug here never fails the
    poll of the feed that triggered it.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.enabled = bool(_active(settings))
        self._look_at = 0.0  # monotonic time of the next look when nothing new was stored
        self._locks: dict[asyncio.AbstractEventLoop, asyncio.Lock] = {}
        if self.enabled:
            # Before the poll stores anything: a new watchlist's first stories are this poll's.
            self._on_own_store(lambda store: AlertLedger(store).register(
                [a.name for a in _active(settings)], now=format_time(_now(None))))

    async def after_poll(self, stored: int) -> None:
        if not self.enabled or (not stored and time.monotonic() < self._look_at):
            return
        lock = self._locks.setdefault(asyncio.get_running_loop(), asyncio.Lock())
        async with lock:
            await asyncio.to_thread(self._pass)

    def _pass(self) -> None:
        def send(store: Store) -> float | None:
            _logged(send_alerts(self.settings, store))
            return next_retry(self.settings, store)

        ok, wait = self._on_own_store(send)
        if not ok:
            wait = 0.0  # look again after the next poll
        self._look_at = time.monotonic() + (wait if wait is not None else float("inf"))

    def _on_own_store(self, work: Callable[[Store], T]) -> tuple[bool, T | None]:
        try:
            with Store.configured(self.settings.storage) as store:
                return True, work(store)
        except MonitorError as exc:
            log.error("alert pass failed; retried after the next poll: %s", exc)
        except Exception:
            log.exception("alert pass failed; deliveries in flight are retried after their lease")
        return False, None
