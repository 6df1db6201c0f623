"""End to end over the Twilio wire format: a stand-in Twilio places calls to the live app.

The caller's lines are synthesized offline, sent as 8 kHz mu-law in real time; the agent's
audio comes back on the same stream. Outcomes are checked in the store and the engine's turns.
"""

from __future__ import annotations

import asyncio

from api.bench.twilio_caller import StandInTwilioCall
from fhir_adapters.embedded import EmbeddedBackend
from graphs.events import TurnResult
from tests.api.voice.conftest import AUTH_TOKEN, VoiceServer, phone_speech
from tests.graphs.test_booking import booked_for

STEP_TIMEOUT_S = 180.0
ENGLISH_LINE = "/voice/twilio/answer?lang=en"
BOOK = "Hello, I need an appointment on Thursday morning with any doctor."
WHO = "My name is Michael Brown, born on the 25th of August 1972."
CHEST_PAIN = "I have a crushing pain in my chest and I can't breathe."


async def _next_result(call: StandInTwilioCall, server: VoiceServer, seen: int) -> TurnResult:
    """Keep the line open until the engine answered, then until the answer was spoken."""
    async with asyncio.timeout(STEP_TIMEOUT_S):
        while len(server.results) <= seen:
            await call.silence(0.2)
        heard = len(call.received)
        await call.until_quiet(after=heard, timeout_s=STEP_TIMEOUT_S)
    return server.results[-1]


async def _say(call: StandInTwilioCall, server: VoiceServer, line: str) -> TurnResult:
    seen = len(server.results)
    await call.say(phone_speech(line))
    return await _next_result(call, server, seen)


async def _dial(
    server: VoiceServer, path: str = "/voice/twilio/answer?lang=en"
) -> StandInTwilioCall:
    call = StandInTwilioCall(server.base_url, AUTH_TOKEN)
    answered = await call.answer(path)
    assert answered.status_code == 200, answered.text
    await call.connect(answered.text)
    return call


async def _until(
    call: StandInTwilioCall, server: VoiceServer, line: str, expecting: str
) -> TurnResult:
    """Say ``line``; a caller who was misheard says it once more."""
    result = await _say(call, server, line)
    if result.expecting != expecting:
        result = await _say(call, server, line)
    assert result.expecting == expecting, result.reply
    return result


async def test_a_phone_call_books_an_appointment_in_the_ehr(
    voice_server: VoiceServer, backend: EmbeddedBackend
) -> None:
    call = await _dial(voice_server)
    try:
        greeting = await _next_result(call, voice_server, 0)
        assert greeting.language == "en"
        await _until(call, voice_server, BOOK, "identity")
        offer = await _until(call, voice_server, WHO, "slot_choice")
        await _until(call, voice_server, "The first one, please.", "confirm")
        assert await booked_for(backend, "pat-0008") == []
        seen = len(voice_server.results)
        await call.press("1")  # "press 1 to confirm"
        done = await _next_result(call, voice_server, seen)
    finally:
        await call.hang_up()
    assert [e.kind for e in done.events] == ["booked"], done.reply
    chosen = offer.options[0]
    assert await booked_for(backend, "pat-0008") == [(chosen.slot_id, chosen.practitioner_id)]
    assert len(await call.agent_audio()) > 8000 * 2 * 10  # ten seconds and more of agent speech


async def test_a_caller_not_found_types_the_birth_date_on_the_keypad_and_is_found(
    voice_server: VoiceServer,
) -> None:
    call = await _dial(voice_server)
    try:
        await _next_result(call, voice_server, 0)
        await _until(call, voice_server, BOOK, "identity")
        # A wrong year, as a recogniser (or a flustered caller) gives it: nobody is found. A
        # pause at the comma may close the turn on the name alone: then the date is asked for.
        again = await _say(call, voice_server, "My name is Michael Brown, born on the 25th of "
                           "August 1982.")  # fmt: skip
        for _ in range(2):
            if "keypad" in again.reply:
                break
            again = await _say(call, voice_server, "I was born on the 25th of August 1982.")
        assert again.expecting == "identity" and "keypad" in again.reply, again.reply
        seen = len(voice_server.results)
        for key in "25081972#":
            await call.press(key)
        found = await _next_result(call, voice_server, seen)
    finally:
        await call.hang_up()
    assert found.expecting == "slot_choice", found.reply
    assert "Michael" in found.reply


async def test_a_chest_pain_call_gets_the_emergency_number_first(
    voice_server: VoiceServer,
) -> None:
    call = await _dial(voice_server)
    try:
        await _next_result(call, voice_server, 0)
        first = await _say(
            call, voice_server, "I have a crushing pain in my chest and I can't breathe."
        )
        await asyncio.wait_for(call.closed.wait(), STEP_TIMEOUT_S)  # the agent ends the call
    finally:
        await call.hang_up()
    handoffs = [e for e in first.events if e.kind == "handoff"]
    assert handoffs and handoffs[0].data["urgency"] == "emergency", first.reply
    numbers = [n for n in ("15", "112") if n in first.reply]
    assert numbers, first.reply
    # The number comes before anything about staff taking over.
    assert first.reply.index(numbers[0]) < first.reply.index("staff")


async def test_an_english_caller_on_a_line_of_no_set_language_is_answered_in_english(
    voice_server: VoiceServer,
) -> None:
    # The practice's first language is French: the greeting is French, the caller's first
    # words are English, Whisper hears which, and the conversation goes on in English.
    call = await _dial(voice_server, "/voice/twilio/answer")
    try:
        greeting = await _next_result(call, voice_server, 0)
        assert greeting.language == "fr"
        first = await _say(call, voice_server, BOOK)
    finally:
        await call.hang_up()
    assert first.language == "en", first.reply
    assert first.expecting == "identity", first.reply
