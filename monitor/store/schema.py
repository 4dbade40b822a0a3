"""The database schema, as numbered migrations in ``storage/NNN_name.sql``.

``PRAGMA user_version`` records how many migrations a database has had; opening an older
database applies the rest, each in its own transaction together with the version bump, so a
database is never left half-migrated. Never edit a migration that has shipped: add a file.
The SQL lives in ``storage/`` (package data) so a person reads the schema as SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from monitor.resources import shipped_path

_MIGRATION_FILE = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    sql: str


@cache
def migrations(folder: Path | None = None) -> tuple[Migration, ...]:
    """The shipped migrations in order; their numbers must run 1, 2, 3... without a gap."""
    folder = folder or shipped_path("storage")
    found = []
    for path in sorted(folder.glob("*.sql")):
        match = _MIGRATION_FILE.match(path.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), path.read_text(encoding="utf-8")))
    for expected, migration in enumerate(found, start=1):
        if migration.number != expected:
            raise RuntimeError(f"storage/: migration {expected:03d} is missing (found {migration.number:03d}_{migration.name}.sql)")
    return tuple(found)
