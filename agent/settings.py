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

    @property
    def resolved_store_path(self) -> Path:
        """The embedded store file."""
        return self.store_path or self.data_dir / "frontdesk.sqlite"

    @property
    def checkpoint_path(self) -> Path:
        """The SQLite checkpoint file used when no Postgres URL is configured."""
        return self.data_dir / "checkpoints.sqlite"

    # ---- voice ----
    voice_stt: Literal["whisper", "deepgram", "openai"] = Field(
        "whisper", description="speech-to-text: offline Whisper base, or a cloud service"
    )
    voice_tts: Literal["offline", "cartesia", "elevenlabs", "openai"] = Field(
        "offline", description="text-to-speech: Piper (en) / espeak-ng (fr), or a cloud voice"
    )
    voice_models_dir: Path | None = Field(
        None, description="where offline speech models are assembled; default data_dir/models"
    )
    voice_public_url: str | None = Field(
        None,
        description="https://... base URL the telephony provider reaches (webhook signatures "
        "and media-stream URLs); the request's own URL when unset",
    )
    voice_silence_reprompt_s: float = Field(6.0, gt=0, description="silence before a re-prompt")
    voice_filler_delay_s: float = Field(
        0.7, gt=0, description="an answer slower than this gets a short filler phrase first"
    )
    voice_max_call_s: float = Field(1800.0, gt=0, description="a call is closed after this")
    staff_transfer_number: str | None = Field(
        None, description="E.164 number of the staff line for warm transfers"
    )
    staff_transfer_sip_uri: str | None = Field(
        None, description="sip:... address of the staff line (preferred over the number)"
    )
    daily_api_key: SecretStr | None = Field(
        None, validation_alias=AliasChoices("FRONTDESK_DAILY_API_KEY", "DAILY_API_KEY")
    )
    daily_api_url: str = "https://api.daily.co/v1"
    daily_webhook_secret: SecretStr | None = Field(
        None, description="HMAC secret of the Daily pinless dial-in configuration (base64)"
    )
    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    telnyx_public_key: str | None = Field(
        None, description="Telnyx webhook signing public key (base64 Ed25519)"
    )
    deepgram_api_key: SecretStr | None = None
    cartesia_api_key: SecretStr | None = None
    cartesia_voice_en: str = "71a7ad14-091c-4e8e-a314-022ece01c121"
    cartesia_voice_fr: str = "a8a1eb38-5f15-4c1d-8722-7ac0f329727d"
    elevenlabs_api_key: SecretStr | None = None
    elevenlabs_voice_id: str = "21m00Tcm4TlvDq8ikWAM"

    @property
    def resolved_voice_models_dir(self) -> Path:
        """Where the offline speech models are assembled (written once, then read)."""
        return self.voice_models_dir or self.data_dir / "models"
