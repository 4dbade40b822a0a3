"""Extractor stage: an article page's bytes in, its main text and metadata out.

trafilatura does the extraction; this module decides what counts as a page (not a PDF,
not an image), how to decode it when the server lies about the charset, and what is too
little text. Failures are ``ExtractionError``: the pipeline then falls back to the feed.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable, Iterator
from configparser import ConfigParser
from dataclasses import dataclass

import trafilatura
from trafilatura.settings import use_config

from monitor.errors import ExtractionError
from monitor.ingest.content import known_charset, looks_like_html
from monitor.settings import ExtractSettings

log = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain", ""})


@dataclass(frozen=True)
class ExtractedArticle:
    title: str | None
    author: str | None
    published: str | None  # YYYY-MM-DD as trafilatura found it
    site_name: str | None
    lang: str | None  # as the page declares it
    description: str | None
    text: str
    cuts: tuple[str, ...] = ()  # what was cut to stay within [extract] limits, in words


def build_config() -> ConfigParser:
    """trafilatura's settings, built once per process and passed to every extraction."""
    config = use_config()
    # Its timeout uses SIGALRM, which only works in the main thread of the main process.
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


class _StopWords:
    """Every language's stop words, held as one string: what trafilatura's justext fallback
    passes to justext, which caches its lower-cased set of them under this object.

    trafilatura keeps them as a tuple of ~150,000 strings (~13 MB), only ever read to build
    that set (and hashed as its cache key at every call); this holds the same words in
    ~1.3 MB, hashes by identity, and yields them when the set is built.
    """

    __slots__ = ("_count", "_words")
    _SEPARATOR = "\n"

    def __init__(self, words: Iterable[str]) -> None:
        listed = list(words)
        if any(self._SEPARATOR in word for word in listed):
            raise ValueError("a stop word with a line break")
        self._words = self._SEPARATOR.join(listed)
        self._count = len(listed)

    def __iter__(self) -> Iterator[str]:
        # One word at a time (justext lower-cases each), not a list of them all at once.
        words, start = self._words, 0
        while self._count and start <= len(words):
            end = words.find(self._SEPARATOR, start)
            end = len(words) if end < 0 else end
            yield words[start:end]
            start = end + 1

    def __len__(self) -> int:
        return self._count


def load_shared_tables() -> None:
    """Build trafilatura's lazily built tables now, in the parent, so forked workers share them.

    Its justext fallback unions every language's stop words (~150,000 strings) on first use,
    and justext caches a lower-cased set of them (~20 MB): built in each worker, that is one
    private copy per worker. The union itself is kept compact (``_StopWords``).
    """
    from justext.core import define_stoplist
    from trafilatura import external

    found: Iterable[str] = external.JT_STOPLIST or external.jt_stoplist_init()
    words = found if isinstance(found, _StopWords) else _StopWords(found)
    external.JT_STOPLIST = words  # type: ignore[assignment]  # trafilatura only iterates it
    define_stoplist(words)


def release_shared_tables() -> None:
    """Drop the tables of :func:`load_shared_tables` (an idle daemon has no use for them)."""
    from justext.core import define_stoplist
    from trafilatura import external

    external.JT_STOPLIST = None
    define_stoplist.cache_clear()


def extract_article(
    body: bytes,
    *,
    url: str,
    content_type: str,
    charset: str | None,
    settings: ExtractSettings,
    config: ConfigParser,
) -> ExtractedArticle:
    """Extract the main text and metadata of one page."""
    if not body.strip():
        raise ExtractionError("empty page")
    if body.startswith(b"%PDF") or content_type == "application/pdf":
        raise ExtractionError("not an HTML page: a PDF document (application/pdf)")
    if content_type not in HTML_TYPES and not looks_like_html(body):
        raise ExtractionError(f"not an HTML page: {content_type}")
    cuts: list[str] = []
    if len(body) > settings.max_html_bytes:
        # Extraction costs ~150x the page's size in memory: a 5 MB page would take ~700 MB.
        body, original = cut_html(body, settings.max_html_bytes), len(body)
        cuts.append(f"html cut at {len(body)} of {original} bytes ([extract] max_html_bytes)")
    page = decode_page(body, charset)
    # Fast first (no backup extractors): half the cost, the same text on ordinary news pages.
    # Pages it reads poorly get the full run with trafilatura's fallbacks.
    document = _run_trafilatura(page, url, settings, config, fast=True)
    text = (document.text or "").strip() if document is not None else ""
    if len(text) < settings.min_text_chars:
        document = _run_trafilatura(page, url, settings, config, fast=False)
        text = (document.text or "").strip() if document is not None else ""
    if document is None:
        raise ExtractionError("no main text found on the page")
    if len(text) < settings.min_text_chars:
        raise ExtractionError(
            f"too little text on the page ({len(text)} characters, [extract] min_text_chars = "
            f"{settings.min_text_chars})"
        )
    if len(text) > settings.max_text_chars:
        cuts.append(f"text cut at {settings.max_text_chars} of {len(text)} characters ([extract] max_text_chars)")
        text = text[: settings.max_text_chars]
    meta = head_metadata(page)
    return ExtractedArticle(
        title=meta.get("title"),
        author=meta.get("author"),
        published=meta.get("published"),
        site_name=meta.get("site_name"),
        lang=meta.get("lang"),
        description=meta.get("description"),
        text=text,
        cuts=tuple(cuts),
    )


# Metadata from the page's head, read cheaply: trafilatura's own metadata pass (author,
# categories, tags, date heuristics) cost a third of extraction for fields the feed entry
# mostly gives already (title, date, author are taken from the entry first).
_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.IGNORECASE)
_TAG = re.compile(r"<(meta|html|title)\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_META_KEYS = {  # (attribute value, lower-case) -> field, first found wins
    "og:title": "title", "twitter:title": "title",
    "author": "author", "article:author": "author", "byl": "author", "dc.creator": "author",
    "article:published_time": "published", "datepublished": "published", "date": "published",
    "pubdate": "published", "dc.date": "published", "dc.date.issued": "published", "publish-date": "published",
    "og:site_name": "site_name", "application-name": "site_name",
    "description": "description", "og:description": "description", "twitter:description": "description",
    "content-language": "lang", "og:locale": "lang", "dc.language": "lang",
}
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def head_metadata(page: str | bytes) -> dict[str, str]:
    """Title, author, date (YYYY-MM-DD), site name, language and description from the head's
    <meta> tags, <html lang> and <title>; only fields that are there."""
    if isinstance(page, bytes):
        page = page[:200_000].decode("utf-8", errors="replace")
    end = _HEAD_END.search(page, 0, 200_000)
    head = page[: end.start() if end else 200_000]
    found: dict[str, str] = {}
    for tag, attributes in _TAG.findall(head):
        values = {m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "") for m in _ATTRIBUTE.finditer(attributes)}
        if tag.lower() == "html":
            if values.get("lang"):
                found.setdefault("lang", values["lang"])
            continue
        if tag.lower() != "meta":
            continue
        key = (values.get("property") or values.get("name") or values.get("itemprop") or values.get("http-equiv") or "").lower()
        field = _META_KEYS.get(key)
        content = " ".join(values.get("content", "").split())
        if field and content and field not in found:
            found[field] = content
    if "title" not in found and (title := _TITLE.search(head)):
        found["title"] = " ".join(html.unescape(title.group(1)).split())
    if "published" in found:
        date = _DATE.search(found["published"])
        if date:
            found["published"] = date.group(0)
        else:
            del found["published"]
    if "lang" in found:
        found["lang"] = found["lang"].replace("_", "-").split("-")[0].lower()[:8]
    return {key: value[:1000] for key, value in found.items() if value}


def cut_html(body: bytes, limit: int) -> bytes:
    """About the first ``limit`` bytes: before the last tag that starts near the limit (so no
    tag is cut in half), else inside the text but never inside a UTF-8 character. lxml closes
    the elements left open."""
    cut = body.rfind(b"<", max(0, limit - 8192), limit + 1)
    if cut <= 0:
        cut = limit
        while cut > limit - 4 and 0x80 <= body[cut] < 0xC0:  # a continuation byte: step back
            cut -= 1
    return body[:cut]


# Readers' comment threads trafilatura does not know as comments (it knows "comment-list",
# "comments-...", "disqus_thread"; CMSs also write "sf_comment_list", "comments_area"): their text
# would be stored, matched and flagged as the story's. The XPath costs ~2.5 ms on a 200 KB page,
# so it runs only on pages that contain one of the names. On the real pages: one page of 204
# changes, stored-text F1 0.937 -> 0.951 (bench/README.md).
_MISSED_COMMENT_NAMES = ("comment_list", "comments_list", "comment_form", "comments_area", "comment_section",
                         "comments_section", "fb-comments")
_COMMENT_THREADS = "//*[self::div or self::section or self::ul or self::ol or self::aside][" + " or ".join(
    f"contains(@{attribute}, '{name}')" for attribute in ("id", "class") for name in _MISSED_COMMENT_NAMES
) + "]"
_MISSED_COMMENT_BYTES = tuple(name.encode() for name in _MISSED_COMMENT_NAMES)


def _comment_threads(page: str | bytes) -> str | None:
    """The XPath of comment threads to prune, when the page may have one."""
    if isinstance(page, bytes):
        found = any(name in page for name in _MISSED_COMMENT_BYTES)
    else:
        found = any(name in page for name in _MISSED_COMMENT_NAMES)
    return _COMMENT_THREADS if found else None


def _run_trafilatura(page: str | bytes, url: str, settings: ExtractSettings, config: ConfigParser, *, fast: bool):
    try:
        return trafilatura.bare_extraction(
            page,
            url=url,
            fast=fast,
            with_metadata=False,  # see head_metadata
            include_comments=False,
            include_tables=True,
            favor_precision=settings.favor_precision,
            prune_xpath=_comment_threads(page),
            config=config,
        )
    except Exception as exc:  # trafilatura and lxml raise many types on broken markup
        raise ExtractionError(f"extraction failed: {type(exc).__name__}: {exc}") from exc


def decode_page(body: bytes, charset: str | None) -> str | bytes:
    """Text of a page: strict UTF-8 first, then the declared charset, else let trafilatura guess.

    Servers often declare a wrong charset; valid UTF-8 is almost never an accident.
    """
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if charset and known_charset(charset):
        try:
            return body.decode(charset)
        except UnicodeDecodeError:
            log.debug("declared charset %r does not decode the page", charset)
    return body  # trafilatura detects the encoding itself
