"""International organizations, councils, alliances, parties and armed groups: organizations.tsv."""

from __future__ import annotations

import re

from kg.kb import classify
from kg.kb.drafts import Draft, Drafts
from kg.kb.editorial import CASE_VARIANT_STOPLIST, ORG_ALIASES
from kg.kb.german import german_name_forms
from kg.kb.places import add_aliases

__all__ = ["add_organizations"]

_ACRONYM = re.compile(r"^[A-ZÄÖÜ]{4,}$")
_COUNTRY_CODE = re.compile(r"\(([A-Z]{2})\)$")
_ORG_KINDS = frozenset({"InternationalOrganization", "Council", "Alliance", "Party", "ArmedGroup",
                        "Organization", "Government"})


def add_organizations(drafts: Drafts, rows: list[dict[str, str]]) -> None:
    """One entity per organizations.tsv row, with its aliases, German inflections and case variants."""
    for row in rows:
        qid, kind = row["qid"], classify.org_kind(row["kind"], row["label_en"])
        code = _COUNTRY_CODE.search(row["kind"])  # "political party (DE)"
        drafts.add(Draft(qid, kind, row["label_en"], row["label_de"],
                         country=drafts.by_iso.get(code.group(1)) if code else None,
                         prominence=classify.org_prominence(kind, row["kind"]), source_kind=row["kind"]))
        drafts.by_label[row["label_en"]] = qid
        for alias in row["aliases"].split("|"):
            drafts.form(alias, qid, "alias", None)
    for label, aliases in ORG_ALIASES.items():
        if label in drafts.by_label:
            add_aliases(drafts, drafts.by_label[label], aliases)
    orgs = [d for d in drafts.entities.values() if d.kind in _ORG_KINDS]
    # English labels copied into label_de ("Labour Party") are not German and are not inflected.
    german = [(d.label_de, d.qid) for d in orgs if d.label_de != d.label_en]
    german += [(f.text, f.qid) for f in drafts.forms
               if f.lang == "de" and f.form == "alias" and drafts.kind_of(f.qid) in _ORG_KINDS]
    for text, qid in german:
        for form in german_name_forms(text, place=False):
            drafts.form(form, qid, "inflected", "de")
    # German news write word-like acronyms in title case: "Nato", "Opec", "Unesco".
    names: dict[str, set[str]] = {d.qid: {d.label_en, d.label_de} for d in orgs}
    for f in drafts.forms:
        if f.qid in names and f.form == "alias":
            names[f.qid].add(f.text)
    for qid, texts in names.items():
        for name in sorted(texts):
            if _ACRONYM.match(name) and name not in CASE_VARIANT_STOPLIST:
                drafts.form(name.title(), qid, "alias", "de")
