"""The FastAPI application factory: one Engine per process, shared by every channel.

``create_app(settings)`` builds the engine in the lifespan (or takes one already built, for
tests), mounts the routers of ``api.http.routes`` and the static assets of ``api/web``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from agent.settings import Settings
from api.http.housekeeping import prune_periodically
from api.http.middleware import FrontdeskMiddleware
from api.http.problems import install_problem_handlers
from api.http.routes import ROUTERS
from api.http.staff.setup import install_staff_console, start_staff_console
from api.observability.metrics import Metrics
from graphs.engine import Engine, build_engine

WEB_DIR = Path(__file__).resolve().parent.parent / "web"


@asynccontextmanager
async def _outbound(app: FastAPI, settings: Settings, engine: Engine) -> AsyncIterator[None]:
    """Outbound hook: confirmations, reminders and the waitlist for the engine this app built
    (its job worker runs in this process unless ``jobs_worker_in_server`` is off). Tests that
    inject an engine set ``app.state.outreach`` themselves."""
    from api.jobs.runtime import outbound_lifespan

    async with outbound_lifespan(
        settings, engine, run_worker=settings.jobs_worker_in_server
    ) as runtime:
        app.state.outreach = runtime.outreach if runtime else None
        yield


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the web service.

    Args:
        settings: configuration (read from the environment when None).
        engine: an engine already built (tests); the app then does not close it.
    """
    settings = settings or Settings()
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if engine is not None:
            app.state.engine = engine
            engine.listeners.append(metrics.on_turn)
            await start_staff_console(app, settings, engine.clock)
            try:
                yield
            finally:
                engine.listeners.remove(metrics.on_turn)
            return
        built = await build_engine(settings, wrap_backend=metrics.instrument_backend)
        built.listeners.append(metrics.on_turn)
        app.state.engine = built
        pruning = asyncio.create_task(prune_periodically(settings))
        try:
            await start_staff_console(app, settings, built.clock)
            async with _outbound(app, settings, built):
                yield
        finally:
            pruning.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pruning
            await built.aclose()

    app = FastAPI(
        title="frontdesk",
        version="1",
        summary="AI front desk for medical practices: conversations, staff console, webhooks.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.metrics = metrics
    install_problem_handlers(app)
    install_staff_console(app, settings)
    if settings.widget_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.widget_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
        )
    # Added last, so it runs first: ids, limits and headers apply to every response.
    app.add_middleware(FrontdeskMiddleware, settings=settings, metrics=metrics)
    for router in ROUTERS:
        app.include_router(router)
    static = WEB_DIR / "static"
    if static.is_dir():
        app.mount("/static", StaticFiles(directory=static), name="static")
    return app
