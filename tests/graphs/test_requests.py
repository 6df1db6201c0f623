"""Practice information from the knowledge base, staff requests with a callback promise, and
a caller asking for a human (handed back by staff afterwards)."""

from __future__ import annotations

import pytest

from agent.clinic import ClinicConfig
from fhir_adapters.embedded import EmbeddedBackend
from tests.graphs.talk import Call


@pytest.mark.parametrize(
    ("language", "question", "topic"),
    [
        ("fr", "Quels sont vos horaires d'ouverture ?", "hours"),
        ("en", "Is there parking near the practice?", "parking"),
        ("en", "What should I bring to my first visit?", "what_to_bring"),
        ("fr", "Vous êtes où exactement ?", "address"),
    ],
)
async def test_information_comes_from_the_knowledge_base(
    call: Call,
    backend: EmbeddedBackend,
    clinic: ClinicConfig,
    language: str,
    question: str,
    topic: str,
) -> None:
    audit_before = len(await backend.list_audit_events(limit=1000))
    await call.start(language=language)  # type: ignore[arg-type]
    result = await call.say(question)
    answer = clinic.answer(topic, language)  # type: ignore[arg-type]
    assert answer is not None and answer in result.reply, result.reply
    assert result.expecting == "anything_else"
    assert len(await backend.list_audit_events(limit=1000)) == audit_before


async def test_prescription_renewal_in_french(
    call: Call, backend: EmbeddedBackend, clinic: ClinicConfig
) -> None:
    await call.start(language="fr")
    await call.say("Bonjour, je voudrais renouveler mon ordonnance")
    asked = await call.say("Élodie Fournier, née le 30 novembre 1986")
    assert asked.expecting == "details", call.transcript()
    done = await call.say("C'est pour le Levothyrox")
    [task] = await backend.list_tasks(code="prescription-renewal")
    assert "Levothyrox" in str(task.description)
    assert task.for_fhir is not None and task.for_fhir.reference == "Patient/pat-0005"
    promise = clinic.callback_promise("prescription-renewal", "fr")
    assert promise is not None and promise in done.reply
    assert call.events("task")[0]["code"] == "prescription-renewal"


async def test_billing_question_in_english(
    call: Call, backend: EmbeddedBackend, clinic: ClinicConfig
) -> None:
    await call.start(language="en")
    await call.say("I have a question about an invoice I received, I think I was charged twice")
    done = await call.say("Michael Brown, born 25 August 1972")
    [task] = await backend.list_tasks(code="billing")
    assert "charged twice" in str(task.description)
    assert task.for_fhir is not None and task.for_fhir.reference == "Patient/pat-0008"
    promise = clinic.callback_promise("billing", "en")
    assert promise is not None and promise in done.reply, call.transcript()


async def test_results_are_never_interpreted(call: Call, backend: EmbeddedBackend) -> None:
    await call.start(language="en")
    await call.say("Are my blood test results back? Is my cholesterol ok?")
    done = await call.say("Chloé Nguyen, born 5 December 1995")
    [task] = await backend.list_tasks(code="results")
    assert "cholesterol" in str(task.description)
    assert "medical advice" in done.reply, done.reply


async def test_asking_for_a_human_then_staff_hand_the_call_back(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="fr", caller_phone="+33612345678")
    result = await call.say("Je voudrais parler à quelqu'un s'il vous plaît")
    assert result.handed_off
    [task] = await backend.list_tasks(code="handoff")
    assert task.priority == "routine"
    assert "reason=caller_request" in str(task.description)
    assert "callback=+33612345678" in str(task.description)
    back = await call.engine.staff_resume(call.id, note="caller wanted to book, agent resumes")
    assert not back.handed_off
    assert back.expecting == "anything_else"
    await call.say("Oui, je voudrais un rendez-vous avec le docteur Dubois")
    offer = await call.say("Chloé Nguyen, née le 5 décembre 1995")
    await call.say("le premier")
    await call.say("oui")
    [booked] = call.events("booked")
    assert booked["slot_id"] == offer.options[0].slot_id
    state = await call.engine.state(call.id)
    assert state["staff_notes"] == ["caller wanted to book, agent resumes"]


async def test_staff_resume_without_a_handoff_is_refused(call: Call) -> None:
    from graphs.engine import ConversationStateError

    await call.start(language="en")
    with pytest.raises(ConversationStateError):
        await call.engine.staff_resume(call.id)


async def test_goodbye_ends_the_call(call: Call) -> None:
    await call.start(language="en")
    result = await call.say("that's all, goodbye")
    assert result.ended
    assert [e.kind for e in result.events] == ["end_of_call"]


async def test_prescription_renewal_in_english(call: Call, backend: EmbeddedBackend) -> None:
    await call.start(language="en")
    await call.say("Hi, I need a refill of my prescription for Ventolin")
    done = await call.say("Michael Brown, born 25 August 1972")
    [task] = await backend.list_tasks(code="prescription-renewal")
    assert "Ventolin" in str(task.description), call.transcript()
    assert "prescription" in done.reply.lower()


async def test_billing_and_results_in_french(call: Call, backend: EmbeddedBackend) -> None:
    await call.start(language="fr")
    await call.say("J'ai une question sur ma facture, j'ai payé deux fois")
    done = await call.say("Chloé Nguyen, née le 5 décembre 1995")
    [billing] = await backend.list_tasks(code="billing")
    assert "deux fois" in str(billing.description), call.transcript()
    assert "facture" in done.reply
    await call.say("Oui, est-ce que mes résultats d'analyse sont arrivés ?")
    [results] = await backend.list_tasks(code="results")
    assert "résultats" in str(results.description), call.transcript()
    assert results.for_fhir is not None and results.for_fhir.reference == "Patient/pat-0009"


async def test_a_question_during_the_read_back_is_answered_then_the_read_back_resumes(
    call: Call, backend: EmbeddedBackend, clinic: ClinicConfig
) -> None:
    await call.start(language="en")
    await call.say("I'd like to book with Dr Dubois", "Michael Brown, born 25 August 1972")
    await call.say("the first one")
    side = await call.say("Is there parking near you?")
    answer = clinic.answer("parking", "en")
    assert answer is not None and answer in side.reply
    assert side.expecting == "confirm"
    assert "Shall I book it?" in side.reply
    assert await backend.list_appointments(patient_id="pat-0008", statuses=["booked"]) == []
    done = await call.say("yes")
    assert [e.kind for e in done.events] == ["booked"]


@pytest.mark.parametrize(
    ("language", "question", "yes"),
    [
        ("fr", "Est-ce que vous faites des téléconsultations ?", "oui s'il vous plaît"),
        ("en", "Do you offer video consultations?", "yes please"),
    ],
)
async def test_a_teleconsultation_request_is_passed_on_when_accepted(
    call: Call, backend: EmbeddedBackend, language: str, question: str, yes: str
) -> None:
    await call.start(language=language, caller_phone="+33612345678")  # type: ignore[arg-type]
    answer = await call.say(question)
    assert answer.expecting == "anything_else", call.transcript()
    assert await backend.list_tasks(code="callback") == []
    await call.say(yes)
    [task] = await backend.list_tasks(code="callback")
    assert "Teleconsultation" in str(task.description)
    assert "+33612345678" in str(task.description)
