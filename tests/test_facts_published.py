"""The story's date reaches extract_facts: "this year's report" gets the year the story was
published, from the page's own date, else the feed entry's (issue 17)."""

from __future__ import annotations

from datetime import UTC, datetime

from corpus import Item, article_html, paragraphs, rss

from monitor.analysis.rules import load_rules
from monitor.analysis.worker import Analyzer
from monitor.app import App
from monitor.models import PageJob
from monitor.settings import ExtractSettings, NerSettings
from monitor.usecases.poll import poll_once

# Our own words: the report's year is said only as "this year".
THIS_YEAR = [
    "Cambodia stayed on Tier 3 in this year's Trafficking in Persons Report, the State Department said, "
    "citing forced labour in online scam compounds.",
    "Officials at the National Committee for Counter Trafficking said they would answer the report's findings.",
]


def _tier_years(facts: list) -> list[int | None]:
    return [f.year for f in facts if f.kind == "tip_tier" and f.country == "Cambodia"]


def _analyzer() -> Analyzer:
    return Analyzer(load_rules(), ExtractSettings(), NerSettings(enabled=False))


def test_the_feed_entry_date_gives_the_year_when_there_is_no_page():
    job = PageJob(url=None, body=None, feed_title="Cambodia stays on Tier 3", feed_text=" ".join(THIS_YEAR),
                  feed_published=datetime(2024, 6, 25, 9, 0, tzinfo=UTC))
    analysis = _analyzer().analyze_page(job)
    assert analysis.findings.verdict.flagged
    assert _tier_years(analysis.findings.facts) == [2024]


def test_without_any_date_the_year_stays_unknown():
    job = PageJob(url=None, body=None, feed_title="Cambodia stays on Tier 3", feed_text=" ".join(THIS_YEAR))
    assert _tier_years(_analyzer().analyze_page(job).findings.facts) == [None]


def test_the_page_date_wins_over_the_feed_date():
    page = article_html("Cambodia stays on Tier 3", paragraphs(THIS_YEAR, seed=3), date="2023-06-16")
    job = PageJob(url="https://news.example/kh-tier.html", body=page.encode(), content_type="text/html",
                  charset="utf-8", feed_title="Cambodia stays on Tier 3", feed_text="",
                  feed_published=datetime(2024, 1, 2, tzinfo=UTC))
    analysis = _analyzer().analyze_page(job)
    assert analysis.source == "page" and analysis.published and analysis.published.startswith("2023-06-16")
    assert _tier_years(analysis.findings.facts) == [2023]


def test_a_polled_entry_carries_its_feed_date_to_the_stored_fact(web, settings_for):
    base = web.url_for("").rstrip("/")
    item = Item(title="Cambodia stays on Tier 3", link=f"{base}/gone.html", guid="kh-tier",
                summary=" ".join(THIS_YEAR), published=datetime(2025, 7, 1, 8, 0, tzinfo=UTC))
    web.expect_request("/feed.xml").respond_with_data(rss([item]), content_type="application/rss+xml")
    web.expect_request("/gone.html").respond_with_data("gone", status=404)  # the feed's copy is the story
    settings = settings_for([("Wire", f"{base}/feed.xml")], ner={"enabled": False})
    store = App(settings).synced_store()

    assert poll_once(settings, store).total("stored") == 1

    rows = store.rows("SELECT country, tier, year FROM facts WHERE kind = 'tip_tier'")
    assert [(r["country"], r["tier"], r["year"]) for r in rows] == [("Cambodia", "Tier 3", 2025)]
