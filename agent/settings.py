"""The one Settings object: the only place that reads the environment (prefix ``FRONTDESK_``).

Everything else receives the values it needs from here, so a test or an eval can build a
Settings of its own without touching ``os.environ``.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
DEMO_CLINIC_FILE = PACKAGE_DIR / "clinic" / "demo_clinic.yaml"


class Settings(BaseSettings):
    """frontdesk configuration, from ``FRONTDESK_*`` environment variables or a ``.env`` file."""

    model_config = SettingsConfigDict(
        env_prefix="FRONTDESK_", env_file=".env", extra="ignore", populate_by_name=True
    )

    # ---- where things live -------------------------------------------------------------
    data_dir: Path = Field(Path("var"), description="directory for the store and checkpoints")
    store_path: Path | None = Field(None, description="embedded store file; default data_dir/")
    clinic_file: Path = Field(DEMO_CLINIC_FILE, description="the practice's YAML configuration")

    # ---- the brain ---------------------------------------------------------------------
    brain: Literal["rules", "openai"] = "rules"
    openai_api_key: SecretStr | None = Field(
        None, validation_alias=AliasChoices("FRONTDESK_OPENAI_API_KEY", "OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        None, validation_alias=AliasChoices("FRONTDESK_OPENAI_BASE_URL", "OPENAI_BASE_URL")
    )
    openai_model: str = "gpt-4o-mini"
    openai_timeout_s: float = 20.0

    # ---- the EHR -----------------------------------------------------------------------
    # Only FRONTDESK_FHIR_BASE_URL: the bare FHIR_BASE_URL belongs to the integration tests, and
    # reading it here silently moved every test's conversations onto the shared test server.
    fhir_base_url: str | None = None
    fhir_vendor: Literal["generic", "hapi", "medplum", "epic", "oracle"] = "generic"
    fhir_auth: Literal["none", "bearer", "smart"] = "none"
    fhir_bearer_token: SecretStr | None = None
    smart_client_id: str | None = None
    smart_private_key: SecretStr | None = Field(None, description="PEM text of the signing key")
    smart_private_key_file: Path | None = None
    smart_key_id: str | None = None
    smart_algorithm: Literal["RS384", "ES384"] = "RS384"
    smart_scopes: str = (
        "system/Patient.rs system/Slot.rs system/Schedule.rs system/Appointment.cruds"
    )
    fhir_timeout_s: float = 10.0

    # ---- conversations -----------------------------------------------------------------
    checkpoint_url: str | None = Field(
        None, description="postgresql://... to checkpoint in Postgres; SQLite file otherwise"
    )
    now: datetime | None = Field(None, description="freeze the clock (demos, evals)")
    seed: int = 42
    demo_weeks: int = Field(4, ge=1, le=104)

    # ---- the web service ---------------------------------------------------------------
    secret_key: SecretStr | None = Field(
        None,
        description="root of cookie, token and encryption keys; a key file in data_dir "
        "when unset (set the same value on every replica)",
    )
    previous_secret_keys: list[SecretStr] = Field(
        default_factory=list,
        description="earlier secret keys, still accepted to open data sealed with them "
        "(key rotation); JSON list in the environment",
    )
    encrypt_at_rest: bool = Field(
        True, description="seal checkpoints and transcripts with AES-GCM (agent.crypto)"
    )
    retention_days: int = Field(
        30, ge=1, description="days a conversation idle that long is kept before pruning"
    )
    prune_interval_s: float = Field(3600, gt=0, description="how often a server prunes checkpoints")
    widget_origins: list[str] = Field(
        default_factory=list,
        description="sites allowed to embed the chat widget and call the API from a browser "
        '(CORS and CSP frame-ancestors), e.g. ["https://www.practice.example"]',
    )
    max_request_bytes: int = Field(64_000, ge=1024, description="request body size limit")
    rate_limit_per_ip: str = Field("120/minute", description="public API writes per client IP")
    rate_limit_per_conversation: str = Field("30/minute", description="messages per conversation")
    rate_limit_storage_url: str = Field(
        "memory://", description="limits storage: memory:// or redis://host:6379 (shared)"
    )
    log_level: str = Field("INFO", description="level of the JSON logs")

    @property
    def resolved_store_path(self) -> Path:
        """The embedded store file."""
        return self.store_path or self.data_dir / "frontdesk.sqlite"

    @property
    def checkpoint_path(self) -> Path:
        """The SQLite checkpoint file used when no Postgres URL is configured."""
        return self.data_dir / "checkpoints.sqlite"

    # ---- staff console -----------------------------------------------------------------
    staff_db_path: Path | None = Field(
        None, description="staff accounts and sessions (SQLite); default data_dir/staff.sqlite"
    )
    staff_session_hours: float = Field(12.0, gt=0, le=24 * 30)
    staff_lockout_failures: int = Field(5, ge=1, description="failed sign-ins that lock")
    staff_lockout_minutes: float = Field(15.0, gt=0, description="the lockout window")
    staff_cookie_secure: bool | None = Field(
        None, description="Secure session cookie; None: when the request came over https"
    )
    staff_demo_account: bool = Field(
        True, description="create the demo login on an embedded demo store with no account"
    )
    staff_oidc_issuer: str | None = Field(None, description="OIDC issuer URL (single sign-on)")
    staff_oidc_client_id: str | None = None
    staff_oidc_client_secret: SecretStr | None = None
    staff_oidc_scopes: str = "openid email profile"
    staff_oidc_email_claim: str = Field("email", description="claim matched to a staff email")

    @property
    def resolved_staff_db_path(self) -> Path:
        """The staff accounts database file."""
        return self.staff_db_path or self.data_dir / "staff.sqlite"
