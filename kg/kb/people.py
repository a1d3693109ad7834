"""Positions, office holdings and the people who held them: positions.tsv and office_holders.tsv."""

from __future__ import annotations

import datetime as dt
import re

from kg.errors import KnowledgeBaseError
from kg.kb import classify
from kg.kb.drafts import Draft, Drafts, strip_qualifier
from kg.kb.editorial import PERSON_ALIASES, SURNAME_OVERRIDES, SURNAME_STOPLIST
from kg.kb.german import ascii_fold, transliterate_de
from kg.kb.model import KbHolding
from kg.kb.places import add_aliases

__all__ = ["add_positions", "add_holdings", "surname", "parse_date"]

# Names from these countries are romanised from Cyrillic; German spells them differently.
CYRILLIC = frozenset({"RU", "UA", "BY", "BG"})
# Family name first.
EAST_ASIAN = frozenset({"CN", "TW", "KR", "KP", "VN"})
_PARTICLES = frozenset({"von", "van", "der", "den", "de", "da", "dos", "das", "del", "della", "di", "du",
                        "la", "le", "bin", "ibn", "al", "el", "ten", "ter", "zu"})
_ROMAN = re.compile(r"^[IVXLC]+$")
_INITIAL = re.compile(r"^[A-Z][a-z]?\.$")
_ARABIC_ARTICLE = re.compile(r"^(?:al|el)-(?=[A-Z])")


def parse_date(text: str) -> dt.date | None:
    """An ISO date; month precision ("2018-03") becomes the first of the month, the earliest it can be."""
    if not text:
        return None
    try:
        if not re.fullmatch(r"\d{4}(-\d\d){0,2}", text):
            raise ValueError(text)
        parts = [int(p) for p in text.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        raise KnowledgeBaseError(f"bad date {text!r} in office_holders.tsv; use YYYY-MM-DD") from None


def surname(name: str, east_asian: bool = False) -> str | None:
    """The part of a name news use alone: the last name with its particles ("von der Leyen"),
    the first for East Asian names ("Xi"); None for monarchs and single names."""
    if name in SURNAME_OVERRIDES:
        return SURNAME_OVERRIDES[name]
    tokens = name.split()
    if "," in name or " of " in name or len(tokens) < 2 or any(_ROMAN.match(t) for t in tokens[1:]):
        return None
    if east_asian:
        return tokens[0]
    for i in range(1, len(tokens) - 1):
        if tokens[i].lower() in _PARTICLES:
            return " ".join(tokens[i:])
    return tokens[-1]


def add_positions(drafts: Drafts, rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """One Position entity per positions.tsv row; returns the rows by QID for the holdings."""
    by_qid = {}
    for row in rows:
        country = row["of_qid"] if drafts.kind_of(row["of_qid"]) == "Country" else None
        drafts.add(Draft(row["qid"], "Position", row["label_en"], row["label_de"], country=country,
                         prominence=classify.POSITION_PROMINENCE, source_kind=row["kind"]))
        for label, lang in ((row["label_en"], "en"), (row["label_de"], "de")):
            if strip_qualifier(label) != label:
                drafts.form(strip_qualifier(label), row["qid"], "alias", lang)
        by_qid[row["qid"]] = row
    return by_qid


def add_holdings(drafts: Drafts, rows: list[dict[str, str]], positions: dict[str, dict[str, str]]) -> None:
    """A KbHolding per office_holders.tsv row and a Person entity per person, with name variants."""
    people: dict[str, list[KbHolding]] = {}
    names: dict[str, str] = {}
    for row in rows:
        qid, position, of = row["person_qid"], row["position_qid"] or None, row["of_qid"] or None
        label, kind = row["position_label_en"], ""
        if position is not None:
            if position not in positions:
                raise KnowledgeBaseError(f"office_holders.tsv names position {position} that positions.tsv "
                                         "lacks; add the position row")
            label, kind = positions[position]["label_en"], positions[position]["kind"]
            if (positions[position]["of_qid"] or None) != of:
                raise KnowledgeBaseError(f"{row['name']}: {position} is an office of "
                                         f"{positions[position]['of_qid']}, not {of}")
        if of is not None and of not in drafts.entities:
            raise KnowledgeBaseError(f"{row['name']}: office of {of}, which the knowledge base does not know")
        names.setdefault(qid, row["name"])
        role = classify.role_kind(label, kind, drafts.kind_of(of))
        holding = KbHolding(qid, names[qid], position, label, role, of, parse_date(row["start"]),
                            parse_date(row["end"]))
        drafts.holdings.append(holding)
        people.setdefault(qid, []).append(holding)
    for qid, holdings in people.items():
        _add_person(drafts, qid, names[qid], holdings)


def _add_person(drafts: Drafts, qid: str, name: str, holdings: list[KbHolding]) -> None:
    countries = {h.of for h in holdings if drafts.kind_of(h.of) == "Country"}
    isos = {drafts.entities[c].iso2 for c in countries if c}
    country = next(iter(countries)) if len(countries) == 1 else None
    drafts.add(Draft(qid, "Person", name, name, country=country,
                     prominence=classify.person_prominence({h.role_kind for h in holdings}),
                     source_kind="office holder"))
    for text, lang in _name_variants(name, bool(isos & CYRILLIC)):
        drafts.form(text, qid, "alias", lang)
    short = surname(name, bool(isos & EAST_ASIAN))
    if short:
        variants: set[tuple[str, str | None]] = {(short, None), (ascii_fold(short), None),
                                                 (_ARABIC_ARTICLE.sub("", short), None)}
        if isos & CYRILLIC:
            variants.add((transliterate_de(short), "de"))
        for text, lang in sorted(variants, key=lambda v: (v[0], v[1] or "")):
            if text not in SURNAME_STOPLIST and ascii_fold(text) not in SURNAME_STOPLIST:
                drafts.form(text, qid, "surname", lang)
    if name in PERSON_ALIASES:
        add_aliases(drafts, qid, PERSON_ALIASES[name])


def _name_variants(name: str, cyrillic: bool) -> list[tuple[str, str | None]]:
    """Spellings of a full name: without middle initials, without diacritics, German
    transliteration of Cyrillic names, German regnal numbers with a period ("Charles III.")."""
    tokens = name.split()
    variants: list[tuple[str, str | None]] = []
    plain = [t for t in tokens if not _INITIAL.match(t)]
    if len(plain) >= 2 and plain != tokens:
        variants.append((" ".join(plain), None))
    for text, _ in list(variants) + [(name, None)]:
        if ascii_fold(text) != text:
            variants.append((ascii_fold(text), None))
    if cyrillic and transliterate_de(name) != name:
        variants.append((transliterate_de(name), "de"))
    if len(tokens) >= 2 and any(_ROMAN.match(t) for t in tokens[1:]):
        dotted = [t + "." if i and _ROMAN.match(t) else t for i, t in enumerate(tokens)]
        variants.append((" ".join(dotted), "de"))
    return variants
