"""Bounded pages in flight (issue 18): a page is fetched only when a slot is free, so bodies
never pile up in the main process while the analysis workers are behind."""

from __future__ import annotations

import threading
import time

from corpus import article_html, news_items, paragraphs, rss
from werkzeug import Request, Response

from monitor.app import App
from monitor.usecases.poll import poll_once


def test_pages_in_flight_bounds_the_fetches_and_everything_is_stored(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    items = news_items(base, 12)
    lock = threading.Lock()
    now = {"open": 0, "most": 0}

    def page(request: Request) -> Response:
        with lock:
            now["open"] += 1
            now["most"] = max(now["most"], now["open"])
        time.sleep(0.15)
        with lock:
            now["open"] -= 1
        title = request.path.rsplit("/", 1)[1]
        return Response(article_html(title, paragraphs([f"Lead paragraph of {title}, for the backpressure test."])),
                        content_type="text/html; charset=utf-8")

    for item in items:
        web.expect_request(item.link[len(base):]).respond_with_handler(page)
    web.expect_request("/feed.xml").respond_with_data(rss(items), content_type="application/rss+xml")
    settings = settings_for([("Many", f"{base}/feed.xml")], http={"per_host_concurrency": 8, "concurrency": 8},
                            extract={"pages_in_flight": 2})
    store = App(settings).synced_store()

    report = poll_once(settings, store)

    assert report.total("stored") == 12 and not report.failed
    assert now["most"] == 2, f"{now['most']} pages were fetched at once"
