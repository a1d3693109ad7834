"""The mutable workspace a KB build fills in before it freezes into a KnowledgeBase."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.errors import KnowledgeBaseError
from kg.kb.base import normalise
from kg.kb.german import straight_quotes
from kg.kb.model import KbEntity, KbHolding, SurfaceForm

__all__ = ["Draft", "Drafts", "strip_qualifier"]

_QUALIFIER = re.compile(r"\s*\([^)]*\)")


def strip_qualifier(label: str) -> str:
    """The label without a parenthesised qualifier ("Palestine (region)" -> "Palestine")."""
    return _QUALIFIER.sub("", label).strip()


@dataclass
class Draft:
    """An entity while it is being assembled from several sources."""

    qid: str
    kind: str
    label_en: str
    label_de: str
    country: str | None = None
    prominence: float = 0.0
    source_kind: str = ""
    iso2: str | None = None

    def freeze(self) -> KbEntity:
        return KbEntity(self.qid, self.kind, self.label_en, self.label_de, (), (), self.country,
                        self.prominence)


@dataclass
class Drafts:
    """Entities, surface forms and holdings collected so far, with the keys editorial tables use."""

    entities: dict[str, Draft] = field(default_factory=dict)
    forms: list[SurfaceForm] = field(default_factory=list)
    holdings: list[KbHolding] = field(default_factory=list)
    by_iso: dict[str, str] = field(default_factory=dict)
    by_label: dict[str, str] = field(default_factory=dict)  # English label of reference rows -> QID

    def add(self, draft: Draft) -> Draft:
        if draft.qid in self.entities:
            raise KnowledgeBaseError(f"{draft.qid} comes from two source rows; fix the reference tables")
        self.entities[draft.qid] = draft
        return draft

    def form(self, text: str, qid: str, form: str, lang: str | None) -> None:
        """Record a surface form (and its straight-apostrophe twin); empty texts are ignored."""
        text = " ".join(text.split())
        if not text:
            return
        self.forms.append(SurfaceForm(text, qid, form, lang))
        if straight_quotes(text) != text:
            self.forms.append(SurfaceForm(straight_quotes(text), qid, form, lang))

    def kind_of(self, qid: str | None) -> str | None:
        draft = self.entities.get(qid or "")
        return draft.kind if draft else None

    def drop_label_clashes(self) -> None:
        """Drop aliases and derived forms that are another entity's label (qualifier stripped):
        "Montenegro" is the country, not a minister's surname; "Sahrawi Arab Democratic Republic"
        the SADR, not the territory Natural Earth gives that formal name."""
        owners: dict[str, set[str]] = {}
        for d in self.entities.values():
            for label in (d.label_en, d.label_de):
                owners.setdefault(normalise(label), set()).add(d.qid)
                owners.setdefault(normalise(strip_qualifier(label)), set()).add(d.qid)
        self.forms = [f for f in self.forms
                      if f.form == "name" or f.qid in owners.get(normalise(f.text), {f.qid})]
