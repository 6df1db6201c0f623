"""The chat page's own words in French and English, and which language a visitor gets."""

from __future__ import annotations

from typing import Literal

Language = Literal["fr", "en"]

TEXTS: dict[Language, dict[str, str]] = {
    "en": {
        "title": "Chat with the front desk",
        "intro": "Book, move or cancel an appointment, or ask a question.",
        "emergency_hint": "In an emergency, call",
        "log": "Conversation",
        "input": "Your message",
        "placeholder": "Type your message",
        "send": "Send",
        "typing": "The assistant is typing…",
        "staff_typing": "A member of staff is typing…",
        "you": "You",
        "agent": "Assistant",
        "staff": "Staff",
        "handed_off": "A member of staff will answer you here. You can keep writing.",
        "staff_joined": "You are now talking to a member of staff.",
        "emergency": "Emergency: call now",
        "booked": "Appointment booked",
        "rescheduled": "Appointment moved",
        "cancelled": "Appointment cancelled",
        "when": "When",
        "with": "With",
        "where": "Where",
        "choices": "Suggested answers",
        "voice": "Talk to us",
        "restart": "New conversation",
        "error": "Sorry, the message could not be sent. Please try again.",
        "offline": "Connection lost, reconnecting…",
        "or": "or",
    },
    "fr": {
        "title": "Discuter avec l'accueil",
        "intro": "Prenez, déplacez ou annulez un rendez-vous, ou posez une question.",
        "emergency_hint": "En cas d'urgence, appelez le",
        "log": "Conversation",
        "input": "Votre message",
        "placeholder": "Écrivez votre message",
        "send": "Envoyer",
        "typing": "L'assistant écrit…",
        "staff_typing": "Un membre de l'équipe écrit…",
        "you": "Vous",
        "agent": "Assistant",
        "staff": "Équipe",
        "handed_off": "Un membre de l'équipe va vous répondre ici. Vous pouvez continuer à écrire.",
        "staff_joined": "Vous échangez maintenant avec un membre de l'équipe.",
        "emergency": "Urgence : appelez maintenant",
        "booked": "Rendez-vous confirmé",
        "rescheduled": "Rendez-vous déplacé",
        "cancelled": "Rendez-vous annulé",
        "when": "Quand",
        "with": "Avec",
        "where": "Où",
        "choices": "Réponses proposées",
        "voice": "Nous parler",
        "restart": "Nouvelle conversation",
        "error": "Désolé, le message n'a pas pu être envoyé. Réessayez.",
        "offline": "Connexion perdue, reconnexion…",
        "or": "ou",
    },
}


def pick_language(
    *, pinned: Language | None, asked: Language | None, accept: str, offered: list[str]
) -> Language:
    """The practice's pinned language, else the one asked for (``?lang``, the widget's
    ``data-lang``), else the browser's first preference the practice speaks, else its first."""
    for choice in (pinned, asked):
        if choice in offered:
            return choice
    for part in accept.split(","):
        tag = part.split(";")[0].strip().lower()[:2]
        if tag in offered and tag in TEXTS:
            return tag  # type: ignore[return-value]
    first = offered[0] if offered else "en"
    return first if first in TEXTS else "en"  # type: ignore[return-value]
