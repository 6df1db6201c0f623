"""Cross-process live-update buses behind ``graphs.bus.ConversationBus``, chosen by settings.

``open_bus(settings)``: Redis pub/sub when ``redis_url`` is set, Postgres LISTEN/NOTIFY when
checkpoints are in Postgres, a polled SQLite table in ``data_dir`` when several workers share
one machine, the in-process bus otherwise (one process).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphs.bus import ConversationBus, InProcessBus

if TYPE_CHECKING:
    from agent.settings import Settings


def bus_kind(settings: Settings) -> str:
    """The bus ``settings`` ask for, ``auto`` resolved."""
    if settings.bus != "auto":
        return settings.bus
    if settings.redis_url:
        return "redis"
    if settings.checkpoint_url:
        return "postgres"
    return "sqlite" if settings.workers > 1 else "memory"


def open_bus(settings: Settings) -> ConversationBus:
    """The live-update bus for ``settings``; close it with ``aclose`` when it has one."""
    from agent.crypto import keyring

    kind = bus_kind(settings)
    if kind == "memory":
        return InProcessBus()
    ring = keyring(settings) if settings.encrypt_at_rest else None
    seal, unseal = (ring.seal, ring.open) if ring else (None, None)
    if kind == "redis":
        if not settings.redis_url:
            raise ValueError("the redis bus needs FRONTDESK_REDIS_URL")
        from graphs.buses.redis_pubsub import RedisBus

        return RedisBus(settings.redis_url, seal=seal, unseal=unseal)
    if kind == "postgres":
        if not settings.checkpoint_url:
            raise ValueError("the postgres bus needs FRONTDESK_CHECKPOINT_URL")
        from graphs.buses.pg_notify import PostgresBus

        return PostgresBus(settings.checkpoint_url, seal=seal, unseal=unseal)
    from graphs.buses.sqlite import SqliteBus

    return SqliteBus(settings.bus_path, poll_s=settings.bus_poll_s, seal=seal, unseal=unseal)
