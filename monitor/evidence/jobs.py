"""The evidence jobs ``monitor run`` schedules: retention hourly, Save Page Now every 5 minutes.

Each runs in a worker thread of the daemon, which gives it a ``Store`` of its own (an SQLite
connection belongs to one thread).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from monitor.evidence.retention import prune
from monitor.evidence.wayback import SCHEDULE as WAYBACK_SCHEDULE
from monitor.evidence.wayback import Submitter
from monitor.settings import Settings
from monitor.store import Store

log = logging.getLogger(__name__)

PRUNE_SCHEDULE = "17 * * * *"


def daemon_jobs(settings: Settings) -> list[tuple[str, Callable[[Store], object], str]]:
    """(name, work on a store, cron in UTC) for each evidence job the settings ask for."""
    evidence = settings.evidence
    jobs: list[tuple[str, Callable[[Store], object], str]] = []
    if not evidence.enabled:
        return jobs
    if evidence.keep_days or evidence.max_mb:
        jobs.append(("evidence-retention", lambda store: prune(settings, store), PRUNE_SCHEDULE))
    if evidence.wayback:
        submitter = Submitter(settings)  # one instance: a refusal's pause lasts across runs
        jobs.append(("evidence-wayback", submitter.run, WAYBACK_SCHEDULE))
    return jobs
