"""`monitor status` for operators: readable in a pipe, delivery failures in its health, logs said once."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

from click.testing import CliRunner, Result
from conftest import free_port
from rich.cells import cell_len
from rich.console import Console

from monitor.app import App
from monitor.cli import _print_status_table, cli
from monitor.resources import shipped_path
from monitor.settings import load_settings
from monitor.usecases.poll import poll_once


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_status_in_a_pipe_is_one_plain_line_per_feed(write_config):
    config = write_config()
    assert run("--config", str(config), "init").exit_code == 0
    assert run("--config", str(config), "feeds", "import", str(shipped_path("seeds", "feeds.opml"))).exit_code == 0
    assert run("--config", str(config), "feeds", "add", "--no-discover", "https://example.org/v.xml", "--name", "Clips [video] [/b]").exit_code == 0
    feeds = json.loads(run("--config", str(config), "feeds", "list", "--json").stdout)
    assert len(feeds) >= 21

    result = run("--config", str(config), "status")  # CliRunner's stdout is not a terminal, like a pipe
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split()[:2] == ["id", "feed"])
    rows = lines[header + 1: header + 1 + len(feeds)]
    assert [int(row.split()[0]) for row in rows] == [feed["id"] for feed in feeds], "one line per feed"
    assert len(lines) <= len(feeds) + 6
    assert all(len(line) <= 200 for line in lines)
    assert not any(ch in result.stdout for ch in "│┃━─"), "no table drawing in a pipe"
    assert "Clips [video] [/b]" in result.stdout
    # The columns line up on a terminal: every row's "last success" starts at the header's column,
    # counted in terminal cells (柬华日报 takes two cells a character).
    column = cell_len(lines[header][: lines[header].index("last success")])
    assert any(cell_len(row) != len(row) for row in rows), "the shipped list has names in wide scripts"
    assert all(cell_len(row[: row.index(" never ") + 1]) == column for row in rows), "columns do not line up"


def test_status_on_a_terminal_prints_names_as_text():
    report = {"database": "/tmp/x.db", "healthy": False, "health_reason": "no feed has been polled successfully yet",
              "totals": {"articles": 0, "flagged": 0, "related": 0}, "daemon": {"running": False},
              "delivery": {"digest": {"summary": "ok"}},
              "feeds": [{"id": 1, "name": "Clips [video] [/b]", "active": 1, "last_success_at": None,
                         "consecutive_errors": 1, "next_check_at": None, "articles": 0, "flagged": 0,
                         "last_error": "HTTP 500 [/red]"}]}
    out = io.StringIO()
    _print_status_table(report, Console(file=out, force_terminal=True, width=160, color_system=None))
    assert "Clips [video] [/b]" in out.getvalue() and "HTTP 500 [/red]" in out.getvalue()


def test_status_shows_digest_delivery_failures(tmp_path: Path):
    import tomli_w

    config = tmp_path / "monitor.toml"
    config.write_text(tomli_w.dumps({
        "storage": {"path": "monitor.db"}, "ner": {"enabled": False},
        "digest": {"to": ["analyst@example.org"], "from": "monitor@example.org", "send_empty": True},
        "smtp": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
    }))
    assert run("--config", str(config), "init").exit_code == 0
    sent = run("--config", str(config), "digest")
    assert sent.exit_code == 1 and "NOT delivered" in sent.output
    report = json.loads(run("--config", str(config), "status", "--json").stdout)
    digest = report["delivery"]["digest"]
    assert digest["failing"] == 1 and "SMTP" in digest["last_error"] and digest["next_attempt_at"]
    plain = run("--config", str(config), "status").stdout
    assert "digest: 1 digest(s) NOT delivered; last error: " in plain


def test_status_says_when_the_digest_has_no_recipients(write_config):
    config = write_config()
    assert run("--config", str(config), "init").exit_code == 0
    assert "digest: not sent: [digest] to is empty" in run("--config", str(config), "status").stdout


def test_a_failed_feed_poll_is_logged_once(web, write_config, caplog):
    web.expect_request("/broken.xml").respond_with_data("down", status=500)
    settings = load_settings(write_config([("Broken", web.url_for("/broken.xml"))]))
    store = App(settings).synced_store()
    caplog.set_level(logging.INFO)
    try:
        poll_once(settings, store)
    finally:
        store.close()
    about_the_feed = [r for r in caplog.records if getattr(r, "feed", None) == "Broken"]
    assert [(r.levelname, r.getMessage()) for r in about_the_feed] == [("WARNING", "feed failed")]
    assert "500" in about_the_feed[0].error
