"""The KnowledgeBase: entities, office holdings and surface forms, with the lookups the linker needs."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from types import MappingProxyType

from kg.errors import KnowledgeBaseError
from kg.kb.model import FORM_KINDS, ROLE_KINDS, KbEntity, KbHolding, SurfaceForm, canonical_forms

__all__ = ["KnowledgeBase", "normalise"]

_RANK = {kind: i for i, kind in enumerate(FORM_KINDS)}
_FOLD = str.maketrans({"ß": "ss", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "þ": "th", "ð": "d", "ı": "i",
                       "’": "'", "ʻ": "'"})
_UMLAUT_PAIRS = re.compile(r"(?<=[a-z])(ae|oe|ue)")


def normalise(text: str) -> str:
    """The lookup key of a name: casefolded, accents and umlauts folded (ä, ae -> a), ß -> ss,
    punctuation other than letters and digits collapsed to single spaces."""
    folded = text.casefold().translate(_FOLD)
    folded = "".join(c for c in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(c))
    folded = _UMLAUT_PAIRS.sub(lambda m: m.group(0)[0], folded)
    return " ".join(re.findall(r"[^\W_]+", folded))


def _genitive_stripped(key: str) -> str | None:
    """The key without a genitive or possessive ending ("russlands" -> "russland")."""
    if key.endswith(" s") and len(key) > 3:  # "Russia's" normalises to "russia s"
        return key[:-2]
    if key.endswith("s") and len(key) > 3:
        return key[:-1]
    return None


class KnowledgeBase:
    """An immutable knowledge base; build it with bundled_kb() or kb_from_quads()."""

    def __init__(self, version: str, sources: Iterable[str], entities: Iterable[KbEntity],
                 holdings: Iterable[KbHolding], forms: Iterable[SurfaceForm]) -> None:
        self.version = version
        self.sources = tuple(sorted(set(sources)))
        entities = list(entities)
        # Name forms are always the labels, so the RDF needs to carry them only once.
        names = [SurfaceForm(label, e.qid, "name", lang) for e in entities
                 for label, lang in ((e.label_en, "en"), (e.label_de, "de")) if label]
        self._forms = canonical_forms(names + [f for f in forms if f.form != "name"])
        by_qid: dict[str, list[SurfaceForm]] = {}
        for f in self._forms:
            by_qid.setdefault(f.qid, []).append(f)
        table: dict[str, KbEntity] = {}
        for e in sorted(entities, key=lambda e: e.qid):
            if e.qid in table:
                raise KnowledgeBaseError(f"{e.qid} is listed twice; the knowledge base build is broken")
            table[e.qid] = _with_names(e, by_qid.get(e.qid, []))
        unknown = {f.qid for f in self._forms} - table.keys()
        if unknown:
            raise KnowledgeBaseError(f"surface forms name unknown entities: {sorted(unknown)[:5]}")
        self._entities = table
        self.holdings = tuple(sorted(set(holdings), key=_holding_key))
        for h in self.holdings:
            if h.role_kind not in ROLE_KINDS:
                raise KnowledgeBaseError(f"unknown role kind {h.role_kind!r} for {h.person}")
        self._index()

    def _index(self) -> None:
        self._by_person: dict[str, list[KbHolding]] = {}
        self._by_office: dict[tuple[str, str | None], list[KbHolding]] = {}
        for h in self.holdings:
            self._by_person.setdefault(h.person, []).append(h)
            self._by_office.setdefault((h.role_kind, h.of), []).append(h)
        self._keys: dict[str, dict[str, int]] = {}
        for f in self._forms:
            ranks = self._keys.setdefault(normalise(f.text), {})
            ranks[f.qid] = min(ranks.get(f.qid, 99), _RANK[f.form])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, KnowledgeBase):
            return NotImplemented
        return (self.version, self.sources, self._entities, self.holdings, self._forms) == (
            other.version, other.sources, other._entities, other.holdings, other._forms)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"KnowledgeBase(version={self.version!r}, entities={len(self._entities)})"

    @property
    def entities(self) -> Mapping[str, KbEntity]:
        """Every entity by QID."""
        return MappingProxyType(self._entities)

    @property
    def forms(self) -> tuple[SurfaceForm, ...]:
        """Every surface form, deduplicated and sorted by entity."""
        return self._forms

    def get(self, qid: str) -> KbEntity | None:
        """The entity with that QID, or None."""
        return self._entities.get(qid)

    def surface_forms(self, lang: str) -> Iterator[SurfaceForm]:
        """The forms of ``lang`` and the language-neutral ones."""
        return (f for f in self._forms if f.lang is None or f.lang == lang)

    def candidates(self, text: str) -> list[KbEntity]:
        """Entities a name may refer to, best first: exact key before genitive-stripped, then
        by how the name fits (name, alias, surname, inflected, adjective), then prominence."""
        key = normalise(text)
        scored: dict[str, tuple[int, int, float]] = {}
        for tier, k in enumerate((key, _genitive_stripped(key))):
            for qid, rank in (self._keys.get(k, {}) if k else {}).items():
                entity = self._entities[qid]
                score = (tier, rank, -entity.prominence)
                if qid not in scored or score < scored[qid]:
                    scored[qid] = score
        return [self._entities[q] for q in sorted(scored, key=lambda q: (scored[q], q))]

    def holdings_of(self, person_qid: str) -> tuple[KbHolding, ...]:
        """Every office the person held, in the knowledge base's stable order."""
        return tuple(self._by_person.get(person_qid, ()))

    def holders(self, role_kind: str, of_qid: str, on: dt.date | None) -> list[KbHolding]:
        """Who held that kind of office of that state or organization on that day, latest start first."""
        found = [h for h in self._by_office.get((role_kind, of_qid), []) if h.active_on(on)]
        return sorted(found, key=lambda h: (h.start or dt.date.min, h.person), reverse=True)

    def counts(self) -> dict[str, int]:
        """Entities by kind, plus "holdings" and "surface_forms"."""
        counts = dict(sorted(Counter(e.kind for e in self._entities.values()).items()))
        counts["holdings"] = len(self.holdings)
        counts["surface_forms"] = len(self._forms)
        return counts


def _with_names(entity: KbEntity, forms: list[SurfaceForm]) -> KbEntity:
    """The entity with aliases and adjectives derived from its surface forms, so they always agree."""
    labels = {entity.label_en, entity.label_de}
    aliases = sorted({f.text for f in forms if f.form in ("alias", "surname", "inflected")} - labels)
    adjectives = sorted({f.text for f in forms if f.form == "adjective"})
    return replace(entity, aliases=tuple(aliases), adjectives=tuple(adjectives))


def _holding_key(h: KbHolding) -> tuple[str, str, str, str, str, str]:
    return (h.of or "", h.role_kind, (h.start or dt.date.min).isoformat(), h.person, h.position or "",
            h.position_label)
