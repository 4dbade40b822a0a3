"""Feed health, delivery health and overall health, for ``monitor status`` and Docker's HEALTHCHECK.

Overall health (``--check``) is about polling: some feed succeeded recently. Deliveries
that keep failing (a digest the SMTP server refuses) are shown beside it, one entry per
kind in ``DELIVERY_CHECKS``, but do not fail the health check: restarting the container
does not mend a mail server.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from monitor.delivery.alerts import failing_deliveries
from monitor.evidence.status import archive_summary
from monitor.models import as_json
from monitor.service.lock import lock_owner
from monitor.settings import Settings
from monitor.store import Store, parse_time
from monitor.store.digests import DigestLedger


def digest_delivery(store: Store, settings: Settings) -> dict[str, Any]:
    """Digests not delivered yet: how many, the last error, when the next try is."""
    waiting = DigestLedger(store).undelivered()
    failed = [d for d in waiting if d.state == "failed"]
    if not settings.digest.enabled:
        summary = "off ([digest] enabled = false)"
    elif not settings.digest.to:
        summary = "not sent: [digest] to is empty"
    elif failed:
        last = failed[-1]
        summary = f"{len(failed)} digest(s) NOT delivered; last error: {last.last_error}; next try {last.next_attempt_at}"
    else:
        summary = "ok" + (f" ({len(waiting)} being sent)" if waiting else "")
    return {
        "failing": len(failed),
        "pending": len(waiting),
        "last_error": failed[-1].last_error if failed else None,
        "next_attempt_at": failed[-1].next_attempt_at if failed else None,
        "summary": summary,
    }


# One entry per kind of delivery: name -> (store, settings) -> {"failing", "last_error", "summary", ...}.
# Alerts show in "failing_deliveries" (and `monitor alerts list`).
DELIVERY_CHECKS: dict[str, Callable[[Store, Settings], dict[str, Any]]] = {
    "digest": digest_delivery,
}


def health_report(store: Store, settings: Settings, now: datetime | None = None) -> dict[str, Any]:
    """Per-feed health plus an overall verdict: healthy when some feed succeeded recently."""
    now = now or datetime.now(UTC)
    feeds = store.feed_status()
    window = timedelta(seconds=settings.schedule.healthy_within)
    successes = [t for t in (parse_time(f.last_success_at) for f in feeds) if t]
    latest = max(successes, default=None)
    active = [f for f in feeds if f.active]
    if not active:
        healthy, reason = False, "no active feeds"
    elif latest is None:
        healthy, reason = False, "no feed has been polled successfully yet"
    elif now - latest > window:
        healthy, reason = False, f"no successful poll since {latest:%Y-%m-%dT%H:%M:%SZ} ([schedule] healthy_within)"
    else:
        failing = sum(1 for f in active if f.consecutive_errors)
        healthy, reason = True, f"last success {latest:%Y-%m-%dT%H:%M:%SZ}; {failing} of {len(active)} feeds failing"
    owner = lock_owner(store.path)
    return {
        "database": str(store.path),
        # Whether a `monitor run` holds this database (informational: --check looks at polls).
        "daemon": {"running": owner is not None, "pid": owner.pid if owner else None,
                   "since": owner.started_at if owner else None},
        "healthy": healthy,
        "health_reason": reason,
        "delivery": {name: check(store, settings) for name, check in DELIVERY_CHECKS.items()},
        "totals": store.counts(),
        "feeds": [as_json(feed) for feed in feeds],
        "evidence": archive_summary(store, settings),
        # Alerts and digests that keep failing (monitor alerts list / monitor digests list).
        "failing_deliveries": failing_deliveries(store),
    }
