"""The RDF vocabulary geokg writes: a closed ontology namespace and the IRI minting rules.

``KG.Person`` works, ``KG.Persn`` raises AttributeError at once; tests check that every term
here is defined in ontology/geokg.ttl and that every term defined there is listed here.
IRIs are minted from stable keys (QIDs, document ids, offsets), never at random, so the same
input always gives the same graph.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from pyoxigraph import NamedNode

ONTOLOGY = "https://w3id.org/geokg/ontology#"
DATA = "https://w3id.org/geokg/id/"
GRAPHS = "https://w3id.org/geokg/graph/"
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"

CLASSES = (
    "Document", "Sentence", "Mention", "Evidence",
    "Agent", "Person", "Organization", "InternationalOrganization", "Government",
    "GovernmentBody", "Council", "Alliance", "Party", "ArmedGroup",
    "Place", "Country", "City", "Region", "Continent",
    "Position", "OfficeHolding", "Meeting", "MeetingType", "Membership", "HoldingStatus",
)
INDIVIDUALS = (
    "Summit", "MinisterialMeeting", "BilateralTalks", "CouncilSession", "Visit", "PhoneCall",
    "Conference", "OtherMeeting",
    "Current", "Former", "Designated",
)
PROPERTIES = (
    # documents and sentences
    "documentId", "title", "publicationDate", "sourceUrl", "sourcePath", "language",
    "contentHash", "ingestedAt", "inDocument", "text", "start", "end",
    # mentions and evidence
    "mentionOf", "inSentence", "anchor", "evidence", "extractor", "confidence",
    # entities
    "wikidata", "linkScore", "country",
    # offices
    "holder", "position", "officeOf", "roleLabel", "roleKind", "status", "startDate", "endDate",
    "attestedOn",
    # meetings
    "meetingType", "date", "datePrecision", "dateExpression", "location", "virtual",
    "participant", "organizer",
    # memberships
    "member", "organization",
)


class ClosedNamespace:
    """A namespace that only hands out the terms it was built with."""

    def __init__(self, base: str, terms: tuple[str, ...]) -> None:
        self._base = base
        self._terms = {t: NamedNode(base + t) for t in terms}

    def __getattr__(self, name: str) -> NamedNode:
        try:
            return self._terms[name]
        except KeyError:
            raise AttributeError(f"{name!r} is not a term of {self._base}") from None

    def __getitem__(self, name: str) -> NamedNode:
        return self.__getattr__(name)

    def __contains__(self, name: object) -> bool:
        return name in self._terms

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._terms)

    @property
    def base(self) -> str:
        return self._base


KG = ClosedNamespace(ONTOLOGY, CLASSES + INDIVIDUALS + PROPERTIES)

RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_ALT_LABEL = NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
XSD = "http://www.w3.org/2001/XMLSchema#"

# Wikidata's own vocabulary, used for the knowledge-base graph.
WD = WIKIDATA_ENTITY
WDT = "http://www.wikidata.org/prop/direct/"
P = "http://www.wikidata.org/prop/"
PS = "http://www.wikidata.org/prop/statement/"
PQ = "http://www.wikidata.org/prop/qualifier/"
SCHEMA_DESCRIPTION = NamedNode("http://schema.org/description")

KB_GRAPH = NamedNode(GRAPHS + "kb")
META_GRAPH = NamedNode(GRAPHS + "meta")


def wikidata(qid: str) -> NamedNode:
    return NamedNode(WIKIDATA_ENTITY + qid)


def slug(text: str, limit: int = 48) -> str:
    """A readable, IRI-safe key: ASCII-folded, lower-case, dash-separated."""
    folded = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    folded = folded.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:limit] or "x"


def digest(*parts: object, length: int = 12) -> str:
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:length]


def document_iri(doc_id: str) -> NamedNode:
    return NamedNode(f"{DATA}document/{slug(doc_id, 40)}-{digest(doc_id, length=8)}")


def document_graph(doc_id: str) -> NamedNode:
    return NamedNode(f"{GRAPHS}document/{slug(doc_id, 40)}-{digest(doc_id, length=8)}")


def entity_iri(qid: str | None, kind: str, name: str) -> NamedNode:
    """Linked entities are named by their QID; NIL entities by kind and normalised name,
    so that the same unlinked name in two documents is one node."""
    if qid:
        return NamedNode(f"{DATA}entity/{qid}")
    return NamedNode(f"{DATA}entity/nil/{kind.lower()}/{slug(name)}")


def fact_iri(kind: str, doc_id: str, *key: object) -> NamedNode:
    return NamedNode(f"{DATA}{kind}/{digest(doc_id, *key, length=16)}")
