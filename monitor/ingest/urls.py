"""Links: one canonical form per article link, so a story is stored once.

courlan removes tracking parameters (utm_*, fbclid, ...), the fragment, default ports
and case differences in scheme and host; the path keeps its case (servers differ).
"""

from __future__ import annotations

from urllib.parse import urlsplit


def canonical_url(url: str) -> str:
    """Canonical form of an article link; the input itself when courlan cannot parse it."""
    import courlan  # here, not at the top: settings and the lock import this module early

    url = url.strip()
    try:
        return courlan.normalize_url(url, strict=True)
    except (ValueError, TypeError, AttributeError):
        return url


def is_http_url(url: object) -> bool:
    """An absolute http:// or https:// URL with a host: the only links the monitor fetches or shows."""
    if not isinstance(url, str) or not url.strip():
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an unbalanced "[" in the host
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and bool(parts.hostname)
