"""The benchmark's jobs, each run in a fresh process so its loading, memory and timing are its own.

A job that runs alongside others waits on a barrier once it has loaded what it needs; the parent
passes the same barrier and times from the moment all have loaded to the last result.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import pickle
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from benchmarks.measure import QueryTiming, disk_bytes, peak_rss_mb, runnable_queries, time_query

__all__ = ["Throughput", "Stages", "Writes", "WRITE_WAYS", "SizeResult", "RdflibResult", "tokenize_job", "extract_job",
           "stages_job", "size_job", "rdflib_job", "kb_store_bytes", "Build", "build_job"]

BATCH = 64  # documents per batch, as kg.pipeline.BuildOptions
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # kg:ingestedAt, fixed so runs write the same quads


@dataclass(frozen=True)
class Throughput:
    docs: int
    words: int
    seconds: float
    load_seconds: float
    peak_rss_mb: float


@dataclass(frozen=True)
class Stages:
    """One process through the stages one at a time: seconds per stage and what they produced."""

    docs: int
    words: int
    annotate: float
    extract: float
    dates: float
    link: float
    map: float
    entities: int
    linked: int
    quads: int
    annotators: float
    matcher_build: float
    matcher_load: float


@dataclass(frozen=True)
class Writes:
    """The same document quads written several ways into fresh on-disk stores: seconds per way
    (flush and close included), keyed by WRITE_WAYS."""

    docs: int
    quads: int
    seconds: dict[str, float]


WRITE_RUNS = 3  # of the two ways the write target compares
WRITE_WAYS = {
    "bulk_extend": "pyoxigraph Store.bulk_extend, all quads in one call",
    "write_documents": f"geokg EmbeddedStore.write_documents, batches of {BATCH}",
    "write_documents_32": "geokg EmbeddedStore.write_documents, batches of 32 (the default of `kg build` "
                          "until 2026-11-30)",
    "write_documents_extend": f"geokg EmbeddedStore.write_documents, batches of {BATCH}, each a transaction "
                              "(Store.extend, as before commit a12de3c)",
    "update_open": f"Store.update(update_text(batch)) per batch of {BATCH}, store kept open",
    "extend_open": f"Store.extend(batch quads) per batch of {BATCH}, store kept open (atomic; new graphs only)",
    "update_text": "building the update texts alone",
}


@dataclass(frozen=True)
class SizeResult:
    docs: int
    triples: int
    build_seconds: float
    write_seconds: float
    peak_rss_build_mb: float
    peak_rss_mb: float
    store_bytes: int
    queries: tuple[QueryTiming, ...]
    writes: Writes | None
    nquads: str
    values: dict[str, str]


@dataclass(frozen=True)
class Build:
    """`kg.pipeline.build` of one slice of the corpus into a fresh store, embedded or on a server."""

    where: str
    docs: int
    triples: int
    seconds: float
    write_seconds: float
    answers: int  # rows of a few saved queries read back, the same for both stores when they agree


@dataclass(frozen=True)
class RdflibResult:
    quads: int
    load_seconds: float
    peak_rss_mb: float
    queries: tuple[QueryTiming, ...]


def _articles(jsonl: Path, start: int, count: int) -> list[Any]:
    from kg.read import read_paths

    return list(itertools.islice(read_paths([jsonl]), start, start + count))


def _words(articles: Sequence[Any]) -> int:
    return sum(len(a.text.split()) for a in articles)


def tokenize_job(jsonl: Path, start: int, count: int, barrier: Any, min_seconds: float) -> Throughput:
    """spaCy's blank German and English tokenizers over the texts, repeated for at least min_seconds."""
    started = time.perf_counter()
    import spacy

    articles = _articles(jsonl, start, count)
    nlps = {lang: spacy.blank(lang) for lang in ("de", "en")}
    groups = {lang: [a.text for a in articles if a.lang == lang] for lang in nlps}
    loaded = time.perf_counter() - started
    barrier.wait()
    began = time.perf_counter()
    passes = 0
    while passes == 0 or time.perf_counter() - began < min_seconds:
        for lang, texts in groups.items():
            for _doc in nlps[lang].tokenizer.pipe(texts):
                pass
        passes += 1
    seconds = time.perf_counter() - began
    return Throughput(len(articles) * passes, _words(articles) * passes, seconds, loaded, peak_rss_mb())


def extract_job(jsonl: Path, start: int, count: int, barrier: Any, min_seconds: float) -> Throughput:
    """geokg's Pipeline.process (annotate, extract, link) over the articles in batches of BATCH."""
    started = time.perf_counter()
    from kg.kb import bundled_kb
    from kg.pipeline import Pipeline

    articles = _articles(jsonl, start, count)
    pipeline = Pipeline(bundled_kb())
    for lang in ("de", "en"):
        pipeline.annotator(lang)
    loaded = time.perf_counter() - started
    barrier.wait()
    began = time.perf_counter()
    for i in range(0, len(articles), BATCH):
        for _linked in pipeline.process(articles[i:i + BATCH]):
            pass
    seconds = time.perf_counter() - began
    return Throughput(len(articles), _words(articles), seconds, loaded, peak_rss_mb())


def stages_job(jsonl: Path, count: int) -> Stages:
    """The stages of Pipeline.process timed one by one, plus date finding alone and the RDF mapping."""
    from kg.annotate import Annotator, build_nlp
    from kg.dates import find_dates
    from kg.extract import extract
    from kg.kb import bundled_kb
    from kg.link import link
    from kg.mapping import map_linked

    articles = _articles(jsonl, 0, count)
    kb = bundled_kb()
    construct = build = load = 0.0
    annotators = {}
    for lang in ("de", "en"):
        began = time.perf_counter()
        annotators[lang] = annotator = Annotator(kb, lang)  # cold: the first in this process
        construct += time.perf_counter() - began
        # the build a disk cache would replace, cold: a fresh vocabulary and tokenizer cache
        fresh = copy.copy(annotator)
        fresh.nlp, fresh._exact = build_nlp(lang), {}  # noqa: SLF001
        began = time.perf_counter()
        matcher = fresh._phrase_matcher()  # noqa: SLF001
        build += time.perf_counter() - began
        data = pickle.dumps(matcher, protocol=pickle.HIGHEST_PROTOCOL)
        began = time.perf_counter()
        pickle.loads(data)
        load += time.perf_counter() - began
    spent = dict.fromkeys(("annotate", "extract", "dates", "link", "map"), 0.0)
    entities = linked_count = quads = 0
    for i in range(0, len(articles), BATCH):
        batch = articles[i:i + BATCH]
        for lang in ("de", "en"):
            group = [a for a in batch if a.lang == lang]
            began = time.perf_counter()
            annotated = list(annotators[lang].annotate(group))
            spent["annotate"] += time.perf_counter() - began
            for item in annotated:
                began = time.perf_counter()
                extraction = extract(item, kb)
                spent["extract"] += time.perf_counter() - began
                began = time.perf_counter()
                find_dates(item.article.text, item.article.lang, item.article.date)
                spent["dates"] += time.perf_counter() - began
                began = time.perf_counter()
                linked = link(extraction, kb)
                spent["link"] += time.perf_counter() - began
                began = time.perf_counter()
                quads += len(map_linked(linked, NOW))
                spent["map"] += time.perf_counter() - began
                entities += len(linked.links)
                linked_count += sum(1 for x in linked.links if x.qid)
    return Stages(len(articles), _words(articles), spent["annotate"], spent["extract"], spent["dates"],
                  spent["link"], spent["map"], entities, linked_count, quads, construct, build, load)


class _TimedWrites:
    """A store whose write_documents is timed; everything else passes through."""

    def __init__(self, store: Any) -> None:
        self._store = store
        self.seconds = 0.0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def write_documents(self, docs: Any) -> None:
        began = time.perf_counter()
        self._store.write_documents(docs)
        self.seconds += time.perf_counter() - began


_CHECKED = ("office-holders", "meetings", "memberships", "entities")


def _first_articles(jsonl: Path, count: int, workdir: Path) -> Path:
    """The corpus's first count articles as a JSONL file of their own (written once)."""
    sliced = workdir / f"corpus-{count}.jsonl"
    if not sliced.exists():
        with jsonl.open(encoding="utf-8") as src, sliced.open("w", encoding="utf-8") as out:
            out.writelines(itertools.islice(src, count))
    return sliced


def build_job(jsonl: Path, count: int, workdir: Path, location: str) -> Build:
    """A build of the first count articles into location (a new folder, or an empty server's URL),
    then the rows of the four scorer queries read back from it."""
    from kg.pipeline import build
    from kg.queries import find_query
    from kg.store import open_store

    sliced = _first_articles(jsonl, count, workdir)
    store = _TimedWrites(open_store(location))
    report = build([sliced], store)
    answers = sum(len(list(store.query(find_query(name).text))) for name in _CHECKED)
    store.close()
    where = "server" if location.startswith("http") else "embedded"
    return Build(where, report.built, report.triples, report.seconds, store.seconds, answers)


def kb_store_bytes(workdir: Path) -> int:
    """Disk bytes of a store that holds only the knowledge base graph, as every build writes it."""
    from kg.kbstore import resolve_kb
    from kg.store import EmbeddedStore

    path = workdir / "store-kb-only"
    shutil.rmtree(path, ignore_errors=True)
    store = EmbeddedStore(path)
    resolve_kb(store)
    store.close()
    size = disk_bytes(path)
    shutil.rmtree(path, ignore_errors=True)
    return size


def size_job(jsonl: Path, count: int, workdir: Path, runs: int, budget: float, limit: float,
             compare_writes: bool, names: tuple[str, ...] = ()) -> SizeResult:
    """`build` of count articles into a fresh store, then every saved query on it (each in its own
    process, stopped after ``limit`` seconds), then (optionally) the same quads dumped to N-Quads
    and written several ways."""
    import pyoxigraph as ox

    from kg.pipeline import build
    from kg.store import EmbeddedStore
    from kg.vocab import KB_GRAPH

    path = workdir / f"store-{count}"
    shutil.rmtree(path, ignore_errors=True)
    sliced = _first_articles(jsonl, count, workdir)
    store = _TimedWrites(EmbeddedStore(path))
    report = build([sliced], store)
    store.close()
    rss_build = peak_rss_mb()
    size = disk_bytes(path)

    reader = EmbeddedStore(path, read_only=True)
    values = corpus_values(reader)
    reader.close()
    queries = [_query_in_child(path, q.name, runs, budget, limit, values) for q in runnable_queries(names)]
    reader = EmbeddedStore(path, read_only=True)
    nquads = workdir / f"documents-{count}.nq"
    writes = None
    if compare_writes:  # the size the raw writes and rdflib are measured at: it needs the quads as a file
        with nquads.open("wb") as out:
            quads = (q for q in reader.raw.quads_for_pattern(None, None, None, None) if q.graph_name != KB_GRAPH)
            ox.serialize(quads, out, ox.RdfFormat.N_QUADS)
        writes = _compare_writes(reader, workdir)
    reader.close()
    return SizeResult(report.built, report.triples, report.seconds, store.seconds, rss_build, peak_rss_mb(),
                      size, tuple(queries), writes, str(nquads), values)


_FIRST_MEETING = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT ?m WHERE { GRAPH ?g { ?m a kg:Meeting } } ORDER BY ?m LIMIT 1
"""


def corpus_values(store: Any) -> dict[str, str]:
    """Parameter values that exist in the generated corpus, for the saved queries whose examples
    name the seed article's own document or facts."""
    rows = list(store.query(_FIRST_MEETING))
    meeting = str(rows[0]["m"].value) if rows else ""
    return {"id": "bench-000000", "document": "bench-000000", "fact": meeting, "meeting": meeting}


def query_job(path: Path, name: str, runs: int, budget: float, values: dict[str, str]) -> QueryTiming:
    """One saved query on a built store, opened read-only as `kg query` opens it."""
    import pyoxigraph as ox

    from kg.queries import find_query
    from kg.store import EmbeddedStore

    store = EmbeddedStore(path, read_only=True)

    def execute(text: str, bindings: dict[str, Any]) -> int:
        result = store.query(text, bindings or None)
        if isinstance(result, ox.QueryBoolean):
            return int(bool(result))
        return sum(1 for _ in result)

    try:
        timing = time_query(find_query(name), execute, runs=runs, budget=budget, values=values)
        if timing.runs and timing.rows:
            timing = replace(timing, floor_ms=row_floor(store, timing.rows))
        return timing
    finally:
        store.close()


_ANY_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


def row_floor(store: Any, rows: int, repeats: int = 5) -> float:
    """Milliseconds (best of `repeats`) in which pyoxigraph hands Python `rows` rows of the
    cheapest query there is, one quad pattern read in index order: no query returning that many
    rows can be faster on this store, whatever its plan."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        sum(1 for _ in itertools.islice(store.query(_ANY_QUADS), rows))  # results stream: islice stops the scan
        best = min(best, time.perf_counter() - started)
    return best * 1000


def _query_in_child(path: Path, name: str, runs: int, budget: float, limit: float,
                    values: dict[str, str]) -> QueryTiming:
    """query_job in a process of its own: Oxigraph cannot be interrupted, a process can be ended."""
    import multiprocessing as mp
    import queue

    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    proc = ctx.Process(target=_put, args=(results, query_job, (path, name, runs, budget, values)))
    proc.start()
    try:
        value, error = results.get(timeout=limit + budget * 2 + 10)  # + starting, opening, repeats
    except queue.Empty:
        value, error = QueryTiming(name, 0, 0.0, 0.0, 0, f"over {limit:.0f} s, stopped"), None
        proc.terminate()
    proc.join()
    return value if error is None else QueryTiming(name, 0, 0.0, 0.0, 0, f"failed: {error[-80:]}")


def _put(results: Any, fn: Any, args: tuple[Any, ...]) -> None:
    import traceback

    try:
        results.put((fn(*args), None))
    except Exception:
        results.put((None, traceback.format_exc(limit=1).strip()))


def _compare_writes(reader: Any, workdir: Path) -> Writes:
    import pyoxigraph as ox

    from kg import store as kg_store
    from kg import tally_merge
    from kg.store import DocumentGraph, EmbeddedStore, update_text
    from kg.tally import is_tally_graph
    from kg.vocab import KB_GRAPH, KG, document_graph

    by_graph: dict[Any, list[Any]] = {}
    ids: dict[Any, tuple[str, str]] = {}
    for q in reader.raw.quads_for_pattern(None, None, None, None):
        if q.graph_name == KB_GRAPH or is_tally_graph(q.graph_name):  # the documents' quads only
            continue
        by_graph.setdefault(q.graph_name, []).append(q)
        if q.predicate == KG.documentId:
            ids[q.graph_name] = (q.object.value, ids.get(q.graph_name, ("", ""))[1])
        elif q.predicate == KG.contentHash:
            ids[q.graph_name] = (ids.get(q.graph_name, ("", ""))[0], q.object.value)
    docs = [DocumentGraph(ids[g][0], ids[g][1], tuple(qs)) for g, qs in by_graph.items()]
    assert all(document_graph(d.doc_id) == g for d, g in zip(docs, by_graph, strict=True))
    quads = [q for d in docs for q in d.quads]
    batches = [docs[i:i + BATCH] for i in range(0, len(docs), BATCH)]

    def fresh(name: str) -> Path:
        target = workdir / f"writes-{name}"
        shutil.rmtree(target, ignore_errors=True)
        return target

    def bulk(target: Path) -> None:
        raw = ox.Store(str(target))
        raw.bulk_extend(quads)
        raw.flush()

    def geokg(target: Path, size: int = BATCH) -> None:
        store = EmbeddedStore(target)
        for i in range(0, len(docs), size):
            store.write_documents(docs[i:i + size])
        tally_merge.after_build(store)  # as a build ends: whatever the batch size, the tallies are merged
        store.close()

    def geokg_transactions(target: Path) -> None:
        bound, kg_store.BULK_QUADS = kg_store.BULK_QUADS, 0
        try:
            geokg(target)
        finally:
            kg_store.BULK_QUADS = bound

    def update_open(target: Path) -> None:
        raw = ox.Store(str(target))
        for batch in batches:
            raw.update(update_text(batch))
        raw.flush()

    def extend_open(target: Path) -> None:
        raw = ox.Store(str(target))
        for batch in batches:
            raw.extend([q for d in batch for q in d.quads])
        raw.flush()

    def text_only(target: Path) -> None:
        for batch in batches:
            update_text(batch)

    ways = {"bulk_extend": bulk, "write_documents": geokg, "write_documents_32": lambda t: geokg(t, 32),
            "write_documents_extend": geokg_transactions, "update_open": update_open, "extend_open": extend_open,
            "update_text": text_only}
    # The two ways the target compares run in turn, best of WRITE_RUNS as the throughput rows are:
    # other work on a shared machine only ever slows a run down.  The alternatives run once.
    compared = ["bulk_extend", "write_documents"]
    seconds: dict[str, float] = {}
    for name in [*compared * WRITE_RUNS, *(n for n in ways if n not in compared)]:
        target = fresh(name)
        began = time.perf_counter()
        ways[name](target)
        seconds[name] = min(seconds.get(name, float("inf")), time.perf_counter() - began)
        shutil.rmtree(target, ignore_errors=True)
    return Writes(len(docs), len(quads), seconds)


def rdflib_job(nquads: Path, runs: int, budget: float, limit: float, values: dict[str, str],
               names: tuple[str, ...] = ()) -> RdflibResult:
    """An rdflib in-memory Dataset (default graph = union) loaded from the same N-Quads, same queries."""
    import pyoxigraph as ox
    from rdflib import Dataset, Literal, URIRef, Variable

    data = nquads.read_bytes()
    began = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(data=data, format="nquads")
    load = time.perf_counter() - began
    quads = sum(1 for _ in ds.quads((None, None, None, None)))

    def convert(term: Any) -> Any:
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value.endswith("#string"):  # rdflib tells "x" and "x"^^xsd:string apart; RDF 1.1 does not
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))

    def execute(text: str, bindings: dict[str, Any]) -> int:
        result = ds.query(text, initBindings={Variable(k): v for k, v in bindings.items()})
        if result.type == "ASK":
            return int(bool(result.askAnswer))
        return sum(1 for _ in result)

    queries = [time_query(q, execute, convert, runs=runs, budget=budget, limit=limit, values=values)
               for q in runnable_queries(names)]
    return RdflibResult(quads, load, peak_rss_mb(), tuple(queries))
