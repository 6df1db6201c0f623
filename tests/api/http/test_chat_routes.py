"""The chat page and the widget script as served: language choice, no inline script, no
asset from elsewhere."""

from __future__ import annotations

import re

import httpx
import pytest

from api.web.chat_text import pick_language


@pytest.mark.parametrize(
    ("headers", "query", "expected"),
    [
        ({"Accept-Language": "en-GB,en;q=0.9"}, "", "en"),
        ({"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"}, "", "fr"),
        ({"Accept-Language": "de-DE,de;q=0.9"}, "", "fr"),  # the practice's first language
        ({"Accept-Language": "en-GB"}, "?lang=fr", "fr"),  # the widget's data-lang wins
    ],
)
async def test_the_page_speaks_the_visitors_language(
    client: httpx.AsyncClient, headers: dict[str, str], query: str, expected: str
) -> None:
    response = await client.get(f"/chat{query}", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert f'<html lang="{expected}">' in response.text


async def test_the_page_loads_only_its_own_assets(client: httpx.AsyncClient) -> None:
    html = (await client.get("/chat")).text
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert all(s.startswith(("/", "tel:", "data:")) for s in sources), sources
    assert "<script>" not in html  # the CSP allows no inline script
    for asset in ("/static/chat/chat.js", "/static/chat/chat.css"):
        assert (await client.get(asset)).status_code == 200
    # The voice extra's browser client is served at /voice/: the page links to it.
    assert 'href="/voice/"' in html
    assert (await client.get("/voice/")).status_code == 200


async def test_the_widget_script(client: httpx.AsyncClient) -> None:
    response = await client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert "/chat?embed=1" in response.text


def test_a_pinned_language_wins_over_everything() -> None:
    assert pick_language(pinned="en", asked="fr", accept="fr", offered=["fr", "en"]) == "en"
    assert pick_language(pinned=None, asked=None, accept="", offered=["en"]) == "en"
