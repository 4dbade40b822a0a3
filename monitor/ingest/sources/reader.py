"""Dispatch per source kind, and aggregator links resolved before pages are fetched.

The poller calls ``Sources.read`` with the fetched feed body and gets a ``ParsedFeed``
whatever the kind; for new entries it calls ``Sources.resolve``, which replaces
aggregator links with the publisher's URL and says, per entry, whether a page is to be
fetched (a Telegram post's own text is the story) and why a link stayed unresolved.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from monitor.errors import FeedParseError, FetchError
from monitor.forking import without_fork
from monitor.ingest.fetcher import Fetcher, FetchResult
from monitor.ingest.parser import parse_feed
from monitor.ingest.sources import sitemaps, telegram
from monitor.ingest.sources.aggregators import unwrap
from monitor.ingest.sources.botwall import raise_for_status
from monitor.ingest.sources.googlenews import GoogleNewsDecoder
from monitor.models import Entry, ParsedFeed
from monitor.settings import SourcesSettings

log = logging.getLogger(__name__)

SITEMAP_ACCEPT = "application/xml, text/xml;q=0.9, */*;q=0.5"
CHILD_CACHE_SIZE = 256  # child sitemaps whose validators and entries are remembered
MAX_UNWRAP = 3  # an alert link wrapping a Google News link wrapping ...


@dataclass(frozen=True)
class EntryHints:
    """How the poller treats one entry beyond its link."""

    fetch_page: bool = True  # False: the entry's own text is the story (a Telegram post)
    lang: str | None = None  # language the source states (news:language)
    unresolved: str | None = None  # why an aggregator link was not resolved; the page is not fetched


@dataclass
class ParsedSource(ParsedFeed):
    kind: str = "feed"  # "feed", "sitemap", "telegram"
    hints: dict[str, EntryHints] = field(default_factory=dict)  # by entry key


def sniff(body: bytes, headers: dict[str, str]) -> str:
    """The source kind of a fetched body: "sitemap", "robots", "telegram" or "feed"."""
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if sitemaps.looks_like_sitemap(body):
        return "sitemap"
    if sitemaps.looks_like_robots(body, content_type):
        return "robots"
    if telegram.looks_like_preview(body[:400_000]):
        return "telegram"
    return "feed"


def parse_one(body: bytes, headers: dict[str, str], url: str, *, max_entries: int) -> ParsedSource | sitemaps.Sitemap:
    """Parse a body of any kind without fetching more (an index comes back as a ``Sitemap``)."""
    kind = sniff(body, headers)
    try:
        return _parse_kind(kind, body, headers, url, max_entries=max_entries)
    except FeedParseError:
        raise
    except Exception as exc:  # a parser's own bug or a hostile body must cost this source, not the poll
        log.exception("source parser failed", extra={"url": url})
        raise FeedParseError(f"{kind} parser failed: {type(exc).__name__}: {exc}") from exc


def _parse_kind(
    kind: str, body: bytes, headers: dict[str, str], url: str, *, max_entries: int
) -> ParsedSource | sitemaps.Sitemap:
    if kind == "sitemap":
        found = sitemaps.parse_sitemap(body, max_entries=max_entries)
        return found if found.kind == "index" else _from_sitemap(found, url)
    if kind == "robots":
        return sitemaps.Sitemap(kind="index", children=sitemaps.robots_sitemaps(body))
    if kind == "telegram":
        channel = telegram.parse_preview(body, url)
        source = _as_source(channel.feed, "telegram")
        source.hints = {e.key: EntryHints(fetch_page=False) for e in source.entries if e.key not in channel.page_links}
        return source
    return _as_source(parse_feed(body, headers, url), "feed")


def _as_source(parsed: ParsedFeed, kind: str) -> ParsedSource:
    values = {f.name: getattr(parsed, f.name) for f in dataclasses.fields(ParsedFeed)}
    return ParsedSource(**values, kind=kind)


def _from_sitemap(found: sitemaps.Sitemap, url: str, warning: str | None = None) -> ParsedSource:
    parts = urlsplit(url)
    notes = [warning] if warning else []
    if found.skipped:
        notes.append(f"{found.skipped} older sitemap page(s) left out ([sources] sitemap_max_entries)")
    return ParsedSource(
        format="sitemap-news" if found.news else "sitemap",
        title=found.publication,
        site_url=f"{parts.scheme}://{parts.netloc}/" if parts.netloc else None,
        entries=found.entries,
        warning="; ".join(notes) or None,
        kind="sitemap",
        hints={key: EntryHints(lang=lang) for key, lang in found.languages.items()},
    )


class Sources:
    """One per pipeline: holds the Google News decoder's cache and the child-sitemap cache."""

    def __init__(self, settings: SourcesSettings) -> None:
        self.settings = settings
        self.google_news = GoogleNewsDecoder(
            settings.google_news_url, enabled=settings.google_news_decode, cache_size=settings.link_cache_size,
            pause_seconds=settings.google_news_pause,
        )
        self._children: OrderedDict[str, tuple[str | None, str | None, sitemaps.Sitemap]] = OrderedDict()

    # ------------------------------------------------------------------ reading
    async def read(self, fetcher: Fetcher, result: FetchResult) -> ParsedFeed:
        """The entries of a fetched source body of any kind."""
        # without_fork: lxml runs in this thread, and a worker must not be forked mid-call.
        found = await asyncio.to_thread(without_fork, functools.partial(
            parse_one, result.body, result.headers, result.url, max_entries=self.settings.sitemap_max_entries))
        if isinstance(found, ParsedSource):
            return found
        return await self._read_index(fetcher, found, result)

    async def _read_index(self, fetcher: Fetcher, index: sitemaps.Sitemap, result: FetchResult) -> ParsedSource:
        """A sitemap index or robots.txt: read its newest child sitemaps (one level deeper at most)."""
        if not index.children:
            raise FeedParseError("not a feed: a sitemap index (or robots.txt) that lists no sitemaps")
        # The index may stay the same while its children change: poll it unconditionally,
        # and its children conditionally (below).
        result.headers.pop("etag", None)
        result.headers.pop("last-modified", None)
        pages: list[sitemaps.Sitemap] = []
        problems: list[str] = []
        queue = list(index.children[: self.settings.sitemap_max_children])
        index_host = urlsplit(result.url).hostname
        depth_left = 1
        while queue:
            child_url = queue.pop(0)
            try:
                # A child on another host is third-party input: keep it off private networks.
                child = await self._child(fetcher, child_url, guard=urlsplit(child_url).hostname != index_host)
            except (FetchError, FeedParseError) as exc:
                problems.append(f"{child_url}: {exc}")
                continue
            if child.kind == "index":
                if depth_left:
                    depth_left -= 1
                    queue.extend(child.children[: self.settings.sitemap_max_children])
                continue
            pages.append(child)
        if not pages:
            raise FeedParseError("no readable sitemap in the index: " + "; ".join(problems[:3]))
        merged = sitemaps.Sitemap(kind="urlset", news=any(p.news for p in pages))
        seen: set[str] = set()
        for page in pages:
            merged.publication = merged.publication or page.publication
            merged.skipped += page.skipped
            for entry in page.entries:
                if entry.key not in seen:
                    seen.add(entry.key)
                    merged.entries.append(entry)
                    if entry.key in page.languages:
                        merged.languages[entry.key] = page.languages[entry.key]
        oldest = datetime.min.replace(tzinfo=UTC)
        merged.entries.sort(key=lambda e: e.published_at or oldest, reverse=True)
        cap = self.settings.sitemap_max_entries
        merged.skipped += max(0, len(merged.entries) - cap)
        merged.entries = merged.entries[:cap]
        source = _from_sitemap(merged, result.url, "; ".join(problems[:3]) or None)
        source.body_tells_changes = False
        return source

    async def _child(self, fetcher: Fetcher, url: str, *, guard: bool) -> sitemaps.Sitemap:
        etag, modified, cached = self._children.get(url, (None, None, None))
        answer = await fetcher.get(url, etag=etag, last_modified=modified, accept=SITEMAP_ACCEPT, guard=guard)
        if answer.not_modified and cached is not None:
            self._children.move_to_end(url)
            return cached
        raise_for_status(answer)
        body, headers = answer.body, answer.headers
        if sitemaps.looks_like_robots(body, answer.content_type):
            return sitemaps.Sitemap(kind="index", children=sitemaps.robots_sitemaps(body))
        parsed = await asyncio.to_thread(without_fork, functools.partial(
            sitemaps.parse_sitemap, body, max_entries=self.settings.sitemap_max_entries))
        self._children[url] = (headers.get("etag"), headers.get("last-modified"), parsed)
        while len(self._children) > CHILD_CACHE_SIZE:
            self._children.popitem(last=False)
        return parsed

    # ------------------------------------------------------------------ links
    async def resolve(
        self, fetcher: Fetcher, parsed: ParsedFeed, entries: Sequence[Entry]
    ) -> list[tuple[Entry, EntryHints]]:
        """New entries with aggregator links replaced by the publisher's URL, and their hints."""
        hints = parsed.hints if isinstance(parsed, ParsedSource) else {}
        resolved: list[tuple[Entry, EntryHints]] = []
        opaque: dict[str, str] = {}
        for entry in entries:
            link = entry.link
            vias: set[str] = set()
            for _ in range(MAX_UNWRAP):
                found = unwrap(link) if link else None
                if found is None:
                    break
                vias.add(found.via)
                if found.url is None:
                    if found.article_id:
                        opaque[link or ""] = found.article_id
                    break
                link = found.url
            if link != entry.link:
                entry = dataclasses.replace(entry, link=link)
            if "google-news" in vias and " - " in entry.title:
                # Google News appends " - Outlet" to every headline; the outlet's own title has none.
                entry = dataclasses.replace(entry, title=entry.title.rsplit(" - ", 1)[0].strip())
            resolved.append((entry, hints.get(entry.key, EntryHints())))
        if not opaque:
            return resolved
        decoded = await self.google_news.decode(fetcher, opaque)
        for index, (entry, hint) in enumerate(resolved):
            answer = decoded.get(entry.link or "")
            if answer is None:
                continue
            if answer.url:
                resolved[index] = (dataclasses.replace(entry, link=answer.url), hint)
            else:
                reason = f"Google News link not resolved: {answer.error}; stored from the feed's title and snippet"
                resolved[index] = (entry, dataclasses.replace(hint, unresolved=reason))
        return resolved
