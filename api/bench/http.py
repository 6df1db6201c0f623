"""``frontdesk bench http``: full booking conversations over real HTTP against ``frontdesk serve``.

The benchmark starts the server in a subprocess on a free loopback port (embedded store seeded
with the demo practice, SQLite checkpoints, rule brain, a fixed clock), then drives N booking
conversations, C at a time, through ``/v1/conversations``: open, ask a general practitioner
for a day of the weeks ahead (days spread as real patients' are, so conversations do not all
race for the same three earliest slots), give a demo patient's identity, press an offered
slot's button, confirm, until the booking event arrives (a slot taken meanwhile simply gets a
new offer). Every HTTP call is one timed turn.

A patient reads each reply and types the next message: ``think_s`` is that pause (0.5x to
1.5x of it, seeded), and each conversation opens after a random part of it, so C conversations
are open at once without all typing in the same millisecond. ``think_s=0`` is a closed loop
(every conversation sends its next message the moment it has the reply): a stress figure,
not a patient's.

Afterwards it stops the server and counts, in the store, the appointments on every slot that
was offered: two booked appointments on one slot is a double booking.

The client runs on the same machine as the server, so both share its cores: the figures are
a lower bound of what the server alone does.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import random
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from api.bench.booking_race import count_outcomes
from api.bench.procs import CpuMeter
from fhir_adapters.clock import FixedClock
from fhir_adapters.demo.builder import build_demo_clinic
from fhir_adapters.embedded import EmbeddedBackend
from fhir_adapters.resources import Patient

NOW = "2026-11-23T08:00:00+01:00"
"""A Monday morning: the demo practice's weeks ahead are all free but its seeded visits."""


@functools.cache
def callers() -> tuple[str, ...]:
    """The demo practice's adult patients as callers say who they are ("Léa Vincent, born
    5 April 1988"). The server seeds the same practice; using all of them keeps a thousand
    concurrent conversations from being a handful of patients each booking a hundred visits."""
    start = datetime.fromisoformat(NOW).date()
    spoken = (_introduction(p) for p in build_demo_clinic(start=start, weeks=1).patients)
    return tuple(line for line, born in spoken if _age(born, start) >= 18)


def _introduction(patient: Patient) -> tuple[str, date]:
    name, born = (patient.name or [])[0], patient.birthDate
    assert name.given and born is not None  # the demo cast is complete
    return f"{name.given[0]} {name.family}, born {born.day} {born:%B %Y}", born


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


DOCTORS = ("Dr Martin", "Dr Dubois", "Dr O'Brien")
"""The demo practice's general practitioners."""
MAX_TURNS = 16
PHONE_WORDS_PER_S = 2.5
"""Speaking rate on the phone (150 words a minute), the agent's voice and the caller's."""
PHONE_DIAL_SPREAD_S = 40.0
"""Phone-paced callers ring in at random over this long: less than the quickest booking call
lasts (five turns, about a minute), so all of them are on the line together at some moment,
without a thousand of them dialling within the same few seconds."""


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
    return round(ordered[index], 2)


def latency_ms(values: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max of per-turn times (ms), as both HTTP benches report them."""
    return {
        "p50": _percentile(values, 50),
        "p95": _percentile(values, 95),
        "p99": _percentile(values, 99),
        "max": round(max(values), 2) if values else 0.0,
    }


def wished_day(n: int, weeks: int) -> str:
    """The day conversation ``n`` asks for: a weekday of the seeded weeks after ``NOW``, spread
    across them ("Tuesday 1 December")."""
    start = datetime.fromisoformat(NOW)
    weekdays = [
        day for day in (start + timedelta(days=d) for d in range(1, weeks * 7)) if day.weekday() < 5
    ]
    day = weekdays[(n * 7919) % len(weekdays)]  # a prime stride visits every day evenly
    return f"{day:%A} {day.day} {day:%B}"


class _Run:
    """What the client saw: per-turn latencies, outcomes, offered slots."""

    def __init__(self, think_s: float | None = 0.0, seed: int = 0, weeks: int = 4) -> None:
        self.turn_ms: list[float] = []
        self.server_ms: list[float] = []
        """The server's own time per call (``Server-Timing``): the turn without the client."""
        self.in_flight = 0
        self.peak_in_flight = 0
        """The most conversations open at one moment (a load test's real concurrency)."""
        self.outcomes: Counter[str] = Counter()
        self.offered: set[str] = set()
        self.booked: list[str] = []
        self.think_s = think_s
        self.weeks = weeks
        self._rng = random.Random(seed)

    async def think(self, share: float = 1.0, heard: str = "", said: str = "") -> None:
        """The pause before the next message.

        With a think time: the patient reads the reply and types, 0.5x to 1.5x of it (times
        ``share``). Phone-paced (``think_s=None``): the reply ``heard`` is spoken to the
        caller, who reacts (0.5 to 1.5 s) and says ``said``, each at the phone's speaking
        rate; before dialling (nothing heard or said), a random moment of the dial spread,
        whatever ``share``.
        """
        if self.think_s is None:
            if not heard and not said:
                await asyncio.sleep(PHONE_DIAL_SPREAD_S * self._rng.random())
                return
            words = len(heard.split()) + len(said.split())
            await asyncio.sleep(words / PHONE_WORDS_PER_S + 0.5 + self._rng.random())
        elif self.think_s:
            await asyncio.sleep(share * self.think_s * (0.5 + self._rng.random()))

    async def call(
        self,
        client: httpx.AsyncClient,
        path: str,
        body: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        started = time.perf_counter()
        response = await client.post(path, json=body, headers=headers)
        self.turn_ms.append((time.perf_counter() - started) * 1000)
        timing = response.headers.get("server-timing", "")
        if timing.startswith("app;dur="):
            self.server_ms.append(float(timing.removeprefix("app;dur=")))
        response.raise_for_status()
        return response.json()  # type: ignore[no-any-return]


async def _conversation(client: httpx.AsyncClient, run: _Run, n: int, rng: random.Random) -> None:
    run.in_flight += 1
    run.peak_in_flight = max(run.peak_in_flight, run.in_flight)
    try:
        await _book(client, run, n, rng)
    finally:
        run.in_flight -= 1


async def _book(client: httpx.AsyncClient, run: _Run, n: int, rng: random.Random) -> None:
    created = await run.call(client, "/v1/conversations", {"channel": "web", "language": "en"})
    path = f"/v1/conversations/{created['id']}/messages"
    auth = {"Authorization": f"Bearer {created['token']}"}
    ask = f"I'd like an appointment with {DOCTORS[n % len(DOCTORS)]} on {wished_day(n, run.weeks)}"
    text = ask
    identity_sent = False
    heard = " ".join(m["text"] for m in created["messages"])
    for turn in range(MAX_TURNS):
        headers = {**auth, "Idempotency-Key": f"{n}-{turn}"}
        await run.think(heard=heard, said=text)
        reply = await run.call(client, path, {"text": text}, headers)
        heard = " ".join(m["text"] for m in reply["messages"])
        booked = [e for e in reply["events"] if e["kind"] == "booked"]
        if booked:
            run.booked.append(booked[0]["data"]["slot_id"])
            run.outcomes["booked"] += 1
            return
        expecting = reply["state"]["expecting"]
        choices = [c for m in reply["messages"] for c in m["choices"]]
        slots = [c for c in choices if c["kind"] == "slot"]
        run.offered.update(c["slot_id"] for c in slots if c.get("slot_id"))
        if expecting == "identity" or (not identity_sent and expecting != "slot_choice"):
            text, identity_sent = callers()[n % len(callers())], True
        elif slots:
            text = rng.choice(slots)["value"]
        elif expecting == "confirm":
            text = "yes"
        elif expecting == "move_existing":
            text = "no"  # a visit with that doctor is near: book another, keep it
        elif reply["state"]["handed_off"]:
            run.outcomes["handed_off"] += 1
            return
        elif expecting == "slot_preferences" and text == ask:
            text = "yes"  # nothing that day: "shall I look more widely?"
        else:
            text = ask
    run.outcomes["not_booked"] += 1


_TLS = ssl.create_default_context()
"""Made once: httpx would otherwise load the CA store for every caller's client (20 ms)."""


def caller_client(base_url: str) -> httpx.AsyncClient:
    """One caller's HTTP client: its own connection, as a real patient's browser has.

    One client shared by every conversation would be one connection pool of a thousand
    connections, which httpx scans on every request: the client then spent as much CPU per
    turn as the server and its lag counted as the server's latency."""
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    return httpx.AsyncClient(base_url=base_url, limits=limits, timeout=120.0, verify=_TLS)


async def _drive(
    base_url: str, run: _Run, conversations: int, concurrency: int, seed: int
) -> float:
    gate = asyncio.Semaphore(concurrency)

    async def one(n: int) -> None:
        async with gate:
            await run.think(share=0.5)  # patients do not all open the chat at once
            try:
                async with caller_client(base_url) as client:
                    await _conversation(client, run, n, random.Random(seed * 100_003 + n))
            except Exception:  # any HTTP error or broken reply is an error of the run
                run.outcomes["error"] += 1

    started = time.perf_counter()
    await asyncio.gather(*(one(n) for n in range(conversations)))
    return time.perf_counter() - started


def _serve(data_dir: Path, port: int, weeks: int, *, workers: int = 1) -> subprocess.Popen[bytes]:
    env = {
        "FRONTDESK_DATA_DIR": str(data_dir),
        "FRONTDESK_NOW": NOW,
        "FRONTDESK_DEMO_WEEKS": str(weeks),
        # One client address drives every conversation: lift the per-IP and per-conversation
        # limits, and keep outbound messages (printed SMS) out of the measurement.
        "FRONTDESK_RATE_LIMIT_PER_IP": "100000000/minute",
        "FRONTDESK_RATE_LIMIT_PER_CONVERSATION": "100000/minute",
        "FRONTDESK_OUTBOUND_ENABLED": "false",
        "FRONTDESK_JOBS_WORKER_IN_SERVER": "false",
        "FRONTDESK_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "api.cli.main", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    return subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, which _stop ends whole
    )


def _wait_ready(base_url: str, server: subprocess.Popen[bytes], timeout_s: float = 300) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            errors = server.stderr.read().decode(errors="replace") if server.stderr else ""
            raise RuntimeError(f"frontdesk serve exited: {errors[-2000:]}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("frontdesk serve did not answer /healthz in time")


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Stop the server and every worker it started: a worker stuck in a request outlived its
    supervisor killed after the grace period, and kept running after the bench."""
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)


async def _store_counts(store: Path, slot_ids: list[str]) -> dict[str, Any]:
    clock = FixedClock(datetime.fromisoformat(NOW))
    backend = EmbeddedBackend(store, tz="Europe/Paris", clock=clock)
    try:
        counts = await count_outcomes(backend, slot_ids)
    finally:
        await backend.close()
    return {
        "double_bookings": counts.double_bookings,
        "orphans": counts.orphans,
        "booked_slots": counts.booked_slots,
    }


def run_http_bench(
    conversations: int,
    concurrency: int,
    *,
    seed: int = 42,
    port: int,
    weeks: int = 4,
    think_s: float = 0.0,
) -> dict[str, Any]:
    """Run the benchmark against a fresh ``frontdesk serve`` on ``port``; the JSON report."""
    with tempfile.TemporaryDirectory(prefix="frontdesk-bench-http-") as tmp:
        data_dir = Path(tmp)
        base_url = f"http://127.0.0.1:{port}"
        server = _serve(data_dir, port, weeks)
        try:
            _wait_ready(base_url, server)
            run = _Run(think_s, seed, weeks)
            meter = CpuMeter(server.pid)
            elapsed = asyncio.run(_drive(base_url, run, conversations, concurrency, seed))
            cpu_s = meter.used_s()
        finally:
            _stop(server)
        store = asyncio.run(_store_counts(data_dir / "frontdesk.sqlite", sorted(run.offered)))
    turns = len(run.turn_ms)
    booked = run.outcomes["booked"]
    return {
        "conversations": conversations,
        "concurrency": concurrency,
        "think_s": think_s,
        "turns": turns,
        "wall_s": round(elapsed, 2),
        "turns_per_s": round(turns / elapsed, 1) if elapsed else 0.0,
        "turn_ms": {
            **latency_ms(run.turn_ms),
            "mean": round(statistics.fmean(run.turn_ms), 2) if run.turn_ms else 0.0,
        },
        "server_ms": latency_ms(run.server_ms),
        "peak_concurrent": run.peak_in_flight,
        "errors": run.outcomes["error"],
        "outcomes": dict(run.outcomes),
        "booked": booked,
        "booked_distinct_slots": len(set(run.booked)),
        **store,
        "server_cpu_ms_per_turn": round(cpu_s * 1000 / turns, 2) if turns else 0.0,
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "note": "client and server share this machine's cores; one server process; "
        "think_s is the patient's reading and typing time, not the server's",
    }
