"""Writing several changes at once: a FHIR transaction where the server has them, a guarded
sequence with compensation where it has not.

Every change is conditional (If-Match on the version read, If-None-Exist on an identifier),
so a transaction may be sent again after a lost answer: a replay of an applied transaction
fails its preconditions (412) and writes nothing.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from fhir_adapters.errors import SchedulingError
from fhir_adapters.rest.client import FhirClient
from fhir_adapters.rest.records import weak_etag

log = logging.getLogger(__name__)
Json = dict[str, Any]


@dataclass
class Change:
    """One write: a PUT or PATCH under If-Match, or a POST (optionally If-None-Exist)."""

    resource: Json
    method: str = "PUT"
    if_match: str | None = None
    """The version this change expects (a bare version id, e.g. "3")."""
    if_none_exist: str | None = None
    patch: list[Json] | None = None
    """JSON Patch operations when ``method`` is PATCH (Oracle Health status changes)."""
    local_id: str = field(default_factory=lambda: f"urn:uuid:{uuid.uuid4()}")
    """``urn:uuid:`` by which other changes of the same transaction reference a POSTed resource."""

    @property
    def url(self) -> str:
        rtype = self.resource["resourceType"]
        return rtype if self.method == "POST" else f"{rtype}/{self.resource['id']}"

    def entry(self) -> Json:
        """The transaction Bundle entry of this change."""
        if self.method == "PATCH":
            raise ValueError("JSON Patch changes are applied one by one, not in a transaction")
        request: Json = {"method": self.method, "url": self.url}
        if self.if_match:
            request["ifMatch"] = weak_etag(self.if_match)
        if self.if_none_exist:
            request["ifNoneExist"] = self.if_none_exist
        full_url = self.local_id if self.method == "POST" else self.url
        return {"fullUrl": full_url, "resource": self.resource, "request": request}

    def headers(self) -> dict[str, str]:
        """The conditional headers of this change sent on its own."""
        headers: dict[str, str] = {}
        if self.if_match:
            headers["If-Match"] = weak_etag(self.if_match) or ""
        if self.if_none_exist:
            headers["If-None-Exist"] = self.if_none_exist
        return headers


async def transact(client: FhirClient, changes: list[Change]) -> list[Json]:
    """Apply ``changes`` all-or-nothing in one transaction; return the resulting resources.

    Raises VersionConflictError (412/409) when a precondition fails: nothing was written.
    """
    bundle = {
        "resourceType": "Bundle",
        "type": "transaction",
        "entry": [change.entry() for change in changes],
    }
    # Every entry is conditional or an audit record, so a replay is harmless.
    response = await client.request("POST", "", json=bundle, idempotent=True)
    results: list[Json] = []
    for entry in (response.body or {}).get("entry") or []:
        resource = entry.get("resource")
        if isinstance(resource, dict):
            results.append(resource)
        else:
            location = str((entry.get("response") or {}).get("location") or "")
            if location:
                read = await client.request("GET", location.split("/_history")[0])
                results.append(read.body or {})
    return results


async def apply_one(client: FhirClient, change: Change, *, idempotent: bool | None = None) -> Json:
    """Apply a single change outside a transaction and return the stored resource."""
    conditional = change.method != "POST" or bool(change.if_none_exist)
    safe = conditional if idempotent is None else idempotent
    headers = {**change.headers(), "Prefer": "return=representation"}
    if change.method == "PATCH":
        response = await client.request(
            "PATCH",
            change.url,
            content=json.dumps(change.patch or []).encode(),
            headers={**headers, "Content-Type": "application/json-patch+json"},
            idempotent=bool(change.if_match),
        )
    else:
        response = await client.request(
            change.method, change.url, json=change.resource, headers=headers, idempotent=safe
        )
    if response.body and response.body.get("resourceType") == change.resource["resourceType"]:
        return response.body
    location = response.headers.get("location") or change.url
    read = await client.request("GET", _relative(client, location))
    return read.body or {}


def _relative(client: FhirClient, location: str) -> str:
    location = location.split("/_history")[0]
    return (
        location[len(client.base_url) + 1 :] if location.startswith(client.base_url) else location
    )


async def best_effort(client: FhirClient, change: Change) -> None:
    """Apply an audit record where no transaction can carry it; log rather than fail the write."""
    try:
        await apply_one(client, change, idempotent=False)
    except SchedulingError as exc:
        log.error("audit record not written: %s", exc.detail or exc)
