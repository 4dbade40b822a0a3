"""Shared fixtures: a config writer, a real SQLite file per test, loopback HTTP servers."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import tomli_w

from monitor.settings import Settings, load_settings
from monitor.store import Store

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A free loopback port: nothing listens there until a test binds it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_when_up(url: str, server: subprocess.Popen[str], *, within: float = 60) -> httpx.Response:
    """GET ``url`` once the server process started for it answers (fails with its stderr if it dies)."""
    deadline = time.monotonic() + within
    while True:
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            assert server.poll() is None, server.stderr.read() if server.stderr else "the server exited"
            assert time.monotonic() < deadline, f"nothing answered at {url} within {within:.0f} s"
            time.sleep(0.2)


@pytest.fixture
def write_config(tmp_path: Path) -> Callable[..., Path]:
    """Write a monitor.toml in tmp_path: ``write_config(feeds=[(name, url)], http={...}, ...)``."""

    def _write(feeds: list[tuple[str, str]] = (), **sections: Any) -> Path:
        raw: dict[str, Any] = {
            "storage": {"path": "monitor.db"},
            "http": {"allow_private_networks": True, "per_host_delay": 0, "per_host_concurrency": 4, "timeout": 5},
            "extract": {"workers": 1},
            "ner": {"enabled": False},
        }
        for name, values in sections.items():
            raw[name] = {**raw.get(name, {}), **values}
        raw["feeds"] = [{"name": name, "url": url} for name, url in feeds]
        path = tmp_path / "monitor.toml"
        path.write_text(tomli_w.dumps(raw), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def settings_for(write_config: Callable[..., Path]) -> Callable[..., Settings]:
    def _settings(feeds: list[tuple[str, str]] = (), **sections: Any) -> Settings:
        return load_settings(write_config(feeds, **sections))

    return _settings


@pytest.fixture
def open_db() -> Callable[[Settings], Store]:
    opened: list[Store] = []

    def _open(settings: Settings) -> Store:
        store = Store.open(Path(settings.storage.path))
        opened.append(store)
        return store

    yield _open
    for store in opened:
        store.close()


@pytest.fixture
def web():
    """A threaded loopback HTTP server on a free port (slow handlers don't block others)."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    # Like most small news sites: no robots.txt (404 means everything is allowed).
    server.expect_request("/robots.txt").respond_with_data("not found", status=404)
    yield server
    server.clear()
    if server.is_running():
        server.stop()
