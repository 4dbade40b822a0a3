"""An aiosmtpd handler for the e-mail tests (digests, e-mail watchlists), and a free loopback port."""

from __future__ import annotations

from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any


class Mailbox:
    """An aiosmtpd handler that keeps what it accepts, or answers with a canned failure."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []
        self.data_reply: str | None = None  # e.g. "451 4.3.0 try later"
        self.rcpt_reply: str | None = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.data_reply:
            return self.data_reply
        self.envelopes.append(envelope)
        return "250 Message accepted"

    @property
    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(e.original_content or e.content, policy=default_policy) for e in self.envelopes]


