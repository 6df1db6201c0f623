"""Single sign-on for hospitals with an identity provider: OpenID Connect through Authlib.

Configured by ``staff_oidc_issuer``, ``staff_oidc_client_id`` and ``staff_oidc_client_secret``
(discovery at ``<issuer>/.well-known/openid-configuration``). Authlib runs the authorization
code flow, checks the state and validates the ID token (signature, issuer, audience, nonce);
we then map the identity to an **existing** staff account by its email claim: an identity
provider vouches for who someone is, the practice's admins decide who may use the console.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from agent.settings import Settings
from agent.staff import StaffAccount, StaffService


def oidc_client(request: Request) -> Any:
    """The app's Authlib OIDC client (built on first use), or None when SSO is not set up."""
    settings: Settings = request.app.state.settings
    if not settings.staff_oidc_issuer or not settings.staff_oidc_client_id:
        return None
    client = getattr(request.app.state, "oidc_client", None)
    if client is None:
        from authlib.integrations.starlette_client import OAuth

        oauth = OAuth()
        secret = settings.staff_oidc_client_secret
        client = oauth.register(
            "staff",
            server_metadata_url=settings.staff_oidc_issuer.rstrip("/")
            + "/.well-known/openid-configuration",
            client_id=settings.staff_oidc_client_id,
            client_secret=secret.get_secret_value() if secret else None,
            client_kwargs={"scope": settings.staff_oidc_scopes},
        )
        request.app.state.oidc_client = client
    return client


async def account_for_claims(
    claims: dict[str, Any] | None, staff: StaffService, email_claim: str = "email"
) -> StaffAccount | None:
    """The active staff account the identity provider's claims name, if any.

    The email must be present and not explicitly unverified (``email_verified: false``), and
    an account with that email must already exist: single sign-on never creates accounts.
    """
    if not claims:
        return None
    email = claims.get(email_claim)
    if not isinstance(email, str) or "@" not in email:
        return None
    if claims.get("email_verified") is False:
        return None
    return await staff.account_by_email(email)
