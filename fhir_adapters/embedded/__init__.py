"""The embedded scheduling backend: FHIR resources in one SQLite file, no server needed."""

from fhir_adapters.embedded.store import EmbeddedBackend

__all__ = ["EmbeddedBackend"]
