"""Which flagged stories a watchlist wants (its filters), and each story as an alert shows it.

Filters are all optional and combined with AND; within one filter any listed value matches:

* ``languages``: the story's language code (``km``, ``th``, ``en`` ...);
* ``countries``: a country named in the story's TIP-tier facts or among its place entities (GPE);
* ``feeds``: the name or URL of any feed that carried the story;
* ``groups``: a rule group that matched (``ncct``, ``tip``, ``trafficking``);
* ``min_score``: the story's score is at least this;
* ``terms``: a word or phrase in the title or text (case-insensitive).

A story is shown as the digest shows it (:func:`monitor.delivery.digest.compose.build_entry`:
outlet, date, language, key names, TIP tiers and figures, "also reported by"), plus the
stored reason, the publication time and a link to the desk when ``[review] base_url`` is set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from monitor.delivery.digest.compose import Entry, Outlet, build_entry, group_stories
from monitor.delivery.text import one_line
from monitor.models import StoredStory, StoryDetails
from monitor.settings import AlertSettings, Settings
from monitor.store.alerts import AlertLedger
from monitor.store.reviews import ARTICLES_TABLE
from monitor.timefmt import parse_time


@dataclass(frozen=True)
class AlertStory:
    """One story (with its copies) as every channel renders it."""

    entry: Entry
    reason: str
    published: str | None  # ISO 8601, UTC
    desk_url: str | None

    @property
    def facts(self) -> list[str]:
        return self.entry.facts

    def payload(self, *, watchlist: str, delivery_key: str) -> dict[str, Any]:
        """The webhook's JSON body; the other channels render the same fields."""
        entry = self.entry
        return {
            "event": "story.flagged",
            "watchlist": watchlist,
            "id": delivery_key,
            "url": entry.url,
            "title": entry.title,
            "outlet": entry.outlet,
            "published": self.published,
            "language": entry.lang,
            "reason": self.reason,
            "score": entry.score,
            "facts": entry.facts,
            "entities": entry.entities,
            "also_reported_by": [{"outlet": outlet.name, "url": outlet.url} for outlet in entry.also],
            "desk_url": self.desk_url,
            "article_ids": entry.article_ids,
        }


def wanted(alert: AlertSettings, story: StoredStory, details: StoryDetails, feeds: set[str]) -> bool:
    """Whether the watchlist's filters (AND of each one given) accept this stored story."""
    article_id = story.id
    if alert.languages and (story.lang or "").casefold() not in _folded(alert.languages):
        return False
    if alert.min_score is not None and float(story.score) < alert.min_score:
        return False
    if alert.groups and not _folded(alert.groups) & {m.group.casefold() for m in details.terms.get(article_id, [])}:
        return False
    if alert.feeds and not _folded(alert.feeds) & {name.casefold() for name in feeds}:
        return False
    if alert.countries:
        named = {f.country.casefold() for f in details.facts.get(article_id, []) if f.kind == "tip_tier" and f.country}
        named |= {e.canonical.casefold() for e in details.entities.get(article_id, []) if e.label == "GPE" and e.canonical}
        if not _folded(alert.countries) & named:
            return False
    if alert.terms:
        haystack = f"{story.title or ''}\n{story.text or ''}".casefold()
        if not any(term.casefold() in haystack for term in alert.terms):
            return False
    return True


def _folded(values: Sequence[str]) -> set[str]:
    return {value.strip().casefold() for value in values}


def select(alert: AlertSettings, ledger: AlertLedger, stories: list[StoredStory]) -> list[list[StoredStory]]:
    """The candidate stories the watchlist wants, copies grouped (each group best first)."""
    if not stories:
        return []
    ids = [story.id for story in stories]
    details = ledger.details(ids)
    carriers = ledger.feed_urls(ids)
    chosen = [story for story in stories if wanted(alert, story, details, carriers.get(story.id, set()))]
    return group_stories(chosen)


def alert_stories(settings: Settings, ledger: AlertLedger, stories: list[StoredStory],
                  order: Sequence[int] = ()) -> list[AlertStory]:
    """The stories of a recorded delivery, rebuilt from its articles (first send, retries and edits alike).

    ``order`` is the delivery's article ids as recorded: within a story the article recorded first
    stays its lead, so a copy added later shows as "also reported by", not as a new headline.
    """
    from monitor.delivery.digest.compose import zone

    rank = {article_id: index for index, article_id in enumerate(order)}
    groups = [sorted(group, key=lambda story: rank.get(story.id, len(rank))) for group in group_stories(stories)]
    details = ledger.details([story.id for group in groups for story in group])
    tz = zone(settings)
    return [_story(settings, group, details, tz) for group in groups]


def _story(settings: Settings, group: list[StoredStory], details: StoryDetails, tz: ZoneInfo) -> AlertStory:
    lead = group[0]
    published = parse_time(lead.published_at)
    return AlertStory(
        entry=build_entry(group, details, tz),
        reason=one_line(lead.reason, 500),
        published=published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if published else None,
        desk_url=desk_url(settings, lead.id),
    )


def desk_url(settings: Settings, article_id: int) -> str | None:
    """The story's page in the review desk (Datasette's row page), when ``[review] base_url`` is set."""
    base = settings.review.base_url
    if not base:
        return None
    return f"{base}/{quote(Path(settings.storage.path).stem, safe='')}/{ARTICLES_TABLE}/{article_id}"


def sample_story(settings: Settings) -> AlertStory:
    """An invented story for ``monitor alerts test``: nothing is read from or written to the database."""
    entry = Entry(
        article_ids=[0],
        title="Test alert: Cambodia's NCCT reports 41 victims returned & TIP ranking unchanged",
        url="https://example.org/monitor-test-alert",
        outlet="Trafficking news monitor (test)",
        day=date.today(),
        date=f"{date.today():%d %b %Y}",
        lang="en",
        language="English",
        score=9.0,
        why=["NCCT", "human trafficking", "Tier 2"],
        entities=["NCCT", "Cambodia"],
        tip_facts=["Cambodia: Tier 2 Watch List (2025, unchanged)"],
        statistics=["41 victims returned"],
        snippet="This is a test message sent by `monitor alerts test`; it is not a real story.",
        also=[Outlet("Example wire service", "https://example.org/wire")],
    )
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return AlertStory(entry=entry, reason="trafficking: human trafficking ×1; ncct: NCCT ×1; tip: Tier 2 ×1",
                      published=now, desk_url=desk_url(settings, 0))
