"""The practice as its EHR describes it: discovery from standard FHIR resources.

``discover(base_url, now=...)`` returns a ``Practice`` (organization, sites, services,
practitioners with their roles, schedule and slot coverage, codes we cannot read, gaps).
"""

from fhir_adapters.practice.discover import discover
from fhir_adapters.practice.models import Clinician, Code, Coverage, Practice, Service, Site

__all__ = ["Clinician", "Code", "Coverage", "Practice", "Service", "Site", "discover"]
