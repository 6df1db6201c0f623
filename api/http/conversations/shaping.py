"""Shape what the engine says into chat messages: buttons for offered slots and yes/no, a
card for a booking, the emergency numbers, and the conversation's state."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from agent.clinic import ClinicConfig
from agent.replies.dates import say_when
from api.http.conversations.models import (
    BookingCard,
    Choice,
    ConversationState,
    EmergencyNumber,
    Language,
    Message,
)
from graphs.directory import ConversationSummary
from graphs.events import TurnEvent, TurnResult
from graphs.transcript import TranscriptEntry

YES_NO_PHASES = ("confirm", "new_patient", "move_existing")
"""Questions a yes or a no answers: they get two buttons."""
_YES_NO = {"en": (("Yes", "yes"), ("No", "no")), "fr": (("Oui", "oui"), ("Non", "non"))}
_OPTION = {"en": "option {n}", "fr": "option {n}"}
"""What a slot button sends: every brain reads "option 2" as the second slot offered."""


def choices(
    options: Sequence[Mapping[str, Any]], expecting: str | None, language: Language, tz: str
) -> list[Choice]:
    """Buttons for the offered slots, or yes/no when the agent waits for a decision."""
    if options and expecting == "slot_choice":
        out = []
        for o in options:
            when = say_when(o["start"], language, tz)
            who = o.get("practitioner")
            out.append(
                Choice(
                    kind="slot",
                    label=f"{when} · {who}" if who else when,
                    value=_OPTION[language].format(n=int(o["index"]) + 1),
                    slot_id=o.get("slot_id"),
                    start=datetime.fromisoformat(o["start"]),
                    practitioner=who,
                )
            )
        return out
    if expecting in YES_NO_PHASES:
        (yes_label, yes), (no_label, no) = _YES_NO[language]
        return [
            Choice(kind="yes", label=yes_label, value=yes),
            Choice(kind="no", label=no_label, value=no),
        ]
    return []


def cards(
    events: Sequence[TurnEvent], language: Language, clinic: ClinicConfig
) -> list[BookingCard]:
    """A card for each booking, move or cancellation of the turn."""
    out = []
    for event in events:
        if event.kind not in ("booked", "rescheduled", "cancelled"):
            continue
        data = event.data
        start = data.get("start")
        out.append(
            BookingCard(
                kind=event.kind,  # type: ignore[arg-type]
                appointment_id=str(data.get("appointment_id") or ""),
                start=datetime.fromisoformat(start) if start else None,
                when=say_when(start, language, clinic.time_zone) if start else None,
                practitioner=data.get("practitioner"),
                location=data.get("location") or clinic.name,
                address=data.get("address") or clinic.address,
            )
        )
    return out


def reply(result: TurnResult, clinic: ClinicConfig, at: datetime) -> list[Message]:
    """The agent's reply to a turn as a message (none while staff have the conversation)."""
    if not result.reply:
        return []
    options = [o.model_dump() for o in result.options]
    return [
        Message(
            seq=result.seq,
            role="agent",
            text=result.reply,
            at=at,
            choices=choices(options, result.expecting, result.language, clinic.time_zone),
            cards=cards(result.events, result.language, clinic),
        )
    ]


def history(
    entries: Sequence[TranscriptEntry], values: Mapping[str, Any], clinic: ClinicConfig
) -> list[Message]:
    """The transcript as messages; the last agent line keeps its buttons while they apply."""
    messages = [Message(seq=e.seq, role=e.role, text=e.text, at=e.at) for e in entries]
    if messages and messages[-1].role == "agent" and not values.get("staff"):
        phase = expecting(values)
        language = values.get("language") or clinic.default_language
        messages[-1].choices = choices(
            values.get("options") or [], phase, language, clinic.time_zone
        )
    return messages


def live(payload: Mapping[str, Any], language: Language, clinic: ClinicConfig) -> Message:
    """A ``message`` update of the bus as the chat shows it."""
    message = Message.model_validate(
        {k: payload[k] for k in ("seq", "role", "text", "at") if k in payload}
    )
    if payload.get("options") is not None or payload.get("expecting"):
        message.choices = choices(
            payload.get("options") or [], payload.get("expecting"), language, clinic.time_zone
        )
    return message


def state(
    summary: ConversationSummary | None,
    language: Language,
    clinic: ClinicConfig,
    *,
    expecting: str | None = None,
    ended: bool = False,
) -> ConversationState:
    """The conversation's state for the patient."""
    status = summary.status if summary else "active"
    numbers = []
    if summary is not None and summary.urgency == "stat":
        numbers = [
            EmergencyNumber(name=name, number=number)
            for name, number in clinic.emergency_numbers.items()
        ]
    return ConversationState(
        status=status,
        language=language,
        expecting=expecting if status in ("active", "ended", "resolved") else None,
        handed_off=status in ("handed_off", "staff"),
        ended=ended,
        emergency_numbers=numbers,
    )


def expecting(values: Mapping[str, Any]) -> str | None:
    """What the agent waits for, from a saved state (None while a human has the call)."""
    if values.get("handoff") or values.get("ended") or values.get("staff"):
        return None
    phase = values.get("phase")
    return str(phase) if phase else None
