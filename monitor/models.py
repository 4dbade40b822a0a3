"""The typed records the pipeline's stages pass each other.

feed → ``Feed``; parser → ``ParsedFeed`` of ``Entry``; analysis → ``Analysis`` (a
``Verdict`` of ``Match``, ``Fact``, ``Entity``); poll → ``Article`` and ``FeedOutcome``.
Only ``monitor.store`` turns these into rows and back, so no other module spells a column
name. Nothing here imports a pipeline stage.

A ``Feed`` owns its state changes, as Miniflux's ``model.Feed`` does: after a poll
``record_poll`` applies the ``FeedOutcome`` (health, conditional-GET validators,
deactivation on 410) and the next check (``next_check``, with the arithmetic of
``monitor.service.scheduling``); the store only persists the result.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple

from monitor.service import scheduling
from monitor.timefmt import format_time

if TYPE_CHECKING:
    import numpy

    from monitor.settings import ScheduleSettings
    from monitor.store import Store


# --------------------------------------------------------------------------- feeds
@dataclass(frozen=True)
class Schedule:
    """When a feed is checked next (None: never, it is deactivated) and its regular interval."""

    next_check_at: str | None
    interval_seconds: float


@dataclass(kw_only=True)
class Feed:
    """A feed as stored: its configuration, its health and its schedule."""

    id: int
    url: str
    original_url: str | None = None  # the configured URL, when a permanent redirect replaced ``url``
    name: str
    lang: str | None = None
    active: bool = True
    robots: bool = True
    interval_override: float | None = None  # [[feeds]] interval
    title: str | None = None
    site_url: str | None = None
    added_at: str = ""
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None  # of the feed body last processed: an unchanged body is not parsed again
    last_checked_at: str | None = None
    last_success_at: str | None = None
    last_status: int | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    consecutive_errors: int = 0
    next_check_at: str | None = None  # None: due at once
    interval_seconds: float | None = None
    deactivated_reason: str | None = None

    def next_check(
        self, outcome: FeedOutcome, settings: ScheduleSettings, now: datetime, rng: random.Random | None = None
    ) -> Schedule:
        """When to check again after ``outcome`` (the rules: ``monitor.service.scheduling``).

        Reads the feed as it was before this poll (``consecutive_errors`` does not count
        it yet). ``interval_seconds`` is the regular (un-jittered) interval; an error keeps
        it, so the feed returns to its cadence after the next success.
        """
        rng = rng or random.Random()
        previous = float(self.interval_seconds or self.interval_override or settings.default_interval)
        if outcome.gone:
            # Deactivated: nothing is due. NULL means "due at once" if someone reactivates it.
            return Schedule(None, previous)
        retry_after = scheduling.capped_retry_after(outcome.retry_after)
        if not outcome.ok:
            delay = scheduling.backoff_delay(self.consecutive_errors + 1, previous, settings, rng)
            if retry_after > delay:
                delay = scheduling.jittered_up(retry_after, settings.jitter, rng)
            return Schedule(scheduling.due(now, delay), previous)
        if self.interval_override:
            interval = float(self.interval_override)
        else:
            interval = scheduling.regular_interval(outcome, previous_interval=self.interval_seconds,
                                                   settings=settings, now=now)
        delay = scheduling.jittered(interval, settings.jitter, rng)
        if retry_after and delay < retry_after:
            delay = scheduling.jittered_up(retry_after, settings.jitter, rng)
        return Schedule(scheduling.due(now, delay), interval)

    def record_poll(
        self, outcome: FeedOutcome, settings: ScheduleSettings, now: datetime, rng: random.Random | None = None
    ) -> None:
        """Take in one poll: its health, the validators, a 410, and the next check."""
        schedule = self.next_check(outcome, settings, now, rng)
        when = format_time(now)
        self.last_checked_at = outcome.started_at or when
        if outcome.status is not None:
            self.last_status = outcome.status
        if outcome.ok:
            self.record_success(outcome, when)
        else:
            self.record_failure(outcome.error or "failed", when)
        if outcome.gone:
            self.active = False
            self.deactivated_reason = f"410 Gone at {when}: the publisher removed the feed"
        self.next_check_at, self.interval_seconds = schedule.next_check_at, schedule.interval_seconds

    def record_success(self, outcome: FeedOutcome, when: str) -> None:
        self.last_success_at = when
        self.last_error = None
        self.consecutive_errors = 0
        if not outcome.not_modified:
            self.title, self.site_url = outcome.feed_title, outcome.site_url
        if not outcome.unstored:
            # Only when every new story is stored: else the next poll must see the feed again.
            self.etag = outcome.etag or self.etag
            self.last_modified = outcome.last_modified or self.last_modified
            self.body_hash = outcome.body_hash or self.body_hash

    def record_failure(self, error: str, when: str) -> None:
        self.last_error = error
        self.last_error_at = when
        self.consecutive_errors += 1


@dataclass
class FeedOutcome:
    """What one poll of a feed found and did: the poll's report, its fetch log line, and
    what the feed's schedule and health follow from."""

    feed_id: int
    name: str
    url: str
    started_at: str | None = None
    status: int | None = None
    not_modified: bool = False
    bytes: int = 0
    truncated: bool = False  # the body was cut at [http] max_bytes
    duration_ms: int | None = None
    entries: int = 0
    new_items: int = 0  # entries not seen before
    stored: int = 0
    flagged: int = 0
    related: int = 0
    pages_fetched: int = 0
    error: str | None = None
    warning: str | None = None
    retry_after: float | None = None  # seconds
    ttl_minutes: int | None = None  # RSS <ttl>
    cache_seconds: float | None = None  # Cache-Control max-age / Expires
    moved_to: str | None = None  # permanent redirect target
    gone: bool = False  # 410: the feed is deactivated
    entry_times: list[datetime] = field(default_factory=list)  # publication times, for the adaptive interval
    article_errors: list[str] = field(default_factory=list)
    unstored: int = 0  # new stories that could not be stored (retried next time)
    # From the response and the parsed feed, for the feed's record:
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    feed_title: str | None = None
    site_url: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def log_warning(self) -> str | None:
        """The warning the fetch log keeps: the feed's own, then the first article errors."""
        return join_notes(self.warning, "; ".join(self.article_errors[:5]) or None)

    @classmethod
    def for_feed(cls, feed: Feed, **found: Any) -> FeedOutcome:
        """A poll of ``feed``, with what is known of it so far."""
        return cls(feed_id=feed.id, name=feed.name, url=feed.url, **found)


@dataclass(frozen=True)
class FeedHealth:
    """A feed's health line in ``monitor status``."""

    id: int
    name: str
    url: str
    active: bool
    last_checked_at: str | None
    last_success_at: str | None
    last_status: int | None
    last_error: str | None
    last_error_at: str | None
    consecutive_errors: int
    next_check_at: str | None
    interval_seconds: float | None
    deactivated_reason: str | None
    articles: int
    flagged: int


# --------------------------------------------------------------------------- parsed feeds
@dataclass(frozen=True)
class Entry:
    key: str  # identity within the feed: GUID, else link, else hash of title and date
    guid: str | None
    link: str | None
    title: str
    summary: str  # plain text
    content: str  # plain text of the full content when the feed carries it
    published_at: datetime | None
    author: str | None


@dataclass
class ParsedFeed:
    format: str  # "rss20", "atom10", "rss10", "json1", ...
    title: str | None
    site_url: str | None
    entries: list[Entry]
    warning: str | None = None
    ttl_minutes: int | None = None  # RSS <ttl>: how long the publisher asks us to wait
    links: list[str] = field(default_factory=list)  # alternate feed links found in HTML
    # False for a sitemap index or robots.txt: its children change while it stays the same, so
    # neither its validators nor a hash of its body may stand for "nothing new".
    body_tells_changes: bool = True


# --------------------------------------------------------------------------- analysis
@dataclass(frozen=True)
class Match:
    group: str  # "trafficking" | "ncct" | "tip"; for a discounted match "exclude:NAME" or "no-context:LIST"
    term: str  # the rule term as written in the rules file
    field: str  # "title" | "text"
    start: int  # character offsets into the ORIGINAL field string
    end: int
    snippet: str  # the surrounding sentence, trimmed to about 300 characters around the hit


@dataclass(frozen=True)
class Verdict:
    flagged: bool
    related: bool  # trafficking matched but not flagged
    score: float
    reason: str
    matches: tuple[Match, ...]  # matches that count
    discounted: tuple[Match, ...]  # matches a look-alike or missing context set aside


@dataclass(frozen=True)
class Entity:
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, LAW, ...
    text: str  # as written
    canonical: str  # canonical name
    start: int  # char offsets in the text given
    end: int
    source: str  # "ruler" (the names file or the country gazetteer, any script) | "model"


@dataclass(frozen=True)
class Fact:
    kind: str  # "tip_tier" | "statistic"
    sentence: str  # the source sentence
    start: int  # char offsets of the sentence in the text (0, 0 for a figure only the title states)
    end: int
    country: str | None = None  # tip_tier
    tier: str | None = None  # "Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3", "Special Case"
    year: int | None = None  # report year when stated
    change: str | None = None  # "up" | "down" | "same" when stated
    number: int | None = None  # statistic
    counted: str | None = None  # what is counted, normalised
    period: str | None = None  # e.g. "2023", "first six months of 2024"

    @property
    def category(self) -> str | None:
        """``counted`` without a bracketed detail: "victims repatriated (from China)" -> "victims repatriated"."""
        return self.counted.split(" (", 1)[0] if self.counted else None


@dataclass(frozen=True)
class PageJob:
    """One article to analyse: the fetched page (if any) and the feed's own copy."""

    url: str | None
    body: bytes | None
    content_type: str = ""
    charset: str | None = None
    fetch_error: str | None = None
    feed_title: str = ""
    feed_text: str = ""  # the entry's content, else its summary
    feed_author: str | None = None
    body_cut_at: int | None = None  # the body was cut at [http] max_bytes
    feed_published: datetime | None = None  # the feed entry's date: the story's date when the page gives none


@dataclass
class Findings:
    """What analysis says about a text: stored with an article, replaced by ``reclassify``."""

    verdict: Verdict
    rules_version: str
    lang: str | None
    ner_status: str = ""
    facts: list[Fact] = field(default_factory=list)
    entities: list[Entity] | None = None  # None: NER not run (see ner_status); reclassify keeps the stored ones


@dataclass
class Analysis:
    """What the workers found: the article's text and metadata, and its findings."""

    title: str
    text: str
    summary: str
    author: str | None
    site_name: str | None
    published: str | None
    source: str  # "page" | "feed"
    error: str | None  # why the page could not be used, when source == "feed"
    content_hash: str
    simhash: int | None
    findings: Findings
    # For story grouping, so the main process need not shingle; not compared or printed.
    shingles: numpy.ndarray | None = field(default=None, compare=False, repr=False)
    seconds: dict[str, float] = field(default_factory=dict)  # time per stage, for benchmarks
    truncated: str | None = None  # what was cut from the page or the text, in words (None: nothing)


# --------------------------------------------------------------------------- stored articles
@dataclass
class Article:
    """One story as stored: where it came from, its text, and its findings."""

    url: str | None  # canonical; None for an entry without a link
    feed_id: int | None
    guid: str | None
    title: str
    author: str | None
    site_name: str | None
    published_at: str | None
    discovered_at: str
    text: str
    summary: str
    source: str  # "page" | "feed"
    fetch_error: str | None
    content_hash: str
    simhash: int | None
    story_id: int | None  # the first article of the same story; None for the first itself
    classified_at: str
    findings: Findings
    truncated: str | None = None  # what was cut from the page or the text ([http] max_bytes, [extract] limits)


@dataclass(frozen=True)
class ArticleText:
    """A stored article's text and verdict, for ``reclassify``."""

    id: int
    title: str
    text: str
    lang: str | None
    flagged: bool
    related: bool


@dataclass(frozen=True)
class ArticleLine:
    """One line of the demo's summary of stored stories."""

    id: int
    title: str | None
    url: str | None
    lang: str | None
    source: str
    flagged: bool
    related: bool
    score: float
    reason: str | None
    fetch_error: str | None
    feed: str | None


# --------------------------------------------------------------------------- delivery (digest, alerts)
@dataclass(frozen=True, kw_only=True)
class StoredStory:
    """One stored article as the digest and the alerts read it; ``story`` is its story root."""

    id: int
    title: str | None
    url: str | None
    lang: str | None
    score: float
    published_at: str | None
    discovered_at: str
    summary: str | None
    text: str | None  # the digest reads the first 3000 characters; alerts the whole text (the terms filter)
    story_id: int | None
    story: int
    feed_id: int | None
    site_name: str | None
    feed: str | None  # the name of the feed it was stored from
    reason: str | None = None


@dataclass(frozen=True)
class TermHit:
    """A counted rule match: why the story was flagged."""

    group: str
    term: str


@dataclass(frozen=True)
class EntityCount:
    """A name in a story, how often it is mentioned, and whether the gazetteer (not NER) found it."""

    canonical: str
    label: str
    mentions: int
    curated: int  # 1 when the gazetteer found it


@dataclass(frozen=True)
class FactLine:
    """A TIP tier or a figure stated in a story, as a digest line shows it."""

    kind: str
    country: str | None
    tier: str | None
    year: int | None
    change: str | None
    number: int | None
    counted: str | None
    period: str | None


@dataclass(frozen=True)
class Carrier:
    """A feed that carried the story, with the link it gave ("also reported by")."""

    feed: str | None
    link: str | None


@dataclass(frozen=True, kw_only=True)
class DigestRecord:
    """A recorded digest and its delivery state (``sending`` | ``sent`` | ``failed``)."""

    id: int
    created_at: str
    state: str
    attempts: int
    last_attempt_at: str | None
    last_error: str | None
    next_attempt_at: str | None
    message_id: str  # written in the transaction that records the digest
    recipients: list[str]
    subject: str | None
    sent_at: str | None
    item_count: int
    more_count: int
    discarded_at: str | None = None  # set when given up (``monitor digests discard``)


@dataclass
class StoryDetails:
    """What explains each of a set of stories, per article id, in reading order."""

    terms: dict[int, list[TermHit]] = field(default_factory=dict)
    entities: dict[int, list[EntityCount]] = field(default_factory=dict)
    facts: dict[int, list[FactLine]] = field(default_factory=dict)
    outlets: dict[int, list[Carrier]] = field(default_factory=dict)


# --------------------------------------------------------------------------- daemon jobs
class StoreJob(NamedTuple):
    """A cron job the daemon runs (``Daemon.run_job``) on a connection of its own.

    The digest, evidence and alerts packages each say which they need (``digest_jobs``,
    ``evidence.jobs.daemon_jobs``, ``alert_jobs``); the daemon alone schedules and runs them.
    """

    name: str
    work: Callable[[Store], object]
    cron: str  # crontab line
    timezone: str = "UTC"  # IANA name the cron line is read in


def join_notes(first: str | None, second: str | None) -> str | None:
    return "; ".join(part for part in (first, second) if part) or None


def as_json(record: Any) -> dict[str, Any]:
    """A record as ``--json`` prints it: its fields, flags as 0/1 as the database has them."""
    return {name: int(value) if isinstance(value, bool) else value for name, value in asdict(record).items()}
