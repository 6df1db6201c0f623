"""Recall campaigns: due patients found in the EHR, invited, booked by reply, reported."""

from __future__ import annotations

from datetime import timedelta

from agent.outreach.recalls import due_visits
from fhir_adapters.resources import Appointment, Patient
from tests.agent.outreach.helpers import phone
from tests.fakes.outbound import Rig

CAMPAIGN = "follow-up-due"


async def past_visit(
    rig: Rig, patient_id: str, days_ago: int, service: str = "consultation"
) -> None:
    start = rig.clock.now() - timedelta(days=days_ago)
    visit = Appointment.model_validate(
        {
            "resourceType": "Appointment",
            "id": f"past-{patient_id}-{days_ago}",
            "status": "fulfilled",
            "start": start.isoformat(),
            "end": (start + timedelta(minutes=20)).isoformat(),
            "serviceType": [
                {"coding": [{"system": "https://frontdesk.dev/service-type", "code": service}]}
            ],
            "participant": [
                {"actor": {"reference": f"Patient/{patient_id}"}, "status": "accepted"}
            ],
        }
    )
    await rig.backend.put_resources([visit])


async def test_who_is_due(rig: Rig) -> None:
    await past_visit(rig, "pat-0007", 50)  # 7 weeks ago: due
    await past_visit(rig, "pat-0008", 20)  # 3 weeks ago: not yet
    await past_visit(rig, "pat-0009", 60)
    await past_visit(rig, "pat-0009", 10, service="follow-up")  # already came back
    views = await rig.backend.list_appointments(limit=10_000)
    campaign = next(c for c in rig.outreach.config.recalls if c.key == CAMPAIGN)
    assert due_visits(views, campaign, rig.clock.now()) == {"pat-0007": "past-pat-0007-50"}


async def test_an_invitation_booked_by_number_then_yes(rig: Rig) -> None:
    await past_visit(rig, "pat-0007", 50)
    await rig.queue.enqueue([rig.outreach.recalls.job(CAMPAIGN)])
    await rig.run_due()
    [invitation] = rig.sent("recall")
    assert "1)" in invitation.body and "2)" in invitation.body
    assert len([r for r in invitation.about if r.startswith("Slot/")]) == 3
    number = await phone(rig, "pat-0007")
    asked = await rig.outreach.inbox.receive(phone=number, text="2", message_id="SM-r-1")
    assert asked.handled and asked.replies[0].kind == "booking-question"
    for reply in asked.replies:
        await rig.outreach.sender.deliver(reply)
    booked_before = await rig.backend.list_appointments(
        patient_id="pat-0007", statuses=["booked"], upcoming_only=True
    )
    done = await rig.outreach.inbox.receive(phone=number, text="oui", message_id="SM-r-2")
    assert done.handled
    booked = await rig.backend.list_appointments(
        patient_id="pat-0007", statuses=["booked"], upcoming_only=True
    )
    assert len(booked) == len(booked_before) + 1
    new = next(v for v in booked if v not in booked_before)
    assert f"Slot/{new.appointment.slot[0].reference.split('/')[1]}" == invitation.about[1]
    report = await rig.outreach.recalls.report(CAMPAIGN)
    assert (report.reached, report.booked, report.due) == (1, 1, 0)
    # Running the campaign again invites nobody twice.
    rig.clock.advance(timedelta(hours=2))
    await rig.queue.enqueue([rig.outreach.recalls.job(CAMPAIGN)])
    await rig.run_due()
    assert len(rig.sent("recall")) == 1


async def test_the_rate_limit_spreads_invitations_and_opt_outs_are_skipped(rig: Rig) -> None:
    from tests.fakes.outbound import build_rig, clinic_with

    slow = build_rig(
        rig.backend.db.path,  # type: ignore[arg-type]
        rig.queue.path + ".slow",
        rig.clock,
        clinic_with(recall_rate_per_hour=1),
    )
    for patient in ("pat-0007", "pat-0008", "pat-0009"):
        await past_visit(slow, patient, 50)
    await slow.outreach.inbox.receive(
        phone=await phone(slow, "pat-0009"), text="STOP", message_id="SM-stop"
    )
    await slow.queue.enqueue([slow.outreach.recalls.job(CAMPAIGN)])
    await slow.run_due()
    assert len(slow.sent("recall")) == 1
    slow.clock.advance(timedelta(hours=1))
    await slow.run_due()
    recalled = {m.patient_id for m in slow.sent("recall")}
    assert recalled == {"pat-0007", "pat-0008"}
    report = await slow.outreach.recalls.report(CAMPAIGN)
    assert report.reached == 2 and report.opted_out == 1
    assert (await slow.backend.get(Patient, "pat-0009")).extension
    await slow.backend.close()
