"""``/metrics``: the process's Prometheus metrics (scraped on the internal network)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

router = APIRouter(tags=["operations"])


@router.get("/metrics", response_class=Response, include_in_schema=False)
async def metrics(request: Request) -> Response:
    """Prometheus text exposition of this process's metrics."""
    metrics = request.app.state.metrics
    outbox = getattr(request.app.state.engine.backend, "outbox", None)
    if outbox is not None:
        metrics.outbox_waiting.set(await outbox.depth())
    registry = metrics.registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
