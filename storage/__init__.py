"""The SQLite layer: schema, migrations, and the one place that knows table names."""

from storage.store import Store, format_time, parse_time, utc_now

__all__ = ["Store", "format_time", "parse_time", "utc_now"]
