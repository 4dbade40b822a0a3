"""End to end in a real browser: Debian's chromium, headless, driven by Playwright.

A reviewer opens the queue at 1400x1000 and sees at least five story cards, with why each
was flagged and the matched terms highlighted; marks the top story relevant with one
click (no page load), the next one "not relevant" with the keyboard (j, then n), opens a
story page and escalates from there; the verdicts show up in the database, in the story's
history and in rule_precision. The queue and a story page are saved as screenshots under
test-artifacts/ (paths printed) and, with MONITOR_UPDATE_DOCS=1, copied to docs/ for the
README.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from monitor.app import App
from monitor.review.desk import database_name, running
from monitor.store.reviews import review_history, review_queue
from monitor.usecases.demo import demo_settings, serve_corpus
from monitor.usecases.poll import poll_once

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
VIEWPORT = {"width": 1400, "height": 1000}
MIN_ABOVE_FOLD = 5

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing: apt-get install chromium "
                       "(make test runs scripts/system-deps.sh)"),
]

# Cards whose whole box is inside the window, as the reviewer sees it on arrival.
CARDS_ABOVE_FOLD_JS = ("[...document.querySelectorAll('article.card')]"
                       ".filter(c => c.getBoundingClientRect().bottom <= window.innerHeight).length")


def save_screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / name
    page.screenshot(path=str(shot))  # the first screenful: what a reviewer sees
    if os.environ.get("MONITOR_UPDATE_DOCS") == "1":  # refresh the README's pictures
        (REPO / "docs").mkdir(exist_ok=True)
        shutil.copy(shot, REPO / "docs" / name)
    print(f"\nscreenshot: {shot}")
    return shot


def test_reviewer_works_through_the_queue_in_the_browser(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    db = tmp_path / "monitor.db"
    with serve_corpus() as base_url:
        settings = demo_settings(base_url, db, ner=True)
        store = App(settings).synced_store()
        poll_once(settings, store)
    queue = review_queue(store)
    first, second, third = queue[0], queue[1], queue[2]
    name = database_name(db)

    with running(settings) as desk, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            page = browser.new_page(viewport=VIEWPORT)
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{desk}/{name}/review_queue")
            expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
            cards = page.locator("article.card")
            expect(cards).to_have_count(len(queue))
            above_fold = page.evaluate(CARDS_ABOVE_FOLD_JS)
            print(f"\nstory cards above the fold at {VIEWPORT['width']}x{VIEWPORT['height']}: {above_fold}")
            assert above_fold >= MIN_ABOVE_FOLD
            # Every matched rule group is in sight on its card: a long group's terms are cut, not the next group.
            hidden_groups = page.evaluate("""Array.from(document.querySelectorAll('.card .why-flagged')).flatMap(row => {
                const edge = row.getBoundingClientRect().right + 1;
                return Array.from(row.querySelectorAll('.chip.why'))
                    .filter(chip => chip.getBoundingClientRect().right > edge).map(chip => chip.textContent); })""")
            assert not hidden_groups, f"rule groups pushed out of sight on their cards: {hidden_groups}"

            top = page.locator(f"#story-{first['article_id']}")
            expect(top.locator("a.title")).to_have_text(first["title"])
            expect(top.locator(".why-flagged")).to_contain_text("ncct")
            expect(top.locator(".snippet mark.hit").first).to_be_visible()
            assert top.locator(".snippet mark.hit").count() >= 1
            expect(top.locator(".entities .chip").first).to_be_visible()
            page.fill("#reviewer", "browser test")
            save_screenshot(page, "review-queue.png")

            # One click, no page load: the card says so, the focus moves on.
            top.locator("input.note").fill("NCCT figures confirmed")
            with page.expect_response("**/-/monitor/verdict") as answer:
                top.get_by_role("button", name="Relevant", exact=True).click()
            assert answer.value.status == 200
            expect(top).to_have_class(re.compile(r"\bdone\b"))
            expect(top.locator(".state")).to_contain_text("relevant · browser test")
            expect(page.locator("#waiting")).to_have_text(str(len(queue) - 1))  # the heading counts down
            page_loads = page.evaluate("performance.getEntriesByType('navigation').length")
            assert page_loads == 1

            # The keyboard: the next card is selected after a verdict; j/k move, n says not relevant.
            nxt = page.locator(f"#story-{second['article_id']}")
            expect(nxt).to_have_class(re.compile(r"\bcurrent\b"))
            page.keyboard.press("j")
            expect(page.locator(f"#story-{third['article_id']}")).to_have_class(re.compile(r"\bcurrent\b"))
            page.keyboard.press("k")
            expect(nxt).to_have_class(re.compile(r"\bcurrent\b"))
            with page.expect_response("**/-/monitor/verdict") as answer:
                page.keyboard.press("n")
            assert answer.value.status == 200
            expect(nxt.locator(".state")).to_contain_text("not relevant")
            with page.expect_response("**/-/monitor/verdict"):
                page.keyboard.press("u")  # undo: the story is back in the queue, and selected
            expect(nxt.locator(".state")).to_contain_text("back in the queue")
            expect(nxt).to_have_class(re.compile(r"\bcurrent\b"))
            expect(nxt).not_to_have_class(re.compile(r"\bdone\b"))
            expect(page.locator("#waiting")).to_have_text(str(len(queue) - 1))  # and back up on an undo
            with page.expect_response("**/-/monitor/verdict"):
                page.keyboard.press("n")
            expect(nxt.locator(".state")).to_contain_text("not relevant")

            # The name is remembered: a fresh load of the queue has it (and the reviewed stories are gone).
            page.reload()
            expect(page.locator("#reviewer")).to_have_value("browser test")
            expect(page.locator(f"#story-{first['article_id']}")).to_have_count(0)
            expect(page.locator("article.card").first).to_have_attribute("id", f"story-{third['article_id']}")

            # The story page (o opens the selected story): the text with the matches highlighted,
            # the facts, the verdict from here.
            expect(page.locator(f"#story-{third['article_id']}")).to_have_class(re.compile(r"\bcurrent\b"))
            page.keyboard.press("o")
            page.wait_for_url(f"{desk}/-/monitor/story/{third['article_id']}")
            expect(page.locator("h1")).to_have_text(third["title"])
            assert page.locator(".story-text mark.hit").count() >= 2
            expect(page.locator("table.history")).to_contain_text("No verdict yet")
            page.locator("form.verdict input.note").fill("send to the embassy desk")
            page.keyboard.press("Escape")  # leave the note box: letters typed there are the note
            with page.expect_response("**/-/monitor/verdict") as answer:
                page.keyboard.press("e")
            assert answer.value.status == 200
            expect(page.locator("table.history")).to_contain_text("escalated")
            expect(page.locator("table.history")).to_contain_text("send to the embassy desk")
            page.reload()
            expect(page.locator("table.history tbody tr")).to_have_count(1)
            expect(page.locator("table.history")).to_contain_text("browser test")

            # The README's picture: the top story, with its verdict in the history.
            page.goto(f"{desk}/-/monitor/story/{first['article_id']}")
            expect(page.locator("table.history")).to_contain_text("NCCT figures confirmed")
            save_screenshot(page, "story-page.png")

            page.goto(f"{desk}/{name}/rule_precision?confirmed__gt=0")
            expect(page.locator("table.rows-and-columns tbody tr").first).to_be_visible()
            assert not errors, errors
        finally:
            browser.close()

    verdicts = {r["id"]: r for r in store.rows(
        "SELECT id, review_status, review_note, reviewer, reviewed_at FROM articles WHERE id IN (?, ?, ?)",
        [first["article_id"], second["article_id"], third["article_id"]])}
    assert verdicts[first["article_id"]]["review_status"] == "relevant"
    assert verdicts[first["article_id"]]["review_note"] == "NCCT figures confirmed"
    assert verdicts[second["article_id"]]["review_status"] == "not_relevant"
    assert verdicts[third["article_id"]]["review_status"] == "escalated"
    assert all(v["reviewer"] == "browser test" and v["reviewed_at"] for v in verdicts.values())
    assert [v.status for v in review_history(store, third["article_id"])] == ["escalated"]
    assert [v.status for v in review_history(store, second["article_id"])] == ["not_relevant", "new", "not_relevant"]
    confirmed = store.rows(
        """SELECT p.rule_group, p.term, p.confirmed FROM rule_precision p
           WHERE EXISTS (SELECT 1 FROM matches m WHERE m.article_id = ? AND m.counted = 1
                         AND m."group" = p.rule_group AND m.term = p.term)""",
        [first["article_id"]],
    )
    assert confirmed and all(row["confirmed"] >= 1 for row in confirmed)
    store.close()
