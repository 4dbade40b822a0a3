"""Schedule and backoff arithmetic, with a fixed clock and exact numbers."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from monitor.models import Feed, FeedOutcome, Schedule
from monitor.service.scheduling import MAX_RETRY_AFTER, publishing_interval
from monitor.settings import ScheduleSettings
from monitor.store import parse_time

NOW = datetime(2026, 11, 2, 12, 0, 0, tzinfo=UTC)
# Defaults: default_interval 3600, min 900, max 86400, max_backoff 86400; no jitter unless a test says so.
EXACT = ScheduleSettings(jitter=0)


def feed(**state) -> Feed:
    return Feed(id=1, url="https://example.org/feed.xml", name="Example", **state)


def every(seconds: float, count: int = 10, newest: datetime = NOW) -> tuple[datetime, ...]:
    return tuple(newest - timedelta(seconds=seconds * n) for n in range(count))


def wait(plan: Schedule, now: datetime = NOW) -> float:
    return (parse_time(plan.next_check_at) - now).total_seconds()


def ok(**fields) -> FeedOutcome:
    return FeedOutcome.for_feed(feed(), status=fields.pop("status", 200), **fields)


def error(status: int | None = 500, **fields) -> FeedOutcome:
    return FeedOutcome.for_feed(feed(), status=status, error=f"HTTP {status}", **fields)


# ------------------------------------------------------------------ adaptive interval
def test_a_feed_with_no_history_uses_the_default_interval():
    plan = feed().next_check(ok(), EXACT, NOW)
    assert plan == Schedule(next_check_at="2026-11-02T13:00:00Z", interval_seconds=3600.0)


@pytest.mark.parametrize(
    ("gap", "expected"),
    [
        (2 * 3600, 3600.0),  # a story every 2 h: look every hour
        (6 * 3600, 3 * 3600.0),
        (10 * 60, 900.0),  # every 10 min: half is 5 min, raised to min_interval
        (4 * 86400, 86400.0),  # every 4 days: half is 2 days, lowered to max_interval
    ],
)
def test_interval_is_half_the_publishing_gap_clamped(gap, expected):
    plan = feed().next_check(ok(entry_times=every(gap)), EXACT, NOW)
    assert plan.interval_seconds == expected
    assert wait(plan) == expected


def test_the_median_gap_shrugs_off_one_long_silence():
    times = every(3600, count=10) + (NOW - timedelta(days=5),)
    assert publishing_interval(times, NOW) == 1800.0


def test_only_recent_entries_count_when_a_feed_changes_pace():
    fast_now = every(1800, count=20)  # the 20 newest: every 30 min
    slow_before = every(86400, count=30, newest=NOW - timedelta(days=2))
    assert publishing_interval(fast_now + slow_before, NOW) == 900.0


def test_duplicate_and_future_dates_are_ignored():
    stamped_alike = (NOW,) * 15 + (NOW - timedelta(hours=4),)  # a CMS stamping every item alike
    assert publishing_interval(stamped_alike, NOW) == 2 * 3600.0
    future = (NOW + timedelta(days=30),)  # a publisher's clock bug
    assert publishing_interval(every(7200) + future, NOW) == 3600.0
    assert publishing_interval((NOW,), NOW) is None and publishing_interval((), NOW) is None


def test_not_modified_or_undated_keeps_the_previous_interval():
    row = feed(interval_seconds=5400.0)
    assert row.next_check(ok(status=304, not_modified=True), EXACT, NOW).interval_seconds == 5400.0
    assert row.next_check(ok(entry_times=(NOW,)), EXACT, NOW).interval_seconds == 5400.0


def test_server_hints_raise_but_never_lower_the_interval():
    hourly = every(3600)  # adaptive: 1800 s
    assert feed().next_check(ok(entry_times=hourly), EXACT, NOW).interval_seconds == 1800.0
    assert feed().next_check(ok(entry_times=hourly, ttl_minutes=60), EXACT, NOW).interval_seconds == 3600.0
    assert feed().next_check(ok(entry_times=hourly, ttl_minutes=10), EXACT, NOW).interval_seconds == 1800.0
    assert feed().next_check(ok(entry_times=hourly, cache_seconds=7200), EXACT, NOW).interval_seconds == 7200.0
    assert feed().next_check(ok(entry_times=hourly, cache_seconds=60), EXACT, NOW).interval_seconds == 1800.0
    plan = feed().next_check(ok(entry_times=hourly, retry_after=10_000), EXACT, NOW)
    assert plan.interval_seconds == 10_000.0 and wait(plan) >= 10_000
    # A hint beyond max_interval is clamped like everything else.
    assert feed().next_check(ok(ttl_minutes=3 * 24 * 60), EXACT, NOW).interval_seconds == 86400.0


def test_min_and_max_interval_come_from_the_settings():
    tight = ScheduleSettings(jitter=0, min_interval=60, max_interval=600)
    assert feed().next_check(ok(entry_times=every(30)), tight, NOW).interval_seconds == 60.0
    assert feed().next_check(ok(entry_times=every(86400)), tight, NOW).interval_seconds == 600.0


def test_a_per_feed_override_wins_over_adaptive_hints_and_clamps():
    row = feed(interval_override=600.0)  # below min_interval (900): the operator asked for it
    plan = row.next_check(ok(entry_times=every(86400), ttl_minutes=120, cache_seconds=7200), EXACT, NOW)
    assert plan == Schedule(next_check_at="2026-11-02T12:10:00Z", interval_seconds=600.0)
    # Only a Retry-After still lengthens it: the server's explicit request.
    assert wait(row.next_check(ok(retry_after=1200), EXACT, NOW)) >= 1200


# ------------------------------------------------------------------ errors and backoff
@pytest.mark.parametrize(
    ("errors_before", "expected"),
    [(0, 3600), (1, 7200), (2, 14400), (3, 28800), (4, 57600), (5, 86400), (6, 86400), (10_000, 86400)],
)
def test_errors_back_off_exponentially_up_to_the_cap(errors_before, expected):
    # The row holds the count before this failure: the first failure keeps the cadence.
    row = feed(consecutive_errors=errors_before, interval_seconds=3600.0)
    plan = row.next_check(error(), EXACT, NOW)
    assert wait(plan) == expected
    assert plan.interval_seconds == 3600.0, "an error must not change the regular interval"


def test_a_failing_feed_is_still_retried_at_a_configured_cap():
    capped = ScheduleSettings(jitter=0, max_backoff=6 * 3600)
    for errors_before in (3, 50, 5000):
        assert wait(feed(consecutive_errors=errors_before, interval_seconds=3600.0).next_check(error(), capped, NOW)) == 6 * 3600


def test_the_next_success_resets_the_backoff():
    row = feed(consecutive_errors=7, interval_seconds=3600.0)
    assert wait(row.next_check(error(), EXACT, NOW)) == 86400
    assert wait(row.next_check(ok(status=304, not_modified=True), EXACT, NOW)) == 3600


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured_when_longer_than_the_backoff(status):
    row = feed(interval_seconds=3600.0)
    assert wait(row.next_check(error(status, retry_after=7200), EXACT, NOW)) >= 7200
    # Shorter than the backoff: the backoff stands.
    assert wait(feed(consecutive_errors=3, interval_seconds=3600.0).next_check(error(status, retry_after=60),
                                EXACT, NOW)) == 28800
    # Longer than the cap: still honoured, up to a week so the feed is never silently dead.
    assert wait(row.next_check(error(status, retry_after=3 * 86400), EXACT, NOW)) >= 3 * 86400
    assert wait(row.next_check(error(status, retry_after=365 * 86400), EXACT, NOW)) == MAX_RETRY_AFTER


def test_gone_feeds_have_no_next_check():
    assert feed(interval_seconds=1800.0).next_check(error(410, gone=True), EXACT, NOW) == Schedule(
        next_check_at=None, interval_seconds=1800.0)


# ------------------------------------------------------------------ jitter
def test_jitter_spreads_feeds_within_the_configured_share():
    settings = ScheduleSettings(jitter=0.1)
    rng = random.Random(7)
    waits = [wait(feed(interval_seconds=3600.0).next_check(ok(), settings, NOW, rng)) for _ in range(300)]
    assert all(3240 <= w <= 3960 for w in waits)  # +-10 %
    assert min(waits) < 3300 and max(waits) > 3900, "jitter should use the whole band"
    assert len(set(waits)) > 100, "feeds on one host must not fire together"


def test_jitter_never_exceeds_the_backoff_cap_nor_shortens_retry_after():
    settings = ScheduleSettings(jitter=0.2)
    rng = random.Random(11)
    capped = [wait(feed(consecutive_errors=40, interval_seconds=3600.0).next_check(error(), settings, NOW, rng))
              for _ in range(200)]
    assert all(0.8 * 86400 <= w <= 86400 for w in capped) and len(set(capped)) > 50
    asked = [wait(feed(interval_seconds=60.0).next_check(error(429, retry_after=5000), settings, NOW, rng))
             for _ in range(200)]
    assert all(w >= 5000 for w in asked)


def test_the_clock_is_the_callers_and_due_times_round_up():
    later = NOW + timedelta(days=100, seconds=0.25)
    plan = feed(interval_seconds=1000.0).next_check(ok(), EXACT, later)
    assert plan.next_check_at == "2027-02-10T12:16:41Z"  # 12:16:40.25, never early


# ------------------------------------------------------------------ the feed's record of a poll
def test_a_failure_counts_and_a_success_resets_the_errors():
    row = feed(consecutive_errors=2, interval_seconds=3600.0, etag='"old"')
    row.record_poll(error(503), EXACT, NOW)
    assert (row.consecutive_errors, row.last_error, row.last_status) == (3, "HTTP 503", 503)
    assert row.last_error_at == "2026-11-02T12:00:00Z" and wait(Schedule(row.next_check_at, 3600.0)) == 4 * 3600
    row.record_poll(ok(etag='"new"'), EXACT, NOW)
    assert (row.consecutive_errors, row.last_error, row.etag) == (0, None, '"new"')
    assert row.last_success_at == "2026-11-02T12:00:00Z"


def test_validators_stay_until_every_new_story_is_stored_and_a_410_deactivates():
    row = feed(etag='"old"', last_modified="Mon, 02 Nov 2026 08:00:00 GMT")
    row.record_poll(ok(etag='"new"', last_modified="Mon, 02 Nov 2026 11:00:00 GMT", unstored=1), EXACT, NOW)
    assert (row.etag, row.last_modified) == ('"old"', "Mon, 02 Nov 2026 08:00:00 GMT"), "the next poll must see the feed again"
    row.record_poll(error(410, gone=True), EXACT, NOW)
    assert not row.active and row.next_check_at is None and "410 Gone" in (row.deactivated_reason or "")
