"""The demo clinic's public entry points (the implementation lives in ``fhir_adapters.demo``).

Example:
    >>> from datetime import date
    >>> clinic = build_demo_clinic(seed=42, start=date(2026, 11, 23), weeks=4)
    >>> clinic.staff()[0].name
    'Dr Claire Martin'
"""

from fhir_adapters.demo import (
    MRN_SYSTEM,
    ORGANIZATION_ID,
    ORGANIZATION_NAME,
    PLANNED_VISITS,
    SEED_ACTOR,
    SERVICE_TYPE_SYSTEM,
    SPECIALTY_SYSTEM,
    STAFF,
    DemoClinic,
    StaffSummary,
    build_demo_clinic,
    is_seeded,
    mrn,
    patient_id,
    seed_demo_clinic,
)

__all__ = [
    "MRN_SYSTEM",
    "ORGANIZATION_ID",
    "ORGANIZATION_NAME",
    "PLANNED_VISITS",
    "SEED_ACTOR",
    "SERVICE_TYPE_SYSTEM",
    "SPECIALTY_SYSTEM",
    "STAFF",
    "DemoClinic",
    "StaffSummary",
    "build_demo_clinic",
    "is_seeded",
    "mrn",
    "patient_id",
    "seed_demo_clinic",
]
