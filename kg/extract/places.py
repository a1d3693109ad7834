"""Places of meetings that the knowledge base does not give: "in Bali", "at Camp David" become
unlinked places, and a "wo"/"where" clause takes the place named before it.  A country that
shares its name with its capital ("Luxemburg") is the city when it is only ever named as where a
meeting is ("Die EU-Außenminister beraten am Montag in Luxemburg").

Only capitalised words right after a place preposition inside a meeting's clause count, and not
the German nouns that follow "in" without being places ("in Kraft", "in Frage"), abstract nouns
(-ung, -heit, -ion …), months, weekdays or seasons.
"""

from __future__ import annotations

from dataclasses import replace

from kg.extract.entities import PLACE_KINDS
from kg.extract.view import DocView
from kg.mentions_tokens import Tok
from kg.records import Entity, Mention

__all__ = ["place_before", "unknown_place", "capital_namesakes"]




def place_before(view: DocView, lo: int, first: int) -> str | None:
    """The last place named in tokens lo..first-1 ("reist nach Moskau, wo sie …")."""
    places = [h for h in view.hits(lo, first - 1) if h.entity.kind in PLACE_KINDS and h.mention.source != "kb-adj"]
    return places[-1].entity.key if places else None


# Capitalised words after "in" that are not places ("in Kraft treten", "in Frage stellen").
_NOT_PLACES = {"de": {"kraft", "frage", "gefahr", "zukunft", "sicherheit", "ordnung", "anwesenheit", "abwesenheit",
                      "begleitung", "absprache", "vertretung", "richtung", "form", "höhe", "zusammenarbeit",
                      "verbindung", "anbetracht", "erwägung", "betracht", "bezug", "aussicht", "kürze", "eile",
                      "ruhe", "not", "haft", "bewegung", "teilen", "person", "folge", "summe", "wahrheit",
                      "erinnerung", "präsenz", "vorbereitung", "reaktion", "sachen", "ländern", "zeiten", "zeit"},
              "en": {"parliament", "congress", "government", "office", "power", "person", "depth", "response",
                     "particular", "addition", "fact", "general", "brief", "total", "public", "private", "the",
                     "a", "an", "this", "that", "his", "her", "their", "its", "which", "what", "order", "support",
                     "talks", "charge", "recent", "early", "late", "mid"}}
_ABSTRACT = ("ung", "heit", "keit", "schaft", "ion", "tät", "nis", "ismus", "ment", "ness", "ity")
_CALENDAR = {"januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
             "november", "dezember", "january", "february", "march", "may", "june", "july", "october", "december",
             "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "monday", "tuesday",
             "wednesday", "thursday", "friday", "saturday", "sunday", "sommer", "winter", "herbst", "frühjahr",
             "frühling", "summer", "spring", "autumn"}


def unknown_place(view: DocView, first: int, last: int, preps: set[str]) -> str | None:
    """"in Bali", "at Camp David": capitalised words after a place preposition that no mention covers."""
    doc = view.doc
    for i in range(first, last):
        if doc[i].lower_ not in preps or doc[i].lower_ in {"im", "bei"}:
            continue
        j = i + 1
        names: list[Tok] = []
        while j <= last and len(names) < 3 and (doc[j].is_title or (names and doc[j].text == "-")):
            if view.covering(j) is not None or doc[j].lower_ in _CALENDAR:
                break
            names.append(doc[j])
            j += 1
        while names and names[-1].text == "-":
            names.pop()
        if not names or view.covering(j) is not None and j <= last and doc[j].text == "-":
            continue
        word = names[0].lower_
        if word in _NOT_PLACES[view.lang] or (len(names) == 1 and word.endswith(_ABSTRACT)) or len(word) < 3:
            continue
        return _add_place(view, names[0].i, names[-1].i)
    return None


def _add_place(view: DocView, first: int, last: int) -> str:
    span = view.doc.span(first, last + 1)
    mention = Mention(span.start_char, span.end_char, span.text, "Place", "place:" + span.text.lower(),
                      view.sentence_of(span.start_char), None, "pattern")
    entity = view.add_entity(Entity(mention.key, span.text, "Place", (mention,), None))
    if mention not in entity.mentions:
        entity = replace(entity, mentions=(*entity.mentions, mention))
        view.entities[entity.key] = entity
    view.add_hit(entity, first, last, "pattern")
    return entity.key


_LOCATIVE = {"in", "im", "nach", "at", "to"}


def capital_namesakes(view: DocView, places: set[str]) -> dict[str, Entity]:
    """Meeting places that are countries named like a KB city and only ever after "in"/"at": the city."""
    out: dict[str, Entity] = {}
    if view.kb is None:
        return out
    for key in sorted(places):
        entity = view.entities.get(key)
        if entity is None or entity.kind != "Country" or not entity.mentions:
            continue
        names = [m for m in entity.mentions if m.source != "kb-adj"]
        if not names or any(_word_before(view, m.start) not in _LOCATIVE for m in names):
            continue
        text = names[0].text
        city = next((c for c in view.kb.candidates(text) if c.kind == "City" and c.country == entity.qid_hint
                     and text in (c.label_en, c.label_de, *c.aliases)), None)
        if city is not None:
            mentions = tuple(replace(m, kind="City", key=city.qid, qid=city.qid) for m in names)
            out[key] = Entity(city.qid, city.label(view.lang), "City", mentions, city.qid)
    return out


def _word_before(view: DocView, char: int) -> str:
    span = view.doc.char_span(char, char + 1)
    return view.doc[span.start - 1].lower_ if span is not None and span.start > 0 else ""
