"""Memberships: states that belong to an organization.

Three constructions, in both languages: a member noun with an organization and the states
listed in the same sentence ("Zu den 30 Mitgliedern der NATO gehören … die USA und Kanada",
"NATO members such as Poland and Estonia"); an organization described as a group of nations
"darunter" / "including" some states ("der OSZE, einer Gruppe von 57 Nationen, darunter die
Ukraine und Russland"); and a compound "NATO-Mitglied Polen" / "EU member Hungary".  A sentence
about joining, partners or candidates ("Beitritt", "Partner wie Finnland") states no
membership, and neither does a negated one ("kein Mitglied", "not a member").
"""

from __future__ import annotations

from kg.extract.entities import ORG_KINDS
from kg.extract.view import DocView, Hit
from kg.lexicon import INCLUDING, MEMBER_NOUNS, NOT_MEMBERSHIP
from kg.records import Membership

__all__ = ["extract_memberships"]

_GROUP = {"de": {"gruppe", "bündnis", "zusammenschluss", "organisation", "staatengemeinschaft"},
          "en": {"group", "grouping", "bloc", "organization", "organisation", "alliance"}}
_NATIONS = {"de": {"nationen", "staaten", "ländern", "länder", "mitgliedstaaten", "mitgliedern"},
            "en": {"nations", "states", "countries", "members"}}
_NEGATION = {"de": {"kein", "keine", "keinem", "nicht"}, "en": {"not", "non", "no"}}


def _countries(hits: list[Hit]) -> list[Hit]:
    return [h for h in hits if h.entity.kind == "Country" and h.mention.source != "kb-adj"]


def _orgs(hits: list[Hit]) -> list[Hit]:
    return [h for h in hits if h.entity.kind in ORG_KINDS and h.entity.kind != "Council"
            and h.mention.source != "kb-adj"]


def extract_memberships(view: DocView) -> list[Membership]:
    lang = view.lang
    out: dict[tuple[str, str], Membership] = {}
    for sentence in view.sentences:
        tokens = view.tokens(sentence)
        if not tokens:
            continue
        words = [t.lower_ for t in tokens]
        if set(words) & NOT_MEMBERSHIP[lang]:
            continue
        hits = view.hits(tokens[0].i, tokens[-1].i)
        pairs: list[tuple[Hit, Hit, int, int]] = []
        for k, tok in enumerate(tokens):
            if tok.lower_ in MEMBER_NOUNS[lang] and not set(words[max(0, k - 2):k]) & _NEGATION[lang]:
                org = _member_org(view, tok.i, hits)
                if org is not None:
                    for c in _countries(hits):
                        pairs.append((c, org, min(c.first, tok.i), max(c.last, tok.i)))
            if tok.lower_ in INCLUDING[lang]:
                org = _group_org(view, tokens, k, hits)
                if org is not None:
                    for c in _countries([h for h in hits if h.first > tok.i]):
                        pairs.append((c, org, org.first, c.last))
        for country, org, first, last in pairs:
            key = (country.entity.key, org.entity.key)
            if key not in out:
                out[key] = Membership(country.entity.key, org.entity.key,
                                      view.evidence(sentence, first, last, "membership-cue", 0.8))
    return list(out.values())


def _member_org(view: DocView, i: int, hits: list[Hit]) -> Hit | None:
    """The organization a member noun belongs to: "Mitgliedern der NATO", "NATO-Mitglied", "NATO members"."""
    doc = view.doc
    if i >= 2 and doc[i - 1].text == "-":
        hit = view.ending_at(i - 2)
        if hit and hit in _orgs(hits):
            return hit
    before = view.ending_at(i - 1)
    if before and before in _orgs(hits):
        return before
    for j in range(i + 1, min(len(doc), i + 4)):
        hit = view.starting_at(j)
        if hit and hit in _orgs(hits):
            return hit
    return None


def _group_org(view: DocView, tokens: list, k: int, hits: list[Hit]) -> Hit | None:
    """For "ORG, einer Gruppe von 57 Nationen, darunter …": the organization the group describes."""
    window = [t.lower_ for t in tokens[max(0, k - 8):k]]
    if not (set(window) & _GROUP[view.lang] and set(window) & _NATIONS[view.lang]):
        return None
    orgs = [h for h in _orgs(hits) if h.last < tokens[k].i]
    return orgs[-1] if orgs else None
