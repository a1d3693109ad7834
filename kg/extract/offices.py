"""Office holdings: "Nato-Generalsekretär Jens Stoltenberg", "dem ukrainischen Außenminister
Dmytro Kuleba", "Russland und seinem Präsidenten Wladimir V. Putin", "U.S. Secretary of State
Antony Blinken", "Ukraine's foreign minister, Dmytro Kuleba", "Kuleba, der Außenminister der
Ukraine", "Baerbock soll Außenministerin werden".

A title word next to a person mention makes a holding.  The state or organization whose
office it is comes from the text — a compound prefix (Nato-, US-), an adjective or name right
before the title, a genitive after it, a possessive pointing back to the last state, "the
alliance" pointing to the alliance in play — and, when the text has none, the linker fills it
from the knowledge base.  Words such as "Ex-", "früheren", "former", "war" make it a former
holding; "designierte", "-elect", "soll … werden", "to become" a designated one.

A title with its state but no name ("der US-Außenminister", "the Russian president") refers to
whoever held that office on the publication date, when the knowledge base knows exactly one
holder.  A generic title ("Nato-Chef", "UN chief", "Russian leader") becomes the office the
holder held there according to the knowledge base, or nothing.  A counterpart ("ihren russischen
Amtskollegen Sergej Lawrow", "his Russian counterpart") holds the office of the holding named before.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from kg.extract.entities import ORG_KINDS, PLACE_KINDS
from kg.extract.view import DocView, Hit
from kg.lexicon import COPULA, COUNTERPART, DESIGNATED, DESIGNATED_AFTER, FORMER, GENERIC_TITLE, IMPLIED_OWNERS, TITLES
from kg.mentions_tokens import Tok
from kg.records import Entity, Office, Status

__all__ = ["extract_offices", "dedupe_offices"]

_POSSESSIVE = {"de": {"seinem", "seinen", "seines", "sein", "seine", "seiner", "ihrem", "ihren", "ihres", "ihr",
                      "ihre", "ihrer"},
               "en": {"its", "his", "her", "their"}}
_GENITIVE = {"de": {"der", "des", "von"}, "en": {"of"}}
_ARTICLES = {"de": {"der", "die", "das", "dem", "den", "des", "ein", "eine", "einem", "einen", "eines"},
             "en": {"the", "a", "an"}}
_INDEFINITE = {"de": {"ein", "eine", "einem", "einen", "eines", "einer", "jeder", "jede", "jedem", "jeden", "kein",
                      "keine", "keinen"},
               "en": {"a", "an", "any", "every", "no", "each"}}
_FROM = {"de": {"aus"}, "en": {"of", "from"}}
# Between a name and a predicative title: "Blinken ist seit 2021 Außenminister", "who is now …".
_FILLER = {"de": {"seit", "noch", "derzeit", "bereits", "auch", "nun", "jetzt", "damals", "bis", "im", "jahr"},
           "en": {"since", "also", "then", "already", "in"}}
_MONTHS = {"januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "dezember", "january", "february", "march", "may", "june", "july", "october", "december"}
_MAX_TITLE_WORDS = 4
_OWNER_KINDS = ORG_KINDS | PLACE_KINDS


@dataclass(frozen=True)
class _Title:
    size: int
    role_kind: str
    word: str
    plural: bool
    label: str | None = None  # the role label when it is not the title as written (a counterpart's)


@functools.cache
def _title_starts(lang: str) -> frozenset[str]:
    """Every title and every part of one before a space or hyphen: the first word of a title is one."""
    return frozenset(title[:p] for title in TITLES[lang] for p in range(1, len(title) + 1)
                     if p == len(title) or title[p] in " -")


def _title_at(tokens: list[Tok], k: int, lang: str) -> _Title | None:
    """The title that starts at tokens[k], longest first; German inflected forms by rule."""
    titles = TITLES[lang]
    first = tokens[k].lower_
    if first in _title_starts(lang) or " " in first:  # else no words from here join to a title
        for n in range(min(_MAX_TITLE_WORDS, len(tokens) - k), 0, -1):
            words = " ".join(t.lower_ for t in tokens[k:k + n]).replace(" - ", "-")
            if words in titles:
                return _Title(n, titles[words], words, False)
    if lang == "de" and tokens[k].text[:1].isupper():
        word = tokens[k].lower_
        for stem, plural in ((word.removeprefix("bundes"), False), (word.removesuffix("innen"), True),
                             (word.removesuffix("s"), False), (word.removesuffix("es"), False)):
            if stem != word and stem in titles:
                return _Title(1, titles[stem], stem, plural)
    return None


def _status(view: DocView, tokens: list[Tok], k: int, n: int, copula: Status | None) -> Status:
    lang = view.lang
    before = {t.lower_ for t in tokens[max(0, k - 3):k]}
    if before & FORMER[lang] or (k >= 2 and tokens[k - 1].text == "-" and tokens[k - 2].lower_ == "ex"):
        return "former"
    after = [t.lower_ for t in tokens[k + n:k + n + 2]]
    if before & DESIGNATED[lang] or (after[:1] == ["-"] and after[1:] and after[1] in DESIGNATED_AFTER) or (
            after[:1] and after[0] in DESIGNATED_AFTER):
        return "designated"
    if copula is not None:
        return copula
    window = [t.lower_ for t in tokens[max(0, k - 6):k]]
    if lang == "de" and {"soll", "sollen", "sollte"} & set(window) and "werden" in after_words(tokens, k + n):
        return "designated"
    if lang == "en" and ("become" in window[-3:] or "nominated" in window or "nominee" in window):
        return "designated"
    return "current"


def after_words(tokens: list[Tok], start: int) -> list[str]:
    """The lower-case words of the next few tokens (a genitive owner may stand before "werden")."""
    return [t.lower_ for t in tokens[start:start + 5]]


def _owner_before(view: DocView, tokens: list[Tok], k: int) -> Hit | None:
    """Compound prefix (Nato-|Generalsekretär), adjective or name before the title, possessive."""
    doc = view.doc
    i = tokens[k].i
    if i >= 2 and doc[i - 1].text == "-":
        hit = view.ending_at(i - 2)
        if hit and hit.entity.kind in _OWNER_KINDS:
            return hit
        if doc[i - 2].lower_ == "ex" and i >= 4 and doc[i - 3].text == "-":
            hit = view.ending_at(i - 4)  # "US-Ex-Präsident"
            if hit and hit.entity.kind in _OWNER_KINDS:
                return hit
    j = i - 1
    if j >= 0 and doc[j].lower_ in FORMER[view.lang] | DESIGNATED[view.lang]:
        j -= 1  # "Russia's former president"
    if j >= 0 and doc[j].text in {"'s", "’s"}:
        j -= 1
    hit = view.ending_at(j) if j >= 0 else None
    if hit and hit.entity.kind in _OWNER_KINDS:
        return hit
    if j >= 0 and doc[j].lower_ in _POSSESSIVE[view.lang]:
        for back in range(j - 1, max(tokens[0].i, j - 12) - 1, -1):
            hit = view.ending_at(back)
            if hit and hit.entity.kind in _OWNER_KINDS and hit.mention.source != "kb-adj":
                return hit
    return None


def _owner_after(view: DocView, end: int) -> Hit | None:
    """Genitive after the title: "Präsident der Ukraine", "Secretary General of NATO", "Präsident Russlands"."""
    doc = view.doc
    j = end + 1
    if j < len(doc) and doc[j].lower_ in _GENITIVE[view.lang]:
        j += 1
        if j < len(doc) and doc[j].lower_ in _ARTICLES[view.lang]:
            j += 1
    hit = view.starting_at(j) if j < len(doc) else None
    if hit and hit.last + 2 < len(doc) and doc[hit.last + 1].text == "-" and doc[hit.last + 2].is_alpha:
        return None  # "Präsident des US-Netzwerks": the name only describes another noun
    if hit and hit.entity.kind in _OWNER_KINDS and hit.mention.source != "kb-adj":
        if j == end + 1 and not hit.mention.text.endswith("s"):
            return None  # "Präsident Biden": a bare name after the title is the holder, not the state
        return hit
    return None


def _owner_after_holder(view: DocView, holder: Hit, limit: int) -> Hit | None:
    """"Foreign Minister Dmytro Kuleba of Ukraine", "Außenminister Kuleba aus der Ukraine"."""
    doc = view.doc
    j = holder.last + 1
    if j > limit or doc[j].lower_ not in _FROM[view.lang]:
        return None
    j += 1
    if j <= limit and doc[j].lower_ in _ARTICLES[view.lang]:
        j += 1
    hit = view.starting_at(j) if j <= limit else None
    return hit if hit and hit.entity.kind in _OWNER_KINDS and hit.mention.source != "kb-adj" else None


def _holder_after(view: DocView, end: int, limit: int) -> Hit | None:
    doc = view.doc
    j = end + 1
    skip = {",", "(", "–", "-"} | DESIGNATED_AFTER
    while j <= limit and (doc[j].text in skip or doc[j].lower_ in _ARTICLES[view.lang] | DESIGNATED_AFTER):
        j += 1
    hit = view.starting_at(j) if j <= limit else None
    return hit if hit and hit.entity.kind == "Person" else None


def _holder_before(view: DocView, tokens: list[Tok], k: int) -> tuple[Hit | None, Status | None]:
    """Apposition ("Dmytro Kuleba, der ukrainische Außenminister") or predicate ("Baerbock soll
    Außenministerin werden", "Sunak became prime minister"), with the status a copula gives.

    Between the name and the title only articles, possessives, adjectives, the owner's name and
    copulas may stand; anything else ("sagte Stoltenberg, werde er die Staats- …") is a new clause."""
    doc = view.doc
    lang = view.lang
    i = tokens[k].i
    copulas = COPULA[lang]
    allowed = _ARTICLES[lang] | _POSSESSIVE[lang] | _FILLER[lang] | _MONTHS | {"'s", "’s", "-"}
    crossed: list[str] = []
    j = i - 1
    while j >= max(tokens[0].i, i - 8):
        tok = doc[j]
        if tok.text == ",":
            hit = view.ending_at(j - 1) if j >= 1 else None
            if hit and hit.entity.kind == "Person":
                return hit, _copula_status(crossed, lang)
            return None, None
        hit = view.ending_at(j)
        if hit is not None:
            if hit.entity.kind == "Person" and crossed:
                return hit, _copula_status(crossed, lang)
            if hit.entity.kind in _OWNER_KINDS:
                j = hit.first - 1
                continue
            return None, None
        if tok.lower_ in copulas:
            crossed.append(tok.lower_)
        elif not (tok.lower_ in allowed or tok.like_num
                  or (tok.is_lower and tok.lower_.endswith(("e", "en", "er", "em")))):
            return None, None
        j -= 1
    return None, None


def _copula_status(crossed: list[str], lang: str) -> Status | None:
    statuses = {COPULA[lang][w] for w in crossed}
    if "has" in crossed or "been" in crossed:
        return None  # "has been foreign minister since 2020"
    for status in ("designated", "former"):
        if status in statuses:
            return status  # type: ignore[return-value]
    return None


def _plural(view: DocView, tokens: list[Tok], k: int, title: _Title) -> bool:
    """German "die EU-Außenminister": a masculine title after "die" is plural."""
    if title.plural:
        return True
    if view.lang != "de" or title.word.endswith("in"):
        return False
    for t in reversed(tokens[max(0, k - 4):k]):
        if t.lower_ in _ARTICLES["de"] | _POSSESSIVE["de"]:
            return t.lower_ in {"die", "ihre", "seine"}
    return False


def extract_offices(view: DocView) -> list[Office]:
    """Every holding in the document; title-only references add their person to the view."""
    out: list[Office] = []
    for sentence in view.sentences:
        tokens = view.tokens(sentence)
        if not tokens:
            continue
        limit = tokens[-1].i
        k = 0
        while k < len(tokens):
            title = _title_at(tokens, k, view.lang)
            if title is None:
                k += 1
                continue
            if title.role_kind == COUNTERPART:
                same = _counterpart_of(view, tokens, k, out)
                if same is None:
                    k += title.size
                    continue
                title = _Title(title.size, same[0], title.word, title.plural, same[1])
            office = _office(view, sentence, tokens, k, title, limit)
            if office is not None:
                out.append(office)
            k += title.size
    return dedupe_offices(out)


def _counterpart_of(view: DocView, tokens: list[Tok], k: int, out: list[Office]) -> tuple[str, str] | None:
    """The role kind and label a counterpart shares: the holding named before, else the KB office
    of the person named before in the sentence ("Annalena Baerbock traf ihren Amtskollegen")."""
    if out:
        return out[-1].role_kind, out[-1].role
    people = [h for h in view.hits(tokens[0].i, tokens[k].i - 1) if h.entity.kind == "Person"]
    if not people or view.kb is None or people[-1].entity.qid_hint is None:
        return None
    for h in view.kb.holdings_of(people[-1].entity.qid_hint):
        if h.active_on(view.day) and h.role_kind not in {GENERIC_TITLE, "other"}:
            return h.role_kind, h.role_kind  # not the position's label: that names the other state
    return None


def _office(view: DocView, sentence, tokens: list[Tok], k: int, title: _Title, limit: int) -> Office | None:
    first, end = tokens[k].i, tokens[k + title.size - 1].i
    owner_after = _owner_after(view, end)
    after_start = owner_after.last if owner_after else end
    copula: Status | None = None
    holder = _holder_after(view, after_start, limit)
    if holder is None:
        holder, copula = _holder_before(view, tokens, k)
    owner = _implied_owner(view, title, first, end) or _owner_before(view, tokens, k) or owner_after
    if holder is not None and owner is None:
        owner = _owner_after_holder(view, holder, limit)
    status = _status(view, tokens, k, title.size, copula)
    role_kind, role = title.role_kind, title.label or view.doc.span(first, end + 1).text
    if role_kind == "president" and owner is not None and owner.entity.kind in ORG_KINDS:
        role_kind = "president of organ"
    position = None
    if holder is None:
        if status != "current" or owner is None or _plural(view, tokens, k, title):
            return None
        if any(t.lower_ in _INDEFINITE[view.lang] for t in tokens[max(0, k - 3):k]):
            return None  # "ein US-Präsident" is anyone
        holder = _title_only(view, first, end, role_kind, owner)
        if holder is None:
            return None
    if role_kind == GENERIC_TITLE:
        found = _generic(view, holder, owner)
        if found is None:
            return None
        role_kind, role, position = found
    span = sorted([first, end, holder.first, holder.last] + ([owner.first, owner.last] if owner else []))
    confidence = 0.9 if owner else 0.7
    if holder.mention.source == "title":
        confidence = 0.6
    return Office(
        holder=holder.entity.key,
        role=role,
        role_kind=role_kind,
        of=owner.entity.key if owner else None,
        status=status,
        evidence=view.evidence(sentence, span[0], span[-1], "office-title", confidence),
        position_qid=position,
    )


def _implied_owner(view: DocView, title: _Title, first: int, last: int) -> Hit | None:
    """"Kommissionspräsidentin": the organization the title names, as a hit on the title itself."""
    label = IMPLIED_OWNERS.get(title.word)
    if label is None or view.kb is None:
        return None
    for candidate in view.kb.candidates(label):
        if candidate.label_en == label:
            entity = view.add_entity(Entity(candidate.qid, candidate.label(view.lang), candidate.kind, (),
                                            candidate.qid))
            return view.reference(entity, first, last, "title")
    return None


def _title_only(view: DocView, first: int, last: int, role_kind: str, owner: Hit) -> Hit | None:
    """The one person the KB knows in that office on the publication date, as a hit on the title."""
    if view.kb is None or owner.entity.qid_hint is None or role_kind == GENERIC_TITLE:
        return None
    holders = view.kb.holders(role_kind, owner.entity.qid_hint, view.day)
    if len({h.person for h in holders}) != 1:
        return None
    person = view.kb.get(holders[0].person)
    if person is None:
        return None
    entity = view.add_entity(Entity(person.qid, person.label(view.lang), "Person", (), person.qid))
    return view.add_hit(entity, first, last, "title")


def _generic(view: DocView, holder: Hit, owner: Hit | None) -> tuple[str, str, str | None] | None:
    """For "Nato-Chef Stoltenberg": the KB office of the holder at that organization or state."""
    if view.kb is None or owner is None or holder.entity.qid_hint is None:
        return None
    for h in view.kb.holdings_of(holder.entity.qid_hint):
        if h.of == owner.entity.qid_hint and h.active_on(view.day):
            return h.role_kind, h.position_label, h.position
    return None


def dedupe_offices(offices: list[Office]) -> list[Office]:
    """One holding per (holder, kind, status); an owner from the text beats none, a name beats a title."""
    best: dict[tuple[str, str, str], Office] = {}
    for o in offices:
        key = (o.holder, o.role_kind, o.status)
        kept = best.get(key)
        if kept is None or (kept.of is None and o.of is not None) or (
                kept.evidence.confidence < o.evidence.confidence and (o.of is not None or kept.of is None)):
            best[key] = o
    return list(best.values())
