"""The CPU meter of the load benches: a worker killed mid-run keeps the CPU it used."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

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
