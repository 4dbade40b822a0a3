"""Links: one canonical form per article link, so a story is stored once.

courlan removes tracking parameters (utm_*, fbclid, ...), the fragment, default ports
and case differences in scheme and host; the path keeps its case (servers differ).
"""

from __future__ import annotations

import courlan


def canonical_url(url: str) -> str:
    """Canonical form of an article link; the input itself when courlan cannot parse it."""
    url = url.strip()
    try:
        return courlan.normalize_url(url, strict=True)
    except (ValueError, TypeError, AttributeError):
        return url
