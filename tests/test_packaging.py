"""A plain `pip install .` carries everything: run the demo from the built wheel, elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import REPO


@pytest.mark.slow
def test_wheel_carries_the_shipped_data_and_the_demo_runs_from_it(tmp_path: Path):
    wheels = tmp_path / "wheels"
    # No build isolation: the build must not reach a package index from a test.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(REPO)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    wheel = next(wheels.glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in ("monitor/config/monitor.toml", "monitor/config/rules.toml", "monitor/config/entities.toml",
                    "monitor/seeds/feeds.opml", "monitor/seeds/demo/manifest.toml", "monitor/storage/001_base.sql",
                    "monitor/py.typed"):
        assert shipped in names, f"{shipped} is not in the wheel"
    assert any(n.startswith("monitor/seeds/demo/mekong-daily/articles/") for n in names)
    assert any(n.startswith("monitor/delivery/digest/templates/") for n in names)
    assert not any(n.startswith("storage/") for n in names), "storage/ is package data, not a top-level package"

    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, text=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-m", "monitor", "demo", "--no-ner", "--db", str(elsewhere / "demo.db")],
        cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "stories stored" in result.stdout
    where = subprocess.run([sys.executable, "-c", "import monitor; print(monitor.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(target)), "the test ran the checkout, not the installed wheel"
