"""The ``monitor digest`` use case and the daemon's digest jobs: compose, record, send, retry.

Delivery semantics: see the package docstring (:mod:`monitor.delivery.digest`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from monitor.backoff import doubling_backoff
from monitor.delivery.digest.compose import Selection, content_of, recorded_content, select_pending, zone
from monitor.delivery.digest.mailer import (
    build_message,
    check_recipients,
    check_sender,
    deliver,
    message_domain,
    smtp_password,
)
from monitor.delivery.digest.render import render
from monitor.errors import ConfigError, DeliveryError, MonitorError
from monitor.models import DigestRecord, StoreJob, as_json
from monitor.settings import Settings
from monitor.store import Store, format_time, parse_time
from monitor.store.digests import ClaimConflict, DigestLedger

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(days=1)
MIN_LEASE = timedelta(minutes=5)
RETRY_CRON = "* * * * *"  # the daemon looks for digests due a retry every minute (one indexed query)


@dataclass
class Attempt:
    digest_id: int
    message_id: str
    stories: int
    state: str  # "sent" | "failed" | "busy" (another process holds it)
    error: str | None = None
    retry_at: datetime | None = None


@dataclass
class DigestRun:
    """What one run did, for the CLI and the logs."""

    attempts: list[Attempt] = field(default_factory=list)
    composed: int | None = None  # id of the digest composed in this run
    pending: int = 0  # flagged stories selected (dry run / preview) or composed
    more: int = 0
    note: str = ""
    text: str | None = None  # dry run: the text part
    message: EmailMessage | None = None  # preview: the whole message

    @property
    def failed(self) -> list[Attempt]:
        return [attempt for attempt in self.attempts if attempt.state == "failed"]

    def describe(self) -> list[str]:
        lines = []
        for attempt in self.attempts:
            if attempt.state == "sent":
                lines.append(f"digest {attempt.digest_id} sent ({attempt.stories} stories, {attempt.message_id})")
            elif attempt.state == "failed":
                when = f"; retry after {format_time(attempt.retry_at)}" if attempt.retry_at else ""
                lines.append(f"digest {attempt.digest_id} NOT delivered: {attempt.error}{when}")
            else:
                lines.append(f"digest {attempt.digest_id} is being sent by another process")
        if self.note:
            lines.append(self.note)
        return lines


def run_digest(
    settings: Settings,
    store: Store,
    *,
    dry_run: bool = False,
    out: Path | None = None,
    to: Sequence[str] | None = None,
    now: datetime | None = None,
) -> DigestRun:
    """The ``monitor digest`` use case: retry due digests, then compose and send a new one."""
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    tz = zone(settings)
    recipients = check_recipients(list(to) if to else list(settings.digest.to), override=bool(to),
                                  required=not (dry_run or out))
    sender = check_sender(settings)
    ledger = DigestLedger(store)

    if dry_run or out is not None:
        return _preview(settings, ledger, now=now, tz=tz, recipients=recipients, out=out, dry_run=dry_run)

    smtp_password(settings.smtp)  # a missing secret is a config error: fail before claiming stories
    run = DigestRun()
    run.attempts.extend(_retry_due(settings, ledger, now=now, tz=tz, recipients=recipients, sender=sender))
    if run.failed:
        run.note = "no new digest composed while delivery is failing; new stories stay pending"
        return run
    for _ in range(3):  # a concurrent composer may claim a story between our read and write
        try:
            composed = _compose(settings, ledger, now=now, recipients=recipients)
            break
        except ClaimConflict as exc:
            log.info("digest composition raced another process; composing again: %s", exc)
    else:
        raise DeliveryError("could not compose a digest: other processes kept claiming the same stories")
    if composed is None:
        run.note = "no new flagged stories; nothing sent ([digest] send_empty = false)"
        waiting = [d for d in ledger.undelivered() if d.state == "failed"]
        if waiting:
            run.note += "; " + ", ".join(
                f"digest {d.id} waits for its retry at {d.next_attempt_at} ({d.last_error})" for d in waiting
            )
        log.info("digest: no new flagged stories")
        return run
    digest_id, selection = composed
    run.composed, run.pending, run.more = digest_id, len(selection.flagged), selection.more
    digest = ledger.digest(digest_id)
    assert digest is not None
    run.attempts.append(_attempt(settings, ledger, digest, now=now, tz=tz, recipients=recipients, sender=sender))
    if selection.more:
        run.note = f"{selection.more} more flagged stories stay pending for the next digest ([digest] max_items)"
    return run


def retry_due(settings: Settings, store: Store, *, now: datetime | None = None) -> list[Attempt]:
    """Send the digests whose retry time has come (no new digest is composed)."""
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    recipients = check_recipients(list(settings.digest.to), override=False, required=False)
    if not recipients:
        return []
    return _retry_due(settings, DigestLedger(store), now=now, tz=zone(settings), recipients=recipients,
                      sender=check_sender(settings))


def _retry_due(
    settings: Settings, ledger: DigestLedger, *, now: datetime, tz: ZoneInfo, recipients: list[str], sender: str,
) -> list[Attempt]:
    attempts = []
    for digest in ledger.due(format_time(now)):
        log.info("retrying digest", extra={"digest_id": digest.id, "state": digest.state,
                                           "attempts": digest.attempts, "error": digest.last_error})
        attempts.append(_attempt(settings, ledger, digest, now=now, tz=tz, recipients=recipients, sender=sender))
    return attempts


def _compose(
    settings: Settings, ledger: DigestLedger, *, now: datetime, recipients: list[str],
) -> tuple[int, Selection] | None:
    domain = message_domain(settings)
    with ledger.claiming():
        selection = select_pending(settings, ledger, now)
        if not selection.flagged and not settings.digest.send_empty:
            return None
        digest_id, message_id = ledger.insert_digest(
            created_at=format_time(now),
            recipients=recipients,
            items=selection.items(),
            more_count=selection.more,
            message_id=lambda number, uid: f"<digest-{number}.{uid}@{domain}>",
        )
    log.info("digest composed", extra={"digest_id": digest_id, "message_id": message_id,
                                       "stories": len(selection.flagged), "more": selection.more})
    return digest_id, selection


def _attempt(
    settings: Settings, ledger: DigestLedger, digest: DigestRecord, *, now: datetime, tz: ZoneInfo,
    recipients: list[str], sender: str,
) -> Attempt:
    content = recorded_content(ledger, digest, tz)
    rendered = render(content, settings, digest_id=digest.id)
    created = parse_time(digest.created_at) or now
    message = build_message(rendered, settings, message_id=digest.message_id, created=created,
                            recipients=recipients)
    attempt = Attempt(digest.id, digest.message_id, content.count, "busy")
    lease = max(MIN_LEASE, timedelta(seconds=4 * settings.smtp.timeout))
    if not ledger.begin_attempt(digest.id, now=format_time(now), lease_until=format_time(now + lease),
                                recipients=recipients, subject=rendered.subject):
        return attempt
    try:
        warning = deliver(message, settings.smtp, sender=sender, recipients=recipients)
    except DeliveryError as exc:
        attempts = digest.attempts + 1
        delay = timedelta(seconds=doubling_backoff(attempts, settings.digest.retry_backoff, MAX_BACKOFF.total_seconds()))
        attempt.state, attempt.error, attempt.retry_at = "failed", str(exc), now + delay
        ledger.mark_failed(digest.id, error=str(exc), retry_at=format_time(now + delay))
        log.warning("digest not delivered", extra={"digest_id": digest.id, "error": str(exc),
                                                   "attempts": attempts, "retry_at": format_time(now + delay)})
        return attempt
    ledger.mark_sent(digest.id, now=format_time(now), warning=warning)
    attempt.state = "sent"
    log.info("digest sent", extra={"digest_id": digest.id, "message_id": digest.message_id,
                                   "stories": content.count, "recipients": len(recipients), "error": warning})
    return attempt


def _preview(
    settings: Settings, ledger: DigestLedger, *, now: datetime, tz: ZoneInfo, recipients: list[str],
    out: Path | None, dry_run: bool,
) -> DigestRun:
    selection = select_pending(settings, ledger, now)
    content = content_of(ledger, selection.flagged, selection.related, more=selection.more,
                       related_more=selection.related_more, created=now, tz=tz)
    rendered = render(content, settings, digest_id=None)
    run = DigestRun(pending=len(selection.flagged), more=selection.more)
    waiting = ledger.undelivered()
    if waiting:
        run.note = f"{len(waiting)} earlier digest(s) not delivered yet; they are retried by the next real run"
    if dry_run:
        run.text = rendered.text
    if out is not None:
        message_id = f"<digest-preview-{now:%Y%m%d%H%M%S}.{ledger.identity()}@{message_domain(settings)}>"
        run.message = build_message(rendered, settings, message_id=message_id, created=now, recipients=recipients)
        try:
            out.write_bytes(run.message.as_bytes())
        except OSError as exc:
            raise MonitorError(f"--out {out}: cannot write the message: {exc}") from exc
        run.note = "; ".join(filter(None, [f"wrote {out} ({content.count} stories); nothing sent or recorded",
                                           run.note]))
    return run



# The configured schedule, time zone, sender and recipients are checked when the settings are
# loaded (pydantic validators in monitor.settings); only ``--to`` arrives later.
# --------------------------------------------------------------------------- scheduling
def digest_trigger(settings: Settings) -> Any:
    """``[digest] schedule`` as an APScheduler CronTrigger in ``[digest] timezone``."""
    from apscheduler.triggers.cron import CronTrigger

    return CronTrigger.from_crontab(settings.digest.schedule, timezone=zone(settings))


def digest_jobs(settings: Settings) -> list[StoreJob]:
    """The daemon's digest (on ``[digest] schedule``) and its retry sweep, when the digest is on.

    A digest without recipients is reported once here and not scheduled; a missing SMTP
    secret raises ``ConfigError`` (the daemon refuses to start).
    """
    digest = settings.digest
    if not digest.enabled:
        return []
    if not digest.to:
        log.warning('digest not scheduled: [digest] to is empty; set to = ["analyst@example.org"] '
                    "(or enabled = false) and restart")
        return []
    smtp_password(settings.smtp)

    def send(store: Store) -> None:
        for line in run_digest(settings, store).describe():
            log.info(line)

    def retry(store: Store) -> None:
        for attempt in retry_due(settings, store):
            log.info(f"digest {attempt.digest_id}: {attempt.state}")

    return [StoreJob("digest", send, digest.schedule, digest.timezone),
            StoreJob("digest-retry", retry, RETRY_CRON, digest.timezone)]


# --------------------------------------------------------------------------- the digests commands
def digests_overview(store: Store) -> dict[str, Any]:
    """How many digests were sent, and the ones not delivered or discarded (``monitor digests list``)."""
    ledger = DigestLedger(store)
    sent = [d for d in ledger.digests() if d.state == "sent"]
    return {
        "sent": len(sent),
        "stories_sent": sum(d.item_count for d in sent),
        "last_sent_at": max((d.sent_at for d in sent if d.sent_at), default=None),
        "undelivered": [as_json(d) for d in ledger.undelivered()],
        "discarded": [as_json(d) for d in ledger.discarded()],
    }


def retry_now(settings: Settings, store: Store, *, now: datetime | None = None) -> list[Attempt]:
    """Send the failed digests now, whatever their backoff (``monitor digests retry``)."""
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    recipients = check_recipients(list(settings.digest.to), override=False, required=True)
    smtp_password(settings.smtp)
    ledger = DigestLedger(store)
    ledger.retry_now(now=format_time(now))
    return _retry_due(settings, ledger, now=now, tz=zone(settings), recipients=recipients, sender=check_sender(settings))


def discard_digest(store: Store, digest_id: int, *, now: datetime | None = None) -> str:
    """Stop retrying an undelivered digest (``monitor digests discard``)."""
    when = format_time((now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0))
    if not DigestLedger(store).discard(digest_id, now=when):
        raise ConfigError(f"no undelivered digest {digest_id}; see `monitor digests list`")
    return f"digest {digest_id} discarded: it is not retried, and its stories are not put in a later digest"
