"""Forking analysis workers safely from a process whose threads run C libraries.

The analysis workers are forked lazily, from the event loop, while other threads may be inside
C libraries (feed and sitemap parsing run lxml in a thread): a fork taken mid-call copies a held
lock into the child, which then hangs at its first page. Threads that run such code hold
``FORK_LOCK`` (``without_fork``); the submit that forks takes it too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

FORK_LOCK = threading.Lock()


def without_fork(function: Callable[..., T], *args: Any) -> T:
    """Run ``function(*args)`` with no worker fork happening meanwhile (see ``FORK_LOCK``)."""
    with FORK_LOCK:
        return function(*args)
