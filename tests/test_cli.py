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


def test_every_command_is_documented_in_the_readme():
    readme = (REPO / "README.md").read_text()
    missing = [name for name in _all_commands(cli) if f"monitor {name}" not in readme]
    assert not missing, f"commands missing from README.md: {missing}"


def test_readme_has_exactly_two_setup_commands():
    readme = (REPO / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```(?:sh|bash)?\n(.*?)```", quick_start, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]
    assert commands == ["make demo", "make test"]
    assert "make test" in (REPO / ".ci" / "run").read_text()
