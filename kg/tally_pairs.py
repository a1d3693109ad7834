"""Pairs of entities mentioned in one sentence, counted for co-mentioned.rq (docs/tallies.md).

Counted at query time, NATO's pairs in 10,000 articles meant reading the 27,603 sentences that
mention NATO and every other mention in them: 2.7 s.  Kept as tallies, they are a lookup.

Pairs are many, 25,000 in 1,000 articles.  A segment holds its batch's pairs in one literal
(kg.tally), and only a merge makes them keys, each in one *pair graph*.  The pairs a merge finds
new are written before its transaction, through the bulk loader, into a fresh graph marked
`t:StagedPairs`; the transaction marks it `t:PairTallies` along with everything else the merge
changes, so a merge cut short leaves a staged graph that no query reads and the next merge drops.
Pairs already stored have their counts changed in their own graph by the transaction.  So the
pairs count what the other tallies count after every merge, and a build ends with one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Protocol

import pyoxigraph as ox

from kg.tally import TALLY_GRAPHS, Key, T, Tally, contributions, is_tally_graph, key_node
from kg.vocab import RDF_TYPE

__all__ = ["PairStore", "graphs", "merge", "pair_graph_name", "problems"]

READ_BATCH = 256  # document graphs `kg check` reads in one go

_GRAPHS = """
PREFIX t: <https://w3id.org/geokg/tally#>
SELECT ?g ?kind WHERE { VALUES ?kind { t:PairTallies t:StagedPairs } GRAPH ?g { ?g a ?kind } }
"""
# every merged pair with its counts: a merge reads them all rather than look up each pair it
# changes, which in a store whose table files are not compacted yet costs 70 µs a pair
_ALL = """
PREFIX t: <https://w3id.org/geokg/tally#>
SELECT ?g ?k ?a ?b ?sentences ?documents WHERE {
  GRAPH ?g { ?g a t:PairTallies } GRAPH ?g { ?k t:pairA ?a ; t:pairB ?b ; t:count ?sentences ; t:documents ?documents }
}
"""


class PairStore(Protocol):
    def query(self, sparql: str, substitutions: Mapping[str, Any] | None = None) -> Any: ...
    def stage_tallies(self, quads: Sequence[ox.Quad]) -> None: ...


def pair_graph_name() -> ox.NamedNode:
    return ox.NamedNode(f"{TALLY_GRAPHS}pairs/{uuid.uuid4().hex}")


def graphs(store: PairStore) -> tuple[list[ox.NamedNode], list[ox.NamedNode]]:
    """The pair graphs: those merged, and those staged by a merge that did not finish."""
    found: dict[bool, list[ox.NamedNode]] = {True: [], False: []}
    for row in store.query(_GRAPHS):
        if is_tally_graph(row["g"]):
            found[row["kind"] == T.PairTallies].append(row["g"])
    return sorted(found[True], key=str), sorted(found[False], key=str)


def merge(store: PairStore, change: Mapping[Key, Tally]) -> tuple[list[ox.NamedNode], list[ox.Quad], list[ox.Quad]]:
    """What the merge's transaction must do to the pair graphs so that they add `change`, once the
    pairs it finds new are staged: the graphs to drop, the quads to delete and to insert."""
    _, staged = graphs(store)
    nodes = {key_node(k): k for k, t in change.items() if t.count or t.documents}
    delete: list[ox.Quad] = []
    insert: list[ox.Quad] = []
    for row in store.query(_ALL) if nodes else ():
        key = nodes.pop(row["k"], None)
        if key is None:
            continue
        tally = change[key]
        old = [ox.Quad(row["k"], T.count, row["sentences"], row["g"]),
               ox.Quad(row["k"], T.documents, row["documents"], row["g"])]
        documents = int(row["documents"].value) + tally.documents
        delete += old
        if documents > 0:
            insert += [ox.Quad(row["k"], T.count, ox.Literal(int(row["sentences"].value) + tally.count), row["g"]),
                       ox.Quad(row["k"], T.documents, ox.Literal(documents), row["g"])]
        else:  # no document mentions the two together any more
            delete += [ox.Quad(row["k"], T.pairA, row["a"], row["g"]), ox.Quad(row["k"], T.pairB, row["b"], row["g"])]
    fresh = pair_graph_name()
    # what is left is new; a pair subtracted but never merged cannot be, its document was merged first
    new = []
    p_a, p_b, p_count, p_documents = T.pairA, T.pairB, T.count, T.documents  # 100,000 quads at 1,000 articles
    for node, key in nodes.items():
        tally = change[key]
        if tally.documents > 0:
            new += [ox.Quad(node, p_a, key[1], fresh), ox.Quad(node, p_b, key[2], fresh),
                    ox.Quad(node, p_count, ox.Literal(tally.count), fresh),
                    ox.Quad(node, p_documents, ox.Literal(tally.documents), fresh)]
    if new:
        mark = ox.Quad(fresh, RDF_TYPE, T.StagedPairs, fresh)
        store.stage_tallies([mark, *new])
        delete.append(mark)
        insert.append(ox.Quad(fresh, RDF_TYPE, T.PairTallies, fresh))
    return staged, delete, insert


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
           for r in store.query(_ALL)}
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
