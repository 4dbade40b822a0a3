"""The review desk: Datasette on the monitor's database, with the shipped metadata.

Datasette runs in this process through its Python API (``datasette.app.Datasette`` served
by uvicorn) rather than as a ``datasette serve`` subprocess, because then:

* the desk's small plugin (a busy timeout on every Datasette connection, and the verdict
  links in the queue) is registered with Datasette's plugin manager directly, with no
  plugins folder on disk;
* the metadata is built as a dict (database name from the configured file, the verdict
  SQL from :mod:`monitor.store.reviews`), never written to a temporary file;
* a refusal (no password for a public interface) is a ``ConfigError`` with the CLI's exit
  code, and tests and the benchmark run the desk in a thread on a port the OS picked.

Safety: bound to 127.0.0.1 by default. Any other interface needs a password: HTTP Basic
auth from datasette-auth-passwords, checked against the hash in the environment variable
named by ``[review] password_hash_env``. Datasette's own SQL runs on read-only
connections; the only write is the ``record_verdict`` canned query, which sets the four
review columns and nothing else.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import threading
import time
import types
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from datasette import hookimpl
from markupsafe import Markup, escape

from monitor.errors import ConfigError
from monitor.resources import shipped_path
from monitor.review.snapshots import register_routes as snapshot_routes
from monitor.settings import Settings
from monitor.store import Store
from monitor.store.reviews import SET_REVIEW_SQL

log = logging.getLogger(__name__)

METADATA_FILE = "datasette.json"
PLUGIN_NAME = "monitor-review-desk"
PASSWORD_USER = "reviewer"  # the login name that goes with the password hash
# Views whose article_id cell gets the verdict links.
REVIEWABLE_VIEWS = ("review_queue", "flagged_articles", "related_articles")
VERDICT_LINKS = (("relevant", "relevant"), ("not_relevant", "not relevant"), ("escalated", "escalate"))
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
    database["queries"]["record_verdict"]["sql"] = SET_REVIEW_SQL
    plugins: dict[str, Any] = {PLUGIN_NAME: {"database": db_name, "busy_timeout_ms": busy_timeout_ms}}
    if password_hash_env:
        # {"$env": ...}: Datasette reads the hash when it checks a login, so it never
        # appears in /-/metadata.
        plugins["datasette-auth-passwords"] = {
            f"{PASSWORD_USER}_password_hash": {"$env": password_hash_env},
            "http_basic_auth": True,
        }
    metadata["plugins"] = plugins
    return metadata


def _desk_config(datasette: Any, database: str) -> dict[str, Any] | None:
    """The desk plugin's config when ``database`` is the desk's database, else None."""
    config = datasette.plugin_config(PLUGIN_NAME)
    return config if config and config.get("database") == database else None


def _prepare_connection(conn: Any, database: str, datasette: Any) -> None:
    config = _desk_config(datasette, database)
    if config:
        # The daemon may hold the write lock for a moment; wait rather than fail.
        conn.execute(f"PRAGMA busy_timeout = {int(config['busy_timeout_ms'])}")


def _render_cell(row: Any, value: Any, column: str, table: str | None, database: str,
                 datasette: Any) -> Markup | None:
    """In the queue views, the story id links to the story and to pre-filled verdict forms."""
    if column != "article_id" or table not in REVIEWABLE_VIEWS or not isinstance(value, int):
        return None
    if not _desk_config(datasette, database):
        return None
    base = datasette.urls.database(database)
    links = " · ".join(
        f'<a href="{base}/record_verdict?article_id={value}&amp;review_status={status}">{escape(label)}</a>'
        for status, label in VERDICT_LINKS
    )
    return Markup(f'<a href="{base}/articles/{value}">#{value}</a><br><small>{links}</small>')


def _register_plugin() -> None:
    from datasette.plugins import pm

    if pm.has_plugin(PLUGIN_NAME):
        return
    # A module object that cannot be imported by name: Datasette looks for templates and
    # static files beside a plugin's module, and must not find the monitor's own.
    plugin = types.ModuleType(PLUGIN_NAME)
    plugin.prepare_connection = hookimpl(_prepare_connection)  # type: ignore[attr-defined]
    plugin.render_cell = hookimpl(_render_cell)  # type: ignore[attr-defined]
    plugin.register_routes = hookimpl(snapshot_routes)  # type: ignore[attr-defined]
    pm.register(plugin, name=PLUGIN_NAME)


def build_datasette(settings: Settings, host: str) -> Any:
    """A Datasette instance for the configured database, migrated first so the views exist."""
    from datasette.app import Datasette

    env = password_env(settings, host)
    db_path = Path(settings.storage.path)
    store = Store.open(db_path, busy_timeout=settings.storage.busy_timeout)  # creates the views if missing
    store.close()
    _register_plugin()
    metadata = build_metadata(
        database_name(db_path), password_hash_env=env,
        busy_timeout_ms=int(settings.storage.busy_timeout * 1000),
    )
    return Datasette(files=[str(db_path)], metadata=metadata, settings=dict(DATASETTE_SETTINGS))


def queue_url(base_url: str, settings: Settings) -> str:
    from datasette.utils import tilde_encode

    return f"{base_url}/{tilde_encode(database_name(Path(settings.storage.path)))}/review_queue"


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
