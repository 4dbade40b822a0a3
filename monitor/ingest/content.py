"""What a response body is: its media type and charset from Content-Type, and whether the
bytes look like an HTML page. The one place these are parsed, for feeds and pages alike."""

from __future__ import annotations

import codecs

_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body")


def parse_content_type(header: str | None) -> tuple[str, str | None]:
    """``("text/html", "utf-8")`` from ``"text/html; charset=UTF-8"``; the charset only when
    Python knows it (a made-up name is no charset). The media type is lower-case, "" if absent."""
    if not header:
        return "", None
    media_type, *params = header.split(";")
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            value = value.strip().strip("\"'").strip()
            if value and known_charset(value):
                charset = value.lower()
    return media_type.strip().lower(), charset


def known_charset(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def looks_like_html(body: bytes) -> bool:
    """An HTML document, by its first bytes (servers often send pages as text/plain or worse)."""
    head = body[:2048].lower()
    return any(marker in head for marker in _HTML_MARKERS)


# Blocks whose content no extractor reads: trafilatura drops comments, scripts, styles and
# inline SVG when it cleans the tree. On real news pages they are ~57% of the bytes (206 KB
# -> 89 KB a page on ../shared/corpora/pages, the same extracted text on all 211), so cutting
# them before the page goes to a worker halves what is pickled, piped and parsed.
_INERT_OPENERS = (b"<!--", b"<script", b"<style", b"<svg")
_INERT_CLOSERS = {b"<script": b"</script", b"<style": b"</style", b"<svg": b"</svg"}
_TAG_NAME_ENDS = frozenset(b" \t\n\r\f/>")


def strip_inert_html(body: bytes) -> bytes:
    """``body`` without its HTML comments and the content of its script, style and svg
    elements (the elements stay, empty). An opener never closed ends the stripping there,
    the rest kept as it is. Works on the bytes of any ASCII-compatible charset."""
    low = body.lower()
    pieces: list[bytes] = []
    copied = 0  # body[copied:] is not yet in pieces
    found = {opener: low.find(opener) for opener in _INERT_OPENERS}
    while True:
        at, opener = min(((at, opener) for opener, at in found.items() if at >= 0), default=(-1, b""))
        if at < 0:
            break
        if opener == b"<!--":
            end = low.find(b"-->", at + 4)
            if end < 0:
                break
            end += 3
            kept = b""
        else:
            after = at + len(opener)
            if after < len(low) and low[after] not in _TAG_NAME_ENDS:  # <scripts>, <svgicon>
                found[opener] = low.find(opener, after)
                continue
            tag_end = low.find(b">", after)
            close = low.find(_INERT_CLOSERS[opener], tag_end) if tag_end >= 0 else -1
            end = low.find(b">", close) if close >= 0 else -1
            if end < 0:
                break
            end += 1
            kept = body[at:tag_end + 1] + body[close:end]
        pieces += (body[copied:at], kept)
        copied = end
        for name, position in found.items():
            if 0 <= position < end:
                found[name] = low.find(name, end)
    if not pieces:
        return body
    pieces.append(body[copied:])
    return b"".join(pieces)
