"""The load benches' server handling: CPU of a killed worker kept, no worker left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from api.bench.http import _stop
from api.bench.procs import CpuMeter, worker_pids

# A supervisor that spawns one worker the way uvicorn does (multiprocessing "spawn"), then
# never reaps it: the killed worker lingers as a zombie, as under a busy supervisor.
SUPERVISOR = textwrap.dedent(
    """
    import multiprocessing, time

    def work():
        end = time.process_time() + 0.4
        while time.process_time() < end:
            pass
        time.sleep(60)

    if __name__ == "__main__":
        multiprocessing.set_start_method("spawn")
        multiprocessing.Process(target=work).start()
        time.sleep(60)
    """
)


def test_a_killed_worker_keeps_the_cpu_it_used_and_the_total_never_goes_back(tmp_path) -> None:
    script = tmp_path / "supervisor.py"
    script.write_text(SUPERVISOR)
    server = subprocess.Popen([sys.executable, str(script)])
    try:
        deadline = time.monotonic() + 30
        while not worker_pids(server.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        (worker,) = worker_pids(server.pid)
        meter = CpuMeter(server.pid)
        time.sleep(1.0)  # the worker burns its 0.4 s of CPU (or what is left of it)
        meter.sample()
        before_kill = meter.used_s()
        os.kill(worker, signal.SIGKILL)
        time.sleep(0.2)
        assert worker not in worker_pids(server.pid)
        after_kill = meter.used_s()
        assert before_kill > 0.1  # the worker's burn, counted while it lived
        assert after_kill >= before_kill
    finally:
        server.kill()
        server.wait()


STUCK = textwrap.dedent(
    """
    import multiprocessing, os, signal, time

    def work():
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a worker stuck in a request
        time.sleep(120)

    if __name__ == "__main__":
        multiprocessing.set_start_method("spawn")
        multiprocessing.Process(target=work).start()
        signal.signal(signal.SIGTERM, lambda *_: os._exit(0))  # the supervisor leaves at once
        time.sleep(120)
    """
)


def test_stopping_the_server_ends_a_worker_that_outlives_its_supervisor(tmp_path) -> None:
    script = tmp_path / "stuck.py"
    script.write_text(STUCK)
    server = subprocess.Popen([sys.executable, str(script)], start_new_session=True)
    deadline = time.monotonic() + 30
    while not worker_pids(server.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    (worker,) = worker_pids(server.pid)
    _stop(server)
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie is dead, waiting for init to reap it
