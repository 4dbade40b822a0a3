"""Dedup stage: one canonical form per article link, so a story is stored once.

courlan removes tracking parameters (utm_*, fbclid, ...), the fragment, default ports
and case differences in scheme and host; the path keeps its case (servers differ).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import courlan

_WORDS = re.compile(r"\w+", re.UNICODE)


def canonical_url(url: str) -> str:
    """Canonical form of an article link; the input itself when courlan cannot parse it."""
    url = url.strip()
    try:
        return courlan.normalize_url(url, strict=True)
    except (ValueError, TypeError, AttributeError):
        return url


def content_hash(title: str, text: str) -> str:
    """Fingerprint of a story's words: identical copies (syndication) share it."""
    words = _WORDS.findall(unicodedata.normalize("NFKC", f"{title}\n{text}").casefold())
    return hashlib.sha1(" ".join(words).encode()).hexdigest()
