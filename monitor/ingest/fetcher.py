"""Fetcher stage: polite HTTP GETs with hard limits.

httpx does the HTTP; this module adds what a news monitor owes small sites and itself:
a global and a per-host concurrency limit, a delay between request starts to one host,
a body cap, a redirect cap with loop detection, conditional GET, and a guard that keeps
links found in third-party feeds away from private networks. httpx errors are
translated into ``FetchError`` here and nowhere else.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import time
from collections import defaultdict
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from monitor.errors import BlockedURLError, FetchError
from monitor.settings import HttpSettings

log = logging.getLogger(__name__)

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECT_CODES = frozenset({301, 308})
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


@dataclass
class FetchResult:
    url: str  # the final URL, after redirects
    status: int
    headers: dict[str, str]  # lower-cased names
    body: bytes
    duration_ms: int
    truncated: bool = False  # the body was cut at ``max_bytes``
    permanent_redirect: str | None = None  # set when every hop was a 301/308
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def retry_after(self) -> float | None:
        return parse_retry_after(self.headers.get("retry-after"))

    @property
    def freshness_seconds(self) -> float | None:
        """How long the server says the body stays fresh (Cache-Control max-age, else Expires)."""
        for directive in self.headers.get("cache-control", "").split(","):
            name, _, value = directive.strip().partition("=")
            if name.lower() == "max-age" and value.strip().isdigit():
                return float(value)
        expires = self.headers.get("expires")
        if expires:
            try:
                return max(0.0, parsedate_to_datetime(expires).timestamp() - time.time())
            except (TypeError, ValueError):
                return None
        return None

    def raise_for_status(self) -> None:
        if self.status >= 400:
            reason = httpx.codes.get_reason_phrase(self.status) or "error"
            raise FetchError(f"HTTP {self.status} {reason}", url=self.url, status=self.status)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


class HostLimiter:
    """Caps requests in flight overall and per host, and spaces request starts per host."""

    def __init__(self, concurrency: int, per_host_concurrency: int, per_host_delay: float) -> None:
        self._overall = asyncio.Semaphore(concurrency)
        self._per_host: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(per_host_concurrency)
        )
        self._delay = per_host_delay
        self._next_start: dict[str, float] = {}
        self._start_locks: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def acquire(self, host: str) -> None:
        await self._per_host[host].acquire()
        try:
            if self._delay:
                async with self._start_locks[host]:
                    wait = self._next_start.get(host, 0.0) - time.monotonic()
                    if wait > 0:
                        await asyncio.sleep(wait)
                    self._next_start[host] = time.monotonic() + self._delay
            await self._overall.acquire()
        except BaseException:
            self._per_host[host].release()
            raise

    def release(self, host: str) -> None:
        self._overall.release()
        self._per_host[host].release()


async def check_public_address(url: str) -> None:
    """Refuse URLs whose host resolves to loopback, private, link-local or multicast space."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, parts.port or 80, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc.strerror}", url=url) from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if (
            address.is_private or address.is_loopback or address.is_link_local
            or address.is_multicast or address.is_reserved or address.is_unspecified
        ):
            raise BlockedURLError(
                f"refused: {host} resolves to non-public address {address} "
                "(set [http] allow_private_networks = true to allow)",
                url=url,
            )


class Fetcher:
    """One shared HTTP client for a poll or a daemon run. Use as an async context manager."""

    def __init__(self, settings: HttpSettings) -> None:
        self.settings = settings
        self.limiter = HostLimiter(settings.concurrency, settings.per_host_concurrency, settings.per_host_delay)
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Fetcher:
        self._client = httpx.AsyncClient(
            headers={"User-Agent": self.settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(self.settings.timeout),
            follow_redirects=False,  # followed by hand: each hop is checked, counted and limited
            limits=httpx.Limits(max_connections=self.settings.concurrency, max_keepalive_connections=32),
            trust_env=False,
        )
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        guard: bool = False,
        accept: str = PAGE_ACCEPT,
    ) -> FetchResult:
        """GET ``url`` following redirects by hand. ``guard`` applies the private-network check.

        Returns any HTTP response (check ``status``); raises ``FetchError`` for transport
        failures, timeouts, redirect loops and refused URLs.
        """
        if self._client is None:
            raise RuntimeError("Fetcher used outside 'async with'")
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        started = time.monotonic()
        current = url
        visited: list[str] = []
        all_permanent = True
        while True:
            self._check_scheme(current)
            if guard and not self.settings.allow_private_networks:
                await check_public_address(current)
            status, response_headers, body, truncated = await self._request(current, headers)
            location = response_headers.get("location")
            if status in REDIRECT_CODES and location:
                visited.append(current)
                all_permanent = all_permanent and status in PERMANENT_REDIRECT_CODES
                current = urljoin(current, location.strip())
                if current in visited:
                    raise FetchError(f"redirect loop: {' -> '.join(visited + [current])}", url=url)
                if len(visited) > self.settings.max_redirects:
                    raise FetchError(
                        f"too many redirects (more than {self.settings.max_redirects}); "
                        "raise [http] max_redirects if this is expected",
                        url=url,
                    )
                continue
            return FetchResult(
                url=current,
                status=status,
                headers=response_headers,
                body=body,
                duration_ms=int((time.monotonic() - started) * 1000),
                truncated=truncated,
                permanent_redirect=current if visited and all_permanent else None,
                redirects=visited,
            )

    async def post(self, url: str, body: bytes, *, content_type: str, accept: str = "*/*") -> FetchResult:
        """POST ``body`` once, no redirects followed: the form requests of link decoders."""
        if self._client is None:
            raise RuntimeError("Fetcher used outside 'async with'")
        self._check_scheme(url)
        started = time.monotonic()
        headers = {"Accept": accept, "Content-Type": content_type}
        status, response_headers, data, truncated = await self._request(url, headers, method="POST", content=body)
        return FetchResult(url=url, status=status, headers=response_headers, body=data,
                           duration_ms=int((time.monotonic() - started) * 1000), truncated=truncated)

    def _check_scheme(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise BlockedURLError(f"refused: {url!r} is not an http(s) URL", url=url)

    async def _request(
        self, url: str, headers: dict[str, str], *, method: str = "GET", content: bytes | None = None
    ) -> tuple[int, dict[str, str], bytes, bool]:
        assert self._client is not None
        host = urlsplit(url).netloc.lower()
        limit = self.settings.max_bytes
        await self.limiter.acquire(host)
        try:
            async with self._client.stream(method, url, headers=headers, content=content) as response:
                chunks: list[bytes] = []
                size = 0
                truncated = False
                async for chunk in response.aiter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > limit:  # decoded size: a gzip bomb stops here too
                        truncated = True
                        break
                body = b"".join(chunks)[:limit]
                return response.status_code, {k.lower(): v for k, v in response.headers.items()}, body, truncated
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out after {self.settings.timeout:g}s ({type(exc).__name__})", url=url) from exc
        except httpx.DecodingError as exc:
            raise FetchError(f"could not decode the response body: {exc}", url=url) from exc
        except (httpx.TransportError, httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise FetchError(f"connection failed: {exc or type(exc).__name__}", url=url) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"HTTP error: {exc}", url=url) from exc
        finally:
            self.limiter.release(host)
