"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.http.deps import EngineDep

log = logging.getLogger(__name__)
router = APIRouter(tags=["health"])


class Health(BaseModel):
    """A probe's answer."""

    status: str
    checks: dict[str, str] = {}
    outbox_waiting: int | None = None
    """Staff records kept locally until the EHR takes them (they show in the console)."""


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    """The process is alive (it answers)."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses={503: {"model": Health}})
async def readyz(engine: EngineDep) -> Health | JSONResponse:
    """The store, the checkpoints and the EHR answer: the process can take turns."""
    checks: dict[str, str] = {}
    try:
        await asyncio.wait_for(engine.backend.find_practitioners(None, limit=1), timeout=5)
        checks["ehr"] = "ok"
    except Exception as exc:
        log.warning("readiness: EHR check failed (%s)", type(exc).__name__)
        checks["ehr"] = "unavailable"
    try:
        await asyncio.wait_for(engine.state("readyz-probe"), timeout=5)
        checks["checkpoints"] = "ok"
    except Exception as exc:
        log.warning("readiness: checkpoint check failed (%s)", type(exc).__name__)
        checks["checkpoints"] = "unavailable"
    ok = all(v == "ok" for v in checks.values())
    outbox = getattr(engine.backend, "outbox", None)
    waiting = await outbox.depth() if outbox is not None else None
    body = Health(status="ok" if ok else "unavailable", checks=checks, outbox_waiting=waiting)
    return body if ok else JSONResponse(body.model_dump(), status_code=503)
