"""``agent.backends``: Settings become the REST backend and its auth (fhir_adapters never
sees Settings)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from agent.backends import auth_from_settings, build_backend
from agent.settings import Settings
from fhir_adapters.clock import FixedClock
from fhir_adapters.rest import BearerAuth, NoAuth, RestBackend, SmartBackendAuth


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def _ec_pem() -> str:
    key = ec.generate_private_key(ec.SECP384R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def test_no_auth_by_default() -> None:
    assert isinstance(auth_from_settings(_settings()), NoAuth)


def test_bearer_needs_its_token() -> None:
    assert isinstance(
        auth_from_settings(_settings(fhir_auth="bearer", fhir_bearer_token="t0k")), BearerAuth
    )
    with pytest.raises(ValueError, match="BEARER_TOKEN"):
        auth_from_settings(_settings(fhir_auth="bearer"))


def test_smart_reads_the_key_from_a_file(tmp_path: Path) -> None:
    key_file = tmp_path / "key.pem"
    key_file.write_text(_ec_pem(), encoding="utf-8")
    auth = auth_from_settings(
        _settings(
            fhir_auth="smart",
            smart_client_id="frontdesk",
            smart_private_key_file=key_file,
            smart_algorithm="ES384",
            smart_key_id="k1",
        )
    )
    assert isinstance(auth, SmartBackendAuth)
    assert (auth.client_id, auth.algorithm, auth.key_id) == ("frontdesk", "ES384", "k1")
    assert auth.assertion("https://auth.example/token").count(".") == 2


@pytest.mark.parametrize(
    ("values", "missing"),
    [
        ({"smart_client_id": "frontdesk"}, "PRIVATE_KEY"),
        ({"smart_private_key": "-----BEGIN PRIVATE KEY-----"}, "CLIENT_ID"),
    ],
)
def test_smart_without_client_id_or_key_is_a_clear_error(
    values: dict[str, str], missing: str
) -> None:
    with pytest.raises(ValueError, match=missing):
        auth_from_settings(_settings(fhir_auth="smart", **values))


async def test_a_base_url_builds_the_rest_backend(clock: FixedClock) -> None:
    backend = build_backend(
        _settings(fhir_base_url="https://ehr.example/fhir", fhir_vendor="oracle"),
        clock=clock,
        tz="Europe/Paris",
    )
    try:
        assert isinstance(backend, RestBackend)
        assert backend.profile.name == "oracle"
        assert backend.client.base_url == "https://ehr.example/fhir"
    finally:
        await backend.close()
