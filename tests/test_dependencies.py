"""Every package the code imports is declared in pyproject.toml, where it belongs.

``monitor/`` may import only ``[project] dependencies``; ``tests/`` also the ``test`` extra;
``bench/`` also the ``bench`` extra. A package used only by the benchmarks (psutil) is not a
dependency of the service.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

from conftest import REPO

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)).lower()


def declared(*extras: str) -> set[str]:
    names = {_name(r) for r in PYPROJECT["dependencies"]}
    for extra in extras:
        names |= {_name(r) for r in PYPROJECT["optional-dependencies"][extra]}
    return names


def imported_distributions(folder: Path) -> dict[str, set[str]]:
    """Distribution name -> files importing it, for the third-party imports under ``folder``."""
    local = {path.stem for path in folder.rglob("*.py")} | {"monitor"}
    owners = importlib.metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top in sys.stdlib_module_names or top in local or top == "__future__":
                    continue
                for dist in owners.get(top, [top]):
                    found.setdefault(_name(dist), set()).add(str(path.relative_to(REPO)))
    return found


def test_the_package_declares_what_it_imports():
    missing = {d: f for d, f in imported_distributions(REPO / "monitor").items() if d not in declared()}
    assert not missing, f"imported by monitor/ but not in [project] dependencies: {missing}"


def test_tests_and_benchmarks_declare_what_they_import():
    for folder, extras in (("tests", ("test",)), ("bench", ("test", "bench"))):
        missing = {d: f for d, f in imported_distributions(REPO / folder).items() if d not in declared(*extras)}
        assert not missing, f"imported by {folder}/ but not declared in pyproject.toml: {missing}"


def test_psutil_only_where_it_is_used():
    users = imported_distributions(REPO / "monitor")
    assert "psutil" not in users and "psutil" not in declared(), "the service does not use psutil"
    assert "psutil" in imported_distributions(REPO / "bench") and "psutil" in declared("bench")
