"""What the pieces of ``RestBackend`` share: the attributes its constructor sets.

``RestBackend`` is assembled from one class per concept (records, outreach, audit); each
declares here what it reads from the backend so the type checker sees one shape.
"""

from __future__ import annotations

from fhir_adapters.clock import Clock
from fhir_adapters.rest.booking import Writer
from fhir_adapters.rest.client import FhirClient
from fhir_adapters.rest.vendors import VendorProfile


class BackendParts:
    """Attributes set by ``RestBackend.__init__`` and used by its concept classes."""

    client: FhirClient
    clock: Clock
    profile: VendorProfile
    max_pages: int
    _writer: Writer
