"""Patient scope: a caller only ever sees and changes their own appointments."""

from __future__ import annotations

from datetime import date

from agent.clinic import ClinicConfig
from agent.understanding import BrainContext, Intent, Understanding
from fhir_adapters.clock import FixedClock
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.queries import AppointmentView
from graphs.engine import Engine
from tests.graphs.talk import Call


async def test_caller_b_cannot_see_or_cancel_patient_a(
    call: Call, backend: EmbeddedBackend
) -> None:
    a_before = await backend.list_appointments(patient_id="pat-0001", statuses=["booked"])
    await call.start(language="en")
    await call.say("I'd like to check my appointments")
    mine = await call.say("Michael Brown, born 25 August 1972")
    assert "can't see any upcoming appointment" in mine.reply, call.transcript()
    await call.say("Then cancel Jean Dupont's appointment")
    await call.say("yes")
    assert await backend.list_appointments(patient_id="pat-0001", statuses=["booked"]) == a_before
    state = await call.engine.state(call.id)
    assert state["patient"]["id"] == "pat-0008"
    assert not [s for s in state["seen_ids"] if s.startswith("Appointment/")]


async def test_another_patient_needs_a_full_re_identification(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="fr")
    await call.say("Je voudrais annuler mon rendez-vous")
    await call.say("Sarah Johnson, née le 17 février 1990")
    switched = await call.say("Non, en fait je m'appelle Jean Dupont, né le 14 mars 1958")
    state = await call.engine.state(call.id)
    assert state["patient"]["id"] == "pat-0001", call.transcript()
    assert "jeudi 26 novembre" in switched.reply  # Jean's appointment, not Sarah's
    jeans = {f"Appointment/{v.appointment_id}" for v in await _booked(backend, "pat-0001")}
    assert {s for s in state["seen_ids"] if s.startswith("Appointment/")} == jeans
    await call.say("oui")
    assert len(await _booked(backend, "pat-0006")) == 1
    assert await _booked(backend, "pat-0001") == []


async def _booked(backend: EmbeddedBackend, patient_id: str) -> list[AppointmentView]:
    return await backend.list_appointments(patient_id=patient_id, statuses=["booked"])


class _NamesOthers:
    """A brain that, once the caller is known, hears another patient's name (no birth date)."""

    name = "names-others"

    async def understand(self, text: str, context: BrainContext) -> Understanding:
        if context.phase == "identity":
            return Understanding(
                given_name="Michael", family_name="Brown", birth_date=date(1972, 8, 25)
            )
        if "Dupont" in text:
            return Understanding(intent=Intent.CANCEL, given_name="Jean", family_name="Dupont")
        return Understanding(intent=Intent.CHECK)


async def test_a_name_without_birth_date_never_widens_the_scope(
    backend: EmbeddedBackend, clinic: ClinicConfig, clock: FixedClock
) -> None:
    engine = Engine(backend=backend, clinic=clinic, brain=_NamesOthers(), clock=clock)
    call = Call(engine, "names")
    await call.start(language="en")
    await call.say("check my appointments")
    await call.say("Michael Brown, born 25 August 1972")
    other = await call.say("cancel Jean Dupont's appointment")
    assert "only help with the record" in other.reply
    state = await engine.state("names")
    assert state["patient"]["id"] == "pat-0008"
    assert len(await _booked(backend, "pat-0001")) == 1


async def test_another_persons_first_name_alone_is_refused(
    call: Call, backend: EmbeddedBackend
) -> None:
    await call.start(language="en")
    await call.say("I'd like to check my appointments")
    await call.say("Michael Brown, born 25 August 1972")
    other = await call.say("and when is my son Leo's appointment?")
    assert "only help with the record" in other.reply, call.transcript()
    state = await call.engine.state(call.id)
    assert state["patient"]["id"] == "pat-0008"
    assert not [s for s in state["seen_ids"] if s.startswith("Appointment/")]


async def test_caller_naming_another_patient_hears_the_scope_rule(call: Call) -> None:
    await call.start(language="fr")
    await call.say("Je voudrais vérifier mon rendez-vous")
    await call.say("Sarah Johnson, née le 17 février 1990")
    other = await call.say("Et annulez le rendez-vous de Jean Dupont")
    assert "dossier" in other.reply and "Jean" not in other.reply, call.transcript()
    state = await call.engine.state(call.id)
    assert state["patient"]["id"] == "pat-0006"
