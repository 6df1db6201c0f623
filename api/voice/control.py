"""What a call can do besides talking: hand the caller to the staff line, hang up.

Each transport supplies its own ``CallControl`` (Twilio redials the call into ``<Dial>``, Daily
transfers the SIP leg); the processor only decides *when* (after the handoff reply was heard).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from agent.clinic import ClinicConfig
from agent.settings import Settings
from fhir_adapters.clock import Clock
from graphs.events import TurnResult

Language = Literal["fr", "en"]


@dataclass(frozen=True)
class CallInfo:
    """Who is calling and how the conversation is known to the engine."""

    conversation_id: str
    caller_phone: str | None = None
    language: Language | None = None
    channel: str = "voice"
    keypad: bool = False
    """A phone leg (telephony, dial-in): the caller can type digits on a keypad."""


@dataclass(frozen=True)
class Timing:
    """Call-handling delays (from settings)."""

    filler_delay_s: float = 0.7
    """An answer slower than this is preceded by a short filler phrase."""
    silence_reprompt_s: float = 6.0
    """Silence after the agent spoke before "are you still there?"; a second one ends the call."""
    keypad_pause_s: float = 3.0
    """A typed entry (birth date, phone number) without the hash key ends after this pause."""


class CallControl(Protocol):
    """Transport-specific call actions."""

    async def transfer(self, result: TurnResult) -> bool:
        """Hand the caller to the staff line with a spoken briefing; True when it started.

        Called once the handoff reply has been spoken. False (no staff line, practice
        closed, provider refused) leaves the handoff in the staff queue and the call ends.
        """
        ...


class NoTransfer:
    """The call control of transports without a phone leg (web voice): handoffs are queued."""

    async def transfer(self, result: TurnResult) -> bool:
        """Never transfers: the handoff Task stays in the staff queue."""
        return False


@dataclass(frozen=True)
class PhoneLine:
    """What moving a phone call to the staff line needs to know."""

    settings: Settings
    clinic: ClinicConfig
    """Opening hours and the staff's language."""
    clock: Clock
    call_sid: str
    """The provider's id of the call to move."""
    public_base: str
    """https://... base of this service as the provider reaches it."""

    def open_now(self) -> bool:
        """A staff line is configured and the practice is open now."""
        return staff_line_open(self.settings, self.clinic, self.clock)


def staff_line_open(settings: Settings, clinic: ClinicConfig, clock: Clock) -> bool:
    """A staff line is configured and the practice is open now."""
    line = settings.staff_transfer_sip_uri or settings.staff_transfer_number
    return bool(line) and clinic.is_open(clock.now())


def briefing(result: TurnResult, language: Language, *, with_words: bool = True) -> str:
    """What the receptionist hears before the patient is connected.

    ``with_words`` adds the caller's last request in their own words; leave it out when the
    briefing travels through a third party's URL (it would sit in their logs).
    """
    handoff = result.handoff_record() or {}
    reason = str(handoff.get("reason") or "unspecified").replace("_", " ")
    urgency = str(handoff.get("urgency") or "routine")
    fields = dict(
        part.split("=", 1) for part in str(handoff.get("summary") or "").split("; ") if "=" in part
    )
    asked = fields.get("asked", "").strip() if with_words else ""
    known = "identified" if handoff.get("patient_id") else "not identified"
    if language == "fr":
        known_fr = "identifié" if handoff.get("patient_id") else "non identifié"
        text = (
            f"Transfert de l'assistant téléphonique. Motif : {reason}. Urgence : {urgency}. "
            f"Patient {known_fr}."
        )
        return f"{text} Il a dit : {asked}." if asked else text
    text = (
        f"Transfer from the phone assistant. Reason: {reason}. Urgency: {urgency}. Patient {known}."
    )
    return f"{text} They said: {asked}." if asked else text
