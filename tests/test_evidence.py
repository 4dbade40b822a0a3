"""Evidence on loopback: flagged pages kept as WARC records, served sandboxed, exported, verified,
pruned by the retention rules, and submitted to a loopback imitation of Save Page Now."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from corpus import FILLER, TRAFFICKING_STORY, Item, article_html, paragraphs, rss
from warcio.archiveiterator import ArchiveIterator
from werkzeug import Request, Response

from monitor.app import App
from monitor.cli import cli
from monitor.evidence.archive import Evidence, evidence_dir, file_of, verify
from monitor.evidence.retention import prune
from monitor.evidence.warc import Capture, IntegrityError
from monitor.evidence.wayback import Submitter
from monitor.models import Article, Entry, Findings, Verdict
from monitor.review.desk import running
from monitor.service.health import health_report
from monitor.settings import Settings
from monitor.store import Store
from monitor.store.reviews import set_review
from monitor.store.snapshots import all_snapshots, latest_snapshot
from monitor.usecases.poll import poll_once

WARCIO = Path(sys.executable).with_name("warcio")
RELATED_STORY = [
    "Border police said they had intercepted a van carrying eleven young women who had been promised factory jobs, "
    "a case they are treating as human trafficking.",
    "The women were taken to a shelter run by a local charity while investigators traced the recruiters.",
]
# What a news page pulls in from its outlet: every one of these must be inert in the snapshot.
OUTLET_RESOURCES = """<link rel="stylesheet" href="/css/site.css"><script src="/js/tracker.js"></script>
<script>document.title = "script ran"; new Image().src = "/beacon?inline";</script>
<style>body { background: url(/img/texture.png); } @import url("/css/more.css");</style>"""
BODY_RESOURCES = """<img src="/img/raid.jpg" srcset="/img/raid-2x.jpg 2x" alt="Police at the compound">
<iframe src="/embed/video"></iframe><div style="background-image:url('/img/banner.png')" onclick="steal()">banner</div>
<video poster="/img/poster.jpg"><source src="/video/clip.mp4"></video><a href="/national">National news</a>"""


def page_html(title: str, lead: list[str], seed: int = 0) -> bytes:
    html = article_html(title, paragraphs(lead, seed=seed))
    html = html.replace("</head>", OUTLET_RESOURCES + "</head>").replace("<main>", "<main>" + BODY_RESOURCES)
    return html.replace("<body>", '<body onload="track()">').encode("utf-8")


def serve_outlet(web, pages: dict[str, tuple[str, bytes]]) -> str:
    """Serve ``{path: (title, body)}`` and an RSS feed of them at /feed.xml; returns the feed URL."""
    base = web.url_for("").rstrip("/")
    items = []
    for n, (path, (title, body)) in enumerate(pages.items()):
        web.expect_request(path).respond_with_data(body, content_type="text/html; charset=utf-8",
                                                   headers={"X-Outlet": "test", "Last-Modified": "Mon, 02 Nov 2026 01:00:00 GMT"})
        items.append(Item(title=title, link=f"{base}{path}", guid=f"g{n}",
                          published=datetime(2026, 11, 2, 8, 0, tzinfo=UTC) - timedelta(hours=n)))
    web.expect_request("/feed.xml").respond_with_data(rss(items), content_type="application/rss+xml")
    return f"{base}/feed.xml"


def requests_to_outlet(web) -> list[str]:
    return [request.full_path for request, _ in web.log]


def warcio_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(WARCIO), *args], capture_output=True, text=True, timeout=60)


def read_records(path: Path) -> list[tuple[str, str | None, bytes]]:
    with open(path, "rb") as stream:
        return [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
                for r in ArchiveIterator(stream)]


@pytest.fixture
def polled(web, settings_for: Callable[..., Settings]) -> tuple[Settings, Store, dict[str, bytes]]:
    flagged = page_html("Scam compound raid: NCCT says 41 victims to be repatriated", TRAFFICKING_STORY)
    related = page_html("Eleven women intercepted at the border", RELATED_STORY, seed=1)
    general = page_html("Rice prices steady at the central market", FILLER[:2], seed=2)
    pages = {"/news/raid.html": ("Scam compound raid: NCCT says 41 victims to be repatriated", flagged),
             "/news/border.html": ("Eleven women intercepted at the border", related),
             "/news/rice.html": ("Rice prices steady at the central market", general)}
    settings = settings_for([("Outlet", serve_outlet(web, pages))])
    store = App(settings).synced_store()
    report = poll_once(settings, store)
    assert report.total("stored") == 3 and report.total("flagged") == 1, report
    yield settings, store, {path: body for path, (_, body) in pages.items()}
    store.close()


def article_id(store: Store, suffix: str) -> int:
    return next(row["id"] for row in store.rows("SELECT id, url FROM articles") if row["url"].endswith(suffix))


def test_flagged_page_is_archived_as_served_without_a_second_fetch(polled, web) -> None:
    settings, store, bodies = polled
    page_fetches = [path for path in requests_to_outlet(web) if path.startswith("/news/")]
    assert sorted(page_fetches) == ["/news/border.html?", "/news/raid.html?", "/news/rice.html?"], "a page was fetched twice"

    snapshots = all_snapshots(store)
    flagged = store.rows("SELECT id, url FROM articles WHERE flagged = 1")
    assert [s.article_id for s in snapshots] == [row["id"] for row in flagged], "scope 'flagged': only the flagged story"
    snapshot = snapshots[0]
    served = bodies["/news/raid.html"]
    assert snapshot.url == web.url_for("/news/raid.html") and snapshot.requested_url == snapshot.url
    assert snapshot.sha256 == hashlib.sha256(served).hexdigest() and snapshot.payload_bytes == len(served)
    assert not Path(snapshot.path).is_absolute(), "a path inside the database's folder is stored relative to it"
    path = file_of(store.path, snapshot.path)
    assert path.parent == evidence_dir(settings) == store.path.parent / "evidence"
    assert path.name == f"monitor-{datetime.now(UTC):%Y%m%d}.warc.gz"

    # The contract: the file opens with warcio; a response record for the URL, holding the page as served.
    records = read_records(path)
    assert [kind for kind, _, _ in records] == ["warcinfo", "request", "response"]
    response = next(r for r in records if r[0] == "response")
    assert response[1] == snapshot.url and response[2] == served
    with open(path, "rb") as stream:
        record = next(r for r in ArchiveIterator(stream) if r.rec_type == "response")
        assert record.http_headers.get_statuscode() == "200"
        assert record.http_headers.get_header("X-Outlet") == "test"
        assert record.http_headers.get_header("Content-Type") == "text/html; charset=utf-8"
        assert record.rec_headers.get_header("WARC-Date") == snapshot.captured_at
    with open(path, "rb") as stream:
        request = next(r for r in ArchiveIterator(stream) if r.rec_type == "request")
        assert request.http_headers.protocol == "GET" and "TraffickingNewsMonitor" in request.http_headers.get_header("User-Agent")
        assert request.rec_headers.get_header("WARC-Concurrent-To") == snapshot.record_id

    # Standard tools read it: warcio's index (the CDX-like listing) and its digest check.
    index = [json.loads(line) for line in warcio_cli("index", "-f", "warc-type,warc-target-uri,offset,length,http:status", str(path)).stdout.splitlines()]
    assert [(entry["warc-type"], int(entry["offset"])) for entry in index][1:] == [
        ("request", snapshot.request_offset), ("response", snapshot.offset)]
    assert int(index[2]["length"]) == snapshot.length and index[2]["warc-target-uri"] == snapshot.url
    assert index[2]["http:status"] == "200"
    checked = warcio_cli("check", "-v", str(path))
    assert checked.returncode == 0 and "digest pass" in checked.stdout, checked.stdout + checked.stderr


def test_snapshot_exports_html_and_warc_after_verifying(polled, tmp_path: Path) -> None:
    settings, store, bodies = polled
    flagged_id = article_id(store, "/news/raid.html")
    html, warc = tmp_path / "page.html", tmp_path / "page.warc.gz"

    result = CliRunner().invoke(cli, ["--config", str(settings.source), "snapshot", str(flagged_id),
                                      "--out", str(html), "--warc", str(warc)], catch_exceptions=False)

    assert result.exit_code == 0, result.output
    assert "verified" in result.output and str(html) in result.output
    exported = read_records(warc)
    assert [kind for kind, _, _ in exported] == ["warcinfo", "request", "response"]
    assert exported[2][2] == bodies["/news/raid.html"]
    assert warcio_cli("check", str(warc)).returncode == 0
    page = html.read_text(encoding="utf-8")
    assert "Archived copy" in page and "41 workers" in page
    assert_inert(page)
    assert '<meta http-equiv="Content-Security-Policy" content="default-src \'none\';' in page, "the file has its own CSP"

    missing = CliRunner().invoke(cli, ["--config", str(settings.source), "snapshot", str(article_id(store, "/rice.html"))])
    assert missing.exit_code == 1 and "has no snapshot" in missing.output


def assert_inert(page: str) -> None:
    """Nothing in the page can run or fetch: no scripts, handlers, frames or resource URLs."""
    lowered = page.lower()
    for marker in ("<script", "onload=", "onclick=", "<iframe", "<link", "<source", "url(", "@import",
                   ' src="', " srcset=", " poster=", ' href="/'):
        assert marker not in lowered, f"{marker!r} left in the snapshot page"
    assert 'data-archived-src="/img/raid.jpg"' in page, "the original address is kept for the reader"
    assert 'title="/national"' in page, "a disabled link still shows where it went"


def test_desk_serves_the_snapshot_sandboxed_with_a_banner(polled, web) -> None:
    settings, store, bodies = polled
    flagged_id = article_id(store, "/news/raid.html")
    before = len(web.log)
    with running(settings) as desk:
        answer = httpx.get(f"{desk}/-/monitor/snapshot/{flagged_id}")
        download = httpx.get(f"{desk}/-/monitor/snapshot/{flagged_id}.warc.gz")
        none = httpx.get(f"{desk}/-/monitor/snapshot/{article_id(store, '/rice.html')}")
    assert answer.status_code == 200
    policy = answer.headers["content-security-policy"]
    assert policy.startswith("sandbox") and "default-src 'none'" in policy
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert answer.headers["content-type"].startswith("text/html")
    banner = answer.text.split('id="monitor-snapshot-banner"', 1)[1].split("</div>", 1)[0]
    snapshot = latest_snapshot(store, flagged_id)
    assert snapshot is not None and snapshot.url in banner and "UTC" in banner and "sha256 verified" in banner
    assert_inert(answer.text)
    assert download.status_code == 200 and download.headers["content-type"] == "application/warc"
    records = list(ArchiveIterator(io.BytesIO(download.content)))
    assert [r.rec_type for r in records] == ["warcinfo", "request", "response"]
    assert none.status_code == 404
    assert len(web.log) == before, "serving a snapshot made a request to the outlet"


def test_status_shows_the_archive_size(polled) -> None:
    settings, store, _ = polled
    size = sum(p.stat().st_size for p in evidence_dir(settings).iterdir())
    shown = CliRunner().invoke(cli, ["--config", str(settings.source), "status"], catch_exceptions=False)
    assert f"evidence: 1 snapshots, {size / 1048576:.1f} MB in 1 WARC files" in shown.output
    as_json = CliRunner().invoke(cli, ["--config", str(settings.source), "status", "--json"], catch_exceptions=False)
    evidence = json.loads(as_json.output)["evidence"]
    assert evidence["bytes"] == size and evidence["snapshots"] == 1 and evidence["without_snapshot"] == 0


def test_daemon_schedules_retention_and_wayback_only_when_asked(settings_for) -> None:
    from monitor.evidence.jobs import daemon_jobs

    assert daemon_jobs(settings_for()) == []
    jobs = daemon_jobs(settings_for(evidence={"keep_days": 30, "wayback": True}))
    assert [(job.name, job.cron, job.timezone) for job in jobs] == [("evidence-retention", "17 * * * *", "UTC"),
                                                                 ("evidence-wayback", "*/5 * * * *", "UTC")]
    settings = settings_for(evidence={"keep_days": 1})
    store = App(settings).synced_store()
    archive_days(settings, store, [3, 0])
    # The daemon hands each job a store of its own (see Daemon.run_job).
    {job.name: job.work for job in daemon_jobs(settings)}["evidence-retention"](store)
    assert len(all_snapshots(store)) == 1
    store.close()


def test_tampered_snapshot_is_reported_never_served(polled) -> None:
    settings, store, _ = polled
    flagged_id = article_id(store, "/news/raid.html")
    snapshot = latest_snapshot(store, flagged_id)
    assert snapshot is not None
    path = file_of(store.path, snapshot.path)
    original = path.read_bytes()
    member = original[snapshot.offset:snapshot.offset + snapshot.length]

    # An edit that keeps the record well-formed: one figure changed, the member re-compressed.
    record = gzip.decompress(member)
    assert b"41 workers" in record
    forged = gzip.compress(record.replace(b"41 workers", b"14 workers"))
    path.write_bytes(original[:snapshot.offset] + forged + original[snapshot.offset + snapshot.length:])
    with pytest.raises(IntegrityError, match="sha256"):
        verify(store.path, snapshot)
    exported = CliRunner().invoke(cli, ["--config", str(settings.source), "snapshot", str(flagged_id),
                                        "--out", str(path.parent / "x.html")])
    assert exported.exit_code == 1 and "sha256" in exported.output
    assert not (path.parent / "x.html").exists(), "a tampered snapshot was exported"
    with running(settings) as desk:
        answer = httpx.get(f"{desk}/-/monitor/snapshot/{flagged_id}")
    assert answer.status_code == 409 and "cannot be shown" in answer.text and "14 workers" not in answer.text

    # Bit rot inside the compressed bytes: the record no longer reads.
    damaged = bytearray(original)
    damaged[snapshot.offset + snapshot.length // 2] ^= 0xFF
    path.write_bytes(bytes(damaged))
    with pytest.raises(IntegrityError):
        verify(store.path, snapshot)


def test_redirected_page_keeps_the_final_url_and_the_hops(web, settings_for) -> None:
    body = page_html("NCCT: Tier 3 ranking discussed as 41 victims return", TRAFFICKING_STORY)
    base = web.url_for("").rstrip("/")
    web.expect_request("/p/123").respond_with_data("", status=301, headers={"Location": "/news/2026/raid.html"})
    # Served gzip-compressed: the archive keeps the decoded body and says how it travelled.
    web.expect_request("/news/2026/raid.html").respond_with_data(
        gzip.compress(body), content_type="text/html; charset=utf-8", headers={"Content-Encoding": "gzip"})
    item = Item(title="NCCT: Tier 3 ranking discussed as 41 victims return", link=f"{base}/p/123", guid="r1")
    web.expect_request("/feed.xml").respond_with_data(rss([item]), content_type="application/rss+xml")
    settings = settings_for([("Outlet", f"{base}/feed.xml")])
    store = App(settings).synced_store()
    poll_once(settings, store)

    snapshot = all_snapshots(store)[0]
    assert snapshot.requested_url == f"{base}/p/123" and snapshot.redirects == f"{base}/p/123"
    assert snapshot.url == f"{base}/news/2026/raid.html"
    records = read_records(file_of(store.path, snapshot.path))
    assert records[2][1] == snapshot.url and records[2][2] == body
    with open(file_of(store.path, snapshot.path), "rb") as stream:
        response = next(r for r in ArchiveIterator(stream) if r.rec_type == "response")
        assert response.http_headers.get_header("Content-Encoding") is None
        assert response.http_headers.get_header("X-Archive-Orig-Content-Encoding") == "gzip"
        assert response.http_headers.get_header("Content-Length") == str(len(body))
    assert warcio_cli("check", str(file_of(store.path, snapshot.path))).returncode == 0
    with running(settings) as desk:
        banner = httpx.get(f"{desk}/-/monitor/snapshot/{snapshot.article_id}").text.split("</div>", 1)[0]
    assert f"{base}/p/123" in banner and "redirected" in banner
    store.close()


def test_scope_related_keeps_related_pages_too(web, settings_for) -> None:
    pages = {"/a.html": ("NCCT rescues 41 victims", page_html("NCCT rescues 41 victims", TRAFFICKING_STORY)),
             "/b.html": ("Eleven women intercepted", page_html("Eleven women intercepted", RELATED_STORY, seed=1)),
             "/c.html": ("Market prices", page_html("Market prices", FILLER[:2], seed=2))}
    settings = settings_for([("Outlet", serve_outlet(web, pages))], evidence={"scope": "related"})
    store = App(settings).synced_store()
    poll_once(settings, store)
    kept = {row["url"].rsplit("/", 1)[1] for row in store.rows(
        "SELECT a.url FROM snapshots s JOIN articles a ON a.id = s.article_id")}
    assert kept == {"a.html", "b.html"}
    summary = health_report(store, settings)["evidence"]
    assert summary["snapshots"] == 2 and summary["without_snapshot"] == 0 and summary["bytes"] > 0
    store.close()


# --------------------------------------------------------------------------- retention
def stored_article(store: Store, n: int) -> int:
    feed_id = store.add_feed("https://outlet.example/feed.xml", "Outlet")
    url = f"https://outlet.example/story-{n}.html"
    verdict = Verdict(flagged=True, related=True, score=1.0, reason="test", matches=(), discounted=())
    article = Article(
        url=url, feed_id=feed_id, guid=None, title=f"Story {n}", author=None, site_name=None, published_at=None,
        discovered_at="2026-11-01T00:00:00Z", text="text", summary="", source="page", fetch_error=None,
        content_hash=f"hash-{n}", simhash=None, story_id=None, classified_at="2026-11-01T00:00:00Z",
        findings=Findings(verdict=verdict, rules_version="test", lang="en"),
    )
    entry = Entry(key=f"k{n}", guid=None, link=None, title=f"Story {n}", summary="", content="", published_at=None, author=None)
    return store.save_article(article, entry=entry)


def capture(n: int, when: datetime, size: int = 20_000) -> Capture:
    # Incompressible filler, so sizes on disk are predictable.
    body = b"<html><body><p>story %d</p>" % n + random.Random(n).randbytes(size) + b"</body></html>"
    return Capture(requested_url=f"https://outlet.example/story-{n}.html", url=f"https://outlet.example/story-{n}.html",
                   status=200, headers={"content-type": "text/html"}, body=body, request_headers={"user-agent": "t"},
                   fetched_at=when)


def archive_days(settings: Settings, store: Store, days_ago: list[int]) -> list[int]:
    evidence = Evidence(settings, store)
    now = datetime.now(UTC)
    ids = []
    for n, age in enumerate(days_ago):
        article = stored_article(store, n)
        archived = asyncio.run(evidence.archive(capture(n, now - timedelta(days=age)), flagged=True, related=True))
        assert evidence.keep(article, archived)
        ids.append(article)
    return ids


def test_keep_days_deletes_old_snapshots_but_never_relevant_or_escalated_stories(settings_for) -> None:
    settings = settings_for(evidence={"keep_days": 30})
    store = App(settings).synced_store()
    ids = archive_days(settings, store, [60, 60, 45, 40, 40, 2, 0])
    set_review(store, ids[1], "relevant")
    set_review(store, ids[3], "escalated")
    set_review(store, ids[4], "not_relevant")
    files_before = sorted(p.name for p in evidence_dir(settings).iterdir())

    report = prune(settings, store)

    kept = {s.article_id for s in all_snapshots(store)}
    assert kept == {ids[1], ids[3], ids[5], ids[6]}
    assert report.deleted == 3 and report.bytes_after < report.bytes_before
    files_after = sorted(p.name for p in evidence_dir(settings).iterdir())
    assert len(files_before) == 5 and len(files_after) == 4, files_after  # the 45-days-old file had nothing left
    for snapshot in all_snapshots(store):  # rows follow their records into the rewritten files
        verify(store.path, snapshot)
        assert warcio_cli("check", str(file_of(store.path, snapshot.path))).returncode == 0
    assert prune(settings, store).deleted == 0, "a second prune finds nothing more"
    store.close()


def test_max_mb_deletes_oldest_unprotected_first_and_spares_today(settings_for) -> None:
    settings = settings_for(evidence={"max_mb": 0.1})  # ~100 KB: room for about four 20 KB pages
    store = App(settings).synced_store()
    ids = archive_days(settings, store, [5, 4, 3, 2, 1, 0, 0])
    set_review(store, ids[0], "relevant")

    report = prune(settings, store)

    kept = {s.article_id for s in all_snapshots(store)}
    assert ids[0] in kept, "the relevant story is kept even though it is the oldest"
    assert {ids[5], ids[6]} <= kept, "today's file is not rewritten"
    assert ids[1] not in kept and ids[2] not in kept, "the oldest unprotected go first"
    assert report.bytes_after <= 0.1 * 1048576 or report.warning
    for snapshot in all_snapshots(store):
        verify(store.path, snapshot)
    store.close()


# --------------------------------------------------------------------------- Save Page Now
def test_save_page_now_submissions_are_polite_and_recorded(web, settings_for, monkeypatch) -> None:
    monkeypatch.setenv("TEST_WAYBACK_KEYS", "access:secret")
    jobs: dict[str, int] = {}
    seen: list[Request] = []
    refused = {"once": True}

    def save(request: Request) -> Response:
        seen.append(request)
        if refused["once"] and len(seen) == 3:  # the third submission is told to slow down
            refused["once"] = False
            return Response("slow down", status=429, headers={"Retry-After": "120"})
        job = f"spn2-{len(jobs)}"
        jobs[job] = 0
        return Response(json.dumps({"url": request.form["url"], "job_id": job}), content_type="application/json")

    def status(request: Request) -> Response:
        job = request.path.rsplit("/", 1)[1]
        jobs[job] += 1
        if jobs[job] < 2:
            return Response(json.dumps({"status": "pending", "job_id": job}), content_type="application/json")
        return Response(json.dumps({"status": "success", "job_id": job, "timestamp": "20261201120000",
                                    "original_url": f"https://outlet.example/{job}"}), content_type="application/json")

    web.expect_request("/save", method="POST").respond_with_handler(save)
    web.expect_request(r"/save/status/spn2-0").respond_with_handler(status)
    web.expect_request(r"/save/status/spn2-1").respond_with_handler(status)
    web.expect_request(r"/save/status/spn2-2").respond_with_handler(status)
    settings = settings_for(evidence={"wayback": True, "wayback_endpoint": web.url_for("/save"),
                                      "wayback_auth_env": "TEST_WAYBACK_KEYS", "wayback_delay": 0})
    store = App(settings).synced_store()
    ids = archive_days(settings, store, [0, 0, 0])
    assert all(s.wayback_status == "pending" for s in all_snapshots(store))
    clock = {"now": 1000.0}
    sleeps: list[float] = []
    submitter = Submitter(settings, clock=lambda: clock["now"], sleep=sleeps.append)

    first = submitter.run(store)

    assert len(first.saved) == 2 and first.retry_later == 1 and first.paused_until == 1120.0
    assert first.saved[0] == f"{web.url_for('/')}web/20261201120000/https://outlet.example/spn2-0".replace("//web", "/web")
    assert all(r.headers["Authorization"] == "LOW access:secret" for r in seen)
    assert all("TraffickingNewsMonitor" in r.headers["User-Agent"] for r in seen)
    assert [r.form["url"] for r in seen] == [f"https://outlet.example/story-{n}.html" for n in range(3)]
    assert submitter.run(store).saved == [] and len(seen) == 3, "Retry-After was not honoured"

    clock["now"] = 1121.0
    second = submitter.run(store)
    assert len(second.saved) == 1
    rows = {s.article_id: s for s in all_snapshots(store)}
    assert all(rows[i].wayback_status == "saved" and rows[i].wayback_url.startswith(web.url_for("/web/")) for i in ids)
    assert rows[ids[2]].wayback_attempts == 2
    store.close()


def test_wayback_is_off_by_default(settings_for) -> None:
    settings = settings_for()
    assert settings.evidence.wayback is False and settings.evidence.enabled is True
    store = App(settings).synced_store()
    archive_days(settings, store, [0])
    assert all_snapshots(store)[0].wayback_status is None
    assert Submitter(settings).run(store).saved == []
    store.close()


# --------------------------------------------------------------------------- in a real browser
CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing: apt-get install chromium "
                    "(make test runs scripts/system-deps.sh)")
def test_browser_shows_the_snapshot_and_runs_or_fetches_nothing(polled, web) -> None:
    from playwright.sync_api import expect, sync_playwright

    settings, store, _ = polled
    flagged_id = article_id(store, "/news/raid.html")
    outlet_requests_before = len(web.log)
    with running(settings) as desk, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page()
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.goto(f"{desk}/-/monitor/snapshot/{flagged_id}")
            banner = page.locator("#monitor-snapshot-banner")
            expect(banner).to_be_visible()
            expect(banner).to_contain_text("Archived copy")
            expect(banner).to_contain_text(web.url_for("/news/raid.html"))
            expect(page.get_by_role("heading", level=1)).to_contain_text("Scam compound raid")
            page.wait_for_timeout(300)  # time for anything that would load late
            assert page.title() != "script ran", "a script of the archived page ran"
            assert requested == [f"{desk}/-/monitor/snapshot/{flagged_id}"], requested
            page.get_by_text("National news").click()  # a disabled link goes nowhere
            page.wait_for_timeout(200)
            assert page.url == f"{desk}/-/monitor/snapshot/{flagged_id}"
        finally:
            browser.close()
    assert len(web.log) == outlet_requests_before, "the browser reached the outlet"


def test_a_bad_evidence_setting_names_the_key(settings_for) -> None:
    from monitor.errors import ConfigError

    with pytest.raises(ConfigError, match=r"evidence\.scope"):
        settings_for(evidence={"scope": "everything"})
    with pytest.raises(ConfigError, match=r"evidence\.wayback_endpoint.*https://web.archive.org/save"):
        settings_for(evidence={"wayback_endpoint": "web.archive.org"})


def test_missing_snapshots_are_archived_later_with_todays_date(web, settings_for) -> None:
    pages = {"/a.html": ("NCCT rescues 41 victims", page_html("NCCT rescues 41 victims", TRAFFICKING_STORY)),
             "/c.html": ("Market prices", page_html("Market prices", FILLER[:2], seed=2))}
    feed = serve_outlet(web, pages)
    settings = settings_for([("Outlet", feed)], evidence={"enabled": False})
    store = App(settings).synced_store()
    poll_once(settings, store)
    assert all_snapshots(store) == [] and health_report(store, settings)["evidence"]["without_snapshot"] == 1
    settings = settings_for([("Outlet", feed)])  # evidence on again, e.g. after an upgrade
    fetched_before = sum(1 for request, _ in web.log if request.path == "/a.html")

    result = CliRunner().invoke(cli, ["--config", str(settings.source), "snapshot", "--missing"], catch_exceptions=False)

    assert result.exit_code == 0 and "archived 1 page" in result.output, result.output
    assert sum(1 for request, _ in web.log if request.path == "/a.html") == fetched_before + 1
    assert sum(1 for request, _ in web.log if request.path == "/c.html") == 1, "a story out of scope was fetched again"
    snapshot = all_snapshots(store)[0]
    assert snapshot.url.endswith("/a.html") and snapshot.captured_at.startswith(f"{datetime.now(UTC):%Y-%m-%d}")
    verify(store.path, snapshot)
    again = CliRunner().invoke(cli, ["--config", str(settings.source), "snapshot", "--missing"], catch_exceptions=False)
    assert "archived 0 page" in again.output
    assert CliRunner().invoke(cli, ["--config", str(settings.source), "snapshot"]).exit_code == 2
    store.close()


def test_save_page_now_errors_are_retried_then_marked_failed(web, settings_for) -> None:
    web.expect_request("/save", method="POST").respond_with_json({"url": "x", "job_id": "spn2-bad"})
    web.expect_request("/save/status/spn2-bad").respond_with_json(
        {"status": "error", "status_ext": "error:blocked-url", "message": "This URL is excluded."})
    settings = settings_for(evidence={"wayback": True, "wayback_endpoint": web.url_for("/save"), "wayback_delay": 0})
    store = App(settings).synced_store()
    archive_days(settings, store, [0])
    submitter = Submitter(settings, sleep=lambda seconds: None)
    reports = [submitter.run(store) for _ in range(4)]
    assert [r.retry_later for r in reports] == [1, 1, 0, 0] and [r.failed for r in reports] == [0, 0, 1, 0]
    snapshot = all_snapshots(store)[0]
    assert snapshot.wayback_status == "failed" and "blocked-url" in (snapshot.wayback_error or "")
    assert snapshot.wayback_attempts == 3 and snapshot.wayback_url is None
    store.close()


# pywb (what ReplayWeb.page's indexer is modelled on) pins libraries the monitor cannot share
# (brotlipy, redis 2), so it is not a test dependency: point $PYWB_BIN at the bin/ folder of
# a separate venv with pywb installed (python3 -m venv v && v/bin/pip install pywb) to run this.
PYWB_BIN = os.environ.get("PYWB_BIN") or str(Path(shutil.which("wb-manager") or "/nonexistent").parent)
REPLAY = """
from gevent import monkey; monkey.patch_all()
import sys
from pywb.apps.frontendapp import FrontEndApp
from werkzeug.test import Client
answer = Client(FrontEndApp()).get(sys.argv[1])
print("REPLAY", answer.status_code, answer.headers.get("Memento-Datetime"))
sys.stdout.flush()
sys.stdout.buffer.write(answer.get_data())
"""


@pytest.mark.skipif(not (Path(PYWB_BIN) / "wb-manager").exists(),
                    reason="pywb not found: set $PYWB_BIN to the bin/ folder of a venv with pywb installed")
def test_pywb_indexes_and_replays_the_archive(polled, tmp_path: Path) -> None:
    settings, store, bodies = polled
    snapshot = all_snapshots(store)[0]
    run = {"cwd": tmp_path, "capture_output": True, "timeout": 120}
    subprocess.run([f"{PYWB_BIN}/wb-manager", "init", "evidence"], check=True, **run)
    subprocess.run([f"{PYWB_BIN}/wb-manager", "add", "evidence", str(file_of(store.path, snapshot.path))], check=True, **run)
    stamp = snapshot.captured_at.replace("-", "").replace(":", "").replace("T", "").rstrip("Z")
    replay = subprocess.run([f"{PYWB_BIN}/python", "-c", REPLAY, f"/evidence/{stamp}id_/{snapshot.url}"], check=True, **run)
    status, _, body = replay.stdout.split(b"REPLAY ", 1)[1].partition(b"\n")  # pywb prints notes first
    assert status.split()[0] == b"200" and b"GMT" in status
    assert body == bodies["/news/raid.html"], "pywb replays the page byte for byte"


THAI = "การค้ามนุษย์ ผู้เสียหาย 41 คน"


@pytest.mark.parametrize(("content_type", "body"), [
    ("text/html; charset=tis-620", f"<html><body><p>{THAI}</p></body></html>".encode("tis-620")),
    ("text/html", f'<html><head><meta charset="tis-620"></head><body><p>{THAI}</p></body></html>'.encode("tis-620")),
    ("text/html; charset=bogus", f"<p>{THAI}</p>".encode()),
    ("text/html", f"<p>{THAI}</p>".encode()),  # no charset anywhere: valid UTF-8 is UTF-8
    ("application/xhtml+xml", f'<?xml version="1.0" encoding="utf-8"?><html><body><p>{THAI}</p></body></html>'.encode()),
])
def test_snapshot_page_decodes_like_the_analysis(content_type: str, body: bytes, settings_for) -> None:
    from monitor.evidence.page import render_snapshot

    settings = settings_for()
    store = App(settings).synced_store()
    article = stored_article(store, 1)
    page = Capture(requested_url="https://outlet.example/th.html", url="https://outlet.example/th.html", status=200,
                   headers={"content-type": content_type}, body=body, request_headers={}, fetched_at=datetime.now(UTC))
    evidence = Evidence(settings, store)
    snapshot = evidence.keep(article, asyncio.run(evidence.archive(page, flagged=True, related=True)))
    assert snapshot is not None
    verified = verify(store.path, snapshot)
    assert THAI in render_snapshot(snapshot, verified.record)
    store.close()
