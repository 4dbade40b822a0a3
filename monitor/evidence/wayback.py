"""Save Page Now: ask the Internet Archive to capture flagged URLs, record the copy's address.

Off by default (``[evidence] wayback``). When on, every new snapshot is queued
(``snapshots.wayback_status = 'pending'``) and :func:`submit_pending` works through the
queue politely: one capture at a time, ``wayback_delay`` seconds between submissions, at
most ``wayback_batch`` per run, and a 429 or 5xx stops the run until its ``Retry-After``
(else a doubling pause) has passed. A URL that fails ``MAX_ATTEMPTS`` times is marked failed
with the reason. The protocol is Save Page Now 2: ``POST {endpoint}`` with ``url=...``
answers a job id, ``GET {endpoint}/status/{job_id}`` answers its progress, and the copy is
``{archive}/web/{timestamp}/{original_url}``. Keys (``Authorization: LOW access:secret``)
come from the environment variable named by ``wayback_auth_env``; without them the
anonymous, lower limits apply.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from monitor.ingest.fetcher import parse_retry_after
from monitor.settings import Settings
from monitor.store import Store, utc_now
from monitor.store.snapshots import Snapshot, pending_wayback, record_wayback

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
MIN_PAUSE = 60.0  # seconds after a refusal without Retry-After (doubles up to MAX_PAUSE)
MAX_PAUSE = 3600.0
SCHEDULE = "*/5 * * * *"  # the daemon's run of submit_pending


class Refused(Exception):
    """Save Page Now asked us to slow down (429) or is unwell (5xx)."""

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class WaybackReport:
    saved: list[str] = field(default_factory=list)  # archive URLs
    failed: int = 0
    retry_later: int = 0
    paused_until: float | None = None


class Submitter:
    """Keeps the pause a refusal asked for across runs (the daemon keeps one instance)."""

    def __init__(self, settings: Settings, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.evidence = settings.evidence
        self.clock = clock
        self.sleep = sleep
        self.not_before = 0.0
        self._pause = MIN_PAUSE

    def headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": self.settings.http.user_agent}
        keys = os.environ.get(self.evidence.wayback_auth_env, "").strip()
        if keys:
            headers["Authorization"] = f"LOW {keys}"
        return headers

    def run(self, store: Store) -> WaybackReport:
        """Submit up to ``wayback_batch`` queued snapshots, one at a time."""
        report = WaybackReport()
        if not self.evidence.wayback or self.clock() < self.not_before:
            report.paused_until = self.not_before or None
            return report
        queue = pending_wayback(store, self.evidence.wayback_batch)
        if not queue:
            return report
        with httpx.Client(timeout=httpx.Timeout(self.settings.http.timeout), headers=self.headers(),
                          follow_redirects=False, trust_env=False) as client:
            for index, snapshot in enumerate(queue):
                if index:
                    self.sleep(self.evidence.wayback_delay)
                try:
                    archive_url = self._capture(client, snapshot)
                except Refused as exc:
                    pause = exc.retry_after if exc.retry_after is not None else self._pause
                    self._pause = min(MAX_PAUSE, self._pause * 2)
                    self.not_before = self.clock() + pause
                    report.paused_until = self.not_before
                    report.retry_later += 1
                    self._note_failure(store, snapshot, f"{exc}; retrying in {pause:.0f} s", final=False)
                    log.warning("Save Page Now refused; pausing", extra={"url": snapshot.url, "error": str(exc)})
                    break
                except (httpx.HTTPError, ValueError, KeyError) as exc:
                    final = snapshot.wayback_attempts + 1 >= MAX_ATTEMPTS
                    report.failed += int(final)
                    report.retry_later += int(not final)
                    self._note_failure(store, snapshot, f"{type(exc).__name__}: {exc}", final=final)
                    continue
                self._pause = MIN_PAUSE
                if archive_url is None:  # still capturing there: submitted again on a later run
                    final = snapshot.wayback_attempts + 1 >= MAX_ATTEMPTS
                    report.failed += int(final)
                    report.retry_later += int(not final)
                    self._note_failure(store, snapshot, f"not captured within [evidence] wayback_timeout = "
                                       f"{self.evidence.wayback_timeout:g} s", final=final)
                    continue
                assert snapshot.id is not None
                record_wayback(store, snapshot.id, status="saved", url=archive_url, at=utc_now())
                report.saved.append(archive_url)
                log.info("saved to the Internet Archive", extra={"url": snapshot.url, "archive_url": archive_url})
        return report

    def _note_failure(self, store: Store, snapshot: Snapshot, error: str, *, final: bool) -> None:
        assert snapshot.id is not None
        record_wayback(store, snapshot.id, status="failed" if final else "pending", error=error, at=utc_now())

    def _capture(self, client: httpx.Client, snapshot: Snapshot) -> str | None:
        """Submit one URL and wait for its capture; the archive URL, or None when still pending."""
        endpoint = self.evidence.wayback_endpoint
        answer = self._json(client.post(endpoint, data={"url": snapshot.url}))
        job_id = answer.get("job_id")
        if not job_id:
            raise ValueError(f"no job id in the answer: {answer.get('message') or answer.get('status_ext') or answer}")
        deadline = self.clock() + self.evidence.wayback_timeout
        interval = max(0.2, min(5.0, self.evidence.wayback_delay))
        while True:
            status = self._json(client.get(f"{endpoint}/status/{job_id}"))
            state = status.get("status")
            if state == "success":
                return archive_url(endpoint, str(status["timestamp"]), str(status.get("original_url") or snapshot.url))
            if state == "error":
                raise ValueError(f"capture failed: {status.get('status_ext') or ''} {status.get('message') or ''}".strip())
            if self.clock() >= deadline:
                return None
            self.sleep(interval)

    def _json(self, response: httpx.Response) -> dict[str, object]:
        if response.status_code == 429 or response.status_code >= 500:
            raise Refused(f"HTTP {response.status_code} from Save Page Now", parse_retry_after(response.headers.get("retry-after")))
        if response.status_code >= 400:
            raise ValueError(f"HTTP {response.status_code} from Save Page Now: {response.text[:200]}")
        data = response.json()
        if not isinstance(data, dict):
            raise ValueError("Save Page Now answered something other than a JSON object")
        return data


def archive_url(endpoint: str, timestamp: str, original_url: str) -> str:
    """The Wayback Machine address of a capture: the endpoint's host, ``/web/{timestamp}/{url}``."""
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}/web/{timestamp}/{original_url}"
