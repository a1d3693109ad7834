"""Tallies: the counts that listings and hub lookups need, kept ready at write time (docs/tallies.md).

A saved query that lists every entity or every membership of a 10,000-article store would
otherwise read every mention and fact of every document.  So each batch of documents is written,
in the same transaction, together with a *segment*: a small named graph under ``graph/tally/``
with the batch's contributions, per key:

- an entity: how often it is referred to (mentions and fact roles) and mentioned; for an entity
  without a QID also the documents that mention it and each surface form with its count;
- a (member, organization) pair, and a (holder, role kind, office-of) triple of a current office:
  how often it is attested, the latest day it is attested on, and a *witness*, a document graph
  that states it;
- what the listings show about each key, as one document says it (labels, class, Wikidata link,
  a sentence); a key already described is not described again (`Described`);
- a calendar of meetings: each date that meetings have, so that a date range is tested on a few
  thousand dates instead of every meeting's;
- each pair of entities mentioned in one sentence: in how many sentences and documents.  Pairs are
  many (25,000 in 1,000 articles), so a segment holds them in one literal, `t:pairs`, and a merge
  appends them to the pair counts (kg.tally_pairs).

A replaced or removed document contributes the same counts negated and marks its keys dirty, so
the sums over all segments are exact after every transaction (the pairs after every merge).
kg.tally_merge folds the segments into one graph and looks up again, in the documents, the latest
day, witness and description of the dirty keys.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.vocab import DATA, GRAPHS, KG, RDF_TYPE, RDFS_LABEL, ClosedNamespace, digest

__all__ = ["MERGED", "NAMESPACE", "T", "TALLY_GRAPHS", "VERSION", "Described", "Key", "Tally", "contributions",
           "is_tally_graph", "key_node", "key_quads", "read_key", "segment", "segment_for", "segment_name",
           "segment_pairs", "totals"]

NAMESPACE = "https://w3id.org/geokg/tally#"
T = ClosedNamespace(NAMESPACE, (
    "Tallies", "Segment", "Complete", "version", "dirty", "witness", "references", "mentions", "documents", "count",
    "latest", "formOf", "form", "member", "organization", "holder", "roleKind", "officeOf", "date",
    # what the witness says about the key
    "label", "type", "wikidata", "holderLabel", "holderWikidata", "officeLabel", "officeWikidata", "roleLabel",
    "sentence",
    # pairs of entities mentioned in one sentence (kg.tally_pairs)
    "pairs", "PairCounts", "StagedPairs", "level", "pairA", "pairB", "pairSentences", "pairDocuments",
))
# Raised whenever a kind of key is added: tallies of an older version are counted again (kg.tally_merge).
# 2: the calendar of meetings (date keys).  3: pairs of entities mentioned in one sentence.
VERSION = 3
TALLY_GRAPHS = GRAPHS + "tally/"
MERGED = ox.NamedNode(TALLY_GRAPHS + "merged")
_NIL = DATA + "entity/nil/"
_ROLES = (KG.holder, KG.participant, KG.location, KG.member, KG.organization)
# the only predicates a contribution looks at: the others are most of a document's quads
_READ = frozenset((KG.mentionOf, KG.anchor, *_ROLES, KG.attestedOn, KG.evidence, KG.inSentence, KG.text, KG.roleKind,
                   KG.status, KG.roleLabel, KG.officeOf, KG.wikidata, KG.date, RDFS_LABEL, RDF_TYPE))
_ABOUT = frozenset((T.label, T.type, T.wikidata, T.holderLabel, T.holderWikidata, T.officeLabel, T.officeWikidata,
                    T.roleLabel, T.sentence))

Key = tuple[Any, ...]  # ("entity", e) · ("form", e, anchor) · ("membership", m, o) · ("holding", p, kind, org|None)
#                        · ("date", date) · ("pair", a, b), a before b as text
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
        self.witness = self.witness or other.witness
        self.about = self.about or other.about
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
    """A document graph's quads by predicate, then subject: the few lookups the contributions need."""

    by: dict[ox.NamedNode, dict[Any, list[Any]]] = field(default_factory=lambda: {p: {} for p in _READ})

    def all(self, s: Any, p: ox.NamedNode) -> list[Any]:
        return self.by[p].get(s, [])

    def one(self, s: Any, p: ox.NamedNode) -> Any:
        values = self.by[p].get(s)
        return values[0] if values else None


def contributions(graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> dict[Key, Tally]:
    """What one document graph adds to the tallies: the patterns of the saved queries they serve."""
    doc = _Document()
    by = doc.by
    for q in quads:
        table = by.get(q.predicate)
        if table is not None:
            table.setdefault(q.subject, []).append(q.object)
    out: dict[Key, Tally] = defaultdict(Tally)
    anchors = by[KG.anchor]
    for s, entities in by[KG.mentionOf].items():
        for entity in entities:
            out["entity", entity].count += 1
            for anchor in anchors.get(s, ()):
                out["entity", entity].mentions += 1
                if entity.value.startswith(_NIL):
                    out["form", entity, anchor].count += 1
    for role in _ROLES:
        for entities in by[role].values():
            for entity in entities:
                out["entity", entity].count += 1
    for s, members in by[KG.member].items():
        for member in members:
            for org in doc.all(s, KG.organization):
                _attest(out["membership", member, org], doc, s, ((T.sentence, _sentence(doc, s)),))
    for s in by[KG.holder]:
        holding = _holding_key(doc, s)
        if holding is not None:
            _, person, _, org = holding
            _attest(out[holding], doc, s, (
                (T.holderLabel, doc.one(person, RDFS_LABEL)), (T.holderWikidata, doc.one(person, KG.wikidata)),
                (T.officeLabel, doc.one(org, RDFS_LABEL)), (T.officeWikidata, doc.one(org, KG.wikidata)),
                (T.roleLabel, doc.one(s, KG.roleLabel)), (T.sentence, _sentence(doc, s))))
    for dates in by[KG.date].values():
        for date in dates:
            out["date", date].count += 1
    out.update(_pairs(doc))
    for key, tally in out.items():
        if key[0] == "entity":
            entity = key[1]
            tally.documents = 1 if tally.mentions else 0
            tally.witness = graph
            tally.about = ((T.label, doc.one(entity, RDFS_LABEL)), (T.wikidata, doc.one(entity, KG.wikidata)),
                           *((T.type, t) for t in doc.all(entity, RDF_TYPE)))
        elif key[0] in ("membership", "holding"):  # forms are listed, dates only counted
            tally.witness = graph
        tally.about = tuple((p, v) for p, v in tally.about if v is not None)
    return dict(out)


def _pairs(doc: _Document) -> dict[Key, Tally]:
    """The pairs of labelled entities mentioned in one sentence, each with its number of sentences
    (`count`) and one document, as co-mentioned.rq counted them from the documents."""
    together: dict[Any, set[Any]] = defaultdict(set)
    for mention, entities in doc.by[KG.mentionOf].items():
        for sentence in doc.all(mention, KG.inSentence):
            together[sentence].update(e for e in entities if e in doc.by[RDFS_LABEL])
    out: dict[Key, Tally] = {}
    for found in together.values():
        ordered = sorted(found, key=lambda e: e.value)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                out.setdefault(("pair", a, b), Tally(documents=1)).count += 1
    return out


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


def totals(added: Mapping[ox.NamedNode, Sequence[ox.Quad]],
           dropped: Mapping[ox.NamedNode, Sequence[ox.Quad]]) -> dict[Key, Tally]:
    """What a write that adds the graphs `added` and drops `dropped` (both: graph -> its quads)
    changes, key by key; a replaced document is in both."""
    total: dict[Key, Tally] = defaultdict(Tally)
    for graph, quads in dropped.items():
        for key, tally in contributions(graph, quads).items():
            total[key].add(tally.negated())
    for graph, quads in added.items():
        for key, tally in contributions(graph, quads).items():
            total[key].add(tally)
    return dict(total)


def segment(name: ox.NamedNode, changes: Mapping[Key, Tally],
            known: Mapping[ox.NamedNode, ox.Literal | None]) -> list[ox.Quad]:
    """The segment graph `name` for those changes; empty if there are none.  `known` holds the
    keys the merged graph has already (with their latest day): for them the segment carries only
    what changes: a segment a third the size (docs/tallies.md)."""
    if not changes:
        return []
    out = [ox.Quad(name, RDF_TYPE, T.Tallies, name), ox.Quad(name, RDF_TYPE, T.Segment, name)]
    pairs: list[str] = []
    for key, tally in changes.items():
        if key[0] == "pair":
            if tally.count or tally.documents:  # a document written again as it was changes no pair
                pairs.append(f"{key[1]} {key[2]} {tally.count} {tally.documents}")
            continue
        node = key_node(key)
        if node in known:
            latest = tally.latest if later(known[node], tally.latest) != known[node] else None
            tally = Tally(tally.count, tally.mentions, tally.documents, latest, dirty=tally.dirty)
        out += key_quads(key, tally, name, described=node not in known)
    if pairs:
        # One literal, not a key per pair: a merge drops the segment, and dropping 1,300 keys of
        # 4 statements per batch of 32 documents would cost more than writing the documents.
        out.append(ox.Quad(name, T.pairs, ox.Literal("\n".join(sorted(pairs))), name))
    return out


def segment_pairs(literal: ox.Literal) -> dict[Key, Tally]:
    """The pairs a segment's `t:pairs` holds: lines of two IRIs, sentences and documents."""
    out: dict[Key, Tally] = {}
    for line in literal.value.splitlines():
        a, b, sentences, documents = line.split(" ")
        out["pair", ox.NamedNode(a[1:-1]), ox.NamedNode(b[1:-1])] = Tally(int(sentences), documents=int(documents))
    return out


def segment_for(added: Mapping[ox.NamedNode, Sequence[ox.Quad]], dropped: Mapping[ox.NamedNode, Sequence[ox.Quad]],
                tallied: Callable[[list[ox.NamedNode]], Mapping[ox.NamedNode, ox.Literal | None]]) -> list[ox.Quad]:
    """The segment of a write (see `totals`), asking `tallied` which of its keys are merged already."""
    changes = totals(added, dropped)
    keys = [key_node(k) for k in changes if k[0] != "pair"]  # a pair is never described in a segment
    return segment(segment_name(), changes, tallied(keys)) if changes else []


class Described:
    """The keys one writer has described in segments since the last merge, with the latest day it
    wrote for each: its next segments carry only what changes for them.  Until a first merge every
    key is new to the merged graph."""

    def __init__(self) -> None:
        self._latest: dict[ox.NamedNode, ox.Literal | None] = {}

    def known(self, nodes: list[ox.NamedNode],
              merged: Callable[[list[ox.NamedNode]], Mapping[ox.NamedNode, ox.Literal | None]],
              ) -> dict[ox.NamedNode, ox.Literal | None]:
        found = dict(merged([n for n in nodes if n not in self._latest]))
        found.update((n, self._latest[n]) for n in nodes if n in self._latest)
        return found

    def wrote(self, segment_quads: Iterable[ox.Quad]) -> None:
        described = {q.subject for q in segment_quads if q.predicate in _ABOUT or q.predicate == T.witness}
        for q in segment_quads:
            if q.subject in described and isinstance(q.subject, ox.NamedNode):
                day = q.object if q.predicate == T.latest and isinstance(q.object, ox.Literal) else None
                self._latest[q.subject] = later(self._latest.get(q.subject), day)

    def forget(self) -> None:
        """After a merge: the merged graph describes every key, and may have dropped some."""
        self._latest.clear()


def key_node(key: Key) -> ox.NamedNode:
    if key[0] == "entity":
        return key[1]  # type: ignore[no-any-return]
    return ox.NamedNode(f"{DATA}tally/{key[0]}/{digest(*key[1:], length=20)}")


_NAMES = {"form": (T.formOf, T.form), "membership": (T.member, T.organization),
          "holding": (T.holder, T.roleKind, T.officeOf), "date": (T.date,)}
_KINDS = {f"{DATA}tally/{kind}/": kind for kind in _NAMES}


def key_quads(key: Key, tally: Tally, graph: ox.NamedNode, described: bool = True) -> list[ox.Quad]:
    """A key's statements in one tally graph.  Every key but a holding names its parts in each
    graph, where its queries join on them; a holding only where it is `described`."""
    kind = key[0]
    triples: list[tuple[ox.NamedNode, Any]] = []
    if kind == "entity":
        triples += [(T.references, tally.count), (T.mentions, tally.mentions)]
        if key[1].value.startswith(_NIL):  # the NIL worklist's column
            triples.append((T.documents, tally.documents))
    else:
        triples.append((T.count, tally.count))
        if described or kind != "holding":
            triples += [(p, v) for p, v in zip(_NAMES[kind], key[1:], strict=True) if v is not None]
    if tally.latest is not None:
        triples.append((T.latest, tally.latest))
    if described and tally.witness is not None and kind != "entity":
        triples.append((T.witness, tally.witness))
    if described:
        triples += tally.about
    if tally.dirty:
        triples.append((T.dirty, True))
    node = key_node(key)
    return [ox.Quad(node, p, v if isinstance(v, ox.NamedNode | ox.Literal) else ox.Literal(v), graph)
            for p, v in triples]


def read_key(node: Any, statements: Sequence[Mapping[ox.NamedNode, list[Any]]]) -> tuple[Key, Tally] | None:
    """A key and its total back from its statements in each tally graph; None for a graph's own node."""
    def first(p: ox.NamedNode) -> Any:
        return next((props[p][0] for props in statements if props.get(p)), None)

    if any(T.references in props for props in statements):
        key: Key = ("entity", node)
    else:
        kind = next((k for prefix, k in _KINDS.items() if node.value.startswith(prefix)), None)
        if kind is None:
            return None
        key = (kind, *(first(p) for p in _NAMES[kind]))
    total = Tally()
    for props in statements:
        total.add(_tally_of(props))
    return key, total


def _tally_of(props: Mapping[ox.NamedNode, list[Any]]) -> Tally:
    def number(p: ox.NamedNode) -> int:
        return sum(int(v.value) for v in props.get(p, ()))

    latest = None
    for day in props.get(T.latest, ()):
        latest = later(latest, day)
    witness = next(iter(props.get(T.witness, ())), None)
    about = tuple((p, v) for p, values in props.items() if p in _ABOUT for v in values)
    return Tally(number(T.references) + number(T.count), number(T.mentions), number(T.documents), latest,
                 witness, about, bool(props.get(T.dirty)))
