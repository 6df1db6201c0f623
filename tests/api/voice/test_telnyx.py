"""Telnyx TeXML: Ed25519 webhook signatures checked before anything starts."""

from __future__ import annotations

import base64
import time
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from agent.settings import Settings
from graphs.engine import Engine
from tests.api.voice.conftest import asgi_client

KEY = Ed25519PrivateKey.generate()
PUBLIC = base64.b64encode(KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()
BODY = urlencode({"CallSid": "v3:abc", "From": "+33612345678", "To": "+33199001234"}).encode()


def _headers(body: bytes, key: Ed25519PrivateKey = KEY) -> dict[str, str]:
    now = str(int(time.time()))
    signature = base64.b64encode(key.sign(now.encode() + b"|" + body)).decode()
    return {
        "telnyx-timestamp": now,
        "telnyx-signature-ed25519": signature,
        "content-type": "application/x-www-form-urlencoded",
    }


@pytest.fixture
async def client(rules_engine: Engine, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(data_dir=tmp_path, telnyx_public_key=PUBLIC)
    async with asgi_client(settings, rules_engine, "https://test") as c:
        yield c


async def test_a_signed_texml_answer_streams_the_call_with_a_ticket(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/voice/telnyx/answer", content=BODY, headers=_headers(BODY))
    assert response.status_code == 200, response.text
    stream = ET.fromstring(response.text).find("./Connect/Stream")
    assert stream is not None
    assert stream.get("url", "").startswith("wss://test/voice/telnyx/stream?ticket=")
    assert stream.get("bidirectionalMode") == "rtp"


async def test_unsigned_or_foreign_signatures_are_refused(client: httpx.AsyncClient) -> None:
    plain = {"content-type": "application/x-www-form-urlencoded"}
    assert (
        await client.post("/voice/telnyx/answer", content=BODY, headers=plain)
    ).status_code == 403
    foreign = _headers(BODY, Ed25519PrivateKey.generate())
    refused = await client.post("/voice/telnyx/answer", content=BODY, headers=foreign)
    assert refused.status_code == 403
    tampered = await client.post(
        "/voice/telnyx/answer", content=BODY + b"&x=1", headers=_headers(BODY)
    )
    assert tampered.status_code == 403
