"""Turn FHIR resources and backend views into the flat results tools return."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from agent.tools.models import AppointmentInfo, PatientInfo, PractitionerInfo, SlotOption
from fhir_adapters.queries import AppointmentView, PractitionerMatch, SlotView
from fhir_adapters.resources import Location, Patient, Practitioner, ref_id


def practitioner_name(practitioner: Practitioner | None) -> str | None:
    """Display name with title ("Dr Claire Martin"), from text or prefix + given + family."""
    if practitioner is None or not practitioner.name:
        return None
    name = practitioner.name[0]
    if name.text:
        return str(name.text)
    parts = [*(name.prefix or []), *(name.given or []), name.family or ""]
    return " ".join(str(p) for p in parts if p) or None


def _family(practitioner: Practitioner | None) -> str:
    if practitioner is None or not practitioner.name:
        return ""
    return str(practitioner.name[0].family or "")


def location_address(location: Location | None) -> str | None:
    """The street line of a location, e.g. "12 rue des Tilleuls"."""
    if location is None or location.address is None:
        return None
    lines = location.address.line or []
    return str(lines[0]) if lines else None


def local(moment: datetime, tz: str) -> datetime:
    """``moment`` in the practice's time zone."""
    return moment.astimezone(ZoneInfo(tz))


def practitioner_info(match: PractitionerMatch) -> PractitionerInfo:
    """A practitioner match as a tool result."""
    return PractitionerInfo(
        id=str(match.practitioner.id),
        name=practitioner_name(match.practitioner) or "",
        family=_family(match.practitioner),
        specialties=match.specialties,
        sites=list(
            dict.fromkeys(
                str(loc.reference).split("/", 1)[1]
                for role in match.roles
                for loc in role.location or []
                if str(loc.reference or "").startswith("Location/")
            )
        ),
    )


def slot_option(view: SlotView, tz: str) -> SlotOption:
    """A free slot as a tool result, times in practice-local time."""
    return SlotOption(
        slot_id=view.slot_id,
        start=local(view.start, tz),
        end=local(view.end, tz),
        practitioner_id=str(view.practitioner.id) if view.practitioner else None,
        practitioner=practitioner_name(view.practitioner),
        location=str(view.location.name) if view.location and view.location.name else None,
        address=location_address(view.location),
        service_type=view.service_type,
    )


def appointment_info(view: AppointmentView, tz: str) -> AppointmentInfo:
    """An appointment as a tool result, times in practice-local time."""
    appointment = view.appointment
    slot_id = ref_id(appointment.slot[0], "Slot") if appointment.slot else None
    return AppointmentInfo(
        appointment_id=view.appointment_id,
        status=str(appointment.status),
        start=local(view.start, tz),
        slot_id=slot_id,
        practitioner_id=str(view.practitioner.id) if view.practitioner else None,
        practitioner=practitioner_name(view.practitioner),
        location=str(view.location.name) if view.location and view.location.name else None,
        address=location_address(view.location),
    )


def patient_info(patient: Patient) -> PatientInfo:
    """A patient record reduced to what identification needs."""
    name = patient.name[0] if patient.name else None
    born = patient.birthDate
    return PatientInfo(
        id=str(patient.id),
        given=" ".join(str(g) for g in (name.given or [])) if name else "",
        family=str(name.family or "") if name else "",
        birth_date=born if born is not None and not isinstance(born, str) else None,
    )
