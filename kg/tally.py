"""Tallies: the counts that listings and hub lookups need, kept ready at write time (docs/tallies.md).

A saved query that lists every entity or every membership of a 10,000-article store would
otherwise read every mention and fact of every document.  So each batch of documents is written,
in the same transaction, together with a *segment*: a small named graph under ``graph/tally/``
with the batch's contributions, per key:

- an entity: how often it is referred to (mentions and fact roles), its mentions, the documents
  that mention it, and for an entity without a QID each surface form with its count;
- a (member, organization) pair, and a (holder, role kind, office-of) triple of a current office:
  how often it is attested and the latest day it is attested on;
- every key: one *witness*, a document graph that states it, and what the listings show about the
  key as that document says it (labels, class, Wikidata link, a sentence).

A replaced or removed document contributes the same counts negated and marks its keys dirty, so
the sums over all segments are exact after every transaction.  kg.tally_merge folds the segments
into one graph and looks the latest day and witness of dirty keys up again in the documents.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.vocab import DATA, GRAPHS, KG, RDF_TYPE, RDFS_LABEL, ClosedNamespace, digest

__all__ = ["MERGED", "T", "TALLY_GRAPHS", "Key", "Tally", "contributions", "is_tally_graph", "key_quads",
           "read_key", "segment", "segment_name"]

T = ClosedNamespace("https://w3id.org/geokg/tally#", (
    "Tallies", "Segment", "Complete", "dirty", "witness", "references", "mentions", "documents", "count", "latest",
    "formOf", "form", "member", "organization", "holder", "roleKind", "officeOf",
    # what the witness says about the key
    "label", "type", "wikidata", "holderLabel", "holderWikidata", "officeLabel", "officeWikidata", "roleLabel",
    "sentence",
))
TALLY_GRAPHS = GRAPHS + "tally/"
MERGED = ox.NamedNode(TALLY_GRAPHS + "merged")
_NIL = DATA + "entity/nil/"
_ROLES = (KG.holder, KG.participant, KG.location, KG.member, KG.organization)
# the only predicates a contribution looks at: the others are most of a document's quads
_READ = frozenset((KG.mentionOf, KG.anchor, *_ROLES, KG.attestedOn, KG.evidence, KG.inSentence, KG.text, KG.roleKind,
                   KG.status, KG.roleLabel, KG.officeOf, KG.wikidata, RDFS_LABEL, RDF_TYPE))
_ABOUT = frozenset((T.label, T.type, T.wikidata, T.holderLabel, T.holderWikidata, T.officeLabel, T.officeWikidata,
                    T.roleLabel, T.sentence))

Key = tuple[Any, ...]  # ("entity", e) · ("form", e, anchor) · ("membership", m, o) · ("holding", p, kind, org|None)
About = tuple[tuple[ox.NamedNode, Any], ...]


def is_tally_graph(graph: object) -> bool:
    return isinstance(graph, ox.NamedNode) and graph.value.startswith(TALLY_GRAPHS)


def segment_name() -> ox.NamedNode:
    # A segment lives only until the next merge and is never exported; a random name keeps two
    # writes of the same documents apart.
    return ox.NamedNode(f"{TALLY_GRAPHS}segment/{uuid.uuid4().hex}")


@dataclass
class Tally:
    """One key's contributions; counts are signed (a removed document subtracts)."""

    count: int = 0
    mentions: int = 0
    documents: int = 0
    latest: ox.Literal | None = None
    witness: ox.NamedNode | None = None
    about: About = ()  # (tally predicate, value) as the witness states them
    dirty: bool = False

    def add(self, other: Tally) -> None:
        self.count += other.count
        self.mentions += other.mentions
        self.documents += other.documents
        self.latest = later(self.latest, other.latest)
        if self.witness is None:
            self.witness, self.about = other.witness, other.about
        self.dirty = self.dirty or other.dirty

    def negated(self) -> Tally:
        return Tally(-self.count, -self.mentions, -self.documents, dirty=True)


def later(a: ox.Literal | None, b: ox.Literal | None) -> ox.Literal | None:
    # ISO dates of one datatype order as text; kg.mapping writes every attestedOn as xsd:date
    if a is None or b is None:
        return a or b
    return b if b.value > a.value else a


@dataclass
class _Document:
    """A document graph's quads by subject, for the few lookups the contributions need."""

    props: dict[Any, dict[ox.NamedNode, list[Any]]] = field(default_factory=dict)

    def all(self, s: Any, p: ox.NamedNode) -> list[Any]:
        return self.props.get(s, {}).get(p, [])

    def one(self, s: Any, p: ox.NamedNode) -> Any:
        values = self.all(s, p)
        return values[0] if values else None


def contributions(graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> dict[Key, Tally]:
    """What one document graph adds to the tallies: the patterns of the saved queries they serve."""
    doc = _Document()
    for q in quads:
        if q.predicate in _READ:
            doc.props.setdefault(q.subject, {}).setdefault(q.predicate, []).append(q.object)
    out: dict[Key, Tally] = defaultdict(Tally)
    for s, props in doc.props.items():
        for entity in props.get(KG.mentionOf, ()):
            out["entity", entity].count += 1
            for anchor in props.get(KG.anchor, ()):
                out["entity", entity].mentions += 1
                if entity.value.startswith(_NIL):
                    out["form", entity, anchor].count += 1
        for role in _ROLES:
            for entity in props.get(role, ()):
                out["entity", entity].count += 1
        for member in props.get(KG.member, ()):
            for org in props.get(KG.organization, ()):
                _attest(out["membership", member, org], doc, s, ((T.sentence, _sentence(doc, s)),))
        holding = _holding_key(doc, s)
        if holding is not None:
            _, person, _, org = holding
            _attest(out[holding], doc, s, (
                (T.holderLabel, doc.one(person, RDFS_LABEL)), (T.holderWikidata, doc.one(person, KG.wikidata)),
                (T.officeLabel, doc.one(org, RDFS_LABEL)), (T.officeWikidata, doc.one(org, KG.wikidata)),
                (T.roleLabel, doc.one(s, KG.roleLabel)), (T.sentence, _sentence(doc, s))))
    for key, tally in out.items():
        if key[0] == "entity":
            entity = key[1]
            tally.documents = 1 if tally.mentions else 0
            tally.witness = graph
            tally.about = ((T.label, doc.one(entity, RDFS_LABEL)), (T.wikidata, doc.one(entity, KG.wikidata)),
                           *((T.type, t) for t in doc.all(entity, RDF_TYPE)))
        elif key[0] != "form":  # forms are listed, never described
            tally.witness = graph
        tally.about = tuple((p, v) for p, v in tally.about if v is not None)
    return dict(out)


def _attest(tally: Tally, doc: _Document, fact: Any, about: About) -> None:
    tally.count += 1
    tally.about = tally.about or about
    day = doc.one(fact, KG.attestedOn)
    if isinstance(day, ox.Literal):
        tally.latest = later(tally.latest, day)


def _sentence(doc: _Document, fact: Any) -> ox.Literal | None:
    """The text of the fact's first evidence sentence."""
    for evidence in doc.all(fact, KG.evidence):
        sentence = doc.one(evidence, KG.inSentence)
        if sentence is not None and doc.one(sentence, KG.text) is not None:
            return doc.one(sentence, KG.text)  # type: ignore[no-any-return]
    return None


def _holding_key(doc: _Document, fact: Any) -> Key | None:
    """A current office with its evidence sentence and a named holder, as office-holders.rq lists them."""
    person, kind = doc.one(fact, KG.holder), doc.one(fact, KG.roleKind)
    if person is None or kind is None or KG.Current not in doc.all(fact, KG.status):
        return None
    if doc.one(fact, KG.roleLabel) is None or _sentence(doc, fact) is None or doc.one(person, RDFS_LABEL) is None:
        return None
    org = doc.one(fact, KG.officeOf)
    return "holding", person, kind, org if org is not None and doc.one(org, RDFS_LABEL) is not None else None


def segment(name: ox.NamedNode, added: Mapping[ox.NamedNode, Sequence[ox.Quad]],
            dropped: Mapping[ox.NamedNode, Sequence[ox.Quad]]) -> list[ox.Quad]:
    """The segment graph `name` for a write that adds the graphs `added` and drops `dropped`
    (both: graph -> its quads); a replaced document is in both.  Empty if no count changes."""
    total: dict[Key, Tally] = defaultdict(Tally)
    for graph, quads in dropped.items():
        for key, tally in contributions(graph, quads).items():
            total[key].add(tally.negated())
    for graph, quads in added.items():
        for key, tally in contributions(graph, quads).items():
            total[key].add(tally)
    if not total:
        return []  # documents without mentions or facts change no count
    out = [ox.Quad(name, RDF_TYPE, T.Tallies, name), ox.Quad(name, RDF_TYPE, T.Segment, name)]
    for key, tally in total.items():
        out += key_quads(key, tally, name)
    return out


def _key_node(key: Key) -> ox.NamedNode:
    if key[0] == "entity":
        return key[1]  # type: ignore[no-any-return]
    return ox.NamedNode(f"{DATA}tally/{key[0]}/{digest(*key[1:], length=20)}")


_NAMES = {"form": (T.formOf, T.form), "membership": (T.member, T.organization),
          "holding": (T.holder, T.roleKind, T.officeOf)}


def key_quads(key: Key, tally: Tally, graph: ox.NamedNode) -> list[ox.Quad]:
    triples: list[tuple[ox.NamedNode, Any]] = []
    if key[0] == "entity":
        triples += [(T.references, tally.count), (T.mentions, tally.mentions), (T.documents, tally.documents)]
    else:
        triples.append((T.count, tally.count))
        triples += [(p, v) for p, v in zip(_NAMES[key[0]], key[1:], strict=True) if v is not None]
    if tally.latest is not None:
        triples.append((T.latest, tally.latest))
    if tally.witness is not None:
        triples += [(T.witness, tally.witness), *tally.about]
    if tally.dirty:
        triples.append((T.dirty, True))
    node = _key_node(key)
    return [ox.Quad(node, p, v if isinstance(v, ox.NamedNode | ox.Literal) else ox.Literal(v), graph)
            for p, v in triples]


def read_key(node: Any, props: Mapping[ox.NamedNode, list[Any]]) -> tuple[Key, Tally] | None:
    """A key and its tally back from one tally graph's statements about `node`; None for a graph's own node."""
    def number(p: ox.NamedNode) -> int:
        return sum(int(v.value) for v in props.get(p, ()))

    if T.references in props:
        key: Key = ("entity", node)
    elif T.count in props:
        kind = next(k for k, names in _NAMES.items() if names[0] in props)
        key = (kind, *(next(iter(props.get(p, ())), None) for p in _NAMES[kind]))
    else:
        return None
    latest = None
    for day in props.get(T.latest, ()):
        latest = later(latest, day)
    witness = next(iter(props.get(T.witness, ())), None)
    about = tuple((p, v) for p, values in props.items() if p in _ABOUT for v in values)
    return key, Tally(number(T.references) + number(T.count), number(T.mentions), number(T.documents), latest,
                      witness, about, bool(props.get(T.dirty)))
