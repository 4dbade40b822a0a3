"""The App and the CLI contracts: read-only commands, --db, one config check for every command,
the starter config, and start-up wiring (the daemon's jobs and its one lock)."""

from __future__ import annotations

import json
import logging
import os
import signal
import threading
from pathlib import Path

import pytest
import tomli_w
from click.testing import CliRunner, Result
from test_cli import command_named
from test_migrations import first_release_database

from monitor.app import App
from monitor.cli import cli
from monitor.errors import ConfigError
from monitor.resources import shipped_path
from monitor.service import lock
from monitor.settings import load_settings
from monitor.store import Store
from monitor.store.schema import migrations

READ_ONLY = [["status"], ["feeds", "list"], ["feeds", "export"], ["digest", "--dry-run"], ["review"],
             ["digest", "--out", "x.eml"], ["digest"], ["reclassify"]]  # the last two write, but create nothing
DB_COMMANDS = ["init", "poll", "run", "status", "feeds list", "feeds add", "feeds remove", "feeds import",
               "feeds export", "digest", "reclassify", "review"]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def db_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("monitor.db") or p.suffix == ".db")


@pytest.mark.parametrize("command", READ_ONLY, ids=" ".join)
def test_read_only_commands_create_nothing_on_a_missing_database(write_config, tmp_path: Path, command):
    config = write_config([("Configured", "http://127.0.0.1:1/feed.xml")])
    result = run("--config", str(config), *command)
    assert result.exit_code == 3, result.output
    assert str(tmp_path / "monitor.db") in result.output and "monitor init" in result.output
    assert db_files(tmp_path) == [], "no db, -wal or -shm file"
    other = tmp_path / "elsewhere.db"
    result = run("--config", str(config), *command, "--db", str(other))
    assert result.exit_code == 3 and str(other) in result.output and db_files(tmp_path) == []


def test_check_needs_no_database_and_prints_titles_as_text(write_config, tmp_path: Path):
    config = write_config()
    page = tmp_path / "story.txt"
    page.write_text("Trafficking ring [/b] broken up [video]\nPolice rescued 12 victims of human trafficking.\n")
    result = run("--config", str(config), "check", str(page))
    assert result.exit_code == 0, result.output
    assert "Trafficking ring [/b] broken up [video]" in result.output
    assert db_files(tmp_path) == []


def test_read_only_commands_never_sync_or_migrate(write_config, tmp_path: Path):
    config = write_config([("First", "http://127.0.0.1:1/a.xml")])
    assert run("--config", str(config), "init").exit_code == 0
    write_config([("First", "http://127.0.0.1:1/a.xml"), ("Second", "http://127.0.0.1:1/b.xml")])
    for command in (["status"], ["feeds", "export"], ["digest", "--dry-run"],
                    ["feeds", "add", "--no-discover", "https://example.org/rss"], ["reclassify"]):
        assert run("--config", str(config), *command).exit_code == 0, command
    listed = json.loads(run("--config", str(config), "feeds", "list", "--json").stdout)
    assert [f["name"] for f in listed] == ["First", "https://example.org/rss"], "only init, poll and run sync"
    assert run("--config", str(config), "init").exit_code == 0
    listed = json.loads(run("--config", str(config), "feeds", "list", "--json").stdout)
    assert [f["name"] for f in listed] == ["First", "https://example.org/rss", "Second"]

    old = tmp_path / "old.db"
    first_release_database(old)
    before = old.read_bytes()
    result = run("--config", str(config), "status", "--db", str(old))
    assert result.exit_code == 3 and "schema version 1" in result.output and "monitor init" in result.output
    assert old.read_bytes() == before, "a read-only command does not upgrade the database"
    assert run("--config", str(config), "init", "--db", str(old)).exit_code == 0
    status = json.loads(run("--config", str(config), "status", "--json", "--db", str(old)).stdout)
    assert status["database"] == str(old.resolve()) and status["totals"]["articles"] == 1


@pytest.mark.parametrize("path", DB_COMMANDS)
def test_every_database_command_takes_db_after_its_name(path: str):
    options = [opt for param in command_named(path).params for opt in param.opts]
    assert "--db" in options


def test_db_overrides_the_configured_path(write_config, tmp_path: Path):
    config = write_config([("Configured", "http://127.0.0.1:1/feed.xml")])
    other = tmp_path / "sub" / "other.db"
    assert run("--config", str(config), "init", "--db", str(other)).exit_code == 0
    assert other.is_file() and not (tmp_path / "monitor.db").exists()
    assert run("--config", str(config), "feeds", "--db", str(other), "add", "--no-discover", "https://example.org/rss").exit_code == 0
    listed = json.loads(run("--config", str(config), "feeds", "list", "--db", str(other), "--json").stdout)
    assert [f["url"] for f in listed] == ["http://127.0.0.1:1/feed.xml", "https://example.org/rss"]
    assert not (tmp_path / "monitor.db").exists()


@pytest.mark.parametrize("command", [["init"], ["poll"], ["run"], ["status"], ["feeds", "list"], ["check", "x.txt"],
                                     ["digest", "--dry-run"], ["reclassify"], ["review"]], ids=" ".join)
@pytest.mark.parametrize(("digest", "expected"), [
    ({"timezone": "Asia/Phnom Penh"}, ["digest.timezone = 'Asia/Phnom Penh'", "IANA name"]),
    ({"schedule": "0 7 * *"}, ["digest.schedule = '0 7 * *'", "five cron fields"]),
    ({"from": "nobody"}, ["digest.from = 'nobody'", "not an e-mail address", "monitor@example.org"]),
    ({"to": ["a@x, b@y"]}, ["digest.to", "'a@x, b@y' is not one e-mail address"]),
    ({"subject": "{when}"}, ["digest.subject = '{when}'", "{count}"]),
], ids=["timezone", "schedule", "from", "to", "subject"])
def test_every_command_refuses_a_bad_digest_setting_at_start_up(write_config, tmp_path: Path, command, digest, expected):
    config = write_config(digest=digest)
    result = run("--config", str(config), *command)
    assert result.exit_code == 2, result.output
    for fragment in expected:
        assert fragment in result.output
    assert db_files(tmp_path) == []


def test_init_writes_a_working_starter_config_in_an_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MONITOR_CONFIG", raising=False)
    for command in (["status"], ["poll"], ["feeds", "list"], ["check", "x.txt"], ["digest"]):
        result = run(*command)
        assert result.exit_code == 2 and "run `monitor init`" in result.output, command
    assert list(tmp_path.iterdir()) == []

    result = run("init")
    assert result.exit_code == 0, result.output
    assert "wrote a starter config: monitor.toml" in result.output
    starter = tmp_path / "monitor.toml"
    assert (tmp_path / "monitor.db").is_file()
    text = starter.read_text()
    shipped = shipped_path("config", "monitor.toml").read_text().splitlines()
    changed = [line for line in text.splitlines() if line not in shipped]
    assert len(changed) == 3 and len(text.splitlines()) == len(shipped), "the shipped file, every key commented"
    settings = load_settings(starter)
    assert settings.storage.path == (tmp_path / "monitor.db").resolve()
    assert len(settings.feeds) >= 20 and settings.feed_lists[0].is_absolute()
    status = run("status")
    assert status.exit_code == 0 and str(tmp_path / "monitor.db") in status.output
    again = run("init")  # a config now exists: used, not overwritten
    assert again.exit_code == 0 and "wrote" not in again.output and starter.read_text() == text


# ------------------------------------------------------------------ the daemon's wiring
def _run_daemon_briefly(app: App, seconds: float = 1.5) -> None:
    timer = threading.Timer(seconds, os.kill, (os.getpid(), signal.SIGTERM))
    timer.start()
    try:
        app.daemon().run()
    finally:
        timer.cancel()


def test_the_daemon_takes_its_lock_once_and_owns_its_digest_jobs(settings_for, monkeypatch, caplog):
    taken: list[Path] = []
    original = lock.InstanceLock.acquire

    def counting(self: lock.InstanceLock) -> None:
        taken.append(self.path)
        original(self)

    monkeypatch.setattr(lock.InstanceLock, "acquire", counting)
    caplog.set_level(logging.INFO)
    quiet = App(settings_for(schedule={"tick": 0.2}))  # the shipped digest settings: no recipients
    _run_daemon_briefly(quiet)
    assert len(taken) == 1
    not_scheduled = [r for r in caplog.records if r.getMessage().startswith("digest not scheduled")]
    assert len(not_scheduled) == 1 and "[digest] to is empty" in not_scheduled[0].getMessage()
    started = next(r for r in caplog.records if r.getMessage() == "daemon started")
    assert getattr(started, "jobs", None) is None

    caplog.clear()
    mailing = App(settings_for(schedule={"tick": 0.2}, digest={"to": ["analyst@example.org"]}))
    _run_daemon_briefly(mailing)
    started = next(r for r in caplog.records if r.getMessage() == "daemon started")
    assert started.jobs == "digest,digest-retry" and len(taken) == 2


def test_the_daemon_refuses_to_start_without_the_smtp_password(settings_for, tmp_path: Path, monkeypatch):
    monkeypatch.delenv("MONITOR_TEST_SMTP", raising=False)
    app = App(settings_for(digest={"to": ["analyst@example.org"]},
                           smtp={"username": "monitor", "password_env": "MONITOR_TEST_SMTP"}))
    with pytest.raises(ConfigError, match="MONITOR_TEST_SMTP"):
        app.daemon().run()
    assert db_files(tmp_path) == [] and not (tmp_path / "monitor.db.lock").exists()


def test_a_job_failing_the_same_way_is_logged_once(settings_for, caplog):
    daemon = App(settings_for()).daemon()
    caplog.set_level(logging.INFO)

    def failing(message: str):
        def work(store):
            raise ConfigError(message)
        return work

    for _ in range(5):  # five minutes of the retry sweep
        daemon.run_job("digest-retry", failing("smtp.password_env: MONITOR_SMTP_PASSWORD is empty"))
    daemon.run_job("digest-retry", failing("something else"))

    def bug(store):
        raise KeyError("a bug")
    for _ in range(3):  # a bug, not a MonitorError: logged once too, with its traceback
        daemon.run_job("digest-retry", bug)
    daemon.run_job("digest-retry", lambda store: store.counts())
    daemon.run_job("digest-retry", lambda store: store.counts())
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.error for r in errors] == ["ConfigError: smtp.password_env: MONITOR_SMTP_PASSWORD is empty",
                                         "ConfigError: something else", "KeyError: 'a bug'"]
    assert [bool(r.exc_info) for r in errors] == [False, False, True]
    assert sum(r.getMessage() == "job recovered" for r in caplog.records) == 1


def test_database_migrated_is_logged_once(tmp_path: Path, caplog):
    caplog.set_level(logging.INFO)
    Store.open(tmp_path / "new.db").close()
    Store.open(tmp_path / "new.db").close()
    migrated = [r for r in caplog.records if r.getMessage() == "database migrated"]
    assert len(migrated) == 1 and migrated[0].version == len(migrations()) and migrated[0].from_version == 0


def test_feeds_remove_names_the_opml_list_a_feed_comes_from(tmp_path: Path):
    opml = shipped_path("seeds", "feeds.opml")
    config = tmp_path / "monitor.toml"
    config.write_text(tomli_w.dumps({"storage": {"path": "monitor.db"}, "feed_lists": [str(opml)],
                                     "feeds": [{"name": "Mine", "url": "https://example.org/mine.xml"}]}))
    assert run("--config", str(config), "init").exit_code == 0
    listed = run("--config", str(config), "feeds", "remove", "https://www.khmertimeskh.com/feed/")
    assert listed.exit_code == 2
    assert f"the OPML list {opml}" in listed.output and "[[feeds]]" not in listed.output.split(";")[0]
    mine = run("--config", str(config), "feeds", "remove", "https://example.org/mine.xml")
    assert mine.exit_code == 2 and f"{config} under [[feeds]]" in mine.output
