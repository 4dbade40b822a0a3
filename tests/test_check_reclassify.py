"""`monitor check` explains one page without storing; `monitor reclassify` re-applies rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from corpus import DRUG_STORY, TRAFFICKING_STORY, article_html, paragraphs

from monitor.app import App
from monitor.cli import cli
from monitor.resources import shipped_path
from monitor.usecases.demo import serve_corpus
from monitor.usecases.poll import poll_once


def test_check_a_file_and_a_url(web, write_config, tmp_path: Path):
    config = write_config()
    page = tmp_path / "story.html"
    page.write_text(article_html("Raid frees workers", paragraphs(TRAFFICKING_STORY)))
    result = CliRunner().invoke(cli, ["--config", str(config), "check", str(page), "--json"], catch_exceptions=False)
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["verdict"] == "flagged"
    groups = {m["group"] for m in report["matches"]}
    assert {"trafficking", "ncct", "tip"} <= groups
    assert all(m["snippet"] for m in report["matches"])
    assert any(f["kind"] == "tip_tier" and f["tier"] == "Tier 3" for f in report["facts"])
    assert not (tmp_path / "monitor.db").exists(), "check must not store anything"

    web.expect_request("/drugs.html").respond_with_data(article_html("Meth haul", paragraphs(DRUG_STORY)),
                                                        content_type="text/html")
    text = CliRunner().invoke(cli, ["--config", str(config), "check", web.url_for("/drugs.html")]).output
    assert "NOT FLAGGED" in text and "exclude:" in text

    missing = CliRunner().invoke(cli, ["--config", str(config), "check", str(tmp_path / "none.html")])
    assert missing.exit_code == 1 and "neither" in missing.output


def test_reclassify_applies_new_rules_and_keeps_human_verdicts(settings_for, tmp_path: Path):
    rules = tmp_path / "rules.toml"
    shutil.copy(shipped_path("config", "rules.toml"), rules)
    with serve_corpus() as base:
        from monitor.usecases.demo import demo_feeds, demo_root

        feeds = [(name, f"{base}/{path}") for name, path in demo_feeds(demo_root())]
        settings = settings_for(feeds, rules={"path": str(rules)})
        store = App(settings).synced_store()
        poll_once(settings, store)
    flagged_before = store.counts()["flagged"]
    assert flagged_before >= 8
    reviewed = store.rows("SELECT id FROM articles WHERE flagged = 1 ORDER BY id LIMIT 1")[0]["id"]
    store.db.conn.execute(
        "UPDATE articles SET review_status = 'relevant', review_note = 'checked by hand', reviewer = 'ana' WHERE id = ?",
        [reviewed],
    )

    # A rule change: a new trafficking term makes the garment-export story "related".
    related_before = store.counts()["related"]
    text = rules.read_text()
    rules.write_text(text + '\n[[groups.trafficking.lists]]\nname = "test-extra"\nterms = ["footwear exports"]\n')
    result = CliRunner().invoke(cli, ["--config", str(settings.source), "reclassify"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "1 changed verdict" in result.stdout
    assert store.counts()["related"] == related_before + 1
    garment = store.rows("SELECT related, reason FROM articles WHERE title LIKE 'Garment and footwear%'")[0]
    assert garment["related"] == 1 and "footwear exports" in garment["reason"]
    row = store.rows("SELECT review_status, review_note, reviewer FROM articles WHERE id = ?", [reviewed])[0]
    assert row == {"review_status": "relevant", "review_note": "checked by hand", "reviewer": "ana"}
    versions = {r["rules_version"] for r in store.rows("SELECT DISTINCT rules_version FROM articles")}
    assert len(versions) == 1, "every article carries the version of the rules that judged it"

    # Back to the shipped rules: the verdicts come back, the human verdict still stands.
    rules.write_text(text)
    CliRunner().invoke(cli, ["--config", str(settings.source), "reclassify"], catch_exceptions=False)
    assert store.counts()["flagged"] == flagged_before and store.counts()["related"] == related_before
    assert store.rows("SELECT review_status FROM articles WHERE id = ?", [reviewed])[0]["review_status"] == "relevant"


def test_check_prints_facts_as_the_desk_does_and_names_a_url_it_cannot_reach(write_config, tmp_path: Path):
    from conftest import free_port

    config = write_config()
    page = tmp_path / "story.html"
    page.write_text(article_html("Raid frees workers", paragraphs(TRAFFICKING_STORY)))
    text = CliRunner().invoke(cli, ["--config", str(config), "check", str(page)], catch_exceptions=False).output
    facts = text.split("\nfacts:\n", 1)[1].splitlines()
    assert any(line.startswith("  TIP: ") and "Tier 3" in line for line in facts), text
    assert not any("=None" in line or "year=" in line for line in facts), facts

    unreachable = f"http://127.0.0.1:{free_port()}/story.html"
    failed = CliRunner().invoke(cli, ["--config", str(config), "check", unreachable])
    assert failed.exit_code == 1 and f"error: {unreachable}: " in failed.output, failed.output
    assert "Traceback" not in failed.output


def test_fact_line_leaves_out_what_is_not_known():
    from monitor.cli import fact_line
    from monitor.models import Fact

    tier = Fact(kind="tip_tier", sentence="", start=0, end=0, country="Cambodia", tier="Tier 3", change="same")
    assert fact_line(tier) == "TIP: Cambodia Tier 3 (same)"
    figure = Fact(kind="statistic", sentence="", start=0, end=0, number=1186, counted="victims repatriated")
    assert fact_line(figure) == "1,186 victims repatriated"
