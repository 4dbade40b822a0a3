"""The daemon as the operator runs it: ``python -m monitor run`` as a real process on loopback.

Also robots.txt (through the real Fetcher and pipeline) and the instance lock, in-process.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import tomllib
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from conftest import free_port
from corpus import Item, article_html, news_items, paragraphs, rss
from werkzeug import Request, Response

from monitor.app import App
from monitor.errors import ConfigError
from monitor.ingest.fetcher import Fetcher
from monitor.ingest.robots import RobotsCache
from monitor.service.health import health_report
from monitor.service.lock import InstanceLock, lock_owner
from monitor.settings import HttpSettings, load_settings
from monitor.store import Store, parse_time
from monitor.usecases.poll import poll_once

FAST_SCHEDULE = {
    "min_interval": 1.0, "max_interval": 2.0, "default_interval": 1.0, "max_backoff": 4.0,
    "tick": 0.2, "jitter": 0.0, "stop_timeout": 4.0,
}


# ------------------------------------------------------------------ helpers
def daemon_config(write_config: Callable[..., Path], feeds: list[dict[str, Any]], **sections: Any) -> Path:
    """A config with fast schedule settings and ``[[feeds]]`` tables as given (incl. interval)."""
    path = write_config(schedule={**FAST_SCHEDULE, **sections.pop("schedule", {})}, **sections)
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    raw["feeds"] = feeds
    path.write_text(tomli_w.dumps(raw), encoding="utf-8")
    return path


class DaemonProcess:
    """A ``monitor run`` subprocess with its log in a file (a pipe could fill up and block it)."""

    def __init__(self, config: Path) -> None:
        self.config = config
        self.log_path = config.with_name(f"daemon-{time.monotonic_ns()}.log")
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "monitor", "--config", str(config), "run"],
                stdout=log, stderr=subprocess.STDOUT, cwd=config.parent,
            )
        wait_for(lambda: "daemon started" in self.log or self.proc.poll() is not None, 30, "the daemon to start")
        assert self.proc.poll() is None, f"the daemon exited at start:\n{self.log}"

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15.0) -> tuple[int, float]:
        started = time.monotonic()
        self.proc.send_signal(sig)
        code = self.proc.wait(timeout=timeout)
        return code, time.monotonic() - started

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture
def daemons() -> Iterator[Callable[[Path], DaemonProcess]]:
    started: list[DaemonProcess] = []

    def _start(config: Path) -> DaemonProcess:
        daemon = DaemonProcess(config)
        started.append(daemon)
        return daemon

    yield _start
    for daemon in started:  # a failed test must not leave a daemon behind
        daemon.kill()


def wait_for(predicate: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def query(db: Path, sql: str, params: tuple = ()) -> list[dict[str, Any]]:
    conn = sqlite3.connect(db, timeout=10)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in conn.execute(sql, params)]
    finally:
        conn.close()


def integrity(db: Path) -> str:
    return query(db, "PRAGMA integrity_check")[0]["integrity_check"]


def serve_feed(web, path: str, items: list[Item], **headers: str) -> None:
    """A feed that always reflects ``items`` (append to publish), with ETag-based 304s."""

    def handler(request: Request) -> Response:
        etag = f'"{len(items)}"'
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(rss(items), content_type="application/rss+xml", headers={"ETag": etag, **headers})

    web.expect_request(path).respond_with_handler(handler)


def serve_pages(web, base: str, items: list[Item], delay: dict[str, float] | None = None) -> None:
    """Article pages for ``items``; ``delay["seconds"]`` (changeable while serving) slows each."""
    for n, item in enumerate(items):
        def page(request: Request, item: Item = item, n: int = n) -> Response:
            time.sleep((delay or {}).get("seconds", 0.0))
            body = article_html(item.title, paragraphs([f"Lead paragraph of {item.title}, for the daemon test."], seed=n))
            return Response(body, content_type="text/html; charset=utf-8")

        web.expect_request(item.link[len(base):]).respond_with_handler(page)


def requests_to(web, path: str) -> int:
    return sum(1 for request, _ in web.log if request.path == path)


# ------------------------------------------------------------------ the daemon, end to end
def test_new_item_is_stored_within_one_interval_then_sigterm_exits_cleanly(web, write_config, daemons):
    base = web.url_for("").rstrip("/")
    items = news_items(base, 3)
    serve_pages(web, base, items + news_items(base, 1, start=3))
    serve_feed(web, "/feed.xml", items)
    config = daemon_config(write_config, [{"name": "Provincial", "url": f"{base}/feed.xml"}])
    db = config.parent / "monitor.db"

    daemon = daemons(config)
    wait_for(lambda: query(db, "SELECT COUNT(*) AS n FROM articles")[0]["n"] == 3, 20, "the first poll")
    wait_for(lambda: requests_to(web, "/feed.xml") >= 2, 10, "a re-poll")
    assert [r.headers.get("If-None-Match") for r, _ in web.log if r.path == "/feed.xml"][1] == '"3"'  # conditional

    items.insert(0, news_items(base, 1, start=3)[0])  # publish
    published = time.monotonic()
    wait_for(lambda: query(db, "SELECT 1 FROM articles WHERE url = ?", (f"{base}/story-3.html",)), 10, "the new item")
    took = time.monotonic() - published
    interval = query(db, "SELECT interval_seconds FROM feeds")[0]["interval_seconds"]
    assert interval == FAST_SCHEDULE["max_interval"]  # hourly stories: adaptive 30 min, clamped to 2 s here
    # One interval (due times are whole seconds, rounded up), a tick to notice it is due, and
    # the time to fetch and analyse the page.
    assert took <= interval + 1 + FAST_SCHEDULE["tick"] + 1.5, f"new item took {took:.1f}s"

    # A second instance on the same database is refused at once, naming the first.
    second = subprocess.run([sys.executable, "-m", "monitor", "--config", str(config), "run"],
                            capture_output=True, text=True, timeout=30, cwd=config.parent)
    assert second.returncode == 1
    assert f"pid {daemon.proc.pid}" in second.stderr and "already running" in second.stderr

    store = Store.open(db, readonly=True)  # what `monitor status` sees meanwhile
    try:
        report = health_report(store, load_settings(config))
    finally:
        store.close()
    assert report["daemon"]["running"] and report["daemon"]["pid"] == daemon.proc.pid and report["healthy"]
    assert report["feeds"][0]["next_check_at"] and report["feeds"][0]["articles"] == 4

    code, took = daemon.stop(signal.SIGTERM)
    assert code == 0, daemon.log
    assert took < FAST_SCHEDULE["stop_timeout"], f"stop took {took:.1f}s"
    assert integrity(db) == "ok"
    assert "daemon stopped" in daemon.log and "Traceback" not in daemon.log
    assert lock_owner(db) is None


def test_stop_mid_poll_keeps_whole_articles_and_the_rest_comes_next_run(web, write_config, daemons):
    base = web.url_for("").rstrip("/")
    items = news_items(base, 10)
    slow = {"seconds": 1.0}
    serve_pages(web, base, items, delay=slow)  # slow pages, one at a time: the stop lands mid-poll
    serve_feed(web, "/feed.xml", items)
    config = daemon_config(write_config, [{"name": "Slow", "url": f"{base}/feed.xml"}],
                           http={"per_host_concurrency": 1}, schedule={"stop_timeout": 3.0},
                           ner={"batch_size": 1})  # store each article as it is ready
    db = config.parent / "monitor.db"

    daemon = daemons(config)
    wait_for(lambda: query(db, "SELECT COUNT(*) AS n FROM articles")[0]["n"] >= 1, 20, "a first article")
    code, took = daemon.stop(signal.SIGINT)

    assert code == 0 and took < 3.0, (code, took, daemon.log)
    assert integrity(db) == "ok"
    stored = query(db, "SELECT COUNT(*) AS n FROM articles")[0]["n"]
    assert 1 <= stored < 10, "the stop should have interrupted the poll"
    # Every stored article is whole: its feed entry and verdict were written with it.
    assert query(db, "SELECT COUNT(*) AS n FROM articles a JOIN entries e ON e.article_id = a.id "
                     "WHERE a.text IS NOT NULL AND a.classified_at IS NOT NULL")[0]["n"] == stored
    assert "interrupted by the stop" in daemon.log

    slow["seconds"] = 0.0
    restarted = daemons(config)  # the interrupted poll's remaining entries come next time
    wait_for(lambda: query(db, "SELECT COUNT(*) AS n FROM articles")[0]["n"] == 10, 20, "the remaining entries")
    assert restarted.stop()[0] == 0
    assert query(db, "SELECT COUNT(*) AS n FROM articles")[0]["n"] == 10  # none twice


def test_a_killed_daemon_does_not_block_a_restart_and_the_schedule_resumes(web, write_config, daemons):
    base = web.url_for("").rstrip("/")
    items = news_items(base, 2)
    serve_pages(web, base, items)
    serve_feed(web, "/hourly.xml", items)
    config = daemon_config(write_config, [{"name": "Hourly", "url": f"{base}/hourly.xml", "interval": 3600.0}])
    db = config.parent / "monitor.db"

    crashed = daemons(config)
    wait_for(lambda: query(db, "SELECT next_check_at FROM feeds")[0]["next_check_at"], 20, "the first poll")
    crashed.proc.send_signal(signal.SIGKILL)
    crashed.proc.wait(timeout=10)
    assert f'"pid": {crashed.proc.pid}' in (db.parent / "monitor.db.lock").read_text()  # the stale owner is still written

    restarted = daemons(config)
    assert lock_owner(db).pid == restarted.proc.pid
    time.sleep(0.8)  # four ticks
    assert requests_to(web, "/hourly.xml") == 1, "the restart must resume the stored schedule, not poll at once"
    next_check = parse_time(query(db, "SELECT next_check_at FROM feeds")[0]["next_check_at"])
    assert next_check.timestamp() - time.time() > 3000
    assert restarted.stop()[0] == 0


@pytest.fixture(scope="module")
def http_run(tmp_path_factory) -> Iterator[dict[str, Any]]:
    """One daemon against a server that rate-limits, moves, removes and breaks feeds, per-host limit 1."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    base = server.url_for("").rstrip("/")
    state = {"in_flight": 0, "max_in_flight": 0, "requests": 0, "served_429_at": None, "times": defaultdict(list)}
    lock = threading.Lock()

    def counted(respond: Callable[[Request], Response]) -> Callable[[Request], Response]:
        def handler(request: Request) -> Response:
            with lock:
                state["in_flight"] += 1
                state["requests"] += 1
                state["max_in_flight"] = max(state["max_in_flight"], state["in_flight"])
                state["times"][request.path].append(time.monotonic())
            try:
                time.sleep(0.05)  # long enough for a second request to overlap, were the limit broken
                return respond(request)
            finally:
                with lock:
                    state["in_flight"] -= 1
        return handler

    def busy(request: Request) -> Response:
        state["served_429_at"] = time.time()
        return Response("slow down", status=429, headers={"Retry-After": "30"})

    feeds = {}
    for n in range(3):
        items = news_items(base, 3, prefix=f"s{n}")
        feeds[f"/feed-{n}.xml"] = items
        for item in items:
            server.expect_request(item.link[len(base):]).respond_with_handler(counted(
                lambda r, item=item: Response(article_html(item.title, paragraphs([item.summary])),
                                              content_type="text/html")))
    for path, items in feeds.items():
        server.expect_request(path).respond_with_handler(counted(
            lambda r, items=items: Response(rss(items), content_type="application/rss+xml")))
    moved_items = news_items(base, 1, prefix="moved")
    server.expect_request("/moved-0.html").respond_with_handler(counted(
        lambda r: Response(article_html("Moved", paragraphs(["A story from the moved feed."])), content_type="text/html")))
    server.expect_request("/old.xml").respond_with_handler(counted(
        lambda r: Response("", status=301, headers={"Location": f"{base}/new.xml"})))
    server.expect_request("/new.xml").respond_with_handler(counted(
        lambda r: Response(rss(moved_items), content_type="application/rss+xml")))
    server.expect_request("/gone.xml").respond_with_handler(counted(lambda r: Response("gone", status=410)))
    server.expect_request("/busy.xml").respond_with_handler(counted(busy))
    server.expect_request("/broken.xml").respond_with_handler(counted(
        lambda r: Response("<rss><channel><tit", content_type="text/xml")))
    server.expect_request("/robots.txt").respond_with_handler(counted(
        lambda r: Response("User-agent: *\nAllow: /\n", content_type="text/plain")))

    folder = tmp_path_factory.mktemp("http-run")
    raw = {
        "storage": {"path": "monitor.db"},
        "http": {"allow_private_networks": True, "per_host_delay": 0, "per_host_concurrency": 1, "concurrency": 8,
                 "timeout": 5},
        "extract": {"workers": 1}, "ner": {"enabled": False}, "schedule": FAST_SCHEDULE,
        "feeds": [{"name": p.strip("/"), "url": f"{base}{p}"}
                  for p in [*feeds, "/old.xml", "/gone.xml", "/busy.xml", "/broken.xml"]],
    }
    config = folder / "monitor.toml"
    config.write_text(tomli_w.dumps(raw), encoding="utf-8")
    db = folder / "monitor.db"
    daemon = DaemonProcess(config)
    try:
        wait_for(lambda: query(db, "SELECT COUNT(*) AS n FROM articles")[0]["n"] == 10
                 and query(db, "SELECT consecutive_errors AS n FROM feeds WHERE url LIKE '%broken.xml'")[0]["n"] >= 4,
                 30, "every feed handled")
        time.sleep(0.6)  # a few more ticks: nothing may be polled that should not be
        code, took = daemon.stop()
        requests = [request for request, _ in server.log]
    finally:
        daemon.kill()
        server.clear()
        server.stop()
    feeds_by_name = {row["name"]: row for row in query(db, "SELECT * FROM feeds")}
    yield {"base": base, "state": state, "requests": requests, "db": db, "feeds": feeds_by_name, "code": code,
           "log_text": daemon.log}


def test_http_run_429_retry_after_is_respected(http_run):
    busy = http_run["feeds"]["busy.xml"]
    served = http_run["state"]["served_429_at"]
    assert busy["last_status"] == 429 and busy["consecutive_errors"] == 1
    assert parse_time(busy["next_check_at"]).timestamp() >= served + 30
    assert sum(1 for r in http_run["requests"] if r.path == "/busy.xml") == 1, "polled again before Retry-After"


def test_http_run_301_updates_the_stored_feed_url(http_run):
    moved = http_run["feeds"]["old.xml"]
    assert moved["url"] == f"{http_run['base']}/new.xml"
    assert moved["original_url"] == f"{http_run['base']}/old.xml"
    assert moved["last_error"] is None
    # Later polls go straight to the new address.
    assert sum(1 for r in http_run["requests"] if r.path == "/old.xml") == 1
    assert sum(1 for r in http_run["requests"] if r.path == "/new.xml") >= 2


def test_http_run_410_deactivates_the_feed_with_the_reason(http_run):
    gone = http_run["feeds"]["gone.xml"]
    assert gone["active"] == 0 and "410 Gone" in gone["deactivated_reason"]
    assert sum(1 for r in http_run["requests"] if r.path == "/gone.xml") == 1


def test_http_run_a_host_limit_of_one_never_sees_two_requests_at_once(http_run):
    assert http_run["state"]["requests"] > 20  # 4 feeds polled repeatedly plus 10 pages, all on one host
    assert http_run["state"]["max_in_flight"] == 1


def test_http_run_a_broken_feed_backs_off_and_the_daemon_goes_on(http_run):
    broken = http_run["feeds"]["broken.xml"]
    assert broken["consecutive_errors"] >= 2 and broken["last_error"]
    assert broken["active"] == 1 and broken["next_check_at"], "a failing feed keeps being retried"
    # default_interval 1 s, max_backoff 4 s: retried after at least 1, 2, then 4 s (due times are
    # whole seconds rounded up, then found at the next tick: each gap may run about a second over).
    polls = http_run["state"]["times"]["/broken.xml"]
    gaps = [later - earlier for earlier, later in zip(polls, polls[1:], strict=False)]
    assert len(gaps) >= 3, gaps
    assert gaps[0] >= 0.95 and gaps[1] >= 1.95 and gaps[2] >= 3.95, gaps
    assert gaps[2] > gaps[0] + 1.5, gaps
    assert http_run["code"] == 0 and integrity(http_run["db"]) == "ok"
    assert "Traceback" not in http_run["log_text"]


# ------------------------------------------------------------------ robots.txt
def robots_server(web, bodies: list[tuple[int, str]]) -> None:
    """Serve robots.txt responses in turn (the last one repeats), instead of conftest's 404."""
    web.handlers[:] = [h for h in web.handlers if h.matcher.uri != "/robots.txt"]
    calls = iter(range(10_000))

    def handler(request: Request) -> Response:
        status, body = bodies[min(next(calls), len(bodies) - 1)]
        return Response(body, status=status, content_type="text/plain")

    web.expect_request("/robots.txt").respond_with_handler(handler)


def check(web, cache: RobotsCache, paths: list[str]) -> list[bool]:
    base = web.url_for("").rstrip("/")
    settings = HttpSettings(allow_private_networks=True, per_host_delay=0)

    async def run() -> list[bool]:
        async with Fetcher(settings) as fetcher:
            return list(await asyncio.gather(*(cache.allowed(fetcher, base + p, settings.user_agent) for p in paths)))

    return asyncio.run(run())


def test_robots_rules_apply_and_are_fetched_once_per_host(web):
    robots_server(web, [(200, "User-agent: *\nDisallow: /private/\n\nUser-agent: TraffickingNewsMonitor\nDisallow: /no-monitors/\n")])
    cache = RobotsCache()
    verdicts = check(web, cache, ["/news/1.html", "/private/2.html", "/no-monitors/3.html"] * 5)
    assert verdicts[:3] == [True, True, False]  # our own group applies, not the '*' one
    assert sum(1 for r, _ in web.log if r.path == "/robots.txt") == 1, "concurrent checks must share one fetch"
    assert check(web, cache, ["/private/2.html"]) == [True]
    assert sum(1 for r, _ in web.log if r.path == "/robots.txt") == 1, "cached for the next poll"


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (403, True), (500, False), (503, False)])
def test_robots_unavailable_allows_and_unreachable_disallows(web, status, allowed):
    """RFC 9309 2.3.1.3/2.3.1.4: a 4xx means no rules; a 5xx means complete disallow."""
    robots_server(web, [(status, "User-agent: *\nDisallow: /\n")])
    assert check(web, RobotsCache(), ["/news/1.html"]) == [allowed]


def test_robots_unreachable_is_asked_again_after_a_while_and_then_applies(web):
    robots_server(web, [(503, ""), (200, "User-agent: *\nDisallow: /private/\n")])
    cache = RobotsCache(unreachable_ttl=0)  # "a while" is over at once
    assert check(web, cache, ["/news/1.html"]) == [False]
    assert check(web, cache, ["/news/1.html", "/private/2.html"]) == [True, False]
    assert sum(1 for r, _ in web.log if r.path == "/robots.txt") == 2


def test_robots_connection_failure_disallows_until_the_stale_limit():
    settings = HttpSettings(allow_private_networks=True, per_host_delay=0, timeout=2)
    page = f"http://127.0.0.1:{free_port()}/news/1.html"  # nothing listens there

    async def run(cache: RobotsCache) -> list[bool]:
        async with Fetcher(settings) as fetcher:
            return [await cache.allowed(fetcher, page, settings.user_agent) for _ in range(2)]

    assert asyncio.run(run(RobotsCache(unreachable_ttl=0))) == [False, False]
    # Unreachable for longer than the stale limit (RFC 9309: 30 days): treated as unavailable.
    assert asyncio.run(run(RobotsCache(unreachable_ttl=0, stale_limit=0))) == [True, True]


def test_robots_longest_match_wins_and_our_product_token_is_matched(web):
    robots_server(web, [(200, "User-agent: *\nAllow: /\n\nUser-agent: trafficking-bot\nDisallow: /\n\n"
                              "User-agent: TraffickingNewsMonitor\nAllow: /news/open\nDisallow: /news/\n")])
    verdicts = check(web, RobotsCache(), ["/news/open-story.html", "/news/closed.html", "/about.html"])
    assert verdicts == [True, False, True]  # a broad Disallow after a narrower Allow: the longer rule wins


def test_robots_keeps_its_cached_copy_when_the_server_fails_later(web):
    robots_server(web, [(200, "User-agent: *\nDisallow: /private/\n"), (500, "")])
    cache = RobotsCache(ttl=0)  # expire at once: the second check asks again and gets a 500
    assert check(web, cache, ["/private/a.html"]) == [False]
    assert check(web, cache, ["/private/a.html"]) == [False]
    assert sum(1 for r, _ in web.log if r.path == "/robots.txt") == 2


@pytest.mark.parametrize(("respect", "feed_robots", "fetched"), [(True, True, False), (False, True, True), (True, False, True)])
def test_pipeline_stores_disallowed_pages_from_the_feed(web, write_config, respect, feed_robots, fetched):
    base = web.url_for("").rstrip("/")
    items = news_items(base, 2)
    serve_pages(web, base, items)
    serve_feed(web, "/feed.xml", items)
    robots_server(web, [(200, "User-agent: *\nDisallow: /story-\n")])
    config = write_config(http={"respect_robots": respect})
    raw = tomllib.loads(config.read_text(encoding="utf-8"))
    raw["feeds"] = [{"name": "Robots", "url": f"{base}/feed.xml", "robots": feed_robots}]
    config.write_text(tomli_w.dumps(raw), encoding="utf-8")
    settings = load_settings(config)
    store = App(settings).synced_store()
    try:
        poll_once(settings, store)
        rows = store.rows("SELECT source, fetch_error FROM articles")
    finally:
        store.close()
    assert len(rows) == 2
    pages = sum(1 for r, _ in web.log if r.path.startswith("/story-"))
    if fetched:
        assert pages == 2 and all(row["source"] == "page" for row in rows)
    else:
        assert pages == 0
        assert all(row["source"] == "feed" and row["fetch_error"] == "disallowed by robots.txt" for row in rows)


# ------------------------------------------------------------------ the instance lock
def test_the_lock_refuses_another_process_names_it_and_is_reentrant_within_one(tmp_path):
    db = tmp_path / "monitor.db"
    other = [sys.executable, "-c", f"from monitor.service.lock import InstanceLock; InstanceLock({str(db)!r}).acquire()"]
    with InstanceLock(db):
        owner = lock_owner(db)
        assert owner is not None and owner.pid == os.getpid() and owner.started_at
        refused = subprocess.run(other, capture_output=True, text=True, timeout=30)
        assert refused.returncode != 0 and "AlreadyRunningError" in refused.stderr
        assert f"pid {os.getpid()}, running since {owner.started_at}" in refused.stderr
        with InstanceLock(db):  # the CLI and the daemon both take it in one process
            pass
        assert lock_owner(db).pid == os.getpid(), "an inner release must not drop the outer hold"
    assert lock_owner(db) is None
    assert subprocess.run(other, capture_output=True, timeout=30).returncode == 0  # free after a clean release


# ------------------------------------------------------------------ the cron hook (for the digest)
def test_cron_jobs_are_validated_when_added(settings_for):
    daemon = App(settings_for()).daemon()
    daemon.add_cron_job("digest", lambda: None, "0 7 * * *", "Asia/Phnom_Penh")
    with pytest.raises(ConfigError, match="bad cron schedule '0 7 \\* \\*'"):
        daemon.add_cron_job("digest", lambda: None, "0 7 * *", "Asia/Phnom_Penh")
    with pytest.raises(ConfigError, match="unknown timezone 'Mars/Olympus'"):
        daemon.add_cron_job("digest", lambda: None, "0 7 * * *", "Mars/Olympus")
