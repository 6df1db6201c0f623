"""The writes of the scheduling workflow: hold, release, book, cancel, reschedule, create.

Every method runs inside one IMMEDIATE transaction opened by the caller, so its checks and
its writes (Appointment, Slot, AuditEvent) are seen by others all together or not at all;
an exception rolls everything back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal

from fhir_adapters.access_audit import access_event
from fhir_adapters.codings import appointment_service_types, appointment_type
from fhir_adapters.concepts import VISIT_KINDS
from fhir_adapters.embedded.audit import audit_event
from fhir_adapters.embedded.columns import (
    HOLD_EXPIRES_URL,
    HOLD_TOKEN_URL,
    IDEMPOTENCY_SYSTEM,
    Json,
    epoch,
    instant,
    parse_instant,
    service_types_of,
    set_extension,
)
from fhir_adapters.embedded.rows import Writer, load_json
from fhir_adapters.errors import (
    AppointmentNotFoundError,
    AppointmentStateError,
    InvalidRequestError,
    PatientNotFoundError,
    ResourceNotFoundError,
    SlotInPastError,
    SlotNotFoundError,
    SlotTakenError,
)
from fhir_adapters.queries import Actor, AuditRecord, BookingRequest, Hold
from fhir_adapters.task_status import change_purpose, changed_task

# Statuses from which a visit can still be cancelled or moved.
CHANGEABLE = frozenset({"proposed", "pending", "booked", "waitlist"})


@dataclass(frozen=True)
class SlotState:
    """The columns of a slot row that decide whether it can be held or booked."""

    status: str
    start_ts: int
    free_after: int | None
    hold_token: str | None
    practitioner_id: str | None
    location_id: str | None
    service_types: str


@dataclass
class Bookings:
    """Scheduling writes over a ``Writer`` whose transaction is already open."""

    writer: Writer
    new_id: Callable[[], str]

    # ---- helpers -----------------------------------------------------------------------

    def audit(self, action: Literal["C", "U"], actor: Actor, refs: list[str], purpose: str) -> None:
        """Record an AuditEvent for the resources ``refs`` written by ``actor``."""
        event = audit_event(
            self.new_id(),
            action=action,
            actor=actor,
            entities=refs,
            recorded=self.writer.now,
            purpose=purpose,
        )
        self.writer.write(event, version=1)

    def update_task(
        self, task_id: str, status: str, note: str | None, actor: Actor, priority: str | None
    ) -> Json:
        """Change a Task's status and priority (None: unchanged), add a note, audited."""
        current = load_json(self.writer.conn, "Task", task_id)
        if current is None:
            raise ResourceNotFoundError(detail=f"Task/{task_id}")
        version = int((current.get("meta") or {}).get("versionId") or 0) + 1
        task = changed_task(current, status, note, actor, self.writer.now, priority=priority)
        self.writer.write(task, version=version)
        self.audit("U", actor, [f"Task/{task_id}"], change_purpose(current, task))
        return task

    def record(self, record: AuditRecord) -> Json:
        """Store the AuditEvent of a person's read or action, stamped now."""
        event = {**access_event(record, self.writer.now), "id": self.new_id()}
        event["recorded"] = instant(self.writer.now)
        self.writer.write(event, version=1)
        return event

    def schedule_json(self, slot: Json) -> Json:
        """The Schedule a slot belongs to ({} when it names none or it is gone)."""
        reference = str((slot.get("schedule") or {}).get("reference") or "")
        if not reference.startswith("Schedule/"):
            return {}
        return load_json(self.writer.conn, "Schedule", reference.split("/", 1)[1]) or {}

    def _slot(self, slot_id: str, patient_id: str = "") -> tuple[SlotState, str, bool]:
        """The slot's state and JSON text, and whether ``patient_id`` exists (one query)."""
        row = self.writer.conn.execute(
            "SELECT status, start_ts, free_after, hold_token, practitioner_id, location_id, "
            "service_type, json, EXISTS (SELECT 1 FROM patient WHERE id = ?) "
            "FROM slot WHERE id = ?",
            (patient_id, slot_id),
        ).fetchone()
        if row is None:
            raise SlotNotFoundError(detail=f"Slot/{slot_id}")
        return SlotState(*row[:7]), row[7], bool(row[8])

    def _check_open(self, slot: SlotState, hold_token: str | None) -> None:
        """Raise unless the slot is in the future and free (or held with ``hold_token``)."""
        now_ts = epoch(self.writer.now)
        if slot.start_ts <= now_ts:
            raise SlotInPastError()
        if slot.free_after is not None and slot.free_after <= now_ts:
            return
        if slot.status == "busy-tentative" and hold_token and slot.hold_token == hold_token:
            return
        raise SlotTakenError()

    def _set_slot(self, slot: Json, status: str, hold: Hold | None = None) -> str:
        slot["status"] = status
        set_extension(slot, HOLD_EXPIRES_URL, "valueInstant", hold and instant(hold.expires_at))
        set_extension(slot, HOLD_TOKEN_URL, "valueString", hold and hold.token)
        self.writer.write(slot, version=int((slot.get("meta") or {}).get("versionId") or 0) + 1)
        return f"Slot/{slot['id']}"

    # ---- writes ------------------------------------------------------------------------

    def create(self, payload: Json, actor: Actor, purpose: str) -> Json:
        """Store a new resource under a fresh id and audit it."""
        payload = {**payload, "id": self.new_id()}
        payload.pop("meta", None)
        self.writer.write(payload, version=1)
        self.audit("C", actor, [f"{payload['resourceType']}/{payload['id']}"], purpose)
        return payload

    def hold(self, slot_id: str, duration: timedelta, actor: Actor) -> Hold:
        """Make a free slot busy-tentative until ``now + duration``."""
        if duration <= timedelta(0):
            raise InvalidRequestError("A hold must last a positive amount of time.")
        state, text, _ = self._slot(slot_id)
        self._check_open(state, None)
        hold = Hold(slot_id=slot_id, token=self.new_id(), expires_at=self.writer.now + duration)
        refs = [self._set_slot(json.loads(text), "busy-tentative", hold)]
        self.audit("U", actor, refs, "hold")
        return hold

    def release(self, hold: Hold, actor: Actor) -> None:
        """Free a slot still held with ``hold.token``; anything else is left as it is."""
        row = self.writer.conn.execute(
            "SELECT json FROM slot WHERE id = ? AND status = 'busy-tentative' AND hold_token = ?",
            (hold.slot_id, hold.token),
        ).fetchone()
        if row is not None:
            self.audit("U", actor, [self._set_slot(json.loads(row[0]), "free")], "release")

    def book(self, request: BookingRequest) -> Json:
        """Book a slot: Appointment booked + Slot busy + AuditEvent, or an error and nothing."""
        replay = self._replay(request)
        if replay is not None:
            return replay
        state, text, patient_exists = self._slot(request.slot_id, request.patient_id)
        if not patient_exists:
            raise PatientNotFoundError(detail=f"Patient/{request.patient_id}")
        self._check_open(state, request.hold_token)
        offered = service_types_of(state.service_types)
        if request.service_type in VISIT_KINDS and offered and request.service_type not in offered:
            raise InvalidRequestError(
                f"That time slot is not for a {request.service_type} visit; "
                f"it takes: {', '.join(offered)}."
            )
        slot = json.loads(text)
        appointment = self._appointment(request, slot, state)
        self.writer.write(appointment, version=1)
        refs = [f"Appointment/{appointment['id']}", self._set_slot(slot, "busy")]
        self.audit("C", request.actor, refs, "book")
        return appointment

    def _replay(self, request: BookingRequest) -> Json | None:
        row = self.writer.conn.execute(
            "SELECT json, slot_id, patient_id FROM appointment WHERE idempotency_key = ?",
            (request.idempotency_key,),
        ).fetchone()
        if row is None:
            return None
        if (row[1], row[2]) != (request.slot_id, request.patient_id):
            raise InvalidRequestError(
                "This booking reference was already used for another slot or patient.",
                detail="idempotency key reused with different arguments",
            )
        return dict(json.loads(row[0]))

    def _appointment(self, request: BookingRequest, slot: Json, state: SlotState) -> Json:
        participants: list[dict[str, Any]] = [
            {"actor": {"reference": f"Patient/{request.patient_id}"}, "status": "accepted"}
        ]
        if state.practitioner_id:
            actor = {"reference": f"Practitioner/{state.practitioner_id}"}
            participants.append({"actor": actor, "status": "accepted"})
        if state.location_id:
            actor = {"reference": f"Location/{state.location_id}"}
            participants.append({"actor": actor, "status": "accepted"})
        minutes = (epoch_of(slot["end"]) - epoch_of(slot["start"])) // 60
        appointment: Json = {
            "resourceType": "Appointment",
            "id": self.new_id(),
            "identifier": [{"system": IDEMPOTENCY_SYSTEM, "value": request.idempotency_key}],
            "status": "booked",
            "start": slot["start"],
            "end": slot["end"],
            "minutesDuration": max(1, minutes),
            "created": instant(self.writer.now),
            "slot": [{"reference": f"Slot/{request.slot_id}"}],
            "participant": participants,
        }
        # The EHR's own codes, never relabelled (the schedule's when the slot has none).
        schedule = self.schedule_json(slot)
        services = appointment_service_types(
            slot.get("serviceType") or schedule.get("serviceType"), request.service_type
        )
        if services:
            appointment["serviceType"] = services
        if slot.get("specialty") or schedule.get("specialty"):
            appointment["specialty"] = slot.get("specialty") or schedule.get("specialty")
        kind = appointment_type(slot, schedule, request.service_type)
        if kind:
            appointment["appointmentType"] = kind
        if request.reason:
            appointment["reasonCode"] = [{"text": request.reason}]
        return appointment

    def _owned(self, appointment_id: str, patient_id: str | None) -> Json:
        row = self.writer.conn.execute(
            "SELECT json, patient_id FROM appointment WHERE id = ?", (appointment_id,)
        ).fetchone()
        # Another patient's visit is reported exactly like a missing one: no information leaks.
        if row is None or (patient_id is not None and row[1] != patient_id):
            raise AppointmentNotFoundError(detail=f"Appointment/{appointment_id}")
        return dict(json.loads(row[0]))

    def _cancel_owned(self, appointment: Json, reason: str | None) -> list[str]:
        if appointment["status"] not in CHANGEABLE:
            raise AppointmentStateError(
                f"That appointment is {appointment['status']} and can no longer be changed."
            )
        # A waitlist entry has no start: it can always be withdrawn.
        start = appointment.get("start")
        if start is not None and epoch_of(start) <= epoch(self.writer.now):
            raise AppointmentStateError("That appointment has already started or is over.")
        appointment["status"] = "cancelled"
        appointment["cancelationReason"] = {"text": reason or "cancelled by patient request"}
        version = int((appointment.get("meta") or {}).get("versionId") or 0) + 1
        self.writer.write(appointment, version=version)
        refs = [f"Appointment/{appointment['id']}"]
        for slot_ref in appointment.get("slot") or []:
            slot_id = str(slot_ref.get("reference", "")).rsplit("/", 1)[-1]
            slot = load_json(self.writer.conn, "Slot", slot_id)
            if slot is not None and slot.get("status") in ("busy", "busy-tentative"):
                refs.append(self._set_slot(slot, "free"))
        return refs

    def cancel(
        self, appointment_id: str, patient_id: str | None, reason: str | None, actor: Actor
    ) -> Json:
        """Cancel an appointment and free its slot (a cancelled one is returned unchanged)."""
        appointment = self._owned(appointment_id, patient_id)
        if appointment["status"] == "cancelled":
            return appointment
        refs = self._cancel_owned(appointment, reason)
        self.audit("U", actor, refs, "cancel")
        return appointment

    def reschedule(self, appointment_id: str, request: BookingRequest) -> Json:
        """Book the new slot and cancel the old appointment in the same transaction."""
        replay = self._replay(request)
        if replay is not None:
            self._owned(appointment_id, request.patient_id)
            return replay
        old = self._owned(appointment_id, request.patient_id)
        slot_ids = [str(s.get("reference", "")).rsplit("/", 1)[-1] for s in old.get("slot") or []]
        if request.slot_id in slot_ids:
            raise InvalidRequestError("The new time slot is the one already booked.")
        if old["status"] not in CHANGEABLE:
            raise AppointmentStateError(
                f"That appointment is {old['status']} and can no longer be changed."
            )
        new = self.book(request.keeping_visit_of(old))
        refs = self._cancel_owned(old, "rescheduled")
        self.audit("U", request.actor, refs, "reschedule")
        return new


def epoch_of(text: str) -> int:
    """Epoch seconds of a FHIR instant text."""
    return epoch(parse_instant(text, "date-time"))
