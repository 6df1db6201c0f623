"""What the voice channel itself says or types on the caller's behalf, in French and English.

The engine writes every answer; these are only the call-handling words around it (a filler
while the EHR answers, silence prompts).
"""

from __future__ import annotations

from typing import Literal

Language = Literal["fr", "en"]

PHRASES: dict[str, dict[Language, str]] = {
    "filler": {
        "en": "One moment, I'm checking.",
        "fr": "Un instant, je regarde.",
    },
    "still_there": {
        "en": "Are you still there?",
        "fr": "Vous êtes toujours là ?",
    },
    "goodbye_silence": {
        "en": "I can't hear you, so I'll end the call. Please call again any time. Goodbye.",
        "fr": "Je ne vous entends plus, je vais raccrocher. N'hésitez pas à rappeler. Au revoir.",
    },
    "transferring": {
        "en": "Please hold, I'm connecting you now.",
        "fr": "Ne quittez pas, je vous mets en relation.",
    },
}


def phrase(key: str, language: Language) -> str:
    """The voice channel's phrase ``key`` in ``language``."""
    return PHRASES[key][language]
