"""Memberships: states that belong to an organization.

A member noun (Mitglied, Mitgliedstaaten, member states; for alliances also Verbündete, allies)
with its organization — compound "NATO-Mitglied", "EU member states", genitive "Mitgliedern der
NATO", "members of the alliance" — and a list of states right after it ("Zu den 30 Mitgliedern der
NATO gehören nur zwei, die USA und Kanada"; "NATO members such as Poland and Estonia"; "das
NATO-Mitglied Türkei") or right before it ("Polen, ein NATO-Mitglied"; "Finland is a member of
NATO").  An organization described as a group of nations "darunter" / "including" some states
("der OSZE, einer Gruppe von 57 Nationen, darunter die Ukraine und Russland").  A completed
accession is membership from then on: "Finland joined NATO", "Finnland ist der NATO beigetreten",
"trat der EU bei" (the date of joining is not recorded; docs/extraction.md).

States named as partners, candidates or in an accession ("Partner wie Finnland", "der Beitritt
Schwedens", "Sweden's accession") are not members, nor are negated ones ("kein Mitglied", "not a
member") or plans ("will join", "beitreten will").
"""

from __future__ import annotations

from kg.extract.entities import ORG_KINDS
from kg.extract.view import DocView, Hit
from kg.lexicon import (
    ALLY_NOUNS,
    INCLUDING,
    JOINED,
    JOINED_SEPARABLE,
    LIST_WORDS,
    MEMBER_NOUNS,
    NOT_MEMBERSHIP,
    NOT_MEMBERSHIP_PREFIXES,
    NOT_YET,
)
from kg.mentions_tokens import Tok
from kg.records import Membership

__all__ = ["extract_memberships"]

_GROUP = {"de": {"gruppe", "bündnis", "zusammenschluss", "organisation", "staatengemeinschaft"},
          "en": {"group", "grouping", "bloc", "organization", "organisation", "alliance"}}
_NATIONS = {"de": {"nationen", "staaten", "ländern", "länder", "mitgliedstaaten", "mitgliedern"},
            "en": {"nations", "states", "countries", "members"}}
_NEGATION = {"de": {"kein", "keine", "keinem", "nicht", "nie", "nicht-mitglied"}, "en": {"not", "non", "no", "never"}}
_SEPARATORS = {",", ":", "(", ")", "–", "—", "-"}  # not ";": it ends a clause
_DEFINITE = {"de": {"den", "die", "der", "seinen", "seine", "seiner", "ihren", "ihre", "ihrer"},
             "en": {"the", "its", "their"}}
_ORG_GAP = {"de": {"der", "des", "dem", "den", "die"}, "en": {"of", "the", "'s", "’s"}}


def _is_org(hit: Hit | None) -> bool:
    return (hit is not None and hit.entity.kind in ORG_KINDS and hit.entity.kind != "Council"
            and hit.mention.source != "kb-adj")


def _is_state(hit: Hit | None) -> bool:
    return hit is not None and hit.entity.kind == "Country" and hit.mention.source != "kb-adj"


def _not_membership(view: DocView, tok: Tok) -> bool:
    word = tok.lower_
    return word in NOT_MEMBERSHIP[view.lang] or (
        word.startswith(NOT_MEMBERSHIP_PREFIXES[view.lang]) and not view.covering(tok.i))


def extract_memberships(view: DocView) -> list[Membership]:
    """Every (state, organization) membership the document states, once, with its first evidence."""
    out: dict[tuple[str, str], Membership] = {}
    for sentence in view.sentences:
        tokens = view.tokens(sentence)
        if not tokens:
            continue
        lo, hi = tokens[0].i, tokens[-1].i
        blocked = _blocked(view, tokens, lo, hi)
        pairs: list[tuple[Hit, Hit, int, int]] = []
        for k, tok in enumerate(tokens):
            word = tok.lower_
            two = k + 1 < len(tokens) and f"{word} {tokens[k + 1].lower_}" in MEMBER_NOUNS[view.lang]
            noun = word in MEMBER_NOUNS[view.lang] or two
            ally = word in ALLY_NOUNS[view.lang]
            if (noun or ally) and not _negated(view, tokens, k):
                org = _member_org(view, tok.i, tok.i + two, lo, hi)
                if org is not None and (noun or org.entity.kind == "Alliance"):
                    after = _list_after(view, max(org.last, tok.i + two) + 1, hi)
                    before = _list_before(view, min(org.first, tok.i) - 1, lo)
                    for c in after + before:
                        pairs.append((c, org, min(c.first, org.first, tok.i), max(c.last, org.last, tok.i)))
            if word in INCLUDING[view.lang] or (word == "such" and k + 1 < len(tokens)):
                org = _group_org(view, tokens, k)
                if org is not None:
                    for c in _list_after(view, tok.i + 1, hi):
                        pairs.append((c, org, org.first, c.last))
        pairs += _joined(view, tokens)
        for country, org, first, last in pairs:
            key = (country.entity.key, org.entity.key)
            if country.first in blocked or key in out:
                continue
            out[key] = Membership(country.entity.key, org.entity.key,
                                  view.evidence(sentence, first, last, "membership-cue", 0.8))
    return list(out.values())


def _negated(view: DocView, tokens: list[Tok], k: int) -> bool:
    """"kein Mitglied", "not a NATO member", "Nicht-Mitglied", "non-member"."""
    window = [t.lower_ for t in tokens[max(0, k - 5):k]]
    return bool(set(window) & _NEGATION[view.lang])


def _blocked(view: DocView, tokens: list[Tok], lo: int, hi: int) -> set[int]:
    """First tokens of states named as partners, candidates or acceding: "Partner wie Finnland und
    Schweden", "der Beitritt Schwedens", "Sweden's accession", "candidates such as Ukraine"."""
    out: set[int] = set()
    for tok in tokens:
        if not _not_membership(view, tok):
            continue
        out.update(h.first for h in _list_after(view, tok.i + 1, hi))
        j = tok.i - 1
        if j >= lo and view.doc[j].text in {"'s", "’s"}:
            j -= 1
        hit = view.ending_at(j) if j >= lo else None
        if _is_state(hit):
            out.add(hit.first)  # type: ignore[union-attr]
    return out


def _member_org(view: DocView, i: int, last: int, lo: int, hi: int) -> Hit | None:
    """The organization of a member noun: "NATO-Mitglied", "NATO members", "NATO's 32nd member",
    "Mitgliedern der NATO", "members of the alliance"."""
    doc = view.doc
    if i - 2 >= lo and doc[i - 1].text == "-" and _is_org(view.ending_at(i - 2)):
        return view.ending_at(i - 2)
    for j in range(i - 1, max(lo, i - 4) - 1, -1):
        hit = view.ending_at(j)
        if _is_org(hit):
            return hit
        if hit is not None or not (doc[j].like_num or doc[j].text in {"'s", "’s", "-"} or doc[j].is_lower
                                   or doc[j].lower_.rstrip("stndrh") .isdigit()):
            break
    j = last + 1
    while j <= min(hi, last + 4) and doc[j].lower_ in _ORG_GAP[view.lang] | {"states", "countries", "nations"}:
        j += 1
    hit = view.starting_at(j) if j <= hi else None
    if _is_org(hit):
        return hit
    if i > lo and doc[i - 1].lower_ in _DEFINITE[view.lang]:
        # "Das Bündnis will …; zu den Mitgliedern gehören …": the organization the sentence is about
        orgs = [h for h in view.hits(lo, i - 1) if _is_org(h)]
        return orgs[-1] if orgs else None
    return None


def _list_after(view: DocView, j: int, hi: int) -> list[Hit]:
    """The states listed from token j on, over list words, numbers and punctuation."""
    doc = view.doc
    out: list[Hit] = []
    while j <= hi:
        hit = view.starting_at(j)
        if hit is not None and hit.mention.source != "kb-adj":
            if not _is_state(hit):
                break
            out.append(hit)
            j = hit.last + 1
            continue
        if not _list_word(view, doc[j]) and hit is None:
            break
        j = hit.last + 1 if hit is not None else j + 1
    return out


def _list_before(view: DocView, j: int, lo: int) -> list[Hit]:
    """The states listed before token j: "Polen, ein NATO-Mitglied", "Finland is a member"."""
    doc = view.doc
    out: list[Hit] = []
    while j >= lo:
        hit = view.ending_at(j)
        if hit is not None and hit.mention.source != "kb-adj":
            if not _is_state(hit):
                break
            out.append(hit)
            j = hit.first - 1
            continue
        if not _list_word(view, doc[j]) and hit is None:
            break
        j = hit.first - 1 if hit is not None else j - 1
    return out


def _list_word(view: DocView, tok: Tok) -> bool:
    """A word a list of states may contain besides the states: "die baltischen Staaten Estland, …"."""
    word = tok.lower_
    nxt = tok.nbor(1).lower_ if tok.i + 1 < len(tok.doc) else ""
    return (word in LIST_WORDS[view.lang] or word in _NATIONS[view.lang] or tok.like_num
            or tok.text in _SEPARATORS or (tok.is_lower and nxt in _NATIONS[view.lang]))  # "baltischen Staaten"


def _group_org(view: DocView, tokens: list[Tok], k: int) -> Hit | None:
    """For "ORG, einer Gruppe von 57 Nationen, darunter …": the organization the group describes."""
    window = [t.lower_ for t in tokens[max(0, k - 8):k]]
    if not (set(window) & _GROUP[view.lang] and set(window) & _NATIONS[view.lang]):
        return None
    orgs = [h for h in view.hits(tokens[0].i, tokens[k].i - 1) if _is_org(h)]
    return orgs[-1] if orgs else None


def _joined(view: DocView, tokens: list[Tok]) -> list[tuple[Hit, Hit, int, int]]:
    """"Finland joined NATO", "Finnland ist der NATO beigetreten", "Schweden trat der NATO bei"."""
    words = [t.lower_ for t in tokens]
    verbs, particle = JOINED_SEPARABLE[view.lang]
    out = []
    for k, tok in enumerate(tokens):
        joined = tok.lower_ in JOINED[view.lang] or (
            tok.lower_ in verbs and particle in words[k + 1:k + 8])
        if not joined:
            continue
        if set(words[max(0, k - 4):k]) & NOT_YET[view.lang]:
            continue
        subject = next((h for h in reversed(view.hits(tokens[0].i, tok.i - 1)) if _is_state(h) or _is_org(h)),
                       None)
        if view.lang == "de" and tok.lower_ in JOINED[view.lang]:
            # German perfect: the organization stands between subject and participle
            orgs = [h for h in view.hits(tokens[0].i, tok.i - 1) if _is_org(h)]
            states = [h for h in view.hits(tokens[0].i, tok.i - 1) if _is_state(h)]
            if orgs and states and states[0].first < orgs[-1].first:
                out.append((states[0], orgs[-1], states[0].first, tok.i))
            continue
        if not _is_state(subject):
            continue
        org = next((h for h in view.hits(tok.i + 1, min(tokens[-1].i, tok.i + 4)) if _is_org(h)), None)
        if org is not None and subject is not None:
            out.append((subject, org, subject.first, org.last))
    return out
