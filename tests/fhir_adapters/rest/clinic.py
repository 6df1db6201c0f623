"""A tiny practice seeded with unique ids, so integration tests never see each other's data."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.resources import (
    DomainResource,
    Location,
    Patient,
    Practitioner,
    PractitionerRole,
    Schedule,
    Slot,
)
from fhir_adapters.rest import VendorProfile

NO_TRANSACTIONS = VendorProfile(name="no-transactions", transactions=False)
"""A server profile without transactions: bookings run as guarded sequences."""


@dataclass
class MiniClinic:
    """Ids of what ``seed_mini_clinic`` created."""

    prefix: str
    practitioner_id: str
    other_practitioner_id: str
    location_id: str
    patient_ids: list[str]
    slot_ids: list[str] = field(default_factory=list)
    other_slot_ids: list[str] = field(default_factory=list)


def _slots(
    prefix: str, schedule_id: str, first: datetime, count: int, specialty: str
) -> list[Slot]:
    return [
        Slot.model_validate(
            {
                "resourceType": "Slot",
                "id": f"{prefix}-{i}",
                "schedule": {"reference": f"Schedule/{schedule_id}"},
                "status": "free",
                "start": (first + timedelta(minutes=30 * i)).isoformat(),
                "end": (first + timedelta(minutes=30 * i + 30)).isoformat(),
                "serviceType": [{"coding": [{"code": "consultation"}]}],
                "specialty": [{"coding": [{"code": specialty}]}],
            }
        )
        for i in range(count)
    ]


async def seed_mini_clinic(
    backend: SchedulingBackend, now: datetime, *, slots: int = 12, patients: int = 3
) -> MiniClinic:
    """Two practitioners (GP, dentist), one location, ``slots`` slots each from tomorrow 09:00."""
    p = "t" + uuid.uuid4().hex[:10]
    tomorrow_nine = (now + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    resources: list[DomainResource] = [
        Location.model_validate({"resourceType": "Location", "id": f"{p}-loc", "name": "Main"}),
        Practitioner.model_validate(
            {
                "resourceType": "Practitioner",
                "id": f"{p}-gp",
                "name": [{"family": "Martín", "given": ["Élodie"], "prefix": ["Dr"]}],
            }
        ),
        Practitioner.model_validate(
            {
                "resourceType": "Practitioner",
                "id": f"{p}-dent",
                "name": [{"family": "Smith", "given": ["John"]}],
            }
        ),
    ]
    for pid, code in ((f"{p}-gp", "general-practice"), (f"{p}-dent", "dentistry")):
        resources.append(
            PractitionerRole.model_validate(
                {
                    "resourceType": "PractitionerRole",
                    "id": f"{pid}-role",
                    "practitioner": {"reference": f"Practitioner/{pid}"},
                    "location": [{"reference": f"Location/{p}-loc"}],
                    "specialty": [{"coding": [{"code": code}]}],
                }
            )
        )
        resources.append(
            Schedule.model_validate(
                {
                    "resourceType": "Schedule",
                    "id": f"{pid}-sched",
                    "actor": [
                        {"reference": f"Practitioner/{pid}"},
                        {"reference": f"Location/{p}-loc"},
                    ],
                }
            )
        )
    gp_slots = _slots(f"{p}-gps", f"{p}-gp-sched", tomorrow_nine, slots, "general-practice")
    dent_slots = _slots(f"{p}-dns", f"{p}-dent-sched", tomorrow_nine, slots, "dentistry")
    resources += gp_slots + dent_slots
    patient_ids = [f"{p}-pat{i}" for i in range(patients)]
    for i, pid in enumerate(patient_ids):
        resources.append(
            Patient.model_validate(
                {
                    "resourceType": "Patient",
                    "id": pid,
                    "identifier": [{"system": "https://frontdesk.dev/mrn", "value": f"{p}-mrn{i}"}],
                    "name": [{"family": f"Dupônt{p}", "given": [f"Zoé{i}"]}],
                    "birthDate": f"198{i}-02-03",
                    "telecom": [{"system": "phone", "value": f"+3361234{i:04d}"}],
                }
            )
        )
    await backend.put_resources(resources)
    return MiniClinic(
        prefix=p,
        practitioner_id=f"{p}-gp",
        other_practitioner_id=f"{p}-dent",
        location_id=f"{p}-loc",
        patient_ids=patient_ids,
        slot_ids=[str(s.id) for s in gp_slots],
        other_slot_ids=[str(s.id) for s in dent_slots],
    )
