"""What a day of polling the shipped feed list costs, with and without adaptive intervals and conditional GET.

    .venv/bin/python bench/simulate_day.py [--config config/monitor.toml] [--seed 1]

A simulated clock drives ``monitor.models.Feed.next_check`` (the daemon's own code) over
synthetic publishing; no network. Two days are simulated and the second is reported, so the
adaptive intervals have history (a freshly started daemon spends its first polls learning).

Assumptions (per outlet, by name; see ``PROFILES``):

* Items per day: big dailies (Khmer Times, Bangkok Post, VnExpress, The Star, Malay Mail,
  Manila Times) 60-150; mid-size outlets 8-40; the VOD English archive 0; Google News
  keyword feeds 2-6. Publication is a Poisson process, three times denser 06:00-20:00 local
  time (UTC+7) than at night.
* A feed lists its newest 20 items (WordPress' default is 10; many set more); an item that
  falls off the list before a poll is *missed* (it must then come from elsewhere).
* Feed bodies 50-200 KB (content:encoded with full text on WordPress feeds); a 304 costs
  about 600 bytes of headers; every request carries ~600 bytes of request and response headers.
* Conditional GET: 85 % of the outlets (the WordPress and CMS feeds) answer If-None-Match /
  If-Modified-Since with 304 when nothing changed; Google News and the rest always send 200.
* No errors, no Retry-After/ttl/Cache-Control hints; ``[schedule]`` as in the config
  (min 15 min, max 24 h, jitter 10 %). Article pages (one per new item, the same in every
  scenario) are not counted here.

Result with the shipped config and seed 1 (21 feeds, 892 items on the reported day, 16 feeds
answering conditional GET):

    scenario                                 requests/day     MB/day   304s  mean delay  missed
    fixed 15 min, no conditional GET                 2016      197.2      0        8 min       0
    fixed 15 min, conditional GET                    2016       99.5    963        8 min       0
    adaptive, conditional GET                        1574       86.7    784        9 min       0
    adaptive, no conditional GET                     1574      167.0      0        9 min       0

Reading it: conditional GET halves the bytes (most polls of a 15-minute schedule find nothing
new). Adaptive intervals save about a fifth of the requests, not more, because "half the
median gap" puts every outlet publishing more than ~20 stories a day at the 15-minute floor
(a dozen of the 21 feeds here); the savings come from the slow feeds: the Google News keyword feeds
(11-17 requests instead of 96), the archive (24) and some small Khmer-language outlets
(38-49). The delay from publication to discovery barely moves (8 -> 9 min), and no item falls off a
20-item feed between polls. Raising ``[schedule] min_interval`` is the lever for the busy
feeds: at 30 min, adaptive with conditional GET makes 900 requests
(58 MB) a day for a 15-minute mean delay. ``--per-feed`` prints the per-feed counts.
"""

from __future__ import annotations

import argparse
import bisect
import math
import random
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from monitor.models import Feed, FeedOutcome
from monitor.settings import ScheduleSettings, load_settings

DAY = 86400.0
FEED_ITEMS = 20
HEADER_BYTES = 600
CONDITIONAL_SHARE = 0.85
FIXED_INTERVAL = 900.0
START = datetime(2026, 11, 2, tzinfo=UTC)

# (name keyword, items/day range, body KB range); first match wins.
PROFILES: list[tuple[str, tuple[int, int], tuple[int, int]]] = [
    ("archive", (0, 0), (50, 80)),
    ("google news", (2, 6), (20, 40)),
    ("khmer times", (120, 150), (150, 200)),
    ("bangkok post", (80, 120), (100, 200)),
    ("vnexpress", (60, 90), (60, 120)),
    ("the star", (100, 150), (80, 150)),
    ("malay mail", (80, 120), (100, 180)),
    ("manila times", (80, 120), (100, 180)),
    ("", (8, 40), (50, 150)),
]


@dataclass
class SimFeed:
    name: str
    items_per_day: float
    body_bytes: int
    conditional: bool
    times: list[float] = field(default_factory=list)  # publication times, seconds from START, sorted


@dataclass
class Tally:
    requests: int = 0
    bytes: int = 0
    not_modified: int = 0
    delays: list[float] = field(default_factory=list)
    missed: int = 0


def profile(name: str, rng: random.Random) -> tuple[float, int]:
    lowered = name.lower()
    for keyword, (low, high), (kb_low, kb_high) in PROFILES:
        if keyword in lowered:
            return rng.uniform(low, high), int(rng.uniform(kb_low, kb_high) * 1000)
    raise AssertionError("the catch-all profile always matches")


def publish(rate_per_day: float, days: float, rng: random.Random) -> list[float]:
    """Poisson publication, three times denser 06:00-20:00 UTC+7 (23:00-13:00 UTC) than at night."""
    if rate_per_day <= 0:
        return []
    day_weight, night_weight = 3.0, 1.0
    mean_weight = (14 * day_weight + 10 * night_weight) / 24
    peak = rate_per_day / DAY * day_weight / mean_weight
    times, t = [], -DAY  # a day of history before the simulation starts
    while t < days * DAY:
        t += rng.expovariate(peak)  # thinning: draw at the peak rate, keep by the hour's weight
        local_hour = ((t / 3600) + 7) % 24
        weight = day_weight if 6 <= local_hour < 20 else night_weight
        if rng.random() < weight / day_weight:
            times.append(t)
    return times


def simulate(feeds: list[SimFeed], settings: ScheduleSettings, *, adaptive: bool, conditional: bool,
             days: int, seed: int) -> Tally:
    rng = random.Random(seed)
    tally = Tally()
    report_from = (days - 1) * DAY
    for feed in feeds:
        record = Feed(id=1, url="http://127.0.0.1/feed.xml", name=feed.name)
        # The first poll lands somewhere in the first interval, as after a daemon start.
        t = rng.uniform(0, FIXED_INTERVAL)
        seen_up_to = 0.0  # publication time of the newest item already fetched
        last_body_newest: float | None = None
        while t < days * DAY:
            visible_end = bisect.bisect_right(feed.times, t)
            window = feed.times[max(0, visible_end - FEED_ITEMS):visible_end]
            newest = window[-1] if window else None
            unchanged = newest == last_body_newest
            use_304 = conditional and feed.conditional and unchanged and last_body_newest is not None
            reporting = t >= report_from
            if reporting:
                tally.requests += 1
                tally.bytes += HEADER_BYTES + (0 if use_304 else feed.body_bytes)
                tally.not_modified += use_304
            # Discovery: items newer than the last fetch that are still listed are found now.
            fresh = [p for p in window if p > seen_up_to]
            lost = [p for p in feed.times[:max(0, visible_end - FEED_ITEMS)] if p > seen_up_to]
            if reporting:
                tally.delays.extend(t - p for p in fresh if p >= report_from)
                tally.missed += sum(1 for p in lost if p >= report_from)
            if window:
                seen_up_to = max(seen_up_to, window[-1])
            last_body_newest = newest
            if adaptive:
                now = START + timedelta(seconds=t)
                outcome = FeedOutcome.for_feed(
                    record, status=304 if use_304 else 200, not_modified=use_304,
                    entry_times=[] if use_304 else [START + timedelta(seconds=p) for p in window],
                )
                plan = record.next_check(outcome, settings, now, rng)
                record.interval_seconds = plan.interval_seconds
                assert plan.next_check_at is not None
                wait = (datetime.strptime(plan.next_check_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) - now)
                t += max(1.0, wait.total_seconds())
            else:
                t += FIXED_INTERVAL
    return tally


def build_feeds(config: Path | None, seed: int, days: int) -> list[SimFeed]:
    settings = load_settings(config)
    rng = random.Random(seed)
    feeds = []
    for feed in settings.feeds:
        rate, size = profile(feed.name, rng)
        conditional = "google news" not in feed.name.lower() and rng.random() < CONDITIONAL_SHARE
        feeds.append(SimFeed(feed.name, rate, size, conditional, publish(rate, days, rng)))
    return feeds


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", type=Path, default=None, help="config file (default: config/monitor.toml)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-feed", action="store_true", help="also print adaptive requests per feed")
    args = parser.parse_args(argv)
    days = 2
    schedule = load_settings(args.config).schedule
    feeds = build_feeds(args.config, args.seed, days)
    items = sum(1 for f in feeds for p in f.times if (days - 1) * DAY <= p < days * DAY)
    print(f"{len(feeds)} feeds, {items} items published on the reported day, "
          f"{sum(f.conditional for f in feeds)} feeds answer conditional GET")
    print(f"{'scenario':<40}{'requests/day':>13}{'MB/day':>11}{'304s':>7}{'mean delay':>12}{'missed':>8}")
    for label, adaptive, conditional in [
        ("fixed 15 min, no conditional GET", False, False),
        ("fixed 15 min, conditional GET", False, True),
        ("adaptive, conditional GET", True, True),
        ("adaptive, no conditional GET", True, False),
    ]:
        tally = simulate(feeds, schedule, adaptive=adaptive, conditional=conditional, days=days, seed=args.seed)
        delay = sum(tally.delays) / len(tally.delays) / 60 if tally.delays else math.nan
        print(f"{label:<40}{tally.requests:>13}{tally.bytes / 1e6:>11.1f}{tally.not_modified:>7}"
              f"{delay:>9.0f} min{tally.missed:>8}")
    if args.per_feed:
        print(f"\n{'feed':<52}{'items/day':>10}{'adaptive requests/day':>23}")
        for feed in feeds:
            tally = simulate([feed], schedule, adaptive=True, conditional=True, days=days, seed=args.seed)
            print(f"{feed.name[:50]:<52}{feed.items_per_day:>10.0f}{tally.requests:>23}")


if __name__ == "__main__":
    main()
