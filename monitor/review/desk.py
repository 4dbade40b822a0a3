"""The review desk: Datasette on the monitor's database, with the desk's own plugin.

Datasette runs in this process through its Python API (``datasette.app.Datasette`` served
by uvicorn) rather than as a ``datasette serve`` subprocess, because then:

* the desk's plugin (:mod:`monitor.review.plugin`: the story cards at
  ``/<db>/review_queue``, the story pages, the verdict API, a busy timeout on every
  Datasette connection) is registered with Datasette's plugin manager directly;
* the metadata is built as a dict (database name from the configured file), never
  written to a temporary file;
* a refusal (no password for a public interface) is a ``ConfigError`` with the CLI's exit
  code, and tests and the benchmark run the desk in a thread on a port the OS picked.

Safety: bound to 127.0.0.1 by default. Any other interface needs a password: HTTP Basic
auth from datasette-auth-passwords, checked against the hash in the environment variable
named by ``[review] password_hash_env``. Datasette's own SQL runs on read-only
connections; the only write is a verdict, through :func:`monitor.store.reviews.set_review`.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from monitor.errors import ConfigError
from monitor.resources import shipped_path
from monitor.review.plugin.views import PLUGIN_NAME
from monitor.settings import Settings
from monitor.store import Store
from monitor.store.reviews import QUEUE_VIEW

log = logging.getLogger(__name__)

METADATA_FILE = "datasette.json"
PASSWORD_USER = "reviewer"  # the login name that goes with the password hash
DATASETTE_SETTINGS = {
    "default_page_size": 50,
    # The queue's subqueries make a few facet counts slower than Datasette's 200 ms default.
    "facet_time_limit_ms": 1000,
    "sql_time_limit_ms": 3000,
    # Suggestions run a query per column on every page view: not worth it on a work queue.
    "suggest_facets": False,
}


def database_name(db_path: Path) -> str:
    """The name Datasette gives a database file, hence the first part of every URL."""
    return db_path.stem


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: may resolve anywhere, so treat it as exposed


def password_env(settings: Settings, host: str, environ: Mapping[str, str] = os.environ) -> str | None:
    """The env var holding the password hash to enforce, or None for an open loopback desk.

    Raises ConfigError when ``host`` is not loopback and no usable hash is set.
    """
    name = settings.review.password_hash_env
    value = environ.get(name, "").strip()
    how = (
        f"set ${name} to a password hash made with `datasette hash-password` (installed with the "
        f"monitor), then log in as {PASSWORD_USER!r} with that password"
    )
    if value and not value.startswith("pbkdf2_sha256$"):
        raise ConfigError(f"${name} does not hold a password hash (it should start with 'pbkdf2_sha256$'); {how}")
    if not value and not is_loopback(host):
        raise ConfigError(
            f"refusing to serve the review desk on {host}: anyone who can reach it could change verdicts. "
            f"{how}; or keep [review] host = 127.0.0.1"
        )
    return name if value else None


def build_metadata(db_name: str, *, password_hash_env: str | None, busy_timeout_ms: int) -> dict[str, Any]:
    """The shipped metadata with this database's name filled in, plus the plugin config."""
    from datasette.utils import tilde_encode

    raw = shipped_path("config", METADATA_FILE).read_text(encoding="utf-8")
    # Placeholders go in as JSON string content, so the name is escaped like any string.
    encoded = json.dumps(tilde_encode(db_name))[1:-1]
    metadata: dict[str, Any] = json.loads(raw.replace("{db}", encoded).replace("{base}", "/"))
    database = metadata["databases"][tilde_encode(db_name)]
    if tilde_encode(db_name) != db_name:  # metadata is keyed by the real name, URLs by the encoded one
        metadata["databases"] = {db_name: database}
    plugins: dict[str, Any] = {PLUGIN_NAME: {"database": db_name, "busy_timeout_ms": busy_timeout_ms,
                                             "password": bool(password_hash_env)}}
    if password_hash_env:
        # {"$env": ...}: Datasette reads the hash when it checks a login, so it never
        # appears in /-/metadata.
        plugins["datasette-auth-passwords"] = {
            f"{PASSWORD_USER}_password_hash": {"$env": password_hash_env},
            "http_basic_auth": True,
        }
    metadata["plugins"] = plugins
    return metadata


def _register_plugin() -> None:
    from datasette.plugins import pm

    from monitor.review import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name=PLUGIN_NAME)


def _plain_error_pages() -> None:
    """Error pages without a console traceback.

    With rich installed, Datasette's default error handler prints a traceback with every local
    for each error page, a 404 for a mistyped story id included, and fails with a 500 on a 404
    raised outside an ``except`` block (an unmatched URL such as ``/-/monitor/story/abc``).
    A real server error (500) still prints its traceback.
    """
    import datasette.handle_exception as default_handler

    default_handler.rich = None


def build_datasette(settings: Settings, host: str) -> Any:
    """A Datasette instance for the configured database, migrated first so the views exist."""
    from datasette.app import Datasette

    _plain_error_pages()

    env = password_env(settings, host)
    db_path = Path(settings.storage.path)
    Store.configured(settings.storage).close()  # creates the views if missing
    _register_plugin()
    metadata = build_metadata(
        database_name(db_path), password_hash_env=env,
        busy_timeout_ms=int(settings.storage.busy_timeout * 1000),
    )
    return Datasette(files=[str(db_path)], metadata=metadata, settings=dict(DATASETTE_SETTINGS))


def queue_url(base_url: str, settings: Settings) -> str:
    from datasette.utils import tilde_encode

    return f"{base_url}/{tilde_encode(database_name(Path(settings.storage.path)))}/{QUEUE_VIEW}"


def serve(settings: Settings, host: str | None = None, port: int | None = None) -> None:
    """Run the desk until interrupted (``monitor review``)."""
    import uvicorn

    host = host or settings.review.host
    port = settings.review.port if port is None else port
    datasette = build_datasette(settings, host)
    shown = f"[{host}]" if ":" in host else host
    log.info("review desk at %s (Ctrl-C to stop)", queue_url(f"http://{shown}:{port}", settings))
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")


@contextmanager
def running(settings: Settings, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Run the desk in a background thread (tests, benchmark); yields its base URL."""
    import uvicorn

    datasette = build_datasette(settings, host)
    server = uvicorn.Server(uvicorn.Config(datasette.app(), host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="review-desk", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the review desk did not start")
        time.sleep(0.02)
    bound_port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound_port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        for database in datasette.databases.values():
            database.close()
