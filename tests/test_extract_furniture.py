"""Page tools and lists of other stories in the story's container are not stored as its text;
trafilatura's parser gives plain element classes and reads pages as before (our own pages)."""

from __future__ import annotations

import lxml.html
import pytest
import trafilatura
import trafilatura.utils

from monitor.ingest import extractor
from monitor.ingest.extractor import build_config, extract_article
from monitor.settings import ExtractSettings

FIGURES = ((1, "212 migrant workers were sent home from Malaysia this month"), (2, "40 of them said agents kept their passports"),
           (3, "the ministry will inspect 15 recruitment agencies"), (4, "two agents were arrested in Kuala Lumpur"),
           (5, "the workers were paid less than half of what their contracts promised"))
PARAGRAPHS = [f"<p>Paragraph {n}: officials said {figure}, according to the labour ministry's monthly report.</p>"
              for n, figure in FIGURES]
STORY = "".join(PARAGRAPHS)
TOOLS = ('<div class="article-tools-pulldown"><p>Save this article</p><p>Members can keep articles to read later '
         'on any device.</p><p>Sign up</p><p>Log in</p></div>')
OTHERS = ('<div class="inline-article-recirc"><h2>More stories you may like</h2><ul><li>Rice prices climb again in '
          'the delta</li><li>Ten tips for the rainy season</li></ul></div>')


def page(inside: str) -> bytes:
    return (f"<html><head><title>Workers sent home</title></head><body><div class=\"main\"><h1>212 workers sent "
            f"home</h1>{''.join(PARAGRAPHS[:2])}{inside}{''.join(PARAGRAPHS[2:])}</div></body></html>").encode()


def extract(body: bytes) -> str:
    return extract_article(body, url="http://127.0.0.1/home.html", content_type="text/html", charset="utf-8",
                           settings=ExtractSettings(), config=build_config()).text


@pytest.mark.parametrize(("block", "left_out"), [
    (TOOLS, "Members can keep articles"),
    (TOOLS.replace("article-tools-pulldown", "m-usefulToolsPulldown"), "Members can keep articles"),
    (OTHERS, "Rice prices climb"),
    (OTHERS.replace("inline-article-recirc", "RecircMostPopularWrapper"), "Rice prices climb"),
])
def test_page_tools_and_other_stories_are_left_out(block: str, left_out: str) -> None:
    text = extract(page(block))
    assert "Paragraph 1" in text and "Paragraph 5" in text
    assert left_out not in text


@pytest.mark.parametrize("blocks", [extractor._COMMENT_THREADS, extractor._PAGE_FURNITURE])
def test_every_name_opens_its_gate(blocks: extractor._NamedBlocks) -> None:
    # The XPath only runs on pages where a key finds a name: a name no key finds would never be pruned.
    names = [name for name in blocks.xpath.split("'")[1::2]]
    assert names
    for name in names:
        assert blocks.on(f'<div class="x {name} y">'), name
        assert blocks.on(f'<div id="{name}">'.encode()), name
    assert not blocks.on("<div class='story'><p>A comment on the list of pull requests.</p></div>")


def test_trafilatura_reads_forms_and_inputs_as_before_with_plain_element_classes() -> None:
    body = (f"<html><body><div class=\"main\">{STORY}<form action=\"/s\"><label>Your email</label>"
            "<input name=\"e\"><select><option>Daily</option></select><textarea>Hello</textarea></form>"
            f"<table><tr><td>Province</td><td>212 workers</td></tr></table></div></body></html>")
    build_config()
    parser = trafilatura.utils.HTML_PARSER
    assert type(lxml.html.fromstring("<html><body><form><input></form></body></html>", parser=parser)[0][0]) \
        is lxml.html.HtmlElement
    plain = trafilatura.extract(body, include_tables=True)
    parser.set_element_class_lookup(lxml.html.HtmlElementClassLookup())  # lxml.html's own classes
    try:
        assert trafilatura.extract(body, include_tables=True) == plain
    finally:
        build_config()
    assert plain and "212 workers" in plain
