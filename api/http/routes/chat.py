"""The patient web chat: the ``/chat`` page and ``/widget.js``, the one script tag a practice
pastes in its site (it opens ``/chat`` in a panel). Everything is served by the app."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse

from api.http.deps import EngineDep, SettingsDep
from api.http.staff.templates import templates
from api.web.chat_text import TEXTS, pick_language

router = APIRouter(tags=["web chat"], include_in_schema=False)
STATIC = Path(__file__).resolve().parents[2] / "web" / "static" / "chat"


@router.get("/chat", response_class=HTMLResponse)
async def chat_page(
    request: Request,
    settings: SettingsDep,
    engine: EngineDep,
    lang: Annotated[Literal["fr", "en"] | None, Query()] = None,
    embed: Annotated[bool, Query()] = False,
) -> HTMLResponse:
    """The chat page (``?embed=1`` inside the widget's panel; ``?lang=fr|en``)."""
    clinic = engine.clinic
    language = pick_language(
        pinned=settings.web_language,
        asked=lang,
        accept=request.headers.get("accept-language", ""),
        offered=list(clinic.languages),
    )
    return templates.TemplateResponse(  # type: ignore[no-any-return]
        request,
        "chat/chat.html",
        {
            "clinic": clinic,
            "language": language,
            "pinned": settings.web_language is not None or lang is not None,
            "t": TEXTS[language],
            "embed": embed,
            "voice": _voice_available(request),
        },
    )


@router.get("/widget.js")
async def widget_script() -> FileResponse:
    """The embeddable widget: ``<script src="https://.../widget.js" data-lang="fr" defer>``."""
    return FileResponse(
        STATIC / "widget.js",
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=300"},
    )


def _voice_available(request: Request) -> bool:
    """The browser voice client is served at ``/voice/`` (the voice extra provides it)."""
    from api.voice.webrtc import prebuilt_client_dir

    return prebuilt_client_dir() is not None
