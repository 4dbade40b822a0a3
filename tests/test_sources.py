"""Source adapters on loopback: aggregator links, news sitemaps, Telegram previews, discovery, bot walls.

Every fixture here (pages, feeds, sitemaps, the Telegram preview, Google News' decoding
answer) is written for these tests, in our own words, about invented outlets.
"""

from __future__ import annotations

import asyncio
import base64
import html
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, quote

import feedparser
import pytest
from click.testing import CliRunner
from corpus import TRAFFICKING_STORY, Item, article_html, paragraphs, rss
from werkzeug import Request, Response

from monitor.app import App
from monitor.cli import cli
from monitor.ingest.sources import aggregators, googlenews, sitemaps, telegram
from monitor.ingest.sources.reader import parse_one
from monitor.ingest.urls import canonical_url
from monitor.usecases.poll import Pipeline, poll_once

CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"
GENERAL_STORY = [
    "The provincial water authority said the new treatment plant would serve forty thousand households by March.",
    "Engineers finished laying the main pipe along the riverbank road last week, two months behind schedule.",
]


# --------------------------------------------------------------------------- fixtures
def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        byte = number & 0x7F
        number >>= 7
        out.append(byte | (0x80 if number else 0))
        if not number:
            return bytes(out)


def cbmi_id(url: str, amp: str | None = None) -> str:
    """A Google News article id of the older kind: a protobuf whose field 4 is the URL."""
    message = b"\x08\x13" + b"\x22" + _varint(len(url.encode())) + url.encode()
    if amp:
        message += b"\xd2\x01" + _varint(len(amp.encode())) + amp.encode()
    return base64.urlsafe_b64encode(message).decode().rstrip("=")


def opaque_id(token: str) -> str:
    """A newer id: field 4 holds an opaque token (``AU_yqL…``), not the URL."""
    value = ("AU_yqL" + token).encode()
    return base64.urlsafe_b64encode(b"\x08\x13\x22" + _varint(len(value)) + value).decode().rstrip("=")


def google_news_rss(items: list[tuple[str, str, str]]) -> str:
    """A Google News search feed: (title - outlet, link, outlet) per item, as the service shapes it."""
    parts = []
    for n, (title, link, outlet) in enumerate(items):
        snippet = f'<a href="{link}" target="_blank">{title}</a>&nbsp;&nbsp;<font color="#6f6f6f">{outlet}</font>'
        parts.append(
            f"<item><title>{html.escape(title)} - {html.escape(outlet)}</title><link>{html.escape(link)}</link>"
            f'<guid isPermaLink="false">{html.escape(link.rsplit("/", 1)[-1].split("?")[0])}</guid>'
            f"<pubDate>Mon, 02 Nov 2026 0{n}:00:00 GMT</pubDate>"
            f"<description>{html.escape(snippet)}</description>"
            f'<source url="https://{outlet.lower().replace(" ", "")}.example">{html.escape(outlet)}</source></item>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">'
        '<channel><generator>NFE/5.0</generator><title>"NCCT" Cambodia trafficking - Google News</title>'
        "<link>https://news.google.com/search?q=NCCT&amp;hl=en-US&amp;gl=US&amp;ceid=US:en</link><language>en-US</language>"
        "<description>Google News</description>" + "".join(parts) + "</channel></rss>"
    )


def google_news_imitation(web, answers: dict[str, str | None]) -> list[dict]:
    """Google News' article page and batchexecute on loopback; ``answers[id]`` None answers 429."""
    calls: list[dict] = []

    def article_page(request: Request) -> Response:
        art_id = request.path.rsplit("/", 1)[-1]
        calls.append({"kind": "page", "id": art_id, "hl": request.args.get("hl")})
        if answers.get(art_id) is None:
            return Response("<html><body>Our systems have detected unusual traffic.</body></html>", status=429)
        return Response(
            '<!doctype html><html><head><title>Google News</title></head><body><c-wiz jsrenderer="x">'
            f'<div jscontroller="aLI87" jsname="Example" data-n-a-id="{art_id}" data-n-a-ts="1793001600" '
            f'data-n-a-sg="AZ5r3eTestSignature{len(calls)}"></div></c-wiz>'
            "<script>window.location.replace('about:blank')</script></body></html>",
            content_type="text/html; charset=utf-8",
        )

    def batchexecute(request: Request) -> Response:
        envelopes = json.loads(parse_qs(request.get_data(as_text=True))["f.req"][0])[0]
        rows = []
        for rpc, inner, _, number in envelopes:
            assert rpc == "Fbv4je"
            request_id, _ctx, art_id, timestamp, signature = json.loads(inner)
            assert request_id == "garturlreq" and timestamp == 1793001600 and signature.startswith("AZ5r3e")
            calls.append({"kind": "decode", "id": art_id})
            payload = json.dumps(["garturlres", answers[art_id], 1])
            rows.append(["wrb.fr", "Fbv4je", payload, None, None, None, number])
        body = json.dumps(rows + [["di", 31], ["af.httprm", 30, "-1234567890", 7]])
        return Response(f")]}}'\n\n{len(body)}\n{body}\n25\n[[\"e\",4,null,null,{len(body) + 40}]]\n",
                        content_type="application/json; charset=utf-8")

    web.expect_request(re.compile(r"^/rss/articles/.+")).respond_with_handler(article_page)
    web.expect_request("/_/DotsSplashUi/data/batchexecute", method="POST").respond_with_handler(batchexecute)
    return calls


def news_sitemap(base: str, pages: list[tuple[str, str, str, str]]) -> str:
    """A Google News sitemap: (path, title, ISO date, language) per page."""
    urls = "".join(
        f"<url><loc>{base}{path}</loc><news:news><news:publication><news:name>Gulf Coast Ledger</news:name>"
        f"<news:language>{lang}</news:language></news:publication><news:publication_date>{date}</news:publication_date>"
        f"<news:title>{html.escape(title)}</news:title></news:news><lastmod>{date}</lastmod></url>"
        for path, title, date, lang in pages
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + urls + "</urlset>"
    )


def telegram_preview(posts: list[str], channel: str = "ncct_watch_demo") -> str:
    """A channel's public web preview (t.me/s/CHANNEL) holding the given post blocks."""
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Counter-Trafficking Watch – Telegram</title>
<meta property="og:title" content="Counter-Trafficking Watch"><meta property="og:url" content="https://t.me/s/{channel}"></head>
<body class="widget_frame_base tgme_webpage"><header class="tgme_header"><div class="tgme_header_info">
<div class="tgme_channel_info_header_title"><span dir="auto">Counter-Trafficking Watch</span></div>
<div class="tgme_channel_info_header_username"><a href="https://t.me/{channel}">@{channel}</a></div></div></header>
<main class="tgme_main"><section class="tgme_channel_history js-message_history">{''.join(posts)}</section></main>
<div class="tgme_channel_info"><div class="tgme_channel_info_counters"><span class="counter_value">4.1K</span></div></div>
</body></html>"""


def telegram_post(channel: str, number: int, when: str, text_html: str = "", preview: tuple[str, str, str] | None = None,
                  photo: bool = False) -> str:
    preview_html = ""
    if preview:
        href, title, description = preview
        preview_html = (
            f'<a class="tgme_widget_message_link_preview" href="{href}"><div class="link_preview_site_name accent_color" dir="auto">'
            f'Gulf Coast Ledger</div><div class="link_preview_title" dir="auto">{html.escape(title)}</div>'
            f'<div class="link_preview_description" dir="auto">{html.escape(description)}</div></a>'
        )
    photo_html = '<a class="tgme_widget_message_photo_wrap" href="#" style="width:800px"></a>' if photo else ""
    text_block = f'<div class="tgme_widget_message_text js-message_text" dir="auto">{text_html}</div>' if text_html else ""
    return f"""<div class="tgme_widget_message_wrap js-widget_message_wrap">
<div class="tgme_widget_message text_not_supported_wrap js-widget_message" data-post="{channel}/{number}" data-view="x">
<div class="tgme_widget_message_bubble">
<div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name" href="https://t.me/{channel}"><span dir="auto">Counter-Trafficking Watch</span></a></div>
{photo_html}{text_block}{preview_html}
<div class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info short js-message_info">
<span class="tgme_widget_message_views">1.9K</span><span class="tgme_widget_message_meta">
<a class="tgme_widget_message_date" href="https://t.me/{channel}/{number}"><time datetime="{when}" class="time">09:15</time></a></span>
</div></div></div></div></div>"""


def serve_article(web, path: str, title: str, body: list[str]) -> None:
    web.expect_request(path).respond_with_data(article_html(title, paragraphs(body)), content_type="text/html; charset=utf-8")


def requested(web, path: str) -> int:
    return sum(1 for request, _ in web.log if request.path == path)


# --------------------------------------------------------------------------- aggregator links
def test_aggregator_links_are_unwrapped_offline():
    target = "https://www.gulfcoastledger.example/news/2026/11/ncct-raid.html?ref=home"
    alert = f"https://www.google.com/url?rct=j&sa=t&url={quote(target, safe=':/')}&ct=ga&cd=CAIyHGU4&usg=AOvVaw1x"
    assert aggregators.unwrap(alert) == aggregators.Unwrapped("google-alerts", target)
    bing = ("http://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=6543AB&url="
            f"{quote(target, safe='')}&c=1234567890&mkt=en-us")
    assert aggregators.unwrap(bing) == aggregators.Unwrapped("bing-news", target)
    art_id = cbmi_id(target, amp=target.replace("/news/", "/amp/news/"))
    assert art_id.startswith("CBMi")
    found = aggregators.unwrap(f"https://news.google.com/rss/articles/{art_id}?oc=5")
    assert found == aggregators.Unwrapped("google-news", target, art_id)
    opaque = opaque_id("QmVyeVRlc3RUb2tlbjEyMzQ1Njc4OTA")
    assert aggregators.unwrap(f"https://news.google.com/rss/articles/{opaque}?oc=5") == \
        aggregators.Unwrapped("google-news", None, opaque)
    assert aggregators.unwrap(target) is None
    assert aggregators.unwrap("https://www.google.com/search?q=ncct") is None
    assert googlenews.decode_offline("not*base64") is None


def test_real_google_alerts_feed_links_unwrap_to_the_publishers():
    feed_path = CORPORA / "feeds" / "feedjira" / "google_alerts_atom.xml"
    if not feed_path.is_file():
        pytest.skip("../shared/corpora not present (real third-party test corpora live outside the repo)")
    links = [entry.link for entry in feedparser.parse(feed_path.read_bytes()).entries]
    unwrapped = [aggregators.unwrap(link) for link in links]
    assert links and all(u is not None and u.via == "google-alerts" for u in unwrapped)
    assert all(u.url and "google." not in u.url.split("/")[2] for u in unwrapped if u)


def test_aggregator_feed_stores_publisher_pages_and_joins_the_outlets_own_copy(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    serve_article(web, "/news/ncct-raid.html", "Police free 41 workers from Sihanoukville compound", TRAFFICKING_STORY)
    serve_article(web, "/news/water-plant.html", "Water plant to serve 40,000 households", GENERAL_STORY)
    serve_article(web, "/news/opaque-story.html", "Provincial court hears compound case", TRAFFICKING_STORY[1:])
    raid = f"{base}/news/ncct-raid.html"
    opaque_ok, opaque_refused = opaque_id("T2theVRva2VuRm9yVGVzdHM"), opaque_id("UmVmdXNlZFRva2Vu")
    calls = google_news_imitation(web, {opaque_ok: f"{base}/news/opaque-story.html?utm_source=gnews", opaque_refused: None})
    aggregator = google_news_rss([
        ("Police free 41 workers from Sihanoukville compound", f"https://news.google.com/rss/articles/{cbmi_id(raid)}?oc=5",
         "Gulf Coast Ledger"),
        ("Water plant to serve 40,000 households",
         f"https://www.google.com/url?rct=j&sa=t&url={base}/news/water-plant.html&ct=ga&usg=AOvVaw0", "Gulf Coast Ledger"),
        ("Provincial court hears compound case", f"https://news.google.com/rss/articles/{opaque_ok}?oc=5", "Gulf Coast Ledger"),
        ("Refused story about a trafficking ring", f"https://news.google.com/rss/articles/{opaque_refused}?oc=5",
         "Another Outlet"),
    ])
    web.expect_request("/gnews.xml").respond_with_data(aggregator, content_type="application/rss+xml; charset=UTF-8")
    own = rss([Item(title="Police free 41 workers", link=f"{raid}?utm_source=rss&utm_medium=feed", guid="ledger-1")])
    web.expect_request("/ledger.xml").respond_with_data(own, content_type="application/rss+xml")
    settings = settings_for([("Google News: NCCT", f"{base}/gnews.xml"), ("Gulf Coast Ledger", f"{base}/ledger.xml")],
                            sources={"google_news_url": base, "google_news_pause": 600})
    store = App(settings).synced_store()

    report = poll_once(settings, store)

    assert not report.failed, report.failed
    rows = {r["url"]: r for r in store.rows("SELECT url, source, fetch_error, title, flagged, id FROM articles")}
    refused_url = canonical_url(f"https://news.google.com/rss/articles/{opaque_refused}?oc=5")
    assert set(rows) == {raid, f"{base}/news/water-plant.html", f"{base}/news/opaque-story.html", refused_url}
    for url in (raid, f"{base}/news/water-plant.html", f"{base}/news/opaque-story.html"):
        assert rows[url]["source"] == "page" and rows[url]["fetch_error"] is None, rows[url]
    assert rows[raid]["flagged"] == 1
    # The outlet's own copy is the same story: one article, carried by both feeds, fetched once.
    assert store.rows("SELECT COUNT(*) AS n FROM entries WHERE article_id = ?", [rows[raid]["id"]])[0]["n"] == 2
    assert requested(web, "/news/ncct-raid.html") == 1
    # The refused one keeps today's fallback, with the reason.
    refused = rows[refused_url]
    assert refused["source"] == "feed" and "Google News link not resolved" in refused["fetch_error"]
    assert "HTTP 429" in refused["fetch_error"]
    # Offline kinds cost no request to the aggregator; the opaque id cost a page and one decoding POST.
    assert [c["kind"] for c in calls if c["id"] == opaque_ok] == ["page", "decode"]
    assert not any(c["id"] == cbmi_id(raid) for c in calls)
    assert calls[0]["hl"] == "en-US"


def test_google_news_decoder_caches_and_pauses_after_a_refusal(web, settings_for, open_db):
    from monitor.ingest.fetcher import Fetcher
    from monitor.ingest.sources.googlenews import GoogleNewsDecoder

    base = web.url_for("").rstrip("/")
    good, refused, later = opaque_id("R29vZFRva2Vu"), opaque_id("UmVmdXNlZA"), opaque_id("TGF0ZXJUb2tlbg")
    calls = google_news_imitation(web, {good: "https://outlet.example/a.html", refused: None, later: "https://outlet.example/b"})
    settings = settings_for()
    decoder = GoogleNewsDecoder(base, enabled=True, cache_size=8, pause_seconds=600)

    async def run() -> tuple[dict, dict, dict]:
        async with Fetcher(settings.http) as fetcher:
            first = await decoder.decode(fetcher, {"g1": good})
            again = await decoder.decode(fetcher, {"g2": good})
            blocked = await decoder.decode(fetcher, {"r": refused, "l": later})
            return first, again, blocked

    first, again, blocked = asyncio.run(run())
    assert first["g1"].url == again["g2"].url == "https://outlet.example/a.html"
    assert [c["id"] for c in calls].count(good) == 2, "the second lookup was not served from the cache"
    assert "HTTP 429" in blocked["r"].error and "paused" in blocked["l"].error
    assert not any(c["id"] == later for c in calls), "a request was made while decoding was paused"


# --------------------------------------------------------------------------- sitemaps
def test_news_sitemap_configured_as_a_feed_is_polled_like_one(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    pages = [
        ("/2026/11/02/ncct-raid.html", "NCCT: 41 workers freed from scam compound", "2026-11-02T08:30:00+07:00", "en"),
        ("/2026/11/02/water-plant.html", "Water plant to serve 40,000 households", "2026-11-02T07:00:00+07:00", "en"),
    ]
    serve_article(web, pages[0][0], "Page title differs", TRAFFICKING_STORY)
    serve_article(web, pages[1][0], "Water plant", GENERAL_STORY)
    serve_article(web, "/2026/11/03/court.html", "Court", TRAFFICKING_STORY[1:])
    state = {"pages": pages}

    def sitemap(request: Request) -> Response:
        body = news_sitemap(base, state["pages"])
        etag = f'"{len(state["pages"])}"'
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304, headers={"ETag": etag})
        return Response(body, content_type="application/xml", headers={"ETag": etag})

    web.expect_request("/news-sitemap.xml").respond_with_handler(sitemap)
    settings = settings_for([("Gulf Coast Ledger (sitemap)", f"{base}/news-sitemap.xml")])
    store = App(settings).synced_store()

    first = poll_once(settings, store)
    assert first.total("stored") == 2 and not first.failed, first.feeds[0]
    rows = {r["url"]: r for r in store.rows("SELECT url, title, published_at, source FROM articles")}
    raid = rows[base + pages[0][0]]
    assert raid["title"] == "NCCT: 41 workers freed from scam compound" and raid["source"] == "page"
    assert raid["published_at"] == "2026-11-02T01:30:00Z"
    assert store.feed(1).title == "Gulf Coast Ledger"

    second = poll_once(settings, store)
    assert second.feeds[0].not_modified

    state["pages"] = [("/2026/11/03/court.html", "Court hears compound case", "2026-11-03T10:00:00+07:00", "en"), *pages]
    third = poll_once(settings, store)
    assert third.total("stored") == 1
    assert requested(web, pages[0][0]) == 1 and requested(web, "/2026/11/03/court.html") == 1


def test_sitemap_index_and_robots_txt_lead_to_the_news_pages(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    serve_article(web, "/th/2026/trafficking.html", "Thai story", TRAFFICKING_STORY)
    serve_article(web, "/old/archive.html", "Archive", GENERAL_STORY)
    web.expect_request("/sitemap-news.xml").respond_with_data(
        news_sitemap(base, [("/th/2026/trafficking.html", "ตำรวจช่วยเหยื่อค้ามนุษย์ 41 คน", "2026-11-02T08:30:00+07:00", "th")]),
        content_type="application/xml", headers={"ETag": '"n1"'})
    archive = ('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               f"<url><loc>{base}/old/archive.html</loc><lastmod>2019-01-01</lastmod></url></urlset>")
    web.expect_request("/sitemap-archive.xml").respond_with_data(archive, content_type="application/xml")
    index = ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f"<sitemap><loc>{base}/sitemap-archive.xml</loc><lastmod>2019-01-01</lastmod></sitemap>"
             f"<sitemap><loc>{base}/sitemap-news.xml</loc><lastmod>2026-11-02T08:30:00+07:00</lastmod></sitemap>"
             "</sitemapindex>")
    web.expect_request("/sitemap-index.xml").respond_with_data(index, content_type="application/xml", headers={"ETag": '"i"'})
    web.expect_request("/site/robots.txt").respond_with_data(
        f"User-agent: *\nDisallow: /search\n\nSitemap: {base}/sitemap-archive.xml\nSitemap: {base}/sitemap-news.xml\n",
        content_type="text/plain")
    settings = settings_for([("Index", f"{base}/sitemap-index.xml"), ("Robots", f"{base}/site/robots.txt")],
                            sources={"sitemap_max_children": 1})
    store = App(settings).synced_store()

    with Pipeline(settings, store) as pipeline:  # one pipeline, as in the daemon: it remembers child validators
        report = asyncio.run(pipeline.poll())
        assert not report.failed, report.failed
        assert [r["url"] for r in store.rows("SELECT url FROM articles")] == [f"{base}/th/2026/trafficking.html"]
        assert store.rows("SELECT COUNT(*) AS n FROM entries")[0]["n"] == 2
        assert store.feed(1).etag is None, "an index's validators would hide its children's changes"
        again = asyncio.run(pipeline.poll())
    assert again.total("stored") == 0 and not again.failed
    child_requests = [r for r, _ in web.log if r.path == "/sitemap-news.xml"]
    assert child_requests[-1].headers.get("If-None-Match") == '"n1"', "the child sitemap was not polled conditionally"


def test_sitemap_parser_caps_entries_and_reads_news_fields():
    pages = [(f"/p{n}.html", f"Story {n}", f"2026-11-{n + 1:02d}T08:00:00Z", "zh-cn") for n in range(5)]
    found = sitemaps.parse_sitemap(news_sitemap("https://ledger.example", pages).encode(), max_entries=3)
    assert [e.title for e in found.entries] == ["Story 4", "Story 3", "Story 2"] and found.skipped == 2
    assert set(found.languages.values()) == {"zh"} and found.news and found.publication == "Gulf Coast Ledger"
    parsed = parse_one(news_sitemap("https://ledger.example", pages).encode(), {}, "https://ledger.example/s.xml", max_entries=10)
    assert parsed.format == "sitemap-news" and len(parsed.entries) == 5


# --------------------------------------------------------------------------- Telegram
def test_telegram_channel_posts_become_stories(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    channel = "ncct_watch_demo"
    serve_article(web, "/news/linked-story.html", "Court jails recruiters who sold workers to a scam compound", TRAFFICKING_STORY)
    text_post = (
        "The National Committee for Counter Trafficking (NCCT) met provincial police in Battambang on Monday.<br/>"
        "Officials said 27 victims of human trafficking were returned from scam compounds this month, and that "
        "shelters in Poipet will take in families while their cases are heard.<br/><br/>#NCCT #antitrafficking"
    )
    link_post = f'<a href="{base}/news/linked-story.html" target="_blank" rel="noopener">{base}/news/linked-story.html</a>'
    preview = telegram_preview([
        telegram_post(channel, 811, "2026-11-02T02:15:00+00:00", text_post),
        telegram_post(channel, 812, "2026-11-02T04:40:00+00:00", link_post,
                      preview=(f"{base}/news/linked-story.html", "Court jails recruiters", "Three people were sentenced…")),
        telegram_post(channel, 813, "2026-11-02T05:00:00+00:00", photo=True),
    ], channel)
    web.expect_request("/s/ncct_watch_demo").respond_with_data(preview, content_type="text/html; charset=utf-8")
    settings = settings_for([("Counter-Trafficking Watch (Telegram)", f"{base}/s/{channel}")])
    store = App(settings).synced_store()

    report = poll_once(settings, store)

    assert report.total("stored") == 2 and not report.failed, report.feeds[0]
    rows = {r["url"]: r for r in store.rows("SELECT url, guid, title, text, source, published_at, flagged, fetch_error FROM articles")}
    post = rows[f"https://t.me/{channel}/811"]
    assert post["source"] == "feed" and post["fetch_error"] is None
    assert "27 victims of human trafficking" in post["text"] and post["published_at"] == "2026-11-02T02:15:00Z"
    assert post["title"].startswith("The National Committee for Counter Trafficking (NCCT) met")
    assert post["flagged"] == 1
    linked = rows[f"{base}/news/linked-story.html"]
    assert linked["source"] == "page" and linked["guid"] == f"https://t.me/{channel}/812"
    assert linked["title"] == "Court jails recruiters"
    assert not any("/811" in r.path or "/812" in r.path for r, _ in web.log), "a permalink was fetched"
    assert poll_once(settings, store).total("stored") == 0


def test_telegram_links_become_the_public_preview():
    assert telegram.preview_url("https://t.me/ncct_watch_demo") == "https://t.me/s/ncct_watch_demo"
    assert telegram.preview_url("https://t.me/s/ncct_watch_demo/") == "https://t.me/s/ncct_watch_demo"
    assert telegram.preview_url("https://example.org/ncct") is None


# --------------------------------------------------------------------------- discovery
def site_page(base: str, links: str, *, wordpress: bool = True) -> str:
    generator = '<meta name="generator" content="WordPress 6.6.2">' if wordpress else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Gulf Coast Ledger – News from the coast</title>'
            f"{generator}{links}</head><body><header>Gulf Coast Ledger</header><main><h1>Latest</h1>"
            f'<a href="{base}/news/ncct-raid.html">Police free 41 workers</a></main></body></html>')


def test_feeds_add_discovers_and_stores_the_feed_url(web, write_config):
    base = web.url_for("").rstrip("/")
    links = (f'<link rel="alternate" type="application/rss+xml" title="Ledger » Feed" href="{base}/feed/">'
             f'<link rel="alternate" type="application/rss+xml" title="Ledger » Comments Feed" href="{base}/comments/feed/">'
             f'<link rel="alternate" type="application/json" href="{base}/wp-json/wp/v2/pages/7">'
             f'<link rel="alternate" type="application/json+oembed" href="{base}/wp-json/oembed/1.0/embed?url=x">')
    items = [Item(title="Police free 41 workers", link=f"{base}/news/ncct-raid.html", guid="1")]
    web.expect_request("/", query_string="s=trafficking&feed=rss2").respond_with_data(
        rss(items, title="Search results for trafficking"), content_type="application/rss+xml")
    web.expect_request("/").respond_with_data(site_page(base, links), content_type="text/html; charset=UTF-8")
    for path in ("/feed/", "/comments/feed/", "/tag/human-trafficking/feed/"):
        web.expect_request(path).respond_with_data(rss(items, title=f"Ledger {path}"), content_type="application/rss+xml")
    config = write_config()
    runner = CliRunner()

    listed = runner.invoke(cli, ["--config", str(config), "feeds", "discover", f"{base}/"], catch_exceptions=False)
    assert listed.exit_code == 0, listed.output
    assert "4 source(s) found" in listed.output
    lines = [line for line in listed.output.splitlines() if re.match(r"\s+\d+\. ", line)]
    assert lines[0].split()[1] == f"{base}/feed/" and "linked from the page" in lines[0]
    assert lines[1].split()[1] == f"{base}/comments/feed/", "comment feeds come after the main feed"
    assert any("[topic]" in line and "/tag/human-trafficking/feed/" in line for line in lines)
    assert any("[topic]" in line and "s=trafficking" in line for line in lines)
    assert not any("wp-json" in request.path for request, _ in web.log), "WordPress' API links are no feeds"

    asked = runner.invoke(cli, ["--config", str(config), "feeds", "add", f"{base}/"], input="3\n", catch_exceptions=False)
    assert asked.exit_code == 0, asked.output
    picked = runner.invoke(cli, ["--config", str(config), "feeds", "add", f"{base}/", "--pick", "1"], catch_exceptions=False)
    assert picked.exit_code == 0 and f"added: {base}/feed/ (rss20)" in picked.output
    stored = json.loads(runner.invoke(cli, ["--config", str(config), "feeds", "list", "--json"]).stdout)
    assert [f["url"] for f in stored] == [f"{base}/tag/human-trafficking/feed/", f"{base}/feed/"]
    assert stored[1]["name"] == "Ledger /feed/"
    too_far = runner.invoke(cli, ["--config", str(config), "feeds", "add", f"{base}/", "--pick", "9"])
    assert too_far.exit_code == 2 and "only 4" in too_far.output


def test_discovery_falls_back_to_usual_paths_and_robots_sitemaps(web, write_config):
    base = web.url_for("").rstrip("/")
    web.clear_all_handlers()
    web.expect_request("/").respond_with_data(site_page(base, "", wordpress=False), content_type="text/html")
    web.expect_request("/rss.xml").respond_with_data(rss([Item(title="A", link=f"{base}/a.html")]), content_type="text/xml")
    web.expect_request("/robots.txt").respond_with_data(f"User-agent: *\nSitemap: {base}/news-sitemap.xml\n",
                                                        content_type="text/plain")
    web.expect_request("/news-sitemap.xml").respond_with_data(
        news_sitemap(base, [("/a.html", "A", "2026-11-02T08:00:00Z", "en")]), content_type="application/xml")
    config = write_config()
    added = CliRunner().invoke(cli, ["--config", str(config), "feeds", "add", f"{base}/", "--pick", "2"],
                               catch_exceptions=False)
    assert added.exit_code == 0, added.output
    assert "usual path /rss.xml" in added.output and "robots.txt Sitemap: line" in added.output
    assert f"added: {base}/news-sitemap.xml (sitemap-news)" in added.output

    nothing = CliRunner().invoke(cli, ["--config", str(config), "feeds", "add", f"{base}/missing"])
    assert nothing.exit_code == 1 and "--no-discover" in nothing.output


def test_feeds_add_takes_a_feed_url_as_it_is(web, write_config):
    base = web.url_for("").rstrip("/")
    web.expect_request("/feed.xml").respond_with_data(rss([Item(title="A", link=f"{base}/a.html")], title="Ledger"),
                                                      content_type="application/rss+xml")
    config = write_config()
    result = CliRunner().invoke(cli, ["--config", str(config), "feeds", "add", f"{base}/feed.xml"], catch_exceptions=False)
    assert result.exit_code == 0 and "the URL itself" in result.output and f"added: {base}/feed.xml" in result.output
    assert requested(web, "/robots.txt") == 0, "a feed URL needs no further probing"


# --------------------------------------------------------------------------- bot walls
CHALLENGE_PAGE = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper" role="main">
<h1>ledger.example</h1><h2>Verifying you are human. This may take a few seconds.</h2>
<noscript>Enable JavaScript and cookies to continue</noscript></div>
<script src="/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=8e5f0c1d2a3b4c5d"></script></body></html>"""


def test_bot_wall_is_reported_with_what_to_use_instead(web, write_config):
    base = web.url_for("").rstrip("/")
    web.expect_request("/feed/").respond_with_data(
        CHALLENGE_PAGE, status=403, content_type="text/html; charset=UTF-8",
        headers={"cf-mitigated": "challenge", "Server": "cloudflare", "CF-RAY": "8e5f0c1d2a3b4c5d-SIN"})
    web.expect_request("/blocked/").respond_with_data(CHALLENGE_PAGE, status=503, content_type="text/html")
    config = write_config([("Walled", f"{base}/feed/"), ("Walled too", f"{base}/blocked/")])
    runner = CliRunner()

    polled = runner.invoke(cli, ["--config", str(config), "poll"], catch_exceptions=False)
    assert polled.exit_code == 0

    status = json.loads(runner.invoke(cli, ["--config", str(config), "status", "--json"]).stdout)
    errors = [feed["last_error"] for feed in status["feeds"]]
    assert errors[0].startswith("bot wall: HTTP 403 with a Cloudflare challenge (cf-mitigated: challenge)")
    assert errors[1].startswith("bot wall: HTTP 503 with a Cloudflare challenge page")
    for error in errors:
        assert "/tag/human-trafficking/feed/" in error and "news sitemap" in error
        assert "news.google.com/rss/search?q=site%3A127.0.0.1" in error


def test_a_plain_403_is_no_bot_wall(web, settings_for, open_db):
    base = web.url_for("").rstrip("/")
    web.expect_request("/feed").respond_with_data("Forbidden", status=403, content_type="text/plain")
    settings = settings_for([("Forbidden", f"{base}/feed")])
    report = poll_once(settings, App(settings).synced_store())
    assert report.feeds[0].error == "HTTP 403 Forbidden"


# --------------------------------------------------------------------------- the shipped list
def test_shipped_feed_list_covers_the_region_in_eight_languages():
    from xml.etree import ElementTree as ET

    from monitor.ingest.opml import read_opml
    from monitor.resources import shipped_path

    path = shipped_path("seeds", "feeds.opml")
    feeds = read_opml(path)
    every = [o for o in ET.parse(path).getroot().iter("outline") if o.get("xmlUrl")]
    assert len(every) == len(feeds) and all(o.get("language") for o in every)
    languages = {f.lang for f in feeds}
    assert {"en", "km", "th", "vi", "zh", "my", "lo"} <= languages and languages & {"id", "ms"}
    names = " | ".join(f.name for f in feeds)
    for outlet in ("AKP", "Kiripost", "Fresh News", "Post Khmer", "Thmey Thmey", "The Nation", "Thai PBS World",
                   "VietnamPlus", "Antara", "Free Malaysia Today", "Inquirer", "Rappler", "Frontier Myanmar", "Mizzima",
                   "DVB", "Vientiane Times", "CNA", "UCA News"):
        assert outlet in names, outlet
    searches = [f for f in feeds if f.url.startswith("https://news.google.com/rss/search?")]
    for lang in ("en", "km", "th", "vi", "zh", "id", "ms", "my", "lo"):
        mine = [f for f in searches if f.lang == lang]
        assert len(mine) >= 2 and all("hl=" in f.url and "gl=" in f.url and "ceid=" in f.url for f in mine), lang
    assert any(telegram.preview_url(f.url) for f in feeds), "no Telegram channel"
    assert any("/tag/" in f.url and f.url.endswith("/feed/") for f in feeds), "no topic feed"
    # Grouped by country, then language: the category names both.
    assert all(f.category and " / " in f.category for f in feeds)


def test_gzipped_and_broken_sources_are_read_or_recorded(web, settings_for, open_db):
    import gzip

    base = web.url_for("").rstrip("/")
    serve_article(web, "/gz/story.html", "Story", GENERAL_STORY)
    web.expect_request("/sitemap-news.xml.gz").respond_with_data(
        gzip.compress(news_sitemap(base, [("/gz/story.html", "Gzipped story", "2026-11-02T08:00:00Z", "en")]).encode()),
        content_type="application/x-gzip")
    web.expect_request("/broken.xml.gz").respond_with_data(b"\x1f\x8b\x08\x00not really gzip", content_type="application/x-gzip")
    web.expect_request("/widget-only").respond_with_data(
        '<html><body><div class="tgme_widget_message" data-post="x">no channel, no posts</div></body></html>',
        content_type="text/html")
    web.expect_request("/empty-index.xml").respond_with_data(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></sitemapindex>',
        content_type="application/xml")
    settings = settings_for([("Gz", f"{base}/sitemap-news.xml.gz"), ("Broken", f"{base}/broken.xml.gz"),
                             ("Widget", f"{base}/widget-only"), ("Empty index", f"{base}/empty-index.xml")])
    store = App(settings).synced_store()

    report = poll_once(settings, store)

    by_name = {feed.name: feed for feed in report.feeds}
    assert by_name["Gz"].stored == 1 and by_name["Gz"].error is None
    assert by_name["Broken"].error.startswith("not a feed")
    assert "not a Telegram preview page" in by_name["Widget"].error
    assert "lists no sitemaps" in by_name["Empty index"].error
    errors = [row["last_error"] for row in store.rows("SELECT last_error FROM feeds ORDER BY id")]
    assert errors[0] is None and all(errors[1:])


def test_a_feed_that_mentions_sitemaps_is_still_a_feed():
    body = rss([Item(title="How <urlset> sitemaps work", link="https://ledger.example/a.html",
                     summary="<urlset> and <sitemapindex> explained")]).encode()
    parsed = parse_one(body, {"content-type": "application/rss+xml"}, "https://ledger.example/feed", max_entries=10)
    assert parsed.format == "rss20" and parsed.kind == "feed" and len(parsed.entries) == 1


def test_check_reads_an_aggregator_link_at_the_publisher(web, write_config):
    base = web.url_for("").rstrip("/")
    serve_article(web, "/news/ncct-raid.html", "Police free 41 workers from Sihanoukville compound", TRAFFICKING_STORY)
    link = f"https://news.google.com/rss/articles/{cbmi_id(base + '/news/ncct-raid.html')}?oc=5"
    result = CliRunner().invoke(cli, ["--config", str(write_config()), "check", link, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["verdict"] == "flagged" and answer["text_from"] == "page"
    assert aggregators.publisher_url(link) == base + "/news/ncct-raid.html"
