"""The wording of every message, in French and English, with no clinical detail.

A message names the practice, the date and time, the practitioner, the address and how to
change the visit; never the reason for the visit, its type or the practitioner's specialty
(a text message is read on a locked screen). Templates are ``str.format`` strings over
``Facts``; SMS texts stay short.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from agent.replies.dates import say_when
from agent.understanding import Language

_TEXTS: dict[str, dict[str, str]] = {
    "confirmation": {
        "fr": "{clinic} : votre rendez-vous est confirmé le {when}{with_who}, {address}. "
        "Pour le modifier, répondez à ce message ou appelez le {phone}.",
        "en": "{clinic}: your appointment is confirmed on {when}{with_who}, {address}. "
        "To change it, reply to this message or call {phone}.",
    },
    "rescheduled": {
        "fr": "{clinic} : votre rendez-vous est déplacé au {when}{with_who}, {address}. "
        "Pour le modifier, répondez à ce message ou appelez le {phone}.",
        "en": "{clinic}: your appointment has moved to {when}{with_who}, {address}. "
        "To change it, reply to this message or call {phone}.",
    },
    "cancellation": {
        "fr": "{clinic} : votre rendez-vous du {when}{with_who} est annulé. "
        "Pour en prendre un autre, répondez à ce message ou appelez le {phone}.",
        "en": "{clinic}: your appointment on {when}{with_who} is cancelled. "
        "To book another one, reply to this message or call {phone}.",
    },
    "reminder": {
        "fr": "{clinic} : rappel de votre rendez-vous le {when}{with_who}, {address}. "
        "Répondez C pour confirmer ou ANNULER pour annuler. STOP pour ne plus recevoir de rappels.",
        "en": "{clinic}: reminder of your appointment on {when}{with_who}, {address}. "
        "Reply C to confirm or CANCEL APPOINTMENT to cancel. STOP to receive no more "
        "reminders.",
    },
    "recall": {
        "fr": "{clinic} : il est temps de prendre {label}. Nous vous proposons : {options}. "
        "Répondez avec le numéro choisi, ou appelez le {phone}. STOP pour ne plus recevoir "
        "ces messages.",
        "en": "{clinic}: it is time to book {label}. We can offer: {options}. Reply with the "
        "number you choose, or call {phone}. STOP to receive no more of these messages.",
    },
    "waitlist-offer": {
        "fr": "{clinic} : une place s'est libérée le {when}{with_who}. Elle vous est réservée "
        "{minutes} minutes : répondez OUI pour la prendre.",
        "en": "{clinic}: a slot has opened on {when}{with_who}. It is kept for you for "
        "{minutes} minutes: reply YES to take it.",
    },
    "waitlist-gone": {
        "fr": "{clinic} : désolé, la place du {when} vient d'être prise. "
        "Vous restez sur notre liste d'attente.",
        "en": "{clinic}: sorry, the slot on {when} has just been taken. "
        "You stay on our waiting list.",
    },
    "waitlist-booked": {
        "fr": "{clinic} : c'est réservé, votre rendez-vous est le {when}{with_who}, {address}.",
        "en": "{clinic}: it is booked, your appointment is on {when}{with_who}, {address}.",
    },
    "opt-out": {
        "fr": "{clinic} : vous ne recevrez plus de rappels ni d'invitations. Les confirmations "
        "de vos rendez-vous restent envoyées. Répondez START pour les réactiver.",
        "en": "{clinic}: you will receive no more reminders or invitations. Confirmations of "
        "your appointments are still sent. Reply START to turn them back on.",
    },
    "opt-in": {
        "fr": "{clinic} : c'est noté, vous recevrez à nouveau nos rappels.",
        "en": "{clinic}: noted, you will receive our reminders again.",
    },
    "reminder-confirmed": {
        "fr": "Merci, votre présence le {when} est confirmée.",
        "en": "Thank you, your visit on {when} is confirmed.",
    },
    "cancel-question": {
        "fr": "Voulez-vous annuler votre rendez-vous du {when}{with_who} ? Répondez OUI pour "
        "confirmer l'annulation.",
        "en": "Do you want to cancel your appointment on {when}{with_who}? Reply YES to "
        "confirm the cancellation.",
    },
    "cancel-kept": {
        "fr": "C'est noté, votre rendez-vous du {when} est maintenu.",
        "en": "Noted, your appointment on {when} stays as it is.",
    },
    "cancelled": {
        "fr": "Votre rendez-vous du {when} est annulé. "
        "Appelez le {phone} pour en prendre un autre.",
        "en": "Your appointment on {when} is cancelled. Call {phone} to book another one.",
    },
    "offer-declined": {
        "fr": "C'est noté, vous restez sur notre liste d'attente.",
        "en": "Noted, you stay on our waiting list.",
    },
    "slot-gone": {
        "fr": "Désolé, ce créneau vient d'être pris. Appelez le {phone} pour en trouver un autre.",
        "en": "Sorry, that slot has just been taken. Call {phone} to find another one.",
    },
    "booking-declined": {
        "fr": "C'est noté, rien n'a été réservé.",
        "en": "Noted, nothing has been booked.",
    },
    "booking-question": {
        "fr": "Je réserve le {when}{with_who} pour vous ? Répondez OUI pour confirmer.",
        "en": "Shall I book {when}{with_who} for you? Reply YES to confirm.",
    },
    "not-understood": {
        "fr": "Désolé, je n'ai pas compris. Appelez le {phone} si besoin.",
        "en": "Sorry, I did not understand. Call {phone} if needed.",
    },
}

SUBJECTS = {"fr": "{clinic} : votre rendez-vous", "en": "{clinic}: your appointment"}


class Facts(BaseModel):
    """What a message may say: nothing clinical."""

    clinic: str
    address: str
    phone: str
    tz: str
    when: datetime | None = None
    practitioner: str | None = None
    label: str | None = None
    options: list[datetime] = []
    minutes: int | None = None


def keys() -> set[str]:
    """Every text key."""
    return set(_TEXTS)


def render(key: str, language: str, facts: Facts) -> str:
    """The text ``key`` in ``language`` ("fr" or "en"), filled with ``facts``."""
    lang: Language = "en" if language == "en" else "fr"
    when = say_when(facts.when, lang, facts.tz) if facts.when else ""
    if facts.practitioner:
        with_who = f" avec {facts.practitioner}" if lang == "fr" else f" with {facts.practitioner}"
    else:
        with_who = ""
    options = "; ".join(
        f"{i}) {say_when(moment, lang, facts.tz)}" for i, moment in enumerate(facts.options, 1)
    )
    return _TEXTS[key][lang].format(
        clinic=facts.clinic,
        address=facts.address,
        phone=facts.phone,
        when=when,
        with_who=with_who,
        label=facts.label or "",
        options=options,
        minutes=facts.minutes or 0,
    )


def subject(language: str, facts: Facts) -> str:
    """An e-mail subject."""
    return SUBJECTS["en" if language == "en" else "fr"].format(clinic=facts.clinic)
