"""How the REST backend authenticates: nothing, a static bearer token, or SMART Backend Services.

SMART Backend Services (system-to-system OAuth 2.0): the token endpoint is discovered at
``{base}/.well-known/smart-configuration``; a client-credentials grant is sent with a JWT
assertion signed RS384 or ES384 with the client's private key; the access token is cached
until shortly before it expires and fetched again once when the server answers 401.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, Protocol

import httpx
import jwt

from fhir_adapters.clock import Clock, SystemClock
from fhir_adapters.errors import BackendUnavailableError, ForbiddenError
from fhir_adapters.rest.errors import outcome_text

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_LIFETIME = timedelta(minutes=5)  # the SMART spec's maximum
EXPIRY_MARGIN = timedelta(seconds=60)
"""A cached token is renewed this long before it expires, so no request carries a stale one."""


class Auth(Protocol):
    """Adds credentials to FHIR requests."""

    async def headers(self, http: httpx.AsyncClient, base_url: str) -> dict[str, str]:
        """Return the headers that authenticate the next request."""
        ...

    def invalidate(self) -> bool:
        """Forget cached credentials after a 401; True when fetching new ones may help."""
        ...


class NoAuth:
    """An open server (test servers, a FHIR facade on a private network)."""

    async def headers(self, http: httpx.AsyncClient, base_url: str) -> dict[str, str]:
        return {}

    def invalidate(self) -> bool:
        return False


class BearerAuth:
    """A static bearer token (issued out of band)."""

    def __init__(self, token: str) -> None:
        if not token:
            raise ValueError("BearerAuth needs a non-empty token")
        self._token = token

    async def headers(self, http: httpx.AsyncClient, base_url: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"}

    def invalidate(self) -> bool:
        return False  # the same token will be refused again

    def __repr__(self) -> str:
        return "BearerAuth(token=***)"


@dataclass
class _Token:
    value: str
    expires_at: datetime


class SmartBackendAuth:
    """SMART on FHIR Backend Services: client-credentials grant with a signed JWT assertion."""

    def __init__(
        self,
        *,
        client_id: str,
        private_key: str,
        scopes: str,
        algorithm: Literal["RS384", "ES384"] = "RS384",
        key_id: str | None = None,
        token_url: str | None = None,
        clock: Clock | None = None,
        jti_factory: Callable[[], str] | None = None,
    ) -> None:
        """Configure the grant.

        Args:
            client_id: the client id registered with the EHR (``iss`` and ``sub`` of the JWT).
            private_key: PEM text of the RSA (RS384) or EC P-384 (ES384) signing key.
            scopes: space-separated scopes, e.g. ``"system/Slot.rs system/Appointment.cruds"``.
            algorithm: ``RS384`` or ``ES384``.
            key_id: ``kid`` of the public key in the client's registered JWKS.
            token_url: the token endpoint; discovered from the FHIR base URL when None.
            clock: time source for ``exp`` and for the token cache.
            jti_factory: makes the assertion's unique ``jti``.
        """
        if algorithm not in ("RS384", "ES384"):
            raise ValueError("SMART Backend Services signs with RS384 or ES384")
        if not client_id or not private_key:
            raise ValueError("SmartBackendAuth needs a client id and a private key")
        self.client_id = client_id
        self.scopes = scopes
        self.algorithm = algorithm
        self.key_id = key_id
        self._key = private_key
        self._token_url = token_url
        self._clock = clock or SystemClock()
        self._jti = jti_factory or (lambda: str(uuid.uuid4()))
        self._token: _Token | None = None
        self._lock = asyncio.Lock()

    def __repr__(self) -> str:
        return f"SmartBackendAuth(client_id={self.client_id!r}, algorithm={self.algorithm})"

    async def headers(self, http: httpx.AsyncClient, base_url: str) -> dict[str, str]:
        async with self._lock:  # concurrent requests share one token fetch
            if self._token is None or self._clock.now() >= self._token.expires_at - EXPIRY_MARGIN:
                self._token = await self._fetch_token(http, base_url)
            return {"Authorization": f"Bearer {self._token.value}"}

    def invalidate(self) -> bool:
        self._token = None
        return True

    async def token_url(self, http: httpx.AsyncClient, base_url: str) -> str:
        """The token endpoint, discovered once from ``.well-known/smart-configuration``."""
        if self._token_url is None:
            url = base_url.rstrip("/") + "/.well-known/smart-configuration"
            config = await _post_or_get(http, "GET", url)
            endpoint = config.get("token_endpoint")
            if not isinstance(endpoint, str) or not endpoint:
                raise ForbiddenError(detail="smart-configuration has no token_endpoint")
            self._token_url = endpoint
        return self._token_url

    def assertion(self, token_url: str) -> str:
        """Sign the client assertion JWT for ``token_url`` (the audience)."""
        now = self._clock.now()
        claims = {
            "iss": self.client_id,
            "sub": self.client_id,
            "aud": token_url,
            "jti": self._jti(),
            "iat": int(now.timestamp()),
            "exp": int((now + ASSERTION_LIFETIME).timestamp()),
        }
        headers = {"typ": "JWT", **({"kid": self.key_id} if self.key_id else {})}
        return jwt.encode(claims, self._key, algorithm=self.algorithm, headers=headers)

    async def _fetch_token(self, http: httpx.AsyncClient, base_url: str) -> _Token:
        url = await self.token_url(http, base_url)
        form = {
            "grant_type": "client_credentials",
            "scope": self.scopes,
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": self.assertion(url),
        }
        body = await _post_or_get(http, "POST", url, data=form)
        token = body.get("access_token")
        if not isinstance(token, str) or not token:
            raise ForbiddenError(detail="token endpoint answered without access_token")
        lifetime = body.get("expires_in")
        seconds = int(lifetime) if isinstance(lifetime, int | float | str) else 300
        return _Token(token, self._clock.now() + timedelta(seconds=seconds))


async def _post_or_get(
    http: httpx.AsyncClient, method: str, url: str, data: dict[str, str] | None = None
) -> dict[str, object]:
    what = f"{method} {httpx.URL(url).path}"
    try:
        response = await http.request(
            method, url, data=data, headers={"Accept": "application/json"}
        )
    except httpx.HTTPError as exc:
        raise BackendUnavailableError(detail=f"{what} -> {type(exc).__name__}") from exc
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code >= 500:
        raise BackendUnavailableError(detail=f"{what} -> HTTP {response.status_code}")
    if response.status_code >= 400 or not isinstance(body, dict):
        # OAuth errors carry "error"/"error_description"; never the assertion itself.
        reason = body.get("error") if isinstance(body, dict) else None
        reason = reason or outcome_text(body)
        raise ForbiddenError(detail=f"{what} -> HTTP {response.status_code} {reason or ''}".strip())
    return body
