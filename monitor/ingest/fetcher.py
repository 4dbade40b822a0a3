"""Fetcher stage: polite HTTP GETs with hard limits.

httpx does the HTTP; this module adds what a news monitor owes small sites and itself:
a global and a per-host concurrency limit, a delay between request starts to one host,
a body cap, a redirect cap with loop detection, conditional GET, and a guard that keeps
links found in third-party feeds away from private networks. httpx errors are
translated into ``FetchError`` here and nowhere else.

Hostile servers are expected (docs/FAULTS.md): every request has an overall deadline, so a
server that drips one byte a second cannot hold a host's slot; Content-Encoding is decoded
here, layer by layer and incrementally, so no layer inflates past ``max_bytes``; and the
guarded client resolves each host once, checks the addresses and connects to the checked
address (no second lookup for a rebinding DNS server to answer), on every redirect hop.
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import ipaddress
import logging
import socket
import time
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from monitor.errors import BlockedURLError, FetchError
from monitor.ingest.content import parse_content_type
from monitor.ingest.urls import is_http_url
from monitor.settings import HttpSettings

log = logging.getLogger(__name__)

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECT_CODES = frozenset({301, 308})
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
ACCEPT_ENCODING = "gzip, deflate"  # decoded here (see _BodyDecoder); br is neither asked for nor accepted


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
        return parse_content_type(self.headers.get("content-type"))[0]

    @property
    def charset(self) -> str | None:
        return parse_content_type(self.headers.get("content-type"))[1]

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


def feed_body_hash(body: bytes) -> str:
    """Identity of a feed body: the same bytes are the same feed, whatever the validators say."""
    return hashlib.blake2b(body, digest_size=16).hexdigest()


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


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Reachable on the public internet: not loopback, private, link-local, multicast, reserved,
    unspecified (``0``), shared (CGNAT), nor an IPv6 wrapper around one of those."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public_address(embedded)
    return address.is_global and not address.is_multicast


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class PinnedResolver:
    """Resolves a host once and says which of its addresses may be connected to.

    The guarded client connects to exactly the addresses this returned and checked, so a DNS
    server answering differently the second time (rebinding) is never asked a second time.
    Tests replace ``lookup`` and ``allowed`` to play a public host on loopback.
    """

    async def lookup(self, host: str, port: int) -> list[str]:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise FetchError(f"cannot resolve host {host!r}: {exc.strerror or describe_exception(exc)}") from exc
        return list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))

    def allowed(self, address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return is_public_address(address)

    async def public_addresses(self, host: str, port: int) -> list[str]:
        """The host's addresses, or ``BlockedURLError`` when any of them is not public."""
        addresses = await self.lookup(host.strip("[]"), port)
        for text in addresses:
            address = ipaddress.ip_address(text)
            if not self.allowed(address):
                raise BlockedURLError(
                    f"refused: {host} resolves to non-public address {address} "
                    "(set [http] allow_private_networks = true to allow)"
                )
        if not addresses:
            raise FetchError(f"cannot resolve host {host!r}: no address")
        return addresses


class _PinnedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to addresses the resolver checked.

    TLS still verifies and sends SNI for the host name: httpcore takes both from the URL, not
    from the address connected to; so does the Host header.
    """

    def __init__(self, resolver: PinnedResolver) -> None:
        self._resolver = resolver
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._resolver.public_addresses(host, port)
        failure: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedURLError("refused: unix sockets are never fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _PinnedTransport(httpx.AsyncHTTPTransport):
    def __init__(self, resolver: PinnedResolver, limits: httpx.Limits) -> None:
        super().__init__(limits=limits, trust_env=False)
        # httpx has no public way to pass a network backend: this swaps in the same pool
        # httpx would build, with ours (tests/test_hardening.py proves it is used).
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_PinnedBackend(resolver),
        )


async def check_public_address(url: str, resolver: PinnedResolver | None = None) -> None:
    """Refuse URLs whose host resolves to loopback, private, link-local or multicast space."""
    parts = urlsplit(url)
    try:
        await (resolver or PinnedResolver()).public_addresses(parts.hostname or "", parts.port or 80)
    except FetchError as exc:
        exc.url = url
        raise


def describe_exception(exc: BaseException) -> str:
    """What happened, never an empty string: the message, else the type and errno of the
    first cause that has one (httpx often wraps a ConnectionResetError in an exception with
    no message)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno:
            name = errno.errorcode.get(current.errno, str(current.errno))
            detail = current.strerror or ""
            return f"{type(current).__name__} ({name}{': ' + detail if detail else ''})"
        if str(current).strip():
            text = str(current).strip()
            return text if current is exc else f"{type(current).__name__}: {text}"
        current = current.__cause__ or current.__context__
    return f"{type(exc).__name__} (no detail from the network library)"


class _BodyDecoder:
    """Content-Encoding layers undone one chunk at a time, none producing more than ``limit``.

    ``Content-Encoding: gzip, gzip`` means gzip applied twice; each layer is a zlib stream
    whose output is asked for in bounded pieces (``max_length``), so a 1 GB inner layer
    never exists in memory: decoding stops once ``limit`` bytes came out.
    """

    def __init__(self, header: str, limit: int, max_layers: int) -> None:
        names = [name.strip().lower() for name in header.split(",") if name.strip()]
        names = [{"x-gzip": "gzip"}.get(name, name) for name in names if name != "identity"]
        for name in names:
            if name not in ("gzip", "deflate"):
                raise FetchError(f"unsupported Content-Encoding {name!r} (only gzip and deflate are accepted)")
        if len(names) > max_layers:
            raise FetchError(
                f"refused: {len(names)} stacked Content-Encoding layers ({header.strip()}); "
                f"at most [http] max_encoding_layers = {max_layers} are decoded"
            )
        self.names = list(reversed(names))  # the last applied is undone first
        self._stages: list[Any] = [None] * len(self.names)
        self.limit = limit
        self.produced = 0

    @property
    def full(self) -> bool:
        return self.produced > self.limit

    def decode(self, data: bytes) -> list[bytes]:
        """The decoded pieces of one raw chunk; stops early once more than ``limit`` came out."""
        out: list[bytes] = []
        try:
            self._push(0, data, out)
        except zlib.error as exc:
            raise FetchError(f"could not decode the {'/'.join(reversed(self.names))} body: {exc}") from exc
        return out

    def _stage(self, index: int, first: bytes) -> Any:
        if self._stages[index] is None:
            if self.names[index] == "gzip":
                self._stages[index] = zlib.decompressobj(16 + zlib.MAX_WBITS)
            else:  # "deflate" is zlib-wrapped by the RFC, raw in some servers' hands
                wrapped = len(first) >= 2 and (first[0] & 0x0F) == 8 and (first[0] * 256 + first[1]) % 31 == 0
                self._stages[index] = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        return self._stages[index]

    def _push(self, index: int, data: bytes, out: list[bytes]) -> None:
        if index == len(self.names):
            if data:
                out.append(data)
                self.produced += len(data)
            return
        if not data:
            return
        stage = self._stage(index, data)
        while data and not self.full:
            if stage.eof:  # trailing bytes after the stream (as httpx, ignore them)
                return
            room = self.limit - self.produced + 1  # >= 1: 0 would mean "no limit"
            piece = stage.decompress(data, room)
            self._push(index + 1, piece, out)
            data = stage.unconsumed_tail


class Fetcher:
    """One shared HTTP client for a poll or a daemon run. Use as an async context manager.

    Two connection pools: the feeds the operator configured, and the guarded one for links
    found inside third-party feeds (pinned, checked addresses; see ``PinnedResolver``).
    """

    def __init__(self, settings: HttpSettings, *, resolver: PinnedResolver | None = None) -> None:
        self.settings = settings
        self.resolver = resolver or PinnedResolver()
        self.limiter = HostLimiter(settings.concurrency, settings.per_host_concurrency, settings.per_host_delay)
        self._client: httpx.AsyncClient | None = None
        self._guarded: httpx.AsyncClient | None = None

    async def __aenter__(self) -> Fetcher:
        limits = httpx.Limits(max_connections=self.settings.concurrency, max_keepalive_connections=32)
        options: dict[str, Any] = {
            "headers": {"User-Agent": self.settings.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
            "timeout": httpx.Timeout(self.settings.timeout),
            "follow_redirects": False,  # followed by hand: each hop is checked, counted and limited
            "trust_env": False,
        }
        self._client = httpx.AsyncClient(limits=limits, **options)
        self._guarded = (
            self._client if self.settings.allow_private_networks
            else httpx.AsyncClient(transport=_PinnedTransport(self.resolver, limits), **options)
        )
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        for client in {id(c): c for c in (self._client, self._guarded) if c is not None}.values():
            await client.aclose()
        self._client = self._guarded = None

    async def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        guard: bool = False,
        accept: str = PAGE_ACCEPT,
    ) -> FetchResult:
        """GET ``url`` following redirects by hand. ``guard`` applies the private-network check
        (to every hop, at connect time, on the address connected to).

        Returns any HTTP response (check ``status``); raises ``FetchError`` for transport
        failures, deadlines, redirect loops and refused URLs.
        """
        if self._client is None or self._guarded is None:
            raise RuntimeError("Fetcher used outside 'async with'")
        client = self._guarded if guard else self._client
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
            if not is_http_url(current):
                raise BlockedURLError(f"refused: {current!r} is not an http(s) URL", url=current)
            try:
                status, response_headers, body, truncated = await self._request(client, current, headers)
            except FetchError as exc:
                exc.url = exc.url or current
                raise
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
        """POST ``body`` once, no redirects followed: the form requests of link decoders.

        Only to configured endpoints (never to a link from a feed), so no private-network guard.
        """
        if self._client is None:
            raise RuntimeError("Fetcher used outside 'async with'")
        if not is_http_url(url):
            raise BlockedURLError(f"refused: {url!r} is not an http(s) URL", url=url)
        started = time.monotonic()
        headers = {"Accept": accept, "Content-Type": content_type}
        status, response_headers, data, truncated = await self._request(
            self._client, url, headers, method="POST", content=body)
        return FetchResult(url=url, status=status, headers=response_headers, body=data,
                           duration_ms=int((time.monotonic() - started) * 1000), truncated=truncated)

    async def _request(
        self, client: httpx.AsyncClient, url: str, headers: dict[str, str], *, method: str = "GET",
        content: bytes | None = None,
    ) -> tuple[int, dict[str, str], bytes, bool]:
        host = urlsplit(url).netloc.lower()
        deadline = self.settings.deadline
        received = [0]  # raw body bytes so far, for the deadline's message
        await self.limiter.acquire(host)
        started = time.monotonic()
        try:
            # The deadline covers connect, headers and the whole body: a server dripping a
            # byte a second never trips the read timeout, but it trips this, and the host's
            # slot is released below.
            async with asyncio.timeout(deadline):
                return await self._exchange(client, url, headers, received, method=method, content=content)
        except TimeoutError as exc:  # asyncio.timeout's; httpx's own are httpx.TimeoutException
            raise FetchError(
                f"deadline exceeded after {time.monotonic() - started:.0f} s ({received[0]} bytes); "
                f"[http] deadline = {deadline:g} caps every request",
                url=url,
            ) from exc
        except httpx.TimeoutException as exc:
            raise FetchError(
                f"timed out after {self.settings.timeout:g} s ({type(exc).__name__}, {received[0]} bytes)", url=url
            ) from exc
        except (httpx.TransportError, httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise FetchError(f"connection failed: {describe_exception(exc)} ({received[0]} bytes)", url=url) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"HTTP error: {describe_exception(exc)}", url=url) from exc
        finally:
            self.limiter.release(host)

    async def _exchange(
        self, client: httpx.AsyncClient, url: str, headers: dict[str, str], received: list[int], *,
        method: str = "GET", content: bytes | None = None,
    ) -> tuple[int, dict[str, str], bytes, bool]:
        limit = self.settings.max_bytes
        async with client.stream(method, url, headers=headers, content=content) as response:
            response_headers = {k.lower(): v for k, v in response.headers.items()}
            decoder = _BodyDecoder(response_headers.get("content-encoding", ""), limit, self.settings.max_encoding_layers)
            chunks: list[bytes] = []
            truncated = False
            # Raw bytes: httpx would inflate each chunk in one go; ours is bounded per layer.
            async for raw in response.aiter_raw():
                received[0] += len(raw)
                chunks.extend(decoder.decode(raw) if decoder.names else [raw])
                if (decoder.produced if decoder.names else received[0]) > limit or received[0] > limit:
                    truncated = True
                    break
            body = b"".join(chunks)[:limit]
            return response.status_code, response_headers, body, truncated
