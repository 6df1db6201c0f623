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

LLMServer = Literal["auto", "openai", "vllm", "ollama", "llamacpp", "llama-cpp-python"]
"""The request shape of an OpenAI-compatible server (``agent.brains.servers``)."""

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
    openai_timeout_s: float = Field(8.0, gt=0, description="one request to the model")

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
    outbox_retry_s: float = Field(
        5.0, gt=0, description="first retry delay of staff records waiting for the EHR"
    )

    # ---- web chat and live conversations ------------------------------------------------
    web_language: Literal["fr", "en"] | None = Field(
        None, description="pin the web chat's language; it follows the browser when unset"
    )
    directory_file: Path | None = Field(
        None, description="the conversation directory (SQLite); default data_dir/"
    )

    @property
    def directory_path(self) -> Path:
        """The conversation directory's SQLite file."""
        return self.directory_file or self.data_dir / "conversations.sqlite"

    # ---- outbound ----
    outbound_enabled: bool = Field(True, description="confirmations, reminders, waitlist")
    jobs_url: str | None = Field(
        None, description="postgresql://... for the Postgres job queue; SQLite in data_dir else"
    )
    jobs_worker_in_server: bool = Field(True, description="`serve` runs a job worker too")
    jobs_concurrency: int = Field(8, ge=1, le=256)
    jobs_lease_s: float = Field(60.0, gt=0, description="a claimed job not done by then reruns")
    jobs_max_attempts: int = Field(5, ge=1, le=50)
    jobs_sync_interval_s: float = Field(300.0, gt=0, description="EHR cancellation sync")
    outbound_send_attempts: int = Field(4, ge=1, le=20, description="per message, tenacity")
    outbox_file: Path | None = Field(None, description="console provider; default data_dir/")
    outbox_echo: bool = Field(True, description="console provider prints each message")
    twilio_account_sid: str | None = None
    twilio_auth_token: SecretStr | None = None
    twilio_from_number: str | None = None
    twilio_messaging_service_sid: str | None = None
    twilio_whatsapp_from: str | None = None
    twilio_api_base_url: str | None = Field(None, description="tests' stand-in only")
    public_base_url: str | None = Field(
        None,
        # FRONTDESK_VOICE_PUBLIC_URL is the deprecated name of the same setting (voice used to
        # have its own): one public address serves SMS, voice webhooks and media streams.
        validation_alias=AliasChoices(
            "public_base_url", "FRONTDESK_PUBLIC_BASE_URL", "FRONTDESK_VOICE_PUBLIC_URL"
        ),
        description="https://... base URL providers reach us at (webhook signatures, callbacks,"
        " media-stream URLs); the request's own URL when unset",
    )
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_security: Literal["starttls", "tls", "none"] = "starttls"
    smtp_sender: str | None = None

    # ---- llm brain ---------------------------------------------------------------------
    brains: str | None = Field(
        None,
        description="brain chain, e.g. 'openai,openai-secondary,rules' (rules is always "
        "last); default: from 'brain' ('openai' means 'openai,rules')",
    )
    openai_server: LLMServer = Field(
        "auto", description="request shape; 'auto' asks GET /models of a local server"
    )
    openai_secondary_base_url: str | None = None
    openai_secondary_api_key: SecretStr | None = None
    openai_secondary_model: str | None = Field(None, description="default: openai_model")
    openai_secondary_server: LLMServer = "auto"
    llm_retries: int = Field(2, ge=0, le=5, description="retries of a transient error")
    llm_turn_budget_text_s: float = Field(10.0, gt=0, description="reading one text turn")
    llm_turn_budget_voice_s: float = Field(2.5, gt=0, description="reading one voice turn")
    llm_probe_interval_s: float = Field(30.0, gt=0, description="skip a failed brain this long")
    llm_transcript_turns: int = Field(12, ge=0, description="earlier turns sent to the model")
    llm_max_tokens: int = Field(
        400, ge=32, description="cap on one reading's completion tokens (bounds a looping model)"
    )
    llm_hybrid: bool = Field(False, description="rules read the turns they read with certainty")
    eval_turn_timeout_s: float | None = Field(
        None, description="an eval turn's limit; default: 30 s, or the text budget x 3"
    )

    @property
    def brain_chain(self) -> list[str]:
        """The brains to try in order; the rule brain always closes the chain."""
        names = [n.strip() for n in (self.brains or self.brain).split(",") if n.strip()]
        names = [n for n in names if n != "rules"]
        return [*dict.fromkeys(names), "rules"]

    @property
    def resolved_store_path(self) -> Path:
        """The embedded store file."""
        return self.store_path or self.data_dir / "frontdesk.sqlite"

    @property
    def record_outbox_path(self) -> Path:
        """The durable outbox of staff records waiting for the EHR."""
        return self.data_dir / "record-outbox.sqlite"

    @property
    def checkpoint_path(self) -> Path:
        """The SQLite checkpoint file used when no Postgres URL is configured."""
        return self.data_dir / "checkpoints.sqlite"

    @property
    def jobs_path(self) -> Path:
        """The SQLite job queue used when no Postgres URL is configured."""
        return self.data_dir / "jobs.sqlite"

    @property
    def resolved_outbox_file(self) -> Path:
        """Where the console provider writes messages."""
        return self.outbox_file or self.data_dir / "outbox.jsonl"

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

    # ---- voice ----
    voice_stt: Literal["whisper", "deepgram", "openai"] = Field(
        "whisper", description="speech-to-text: offline Whisper base, or a cloud service"
    )
    voice_tts: Literal["offline", "cartesia", "elevenlabs", "openai"] = Field(
        "offline", description="text-to-speech: Piper (en) / Kokoro (fr), or a cloud voice"
    )
    voice_french_voice: Literal["kokoro", "espeak"] = Field(
        "kokoro",
        description="offline French voice: Kokoro reading espeak-ng's phonemes (understood by"
        " speech recognition), or espeak-ng itself (robotic, fastest)",
    )
    voice_models_dir: Path | None = Field(
        None, description="where offline speech models are assembled; default data_dir/models"
    )
    voice_detect_language: bool = Field(
        True,
        description="on a line with no set language, Whisper detects French/English on the"
        " caller's first words",
    )
    voice_fallback: bool = Field(
        True,
        description="a cloud STT/TTS that fails or stalls mid-call falls over to the offline one",
    )
    voice_service_timeout_s: float = Field(
        3.0, gt=0, description="a cloud voice silent this long after a reply counts as failed"
    )
    voice_silence_reprompt_s: float = Field(6.0, gt=0, description="silence before a re-prompt")
    voice_keypad_pause_s: float = Field(
        3.0, gt=0, description="a typed birth date or number without the hash key ends after this"
    )
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
    telnyx_public_key: str | None = Field(
        None, description="Telnyx webhook signing public key (base64 Ed25519)"
    )
    telnyx_api_key: SecretStr | None = Field(
        None, description="Telnyx API key (v2): moves a TeXML call to the staff line"
    )
    telnyx_api_url: str = "https://api.telnyx.com/v2"
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

    # ---- scale-out ----
    workers: int = Field(1, ge=1, le=64, description="`serve` worker processes (uvicorn)")
    conversation_locks: Literal["auto", "local", "file", "postgres"] = Field(
        "auto",
        description="one turn at a time per conversation across processes: flock files in "
        "data_dir (file), Postgres advisory locks (postgres), this process only (local); auto "
        "picks postgres when checkpoint_url is Postgres, file otherwise",
    )
    bus: Literal["auto", "memory", "sqlite", "redis", "postgres"] = Field(
        "auto",
        description="live updates across processes: memory (one process), sqlite (an event "
        "table in data_dir polled by each process), redis (pub/sub on redis_url), postgres "
        "(LISTEN/NOTIFY on checkpoint_url); auto picks redis, then postgres, then sqlite when "
        "workers > 1, else memory",
    )
    redis_url: str | None = Field(None, description="redis://host:6379/0 for the live bus")
    bus_poll_s: float = Field(0.05, gt=0, le=5, description="sqlite bus polling interval")
    worker_healthcheck_s: int = Field(
        60,
        ge=1,
        le=600,
        description="serve --workers N: how long a worker may take to answer the supervisor's "
        "ping (its start included) before it is killed and replaced",
    )
    postgres_wait_s: float = Field(
        5.0,
        gt=0,
        le=120,
        description="how long a turn waits for a Postgres connection (checkpoints, advisory "
        "locks) while the database restarts, before the caller hears of a technical problem",
    )

    @property
    def locks_dir(self) -> Path:
        """Where file locks live (one machine's processes share them)."""
        return self.data_dir / "locks"

    @property
    def bus_path(self) -> Path:
        """The SQLite live-update table of the embedded setup."""
        return self.data_dir / "bus.sqlite"

    # ---- hospital scale ----
    fhir_directory_ttl_s: float = Field(
        300.0,
        ge=0,
        le=86_400,
        description="seconds the REST backend keeps the practice directory (practitioners, "
        "roles, services, schedules, locations) before reading it again; 0 reads it every "
        "time. Slot availability is never cached",
    )
