"""The extract stage: entities, offices, meetings and memberships of one annotated article."""

from __future__ import annotations

from dataclasses import replace

from kg.dates import find_dates
from kg.extract.entities import cluster_mentions, is_name_mention
from kg.extract.meetings import extract_meetings
from kg.extract.memberships import extract_memberships
from kg.extract.offices import extract_offices
from kg.extract.places import capital_namesakes
from kg.extract.view import DocView
from kg.kb import KnowledgeBase
from kg.records import Annotated, Extraction

__all__ = ["extract"]


def extract(annotated: Annotated, kb: KnowledgeBase) -> Extraction:
    """Everything one article says, with evidence for every fact."""
    article = annotated.article
    entities = cluster_mentions(annotated, kb)
    view = DocView(annotated, entities, kb)
    dates = find_dates(article.text, article.lang, article.date)
    offices = extract_offices(view)
    clustered = {(m.start, m.end) for e in entities for m in e.mentions}
    view.adopt([m for m in annotated.mentions if m.source == "kb-surname" and (m.start, m.end) not in clustered])
    meetings = extract_meetings(view, dates)
    memberships = extract_memberships(view)
    cities = capital_namesakes(view, {m.place for m in meetings if m.place})
    if cities:
        meetings = [replace(m, place=cities[m.place].key) if m.place in cities else m for m in meetings]
    used = {o.holder for o in offices} | {o.of for o in offices if o.of}
    used |= {k for m in meetings for k in (*m.participants, m.place) if k}
    used |= {k for ms in memberships for k in (ms.member, ms.organization)}
    # an entity named only by an adjective ("ukrainischen") is kept only when a fact needs it
    # entities may have gained mentions in the view (an unknown place named twice, an adopted surname)
    final = [cities.get(e.key) or view.entities[e.key] for e in (*entities, *view.added)]
    kept = tuple(e for e in final
                 if e.key in used or any(is_name_mention(m) for m in e.mentions))
    return Extraction(article, annotated.sentences, kept, tuple(offices), tuple(meetings), tuple(memberships))
