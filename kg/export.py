"""Export the store, or one document's graph, in an RDF serialisation with readable prefixes."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import IO

import pyoxigraph as ox

from kg.errors import KgError
from kg.queries import GRAPH_FORMATS
from kg.store import GraphStore
from kg.tally import is_tally_graph
from kg.vocab import DATA, ONTOLOGY, WIKIDATA_ENTITY, document_graph

__all__ = ["export_graph", "PREFIXES"]

PREFIXES = {
    "kg": ONTOLOGY,
    "entity": DATA + "entity/",
    "wd": WIKIDATA_ENTITY,
    "wdt": "http://www.wikidata.org/prop/direct/",
    "p": "http://www.wikidata.org/prop/",
    "ps": "http://www.wikidata.org/prop/statement/",
    "pq": "http://www.wikidata.org/prop/qualifier/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def export_graph(store: GraphStore, out: IO[bytes], fmt: str, document: str | None = None) -> None:
    """Write every graph (or one document's) to out; triple formats merge the graphs into one."""
    rdf_format = GRAPH_FORMATS[fmt]
    graph = None
    if document is not None:
        if document not in store.document_hashes():
            raise KgError(f"{document}: no such document in {store.location} — `kg query documents` lists them")
        graph = document_graph(document)
    buffer = io.BytesIO()
    # N-Quads is a dataset format, so stores dump it whole; one document is picked out after parsing
    store.dump(buffer, ox.RdfFormat.N_QUADS)
    staged = ox.Store()
    quads: Iterable[ox.Quad] = ox.parse(buffer.getvalue(), ox.RdfFormat.N_QUADS)
    if graph is not None:
        quads = (q for q in quads if q.graph_name == graph)
    else:
        # the tallies are an index that the store keeps for its queries, rebuilt from the documents
        quads = (q for q in quads if not is_tally_graph(q.graph_name))
    if rdf_format.supports_datasets:
        staged.extend(quads)
        staged.dump(out, rdf_format, prefixes=PREFIXES)
    else:
        staged.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        staged.dump(out, rdf_format, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)

