"""When to poll a feed next: adaptive intervals, server hints, backoff. Pure arithmetic.

``Feed.next_check`` (``monitor.models``) decides which rule applies; the numbers are here.

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
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from monitor.backoff import doubling_backoff
from monitor.settings import ScheduleSettings
from monitor.timefmt import format_time

if TYPE_CHECKING:
    from monitor.models import FeedOutcome

# Gaps between this many most recent entries decide the interval: recent enough to follow a
# feed that changed pace, enough to shrug off one burst.
RECENT_ENTRIES = 20
# Entry dates further in the future than this are a publisher's clock or timezone bug.
FUTURE_TOLERANCE = timedelta(hours=1)
# A Retry-After is honoured in full up to this long; "come back next year" is a server bug,
# and a feed must never go silently dead.
MAX_RETRY_AFTER = 7 * 86400.0


def publishing_interval(entry_times: tuple[datetime, ...] | list[datetime], now: datetime) -> float | None:
    """Half the median gap (seconds) between the most recent distinct entry times, or None."""
    times = sorted({t for t in entry_times if t <= now + FUTURE_TOLERANCE}, reverse=True)[:RECENT_ENTRIES]
    if len(times) < 2:
        return None
    gaps = [(newer - older).total_seconds() for newer, older in zip(times, times[1:], strict=False)]
    return statistics.median(gaps) / 2


def regular_interval(
    outcome: FeedOutcome, *, previous_interval: float | None, settings: ScheduleSettings, now: datetime
) -> float:
    """The interval after a successful poll, before jitter (see the module docstring)."""
    interval = publishing_interval(outcome.entry_times, now)
    if interval is None:
        interval = float(previous_interval or settings.default_interval)
    asked = [
        outcome.ttl_minutes * 60.0 if outcome.ttl_minutes else None,
        outcome.cache_seconds,
        min(outcome.retry_after, MAX_RETRY_AFTER) if outcome.retry_after else None,
    ]
    interval = max([interval, *(a for a in asked if a)])
    return min(max(interval, settings.min_interval), settings.max_interval)


def capped_retry_after(retry_after: float | None) -> float:
    return min(retry_after or 0.0, MAX_RETRY_AFTER)


def backoff_delay(errors: int, base: float, settings: ScheduleSettings, rng: random.Random) -> float:
    """Seconds to wait after the ``errors``-th failure in a row (>= 1), jittered, capped."""
    raw = doubling_backoff(errors, base, settings.max_backoff)
    if raw >= settings.max_backoff:
        # At the cap, jitter only downwards: failing feeds still spread out, never exceed the cap.
        return settings.max_backoff * (1 - settings.jitter * rng.random())
    return min(settings.max_backoff, jittered(raw, settings.jitter, rng))


def jittered(seconds: float, share: float, rng: random.Random) -> float:
    return seconds * (1 + share * rng.uniform(-1.0, 1.0))


def jittered_up(seconds: float, share: float, rng: random.Random) -> float:
    return seconds * (1 + share * rng.random())


def due(now: datetime, delay: float) -> str:
    """``now + delay`` as stored (whole seconds), rounded up: a check is never earlier than planned."""
    moment = now + timedelta(seconds=delay)
    if moment.microsecond:
        moment = moment.replace(microsecond=0) + timedelta(seconds=1)
    return format_time(moment)
