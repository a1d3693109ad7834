"""The graph store on a SPARQL 1.1 server (Oxigraph, Fuseki, GraphDB …), with EmbeddedStore's API.

Reads are SPARQL queries whose answers come back as pyoxigraph objects, so callers cannot tell
the two stores apart.  A batch of documents is written as one SPARQL Update built by
``kg.store.update_text`` (DROP SILENT GRAPH + INSERT DATA per document), which the server
applies as one transaction; a batch too large for one request is split between documents,
never inside one.  Servers do not implement pyoxigraph's ``substitutions``, so parameters are
bound by a one-row ``VALUES`` block (kg.sparql_text), as in the embedded store.  docs/remote.md
has the details.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import IO, Any

import pyoxigraph as ox

from kg import tally, tally_merge
from kg.errors import EndpointError
from kg.sparql_http import Endpoints, SparqlClient, endpoints_for, public_url
from kg.sparql_text import bind_values, query_form, values_block, with_values
from kg.store import _HASHES, DocumentGraph, insert_data, replace_graph, tallies_update, update_text
from kg.vocab import KB_GRAPH, document_graph

__all__ = ["DEFAULT_MAX_REQUEST_BYTES", "RemoteStore", "bind_values", "query_form", "values_block", "with_values"]

DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024

_PRESENT = "SELECT ?g WHERE { FILTER EXISTS { GRAPH ?g { ?s ?p ?o } } }"
_GRAPH_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_HAS_GRAPH = "ASK { GRAPH ?g { ?s ?p ?o } }"
_TALLIED = """
PREFIX t: <https://w3id.org/geokg/tally#>
SELECT DISTINCT ?k ?latest WHERE {
  GRAPH <https://w3id.org/geokg/graph/tally/merged> { ?k ?p ?o }
  OPTIONAL { GRAPH <https://w3id.org/geokg/graph/tally/merged> { ?k t:latest ?latest } }
}
"""


def _query_triples(triples: Iterable[ox.Triple]) -> ox.QueryTriples:
    """The triples as an ox.QueryTriples, the type callers check for and serialise."""
    # pyoxigraph has no constructor for QueryTriples; a throw-away in-memory store hands one out.
    scratch = ox.Store()
    scratch.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    result = scratch.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert isinstance(result, ox.QueryTriples)
    return result


def _requests(docs: Sequence[DocumentGraph], limit: int) -> Iterator[tuple[list[DocumentGraph], str]]:
    """(documents, update text) per request: whole documents, at most limit bytes unless one is larger."""
    chunk: list[DocumentGraph] = []
    parts: list[str] = []
    size = 0
    for doc in docs:
        text = update_text([doc])
        length = len(text.encode("utf-8")) + 3
        if parts and size + length > limit:
            yield chunk, " ;\n".join(parts)
            chunk, parts, size = [], [], 0
        size += length
        chunk.append(doc)
        parts.append(text)
    if parts:
        # Joining per-document texts gives exactly update_text(batch), without serialising twice.
        yield chunk, " ;\n".join(parts)


class RemoteStore:
    """A geokg store on a SPARQL 1.1 query endpoint and update endpoint."""

    def __init__(
        self,
        url: str,
        *,
        query_endpoint: str | None = None,
        update_endpoint: str | None = None,
        union_default_graph: bool | None = None,
        timeout: float | None = None,
        max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES,
    ) -> None:
        self.endpoints: Endpoints = endpoints_for(url, query_endpoint, update_endpoint, union_default_graph)
        self.location = public_url(url)
        self.max_request_bytes = max_request_bytes
        self._client = SparqlClient(self.endpoints, timeout=timeout)
        self._described = tally.Described()

    def query(self, sparql: str, substitutions: Mapping[str, object] | None = None) -> Any:
        """Solutions, a boolean or triples, exactly the types EmbeddedStore.query returns."""
        form = query_form(sparql)
        text = bind_values(sparql, substitutions)
        if form in {"SELECT", "ASK"}:
            return self._client.select(text, form)
        return _query_triples(self._client.triples(text, form))

    def _select(self, sparql: str, substitutions: Mapping[str, object] | None = None) -> ox.QuerySolutions:
        result = self._client.select(bind_values(sparql, substitutions))
        assert isinstance(result, ox.QuerySolutions)
        return result

    def document_hashes(self) -> dict[str, str]:
        return {str(s["id"].value): str(s["hash"].value) for s in self._select(_HASHES)}

    def write_documents(self, docs: Sequence[DocumentGraph]) -> None:
        written = 0
        replaced = False
        for chunk, text in _requests(docs, self.max_request_bytes):
            try:
                # each request carries the tallies of its own documents, so what it writes is whole
                old = self.graph_quads({document_graph(d.doc_id) for d in chunk})
                added = {document_graph(d.doc_id): d.quads for d in chunk}
                counts = tally.segment_for(added, old, self._known)
                self._client.update(" ;\n".join([text, *([insert_data(counts)] if counts else [])]))
                self._described.wrote(counts)
            except EndpointError as e:
                raise EndpointError(f"{e} ({written} of {len(docs)} document(s) were written before this "
                                    "request; building again is safe)") from None
            written += len(chunk)
            replaced = replaced or bool(old)
        tally_merge.settle(self, replaced)

    def graph_quads(self, graphs: Iterable[ox.NamedNode]) -> dict[ox.NamedNode, list[ox.Quad]]:
        """The stored quads of those of the graphs that exist."""
        graphs = set(graphs)
        if not graphs:
            return {}
        query = with_values(_PRESENT, values_block(["g"], [[g] for g in sorted(graphs, key=str)]))
        found = sorted({row["g"] for row in self._select(query)}, key=str)
        if not found:
            return {}
        out: dict[ox.NamedNode, list[ox.Quad]] = {g: [] for g in found}
        for r in self._select(with_values(_GRAPH_QUADS, values_block(["g"], [[g] for g in found]))):
            out[r["g"]].append(ox.Quad(r["s"], r["p"], r["o"], r["g"]))
        return out

    def remove_documents(self, doc_ids: Sequence[str]) -> list[str]:
        if not doc_ids:
            return []
        old = self.graph_quads({document_graph(d) for d in doc_ids})
        present = [d for d in doc_ids if document_graph(d) in old]
        if present:
            counts = tally.segment_for({}, old, self._known)
            self._client.update(" ;\n".join([*(f"DROP SILENT GRAPH {g}" for g in old),
                                              *([insert_data(counts)] if counts else [])]))
            self._described.wrote(counts)
            tally_merge.settle(self, replaced=True)
        return present

    def _known(self, nodes: list[ox.NamedNode]) -> dict[ox.NamedNode, ox.Literal | None]:
        return self._described.known(nodes, self.tallied)

    def tallied(self, nodes: Sequence[ox.NamedNode]) -> dict[ox.NamedNode, ox.Literal | None]:
        """Which of these tally keys the merged tallies hold, with their latest day."""
        if not nodes:
            return {}
        query = with_values(_TALLIED, values_block(["k"], [[n] for n in nodes]))
        return {row["k"]: row["latest"] for row in self._select(query)}

    def stage_tallies(self, quads: Sequence[ox.Quad]) -> None:
        # into a graph no query reads until the merge's own request marks it, so any split is safe
        step = max(1, len(quads) * self.max_request_bytes // max(1, len(insert_data(quads).encode("utf-8"))))
        for start in range(0, len(quads), step):
            self._client.update(insert_data(quads[start:start + step]))

    def drop_tally_graph(self, graph: ox.NamedNode, known: Iterable[ox.Quad] = ()) -> None:
        # one request, and nothing comes back from the server: `known` saves nothing here
        self._client.update(f"DROP SILENT GRAPH {graph}")

    def change_tallies(self, drop: Sequence[ox.NamedNode], delete: Sequence[ox.Quad],
                       insert: Sequence[ox.Quad]) -> None:
        # one request, so that the tallies change whole or not at all
        if drop or delete or insert:
            self._client.update(tallies_update(drop, delete, insert))
        self._described.forget()

    def kb_quads(self) -> Iterator[ox.Quad]:
        rows = self._select(_GRAPH_QUADS, {"g": KB_GRAPH})
        return iter([ox.Quad(r["s"], r["p"], r["o"], KB_GRAPH) for r in rows])

    def has_kb(self) -> bool:
        return bool(self._client.select(bind_values(_HAS_GRAPH, {"g": KB_GRAPH}), "ASK"))

    def replace_kb(self, quads: Iterable[ox.Quad]) -> None:
        # Never split: the knowledge base is replaced in one request, so whole or not at all.
        self._client.update(replace_graph(KB_GRAPH, quads))

    def dump(self, out: IO[bytes], fmt: ox.RdfFormat, graph: ox.NamedNode | None = None) -> None:
        """Every named graph (or one) in fmt, serialised by pyoxigraph just as EmbeddedStore.dump does."""
        rows = self._select(_GRAPH_QUADS, {"g": graph} if graph is not None else None)
        dataset = ox.Store()
        dataset.extend(ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows)
        if graph is not None:
            dataset.dump(out, fmt, from_graph=graph)
        else:
            dataset.dump(out, fmt)

    def compact_after(self, written: int, total: int) -> bool:
        """A server compacts its own storage: nothing to do."""
        return False

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own connection."""
