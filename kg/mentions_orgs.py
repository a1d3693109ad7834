"""Organizations the knowledge base does not know, by rule; they become unlinked mentions.

Cues: a company suffix ("Quarxel GmbH", "Acme Inc."), a head before the name ("FC Bayern",
"Universität Tübingen", "University of Texas"), an apposition ("der Konzern Siemens", "oil giant
BP"), an acronym with an article, in brackets or named twice ("das ZDF"), a German institution
compound or institution noun with "für" ("Bundestag", "Bundesamt für Statistik"), a capitalised
adjective before an organization head ("Deutsche Bank"), and a name before "Bank" or "Verlag".
"""

from __future__ import annotations

import re

from kg.mentions_places import ARTICLES, NAME_ADJECTIVES, ends_phrase, has_suffix, nounlike, taken_tokens
from kg.mentions_rules import PLACE_LIKE, Row, is_cap, sentence_initial
from kg.mentions_tokens import Tok, Tokens
from kg.name_cues import (
    EVENT_HEADS,
    INSTITUTION_FOR,
    INSTITUTION_HEADS,
    INSTITUTION_PREFIXES,
    NOT_ACRONYMS,
    NOT_NAME_WORDS,
    NOUN_SUFFIXES,
    ORG_APPOSITION_SUFFIXES,
    ORG_APPOSITIONS,
    ORG_NAME_HEADS,
    ORG_NAME_HEADS_DE,
    ORG_PREFIX_HEADS,
    ORG_SUFFIXES,
    STRONG_PLACE_SUFFIXES,
    given_names,
)

__all__ = ["org_rows"]

_ROMAN = re.compile(r"^[IVXLC]+$")
# German nouns for people or things in "-er" that are no place adjectives.
_AGENT_NOUNS = ("prüfer", "meister", "spieler", "leiter", "arbeiter", "halter", "nehmer", "geber", "händler",
                "inhaber", "fahrer", "macher", "sprecher", "berater", "führer", "träger", "helfer", "besitzer",
                "lehrer", "bauer", "partner", "bürger", "kinder", "länder", "mitglieder", "wähler", "kämpfer",
                "forscher")


def org_rows(doc: Tokens, lang: str, known: list[Row]) -> list[Row]:
    """Unlinked organizations by company suffix, head, apposition, acronym and institution compound."""
    taken = taken_tokens(known)
    adjectives = {span.start for span, *_rest, source in known if source == "kb-adj"}
    out: list[Row] = []

    def add(start: int, end: int, kind: str = "Organization") -> None:
        span = doc.span(start, end)
        out.append((span, kind, "org:" + span.text.lower(), None, "pattern"))
        taken.update(range(start, end))

    places = {span.start: span.end for span, kind, *_ in known if kind in PLACE_LIKE}
    counts: dict[str, int] = {}
    for token in doc:
        if _acronym(token):
            counts[token.text] = counts.get(token.text, 0) + 1
    for token in doc:
        i = token.i
        if i in taken:
            continue
        low = token.lower_
        # "Sennestadt GmbH", "Acme Inc.", "Procter & Gamble Co."
        if token.text in ORG_SUFFIXES and i > 0:
            start = i
            while start > 0 and start - 1 not in taken and (_name_part(doc[start - 1]) or doc[start - 1].text == "&") \
                    and not _apposition(doc[start - 1], lang) and i - start < 4 and not doc[start].is_sent_start:
                start -= 1
            if start < i and doc[start].text != "&":
                add(start, i + 1)
                continue
        # "FC Bayern", "Universität Tübingen" (a KB place after the head is inside the longer name)
        of = i + 2 < len(doc) and doc[i + 1].lower_ == "of" and _name_part(doc[i + 2])  # "University of Texas"
        if low in ORG_PREFIX_HEADS and token.text[0].isupper() and i + 1 < len(doc) \
                and (_name_part(doc[i + 1]) or of) and doc[i + 1].lower_ not in ARTICLES:
            end = i + 3 if of else i + 2
            while end < len(doc) and end - i < 4 and _name_part(doc[end]) and end not in taken:
                end += 1
            start = i - 1 if i > 0 and re.fullmatch(r"\d{1,2}\.", doc[i - 1].text) else i  # "1. FC Köln"
            add(start, end)
            continue
        # "der Konzern Siemens", "TV-Sender Premiere", "oil giant BP"
        if _apposition(token, lang) and i + 1 < len(doc) and i + 1 not in taken and _org_name_start(doc[i + 1]):
            end = i + 2
            while end < len(doc) and end - i < 4 and end not in taken and _name_part(doc[end]) \
                    and not doc[end].is_sent_start:
                end += 1
            if doc[i + 1].lower_ not in given_names() and ends_phrase(doc, end):
                add(i + 1, end)
                continue
        # "das ZDF", "die NSDAP … die NSDAP", "der MSV Duisburg", "TU Clausthal"; not "BMW International Open"
        if _acronym(token) and not _all_caps_line(doc, i):
            prev = doc[i - 1].lower_ if i > 0 else ""
            bracketed = prev == "(" and i + 1 < len(doc) and doc[i + 1].text == ")"
            end = i + 1
            if prev in ARTICLES and end < len(doc) and is_cap(doc[end]) \
                    and (end in places or has_suffix(doc[end].lower_, STRONG_PLACE_SUFFIXES)):
                end = places.get(end, end + 1)  # "MSV Duisburg", "TU Clausthal"
            if any(t.lower_ in EVENT_HEADS for t in doc[i + 1:min(len(doc), i + 4)]):
                continue
            if counts[token.text] > 1 or prev in ARTICLES or bracketed or end > i + 1:
                add(i, end)
                continue
        # "Bundestag", "Bundeswehr", "Bundesamt für Statistik"; not "Bundesrat Merz" (a Swiss title)
        if lang == "de" and is_cap(token):
            end = _institution_end(doc, i)
            if end:
                add(i, end, "GovernmentBody")
                continue
        # "Deutsche Bank", "Evangelischen Kirche", "the Associated Press", "Port Authority"
        end = _headed_end(doc, i, lang, taken, adjectives)
        if end:
            add(i, end)
    return out


def _name_adjective(low: str) -> bool:
    """A German adjective form that starts names: "Evangelische", "Nördlichen", "Neue"."""
    if low.endswith("er") and 5 < len(low) <= 10:
        return not low.endswith(_AGENT_NOUNS)  # "Zürcher", "Berliner"; not "Wirtschaftsprüfer"
    return low.endswith(("ische", "ischen", "isches", "ischer", "liche", "lichen", "liches", "licher", "deutsche",
                         "deutschen", "deutsches")) or low in NAME_ADJECTIVES


def _headed_end(doc: Tokens, i: int, lang: str, taken: set[int], adjectives: set[int]) -> int:
    """End of a capitalised name that ends in an organization head, or 0."""
    first = doc[i]
    if not is_cap(first) or first.is_stop or first.lower_ in NOT_NAME_WORDS:
        return 0
    if lang == "de" and i + 1 < len(doc) and doc[i + 1].text in {"Bank", "Verlag"} and not sentence_initial(first) \
            and not nounlike(first, lang) and i + 1 not in taken:
        return i + 2  # "Aareal Bank", "Böhlau Verlag"
    if lang == "de" and (sentence_initial(first) or not (i in adjectives or _name_adjective(first.lower_))):
        return 0  # "Deutsche Bank", "Evangelische Kirche"; not "Haltestelle Walder Kirche"
    j = i + 1
    while j < len(doc) and j - i < 5 and j not in taken:
        word = doc[j]
        if lang == "en" and word.lower_ in {"of", "for", "and", "&"} and j + 1 < len(doc) and is_cap(doc[j + 1]):
            j += 1
            continue
        if word.text == "-" and not word.whitespace_ and j + 1 < len(doc) and is_cap(doc[j + 1]):
            j += 1
            continue
        if is_cap(word) and _org_head(word.lower_, lang):
            return j + 1
        if not _name_part(word):
            break
        j += 1
    return 0


def _org_head(word: str, lang: str) -> bool:
    """"Bank", "Zentralbank", "Presse-Agentur": the last word of an organization's name."""
    word = word.split("-")[-1]
    if word in (ORG_NAME_HEADS_DE if lang == "de" else ORG_NAME_HEADS):
        return True
    return lang == "de" and any(word.endswith(h) and len(h) >= 4 for h in ORG_NAME_HEADS)


def _name_part(token: Tok) -> bool:
    return (is_cap(token) or (token.is_upper and token.is_alpha and len(token.text) >= 2)) and not token.is_stop \
        and token.lower_ not in NOT_NAME_WORDS


def _org_name_start(token: Tok) -> bool:
    return _name_part(token) and not token.is_sent_start and not token.lower_.endswith(NOUN_SUFFIXES[:6])


def _apposition(token: Tok, lang: str) -> bool:
    low = token.lower_
    if low in ORG_APPOSITIONS[lang]:
        return lang == "en" and token.is_lower or lang == "de" and is_cap(token)
    return lang == "de" and is_cap(token) and len(low) > 8 and low.endswith(ORG_APPOSITION_SUFFIXES)


def _acronym(token: Tok) -> bool:
    text = token.text
    upper = sum(1 for c in text if c.isupper())
    return (2 <= len(text) <= 5 and text.isalpha() and text[0].isupper() and upper >= 2
            and upper >= len(text) - 1 and text.lower() not in NOT_ACRONYMS and len(set(text)) > 1
            and not _ROMAN.match(text))


def _all_caps_line(doc: Tokens, i: int) -> bool:
    """A headline in capitals: its words are no acronyms."""
    near = [t for t in doc[max(0, i - 3):i + 4] if t.is_alpha and t.i != i]
    return sum(1 for t in near if t.is_upper and len(t.text) > 2) >= 2


def _noun_phrase_end(doc: Tokens, i: int) -> int:
    """End of lower-case adjectives and one capitalised noun from i, or 0."""
    j = i
    while j < len(doc) and doc[j].is_lower and doc[j].lower_.endswith(("e", "en", "er", "es")) \
            and doc[j].lower_ not in ARTICLES:
        j += 1
    return j + 1 if j < len(doc) and is_cap(doc[j]) else 0


def _institution_end(doc: Tokens, i: int) -> int:
    """End of a German institution name at i, or 0."""
    low = doc[i].lower_
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    indefinite = i > 0 and doc[i - 1].lower_ in {"ein", "eine", "einen", "einem", "einer", "eines"}
    if nxt is not None and nxt.lower_ == "für" and low.endswith(INSTITUTION_FOR) and not indefinite:
        # "Bundesamt für Statistik", "Bundesministerium für wissenschaftliche Forschung",
        # "Bundesamt für Migration und Flüchtlinge"
        end = _noun_phrase_end(doc, i + 2)
        if end and end + 1 < len(doc) and doc[end].lower_ == "und":
            end = _noun_phrase_end(doc, end + 1) or end
        return end
    if low.endswith(("es", "s", "e")) and not low.endswith(INSTITUTION_HEADS):
        low = low.removesuffix("es") if low.removesuffix("es").endswith(INSTITUTION_HEADS) else low.rstrip("se")
    if not (low.startswith(INSTITUTION_PREFIXES) and low.endswith(INSTITUTION_HEADS)):
        return 0
    if len(low) - max(len(p) for p in INSTITUTION_PREFIXES if low.startswith(p)) < 3:
        return 0
    if nxt is not None and nxt.lower_ in given_names():
        return 0
    return i + 1
