"""The digest as an e-mail message, and its hand-over to the SMTP server."""

from __future__ import annotations

import os
import re
import smtplib
import ssl
from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime, parseaddr

from monitor.delivery.digest.compose import zone
from monitor.delivery.digest.render import Rendered
from monitor.delivery.text import one_line
from monitor.errors import ConfigError, DeliveryError
from monitor.settings import Settings, SmtpSettings, one_address

LIST_NAME = "Trafficking news monitor digest"


def message_domain(settings: Settings) -> str:
    address = parseaddr(settings.digest.from_)[1]
    domain = address.rpartition("@")[2].strip().lower()
    return domain if re.fullmatch(r"[a-z0-9.-]+", domain or "") else "localhost"


def build_message(
    rendered: Rendered, settings: Settings, *, message_id: str, created: datetime, recipients: Sequence[str],
) -> EmailMessage:
    tz = zone(settings)
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



# --------------------------------------------------------------------------- addresses
def check_recipients(addresses: list[str], *, override: bool, required: bool) -> list[str]:
    key = "--to" if override else "digest.to"
    if required and not addresses:
        raise ConfigError("[digest] to is empty: set to = [\"analyst@example.org\"] in [digest], or pass --to ADDR",
                          key="digest.to")
    for address in addresses:
        if one_address(address) is None:
            raise ConfigError(f"{key}: {address!r} is not one e-mail address", key=key)
    return addresses


def check_sender(settings: Settings) -> str:
    # [digest] from was checked when the settings were loaded (monitor.settings).
    return parseaddr(settings.digest.from_)[1]

