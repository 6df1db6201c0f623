"""Delivery reports: what the carrier said became of a message we sent.

A provider that reports delivery (Twilio's ``StatusCallback``) calls back with the message's
state; the Communication that records the message is updated: ``delivered`` / ``read`` /
``sent`` keep it ``completed`` with the delivery state in an extension, ``failed`` /
``undelivered`` make it ``not-done`` with the carrier's error, so it appears among the dead
letters staff see. Reports arrive out of order and more than once: a state never goes back
(``sent`` after ``delivered`` changes nothing), and the same report twice writes once.
"""

from __future__ import annotations

import logging
from typing import Literal

from fhir.resources.R4B.extension import Extension
from pydantic import BaseModel, Field

from agent.outreach.records import DELIVERY_URL, PROVIDER_ID_URL, delivery_of, with_status
from agent.outreach.sender import OUTREACH_ACTOR
from fhir_adapters.backend import SchedulingBackend
from fhir_adapters.errors import ResourceNotFoundError, VersionConflictError
from fhir_adapters.resources import CodeableConcept, Communication

log = logging.getLogger(__name__)

DeliveryState = Literal["sent", "delivered", "read", "failed"]

_RANK: dict[str | None, int] = {None: 0, "sent": 1, "delivered": 2, "read": 3, "failed": 4}


class DeliveryReport(BaseModel):
    """One delivery report, in our terms."""

    record_id: str = Field(..., description="the Communication that records the message")
    state: DeliveryState
    provider_id: str | None = Field(None, description="e.g. Twilio's MessageSid")
    error: str | None = Field(None, description="the carrier's error code, when it failed")


def _updated(record: Communication, report: DeliveryReport) -> Communication | None:
    """``record`` with ``report`` applied, or None when it tells nothing new."""
    current = delivery_of(record)
    if _RANK[report.state] <= _RANK[current]:
        return None
    kept = [e for e in record.extension or [] if e.url != DELIVERY_URL]
    kept.append(Extension(url=DELIVERY_URL, valueCode=report.state))
    if report.provider_id and not any(e.url == PROVIDER_ID_URL for e in kept):
        kept.append(Extension(url=PROVIDER_ID_URL, valueString=report.provider_id))
    update = record.model_copy(update={"extension": kept})
    if report.state != "failed":
        return update
    reason = f"not delivered (carrier error {report.error})" if report.error else "not delivered"
    failed = with_status(update, "not-done")
    return failed.model_copy(update={"statusReason": CodeableConcept(text=reason)})


async def record_delivery(backend: SchedulingBackend, report: DeliveryReport) -> bool:
    """Apply ``report`` to its Communication; False when there is no such message or the
    report tells nothing new (older, repeated)."""
    for _ in range(3):
        try:
            record = await backend.get(Communication, report.record_id)
        except ResourceNotFoundError:
            return False
        update = _updated(record, report)
        if update is None:
            return False
        try:
            await backend.update_communication(update, actor=OUTREACH_ACTOR)
            return True
        except VersionConflictError:  # the sender finished the record meanwhile: read again
            continue
    log.error("delivery report for message record %s could not be applied", report.record_id)
    return False
