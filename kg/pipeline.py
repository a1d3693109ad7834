"""The one place that knows the order of the stages.

    read ─▶ Article ─annotate─▶ Annotated ─extract─▶ Extraction ─link─▶ Linked ─map─▶ quads ─▶ store

Unchanged documents (same id, same content hash) are skipped before any language work;
changed ones replace their graph.  Documents are written in batches, each batch in one
transaction, so a crash leaves every document either fully written or absent.
"""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg import tally_merge
from kg.annotate import Annotator
from kg.extract import extract
from kg.kb import KnowledgeBase
from kg.kbstore import resolve_kb
from kg.link import link
from kg.mapping import map_linked
from kg.read import read_paths
from kg.records import Article, Linked, ReadFailure
from kg.store import DocumentGraph, GraphStore

__all__ = ["BuildOptions", "BuildReport", "MAX_CHARS", "Pipeline", "build"]

MAX_CHARS = 1_000_000
"""The longest document text annotated; spaCy's nlp.max_length. A news article is a few thousand."""


@dataclass(frozen=True)
class BuildOptions:
    date: dt.date | None = None
    lang: str | None = None
    model: str | None = None
    validate: bool = False
    # documents per atomic write: 64 wrote 1,000 articles with their tallies, merge included, in
    # 12.3-12.6 s, 32 in 15.8-16.2 s (fewer reopenings of RocksDB, segments and bulk loads; see
    # benchmarks/README.md); a crash loses at most one batch, a reader waits at most for one
    batch_size: int = 64


@dataclass(frozen=True)
class BuildReport:
    built: int
    skipped: int
    failures: tuple[ReadFailure, ...]
    triples: int
    seconds: float
    loaded: tuple[str, ...] = ()
    """What this run loaded (``kb``, ``annotator:de`` …); empty when every document was unchanged."""
    compact_seconds: float | None = None
    """How long compacting the store took at the end (kg.store.EmbeddedStore.compact_after), if it did."""

    def summary(self) -> str:
        compacted = "" if self.compact_seconds is None else f" (store compacted in {self.compact_seconds:.1f} s)"
        return (f"{self.built} built, {self.skipped} unchanged, {len(self.failures)} failed, "
                f"{self.triples} triples written in {self.seconds:.1f} s{compacted}")


@dataclass
class Pipeline:
    """The loaded resources of one run: the knowledge base and one annotator per language."""

    kb: KnowledgeBase
    model: str | None = None
    _annotators: dict[str, Annotator] = field(default_factory=dict)

    @property
    def loaded(self) -> tuple[str, ...]:
        return ("kb", *(f"annotator:{lang}" for lang in self._annotators))

    def annotator(self, lang: str) -> Annotator:
        if lang not in self._annotators:
            self._annotators[lang] = Annotator(self.kb, lang, self.model)
        return self._annotators[lang]

    def process(self, articles: Sequence[Article]) -> Iterator[Linked]:
        """Annotate, extract and link articles, batching each language through nlp.pipe."""
        by_lang: dict[str, list[Article]] = {}
        for a in articles:
            by_lang.setdefault(a.lang, []).append(a)
        done: dict[str, Linked] = {}
        for lang, group in by_lang.items():
            for annotated in self.annotator(lang).annotate(group):
                done[annotated.article.doc_id] = link(extract(annotated, self.kb), self.kb)
        for a in articles:
            yield done[a.doc_id]


def _batches(items: Iterable[Article | ReadFailure], size: int) -> Iterator[list[Article | ReadFailure]]:
    batch: list[Article | ReadFailure] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def build(
    paths: Sequence[str | Path],
    store: GraphStore,
    options: BuildOptions = BuildOptions(),
    progress: Callable[[int], None] | None = None,
) -> BuildReport:
    """Read, extract, link and store every document under paths."""
    started = time.perf_counter()
    known = store.document_hashes()
    tally_merge.before_build(store, len(known))
    pipeline: Pipeline | None = None
    built = skipped = triples = 0
    failures: list[ReadFailure] = []
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for batch in _batches(read_paths(paths, date=options.date, lang=options.lang), options.batch_size):
        fresh: list[Article] = []
        for item in batch:
            if isinstance(item, ReadFailure):
                failures.append(item)
            elif known.get(item.doc_id) == item.content_hash:
                skipped += 1
            elif len(item.text) > MAX_CHARS:
                where = item.path or item.doc_id
                where += f" ({item.doc_id})" if item.doc_id != where else ""
                failures.append(ReadFailure(where, f"{where}: {len(item.text):,} characters is over the "
                                                   f"{MAX_CHARS:,}-character limit per document; split it"))
            else:
                fresh.append(item)
                known[item.doc_id] = item.content_hash
        if fresh:
            if pipeline is None:
                pipeline = Pipeline(resolve_kb(store), options.model)
            graphs = []
            for linked in pipeline.process(fresh):
                quads = map_linked(linked, now)
                if options.validate:
                    failure = _validation_failure(linked, quads)
                    if failure is not None:
                        failures.append(failure)
                        continue
                graphs.append(DocumentGraph(linked.extraction.article.doc_id,
                                            linked.extraction.article.content_hash, tuple(quads)))
            store.write_documents(graphs)
            built += len(graphs)
            triples += sum(len(g.quads) for g in graphs)
        if progress is not None:
            progress(len(batch))
    loaded = pipeline.loaded if pipeline is not None else ()
    # The knowledge base and annotators go before RocksDB compacts, so that its buffers can
    # reuse their memory instead of adding to the process's peak (about 20 MiB at 10,000 articles).
    pipeline = None
    gc.collect()
    # also after a build that wrote nothing: it is how a store left unmerged by a killed process is mended
    tally_merge.after_build(store)
    compacting = time.perf_counter()
    compacted = store.compact_after(built, len(known))
    compact_seconds = time.perf_counter() - compacting if compacted else None
    return BuildReport(built, skipped, tuple(failures), triples, time.perf_counter() - started, loaded,
                       compact_seconds)


def _validation_failure(linked: Linked, quads: list) -> ReadFailure | None:
    from kg.validate import format_violation, validate_graph

    violations = [v for v in validate_graph(quads) if v.severity == "Violation"]
    if not violations:
        return None
    article = linked.extraction.article
    first = format_violation(violations[0])
    more = f" (+{len(violations) - 1} more)" if len(violations) > 1 else ""
    return ReadFailure(article.path or article.doc_id, f"graph violates the shapes: {first}{more}")
