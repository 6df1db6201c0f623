"""Code systems and display names of the shared vocabularies (docs/architecture.md).

Specialty and service-type codes are frontdesk's own small vocabularies; the systems below
name them in FHIR codings so a real EHR can map them to its own value sets.
"""

from __future__ import annotations

from fhir_adapters.resources import CodeableConcept, Coding

SPECIALTY_SYSTEM = "https://frontdesk.dev/specialty"
SERVICE_TYPE_SYSTEM = "https://frontdesk.dev/service-type"
MRN_SYSTEM = "https://frontdesk.dev/mrn"

SPECIALTIES: dict[str, tuple[str, str]] = {
    # code: (French display, English display)
    "general-practice": ("Médecine générale", "General practice"),
    "paediatrics": ("Pédiatrie", "Paediatrics"),
    "dentistry": ("Chirurgie dentaire", "Dentistry"),
    "physiotherapy": ("Kinésithérapie", "Physiotherapy"),
    "dermatology": ("Dermatologie", "Dermatology"),
    "gynaecology": ("Gynécologie", "Gynaecology"),
}

SERVICE_TYPES: dict[str, tuple[str, str]] = {
    "consultation": ("Consultation", "Consultation"),
    "first-visit": ("Première consultation", "First visit"),
    "follow-up": ("Consultation de suivi", "Follow-up visit"),
    "vaccination": ("Vaccination", "Vaccination"),
    "check-up": ("Bilan de santé", "Check-up"),
}

SERVICES_BY_SPECIALTY: dict[str, tuple[str, ...]] = {
    "general-practice": ("consultation", "first-visit", "follow-up", "vaccination", "check-up"),
    "paediatrics": ("consultation", "first-visit", "follow-up", "vaccination", "check-up"),
    "dentistry": ("consultation", "first-visit", "follow-up", "check-up"),
    "physiotherapy": ("consultation", "first-visit", "follow-up"),
    "dermatology": ("consultation", "first-visit", "follow-up"),
    "gynaecology": ("consultation", "first-visit", "follow-up", "check-up"),
}
"""Which service types each specialty's slots can be booked for."""


def specialty_concept(code: str) -> CodeableConcept:
    """A CodeableConcept for a specialty code (English display, French text)."""
    french, english = SPECIALTIES[code]
    return CodeableConcept(
        coding=[Coding(system=SPECIALTY_SYSTEM, code=code, display=english)], text=french
    )


def service_type_concept(code: str) -> CodeableConcept:
    """A CodeableConcept for a service type code (English display, French text)."""
    french, english = SERVICE_TYPES[code]
    return CodeableConcept(
        coding=[Coding(system=SERVICE_TYPE_SYSTEM, code=code, display=english)], text=french
    )
