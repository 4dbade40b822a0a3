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

Scheduling (the daemon): :func:`digest_job` on :func:`digest_trigger` (the cron
``[digest] schedule`` in ``[digest] timezone``) and :func:`digest_retry_job` on ``RETRY_CRON``
(every minute; it only sends digests whose retry time has come). Both open their own
connection, so they can run in the scheduler's worker threads.
"""

from __future__ import annotations

import logging
import os
import re
import smtplib
import ssl
import textwrap
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, getaddresses, parseaddr
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jinja2

from monitor.analysis.stories import same_story
from monitor.errors import ConfigError, DeliveryError, MonitorError
from monitor.ingest.urls import is_http_url
from monitor.settings import Settings, SmtpSettings
from monitor.store import Store, format_time, parse_time
from monitor.store.digests import ClaimConflict, DigestLedger, Section

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(days=1)
MIN_LEASE = timedelta(minutes=5)
RETRY_CRON = "* * * * *"  # the daemon looks for digests due a retry every minute (one indexed query)
SIMILAR_WITHIN = timedelta(days=3)  # copies of one story under one title appear within days
FULL_TEXT_CHARS = 500  # shorter texts are feed summaries, too short to tell stories apart
SNIPPET_CHARS = 280
TERMS_PER_GROUP = 2
MAX_TIP_FACTS = 4
MAX_FACTS = 6
LIST_NAME = "Trafficking news monitor digest"

# The rule groups, in the order analysts read a reason: who, what, which ranking.
GROUP_ORDER = {"ncct": 0, "trafficking": 1, "tip": 2}
KEY_ENTITY_LABELS = {"PERSON", "ORG", "GPE"}
# NER sometimes tags the ranking itself as an organisation; the facts already say it.
_NOT_AN_ENTITY = re.compile(r"\btier\b|watch list|trafficking in persons report", re.IGNORECASE)
CHANGE_WORDS = {"up": "up", "down": "down", "same": "unchanged"}
LANGUAGES = {
    "en": "English", "km": "Khmer", "th": "Thai", "vi": "Vietnamese", "zh": "Chinese", "id": "Indonesian",
    "ms": "Malay", "my": "Burmese", "lo": "Lao", "fr": "French", "tl": "Filipino",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


# --------------------------------------------------------------------------- content
@dataclass
class Outlet:
    name: str
    url: str | None = None


@dataclass
class Entry:
    """One story as the digest shows it (several copies of it make one entry)."""

    article_ids: list[int]
    title: str
    url: str | None
    outlet: str
    day: date
    date: str
    lang: str | None
    language: str
    score: float
    why: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    tip_facts: list[str] = field(default_factory=list)
    statistics: list[str] = field(default_factory=list)
    snippet: str = ""
    also: list[Outlet] = field(default_factory=list)

    @property
    def facts(self) -> list[str]:
        return self.tip_facts + self.statistics


@dataclass
class Day:
    label: str
    entries: list[Entry]


@dataclass
class DigestContent:
    """Everything the templates show; built from database rows, rendered twice (text, HTML)."""

    date: str  # the digest's date in [digest] timezone
    entries: list[Entry]  # flagged, best first
    related: list[Entry]
    more: int  # flagged stories left for the next digest
    related_more: int = 0

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def days(self) -> list[Day]:
        by_day: dict[date, list[Entry]] = {}
        for entry in self.entries:  # already best first, so each day stays best first
            by_day.setdefault(entry.day, []).append(entry)
        return [Day(_day_label(day), by_day[day]) for day in sorted(by_day, reverse=True)]

    @property
    def tip_fact_count(self) -> int:
        return len({fact for entry in self.entries for fact in entry.tip_facts})

    @property
    def top_entities(self) -> list[str]:
        counts = Counter(name for entry in self.entries for name in entry.entities)
        return [name for name, _ in counts.most_common(5)]

    @property
    def summary(self) -> str:
        if not self.entries:
            return "No new flagged stories since the last digest."
        parts = [
            _plural(self.count, "new flagged story", "new flagged stories"),
            _plural(self.tip_fact_count, "TIP-tier fact", "TIP-tier facts"),
        ]
        if self.top_entities:
            parts.append("top names: " + ", ".join(self.top_entities))
        return " · ".join(parts)

    @property
    def more_note(self) -> str:
        if not self.more:
            return ""
        return f"and {_plural(self.more, 'more flagged story', 'more flagged stories')} waiting for the next digest"


def _plural(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _day_label(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def one_line(value: str | None, limit: int = 300) -> str:
    """Collapse whitespace and control characters (CR/LF never reach a header or a line)."""
    text = _CONTROL.sub(" ", value or "")
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are shown: no ``javascript:`` or ``data:`` from a hostile feed."""
    if not url or _CONTROL.search(url):
        return None
    return url.strip() if is_http_url(url) else None


def normalised_title(title: str | None) -> str:
    text = unicodedata.normalize("NFKC", title or "").casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _when(row: dict[str, Any]) -> datetime:
    return parse_time(row.get("published_at")) or parse_time(row["discovered_at"]) or datetime.now(UTC)


def group_stories(rows: Sequence[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Group copies of one story; each group best first, groups best first.

    Copies are what the dedup stage linked with ``story_id`` (identical or near-identical
    text), plus stories with the same normalised title published within a few days,
    unless both have full texts that the dedup stage tells apart (a generic headline
    such as "Thailand kept on Tier 2 in TIP report" can head two different stories).
    Deterministic for the same rows, so a recorded digest renders the same on retry.
    """
    parent = {row["id"]: row["id"] for row in rows}

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(a: int, b: int) -> None:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)

    by_story: dict[int, int] = {}
    by_title: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        union(by_story.setdefault(row["story"], row["id"]), row["id"])
        if title := normalised_title(row["title"]):
            by_title.setdefault(title, []).append(row)
    for same in by_title.values():
        # Join a cluster only if compatible with every member: a feed-only copy must not
        # bridge two different stories that share a headline.
        clusters: list[list[dict[str, Any]]] = []
        for row in sorted(same, key=lambda row: (-row["score"], row["id"])):
            home = next((cluster for cluster in clusters if all(
                abs(_when(row) - _when(member)) <= SIMILAR_WITHIN and not _different_texts(row, member)
                for member in cluster)), None)
            if home is None:
                clusters.append([row])
            else:
                home.append(row)
                union(home[0]["id"], row["id"])
    groups: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(find(row["id"]), []).append(row)
    ordered = [sorted(group, key=lambda row: (-row["score"], row["id"])) for group in groups.values()]
    return sorted(ordered, key=lambda group: (-group[0]["score"], group[0]["id"]))


def _different_texts(first: dict[str, Any], second: dict[str, Any]) -> bool:
    texts = (first.get("text") or "", second.get("text") or "")
    # A feed-only copy (a summary) cannot be compared: the title has to do.
    return min(len(text) for text in texts) >= FULL_TEXT_CHARS and not same_story(*texts)


def _format_fact(fact: dict[str, Any]) -> str:
    if fact["kind"] == "tip_tier":
        detail = ", ".join(str(part) for part in (fact["year"], CHANGE_WORDS.get(fact["change"] or "")) if part)
        label = f"{fact['country']}: {fact['tier']}" if fact["country"] else str(fact["tier"])
        return one_line(f"{label} ({detail})" if detail else label)
    number = f"{fact['number']:,}" if fact["number"] is not None else "?"
    period = f" ({fact['period']})" if fact["period"] else ""
    return one_line(f"{number} {fact['counted'] or ''}{period}")


def _snippet(row: dict[str, Any], title: str) -> str:
    text = one_line(row.get("summary") or row.get("text") or "", limit=10_000)
    if text.startswith(title):  # feed summaries often repeat the headline
        text = text[len(title) :].lstrip(" .:-–—")
    if len(text) <= SNIPPET_CHARS:
        return text
    cut = text[:SNIPPET_CHARS]
    space = cut.rfind(" ")
    # Khmer and Thai have no spaces between words: cut at the limit rather than nowhere.
    return (cut[:space] if space > SNIPPET_CHARS // 2 else cut).rstrip(" ,;:") + "…"


class _Details:
    """Matches, entities, facts and outlets of a set of articles, fetched in four queries."""

    def __init__(self, ledger: DigestLedger, ids: Sequence[int]) -> None:
        found: dict[str, dict[int, list[dict[str, Any]]]] = {}
        for kind, rows in ledger.details(ids).items():
            per_article = found.setdefault(kind, {})
            for row in rows:
                per_article.setdefault(row["article_id"], []).append(row)
        self.terms, self.entities = found["terms"], found["entities"]
        self.facts, self.outlets = found["facts"], found["outlets"]


def build_entry(group: list[dict[str, Any]], details: _Details, tz: ZoneInfo) -> Entry:
    lead = group[0]
    ids = [row["id"] for row in group]
    title = one_line(lead["title"]) or "(untitled story)"
    outlet = one_line(lead["feed"] or lead["site_name"]) or (urlsplit(lead["url"] or "").netloc or "unknown outlet")
    when = _when(lead).astimezone(tz)

    why = _reasons(ids, details)
    entities = _key_entities(ids, details, english=(lead["lang"] or "en") == "en")
    tip, statistics = _facts(ids, details)

    also: dict[str, Outlet] = {}
    for row in group:
        carriers = details.outlets.get(row["id"], []) or [{"feed": row["feed"], "link": row["url"]}]
        for carrier in carriers:
            name = one_line(carrier["feed"] or row["site_name"], 80)
            if name and name != outlet and name not in also:
                also[name] = Outlet(name, safe_url(carrier["link"]) or safe_url(row["url"]))

    return Entry(
        article_ids=ids,
        title=title,
        url=safe_url(lead["url"]),
        outlet=outlet,
        day=when.date(),
        date=f"{when.day} {when:%b %Y}",
        lang=lead["lang"],
        language=LANGUAGES.get(lead["lang"] or "", lead["lang"] or "language unknown"),
        score=float(lead["score"]),
        why=why,
        entities=entities,
        tip_facts=tip[:MAX_TIP_FACTS],
        statistics=statistics[: MAX_FACTS - len(tip[:MAX_TIP_FACTS])],
        snippet=_snippet(lead, title),
        also=list(also.values()),
    )


def _reasons(ids: list[int], details: _Details) -> list[str]:
    """The matched terms, most frequent first within each rule group: NCCT, trafficking, TIP."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, int, str]] = {}  # casefolded term -> (group rank, order seen, as written)
    for article_id in ids:
        for match in details.terms.get(article_id, []):
            key = match["term"].casefold()
            counts[key] += 1
            first.setdefault(key, (GROUP_ORDER.get(match["group"], 9), len(first), one_line(match["term"], 60)))
    by_group: dict[int, list[str]] = {}
    for key in sorted(first, key=lambda k: (first[k][0], -counts[k], first[k][1])):
        by_group.setdefault(first[key][0], []).append(first[key][2])
    # Two terms per group say why; the full list is in the review queue.
    return [term for rank in sorted(by_group) for term in by_group[rank][:TERMS_PER_GROUP]]


def _key_entities(ids: list[int], details: _Details, *, english: bool) -> list[str]:
    mentions: Counter[str] = Counter()
    for article_id in ids:
        for entity in details.entities.get(article_id, []):
            name = one_line(entity["canonical"], 200)
            if entity["label"] not in KEY_ENTITY_LABELS or not name or len(name) > 40 or _NOT_AN_ENTITY.search(name):
                continue
            # The English model misreads other languages' sentences as names; keep the curated ones.
            if english or entity["curated"]:
                mentions[name] += entity["mentions"]
    return [name for name, _ in mentions.most_common(5)]


def _facts(ids: list[int], details: _Details) -> tuple[list[str], list[str]]:
    tip: list[str] = []
    figures: dict[tuple[Any, str], dict[str, Any]] = {}  # one line per figure, the one with a period
    for article_id in ids:
        for fact in details.facts.get(article_id, []):
            if fact["kind"] == "tip_tier":
                line = _format_fact(fact)
                if line not in tip:
                    tip.append(line)
                continue
            key = (fact["number"], fact["counted"] or "")
            if key not in figures or (fact["period"] and not figures[key]["period"]):
                figures[key] = fact
    return tip, [_format_fact(fact) for fact in figures.values()]


@dataclass
class _Selection:
    """Groups chosen for a digest, per section, and how many were left out."""

    flagged: list[list[dict[str, Any]]]
    related: list[list[dict[str, Any]]]
    more: int
    related_more: int

    def items(self) -> list[tuple[int, Section]]:
        found: list[tuple[int, Section]] = []
        sections: tuple[tuple[Section, list[list[dict[str, Any]]]], ...] = (("flagged", self.flagged), ("related", self.related))
        for section, groups in sections:
            found.extend((row["id"], section) for group in groups for row in group)
        return found


def _select(settings: Settings, ledger: DigestLedger, now: datetime) -> _Selection:
    """The pending stories the next digest carries (reads only)."""
    cap = settings.digest.max_items
    chosen: dict[str, tuple[list[list[dict[str, Any]]], int]] = {}
    sections: tuple[Section, ...] = ("flagged", "related") if settings.digest.include_related else ("flagged",)
    for section in sections:
        # Late copies of a story already in a digest are not pending: the dedup stage gave
        # them its story_id. A same-titled story is never dropped here (it may be new).
        groups = group_stories(ledger.pending(section))
        chosen[section] = (groups[:cap], max(0, len(groups) - cap))
    flagged, more = chosen["flagged"]
    related, related_more = chosen.get("related", ([], 0))
    return _Selection(flagged, related, more, related_more)


def _content(
    ledger: DigestLedger, flagged: list[list[dict[str, Any]]], related: list[list[dict[str, Any]]],
    *, more: int, related_more: int, created: datetime, tz: ZoneInfo,
) -> DigestContent:
    ids = [row["id"] for group in flagged + related for row in group]
    details = _Details(ledger, ids)
    return DigestContent(
        date=created.astimezone(tz).date().isoformat(),
        entries=[build_entry(group, details, tz) for group in flagged],
        related=[build_entry(group, details, tz) for group in related],
        more=more,
        related_more=related_more,
    )


def recorded_content(ledger: DigestLedger, digest: dict[str, Any], tz: ZoneInfo) -> DigestContent:
    """The content of a recorded digest, rebuilt from its items (first send and retries alike)."""
    items = ledger.items(digest["id"])
    rows = {row["id"]: row for row in ledger.articles([item["article_id"] for item in items])}
    by_section: dict[str, list[dict[str, Any]]] = {"flagged": [], "related": []}
    for item in items:
        if item["article_id"] in rows:
            by_section[item["section"]].append(rows[item["article_id"]])
    return _content(
        ledger, group_stories(by_section["flagged"]), group_stories(by_section["related"]),
        more=digest["more_count"], related_more=0, created=parse_time(digest["created_at"]) or datetime.now(UTC), tz=tz,
    )


# --------------------------------------------------------------------------- rendering
@lru_cache(maxsize=1)
def _templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("monitor.delivery", "templates"),
        # Everything in the HTML part is escaped; the text part is plain text.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["wrap"] = _wrap
    return env


def _wrap(text: str, indent: str = "   ", width: int = 76) -> str:
    return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False)


@dataclass
class Rendered:
    subject: str
    text: str
    html: str


def render(content: DigestContent, settings: Settings, *, digest_id: int | None) -> Rendered:
    subject = make_subject(settings, content)
    context = {
        "digest": content,
        "subject": subject,
        "digest_id": digest_id,
        "list_id": settings.digest.list_id,
        "timezone": settings.digest.timezone,
        "max_items": settings.digest.max_items,
    }
    env = _templates()
    return Rendered(
        subject=subject,
        text=env.get_template("digest.txt.j2").render(context),
        html=env.get_template("digest.html.j2").render(context),
    )


def make_subject(settings: Settings, content: DigestContent) -> str:
    template = settings.digest.subject
    top = content.entries[0].title if content.entries else ""
    try:
        subject = template.format(count=content.count, date=content.date, more=content.more, top=top)
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        raise ConfigError(
            f"digest.subject = {template!r}: {exc!r} is not a known placeholder or the braces are unbalanced; "
            "use {count}, {date}, {more} or {top} (write {{ and }} for literal braces)",
            key="digest.subject",
        ) from None
    # One line, whatever a story title contains: a header cannot be injected through it.
    return one_line(subject, limit=250)


def message_domain(settings: Settings) -> str:
    address = parseaddr(settings.digest.from_)[1]
    domain = address.rpartition("@")[2].strip().lower()
    return domain if re.fullmatch(r"[a-z0-9.-]+", domain or "") else "localhost"


def build_message(
    rendered: Rendered, settings: Settings, *, message_id: str, created: datetime, recipients: Sequence[str],
) -> EmailMessage:
    tz = _zone(settings)
    message = EmailMessage(policy=SMTP_POLICY)
    message["Subject"] = rendered.subject  # non-ASCII becomes an RFC 2047 encoded word
    message["From"] = settings.digest.from_
    if recipients:
        message["To"] = ", ".join(recipients)
    message["Date"] = format_datetime(created.astimezone(tz))
    message["Message-ID"] = message_id
    message["List-Id"] = f"{LIST_NAME} <{settings.digest.list_id}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a robot
    message.set_content(rendered.text, subtype="plain", charset="utf-8")
    message.add_alternative(rendered.html, subtype="html", charset="utf-8")
    return message


# --------------------------------------------------------------------------- SMTP
def _tls_context(smtp: SmtpSettings) -> ssl.SSLContext:
    context = ssl.create_default_context()  # honours SSL_CERT_FILE for a private CA
    if not smtp.verify_tls:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def smtp_password(smtp: SmtpSettings) -> str | None:
    """The password from the environment variable named by ``[smtp] password_env``."""
    if not smtp.username:
        return None
    password = os.environ.get(smtp.password_env)
    if not password:
        raise ConfigError(
            f"smtp.username is set but the environment variable {smtp.password_env} (named by "
            "smtp.password_env) is empty or unset; export the SMTP password there",
            key="smtp.password_env",
        )
    return password


def deliver(message: EmailMessage, smtp: SmtpSettings, *, sender: str, recipients: Sequence[str]) -> str | None:
    """Hand ``message`` to the SMTP server. Returns a warning when some recipients were refused.

    Every failure becomes a :class:`DeliveryError` whose message says what went wrong.
    """
    where = f"{smtp.host}:{smtp.port}"
    password = smtp_password(smtp)
    context = _tls_context(smtp) if smtp.security != "none" else None
    try:
        if smtp.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout, context=context)
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
        try:
            client.ehlo()
            if smtp.security == "starttls":
                client.starttls(context=context)
                client.ehlo()
            if smtp.username:
                client.login(smtp.username, password or "")
            refused = client.send_message(message, from_addr=sender, to_addrs=list(recipients))
        finally:
            _close(client)
    except smtplib.SMTPNotSupportedError as exc:
        raise DeliveryError(f"SMTP server {where} does not support what [smtp] asks for: {exc}") from exc
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(f"SMTP server {where} refused the login of {smtp.username!r}: {_reply(exc)}") from exc
    except smtplib.SMTPRecipientsRefused as exc:
        refused_all = "; ".join(f"{rcpt}: {code} {_text(msg)}" for rcpt, (code, msg) in exc.recipients.items())
        raise DeliveryError(f"SMTP server {where} refused every recipient: {refused_all}") from exc
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"SMTP server {where} answered {_reply(exc)}") from exc
    except smtplib.SMTPException as exc:
        if isinstance(exc.__cause__ or exc.__context__, TimeoutError):  # smtplib reports a read timeout as a disconnect
            raise DeliveryError(f"SMTP server {where} timed out after {smtp.timeout:g}s ([smtp] timeout)") from exc
        raise DeliveryError(f"SMTP conversation with {where} failed: {exc}") from exc
    except ssl.SSLError as exc:
        raise DeliveryError(f"TLS with {where} failed: {exc} (see [smtp] security and verify_tls)") from exc
    except TimeoutError as exc:
        raise DeliveryError(f"SMTP server {where} timed out after {smtp.timeout:g}s ([smtp] timeout)") from exc
    except OSError as exc:
        raise DeliveryError(f"cannot reach SMTP server {where}: {exc}") from exc
    if refused:
        return "some recipients were refused: " + "; ".join(
            f"{rcpt}: {code} {_text(msg)}" for rcpt, (code, msg) in refused.items()
        )
    return None


def _close(client: smtplib.SMTP) -> None:
    # The message is accepted once DATA is answered; a failing QUIT must not undo that.
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()


def _text(value: bytes | str) -> str:
    return one_line(value.decode("utf-8", "replace") if isinstance(value, bytes) else value, 200)


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_text(exc.smtp_error)}"


# --------------------------------------------------------------------------- use case
@dataclass
class Attempt:
    digest_id: int
    message_id: str
    stories: int
    state: str  # "sent" | "failed" | "busy" (another process holds it)
    error: str | None = None
    retry_at: datetime | None = None


@dataclass
class DigestRun:
    """What one run did, for the CLI and the logs."""

    attempts: list[Attempt] = field(default_factory=list)
    composed: int | None = None  # id of the digest composed in this run
    pending: int = 0  # flagged stories selected (dry run / preview) or composed
    more: int = 0
    note: str = ""
    text: str | None = None  # dry run: the text part
    message: EmailMessage | None = None  # preview: the whole message

    @property
    def failed(self) -> list[Attempt]:
        return [attempt for attempt in self.attempts if attempt.state == "failed"]

    def describe(self) -> list[str]:
        lines = []
        for attempt in self.attempts:
            if attempt.state == "sent":
                lines.append(f"digest {attempt.digest_id} sent ({attempt.stories} stories, {attempt.message_id})")
            elif attempt.state == "failed":
                when = f"; retry after {format_time(attempt.retry_at)}" if attempt.retry_at else ""
                lines.append(f"digest {attempt.digest_id} NOT delivered: {attempt.error}{when}")
            else:
                lines.append(f"digest {attempt.digest_id} is being sent by another process")
        if self.note:
            lines.append(self.note)
        return lines


def run_digest(
    settings: Settings,
    store: Store,
    *,
    dry_run: bool = False,
    out: Path | None = None,
    to: Sequence[str] | None = None,
    now: datetime | None = None,
) -> DigestRun:
    """The ``monitor digest`` use case: retry due digests, then compose and send a new one."""
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    check_digest_settings(settings)  # a broken subject or schedule fails now, not at the next story
    tz = _zone(settings)
    recipients = check_recipients(list(to) if to else list(settings.digest.to), override=bool(to),
                                  required=not (dry_run or out))
    sender = check_sender(settings)
    ledger = DigestLedger(store)

    if dry_run or out is not None:
        return _preview(settings, ledger, now=now, tz=tz, recipients=recipients, out=out, dry_run=dry_run)

    smtp_password(settings.smtp)  # a missing secret is a config error: fail before claiming stories
    run = DigestRun()
    run.attempts.extend(_retry_due(settings, ledger, now=now, tz=tz, recipients=recipients, sender=sender))
    if run.failed:
        run.note = "no new digest composed while delivery is failing; new stories stay pending"
        return run
    for _ in range(3):  # a concurrent composer may claim a story between our read and write
        try:
            composed = _compose(settings, ledger, now=now, recipients=recipients)
            break
        except ClaimConflict as exc:
            log.info("digest composition raced another process; composing again: %s", exc)
    else:
        raise DeliveryError("could not compose a digest: other processes kept claiming the same stories")
    if composed is None:
        run.note = "no new flagged stories; nothing sent ([digest] send_empty = false)"
        waiting = [d for d in ledger.undelivered() if d["state"] == "failed"]
        if waiting:
            run.note += "; " + ", ".join(
                f"digest {d['id']} waits for its retry at {d['next_attempt_at']} ({d['last_error']})" for d in waiting
            )
        log.info("digest: no new flagged stories")
        return run
    digest_id, selection = composed
    run.composed, run.pending, run.more = digest_id, len(selection.flagged), selection.more
    digest = ledger.digest(digest_id)
    assert digest is not None
    run.attempts.append(_attempt(settings, ledger, digest, now=now, tz=tz, recipients=recipients, sender=sender))
    if selection.more:
        run.note = f"{selection.more} more flagged stories stay pending for the next digest ([digest] max_items)"
    return run


def retry_due(settings: Settings, store: Store, *, now: datetime | None = None) -> list[Attempt]:
    """Send the digests whose retry time has come (no new digest is composed)."""
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    recipients = check_recipients(list(settings.digest.to), override=False, required=False)
    if not recipients:
        return []
    return _retry_due(settings, DigestLedger(store), now=now, tz=_zone(settings), recipients=recipients,
                      sender=check_sender(settings))


def _retry_due(
    settings: Settings, ledger: DigestLedger, *, now: datetime, tz: ZoneInfo, recipients: list[str], sender: str,
) -> list[Attempt]:
    attempts = []
    for digest in ledger.due(format_time(now)):
        log.info("retrying digest", extra={"digest_id": digest["id"], "state": digest["state"],
                                           "attempts": digest["attempts"], "error": digest["last_error"]})
        attempts.append(_attempt(settings, ledger, digest, now=now, tz=tz, recipients=recipients, sender=sender))
    return attempts


def _compose(
    settings: Settings, ledger: DigestLedger, *, now: datetime, recipients: list[str],
) -> tuple[int, _Selection] | None:
    domain = message_domain(settings)
    with ledger.claiming():
        selection = _select(settings, ledger, now)
        if not selection.flagged and not settings.digest.send_empty:
            return None
        digest_id, message_id = ledger.insert_digest(
            created_at=format_time(now),
            recipients=recipients,
            items=selection.items(),
            more_count=selection.more,
            message_id=lambda number, uid: f"<digest-{number}.{uid}@{domain}>",
        )
    log.info("digest composed", extra={"digest_id": digest_id, "message_id": message_id,
                                       "stories": len(selection.flagged), "more": selection.more})
    return digest_id, selection


def _attempt(
    settings: Settings, ledger: DigestLedger, digest: dict[str, Any], *, now: datetime, tz: ZoneInfo,
    recipients: list[str], sender: str,
) -> Attempt:
    content = recorded_content(ledger, digest, tz)
    rendered = render(content, settings, digest_id=digest["id"])
    created = parse_time(digest["created_at"]) or now
    message = build_message(rendered, settings, message_id=digest["message_id"], created=created,
                            recipients=recipients)
    attempt = Attempt(digest["id"], digest["message_id"], content.count, "busy")
    lease = max(MIN_LEASE, timedelta(seconds=4 * settings.smtp.timeout))
    if not ledger.begin_attempt(digest["id"], now=format_time(now), lease_until=format_time(now + lease),
                                recipients=recipients, subject=rendered.subject):
        return attempt
    try:
        warning = deliver(message, settings.smtp, sender=sender, recipients=recipients)
    except DeliveryError as exc:
        attempts = digest["attempts"] + 1
        delay = min(MAX_BACKOFF, timedelta(seconds=settings.digest.retry_backoff * 2 ** (attempts - 1)))
        attempt.state, attempt.error, attempt.retry_at = "failed", str(exc), now + delay
        ledger.mark_failed(digest["id"], error=str(exc), retry_at=format_time(now + delay))
        log.warning("digest not delivered", extra={"digest_id": digest["id"], "error": str(exc),
                                                   "attempts": attempts, "retry_at": format_time(now + delay)})
        return attempt
    ledger.mark_sent(digest["id"], now=format_time(now), warning=warning)
    attempt.state = "sent"
    log.info("digest sent", extra={"digest_id": digest["id"], "message_id": digest["message_id"],
                                   "stories": content.count, "recipients": len(recipients), "error": warning})
    return attempt


def _preview(
    settings: Settings, ledger: DigestLedger, *, now: datetime, tz: ZoneInfo, recipients: list[str],
    out: Path | None, dry_run: bool,
) -> DigestRun:
    selection = _select(settings, ledger, now)
    content = _content(ledger, selection.flagged, selection.related, more=selection.more,
                       related_more=selection.related_more, created=now, tz=tz)
    rendered = render(content, settings, digest_id=None)
    run = DigestRun(pending=len(selection.flagged), more=selection.more)
    waiting = ledger.undelivered()
    if waiting:
        run.note = f"{len(waiting)} earlier digest(s) not delivered yet; they are retried by the next real run"
    if dry_run:
        run.text = rendered.text
    if out is not None:
        message_id = f"<digest-preview-{now:%Y%m%d%H%M%S}.{ledger.identity()}@{message_domain(settings)}>"
        run.message = build_message(rendered, settings, message_id=message_id, created=now, recipients=recipients)
        try:
            out.write_bytes(run.message.as_bytes())
        except OSError as exc:
            raise MonitorError(f"--out {out}: cannot write the message: {exc}") from exc
        run.note = "; ".join(filter(None, [f"wrote {out} ({content.count} stories); nothing sent or recorded",
                                           run.note]))
    return run


# --------------------------------------------------------------------------- validation
def check_recipients(addresses: list[str], *, override: bool, required: bool) -> list[str]:
    key = "--to" if override else "digest.to"
    if required and not addresses:
        raise ConfigError("digest.to is empty: set [digest] to = [\"analyst@example.org\"] or pass --to ADDR",
                          key="digest.to")
    for address in addresses:
        parsed = getaddresses([address])
        if _CONTROL.search(address) or len(parsed) != 1 or "@" not in parsed[0][1]:
            raise ConfigError(f"{key}: {address!r} is not one e-mail address", key=key)
    return addresses


def check_sender(settings: Settings) -> str:
    value = settings.digest.from_
    address = parseaddr(value)[1]
    if _CONTROL.search(value) or "@" not in address:
        raise ConfigError(f"digest.from = {value!r}: not an e-mail address (e.g. \"monitor@example.org\")",
                          key="digest.from")
    return address


def _zone(settings: Settings) -> ZoneInfo:
    name = settings.digest.timezone
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"digest.timezone = {name!r}: not a known time zone; use an IANA name such as \"Asia/Phnom_Penh\" "
            "or \"UTC\"", key="digest.timezone",
        ) from None


def check_digest_settings(settings: Settings) -> None:
    """Everything a scheduled digest needs that the settings schema cannot check (daemon start-up)."""
    digest_trigger(settings)
    check_sender(settings)
    make_subject(settings, DigestContent(date="2026-01-01", entries=[], related=[], more=0))


# --------------------------------------------------------------------------- scheduling
def digest_trigger(settings: Settings) -> Any:
    """``[digest] schedule`` as an APScheduler CronTrigger in ``[digest] timezone``."""
    from apscheduler.triggers.cron import CronTrigger

    zone = _zone(settings)
    expression = settings.digest.schedule
    try:
        return CronTrigger.from_crontab(expression, timezone=zone)
    except ValueError as exc:
        raise ConfigError(
            f"digest.schedule = {expression!r}: {exc}; write five cron fields "
            "\"minute hour day-of-month month day-of-week\", e.g. \"0 7 * * *\" for 07:00 daily",
            key="digest.schedule",
        ) from None


def digest_job(settings: Settings, store: Store | None = None) -> None:
    """The daemon's scheduled digest. Never raises: a failure is logged and retried later.

    Opens its own connection unless given one: APScheduler runs jobs in worker threads,
    and one SQLite connection must not carry two threads' transactions at once.
    """
    _job(settings, store, lambda opened: run_digest(settings, opened).describe())


def digest_retry_job(settings: Settings, store: Store | None = None) -> None:
    """The daemon's retry sweep: send digests whose backoff or lease has expired."""
    _job(settings, store, lambda opened: [f"digest {a.digest_id}: {a.state}" for a in retry_due(settings, opened)])


def _job(settings: Settings, store: Store | None, work: Any) -> None:
    if not settings.digest.enabled:
        return
    if not settings.digest.to:
        log.info("digest not sent: [digest] to is empty")
        return
    opened = store or Store.open(Path(settings.storage.path), busy_timeout=settings.storage.busy_timeout)
    try:
        for line in work(opened):
            log.info(line)
    except MonitorError as exc:
        log.error("digest job failed: %s", exc)
    finally:
        if store is None:
            opened.close()


__all__ = [
    "DigestContent", "DigestRun", "Entry", "build_message", "check_digest_settings", "deliver", "digest_job",
    "digest_retry_job", "digest_trigger", "group_stories", "render", "retry_due", "run_digest",
]
