"""Aggregator links unwrapped to the publisher's URL, before anything is fetched.

- Google Alerts: ``https://www.google.com/url?…&url=TARGET&…`` (older alerts: ``q=``).
- Bing News: ``…bing.com/news/apiclick.aspx?…&url=TARGET&…``.
- Google News: ``news.google.com/rss/articles/<id>``; ids that carry the URL are decoded
  here (see ``googlenews``), opaque ids are left to the online decoder.

No request goes to the aggregator for the first two kinds or for ``CBMi…`` ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from monitor.ingest.sources import googlenews
from monitor.ingest.urls import is_http_url

GOOGLE_REDIRECT_HOSTS = ("google.com",)  # www.google.com, google.com, and country domains below


@dataclass(frozen=True)
class Unwrapped:
    via: str  # "google-alerts", "bing-news", "google-news"
    url: str | None  # the publisher's URL; None when it needs the online decoder
    article_id: str | None = None  # Google News id, for the online decoder


def unwrap(link: str) -> Unwrapped | None:
    """The publisher's URL inside an aggregator link; None when ``link`` is no aggregator link."""
    parts = urlsplit(link)
    host = (parts.hostname or "").lower()
    path = parts.path.lower()
    if _is_google_host(host) and path == "/url":
        target = _query_url(parts.query, "url", "q")
        return Unwrapped("google-alerts", target) if target else None
    if (host == "bing.com" or host.endswith(".bing.com")) and path == "/news/apiclick.aspx":
        target = _query_url(parts.query, "url")
        return Unwrapped("bing-news", target) if target else None
    art_id = googlenews.article_id(link)
    if art_id is not None:
        return Unwrapped("google-news", googlenews.decode_offline(art_id), art_id)
    return None


def publisher_url(link: str, *, hops: int = 3) -> str:
    """The publisher's URL when it can be read from the link offline, else the link itself."""
    for _ in range(hops):
        found = unwrap(link)
        if found is None or found.url is None:
            break
        link = found.url
    return link


def _is_google_host(host: str) -> bool:
    # www.google.com, google.co.th, www.google.com.kh ...
    labels = host.split(".")
    if labels and labels[0] == "www":
        labels = labels[1:]
    return len(labels) >= 2 and labels[0] == "google" and len(labels) <= 3


def _query_url(query: str, *names: str) -> str | None:
    values = parse_qs(query)
    for name in names:
        for value in values.get(name, []):
            value = value.strip()
            if is_http_url(value):
                return value
    return None
