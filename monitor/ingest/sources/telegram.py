"""Telegram public channels through their web preview, ``https://t.me/s/CHANNEL``.

No account or API key: the preview is a public HTML page listing the latest posts. Each
post becomes an entry with its permalink (``https://t.me/CHANNEL/123``), date and text.
The post's own text is the story; when a post is only a link (little text beside the
URL), the linked article is fetched instead and the post is kept as its summary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from lxml import html as lxml_html

from monitor.errors import FeedParseError
from monitor.ingest.parser import entry_key, html_to_text
from monitor.ingest.urls import is_http_url
from monitor.models import Entry, ParsedFeed

TELEGRAM_HOSTS = ("t.me", "telegram.me")
LINK_ONLY_CHARS = 80  # a post with less text than this beside its link is "only a link"
TITLE_CHARS = 140
_URL = re.compile(r"https?://\S+")
_CHANNEL = re.compile(r"^/(?:s/)?([A-Za-z][A-Za-z0-9_]{3,})/?$")


@dataclass
class TelegramChannel:
    feed: ParsedFeed
    page_links: set[str] = field(default_factory=set)  # entry keys whose linked article is to be fetched


def preview_url(url: str) -> str | None:
    """``https://t.me/s/CHANNEL`` for a channel link (``t.me/CHANNEL`` or the preview itself)."""
    parts = urlsplit(url)
    if (parts.hostname or "").lower() not in TELEGRAM_HOSTS:
        return None
    found = _CHANNEL.match(parts.path)
    return f"https://t.me/s/{found.group(1)}" if found else None


def looks_like_preview(body: bytes) -> bool:
    return b"tgme_widget_message" in body and (b"tgme_channel_info" in body or b"data-post=" in body)


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def parse_preview(body: bytes, url: str = "") -> TelegramChannel:
    try:
        root = lxml_html.document_fromstring(body)
    except Exception as exc:  # lxml raises several types on junk
        raise FeedParseError(f"not a Telegram preview page: {type(exc).__name__}: {exc}") from exc
    title = _first_text(root, f"//div[{_has_class('tgme_channel_info_header_title')}]") or _meta(root, "og:title")
    channel = TelegramChannel(feed=ParsedFeed(format="telegram", title=title, site_url=None, entries=[]))
    for post in root.xpath(f"//div[{_has_class('tgme_widget_message')} and @data-post]"):
        entry, page_link = _post_entry(post)
        if entry is None:
            continue
        channel.feed.entries.append(entry)
        if page_link:
            channel.page_links.add(entry.key)
    if not channel.feed.entries and not root.xpath(f"//*[{_has_class('tgme_channel_info')}]"):
        raise FeedParseError("not a Telegram preview page: no posts and no channel header")
    name = channel.feed.entries[0].guid.split("/")[-2] if channel.feed.entries and channel.feed.entries[0].guid else None
    channel.feed.site_url = f"https://t.me/{name}" if name else (url or None)
    return channel


def _post_entry(post: lxml_html.HtmlElement) -> tuple[Entry | None, bool]:
    data_post = post.get("data-post", "").strip().strip("/")
    if "/" not in data_post:
        return None, False
    permalink = f"https://t.me/{data_post}"
    texts = [
        node for node in post.xpath(f".//div[{_has_class('tgme_widget_message_text')}]")
        if not node.xpath(f"ancestor::*[{_has_class('tgme_widget_message_reply')}]")
    ]
    text = html_to_text(lxml_html.tostring(texts[-1], encoding="unicode")) if texts else ""
    links = [a.get("href", "") for a in (texts[-1].iter("a") if texts else []) if _external(a.get("href", ""))]
    previews = post.xpath(f".//a[{_has_class('tgme_widget_message_link_preview')}]")
    preview_title = preview_text = ""
    if previews:
        preview = previews[0]
        if _external(preview.get("href", "")):
            links.insert(0, preview.get("href", ""))
        preview_title = _first_text(preview, f".//div[{_has_class('link_preview_title')}]") or ""
        preview_text = _first_text(preview, f".//div[{_has_class('link_preview_description')}]") or ""
    times = post.xpath(f".//a[{_has_class('tgme_widget_message_date')}]//time[@datetime]")
    published = _datetime(times[0].get("datetime")) if times else None
    if not text and not links:
        return None, False  # a photo or sticker without a caption: nothing to read
    only_link = bool(links) and len(_URL.sub("", text).strip()) < LINK_ONLY_CHARS
    if only_link:
        title, link = preview_title, links[0]
        summary = "\n\n".join(part for part in (text, preview_text) if part)
        content = ""
    else:
        title, link = _title_from(text), permalink
        summary = text[:500]
        content = "\n\n".join(part for part in (text, preview_title, preview_text) if part)
    author = _first_text(post, f".//*[{_has_class('tgme_widget_message_owner_name')}]")
    entry = Entry(
        key=entry_key(permalink, link, title, published), guid=permalink, link=link, title=title,
        summary=summary, content=content, published_at=published, author=author,
    )
    return entry, only_link


def _external(href: str) -> bool:
    host = (urlsplit(href).hostname or "").lower()
    return is_http_url(href) and host not in TELEGRAM_HOSTS


def _title_from(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if len(first) <= TITLE_CHARS:
        return first
    cut = first[:TITLE_CHARS]
    return (cut.rsplit(" ", 1)[0] if " " in cut[TITLE_CHARS // 2:] else cut) + "…"


def _first_text(node: lxml_html.HtmlElement, xpath: str) -> str | None:
    found = node.xpath(xpath)
    if not found:
        return None
    text = " ".join(found[0].text_content().split())
    return text or None


def _meta(root: lxml_html.HtmlElement, prop: str) -> str | None:
    found = root.xpath(f"//meta[@property='{prop}']/@content")
    return str(found[0]).strip() or None if found else None


def _datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
