"""Feed discovery: what a site offers to poll, for ``monitor feeds add`` and ``feeds discover``.

In order: the URL itself when it is already a source (a feed, a sitemap, a Telegram
preview); the feeds the page links to (``<link rel="alternate">``); when it links none,
the usual paths (``/feed``, ``/rss``, ``/feed.xml``, ...); topic feeds on WordPress sites
(``/tag/human-trafficking/feed/``, the ``?s=trafficking&feed=rss2`` search feed) for outlets
whose general feed is too busy to catch everything; and the sitemaps named by the site's
robots.txt. Every candidate is fetched and parsed before it is offered, through the
shared polite fetcher (per-host delay and concurrency apply).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from monitor.errors import FeedParseError, FetchError
from monitor.ingest.fetcher import FEED_ACCEPT, Fetcher, FetchResult
from monitor.ingest.sources import sitemaps, telegram
from monitor.ingest.sources.botwall import bot_wall, describe
from monitor.ingest.sources.reader import ParsedSource, parse_one
from monitor.settings import HttpSettings

log = logging.getLogger(__name__)

USUAL_PATHS = ("/feed", "/rss", "/feed.xml", "/rss.xml", "/atom.xml", "/index.xml", "/feeds/posts/default")
TOPIC_TAGS = ("human-trafficking",)
TOPIC_SEARCH = "trafficking"
MAX_LINKED = 6  # feeds taken from one page's <link rel="alternate">
MAX_SITEMAPS = 4  # robots.txt sitemaps checked
_FEED_TYPES = ("rss", "atom", "rdf", "feed+json")


@dataclass(frozen=True)
class Candidate:
    url: str  # what is stored when this candidate is added
    kind: str  # "rss20", "atom10", "json1", "sitemap-news", "sitemap", "sitemap index", "telegram", ...
    title: str | None
    entries: int  # entries (or child sitemaps) found when it was checked
    how: str  # how it was found
    topic: bool = False  # a topic or search feed


@dataclass
class Discovery:
    url: str  # the URL asked about (Telegram channel links become their preview)
    page_title: str | None = None
    candidates: list[Candidate] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # why the URL or a probe failed


async def discover(fetcher: Fetcher, url: str, *, max_entries: int = 100) -> Discovery:
    """Every source ``url`` offers, each checked by fetching and parsing it."""
    url = telegram.preview_url(url) or url
    found = Discovery(url=url)
    try:
        page = await fetcher.get(url, accept=f"text/html;q=0.9, {FEED_ACCEPT}")
    except FetchError as exc:
        found.problems.append(f"{url}: {exc}")
        return found
    wall = bot_wall(page)
    if wall is not None:
        found.problems.append(f"{url}: {describe(page, wall)}")
        return found
    if page.status >= 400:
        found.problems.append(f"{url}: HTTP {page.status}")
        return found
    itself = _candidate(page, "the URL itself", max_entries)
    if itself is not None:
        found.candidates.append(itself)
        return found
    root = _html(page)
    if root is None:
        found.problems.append(f"{page.url}: neither a feed, a sitemap, a Telegram preview nor an HTML page")
        return found
    titles = root.xpath("//title/text()")
    found.page_title = " ".join(str(titles[0]).split()) if titles else None
    site = _site_root(page.url)
    asked_host = urlsplit(page.url).hostname
    checked: set[str] = {page.url}

    async def probe(target: str, how: str, *, topic: bool = False) -> Candidate | None:
        if target in checked:
            return None
        checked.add(target)
        try:
            # Links found on the page are third-party input: keep them off private networks.
            answer = await fetcher.get(target, accept=FEED_ACCEPT, guard=urlsplit(target).hostname != asked_host)
        except FetchError as exc:
            found.problems.append(f"{target}: {exc}")
            return None
        if answer.status >= 400:
            what = bot_wall(answer)
            if what is not None:
                found.problems.append(f"{target}: {describe(answer, what)}")
            return None
        if answer.url in checked and answer.url != target:
            return None  # a redirect to a candidate already listed
        checked.add(answer.url)
        candidate = _candidate(answer, how, max_entries, topic=topic)
        if candidate is not None and all(c.url != candidate.url for c in found.candidates):
            found.candidates.append(candidate)
        return candidate

    linked = _linked_feeds(root, page.url)
    for href in linked[:MAX_LINKED]:
        await probe(href, 'linked from the page (<link rel="alternate">)')
    if not found.candidates:
        for path in USUAL_PATHS:
            await probe(urljoin(site, path), f"usual path {path}")
    if _is_wordpress(page, root, linked):
        for tag in TOPIC_TAGS:
            await probe(urljoin(site, f"/tag/{tag}/feed/"), f"WordPress topic feed (tag {tag})", topic=True)
        await probe(urljoin(site, f"/?s={TOPIC_SEARCH}&feed=rss2"), f"WordPress search feed ({TOPIC_SEARCH!r})", topic=True)
    try:
        robots = await fetcher.get(urljoin(site, "/robots.txt"), accept="text/plain")
        listed = sitemaps.robots_sitemaps(robots.body) if robots.status == 200 else []
    except FetchError as exc:
        found.problems.append(f"robots.txt: {exc}")
        listed = []
    for sitemap_url in listed[:MAX_SITEMAPS]:
        await probe(sitemap_url, "robots.txt Sitemap: line")
    return found


def discover_now(http: HttpSettings, url: str, *, max_entries: int = 100) -> Discovery:
    """``discover`` with a fetcher of its own, for the command line."""

    async def run() -> Discovery:
        async with Fetcher(http) as fetcher:
            return await discover(fetcher, url, max_entries=max_entries)

    return asyncio.run(run())


def _candidate(answer: FetchResult, how: str, max_entries: int, *, topic: bool = False) -> Candidate | None:
    try:
        parsed = parse_one(answer.body, answer.headers, answer.url, max_entries=max_entries)
    except FeedParseError:
        return None
    if isinstance(parsed, ParsedSource):
        return Candidate(url=answer.url, kind=parsed.format, title=parsed.title, entries=len(parsed.entries), how=how,
                         topic=topic)
    return Candidate(url=answer.url, kind="sitemap index", title=None, entries=len(parsed.children), how=how)


def _html(page: FetchResult) -> lxml_html.HtmlElement | None:
    head = page.body[:4096].lower()
    if b"<html" not in head and b"<!doctype html" not in head and "html" not in page.content_type:
        return None
    try:
        return lxml_html.document_fromstring(page.body)
    except Exception:  # lxml raises several types on junk
        return None


def _linked_feeds(root: lxml_html.HtmlElement, base: str) -> list[str]:
    found: list[str] = []
    for link in root.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower()
        href = (link.get("href") or "").strip()
        # WordPress links its REST API and oEmbed as application/json alternates on every
        # page: only a JSON file that is not one of those may be a JSON Feed.
        json_feed = kind == "application/json" and href.lower().endswith(".json") and "wp-json" not in href.lower()
        if "alternate" in rel and href and (json_feed or any(marker in kind for marker in _FEED_TYPES)):
            found.append(urljoin(base, href))
    # Comment feeds are never what an analyst wants: offer them last.
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=lambda href: "comment" in href.lower())


def _is_wordpress(page: FetchResult, root: lxml_html.HtmlElement, linked: list[str]) -> bool:
    generator = " ".join(str(v) for v in root.xpath("//meta[@name='generator']/@content")).lower()
    return (
        "wordpress" in generator or b"/wp-content/" in page.body or b"/wp-json/" in page.body
        or any(href.rstrip("/").endswith("/feed") for href in linked)
    )


def _site_root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"
