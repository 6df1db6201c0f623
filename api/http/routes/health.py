"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from api.http.deps import EngineDep

log = logging.getLogger(__name__)
router = APIRouter(tags=["health"])


class Health(BaseModel):
    """A probe's answer: ``ok``; ``degraded`` (turns are taken, live updates to screens are
    not carried between replicas: answered 200, since restarting a replica would not bring the
    shared bus back); ``unavailable`` (answered 503)."""

    status: str
    checks: dict[str, str] = {}
    """``ehr``, ``checkpoints``, ``bus``: ``ok`` or ``unavailable``."""
    outbox_waiting: int | None = None
    """Staff records kept locally until the EHR takes them (they show in the console)."""


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    """The process is alive (it answers)."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses={503: {"model": Health}})
async def readyz(engine: EngineDep) -> Health | JSONResponse:
    """The store, the checkpoints and the EHR answer: the process can take turns; the live
    bus is reported too."""
    checks = {
        "ehr": await _check("EHR", engine.backend.find_practitioners(None, limit=1)),
        "checkpoints": await _check("checkpoint", engine.state("readyz-probe")),
        "bus": await _check("live bus", engine.live.bus.ping()),
    }
    ok = checks["ehr"] == checks["checkpoints"] == "ok"
    status = "unavailable" if not ok else "ok" if checks["bus"] == "ok" else "degraded"
    outbox = getattr(engine.backend, "outbox", None)
    waiting = await outbox.depth() if outbox is not None else None
    body = Health(status=status, checks=checks, outbox_waiting=waiting)
    return body if ok else JSONResponse(body.model_dump(), status_code=503)


async def _check(what: str, probe: Awaitable[Any]) -> str:
    """``ok`` when ``probe`` answers within 5 s, ``unavailable`` otherwise (logged by kind)."""
    try:
        await asyncio.wait_for(probe, timeout=5)
    except Exception as exc:
        log.warning("readiness: %s check failed (%s)", what, type(exc).__name__)
        return "unavailable"
    return "ok"
