"""Export the store, or one document's graph, in an RDF serialisation."""

from __future__ import annotations

from typing import IO

from kg.errors import KgError
from kg.queries import GRAPH_FORMATS
from kg.store import GraphStore
from kg.vocab import document_graph

__all__ = ["export_graph"]


def export_graph(store: GraphStore, out: IO[bytes], fmt: str, document: str | None = None) -> None:
    """Write every graph (or one document's) to out; triple formats merge the graphs."""
    rdf_format = GRAPH_FORMATS[fmt]
    graph = document_graph(document) if document else None
    if graph is not None and document not in store.document_hashes():
        raise KgError(f"{document}: no such document in {store.location} — `kg query documents` lists them")
    if graph is None and not rdf_format.supports_datasets:
        import pyoxigraph as ox

        dataset = ox.Store()
        dataset.extend(ox.Quad(q.subject, q.predicate, q.object) for q in _all_quads(store))
        dataset.dump(out, rdf_format)
        return
    store.dump(out, rdf_format, graph)


def _all_quads(store: GraphStore):  # type: ignore[no-untyped-def]
    return store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
