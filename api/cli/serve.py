"""``frontdesk serve``: the web service (patient chat, staff console, API) on uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from agent.settings import Settings


def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
) -> None:
    """Run the web service: patient chat, staff console and the JSON API."""
    import uvicorn

    from api.http.app import create_app
    from api.http.staff.setup import demo_login_line
    from api.observability.logs import configure_logging

    settings = Settings()
    console = Console(highlight=False)
    base = f"http://{host}:{port}"
    console.print(f"frontdesk is starting on {base}")
    console.print(f"  patient chat   {base}/chat")
    console.print(f"  staff console  {base}/staff")
    console.print(f"  API docs       {base}/docs")
    demo = demo_login_line(settings)
    if demo:
        console.print(f"  staff login    {demo}")
    configure_logging(settings.log_level)
    uvicorn.run(create_app(settings), host=host, port=port, log_config=None)
