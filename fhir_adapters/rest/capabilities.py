"""What a FHIR server says it can do, read once from its CapabilityStatement (``/metadata``)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from fhir_adapters.errors import BackendUnavailableError, SchedulingError
from fhir_adapters.rest.client import FhirClient

_SCHEDULING_OPS = ("find", "hold", "book")


@dataclass(frozen=True)
class Capabilities:
    """The parts of a CapabilityStatement the scheduling backend acts on."""

    transactions: bool = False
    operations: frozenset[str] = frozenset()
    """Appointment operations advertised, among ``find``, ``hold``, ``book``."""
    conditional_create: bool = False

    @classmethod
    def from_statement(cls, statement: dict[str, Any]) -> Capabilities:
        """Read a CapabilityStatement JSON."""
        transactions = False
        operations: set[str] = set()
        conditional = False
        for rest in statement.get("rest") or []:
            if rest.get("mode", "server") != "server":
                continue
            codes = {i.get("code") for i in rest.get("interaction") or []}
            transactions = transactions or "transaction" in codes
            operations.update(_op_names(rest.get("operation")))
            for resource in rest.get("resource") or []:
                if resource.get("type") == "Appointment":
                    operations.update(_op_names(resource.get("operation")))
                    conditional = conditional or bool(resource.get("conditionalCreate"))
        return cls(transactions, frozenset(operations), conditional)


def _op_names(ops: Any) -> set[str]:
    names: set[str] = set()
    for op in ops or []:
        name = str(op.get("name", "")).lstrip("$").lower()
        definition = str(op.get("definition", "")).lower()
        for wanted in _SCHEDULING_OPS:
            if name in (wanted, f"appointment-{wanted}") or definition.endswith(
                f"appointment-{wanted}"
            ):
                names.add(wanted)
    return names


class CapabilityCache:
    """Reads ``/metadata`` on first use and remembers the answer for the client's lifetime."""

    def __init__(self, client: FhirClient) -> None:
        self._client = client
        self._value: Capabilities | None = None
        self._lock = asyncio.Lock()

    async def get(self) -> Capabilities:
        """The server's capabilities (a server without /metadata is assumed minimal)."""
        if self._value is None:
            async with self._lock:
                if self._value is None:
                    try:
                        response = await self._client.request("GET", "metadata")
                        self._value = Capabilities.from_statement(response.body or {})
                    except BackendUnavailableError:
                        raise  # an outage is not "no capabilities": ask again next time
                    except SchedulingError:
                        self._value = Capabilities()
        return self._value
