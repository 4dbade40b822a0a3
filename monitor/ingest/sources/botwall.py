"""Bot walls: a site that answers automated readers with a challenge page, not the feed.

Cloudflare marks its challenges with ``cf-mitigated: challenge``; other walls (Cloudflare
block pages, Sucuri, Imperva/Incapsula, DDoS-Guard, PerimeterX, Akamai) are known by their
status (403, 429, 503) and the page they send. Polling again will not help, so the error
says what to use instead: a topic feed, the site's news sitemap, or a Google News search
restricted to the site.
"""

from __future__ import annotations

from urllib.parse import quote_plus, urlsplit

from monitor.ingest.fetcher import FetchResult

WALL_STATUSES = frozenset({403, 429, 503})
# (marker in the first bytes of the page, what it is)
_PAGE_MARKERS = (
    (b"challenge-platform", "a Cloudflare challenge page"),
    (b"cf-chl-", "a Cloudflare challenge page"),
    (b"just a moment...", "a Cloudflare challenge page"),
    (b"attention required! | cloudflare", "a Cloudflare block page"),
    (b"cf-error-details", "a Cloudflare block page"),
    (b"sucuri website firewall", "a Sucuri firewall page"),
    (b"_incapsula_resource", "an Imperva (Incapsula) challenge page"),
    (b"ddos-guard", "a DDoS-Guard challenge page"),
    (b"px-captcha", "a PerimeterX captcha page"),
    (b"errors.edgesuite.net", "an Akamai block page"),
    (b"captcha", "a captcha page"),
)


def bot_wall(result: FetchResult) -> str | None:
    """What kind of wall answered, or None when the answer is no bot wall."""
    if result.headers.get("cf-mitigated", "").strip().lower() == "challenge":
        return "a Cloudflare challenge (cf-mitigated: challenge)"
    if result.status not in WALL_STATUSES:
        return None
    head = result.body[:30_000].lower()
    for marker, what in _PAGE_MARKERS:
        if marker in head:
            return what
    return None


def site_search_url(url: str) -> str:
    """A Google News search restricted to the site of ``url`` (its links are resolved to the site)."""
    host = urlsplit(url).hostname or ""
    return f"https://news.google.com/rss/search?q={quote_plus(f'site:{host} trafficking')}&hl=en-US&gl=US&ceid=US:en"


def suggestions(url: str) -> str:
    """Ways around a wall: a topic feed, the news sitemap, a Google News ``site:`` search."""
    parts = urlsplit(url)
    root = f"{parts.scheme}://{parts.netloc}"
    search = site_search_url(url)
    return (
        f"use a topic feed (WordPress: {root}/tag/human-trafficking/feed/), the site's news sitemap "
        f"(`monitor feeds discover {root}/` lists both), or a Google News search restricted to the site: {search}"
    )


def describe(result: FetchResult, what: str) -> str:
    return (
        f"bot wall: HTTP {result.status} with {what}; the site refuses automated readers, "
        f"so polling again will not help; {suggestions(result.url)}"
    )


def raise_for_status(result: FetchResult) -> None:
    """``result.raise_for_status()``, with a bot wall named as such and what to use instead."""
    what = bot_wall(result)
    if what is not None:
        from monitor.errors import FetchError

        raise FetchError(describe(result, what), url=result.url, status=result.status)
    result.raise_for_status()
