"""How `kg kb update` merges what it fetched onto the bundled sources (docs/wikidata.md, "Merge policy").

Wikidata's facts become rows in the reference tables' own shape, so the bundled build rules
(classes, role kinds, prominence, German forms, surnames, label clashes) apply to them too:

- entities the bundled KB lacks are added; one it has keeps its labels, class, country and
  prominence (the editorial tables are keyed by those labels), and Wikidata's labels and
  aliases become more aliases;
- a fetched office term replaces every bundled term of the same person, jurisdiction and role
  kind; bundled terms Wikidata does not cover stay;
- a position's jurisdiction (P1001) from Wikidata replaces the bundled one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from kg.kb import KnowledgeBase, SurfaceForm, classify
from kg.kb.sources import REFERENCE_TABLES, reference_rows
from kg.wikidata import Fetched, Position

__all__ = ["merged_tables", "usable_aliases"]

SOURCE = "Wikidata (kg kb update)"
# When Wikidata gives one office several roles, the first of these is the `kind` it gets.
_KIND_ORDER = ("head of state", "head of government", "head of organization", "foreign minister",
               "defence minister")

Row = dict[str, str]
Names = Callable[[str], tuple[str, str]]


def merged_tables(fetched: Fetched, bundled: KnowledgeBase) -> dict[str, list[Row]]:
    """The four reference tables with Wikidata's rows merged in."""
    tables = {name: [dict(row) for row in reference_rows(name)] for name in REFERENCE_TABLES}
    labels = fetched.labels()

    def names(qid: str) -> tuple[str, str]:
        en, de = labels.get(qid, {}).get("en", ""), labels.get(qid, {}).get("de", "")
        return en or de, de or en

    kinds = {qid: e.kind for qid, e in bundled.entities.items()}
    # New rows go first: the build keys editorial tables by English label, and the later row wins,
    # so a new place or organization that shares a label with a bundled one cannot take its aliases.
    new: dict[str, list[Row]] = {"places.tsv": [], "organizations.tsv": []}
    for qid in fetched.countries:
        en, de = names(qid)
        if qid not in kinds and en:
            new["places.tsv"].append(_row(qid=qid, label_en=en, label_de=de, kind="sovereign state",
                                          country_qid=""))
            kinds[qid] = "Country"
    for country, capital in fetched.capitals:
        en, de = names(capital)
        if capital not in kinds and en and kinds.get(country) == "Country":
            new["places.tsv"].append(_row(qid=capital, label_en=en, label_de=de, kind="capital city",
                                          country_qid=country))
            kinds[capital] = "City"
    for qid, kind in fetched.organizations:
        en, de = names(qid)
        if qid not in kinds and en:
            new["organizations.tsv"].append(_row(qid=qid, label_en=en, label_de=de, aliases="", kind=kind))
            kinds[qid] = classify.org_kind(kind, en)
    for name, rows in new.items():
        tables[name] = rows + tables[name]
    positions = _merge_positions(tables["positions.tsv"], fetched.positions, kinds, names)
    tables["office_holders.tsv"] = _merge_terms(tables["office_holders.tsv"], fetched, positions, kinds,
                                                bundled, names)
    return tables


def _row(**fields: str) -> Row:
    return {**fields, "source": SOURCE}


def _merge_positions(rows: list[Row], fetched: tuple[Position, ...], kinds: dict[str, str],
                     names: Names) -> dict[str, Row]:
    """positions.tsv rows by QID: bundled ones with Wikidata's jurisdiction, new ones added (in place)."""
    by_qid = {row["qid"]: row for row in rows}
    found: dict[str, list[Position]] = {}
    for p in fetched:
        if p.jurisdiction in kinds:
            found.setdefault(p.qid, []).append(p)
    for qid, seen in sorted(found.items()):
        places = sorted({p.jurisdiction for p in seen})
        row = by_qid.get(qid)
        if row is not None:
            if row["of_qid"] not in places and len(places) == 1:
                row["of_qid"] = places[0]
            continue
        en, de = names(qid)
        if len(places) != 1 or not en or qid in kinds:
            continue  # an office of several states, without a name, or a QID used otherwise: left out
        roles = {p.kind for p in seen}
        kind = next((k for k in _KIND_ORDER if k in roles), "")
        if {"head of state", "head of government"} <= roles:
            kind = "head of state and government"
        row = _row(qid=qid, label_en=en, label_de=de, of_qid=places[0], kind=kind)
        rows.append(row)
        by_qid[qid] = row
        kinds[qid] = "Position"
    return by_qid


def _role(label: str, kind: str, of: str, kinds: dict[str, str]) -> str:
    return classify.role_kind(label, kind, kinds.get(of))


def _merge_terms(rows: list[Row], fetched: Fetched, positions: dict[str, Row], kinds: dict[str, str],
                 bundled: KnowledgeBase, names: Names) -> list[Row]:
    """office_holders.tsv: Wikidata's terms first, then the bundled terms they do not replace."""
    new: list[Row] = []
    for term in fetched.terms:
        position = positions.get(term.position)
        if position is None or kinds.get(term.person, "Person") != "Person":
            continue
        known = bundled.get(term.person)
        name = known.label_en if known is not None else names(term.person)[0]
        if not name:
            continue
        new.append(_row(person_qid=term.person, name=name, position_qid=term.position,
                        position_label_en=position["label_en"], of_qid=position["of_qid"], start=term.start,
                        end=term.end))
    replaced = {(r["person_qid"], r["of_qid"], _role(positions[r["position_qid"]]["label_en"],
                                                       positions[r["position_qid"]]["kind"], r["of_qid"], kinds))
                for r in new}
    kept = []
    for row in rows:
        position = positions.get(row["position_qid"])
        if position is not None:
            row["of_qid"] = position["of_qid"]  # follows a jurisdiction Wikidata corrected
            role = _role(position["label_en"], position["kind"], row["of_qid"], kinds)
        else:
            role = _role(row["position_label_en"], "", row["of_qid"], kinds)
        if (row["person_qid"], row["of_qid"], role) not in replaced:
            kept.append(row)
    return new + kept


def usable_aliases(fetched: Fetched, bundled: KnowledgeBase) -> Iterator[SurfaceForm]:
    """Wikidata's labels and aliases as alias forms, without those too short or vague for running text:
    under four characters ("DE", "BRD"), not capitalised, or a single word naming a person ("Ilse")."""
    people = {t.person for t in fetched.terms} | {q for q, e in bundled.entities.items() if e.kind == "Person"}
    for name in fetched.names:
        text = " ".join(name.text.split())
        if len(text) < 4 or not text[0].isupper() or sum(c.isalpha() for c in text) < 2:
            continue
        if name.qid in people and len(text.split()) < 2:
            continue
        yield SurfaceForm(text, name.qid, "alias", name.lang or None)
