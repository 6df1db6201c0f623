"""The FastAPI application factory: one Engine per process, shared by every channel.

``create_app(settings)`` builds the engine in the lifespan (or takes one already built, for
tests), mounts the routers of ``api.http.routes`` and the static assets of ``api/web``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from agent.settings import Settings
from api.http.problems import install_problem_handlers
from api.http.routes import ROUTERS
from api.http.staff.setup import install_staff_console, start_staff_console
from graphs.engine import Engine, build_engine

WEB_DIR = Path(__file__).resolve().parent.parent / "web"


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the web service.

    Args:
        settings: configuration (read from the environment when None).
        engine: an engine already built (tests); the app then does not close it.
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if engine is not None:
            app.state.engine = engine
            await start_staff_console(app, settings, engine.clock)
            yield
            return
        built = await build_engine(settings)
        app.state.engine = built
        try:
            await start_staff_console(app, settings, built.clock)
            yield
        finally:
            await built.aclose()

    app = FastAPI(
        title="frontdesk",
        version="1",
        summary="AI front desk for medical practices: conversations, staff console, webhooks.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_problem_handlers(app)
    install_staff_console(app, settings)
    for router in ROUTERS:
        app.include_router(router)
    static = WEB_DIR / "static"
    if static.is_dir():
        app.mount("/static", StaticFiles(directory=static), name="static")
    return app
