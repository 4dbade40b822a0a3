"""One exception tree for the whole service.

Third-party errors (httpx, feedparser, trafilatura, sqlite3, smtplib, spaCy) are
translated into these at the edge of the stage that calls the library, so callers
only ever catch ``MonitorError`` and its children.
"""

from __future__ import annotations


class MonitorError(Exception):
    """Base class of every error the monitor raises on purpose."""


class ConfigError(MonitorError):
    """A configuration or rules file is wrong. The message names the key and the fix."""

    def __init__(self, message: str, *, key: str | None = None, path: str | None = None) -> None:
        self.key = key
        self.path = path
        super().__init__(message)


class RulesError(ConfigError):
    """The rules file is wrong: the message names the file, the line or key, and why."""


class FetchError(MonitorError):
    """A URL could not be fetched (network, HTTP status, size, redirects, policy)."""

    def __init__(self, message: str, *, url: str = "", status: int | None = None) -> None:
        self.url = url
        self.status = status
        super().__init__(message)


class BlockedURLError(FetchError):
    """A URL was refused by policy (private address, unsupported scheme, robots.txt)."""


class FeedParseError(MonitorError):
    """A fetched body is not a feed that can be read."""


class ExtractionError(MonitorError):
    """An article page yielded no usable text (not HTML, empty, broken)."""


class ModelUnavailableError(MonitorError):
    """The configured spaCy model is not installed; the message names the package."""


class StorageError(MonitorError):
    """The database could not be opened, migrated or written."""


class DatabaseMissingError(StorageError):
    """A read-only command found no database file (it creates none): run ``monitor init``."""


class DatabaseBusyError(StorageError):
    """The database stayed locked longer than the busy timeout."""


class AlreadyRunningError(MonitorError):
    """Another daemon holds the lock on this database."""


class DeliveryError(MonitorError):
    """A digest could not be delivered (SMTP refused, auth, timeout, 4xx/5xx)."""
