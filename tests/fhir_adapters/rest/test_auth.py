"""SMART Backend Services and bearer auth: discovery, signed assertions, token cache, 401."""

from __future__ import annotations

import functools
from datetime import timedelta
from urllib.parse import parse_qs

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from fhir_adapters.clock import FixedClock
from fhir_adapters.errors import ForbiddenError
from fhir_adapters.rest import BearerAuth, SmartBackendAuth
from fhir_adapters.rest.auth import ASSERTION_TYPE
from fhir_adapters.rest.client import FhirClient
from tests.fhir_adapters.rest.harness import BASE, Server, Sleeps, fhir

TOKEN_URL = "https://auth.example/oauth2/token"
SCOPES = "system/Slot.rs system/Appointment.cruds"


@functools.cache
def _keys(algorithm: str) -> tuple[str, str]:
    key = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if algorithm == "RS384"
        else ec.generate_private_key(ec.SECP384R1())
    )
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


class EhrWithAuthServer:
    """Discovery document, token endpoint and a FHIR endpoint that checks the bearer token."""

    def __init__(self, *, reject_first_token: bool = False, expires_in: int = 300) -> None:
        self.tokens_issued: list[str] = []
        self.assertions: list[str] = []
        self.forms: list[dict[str, list[str]]] = []
        self.reject_first_token = reject_first_token
        self.expires_in = expires_in

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/.well-known/smart-configuration"):
            return fhir(
                200, {"token_endpoint": TOKEN_URL, "grant_types_supported": ["client_credentials"]}
            )
        if str(request.url) == TOKEN_URL:
            form = parse_qs(request.content.decode())
            self.forms.append(form)
            self.assertions.append(form["client_assertion"][0])
            token = f"token-{len(self.tokens_issued) + 1}"
            self.tokens_issued.append(token)
            return fhir(
                200, {"access_token": token, "token_type": "bearer", "expires_in": self.expires_in}
            )
        given = request.headers.get("authorization", "")
        if not given.startswith("Bearer ") or (
            self.reject_first_token and given == "Bearer token-1"
        ):
            return fhir(401)
        return fhir(200, {"resourceType": "Patient", "id": "p1"})


def _auth(private: str, algorithm: str, clock: FixedClock) -> SmartBackendAuth:
    return SmartBackendAuth(
        client_id="frontdesk-client",
        private_key=private,
        scopes=SCOPES,
        algorithm=algorithm,  # type: ignore[arg-type]
        key_id="key-1",
        clock=clock,
        jti_factory=iter(f"jti-{i}" for i in range(100)).__next__,
    )


@pytest.mark.parametrize("algorithm", ["RS384", "ES384"])
async def test_discovers_the_token_endpoint_and_signs_a_verifiable_assertion(
    algorithm: str, clock: FixedClock
) -> None:
    private, public = _keys(algorithm)
    ehr = EhrWithAuthServer()
    server = Server(ehr)
    client = FhirClient(BASE, auth=_auth(private, algorithm, clock), http=server.client())
    response = await client.request("GET", "Patient/p1")
    assert response.body == {"resourceType": "Patient", "id": "p1"}
    assert server.requests[-1].headers["authorization"] == "Bearer token-1"
    form = ehr.forms[0]
    assert form["grant_type"] == ["client_credentials"]
    assert form["scope"] == [SCOPES]
    assert form["client_assertion_type"] == [ASSERTION_TYPE]
    header = jwt.get_unverified_header(ehr.assertions[0])
    assert header["alg"] == algorithm and header["kid"] == "key-1"
    claims = jwt.decode(
        ehr.assertions[0],
        public,
        algorithms=[algorithm],
        audience=TOKEN_URL,
        options={"verify_exp": False, "verify_iat": False},  # the test clock is not now
    )
    now = int(clock.now().timestamp())
    assert claims["iss"] == claims["sub"] == "frontdesk-client"
    assert claims["jti"] == "jti-0"
    assert claims["exp"] == now + 300


async def test_the_token_is_cached_until_shortly_before_it_expires(clock: FixedClock) -> None:
    private, _ = _keys("RS384")
    ehr = EhrWithAuthServer(expires_in=600)
    client = FhirClient(BASE, auth=_auth(private, "RS384", clock), http=Server(ehr).client())
    await client.request("GET", "Patient/p1")
    clock.advance(timedelta(minutes=5))
    await client.request("GET", "Patient/p1")
    assert ehr.tokens_issued == ["token-1"]
    clock.advance(timedelta(minutes=4, seconds=30))  # within the renewal margin of expiry
    await client.request("GET", "Patient/p1")
    assert ehr.tokens_issued == ["token-1", "token-2"]


async def test_a_401_fetches_a_new_token_once_and_replays(clock: FixedClock) -> None:
    private, _ = _keys("RS384")
    ehr = EhrWithAuthServer(reject_first_token=True)
    server = Server(ehr)
    client = FhirClient(BASE, auth=_auth(private, "RS384", clock), http=server.client())
    response = await client.request("GET", "Patient/p1")
    assert response.status == 200
    assert ehr.tokens_issued == ["token-1", "token-2"]


async def test_a_second_401_is_forbidden_not_a_loop(clock: FixedClock) -> None:
    private, _ = _keys("RS384")
    calls = Server(
        lambda r: (
            EhrWithAuthServer()(r)
            if "well-known" in str(r.url) or str(r.url) == TOKEN_URL
            else fhir(401)
        )
    )
    client = FhirClient(
        BASE, auth=_auth(private, "RS384", clock), http=calls.client(), sleep=Sleeps()
    )
    with pytest.raises(ForbiddenError):
        await client.request("GET", "Patient/p1")
    assert sum(1 for r in calls.requests if str(r.url) == TOKEN_URL) == 2


async def test_a_refused_grant_is_forbidden_without_leaking_the_assertion(
    clock: FixedClock,
) -> None:
    private, _ = _keys("RS384")

    def refuse(request: httpx.Request) -> httpx.Response:
        if "well-known" in str(request.url):
            return fhir(200, {"token_endpoint": TOKEN_URL})
        return fhir(400, {"error": "invalid_client"})

    client = FhirClient(BASE, auth=_auth(private, "RS384", clock), http=Server(refuse).client())
    with pytest.raises(ForbiddenError) as caught:
        await client.request("GET", "Patient/p1")
    assert "invalid_client" in (caught.value.detail or "")
    assert "eyJ" not in (caught.value.detail or "") + str(caught.value)


async def test_bearer_auth_sends_its_token_and_hides_it_in_repr() -> None:
    server = Server(lambda _: fhir(200, {"resourceType": "Patient", "id": "p1"}))
    auth = BearerAuth("s3cret")
    await FhirClient(BASE, auth=auth, http=server.client()).request("GET", "Patient/p1")
    assert server.requests[0].headers["authorization"] == "Bearer s3cret"
    assert "s3cret" not in repr(auth)


def test_smart_auth_refuses_other_algorithms() -> None:
    with pytest.raises(ValueError):
        SmartBackendAuth(client_id="c", private_key="k", scopes="s", algorithm="HS256")  # type: ignore[arg-type]
