"""Trafficking news monitor: polls regional feeds, flags human-trafficking stories that
mention Cambodia's NCCT or the US TIP report, and stores them in SQLite for review."""

__version__ = "0.1.0"
