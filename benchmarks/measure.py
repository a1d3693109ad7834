"""Small measuring helpers shared by the benchmark jobs: memory, disk, percentiles, saved-query runs."""

from __future__ import annotations

import os
import resource
import shlex
import signal
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["QueryTiming", "peak_rss_mb", "disk_bytes", "percentile", "example_values", "time_query",
           "runnable_queries",
           "Deadline", "deadline", "load_average"]


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MiB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def disk_bytes(folder: Path) -> int:
    """Bytes the files under folder take on disk (allocated blocks, as du counts them)."""
    return sum(p.stat().st_blocks * 512 for p in folder.rglob("*") if p.is_file())


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``share`` of the values at or below it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


def example_values(example: str) -> dict[str, str]:
    """The ``-p name=value`` pairs of a query's ``# example:`` line."""
    words = shlex.split(example)
    pairs = [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-p", "--param")]
    return dict(p.split("=", 1) for p in pairs if "=" in p)


@dataclass(frozen=True)
class QueryTiming:
    """One saved query on one store: result size and latency over ``runs`` runs after a warm-up."""

    name: str
    rows: int
    p50_ms: float
    p95_ms: float
    runs: int
    note: str = ""
    floor_ms: float = 0.0  # the engine handing over as many rows from one pattern (`row_floor`)


class Deadline(Exception):
    """A query ran past its time limit (raised from SIGALRM, so only pure-Python engines stop)."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    def _alarm(signum: int, frame: Any) -> None:
        raise Deadline

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def runnable_queries(names: Sequence[str] = ()) -> list[Any]:
    """Every saved query (kg.queries.list_queries), or those named, in name order."""
    from kg.queries import list_queries

    return [q for q in list_queries() if not names or q.name in names]


def time_query(
    query: Any,
    execute: Callable[[str, dict[str, Any]], int],
    convert: Callable[[Any], Any] = lambda term: term,
    *,
    runs: int,
    budget: float,
    limit: float | None = None,
    values: Mapping[str, str] | None = None,
) -> QueryTiming:
    """One saved query, bound with its example's values (``values`` replace those of the parameters
    it declares): a first (cold) run, then up to ``runs`` timed runs until ``budget`` seconds are
    spent.  A first run over the budget is the only sample; ``limit`` stops a run of a pure-Python
    engine (SIGALRM)."""
    from kg.queries import bind

    if "SERVICE" in query.text.upper():
        return QueryTiming(query.name, 0, 0.0, 0.0, 0, "skipped: calls a remote endpoint")
    try:
        given = example_values(query.examples[0]) if query.examples else {}
        declared = {p.name for p in query.params}
        given |= {k: v for k, v in (values or {}).items() if k in declared and k in given}
        bindings = {k: convert(v) for k, v in bind(query, given).items()}
    except Exception as e:  # a query whose example does not bind is reported, not fatal
        return QueryTiming(query.name, 0, 0.0, 0.0, 0, f"not bound: {str(e)[:80]}")
    times: list[float] = []
    try:
        with deadline(limit) if limit else _nothing():
            started = time.perf_counter()
            rows = execute(query.text, bindings)
            first = time.perf_counter() - started
            while first <= budget and len(times) < runs and sum(times) < budget:
                started = time.perf_counter()
                execute(query.text, bindings)
                times.append(time.perf_counter() - started)
    except Deadline:
        return QueryTiming(query.name, 0, 0.0, 0.0, 0, f"over {limit:.0f} s, stopped")
    except Exception as e:
        return QueryTiming(query.name, 0, 0.0, 0.0, 0, f"failed: {str(e)[:80]}")
    note = ""
    if not times:
        times, note = [first], "one cold run"
    elif len(times) < 3:
        note = f"{len(times)} run{'s' if len(times) > 1 else ''}"
    return QueryTiming(query.name, rows, percentile(times, 0.5) * 1000, percentile(times, 0.95) * 1000,
                       len(times), note)


@contextmanager
def _nothing() -> Iterator[None]:
    yield


def load_average() -> str:
    """The 1-minute load average, which says how much other work shared the machine."""
    return f"{os.getloadavg()[0]:.1f}"
