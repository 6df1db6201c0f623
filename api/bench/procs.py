"""CPU time of a ``frontdesk serve`` process tree, read from ``/proc`` (Linux).

Wall-clock latency on a shared machine says as much about the neighbours as about the server;
the server's own CPU seconds per turn or per conversation do not.
"""

from __future__ import annotations

import os
from pathlib import Path


def worker_pids(server_pid: int) -> list[int]:
    """The live uvicorn worker processes of ``serve --workers N`` (children of the server)."""
    return [pid for pid in _children(server_pid) if _is_worker(pid)]


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _is_worker(pid: int) -> bool:
    # Spawned workers run multiprocessing's spawn_main; its resource tracker is a child too.
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"spawn_main" in command and b"resource_tracker" not in command


def _cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of one process (a zombie keeps its figures until reaped)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


class CpuMeter:
    """CPU seconds a server tree used since the meter was made.

    Each process is counted by its own last-seen figure, never through the supervisor's
    "children waited for" total: a worker killed with -9 is reaped whenever the supervisor gets
    to it, so that total jumps at an unknown moment, and a killed worker's figure vanishes from
    /proc before it lands there. Call :meth:`sample` just before killing a worker so its work is
    counted up to the kill.
    """

    def __init__(self, server_pid: int) -> None:
        self._server_pid = server_pid
        self._first: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self.sample()
        self._first = dict(self._last)

    def sample(self) -> None:
        known = self._last.keys()
        pids = [self._server_pid]
        pids += [p for p in _children(self._server_pid) if p in known or _is_worker(p)]
        for pid in pids:
            seconds = _cpu_s(pid)
            if seconds is not None:
                self._last[pid] = max(seconds, self._last.get(pid, 0.0))

    def used_s(self) -> float:
        """Sample once more; the CPU seconds used since the meter was made (never negative)."""
        self.sample()
        return sum(last - self._first.get(pid, 0.0) for pid, last in self._last.items())
