"""One story rendered for each channel, escaped for it and within its size limit.

Titles, outlet names and reasons come from third-party feeds, so every channel gets them
escaped its own way and on one line each (no CR/LF, hence no header or line injection):

* **ntfy**: plain text body (never ``Markdown: yes``), at most 4,096 bytes (ntfy turns a
  longer message into an attachment); the title travels in the ``Title`` header, RFC 2047
  encoded when it is not ASCII (ntfy decodes it).
* **Slack** (incoming webhook, ``mrkdwn``): ``&``, ``<`` and ``>`` become ``&amp;``, ``&lt;``,
  ``&gt;`` (Slack's own rule), so no ``<!here>``, ``<!channel>``, ``<@U…>`` or link can be
  formed from a title; a bare ``@channel``/``@here``/``@everyone`` gets a word joiner after
  the ``@``; links are ``<url|text>`` with ``|``/``>`` percent-encoded in the URL. At most
  3,000 characters (a section's limit: the message stays readable in every client).
* **Telegram** (``parse_mode = HTML``): text is HTML-escaped (``&lt; &gt; &amp; &quot;``), so a
  title cannot open a tag; at most 4,096 characters.

When a message would be too long, optional lines (names, "also reported by", figures) go
first and the title is shortened last: the message is cut at line boundaries, never inside
an escape or a tag.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from monitor.delivery.alerts.stories import AlertStory
from monitor.delivery.text import one_line

NTFY_MAX_BYTES = 4096
SLACK_MAX_CHARS = 3000
TELEGRAM_MAX_CHARS = 4096
TITLE_CHARS = 250
MAX_OUTLETS = 8
_MENTION = re.compile(r"@(?=(?:channel|here|everyone)\b)", re.IGNORECASE)
_WORD_JOINER = "\u2060"


def _meta(story: AlertStory) -> str:
    entry = story.entry
    parts = [entry.outlet, entry.date, entry.language, f"score {entry.score:g}"]  # the date in [digest] timezone
    return " · ".join(part for part in parts if part)


def _sections(story: AlertStory) -> list[tuple[str, str]]:
    """(label, plain text) lines after the title, most important first."""
    entry = story.entry
    # The look-alikes set aside ("| ignored: ...") are for the desk, not for a phone screen.
    lines = [("", _meta(story)), ("Why", story.reason.split(" | ignored:")[0])]
    if entry.facts:
        lines.append(("Facts", "; ".join(entry.facts)))
    if entry.entities:
        lines.append(("Names", ", ".join(entry.entities)))
    if entry.also:
        lines.append(("Also reported by", ", ".join(outlet.name for outlet in entry.also[:MAX_OUTLETS])))
    return lines


def _fit(render: Callable[[str, int], str], title: str, size: Callable[[str], int], limit: int, optional: int) -> str:
    """Render with all lines; drop optional lines from the end, then shorten the title, until it fits."""
    for drop in range(optional + 1):
        text = render(title, drop)
        if size(text) <= limit:
            return text
    for cut in (120, 60, 20):
        text = render(one_line(title, cut), optional)
        if size(text) <= limit:
            return text
    raise ValueError("an alert does not fit even without its optional lines")


def _optional(story: AlertStory) -> int:
    return len(_sections(story)) - 2  # the meta line and the reason always stay


# --------------------------------------------------------------------------- ntfy
def ntfy_message(story: AlertStory) -> tuple[dict[str, str], bytes]:
    """Headers and the plain-text body of an ntfy publish request."""
    entry = story.entry

    def render(title: str, drop: int) -> str:
        sections = _sections(story)
        lines = [f"{label}: {text}" if label else text for label, text in sections[: len(sections) - drop]]
        lines += [url for url in (entry.url, story.desk_url and f"Review desk: {story.desk_url}") if url]
        return "\n".join(lines)

    body = _fit(render, "", lambda text: len(text.encode("utf-8")), NTFY_MAX_BYTES, _optional(story))
    headers = {"Title": header_text(one_line(entry.title, TITLE_CHARS)), "Tags": "warning"}
    if entry.url:
        headers["Click"] = entry.url
    return headers, body.encode("utf-8")


def header_text(value: str) -> str:
    """A one-line header value; non-ASCII as an RFC 2047 encoded word (ntfy decodes those)."""
    value = one_line(value, TITLE_CHARS)
    if value.isascii():
        return value
    return "=?UTF-8?B?" + base64.b64encode(value.encode("utf-8")).decode("ascii") + "?="


# --------------------------------------------------------------------------- Slack
def slack_escape(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MENTION.sub("@" + _WORD_JOINER, escaped)


def _slack_url(url: str) -> str:
    return url.replace("&", "&amp;").replace("|", "%7C").replace("<", "%3C").replace(">", "%3E")


def _slack_link(url: str | None, text: str) -> str:
    return f"<{_slack_url(url)}|{slack_escape(text)}>" if url else slack_escape(text)


@dataclass(frozen=True)
class _Markup:
    """How one service writes text, bold and links (each escapes what it is given)."""

    text: Callable[[str], str]
    bold: Callable[[str], str]
    link: Callable[[str | None, str], str]


def _marked(story: AlertStory, markup: _Markup, limit: int) -> str:
    """The story in a service's markup: a bold linked title, labelled lines, the desk link; within ``limit``."""
    entry = story.entry

    def render(title: str, drop: int) -> str:
        sections = _sections(story)
        lines = [markup.bold(markup.link(entry.url, title))]
        for label, text in sections[: len(sections) - drop]:
            if label == "Also reported by":
                value = ", ".join(markup.link(o.url, o.name) for o in entry.also[:MAX_OUTLETS])
            else:
                value = markup.text(text)
            lines.append(f"{markup.bold(label + ':')} {value}" if label else value)
        if story.desk_url:
            lines.append(markup.link(story.desk_url, "Open in the review desk"))
        return "\n".join(lines)

    return _fit(render, one_line(entry.title, TITLE_CHARS), len, limit, _optional(story))


SLACK = _Markup(text=slack_escape, bold=lambda text: f"*{text}*", link=_slack_link)


def slack_text(story: AlertStory) -> str:
    """The ``text`` (mrkdwn) of a Slack incoming-webhook message."""
    return _marked(story, SLACK, SLACK_MAX_CHARS)


# --------------------------------------------------------------------------- Telegram
def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _telegram_link(url: str | None, text: str) -> str:
    return f'<a href="{_h(url)}">{_h(text)}</a>' if url else _h(text)


TELEGRAM = _Markup(text=_h, bold=lambda text: f"<b>{text}</b>", link=_telegram_link)


def telegram_html(story: AlertStory) -> str:
    """The ``text`` of a Telegram ``sendMessage`` with ``parse_mode = HTML``."""
    return _marked(story, TELEGRAM, TELEGRAM_MAX_CHARS)
