"""Property-based fuzzing of the JSON API from its own OpenAPI schema (schemathesis): no
server error and no response outside the schema, with and without a real conversation."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth, missing_required_header

from agent.settings import Settings
from api.http.app import create_app
from tests.api.http.conftest import web_settings
from tests.api.live_server import live_server


@pytest.fixture(scope="module")
def base_url(seeded_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data_dir = tmp_path_factory.mktemp("fuzz")
    shutil.copy(seeded_store, data_dir / "frontdesk.sqlite")
    # Limits high enough for the fuzzer (the limits themselves are tested with the middleware).
    settings = web_settings(
        data_dir, rate_limit_per_ip="100000/minute", rate_limit_per_conversation="100000/minute"
    )
    with live_server(settings) as server:
        yield server.url


@pytest.fixture(scope="module")
def conversation(base_url: str) -> tuple[str, str]:
    response = httpx.post(f"{base_url}/v1/conversations", json={"language": "en"})
    body = response.json()
    return body["id"], body["token"]


# The schema the app documents (building the app reads no file and starts nothing), for the
# public JSON API, the probes, the staff API (no session here, so it must answer its documented
# refusal) and the providers' webhooks (unsigned here, likewise); the console pages and web
# voice have browser tests of their own.
openapi = create_app(Settings()).openapi()
schema = schemathesis.openapi.from_dict(openapi).include(
    path_regex=r"^/(v1/|healthz|readyz|staff/api/|sms/|voice/(twilio|telnyx|daily)/)"
)
conversation_routes = schemathesis.openapi.from_dict(openapi).include(
    path_regex=r"^/v1/conversations/\{conversation_id\}"
)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_its_schema(case: schemathesis.Case, base_url: str) -> None:
    case.call_and_validate(base_url=base_url)


@conversation_routes.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_a_real_conversation_keeps_its_schema(
    case: schemathesis.Case, base_url: str, conversation: tuple[str, str]
) -> None:
    cid, token = conversation
    case.path_parameters = {**(case.path_parameters or {}), "conversation_id": cid}
    case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
    # The token is put in on purpose here: the checks that expect a missing or made-up one
    # to be refused run in the test above.
    case.call_and_validate(
        base_url=base_url, excluded_checks=[ignored_auth, missing_required_header]
    )


# The Twilio webhooks: whatever the fuzzer sends without Twilio's signature is refused with
# the documented 403 (or a documented 400/422 for a malformed body), never read, never a 500.
webhooks = schemathesis.openapi.from_dict(create_app(Settings()).openapi()).include(
    path_regex=r"^/sms/"
)


@webhooks.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_twilio_webhooks_keep_their_schema(case: schemathesis.Case, base_url: str) -> None:
    response = case.call_and_validate(base_url=base_url)
    if case.method == "POST":  # the fuzzer also tries other methods (answered 405)
        assert response.status_code in (400, 403, 422, 503)
