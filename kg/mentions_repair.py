"""Repairs of knowledge-base matches: compound parts and parts of longer names.

A knowledge-base name that is only part of a hyphenated word ("US-Dollar", "SPD- und
CDU-Politiker", "NATO-led", "Sowjet⸗ Ukraine") becomes a ``kb-part`` row, which the fact
extractors still read as an owner or participant cue ("Nato-Generalsekretär") but which is never
a mention.  One inside a longer capitalised name ("Golf von Mexiko", "New York Times", "East
Jerusalem") gives way to an unlinked mention of the whole, or to none ("US Open").  After a
monarch's title ("Königin Victoria") the name is the person's, not the place's.
"""

from __future__ import annotations

from spacy.tokens import Span

from kg.mentions_rules import NOBLE_TITLES, PLACE_LIKE, Row, attached, is_cap, line_hyphen, sentence_initial
from kg.mentions_tokens import Tokens
from kg.name_cues import (
    EVENT_HEADS,
    NOT_NAME_WORDS,
    OF_ORG_HEADS,
    OF_PLACE_HEADS,
    ORG_NAME_HEADS,
    ORG_PREFIX_HEADS,
    PLACE_NAME_HEADS,
)

__all__ = ["repair_known"]

_COMPASS = frozenset({"east", "west", "north", "south", "ost", "nord", "süd", "northern", "southern",
                      "eastern", "western"})
_OF = frozenset({"von", "of", "de", "del"})




def repair_known(doc: Tokens, rows: list[Row], lang: str) -> list[Row]:
    """KB rows with compound parts re-sourced as ``kb-part`` and longer names added as NIL rows."""
    out: list[Row] = []
    for row in rows:
        span, kind, key, qid, source = row
        if source == "kb-adj":
            out.append(row)
            continue
        if kind != "Person" and span.start > 0 and doc[span.start - 1].lower_ in NOBLE_TITLES \
                and doc[span.start - 1].text[0].isupper():
            out.append((span, kind, key, qid, "kb-part"))  # "Königin Victoria": the person rule names her
            continue
        if _compound_part(doc, span, lang):
            out.append((span, kind, key, qid, "kb-part"))
            whole = _hyphen_whole(doc, span)
            if whole is not None and kind in PLACE_LIKE:
                out.append((whole, "Place", "place:" + whole.text.lower(), None, "pattern"))
            continue
        larger = _larger_name(doc, span, kind, lang)
        if larger is None:
            out.append(row)
            continue
        whole, whole_kind = larger
        out.append((span, kind, key, qid, "kb-part"))
        if whole_kind:
            prefix = "place:" if whole_kind in PLACE_LIKE else "org:"
            out.append((whole, whole_kind, prefix + whole.text.lower(), None, "pattern"))
    return out


def _compound_part(doc: Tokens, span: Span, lang: str) -> bool:
    """"US-Dollar", "SPD- und CDU-Politiker", "Karl-Marx-Stadt", "NATO-led": part of one word."""
    end = span.end
    if end + 1 < len(doc) and doc[end].text in {"-", "‐", "⸗"} and attached(doc[end - 1], doc[end]):
        nxt = doc[end + 1]
        if attached(doc[end], nxt) and (nxt.is_alpha or nxt.is_digit) and (lang == "de" or nxt.is_lower):
            return True
        if not attached(doc[end], nxt) and nxt.lower_ in {"und", "oder", "bzw.", "and", "or", ","}:
            return True
    start = span.start
    if start >= 1 and line_hyphen(doc[start - 1]) or line_hyphen(doc[end - 1]):
        return True  # OCR text: "Sowjet⸗ Ukraine", "Lon¬ don"
    if start >= 2 and doc[start - 1].text in {"-", "‐", "⸗"} and attached(doc[start - 1], doc[start]):
        before = doc[start - 2]
        if attached(before, doc[start - 1]) and before.is_alpha and (lang == "de" or before.text[0].isupper()):
            return True
    return False


def _hyphen_whole(doc: Tokens, span: Span) -> Span | None:
    """"Ost-Berlin", "Sowjet-Ukraine": a capitalised word joined before a place makes one place name."""
    start, end = span.start, span.end
    if end < len(doc) and doc[end].text == "-" and attached(doc[end - 1], doc[end]):
        return None
    if start >= 1 and line_hyphen(doc[start - 1]) and doc[start - 1].text[0].isupper():
        return doc.span(start - 1, end)
    if start >= 2 and doc[start - 1].text == "-" and is_cap(doc[start - 2]) \
            and attached(doc[start - 2], doc[start - 1]):
        if start >= 3 and doc[start - 3].text == "-" and attached(doc[start - 3], doc[start - 2]):
            return None
        return doc.span(start - 2, end)
    return None


def _larger_name(doc: Tokens, span: Span, kind: str, lang: str) -> tuple[Span, str] | None:
    """The longer name a KB match belongs to, and its class ("" for none to emit)."""
    start, end = span.start, span.end
    # "Golf von Mexiko", "Gulf of Mexico", "Bank of England", "University of Texas"
    if start >= 2 and doc[start - 1].lower_ in _OF and is_cap(doc[start - 2]):
        head = doc[start - 2].lower_
        if head in OF_PLACE_HEADS:
            return doc.span(start - 2, end), "Place"
        if head in OF_ORG_HEADS:
            return doc.span(start - 2, end), "Organization"
    # "Universität Tübingen", "FC Bayern"
    if start >= 1 and doc[start - 1].lower_ in ORG_PREFIX_HEADS and doc[start - 1].text[0].isupper():
        return doc.span(start - 1, end), "Organization"
    # "East Jerusalem", "Ost-Berlin" is a hyphen compound
    if kind in PLACE_LIKE and start >= 1 and doc[start - 1].lower_ in _COMPASS and is_cap(doc[start - 1]):
        if not sentence_initial(doc[start - 1]) or lang == "en":
            return doc.span(start - 1, end), "Place"
    # "New York Times", "Washington State", "China News Service"
    j = end
    while j < len(doc) and j < end + 3 and (is_cap(doc[j]) or doc[j].is_upper and doc[j].is_alpha) \
            and not doc[j].is_stop and not doc[j].is_sent_start and doc[j].lower_ not in NOT_NAME_WORDS:
        j += 1
    if j > end:
        last = doc[j - 1].lower_
        if last in EVENT_HEADS:
            return doc.span(start, j), ""  # "US Open": an event, none of our classes
        if last in ORG_NAME_HEADS:
            return doc.span(start, j), "Organization"
        if last in PLACE_NAME_HEADS:
            return doc.span(start, j), "Place"
    return None
