"""Parser stage: formats, entry identity, recoverable and unrecoverable bodies."""

from __future__ import annotations

import pytest
from corpus import Item, atom, json_feed, rdf, rss

from monitor.errors import FeedParseError
from monitor.ingest.parser import entry_key, html_to_text, parse_feed

ITEMS = [Item(title="One &amp; two", link="http://example.org/1", guid="g1", summary="<p>First <b>story</b></p>",
              content="<p>Full text of the first story.</p>"),
         Item(title="Two", link="http://example.org/2", summary="Second")]


@pytest.mark.parametrize("render,fmt", [(rss, "rss20"), (atom, "atom10"), (rdf, "rss10"), (json_feed, "json1.1")])
def test_formats(render, fmt):
    parsed = parse_feed(render(ITEMS).encode())
    assert parsed.format == fmt
    assert [e.link for e in parsed.entries] == ["http://example.org/1", "http://example.org/2"]


def test_rss_fields_and_plain_text():
    parsed = parse_feed(rss(ITEMS, ttl=120).encode(), {"content-type": "application/rss+xml"})
    first = parsed.entries[0]
    assert first.key == "guid:g1" and first.title == "One & two"
    assert first.summary == "First story"
    assert first.content == "Full text of the first story."
    assert first.published_at.isoformat() == "2026-11-02T08:00:00+00:00"
    assert parsed.ttl_minutes == 120


def test_rss_091():
    body = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old</title><link>http://e.org/</link>
    <description>d</description><item><title>Old item</title><link>http://e.org/old</link></item></channel></rss>"""
    parsed = parse_feed(body)
    assert parsed.format == "rss091u" or parsed.format.startswith("rss09")
    assert parsed.entries[0].link == "http://e.org/old"


def test_entry_identity_falls_back_from_guid_to_link_to_hash():
    assert entry_key("abc", "http://x/1", "t", None) == "guid:abc"
    assert entry_key(None, "http://x/1", "t", None) == "link:http://x/1"
    one = entry_key(None, None, "title", None)
    assert one.startswith("hash:") and one == entry_key(None, None, "title", None)
    assert one != entry_key(None, None, "other title", None)


def test_html_page_is_not_a_feed():
    with pytest.raises(FeedParseError, match="HTML page"):
        parse_feed(b"<!DOCTYPE html><html><body><p>Hello</p></body></html>", {"content-type": "text/html"})


def test_garbage_is_not_a_feed():
    with pytest.raises(FeedParseError, match="not a feed"):
        parse_feed(b"\x00\x01binary junk")
    with pytest.raises(FeedParseError, match="invalid JSON"):
        parse_feed(b"{not json", {"content-type": "application/feed+json"})


def test_wrong_declared_charset_still_parses():
    body = rss([Item(title="Café", link="http://e.org/c")]).replace('encoding="utf-8"', 'encoding="iso-8859-1"')
    parsed = parse_feed(body.encode("iso-8859-1"), {"content-type": "application/rss+xml; charset=utf-8"})
    assert parsed.entries[0].title == "Café"


def test_html_to_text():
    assert html_to_text("<p>a &amp; b</p><p>c</p>") == "a & b\nc"
    assert html_to_text("plain") == "plain"
    assert html_to_text("") == ""
