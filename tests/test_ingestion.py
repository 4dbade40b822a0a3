"""End-to-end ingestion on loopback: feeds → pages → SQLite, and every kind of bad input."""

from __future__ import annotations

import gzip
import time

import pytest
from corpus import DRUG_STORY, TRAFFICKING_STORY, Item, article_html, atom, json_feed, news_items, paragraphs, rdf, rss
from werkzeug import Request, Response

from monitor.app import App
from monitor.usecases.poll import poll_once


def serve_pages(web, items, body_for=None):
    for n, item in enumerate(items):
        path = item.link.split(web.url_for("/").rstrip("/"), 1)[1]
        lead = body_for(n) if body_for else [f"Lead paragraph of provincial update {n}, written for the test."]
        web.expect_request(path).respond_with_data(
            article_html(item.title, paragraphs(lead, seed=n)), content_type="text/html; charset=utf-8"
        )


def serve_news_feed(web, count: int) -> tuple[str, list[Item]]:
    """``count`` news pages and their RSS feed at /feed.xml; returns the base URL and items."""
    base = web.url_for("").rstrip("/")
    items = news_items(base, count)
    serve_pages(web, items)
    web.expect_request("/feed.xml").respond_with_data(rss(items), content_type="application/rss+xml")
    return base, items


def conditional_feed(body: str, etag: str = '"v1"', content_type: str = "application/rss+xml"):
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(body, content_type=content_type, headers={"ETag": etag})

    return handler


def page_requests(web) -> int:
    return sum(1 for request, _ in web.log if request.path.endswith(".html"))


def test_poll_stores_every_page_then_repoll_is_conditional(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    items = news_items(base, 12)
    serve_pages(web, items)
    web.expect_request("/feed.xml").respond_with_handler(conditional_feed(rss(items)))
    settings = settings_for([("Provincial", f"{base}/feed.xml")])
    store = App(settings).synced_store()

    report = poll_once(settings, store)

    assert report.total("stored") == 12 and not report.failed
    rows = store.rows("SELECT url, title, text, source, published_at, content_hash FROM articles ORDER BY id")
    assert len(rows) == 12
    assert all(row["source"] == "page" for row in rows)
    assert all("written for the test" in row["text"] for row in rows)
    assert all("All rights reserved" not in row["text"] for row in rows), "footer leaked into main text"
    first = next(row for row in rows if row["url"].endswith("/story-0.html"))  # stored in finishing order
    assert first["published_at"] == "2026-11-02T08:00:00Z"
    fetch = store.rows("SELECT * FROM fetches")[0]
    assert fetch["status"] == 200 and fetch["new_items"] == 12 and fetch["bytes"] > 0 and fetch["error"] is None
    assert store.feed(1).etag == '"v1"'

    pages_before = page_requests(web)
    second = poll_once(settings, store)

    assert second.feeds[0].not_modified and second.total("stored") == 0
    assert page_requests(web) == pages_before, "a re-poll fetched article pages again"
    feed_request = [r for r, _ in web.log if r.path == "/feed.xml"][-1]
    assert feed_request.headers["If-None-Match"] == '"v1"'
    assert store.counts()["articles"] == 12
    assert store.rows("SELECT status, not_modified FROM fetches ORDER BY id")[-1] == {"status": 304, "not_modified": 1}


def test_repoll_without_validators_refetches_no_page(web, settings_for, open_db):
    base, items = serve_news_feed(web, 3)
    settings = settings_for([("Plain", f"{base}/feed.xml")])
    store = App(settings).synced_store()
    poll_once(settings, store)
    before = page_requests(web)
    report = poll_once(settings, store)
    assert report.feeds[0].status == 200 and report.total("stored") == 0
    assert page_requests(web) == before


@pytest.mark.parametrize("render,content_type", [
    (rss, "application/rss+xml"),
    (atom, "application/atom+xml"),
    (rdf, "application/rdf+xml"),
    (json_feed, "application/feed+json"),
])
def test_every_feed_format(web, settings_for, open_db, render, content_type):
    base = web.url_for("").rstrip("/")
    items = news_items(base, 3)
    serve_pages(web, items)
    web.expect_request("/feed").respond_with_data(render(items), content_type=content_type)
    settings = settings_for([("Any", f"{base}/feed")])
    store = App(settings).synced_store()
    report = poll_once(settings, store)
    assert report.total("stored") == 3, report.feeds[0]
    assert {r["source"] for r in store.rows("SELECT source FROM articles")} == {"page"}


def test_syndicated_story_is_stored_once_and_linked_to_both_feeds(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    story = Item(title="Wire story", link=f"{base}/wire.html", guid="a-1", summary="s")
    tracked = Item(title="Wire story (copy)", link=f"{base}/wire.html?utm_source=rss&utm_medium=feed#comments",
                   guid="b-7", summary="s")
    web.expect_request("/wire.html").respond_with_data(
        article_html("Wire story", paragraphs(TRAFFICKING_STORY)), content_type="text/html")
    web.expect_request("/a.xml").respond_with_data(rss([story]), content_type="application/rss+xml")
    web.expect_request("/b.xml").respond_with_data(rss([tracked]), content_type="application/rss+xml")
    settings = settings_for([("A", f"{base}/a.xml"), ("B", f"{base}/b.xml")])
    store = App(settings).synced_store()

    poll_once(settings, store)
    poll_once(settings, store)

    assert store.rows("SELECT url FROM articles") == [{"url": f"{base}/wire.html"}]
    assert page_requests(web) == 1
    assert store.rows("SELECT COUNT(*) AS n FROM entries WHERE article_id = 1")[0]["n"] == 2


def test_rewritten_copy_in_a_later_poll_joins_the_stored_story(web, settings_for, open_db, monkeypatch):
    """A new process has no shingles in memory: the stored ones group the copy, no text is re-read."""
    base = web.url_for("").rstrip("/")
    original = Item(title="Scam compound raided", link=f"{base}/original.html", guid="a-1", summary="s")
    copy = Item(title="Raid frees scam workers", link=f"{base}/copy.html", guid="b-1", summary="s")
    rewritten = ["PHNOM PENH (Wire) - A new opening sentence written by the wire desk for its clients.",
                 *TRAFFICKING_STORY[:-1]]
    web.expect_request("/original.html").respond_with_data(
        article_html(original.title, paragraphs(TRAFFICKING_STORY)), content_type="text/html")
    web.expect_request("/copy.html").respond_with_data(
        article_html(copy.title, paragraphs(rewritten)), content_type="text/html")
    web.expect_request("/a.xml").respond_with_data(rss([original]), content_type="application/rss+xml")
    web.expect_request("/b.xml").respond_with_data(rss([copy]), content_type="application/rss+xml")
    settings = settings_for([("A", f"{base}/a.xml"), ("B", f"{base}/b.xml")])
    store = App(settings).synced_store()
    poll_once(settings, store, feeds=[store.feeds()[0]])
    stored = store.rows("SELECT article_id, length(shingles) AS size FROM article_shingles")
    assert len(stored) == 1 and stored[0]["size"] > 100 and stored[0]["size"] % 4 == 0

    def no_text_reads(article_id):
        raise AssertionError("the stored story's text was re-read instead of its shingles")

    monkeypatch.setattr(store, "article_text", no_text_reads)
    poll_once(settings, store, feeds=[store.feeds()[1]])

    rows = store.rows("SELECT id, url, story_id FROM articles ORDER BY id")
    assert [r["url"].rsplit("/", 1)[1] for r in rows] == ["original.html", "copy.html"]
    assert rows[1]["story_id"] == rows[0]["id"], "the rewritten copy is not grouped with the original"
    assert store.rows("SELECT COUNT(*) AS n FROM article_shingles")[0]["n"] == 2


def test_bad_feeds_are_recorded_and_the_poll_goes_on(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    good = news_items(base, 2)
    serve_pages(web, good)
    web.expect_request("/good.xml").respond_with_data(rss(good), content_type="application/rss+xml")
    web.expect_request("/broken.xml").respond_with_data("<rss><channel><title>x</titl", content_type="text/xml")
    web.expect_request("/missing.xml").respond_with_data("nope", status=404)
    web.expect_request("/crash.xml").respond_with_data("oops", status=500)
    web.expect_request("/page.html").respond_with_data(
        '<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/good.xml">'
        "</head><body><p>Welcome</p></body></html>", content_type="text/html")

    def slow(request: Request) -> Response:
        time.sleep(2.5)
        return Response(rss(good), content_type="application/rss+xml")

    web.expect_request("/slow.xml").respond_with_handler(slow)
    web.expect_request("/huge.xml").respond_with_data(rss(good) + "<!--" + "x" * 300_000 + "-->",
                                                      content_type="application/rss+xml")
    web.expect_request("/loop-a").respond_with_data("", status=302, headers={"Location": "/loop-b"})
    web.expect_request("/loop-b").respond_with_data("", status=302, headers={"Location": "/loop-a"})
    feeds = [("Good", "good.xml"), ("Broken", "broken.xml"), ("Missing", "missing.xml"), ("Crash", "crash.xml"),
             ("HTML", "page.html"), ("Slow", "slow.xml"), ("Huge", "huge.xml"), ("Loop", "loop-a")]
    settings = settings_for([(n, f"{base}/{p}") for n, p in feeds], http={"timeout": 1.0, "max_bytes": 100_000})
    store = App(settings).synced_store()

    report = poll_once(settings, store)

    errors = {f.name: f.error for f in report.feeds}
    assert errors["Good"] is None
    assert "not a feed" in errors["Broken"]
    assert errors["Missing"] == "HTTP 404 Not Found"
    assert errors["Crash"] == "HTTP 500 Internal Server Error"
    assert "HTML page" in errors["HTML"] and "/good.xml" in errors["HTML"]
    assert "timed out" in errors["Slow"]
    assert "max_bytes" in (errors["Huge"] or report.feeds[6].warning or "")
    assert "redirect loop" in errors["Loop"]
    health = {feed.name: feed for feed in store.feeds()}
    for name in ("Broken", "Missing", "Crash", "HTML", "Slow", "Loop"):
        assert health[name].last_error == errors[name]
        assert health[name].consecutive_errors == 1
    assert store.rows("SELECT COUNT(*) AS n FROM fetches WHERE error IS NOT NULL")[0]["n"] >= 6
    assert store.counts()["articles"] == 2  # Good; Huge's entries are the same links

    # Nothing stored is lost or duplicated by a second, equally bad poll.
    poll_once(settings, store)
    assert store.counts()["articles"] == 2
    assert store.feed(2).consecutive_errors == 2


def test_recoverable_feed_keeps_good_entries_and_records_warning(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    items = news_items(base, 2)
    serve_pages(web, items)
    body = rss(items).replace("<title>Test Feed</title>", "<title>Test & Feed</title>")  # bare ampersand
    web.expect_request("/feed.xml").respond_with_data(body, content_type="application/rss+xml")
    settings = settings_for([("Bozo", f"{base}/feed.xml")])
    store = App(settings).synced_store()
    report = poll_once(settings, store)
    assert report.total("stored") == 2 and report.feeds[0].error is None
    assert report.feeds[0].warning
    assert store.rows("SELECT warning FROM fetches")[0]["warning"]


def test_bad_articles_fall_back_to_feed_content(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    story = " ".join(TRAFFICKING_STORY)
    items = [
        Item(title="No link brief", link=None, guid="nolink", content=f"<p>{story}</p>"),
        Item(title="A PDF", link=f"{base}/report.pdf", summary="The annual report as PDF."),
        Item(title="Gone page", link=f"{base}/gone.html", summary="Summary kept from the feed."),
        Item(title="Latin-1 page", link=f"{base}/latin.html", summary="s"),
        Item(title="Khmer page", link=f"{base}/khmer.html", summary="s"),
    ]
    web.expect_request("/feed.xml").respond_with_data(rss(items), content_type="application/rss+xml")
    web.expect_request("/report.pdf").respond_with_data(b"%PDF-1.7\n" + b"0" * 2000, content_type="application/pdf")
    web.expect_request("/gone.html").respond_with_data("gone", status=404)
    latin = article_html("Café owners", paragraphs(["The café owners of Kampot met in a naïve mood, said the reporter."]),
                         charset="windows-1252")
    web.expect_request("/latin.html").respond_with_data(latin.encode("windows-1252"),
                                                        content_type="text/html; charset=utf-8")  # a lying header
    khmer_lead = ["ការជួញដូរមនុស្ស គឺជាបញ្ហាធំមួយ ដែលអាជ្ញាធរកំពុងដោះស្រាយ ជាមួយដៃគូអន្តរជាតិ។"] * 3
    web.expect_request("/khmer.html").respond_with_data(
        article_html("ព័ត៌មាន", paragraphs(khmer_lead)).replace('<meta charset="utf-8">', "").encode(),
        content_type="text/html")  # no charset anywhere
    settings = settings_for([("Mixed", f"{base}/feed.xml")])
    store = App(settings).synced_store()

    report = poll_once(settings, store)

    assert report.total("stored") == 5 and report.feeds[0].error is None
    rows = {r["title"]: r for r in store.rows("SELECT * FROM articles")}
    assert rows["No link brief"]["source"] == "feed" and rows["No link brief"]["url"] is None
    assert "Chou Bun Eng" in rows["No link brief"]["text"] and "no link" in rows["No link brief"]["fetch_error"]
    assert rows["A PDF"]["source"] == "feed" and "PDF" in rows["A PDF"]["fetch_error"]
    assert rows["Gone page"]["source"] == "feed" and rows["Gone page"]["fetch_error"] == "HTTP 404 Not Found"
    assert rows["Gone page"]["text"] == "Summary kept from the feed."
    assert "café owners" in rows["Latin-1 page"]["text"] and "naïve" in rows["Latin-1 page"]["text"]
    assert "ការជួញដូរមនុស្ស" in rows["Khmer page"]["text"]
    assert report.feeds[0].article_errors


def test_private_links_in_feeds_are_refused_unless_allowed(web, settings_for, open_db):
    base, items = serve_news_feed(web, 1)
    settings = settings_for([("Guarded", f"{base}/feed.xml")], http={"allow_private_networks": False})
    store = App(settings).synced_store()
    report = poll_once(settings, store)
    assert report.feeds[0].error is None, "the configured feed URL itself is always fetched"
    row = store.rows("SELECT source, fetch_error FROM articles")[0]
    assert row["source"] == "feed" and "refused" in row["fetch_error"] and "127.0.0.1" in row["fetch_error"]
    assert page_requests(web) == 0


def test_gzip_and_per_host_politeness(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    items = news_items(base, 4)
    in_flight = {"now": 0, "max": 0}

    def page(request: Request) -> Response:
        in_flight["now"] += 1
        in_flight["max"] = max(in_flight["max"], in_flight["now"])
        time.sleep(0.05)
        in_flight["now"] -= 1
        return Response(article_html("Story", paragraphs(["Politeness test lead."])), content_type="text/html")

    for item in items:
        web.expect_request(item.link.split(base, 1)[1]).respond_with_handler(page)
    web.expect_request("/feed.xml").respond_with_data(
        gzip.compress(rss(items).encode()), content_type="application/rss+xml", headers={"Content-Encoding": "gzip"})
    settings = settings_for([("Gz", f"{base}/feed.xml")], http={"per_host_concurrency": 1, "per_host_delay": 0.05})
    store = App(settings).synced_store()
    report = poll_once(settings, store)
    assert report.total("stored") == 4
    assert in_flight["max"] == 1
    starts = [r for r, _ in web.log if r.path.startswith("/story")]
    assert len(starts) == 4


def test_drug_story_is_stored_but_not_flagged(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    items = [Item(title="Meth haul at the border", link=f"{base}/drugs.html", summary="s"),
             Item(title="Scam compound raid frees workers", link=f"{base}/ncct.html", summary="s")]
    web.expect_request("/drugs.html").respond_with_data(article_html(items[0].title, paragraphs(DRUG_STORY)),
                                                        content_type="text/html")
    web.expect_request("/ncct.html").respond_with_data(article_html(items[1].title, paragraphs(TRAFFICKING_STORY)),
                                                       content_type="text/html")
    web.expect_request("/feed.xml").respond_with_data(rss(items), content_type="application/rss+xml")
    settings = settings_for([("News", f"{base}/feed.xml")])
    store = App(settings).synced_store()
    poll_once(settings, store)
    verdicts = {r["title"]: r for r in store.rows("SELECT title, flagged, related, reason FROM articles")}
    assert verdicts["Meth haul at the border"]["flagged"] == 0
    assert verdicts["Scam compound raid frees workers"]["flagged"] == 1
    assert "ncct" in verdicts["Scam compound raid frees workers"]["reason"].lower()
    flagged_id = store.rows("SELECT id FROM articles WHERE flagged = 1")[0]["id"]
    groups = {r["group"] for r in store.rows('SELECT "group" FROM matches WHERE article_id = ? AND counted = 1', [flagged_id])}
    assert {"trafficking", "ncct", "tip"} <= groups


def test_same_story_twice_in_one_feed_is_stored_once(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    items = [Item(title="First copy", link=f"{base}/dup.html", guid="x-1"),
             Item(title="Second copy", link=f"{base}/dup.html?utm_campaign=feed", guid="x-2")]
    web.expect_request("/dup.html").respond_with_data(article_html("Dup", paragraphs(["Lead."])), content_type="text/html")
    web.expect_request("/feed.xml").respond_with_data(rss(items), content_type="application/rss+xml")
    settings = settings_for([("Dup", f"{base}/feed.xml")])
    store = App(settings).synced_store()
    report = poll_once(settings, store)
    assert report.total("stored") == 1 and page_requests(web) == 1
    assert store.rows("SELECT COUNT(*) AS n FROM entries WHERE article_id = 1")[0]["n"] == 2


def test_locked_database_is_recorded_and_the_next_poll_resumes(web, settings_for, open_db):
    import sqlite3

    base, items = serve_news_feed(web, 3)
    settings = settings_for([("Busy", f"{base}/feed.xml")], storage={"busy_timeout": 0.3})
    store = App(settings).synced_store()

    reader = sqlite3.connect(settings.storage.path)  # a reviewer's browser reading: never blocks (WAL)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM articles").fetchone()
    assert poll_once(settings, store).total("stored") == 3
    reader.rollback()

    items += news_items(base, 2, prefix="later")
    serve_pages(web, items[3:])
    web.expect_request("/feed2.xml").respond_with_data(rss(items), content_type="application/rss+xml")
    store.add_feed(f"{base}/feed2.xml", "Busy 2")
    writer = sqlite3.connect(settings.storage.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another writer holds the lock past the busy timeout
    report = poll_once(settings, store, feeds=[store.feed(f"{base}/feed2.xml")])
    assert "database busy" in report.feeds[0].error
    writer.rollback()

    report = poll_once(settings, store, feeds=[store.feed(f"{base}/feed2.xml")])
    assert report.feeds[0].error is None
    assert store.counts()["articles"] == 5, "nothing lost, nothing duplicated"


def test_a_dead_analysis_worker_is_replaced_and_nothing_is_lost(web, settings_for, open_db):
    import asyncio
    import os
    import signal

    from monitor.usecases.poll import Pipeline

    base, items = serve_news_feed(web, 4)
    settings = settings_for([("Crash", f"{base}/feed.xml")], extract={"workers": 2})
    store = App(settings).synced_store()
    with Pipeline(settings, store) as pipeline:
        pipeline.pool.warm_up()  # workers start lazily (at the first page); start them to kill one
        victim = next(iter(pipeline.pool.executor._processes))  # a real worker process
        os.kill(victim, signal.SIGKILL)  # as the OOM killer or a segfaulting parser would
        report = asyncio.run(pipeline.poll())
        assert victim not in pipeline.pool.executor._processes
    assert report.total("stored") == 4 and report.feeds[0].error is None
    assert store.rows("SELECT COUNT(*) AS n FROM articles WHERE source = 'page'")[0]["n"] == 4


def test_feeds_sharing_stories_in_a_cycle_do_not_wait_on_each_other(web, settings_for, open_db):
    import threading

    base = web.url_for("").rstrip("/")

    def slow_page(request: Request) -> Response:
        time.sleep(0.5)  # every feed still holds its claims when the next one asks
        return Response(article_html("Shared", paragraphs([f"Story at {request.path}."])), content_type="text/html")

    for name in ("u", "v", "w"):
        web.expect_request(f"/{name}.html").respond_with_handler(slow_page)
    # c claims w; b claims u, then meets w (c's); a claims v, then meets u (b's); when w is
    # done, b meets v (a's). Waiting while holding claims would deadlock here.
    plan = {"c": (0.0, ("w",)), "b": (0.15, ("u", "w", "v")), "a": (0.3, ("v", "u"))}
    for feed, (delay, names) in plan.items():
        items = [Item(title=f"{feed}-{n}", link=f"{base}/{n}.html", guid=f"{feed}-{n}") for n in names]
        body = rss(items)

        def respond(request: Request, delay: float = delay, body: str = body) -> Response:
            time.sleep(delay)
            return Response(body, content_type="application/rss+xml")

        web.expect_request(f"/{feed}.xml").respond_with_handler(respond)
    settings = settings_for([(f, f"{base}/{f}.xml") for f in plan])
    store = App(settings).synced_store()

    result = {}
    poller = threading.Thread(target=lambda: result.setdefault("report", poll_once(settings, store)), daemon=True)
    poller.start()
    poller.join(timeout=30)
    assert not poller.is_alive(), "the poll is stuck: feeds wait on each other's stories"
    assert result["report"].total("stored") == 3 and page_requests(web) == 3
    assert store.rows("SELECT COUNT(*) AS n FROM entries WHERE article_id IS NOT NULL")[0]["n"] == 6
