"""The digest's subject, plain-text part and HTML part (Jinja2 templates in ``templates/``)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from monitor.delivery.digest.compose import DigestContent
from monitor.delivery.text import one_line
from monitor.errors import ConfigError
from monitor.settings import Settings

if TYPE_CHECKING:
    import jinja2


@lru_cache(maxsize=1)
def _templates() -> jinja2.Environment:
    # Imported when a digest is first rendered (~5 MB): `monitor poll` and the analysis
    # workers forked from it never render one.
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("monitor.delivery.digest", "templates"),
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

