"""Comments, scripts, styles and inline SVG cut before extraction (monitor/ingest/content.py,
issue 18): half the bytes of a real page, none of its text."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.errors import ExtractionError
from monitor.ingest import extractor
from monitor.ingest.content import strip_inert_html
from monitor.settings import Settings

PAGES = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "pages"


def test_comments_go_and_inert_elements_stay_empty() -> None:
    page = (b"<html><head><STYLE type='text/css'>p { color: red }</STYLE>"
            b"<script src='a.js'></script><script>var s = '<p>not text</p>';</Script ></head>"
            b"<body><!-- a note --><p>Story <b>text</b>.</p><svg viewBox='0 0 1 1'><path d='M0'/></svg>"
            b"<p>More.</p></body></html>")
    assert strip_inert_html(page) == (
        b"<html><head><STYLE type='text/css'></STYLE><script src='a.js'></script><script></Script ></head>"
        b"<body><p>Story <b>text</b>.</p><svg viewBox='0 0 1 1'></svg><p>More.</p></body></html>")


def test_a_script_inside_a_comment_is_part_of_the_comment() -> None:
    page = b"<p>one</p><!-- <script> --><p>two</p><script>x()</script><p>three</p>"
    assert strip_inert_html(page) == b"<p>one</p><p>two</p><script></script><p>three</p>"


def test_names_that_only_start_like_the_tags_are_left_alone() -> None:
    page = b"<scripts>a</scripts><svgicon>b</svgicon><styles>c</styles><p>d</p>"
    assert strip_inert_html(page) is page


def test_an_opener_never_closed_keeps_the_rest_as_it_is() -> None:
    assert strip_inert_html(b"<p>a</p><!-- b --><p>c</p><script>d") == b"<p>a</p><p>c</p><script>d"
    assert strip_inert_html(b"<p>a</p><!-- open <p>b</p>") == b"<p>a</p><!-- open <p>b</p>"
    assert strip_inert_html(b"") == b""


def test_every_real_page_gives_the_same_text_stripped_or_not(monkeypatch: pytest.MonkeyPatch) -> None:
    if not PAGES.is_dir():
        pytest.skip(f"{PAGES} not present: the real pages live outside the repository (../shared/corpora)")
    settings = Settings().extract
    config = extractor.build_config()
    files = sorted(PAGES.glob("mozilla-readability-test-pages/*/source.html")) + sorted(
        PAGES.glob("goose3-content/*.html")) + sorted(PAGES.glob("newspaper4k-testdata/html/*.html"))
    assert len(files) >= 200

    def texts() -> list[str]:
        found = []
        for path in files:
            try:
                found.append(extractor.extract_article(path.read_bytes(), url="https://example.org/story",
                                                       content_type="text/html", charset=None,
                                                       settings=settings, config=config).text)
            except ExtractionError as exc:
                found.append(f"error: {exc}")
        return found

    stripped = texts()
    monkeypatch.setattr(extractor, "strip_inert_html", lambda body: body)
    assert texts() == stripped
    before = sum(len(path.read_bytes()) for path in files)
    after = sum(len(strip_inert_html(path.read_bytes())) for path in files)
    assert after < 0.5 * before  # 206 KB -> 91 KB a page
