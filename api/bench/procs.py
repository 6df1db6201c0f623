"""CPU time of a ``frontdesk serve`` process tree, read from ``/proc`` (Linux).

Wall-clock latency on a shared machine says as much about the neighbours as about the server;
the server's own CPU seconds per turn or per conversation do not.
"""

from __future__ import annotations

import os
from pathlib import Path


def worker_pids(server_pid: int) -> list[int]:
    """The uvicorn worker processes of ``serve --workers N`` (children of the server)."""
    path = Path(f"/proc/{server_pid}/task/{server_pid}/children")
    try:
        children = [int(p) for p in path.read_text().split()]
    except OSError:
        return []
    return [pid for pid in children if _is_worker(pid)]


def _is_worker(pid: int) -> bool:
    # Spawned workers run multiprocessing's spawn_main; its resource tracker is a child too.
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"spawn_main" in command and b"resource_tracker" not in command


def _cpu_s(pid: int, *, reaped: bool) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    if reaped:
        ticks += int(fields[13]) + int(fields[14])  # children waited for (a killed worker)
    return ticks / os.sysconf("SC_CLK_TCK")


def server_cpu_s(server_pid: int) -> float:
    """CPU seconds used by the server so far: supervisor, live workers, reaped workers."""
    total = _cpu_s(server_pid, reaped=True)
    return total + sum(_cpu_s(pid, reaped=False) for pid in worker_pids(server_pid))
