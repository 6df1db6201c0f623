"""What a patient does in the chat, as reusable steps (page or widget frame alike)."""

from __future__ import annotations

from typing import Any

BOOKING_REQUEST = "I'd like an appointment with Dr Dubois"
IDENTITY = "Michael Brown, born 25 August 1972"


def say(chat: Any, text: str) -> None:
    """Type a message and send it with Enter; wait for the reply."""
    replies = chat.locator(".msg.agent").count()
    chat.locator("#text").fill(text)
    chat.locator("#text").press("Enter")
    chat.locator(".msg.agent").nth(replies).wait_for()
