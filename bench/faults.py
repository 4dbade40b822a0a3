"""The hostile cases of docs/FAULTS.md through the real CLI, with the shipped limits.

Each case serves one hostile or broken response on loopback, runs ``monitor poll`` (a real
subprocess, default [http] and [extract] settings, default worker count) on a fresh database
and reports the wall time, the peak memory of the whole process tree (psutil, every 20 ms,
summed over the CLI and its workers: RSS, which over-counts the pages forked workers share,
and PSS, which counts them once)
and what was recorded. Two cases are not a poll: ``orphans`` kills ``monitor run`` with
SIGKILL and times how long until its workers are gone and a new daemon has started, and
``ssrf`` fetches through a rebinding fake DNS in-process.

    .venv/bin/python bench/faults.py [--only drip,bomb,...] [--keep DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import signal
import socket
import socketserver
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
import tomli_w

ROOT = Path(__file__).resolve().parents[1]
KHMER = "ក្រសួងមហាផ្ទៃ​បាន​ជួយ​សង្គ្រោះ​ជនរងគ្រោះ"


def rss(items: list[tuple[str, str, str]], doctype: str = "") -> bytes:
    body = "".join(f"<item><title>{t}</title><link>{link}</link><description>{d}</description></item>" for t, link, d in items)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + doctype + '<rss version="2.0"><channel><title>Bench</title>'
            f"<link>http://example.invalid/</link><description>d</description>{body}</channel></rss>").encode()


def page(paragraph_count: int) -> bytes:
    paras = "".join(
        f"<p>Paragraph {n}: provincial officials said the labour inspection found workers without contracts "
        f"and that the case was referred to the court in the provincial town.</p>" for n in range(paragraph_count)
    )
    return (f"<!DOCTYPE html><html><head><title>Report</title></head><body><header><nav>Home</nav></header>"
            f"<main><article><h1>Report</h1>{paras}</article></main><footer>Footer</footer></body></html>").encode()


def stacked_bomb(megabytes: int) -> bytes:
    inner = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    return gzip.compress(b"".join(inner.compress(zeros) for _ in range(megabytes)) + inner.flush(), 9)


class Hostile(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(routes: dict[str, Callable[[socket.socket], None]]) -> tuple[Hostile, str]:
    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            request = b""
            while b"\r\n\r\n" not in request:
                data = self.request.recv(4096)
                if not data:
                    return
                request += data
            path = request.split(b" ")[1].decode()
            try:
                routes.get(path, not_found)(self.request)
            except OSError:
                pass

    server = Hostile(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def respond(body: bytes, content_type: str = "application/rss+xml", **headers: str) -> Callable[[socket.socket], None]:
    extra = "".join(f"{k.replace('_', '-')}: {v}\r\n" for k, v in headers.items())

    def send(conn: socket.socket) -> None:
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n{extra}"
                     "Connection: close\r\n\r\n".encode() + body)

    return send


def not_found(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")


def drip(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 1000000\r\n\r\n")
    for _ in range(3600):
        conn.sendall(b" ")
        time.sleep(1.0)


def reset(conn: socket.socket) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 50000\r\n\r\n<rss>" + b" " * 2000)
    time.sleep(0.2)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    conn.close()


def write_config(folder: Path, feed_url: str, **sections: Any) -> Path:
    raw: dict[str, Any] = {
        "feed_lists": [],
        "storage": {"path": "monitor.db"},
        "http": {"allow_private_networks": True, "per_host_delay": 0},
        **sections,
        "feeds": [{"name": "Hostile", "url": feed_url}],
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "monitor.toml"
    path.write_text(tomli_w.dumps(raw), encoding="utf-8")
    return path


def tree_memory(proc: psutil.Process) -> tuple[int, int]:
    """(RSS summed, PSS summed) over ``proc`` and its descendants: PSS counts shared pages once."""
    rss = pss = 0
    for member in [proc, *proc.children(recursive=True)]:
        try:
            info = member.memory_full_info()
            rss, pss = rss + info.rss, pss + info.pss
        except psutil.Error:
            pass
    return rss, pss


def run_measured(command: list[str], cwd: Path, timeout: float = 600) -> tuple[float, int, int, int]:
    started = time.monotonic()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watched = psutil.Process(proc.pid)
    peak_rss = peak_pss = 0
    while proc.poll() is None:
        try:
            rss, pss = tree_memory(watched)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        except psutil.Error:
            pass
        if time.monotonic() - started > timeout:
            proc.kill()
        time.sleep(0.02)
    return time.monotonic() - started, peak_rss, peak_pss, proc.returncode


def recorded(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        fetch = conn.execute("SELECT error, warning FROM fetches ORDER BY id DESC LIMIT 1").fetchone()
        cuts = [row[0] for row in conn.execute("SELECT truncated FROM articles WHERE truncated IS NOT NULL")]
        titles = [row[0] for row in conn.execute("SELECT title FROM articles ORDER BY id")]
    finally:
        conn.close()
    parts = []
    if fetch and fetch[0]:
        parts.append(f"error: {fetch[0]}")
    if fetch and fetch[1]:
        parts.append(f"warning: {fetch[1]}")
    parts += [f"article: {cut}" for cut in cuts]
    parts.append(f"{len(titles)} article(s) stored" + (f", titles {titles[:3]}" if titles and len(titles) <= 3 else ""))
    return "; ".join(parts)


def poll_case(name: str, routes: dict[str, Callable[[socket.socket], None]], folder: Path) -> dict[str, Any]:
    server, base = serve(routes)
    for path, handler in list(routes.items()):  # feeds name their pages by the server's base URL
        if isinstance(handler, FeedOf):
            routes[path] = respond(rss([(t, base + link, d) for t, link, d in handler.items], handler.doctype))
    try:
        config = write_config(folder / name, f"{base}/feed.xml")
        wall, rss_peak, pss_peak, code = run_measured([sys.executable, "-m", "monitor", "--config", str(config), "poll"], config.parent)
        return {"case": name, "wall_s": round(wall, 2), "peak_tree_rss_mb": round(rss_peak / 1e6),
                "peak_tree_pss_mb": round(pss_peak / 1e6), "exit": code, "recorded": recorded(config.parent / "monitor.db")}
    finally:
        server.shutdown()
        server.server_close()


class FeedOf:
    """A feed route whose links are made absolute once the server's port is known."""

    def __init__(self, items: list[tuple[str, str, str]], doctype: str = "") -> None:
        self.items = items
        self.doctype = doctype

    def __call__(self, conn: socket.socket) -> None:  # replaced before serving
        not_found(conn)


def laughs_doctype() -> str:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
    return f"<!DOCTYPE rss [{entities}]>\n"


def bad_byte_feed() -> bytes:
    body = rss([(f"{KHMER} {n}", f"http://127.0.0.1:9/km-{n}.html", f"{KHMER} {n}") for n in range(20)])
    cut = body.index(f"{KHMER} 7</description>".encode())
    return body[:cut] + b"\xff" + body[cut:]


def orphans_case(folder: Path) -> dict[str, Any]:
    routes: dict[str, Callable[[socket.socket], None]] = {"/story.html": respond(page(20), "text/html")}
    server, base = serve(routes)
    routes["/feed.xml"] = respond(rss([("One story", f"{base}/story.html", "d")]))  # workers start with a page
    config = write_config(folder / "orphans", f"{base}/feed.xml", extract={"workers": 2})
    log = config.parent / "daemon.log"
    command = [sys.executable, "-m", "monitor", "--config", str(config), "run"]

    def start() -> subprocess.Popen:
        out = log.open("ab")
        proc = subprocess.Popen(command, cwd=config.parent, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while log.read_text(errors="replace").count("daemon started") < starts[0] + 1:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"daemon did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.05)
        starts[0] += 1
        return proc

    starts = [0]
    first = start()
    while len(psutil.Process(first.pid).children(recursive=True)) < 2:
        time.sleep(0.05)
    workers = psutil.Process(first.pid).children(recursive=True)
    killed = time.monotonic()
    first.send_signal(signal.SIGKILL)
    first.wait()
    _gone, alive = psutil.wait_procs(workers, timeout=30)
    workers_gone = time.monotonic() - killed
    try:
        second = start()
        restarted = time.monotonic() - killed
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=30)
        outcome = f"workers gone after {workers_gone:.2f} s ({len(alive)} left); restart started after {restarted:.2f} s"
    except RuntimeError as exc:
        outcome = f"workers left: {len(alive)}; restart failed: {str(exc)[-300:]}"
    finally:
        for proc in alive:
            proc.kill()
        server.shutdown()
        server.server_close()
    return {"case": "orphans", "wall_s": round(time.monotonic() - killed, 2), "peak_tree_rss_mb": None,
            "peak_tree_pss_mb": None, "exit": None, "recorded": outcome}


def ssrf_case() -> dict[str, Any]:
    from monitor.errors import FetchError
    from monitor.ingest.fetcher import Fetcher, PinnedResolver
    from monitor.settings import HttpSettings

    hits: list[bytes] = []
    internal, _ = serve({"/admin": lambda conn: (hits.append(b"x"), not_found(conn))})
    internal_url = f"http://127.0.0.2:{internal.server_address[1]}/admin"
    internal.shutdown()
    internal.server_close()
    moved, base = serve({"/moved": lambda conn: conn.sendall(
        f"HTTP/1.1 302 Found\r\nLocation: {internal_url}\r\nContent-Length: 0\r\n\r\n".encode())})

    class OnlyLoopbackOneIsPublic(PinnedResolver):
        def allowed(self, address: Any) -> bool:
            return str(address) == "127.0.0.1"

    async def attempt() -> str:
        async with Fetcher(HttpSettings(allow_private_networks=False, per_host_delay=0),
                           resolver=OnlyLoopbackOneIsPublic()) as fetcher:
            try:
                await fetcher.get(f"{base}/moved", guard=True)
            except FetchError as exc:
                return f"error: {exc}"
        return "fetched (not refused)"

    started = time.monotonic()
    outcome = asyncio.run(attempt())
    moved.shutdown()
    moved.server_close()
    return {"case": "ssrf (redirect to a private address)", "wall_s": round(time.monotonic() - started, 2),
            "peak_tree_rss_mb": round(psutil.Process().memory_info().rss / 1e6),
            "peak_tree_pss_mb": round(psutil.Process().memory_full_info().pss / 1e6), "exit": None, "recorded": outcome}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--keep", type=Path, help="keep configs and databases here")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="faults-"))
    huge = page(30_000)  # ~5 MB
    cases: dict[str, Callable[[], dict[str, Any]]] = {
        "drip": lambda: poll_case("drip", {"/feed.xml": drip}, folder),
        "bomb": lambda: poll_case("bomb", {"/feed.xml": respond(stacked_bomb(1200), Content_Encoding="gzip, gzip")}, folder),
        "huge": lambda: poll_case("huge", {"/feed.xml": FeedOf([("Huge report", "/huge.html", "d")]),
                                           "/huge.html": respond(huge, "text/html; charset=utf-8")}, folder),
        "badbyte": lambda: poll_case("badbyte", {"/feed.xml": respond(bad_byte_feed())}, folder),
        "reset": lambda: poll_case("reset", {"/feed.xml": reset}, folder),
        "laughs": lambda: poll_case("laughs", {"/feed.xml": FeedOf(
            [("&lol9;", "/laugh.html", "before &lol5; after"), ("Ministry rescues 12 workers", "/real.html", "d")],
            laughs_doctype())}, folder),
        "orphans": lambda: orphans_case(folder),
        "ssrf": ssrf_case,
    }
    chosen = [name for name in cases if not args.only or name in args.only.split(",")]
    results = []
    for name in chosen:
        result = cases[name]()
        results.append(result)
        print(json.dumps(result, ensure_ascii=False), flush=True)
    print("\n| case | wall s | peak RSS of the tree (sum), MB | peak PSS of the tree, MB | recorded |")
    print("| --- | --- | --- | --- | --- |")
    for r in results:
        print(f"| {r['case']} | {r['wall_s']} | {r['peak_tree_rss_mb']} | {r['peak_tree_pss_mb']} | {r['recorded']} |")


if __name__ == "__main__":
    main()
