"""Outreach records on a FHIR server: messages (Communication) and versioned replacements.

A message is created under ``If-None-Exist`` on its message key, so a retried job never
stores it twice; a replacement is a PUT under ``If-Match`` (a lost race is a
VersionConflictError, never a silent overwrite).
"""

from __future__ import annotations

from typing import Any

from fhir_adapters.errors import InvalidRequestError
from fhir_adapters.outreach_records import (
    MESSAGE_KEY_SYSTEM,
    OUTREACH_CATEGORY_SYSTEM,
    about_of,
    message_key_of,
)
from fhir_adapters.queries import Actor
from fhir_adapters.rest.booking import Writer
from fhir_adapters.rest.client import FhirClient
from fhir_adapters.rest.records import version_of
from fhir_adapters.rest.search import search
from fhir_adapters.rest.transactions import Change, apply_one, best_effort

Json = dict[str, Any]


async def by_message_key(client: FhirClient, key: str) -> Json | None:
    """The Communication carrying message key ``key``, if any."""
    found, _ = await search(
        client, "Communication", [("identifier", f"{MESSAGE_KEY_SYSTEM}|{key}")], max_pages=1
    )
    return found[0] if found else None


async def create_communication(writer: Writer, body: Json, actor: Actor) -> tuple[Json, bool]:
    """Create a Communication unless its message key is already stored: (stored, created)."""
    key = message_key_of(body)
    if key is None:
        raise InvalidRequestError("A message needs a message key.")
    existing = await by_message_key(writer.client, key)
    if existing is not None:
        return existing, False
    body = {k: v for k, v in body.items() if k not in ("id", "meta")}
    change = Change(body, method="POST", if_none_exist=f"identifier={MESSAGE_KEY_SYSTEM}|{key}")
    stored = await apply_one(writer.client, change)
    await best_effort(
        writer.client,
        writer.audit("create", f"Communication/{stored.get('id')}", actor, "communication"),
    )
    return stored, True


async def replace_versioned(writer: Writer, body: Json, actor: Actor, label: str) -> Json:
    """PUT ``body`` under If-Match on its ``meta.versionId``; VersionConflictError when stale."""
    version = version_of(body)
    if version is None:
        raise InvalidRequestError("An update needs the version it replaces (meta.versionId).")
    stored = await apply_one(writer.client, Change(body, if_match=version))
    reference = f"{body['resourceType']}/{body['id']}"
    await best_effort(writer.client, writer.audit("update", reference, actor, label))
    return stored


async def list_communications(
    client: FhirClient,
    *,
    patient_id: str | None,
    about: str | None,
    category: str | None,
    limit: int,
    max_count: int,
    max_pages: int,
) -> list[Json]:
    """Communications newest first; ``about`` is filtered here (R4 has no such search)."""
    params = [("_sort", "-_lastUpdated"), ("_count", str(max_count))]
    if patient_id:
        params.append(("patient", f"Patient/{patient_id}"))
    if category:
        params.append(("category", f"{OUTREACH_CATEGORY_SYSTEM}|{category}"))
    found, _ = await search(client, "Communication", params, max_pages=max_pages)
    if about:
        found = [c for c in found if about_of(c) == about]
    return found[:limit]
