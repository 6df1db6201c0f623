"""Build the scheduling backend the settings ask for: a FHIR server when a base URL is set,
the embedded SQLite store otherwise."""

from __future__ import annotations

from agent.settings import Settings
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import Clock


def build_backend(settings: Settings, *, clock: Clock, tz: str) -> SchedulingBackend:
    """Return the configured backend for the practice in time zone ``tz``."""
    if settings.fhir_base_url:
        from fhir_adapters.rest import RestBackend, auth_from_settings  # type: ignore[attr-defined]

        return RestBackend(  # type: ignore[no-any-return]
            settings.fhir_base_url,
            tz=tz,
            clock=clock,
            auth=auth_from_settings(settings),
            vendor=settings.fhir_vendor,
            timeout=settings.fhir_timeout_s,
        )
    from fhir_adapters.embedded import EmbeddedBackend  # type: ignore[attr-defined]

    path = settings.resolved_store_path
    path.parent.mkdir(parents=True, exist_ok=True)
    return EmbeddedBackend(path, tz=tz, clock=clock)  # type: ignore[no-any-return]
