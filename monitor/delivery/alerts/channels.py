"""Sending one delivery to its channel: the exact request each service expects.

* ``webhook``: ``POST url`` with the JSON payload (:meth:`AlertStory.payload`).
* ``ntfy``: ``POST`` to the topic URL, plain-text body, ``Title``/``Click``/``Tags`` headers
  (ntfy's publish headers); ``Authorization: Bearer`` from ``token_env`` for a protected topic.
* ``slack``: ``POST`` to the incoming-webhook URL, JSON ``{"text": mrkdwn, "unfurl_links": false, ...}``.
* ``telegram``: ``POST {telegram_api_url}/bot<token>/sendMessage`` with JSON ``chat_id``,
  ``text``, ``parse_mode = "HTML"`` and link previews off; the answer must say ``"ok": true``.
* ``email``: the digest's format and SMTP settings, to the watchlist's ``to``.

A syndicated copy that arrives after a Telegram message was sent is added to it with
``editMessageText`` (the only channel here whose sent messages can be edited).

Every HTTP request carries ``Idempotency-Key`` (the delivery's stable key), so a receiver can
drop the duplicate of a retry after a crash. Any failure (unreachable, timeout, a status other
than 2xx, Telegram's ``"ok": false``) is a :class:`ChannelError` whose message names the
channel without its secret parts (Slack and Telegram URLs hold credentials).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx

from monitor import __version__
from monitor.delivery.alerts.formats import ntfy_message, slack_text, telegram_html
from monitor.delivery.alerts.stories import AlertStory
from monitor.delivery.digest.compose import DigestContent
from monitor.delivery.digest.mailer import build_message, check_sender, deliver, message_domain
from monitor.delivery.digest.render import render
from monitor.delivery.text import one_line
from monitor.errors import ConfigError, DeliveryError
from monitor.settings import AlertSettings, Settings

MAX_RETRY_AFTER = 86400.0


class ChannelError(DeliveryError):
    """A channel did not take a message; ``retry_after`` when it said how long to wait."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)


@dataclass(frozen=True)
class Request:
    """One HTTP request to a channel (what the loopback imitations in the tests check)."""

    url: str
    headers: dict[str, str]
    body: bytes
    where: str  # the channel for messages: no secret path or token


def secret(alert: AlertSettings, index: int, key: str) -> str:
    """The value of the environment variable named by ``alerts[index].<key>``; a ConfigError when unset."""
    name = getattr(alert, key)
    value = os.environ.get(name or "", "")
    if not value:
        raise ConfigError(
            f"alerts[{index}] ({alert.name}): the environment variable {name} named by {key} is empty or unset; "
            f"export it before starting the monitor", key=f"alerts.{index}.{key}",
        )
    return value


def target_url(alert: AlertSettings, index: int) -> str:
    """The watchlist's URL: ``url``, or the environment variable named by ``url_env``."""
    if alert.url:
        return alert.url
    value = secret(alert, index, "url_env")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"alerts[{index}] ({alert.name}): {alert.url_env} (named by url_env) is not an http(s) URL",
                          key=f"alerts.{index}.url_env")
    return value


def redacted(url: str) -> str:
    """Scheme and host only: the path of a Slack webhook or a Telegram bot URL is a credential."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/…" if parts.path not in ("", "/") else f"{parts.scheme}://{parts.netloc}/"


def check_secrets(settings: Settings) -> None:
    """Every enabled watchlist's environment variables are set (``monitor run`` start-up, ``alerts test``)."""
    for index, alert in enumerate(settings.alerts):
        if alert.enabled:
            _check_one(settings, alert, index)


def _check_one(settings: Settings, alert: AlertSettings, index: int) -> None:
    if alert.kind in ("webhook", "ntfy", "slack"):
        target_url(alert, index)
    if alert.token_env:
        secret(alert, index, "token_env")
    if alert.kind == "email":
        check_sender(settings)


def build_request(settings: Settings, alert: AlertSettings, story: AlertStory, *, key: str) -> Request:
    """The HTTP request that delivers ``story`` to an HTTP-kind watchlist."""
    index = settings.alerts.index(alert)
    headers = {"User-Agent": f"TraffickingNewsMonitor/{__version__} (alerts)", "Idempotency-Key": key}
    if alert.kind == "telegram":
        token = secret(alert, index, "token_env")
        url = f"{settings.alerting.telegram_api_url}/bot{token}/sendMessage"
        body = {"chat_id": alert.chat_id, "text": telegram_html(story), "parse_mode": "HTML",
                "link_preview_options": {"is_disabled": True}}
        return _json(url, headers, body, where=f"telegram chat {alert.chat_id} via {redacted(url)}")
    url = target_url(alert, index)
    if alert.token_env:
        headers["Authorization"] = f"Bearer {secret(alert, index, 'token_env')}"
    if alert.kind == "ntfy":
        extra, text = ntfy_message(story)
        return Request(url, {**headers, **extra, "Content-Type": "text/plain; charset=utf-8"}, text,
                       where=f"ntfy {redacted(url)}")
    if alert.kind == "slack":
        return _json(url, headers, {"text": slack_text(story), "unfurl_links": False, "unfurl_media": False},
                     where=f"slack {redacted(url)}")
    return _json(url, headers, story.payload(watchlist=alert.name, delivery_key=key), where=f"webhook {redacted(url)}")


def _json(url: str, headers: dict[str, str], body: object, *, where: str) -> Request:
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Request(url, {**headers, "Content-Type": "application/json; charset=utf-8"}, data, where=where)


def post(request: Request, *, timeout: float, telegram: bool = False) -> str | None:
    """Send the request; a :class:`ChannelError` unless the channel took it. Returns Telegram's message_id."""
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
            response = client.post(request.url, headers=request.headers, content=request.body)
    except httpx.TimeoutException:
        raise ChannelError(f"{request.where} timed out after {timeout:g}s ([alerting] timeout)") from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise ChannelError(f"cannot reach {request.where}: {type(exc).__name__}: {one_line(str(exc), 200)}") from None
    answer = one_line(response.text, 200)
    if telegram:
        try:
            parsed = response.json()
        except ValueError:
            parsed = {}
        if not (isinstance(parsed, dict) and parsed.get("ok") is True):
            description = one_line(str(parsed.get("description") or answer), 200) if isinstance(parsed, dict) else answer
            retry = parsed.get("parameters", {}).get("retry_after") if isinstance(parsed, dict) else None
            raise ChannelError(f"{request.where} answered HTTP {response.status_code}: {description}",
                               retry_after=float(retry) if isinstance(retry, int | float) else _retry_after(response))
        result = parsed.get("result")
        message_id = result.get("message_id") if isinstance(result, dict) else None
        return str(message_id) if message_id is not None else None
    if not 200 <= response.status_code < 300:
        raise ChannelError(f"{request.where} answered HTTP {response.status_code} {response.reason_phrase}"
                           + (f": {answer}" if answer else ""), retry_after=_retry_after(response))
    return None


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return min(max(0.0, (when - datetime.now(UTC)).total_seconds()), MAX_RETRY_AFTER)


def send(settings: Settings, alert: AlertSettings, stories: list[AlertStory], *, key: str, created: datetime,
         number: int | None) -> str | None:
    """Deliver ``stories`` (one for HTTP kinds; one or more for e-mail). Returns the channel's id of the message, if any."""
    if alert.kind == "email":
        send_email(settings, alert, stories, key=key, created=created, number=number)
        return None
    (story,) = stories
    request = build_request(settings, alert, story, key=key)
    return post(request, timeout=settings.alerting.timeout, telegram=alert.kind == "telegram")


def edit(settings: Settings, alert: AlertSettings, story: AlertStory, *, message_ref: str, key: str) -> None:
    """Rewrite a sent Telegram message (``editMessageText``), e.g. to add late copies' outlets."""
    request = build_request(settings, alert, story, key=key)
    body = json.loads(request.body)
    body["message_id"] = int(message_ref) if message_ref.lstrip("-").isdigit() else message_ref
    url = request.url.rsplit("/", 1)[0] + "/editMessageText"
    try:
        post(_json(url, request.headers, body, where=request.where), timeout=settings.alerting.timeout, telegram=True)
    except ChannelError as exc:
        if "message is not modified" not in str(exc):  # Telegram's answer when nothing changed: done
            raise


def send_email(settings: Settings, alert: AlertSettings, stories: list[AlertStory], *, key: str, created: datetime,
               number: int | None) -> str | None:
    """The watchlist's stories as a digest-format e-mail to its recipients (``key`` is the Message-ID)."""
    name = alert.name.replace("{", "{{").replace("}", "}}")
    subject = (f"[Trafficking monitor] {name}: {{top}}" if len(stories) == 1
               else f"[Trafficking monitor] {name}: {{count}} new flagged stories ({{date}})")
    digest = settings.digest.model_copy(update={"subject": subject, "list_id": f"{alert.name}.{settings.digest.list_id}"})
    as_digest = settings.model_copy(update={"digest": digest})
    content = DigestContent(date=created.date().isoformat(), entries=[story.entry for story in stories], related=[], more=0)
    rendered = render(content, as_digest, digest_id=number)
    message = build_message(rendered, as_digest, message_id=key, created=created, recipients=alert.to)
    return deliver(message, settings.smtp, sender=check_sender(settings), recipients=alert.to)


def email_key(number: int, uid: str, settings: Settings) -> str:
    return f"<alert-{number}.{uid}@{message_domain(settings)}>"
