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
