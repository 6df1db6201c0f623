"""A worker process that dies (``os._exit``) at a chosen point of a job, like a SIGKILL.

Run with multiprocessing's spawn context from the killed-worker tests.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from agent.outreach.messages import OutboundMessage, Receipt
from tests.fakes.outbound import build_rig, clinic_with

KILLED = 9


def run_and_die(store: str, queue: str, outbox: str, mode: str, now: Any) -> None:
    """Claim the due job and die ``before-send``, ``after-send`` or ``after-record``."""

    async def main() -> None:
        from fhir_adapters.clock import FixedClock

        rig = build_rig(Path(store), queue, FixedClock(now), clinic_with(), Path(outbox))
        provider = rig.provider
        real_send = provider.send

        async def send(message: OutboundMessage) -> Receipt:
            if mode == "before-send":
                os._exit(KILLED)
            receipt = await real_send(message)
            if mode == "after-send":
                os._exit(KILLED)
            return receipt

        provider.send = send  # type: ignore[method-assign]
        if mode == "after-record":

            async def complete(*args: Any, **kwargs: Any) -> int:
                os._exit(KILLED)

            rig.queue.complete = complete  # type: ignore[method-assign]
        await rig.worker("doomed").drain()
        os._exit(0)  # the job ran to the end: the test expected a death

    asyncio.run(main())
