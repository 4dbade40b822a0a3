"""Links: one canonical form per article link, so a story is stored once.

courlan removes tracking parameters (utm_*, fbclid, ...), the fragment, default ports
and case differences in scheme and host; the path keeps its case (servers differ).
"""

from __future__ import annotations

from urllib.parse import urlsplit


def is_http_url(value: object) -> bool:
    """Whether ``value`` is an absolute http:// or https:// URL with a host: the one test for
    "is this a web link" (a feed's ``javascript:`` or relative link, a config typo, are not)."""
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def canonical_url(url: str) -> str:
    """Canonical form of an article link; the input itself when courlan cannot parse it."""
    import courlan  # here, not at the top: settings imports this module and courlan takes 150 ms to load

    url = url.strip()
    try:
        return courlan.normalize_url(url, strict=True)
    except (ValueError, TypeError, AttributeError):
        return url
