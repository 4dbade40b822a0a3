"""Extractor stage: an article page's bytes in, its main text and metadata out.

trafilatura does the extraction; this module decides what counts as a page (not a PDF,
not an image), how to decode it when the server lies about the charset, which blocks
trafilatura would keep are not the story (comment threads, page tools, lists of other
stories), puts back the lead paragraph it leaves out, and what is too little text.
Metadata comes from the head's meta tags. Failures are ``ExtractionError``: the pipeline
then falls back to the feed.
"""

from __future__ import annotations

import html
import logging
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from configparser import ConfigParser
from dataclasses import dataclass
from typing import Any

import lxml.etree
import lxml.html
import trafilatura
import trafilatura.utils as trafilatura_utils
from justext.core import define_stoplist as _justext_define_stoplist
from trafilatura.settings import use_config

from monitor.errors import ExtractionError
from monitor.ingest import pruning
from monitor.ingest.content import known_charset, looks_like_html, strip_inert_html
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
    _plain_element_classes(trafilatura_utils.HTML_PARSER)
    pruning.install()
    return config


def _plain_element_classes(parser: lxml.html.HTMLParser) -> None:
    """Make ``parser`` give every element lxml.html's plain ``HtmlElement`` class, looked up in C.

    lxml.html's own lookup calls a Python method for each element object it creates (~2,500
    per page in trafilatura, ~6% of its time) only to give forms and inputs their own
    classes, which trafilatura never uses: the same text on all 204 real pages.
    """
    parser.set_element_class_lookup(lxml.etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    ))


class _StopWords:
    """Every language's stop words, as trafilatura's justext fallback uses them: justext only
    asks whether a lower-cased word is one (``word.lower() in stoplist``).

    trafilatura unions them into a tuple of ~150,000 strings, and justext caches a lower-cased
    frozenset of that: together ~31 MB in every process. This holds the sorted hashes of the
    lower-cased words (~1.2 MB) and answers ``in`` by bisection. Python's string hash is 64
    bits: a word outside the lists has a chance of about 1 in 10^14 of passing for one. The
    hashes are this process's (and its forks'): the object is built at start-up, never stored.
    """

    __slots__ = ("_hashes",)

    def __init__(self, words: Iterable[str]) -> None:
        self._hashes = array("q", sorted({hash(word.lower()) for word in words}))

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        hashes, key = self._hashes, hash(word)
        at = bisect_left(hashes, key)
        return at < len(hashes) and hashes[at] == key

    def __len__(self) -> int:
        return len(self._hashes)


def _define_stoplist(stoplist: Any) -> Any:
    """justext's ``define_stoplist`` (lower-case the words, make a frozenset, cache it), except
    for ``_StopWords``, which is that already."""
    return stoplist if isinstance(stoplist, _StopWords) else _justext_define_stoplist(stoplist)


def _all_stop_words() -> Iterator[str]:
    """What trafilatura's ``jt_stoplist_init`` unions, one word at a time (no tuple of them all)."""
    from justext.utils import get_stoplist, get_stoplists

    for language in get_stoplists():
        yield from get_stoplist(language)


def load_shared_tables() -> None:
    """Build trafilatura's lazily built tables now, in the parent, so forked workers share them.

    Its justext fallback unions every language's stop words on first use; here they are held
    compactly (``_StopWords``), and justext is given them as its lower-cased set.
    """
    import justext.core
    from trafilatura import external

    justext.core.define_stoplist = _define_stoplist  # the same call; _StopWords are lower-cased already
    if not isinstance(external.JT_STOPLIST, _StopWords):
        external.JT_STOPLIST = _StopWords(_all_stop_words())  # type: ignore[assignment]  # justext only asks `in`


def release_shared_tables() -> None:
    """Drop the tables of :func:`load_shared_tables` (an idle daemon has no use for them)."""
    from trafilatura import external

    external.JT_STOPLIST = None
    _justext_define_stoplist.cache_clear()


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
    body = strip_inert_html(body)  # comments, scripts, styles: half the bytes, none of the text
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
    meta = head_metadata(page)
    if meta.get("description"):
        text = with_lead(text, page, meta["description"])
    if len(text) > settings.max_text_chars:
        cuts.append(f"text cut at {settings.max_text_chars} of {len(text)} characters ([extract] max_text_chars)")
        text = text[: settings.max_text_chars]
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


# The lead (standfirst) trafilatura leaves out when it sits beside the story's body container
# rather than in it ("article__lead" before "article__body", a <h2> dek): the page's meta
# description is usually that lead, or its start. On the real pages: 20 of 204 pages get their
# lead back (nothing else changes), stored-text F1 0.951 -> 0.955, recall of goose3's gold prefix
# 0.934 -> 0.948.
_LEAD_MIN_CHARS = 60  # a sentence, not a site's name or tagline
_LEAD_MAX_EXTRA_CHARS = 300  # a paragraph that starts with the description, not a page section
_KEY_CHARS = 24  # how much of a paragraph's start finds it in the page
_LINES_TRIED = 6  # the story's first lines looked for after the lead
_NOT_PROSE = frozenset({"script", "style", "noscript", "template", "textarea", "select", "option", "button", "title"})
_LEAD_BLOCKS = frozenset({"p", "div", "h2", "h3", "h4", "h5", "h6", "section", "header", "blockquote", "li", "dd",
                          "td", "article"})
_BODY_START = re.compile(r"<body[\s>]", re.IGNORECASE)
_LEAD_PARSER = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False,
                                    encoding="utf-8")
_plain_element_classes(_LEAD_PARSER)


def with_lead(text: str, page: str | bytes, description: str) -> str:
    """``text`` with the page's lead paragraph put back before the first line that follows it on
    the page, when trafilatura left it out; else ``text`` unchanged.

    The lead is the paragraph of the page's body that starts with the meta description. Pages
    whose text has the description already (most) cost a substring test; the others are parsed
    (~2-3 ms) when the description is in the body's markup as it is in the head.
    """
    summary = " ".join(description.split()).removesuffix("...").rstrip(" .…")
    if len(summary) < _LEAD_MIN_CHARS or summary[:40] in text:
        return text
    flat = " ".join(text.split())
    if summary[:40] in flat:
        return text
    key = summary[:_KEY_CHARS]
    if isinstance(page, bytes):
        page = page.decode("utf-8", errors="replace")
    body_start = _BODY_START.search(page)
    if page.find(key, body_start.start() if body_start else 0) < 0:
        return text
    try:
        root = _parse(page)
    except (ValueError, lxml.etree.LxmlError):
        return text
    lines = text.split("\n")
    line_keys = {number: " ".join(line.split())[:_KEY_CHARS] for number, line in enumerate(lines[:_LINES_TRIED])
                 if len(" ".join(line.split())) >= 30}
    places = _places(root, list(dict.fromkeys([key, *line_keys.values()])))
    if key not in places:
        return text
    position, element = places[key]
    while element.tag not in _LEAD_BLOCKS and element.getparent() is not None:
        element = element.getparent()
    lead = " ".join(element.text_content().split())
    if not 0.8 * len(summary) <= len(lead) <= len(summary) + _LEAD_MAX_EXTRA_CHARS or lead[:40] in flat:
        return text
    for number, line_key in line_keys.items():
        if line_key in places and places[line_key][0] > position:
            return "\n".join([*lines[:number], lead, *lines[number:]])
    return text  # the description is further down than the story's start: not its lead


def _parse(page: str) -> lxml.html.HtmlElement:
    try:
        return lxml.html.fromstring(page, parser=_LEAD_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported" (XHTML)
        return lxml.html.fromstring(page.encode("utf-8", "surrogatepass"), parser=_LEAD_PARSER)


def _places(root: lxml.html.HtmlElement, keys: list[str]) -> dict[str, tuple[int, lxml.html.HtmlElement]]:
    """Where each key's text first is in the document (position in document order, element
    that holds the text), for the keys found in one text node of prose. A walk in Python:
    ~0.8 ms on a 200 KB page, an XPath of the same test ~3 ms."""
    places: dict[str, tuple[int, lxml.html.HtmlElement]] = {}
    for position, element in enumerate(root.iter()):
        if not isinstance(element.tag, str) or element.tag in _NOT_PROSE:
            continue
        for piece, owner in ((element.text, element), (element.tail, element.getparent())):
            if not piece or len(piece) < _KEY_CHARS or owner is None:
                continue
            flat = " ".join(piece.split())
            for key in keys:
                if key not in places and key in flat:
                    places[key] = (position, owner)
        if len(places) == len(keys):
            break
    return places


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


class _NamedBlocks:
    """Blocks trafilatura keeps although they are not the story, known by a name in their id or
    class. Matching costs ~1-2.5 ms on a 200 KB page, so the XPath is used only on pages where one
    of the ``keys`` finds a name: a substring (~0.1 ms on such a page), or a regular expression
    that starts with a literal (~0.2 ms: one for several names beats a substring for each)."""

    def __init__(self, names: tuple[str, ...], tags: tuple[str, ...], keys: tuple[str | re.Pattern[str], ...]) -> None:
        self._keys = keys
        self.xpath = "//*[" + " or ".join(f"self::{tag}" for tag in tags) + "][" + " or ".join(
            f"contains(@{attribute}, '{name}')" for attribute in ("id", "class") for name in names
        ) + "]"

    def on(self, page: str | bytes) -> bool:
        """Whether the page may have such a block."""
        if isinstance(page, bytes):  # undecoded: the names are ASCII
            page = page.decode("latin-1")
        return any(key in page if isinstance(key, str) else key.search(page) for key in self._keys)


# Readers' comment threads trafilatura does not know as comments (it knows "comment-list",
# "comments-...", "disqus_thread"; CMSs also write "sf_comment_list", "comments_area"): their text
# would be stored, matched and flagged as the story's. On the real pages: one page of 204
# changes, stored-text F1 0.937 -> 0.951 (bench/README.md).
_COMMENT_THREADS = _NamedBlocks(
    ("comment_list", "comments_list", "comment_form", "comments_area", "comment_section", "comments_section",
     "fb-comments"),
    ("div", "section", "ul", "ol", "aside"),
    keys=(re.compile(r"comment(?:s?_(?:list|form|area|section)|(?<=fb-comment)s)"),),
)
# Page tools and recirculation modules trafilatura keeps inside the story's container: pulldown
# menus of the article's tools (save, share, print: "save-pulldown", "usefulToolsPulldown") and
# lists of other stories ("inline-article-recirc", "personalized-recirc", "RecircMostPopular").
# Both words name page furniture, not prose. On the real pages: two pages change, only these
# blocks go; stored-text F1 0.951 -> 0.960.
_PAGE_FURNITURE = _NamedBlocks(
    ("pulldown", "Pulldown", "recirc", "Recirc"),
    ("div", "section", "ul", "ol", "aside", "nav"),
    keys=("ulldown", "ecirc"),  # as a regex "ulldown|ecirc" is searched a character at a time
)


def _prune_xpaths(page: str | bytes) -> list[str] | None:
    """The XPaths of the blocks to prune on this page, if it may have any."""
    found = [blocks.xpath for blocks in (_COMMENT_THREADS, _PAGE_FURNITURE) if blocks.on(page)]
    return found or None


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
            prune_xpath=_prune_xpaths(page),
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
