"""End to end in a real browser: Debian's chromium, headless, driven by Playwright.

A reviewer opens the queue, sees a flagged story and why it was flagged, marks it
relevant through the verdict form (Datasette's CSRF token travels in the form, as for a
person), and the verdict shows up in the database and in rule_precision. The queue page
is saved as a screenshot under test-artifacts/ (path printed) and copied to
docs/review-queue.png for the README.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from monitor.review.desk import database_name, running
from monitor.store.reviews import review_queue
from monitor.usecases.demo import demo_settings, serve_corpus
from monitor.usecases.poll import open_store, poll_once

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing: apt-get install chromium "
                       "(make test runs scripts/system-deps.sh)"),
]


def test_reviewer_marks_a_story_relevant_in_the_browser(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    db = tmp_path / "monitor.db"
    with serve_corpus() as base_url:
        settings = demo_settings(base_url, db, ner=False)
        store = open_store(settings)
        poll_once(settings, store)
    top = review_queue(store)[0]
    name = database_name(db)

    with running(settings) as desk, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(f"{desk}/{name}/review_queue")
            expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
            row = page.locator("tr", has_text=top["title"])
            expect(row).to_have_count(1)
            expect(row).to_contain_text(top["why_flagged"].split("; ")[0])

            ARTIFACTS.mkdir(exist_ok=True)
            shot = ARTIFACTS / "review-queue.png"
            page.screenshot(path=str(shot))  # the first screenful: what a reviewer sees
            if os.environ.get("MONITOR_UPDATE_DOCS") == "1":  # refresh the README's picture
                (REPO / "docs").mkdir(exist_ok=True)
                shutil.copy(shot, REPO / "docs" / "review-queue.png")
            print(f"\nscreenshot of the review queue: {shot}")

            row.get_by_role("link", name="relevant", exact=True).click()
            expect(page.get_by_role("heading", name="monitor: record_verdict")).to_be_visible()
            expect(page.locator("input[name=article_id]")).to_have_value(str(top["article_id"]))
            expect(page.locator("input[name=review_status]")).to_have_value("relevant")
            page.fill("input[name=review_note]", "NCCT figures confirmed")
            page.fill("input[name=reviewer]", "browser test")
            page.get_by_role("button", name="Run SQL").click()

            page.wait_for_url(f"{desk}/{name}/review_queue")
            expect(page.get_by_text("Query executed, 1 row affected")).to_be_visible()
            expect(page.locator("tr", has_text=top["title"])).to_have_count(0)

            page.goto(f"{desk}/{name}/rule_precision?confirmed__gt=0")
            expect(page.locator("table.rows-and-columns tbody tr").first).to_be_visible()
        finally:
            browser.close()

    verdict = store.rows("SELECT review_status, review_note, reviewer, reviewed_at FROM articles WHERE id = ?",
                         [top["article_id"]])[0]
    assert verdict["review_status"] == "relevant" and verdict["reviewer"] == "browser test"
    assert verdict["review_note"] == "NCCT figures confirmed" and verdict["reviewed_at"]
    confirmed = store.rows(
        """SELECT p.rule_group, p.term, p.confirmed FROM rule_precision p
           WHERE EXISTS (SELECT 1 FROM matches m WHERE m.article_id = ? AND m.counted = 1
                         AND m."group" = p.rule_group AND m.term = p.term)""",
        [top["article_id"]],
    )
    assert confirmed and all(row["confirmed"] == 1 for row in confirmed)
    store.close()
