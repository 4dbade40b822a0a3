"""Configuration: the minimal contract file, path resolution, clear errors, complete docs."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from monitor.errors import ConfigError
from monitor.resources import shipped_path
from monitor.settings import Settings, find_config, load_settings

MINIMAL = """
[storage]
path = "data/monitor.db"
[http]
allow_private_networks = true
[[feeds]]
name = "Example"
url = "http://127.0.0.1:8000/feed.xml"
"""


def test_minimal_contract_file(tmp_path: Path):
    path = tmp_path / "cfg" / "monitor.toml"
    path.parent.mkdir()
    path.write_text(MINIMAL)
    settings = load_settings(path)
    assert settings.storage.path == (tmp_path / "cfg" / "data" / "monitor.db").resolve()
    assert settings.http.allow_private_networks is True
    assert settings.http.per_host_concurrency == 1 and settings.http.per_host_delay == 1.0
    assert [(f.name, f.url) for f in settings.feeds] == [("Example", "http://127.0.0.1:8000/feed.xml")]


def test_config_lookup_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MONITOR_CONFIG", raising=False)
    assert find_config(None) == Path("config/monitor.toml")
    monkeypatch.setenv("MONITOR_CONFIG", "/etc/monitor.toml")
    assert find_config(None) == Path("/etc/monitor.toml")
    assert find_config("given.toml") == Path("given.toml")


@pytest.mark.parametrize(
    "body,expected",
    [
        ("[http]\ntimout = 5\n", ["http.timout", "unknown key", "timeout"]),
        ("[http]\ntimeout = -1\n", ["http.timeout = -1", "greater than 0"]),
        ("[http]\nconcurrency = 'many'\n", ["http.concurrency = 'many'", "integer"]),
        ("[ner]\nscope = 'everything'\n", ["ner.scope = 'everything'", "'flagged', 'related' or 'all'"]),
        ("[[feeds]]\nname = 'x'\nurl = 'ftp://x/feed'\n", ["feeds[0].url", "http"]),
        ("[[feeds]]\nurl = 'http://x/feed'\n", ["feeds[0].name", "required"]),
        ("[schedule]\nmin_interval = 10\nmax_interval = 5\n", ["min_interval", "max_interval"]),
        ("[http\n", ["not valid TOML", "line 1"]),
        ("[http]\nuser_agent = 'bot'\n", ["http.user_agent", "contact URL"]),
        ("[rules]\npath = 'mine.toml'\n", ["rules.path = 'mine.toml'", "no such file", "shipped rules"]),
    ],
)
def test_mistakes_name_the_key_and_the_fix(tmp_path: Path, body: str, expected: list[str]):
    path = tmp_path / "monitor.toml"
    path.write_text(body)
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    for fragment in expected:
        assert fragment in str(caught.value)


def test_cli_exits_2_without_touching_the_database(tmp_path: Path):
    path = tmp_path / "monitor.toml"
    path.write_text('[storage]\npath = "monitor.db"\n[http]\nmax_bytes = 0\n')
    result = CliRunner().invoke(cli, ["--config", str(path), "poll"])
    assert result.exit_code == 2
    assert "http.max_bytes = 0" in result.output
    assert not (tmp_path / "monitor.db").exists()


def test_missing_config_file_names_the_ways_to_give_one(tmp_path: Path):
    result = CliRunner().invoke(cli, ["--config", str(tmp_path / "nope.toml"), "status"])
    assert result.exit_code == 2
    assert "--config" in result.output and "MONITOR_CONFIG" in result.output


def test_shipped_config_loads_and_polls_the_regional_feed_list():
    settings = load_settings(shipped_path("config", "monitor.toml"))
    urls = {feed.url for feed in settings.feeds}
    assert "https://www.khmertimeskh.com/feed/" in urls
    assert "https://cambojanews.com/kh/feed/" in urls
    assert any(url.startswith("https://news.google.com/rss/search?q=") for url in urls)
    assert len(urls) >= 20


def _documented_keys(text: str) -> set[str]:
    """Keys that appear in the shipped file, commented out or not, as section.key."""
    keys, section = set(), ""
    for line in text.splitlines():
        stripped = line.lstrip("# ").strip()
        header = re.match(r"^\[\[?([a-z_]+)\]\]?$", stripped)
        if header:
            section = header.group(1)
            continue
        key = re.match(r"^([a-z_]+)\s*=", stripped)
        if key:
            keys.add(f"{section}.{key.group(1)}" if section else key.group(1))
    return keys


def test_every_setting_is_documented_in_the_shipped_config():
    text = shipped_path("config", "monitor.toml").read_text()
    tomllib.loads(text)
    documented = _documented_keys(text)
    missing = []
    for name, field in Settings.model_fields.items():
        if name == "source":
            continue
        annotation = field.annotation
        model = getattr(annotation, "__args__", (annotation,))[0]
        sub_fields = getattr(model, "model_fields", None)
        if sub_fields is None:
            if name not in documented:
                missing.append(name)
            continue
        for sub_name, sub_field in sub_fields.items():
            key = f"{name}.{sub_field.alias or sub_name}"
            if key not in documented:
                missing.append(key)
    assert not missing, f"settings missing from config/monitor.toml: {missing}"
