"""The offline demo: the bundled corpus through the real pipeline, verdicts as the manifest says."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner
from conftest import free_port, get_when_up

from monitor.cli import cli
from monitor.usecases.demo import demo_feeds, demo_root, load_manifest


def test_corpus_is_complete():
    manifest = load_manifest(demo_root())
    assert len([a for a in manifest if a["path"]]) >= 20
    expected = {a["expected"] for a in manifest}
    assert expected == {"flagged", "related", "none"}
    families = {a["family"] for a in manifest}
    assert {"drug-trafficking", "non-contrast-ct", "covid-tier"} <= families
    sources = dict((path.split("/")[0], path) for _, path in demo_feeds(demo_root()))
    assert len(sources) == 6
    # One source of each kind beside the three outlets' feeds.
    assert sources["gulf-ledger"].endswith("sitemap-news.xml")
    assert sources["counter-trafficking-desk"].endswith("telegram.html")
    assert "{{GNEWS:" in (demo_root() / sources["google-news-ncct"]).read_text()
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

    feed_only = [a for a in manifest if not a["path"]]
    assert all(by_title[a["title"]]["source"] == "feed" for a in feed_only)
    pair = [a["title"] for a in manifest if a.get("syndication_group")]
    first, second = sorted((by_title[t] for t in pair), key=lambda r: r["id"])
    assert second["story_id"] == first["id"], "the syndicated copy is not grouped with the original"
    assert db.execute("SELECT COUNT(*) FROM articles WHERE source = 'page'").fetchone()[0] == len(manifest) - len(feed_only)
    # Every page-backed story is stored under the outlet's URL, whichever source brought it.
    for article in manifest:
        row = by_title[article["title"]]
        if article["path"]:
            assert row["url"].endswith("/" + article["path"]), (row["url"], article["path"])
        elif article.get("url"):
            assert row["url"] == article["url"]


def test_demo_sources_of_every_kind_reach_the_same_stories(tmp_path: Path):
    """The sitemap, the Telegram preview and the Google News-style search, as the demo polls them."""
    db_path = tmp_path / "demo.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db_path), "--no-ner"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    db = sqlite3.connect(db_path)
    db.row_factory = sqlite3.Row
    feeds = {row["url"].rsplit("/", 2)[-2]: row["id"] for row in db.execute("SELECT id, url FROM feeds")}
    carried = {}
    for row in db.execute("SELECT e.feed_id, e.link, a.url, a.title FROM entries e JOIN articles a ON a.id = e.article_id"):
        carried.setdefault(row["feed_id"], []).append(dict(row))
    aggregator = carried[feeds["google-news-ncct"]]
    assert len(aggregator) == 3 and not any("news.google.com" in r["url"] or "google.com/url" in r["url"] for r in aggregator)
    shared = {r["url"] for r in aggregator} & {r["url"] for r in carried[feeds["mekong-daily"]]}
    assert len(shared) == 1, "the Google News copy of a Mekong Daily story is not the same story"
    assert {r["url"].rsplit("/", 1)[-1] for r in carried[feeds["gulf-ledger"]]} == {
        "trat-court-jails-boat-captain-forced-labour-cambodian-crew.html", "koh-kong-ferry-adds-high-season-sailings.html"}
    telegram = sorted(r["url"] for r in carried[feeds["counter-trafficking-desk"]])
    assert len(telegram) == 3 and sum(url.startswith("https://t.me/counter_trafficking_desk_demo/") for url in telegram) == 2


def test_demo_refuses_an_existing_database(tmp_path: Path):
    existing = tmp_path / "there.db"
    existing.write_bytes(b"")
    result = CliRunner().invoke(cli, ["demo", "--db", str(existing)])
    assert result.exit_code == 2 and "exists" in result.output


def test_demo_printout_names_each_source_kind_and_how_to_review(tmp_path: Path):
    db_path = tmp_path / "demo.db"
    result = CliRunner().invoke(cli, ["demo", "--db", str(db_path), "--no-ner"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output
    for kind in ("RSS feed", "Atom feed", "JSON Feed", "news sitemap", "Telegram channel preview",
                 "Google News-style search"):
        assert kind in out, f"the demo does not say it polls a {kind}"
    assert "Google News: NCCT" in out and "ASEAN Wire" in out
    assert " INFO " not in out, "the demo prints per-feed INFO log lines unless --log-level is given"
    assert f"database: {db_path}" in out
    assert f"review --db {db_path}" in out and "/demo/review_queue" in out
    assert "flagged pages archived as WARC" in out
    # The desk's count, so "15 flagged" and the queue's "14 waiting" do not puzzle anyone.
    db = sqlite3.connect(db_path)
    grouped = db.execute("SELECT COUNT(*) FROM articles WHERE flagged = 1 AND story_id IS NOT NULL").fetchone()[0]
    flagged = db.execute("SELECT COUNT(*) FROM articles WHERE flagged = 1").fetchone()[0]
    assert f"review queue: {flagged - grouped} stories (a syndicated copy joins its original's card)" in out
    # A cut reason ends on a whole term with "…", never mid-word.
    assert "Nati\n" not in out and " …" in out


def test_shorten_cuts_after_a_whole_term():
    from monitor.cli import shorten

    reason = "trafficking: human trafficking ×2, counter trafficking; ncct: NCCT ×2, National Committee"
    assert shorten(reason, 200) == reason
    cut = shorten(reason, 60)
    assert len(cut) <= 60 and cut.endswith(" …") and reason.startswith(cut[:-2])
    assert shorten("a" * 30, 10) == "a" * 9 + "…"


def test_demo_review_command_works_as_printed(tmp_path: Path):
    """The printed `review --db` line, run as printed (on a free port), serves the printed queue path."""
    import shlex
    import subprocess
    import sys

    db_path = tmp_path / "demo.db"
    demo = subprocess.run([sys.executable, "-m", "monitor", "demo", "--no-ner", "--db", str(db_path)],
                          capture_output=True, text=True, timeout=300)
    assert demo.returncode == 0, demo.stderr
    printed = next(line for line in demo.stdout.splitlines() if line.startswith("review it in a browser: "))
    command = shlex.split(printed.removeprefix("review it in a browser: "))
    queue_path = "/" + next(line for line in demo.stdout.splitlines()
                            if "then open " in line).split("://", 1)[1].split("/", 1)[1]
    port = free_port()
    desk = subprocess.Popen([*command, "--port", str(port)],  # from where `make demo` ran, as a user pastes it
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        answer = get_when_up(f"http://127.0.0.1:{port}{queue_path}", desk)
        assert answer.status_code == 200 and "Review queue" in answer.text
    finally:
        desk.terminate()
        desk.wait(timeout=30)
