"""The labelled urgency corpus through the engine, mid-conversation: every utterance, said after
a greeting and a booking request, gets exactly the level ``assess()`` gives it on its own, and
general questions get the emergency advice without a handoff."""

from __future__ import annotations

import pytest

from agent.brains.rules import RulesBrain
from agent.clinic import ClinicConfig
from agent.understanding import UrgencyLevel
from agent.urgency import assess
from agent.urgency.corpus import CORPUS_DIR, CorpusItem, load_corpus
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from graphs.engine import Engine

BOOKING = {
    "en": "Hello, I'd like to book an appointment please",
    "fr": "Bonjour, je voudrais un rendez-vous",
}
ITEMS = [item for path in sorted(CORPUS_DIR.glob("*.yaml")) for item in load_corpus(path)]


async def _through_engine(engine: Engine, conversation_id: str, item: CorpusItem) -> str:
    await engine.start(conversation_id, language=item.language)
    await engine.turn(conversation_id, BOOKING[item.language])
    result = await engine.turn(conversation_id, item.text)
    state = await engine.state(conversation_id)
    level = str(state.get("urgency") or "routine")
    if level != "routine":  # a routine call may still reach staff (a prescription request)
        assert result.handed_off, (item.text, result.reply)
    return level


async def test_every_corpus_text_gets_the_same_level_mid_conversation(
    backend: EmbeddedBackend, clinic: ClinicConfig, clock: FixedClock
) -> None:
    engine = Engine(backend=backend, clinic=clinic, brain=RulesBrain(), clock=clock)
    different = []
    for index, item in enumerate(ITEMS):
        alone = UrgencyLevel(assess(item.text, language=item.language).level).value
        in_call = await _through_engine(engine, f"corpus-{index}", item)
        if in_call != alone:
            different.append((item.text, alone, in_call))
    assert different == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "What should someone do if they have chest pain?"),
        ("fr", "Que faire si quelqu'un fait une crise d'épilepsie ?"),
    ],
)
async def test_a_general_question_gets_the_advice_and_no_handoff(
    backend: EmbeddedBackend, clinic: ClinicConfig, clock: FixedClock, language: str, text: str
) -> None:
    engine = Engine(backend=backend, clinic=clinic, brain=RulesBrain(), clock=clock)
    await engine.start("advice", language=language)  # type: ignore[arg-type]
    result = await engine.turn("advice", text)
    assert not result.handed_off
    assert "15" in result.reply, result.reply
    assert await backend.list_tasks(code="handoff") == []
