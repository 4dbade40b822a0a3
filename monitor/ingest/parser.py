"""Parser stage: feed bytes in, a list of entries out.

feedparser reads RSS 0.9x/1.0/2.0, Atom and RDF; JSON Feed (which feedparser does not
read) is parsed here. A recoverable error (feedparser's "bozo") keeps the good entries
and becomes a warning; a body with no feed in it is a ``FeedParseError``.
"""

from __future__ import annotations

import calendar
import hashlib
import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

import feedparser
from lxml import html as lxml_html

from monitor.errors import FeedParseError
from monitor.models import Entry, ParsedFeed

log = logging.getLogger(__name__)

JSON_FEED_TYPES = ("application/feed+json", "application/json")


def parse_feed(body: bytes, headers: dict[str, str] | None = None, url: str = "") -> ParsedFeed:
    """Parse a fetched feed body. ``headers`` are the HTTP response headers (lower-case)."""
    headers = headers or {}
    content_type = headers.get("content-type", "").split(";")[0].strip().lower()
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if content_type in JSON_FEED_TYPES or stripped[:1] in (b"{", b"["):
        return _parse_json_feed(stripped, url)
    try:
        parsed = feedparser.parse(body, response_headers=headers, sanitize_html=False)
    except Exception as exc:  # feedparser's own bugs must not stop a poll
        raise FeedParseError(f"feed parser failed: {type(exc).__name__}: {exc}") from exc
    warning = None
    if parsed.bozo:
        warning = f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}"
    if not parsed.version and not parsed.entries:
        if _looks_like_html(stripped):
            found = _alternate_feed_links(body, url)
            hint = f"; the page links to feed(s): {', '.join(found)}" if found else ""
            raise FeedParseError(f"not a feed: the URL returned an HTML page ({content_type or 'no type'}){hint}")
        detail = f" ({warning})" if warning else ""
        raise FeedParseError(f"not a feed: no RSS, Atom, RDF or JSON Feed found{detail}")
    if parsed.bozo and not parsed.entries:
        raise FeedParseError(f"not a feed: malformed XML with no readable entries ({warning})")
    feed = parsed.feed
    entries = [_entry_from_feedparser(item) for item in parsed.entries]
    ttl = _int_or_none(feed.get("ttl"))
    return ParsedFeed(
        format=parsed.version or "unknown",
        title=feed.get("title"),
        site_url=feed.get("link"),
        entries=entries,
        warning=warning,
        ttl_minutes=ttl,
    )


def _web_link(link: Any) -> str | None:
    """Only http(s) links are fetchable; feedparser puts an Atom ``tag:`` id in ``link``."""
    if not isinstance(link, str) or not link.strip():
        return None
    return link.strip() if link.strip().lower().startswith(("http://", "https://")) else None


def _entry_from_feedparser(item: Any) -> Entry:
    link = _web_link(item.get("link"))
    guid = item.get("id") or None
    published = item.get("published_parsed") or item.get("updated_parsed")
    published_at = datetime.fromtimestamp(calendar.timegm(published), UTC) if published else None
    contents = [c.get("value", "") for c in item.get("content", []) if c.get("value")]
    title = html_to_text(item.get("title", ""))
    summary = html_to_text(item.get("summary", ""))
    content = html_to_text(max(contents, key=len)) if contents else ""
    return Entry(
        key=entry_key(guid, link, title, published_at),
        guid=guid,
        link=link,
        title=title,
        summary=summary,
        content=content,
        published_at=published_at,
        author=item.get("author") or None,
    )


def _parse_json_feed(body: bytes, url: str) -> ParsedFeed:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedParseError(f"not a feed: invalid JSON ({exc})") from exc
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith("https://jsonfeed.org/version/"):
        raise FeedParseError("not a feed: JSON without a jsonfeed.org version")
    entries: list[Entry] = []
    skipped = 0
    for item in data.get("items") or []:
        if not isinstance(item, dict):
            skipped += 1
            continue
        link = _web_link(item.get("url") or item.get("external_url"))
        guid = str(item["id"]) if item.get("id") is not None else None
        published_at = _iso_datetime(item.get("date_published") or item.get("date_modified"))
        title = html_to_text(str(item.get("title") or ""))
        content = str(item.get("content_text") or "") or html_to_text(str(item.get("content_html") or ""))
        authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
        author = next((a.get("name") for a in authors if isinstance(a, dict) and a.get("name")), None)
        entries.append(
            Entry(
                key=entry_key(guid, link, title, published_at),
                guid=guid,
                link=link,
                title=title,
                summary=html_to_text(str(item.get("summary") or "")),
                content=content.strip(),
                published_at=published_at,
                author=author,
            )
        )
    version = str(data["version"]).rsplit("/", 1)[-1]
    return ParsedFeed(
        format=f"json{version}",
        title=data.get("title"),
        site_url=data.get("home_page_url"),
        entries=entries,
        warning=f"{skipped} malformed item(s) skipped" if skipped else None,
    )


def entry_key(guid: str | None, link: str | None, title: str, published_at: datetime | None) -> str:
    """Identity of an entry within its feed: GUID, else link, else a hash of title and date."""
    if guid:
        return f"guid:{guid.strip()}"
    if link:
        return f"link:{link.strip()}"
    stamp = published_at.isoformat() if published_at else ""
    return "hash:" + hashlib.sha1(f"{title}\n{stamp}".encode()).hexdigest()


_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment from a feed (entities decoded, tags dropped)."""
    if not fragment or ("<" not in fragment and "&" not in fragment):
        return _SPACES.sub(" ", fragment or "").strip()
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several types on junk; plain text is still wanted
        return _SPACES.sub(" ", re.sub(r"<[^>]+>", " ", fragment)).strip()
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3", "h4", "tr"):
        block.tail = "\n" + (block.tail or "")
    text = root.text_content()
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lower()
    return b"<html" in head or b"<!doctype html" in head


def _alternate_feed_links(body: bytes, url: str) -> list[str]:
    try:
        root = lxml_html.document_fromstring(body, base_url=url or None)
    except Exception:
        return []
    if url:
        root.make_links_absolute(url, handle_failures="ignore")
    found = []
    for link in root.iter("link"):
        kind = (link.get("type") or "").lower()
        if "alternate" in (link.get("rel") or "").lower() and ("rss" in kind or "atom" in kind or "json" in kind):
            if link.get("href"):
                found.append(link.get("href"))
    return found[:3]


def _iso_datetime(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _int_or_none(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None
