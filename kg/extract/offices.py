"""Office holdings: "Nato-Generalsekretär Jens Stoltenberg", "dem ukrainischen Außenminister
Dmytro Kuleba", "Russland und seinem Präsidenten Wladimir V. Putin", "U.S. Secretary of State
Antony Blinken", "Ukraine's foreign minister, Dmytro Kuleba", "Kuleba, der Außenminister der
Ukraine".

A title word next to a person mention makes a holding.  The state or organization whose
office it is comes from the text — a compound prefix (Nato-, US-), an adjective or name right
before the title, a genitive after it, a possessive pointing back to the last state — and,
when the text has none, the linker fills it from the knowledge base.  Words such as "Ex-",
"früheren", "former" make it a former holding; "designierte", "incoming", "soll … werden" a
designated one.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.entities import ORG_KINDS, PLACE_KINDS
from kg.extract.view import DocView, Hit
from kg.lexicon import DESIGNATED, FORMER, TITLES
from kg.records import Office, Status

__all__ = ["extract_offices"]

_POSSESSIVE = {"de": {"seinem", "seinen", "seines", "sein", "seine", "seiner", "ihrem", "ihren", "ihres", "ihr",
                      "ihre", "ihrer"},
               "en": {"its", "his", "her", "their"}}
_GENITIVE = {"de": {"der", "des", "von"}, "en": {"of"}}
_ARTICLES = {"de": {"der", "die", "das", "dem", "den", "des", "ein", "eine", "einem", "einen", "eines"},
             "en": {"the", "a", "an"}}
_MAX_TITLE_WORDS = 4
_OWNER_KINDS = ORG_KINDS | PLACE_KINDS


def _title_at(tokens: list[Token], k: int, lang: str) -> tuple[int, str] | None:
    """Length in tokens and role kind of the title that starts at tokens[k], longest first."""
    titles = TITLES[lang]
    for n in range(min(_MAX_TITLE_WORDS, len(tokens) - k), 0, -1):
        words = " ".join(t.lower_ for t in tokens[k:k + n]).replace(" - ", "-")
        if words in titles:
            return n, titles[words]
    return None


def _status(view: DocView, tokens: list[Token], k: int) -> Status:
    lang = view.lang
    before = {t.lower_ for t in tokens[max(0, k - 3):k]}
    if before & FORMER[lang] or (k >= 2 and tokens[k - 1].text == "-" and tokens[k - 2].lower_ == "ex"):
        return "former"
    if before & DESIGNATED[lang]:
        return "designated"
    words = [t.lower_ for t in tokens]
    if lang == "de" and {"soll", "sollen"} & set(words) and words[-2:-1] == ["werden"]:
        return "designated"
    if lang == "en" and ("to become" in " ".join(words) or "nominated" in words):
        return "designated"
    return "current"


def _owner_before(view: DocView, tokens: list[Token], k: int) -> Hit | None:
    """Compound prefix (Nato-|Generalsekretär), adjective or name before the title, possessive."""
    doc = view.doc
    i = tokens[k].i
    if i >= 2 and doc[i - 1].text == "-":
        hit = view.ending_at(i - 2)
        if hit and hit.entity.kind in _OWNER_KINDS:
            return hit
    j = i - 1
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
    if hit and hit.entity.kind in _OWNER_KINDS and hit.mention.source != "kb-adj":
        if j == end + 1 and not hit.mention.text.endswith("s"):
            return None  # "Präsident Biden": a bare name after the title is the holder, not the state
        return hit
    return None


def _holder_after(view: DocView, end: int, limit: int) -> Hit | None:
    doc = view.doc
    j = end + 1
    while j <= limit and (doc[j].text in {",", "(", "–"} or doc[j].lower_ in _ARTICLES[view.lang]):
        j += 1
    hit = view.starting_at(j) if j <= limit else None
    return hit if hit and hit.entity.kind == "Person" else None


def _holder_before(view: DocView, tokens: list[Token], k: int) -> Hit | None:
    """Apposition: "Dmytro Kuleba, der ukrainische Außenminister", "Kuleba, Ukraine's foreign minister".

    Between the comma and the title only articles, possessives, adjectives and the owner's
    name may stand; anything else ("sagte Stoltenberg, werde er die Staats- …") is a new clause."""
    doc = view.doc
    i = tokens[k].i
    allowed = _ARTICLES[view.lang] | _POSSESSIVE[view.lang] | {"'s", "’s", "-"}
    j = i - 1
    while j >= max(tokens[0].i, i - 5):
        tok = doc[j]
        if tok.text == ",":
            hit = view.ending_at(j - 1) if j >= 1 else None
            return hit if hit and hit.entity.kind == "Person" else None
        owner = view.ending_at(j)
        if owner is not None and owner.entity.kind in _OWNER_KINDS:
            j = owner.first - 1
            continue
        if not (tok.lower_ in allowed or (tok.is_lower and tok.lower_.endswith(("e", "en", "er", "em")))):
            return None
        j -= 1
    return None


def extract_offices(view: DocView) -> list[Office]:
    out: list[Office] = []
    for sentence in view.sentences:
        tokens = view.tokens(sentence)
        if not tokens:
            continue
        limit = tokens[-1].i
        k = 0
        while k < len(tokens):
            found = _title_at(tokens, k, view.lang)
            if found is None:
                k += 1
                continue
            n, role_kind = found
            first, end = tokens[k].i, tokens[k + n - 1].i
            owner_after = _owner_after(view, end)
            after_start = owner_after.last if owner_after else end
            holder = _holder_after(view, after_start, limit) or _holder_before(view, tokens, k)
            if holder is not None:
                owner = _owner_before(view, tokens, k) or owner_after
                role = view.doc[first:end + 1].text
                span = sorted([first, end, holder.first, holder.last] + ([owner.first, owner.last] if owner else []))
                confidence = 0.9 if owner else 0.7
                out.append(Office(
                    holder=holder.entity.key,
                    role=role,
                    role_kind=role_kind,
                    of=owner.entity.key if owner else None,
                    status=_status(view, tokens, k),
                    evidence=view.evidence(sentence, span[0], span[-1], "office-title", confidence),
                ))
            k += n
    return _dedupe(out)


def _dedupe(offices: list[Office]) -> list[Office]:
    """One holding per (holder, kind, owner, status); an owner from the text beats none."""
    best: dict[tuple[str, str, str], Office] = {}
    for o in offices:
        key = (o.holder, o.role_kind, o.status)
        kept = best.get(key)
        if kept is None or (kept.of is None and o.of is not None):
            best[key] = o
    return list(best.values())
