"""Readers' comment threads are not stored as the story's text (our own page)."""

from __future__ import annotations

import pytest

from monitor.ingest.extractor import build_config, extract_article
from monitor.settings import ExtractSettings

STORY = "".join(
    f"<p>Paragraph {n}: officers in Kampot said the boat's crew had been held for months without pay, "
    f"and the provincial court opened a labour case against the captain and two recruiters.</p>"
    for n in range(1, 7)
)
COMMENT = ("<p>Reader Sokha wrote: this is human trafficking and the NCCT should act, "
           "the TIP report will surely rank us Tier 3 again.</p>")


def page(thread: str) -> bytes:
    # The thread sits inside the story's container, as on the CMS pages that showed the problem.
    return (f"<html><head><title>Crew freed</title></head><body><div class=\"main\"><h1>Crew freed from fishing boat</h1>"
            f"{STORY}{thread}</div></body></html>").encode()


@pytest.mark.parametrize("container", [
    '<div id="sf_comment_list">{c}{c}</div>',
    '<section class="comments-area">{c}{c}</section>',
    '<div id="disqus_thread"><ul class="comment_list"><li>{c}</li></ul></div>',
])
def test_a_comment_thread_is_left_out(container: str) -> None:
    article = extract_article(page(container.format(c=COMMENT)), url="http://127.0.0.1/crew.html",
                              content_type="text/html", charset="utf-8", settings=ExtractSettings(), config=build_config())
    assert "Paragraph 6" in article.text
    assert "Reader Sokha" not in article.text


def test_a_story_about_comments_keeps_its_text() -> None:
    body = page("").replace(b'<div class="main">', b'<div class="main has-comments">')
    article = extract_article(body, url="http://127.0.0.1/crew.html", content_type="text/html", charset="utf-8",
                              settings=ExtractSettings(), config=build_config())
    assert "Paragraph 1" in article.text and "Paragraph 6" in article.text
