"""Folding tally segments into one graph (kg.tally, docs/tallies.md).

Queries sum over every tally graph, so segments are correct as they are written; merging keeps
them few, so that a listing reads one small graph.  A merge reads all tally graphs, adds them up
key by key, drops the keys whose count fell to zero, looks up again in the documents what a
subtraction cannot give back (the latest day, the witness and what it says) for the dirty keys,
then drops the segments and changes the merged graph where it differs, in a single transaction.
The same transaction counts the segments' pairs of entities mentioned together (kg.tally_pairs).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

import pyoxigraph as ox

from kg import tally_pairs
from kg.sparql_text import values_block, with_values
from kg.tally import (
    MERGED,
    VERSION,
    Key,
    T,
    Tally,
    contributions,
    is_tally_graph,
    key_quads,
    later,
    read_key,
    segment,
    segment_name,
    segment_pairs,
    totals,
)
from kg.vocab import RDF_TYPE, document_graph

__all__ = ["SEGMENTS_BEFORE_MERGE", "after_build", "before_build", "complete", "merge", "outdated", "problems",
           "rebuild", "segments", "settle"]

# A merge holds all it folds in memory: a 10,000-article build peaked at 395 MiB merging every
# 64 segments of 32 documents, at 323 MiB merging every 32 (286 MiB for 1,000 articles); with
# kg build's batches of 64, at 428 MiB merging every 32 segments.  So a merge folds about 1,024
# documents' worth.
SEGMENTS_BEFORE_MERGE = 16
REBUILD_BATCH = 256  # document graphs read at a time when tallies are rebuilt from the documents
REBUILD_SEGMENTS_BEFORE_MERGE = 4  # so that a merge folds 1,024 documents' worth, not the whole store's


class TallyStore(Protocol):
    def tallied(self, nodes: Sequence[ox.NamedNode]) -> dict[ox.NamedNode, ox.Literal | None]: ...
    def query(self, sparql: str, substitutions: Mapping[str, Any] | None = None) -> Any: ...
    def document_hashes(self) -> dict[str, str]: ...
    def graph_quads(self, graphs: Iterable[ox.NamedNode]) -> dict[ox.NamedNode, list[ox.Quad]]: ...
    def stage_tallies(self, quads: Sequence[ox.Quad]) -> None: ...
    def drop_tally_graph(self, graph: ox.NamedNode, known: Iterable[ox.Quad] = ()) -> None: ...
    def change_tallies(self, drop: Sequence[ox.NamedNode], delete: Sequence[ox.Quad],
                       insert: Sequence[ox.Quad]) -> None: ...


_SEGMENTS = """
PREFIX t: <https://w3id.org/geokg/tally#>
SELECT ?g WHERE { GRAPH ?g { ?g a t:Segment } }
"""
_TALLIES = """
PREFIX t: <https://w3id.org/geokg/tally#>
SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?g a t:Tallies } GRAPH ?g { ?s ?p ?o } }
"""
_COMPLETE = """
PREFIX t: <https://w3id.org/geokg/tally#>
SELECT ?g ?version WHERE { GRAPH ?g { ?g a t:Complete OPTIONAL { ?g t:version ?version } } }
"""
_ANY_DOCUMENT = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
ASK { GRAPH ?g { ?document a kg:Document } }
"""
# Marks tallies that count every document, with every kind of key of this version: a store written
# by a geokg without tallies has none, one written by an older geokg an older version.
_COMPLETE_QUADS = [ox.Quad(MERGED, RDF_TYPE, T.Tallies, MERGED), ox.Quad(MERGED, RDF_TYPE, T.Complete, MERGED),
                   ox.Quad(MERGED, T.version, ox.Literal(VERSION), MERGED)]


def segments(store: TallyStore) -> list[ox.NamedNode]:
    return [row["g"] for row in store.query(_SEGMENTS) if is_tally_graph(row["g"])]


def settle(store: TallyStore, replaced: bool) -> None:
    """After a write: merge when it replaced or removed documents, or when segments have piled up."""
    if replaced or len(segments(store)) >= SEGMENTS_BEFORE_MERGE:
        merge(store)


def complete(store: TallyStore) -> bool:
    return any(row["g"] == MERGED and _current(row["version"]) for row in store.query(_COMPLETE))


def _current(version: Any) -> bool:
    return isinstance(version, ox.Literal) and version.value == str(VERSION)


def outdated(store: TallyStore) -> bool:
    """Whether the store holds documents that its tallies may not count: it was written by a geokg
    without tallies or with an older version of them, and not built or recounted since."""
    return not complete(store) and bool(store.query(_ANY_DOCUMENT))


def before_build(store: TallyStore, documents: int) -> None:
    """Make sure the tallies count every stored document before a build adds to them: a new store
    starts complete, one written by a geokg without tallies or with older ones is counted from its
    documents."""
    if complete(store):
        return
    if documents:
        rebuild(store)
    else:
        tally_pairs.clear(store)
        store.change_tallies(sorted({*segments(store), MERGED}, key=str), (), _COMPLETE_QUADS)


def after_build(store: TallyStore) -> None:
    if segments(store):
        merge(store)


def rebuild(store: TallyStore) -> int:
    """Count the tallies again from every document graph; the number of keys."""
    tally_pairs.clear(store)
    store.change_tallies(sorted({*segments(store), MERGED}, key=str), (), ())
    graphs = sorted((document_graph(d) for d in store.document_hashes()), key=str)
    for start in range(0, len(graphs), REBUILD_BATCH):
        quads = store.graph_quads(graphs[start:start + REBUILD_BATCH])
        store.change_tallies((), (), segment(segment_name(), totals(quads, {}), {}))
        if len(segments(store)) >= REBUILD_SEGMENTS_BEFORE_MERGE:
            merge(store)
    return merge(store, complete=True)


def merge(store: TallyStore, complete: bool = False) -> int:
    """Fold every tally graph into the merged one, in one transaction; the number of keys kept.
    The merged graph stays marked complete if it was (or `complete` says it now is)."""
    by_graph: dict[ox.NamedNode, dict[Any, dict[ox.NamedNode, list[Any]]]] = defaultdict(dict)
    for row in store.query(_TALLIES):
        by_graph[row["g"]].setdefault(row["s"], {}).setdefault(row["p"], []).append(row["o"])
    for graph in [g for g in by_graph if not is_tally_graph(g)]:  # typed so by someone else
        del by_graph[graph]
    statements: dict[Any, list[dict[ox.NamedNode, list[Any]]]] = defaultdict(list)
    for subjects in by_graph.values():
        for node, props in subjects.items():
            statements[node].append(props)
    total: dict[Key, Tally] = {}
    for node, found in statements.items():
        read = read_key(node, found)
        if read is not None:
            total[read[0]] = read[1]
    pair_delete, pair_insert = tally_pairs.add(store, _pairs(
        literal for graph, subjects in by_graph.items() for literal in subjects.get(graph, {}).get(T.pairs, ())))
    kept = {key: tally for key, tally in total.items() if tally.count > 0}
    _refresh(store, {key: tally for key, tally in kept.items() if tally.dirty})
    marks = by_graph.get(MERGED, {}).get(MERGED, {})
    complete = complete or (T.Complete in marks.get(RDF_TYPE, ()) and any(map(_current, marks.get(T.version, ()))))
    quads = list(_COMPLETE_QUADS if complete else _COMPLETE_QUADS[:1])
    for key in sorted(kept, key=lambda k: [str(part) for part in k]):
        kept[key].dirty = False
        quads += key_quads(key, kept[key], MERGED)
    # the merged graph is changed, not rewritten: most of what it says about a key stays as it was
    before = {ox.Quad(s, p, o, MERGED) for s, props in by_graph.get(MERGED, {}).items() for p, os in props.items()
              for o in os}
    after = set(quads)
    stale = sorted(set(by_graph) | set(segments(store)), key=str)
    store.change_tallies([g for g in stale if g != MERGED], [*sorted(before - after, key=str), *pair_delete],
                         [*sorted(after - before, key=str), *pair_insert])
    tally_pairs.fold(store)
    return len(kept)


def _pairs(literals: Iterable[ox.Literal]) -> dict[Key, Tally]:
    """The pairs that segments' `t:pairs` literals hold, summed."""
    total: dict[Key, Tally] = {}
    for literal in literals:
        for key, tally in segment_pairs(literal).items():
            total.setdefault(key, Tally()).add(tally)
    return total


_ENTITY_WITNESS = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT ?e (SAMPLE(?g) AS ?witness) WHERE {
  GRAPH ?g { { ?x kg:mentionOf ?e } UNION { ?x kg:holder ?e } UNION { ?x kg:participant ?e }
             UNION { ?x kg:location ?e } UNION { ?x kg:member ?e } UNION { ?x kg:organization ?e } }
} GROUP BY ?e
"""
_MEMBERSHIP_DAYS = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT ?m ?o (MAX(?day) AS ?latest) (SAMPLE(?g) AS ?witness) WHERE {
  GRAPH ?g { ?ms kg:member ?m ; kg:organization ?o OPTIONAL { ?ms kg:attestedOn ?day } }
} GROUP BY ?m ?o
"""
# the conditions of kg.tally._holding_key
_HOLDING_DAYS = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?p ?k ?o ?day ?g WHERE {
  GRAPH ?g {
    ?h kg:holder ?p ; kg:roleKind ?k ; kg:status kg:Current ; kg:roleLabel ?rl ; kg:evidence ?ev .
    ?ev kg:inSentence ?s . ?s kg:text ?text . ?p rdfs:label ?pl .
    OPTIONAL { ?h kg:officeOf ?o . ?o rdfs:label ?ol }
    OPTIONAL { ?h kg:attestedOn ?day }
  }
}
"""


def _refresh(store: TallyStore, dirty: Mapping[Key, Tally]) -> None:
    """Latest day, witness and what the witness says, for keys whose documents were replaced or
    removed, looked up in the documents: sums survive a subtraction, a maximum or a sample does not."""
    by_kind: dict[str, list[Key]] = defaultdict(list)
    for key, tally in dirty.items():
        by_kind[key[0]].append(key)
        tally.witness, tally.about = None, ()
        if key[0] != "entity":
            tally.latest = None
    for row in _rows(store, _ENTITY_WITNESS, ["e"], [k[1:] for k in by_kind["entity"]]):
        dirty["entity", row["e"]].witness = row["witness"]
    for row in _rows(store, _MEMBERSHIP_DAYS, ["m", "o"], [k[1:] for k in by_kind["membership"]]):
        tally = dirty["membership", row["m"], row["o"]]
        tally.latest, tally.witness = row["latest"], row["witness"]
    holders = sorted({k[1:3] for k in by_kind["holding"]}, key=str)
    for row in _rows(store, _HOLDING_DAYS, ["p", "k"], holders):
        tally = dirty.get(("holding", row["p"], row["k"], row["o"]))  # type: ignore[assignment]
        if tally is not None:
            tally.latest = later(tally.latest, row["day"])
            tally.witness = tally.witness or row["g"]
    # what each new witness says, from its own contributions
    witnesses = {t.witness for t in dirty.values() if t.witness is not None}
    for graph, quads in store.graph_quads(witnesses).items():
        said = contributions(graph, quads)
        for key, tally in dirty.items():
            if tally.witness == graph and key in said:
                tally.about = said[key].about


def _rows(store: TallyStore, query: str, names: list[str], rows: list[Key]) -> list[Any]:
    if not rows:
        return []
    return list(store.query(with_values(query, values_block(names, rows))))


_TRUE_REFERENCES = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT ?key (COUNT(*) AS ?n) WHERE {
  VALUES ?role { kg:mentionOf kg:holder kg:participant kg:location kg:member kg:organization }
  GRAPH ?g { ?x ?role ?key }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/geokg/graph/document/"))
} GROUP BY ?key
"""
_TALLIED_REFERENCES = """
PREFIX t: <https://w3id.org/geokg/tally#>
SELECT ?key (SUM(?c) AS ?n) WHERE { GRAPH ?tally { ?key t:references ?c } } GROUP BY ?key
"""
_TRUE_MEMBERSHIPS = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT ?member ?org (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?ms kg:member ?member ; kg:organization ?org }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/geokg/graph/document/"))
} GROUP BY ?member ?org
"""
_TALLIED_MEMBERSHIPS = """
PREFIX t: <https://w3id.org/geokg/tally#>
SELECT ?member ?org (SUM(?c) AS ?n) WHERE { GRAPH ?tally { ?k t:member ?member ; t:organization ?org ; t:count ?c } }
GROUP BY ?member ?org
"""
_TRUE_DAYS = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT ?date (COUNT(*) AS ?n) WHERE {
  GRAPH ?g { ?event kg:date ?date }
  FILTER(STRSTARTS(STR(?g), "https://w3id.org/geokg/graph/document/"))
} GROUP BY ?date
"""
_TALLIED_DAYS = """
PREFIX t: <https://w3id.org/geokg/tally#>
SELECT ?date (SUM(?c) AS ?n) WHERE { GRAPH ?tally { ?k t:date ?date ; t:count ?c } } GROUP BY ?date
"""


def problems(store: TallyStore, documents: int) -> list[tuple[str, str]]:
    """(where, what) for each way the tallies disagree with the documents: counted again, the slow way."""
    if not complete(store):
        return [("tallies", "they do not count every document (written by an older geokg) — "
                            "run `kg check --recount`")] if documents else []
    found: list[tuple[str, str]] = []
    dirty = {row["g"] for row in store.query(_DIRTY) if is_tally_graph(row["g"]) and row["g"] != MERGED}
    if dirty:
        found.append(("tallies", f"{len(dirty)} segment(s) of replaced or removed documents not merged — "
                                 "run `kg check --recount`"))
    for what, true, tallied, names in (("references to", _TRUE_REFERENCES, _TALLIED_REFERENCES, ["key"]),
                                       ("memberships", _TRUE_MEMBERSHIPS, _TALLIED_MEMBERSHIPS, ["member", "org"]),
                                       ("meetings on", _TRUE_DAYS, _TALLIED_DAYS, ["date"])):
        want = _counts(store, true, names)
        got = _counts(store, tallied, names)
        for key in sorted(set(want) | set(got)):
            if want.get(key, 0) != got.get(key, 0):
                found.append((" ".join(key), f"the tallies count {got.get(key, 0)} {what} it, the documents "
                                             f"{want.get(key, 0)} — run `kg check --recount`"))
    pending = _pairs(row["pairs"] for row in store.query(_PENDING) if is_tally_graph(row["g"]))
    graphs = [document_graph(d) for d in store.document_hashes()]
    return found + tally_pairs.problems(store, graphs, pending)


_PENDING = """
PREFIX t: <https://w3id.org/geokg/tally#>
SELECT ?g ?pairs WHERE { GRAPH ?g { ?g a t:Segment ; t:pairs ?pairs } }
"""


_DIRTY = """
PREFIX t: <https://w3id.org/geokg/tally#>
SELECT DISTINCT ?g WHERE { GRAPH ?g { ?k t:dirty true } }
"""


def _counts(store: TallyStore, query: str, names: list[str]) -> dict[tuple[str, ...], int]:
    return {tuple(str(row[n].value) for n in names): int(row["n"].value) for row in store.query(query)}
