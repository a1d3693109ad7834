"""The graph store: pyoxigraph on disk (the default), or a SPARQL 1.1 server (kg.remote).

One named graph per document, one for the knowledge base.  A batch of documents is written
with one SPARQL Update request, which Oxigraph applies as one transaction: each document's
old graph is dropped and its new graph inserted, or nothing happens at all.  The update
text is made of terms that pyoxigraph itself serialises (N-Triples syntax), never of
strings spliced by hand.  A batch of documents that are all new has nothing to drop: the
embedded store adds its quads with one ``Store.bulk_extend``, which writes sorted table files and
hands them to RocksDB in one ingestion, all of them or none (see `_add_new`).
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

import pyoxigraph as ox

from kg import tally, tally_merge
from kg.errors import StoreBusyError, StoreError
from kg.sparql_text import bind_values
from kg.storelock import READER_WAIT_SECONDS, StoreLocks
from kg.vocab import KB_GRAPH, KG, document_graph

__all__ = [
    "DEFAULT_STORE",
    "DocumentGraph",
    "GraphStore",
    "EmbeddedStore",
    "is_server",
    "open_store",
    "store_location",
    "update_text",
]

DEFAULT_STORE = "kg-store"
# Up to this many quads, one bulk_extend is one RocksDB ingestion, all or nothing; a larger batch
# (a few huge documents) goes through a transaction instead (`_add_new`).
BULK_QUADS = 500_000
DROP_FLUSH_QUADS = 20_000  # statements a dropped tally graph loses between two flushes
COMPACT_AFTER_DOCUMENTS = 256  # a build writing this many documents (or a tenth of the store) compacts it
_SST_BYTES = 64 * 2**20  # RocksDB's file size after a compaction, about
Term = ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple


@dataclass(frozen=True)
class DocumentGraph:
    """A document's id, content hash and every quad of its named graph."""

    doc_id: str
    content_hash: str
    quads: tuple[ox.Quad, ...]


class GraphStore(Protocol):
    """What the rest of geokg needs from a store, embedded or remote."""

    location: str

    def query(self, sparql: str, substitutions: Mapping[str, Term] | None = None) -> Any: ...
    def document_hashes(self) -> dict[str, str]: ...
    def write_documents(self, docs: Sequence[DocumentGraph]) -> None: ...
    def remove_documents(self, doc_ids: Sequence[str]) -> list[str]: ...
    def kb_quads(self) -> Iterator[ox.Quad]: ...
    def has_kb(self) -> bool: ...
    def replace_kb(self, quads: Iterable[ox.Quad]) -> None: ...
    def graph_quads(self, graphs: Iterable[ox.NamedNode]) -> dict[ox.NamedNode, list[ox.Quad]]: ...
    def tallied(self, nodes: Sequence[ox.NamedNode]) -> dict[ox.NamedNode, ox.Literal | None]: ...
    def stage_tallies(self, quads: Sequence[ox.Quad]) -> None: ...
    def drop_tally_graph(self, graph: ox.NamedNode, known: Iterable[ox.Quad] = ()) -> None: ...
    def change_tallies(self, drop: Sequence[ox.NamedNode], delete: Sequence[ox.Quad],
                       insert: Sequence[ox.Quad]) -> None: ...
    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, graph: ox.NamedNode | None = None) -> None: ...
    def compact_after(self, written: int, total: int) -> bool: ...
    def close(self) -> None: ...


def store_location(option: str | None) -> str:
    """The --store option, else $KG_STORE, else ./kg-store."""
    return option or os.environ.get("KG_STORE") or DEFAULT_STORE


def is_server(location: str) -> bool:
    """Whether a store location names a SPARQL server rather than a folder."""
    return location.startswith(("http://", "https://"))


def open_store(location: str | None = None, *, read_only: bool = False, query_endpoint: str | None = None,
               update_endpoint: str | None = None) -> GraphStore:
    """Open the store named by a folder path or an http(s) endpoint URL; the endpoints matter only for a URL."""
    where = store_location(location)
    if is_server(where):
        from kg.remote import RemoteStore

        return RemoteStore(where, query_endpoint=query_endpoint, update_endpoint=update_endpoint)
    if query_endpoint or update_endpoint:
        raise StoreError(f"{where}: --query-endpoint and --update-endpoint need a server URL as --store")
    return EmbeddedStore(Path(where), read_only=read_only)


_HASHES = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT ?id ?hash WHERE { GRAPH ?g { ?doc a kg:Document ; kg:documentId ?id ; kg:contentHash ?hash } }
"""


def _triples(quads: Iterable[ox.Quad]) -> str:
    """N-Triples lines, every term written by pyoxigraph."""
    return "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)


def replace_graph(graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> str:
    """An update that drops the graph and inserts the quads into it, whatever graph they name."""
    body = _triples(quads)
    insert = f" ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}" if body else ""
    return f"DROP SILENT GRAPH {graph}{insert}"


def insert_data(quads: Sequence[ox.Quad], operation: str = "INSERT DATA") -> str:
    """INSERT DATA (or DELETE DATA) of quads in the graphs they name."""
    by_graph: dict[Any, list[ox.Quad]] = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(q)
    blocks = (f"GRAPH {g} {{\n{_triples(qs)}\n}}" for g, qs in by_graph.items())
    return "{} {{ {} }}".format(operation, "\n".join(blocks))


def tallies_update(drop: Sequence[ox.NamedNode], delete: Sequence[ox.Quad], insert: Sequence[ox.Quad]) -> str:
    """One update that drops tally graphs, then deletes and inserts tally quads (kg.tally_merge)."""
    return " ;\n".join([*(f"DROP SILENT GRAPH {g}" for g in drop),
                         *([insert_data(delete, "DELETE DATA")] if delete else []),
                         *([insert_data(insert)] if insert else [])])


def _in_graphs(docs: Sequence[DocumentGraph]) -> Iterator[ox.Quad]:
    for doc in docs:
        graph = document_graph(doc.doc_id)
        yield from (q if q.graph_name == graph else ox.Quad(q.subject, q.predicate, q.object, graph)
                    for q in doc.quads)


def update_text(docs: Sequence[DocumentGraph]) -> str:
    """One SPARQL Update that replaces each document's graph with its new quads."""
    return " ;\n".join(replace_graph(document_graph(doc.doc_id), doc.quads) for doc in docs)


class EmbeddedStore:
    """A pyoxigraph store in a folder on disk."""

    def __init__(self, path: Path, *, read_only: bool = False, wait: float = READER_WAIT_SECONDS) -> None:
        self.location = str(path)
        self.read_only = read_only
        self._described = tally.Described()
        self._wait = wait
        self._db: ox.Store | None = None
        if read_only and not (path / "CURRENT").is_file():  # RocksDB's marker of a database folder
            raise StoreError(f"{path}: no store here — run `kg build … --store {path}` first")
        # Readers and the writer take turns through advisory locks (kg.storelock, docs/reliability.md):
        # a read-only open while another process writes is undefined behaviour in Oxigraph 0.5.
        self._locks: StoreLocks | None = StoreLocks(path)
        try:
            if not read_only:
                path.mkdir(parents=True, exist_ok=True)
                self._locks.claim_writer()
                _few_malloc_arenas()
            self._store  # noqa: B018 - open now, so that a bad or busy store is reported at once
        except OSError as e:
            self._locks.release()
            raise StoreError(f"{path}: cannot open the store ({e.strerror or e})") from None
        except BaseException:
            self._locks.release()
            raise

    @property
    def _store(self) -> ox.Store:
        """RocksDB, opened on first use; the writer closes it after each transaction."""
        if self._db is None:
            if self._locks is not None:
                self._locks.take_access(exclusive=not self.read_only, wait=self._wait if self.read_only else None)
            try:
                self._db = ox.Store.read_only(self.location) if self.read_only else ox.Store(self.location)
            except OSError as e:
                if self._locks is not None:
                    self._locks.drop_access()
                text = str(e).lower()
                if "lock" in text or "resource temporarily unavailable" in text:
                    raise StoreBusyError(
                        f"{self.location}: store is busy — another process is writing to it; wait for it to finish"
                    ) from None
                raise StoreError(f"{self.location}: cannot open the store ({e})") from None
        return self._db

    def _committed(self) -> None:
        """After a write: close RocksDB so that readers can open the store until the next one."""
        if self._locks is None or self._db is None:
            return  # in memory
        db, self._db = self._db, None
        db.flush()
        del db  # closes RocksDB (no query result may still hold it) before the lock that guards it goes
        self._locks.drop_access()

    @classmethod
    def in_memory(cls) -> EmbeddedStore:
        self = cls.__new__(cls)
        self.location = ":memory:"
        self.read_only = False
        self._described = tally.Described()
        self._locks = None
        self._db = ox.Store()
        return self

    @property
    def raw(self) -> ox.Store:
        return self._store

    def query(self, sparql: str, substitutions: Mapping[str, Term] | None = None) -> Any:
        # The VALUES block steers the plan (kg.sparql_text); the substitutions as well, because only
        # they bind a variable before a SERVICE call needs its endpoint.
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        return self._store.query(bind_values(sparql, substitutions), use_default_graph_as_union=True,
                                 substitutions=subs or None)

    def document_hashes(self) -> dict[str, str]:
        rows: Any = self._store.query(_HASHES)
        return {str(s["id"].value): str(s["hash"].value) for s in rows}

    def write_documents(self, docs: Sequence[DocumentGraph]) -> None:
        if not docs:
            return
        try:
            old = self.graph_quads({document_graph(d.doc_id) for d in docs})
            added = {document_graph(d.doc_id): d.quads for d in docs}
            counts = tally.segment_for(added, old, self._known)
            if not old and len(added) == len(docs):
                self._add_new([*_in_graphs(docs), *counts])
            else:
                self._store.update(" ;\n".join([update_text(docs), *([insert_data(counts)] if counts else [])]))
            self._described.wrote(counts)
            # in the same turn at the store, so that readers are not kept waiting through the next batch
            tally_merge.settle(self, replaced=bool(old))
        except OSError as e:
            raise StoreError(f"{self.location}: writing {len(docs)} document(s) failed ({e})") from None
        self._committed()

    def _add_new(self, quads: list[ox.Quad]) -> None:
        """Add quads of graphs the store does not hold yet, all of them or none.

        pyoxigraph's bulk loader sorts a batch into one table file per index and RocksDB ingests
        them in one step, recorded atomically: a batch killed at any moment is in the store whole
        or not at all (tests/test_store.py and tests/test_reliability.py kill writes and builds).
        It skips the transaction's write-ahead log, memtables and flush: 1,000 articles were
        written in 13.5-14.9 s instead of 19.8 s (benchmarks/README.md).  Older pyoxigraph loaders
        cut their input into ingestions of 1,000,000 quads, so a batch over BULK_QUADS takes a
        transaction.
        """
        if len(quads) <= BULK_QUADS:
            self._store.bulk_extend(quads)
        else:
            self._store.extend(quads)

    def graph_quads(self, graphs: Iterable[ox.NamedNode]) -> dict[ox.NamedNode, list[ox.Quad]]:
        """The stored quads of those of the graphs that exist."""
        return {g: list(self._store.quads_for_pattern(None, None, None, g))
                for g in sorted(graphs, key=str) if self._store.contains_named_graph(g)}

    def stage_tallies(self, quads: Sequence[ox.Quad]) -> None:
        """Write quads into a graph no query reads yet (kg.tally_pairs), the fastest way there is."""
        self._add_new(list(quads))

    def drop_tally_graph(self, graph: ox.NamedNode, known: Iterable[ox.Quad] = ()) -> None:
        """Drop a graph of tallies no query reads, a statement at a time, flushing as it goes;
        `known` are statements the caller knows it holds, removed without reading them back.

        Dropping 200,000 statements in one transaction raised the peak memory by 260 MiB, one
        transaction each by 124 MiB (the deletions pile up in RocksDB's memory tables), and with a
        flush every 20,000 by 48 MiB, in 5.8 s instead of 3.9 s (docs/tallies.md)."""
        if not self._store.contains_named_graph(graph):
            return
        for n, quad in enumerate(self._known_then_left(known, graph), 1):
            if quad.subject != graph:  # the graph's own marks go last, so what is left is still marked
                self._store.remove(quad)
            if n % DROP_FLUSH_QUADS == 0:
                self._store.flush()
        self._store.remove_graph(graph)

    def _known_then_left(self, known: Iterable[ox.Quad], graph: ox.NamedNode) -> Iterator[ox.Quad]:
        yield from known
        yield from self._store.quads_for_pattern(None, None, None, graph)  # read after: only what is left

    def remove_documents(self, doc_ids: Sequence[str]) -> list[str]:
        old = self.graph_quads({document_graph(d) for d in doc_ids})
        present = [d for d in doc_ids if document_graph(d) in old]
        if present:
            counts = tally.segment_for({}, old, self._known)
            self._store.update(" ;\n".join([*(f"DROP SILENT GRAPH {g}" for g in old),
                                             *([insert_data(counts)] if counts else [])]))
            self._described.wrote(counts)
            tally_merge.settle(self, replaced=True)
            self._committed()
        return present

    def _known(self, nodes: list[ox.NamedNode]) -> dict[ox.NamedNode, ox.Literal | None]:
        return self._described.known(nodes, self.tallied)

    def tallied(self, nodes: Sequence[ox.NamedNode]) -> dict[ox.NamedNode, ox.Literal | None]:
        """Which of these tally keys the merged tallies hold, with their latest day."""
        found: dict[ox.NamedNode, ox.Literal | None] = {}
        for node in nodes:
            for q in self._store.quads_for_pattern(node, None, None, tally.MERGED):
                day = q.object if q.predicate == tally.T.latest and isinstance(q.object, ox.Literal) else None
                if day is not None or node not in found:
                    found[node] = day
        return found

    def change_tallies(self, drop: Sequence[ox.NamedNode], delete: Sequence[ox.Quad],
                       insert: Sequence[ox.Quad]) -> None:
        if drop or delete or insert:
            self._store.update(tallies_update(drop, delete, insert))
        self._described.forget()

    def kb_quads(self) -> Iterator[ox.Quad]:
        return iter(self._store.quads_for_pattern(None, None, None, KB_GRAPH))

    def has_kb(self) -> bool:
        return self._store.contains_named_graph(KB_GRAPH)

    def replace_kb(self, quads: Iterable[ox.Quad]) -> None:
        self._store.update(replace_graph(KB_GRAPH, quads))
        self._committed()

    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, graph: ox.NamedNode | None = None) -> None:
        if graph is not None:
            self._store.dump(out, fmt, from_graph=graph)
        else:
            self._store.dump(out, fmt)

    def flush(self) -> None:
        self._store.flush()

    def compact_after(self, written: int, total: int) -> bool:
        """After a build that wrote ``written`` of the store's ``total`` documents: compact RocksDB
        when that is a large share, or when the folder holds many more files than a compacted
        store of its size; say whether it did.

        The writer closes the store after every batch, so RocksDB's own background compaction
        rarely finishes and reads go through many overlapping small files: on 1,000 articles the
        saved queries run 3–5× faster after a compaction (1.5 s), on 10,000 about 2× (21 s).  A
        small build into a large store does not pay for rewriting all of it.
        """
        if self._locks is None or self.read_only or written == 0:
            return False
        large_share = written >= COMPACT_AFTER_DOCUMENTS or written * 10 >= total
        if not large_share and not _fragmented(Path(self.location)):
            return False
        try:
            self._store.optimize()
        except OSError as e:
            raise StoreError(f"{self.location}: compacting the store failed ({e}); its data is intact") from None
        self._committed()
        return True

    def close(self) -> None:
        db, self._db = self._db, None
        if db is not None and self.location != ":memory:" and not self.read_only:
            try:
                db.flush()
            except OSError:
                pass
        del db  # RocksDB closes here, before the locks that guard it are released
        if self._locks is not None:
            if not self.read_only:
                _prune_info_logs(Path(self.location))
            self._locks.release()


_M_ARENA_MAX = -8  # glibc's mallopt parameter


def _few_malloc_arenas() -> None:
    """Keep glibc to two malloc arenas in a process that writes a store.

    Each bulk load runs on threads of its own, and glibc gives new threads arenas of their own
    (up to eight per core) that keep the pages freed in them: a 3,000-article build peaked at
    386 MiB with the default, 333 MiB with one arena and 343 MiB with two (368 MiB with the
    transactional writes before).  Fewer arenas only make threads that allocate at the same
    moment wait for each other, which a single writer hardly does.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None).mallopt(_M_ARENA_MAX, 2)
    except (OSError, AttributeError):  # not glibc
        pass


def _fragmented(folder: Path) -> bool:
    """Whether the folder holds many more table files than a compacted store of its size."""
    files = size = 0
    for entry in os.scandir(folder):
        if entry.name.endswith(".sst"):
            try:
                size += entry.stat().st_size
            except FileNotFoundError:  # RocksDB may remove a file it has just compacted away
                continue
            files += 1
    return files > 3 * size / _SST_BYTES + 32


def _prune_info_logs(folder: Path, keep: int = 4) -> None:
    """Drop all but the newest RocksDB info logs: the writer reopens once per batch, and each
    open starts a new LOG (RocksDB itself keeps a thousand).  They are diagnostics, not data."""
    for old in sorted(folder.glob("LOG.old.*"))[:-keep]:
        old.unlink(missing_ok=True)


# documents' graphs only: not the knowledge base, not the tallies
_TYPE_COUNTS = """
SELECT ?type (COUNT(DISTINCT ?s) AS ?n)
WHERE { GRAPH ?g { ?s a ?type } FILTER(STRSTARTS(STR(?g), "https://w3id.org/geokg/graph/document/")) } GROUP BY ?type
"""
_TRIPLES = """
SELECT (COUNT(*) AS ?n)
WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/geokg/graph/document/")) }
"""


def document_kind_counts(store: GraphStore) -> dict[str, int]:
    """Counts for `kg stats`: documents, entities by class, facts by kind, triples."""
    counts: dict[str, int] = {}
    for row in store.query(_TYPE_COUNTS):
        counts[str(row["type"].value).rsplit("#", 1)[-1]] = int(row["n"].value)
    counts["triples"] = int(next(iter(store.query(_TRIPLES)))["n"].value)
    counts.setdefault(KG.Document.value.rsplit("#", 1)[-1], 0)
    return counts
