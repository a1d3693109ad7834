"""Pairs of entities mentioned in one sentence, counted for co-mentioned.rq (docs/tallies.md).

Counted at query time, NATO's pairs in 10,000 articles meant reading the 27,603 sentences that
mention NATO and every other mention in them: 2.7 s.  Kept counted, they are a lookup.

Pairs are many (25,000 in 1,000 articles), and most pairs a merge counts are stored already.  An
Oxigraph transaction holds 1.4 KB or more per statement it adds until it commits, so changing the
stored counts in place cost 2× the memory at 10,000 articles (benchmarks/README.md).  So counts
are appended, never changed:

- A merge adds up its segments' pairs (kg.tally) and writes them, through the bulk loader, as a
  *run*: a graph with each pair's sentences and documents, staged (`t:StagedPairs`) until the
  merge's transaction marks it `t:PairCounts`.  A removed document's pairs count negative.
- The *index* graph names the two entities of every pair ever counted, once, so that a query finds
  an entity's pairs in one place and then adds up their counts over the runs.
- A merge writes a run of level 0; FAN_IN runs of one level are folded into one of the next, so a
  store has at most FAN_IN - 1 runs per level.  The fold's transaction marks its run counted and the
  runs it read staged; then those are dropped, a statement at a time (`drop_tally_graph`).
- Folds and drops read a run by the entities of its pairs, and name each pair as the merge did.
- No query reads a staged run.  One left by a merge or fold cut short is dropped by the next merge.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import chain, islice
from typing import Any, Protocol

import pyoxigraph as ox

from kg.sparql_text import values_block, with_values
from kg.tally import TALLY_GRAPHS, Key, T, Tally, contributions, key_node
from kg.vocab import RDF_TYPE

__all__ = ["FAN_IN", "INDEX", "PairStore", "add", "clear", "fold", "problems", "runs", "sweep"]

INDEX = ox.NamedNode(TALLY_GRAPHS + "pairs")
_RUNS = TALLY_GRAPHS + "pairs/"
FAN_IN = 4
# quads per bulk load: at 10,000 articles a fold's peak grew 40 MiB more with 50,000 than with 25,000
CHUNK = 10_000
READ_BATCH = 256  # document graphs `kg check` reads in one go

_LISTED = """
PREFIX t: <https://w3id.org/geokg/tally#>
SELECT ?g ?kind ?level WHERE {
  VALUES ?kind { t:PairCounts t:StagedPairs } GRAPH ?g { ?g a ?kind OPTIONAL { ?g t:level ?level } }
}
"""
# A run's counts by the two entities of each pair, never by the pair's IRI: Oxigraph keeps IRIs in a
# string table, and at 10,000 articles reading back 190,000 pair IRIs raised RSS by 155 MiB, the
# far fewer entities of those pairs by 38 (docs/tallies.md).
_COUNTS = """
PREFIX t: <https://w3id.org/geokg/tally#>
SELECT ?a ?b ?sentences ?documents WHERE {
  GRAPH ?g { ?key t:pairSentences ?sentences ; t:pairDocuments ?documents }
  GRAPH <https://w3id.org/geokg/graph/tally/pairs> { ?key t:pairA ?a ; t:pairB ?b }
}
"""
_SUMS = """
PREFIX t: <https://w3id.org/geokg/tally#>
SELECT ?a ?b (SUM(?s) AS ?sentences) (SUM(?d) AS ?documents) WHERE {
  GRAPH ?g { ?g a t:PairCounts }
  GRAPH ?g { ?key t:pairSentences ?s ; t:pairDocuments ?d }
  GRAPH <https://w3id.org/geokg/graph/tally/pairs> { ?key t:pairA ?a ; t:pairB ?b }
} GROUP BY ?a ?b
"""


class PairStore(Protocol):
    def query(self, sparql: str, substitutions: Mapping[str, Any] | None = None) -> Any: ...
    def stage_tallies(self, quads: Sequence[ox.Quad]) -> None: ...
    def drop_tally_graph(self, graph: ox.NamedNode, known: Iterable[ox.Quad] = ()) -> None: ...
    def change_tallies(self, drop: Sequence[ox.NamedNode], delete: Sequence[ox.Quad],
                       insert: Sequence[ox.Quad]) -> None: ...


def runs(store: PairStore) -> tuple[dict[ox.NamedNode, int], list[ox.NamedNode]]:
    """The runs counted, with their levels, and those staged."""
    counted: dict[ox.NamedNode, int] = {}
    staged: set[ox.NamedNode] = set()
    for row in store.query(_LISTED):
        graph = row["g"]
        if not (isinstance(graph, ox.NamedNode) and graph.value.startswith(_RUNS)):
            continue
        if row["kind"] == T.PairCounts:
            level = row["level"]
            counted[graph] = int(level.value) if isinstance(level, ox.Literal) else 0
        else:
            staged.add(graph)
    return counted, sorted(staged - set(counted), key=str)


def add(store: PairStore, change: Mapping[Key, Tally]) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """Stage a run of level 0 with the pairs that `change` counts; what the merge's transaction
    must delete and insert to count it.  Leftovers of a merge cut short go first."""
    sweep(store)
    pairs = [(key_node(key), key, t.count, t.documents) for key, t in change.items()
             if key[0] == "pair" and (t.count or t.documents)]
    if not pairs:
        return [], []
    index = (ox.Quad(node, p, entity, INDEX) for node, key, _, _ in pairs for p, entity in zip(
        (T.pairA, T.pairB), key[1:], strict=True))
    return _stage(store, ((node, sentences, documents) for node, _, sentences, documents in pairs), 0, index)


def _stage(store: PairStore, counts: Iterable[tuple[ox.NamedNode, int, int]], level: int,
           index: Iterable[ox.Quad] = ()) -> tuple[list[ox.Quad], list[ox.Quad]]:
    run = ox.NamedNode(f"{_RUNS}{uuid.uuid4().hex}")
    staged = ox.Quad(run, RDF_TYPE, T.StagedPairs, run)
    quads = chain((staged, ox.Quad(run, T.level, ox.Literal(level), run)), index, _count_quads(run, counts))
    while chunk := list(islice(quads, CHUNK)):
        store.stage_tallies(chunk)  # the mark first: whatever is loaded of a run is marked staged
    return [staged], [ox.Quad(run, RDF_TYPE, T.PairCounts, run)]


def _count_quads(run: ox.NamedNode, counts: Iterable[tuple[ox.NamedNode, int, int]]) -> Iterator[ox.Quad]:
    for node, sentences, documents in counts:
        yield ox.Quad(node, T.pairSentences, ox.Literal(sentences), run)
        yield ox.Quad(node, T.pairDocuments, ox.Literal(documents), run)


def fold(store: PairStore) -> int:
    """Fold FAN_IN runs of a level into one of the next while a level has that many; the number
    of folds."""
    folds = 0
    while True:
        counted, _ = runs(store)
        levels: dict[int, list[ox.NamedNode]] = {}
        for run, level in sorted(counted.items(), key=lambda item: str(item[0])):
            levels.setdefault(level, []).append(run)
        full = sorted(level for level, found in levels.items() if len(found) >= FAN_IN)
        if not full:
            return folds
        level = full[0]
        read = levels[level][:FAN_IN]
        delete, insert = _stage(store, _summed(store, read), level + 1)
        counted_marks, staged_marks = _retired(read)
        store.change_tallies((), [*delete, *counted_marks], [*insert, *staged_marks])
        sweep(store)
        folds += 1


def _summed(store: PairStore, read: Sequence[ox.NamedNode]) -> Iterator[tuple[ox.NamedNode, int, int]]:
    """The runs' counts added up, read whole before they are written: at 10,000 articles, bulk
    loads beside an open query raised a fold's peak memory by 95 MiB, after it by 35.  Summing
    in Python held less than SPARQL's GROUP BY."""
    total: dict[tuple[str, str], tuple[int, int]] = {}
    for row in _counts(store, read):
        pair = (sys.intern(row["a"].value), sys.intern(row["b"].value))
        sentences, documents = total.get(pair, (0, 0))
        total[pair] = (sentences + int(row["sentences"].value), documents + int(row["documents"].value))
    # a pair no document mentions any more goes; its name stays in the index, where it costs a lookup
    return ((_pair_node(*pair), *counts) for pair, counts in total.items() if counts != (0, 0))


def _counts(store: PairStore, read: Sequence[ox.NamedNode]) -> Any:
    return store.query(with_values(_COUNTS, values_block(["g"], [[run] for run in read])))


def _pair_node(a: str, b: str) -> ox.NamedNode:
    return key_node(("pair", ox.NamedNode(a), ox.NamedNode(b)))


def _retired(read: Sequence[ox.NamedNode]) -> tuple[list[ox.Quad], list[ox.Quad]]:
    """The marks a transaction deletes and inserts so that no query reads these runs any more."""
    return ([ox.Quad(run, RDF_TYPE, T.PairCounts, run) for run in read],
            [ox.Quad(run, RDF_TYPE, T.StagedPairs, run) for run in read])


def sweep(store: PairStore) -> None:
    """Drop the staged runs, a statement at a time."""
    for run in runs(store)[1]:
        store.drop_tally_graph(run, _stored(store, run))


def _stored(store: PairStore, run: ox.NamedNode) -> Iterator[ox.Quad]:
    """A run's counts, named without reading back the IRIs of its pairs (see _COUNTS)."""
    for row in _counts(store, [run]):
        node = _pair_node(row["a"].value, row["b"].value)
        yield ox.Quad(node, T.pairSentences, row["sentences"], run)
        yield ox.Quad(node, T.pairDocuments, row["documents"], run)


def clear(store: PairStore) -> None:
    """Drop every run and the index: nothing is counted until the first merge after."""
    counted, _ = runs(store)
    if counted:
        store.change_tallies((), *_retired(sorted(counted, key=str)))
    sweep(store)
    store.drop_tally_graph(INDEX)


def counted(store: Any, documents: Iterable[ox.NamedNode]) -> dict[tuple[str, str], tuple[int, int]]:
    """(sentences, documents) per pair, counted from those of the document graphs that are stored."""
    total: dict[tuple[str, str], tuple[int, int]] = {}
    listed = sorted(set(documents), key=str)
    for start in range(0, len(listed), READ_BATCH):
        for graph, quads in store.graph_quads(listed[start:start + READ_BATCH]).items():
            for key, tally in contributions(graph, quads).items():
                if key[0] == "pair":
                    pair = (str(key[1].value), str(key[2].value))
                    sentences, found = total.get(pair, (0, 0))
                    total[pair] = (sentences + tally.count, found + tally.documents)
    return total


def problems(store: Any, documents: Iterable[ox.NamedNode], pending: Mapping[Key, Tally]) -> list[tuple[str, str]]:
    """(pair, what) for each pair whose counts differ from what the stored documents say; `pending`
    holds what the segments not merged yet add."""
    want = counted(store, documents)
    got = {(str(r["a"].value), str(r["b"].value)): (int(r["sentences"].value), int(r["documents"].value))
           for r in store.query(_SUMS)}
    for key, tally in pending.items():
        pair = (str(key[1].value), str(key[2].value))
        sentences, found = got.get(pair, (0, 0))
        got[pair] = (sentences + tally.count, found + tally.documents)
    got = {pair: counts for pair, counts in got.items() if counts != (0, 0)}

    def said(counts: tuple[int, int] | None) -> str:
        sentences, documents = counts or (0, 0)
        return f"{sentences} sentences in {documents} documents"

    return [(" ".join(pair), f"the tallies count {said(got.get(pair))} that mention both, the documents "
                             f"{said(want.get(pair))} — run `kg check --recount`")
            for pair in sorted(set(want) | set(got)) if want.get(pair) != got.get(pair)]

