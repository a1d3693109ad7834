"""Looking after a store: remove documents, and check that every graph in it is whole.

Everything a document says lives in its own named graph, entities included (an entity named by
two documents is described in both graphs), so removing a document is dropping its graph: its
facts go with it, and an entity stays as long as another document still names it.

``check_store`` looks for what a crash or a hand edit could leave behind and the pipeline never
writes: a document graph without exactly one kg:Document node with an id and a content hash,
the same document id in two graphs, a fact whose evidence sentence is not in its graph, a
mention or fact pointing at an entity the graph does not describe, documents without a
versioned knowledge base.  An empty store (a first build killed before its first batch) is whole.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.kbstore import stored_kb_version
from kg.store import GraphStore
from kg.tally_merge import problems as tally_problems
from kg.vocab import GRAPHS, KB_GRAPH, document_graph

__all__ = ["Problem", "Removal", "check_store", "remove_documents"]

_DOCUMENT_GRAPHS = GRAPHS + "document/"


@dataclass(frozen=True)
class Removal:
    """The documents removed, and the ids asked for that the store does not hold."""

    removed: tuple[str, ...]
    missing: tuple[str, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the store: where (a document id or graph IRI) and what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def remove_documents(store: GraphStore, doc_ids: Sequence[str]) -> Removal:
    """Drop the graphs of these documents in one update; each is named by its id or by its file's path."""
    by_path: dict[str, list[str]] = {}
    known: set[str] = set()
    for row in _rows(store, _SOURCES):
        known.add(str(row["id"].value))
        if row["path"] is not None:
            by_path.setdefault(str(row["path"].value), []).append(str(row["id"].value))
    wanted: dict[str, None] = {}
    missing: list[str] = []
    for given in doc_ids:
        found = [given] if given in known else by_path.get(given) or by_path.get(_as_path_id(given), [])
        wanted.update(dict.fromkeys(found))
        if not found:
            missing.append(given)
    removed = store.remove_documents(list(wanted))
    return Removal(tuple(removed), tuple(missing))


_SOURCES = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT ?id ?path WHERE { GRAPH ?g { ?d a kg:Document ; kg:documentId ?id OPTIONAL { ?d kg:sourcePath ?path } } }
"""


def _as_path_id(given: str) -> str:
    """The path `kg build` records for a file named this way: relative to here, posix form."""
    absolute = Path(os.path.abspath(given))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


_GRAPH_NAMES = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"

_DOCUMENT_NODES = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT ?g ?d (COUNT(DISTINCT ?id) AS ?ids) (COUNT(DISTINCT ?hash) AS ?hashes) (SAMPLE(?id) AS ?anId)
WHERE { GRAPH ?g { ?d a kg:Document OPTIONAL { ?d kg:documentId ?id } OPTIONAL { ?d kg:contentHash ?hash } } }
GROUP BY ?g ?d
"""

# Each query finds nodes that break one rule inside their own graph; the message says which.
_ORPHANS: tuple[tuple[str, str], ...] = (
    ("fact without evidence in a sentence of its graph", """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT ?g ?node WHERE { GRAPH ?g {
  VALUES ?type { kg:OfficeHolding kg:Meeting kg:Membership }
  ?node a ?type .
  FILTER NOT EXISTS { ?node kg:evidence ?e . ?e kg:inSentence ?s . ?s a kg:Sentence }
} }"""),
    ("mention whose entity is not typed in its graph", """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT ?g ?node WHERE { GRAPH ?g {
  ?node a kg:Mention .
  FILTER NOT EXISTS { ?node kg:mentionOf ?entity . ?entity a ?type }
} }"""),
    ("mention without a sentence in its graph", """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT ?g ?node WHERE { GRAPH ?g {
  ?node a kg:Mention .
  FILTER NOT EXISTS { ?node kg:inSentence ?s . ?s a kg:Sentence }
} }"""),
    ("fact pointing at an entity not typed in its graph", """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT DISTINCT ?g ?node WHERE { GRAPH ?g {
  VALUES ?role { kg:holder kg:participant kg:organizer kg:location kg:member kg:organization kg:officeOf }
  ?node ?role ?entity .
  FILTER NOT EXISTS { ?entity a ?type }
} }"""),
)


def check_store(store: GraphStore) -> list[Problem]:
    """Every problem found, one per offending node or graph; an empty list means the store is whole."""
    problems: list[Problem] = []
    graphs = {str(row["g"].value) for row in _rows(store, _GRAPH_NAMES)}
    doc_graphs = sorted(g for g in graphs if g.startswith(_DOCUMENT_GRAPHS))
    if stored_kb_version(store) is None and (doc_graphs or KB_GRAPH.value in graphs):
        # a store killed before its first batch holds neither: the next build writes both
        problems.append(Problem("kb", "knowledge base graph missing or without a version — run `kg kb reset`"))
    nodes: dict[str, list[Any]] = {g: [] for g in doc_graphs}
    for row in _rows(store, _DOCUMENT_NODES):
        nodes.setdefault(str(row["g"].value), []).append(row)
    names: dict[str, str] = {}
    owners: dict[str, list[str]] = {}
    for graph in sorted(nodes):
        rows = nodes[graph]
        if not graph.startswith(_DOCUMENT_GRAPHS):
            problems.append(Problem(graph, "kg:Document node outside a document graph"))
            continue
        if len(rows) != 1:
            problems.append(Problem(graph, f"{len(rows)} kg:Document nodes — a document graph has exactly one"))
            continue
        row = rows[0]
        ids, hashes = int(row["ids"].value), int(row["hashes"].value)
        if ids != 1 or hashes != 1:
            problems.append(Problem(graph, f"kg:Document node with {ids} kg:documentId and {hashes} kg:contentHash "
                                           "— it needs one of each"))
            continue
        doc_id = str(row["anId"].value)
        names[graph] = doc_id
        owners.setdefault(doc_id, []).append(graph)
        own = document_graph(doc_id).value
        if own != graph:
            problems.append(Problem(doc_id, f"stored in graph <{graph}>, not in its own <{own}>"))
    for doc_id, where in sorted(owners.items()):
        if len(where) > 1:
            problems.append(Problem(doc_id, f"document in {len(where)} graphs — remove it and build it again"))
    problems += (Problem(where, what) for where, what in tally_problems(store, len(doc_graphs)))
    for message, query in _ORPHANS:
        for row in _rows(store, query):
            graph = str(row["g"].value)
            if graph.startswith(_DOCUMENT_GRAPHS):
                problems.append(Problem(names.get(graph, graph), f"{message}: <{row['node'].value}>"))
    return problems


def _rows(store: GraphStore, query: str) -> list[Any]:
    return list(store.query(query))
