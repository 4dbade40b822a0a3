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


def serve_feed_of_articles(web, count: int) -> str:
    """A feed of ``count`` short articles, each page served at once; returns the feed's URL."""
    base = web.url_for("").rstrip("/")
    items = news_items(base, count)
    for item in items:
        title = item.link.rsplit("/", 1)[1]
        web.expect_request(item.link[len(base):]).respond_with_data(
            article_html(title, paragraphs([f"Lead paragraph of {title}, a story of a long feed."])),
            content_type="text/html; charset=utf-8")
    web.expect_request("/feed.xml").respond_with_data(rss(items), content_type="application/rss+xml")
    return f"{base}/feed.xml"


def test_page_tasks_are_created_as_slots_free_up(web, settings_for, open_db):
    """A feed 10x longer must not mean 10x pending coroutines: at most ``pages_in_flight``
    page tasks exist at any moment, however many entries the feed has."""
    import asyncio

    settings = settings_for([("Long", serve_feed_of_articles(web, 15))], http={"per_host_concurrency": 8, "concurrency": 8},
                            extract={"pages_in_flight": 3})
    store = App(settings).synced_store()
    page_tasks: list[int] = []

    def count_page_tasks(step: object) -> None:  # called on the event loop as each story is stored
        page_tasks.append(sum(task.get_coro().__qualname__ == "Pipeline._page"  # type: ignore[union-attr]
                              for task in asyncio.all_tasks()))

    report = poll_once(settings, store, progress=count_page_tasks)

    assert report.total("stored") == 15 and not report.failed
    assert page_tasks and max(page_tasks) <= 3, page_tasks


def test_a_feed_stopped_by_a_busy_database_gives_every_slot_back(web, settings_for, open_db):
    """The daemon keeps one pipeline (and its page slots) for its whole run: a feed whose
    tasks were cancelled must not keep any slot."""
    import asyncio
    import sqlite3

    from monitor.ingest.fetcher import Fetcher
    from monitor.usecases.poll import Pipeline, pages_in_flight

    settings = settings_for([("Busy", serve_feed_of_articles(web, 12))], storage={"busy_timeout": 0.2},
                            http={"per_host_concurrency": 8, "concurrency": 8}, extract={"pages_in_flight": 4})
    store = App(settings).synced_store()
    feed = store.feeds(active_only=True)[0]
    writer = sqlite3.connect(settings.storage.path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another writer holds the lock past the busy timeout

    async def poll_while_busy(pipeline: Pipeline) -> tuple[str | None, int]:
        async with Fetcher(settings.http) as fetcher:
            outcome = await pipeline.poll_feed(fetcher, feed)
        return outcome.error, pipeline._page_slots()._value

    with Pipeline(settings, store) as pipeline:
        error, free = asyncio.run(poll_while_busy(pipeline))
    writer.rollback()

    assert error and "database busy" in error
    assert free == pages_in_flight(settings, pipeline.pool.workers) == 4
