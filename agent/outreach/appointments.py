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
    patient_id = next(
        (i for p in appointment.participant or [] if (i := ref_id(p.actor, "Patient"))), None
    )
    if patient_id is not None:
        for view in await backend.list_appointments(patient_id=patient_id, limit=500):
            if view.appointment_id == appointment_id:
                return view
    return AppointmentView(appointment=appointment)
