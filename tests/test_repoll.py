"""Re-polls that find nothing new cost next to nothing (issue 18): no parse for a body seen
before, whatever its validators say; no analysis worker started for a poll of 304s."""

from __future__ import annotations

import asyncio
import itertools

import psutil
from corpus import news_items, rss
from test_ingestion import conditional_feed, page_requests, serve_pages
from werkzeug import Request, Response

from monitor.app import App
from monitor.usecases.poll import Pipeline, poll_once


def test_a_feed_with_new_validators_but_the_same_body_is_not_parsed_again(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    items = news_items(base, 4)
    serve_pages(web, items)
    counter = itertools.count()

    def restless(request: Request) -> Response:  # a fresh ETag and Last-Modified on every request
        n = next(counter)
        return Response(rss(items), content_type="application/rss+xml",
                        headers={"ETag": f'"v{n}"', "Last-Modified": f"Mon, 02 Nov 2026 08:{n:02d}:00 GMT"})

    web.expect_request("/feed.xml").respond_with_handler(restless)
    settings = settings_for([("Restless", f"{base}/feed.xml")])
    store = App(settings).synced_store()
    first = poll_once(settings, store)
    assert first.total("stored") == 4 and first.feeds[0].entries == 4
    pages = page_requests(web)

    again = poll_once(settings, store)

    feed = again.feeds[0]
    assert feed.status == 200 and feed.not_modified and feed.entries == 0, "recognised by its body, not parsed"
    assert page_requests(web) == pages and store.counts()["articles"] == 4
    assert "parse" not in {k for k, v in again.stage_seconds.items() if v > 0}
    assert store.rows("SELECT not_modified FROM fetches ORDER BY id DESC LIMIT 1")[0]["not_modified"] == 1

    items.extend(news_items(base, 1, prefix="later"))  # a real change is still seen
    serve_pages(web, items[4:])
    assert poll_once(settings, store).total("stored") == 1


def test_a_repoll_of_304s_starts_no_analysis_worker(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    items = news_items(base, 2)
    serve_pages(web, items)
    web.expect_request("/feed.xml").respond_with_handler(conditional_feed(rss(items)))
    settings = settings_for([("Quiet", f"{base}/feed.xml")], extract={"workers": 2})
    store = App(settings).synced_store()
    assert poll_once(settings, store).total("stored") == 2

    with Pipeline(settings, store) as pipeline:
        report = asyncio.run(pipeline.poll())
        assert report.feeds[0].not_modified and report.feeds[0].status == 304
        assert not pipeline.pool.started, "no worker for a poll with no new page"
        assert not psutil.Process().children(), "no worker process exists"
