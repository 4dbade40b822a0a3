"""The ``monitor`` command line: feeds management, status, and that everything is documented."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner
from conftest import REPO

from monitor.cli import cli
from monitor.resources import shipped_path


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_init_feeds_and_status(write_config, tmp_path: Path):
    config = write_config([("Configured", "http://127.0.0.1:1/feed.xml")])
    result = run("--config", str(config), "init")
    assert result.exit_code == 0 and "schema version" in result.output
    assert (tmp_path / "monitor.db").exists()

    assert run("--config", str(config), "feeds", "add", "https://example.org/rss", "--name", "Example",
               "--no-discover").exit_code == 0
    bad = run("--config", str(config), "feeds", "add", "not a url")
    assert bad.exit_code == 2 and "http" in bad.output
    listed = json.loads(run("--config", str(config), "feeds", "list", "--json").stdout)
    assert [f["name"] for f in listed] == ["Configured", "Example"]

    refused = run("--config", str(config), "feeds", "remove", "1")
    assert refused.exit_code == 2 and "[[feeds]]" in refused.output
    assert run("--config", str(config), "feeds", "remove", "https://example.org/rss").exit_code == 0

    status = json.loads(run("--config", str(config), "status", "--json").stdout)
    assert status["healthy"] is False and status["feeds"][0]["name"] == "Configured"
    assert run("--config", str(config), "status", "--check").exit_code == 1


def test_opml_import_and_export_round_trip(write_config):
    config = write_config()
    result = run("--config", str(config), "feeds", "import", str(shipped_path("seeds", "feeds.opml")))
    assert result.exit_code == 0 and re.match(r"\d+ feeds added", result.stdout)
    exported = run("--config", str(config), "feeds", "export").stdout
    assert "https://www.khmertimeskh.com/feed/" in exported and exported.startswith("<?xml")
    again = run("--config", str(config), "feeds", "import", str(shipped_path("seeds", "feeds.opml")))
    assert again.stdout.startswith("0 feeds added")


def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "monitor", "--help"], capture_output=True, text=True, check=True)
    assert "poll" in result.stdout


def _all_commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        names.append(f"{prefix}{name}")
        if isinstance(command, click.Group):
            names.extend(_all_commands(command, f"{prefix}{name} "))
    return names


def _readme_command_table() -> dict[str, str]:
    """The README's command table: the command's words (``feeds list``) -> the usage cell."""
    readme = (REPO / "README.md").read_text()
    section = readme.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        usage = re.match(r"^\| `monitor ([^`]+)` \|", line)
        if usage:
            words = re.match(r"[a-z][a-z ]*[a-z]", usage.group(1)).group(0).split()
            rows[" ".join(w for w in words if w.islower() and w.isalpha())] = usage.group(1)
    return rows


def test_every_command_is_documented_in_the_readme_command_table():
    table = _readme_command_table()
    commands = [name for name in _all_commands(cli) if not isinstance(command_named(name), click.Group)]
    missing = [name for name in commands if name not in table]
    assert not missing, f"commands missing from README.md's command table: {missing}"
    stale = sorted(set(table) - set(commands))
    assert not stale, f"README.md's command table lists commands that do not exist: {stale}"
    for name in commands:  # every option a command takes is in its row
        options = [opt for param in command_named(name).params for opt in param.opts if opt.startswith("--")]
        undocumented = [opt for opt in options if opt not in table[name]]
        assert not undocumented, f"`monitor {name}`: {undocumented} missing from its README row"


def command_named(name: str) -> click.Command:
    command: click.Command = cli
    for word in name.split():
        command = command.commands[word]  # type: ignore[attr-defined]
    return command


def test_readme_has_exactly_two_setup_commands():
    readme = (REPO / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```(?:sh|bash)?\n(.*?)```", quick_start, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]
    assert commands == ["make demo", "make test"]
    assert "make test" in (REPO / ".ci" / "run").read_text()


def test_help_reads_whole_in_80_columns():
    """Every command list shows whole summaries (no "..."), every help line fits a terminal."""
    runner = CliRunner()
    groups = [""] + [name for name in _all_commands(cli) if isinstance(command_named(name), click.Group)]
    for group in groups:
        result = runner.invoke(cli, [*group.split(), "--help"], terminal_width=80)
        assert result.exit_code == 0, result.output
        listed = result.output.split("Commands:\n", 1)[1]
        cut = [line.strip() for line in listed.splitlines() if line.rstrip().endswith("...")]
        assert not cut, f"`monitor {group} --help` cuts summaries short: {cut}"
    for name in _all_commands(cli):
        result = runner.invoke(cli, [*name.split(), "--help"], terminal_width=80)
        wide = [line for line in result.output.splitlines() if len(line) > 80]
        assert not wide, f"`monitor {name} --help` has lines wider than 80 columns: {wide}"


def test_poll_refuses_a_watchlist_whose_secret_is_missing(write_config, tmp_path: Path, monkeypatch):
    """`monitor poll` sends instant alerts, so it refuses a missing secret as `monitor run` does (exit 2)."""
    monkeypatch.delenv("NO_SUCH_BOT_TOKEN", raising=False)
    config = write_config()
    with config.open("a", encoding="utf-8") as toml:
        toml.write('\n[[alerts]]\nname = "embassy"\nkind = "telegram"\ntoken_env = "NO_SUCH_BOT_TOKEN"\nchat_id = "-100"\n')
    result = CliRunner().invoke(cli, ["--config", str(config), "poll"])
    assert result.exit_code == 2, result.output
    assert "NO_SUCH_BOT_TOKEN named by token_env" in result.output and "export it" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "monitor.db").exists(), "nothing is touched before the configuration is complete"


def test_logging_keeps_third_party_info_lines_out_and_their_warnings_in():
    import io
    import logging

    from monitor.logs import configure

    out = io.StringIO()
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    configure("INFO", "text", stream=out)
    try:
        logging.getLogger("apscheduler.scheduler").info("Adding job tentatively")
        logging.getLogger("apscheduler.scheduler").warning("Run time of job was missed")
        logging.getLogger("monitor.service.daemon").info("daemon started")
    finally:
        root.handlers[:], root.level = handlers, level
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and "job was missed" in lines[0] and "daemon started" in lines[1]


def test_a_feed_url_with_a_space_is_refused_with_the_fix(write_config, tmp_path: Path):
    config = write_config()
    result = CliRunner().invoke(cli, ["--config", str(config), "feeds", "add", "--no-discover",
                                      "https://news.example/tag/human trafficking/feed"])
    assert result.exit_code == 2 and "a URL has no spaces" in result.output and "%20" in result.output
    pasted = tmp_path / "monitor.toml"
    pasted.write_text('[[feeds]]\nname = "x"\nurl = "https://news .example/feed"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(pasted), "status"])
    assert result.exit_code == 2 and "feeds[0].url" in result.output and "a URL has no spaces" in result.output
    wrong_scheme = CliRunner().invoke(cli, ["--config", str(config), "feeds", "add", "--no-discover", "ftp://x"])
    assert wrong_scheme.exit_code == 2 and "must be an absolute http:// or https:// URL" in wrong_scheme.output


def test_digest_without_recipients_says_where_to_put_them(write_config):
    config = write_config()
    assert CliRunner().invoke(cli, ["--config", str(config), "init"]).exit_code == 0
    result = CliRunner().invoke(cli, ["--config", str(config), "digest"])
    assert result.exit_code == 2, result.output
    assert 'error: [digest] to is empty: set to = ["analyst@example.org"] in [digest], or pass --to ADDR' in result.output
