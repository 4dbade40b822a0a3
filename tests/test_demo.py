"""The offline demo: the bundled corpus through the real pipeline, verdicts as the manifest says."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from monitor.cli import cli
from monitor.usecases.demo import demo_feeds, demo_root, load_manifest


def test_corpus_is_complete():
    manifest = load_manifest(demo_root())
    assert len([a for a in manifest if a["path"]]) >= 20
    expected = {a["expected"] for a in manifest}
    assert expected == {"flagged", "related", "none"}
    families = {a["family"] for a in manifest}
    assert {"drug-trafficking", "non-contrast-ct", "covid-tier"} <= families
    assert len(demo_feeds(demo_root())) == 3
    for article in manifest:
        if article["path"]:
            assert (demo_root() / article["path"]).is_file(), article["path"]


def test_demo_stores_and_flags_the_corpus_as_labelled(tmp_path: Path):
    db_path = tmp_path / "demo.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db_path), "--no-ner"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "second poll (conditional GET)" in result.output and "0 new stories stored" in result.output
    assert str(db_path) in result.output

    db = sqlite3.connect(db_path)
    db.row_factory = sqlite3.Row
    by_title = {row["title"]: row for row in db.execute("SELECT * FROM articles")}
    manifest = load_manifest(demo_root())
    assert len(by_title) == len(manifest)
    wrong = []
    for article in manifest:
        row = by_title.get(article["title"])
        assert row is not None, f"not stored: {article['title']}"
        got = "flagged" if row["flagged"] else "related" if row["related"] else "none"
        if got != article["expected"]:
            wrong.append(f"{article['path'] or article['title']}: expected {article['expected']}, got {got} ({row['reason']})")
    assert not wrong, "\n".join(wrong)

    brief = [a for a in manifest if not a["path"]][0]
    assert by_title[brief["title"]]["source"] == "feed"
    pair = [a["title"] for a in manifest if a.get("syndication_group")]
    first, second = sorted((by_title[t] for t in pair), key=lambda r: r["id"])
    assert second["story_id"] == first["id"], "the syndicated copy is not grouped with the original"
    assert db.execute("SELECT COUNT(*) FROM articles WHERE source = 'page'").fetchone()[0] == len(manifest) - 1


def test_demo_refuses_an_existing_database(tmp_path: Path):
    existing = tmp_path / "there.db"
    existing.write_bytes(b"")
    result = CliRunner().invoke(cli, ["demo", "--db", str(existing)])
    assert result.exit_code == 2 and "exists" in result.output
