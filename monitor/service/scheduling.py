"""When to poll a feed next: adaptive intervals, server hints, backoff. Pure arithmetic.

No I/O and no clock of its own: the caller passes ``now`` (and, in tests, a seeded
``random.Random``), so every rule here is checked with exact numbers.

The rules, in order:

* **Error** (``outcome.ok`` is false): exponential backoff from the feed's regular interval,
  ``interval * 2 ** (errors - 1)`` where ``errors`` counts this failure too, so one transient
  blip keeps the normal cadence and each further failure doubles the wait. Capped at
  ``[schedule] max_backoff``; at the cap the feed keeps being retried (a feed is never dead).
  A ``Retry-After`` (429/503) is honoured: the wait is at least that long (up to 7 days).
* **Success**: the interval follows how often the feed publishes: half the median gap between
  its recent entries, so a new story is seen within about half a typical gap. With no dates
  (a 304, a feed without dates) the previous interval stays. The result is raised, never
  lowered, to what the server asks for (``<ttl>``, ``Cache-Control: max-age``/``Expires``,
  ``Retry-After``), then clamped to ``[min_interval, max_interval]``. A per-feed override
  (``[[feeds]] interval``) replaces all of that; only ``Retry-After`` still lengthens it.
* **Jitter**: the wait is spread by ``± jitter`` of itself so feeds on one host drift apart;
  it never shortens a ``Retry-After`` and never pushes a backoff past its cap. Due times are
  stored in whole seconds, rounded up, so a check never comes earlier than planned.
"""

from __future__ import annotations

import random
import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from monitor.backoff import doubling_backoff
from monitor.settings import ScheduleSettings
from monitor.timefmt import format_time

# Gaps between this many most recent entries decide the interval: recent enough to follow a
# feed that changed pace, enough to shrug off one burst.
RECENT_ENTRIES = 20
# Entry dates further in the future than this are a publisher's clock or timezone bug.
FUTURE_TOLERANCE = timedelta(hours=1)
# A Retry-After is honoured in full up to this long; "come back next year" is a server bug,
# and a feed must never go silently dead.
MAX_RETRY_AFTER = 7 * 86400.0


@dataclass(frozen=True)
class FeedOutcome:
    """What one poll of a feed found, as far as scheduling cares."""

    ok: bool
    status: int | None = None
    new_items: int = 0
    not_modified: bool = False
    retry_after: float | None = None  # seconds
    ttl_minutes: int | None = None  # RSS <ttl>
    cache_seconds: float | None = None  # Cache-Control max-age / Expires
    gone: bool = False  # 410: the feed is deactivated
    entry_times: tuple[datetime, ...] = ()  # publication times of the entries fetched


def publishing_interval(entry_times: tuple[datetime, ...] | list[datetime], now: datetime) -> float | None:
    """Half the median gap (seconds) between the most recent distinct entry times, or None."""
    times = sorted({t for t in entry_times if t <= now + FUTURE_TOLERANCE}, reverse=True)[:RECENT_ENTRIES]
    if len(times) < 2:
        return None
    gaps = [(newer - older).total_seconds() for newer, older in zip(times, times[1:], strict=False)]
    return statistics.median(gaps) / 2


def regular_interval(feed: dict[str, Any], outcome: FeedOutcome, settings: ScheduleSettings, now: datetime) -> float:
    """The interval after a successful poll, before jitter (see the module docstring)."""
    override = feed.get("interval_override")
    if override:
        return float(override)
    interval = publishing_interval(outcome.entry_times, now)
    if interval is None:
        interval = float(feed.get("interval_seconds") or settings.default_interval)
    asked = [
        outcome.ttl_minutes * 60.0 if outcome.ttl_minutes else None,
        outcome.cache_seconds,
        min(outcome.retry_after, MAX_RETRY_AFTER) if outcome.retry_after else None,
    ]
    interval = max([interval, *(a for a in asked if a)])
    return min(max(interval, settings.min_interval), settings.max_interval)


def backoff_delay(errors: int, base: float, settings: ScheduleSettings, rng: random.Random) -> float:
    """Seconds to wait after the ``errors``-th failure in a row (>= 1), jittered, capped."""
    raw = doubling_backoff(errors, base, settings.max_backoff)
    if raw >= settings.max_backoff:
        # At the cap, jitter only downwards: failing feeds still spread out, never exceed the cap.
        return settings.max_backoff * (1 - settings.jitter * rng.random())
    return min(settings.max_backoff, _jittered(raw, settings.jitter, rng))


def plan_next_check(
    feed: dict[str, Any],
    outcome: FeedOutcome,
    settings: ScheduleSettings,
    now: datetime,
    rng: random.Random | None = None,
) -> dict[str, Any]:
    """Feed-column updates for the next check: ``next_check_at`` and ``interval_seconds``.

    ``feed`` is the row as it was before this poll (its ``consecutive_errors`` does not count
    this poll yet). ``interval_seconds`` is the regular (un-jittered) interval; an error keeps
    it, so the feed returns to its cadence after the next success.
    """
    rng = rng or random.Random()
    previous = float(feed.get("interval_seconds") or feed.get("interval_override") or settings.default_interval)
    if outcome.gone:
        # Deactivated: nothing is due. NULL means "due at once" if someone reactivates it.
        return {"next_check_at": None, "interval_seconds": previous}
    retry_after = min(outcome.retry_after or 0.0, MAX_RETRY_AFTER)
    if not outcome.ok:
        errors = int(feed.get("consecutive_errors") or 0) + 1
        delay = backoff_delay(errors, previous, settings, rng)
        if retry_after > delay:
            delay = _jittered_up(retry_after, settings.jitter, rng)
        return {"next_check_at": _due(now, delay), "interval_seconds": previous}
    interval = regular_interval(feed, outcome, settings, now)
    delay = _jittered(interval, settings.jitter, rng)
    if retry_after and delay < retry_after:
        delay = _jittered_up(retry_after, settings.jitter, rng)
    return {"next_check_at": _due(now, delay), "interval_seconds": interval}


def _jittered(seconds: float, share: float, rng: random.Random) -> float:
    return seconds * (1 + share * rng.uniform(-1.0, 1.0))


def _jittered_up(seconds: float, share: float, rng: random.Random) -> float:
    return seconds * (1 + share * rng.random())


def _due(now: datetime, delay: float) -> str:
    """``now + delay`` as stored (whole seconds), rounded up: a check is never earlier than planned."""
    due = now + timedelta(seconds=delay)
    if due.microsecond:
        due = due.replace(microsecond=0) + timedelta(seconds=1)
    return format_time(due)
