"""WARC files: write a page's request + response records, read one back, copy records.

Each record is its own gzip member (what pywb, ReplayWeb.page and ``warcio index`` expect),
so a record is found by (offset, length) and copied without touching its neighbours.
Files are named per UTC day and only ever appended to, under an exclusive ``flock`` so two
processes (a ``monitor poll`` beside the daemon) never interleave their bytes.

The fetcher hands over the body *decoded* (httpx undoes gzip/br), so the stored HTTP
headers must agree with it: ``Content-Encoding``, ``Transfer-Encoding`` and
``Content-Length`` are kept under ``X-Archive-Orig-*`` (pywb's convention) and a
``Content-Length`` of the stored body is set; every other header is kept as served.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import urlsplit

import httpx

if TYPE_CHECKING:
    from warcio.warcwriter import WARCWriter

from monitor import __version__
from monitor.errors import MonitorError

log = logging.getLogger(__name__)

FILE_PREFIX = "monitor-"
FILE_SUFFIX = ".warc.gz"
# Headers that describe the transfer, not the body we kept (which is already decoded).
TRANSFER_HEADERS = ("content-encoding", "transfer-encoding", "content-length")


class EvidenceError(MonitorError):
    """A snapshot is missing, unreadable, or does not match its recorded sha256."""


class IntegrityError(EvidenceError):
    """The archived bytes are not the bytes that were recorded: never serve them as evidence."""


@dataclass(frozen=True)
class WrittenRecords:
    path: Path
    request_offset: int
    request_length: int
    offset: int
    length: int
    record_id: str
    sha256: str


@dataclass(frozen=True)
class Capture:
    """A fetched page as the pipeline had it: enough to write its WARC records."""

    requested_url: str
    url: str  # the final URL, after redirects
    status: int
    headers: dict[str, str]  # response headers, lower-cased names
    body: bytes  # decoded
    request_headers: dict[str, str]  # what the fetcher sent
    fetched_at: datetime
    redirects: tuple[str, ...] = ()
    truncated: bool = False
    written: WrittenRecords | None = None  # set once its records are in a WARC file

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass(frozen=True)
class ReadRecord:
    record_id: str
    target_uri: str
    warc_date: str
    status_line: str
    http_headers: list[tuple[str, str]] = field(default_factory=list)
    payload: bytes = b""

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.http_headers if key.lower() == wanted), None)


def day_file(folder: Path, day: datetime) -> Path:
    return folder / f"{FILE_PREFIX}{day.astimezone(UTC):%Y%m%d}{FILE_SUFFIX}"


def warc_date(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _writer(stream: io.BufferedIOBase | io.BytesIO) -> WARCWriter:
    # warcio (with fsspec, six, brotli: ~3 MB) is imported when a page is first archived:
    # most polls archive none, and the analysis workers, forked from this process, never do.
    from warcio.warcwriter import WARCWriter

    return WARCWriter(stream, gzip=True)


def warcinfo_member(filename: str) -> bytes:
    """The warcinfo record that opens every file: what wrote it, and how."""
    buffer = io.BytesIO()
    writer = _writer(buffer)
    writer.write_record(writer.create_warcinfo_record(filename, {
        "software": f"trafficking-news-monitor/{__version__} (warcio)",
        "format": "WARC File Format 1.0",
        "description": "pages of flagged stories, kept as served; response bodies stored decoded "
                       "(original transfer headers under X-Archive-Orig-*); request records carry the "
                       "headers the monitor's fetcher sends",
    }))
    return buffer.getvalue()


def _request_line(url: str) -> str:
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return f"GET {target} HTTP/1.1"


def record_members(capture: Capture) -> tuple[bytes, bytes, str]:
    """The request and response records as gzip members, and the response's WARC-Record-ID."""
    from warcio.statusandheaders import StatusAndHeaders

    buffer = io.BytesIO()
    writer = _writer(buffer)
    date = warc_date(capture.fetched_at)
    response_headers: list[tuple[str, str]] = []
    for name, value in capture.headers.items():
        if name in TRANSFER_HEADERS:
            response_headers.append((f"X-Archive-Orig-{name.title()}", value))
        else:
            response_headers.append((name.title(), value))
    response_headers.append(("Content-Length", str(len(capture.body))))
    reason = httpx.codes.get_reason_phrase(capture.status) or "Unknown"
    warc_headers = {"WARC-Date": date}
    if capture.truncated:
        warc_headers["WARC-Truncated"] = "length"
    response = writer.create_warc_record(
        capture.url, "response", payload=io.BytesIO(capture.body), length=len(capture.body),
        http_headers=StatusAndHeaders(f"{capture.status} {reason}", response_headers, protocol="HTTP/1.1"),
        warc_headers_dict=warc_headers,
    )
    record_id = response.rec_headers.get_header("WARC-Record-ID")
    host = urlsplit(capture.url).netloc
    request_headers = [("Host", host), *((name.title(), value) for name, value in capture.request_headers.items())]
    request = writer.create_warc_record(
        capture.url, "request", payload=io.BytesIO(b""), length=0,
        http_headers=StatusAndHeaders(_request_line(capture.url), request_headers, is_http_request=True),
        warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id},
    )
    writer.write_record(request)
    request_bytes = buffer.tell()
    writer.write_record(response)
    data = buffer.getvalue()
    return data[:request_bytes], data[request_bytes:], record_id


@contextmanager
def locked(path: Path) -> Iterator[BinaryIO]:
    """``path`` opened for appending under an exclusive lock, created if missing.

    Retention replaces a file and unlinks the old one while holding its lock; a writer that
    was waiting then holds an unlinked file, notices (another inode at ``path``) and reopens.
    """
    while True:
        stream = open(path, "ab")
        try:
            fcntl.flock(stream.fileno(), fcntl.LOCK_EX)
            try:
                current = os.stat(path).st_ino
            except FileNotFoundError:
                current = None
            if current == os.fstat(stream.fileno()).st_ino:
                try:
                    yield stream
                finally:
                    fcntl.flock(stream.fileno(), fcntl.LOCK_UN)
                return
        finally:
            stream.close()


def append_capture(folder: Path, capture: Capture) -> WrittenRecords:
    """Append the capture's records to the file of its fetch day; durable on return."""
    request_member, response_member, record_id = record_members(capture)
    folder.mkdir(parents=True, exist_ok=True)
    path = day_file(folder, capture.fetched_at)
    with locked(path) as stream:
        start = stream.seek(0, os.SEEK_END)
        if start == 0:
            start = stream.write(warcinfo_member(path.name))
        stream.write(request_member)
        stream.write(response_member)
        stream.flush()
        os.fsync(stream.fileno())
    return WrittenRecords(
        path=path,
        request_offset=start,
        request_length=len(request_member),
        offset=start + len(request_member),
        length=len(response_member),
        record_id=record_id,
        sha256=hashlib.sha256(capture.body).hexdigest(),
    )


def read_member(path: Path, offset: int, length: int) -> bytes:
    try:
        with open(path, "rb") as stream:
            stream.seek(offset)
            data = stream.read(length)
    except OSError as exc:
        raise EvidenceError(f"cannot read the WARC file {path}: {exc.strerror or exc}") from exc
    if len(data) != length:
        raise IntegrityError(f"{path} is shorter than recorded: {len(data)} of {length} bytes at offset {offset}")
    return data


def parse_response(member: bytes, where: str) -> ReadRecord:
    """The one response record in ``member``; IntegrityError when it does not parse."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        for record in ArchiveIterator(io.BytesIO(member)):
            if record.rec_type != "response":
                raise IntegrityError(f"{where}: expected a response record, found {record.rec_type!r}")
            http = record.http_headers
            return ReadRecord(
                record_id=record.rec_headers.get_header("WARC-Record-ID") or "",
                target_uri=record.rec_headers.get_header("WARC-Target-URI") or "",
                warc_date=record.rec_headers.get_header("WARC-Date") or "",
                status_line=http.statusline if http else "",
                http_headers=list(http.headers) if http else [],
                payload=record.content_stream().read(),
            )
    except IntegrityError:
        raise
    except Exception as exc:  # zlib, warcio and header parsing errors alike: the bytes changed
        raise IntegrityError(f"{where}: the record cannot be read ({type(exc).__name__}: {exc})") from exc
    raise IntegrityError(f"{where}: no WARC record there")


def write_members(source: Path, spans: list[tuple[int, int]], writing: BinaryIO, name: str) -> list[int]:
    """Write a WARC file's worth to ``writing``: a warcinfo, then the (offset, length) spans of
    ``source``, byte for byte. Returns each span's offset in what was written."""
    offsets = []
    with open(source, "rb") as reading:
        position = writing.write(warcinfo_member(name))
        for offset, length in spans:
            reading.seek(offset)
            data = reading.read(length)
            if len(data) != length:
                raise IntegrityError(f"{source} is shorter than recorded at offset {offset}")
            offsets.append(position)
            position += writing.write(data)
    return offsets


def copy_members(source: Path, spans: list[tuple[int, int]], target: Path) -> list[int]:
    """:func:`write_members` into a new file, fsynced before this returns."""
    with open(target, "xb") as writing:
        offsets = write_members(source, spans, writing, target.name)
        writing.flush()
        os.fsync(writing.fileno())
    return offsets
