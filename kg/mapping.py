"""Map one linked extraction to RDF quads in the document's own named graph.

Everything a document says lives in one named graph, so that replacing or removing the
document is one graph operation.  Facts are n-ary nodes (OfficeHolding, Meeting,
Membership); each links to one Evidence node (sentence, offsets, extractor, confidence),
and sentences are shared by all the evidence and mentions inside them.
"""

from __future__ import annotations

import datetime as dt

from pyoxigraph import Literal, NamedNode, Quad

from kg.extract.entities import is_name_mention
from kg.records import DateValue, Entity, Evidence, Linked, Sentence
from kg.vocab import (
    DATA,
    KG,
    RDF_TYPE,
    RDFS_LABEL,
    XSD,
    document_graph,
    document_iri,
    entity_iri,
    fact_iri,
    slug,
    wikidata,
)

__all__ = ["map_linked", "date_literal", "STATUS", "MEETING_TYPES"]

STATUS = {"current": KG.Current, "former": KG.Former, "designated": KG.Designated}
MEETING_TYPES = {
    "summit": KG.Summit,
    "ministerial": KG.MinisterialMeeting,
    "bilateral": KG.BilateralTalks,
    "council": KG.CouncilSession,
    "visit": KG.Visit,
    "call": KG.PhoneCall,
    "conference": KG.Conference,
    "meeting": KG.OtherMeeting,
}
_DATATYPE = {"day": "date", "month": "gYearMonth", "season": "gYear", "year": "gYear"}


def _typed(value: object, datatype: str) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + datatype))


def date_literal(value: DateValue) -> Literal:
    return _typed(value.value, _DATATYPE[value.precision])


class _Graph:
    """Collects quads for one graph, without duplicates, in a stable order."""

    def __init__(self, graph: NamedNode) -> None:
        self.graph = graph
        self.quads: dict[Quad, None] = {}
        self.labelled: set[NamedNode] = set()  # entity nodes

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal | None) -> None:
        if o is not None:
            self.quads[Quad(s, p, o, self.graph)] = None


def map_linked(linked: Linked, ingested_at: dt.datetime | None = None) -> list[Quad]:
    """All quads for one document, sorted so that output is stable."""
    extraction = linked.extraction
    article = extraction.article
    out = _Graph(document_graph(article.doc_id))
    doc = document_iri(article.doc_id)
    lang = article.lang

    out.add(doc, RDF_TYPE, KG.Document)
    out.add(doc, KG.documentId, Literal(article.doc_id))
    if article.title:
        out.add(doc, KG.title, Literal(article.title, language=lang))
    if article.date:
        out.add(doc, KG.publicationDate, _typed(article.date.isoformat(), "date"))
    if article.source:
        out.add(doc, KG.sourceUrl, _typed(article.source, "anyURI"))
    if article.path:
        out.add(doc, KG.sourcePath, Literal(article.path))
    out.add(doc, KG.language, Literal(lang))
    out.add(doc, KG.contentHash, Literal(article.content_hash))
    if ingested_at is not None:
        out.add(doc, KG.ingestedAt, _typed(ingested_at.isoformat(timespec="seconds"), "dateTime"))

    def sentence(s: Sentence) -> NamedNode:
        node = NamedNode(f"{doc.value}/sentence/{s.index}")
        out.add(node, RDF_TYPE, KG.Sentence)
        out.add(node, KG.inDocument, doc)
        out.add(node, KG.start, _typed(s.start, "integer"))
        out.add(node, KG.end, _typed(s.end, "integer"))
        out.add(node, KG.text, Literal(s.text, language=lang))
        return node

    nodes: dict[str, NamedNode] = {}
    for entity in extraction.entities:
        nodes[entity.key] = _entity(out, entity, linked, lang)
        for m in entity.mentions:
            if not is_name_mention(m):
                continue  # "ukrainischen", the "US" of "US-Dollar": cues for the extractors, not names
            mention = NamedNode(f"{doc.value}/mention/{m.start}-{m.end}")
            out.add(mention, RDF_TYPE, KG.Mention)
            out.add(mention, KG.mentionOf, nodes[entity.key])
            out.add(mention, KG.inSentence, sentence(extraction.sentences[m.sentence]))
            out.add(mention, KG.start, _typed(m.start, "integer"))
            out.add(mention, KG.end, _typed(m.end, "integer"))
            out.add(mention, KG.anchor, Literal(m.text))

    def evidence(fact: NamedNode, ev: Evidence) -> None:
        node = NamedNode(f"{fact.value}/evidence")
        out.add(fact, KG.evidence, node)
        out.add(node, KG.inSentence, sentence(ev.sentence))
        out.add(node, KG.start, _typed(ev.start, "integer"))
        out.add(node, KG.end, _typed(ev.end, "integer"))
        out.add(node, KG.extractor, Literal(ev.extractor))
        out.add(node, KG.confidence, _typed(round(ev.confidence, 3), "decimal"))

    attested = _typed(article.date.isoformat(), "date") if article.date else None

    for office in extraction.offices:
        holder = nodes.get(office.holder)
        if holder is None:
            continue
        org = nodes.get(office.of) if office.of else None
        fact = fact_iri("holding", article.doc_id, office.holder, office.role_kind, office.of, office.status)
        out.add(fact, RDF_TYPE, KG.OfficeHolding)
        out.add(fact, KG.holder, holder)
        out.add(fact, KG.position, _position(out, office.role_kind, office.position_qid, org, linked, office.of))
        out.add(fact, KG.officeOf, org)
        out.add(fact, KG.roleLabel, Literal(office.role, language=lang))
        out.add(fact, KG.roleKind, Literal(office.role_kind))
        out.add(fact, KG.status, STATUS[office.status])
        out.add(fact, KG.attestedOn, attested)
        if office.start:
            out.add(fact, KG.startDate, _typed(office.start.isoformat(), "date"))
        if office.end:
            out.add(fact, KG.endDate, _typed(office.end.isoformat(), "date"))
        evidence(fact, office.evidence)

    for meeting in extraction.meetings:
        fact = fact_iri("meeting", article.doc_id, meeting.evidence.start, meeting.evidence.end, meeting.kind)
        out.add(fact, RDF_TYPE, KG.Meeting)
        out.add(fact, KG.meetingType, MEETING_TYPES.get(meeting.kind, KG.OtherMeeting))
        out.add(fact, RDFS_LABEL, Literal(meeting.label, language=lang))
        if meeting.date is not None:
            out.add(fact, KG.date, date_literal(meeting.date))
            out.add(fact, KG.datePrecision, Literal(meeting.date.precision))
            out.add(fact, KG.dateExpression, Literal(meeting.date.expression, language=lang))
        out.add(fact, KG.location, nodes.get(meeting.place) if meeting.place else None)
        if meeting.virtual is not None:
            out.add(fact, KG.virtual, _typed("true" if meeting.virtual else "false", "boolean"))
        for key in meeting.participants:
            out.add(fact, KG.participant, nodes.get(key))
        out.add(fact, KG.organizer, nodes.get(meeting.organizer) if meeting.organizer else None)
        evidence(fact, meeting.evidence)

    for ms in extraction.memberships:
        member, org = nodes.get(ms.member), nodes.get(ms.organization)
        if member is None or org is None:
            continue
        fact = fact_iri("membership", article.doc_id, ms.member, ms.organization)
        out.add(fact, RDF_TYPE, KG.Membership)
        out.add(fact, KG.member, member)
        out.add(fact, KG.organization, org)
        out.add(fact, KG.attestedOn, attested)
        evidence(fact, ms.evidence)

    return sorted(out.quads, key=str)


def _entity(out: _Graph, entity: Entity, linked: Linked, lang: str) -> NamedNode:
    link = linked.link_of(entity.key)
    qid = link.qid if link else None
    kind = link.kind if link else entity.kind
    label = link.label if link and link.label else entity.name
    node = entity_iri(qid, kind, label)
    out.add(node, RDF_TYPE, KG[kind])
    # Two names with one slug are one node; one label keeps listings at one row per node (meetings.rq).
    if node not in out.labelled:
        out.labelled.add(node)
        out.add(node, RDFS_LABEL, Literal(label, language=lang))
    if qid:
        out.add(node, KG.wikidata, wikidata(qid))
    if link is not None:
        out.add(node, KG.linkScore, _typed(round(link.score, 3), "decimal"))
    return node


def _position(
    out: _Graph,
    role_kind: str,
    position_qid: str | None,
    org: NamedNode | None,
    linked: Linked,
    org_key: str | None,
) -> NamedNode:
    org_link = linked.link_of(org_key) if org_key else None
    org_name = org_link.label if org_link else (org_key or "")
    label = f"{role_kind} of {org_name}" if org_name else role_kind
    if position_qid:
        node = entity_iri(position_qid, "Position", label)
        out.add(node, KG.wikidata, wikidata(position_qid))
    else:
        of = org_link.qid if org_link and org_link.qid else slug(org_name)
        node = NamedNode(f"{DATA}position/{slug(role_kind)}/{of}" if org_name else f"{DATA}position/{slug(role_kind)}")
    out.add(node, RDF_TYPE, KG.Position)
    out.add(node, RDFS_LABEL, Literal(label, language="en"))
    out.add(node, KG.roleKind, Literal(role_kind))
    out.add(node, KG.officeOf, org)
    return node
