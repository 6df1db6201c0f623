"""A real uvicorn server of the web service in a background thread, on a free loopback port
(browser tests and the schemathesis run talk to it over real HTTP)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import uvicorn
from fastapi import FastAPI

from agent.settings import Settings
from api.bench.http import free_port
from api.http.app import create_app

T = TypeVar("T")
__all__ = ["LiveServer", "free_port", "live_server"]


class LiveServer:
    """The running server: its base URL, its app, and a way to run code on its loop."""

    def __init__(self, url: str, app: FastAPI, loop: asyncio.AbstractEventLoop) -> None:
        self.url = url
        self.app = app
        self.loop = loop

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 30) -> T:
        """Run ``coroutine`` on the server's event loop (e.g. a staff action on its engine)."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)


@contextmanager
def live_server(settings: Settings, port: int | None = None) -> Iterator[LiveServer]:
    """Serve ``create_app(settings)``; yields the server, stops it on exit."""
    port = port or free_port()
    app = create_app(settings)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=lambda: loop.run_until_complete(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", app, loop)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        loop.close()
