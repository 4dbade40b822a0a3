"""The SQLite layer: schema, migrations, and the one place that knows table names."""

from monitor.timefmt import format_time, parse_time, utc_now
from storage.store import Store

__all__ = ["Store", "format_time", "parse_time", "utc_now"]
