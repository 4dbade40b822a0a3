"""What a digest carries: the pending stories, copies grouped, each explained as an entry.

Flagged stories that no digest carries yet, best score first. Copies of one story are one
entry ("also reported by ..."): copies the dedup stage linked (``story_id``: identical or
near-identical wire copy), and stories with the same normalised title published within
three days (see :func:`group_stories`). ``[digest] max_items`` caps the entries; the rest
stay pending for the next digest.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from monitor.analysis.stories import StoryCopy, StoryMatcher
from monitor.delivery.text import one_line, safe_url
from monitor.models import Carrier, DigestRecord, FactLine, StoredStory, StoryDetails
from monitor.settings import Settings
from monitor.store import parse_time
from monitor.store.digests import DigestLedger, Section

SNIPPET_CHARS = 280
TERMS_PER_GROUP = 2
MAX_TIP_FACTS = 4
MAX_FACTS = 6
LIST_NAME = "Trafficking news monitor digest"

# The rule groups, in the order analysts read a reason: who, what, which ranking.
GROUP_ORDER = {"ncct": 0, "trafficking": 1, "tip": 2}
KEY_ENTITY_LABELS = {"PERSON", "ORG", "GPE"}
# NER sometimes tags the ranking itself as an organisation; the facts already say it.
_NOT_AN_ENTITY = re.compile(r"\btier\b|watch list|trafficking in persons report", re.IGNORECASE)
CHANGE_WORDS = {"up": "up", "down": "down", "same": "unchanged"}
LANGUAGES = {
    "en": "English", "km": "Khmer", "th": "Thai", "vi": "Vietnamese", "zh": "Chinese", "id": "Indonesian",
    "ms": "Malay", "my": "Burmese", "lo": "Lao", "fr": "French", "tl": "Filipino",
}


# --------------------------------------------------------------------------- content
@dataclass
class Outlet:
    name: str
    url: str | None = None


@dataclass
class Entry:
    """One story as the digest shows it (several copies of it make one entry)."""

    article_ids: list[int]
    title: str
    url: str | None
    outlet: str
    day: date
    date: str
    lang: str | None
    language: str
    score: float
    why: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    tip_facts: list[str] = field(default_factory=list)
    statistics: list[str] = field(default_factory=list)
    snippet: str = ""
    also: list[Outlet] = field(default_factory=list)

    @property
    def facts(self) -> list[str]:
        return self.tip_facts + self.statistics


@dataclass
class Day:
    label: str
    entries: list[Entry]


@dataclass
class DigestContent:
    """Everything the templates show; built from database rows, rendered twice (text, HTML)."""

    date: str  # the digest's date in [digest] timezone
    entries: list[Entry]  # flagged, best first
    related: list[Entry]
    more: int  # flagged stories left for the next digest
    related_more: int = 0

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def days(self) -> list[Day]:
        by_day: dict[date, list[Entry]] = {}
        for entry in self.entries:  # already best first, so each day stays best first
            by_day.setdefault(entry.day, []).append(entry)
        return [Day(_day_label(day), by_day[day]) for day in sorted(by_day, reverse=True)]

    @property
    def tip_fact_count(self) -> int:
        return len({fact for entry in self.entries for fact in entry.tip_facts})

    @property
    def top_entities(self) -> list[str]:
        counts = Counter(name for entry in self.entries for name in entry.entities)
        return [name for name, _ in counts.most_common(5)]

    @property
    def summary(self) -> str:
        if not self.entries:
            return "No new flagged stories since the last digest."
        parts = [
            _plural(self.count, "new flagged story", "new flagged stories"),
            _plural(self.tip_fact_count, "TIP-tier fact", "TIP-tier facts"),
        ]
        if self.top_entities:
            parts.append("top names: " + ", ".join(self.top_entities))
        return " · ".join(parts)

    @property
    def more_note(self) -> str:
        if not self.more:
            return ""
        return f"and {_plural(self.more, 'more flagged story', 'more flagged stories')} waiting for the next digest"


def _plural(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _day_label(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _when(story: StoredStory) -> datetime:
    return parse_time(story.published_at) or parse_time(story.discovered_at) or datetime.now(UTC)


def group_stories(stories: Sequence[StoredStory]) -> list[list[StoredStory]]:
    """Group copies of one story (``StoryMatcher.group``); each group best first, groups best first."""
    return StoryMatcher().group(stories, _story_copy)


def _story_copy(story: StoredStory) -> StoryCopy:
    return StoryCopy(id=story.id, story=story.story, title=story.title or "", score=story.score, when=_when(story),
                     text=story.text or "")


def _format_fact(fact: FactLine) -> str:
    if fact.kind == "tip_tier":
        detail = ", ".join(str(part) for part in (fact.year, CHANGE_WORDS.get(fact.change or "")) if part)
        label = f"{fact.country}: {fact.tier}" if fact.country else str(fact.tier)
        return one_line(f"{label} ({detail})" if detail else label)
    number = f"{fact.number:,}" if fact.number is not None else "?"
    period = f" ({fact.period})" if fact.period else ""
    return one_line(f"{number} {fact.counted or ''}{period}")


def _snippet(story: StoredStory, title: str) -> str:
    text = one_line(story.summary or story.text or "", limit=10_000)
    if text.startswith(title):  # feed summaries often repeat the headline
        text = text[len(title) :].lstrip(" .:-–—")
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text[:SNIPPET_CHARS]
    space = cut.rfind(" ")
    # Khmer and Thai have no spaces between words: cut at the limit rather than nowhere.
    return (cut[:space] if space > SNIPPET_CHARS // 2 else cut).rstrip(" ,;:") + "…"


def build_entry(group: list[StoredStory], details: StoryDetails, tz: ZoneInfo) -> Entry:
    lead = group[0]
    ids = [story.id for story in group]
    title = one_line(lead.title) or "(untitled story)"
    outlet = one_line(lead.feed or lead.site_name) or (urlsplit(lead.url or "").netloc or "unknown outlet")
    when = _when(lead).astimezone(tz)

    why = _reasons(ids, details)
    entities = _key_entities(ids, details, english=(lead.lang or "en") == "en")
    tip, statistics = _facts(ids, details)

    also: dict[str, Outlet] = {}
    for story in group:
        carriers = details.outlets.get(story.id, []) or [Carrier(feed=story.feed, link=story.url)]
        for carrier in carriers:
            name = one_line(carrier.feed or story.site_name, 80)
            if name and name != outlet and name not in also:
                also[name] = Outlet(name, safe_url(carrier.link) or safe_url(story.url))

    return Entry(
        article_ids=ids,
        title=title,
        url=safe_url(lead.url),
        outlet=outlet,
        day=when.date(),
        date=f"{when.day} {when:%b %Y}",
        lang=lead.lang,
        language=LANGUAGES.get(lead.lang or "", lead.lang or "language unknown"),
        score=float(lead.score),
        why=why,
        entities=entities,
        tip_facts=tip[:MAX_TIP_FACTS],
        statistics=statistics[: MAX_FACTS - len(tip[:MAX_TIP_FACTS])],
        snippet=_snippet(lead, title),
        also=list(also.values()),
    )


def _reasons(ids: list[int], details: StoryDetails) -> list[str]:
    """The matched terms, most frequent first within each rule group: NCCT, trafficking, TIP."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, int, str]] = {}  # casefolded term -> (group rank, order seen, as written)
    for article_id in ids:
        for match in details.terms.get(article_id, []):
            key = match.term.casefold()
            counts[key] += 1
            first.setdefault(key, (GROUP_ORDER.get(match.group, 9), len(first), one_line(match.term, 60)))
    by_group: dict[int, list[str]] = {}
    for key in sorted(first, key=lambda k: (first[k][0], -counts[k], first[k][1])):
        by_group.setdefault(first[key][0], []).append(first[key][2])
    # Two terms per group say why; the full list is in the review queue.
    return [term for rank in sorted(by_group) for term in by_group[rank][:TERMS_PER_GROUP]]


def _key_entities(ids: list[int], details: StoryDetails, *, english: bool) -> list[str]:
    mentions: Counter[str] = Counter()
    for article_id in ids:
        for entity in details.entities.get(article_id, []):
            name = one_line(entity.canonical, 200)
            if entity.label not in KEY_ENTITY_LABELS or not name or len(name) > 40 or _NOT_AN_ENTITY.search(name):
                continue
            # The English model misreads other languages' sentences as names; keep the curated ones.
            if english or entity.curated:
                mentions[name] += entity.mentions
    return [name for name, _ in mentions.most_common(5)]


def _facts(ids: list[int], details: StoryDetails) -> tuple[list[str], list[str]]:
    tip: list[str] = []
    figures: dict[tuple[int | None, str], FactLine] = {}  # one line per figure, the one with a period
    for article_id in ids:
        for fact in details.facts.get(article_id, []):
            if fact.kind == "tip_tier":
                line = _format_fact(fact)
                if line not in tip:
                    tip.append(line)
                continue
            key = (fact.number, fact.counted or "")
            if key not in figures or (fact.period and not figures[key].period):
                figures[key] = fact
    return tip, [_format_fact(fact) for fact in figures.values()]


@dataclass
class Selection:
    """Groups chosen for a digest, per section, and how many were left out."""

    flagged: list[list[StoredStory]]
    related: list[list[StoredStory]]
    more: int
    related_more: int

    def items(self) -> list[tuple[int, Section]]:
        found: list[tuple[int, Section]] = []
        sections: tuple[tuple[Section, list[list[StoredStory]]], ...] = (("flagged", self.flagged), ("related", self.related))
        for section, groups in sections:
            found.extend((story.id, section) for group in groups for story in group)
        return found


def select_pending(settings: Settings, ledger: DigestLedger, now: datetime) -> Selection:
    """The pending stories the next digest carries (reads only)."""
    cap = settings.digest.max_items
    chosen: dict[str, tuple[list[list[StoredStory]], int]] = {}
    sections: tuple[Section, ...] = ("flagged", "related") if settings.digest.include_related else ("flagged",)
    for section in sections:
        # Late copies of a story already in a digest are not pending: the dedup stage gave
        # them its story_id. A same-titled story is never dropped here (it may be new).
        groups = group_stories(ledger.pending(section))
        chosen[section] = (groups[:cap], max(0, len(groups) - cap))
    flagged, more = chosen["flagged"]
    related, related_more = chosen.get("related", ([], 0))
    return Selection(flagged, related, more, related_more)


def content_of(
    ledger: DigestLedger, flagged: list[list[StoredStory]], related: list[list[StoredStory]],
    *, more: int, related_more: int, created: datetime, tz: ZoneInfo,
) -> DigestContent:
    details = ledger.details([story.id for group in flagged + related for story in group])
    return DigestContent(
        date=created.astimezone(tz).date().isoformat(),
        entries=[build_entry(group, details, tz) for group in flagged],
        related=[build_entry(group, details, tz) for group in related],
        more=more,
        related_more=related_more,
    )


def recorded_content(ledger: DigestLedger, digest: DigestRecord, tz: ZoneInfo) -> DigestContent:
    """The content of a recorded digest, rebuilt from its items (first send and retries alike)."""
    items = ledger.items(digest.id)
    stories = {story.id: story for story in ledger.articles([item["article_id"] for item in items])}
    by_section: dict[str, list[StoredStory]] = {"flagged": [], "related": []}
    for item in items:
        if item["article_id"] in stories:
            by_section[item["section"]].append(stories[item["article_id"]])
    return content_of(
        ledger, group_stories(by_section["flagged"]), group_stories(by_section["related"]),
        more=digest.more_count, related_more=0, created=parse_time(digest.created_at) or datetime.now(UTC), tz=tz,
    )


def zone(settings: Settings) -> ZoneInfo:
    return ZoneInfo(settings.digest.timezone)  # checked when the settings were loaded

