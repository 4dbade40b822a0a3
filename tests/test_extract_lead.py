"""The lead paragraph trafilatura leaves out is put back; nothing else is (our own pages)."""

from __future__ import annotations

from monitor.ingest.extractor import ExtractedArticle, build_config, extract_article, with_lead
from monitor.settings import ExtractSettings

LEAD = ("Police in Battambang freed eleven workers from a brick kiln on Tuesday, and the owner was charged "
        "with forced labour under the 2008 trafficking law.")
BODY = "".join(
    f"<p>Paragraph {n}: the workers told officers they had been kept at the kiln for months to pay off debts "
    f"that grew every week, and the provincial court will hear the case next month.</p>"
    for n in range(1, 6)
)


def page(description: str, *, lead_block: str = '<div class="story__lead">{lead}</div>', footer: str = "") -> bytes:
    # The lead sits beside the body's container, not in it, as on the CMS pages that showed the problem.
    return (
        f'<html><head><title>Kiln workers freed</title><meta name="description" content="{description}"></head>'
        f'<body><article class="story"><h1>Eleven kiln workers freed in Battambang</h1>'
        f'{lead_block.format(lead=LEAD)}<div class="article-body">{BODY}</div></article>{footer}</body></html>'
    ).encode()


def extract(body: bytes) -> ExtractedArticle:
    return extract_article(body, url="http://127.0.0.1/kiln.html", content_type="text/html", charset="utf-8",
                           settings=ExtractSettings(), config=build_config())


def test_the_lead_beside_the_body_is_put_back_before_the_first_paragraph() -> None:
    text = extract(page(LEAD[:90] + "...")).text  # descriptions are often the lead's start
    assert text.count("Police in Battambang freed eleven workers") == 1
    assert LEAD in text
    assert text.index(LEAD) < text.index("Paragraph 1")


def test_a_lead_kept_by_trafilatura_is_not_repeated() -> None:
    body = page(LEAD).replace(b'<div class="story__lead">', b'<div class="article-body"><p>').replace(
        b'</div><div class="article-body">', b"</p>")
    text = extract(body).text
    assert text.count("Police in Battambang freed eleven workers") == 1


def test_a_description_that_is_not_on_the_page_is_not_added() -> None:
    text = extract(page(LEAD, lead_block="")).text
    assert "Police in Battambang" not in text
    assert "Paragraph 1" in text


def test_a_description_found_after_the_story_is_not_a_lead() -> None:
    tagline = "Battambang Weekly brings you the news of the north-west provinces, in Khmer and English, every day."
    text = extract(page(tagline, lead_block="", footer=f'<div class="site-about"><p>{tagline}</p></div>')).text
    assert "Battambang Weekly brings you" not in text
    assert "Paragraph 5" in text


def test_a_short_description_or_a_whole_section_is_not_a_lead() -> None:
    text = "Paragraph 1: the workers told officers they had been kept at the kiln for months.\nParagraph 2: the court."
    section = f'<div class="intro">{LEAD}{BODY}{BODY}</div><div>{text}</div>'  # the description starts a section
    html = f'<html><head></head><body>{section}</body></html>'
    assert with_lead(text, html, "Kiln workers freed") == text
    assert with_lead(text, html, LEAD) == text
