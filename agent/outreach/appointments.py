"""Reading one appointment with its practitioner and location, on any backend."""

from __future__ import annotations

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.errors import ResourceNotFoundError
from fhir_adapters.queries import AppointmentView
from fhir_adapters.resources import Appointment, ref_id


async def appointment_view(
    backend: SchedulingBackend, appointment_id: str
) -> AppointmentView | None:
    """The appointment joined with who and where (None when it does not exist)."""
    try:
        appointment = await backend.get(Appointment, appointment_id)
    except ResourceNotFoundError:
        return None
    # The slot's appointments are few (usually this one, maybe a cancelled one before it):
    # listing them is the cheapest way to get the practitioner and location joined.
    slot_id = ref_id(appointment.slot[0], "Slot") if appointment.slot else None
    patient_id = next(
        (i for p in appointment.participant or [] if (i := ref_id(p.actor, "Patient"))), None
    )
    if slot_id is not None:
        views = await backend.list_appointments(slot_id=slot_id, limit=50)
    elif patient_id is not None:
        views = await backend.list_appointments(patient_id=patient_id, limit=500)
    else:
        views = []
    for view in views:
        if view.appointment_id == appointment_id:
            return view
    return AppointmentView(appointment=appointment)
