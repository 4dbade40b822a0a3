"""The application object: built once from the settings at start-up and passed down.

Every command starts here (``App.load(config, db=...)``), and this is the only place that
wires the parts together: which database is opened how, the pipeline over it, the daemon
with its jobs, the digest. Use cases and stages receive what they need from it; none of
them opens a database or reads a config file on its own.

Opening the database, three ways:

* ``store(readonly=True)``: ``status``, ``feeds list/export``, ``digest --dry-run``,
  ``review``. SQLite ``mode=ro``: nothing is created, migrated or synced; a missing file is
  a ``DatabaseMissingError`` (exit 3) that says to run ``monitor init``.
* ``store()``: created and migrated when needed (``feeds add/remove/import``,
  ``reclassify``, ``digest``, ``digests``/``alerts`` retry and discard, ``snapshot --missing``,
  each run of a daemon job).
* ``synced_store()``: ``store()`` plus the configured feeds made to exist in it. Only
  ``init``, ``poll`` and ``run`` sync.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from monitor.errors import DatabaseMissingError, StorageError
from monitor.settings import Settings, load_settings
from monitor.store import Store
from monitor.store.schema import migrations

if TYPE_CHECKING:  # the pipeline, the daemon and the digest are imported when first used (start-up time)
    from monitor.delivery.digest import DigestRun
    from monitor.service.daemon import Daemon
    from monitor.usecases.poll import Pipeline, ProgressCallback


class App:
    """``App(settings)``: the parts of the monitor for these settings."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @classmethod
    def load(cls, config: str | os.PathLike[str] | None = None, *, db: Path | None = None) -> App:
        """Settings from the config file (a mistake raises ``ConfigError``), ``db`` overriding ``[storage] path``."""
        app = cls(load_settings(config))
        return app.with_db(db) if db is not None else app

    def with_db(self, db: Path) -> App:
        storage = self.settings.storage.model_copy(update={"path": Path(db).expanduser().resolve()})
        return App(self.settings.model_copy(update={"storage": storage}))

    @property
    def db_path(self) -> Path:
        return Path(self.settings.storage.path)

    # ------------------------------------------------------------------ the database
    def store(self, *, readonly: bool = False) -> Store:
        """The database; ``readonly`` never creates, migrates or writes it."""
        if not readonly:
            return Store.configured(self.settings.storage)
        self.require_database()
        store = Store.configured(self.settings.storage, readonly=True)
        try:
            version, expected = store.schema_version, len(migrations())
        except StorageError:
            store.close()
            raise
        if version < expected:
            store.close()
            raise StorageError(
                f"database {self.db_path} has schema version {version}, this monitor needs {expected}; "
                "run `monitor init` to upgrade it"
            )
        return store

    def synced_store(self) -> Store:
        """The database, created or migrated, with the configured feeds in it (``init``, ``poll``, ``run``)."""
        store = self.store()
        try:
            store.sync_feeds(self.settings.feeds)
        except BaseException:
            store.close()
            raise
        return store

    def require_database(self) -> None:
        """Raise ``DatabaseMissingError`` (naming the path and ``monitor init``) when the file does not exist."""
        if not self.db_path.is_file():
            raise DatabaseMissingError(f"no database at {self.db_path}; run `monitor init` to create it (or pass --db PATH)")

    # ------------------------------------------------------------------ the parts
    def pipeline(self, store: Store, *, progress: ProgressCallback | None = None) -> Pipeline:
        from monitor.usecases.poll import Pipeline

        return Pipeline(self.settings, store, progress=progress)

    def daemon(self) -> Daemon:
        """``monitor run``: the daemon with its feeds job and cron jobs; it takes the instance lock itself."""
        from monitor.service.daemon import Daemon

        return Daemon(self)

    def digest(self, store: Store, *, dry_run: bool = False, out: Path | None = None,
               to: Sequence[str] | None = None, **options: Any) -> DigestRun:
        from monitor.delivery.digest import run_digest

        return run_digest(self.settings, store, dry_run=dry_run, out=out, to=to, **options)
