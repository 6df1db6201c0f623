"""A kind of care the practice does not have is said plainly, with what it has (issue 13)."""

from __future__ import annotations

import pytest

from fhir_adapters.embedded import EmbeddedBackend
from tests.graphs.talk import Call


@pytest.mark.parametrize(
    ("language", "ask", "me", "missing", "offered"),
    [
        (
            "en",
            "I need an appointment with a cardiologist",
            "Michael Brown, born 25 August 1972",
            "cardiology",
            "general practice",
        ),
        (
            "en",
            "Can I see a family counselor?",
            "Michael Brown, born 25 August 1972",
            "family therapy",
            "general practice",
        ),
        (
            "fr",
            "Je cherche un ophtalmologiste",
            "Michael Brown, né le 25 août 1972",
            "ophtalmologie",
            "médecine générale",
        ),
    ],
)
async def test_a_specialty_the_practice_lacks_is_never_booked_as_another(
    call: Call,
    backend: EmbeddedBackend,
    language: str,
    ask: str,
    me: str,
    missing: str,
    offered: str,
) -> None:
    await call.start(language=language)  # type: ignore[arg-type]
    first = await call.say(ask)
    # Said in the very turn that asks (issue 15), or once the caller is identified.
    reply = first.reply if missing in first.reply.lower() else (await call.say(me)).reply
    assert missing in reply.lower() and offered in reply.lower(), call.transcript()
    assert not reply.count(":") or "Dr" not in reply  # no GP slot offered instead
    # The caller picks what the practice has: the search goes on with that specialty.
    follow = await call.say(
        "OK, a general practitioner then" if language == "en" else "Bon, un généraliste alors"
    )
    assert follow.options or follow.expecting in ("slot_preferences", "identity"), call.transcript()
