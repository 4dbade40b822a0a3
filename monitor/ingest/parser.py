"""Parser stage: feed bytes in, a list of entries out.

feedparser reads RSS 0.9x/1.0/2.0, Atom and RDF; JSON Feed (which feedparser does not
read) is parsed here. A recoverable error (feedparser's "bozo") keeps the good entries
and becomes a warning; a body with no feed in it is a ``FeedParseError``.

The body is decoded here, before feedparser sees it (as UTF-8): in the charset the feed
declares, with a bad byte replaced rather than the whole feed re-read as another charset
(which garbles every Khmer or Thai title); and entities a feed declares in its own DOCTYPE
are never expanded recursively (a "billion laughs" feed): short plain ones are substituted,
the rest removed, so neither a bomb nor ``&lol9;`` debris reaches the store.
"""

from __future__ import annotations

import calendar
import codecs
import hashlib
import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

import feedparser
from lxml import html as lxml_html

from monitor.errors import FeedParseError
from monitor.ingest.content import known_charset, looks_like_html, parse_content_type
from monitor.ingest.urls import is_http_url
from monitor.models import Entry, ParsedFeed

log = logging.getLogger(__name__)

JSON_FEED_TYPES = ("application/feed+json", "application/json")


def parse_feed(body: bytes, headers: dict[str, str] | None = None, url: str = "") -> ParsedFeed:
    """Parse a fetched feed body. ``headers`` are the HTTP response headers (lower-case)."""
    headers = headers or {}
    content_type, header_charset = parse_content_type(headers.get("content-type"))
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if content_type in JSON_FEED_TYPES or stripped[:1] in (b"{", b"["):
        return _parse_json_feed(stripped, url)
    text, notes = decode_feed(body, header_charset)
    text, entity_note = _defuse_entities(text)
    notes += [entity_note] if entity_note else []
    utf8_headers = {**headers, "content-type": f"{content_type or 'application/xml'}; charset=utf-8"}
    try:
        parsed = feedparser.parse(text.encode("utf-8"), response_headers=utf8_headers, sanitize_html=False)
    except Exception as exc:  # feedparser's own bugs must not stop a poll
        raise FeedParseError(f"feed parser failed: {type(exc).__name__}: {exc}") from exc
    warning = "; ".join(notes) or None
    if parsed.bozo:
        warning = "; ".join([*notes, f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}"])
    if not parsed.version and not parsed.entries:
        if looks_like_html(stripped):
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


_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_XML_DECLARATION_TEXT = re.compile(r"^(\s*<\?xml[^>]*?encoding\s*=\s*[\"'])([A-Za-z0-9._:-]+)([\"'])")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode_feed(body: bytes, header_charset: str | None) -> tuple[str, list[str]]:
    """The feed as text, and notes for the fetch's warning.

    A byte-order mark decides; else the first declared charset (HTTP header, then the XML
    declaration, then UTF-8, XML's default) that decodes the body exactly. When none does,
    the body is read as declared with the bad sequences replaced (U+FFFD), so one corrupt byte
    costs one character, not the feed: unless it is "UTF-8" with more bad bytes than good
    multi-byte characters, which is a single-byte charset mislabelled, read as windows-1252.
    """
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body.decode(codec, errors="replace"), []
    declared = _XML_DECLARATION.match(body[:512])
    xml_charset = declared.group(1).decode("ascii").lower() if declared and known_charset(declared.group(1).decode()) else None
    candidates = list(dict.fromkeys(c for c in (header_charset, xml_charset, "utf-8") if c))
    for charset in candidates:
        try:
            text = body.decode(charset)
        except (UnicodeDecodeError, LookupError):
            continue
        if charset != candidates[0]:
            return text, [f"declared charset {candidates[0]} does not decode the feed; read as {charset}"]
        return text, []
    charset = candidates[0]
    if codecs_name(charset) == "utf-8":
        good = sum(len(m) for m in _UTF8_SEQUENCE.findall(body))
        bad = sum(1 for byte in body if byte >= 0x80) - good
        if bad > good:
            return body.decode("windows-1252", errors="replace"), [
                f"declared charset {charset} does not decode the feed ({bad} stray bytes); read as windows-1252"
            ]
    text = body.decode(charset, errors="replace")
    bad_sequences = text.count("\ufffd") - body.count("\ufffd".encode())
    return text, [f"{bad_sequences} invalid byte sequence(s) for the declared charset {charset} replaced with U+FFFD"]


def codecs_name(charset: str) -> str:
    return codecs.lookup(charset).name


_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[(.*?)\]\s*>", re.DOTALL | re.IGNORECASE)
_ENTITY_DECLARATION = re.compile(
    r"<!ENTITY\s+(%\s+)?([A-Za-z_][\w.:-]*)\s+(?:\"([^\"]*)\"|'([^']*)'|(SYSTEM|PUBLIC)[^>]*)\s*>", re.DOTALL
)
_CHARACTER_REFERENCE = re.compile(r"&#(?:[0-9]{1,7}|x[0-9A-Fa-f]{1,6});")
MAX_ENTITY_VALUE = 8  # longer (or nested) declared entities are dropped, so text grows 3x at most


def _defuse_entities(text: str) -> tuple[str, str | None]:
    """Entities a feed declares in its DOCTYPE, never expanded recursively (see the module doc)."""
    start = text.upper().find("<!DOCTYPE", 0, 4096)  # the prolog: before the root element
    match = _DOCTYPE_SUBSET.match(text, start) if start >= 0 else None
    if match is None or "<!ENTITY" not in match.group(1):
        return text, None
    substituted: dict[str, str] = {}
    dropped: list[str] = []
    for declaration in _ENTITY_DECLARATION.finditer(match.group(1)):
        parameter, name, double, single = declaration.group(1, 2, 3, 4)
        value = double if double is not None else single
        if parameter:
            continue
        plain = value is not None and "<" not in value and "&" not in _CHARACTER_REFERENCE.sub("", value)
        if plain and value is not None and len(value) <= MAX_ENTITY_VALUE:  # e.g. nbsp "&#160;": no recursion
            substituted[name] = value
        else:
            dropped.append(name)
    body = text[: match.start()] + text[match.end():]
    names = {**substituted, **dict.fromkeys(dropped, "")}
    if names:
        reference = re.compile("&(" + "|".join(re.escape(name) for name in names) + ");")
        body = reference.sub(lambda m: names[m.group(1)], body)
    note = f"the feed declares {len(names)} XML entit{'y' if len(names) == 1 else 'ies'} in its DOCTYPE"
    if dropped:
        note += f"; {len(dropped)} nested, external or long one(s) removed unexpanded ({', '.join(sorted(dropped)[:5])})"
    return _XML_DECLARATION_TEXT.sub(r"\1utf-8\3", body, count=1), note


def _web_link(link: Any) -> str | None:
    """Only http(s) links are fetchable; feedparser puts an Atom ``tag:`` id in ``link``."""
    return link.strip() if is_http_url(link) else None


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
    text = body.decode("utf-8-sig", errors="replace")  # JSON is UTF-8: a bad byte costs one character
    bad_sequences = text.count("\ufffd") - body.count("\ufffd".encode())
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
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
        warning="; ".join(
            ([f"{skipped} malformed item(s) skipped"] if skipped else [])
            + ([f"{bad_sequences} invalid UTF-8 byte sequence(s) replaced with U+FFFD"] if bad_sequences > 0 else [])
        ) or None,
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
