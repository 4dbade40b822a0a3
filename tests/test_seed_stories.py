"""The two real seed stories (../shared/seeds) through the real CLI, with the real spaCy model.

The stories are read at test time from the shared folder beside the repository and served
as news pages on loopback; nothing of their text is copied into this repository.
"""

from __future__ import annotations

import html
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO
from corpus import Item, article_html, rss

SEEDS = REPO.parent / "shared" / "seeds"
pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repository")


def _seed_pages() -> list[tuple[str, list[str]]]:
    pages = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        title = lines[0] if len(lines[0]) < 120 else "Cambodia steps up its campaign against human trafficking"
        body = lines[1:] if len(lines[0]) < 120 else lines
        pages.append((title, body))
    return pages


def test_seed_stories_are_flagged_with_entities_and_facts(web, write_config, tmp_path: Path):
    base = web.url_for("").rstrip("/")
    items = []
    for n, (title, body) in enumerate(_seed_pages()):
        path = f"/seed-{n}.html"
        web.expect_request(path).respond_with_data(article_html(html.unescape(title), body), content_type="text/html")
        items.append(Item(title=title, link=f"{base}{path}", guid=f"seed-{n}", summary=body[0][:200]))
    web.expect_request("/feed.xml").respond_with_data(rss(items), content_type="application/rss+xml")
    config = write_config([("Seeds", f"{base}/feed.xml")], ner={"enabled": True})

    result = subprocess.run([sys.executable, "-m", "monitor", "--config", str(config), "poll"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "2 new stories stored (2 flagged" in result.stdout

    db = sqlite3.connect(tmp_path / "monitor.db")
    assert [row[0] for row in db.execute("SELECT flagged FROM articles ORDER BY id")] == [1, 1]
    for article_id in (1, 2):
        entities = set(db.execute("SELECT label, canonical FROM entities WHERE article_id = ?", [article_id]))
        assert ("PERSON", "Chou Bun Eng") in entities
        assert ("GPE", "Cambodia") in entities
        assert any(canonical == "NCCT" for _, canonical in entities)
        tiers = set(db.execute("SELECT country, tier FROM facts WHERE kind = 'tip_tier' AND article_id = ?", [article_id]))
        assert ("Cambodia", "Tier 3") in tiers
    stats = {(n, what) for n, what in db.execute("SELECT number, counted FROM facts WHERE kind = 'statistic'")}
    for figure in [(164, "cases"), (194, "suspects arrested"), (342, "victims repatriated"),
                   (134, "suspects arrested"), (290, "victims rescued"), (2159, "deported")]:
        assert figure in stats, figure
    # The story that reports the downgrade (stored in whichever order the pages finished).
    changes = db.execute(
        "SELECT f.change FROM facts f JOIN articles a ON a.id = f.article_id "
        "WHERE f.kind = 'tip_tier' AND a.text LIKE '%downgraded%'"
    ).fetchall()
    assert ("down",) in changes
