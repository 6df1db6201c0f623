"""``frontdesk bench load``: many phone-paced conversations against ``serve --workers N``.

The HTTP bench's conversation driver (``api.bench.http``) runs every conversation; this bench
adds what a scale-out run needs: the server started with N worker processes, all C
conversations in flight at once, paced like phone calls (each reply is spoken to the caller
at 150 words a minute, who reacts and says the next line at the same rate) or with a fixed
think time before each message, a client
that retries a message whose connection died (same ``Idempotency-Key``, so the retry is
answered once), optionally ``kill -9`` of one worker in the middle of the run, and the
server's CPU time per conversation. Afterwards the store is checked: no slot booked twice,
no booking the patient was told about missing.

Client and server share the machine's cores (and this machine is shared with other work):
the figures are a lower bound of what the server alone does.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from api.bench.http import (
    _conversation,
    _Run,
    _serve,
    _stop,
    _store_counts,
    _wait_ready,
    caller_client,
    latency_ms,
)
from api.bench.procs import CpuMeter, worker_pids

RETRIES = 6
"""Attempts per message when the connection dies (a killed worker) or the proxy says 502/503."""


class PacedRun(_Run):
    """The HTTP bench's run with retries of a message whose connection died."""

    def __init__(self, think_s: float | None, seed: int, weeks: int) -> None:
        super().__init__(think_s, seed, weeks)
        self.retries = 0
        self.error_kinds: Counter[str] = Counter()
        """Errors by kind (HTTP status or exception class), to tell a bug from the load."""

    async def call(
        self,
        client: httpx.AsyncClient,
        path: str,
        body: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        for attempt in range(RETRIES):
            try:
                return await super().call(client, path, body, headers)
            except httpx.TransportError:
                if attempt == RETRIES - 1:
                    raise
            except httpx.HTTPStatusError as exc:
                if exc.response.status_code not in (502, 503) or attempt == RETRIES - 1:
                    raise
            self.retries += 1
            await asyncio.sleep(0.2 * (attempt + 1))
        raise AssertionError("unreachable")  # pragma: no cover


async def _drive(
    base_url: str,
    run: PacedRun,
    conversations: int,
    seed: int,
    kill: tuple[int, int] | None,
    meter: CpuMeter,
) -> tuple[float, int | None]:
    """Run every conversation at once; ``kill`` = (server pid, turns answered) kills a worker
    once that many turns were answered."""
    killed: int | None = None

    async def one(n: int) -> None:
        await run.think(share=0.5)  # callers do not all ring in the same millisecond
        try:
            async with caller_client(base_url) as client:
                await _conversation(client, run, n, random.Random(seed * 100_003 + n))
        except Exception as exc:  # an HTTP error that retries did not cure, a broken reply
            run.outcomes["error"] += 1
            status = exc.response.status_code if isinstance(exc, httpx.HTTPStatusError) else 0
            run.error_kinds[f"HTTP {status}" if status else type(exc).__name__] += 1

    started = time.perf_counter()
    tasks = [asyncio.create_task(one(n)) for n in range(conversations)]
    if kill is not None:
        while len(run.turn_ms) < kill[1] and not all(t.done() for t in tasks):
            await asyncio.sleep(0.02)
        meter.sample()  # the worker's CPU up to the kill, which /proc forgets
        killed = kill_one_worker(kill[0])
    await asyncio.gather(*tasks)
    return time.perf_counter() - started, killed


def kill_one_worker(server_pid: int) -> int | None:
    """``kill -9`` the first worker of the server; its pid (None when it has no worker)."""
    pids = worker_pids(server_pid)
    if not pids:
        return None
    os.kill(pids[0], signal.SIGKILL)
    return pids[0]


def run_load_bench(
    conversations: int,
    workers: int,
    *,
    port: int,
    think_s: float | None = None,
    kill_after_turns: int | None = None,
    seed: int = 42,
    weeks: int = 4,
) -> dict[str, Any]:
    """Drive ``conversations`` concurrent booking conversations against a fresh
    ``frontdesk serve --workers N`` on ``port``; kill -9 one worker once ``kill_after_turns``
    turns were answered; ``think_s=None`` paces the callers like phone calls."""
    with tempfile.TemporaryDirectory(prefix="frontdesk-bench-load-") as tmp:
        data_dir = Path(tmp)
        base_url = f"http://127.0.0.1:{port}"
        server = _serve(data_dir, port, weeks, workers=workers)
        run = PacedRun(think_s, seed, weeks)
        try:
            _wait_ready(base_url, server)
            while workers > 1 and len(worker_pids(server.pid)) < workers:
                time.sleep(0.1)
            meter = CpuMeter(server.pid)
            kill = None if kill_after_turns is None else (server.pid, kill_after_turns)
            elapsed, killed = asyncio.run(_drive(base_url, run, conversations, seed, kill, meter))
            cpu_s = meter.used_s()
        finally:
            _stop(server)
        store = asyncio.run(_store_counts(data_dir / "frontdesk.sqlite", sorted(run.offered)))
    turns = len(run.turn_ms)
    told_booked = len(set(run.booked))
    return {
        "conversations": conversations,
        "workers": workers,
        "pace": "phone" if think_s is None else "think_s",
        "think_s": think_s,
        "turns": turns,
        "wall_s": round(elapsed, 2),
        "turns_per_s": round(turns / elapsed, 1) if elapsed else 0.0,
        "turn_ms": latency_ms(run.turn_ms),
        "server_ms": latency_ms(run.server_ms),
        "peak_concurrent": run.peak_in_flight,
        "errors": run.outcomes["error"],
        "outcomes": dict(run.outcomes),
        "error_kinds": dict(run.error_kinds),
        "retries": run.retries,
        "killed_worker": killed,
        "booked": run.outcomes["booked"],
        "booked_distinct_slots": told_booked,
        "bookings_lost": max(0, told_booked - store["booked_slots"]),
        **store,
        "server_cpu_s": round(cpu_s, 2),
        "cpu_ms_per_conversation": round(cpu_s * 1000 / conversations, 1),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "note": "client and server share this machine's cores (a shared machine); "
        "think times are the caller's, not the server's",
    }


def run_load_scaling(
    conversations: int,
    workers: int,
    *,
    think_s: float | None = None,
    seed: int = 42,
    weeks: int = 4,
) -> dict[str, Any]:
    """The same load against 1 worker, then ``workers`` workers (each on a fresh server and
    store); ``throughput_scaling`` = turns/s with N over turns/s with 1. With a think time the
    callers set the pace: to measure capacity, use ``think_s=0`` (closed loop)."""
    from api.bench.http import free_port

    runs = [
        run_load_bench(conversations, n, port=free_port(), think_s=think_s, seed=seed, weeks=weeks)
        for n in (1, workers)
    ]
    one, many = runs[0]["turns_per_s"], runs[1]["turns_per_s"]
    return {
        "benchmark": "load scaling",
        "workers": [1, workers],
        "throughput_scaling": round(many / one, 2) if one else None,
        "target": {"throughput_scaling": 1.8},
        "runs": runs,
        "note": "the client shares the machine's cores with the server: on 2 cores, 2 workers "
        "and the client compete, so scaling here is a floor",
    }
