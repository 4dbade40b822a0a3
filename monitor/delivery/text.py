"""Text from feeds made safe for one line of a message: no control characters, no odd links."""

from __future__ import annotations

import re

from monitor.ingest.urls import is_http_url

CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def one_line(value: str | None, limit: int = 300) -> str:
    """Collapse whitespace and control characters (CR/LF never reach a header or a line)."""
    text = CONTROL.sub(" ", value or "")
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are shown: no ``javascript:`` or ``data:`` from a hostile feed."""
    if not url or CONTROL.search(url):
        return None
    return url.strip() if is_http_url(url.strip()) else None

