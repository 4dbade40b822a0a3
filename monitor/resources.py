"""Where the shipped data lives: ``config/``, ``seeds/`` and ``storage/`` travel as package data.

In a wheel they are installed as ``monitor/config``, ``monitor/seeds`` and ``monitor/storage`` (see the
package-dir mapping in pyproject.toml); in a source checkout they are the top-level
folders beside ``monitor/``.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_path(folder: str, *parts: str) -> Path:
    """Path of a shipped file, e.g. ``shipped_path("config", "rules.toml")``."""
    if folder not in ("config", "seeds", "storage"):
        raise ValueError(f"unknown shipped folder {folder!r}")
    for root in (_PACKAGE_DIR / folder, _PACKAGE_DIR.parent / folder):
        if root.is_dir():
            return root.joinpath(*parts)
    raise FileNotFoundError(f"shipped folder {folder!r} is missing from the installation")
