"""The demo practice "Maison de santé des Tilleuls": generator and seeding.

``build_demo_clinic`` returns typed R4B resources with stable, readable ids;
``seed_demo_clinic`` writes them into a scheduling backend and books a few appointments.

Example:
    >>> from datetime import date
    >>> clinic = build_demo_clinic(seed=42, start=date(2026, 11, 23), weeks=4)
    >>> clinic.staff()[0].name
    'Dr Claire Martin'
"""

from fhir_adapters.demo.builder import DemoClinic, StaffSummary, build_demo_clinic
from fhir_adapters.demo.codes import MRN_SYSTEM, SERVICE_TYPE_SYSTEM, SPECIALTY_SYSTEM
from fhir_adapters.demo.people import mrn, patient_id
from fhir_adapters.demo.seeding import PLANNED_VISITS, SEED_ACTOR, is_seeded, seed_demo_clinic
from fhir_adapters.demo.staff import ORGANIZATION_ID, ORGANIZATION_NAME, STAFF

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
