"""Group mentions into entities: one real-world thing, one Entity per document.

KB matches group by QID.  A surname alone ("Putin", "Stoltenberg") counts only after the full
name, after a title or honorific, or for a person prominent enough that the bare name is
unambiguous in news.  Names the KB does not know group by surname, so "Jens Muster" and a
later "Muster" are one person.  Adjectives ("ukrainischen") stay in an entity's mentions for
the fact extractors but do not make an entity on their own.
"""

from __future__ import annotations

import re
import unicodedata

from kg.kb import KbEntity, KnowledgeBase
from kg.lexicon import COMMON_SURNAMES, COPULA, HONORIFICS, TITLES
from kg.records import Annotated, Entity, Mention

__all__ = ["cluster_mentions", "is_name_mention", "kb_person", "fold_name", "PLACE_KINDS", "ORG_KINDS"]

PLACE_KINDS = frozenset({"Place", "Country", "City", "Region", "Continent"})
ORG_KINDS = frozenset({"Organization", "InternationalOrganization", "Government", "GovernmentBody", "Council",
                       "Alliance", "Party", "ArmedGroup"})
_PROMINENT = 0.8


def fold_name(text: str) -> str:
    """Transliteration-tolerant form of a name: Wladimir ~ Vladimir, Selenskyj ~ Zelenskyy, Dmitri ~ Dmytro."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    for a, b in (("w", "v"), ("j", "y"), ("yy", "y"), ("ij", "y"), ("z", "s"), ("ck", "k"), ("ph", "f"), ("y", "i")):
        text = text.replace(a, b)
    return text


def kb_person(name: str, kb: KnowledgeBase) -> KbEntity | None:
    """The KB person a full name the KB does not list means: surname and first name agree up to
    transliteration ("Wladimir V. Putin", "Dmitri Kuleba")."""
    names = name.split()
    if len(names) < 2:
        return None
    surname, given = names[-1], names[0]
    for person in (c for c in kb.candidates(surname) if c.kind == "Person"):
        parts = person.label_en.split()
        if parts and fold_name(parts[0])[:4] == fold_name(given)[:4] and fold_name(parts[-1]) == fold_name(surname):
            return person
    return None


def is_name_mention(m: Mention) -> bool:
    return m.source not in {"kb-adj", "kb-part"}


def _word_before(text: str, start: int) -> str:
    words = re.findall(r"[\w.\-]+", text[max(0, start - 40):start])
    return words[-1].lower() if words else ""


def _title_after(text: str, end: int, lang: str) -> str | None:
    """The role kind of an apposition or predicate naming an office: "Kuleba, der Außenminister",
    "Kuleba, Ukraine's foreign minister", "Baerbock soll Außenministerin werden"."""
    tail = text[end:end + 80]
    words = re.findall(r"[\w\-]+", tail.lower())[:5]
    if not (tail.startswith(",") or (words and words[0] in COPULA[lang])):
        return None
    titles = TITLES[lang]
    for n in range(len(words)):
        for size in (4, 3, 2, 1):
            phrase = " ".join(words[n:n + size])
            for key in (phrase, phrase.split("-")[-1]):
                if key in titles:
                    return titles[key]
    return None


def _fits(kb: KnowledgeBase, qid: str, role_kind: str | None) -> bool:
    """Whether the KB person ever held an office of that kind (generic titles fit anyone)."""
    if role_kind is None:
        return False
    if role_kind in {"head", "counterpart", "other"}:
        return True
    return any(h.role_kind == role_kind for h in kb.holdings_of(qid))


def _surname(text: str) -> str:
    """The lower-case surname of a person mention, without a German genitive -s or English 's."""
    last = text.split()[-1].lower().removesuffix("'s").removesuffix("’s")
    return last


def cluster_mentions(annotated: Annotated, kb: KnowledgeBase) -> tuple[Entity, ...]:
    """The entities of one document, in order of first mention."""
    text, lang = annotated.article.text, annotated.article.lang
    groups: dict[str, list[Mention]] = {}
    kinds: dict[str, str] = {}
    seen_full: set[str] = set()
    known: dict[str, str] = {}  # surname -> QID of a KB person already in the document

    for m in annotated.mentions:
        if m.qid and m.source == "kb":
            seen_full.add(m.qid)
        if m.source == "kb-surname" and m.qid:
            entity = kb.get(m.qid)
            cue = _word_before(text, m.start)
            titles = TITLES[lang]
            title = titles.get(cue) or titles.get(cue.split("-")[-1])
            # a common surname ("Johnson", "Schröder") is never clear by prominence alone
            prominent = (entity is not None and entity.prominence >= _PROMINENT
                         and _surname(m.text) not in COMMON_SURNAMES)
            titled = _fits(kb, m.qid, title) or _fits(kb, m.qid, _title_after(text, m.end, lang))
            if not (m.qid in seen_full or cue in HONORIFICS[lang] or titled or prominent):
                continue
        if m.kind == "Person" and m.qid:
            known.setdefault(_surname(m.text), m.qid)
            known.setdefault(_surname(m.text).removesuffix("s"), m.qid)
        if m.qid is None and m.kind == "Person" and len(m.text.split()) >= 2:
            person = kb_person(m.text, kb)  # "Wladimir V. Putin": the KB knows him as Wladimir Putin
            if person is not None:
                known.setdefault(_surname(m.text), person.qid)
        key = m.qid or _pattern_key(m, known)
        groups.setdefault(key, []).append(m)
        kinds.setdefault(key, m.kind)

    entities = []
    for key, mentions in groups.items():
        names = [m for m in mentions if is_name_mention(m)]
        best = max(names or mentions, key=lambda m: (len(m.text), -m.start))
        qid = next((m.qid for m in mentions if m.qid), None) or (key if kb.get(key) is not None else None)
        name = best.text
        if qid and kb.get(qid) is not None:
            name = kb.get(qid).label(lang)  # type: ignore[union-attr]
        entities.append(Entity(key, name, kinds[key], tuple(mentions), qid))
    return tuple(entities)


def _pattern_key(m: Mention, known: dict[str, str]) -> str:
    """Unknown persons group by surname, and join a KB person of that surname named earlier."""
    if m.kind == "Person":
        # the annotator keys a repeated surname by the full name it repeats ("Musters" -> per:muster)
        surname = m.key.split(":", 1)[-1].split()[-1] if m.key.startswith(("per:", "person:")) else _surname(m.text)
        return known.get(surname) or known.get(_surname(m.text)) or "per:" + surname
    return m.key
