"""The scheduling backend over any FHIR R4 REST server (HAPI, Medplum, Epic, Oracle Health).

``RestBackend`` implements ``fhir_adapters.backend.SchedulingBackend``; the auth classes say
how it authenticates (none, a static bearer token, SMART Backend Services).
"""

from fhir_adapters.rest.auth import Auth, BearerAuth, NoAuth, SmartBackendAuth
from fhir_adapters.rest.backend import RestBackend
from fhir_adapters.rest.client import RetryPolicy
from fhir_adapters.rest.vendors import PROFILES, VendorProfile, vendor_profile

__all__ = [
    "PROFILES",
    "Auth",
    "BearerAuth",
    "NoAuth",
    "RestBackend",
    "RetryPolicy",
    "SmartBackendAuth",
    "VendorProfile",
    "vendor_profile",
]
