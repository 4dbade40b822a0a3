"""The e-mail digest: new flagged stories, grouped and explained, delivered exactly once.

Content
    Flagged stories that no digest carries yet, best score first. Copies of one story are
    one entry ("also reported by ..."): copies the dedup stage linked (``story_id``:
    identical or near-identical wire copy), and stories with the same normalised title
    published within three days (see :func:`group_stories`). Entries are shown under day headings (newest day first, by
    score within a day). ``[digest] max_items`` caps the entries; the rest stay pending
    for the next digest and the digest says "and K more". With ``include_related`` a
    second section lists related stories (trafficking, no NCCT/TIP mention), same cap.

Delivery semantics: **at least once, with a stable Message-ID**
    1. Composing claims the stories: in one transaction the digest row (state
       ``sending``) and its ``digest_items`` are written. A story is in at most one
       digest per section (unique index), so it can never be in two delivered digests.
    2. Each attempt is recorded (attempts + 1, a lease) and committed *before* the SMTP
       call; after the server accepts the message the digest becomes ``sent``.
    3. SMTP failure (refused, auth, TLS, timeout, 4xx/5xx): the digest becomes ``failed``
       with the reason and ``next_attempt_at = now + retry_backoff * 2**(attempts-1)``
       (capped at a day). Its stories stay with it; later runs retry the *same digest*
       (same stories, same Message-ID and Date, re-rendered from the recorded items).
       Newer stories go into the next new digest, which is composed only when no retry
       failed in that run (no pile of undeliverable digests while the server is down).
       Retries go to the recipients configured *now* (or ``--to``), so fixing
       ``[digest] to`` helps.
    4. A crash after the server accepted the message but before ``sent`` was recorded
       leaves the digest ``sending``; when its lease expires (max(5 min, 4 x [smtp]
       timeout)) the next run sends it again with the same Message-ID, which mail
       clients and list servers use to drop the duplicate. We chose a possible
       duplicate over a possibly lost story: nothing is ever silently dropped.
    Digests are never abandoned: a permanently failing one keeps retrying (at most
    daily) and shows in the logs with its last error.

Previews
    ``dry_run`` renders the text part of what would be sent now; ``out`` writes the
    whole message (.eml, with a ``digest-preview-...`` Message-ID). Neither sends,
    retries, claims stories nor writes to the database.

Subject template placeholders: ``{count}`` (stories in this digest), ``{date}``
(YYYY-MM-DD in ``[digest] timezone``), ``{more}`` (stories left for the next one) and
``{top}`` (the title of the best story).

Scheduling: :func:`digest_jobs` gives the daemon the digest (the cron ``[digest] schedule``
in ``[digest] timezone``) and its retry sweep on ``RETRY_CRON`` (every minute; it only sends
digests whose retry time has come); ``Daemon.run_job`` runs each on a connection of its own.

Modules: :mod:`.compose` (what a digest carries: selection, grouping, entries),
:mod:`.render` (subject, text and HTML parts), :mod:`.mailer` (the message and SMTP),
:mod:`.job` (the use case, its ledger steps and the daemon's jobs).
"""

from monitor.delivery.digest.compose import DigestContent, Entry, group_stories
from monitor.delivery.digest.job import (
    RETRY_CRON,
    DigestRun,
    digest_jobs,
    digest_trigger,
    digests_overview,
    discard_digest,
    retry_due,
    retry_now,
    run_digest,
)
from monitor.delivery.digest.mailer import build_message, deliver
from monitor.delivery.digest.render import render

__all__ = [
    "RETRY_CRON", "DigestContent", "DigestRun", "Entry", "build_message", "deliver",
    "digest_jobs", "digest_trigger", "digests_overview", "discard_digest", "group_stories", "render",
    "retry_due", "retry_now", "run_digest",
]
