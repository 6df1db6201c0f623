"""``frontdesk bench overhead``: the engine's own share of a turn against LangGraph's.

Runs the scripted calls of ``bench turns`` through an engine built as ``frontdesk serve``
builds it (embedded store, sealed SQLite checkpoints, conversation directory, file locks, the
live bus) and splits each turn's CPU time three ways:

* ``nodes``: inside the graph's node functions (brain, tools, store): the domain work;
* ``langgraph``: the rest of the graph run (``ainvoke``): channels, routers, checkpoint read,
  serialization, sealing and write: what LangGraph costs on our state and checkpointer;
* ``engine``: the rest of ``Engine.turn``: the conversation lock, the pre-read of the state,
  live updates, the directory summary, the result, the listeners.

``engine_vs_langgraph`` = engine / langgraph. ``own_share_vs_bare_step`` = (langgraph +
engine) / a bare LangGraph run of the same shape,
measured right after each turn (a chain of as many no-op nodes, LangGraph's own SQLite
checkpointer): target ≤ 2; medians of the per-turn figures. CPU time of the process, not
wall time, so other work on the machine does not move the figures much; turns run one after
another, so the CPU spent in helper threads (aiosqlite) belongs to the turn being timed.
``profile`` adds the top functions of a cProfile run by cumulative time.
"""

from __future__ import annotations

import asyncio
import cProfile
import functools
import io
import itertools
import os
import pstats
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypedDict

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver
from langgraph.graph import END, START, StateGraph

from agent.settings import Settings
from api.bench.turns import NOW, SCRIPTS
from graphs import nodes
from graphs.engine import Engine, build_engine

NODE_NAMES = tuple(nodes.__all__)
"""The node functions ``graphs.graph.build_graph`` reads from ``graphs.nodes``."""


class _Meter:
    """CPU seconds spent inside what it wraps, summed, and how many calls."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0

    def wrap(self, fn: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        @functools.wraps(fn)  # LangGraph reads the signature (runtime, config) through it
        async def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            self.calls += 1
            try:
                return await fn(*args, **kwargs)
            finally:
                self.seconds += time.process_time() - started

        return timed


@contextmanager
def _timed_nodes(meter: _Meter) -> Iterator[None]:
    """Graphs compiled inside the block time their nodes on ``meter``."""
    originals = {name: getattr(nodes, name) for name in NODE_NAMES}
    try:
        for name, fn in originals.items():
            setattr(nodes, name, meter.wrap(fn))
        yield
    finally:
        for name, fn in originals.items():
            setattr(nodes, name, fn)


async def _calls(engine: Engine, conversations: int, tag: str) -> list[tuple[str, str]]:
    """Open ``conversations`` scripted calls; the (conversation, line) turns to take."""
    names = list(SCRIPTS)
    turns: list[tuple[str, str]] = []
    for number in range(conversations):
        language, lines = SCRIPTS[names[number % len(names)]]
        cid = f"{tag}-{number}"
        await engine.start(cid, language=language)
        turns += [(cid, line) for line in lines]
    return turns


async def _bench(conversations: int, profile: bool) -> dict[str, Any]:
    node_meter, graph_meter = _Meter(), _Meter()
    with tempfile.TemporaryDirectory(prefix="frontdesk-overhead-") as tmp:
        settings = Settings(data_dir=Path(tmp), now=NOW, brain="rules", demo_weeks=2)
        with _timed_nodes(node_meter):
            engine = await build_engine(settings)
        graph: Any = engine._graph
        graph.ainvoke = graph_meter.wrap(graph.ainvoke)
        try:
            async with AsyncSqliteSaver.from_conn_string(str(Path(tmp) / "bare.sqlite")) as saver:
                bare = _BareRuns(saver)
                for cid, line in await _calls(engine, 2, "warm"):  # caches, first compiles
                    await engine.turn(cid, line)
                    await bare.run(7)
                turns = await _calls(engine, conversations, "bench")
                split: dict[str, list[float]] = {"total": [], "graph": [], "nodes": [], "bare": []}
                wall: list[float] = []
                profiler = cProfile.Profile() if profile else None
                for cid, line in turns:
                    nodes_before, graph_before = node_meter.seconds, graph_meter.seconds
                    calls_before = node_meter.calls
                    started, cpu = time.perf_counter(), time.process_time()
                    if profiler is not None:
                        profiler.enable()
                    await engine.turn(cid, line)
                    if profiler is not None:
                        profiler.disable()
                    split["total"].append(time.process_time() - cpu)
                    wall.append(time.perf_counter() - started)
                    split["graph"].append(graph_meter.seconds - graph_before)
                    split["nodes"].append(node_meter.seconds - nodes_before)
                    # The bare run of the same length right after: same machine conditions.
                    split["bare"].append(await bare.run(node_meter.calls - calls_before))
        finally:
            await engine.aclose()
    return _report(conversations, split, wall, profiler)


class _BareState(TypedDict, total=False):
    step: int


async def _noop(state: _BareState) -> _BareState:
    return {"step": state.get("step", 0) + 1}


class _BareRuns:
    """Bare LangGraph runs of the same shape as a turn: a chain of as many no-op nodes as the
    turn ran, on LangGraph's own SQLite checkpointer (no sealing), checkpointed at exit, each
    thread resumed run after run like a conversation."""

    def __init__(self, saver: Any) -> None:
        self._saver = saver
        self._graphs: dict[int, Any] = {}
        self._runs = 0

    def _graph(self, length: int) -> Any:
        if length not in self._graphs:
            g: StateGraph[_BareState, None, _BareState, _BareState] = StateGraph(_BareState)
            names = [f"n{i}" for i in range(max(length, 1))]
            for name in names:
                g.add_node(name, _noop)
            for first, second in itertools.pairwise([START, *names, END]):
                g.add_edge(first, second)
            self._graphs[length] = g.compile(checkpointer=self._saver)
        return self._graphs[length]

    async def run(self, length: int) -> float:
        """CPU seconds of one bare run of ``length`` steps."""
        graph = self._graph(length)
        self._runs += 1
        config: RunnableConfig = {"configurable": {"thread_id": f"bare-{self._runs % 40}"}}
        cpu = time.process_time()
        await graph.ainvoke({"step": 0}, config, durability="exit")
        return time.process_time() - cpu


def _median_ratio(split: dict[str, list[float]]) -> float | None:
    """Median per-turn own share (total - nodes) over the median bare run: medians, so a
    scheduling hiccup on a shared machine moves the figure less than means would."""
    own = statistics.median(t - n for t, n in zip(split["total"], split["nodes"], strict=True))
    bare = statistics.median(split["bare"])
    return round(own / bare, 2) if bare > 0 else None


def _ms(values: list[float]) -> float:
    return round(statistics.fmean(values) * 1000, 3)


def _report(
    conversations: int,
    split: dict[str, list[float]],
    wall: list[float],
    profiler: cProfile.Profile | None,
) -> dict[str, Any]:
    total, graph, node = _ms(split["total"]), _ms(split["graph"]), _ms(split["nodes"])
    engine_ms, langgraph_ms = round(total - graph, 3), round(graph - node, 3)
    bare_ms = _ms(split["bare"])
    report: dict[str, Any] = {
        "benchmark": "overhead",
        "setup": "serve defaults: embedded store, sealed SQLite checkpoints, directory, "
        "file locks, in-process bus; rules brain",
        "conversations": conversations,
        "turns": len(split["total"]),
        "cpu_ms_per_turn": {
            "total": total,
            "nodes": node,
            "langgraph": langgraph_ms,
            "engine": engine_ms,
            "bare_langgraph_step": bare_ms,
        },
        "wall_ms_per_turn": round(statistics.fmean(wall) * 1000, 3),
        "engine_vs_langgraph": round(engine_ms / langgraph_ms, 2) if langgraph_ms > 0 else None,
        "own_share_vs_bare_step": _median_ratio(split),
        "target": {"own_share_vs_bare_step": 2.0},
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
        report["profile"] = out.getvalue().splitlines()
    return report


def run_overhead_bench(conversations: int = 35, profile: bool = False) -> dict[str, Any]:
    """Split the CPU time of every turn of ``conversations`` scripted calls into nodes,
    LangGraph and the engine; ``profile`` adds a cProfile listing of the timed turns."""
    return asyncio.run(_bench(conversations, profile))
