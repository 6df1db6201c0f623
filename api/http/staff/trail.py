"""Recording staff actions and reads from a route, with the right answer when the trail fails.

A read of a patient's record that cannot be audited is refused (503): the trail is the
practice's proof of who saw what. Signing in and out are audited on a best-effort basis, so
that an EHR outage never locks the staff out of the console in the middle of an emergency.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import Request

from agent.staff import StaffAccount, audit
from api.http.problems import Problem
from fhir_adapters.errors import SchedulingError

log = logging.getLogger(__name__)


async def record(
    request: Request,
    account: StaffAccount,
    purpose: str,
    *,
    required: bool = True,
    **details: Any,
) -> None:
    """Audit ``purpose`` by ``account`` in the practice's backend.

    ``details`` are ``agent.staff.audit``'s keywords: action, patient_id, conversation_id,
    entities.

    Raises:
        Problem: 503 when the trail cannot be written and ``required``.
    """
    backend = request.app.state.engine.backend
    try:
        await audit(backend, account, purpose, **details)
    except SchedulingError as exc:
        log.warning("audit trail unavailable for %s (%s)", purpose, type(exc).__name__)
        if required:
            raise Problem(
                503,
                "Audit trail unavailable",
                "The practice's record cannot log this access right now; try again shortly.",
            ) from None
