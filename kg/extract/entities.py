"""Group mentions into entities: one real-world thing, one Entity per document.

KB matches group by QID.  A surname alone ("Putin", "Stoltenberg") counts only after the full
name, after a title or honorific, or for a person prominent enough that the bare name is
unambiguous in news.  Names the KB does not know group by surname, so "Jens Muster" and a
later "Muster" are one person.  Adjectives ("ukrainischen") stay in an entity's mentions for
the fact extractors but do not make an entity on their own.
"""

from __future__ import annotations

import re

from kg.kb import KnowledgeBase
from kg.lexicon import HONORIFICS, TITLES
from kg.records import Annotated, Entity, Mention

__all__ = ["cluster_mentions", "is_name_mention", "PLACE_KINDS", "ORG_KINDS"]

PLACE_KINDS = frozenset({"Place", "Country", "City", "Region", "Continent"})
ORG_KINDS = frozenset({"Organization", "InternationalOrganization", "Government", "GovernmentBody", "Council",
                       "Alliance", "Party", "ArmedGroup"})
_PROMINENT = 0.8


def is_name_mention(m: Mention) -> bool:
    return m.source != "kb-adj"


def _word_before(text: str, start: int) -> str:
    words = re.findall(r"[\w.\-]+", text[max(0, start - 40):start])
    return words[-1].lower() if words else ""


def cluster_mentions(annotated: Annotated, kb: KnowledgeBase) -> tuple[Entity, ...]:
    """The entities of one document, in order of first mention."""
    text, lang = annotated.article.text, annotated.article.lang
    cues = set(TITLES[lang]) | HONORIFICS[lang]
    groups: dict[str, list[Mention]] = {}
    kinds: dict[str, str] = {}
    seen_full: set[str] = set()
    surnames: dict[str, str] = {}

    for m in annotated.mentions:
        if m.qid and m.source == "kb":
            seen_full.add(m.qid)
        if m.source == "kb-surname" and m.qid:
            entity = kb.get(m.qid)
            cue = _word_before(text, m.start)
            prominent = entity is not None and entity.prominence >= _PROMINENT
            if not (m.qid in seen_full or cue in cues or cue.split("-")[-1] in cues or prominent):
                continue
        key = m.qid or _pattern_key(m, surnames)
        if m.qid is None and m.kind == "Person":
            surnames.setdefault(m.text.split()[-1].lower(), key)
        groups.setdefault(key, []).append(m)
        kinds.setdefault(key, m.kind)

    entities = []
    for key, mentions in groups.items():
        names = [m for m in mentions if is_name_mention(m)]
        best = max(names or mentions, key=lambda m: (len(m.text), -m.start))
        qid = mentions[0].qid
        name = best.text
        if qid and kb.get(qid) is not None:
            name = kb.get(qid).label(lang)  # type: ignore[union-attr]
        entities.append(Entity(key, name, kinds[key], tuple(mentions), qid))
    return tuple(entities)


def _pattern_key(m: Mention, surnames: dict[str, str]) -> str:
    if m.kind == "Person":
        surname = m.text.split()[-1].lower()
        return surnames.get(surname, "per:" + surname)
    return m.key
