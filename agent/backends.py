"""Build the scheduling backend the settings ask for: a FHIR server when a base URL is set,
the embedded SQLite store otherwise. Also turns the settings' auth fields into the REST
backend's auth object (fhir_adapters never sees Settings)."""

from __future__ import annotations

from agent.settings import Settings
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.clock import Clock
from fhir_adapters.rest import Auth, BearerAuth, NoAuth, RestBackend, SmartBackendAuth


def auth_from_settings(settings: Settings, *, clock: Clock | None = None) -> Auth:
    """The FHIR auth the settings configure (none, a bearer token, or SMART Backend Services).

    Raises:
        ValueError: when the chosen method lacks its token, client id or key.
    """
    if settings.fhir_auth == "bearer":
        if settings.fhir_bearer_token is None:
            raise ValueError("FRONTDESK_FHIR_AUTH=bearer needs FRONTDESK_FHIR_BEARER_TOKEN")
        return BearerAuth(settings.fhir_bearer_token.get_secret_value())
    if settings.fhir_auth == "smart":
        if settings.smart_private_key is not None:
            key = settings.smart_private_key.get_secret_value()
        elif settings.smart_private_key_file is not None:
            key = settings.smart_private_key_file.read_text(encoding="utf-8")
        else:
            raise ValueError(
                "FRONTDESK_FHIR_AUTH=smart needs FRONTDESK_SMART_PRIVATE_KEY or "
                "FRONTDESK_SMART_PRIVATE_KEY_FILE"
            )
        if not settings.smart_client_id:
            raise ValueError("FRONTDESK_FHIR_AUTH=smart needs FRONTDESK_SMART_CLIENT_ID")
        return SmartBackendAuth(
            client_id=settings.smart_client_id,
            private_key=key,
            scopes=settings.smart_scopes,
            algorithm=settings.smart_algorithm,
            key_id=settings.smart_key_id,
            clock=clock,
        )
    return NoAuth()


def build_backend(settings: Settings, *, clock: Clock, tz: str) -> SchedulingBackend:
    """Return the configured backend for the practice in time zone ``tz``."""
    if settings.fhir_base_url:
        return RestBackend(
            settings.fhir_base_url,
            tz=tz,
            clock=clock,
            auth=auth_from_settings(settings, clock=clock),
            vendor=settings.fhir_vendor,
            timeout=settings.fhir_timeout_s,
            directory_ttl_s=settings.fhir_directory_ttl_s,
        )
    from fhir_adapters.embedded import EmbeddedBackend  # type: ignore[attr-defined]

    path = settings.resolved_store_path
    path.parent.mkdir(parents=True, exist_ok=True)
    return EmbeddedBackend(path, tz=tz, clock=clock)  # type: ignore[no-any-return]
