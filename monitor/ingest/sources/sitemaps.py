"""News sitemaps as sources: ``<urlset>`` (with Google News ``news:news`` fields), sitemap
indexes, and the ``Sitemap:`` lines of a site's robots.txt.

A sitemap is read like a feed: each ``<url>`` becomes an entry keyed by its ``<loc>``, so
only pages not seen before are fetched; title, publication date and language come from
the ``news:`` fields when present (else ``<lastmod>``). Only the newest
``[sources] sitemap_max_entries`` pages are taken from one sitemap, so a site's full
archive is never fetched in one go.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree

from monitor.errors import FeedParseError
from monitor.ingest.parser import entry_key
from monitor.ingest.urls import is_http_url
from monitor.models import Entry

NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_SITEMAP_LINE = re.compile(rb"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)


@dataclass
class Sitemap:
    kind: str  # "urlset" or "index"
    entries: list[Entry] = field(default_factory=list)
    languages: dict[str, str] = field(default_factory=dict)  # entry key -> news:language
    children: list[str] = field(default_factory=list)  # child sitemaps, newest first
    news: bool = False  # has news:news fields
    publication: str | None = None  # news:publication/news:name
    skipped: int = 0  # older pages left out by the entry cap


# The root element, after an XML declaration, stylesheet instructions and comments.
_SITEMAP_ROOT = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:(?:<!--.*?-->|<\?xml-stylesheet[^>]*\?>)\s*)*<(?:\w+:)?(?:urlset|sitemapindex)\b",
    re.DOTALL,
)


def looks_like_sitemap(body: bytes) -> bool:
    try:
        head = gunzip(body, 8192)[:8192]
    except FeedParseError:
        return False
    return bool(_SITEMAP_ROOT.match(head))


def robots_sitemaps(body: bytes) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt, news sitemaps first."""
    found = [match.decode("utf-8", "replace") for match in _SITEMAP_LINE.findall(body[:500_000])]
    unique = list(dict.fromkeys(url for url in found if is_http_url(url)))
    return sorted(unique, key=lambda url: "news" not in url.lower())


def looks_like_robots(body: bytes, content_type: str) -> bool:
    return content_type in ("text/plain", "") and bool(_SITEMAP_LINE.search(body[:500_000])) and b"<" not in body[:200]


def gunzip(body: bytes, limit: int) -> bytes:
    """A ``.xml.gz`` sitemap's XML (at most ``limit`` bytes); other bodies unchanged."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, limit)
    except zlib.error as exc:
        raise FeedParseError(f"not a sitemap: broken gzip ({exc})") from exc


def parse_sitemap(body: bytes, *, max_entries: int, limit: int = 50_000_000) -> Sitemap:
    try:
        root = etree.fromstring(gunzip(body, limit), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise FeedParseError(f"not a sitemap: {exc}") from exc
    if root is None:
        raise FeedParseError("not a sitemap: no XML root")
    kind = etree.QName(root).localname
    if kind == "sitemapindex":
        children = []
        for node in root:
            if _local(node) == "sitemap":
                loc = _child_text(node, "loc")
                if loc:
                    children.append((_date(_child_text(node, "lastmod")), loc))
        children.sort(key=lambda pair: pair[0] or datetime.min.replace(tzinfo=UTC), reverse=True)
        return Sitemap(kind="index", children=[loc for _, loc in children])
    if kind != "urlset":
        raise FeedParseError(f"not a sitemap: root element <{kind}>")
    sitemap = Sitemap(kind="urlset")
    found: list[tuple[Entry, str | None]] = []
    for node in root:
        if _local(node) != "url":
            continue
        loc = _child_text(node, "loc")
        if not loc or not is_http_url(loc):
            continue
        news = node.find(f"{{{NEWS_NS}}}news")
        title, language, published = "", None, _date(_child_text(node, "lastmod"))
        if news is not None:
            sitemap.news = True
            title = _child_text(news, "title") or ""
            published = _date(_child_text(news, "publication_date")) or published
            publication = news.find(f"{{{NEWS_NS}}}publication")
            if publication is not None:
                language = _child_text(publication, "language")
                sitemap.publication = sitemap.publication or _child_text(publication, "name")
        entry = Entry(
            key=entry_key(None, loc, title, published), guid=None, link=loc, title=title, summary="",
            content="", published_at=published, author=None,
        )
        found.append((entry, language))
    found.sort(key=lambda pair: pair[0].published_at or datetime.min.replace(tzinfo=UTC), reverse=True)
    sitemap.skipped = max(0, len(found) - max_entries)
    for entry, language in found[:max_entries]:
        sitemap.entries.append(entry)
        if language:
            sitemap.languages[entry.key] = _language_code(language)
    return sitemap


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _child_text(node: etree._Element, name: str) -> str | None:
    for child in node:
        if _local(child) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        text += "T00:00:00+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _language_code(value: str) -> str:
    # news:language is ISO 639 ("th", "zh-cn", "zh-tw"); the monitor stores the base code.
    return value.strip().lower().split("-")[0]
