"""Render the Markdown reference of the model (docs/model.md) from the ontology's own files.

    python -m kg.ontology_doc > docs/model.md

Everything but the two hand-written paragraphs below comes from ontology/geokg.ttl and
ontology/alignments.ttl, so the reference cannot drift from the model; a test fails when
docs/model.md is not what this module renders.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.validate import ontology_graph
from kg.vocab import CLASSES, INDIVIDUALS, ONTOLOGY, PROPERTIES

__all__ = ["render_reference", "main"]

ONTOLOGY_IRI = URIRef(ONTOLOGY.rstrip("#"))

PREFIXES = {
    "kg": ONTOLOGY,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "schema": "http://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "prov": "http://www.w3.org/ns/prov#",
    "wd": "http://www.wikidata.org/entity/",
}

# Measured by tests/test_validate.py on its hand-built graph of the seed article, which fails
# when these numbers no longer hold.
PROVENANCE = """\
## Provenance per fact

Every fact node (kg:OfficeHolding, kg:Meeting, kg:Membership) has one `kg:evidence` link to an
evidence node carrying five triples: `kg:inSentence`, `kg:start`, `kg:end`, `kg:extractor`,
`kg:confidence`. Sentences are shared: one sentence node serves every mention and every piece
of evidence inside it, so it is not charged to any one fact.

On the hand-built graph of the seed article in `tests/test_validate.py` (15 facts: 5 office
holdings, 6 meetings, 4 memberships) provenance costs **6.0 provenance triples per fact**
(90 triples for 15 facts). The 8 sentences those facts cite add 40 triples, shared with 24
mentions; charged to the facts alone they would add 2.7 per fact.

How to count, on any store of document graphs: provenance triples are the `kg:evidence` links
plus every triple whose subject is an evidence node; divide by the number of fact nodes.

```sparql
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT (COUNT(DISTINCT ?fact) AS ?facts) (COUNT(*) AS ?triples) WHERE {
  { ?fact kg:evidence ?ev } UNION { ?f kg:evidence ?ev . ?ev ?p ?o }
}
```
"""

ALIGNMENT_NOTE = """\
Subclass and subproperty axioms are used where every kg: instance really is one of the other
vocabulary's, so a reasoner may infer their terms from ours. Wikidata items and properties are
mapped with `skos:closeMatch` / `skos:exactMatch` only: they are entities in Wikidata's own data
model, not OWL classes or properties, and SKOS mapping relations carry no OWL entailments.
Property chains derive W3C ORG's binary shortcuts from our n-ary fact nodes.
"""

TIME_PROPERTIES = ("date", "publicationDate", "ingestedAt", "attestedOn", "startDate", "endDate")


def curie(term: Node) -> str:
    """A term as prefix:name where a known prefix fits, else the full IRI in angle brackets."""
    text = str(term)
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace) and text != namespace:
            return f"{prefix}:{text[len(namespace) :]}"
    return f"<{text}>"


def _text(graph: Graph, subject: Node, predicate: URIRef, lang: str) -> str:
    for value in graph.objects(subject, predicate):
        if isinstance(value, Literal) and value.language == lang:
            return " ".join(str(value).split())
    return ""


def _expression(graph: Graph, node: Node) -> str:
    """A class or datatype expression in the compact notation the reference uses."""
    if not isinstance(node, BNode):
        return f"`{curie(node)}`" if not isinstance(node, Literal) else f'"{node}"'
    union = graph.value(node, OWL.unionOf)
    if union is not None:
        return " or ".join(_expression(graph, member) for member in Collection(graph, union))
    one_of = graph.value(node, OWL.oneOf)
    if one_of is not None:
        return "one of " + ", ".join(_expression(graph, member) for member in Collection(graph, one_of))
    base = graph.value(node, OWL.onDatatype)
    if base is not None:
        facets = {}
        restrictions = graph.value(node, OWL.withRestrictions)
        for restriction in Collection(graph, restrictions) if restrictions is not None else ():
            for facet, value in graph.predicate_objects(restriction):
                facets[curie(facet)] = value
        low, high = facets.get("xsd:minInclusive", "…"), facets.get("xsd:maxInclusive", "…")
        return f"`{curie(base)}` in [{low}, {high}]"
    return "(anonymous expression)"


def _kind(graph: Graph, term: URIRef) -> str:
    types = set(graph.objects(term, RDF.type))
    for kind, label in (
        (OWL.Class, "class"),
        (OWL.ObjectProperty, "object property"),
        (OWL.DatatypeProperty, "datatype property"),
        (OWL.NamedIndividual, "individual"),
    ):
        if kind in types:
            return label
    return "term"


def _alignments(alignments: Graph, term: URIRef) -> list[str]:
    return sorted(
        f"{curie(p)} `{curie(o)}`"
        for p, o in alignments.predicate_objects(term)
        if p != RDF.type and not isinstance(o, BNode)
    )


def _term_section(
    ontology: Graph, alignments: Graph, term: URIRef, rows: list[tuple[str, str]]
) -> Iterator[str]:
    en, de = _text(ontology, term, RDFS.label, "en"), _text(ontology, term, RDFS.label, "de")
    yield f"### {curie(term)}"
    yield ""
    yield f"**{en}** (en) · **{de}** (de) — {_kind(ontology, term)}"
    yield ""
    yield _text(ontology, term, SKOS.definition, "en")
    yield ""
    yield f"*{_text(ontology, term, SKOS.definition, 'de')}*"
    yield ""
    note = _text(ontology, term, SKOS.note, "en")
    if note:
        yield f"Note: {note}"
        yield ""
    mapped = _alignments(alignments, term)
    rows = [*rows, ("alignments", "; ".join(mapped))] if mapped else rows
    if rows:
        yield "| | |"
        yield "| --- | --- |"
        for key, value in rows:
            yield f"| {key} | {value.replace('|', '&#124;')} |"
        yield ""


def _class_tree(ontology: Graph, classes: list[URIRef]) -> Iterator[str]:
    children: dict[URIRef, list[URIRef]] = {c: [] for c in classes}
    roots = []
    for c in classes:
        parents = [p for p in ontology.objects(c, RDFS.subClassOf) if p in children]
        for p in parents:
            children[p].append(c)  # type: ignore[index]
        if not parents:
            roots.append(c)

    def walk(node: URIRef, depth: int) -> Iterator[str]:
        yield f"{'  ' * depth}- `{curie(node)}` — {_text(ontology, node, RDFS.label, 'en')}"
        for child in children[node]:
            yield from walk(child, depth + 1)

    for root in roots:
        yield from walk(root, 0)


def _lines(ontology: Graph, alignments: Graph) -> Iterator[str]:
    kg = {name: URIRef(ONTOLOGY + name) for name in CLASSES + INDIVIDUALS + PROPERTIES}
    classes = [kg[n] for n in CLASSES]
    yield "# The geokg model"
    yield ""
    yield (
        "<!-- Generated by `python -m kg.ontology_doc > docs/model.md` from ontology/geokg.ttl and "
        "ontology/alignments.ttl; edit those, not this file. -->"
    )
    yield ""
    yield _text(ontology, ONTOLOGY_IRI, DCTERMS.description, "en")
    yield ""
    yield f"*{_text(ontology, ONTOLOGY_IRI, DCTERMS.description, 'de')}*"
    yield ""
    yield "| | |"
    yield "| --- | --- |"
    yield f"| ontology | `{ONTOLOGY_IRI}` |"
    yield f"| namespace | `{ONTOLOGY}` (prefix `kg:`) |"
    yield f"| version | {ontology.value(ONTOLOGY_IRI, OWL.versionInfo)} |"
    yield f"| license | {ontology.value(ONTOLOGY_IRI, DCTERMS.license)} |"
    yield "| files | `ontology/geokg.ttl` (model), `ontology/alignments.ttl`, `ontology/shapes.ttl` (SHACL) |"
    yield ""
    yield PROVENANCE
    yield "## Which date is which"
    yield ""
    yield "| property | meaning |"
    yield "| --- | --- |"
    for name in TIME_PROPERTIES:
        yield f"| `kg:{name}` | {_text(ontology, kg[name], SKOS.definition, 'en')} |"
    yield ""
    yield "## Class hierarchy"
    yield ""
    yield from _class_tree(ontology, classes)
    yield ""
    yield "## Classes"
    yield ""
    for c in classes:
        rows = []
        parents = [f"`{curie(p)}`" for p in ontology.objects(c, RDFS.subClassOf)]
        if parents:
            rows.append(("subclass of", ", ".join(sorted(parents))))
        members = [f"`{curie(i)}`" for i in (kg[n] for n in INDIVIDUALS) if (i, RDF.type, c) in ontology]
        if members:
            rows.append(("individuals", ", ".join(members)))
        yield from _term_section(ontology, alignments, c, rows)
    yield "## Individuals"
    yield ""
    yield "| individual | en | de | of | definition |"
    yield "| --- | --- | --- | --- | --- |"
    for name in INDIVIDUALS:
        i = kg[name]
        of = ", ".join(f"`{curie(t)}`" for t in ontology.objects(i, RDF.type) if t != OWL.NamedIndividual)
        en, de = _text(ontology, i, RDFS.label, "en"), _text(ontology, i, RDFS.label, "de")
        yield f"| `{curie(i)}` | {en} | {de} | {of} | {_text(ontology, i, SKOS.definition, 'en')} |"
    yield ""
    sections = ((OWL.ObjectProperty, "Object properties"), (OWL.DatatypeProperty, "Datatype properties"))
    for kind, title in sections:
        yield f"## {title}"
        yield ""
        for name in PROPERTIES:
            p = kg[name]
            if (p, RDF.type, kind) not in ontology:
                continue
            rows = []
            for label, axis in (("domain", RDFS.domain), ("range", RDFS.range)):
                value = ontology.value(p, axis)
                if value is not None:
                    rows.append((label, _expression(ontology, value)))
            if (p, RDF.type, OWL.FunctionalProperty) in ontology:
                rows.append(("functional", "yes: at most one value per subject"))
            yield from _term_section(ontology, alignments, p, rows)
    yield "## Alignments"
    yield ""
    yield ALIGNMENT_NOTE
    yield "| kg term | relation | other vocabulary |"
    yield "| --- | --- | --- |"
    for subject, predicate, target in sorted(alignments, key=lambda t: (curie(t[0]), curie(t[1]), str(t[2]))):
        if str(subject).startswith(ONTOLOGY) and not isinstance(target, BNode):
            yield f"| `{curie(subject)}` | {curie(predicate)} | `{curie(target)}` |"
    yield ""
    yield "Property chains (OWL 2):"
    yield ""
    for shortcut, chain in sorted(
        alignments.subject_objects(OWL.propertyChainAxiom), key=lambda t: curie(t[0])
    ):
        steps = []
        for step in Collection(alignments, chain):
            inverse = alignments.value(step, OWL.inverseOf)
            steps.append(f"inverse({curie(inverse)})" if inverse is not None else curie(step))
        yield f"- `{curie(shortcut)}` ⊒ `{' ∘ '.join(steps)}`"


def render_reference() -> str:
    """The whole reference as Markdown, the text of docs/model.md."""
    ontology = ontology_graph("geokg.ttl")
    alignments = ontology_graph("alignments.ttl")
    return "\n".join(_lines(ontology, alignments)).rstrip("\n") + "\n"


def main() -> None:
    """Write the reference to stdout."""
    sys.stdout.write(render_reference())


if __name__ == "__main__":
    main()
