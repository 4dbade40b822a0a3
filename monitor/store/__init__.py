"""The Python SQLite layer: the only code that knows table and column names."""

from monitor.store.store import Store
from monitor.timefmt import format_time, parse_time, utc_now

__all__ = ["Store", "format_time", "parse_time", "utc_now"]
