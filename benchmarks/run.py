"""Measure geokg against the raw engines it is built on, in one run on one corpus, and print one table.

    python benchmarks/run.py --quick          # small sizes, under two minutes on 2 cores
    python benchmarks/run.py                  # 1,000-article throughput; stores of 1k and 10k articles

Every measurement runs in a fresh process (spawned, not forked), so each has its own loading,
its own peak RSS and no warm caches from another.  Raw results go to <workdir>/results.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing as mp
import os
import platform
import queue as queue_module
import shutil
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable, here and in spawned jobs
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import jobs  # noqa: E402
from benchmarks.corpus import generate, write_jsonl  # noqa: E402
from benchmarks.measure import load_average  # noqa: E402
from benchmarks.server import oxigraph_server  # noqa: E402
from benchmarks.table import Results, render  # noqa: E402

__all__ = ["Plan", "run", "main"]

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Plan:
    """What one run measures: corpus sizes, repetitions and time limits."""

    name: str
    throughput_docs: int
    sizes: tuple[int, ...]
    rdflib_docs: int
    runs: int
    budget: float
    query_limit: float
    rdflib_runs: int
    rdflib_limit: float
    min_tokenize_seconds: float
    repeats: int
    remote_runs: int = 1  # builds of the smallest size into a server and into the embedded store, each
    words: int = 350
    seed: int = 0
    queries: tuple[str, ...] = ()  # saved queries to time; empty: all

    @classmethod
    def quick(cls) -> Plan:
        return cls("quick", 100, (50, 150), 50, 5, 0.3, 20.0, 2, 2.0, 0.5, 2, 1)

    @classmethod
    def full(cls) -> Plan:
        return cls("full", 1000, (1000, 10000), 1000, 20, 8.0, 120.0, 5, 30.0, 3.0, 3, 2)


def _child(index: int, fn: Callable[..., Any], args: tuple[Any, ...], results: Any) -> None:
    try:
        results.put((index, fn(*args), None))
    except BaseException:  # the parent shows the child's traceback and stops
        results.put((index, None, traceback.format_exc()))


def _spawn(fn: Callable[..., Any], arglists: Sequence[tuple[Any, ...]], *, barrier: bool) -> tuple[list[Any], float]:
    """Run fn once per argument tuple, each in its own process, all at once.  With ``barrier`` the
    barrier is appended to each tuple and the wall time runs from its release to the last result."""
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    gate = ctx.Barrier(len(arglists) + 1) if barrier else None
    procs = [ctx.Process(target=_child, args=(i, fn, (*a, gate) if gate else a, results))
             for i, a in enumerate(arglists)]
    for p in procs:
        p.start()
    began = time.perf_counter()
    if gate is not None:
        gate.wait(timeout=600)
        began = time.perf_counter()
    out: dict[int, Any] = {}
    while len(out) < len(procs):
        try:
            index, value, error = results.get(timeout=5)
        except queue_module.Empty:
            if any(not p.is_alive() and p.exitcode not in (0, None) for p in procs):
                raise RuntimeError(f"a {fn.__name__} job died") from None
            continue
        if error is not None:
            raise RuntimeError(f"{fn.__name__} failed in its process:\n{error}")
        out[index] = value
    wall = time.perf_counter() - began
    for p in procs:
        p.join()
    return [out[i] for i in range(len(procs))], wall


def _tokenize(jsonl: Path, start: int, count: int, min_seconds: float, gate: Any) -> jobs.Throughput:
    return jobs.tokenize_job(jsonl, start, count, gate, min_seconds)


def _extract(jsonl: Path, start: int, count: int, min_seconds: float, gate: Any) -> jobs.Throughput:
    return jobs.extract_job(jsonl, start, count, gate, min_seconds)


def _parallel(fn: Callable[..., Any], jsonl: Path, docs: int, processes: int, min_seconds: float) -> dict[str, Any]:
    share = -(-docs // processes)
    arglists = [(jsonl, i * share, min(share, docs - i * share), min_seconds) for i in range(processes)]
    parts, wall = _spawn(fn, arglists, barrier=True)
    # the tokenizer repeats passes per process for min_seconds: rate from each process's own clock
    if fn is _tokenize:
        words = sum(p.words / p.seconds for p in parts)
        docs_rate = sum(p.docs / p.seconds for p in parts)
        return {"processes": processes, "words_per_s": words, "docs_per_s": docs_rate,
                "load_s": max(p.load_seconds for p in parts), "rss_mb": max(p.peak_rss_mb for p in parts)}
    return {"processes": processes, "words_per_s": sum(p.words for p in parts) / wall,
            "docs_per_s": sum(p.docs for p in parts) / wall, "seconds": wall,
            "load_s": max(p.load_seconds for p in parts), "rss_mb": max(p.peak_rss_mb for p in parts)}


def machine() -> dict[str, str]:
    """nproc, CPU model, RAM, load, versions and the commit, for the table's header."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    mem_kib = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                    if line.startswith("MemTotal")), 0)
    versions = {}
    for module in ("spacy", "pyoxigraph", "rdflib"):
        versions[module] = __import__(module).__version__
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True,
                                text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "ram": f"{mem_kib / 1024 / 1024:.1f} GiB",
            "python": platform.python_version(), "commit": commit,
            **{k: v for k, v in versions.items()}}


def run(plan: Plan, workdir: Path, log: Callable[[str], None]) -> Results:
    """Every measurement of the plan, in order; the corpus is written once into workdir."""
    started = dt.datetime.now(dt.UTC)
    info = machine() | {"load_start": load_average()}
    workdir.mkdir(parents=True, exist_ok=True)
    largest = max(plan.throughput_docs, *plan.sizes, plan.rdflib_docs)
    jsonl = workdir / "corpus.jsonl"
    articles = list(generate(largest, seed=plan.seed, words=plan.words))
    write_jsonl(articles, jsonl)
    words = {n: sum(a.words() for a in articles[:n]) for n in {plan.throughput_docs, *plan.sizes}}
    german = sum(a.lang == "de" for a in articles[:plan.throughput_docs]) / plan.throughput_docs
    log(f"corpus: {largest:,} articles in {jsonl}; load average {info['load_start']}")

    throughput: dict[str, dict[str, Any]] = {}
    # Other work on the machine only ever slows a run down: the best of a few repeats is the measure.
    for attempt in range(plan.repeats):
        for name, fn in (("tokenizer", _tokenize), ("geokg", _extract)):
            for processes in (1, 2):
                log(f"{name}, {processes} process(es), {plan.throughput_docs:,} articles, run {attempt + 1}")
                got = _parallel(fn, jsonl, plan.throughput_docs, processes, plan.min_tokenize_seconds)
                key = f"{name}-{processes}"
                if key not in throughput or got["words_per_s"] > throughput[key]["words_per_s"]:
                    throughput[key] = got
    log("stages one by one")
    (stages,), _ = _spawn(jobs.stages_job, [(jsonl, plan.throughput_docs)], barrier=False)
    (kb_bytes,), _ = _spawn(jobs.kb_store_bytes, [(workdir,)], barrier=False)
    sizes = {}
    for n in plan.sizes:
        log(f"store of {n:,} articles: build, saved queries{', write comparison' if n == plan.rdflib_docs else ''}")
        (result,), _ = _spawn(jobs.size_job, [(jsonl, n, workdir, plan.runs, plan.budget, plan.query_limit,
                                                n == plan.rdflib_docs, plan.queries)], barrier=False)
        sizes[n] = result
    remote = _remote(plan, jsonl, workdir, log)
    rdflib = None
    if plan.rdflib_docs in sizes:
        log(f"rdflib Dataset of {plan.rdflib_docs:,} articles")
        chosen = sizes[plan.rdflib_docs]
        (rdflib,), _ = _spawn(jobs.rdflib_job, [(Path(chosen.nquads), plan.rdflib_runs, plan.budget,
                                                 plan.rdflib_limit, chosen.values, plan.queries)], barrier=False)
    info |= {"load_end": load_average(), "minutes": f"{(dt.datetime.now(dt.UTC) - started).seconds / 60:.1f}"}
    return Results(plan.name, plan.repeats, started.strftime("%Y-%m-%d %H:%M UTC"), info, plan.throughput_docs,
                   words[plan.throughput_docs], german, throughput, stages, kb_bytes, sizes, words, rdflib,
                   plan.rdflib_docs, remote)


def _remote(plan: Plan, jsonl: Path, workdir: Path, log: Callable[[str], None]) -> tuple[jobs.Build, ...]:
    """The smallest store size built into the embedded store and into a fresh `oxigraph serve`,
    alternating, each build in its own process; the server runs on this machine's other core."""
    n = min(plan.sizes)
    builds = []
    for attempt in range(plan.remote_runs):
        log(f"build of {n:,} articles, embedded and into oxigraph serve, run {attempt + 1}")
        target = workdir / f"store-embedded-{attempt}"
        (local,), _ = _spawn(jobs.build_job, [(jsonl, n, workdir, str(target))], barrier=False)
        shutil.rmtree(target, ignore_errors=True)
        with oxigraph_server(workdir / f"server-{attempt}") as url:
            (remote,), _ = _spawn(jobs.build_job, [(jsonl, n, workdir, url)], barrier=False)
        shutil.rmtree(workdir / f"server-{attempt}", ignore_errors=True)
        builds += [local, remote]
    return tuple(builds)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark geokg against raw spaCy, pyoxigraph and rdflib; prints one Markdown table.",
        epilog="example: python benchmarks/run.py --quick",
    )
    parser.add_argument("--quick", action="store_true",
                        help="small sizes (stores of 50 and 150 articles), under two minutes")
    parser.add_argument("--sizes", type=lambda s: tuple(int(x) for x in s.split(",")),
                        help="store sizes in articles, comma-separated (default 1000,10000; quick 50,150)")
    parser.add_argument("--docs", type=int, help="articles for the throughput runs (default 1000; quick 100)")
    parser.add_argument("--queries", type=lambda s: tuple(s.split(",")), default=(),
                        help="saved queries to time, comma-separated (default: all)")
    parser.add_argument("--workdir", type=Path, help="where corpus, stores and results.json go "
                        "(default benchmarks/out/<plan>; removed first)")
    parser.add_argument("--keep", action="store_true", help="keep the stores in the workdir afterwards")
    args = parser.parse_args(argv)
    plan = Plan.quick() if args.quick else Plan.full()
    if args.sizes:
        plan = Plan(**(asdict(plan) | {"sizes": args.sizes, "rdflib_docs": min(args.sizes)}))
    if args.docs:
        plan = Plan(**(asdict(plan) | {"throughput_docs": args.docs}))
    if args.queries:
        plan = Plan(**(asdict(plan) | {"queries": args.queries}))
    workdir = args.workdir or ROOT / "benchmarks" / "out" / plan.name
    shutil.rmtree(workdir, ignore_errors=True)
    began = time.perf_counter()
    results = run(plan, workdir, lambda message: print(f"[{time.perf_counter() - began:6.1f} s] {message}",
                                                       file=sys.stderr, flush=True))
    (workdir / "results.json").write_text(json.dumps(asdict(results), indent=1, default=str), encoding="utf-8")
    if not args.keep:
        for path in workdir.glob("store-*"):
            shutil.rmtree(path, ignore_errors=True)
        for path in workdir.glob("*.nq"):
            path.unlink()
    print(render(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
