"""Article metadata from the page head (issue 18: instead of trafilatura's metadata pass)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from monitor.ingest.extractor import head_metadata

CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "pages" / "mozilla-readability-test-pages"


def test_meta_tags_html_lang_and_title():
    page = """<!DOCTYPE html><html lang="km-KH"><head><title>Fallback | Site</title>
    <meta property="og:title" content="Police rescue 12 workers &amp; a child">
    <meta name="author" content="Sok  Dara"><meta property="article:published_time" content="2026-11-02T08:00:00+07:00">
    <meta property="og:site_name" content='Mekong Daily'><meta name=description content="Short summary">
    </head><body><meta name="author" content="not in the head"><p>Text</p></body></html>"""
    assert head_metadata(page) == {
        "title": "Police rescue 12 workers & a child", "author": "Sok Dara", "published": "2026-11-02",
        "site_name": "Mekong Daily", "description": "Short summary", "lang": "km",
    }
    assert head_metadata(b"<html><head><title>Only a title</title></head><body></body></html>") == {"title": "Only a title"}
    assert head_metadata("<p>no head at all</p>") == {}
    assert "published" not in head_metadata('<head><meta name="date" content="yesterday"></head>')


@pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora not present (real third-party pages live outside the repo)")
def test_titles_of_real_pages_match_the_reference_mostly():
    agree = total = 0
    for case in sorted(CORPORA.iterdir()):
        expected = json.loads((case / "expected-metadata.json").read_text(encoding="utf-8")).get("title")
        if not expected:
            continue
        found = head_metadata((case / "source.html").read_bytes()).get("title") or ""
        total += 1
        agree += bool(found) and (expected.strip() in found or found in expected)
    assert total > 100 and agree / total >= 0.8, f"{agree}/{total}"
