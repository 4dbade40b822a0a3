"""robots.txt for article pages (RFC 9309, parsed by protego), cached per host, fetched through the shared Fetcher.

Fetching robots.txt through the same ``Fetcher`` as everything else keeps the ``[http]``
per-host limits true for it too (and its redirects: the Fetcher follows up to
``[http] max_redirects``, RFC 9309 asks for at least five). Policy, after RFC 9309 section 2.3.1:

* 2xx: the rules apply, parsed by protego (longest match wins, ``*`` and ``$`` patterns,
  our product token ``TraffickingNewsMonitor`` matched against the groups), cached
  ``CACHE_TTL`` (RFC 9309 section 2.4: at most 24 hours).
* 4xx (including 401/403): "unavailable": everything is allowed, cached ``CACHE_TTL``.
* 5xx, timeouts, connection errors: "unreachable": complete disallow, for
  ``UNREACHABLE_TTL``, then robots.txt is asked again. An earlier copy that parsed keeps
  applying instead while it is not older than ``STALE_LIMIT``; a host unreachable for
  longer than that (RFC 9309: 30 days) is treated as unavailable (allowed). A page that is
  not fetched is stored from the feed's content, so nothing is lost, only text.
* A URL the Fetcher refuses by policy (private address): allowed here, the page fetch then
  reports the refusal with the clearer message.

Feeds themselves are not checked: a feed is published for machines and was subscribed to
on purpose.
"""

from __future__ import annotations

import asyncio
import logging
import time
import weakref
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

from monitor.errors import BlockedURLError, FetchError
from monitor.ingest.fetcher import Fetcher
from monitor.ingest.urls import is_http_url

log = logging.getLogger(__name__)

CACHE_TTL = 24 * 3600.0  # RFC 9309 section 2.4: a cached robots.txt should not be used longer than 24 h
UNREACHABLE_TTL = 3600.0  # how long a 5xx/timeout verdict (disallow all) lasts before we ask again
STALE_LIMIT = 30 * 24 * 3600.0  # RFC 9309 section 2.3.1.4: unreachable this long may be treated as unavailable
ROBOTS_ACCEPT = "text/plain, */*;q=0.5"


def product_token(user_agent: str) -> str:
    """``"TraffickingNewsMonitor/0.1 (+https://...)"`` -> ``"TraffickingNewsMonitor"`` (RFC 9309 section 2.2.1)."""
    return user_agent.split("/", 1)[0].split(" ", 1)[0].strip() or user_agent


@dataclass
class _Entry:
    rules: Protego | None  # None: allow_all decides
    allow_all: bool
    expires: float  # time.monotonic()
    unreachable_since: float | None = None  # since when robots.txt has not answered

    def allows(self, url: str, user_agent: str) -> bool:
        if self.rules is None:
            return self.allow_all
        return self.rules.can_fetch(url, product_token(user_agent))


class RobotsCache:
    """robots.txt verdicts per scheme+host, each fetched once per TTL even under concurrency."""

    def __init__(self, *, ttl: float = CACHE_TTL, unreachable_ttl: float = UNREACHABLE_TTL,
                 stale_limit: float = STALE_LIMIT) -> None:
        self.ttl = ttl
        self.unreachable_ttl = unreachable_ttl
        self.stale_limit = stale_limit
        self._entries: dict[str, _Entry] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    async def allowed(self, fetcher: Fetcher, url: str, user_agent: str) -> bool:
        """May ``user_agent`` fetch ``url``? Never raises: a failure becomes a policy."""
        if not is_http_url(url):
            return True  # not ours to judge: the Fetcher refuses such URLs itself
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc.lower()}"
        entry = self._entries.get(origin)
        if entry is None or entry.expires <= time.monotonic():
            loop = asyncio.get_running_loop()
            if loop is not self._loop:  # asyncio locks belong to one loop (a cache reused across asyncio.run)
                self._loop, self._locks = loop, {}
            # One fetch per host at a time: the articles of one feed ask together.
            async with self._locks.setdefault(origin, asyncio.Lock()):
                entry = self._entries.get(origin)
                if entry is None or entry.expires <= time.monotonic():
                    entry = await self._fetch(fetcher, origin, previous=entry)
                    self._entries[origin] = entry
        return entry.allows(url, user_agent)

    async def _fetch(self, fetcher: Fetcher, origin: str, previous: _Entry | None) -> _Entry:
        robots_url = f"{origin}/robots.txt"
        now = time.monotonic()
        try:
            result = await fetcher.get(robots_url, guard=True, accept=ROBOTS_ACCEPT)
        except BlockedURLError:
            return _Entry(rules=None, allow_all=True, expires=now + self.ttl)
        except FetchError as exc:  # timeouts, refused connections, too many redirects
            return self._unreachable(robots_url, str(exc), previous, now)
        if 200 <= result.status < 300:
            rules = Protego.parse(result.body.decode("utf-8", errors="replace"))
            return _Entry(rules=rules, allow_all=True, expires=now + self.ttl)
        if 400 <= result.status < 500:
            return _Entry(rules=None, allow_all=True, expires=now + self.ttl)
        return self._unreachable(robots_url, f"HTTP {result.status}", previous, now)

    def _unreachable(self, robots_url: str, error: str, previous: _Entry | None, now: float) -> _Entry:
        since = previous.unreachable_since if previous and previous.unreachable_since is not None else now
        retry_at = now + self.unreachable_ttl
        if now - since >= self.stale_limit:
            log.info("robots.txt unreachable for 30 days: treated as unavailable (allow all)",
                     extra={"url": robots_url, "error": error})
            return _Entry(rules=None, allow_all=True, expires=retry_at, unreachable_since=since)
        if previous is not None and previous.rules is not None:
            log.warning("robots.txt unreachable: keeping the cached copy", extra={"url": robots_url, "error": error})
            return _Entry(rules=previous.rules, allow_all=True, expires=retry_at, unreachable_since=since)
        log.info("robots.txt unreachable: disallow all until it answers (pages stored from the feed)",
                 extra={"url": robots_url, "error": error})
        return _Entry(rules=None, allow_all=False, expires=retry_at, unreachable_since=since)


# One cache per Fetcher: the daemon's single Fetcher lives as long as the daemon, so each host
# is asked about once a day; a one-shot poll asks once per run; nothing leaks between runs.
_CACHES: weakref.WeakKeyDictionary[Fetcher, RobotsCache] = weakref.WeakKeyDictionary()


async def allowed(fetcher: Fetcher, url: str, user_agent: str, *, cache: RobotsCache | None = None) -> bool:
    """May ``user_agent`` fetch ``url`` per its host's robots.txt (see the module docstring)?"""
    if cache is None:
        cache = _CACHES.setdefault(fetcher, RobotsCache())
    return await cache.allowed(fetcher, url, user_agent)
