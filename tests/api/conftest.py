"""An app on a temporary data folder with the demo practice, driven through httpx's ASGI
transport (lifespan included)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from agent.settings import Settings

NOW = "2026-11-23T08:00:00+01:00"


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client on ``app`` with its lifespan running."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Settings on ``tmp_path`` at the suite's fixed time; keyword overrides."""

    def make(**overrides: Any) -> Settings:
        return Settings(data_dir=tmp_path, now=NOW, **overrides)

    return make
