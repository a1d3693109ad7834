"""The knowledge base as RDF in Wikidata's own vocabulary, and back again (an exact round trip).

    wd:Q212 rdfs:label "Ukraine"@en, "Ukraine"@de ; wdt:P31 kg:Country ; kb:prominence 0.896 ;
            skos:altLabel "Ukrainian Republic"@en ; kb:inflectedForm "Russlands"@de ;
            kb:adjective "ukrainischen"@de ; kb:surname "Stoltenberg" ; wdt:P17 wd:Q…
    wd:Qperson p:P39 <id/kb-statement/…> .
    <id/kb-statement/…> ps:P39 wd:Qposition | <id/position/slug> ; pq:P580 "…"^^xsd:date ;
            pq:P582 "…"^^xsd:date ; kg:roleKind "foreign minister" .
    wd:Qposition wdt:P1001 wd:Qcountry .   # the state or organization whose office it is

P31 pointing at a geokg class is our documented convention.  Terms Wikidata and the closed
ontology lack live in the KB-local namespace https://w3id.org/geokg/kb#.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from pyoxigraph import Literal, NamedNode, Quad

from kg.errors import KnowledgeBaseError
from kg.kb.base import KnowledgeBase
from kg.kb.model import KbEntity, KbHolding, SurfaceForm
from kg.vocab import (
    DATA,
    KG,
    ONTOLOGY,
    PQ,
    PS,
    RDFS_LABEL,
    SKOS_ALT_LABEL,
    WD,
    WDT,
    XSD,
    P,
    digest,
    slug,
    wikidata,
)

__all__ = ["kb_to_quads", "kb_from_quads", "KB_NAMESPACE", "KB_IRI"]

KB_NAMESPACE = "https://w3id.org/geokg/kb#"
KB_IRI = NamedNode(DATA + "kb")
VERSION = NamedNode(KB_NAMESPACE + "version")
SOURCE = NamedNode(KB_NAMESPACE + "source")
PROMINENCE = NamedNode(KB_NAMESPACE + "prominence")
FORM_PREDICATES = {
    "alias": SKOS_ALT_LABEL,
    "surname": NamedNode(KB_NAMESPACE + "surname"),
    "inflected": NamedNode(KB_NAMESPACE + "inflectedForm"),
    "adjective": NamedNode(KB_NAMESPACE + "adjective"),
}
_FORM_OF = {p.value: kind for kind, p in FORM_PREDICATES.items()}
INSTANCE_OF, COUNTRY, JURISDICTION = NamedNode(WDT + "P31"), NamedNode(WDT + "P17"), NamedNode(WDT + "P1001")
HELD, HELD_VALUE = NamedNode(P + "P39"), NamedNode(PS + "P39")
START, END = NamedNode(PQ + "P580"), NamedNode(PQ + "P582")
XSD_DATE, XSD_DOUBLE = NamedNode(XSD + "date"), NamedNode(XSD + "double")


def _text(text: str, lang: str | None) -> Literal:
    return Literal(text, language=lang) if lang else Literal(text)


def _position_node(h: KbHolding) -> NamedNode:
    if h.position:
        return wikidata(h.position)
    return NamedNode(f"{DATA}position/{slug(h.position_label, 96)}")


def _statement(h: KbHolding) -> NamedNode:
    key = (h.person, h.position or h.position_label, h.of, h.start, h.end, h.role_kind)
    return NamedNode(f"{DATA}kb-statement/{digest(*key, length=16)}")


def kb_to_quads(kb: KnowledgeBase, graph: NamedNode) -> Iterator[Quad]:
    """Every fact of the knowledge base as quads in ``graph``, in a stable order."""
    yield Quad(KB_IRI, VERSION, Literal(kb.version), graph)
    for source in kb.sources:
        yield Quad(KB_IRI, SOURCE, Literal(source), graph)
    for e in kb.entities.values():
        node = wikidata(e.qid)
        for label, lang in ((e.label_en, "en"), (e.label_de, "de")):
            if label:
                yield Quad(node, RDFS_LABEL, Literal(label, language=lang), graph)
        yield Quad(node, INSTANCE_OF, KG[e.kind], graph)
        yield Quad(node, PROMINENCE, Literal(repr(e.prominence), datatype=XSD_DOUBLE), graph)
        if e.country:
            yield Quad(node, COUNTRY, wikidata(e.country), graph)
    for f in kb.forms:
        if f.form != "name":  # names are the labels above
            yield Quad(wikidata(f.qid), FORM_PREDICATES[f.form], _text(f.text, f.lang), graph)
    yield from _holding_quads(kb, graph)


def _holding_quads(kb: KnowledgeBase, graph: NamedNode) -> Iterator[Quad]:
    jurisdiction: dict[str, tuple[str | None, str]] = {}
    for h in kb.holdings:
        position = _position_node(h)
        seen = jurisdiction.setdefault(position.value, (h.of, h.position_label))
        if seen != (h.of, h.position_label):
            raise KnowledgeBaseError(f"position {position.value} is held as {seen} and as "
                                     f"{(h.of, h.position_label)}; give the offices distinct labels")
        statement = _statement(h)
        yield Quad(wikidata(h.person), HELD, statement, graph)
        yield Quad(statement, HELD_VALUE, position, graph)
        yield Quad(statement, KG.roleKind, Literal(h.role_kind), graph)
        if h.start:
            yield Quad(statement, START, Literal(h.start.isoformat(), datatype=XSD_DATE), graph)
        if h.end:
            yield Quad(statement, END, Literal(h.end.isoformat(), datatype=XSD_DATE), graph)
    for iri, (of, label) in sorted(jurisdiction.items(), key=lambda item: item[0]):
        node = NamedNode(iri)
        if not iri.startswith(WD):
            yield Quad(node, RDFS_LABEL, Literal(label, language="en"), graph)
            yield Quad(node, INSTANCE_OF, KG.Position, graph)
        if of:
            yield Quad(node, JURISDICTION, wikidata(of), graph)


def kb_from_quads(quads: Iterable[Quad]) -> KnowledgeBase:
    """The knowledge base that kb_to_quads wrote (graph names are ignored)."""
    facts: dict[str, dict[str, list[NamedNode | Literal]]] = {}
    for q in quads:
        if isinstance(q.subject, NamedNode) and isinstance(q.object, (NamedNode, Literal)):
            facts.setdefault(q.subject.value, {}).setdefault(q.predicate.value, []).append(q.object)
    meta = facts.get(KB_IRI.value, {})
    if VERSION.value not in meta:
        raise KnowledgeBaseError("these quads hold no geokg knowledge base: no kb:version on "
                                 f"{KB_IRI.value}; load a graph written by kb_to_quads")
    entities, forms = [], []
    for iri, props in facts.items():
        kinds = props.get(INSTANCE_OF.value, [])
        if not iri.startswith(WD) or not kinds:
            continue
        qid = iri.removeprefix(WD)
        labels = {o.language: o.value for o in props.get(RDFS_LABEL.value, []) if isinstance(o, Literal)}
        country = props.get(COUNTRY.value)
        prominence = props.get(PROMINENCE.value)
        entities.append(KbEntity(
            qid, kinds[0].value.removeprefix(ONTOLOGY), labels.get("en", ""), labels.get("de", ""), (), (),
            country[0].value.removeprefix(WD) if country else None,
            float(prominence[0].value) if prominence else 0.0,
        ))
        for predicate, objects in props.items():
            if predicate in _FORM_OF:
                forms += [SurfaceForm(o.value, qid, _FORM_OF[predicate], _lang(o)) for o in objects]
    labels_en = {e.qid: e.label_en for e in entities}
    holdings = [_holding(person.removeprefix(WD), facts, st.value, labels_en)
                for person, props in facts.items() for st in props.get(HELD.value, [])]
    sources = [o.value for o in meta.get(SOURCE.value, [])]
    return KnowledgeBase(meta[VERSION.value][0].value, sources, entities, holdings, forms)


def _lang(term: NamedNode | Literal) -> str | None:
    return term.language if isinstance(term, Literal) else None


def _date(objects: list[NamedNode | Literal] | None) -> dt.date | None:
    return dt.date.fromisoformat(objects[0].value) if objects else None


def _holding(person: str, facts: dict[str, dict[str, list[NamedNode | Literal]]], statement: str,
             labels_en: dict[str, str]) -> KbHolding:
    props = facts.get(statement, {})
    try:
        position_iri = props[HELD_VALUE.value][0].value
        role_kind = props[KG.roleKind.value][0].value
    except (KeyError, IndexError):
        raise KnowledgeBaseError(f"statement {statement} lacks ps:P39 or kg:roleKind; "
                                 "the graph is damaged") from None
    node = facts.get(position_iri, {})
    position = position_iri.removeprefix(WD) if position_iri.startswith(WD) else None
    if position is not None:
        label = labels_en.get(position, "")
    else:
        label = next((o.value for o in node.get(RDFS_LABEL.value, [])), "")
    of = node.get(JURISDICTION.value)
    return KbHolding(person, labels_en.get(person, ""), position, label, role_kind,
                     of[0].value.removeprefix(WD) if of else None, _date(props.get(START.value)),
                     _date(props.get(END.value)))
