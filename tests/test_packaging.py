"""A plain `pip install .` carries everything: run the demo and a first `monitor init` from the built wheel, elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the wheel, the folder it is installed into with --target)."""
    root = tmp_path_factory.mktemp("wheel")
    wheels = root / "wheels"
    # No build isolation: the build must not reach a package index from a test.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(REPO)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    wheel = next(wheels.glob("*.whl"))
    target = root / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, text=True, timeout=300)
    return wheel, target


def monitor_in(folder: Path, target: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "MONITOR_CONFIG"}
    env["PYTHONPATH"] = str(target)
    return subprocess.run([sys.executable, "-m", "monitor", *args], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_wheel_carries_the_shipped_data_and_the_demo_runs_from_it(installed, tmp_path: Path):
    wheel, target = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in ("monitor/config/monitor.toml", "monitor/config/rules.toml", "monitor/config/entities.toml",
                    "monitor/seeds/feeds.opml", "monitor/seeds/demo/manifest.toml", "monitor/storage/001_base.sql",
                    "monitor/py.typed"):
        assert shipped in names, f"{shipped} is not in the wheel"
    assert any(n.startswith("monitor/seeds/demo/mekong-daily/articles/") for n in names)
    assert any(n.startswith("monitor/delivery/digest/templates/") for n in names)
    assert not any(n.startswith("storage/") for n in names), "storage/ is package data, not a top-level package"

    result = monitor_in(tmp_path, target, "demo", "--no-ner", "--db", str(tmp_path / "demo.db"))
    assert result.returncode == 0, result.stderr
    assert "stories stored" in result.stdout
    where = subprocess.run([sys.executable, "-c", "import monitor; print(monitor.__file__)"],
                           cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(target)},
                           capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(target)), "the test ran the checkout, not the installed wheel"


@pytest.mark.slow
def test_first_run_from_the_wheel_in_an_empty_folder(installed, tmp_path: Path):
    _, target = installed
    before = monitor_in(tmp_path, target, "status")
    assert before.returncode == 2 and "run `monitor init`" in before.stderr
    assert list(tmp_path.iterdir()) == []

    init = monitor_in(tmp_path, target, "init")
    assert init.returncode == 0, init.stderr
    assert "wrote a starter config: monitor.toml" in init.stdout
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("monitor.db-")) == ["monitor.db", "monitor.toml"]
    text = (tmp_path / "monitor.toml").read_text()
    assert str(target / "monitor" / "seeds" / "feeds.opml") in text, "the feed list is the packaged OPML"
    status = monitor_in(tmp_path, target, "status")
    assert status.returncode == 0, status.stderr
    assert str(tmp_path / "monitor.db") in status.stdout and "Khmer Times" in status.stdout
