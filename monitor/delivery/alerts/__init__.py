"""Alerts: each ``[[alerts]]`` watchlist gets its flagged stories, on its channel, exactly once.

What a watchlist gets
    Flagged stories stored after the watchlist was first configured that pass its filters
    (:mod:`.stories`), each story once: a syndicated copy of a story the watchlist already got
    (same ``story_id`` root) is not sent again: it joins that delivery's "also reported by"
    (a delivery not sent yet carries it; a sent Telegram message is edited, once, best effort).
    Copies that arrive together are one message. Each story is looked at once per watchlist
    (``alert_watchlists.seen_up_to``), so a re-poll sends nothing and a story reclassified as
    flagged later is not alerted.

When
    ``schedule = "instant"`` (the default for webhook, ntfy, slack, telegram): at the end of the
    poll of the feed that stored the story, by ``monitor poll`` and ``monitor run``
    (:class:`InstantAlerts`, the poll hook). A cron line (the default for ``email``: the
    ``[digest] schedule``, in ``[digest] timezone``): the daemon collects the stories since the
    last run; e-mail sends them as one digest-format message per ``max_items`` stories, the
    HTTP kinds one message per story.

Delivery semantics: **at least once, with a stable id** (as the digest does)
    1. Claiming writes the delivery (state ``sending``) and its stories in one transaction.
    2. Each attempt is recorded (attempts + 1, a lease) and committed *before* the send;
       after the channel accepts it the delivery becomes ``sent``.
    3. A failure (unreachable, timeout, 4xx/5xx, Telegram ``ok: false``, SMTP refusal) marks it
       ``failed`` with the reason; it is retried on later polls (and by the daemon's minute
       sweep) after ``[alerting] retry_backoff * 2 ** (attempts - 1)``, capped at
       ``max_backoff``, and never before a ``Retry-After``. ``monitor alerts retry NAME``
       sends now; ``monitor alerts discard NAME ID`` gives one up.
    4. A crash after the channel accepted a message but before ``sent`` was recorded leaves it
       ``sending``; after its lease (max(2 min, 4 x [alerting] timeout)) it is sent again with
       the same ``Idempotency-Key`` header (HTTP) or Message-ID (e-mail), by which a receiver
       drops the duplicate. That is the only case of a second send.
"""

from monitor.delivery.alerts.job import (
    AlertRun,
    InstantAlerts,
    alert_jobs,
    discard_alert,
    failing_deliveries,
    list_alerts,
    retry_alerts,
    send_alerts,
    send_test_alert,
)

__all__ = [
    "AlertRun", "InstantAlerts", "alert_jobs", "discard_alert", "failing_deliveries", "list_alerts", "retry_alerts",
    "send_alerts", "send_test_alert",
]
