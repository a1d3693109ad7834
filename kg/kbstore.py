"""Which knowledge base a build uses: the one in the store's KB graph, else the bundled one.

The first build into a store writes the bundled KB into it; `kg kb update` replaces it with a
fresh one from Wikidata, and later builds keep using that until `kg kb reset`.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.kb import KnowledgeBase, bundled_kb, kb_from_quads, kb_to_quads
from kg.store import GraphStore
from kg.vocab import KB_GRAPH

__all__ = ["resolve_kb", "stored_kb_version", "reset_kb", "KB_NODE", "KB_VERSION", "UPDATED_PREFIX"]

UPDATED_PREFIX = "wikidata-"
"""Versions of knowledge bases built by `kg kb update` start with this."""
KB_NODE = ox.NamedNode("https://w3id.org/geokg/id/kb")
KB_VERSION = ox.NamedNode("https://w3id.org/geokg/kb#version")
_VERSION_QUERY = """
SELECT ?v WHERE {
  GRAPH <https://w3id.org/geokg/graph/kb> { <https://w3id.org/geokg/id/kb> <https://w3id.org/geokg/kb#version> ?v }
} LIMIT 1
"""


def stored_kb_version(store: GraphStore) -> str | None:
    rows = list(store.query(_VERSION_QUERY))
    return str(rows[0]["v"].value) if rows else None


def resolve_kb(store: GraphStore) -> KnowledgeBase:
    """The store's KB (writing the bundled one into a store that has none)."""
    version = stored_kb_version(store)
    bundled = bundled_kb()
    if version is None:
        store.replace_kb(kb_to_quads(bundled, KB_GRAPH))
        return bundled
    if version == bundled.version:
        return bundled
    if not version.startswith(UPDATED_PREFIX):
        # a bundled KB of an older geokg: the newer bundled one replaces it; only a KB that
        # `kg kb update` fetched is kept until `kg kb reset`
        store.replace_kb(kb_to_quads(bundled, KB_GRAPH))
        return bundled
    return kb_from_quads(store.kb_quads())


def reset_kb(store: GraphStore) -> KnowledgeBase:
    """Put the bundled KB back, replacing one from `kg kb update`."""
    bundled = bundled_kb()
    store.replace_kb(kb_to_quads(bundled, KB_GRAPH))
    return bundled
