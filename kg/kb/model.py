"""The knowledge base's records: entities, office holdings and the surface forms that name them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["KbEntity", "KbHolding", "SurfaceForm", "ROLE_KINDS", "FORM_KINDS", "canonical_forms"]

ROLE_KINDS = (
    "president", "prime minister", "chancellor", "foreign minister", "defence minister",
    "secretary general", "deputy secretary general", "head of state", "head of government",
    "monarch", "president of organ", "head of organization", "other",
)
# Best first: when one text names one entity in several ways, the earlier kind wins.
FORM_KINDS = ("name", "alias", "surname", "inflected", "adjective")
_RANK = {kind: i for i, kind in enumerate(FORM_KINDS)}


@dataclass(frozen=True)
class KbEntity:
    """One Wikidata item the bundled knowledge base knows, with every name it goes by."""

    qid: str
    kind: str
    label_en: str
    label_de: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    country: str | None = None
    prominence: float = 0.0

    def label(self, lang: str) -> str:
        """The label in ``lang`` ("de" or anything else for English), falling back to the other."""
        if lang == "de":
            return self.label_de or self.label_en
        return self.label_en or self.label_de


@dataclass(frozen=True)
class KbHolding:
    """A person holding an office from ``start`` to ``end`` (either may be unknown)."""

    person: str
    person_name: str
    position: str | None
    position_label: str
    role_kind: str
    of: str | None
    start: dt.date | None
    end: dt.date | None

    def active_on(self, day: dt.date | None) -> bool:
        """Whether the office was held on ``day``; both ends inclusive, an unknown day counts."""
        if day is None:
            return True
        if self.start is not None and day < self.start:
            return False
        return self.end is None or day <= self.end


@dataclass(frozen=True)
class SurfaceForm:
    """A string that may name an entity in text, exactly as written there."""

    text: str
    qid: str
    form: str
    lang: str | None

    def sort_key(self) -> tuple[str, str, int, str]:
        return (self.qid, self.text, _RANK[self.form], self.lang or "")


def canonical_forms(forms: Iterable[SurfaceForm]) -> tuple[SurfaceForm, ...]:
    """Deduplicated, sorted forms: a form is dropped when a better-or-equal kind of the same
    text and entity already covers its language (None covers both)."""
    best: dict[tuple[str, str], list[SurfaceForm]] = {}
    for f in sorted(set(forms), key=lambda f: (_RANK[f.form], f.lang is not None, f.lang or "")):
        kept = best.setdefault((f.qid, f.text), [])
        if any(k.lang is None or k.lang == f.lang for k in kept):
            continue
        kept.append(f)
    return tuple(sorted((f for fs in best.values() for f in fs), key=SurfaceForm.sort_key))
