"""A call waiting for staff is still listened to: the urgent handoff's one question, and any
turn that makes the call worse, escalate it (graphs.escalation)."""

from __future__ import annotations

import pytest

from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.resources import Task
from graphs.directory import SqliteDirectory
from graphs.engine import Engine
from graphs.events import URGENCY_QUESTION
from tests.graphs.conftest import drain
from tests.graphs.talk import Call


async def handoff_tasks(backend: EmbeddedBackend) -> list[Task]:
    return await backend.list_tasks(code="handoff")


@pytest.mark.parametrize(
    ("language", "said", "question", "yes"),
    [
        (
            "fr",
            "Ma femme est enceinte et elle a mal au ventre",
            "douleur est-elle très forte",
            "Oui",
        ),
        ("en", "I'm pregnant and I have stomach pain", "very strong", "Yes, it is"),
        ("en", "I'm 30 weeks pregnant and the baby is moving less", "stopped moving", "yes"),
        ("fr", "Mon fils a des taches violettes sur les jambes", "fièvre", "oui je crois"),
        ("en", "I cut my hand deeply on a knife", "bleeding heavily", "Yes."),
    ],
)
async def test_a_yes_to_the_urgent_question_makes_the_call_an_emergency(
    call: Call, backend: EmbeddedBackend, language: str, said: str, question: str, yes: str
) -> None:
    await call.start(language=language)  # type: ignore[arg-type]
    urgent = await call.say(said)
    assert urgent.handed_off and urgent.expecting == URGENCY_QUESTION, urgent.reply
    assert question in urgent.reply
    [handoff] = call.events("handoff")
    assert handoff["urgency"] == "urgent"
    [queued] = await handoff_tasks(backend)
    assert queued.priority == "urgent"  # queued before the question: a hang-up loses nothing

    answer = await call.say(yes)
    assert answer.handed_off and answer.expecting is None
    assert "15" in answer.reply, answer.reply
    [escalated] = call.events("escalated")
    assert escalated["urgency"] == "emergency" and escalated["task_id"] == handoff["task_id"]
    [task] = await handoff_tasks(backend)  # the same Task, raised: no second one
    assert task.priority == "stat" and task.status == "requested"
    assert task.note and "Escalated to emergency" in str(task.note[-1].text)
    state = await call.engine.state(call.id)
    assert state["urgency"] == "emergency" and state["urgency_question"] is None


@pytest.mark.parametrize(
    ("language", "said", "answer"),
    [
        ("fr", "Ma femme est enceinte et elle a mal au ventre", "Non, ça va"),
        ("en", "I'm pregnant and I have stomach pain", "no, not really"),
        ("en", "I'm pregnant and I have stomach pain", "I don't know"),
        ("fr", "Mon bébé de 8 mois a de la fièvre", "non"),
    ],
)
async def test_a_no_or_an_unclear_answer_leaves_the_call_urgent(
    call: Call, backend: EmbeddedBackend, language: str, said: str, answer: str
) -> None:
    await call.start(language=language)  # type: ignore[arg-type]
    assert (await call.say(said)).expecting == URGENCY_QUESTION
    noted = await call.say(answer)
    assert noted.handed_off and noted.expecting is None and noted.reply
    assert "15" not in noted.reply and call.events("escalated") == []
    [task] = await handoff_tasks(backend)
    assert task.priority == "urgent"
    # Asked once: a later "yes" answers nothing.
    later = await call.say("yes")
    assert call.events("escalated") == [] and later.expecting is None


async def test_the_answer_in_the_callers_own_words_escalates_too(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="fr")
    await call.say("Ma femme est enceinte et elle a mal au ventre")
    answer = await call.say("elle a atrocement mal, elle pleure")
    assert "15" in answer.reply
    [task] = await handoff_tasks(backend)
    assert task.priority == "stat"


async def test_an_emergency_asks_nothing_and_a_routine_handoff_asks_nothing(call: Call) -> None:
    await call.start(language="en")
    emergency = await call.say("I'm pregnant and I have severe stomach pain")
    assert emergency.handed_off and emergency.expecting is None and "?" not in emergency.reply


async def test_worse_while_waiting_after_a_routine_handoff_is_an_emergency_at_once(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="en")
    handed = await call.say("I want to talk to a person")
    assert handed.handed_off and handed.expecting is None
    worse = await call.say("please hurry, my husband just collapsed and he isn't breathing")
    assert worse.handed_off and "emergency" in worse.reply and "15" in worse.reply
    [escalated] = call.events("escalated")
    assert escalated["urgency"] == "emergency" and escalated["reason"] == "emergency"
    [task] = await handoff_tasks(backend)
    assert task.priority == "stat"
    # Nothing lowers it again, and no second Task is queued.
    calmer = await call.say("he's a bit better now")
    assert calmer.events == [] and len(await handoff_tasks(backend)) == 1
    assert (await call.engine.state(call.id))["urgency"] == "emergency"


async def test_staff_on_the_conversation_see_the_escalation_and_the_agent_stays_silent(
    live_engine: Engine, backend: EmbeddedBackend, directory: SqliteDirectory
) -> None:
    await live_engine.start("s", language="en", channel="web")
    await live_engine.turn("s", "I'm pregnant and I have stomach pain")
    await live_engine.take_over("s", "staff-1")
    async with live_engine.live.bus.subscribe("s") as updates:
        # "yes" may answer the staff's own question: only the red-flag rules count now.
        plain = await live_engine.turn("s", "yes")
        assert plain.reply == "" and plain.events == []
        worse = await live_engine.turn("s", "now I'm bleeding a lot")
        assert worse.reply == "" and [e.kind for e in worse.events] == ["escalated"]
        published = [u.payload["kind"] for u in drain(updates) if u.kind == "event"]
    assert published == ["escalated"]  # the console hears it at once
    [task] = await handoff_tasks(backend)
    assert task.priority == "stat"
    stored = await directory.get("s")
    assert stored is not None and stored.urgency == "stat"
    assert "emergency" in stored.outcomes


async def test_staff_handing_back_clears_an_unanswered_question(live_engine: Engine) -> None:
    await live_engine.start("q", language="en")
    asked = await live_engine.turn("q", "I'm pregnant and I have stomach pain")
    assert asked.expecting == URGENCY_QUESTION
    back = await live_engine.hand_back("q", note="seen by the midwife")
    assert not back.handed_off
    assert (await live_engine.state("q"))["urgency_question"] is None


async def test_on_a_phone_line_an_answer_lost_on_the_line_gets_the_question_once_more(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="fr", channel="voice", keypad=True)
    await call.say("Ma femme est enceinte et elle a mal au ventre")
    again = await call.say("Wage.")  # "Oui." as Whisper heard it over the phone
    assert again.expecting == URGENCY_QUESTION
    assert "douleur est-elle très forte" in again.reply and "tapez 1" in again.reply
    keyed = await call.say("oui")  # key 1, as the call's processor passes it
    assert "15" in keyed.reply and call.events("escalated")
    assert [t.priority for t in await handoff_tasks(backend)] == ["stat"]


async def test_the_question_is_asked_again_only_once_and_never_without_a_keypad(
    call: Call,
) -> None:
    await call.start(language="fr", channel="voice", keypad=True)
    await call.say("Ma femme est enceinte et elle a mal au ventre")
    assert (await call.say("Wage.")).expecting == URGENCY_QUESTION
    last = await call.say("Wage.")
    assert last.expecting is None and "tapez" not in last.reply
    web = Call(call.engine, "web-voice")
    await web.start(language="fr", channel="voice")
    await web.say("Ma femme est enceinte et elle a mal au ventre")
    assert (await web.say("Wage.")).expecting is None  # no keypad to offer
