"""Feed health and overall health, for ``monitor status`` and Docker's HEALTHCHECK."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from monitor.delivery.alerts import failing_deliveries
from monitor.models import as_json
from monitor.service.lock import lock_owner
from monitor.settings import Settings
from monitor.store import Store, parse_time


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
        "totals": store.counts(),
        "feeds": [as_json(feed) for feed in feeds],
        # Alerts and digests that keep failing (monitor alerts list / monitor digests list).
        "failing_deliveries": failing_deliveries(store),
    }
