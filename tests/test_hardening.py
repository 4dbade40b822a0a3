"""Hostile servers, crashes and bad bytes (issue 12), each on loopback.

Every case: what a hostile or broken server does, that the monitor stays bounded in time and
memory, keeps what it can, and records what happened. docs/FAULTS.md is the table of them.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import random
import re
import signal
import socket
import socketserver
import sqlite3
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest
from corpus import Item, article_html, news_items, paragraphs, rss
from werkzeug import Request, Response

from monitor.app import App
from monitor.errors import BlockedURLError, FetchError
from monitor.ingest import fetcher as fetching  # attributes looked up in the tests: each case fails alone on old code
from monitor.ingest.fetcher import Fetcher, check_public_address
from monitor.ingest.parser import parse_feed
from monitor.service.lock import lock_owner
from monitor.settings import HttpSettings
from monitor.usecases.poll import poll_once

LOOPBACK = HttpSettings(allow_private_networks=True, per_host_delay=0, timeout=1.0)
KHMER = "ក្រសួងមហាផ្ទៃ​បាន​ជួយ​សង្គ្រោះ​ជនរងគ្រោះ"  # our own words: "the ministry rescued victims"


# ------------------------------------------------------------------ helpers
def fetch(settings: HttpSettings, url: str, **kwargs: Any):
    async def run():
        resolver = kwargs.pop("resolver", None)
        async with (Fetcher(settings, resolver=resolver) if resolver else Fetcher(settings)) as fetcher:
            return await fetcher.get(url, **kwargs)

    return asyncio.run(run())


class PeakRss:
    """Peak resident memory of this process and its children, sampled every 20 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.02)

    def __enter__(self) -> PeakRss:
        self.before = psutil.Process().memory_info().rss  # what earlier tests left in this process
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def mb(self) -> float:
        """Growth during the block, MB: the test process also holds the server and earlier tests' models."""
        return (self.peak - self.before) / 1e6


def in_thread(target: Callable[[], Any], timeout: float) -> Any:
    """Run ``target`` in a thread; fail (instead of hanging the suite) when it does not end in time."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = target()
        except BaseException as exc:  # handed to the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), f"still running after {timeout} s: no deadline"
    if "error" in box:
        raise box["error"]
    return box["value"]


class RawServer:
    """A loopback TCP server whose handler writes raw bytes: drips, resets, lies."""

    def __init__(self, handler: Callable[[socket.socket, bytes], None], host: str = "127.0.0.1", port: int = 0) -> None:
        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                request = b""
                while b"\r\n\r\n" not in request:
                    data = self.request.recv(4096)
                    if not data:
                        return
                    request += data
                try:
                    handler(self.request, request)
                except OSError:
                    pass  # the client gave up: that is the point

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer((host, port), Handler)
        self.server.daemon_threads = True
        self.url = f"http://{host}:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def raw_server() -> Iterator[Callable[..., RawServer]]:
    servers: list[RawServer] = []

    def _start(handler: Callable[[socket.socket, bytes], None], host: str = "127.0.0.1", port: int = 0) -> RawServer:
        server = RawServer(handler, host, port)
        servers.append(server)
        return server

    yield _start
    for server in servers:
        server.close()


def fetch_errors(store) -> dict[str, str | None]:
    return {feed.name: feed.last_error for feed in store.feeds()}


# ------------------------------------------------------------------ 1. slow drip
def test_slow_drip_hits_the_deadline_is_recorded_and_frees_the_host_slot(raw_server, web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    items = news_items(base, 2)

    def drip(conn: socket.socket, request: bytes) -> None:
        path = request.split(b" ")[1]
        if path == b"/good.xml":
            body = rss(items).encode()
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                         b"Content-Length: %d\r\n\r\n" % len(body) + body)
            return
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 100000\r\n\r\n")
        for _ in range(600):  # one byte every 0.2 s: never idle for the 1 s read timeout
            conn.sendall(b" ")
            time.sleep(0.2)

    for n, item in enumerate(items):
        web.expect_request(item.link[len(base):]).respond_with_data(
            article_html(item.title, paragraphs([f"Lead of provincial update {n}, written for the test."], seed=n)),
            content_type="text/html; charset=utf-8")
    server = raw_server(drip)
    # Both feeds on the dripping host, one request slot for it: the good one waits for the slot.
    settings = settings_for([("Drip", f"{server.url}/drip.xml"), ("Good", f"{server.url}/good.xml")],
                            http={"timeout": 1.0, "deadline": 2.0, "per_host_concurrency": 1})
    store = App(settings).synced_store()

    started = time.monotonic()
    report = in_thread(lambda: poll_once(settings, store), timeout=30)

    assert time.monotonic() - started < 15
    errors = {f.name: f.error for f in report.feeds}
    assert errors["Drip"].startswith("deadline exceeded after 2 s (") and " bytes)" in errors["Drip"]
    assert int(errors["Drip"].split("(")[1].split(" ")[0]) > 0  # what did arrive is counted
    assert errors["Good"] is None and store.counts()["articles"] == 2  # the slot was released
    assert fetch_errors(store)["Drip"] == errors["Drip"]


# ------------------------------------------------------------------ 2. stacked compression
@pytest.fixture(scope="module")
def stacked_bomb() -> bytes:
    """gzip(gzip(400 MB of zeros)): 400 MB of output from a few KB (1.2 GB in the issue; smaller
    here so a failing run does not starve the shared machine)."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    layer = b"".join(inner.compress(zeros) for _ in range(400)) + inner.flush()
    return gzip.compress(layer, 9)


def test_stacked_gzip_is_decoded_within_max_bytes(web, stacked_bomb):
    web.expect_request("/bomb").respond_with_data(stacked_bomb, headers={"Content-Encoding": "gzip, gzip"})
    with PeakRss() as peak:
        result = fetch(LOOPBACK, web.url_for("/bomb"))
    assert result.truncated and len(result.body) == LOOPBACK.max_bytes
    assert peak.mb < 100, f"peak grew by {peak.mb:.0f} MB"


def test_deeper_stacks_and_unrequested_encodings_are_refused_with_a_reason(web):
    triple = gzip.compress(gzip.compress(gzip.compress(b"<rss/>")))
    web.expect_request("/triple").respond_with_data(triple, headers={"Content-Encoding": "gzip, gzip, gzip"})
    with pytest.raises(FetchError, match=r"3 stacked Content-Encoding layers .*max_encoding_layers = 2"):
        fetch(LOOPBACK, web.url_for("/triple"))
    web.expect_request("/br").respond_with_data(b"\x1b\x00", headers={"Content-Encoding": "br"})
    with pytest.raises(FetchError, match="unsupported Content-Encoding 'br'"):
        fetch(LOOPBACK, web.url_for("/br"))
    web.expect_request("/garbage").respond_with_data(b"not gzip at all", headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="could not decode the gzip body"):
        fetch(LOOPBACK, web.url_for("/garbage"))


def test_every_accepted_encoding_and_stack_round_trips(web):
    text = ("Provincial police rescued workers. " * 2000).encode()
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    bodies = {
        "gzip": gzip.compress(text), "deflate": zlib.compress(text), "x-gzip": gzip.compress(text),
        "deflate, gzip": gzip.compress(zlib.compress(text)),
    }
    for name, body in bodies.items():
        web.expect_request(f"/{name}").respond_with_data(body, headers={"Content-Encoding": name})
        assert fetch(LOOPBACK, web.url_for(f"/{name}")).body == text, name
    web.expect_request("/raw-deflate").respond_with_data(raw.compress(text) + raw.flush(),
                                                         headers={"Content-Encoding": "deflate"})
    assert fetch(LOOPBACK, web.url_for("/raw-deflate")).body == text


def test_single_gzip_bomb_stays_bounded(web):
    bomb = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    body = b"".join(bomb.compress(bytes(1 << 20)) for _ in range(300)) + bomb.flush()
    web.expect_request("/bomb").respond_with_data(body, headers={"Content-Encoding": "gzip"})
    with PeakRss() as peak:
        result = fetch(LOOPBACK, web.url_for("/bomb"))
    assert result.truncated and len(result.body) == LOOPBACK.max_bytes and peak.mb < 100


# ------------------------------------------------------------------ 3. huge pages
def huge_page(title: str, megabytes: float) -> bytes:
    """An article page of ``megabytes`` MB: thousands of paragraphs (markup is what costs memory)."""
    lead = [f"Officials in Koh Kong said a labour broker moved workers across the border, {title}."]
    one = article_html(title, paragraphs(lead, count=40))
    count = int(megabytes * 1e6 / len(one) * 40) + 40
    return article_html(title, paragraphs(lead, count=count)).encode()


def test_huge_page_is_cut_before_extraction_and_the_cut_is_recorded(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    items = [Item(title="A very long report", link=f"{base}/long.html")]
    page = huge_page("a very long report", 5)
    web.expect_request("/long.html").respond_with_data(page, content_type="text/html; charset=utf-8")
    web.expect_request("/feed.xml").respond_with_data(rss(items), content_type="application/rss+xml")
    settings = settings_for([("Long", f"{base}/feed.xml")], http={"max_bytes": 10_000_000})
    store = App(settings).synced_store()

    with PeakRss() as peak:
        report = poll_once(settings, store)

    assert report.total("stored") == 1
    row = store.rows("SELECT text, truncated, source FROM articles")[0]
    assert row["source"] == "page"
    assert len(row["text"]) <= settings.extract.max_text_chars
    assert f"html cut at {settings.extract.max_html_bytes}" not in row["truncated"]  # cut before a tag, so less
    assert "html cut at" in row["truncated"] and f"of {len(page)} bytes" in row["truncated"]
    assert "text cut at 100000 of" in row["truncated"]
    assert peak.mb < 400, f"grew by {peak.mb:.0f} MB"  # the cut page and its extraction, in this process (workers = 1)


def test_a_body_cut_at_max_bytes_is_recorded_on_the_article(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    items = [Item(title="Long", link=f"{base}/long.html")]
    web.expect_request("/long.html").respond_with_data(huge_page("long", 0.3), content_type="text/html")
    web.expect_request("/feed.xml").respond_with_data(rss(items), content_type="application/rss+xml")
    settings = settings_for([("Long", f"{base}/feed.xml")], http={"max_bytes": 100_000})
    store = App(settings).synced_store()
    poll_once(settings, store)
    assert store.rows("SELECT truncated FROM articles")[0]["truncated"].startswith("body cut at [http] max_bytes = 100000")


# ------------------------------------------------------------------ 4. orphaned workers
def children_of(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def start_daemon(config: Path) -> tuple[subprocess.Popen, Path]:
    log = config.with_name(f"daemon-{time.monotonic_ns()}.log")
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "monitor", "--config", str(config), "run"],
                                stdout=out, stderr=subprocess.STDOUT, cwd=config.parent)
    deadline = time.monotonic() + 60
    while "daemon started" not in log.read_text(errors="replace"):
        assert proc.poll() is None, f"the daemon exited:\n{log.read_text(errors='replace')}"
        assert time.monotonic() < deadline, "the daemon did not start"
        time.sleep(0.1)
    return proc, log


@pytest.mark.slow
def test_workers_die_with_a_killed_daemon_and_a_restart_works_at_once(web, write_config):
    base = web.url_for("").rstrip("/")
    items = news_items(base, 1)  # one new page, so the workers start (they start with the first page)
    web.expect_request(items[0].link[len(base):]).respond_with_data(
        article_html(items[0].title, paragraphs(["A lead paragraph for the orphan test, in our words."])),
        content_type="text/html; charset=utf-8")
    web.expect_request("/feed.xml").respond_with_data(rss(items), content_type="application/rss+xml")
    config = write_config([("Quiet", f"{base}/feed.xml")], extract={"workers": 2},
                          schedule={"min_interval": 60.0, "default_interval": 60.0, "tick": 0.2})
    db = config.parent / "monitor.db"
    first, _ = start_daemon(config)
    procs: list[subprocess.Popen] = [first]
    try:
        deadline = time.monotonic() + 30
        while len(workers := children_of(first.pid)) < 2:
            assert time.monotonic() < deadline, "the analysis workers did not start"
            time.sleep(0.1)
        first.send_signal(signal.SIGKILL)  # as the OOM killer would
        first.wait(timeout=10)
        gone, alive = psutil.wait_procs(workers, timeout=5)
        assert not alive, f"workers outlived their parent: {[p.pid for p in alive]}"
        assert lock_owner(db) is None, "nobody may hold the lock once the daemon is dead"

        second, log = start_daemon(config)  # right away: refused "already running" before the fix
        procs.append(second)
        assert lock_owner(db).pid == second.pid
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=20) == 0, log.read_text(errors="replace")
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)


ORPHAN_SCRIPT = """
import os, sys, time
from pathlib import Path
from monitor.service.lock import InstanceLock
lock = InstanceLock(Path(sys.argv[1]))
lock.acquire()
child = os.fork()
if child == 0:  # a worker: outlives its parent for a while (and lets go of the output pipe)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    time.sleep(20)
    os._exit(0)
print(child, flush=True)
os._exit(0)  # the parent dies without releasing anything, as after SIGKILL
"""


def test_a_forked_child_never_holds_the_instance_lock_of_its_dead_parent(tmp_path):
    db = tmp_path / "monitor.db"
    done = subprocess.run([sys.executable, "-c", ORPHAN_SCRIPT, str(db)], capture_output=True, text=True, timeout=60)
    orphan = int(done.stdout.strip())
    try:
        assert psutil.pid_exists(orphan)
        assert lock_owner(db) is None, "the orphan kept the daemon lock"
    finally:
        os.kill(orphan, signal.SIGKILL)


# ------------------------------------------------------------------ 5. one bad byte
def khmer_feed(base: str, count: int) -> tuple[bytes, list[Item]]:
    items = [Item(title=f"{KHMER} {n}", link=f"{base}/km-{n}.html", summary=f"{KHMER} — {n}") for n in range(count)]
    body = rss(items).encode("utf-8")
    cut = body.index(f"{KHMER} — 3".encode())
    return body[:cut] + b"\xff" + body[cut:], items  # one stray byte in the fourth summary


def test_one_bad_byte_in_a_utf8_feed_costs_one_character_not_the_feed(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    body, items = khmer_feed(base, 6)
    parsed = parse_feed(body, {"content-type": "application/rss+xml; charset=utf-8"})
    assert [e.title for e in parsed.entries] == [item.title for item in items]
    assert parsed.entries[3].summary == f"\ufffd{KHMER} — 3"
    assert "1 invalid byte sequence(s) for the declared charset utf-8 replaced" in parsed.warning

    for item in items:  # pages fail, so the feed's own copy is what is stored
        web.expect_request(item.link[len(base):]).respond_with_data("gone", status=404)
    web.expect_request("/km.xml").respond_with_data(body, content_type="application/rss+xml")  # no charset in HTTP
    settings = settings_for([("Khmer", f"{base}/km.xml")])
    store = App(settings).synced_store()
    poll_once(settings, store)
    titles = sorted(row["title"] for row in store.rows("SELECT title FROM articles"))
    assert titles == sorted(item.title for item in items)
    assert "invalid byte sequence" in store.rows("SELECT warning FROM fetches")[0]["warning"]


def test_a_mislabelled_single_byte_feed_is_still_read():
    body = rss([Item(title="Café in Phnom Penh", link="http://e.org/c")]).encode("windows-1252")
    parsed = parse_feed(body, {"content-type": "application/rss+xml; charset=utf-8"})
    assert parsed.entries[0].title == "Café in Phnom Penh" and "read as windows-1252" in parsed.warning


# ------------------------------------------------------------------ 6. empty reasons
def test_a_reset_mid_body_says_what_happened(raw_server):
    def reset(conn: socket.socket, request: bytes) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 50000\r\n\r\n<html>" + b"x" * 1000)
        time.sleep(0.1)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # RST on close
        conn.close()

    server = raw_server(reset)
    with pytest.raises(FetchError) as caught:
        fetch(LOOPBACK, f"{server.url}/page.html")
    message = str(caught.value)
    assert message.startswith("connection failed: ") and message[len("connection failed: "):].strip()
    assert "bytes)" in message


def test_describe_exception_never_returns_an_empty_reason():
    import httpx

    wrapped = httpx.ReadError("")
    wrapped.__cause__ = ConnectionResetError(104, "Connection reset by peer")
    describe_exception = fetching.describe_exception
    assert describe_exception(wrapped) == "ConnectionResetError (ECONNRESET: Connection reset by peer)"
    assert describe_exception(httpx.ReadError("")) == "ReadError (no detail from the network library)"
    assert describe_exception(ValueError("bad")) == "bad"


# ------------------------------------------------------------------ 7. entity expansion
def raw_rss(items_xml: str, doctype: str = "") -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + doctype + '<rss version="2.0"><channel><title>T</title>'
            "<link>http://example.invalid/</link><description>d</description>" + items_xml + "</channel></rss>").encode()


def laughs_feed(base: str) -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10)
    )
    return raw_rss(
        f"<item><title>&lol9;</title><link>{base}/laugh.html</link><description>before &lol5; after</description></item>"
        f"<item><title>Ministry &amp; police rescue 12 workers</title><link>{base}/real.html</link></item>",
        doctype=f"<!DOCTYPE rss [{entities}]>\n",
    )


def test_nested_entities_leave_no_debris_and_good_entries_stay(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    for path in ("/laugh.html", "/real.html"):
        web.expect_request(path).respond_with_data("gone", status=404)
    web.expect_request("/laughs.xml").respond_with_data(laughs_feed(base), content_type="application/rss+xml")
    settings = settings_for([("Laughs", f"{base}/laughs.xml")])
    store = App(settings).synced_store()
    with PeakRss() as peak:
        poll_once(settings, store)
    assert peak.mb < 100
    rows = store.rows("SELECT title, text FROM articles ORDER BY url")  # laugh.html, real.html (stored in any order)
    assert [row["title"] for row in rows] == ["", "Ministry & police rescue 12 workers"]
    assert rows[0]["text"] == "before after"
    assert not any("&lol" in (row["title"] + row["text"]) for row in rows)
    assert "removed unexpanded" in store.rows("SELECT warning FROM fetches")[0]["warning"]


def test_short_plain_declared_entities_are_substituted():
    body = raw_rss("<item><title>A&nbsp;B &org;</title><link>http://e.org/1</link></item>",
                   doctype='<!DOCTYPE rss [<!ENTITY nbsp "&#160;"><!ENTITY org "NCCT">]>')
    parsed = parse_feed(body)
    assert parsed.entries[0].title == "A\xa0B NCCT"  # short plain values (character references too) substituted


# ------------------------------------------------------------------ 8. SSRF
def fake_dns(port: int):
    """``outlet.test`` is a public outlet (really 127.0.0.1) whose DNS rebinds to 127.0.0.2, the
    'internal' service, from the second lookup on; only 127.0.0.1 counts as public."""

    class FakeDns(fetching.PinnedResolver):
        def __init__(self) -> None:
            self.lookups: list[str] = []

        async def lookup(self, host: str, port: int) -> list[str]:
            self.lookups.append(host)
            if host == "outlet.test":
                return ["127.0.0.1"] if len(self.lookups) == 1 else ["127.0.0.2"]
            return await super().lookup(host, port)

        def allowed(self, address) -> bool:
            return str(address) == "127.0.0.1"

    return FakeDns()


def internal_service(raw_server, port: int = 0) -> tuple[RawServer, list[bytes]]:
    hits: list[bytes] = []

    def secret(conn: socket.socket, request: bytes) -> None:
        hits.append(request)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecret")

    try:
        return raw_server(secret, host="127.0.0.2", port=port), hits
    except OSError as exc:
        pytest.skip(f"cannot listen on 127.0.0.2: {exc}")


def test_the_checked_address_is_the_one_connected_to(web, raw_server):
    port = web.port
    _internal, hits = internal_service(raw_server, port)  # same port, on the address DNS rebinds to
    web.expect_request("/story.html").respond_with_data("public story")
    dns = fake_dns(port)
    guarded = HttpSettings(allow_private_networks=False, per_host_delay=0)
    result = fetch(guarded, f"http://outlet.test:{port}/story.html", guard=True, resolver=dns)
    assert result.body == b"public story"
    assert dns.lookups == ["outlet.test"], "one lookup per connection: nothing left for a rebinding DNS to answer"
    assert web.log[-1][0].headers["Host"] == f"outlet.test:{port}"  # Host (and SNI) keep the name
    assert not hits


def test_every_redirect_hop_is_checked_at_connect_time(web, raw_server):
    internal, hits = internal_service(raw_server)
    web.expect_request("/moved").respond_with_data("", status=302, headers={"Location": f"{internal.url}/admin"})
    dns = fake_dns(web.port)
    guarded = HttpSettings(allow_private_networks=False, per_host_delay=0)
    with pytest.raises(BlockedURLError, match="non-public address 127.0.0.2"):
        fetch(guarded, f"http://outlet.test:{web.port}/moved", guard=True, resolver=dns)
    assert not hits
    # Any other non-public hop is refused the same way, before connecting.
    web.expect_request("/moved-name").respond_with_data("", status=302, headers={"Location": "http://[::1]:9/x"})
    with pytest.raises(BlockedURLError, match="non-public address"):
        fetch(guarded, f"http://outlet.test:{web.port}/moved-name", guard=True, resolver=fake_dns(web.port))


@pytest.mark.parametrize("url", [
    "http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://127.1/", "http://0/",
    "http://0.0.0.0/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/",
    "http://[::]/", "http://[64:ff9b::7f00:1]/", "http://[::ffff:10.0.0.1]/", "http://100.64.0.1/",
    "http://169.254.169.254/", "http://[fe80::1]/", "http://[fc00::1]/", "http://localhost/",
])
def test_private_address_spellings_are_refused_and_recorded(url):
    guarded = HttpSettings(allow_private_networks=False, per_host_delay=0)
    with pytest.raises(FetchError) as caught:
        fetch(guarded, url, guard=True)
    assert str(caught.value).strip()
    if not isinstance(caught.value, BlockedURLError):  # httpx refuses some spellings as invalid URLs
        assert "connection failed" in str(caught.value) or "cannot resolve" in str(caught.value)
    with pytest.raises(FetchError):
        asyncio.run(check_public_address(url))


# ------------------------------------------------------------------ what already holds
def test_a_50_mb_one_line_feed_is_cut_and_recorded(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    items = news_items(base, 1)
    web.expect_request(items[0].link[len(base):]).respond_with_data("gone", status=404)
    line = rss(items).replace("\n", "") + "<!--" + "x" * 50_000_000 + "-->"
    web.expect_request("/long.xml").respond_with_data(line, content_type="application/rss+xml")
    settings = settings_for([("Long line", f"{base}/long.xml")])
    store = App(settings).synced_store()
    with PeakRss() as peak:
        report = poll_once(settings, store)
    assert report.feeds[0].error is None and report.total("stored") == 1
    assert "feed cut at [http] max_bytes = 5000000" in store.rows("SELECT warning FROM fetches")[0]["warning"]
    assert peak.mb < 300, f"grew by {peak.mb:.0f} MB"  # the in-process test server's own 50 MB copies included


@pytest.mark.slow
def test_twenty_random_sigkills_during_a_poll_lose_and_duplicate_nothing(web, write_config):
    base = web.url_for("").rstrip("/")
    published: list[Item] = []  # five new stories before every poll, so every kill lands on work

    def page(request: Request) -> Response:
        title = request.path.rsplit("/", 1)[1]
        time.sleep(0.6 if title.startswith("round200-") else 0.05)  # round 200: slow pages, one kill mid-poll
        return Response(article_html(title, paragraphs([f"Lead paragraph of {title}, for the kill test."])),
                        content_type="text/html; charset=utf-8")

    web.expect_request(re.compile(r"/round\d+-\d+\.html")).respond_with_handler(page)
    web.expect_request("/feed.xml").respond_with_handler(
        lambda request: Response(rss(published), content_type="application/rss+xml"))
    config = write_config([("Killed", f"{base}/feed.xml")])
    db = config.parent / "monitor.db"
    command = [sys.executable, "-m", "monitor", "--config", str(config), "poll"]
    chance = random.Random(12)
    # One whole poll first: the kills are spread over the time a poll takes on this machine
    # (start-up included), so they land mid-poll however loaded the machine is.
    published.extend(news_items(base, 5, prefix="round100"))
    started = time.monotonic()
    assert subprocess.run(command, capture_output=True, cwd=config.parent, timeout=120).returncode == 0
    whole_poll = time.monotonic() - started
    stored_after_kill = []
    for round_ in range(20):
        published.extend(news_items(base, 5, prefix=f"round{round_}"))
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=config.parent)
        time.sleep(chance.uniform(0.5, 1.6) * whole_poll)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        if db.exists():
            stored_after_kill.append((query_one(db, "SELECT COUNT(*) FROM articles"), len(published)))
    # One kill that surely lands mid-poll: slow pages, killed right after the first new story is stored.
    before = query_one(db, "SELECT COUNT(*) FROM articles")
    published.extend(news_items(base, 8, prefix="round200"))
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=config.parent)
    give_up = time.monotonic() + 90
    while query_one(db, "SELECT COUNT(*) FROM articles") == before and proc.poll() is None and time.monotonic() < give_up:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    stored_mid = query_one(db, "SELECT COUNT(*) FROM articles")
    assert before < stored_mid < len(published), f"the kill did not land mid-poll: {before} -> {stored_mid} of {len(published)}"
    assert subprocess.run(command, capture_output=True, cwd=config.parent, timeout=120).returncode == 0
    assert query_one(db, "PRAGMA integrity_check") == "ok"
    urls = [row[0] for row in sqlite3.connect(db).execute("SELECT url FROM articles")]
    assert sorted(urls) == sorted({item.link for item in published}), "every story once, none lost"
    assert query_one(db, "SELECT COUNT(*) FROM entries") == len(published)
    assert query_one(db, "SELECT COUNT(*) FROM articles WHERE text IS NULL OR text = ''") == 0
    assert stored_after_kill, "the database was never created"


def query_one(db: Path, sql: str) -> Any:
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()
