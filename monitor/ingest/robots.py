"""robots.txt for article pages, cached per host, fetched through the shared Fetcher.

Fetching robots.txt through the same ``Fetcher`` as everything else keeps the ``[http]``
per-host limits true for it too. Policy, after RFC 9309 section 2.3.1:

* 2xx: the rules apply (parsed by ``urllib.robotparser``; note it takes the first matching
  rule in file order rather than the RFC's longest match, which differs only for files that
  list a broad Allow before a narrower Disallow).
* 4xx (including 401/403): "unavailable": everything is allowed.
* 5xx, timeouts, connection errors: "unreachable". RFC 9309 says to assume complete
  disallow; we deliberately fail open instead (``UNREACHABLE_ALLOWS``), for a short while
  (``UNREACHABLE_TTL``) and only when no earlier copy is cached (that copy keeps applying).
  Why: the load we add is already bounded by ``[http] per_host_concurrency``/``per_host_delay``
  (a handful of article pages per host per hour); a page on a failing server fails the same
  way and is then stored from the feed's content anyway; and failing closed would quietly
  turn every story of a host whose CDN hiccups on robots.txt into a feed snippet. Set
  ``UNREACHABLE_ALLOWS = False`` for the strict reading.
* A URL the Fetcher refuses by policy (private address): allowed here, the page fetch then
  reports the refusal with the clearer message.

Feeds themselves are not checked: a feed is published for machines and was subscribed to
on purpose.
"""

from __future__ import annotations

import asyncio
import logging
import time
import urllib.robotparser
import weakref
from dataclasses import dataclass
from urllib.parse import urlsplit

from monitor.errors import BlockedURLError, FetchError
from monitor.ingest.fetcher import Fetcher
from monitor.ingest.urls import is_http_url

log = logging.getLogger(__name__)

CACHE_TTL = 24 * 3600.0  # RFC 9309: a cached robots.txt should not be used longer than 24 h
UNREACHABLE_TTL = 3600.0  # how long a 5xx/timeout verdict lasts before we ask again
UNREACHABLE_ALLOWS = True  # see the module docstring
ROBOTS_ACCEPT = "text/plain, */*;q=0.5"


@dataclass
class _Entry:
    parser: urllib.robotparser.RobotFileParser | None  # None: the policy below applies
    allow_all: bool
    expires: float  # time.monotonic()

    def allows(self, url: str, user_agent: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return self.parser.can_fetch(user_agent, url)


class RobotsCache:
    """robots.txt verdicts per scheme+host, each fetched once per TTL even under concurrency."""

    def __init__(self, *, ttl: float = CACHE_TTL, unreachable_ttl: float = UNREACHABLE_TTL) -> None:
        self.ttl = ttl
        self.unreachable_ttl = unreachable_ttl
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
            return _Entry(parser=None, allow_all=True, expires=now + self.ttl)
        except FetchError as exc:
            return self._unreachable(robots_url, str(exc), previous, now)
        if 200 <= result.status < 300:
            parser = urllib.robotparser.RobotFileParser(robots_url)
            parser.parse(result.body.decode("utf-8", errors="replace").splitlines())
            return _Entry(parser=parser, allow_all=True, expires=now + self.ttl)
        if 400 <= result.status < 500:
            return _Entry(parser=None, allow_all=True, expires=now + self.ttl)
        return self._unreachable(robots_url, f"HTTP {result.status}", previous, now)

    def _unreachable(self, robots_url: str, error: str, previous: _Entry | None, now: float) -> _Entry:
        if previous is not None and previous.parser is not None:
            log.warning("robots.txt unreachable: keeping the cached copy", extra={"url": robots_url, "error": error})
            return _Entry(parser=previous.parser, allow_all=True, expires=now + self.unreachable_ttl)
        log.info("robots.txt unreachable: treated as " + ("allow" if UNREACHABLE_ALLOWS else "disallow") + " all",
                 extra={"url": robots_url, "error": error})
        return _Entry(parser=None, allow_all=UNREACHABLE_ALLOWS, expires=now + self.unreachable_ttl)


# One cache per Fetcher: the daemon's single Fetcher lives as long as the daemon, so each host
# is asked about once a day; a one-shot poll asks once per run; nothing leaks between runs.
_CACHES: weakref.WeakKeyDictionary[Fetcher, RobotsCache] = weakref.WeakKeyDictionary()


async def allowed(fetcher: Fetcher, url: str, user_agent: str, *, cache: RobotsCache | None = None) -> bool:
    """May ``user_agent`` fetch ``url`` per its host's robots.txt (see the module docstring)?"""
    if cache is None:
        cache = _CACHES.setdefault(fetcher, RobotsCache())
    return await cache.allowed(fetcher, url, user_agent)
