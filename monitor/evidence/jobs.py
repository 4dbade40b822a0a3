"""The evidence jobs ``monitor run`` schedules: retention hourly, Save Page Now every 5 minutes.

Each runs in a worker thread of the daemon, which gives it a ``Store`` of its own (an SQLite
connection belongs to one thread).
"""

from __future__ import annotations

import logging

from monitor.evidence.retention import prune
from monitor.evidence.wayback import SCHEDULE as WAYBACK_SCHEDULE
from monitor.evidence.wayback import Submitter
from monitor.models import StoreJob
from monitor.settings import Settings

log = logging.getLogger(__name__)

PRUNE_SCHEDULE = "17 * * * *"


def daemon_jobs(settings: Settings) -> list[StoreJob]:
    """The evidence jobs the settings ask for (cron lines in UTC)."""
    evidence = settings.evidence
    jobs: list[StoreJob] = []
    if not evidence.enabled:
        return jobs
    if evidence.keep_days or evidence.max_mb:
        jobs.append(StoreJob("evidence-retention", lambda store: prune(settings, store), PRUNE_SCHEDULE))
    if evidence.wayback:
        submitter = Submitter(settings)  # one instance: a refusal's pause lasts across runs
        jobs.append(StoreJob("evidence-wayback", submitter.run, WAYBACK_SCHEDULE))
    return jobs
