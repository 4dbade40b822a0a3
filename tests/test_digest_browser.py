"""The digest's HTML part in a real browser engine: headless Chromium renders it to a PNG.

The PNG lands in the test's temporary folder (printed; run with -s to see it). With
MONITOR_UPDATE_DOCS=1 it is also copied to docs/digest.png, the README's screenshot.
"""

from __future__ import annotations

import os
import shutil
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from test_digest import NOW, UNIQUE_TITLES, build_corpus_db, make_settings

from monitor.delivery.digest import run_digest
from monitor.store import Store

CHROMIUM = Path("/usr/bin/chromium")
DOCS_PNG = Path(__file__).resolve().parent.parent / "docs" / "digest.png"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def digest_eml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The preview .eml of the corpus digest, built before Playwright owns the event loop."""
    folder = tmp_path_factory.mktemp("digest-browser")
    db = build_corpus_db(folder, ner=True)  # with entities: the screenshot shows key names
    settings = make_settings(db, 25, digest={"include_related": True})
    store = Store.open(db)
    eml = folder / "digest.eml"
    run_digest(settings, store, out=eml, now=NOW)
    store.close()
    return eml


@pytest.fixture(scope="module")
def browser(digest_eml: Path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield chromium
        chromium.close()


def test_html_part_renders_in_chromium_and_reads_on_a_phone(browser, digest_eml: Path, tmp_path: Path) -> None:
    message = message_from_bytes(digest_eml.read_bytes(), policy=default_policy)
    html_part = message.get_body(("html",)).get_content()

    page = browser.new_page(viewport={"width": 760, "height": 900})
    page.route("**/*", lambda route: route.abort())  # a mail client loads nothing remote either
    page.set_content(html_part, wait_until="load")
    assert page.title() == message["Subject"]
    visible = page.inner_text("body")
    for title in UNIQUE_TITLES:
        assert title in visible
    assert "related · about trafficking" in visible.lower()  # the heading is CSS upper case
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert links and all(link.startswith("http://") or link.startswith("https://") for link in links)
    # The content column keeps to the 660 px a mail pane offers.
    width = page.eval_on_selector("table table", "t => t.getBoundingClientRect().width")
    assert 600 <= width <= 660
    png = tmp_path / "digest.png"
    page.screenshot(path=str(png), full_page=True)
    assert png.stat().st_size > 50_000

    # On a phone the layout shrinks to the screen: no sideways scrolling.
    page.set_viewport_size({"width": 380, "height": 800})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{overflow}px of sideways scrolling at 380px"
    page.screenshot(path=str(tmp_path / "digest-phone.png"), full_page=False)
    page.close()
    print(f"\ndigest screenshots in {tmp_path}")
    if os.environ.get("MONITOR_UPDATE_DOCS") == "1":
        DOCS_PNG.parent.mkdir(exist_ok=True)
        shutil.copy(png, DOCS_PNG)
