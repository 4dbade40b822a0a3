"""Every TOML file the monitor reads is loaded one way and reports a mistake in one format."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from monitor.analysis.entities import load_domain_names
from monitor.analysis.rules import load_rules
from monitor.errors import ConfigError
from monitor.settings import load_settings
from monitor.usecases.demo import load_manifest


def _manifest(path: Path) -> Any:
    return load_manifest(path.parent)


# (loader, file name, a valid body with one unknown key, that key's dotted path, one known key there)
LOADERS: list[tuple[Callable[[Path], Any], str, str, str, str]] = [
    (load_settings, "monitor.toml", "[http]\ntimout = 5\n", "http.timout", "timeout"),
    (load_rules, "rules.toml", "[score]\nmaxx = 3\n", "score.maxx", "max"),
    (load_domain_names, "entities.toml",
     '[[entity]]\ncanonical = "X"\nlabel = "ORG"\naliases = ["x"]\nalias = "y"\n', "entity[0].alias", "aliases"),
]


@pytest.mark.parametrize(("loader", "name", "body", "key", "known"), LOADERS, ids=[case[1] for case in LOADERS])
def test_unknown_keys_read_the_same_in_every_file(tmp_path: Path, loader, name, body, key, known):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        loader(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {key}: unknown key (did you mean {known}?); known keys here: ")
    assert known in message.splitlines()[0].split("known keys here: ")[1].split(", ")
    assert caught.value.key == key and caught.value.path == str(path)


@pytest.mark.parametrize("loader,name", [(load_settings, "monitor.toml"), (load_rules, "rules.toml"),
                                         (load_domain_names, "entities.toml"), (_manifest, "manifest.toml")])
def test_broken_toml_reads_the_same_in_every_file(tmp_path: Path, loader, name):
    path = tmp_path / name
    path.write_text('[section]\nkey = "unclosed\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"^{path}: not valid TOML: .*\(at line 2, column \d+\)"):
        loader(path)


def test_bad_values_name_the_key_the_value_and_the_fix(tmp_path: Path):
    path = tmp_path / "manifest.toml"
    path.write_text('[[article]]\ntitle = "T"\nfeed = "f"\nlang = "en"\nexpected = "flaged"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"manifest.toml: article\[0\]\.expected = 'flaged': Input should be 'flagged', 'related' or 'none'"):
        load_manifest(tmp_path)
    names = tmp_path / "entities.toml"
    names.write_text('[[entity]]\ncanonical = "X"\nlabel = "MONEY"\naliases = ["x"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"entities.toml: entity\[0\]\.label = 'MONEY': use one of .*ORG"):
        load_domain_names(names)


def test_a_typo_at_the_top_suggests_the_key_and_lists_only_keys_one_can_write(tmp_path: Path):
    path = tmp_path / "monitor.toml"
    path.write_text('[storag]\npath = "x.db"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: storag: unknown key (did you mean storage?); known keys here: ")
    known = message.split("known keys here: ")[1].split(", ")
    assert "storage" in known and "source" not in known, "the loader's own fields are not keys to write"


def test_a_whole_file_check_reads_without_a_placeholder_key(tmp_path: Path):
    path = tmp_path / "monitor.toml"
    hook = '[[alerts]]\nname = "desk"\nkind = "webhook"\nurl = "https://example.org/h"\n'
    path.write_text(hook + hook, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value) == f"{path}: alerts[1].name 'desk' repeats alerts[0]; give each watchlist its own name"


@pytest.mark.parametrize(("body", "expected"), [
    ('[digest]\nto = "analyst@example.org"\n', 'digest.to = \'analyst@example.org\': must be a list; write to = ["analyst@example.org"]'),
    ('[[feeds]]\nurl = "https://news.example/feed"\n', "feeds[0].name: required key missing; add name = ..."),
])
def test_a_scalar_for_a_list_and_a_missing_key_say_what_to_write(tmp_path: Path, body: str, expected: str):
    path = tmp_path / "monitor.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value) == f"{path}: {expected}"
