"""The practice's configuration: one human-editable YAML file per practice.

``load_clinic(path)`` returns a validated ``ClinicConfig`` or raises ``ClinicConfigError``
naming the file, the line and the problem. ``demo_clinic.yaml`` in this folder describes
the demo practice that ``fhir_adapters.demo`` generates.
"""

from pathlib import Path

from agent.clinic.loader import ClinicConfigError, Problem, load_clinic, parse_clinic
from agent.clinic.model import (
    ClinicConfig,
    DemoSeed,
    LocalCode,
    Localized,
    NewPatients,
    OpeningHours,
    Routing,
    Site,
)

DEMO_CLINIC_FILE = Path(__file__).resolve().parent / "demo_clinic.yaml"

__all__ = [
    "DEMO_CLINIC_FILE",
    "ClinicConfig",
    "ClinicConfigError",
    "DemoSeed",
    "LocalCode",
    "Localized",
    "NewPatients",
    "OpeningHours",
    "Problem",
    "Routing",
    "Site",
    "load_clinic",
    "parse_clinic",
]
