"""Google News article links (``news.google.com/rss/articles/<id>``) to the publisher's URL.

Older ids are a base64url protobuf whose field 4 is the URL itself (``CBMi…`` is the
encoding of the field header): decoded here, offline. Since 2024 most ids hold an opaque
token (``AU_yqL…``) instead, and Google News' own article page resolves it with two
requests, which maintained open-source decoders (googlenewsdecoder and its ports) repeat:

1. GET ``/rss/articles/<id>`` and read the signature and timestamp from the
   ``data-n-a-sg`` / ``data-n-a-ts`` attributes of its ``c-wiz > div[jscontroller]``;
2. POST ``f.req=[[["Fbv4je", "[\\"garturlreq\\", …, id, timestamp, signature]", null, "n"]]]``
   to ``/_/DotsSplashUi/data/batchexecute``; the answer's ``["garturlres", URL, …]`` row
   names the publisher's URL.

Both go to ``[sources] google_news_url`` (a loopback imitation in the tests) through the
shared fetcher, so the per-host delay and concurrency apply. Results are kept in a
bounded cache; after Google refuses (429, 403, a page without the attributes) decoding
pauses for ``[sources] google_news_pause`` seconds and the entries keep today's
fallback, the feed's own title and snippet, with the reason recorded.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
import time
from collections import OrderedDict
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from monitor.errors import FetchError
from monitor.ingest.fetcher import Fetcher
from monitor.ingest.urls import is_http_url

log = logging.getLogger(__name__)

GOOGLE_NEWS_HOST = "news.google.com"
BATCHEXECUTE_PATH = "/_/DotsSplashUi/data/batchexecute"
_ARTICLE_PATH = re.compile(r"/(?:__i/rss/rd/|rss/)?(?:articles|read)/([A-Za-z0-9_-]{8,})")
_SIGNATURE = re.compile(rb'data-n-a-sg="([^"]+)"')
_TIMESTAMP = re.compile(rb'data-n-a-ts="([^"]+)"')
# The request context Google News' page sends with garturlreq (client flags, not user data).
_REQUEST_CONTEXT: list[object] = [
    ["X", "X", ["X", "X"], None, None, 1, 1, "US:en", None, 1, None, None, None, None, None, 0, 1],
    "X", "X", 1, [1, 1, 1], 1, 1, None, 0, 0, None, 0,
]
_URL_FIELD = 4  # the article URL
_AMP_URL_FIELD = 26  # the AMP copy, when there is one


def article_id(link: str) -> str | None:
    """The article id of a Google News article link, else None."""
    parts = urlsplit(link)
    if (parts.hostname or "").lower() != GOOGLE_NEWS_HOST:
        return None
    found = _ARTICLE_PATH.search(parts.path)
    return found.group(1) if found else None


def decode_offline(art_id: str) -> str | None:
    """The URL inside an id that carries it (``CBMi…``); None for an opaque id."""
    try:
        data = base64.urlsafe_b64decode(art_id + "=" * (-len(art_id) % 4))
    except (binascii.Error, ValueError):
        return None
    fields = _length_delimited_fields(data)
    for number in (_URL_FIELD, _AMP_URL_FIELD):
        for value in fields.get(number, []):
            text = value.decode("utf-8", "replace")
            if is_http_url(text):
                return text
    return None


def encode_article_id(url: str) -> str:
    """The older kind of id for ``url`` (for the offline demo, whose links are built at serve time)."""
    data = url.encode()
    return base64.urlsafe_b64encode(b"\x08\x13\x22" + _varint_bytes(len(data)) + data).decode().rstrip("=")


def _varint_bytes(number: int) -> bytes:
    out = bytearray()
    while True:
        low, number = number & 0x7F, number >> 7
        out.append(low | (0x80 if number else 0))
        if not number:
            return bytes(out)


def _length_delimited_fields(data: bytes) -> dict[int, list[bytes]]:
    """The length-delimited fields of a protobuf message; stops quietly at junk."""
    fields: dict[int, list[bytes]] = {}
    position = 0
    while position < len(data):
        key, position = _varint(data, position)
        if key is None:
            break
        number, wire = key >> 3, key & 7
        if wire == 0:
            _, position = _varint(data, position)
        elif wire == 1:
            position += 8
        elif wire == 5:
            position += 4
        elif wire == 2:
            length, position = _varint(data, position)
            if length is None or position + length > len(data):
                break
            fields.setdefault(number, []).append(data[position:position + length])
            position += length
        else:
            break
    return fields


def _varint(data: bytes, position: int) -> tuple[int | None, int]:
    value = shift = 0
    while position < len(data) and shift < 64:
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, position
        shift += 7
    return None, position


def batchexecute_body(items: list[tuple[str, str, str]]) -> bytes:
    """The form body for ``(article id, timestamp, signature)`` items, one envelope each."""
    envelopes = []
    for number, (art_id, timestamp, signature) in enumerate(items):
        inner = ["garturlreq", _REQUEST_CONTEXT, art_id, int(timestamp) if timestamp.isdigit() else timestamp, signature]
        envelopes.append(["Fbv4je", json.dumps(inner, separators=(",", ":")), None, str(number)])
    return ("f.req=" + quote(json.dumps([envelopes], separators=(",", ":")), safe="")).encode()


def parse_batchexecute(body: str) -> dict[str, str]:
    """``{request number: URL}`` from a batchexecute answer (``)]}'`` then JSON rows)."""
    text = body.lstrip()
    if text.startswith(")]}'"):
        text = text[4:]
    rows: list[object] = []
    decoder = json.JSONDecoder()
    position = 0
    # The answer is one JSON array, sometimes chunked with byte counts between arrays.
    while position < len(text):
        start = text.find("[", position)
        if start < 0:
            break
        try:
            value, position = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            break
        if isinstance(value, list):
            rows.extend(value)
    found: dict[str, str] = {}
    for row in rows:
        if not (isinstance(row, list) and len(row) >= 3 and row[0] == "wrb.fr" and isinstance(row[2], str)):
            continue
        try:
            payload = json.loads(row[2])
        except json.JSONDecodeError:
            continue
        if isinstance(payload, list) and len(payload) > 1 and payload[0] == "garturlres" and isinstance(payload[1], str):
            number = next((str(cell) for cell in reversed(row[3:]) if cell is not None), str(len(found)))
            found[number] = payload[1]
    return found


@dataclass(frozen=True)
class Decoded:
    url: str | None
    error: str | None = None


class GoogleNewsDecoder:
    """Decodes opaque Google News ids with Google News' own requests; cached, paused on refusal."""

    def __init__(self, base_url: str, *, enabled: bool, cache_size: int, pause_seconds: float, batch: int = 10) -> None:
        self.base_url = base_url.rstrip("/")
        self.enabled = enabled
        self.cache_size = cache_size
        self.pause_seconds = pause_seconds
        self.batch = batch
        self._cache: OrderedDict[str, str] = OrderedDict()
        self._paused_until = 0.0
        self._pause_reason = ""
        self.requests = 0  # made so far, for tests and logs

    def cached(self, art_id: str) -> str | None:
        url = self._cache.get(art_id)
        if url is not None:
            self._cache.move_to_end(art_id)
        return url

    def _remember(self, art_id: str, url: str) -> None:
        if self.cache_size <= 0:
            return
        self._cache[art_id] = url
        self._cache.move_to_end(art_id)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    async def decode(self, fetcher: Fetcher, links: dict[str, str]) -> dict[str, Decoded]:
        """Decode ``{link: article id}``; every link gets a URL or the reason it has none."""
        results: dict[str, Decoded] = {}
        todo: list[tuple[str, str]] = []
        for link, art_id in links.items():
            url = self.cached(art_id)
            if url is not None:
                results[link] = Decoded(url)
            elif not self.enabled:
                results[link] = Decoded(None, "opaque Google News id; decoding is off ([sources] google_news_decode = false)")
            else:
                todo.append((link, art_id))
        for start in range(0, len(todo), self.batch):
            chunk = todo[start:start + self.batch]
            if time.monotonic() < self._paused_until:
                for link, _ in chunk:
                    results[link] = Decoded(None, f"Google News decoding paused after {self._pause_reason}")
                continue
            results.update(await self._decode_chunk(fetcher, chunk))
        return results

    async def _decode_chunk(self, fetcher: Fetcher, chunk: list[tuple[str, str]]) -> dict[str, Decoded]:
        results: dict[str, Decoded] = {}
        signed: list[tuple[str, str, str, str]] = []  # link, id, timestamp, signature
        for link, art_id in chunk:
            if time.monotonic() < self._paused_until:
                results[link] = Decoded(None, f"Google News decoding paused after {self._pause_reason}")
                continue
            try:
                page = await fetcher.get(self._params_url(art_id, link))
                self.requests += 1
            except FetchError as exc:
                results[link] = Decoded(None, f"Google News article page: {exc}")
                continue
            signature, timestamp = _SIGNATURE.search(page.body), _TIMESTAMP.search(page.body)
            if page.status >= 400 or not (signature and timestamp):
                why = f"HTTP {page.status}" if page.status >= 400 else "an article page without the decoding attributes"
                self._pause(why)
                results[link] = Decoded(None, f"Google News refused the decoding request ({why})")
                continue
            signed.append((link, art_id, timestamp.group(1).decode(), signature.group(1).decode()))
        if not signed:
            return results
        try:
            answer = await fetcher.post(
                self.base_url + BATCHEXECUTE_PATH,
                batchexecute_body([(art_id, ts, sig) for _, art_id, ts, sig in signed]),
                content_type="application/x-www-form-urlencoded;charset=UTF-8",
            )
            self.requests += 1
        except FetchError as exc:
            return results | {link: Decoded(None, f"Google News decoding request: {exc}") for link, *_ in signed}
        if answer.status >= 400:
            self._pause(f"HTTP {answer.status} from batchexecute")
            return results | {link: Decoded(None, f"Google News decoding request: HTTP {answer.status}") for link, *_ in signed}
        urls = parse_batchexecute(answer.body.decode("utf-8", "replace"))
        for number, (link, art_id, _, _) in enumerate(signed):
            url = urls.get(str(number))
            if url and is_http_url(url):
                self._remember(art_id, url)
                results[link] = Decoded(url)
            else:
                results[link] = Decoded(None, "Google News answered without a URL for this article")
        return results

    def _params_url(self, art_id: str, link: str) -> str:
        # The locale of the link when it has one: the page is served per edition.
        query = parse_qs(urlsplit(link).query)
        hl, gl, ceid = (query.get(key, [default])[0] for key, default in (("hl", "en-US"), ("gl", "US"), ("ceid", "US:en")))
        return f"{self.base_url}/rss/articles/{art_id}?hl={quote(hl)}&gl={quote(gl)}&ceid={quote(ceid)}"

    def _pause(self, why: str) -> None:
        self._paused_until = time.monotonic() + self.pause_seconds
        self._pause_reason = why
        log.warning("Google News decoding paused", extra={"error": why, "duration_ms": int(self.pause_seconds * 1000)})
