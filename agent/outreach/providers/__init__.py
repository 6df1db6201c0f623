"""Message providers behind one interface, and the router that picks one per channel.

Twilio takes SMS (and WhatsApp) when its credentials are set, SMTP takes e-mail when a
server is set; every other channel falls back to the console provider, so nothing is lost
and ``make run`` works offline.
"""

from __future__ import annotations

from datetime import datetime

from agent.clinic.outreach import Channel
from agent.outreach.messages import OutboundMessage, Receipt
from agent.outreach.providers.base import Provider, ProviderError
from agent.outreach.providers.console import ConsoleProvider, stdout_echo
from agent.settings import Settings

__all__ = [
    "ConsoleProvider",
    "Provider",
    "ProviderError",
    "ProviderRouter",
    "build_providers",
]


class ProviderRouter:
    """A Provider that hands each message to the first provider of its channel."""

    name = "router"

    def __init__(self, providers: list[Provider]) -> None:
        if not providers:
            raise ValueError("at least one provider is needed")
        self.providers = providers
        self.channels: frozenset[Channel] = frozenset(c for p in providers for c in p.channels)

    def for_channel(self, channel: Channel) -> Provider:
        """The provider that sends ``channel``."""
        for provider in self.providers:
            if channel in provider.channels:
                return provider
        raise ProviderError(f"no provider sends {channel}", retryable=False)

    async def send(self, message: OutboundMessage) -> Receipt:
        return await self.for_channel(message.channel).send(message)

    async def find_sent(self, message: OutboundMessage, since: datetime) -> Receipt | None:
        return await self.for_channel(message.channel).find_sent(message, since)


STATUS_CALLBACK_PATH = "/sms/status"


def status_callback_url(settings: Settings) -> str | None:
    """Where Twilio reports delivery (None without a public address: no reports then)."""
    if not settings.public_base_url:
        return None
    return settings.public_base_url.rstrip("/") + STATUS_CALLBACK_PATH


def build_providers(settings: Settings) -> ProviderRouter:
    """The providers configured in ``settings``, console last as the fallback."""
    providers: list[Provider] = []
    if settings.twilio_account_sid and settings.twilio_auth_token:
        from agent.outreach.providers.twilio import TwilioProvider

        providers.append(
            TwilioProvider(
                settings.twilio_account_sid,
                settings.twilio_auth_token.get_secret_value(),
                from_number=settings.twilio_from_number,
                messaging_service_sid=settings.twilio_messaging_service_sid,
                whatsapp_from=settings.twilio_whatsapp_from,
                status_callback=status_callback_url(settings),
                base_url=settings.twilio_api_base_url,
            )
        )
    if settings.smtp_host and settings.smtp_sender:
        from agent.outreach.providers.smtp import SmtpProvider

        providers.append(
            SmtpProvider(
                settings.smtp_host,
                settings.smtp_port,
                sender=settings.smtp_sender,
                username=settings.smtp_username,
                password=settings.smtp_password.get_secret_value()
                if settings.smtp_password
                else None,
                security=settings.smtp_security,
            )
        )
    echo = stdout_echo() if settings.outbox_echo else None
    providers.append(ConsoleProvider(settings.resolved_outbox_file, echo=echo))
    return ProviderRouter(providers)
