"""The link stage: a Wikidata QID (or NIL) for every entity, and offices completed from the KB.

Score meaning: the linker's estimate, in [0, 1], that the QID is the entity the text means.
0.95 an unambiguous knowledge-base name of a compatible type; 0.85 a name whose first name
and surname both agree; 0.75 a surname the office context confirms; lower for a choice among
namesakes by prominence.  Below THRESHOLD the entity stays NIL with a stable local IRI.

Types must agree (a person mention never links to a city); among several candidates the one
that fits the document's other entities and offices wins, then the more prominent one.
Offices whose state or organization the text does not give take it from the holder's
knowledge-base holdings on the publication date (Blinken → United States).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from kg.extract.entities import ORG_KINDS, PLACE_KINDS, kb_person
from kg.extract.offices import dedupe_offices
from kg.kb import KbEntity, KbHolding, KnowledgeBase
from kg.records import Entity, Extraction, Link, Linked, Office

__all__ = ["link", "THRESHOLD", "compatible"]

THRESHOLD = 0.5


def compatible(mention_kind: str, kb_kind: str) -> bool:
    """Whether a mention of one class may denote a KB entity of another."""
    if mention_kind == kb_kind:
        return True
    for group in (ORG_KINDS, PLACE_KINDS):
        if mention_kind in group and kb_kind in group:
            return mention_kind in {"Organization", "Place"} or kb_kind in {"Organization", "Place"}
    return False


def _link_entity(entity: Entity, kb: KnowledgeBase, context: set[str], lang: str) -> Link:
    if entity.qid_hint:
        hinted = kb.get(entity.qid_hint)
        if hinted is not None:
            rivals = [c for c in kb.candidates(entity.name) if c.qid != hinted.qid and compatible(entity.kind, c.kind)]
            choice = _best([hinted, *rivals], context)
            score = 0.95 if not rivals else (0.8 if choice.qid == hinted.qid else 0.7)
            if entity.mentions and not any(m.qid == hinted.qid for m in entity.mentions):
                score = min(score, 0.85)  # a full name the KB does not list, matched by name folding
            return Link(entity.key, choice.qid, score, choice.label(lang), choice.kind)
    if entity.kind == "Person":
        found = _person(entity, kb)
        if found is not None:
            person, score = found
            return Link(entity.key, person.qid, score, person.label(lang), "Person")
    else:
        candidates = [c for c in kb.candidates(entity.name) if compatible(entity.kind, c.kind)]
        if candidates:
            choice = _best(candidates, context)
            return Link(entity.key, choice.qid, 0.75 if len(candidates) == 1 else 0.6, choice.label(lang),
                        choice.kind)
    return Link(entity.key, None, 0.0, entity.name, entity.kind)


def _person(entity: Entity, kb: KnowledgeBase) -> tuple[KbEntity, float] | None:
    """A person the KB knows by surname, accepted when the first names agree too."""
    name = max((m.text for m in entity.mentions), key=len)
    person = kb_person(name, kb)
    if person is not None:
        return person, 0.85
    names = name.split()
    surname, given = names[-1], names[0] if len(names) > 1 else ""
    people = [c for c in kb.candidates(surname) if c.kind == "Person"]
    if len(people) == 1 and not given:
        return people[0], 0.6
    return None


def _best(candidates: list[KbEntity], context: set[str]) -> KbEntity:
    def fit(c: KbEntity) -> tuple[int, float]:
        return (1 if c.country and c.country in context else 0, c.prominence)

    return max(candidates, key=fit)


def link(extraction: Extraction, kb: KnowledgeBase) -> Linked:
    """Link every entity, then complete offices from the KB holdings of their holders."""
    lang = extraction.article.lang
    context = {e.qid_hint for e in extraction.entities if e.qid_hint}
    links = {e.key: _link_entity(e, kb, context, lang) for e in extraction.entities}
    for key, found in list(links.items()):
        if found.qid and found.score < THRESHOLD:
            links[key] = Link(key, None, found.score, found.label, found.kind)
    extraction = _merge_same_qid(extraction, links)
    entities = list(extraction.entities)
    offices = [_complete(o, links, entities, kb, extraction.article.date, lang) for o in extraction.offices]
    for e in entities:
        links.setdefault(e.key, _link_entity(e, kb, context, lang))
    extraction = replace(extraction, entities=tuple(entities), offices=tuple(offices))
    return Linked(extraction, tuple(links[e.key] for e in entities))


def _merge_same_qid(extraction: Extraction, links: dict[str, Link]) -> Extraction:
    """Entities that link to one QID are one entity ("Wladimir V. Putin" and a later "Putin")."""
    first: dict[str, str] = {}
    alias: dict[str, str] = {}
    for e in extraction.entities:
        qid = links[e.key].qid
        if qid is None:
            continue
        if qid in first:
            alias[e.key] = first[qid]
        else:
            first[qid] = e.key
    if not alias:
        return extraction

    def key(k: str) -> str:
        return alias.get(k, k)

    merged: dict[str, Entity] = {}
    for e in extraction.entities:
        k = key(e.key)
        if k in merged:
            kept = merged[k]
            mentions = tuple(sorted(kept.mentions + e.mentions, key=lambda m: (m.start, m.end)))
            merged[k] = replace(kept, mentions=mentions)
        else:
            merged[k] = e
        if k != e.key:
            links.pop(e.key, None)
    offices = dedupe_offices([replace(o, holder=key(o.holder), of=key(o.of) if o.of else None)
                               for o in extraction.offices])
    meetings = [replace(m, participants=tuple(dict.fromkeys(key(p) for p in m.participants)),
                        place=key(m.place) if m.place else None, organizer=key(m.organizer) if m.organizer else None)
                for m in extraction.meetings]
    memberships = {(key(ms.member), key(ms.organization)): replace(ms, member=key(ms.member),
                                                                   organization=key(ms.organization))
                   for ms in extraction.memberships}
    return replace(extraction, entities=tuple(merged.values()), offices=tuple(offices),
                   meetings=tuple(meetings), memberships=tuple(memberships.values()))



def _complete(
    office: Office,
    links: dict[str, Link],
    entities: list[Entity],
    kb: KnowledgeBase,
    day: dt.date | None,
    lang: str,
) -> Office:
    holder = links.get(office.holder)
    if holder is None or holder.qid is None:
        return office
    owner = links.get(office.of) if office.of else None
    for h in _fitting(kb.holdings_of(holder.qid), office, day):
        if owner is not None and owner.qid and h.of and owner.qid != h.of:
            continue
        if office.of is None and h.of:
            key = _entity_for(h.of, links, entities, kb, lang)
            if key is None:
                return office
            return replace(office, of=key, position_qid=h.position, start=h.start, end=h.end)
        return replace(office, position_qid=h.position, start=h.start, end=h.end)
    return office


def _fitting(holdings: tuple[KbHolding, ...], office: Office, day: dt.date | None) -> list[KbHolding]:
    """The holder's KB holdings of that kind that fit the status: held on the day (current), ended
    by then (former, latest first), begun after it or held on it (designated)."""
    same = [h for h in holdings if h.role_kind == office.role_kind]
    if office.status == "former":
        if day is None:
            return same
        ended = [h for h in same if h.end is not None and h.end <= day]
        return sorted(ended, key=lambda h: h.end or dt.date.min, reverse=True)
    active = [h for h in same if h.active_on(day)]
    if office.status == "designated" and day is not None:
        return [h for h in same if h.start is not None and h.start > day] + active
    return active


def _entity_for(qid: str, links: dict[str, Link], entities: list[Entity], kb: KnowledgeBase, lang: str) -> str | None:
    """The key of the document's entity with this QID, adding one without mentions if needed."""
    for key, known_link in links.items():
        if known_link.qid == qid:
            return key
    known = kb.get(qid)
    if known is None:
        return None
    entities.append(Entity(qid, known.label(lang), known.kind, (), qid))
    links[qid] = Link(qid, qid, 0.9, known.label(lang), known.kind)
    return qid
