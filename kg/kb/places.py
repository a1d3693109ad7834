"""Countries, territories, cities, regions and continents: Natural Earth plus places.tsv."""

from __future__ import annotations

from kg.kb import classify
from kg.kb.demonyms import COUNTRY_DEMONYMS, INVARIABLE_DE, PLACE_DEMONYMS
from kg.kb.drafts import Draft, Drafts, strip_qualifier
from kg.kb.editorial import COUNTRY_ALIASES, COUNTRY_OVERRIDES, PLACE_ALIASES, Aliases
from kg.kb.german import adjective_forms, city_adjective, german_name_forms
from kg.kb.sources import NeCountry, iso_names

__all__ = ["add_countries", "add_places", "add_aliases", "add_place_rules", "add_demonyms",
           "NE_QID_OVERRIDES", "NE_SKIPPED"]

# Natural Earth links the Palestine unit to Q23792, the historical region; news mean the State
# of Palestine, Q219060 in places.tsv.  docs/kb.md lists every disputed choice.
NE_QID_OVERRIDES = {"PSX": "Q219060"}
# The "Spratly Islands" unit carries Wake Island's QID and names (Q43296): internally
# inconsistent, so it is left out rather than guessed at.
NE_SKIPPED = frozenset({"PGA"})
_NOT_STATES = ("Indeterminate", "Lease")


def _sovereigns(rows: list[NeCountry]) -> dict[str, NeCountry]:
    """Each SOV_A3 group's sovereign: the unit of that code, else the group's most populous country."""
    by_code = {r.adm0: r for r in rows}
    groups: dict[str, list[NeCountry]] = {}
    for r in rows:
        groups.setdefault(r.sov, []).append(r)
    result = {}
    for sov, members in groups.items():
        if sov in by_code:
            result[sov] = by_code[sov]
        else:
            candidates = [m for m in members if m.type not in _NOT_STATES] or members
            result[sov] = max(candidates, key=lambda m: m.population)
    return result


def add_countries(drafts: Drafts, rows: list[NeCountry], continents: set[str]) -> None:
    """One entity per Natural Earth unit, with names from NE, pycountry and Babel."""
    rows = [r for r in rows if r.adm0 not in NE_SKIPPED]
    sovereigns = _sovereigns(rows)
    qid_of = {r.adm0: NE_QID_OVERRIDES.get(r.adm0, r.qid) for r in rows}
    for r in rows:
        qid = qid_of[r.adm0]
        sovereign = sovereigns[r.sov]
        own = sovereign.adm0 == r.adm0 or r.type == "Indeterminate"
        if qid in continents:
            kind = "Continent"
        elif r.iso2 is None and r.type in _NOT_STATES:
            kind = "Region"  # Bir Tawil, Guantanamo Bay Naval Base, Scarborough Reef
        else:
            kind = "Country"
        prominence = classify.country_prominence(r.population, own and r.iso2 is not None)
        draft = drafts.add(Draft(qid, kind, r.name_en, r.name_de, iso2=r.iso2, prominence=prominence,
                                 country=None if own else qid_of[sovereign.adm0],
                                 source_kind=f"Natural Earth {r.type}"))
        if kind == "Continent":
            draft.prominence = 0.7
        # a dependency that shares its sovereign's code (Clipperton Island: FR) must not take its names
        if r.iso2 and (own or r.iso2 not in drafts.by_iso):
            drafts.by_iso[r.iso2] = qid
        for alias in r.aliases_en:
            drafts.form(alias, qid, "alias", "en")
        if r.iso2 and drafts.by_iso[r.iso2] == qid:
            for lang, names in iso_names(r.iso2).items():
                for name in names:
                    drafts.form(name, qid, "alias", lang)


def add_places(drafts: Drafts, rows: list[dict[str, str]]) -> None:
    """places.tsv: new cities, regions and de facto states; names of known ones become aliases."""
    for row in rows:
        qid, kind = row["qid"], classify.place_kind(row["kind"])
        drafts.by_label[row["label_en"]] = qid
        if row["label_en"] in COUNTRY_OVERRIDES:
            row = {**row, "country_qid": drafts.by_iso[COUNTRY_OVERRIDES[row["label_en"]]]}
        if qid in drafts.entities:
            drafts.form(row["label_en"], qid, "alias", "en")
            drafts.form(row["label_de"], qid, "alias", "de")
        else:
            drafts.add(Draft(qid, kind, row["label_en"], row["label_de"], country=row["country_qid"] or None,
                             prominence=classify.place_prominence(kind, row["kind"]),
                             source_kind=row["kind"]))
        for label, lang in ((row["label_en"], "en"), (row["label_de"], "de")):
            if strip_qualifier(label) != label:
                drafts.form(strip_qualifier(label), qid, "alias", lang)
    for draft in drafts.entities.values():
        # A country that is its own country, or one the KB does not know (Q756617), says nothing.
        if draft.country == draft.qid or (draft.country and draft.country not in drafts.entities):
            draft.country = None


def add_aliases(drafts: Drafts, qid: str, aliases: Aliases) -> None:
    """Record one editorial (neutral, German, English) alias triple."""
    neutral, german, english = aliases
    for text in neutral:
        drafts.form(text, qid, "alias", None)
    for text in german:
        drafts.form(text, qid, "alias", "de")
    for text in english:
        drafts.form(text, qid, "alias", "en")


def add_place_rules(drafts: Drafts) -> None:
    """Editorial aliases, German inflections of every German place name, and city adjectives."""
    for code, aliases in COUNTRY_ALIASES.items():
        if code in drafts.by_iso:
            add_aliases(drafts, drafts.by_iso[code], aliases)
    for label, aliases in PLACE_ALIASES.items():
        if label in drafts.by_label:
            add_aliases(drafts, drafts.by_label[label], aliases)
    drafts.drop_label_clashes()  # before inflecting, so a dropped alias leaves no inflected forms
    places = {"Country", "City", "Region", "Continent"}
    german = [(d.label_de, d.qid) for d in drafts.entities.values() if d.kind in places]
    german += [(f.text, f.qid) for f in drafts.forms
               if f.lang in ("de", None) and f.form == "alias" and drafts.kind_of(f.qid) in places]
    for text, qid in german:
        if "(" in text:
            continue
        for form in german_name_forms(text, place=True):
            drafts.form(form, qid, "inflected", "de")
    for d in list(drafts.entities.values()):
        if d.kind == "City":
            adjective = city_adjective(d.label_de)
            if adjective:
                drafts.form(adjective, d.qid, "adjective", "de")


def add_demonyms(drafts: Drafts) -> None:
    """Country and region adjectives in every German inflection, plus the English ones."""
    keyed = [(drafts.by_iso.get(code), value) for code, value in COUNTRY_DEMONYMS.items()]
    keyed += [(drafts.by_label.get(label), value) for label, value in PLACE_DEMONYMS.items()]
    for qid, (stems, english) in keyed:
        if qid is None:
            continue
        for stem in stems:
            for form in adjective_forms(stem):
                drafts.form(form, qid, "adjective", "de")
        for adjective in english:
            drafts.form(adjective, qid, "adjective", "en")
    for code, words in INVARIABLE_DE.items():
        if code in drafts.by_iso:
            for word in words:
                drafts.form(word, drafts.by_iso[code], "adjective", "de")
