"""The benchmark's one table: geokg, the raw engine beside it, their ratio and the target, as Markdown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from benchmarks.jobs import BATCH, WRITE_RUNS, WRITE_WAYS, Build, RdflibResult, SizeResult, Stages
from benchmarks.measure import QueryTiming

__all__ = ["Results", "render", "TARGETS"]

TARGETS = {"extraction": 0.10, "writes": 0.5, "scaling": 1.7, "p95_ms": 50.0, "memory_growth": 1.25,
           "remote": 3.0}


@dataclass(frozen=True)
class Results:
    plan: str
    repeats: int
    date: str
    machine: dict[str, str]
    throughput_docs: int
    throughput_words: int
    german: float
    throughput: dict[str, dict[str, Any]]
    stages: Stages
    kb_store_bytes: int
    sizes: dict[int, SizeResult]
    words: dict[int, int]
    rdflib: RdflibResult | None
    rdflib_docs: int
    remote: tuple[Build, ...] = ()  # embedded and server builds of the same articles, alternating


def _n(value: float) -> str:
    """A number as people read it: thousands separated, few digits after the point."""
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _size(n: int) -> str:
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


def _check(ok: bool, text: str, miss: str = "") -> str:
    return f"{text} — **met**" if ok else f"{text} — **missed**{' ' + miss if miss else ''}"


def _at_least(ratio: float, target: float, what: str) -> str:
    return _check(ratio >= target, f"≥ {target:g}{what}", f"({ratio:.2f}, {target / ratio:.1f}× short)"
                  if ratio else "")


def render(r: Results) -> str:
    """One Markdown table with a short header saying where and when it was measured."""
    m = r.machine
    head = [
        f"geokg benchmark ({r.plan}) · {r.date} · {m['nproc']} × {m['cpu']} · {m['ram']} RAM · "
        f"load average {m['load_start']} → {m['load_end']} · {m['minutes']} min",
        f"geokg {m['commit']} · Python {m['python']} · spaCy {m['spacy']} · pyoxigraph {m['pyoxigraph']} · "
        f"rdflib {m['rdflib']}",
        f"corpus: benchmarks/corpus.py, seed 0; throughput (best of {r.repeats} runs) on "
        f"{r.throughput_docs:,} articles "
        f"({r.throughput_words:,} words, {r.german:.0%} German); stores of "
        + ", ".join(f"{n:,}" for n in r.sizes) + " articles",
        "",
    ]
    rows: list[tuple[str, str, str, str, str]] = []
    rows += _throughput_rows(r)
    rows += _stage_rows(r.stages)
    rows += _store_rows(r)
    rows += _remote_rows(r.remote)
    rows += _query_rows(r)
    out = ["| measure | geokg | raw engine / baseline | geokg ÷ baseline | target |",
           "| --- | ---: | ---: | ---: | --- |"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(head + out)


def _throughput_rows(r: Results) -> list[tuple[str, str, str, str, str]]:
    t = r.throughput
    rows = []
    for p in (1, 2):
        geo, tok = t[f"geokg-{p}"], t[f"tokenizer-{p}"]
        ratio = geo["words_per_s"] / tok["words_per_s"]
        target = _at_least(ratio, TARGETS["extraction"], " × tokenizer") if p == 1 else ""
        rows.append((f"extraction words/s, {p} process{'es' if p > 1 else ''} (annotate+extract+link)",
                     _n(geo["words_per_s"]), f"spaCy blank tokenizer {_n(tok['words_per_s'])}",
                     f"{ratio:.3f}", target))
        rows.append((f"extraction docs/s, {p} process{'es' if p > 1 else ''}", _n(geo["docs_per_s"]),
                     f"tokenizer {_n(tok['docs_per_s'])}", f"{geo['docs_per_s'] / tok['docs_per_s']:.3f}", ""))
    scale = t["geokg-2"]["words_per_s"] / t["geokg-1"]["words_per_s"]
    tok_scale = t["tokenizer-2"]["words_per_s"] / t["tokenizer-1"]["words_per_s"]
    rows.append(("2 processes ÷ 1 process", f"{scale:.2f}×", f"tokenizer {tok_scale:.2f}×",
                 f"{scale / tok_scale:.2f}", _at_least(scale, TARGETS["scaling"], "×")))
    rows.append(("load per process (KB + de/en annotators; imports included), peak RSS",
                 f"{t['geokg-1']['load_s']:.1f} s, {_n(t['geokg-1']['rss_mb'])} MiB",
                 f"tokenizer {t['tokenizer-1']['load_s']:.1f} s, {_n(t['tokenizer-1']['rss_mb'])} MiB", "", ""))
    return rows


def _stage_rows(s: Stages) -> list[tuple[str, str, str, str, str]]:
    total = s.annotate + s.extract + s.link + s.map
    share = " · ".join(f"{name} {secs / total:.0%}" for name, secs in
                       (("annotate", s.annotate), ("extract", s.extract), ("link", s.link), ("map to RDF", s.map)))
    return [
        (f"stage shares, one process, {s.docs:,} articles ({total:.1f} s)",
         share + f" (dates inside extract ≈ {s.dates / total:.0%})", "", "", ""),
        ("linker entities/s (all entities; linked to a QID)",
         f"{_n(s.entities / s.link)} ({s.linked / s.entities:.0%})", "", "", ""),
        ("KB PhraseMatcher de+en: build vs load from a pickle (s); whole annotators, cold",
         f"build {s.matcher_build:.2f} (annotators {s.annotators:.2f})", f"pickle load {s.matcher_load:.2f}",
         f"{s.matcher_build / s.matcher_load:.2f}", "a disk cache pays if load ≪ build"),
    ]


def _store_rows(r: Results) -> list[tuple[str, str, str, str, str]]:
    rows = []
    sizes = sorted(r.sizes)
    w = r.sizes[r.rdflib_docs].writes if r.rdflib_docs in r.sizes else None
    if w is not None:
        t = w.seconds
        geo, bulk = w.quads / t["write_documents"], w.quads / t["bulk_extend"]
        rows.append((f"store writes quads/s ({w.docs:,} docs, {w.quads:,} quads, batches of {BATCH}, on disk; "
                     f"best of {WRITE_RUNS}, in turn)",
                     _n(geo), f"pyoxigraph bulk_extend {_n(bulk)}", f"{geo / bulk:.2f}",
                     _at_least(geo / bulk, TARGETS["writes"], " × bulk load")))
        alternatives = ("write_documents_32", "write_documents_extend", "update_open", "extend_open")
        for way in [a for a in alternatives if a in t]:
            rows.append((f"… alternative: {WRITE_WAYS[way]}", _n(w.quads / t[way]),
                         f"{t['write_documents'] / t[way]:.2f}× write_documents", f"{t['bulk_extend'] / t[way]:.2f}",
                         ""))
        rows.append(("… building the SPARQL Update texts (share of write_documents)",
                     f"{t['update_text'] / t['write_documents']:.0%}", "", "", ""))
    for n in sizes:
        s = r.sizes[n]
        rows.append((f"build of {_size(n)} articles (`kg.pipeline.build`)",
                     f"{s.build_seconds:.0f} s, {_n(s.docs / s.build_seconds)} docs/s, {_n(s.triples / s.docs)} "
                     f"triples/doc; writes {s.write_seconds / s.build_seconds:.0%}, {_n(s.triples / s.write_seconds)} "
                     "quads/s", "", "", ""))
    if r.rdflib is not None and w is not None:
        rows.append((f"load {r.rdflib.quads:,} quads ({_size(r.rdflib_docs)} articles), s",
                     f"geokg writes {w.seconds['write_documents']:.1f}",
                     f"rdflib Dataset parse N-Quads {r.rdflib.load_seconds:.1f}",
                     f"{w.seconds['write_documents'] / r.rdflib.load_seconds:.2f}", ""))
    rss = {n: r.sizes[n].peak_rss_build_mb for n in sizes}
    growth = rss[sizes[-1]] / rss[sizes[0]]
    more = f", +{_n(rss[sizes[-1]] - rss[sizes[0]])} MiB"
    rows.append(("peak RSS of the build (MiB), per size", " · ".join(f"{_size(n)}: {_n(v)}" for n, v in rss.items()),
                 f"rdflib {_size(r.rdflib_docs)}: {_n(r.rdflib.peak_rss_mb)}" if r.rdflib else "",
                 f"{_size(sizes[-1])} ÷ {_size(sizes[0])}: {growth:.2f}{more}",
                 _check(growth <= TARGETS["memory_growth"], "flat (≤ 1.25×)", f"({growth:.2f}×)")))
    rows.append(("store on disk per article (KB graph excluded)",
                 " · ".join(f"{_size(n)}: {_n((r.sizes[n].store_bytes - r.kb_store_bytes) / n / 1024)} KiB"
                            for n in sizes), f"KB graph alone {_n(r.kb_store_bytes / 2**20)} MiB", "", ""))
    return rows


def _remote_rows(builds: tuple[Build, ...]) -> list[tuple[str, str, str, str, str]]:
    embedded = [b for b in builds if b.where == "embedded"]
    server = [b for b in builds if b.where == "server"]
    if not embedded or not server:
        return []
    local = min(embedded, key=lambda b: b.seconds)
    remote = min(server, key=lambda b: b.seconds)
    ratio = remote.seconds / local.seconds
    same = all(b.answers == local.answers and b.triples == local.triples for b in builds)
    return [(f"build of {local.docs:,} articles into `oxigraph serve` on this machine vs the embedded store "
             f"(best of {len(server)}; same triples and answers: {'yes' if same else '**no**'})",
             f"{remote.seconds:.1f} s, {_n(remote.docs / remote.seconds)} docs/s; writes "
             f"{remote.write_seconds / remote.seconds:.0%}",
             f"embedded {local.seconds:.1f} s; writes {local.write_seconds / local.seconds:.0%}",
             f"{ratio:.2f}", _check(ratio <= TARGETS["remote"] and same, "≤ 3 × embedded", f"({ratio:.2f}×)"))]


def _query_rows(r: Results) -> list[tuple[str, str, str, str, str]]:
    sizes = sorted(r.sizes)
    largest = sizes[-1]
    by_size = {n: {q.name: q for q in r.sizes[n].queries} for n in sizes}
    rdf = {q.name: q for q in r.rdflib.queries} if r.rdflib else {}
    rows = []
    for name in by_size[largest]:
        cells = []
        for n in sizes:
            q = by_size[n].get(name)
            cells.append(f"{_size(n)}: {_latency(q)}")
        base = rdf.get(name)
        mine = by_size.get(r.rdflib_docs, {}).get(name)
        ratio = f"{mine.p95_ms / base.p95_ms:.3f}" if mine and base and base.runs and mine.runs else ""
        if ratio and mine and base and mine.rows != base.rows:
            ratio = f"{ratio} (rows differ)"
        q_big = by_size[largest][name]
        over = f"({q_big.p95_ms / TARGETS['p95_ms']:.1f}× over"
        if q_big.floor_ms >= TARGETS["p95_ms"]:  # the rows alone take longer than the target allows
            over += f"; handing over {q_big.rows:,} rows alone takes {_n(q_big.floor_ms)} ms"
        target = "" if not q_big.runs else _check(q_big.p95_ms < TARGETS["p95_ms"], f"p95 < 50 ms @{_size(largest)}",
                                                  over + ")")
        rows.append((f"query `{name}` p50 / p95 ms (rows)", " · ".join(cells),
                     f"rdflib {_size(r.rdflib_docs)}: {_latency(base)}" if base else "", ratio, target))
    return rows


def _latency(q: QueryTiming | None) -> str:
    if q is None:
        return "—"
    if not q.runs:
        return q.note
    note = f", {q.note}" if q.note else ""
    floor = f", floor {_n(q.floor_ms)}" if q.floor_ms else ""
    return f"{_n(q.p50_ms)} / {_n(q.p95_ms)} ({q.rows:,}{note}{floor})"
