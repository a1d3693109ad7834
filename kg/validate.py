"""Check a document graph against ontology/shapes.ttl and report each violation as one line.

The shapes run with ontology/geokg.ttl mixed into the data and no inference: SHACL itself
follows rdfs:subClassOf (so a kg:Country is a kg:Place), whereas RDFS range inference would
turn any kg:holder into a kg:Person and hide the very errors the shapes look for.
The .ttl files are read from the package (kg/data/ontology/), copies of ontology/ that a test
keeps byte-identical, so validation works the same from a checkout and from an installed wheel.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node

from kg.errors import ValidationError
from kg.vocab import ONTOLOGY, XSD

if TYPE_CHECKING:
    from kg.store import GraphStore

__all__ = [
    "ONTOLOGY_FILES",
    "Violation",
    "format_violation",
    "ontology_graph",
    "ontology_text",
    "to_rdflib",
    "validate_graph",
    "validate_store",
]

ONTOLOGY_FILES = ("geokg.ttl", "alignments.ttl", "shapes.ttl")

_PREFIXES = {
    "kg:": ONTOLOGY,
    "rdf:": str(RDF),
    "rdfs:": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd:": XSD,
}
_XSD_STRING = XSD + "string"


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node it is about, the property, what is wrong, and how bad."""

    focus: str
    path: str
    message: str
    severity: str


def ontology_text(name: str) -> str:
    """The text of one of ONTOLOGY_FILES, from the package's copy of ontology/."""
    if name not in ONTOLOGY_FILES:
        raise ValueError(f"{name!r} is not one of {', '.join(ONTOLOGY_FILES)}")
    return (resources.files("kg") / "data" / "ontology" / name).read_text(encoding="utf-8")


def ontology_graph(*names: str) -> Graph:
    """A fresh rdflib Graph holding the named ontology files (all of them if none are named)."""
    graph = Graph()
    for name in names or ONTOLOGY_FILES:
        graph.parse(data=ontology_text(name), format="turtle")
    return graph


@functools.cache
def _shapes_and_ontology() -> tuple[Graph, Graph]:
    # Parsed once per process: pyshacl reads these two and writes only into the data graph.
    return ontology_graph("shapes.ttl"), ontology_graph("geokg.ttl")


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> URIRef | BNode | Literal:
    """The rdflib term for a pyoxigraph term, keeping language tags and datatypes exactly."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if getattr(term, "direction", None) is not None:
            raise ValueError(f"directional literal {term} has no rdflib equivalent")
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        # RDF 1.1 simple literals are xsd:string; rdflib spells them without a datatype.
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    # RDF 1.2 triple terms: the shapes have nothing to say about them and rdflib cannot hold them.
    raise TypeError(f"cannot convert {type(term).__name__} {term} to rdflib")


class _DataGraph(Graph):
    """An rdflib Graph that parses each SPARQL text once per process.

    pyshacl re-parses a SPARQL constraint for every focus node (about 30 ms each with rdflib's
    parser), which made a 40-mention document take seconds; the texts repeat, so cache them.
    """

    def query(self, query_object: Any, *args: Any, **kwargs: Any) -> Result:  # type: ignore[override]
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


@functools.lru_cache(maxsize=64)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


def _graph_of(quads: Iterable[ox.Quad]) -> Graph:
    graph = _DataGraph()
    for quad in quads:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def validate_graph(quads: Iterable[ox.Quad]) -> list[Violation]:
    """Every way one document's quads break the shapes, violations before warnings; [] if none.

    Graph names are ignored: pass the quads of one document graph.
    """
    from pyshacl import validate  # imported here: it takes a second and most commands never need it

    shapes, ontology = _shapes_and_ontology()
    # inplace: the data graph is ours and fresh, so pyshacl may mix the ontology into it, and
    # then it queries our _DataGraph rather than a plain clone.
    _conforms, results, _text = validate(
        _graph_of(quads),
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        inplace=True,
    )
    if not isinstance(results, Graph):  # pyshacl reports broken shapes this way instead of raising
        raise RuntimeError(f"ontology/shapes.ttl cannot be run: {results}")
    return sorted(
        {_violation(results, node) for node in results.subjects(RDF.type, SH.ValidationResult)},
        key=lambda v: (v.severity != "Violation", v.focus, v.path, v.message),
    )


_DOCUMENTS = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT ?g ?id ?path WHERE {
  GRAPH ?g { ?doc a kg:Document ; kg:documentId ?id . OPTIONAL { ?doc kg:sourcePath ?path } }
}
"""
# ?g is projected because pyoxigraph substitutes only variables the query returns.
_GRAPH = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


def validate_store(store: GraphStore, document: str | None = None) -> list[Violation]:
    """Validate every document graph in the store, or the one whose id or source path is ``document``."""
    graphs = [
        (row["g"], str(row["id"].value), str(row["path"].value) if row["path"] is not None else None)
        for row in store.query(_DOCUMENTS)
    ]
    if document is not None:
        graphs = [g for g in graphs if document in (g[1], g[2])]
        if not graphs:
            raise ValidationError(
                f"{document}: no document with this id or source path in {store.location}; "
                "`kg stats` counts what the store holds"
            )
    violations: list[Violation] = []
    for graph, _doc_id, _path in sorted(graphs, key=lambda g: g[1]):
        rows = store.query(_GRAPH, {"g": graph})
        violations += validate_graph(ox.Quad(r["s"], r["p"], r["o"], graph) for r in rows)
    return violations


def _violation(results: Graph, node: Node) -> Violation:
    if results.value(node, SH.sourceConstraintComponent) == SH.ClosedConstraintComponent:
        # pyshacl's own text repeats the focus node in Python syntax; say what it means instead.
        message = "not a property the mapper writes on this kind of node (ontology/shapes.ttl)"
    else:
        message = "; ".join(sorted(str(m) for m in results.objects(node, SH.resultMessage))) or "invalid"
    value = results.value(node, SH.value)
    if value is not None and not isinstance(value, BNode) and str(value) not in message:
        message += f" (got {_short(value)})"
    severity = results.value(node, SH.resultSeverity)
    return Violation(
        focus=_short(results.value(node, SH.focusNode)),
        path=_short(results.value(node, SH.resultPath)),
        message=message,
        severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
    )


def _short(term: Node | None) -> str:
    """A term as a reader wants it: kg:holder for vocabulary, full IRIs for data, "" for none."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, URIRef):
        for prefix, namespace in _PREFIXES.items():
            if term.startswith(namespace):
                return prefix + term[len(namespace) :]
        return str(term)
    if isinstance(term, Literal) and term.datatype is not None:
        return f'"{term}"^^{_short(term.datatype)}'
    return f'"{term}"' + (f"@{term.language}" if isinstance(term, Literal) and term.language else "")


def format_violation(v: Violation) -> str:
    """One line: "focus path: message", with the severity in front unless it is a Violation."""
    where = f"{v.focus} {v.path}" if v.path else v.focus
    level = "" if v.severity == "Violation" else f"{v.severity.lower()}: "
    return f"{level}{where}: {' '.join(v.message.split())}"
