"""E-mail through any SMTP server, with aiosmtplib (asyncio, STARTTLS or implicit TLS)."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from agent.clinic.outreach import Channel
from agent.outreach.messages import OutboundMessage, Receipt
from agent.outreach.providers.base import ProviderError


class SmtpProvider:
    """Sends e-mail; ``security`` is "starttls", "tls" (implicit, port 465) or "none"."""

    name = "smtp"
    channels: frozenset[Channel] = frozenset({"email"})

    def __init__(
        self,
        host: str,
        port: int,
        *,
        sender: str,
        sender_name: str | None = None,
        username: str | None = None,
        password: str | None = None,
        security: str = "starttls",
        timeout_s: float = 10.0,
    ) -> None:
        self.host, self.port = host, port
        self.sender = sender
        self.sender_name = sender_name
        self.username, self.password = username, password
        self.security = security
        self.timeout_s = timeout_s

    def build(self, message: OutboundMessage) -> EmailMessage:
        """The e-mail of ``message``; its Message-ID carries the message key."""
        mail = EmailMessage()
        mail["From"] = formataddr((self.sender_name or "", self.sender))
        mail["To"] = message.to
        mail["Subject"] = message.subject or ""
        domain = self.sender.rsplit("@", 1)[-1]
        mail["Message-ID"] = make_msgid(idstring=message.key.replace(":", "."), domain=domain)
        mail.set_content(message.body)
        return mail

    async def send(self, message: OutboundMessage) -> Receipt:
        import aiosmtplib

        mail = self.build(message)
        try:
            await aiosmtplib.send(
                mail,
                hostname=self.host,
                port=self.port,
                username=self.username,
                password=self.password,
                use_tls=self.security == "tls",
                start_tls=self.security == "starttls",
                timeout=self.timeout_s,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise ProviderError("the mail server refused the address", retryable=False) from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise ProviderError(f"mail server error: {type(exc).__name__}", retryable=True) from exc
        return Receipt(provider=self.name, provider_id=str(mail["Message-ID"]))

    async def find_sent(self, message: OutboundMessage, since: datetime) -> Receipt | None:
        raise NotImplementedError("an SMTP server cannot say what it already accepted")
