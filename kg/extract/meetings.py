"""Meetings: a trigger word (Treffen, Gespräche, Gipfel, tagt, zusammentrifft; meeting, talks,
summit …) and, in the same clause, its date, place, participants and whether it was virtual.

Clauses keep two meetings in one sentence apart ("Am Mittwoch trifft sich in Brüssel der
NATO-Russland-Rat und am Donnerstag in Wien Gespräche bei der OSZE").  A clause without a
date takes the sentence's only date ("…am Montag stattfinden, wenn die NATO … zusammentrifft");
"gleichzeitig" / "at the same time" takes the previous meeting's.  Triggers are words (Treffen,
tagt, met, hosted), German compounds ending in one (Außenministertreffen, Krisengipfel), separable
verbs ("kommen … zusammen") and travel verbs with a destination ("reist nach Kiew", "flew to
Kyiv").  The subject of a hosting verb ("Scholz empfing Macron", "Macron hosted Scholz") is the
organizer.  A place the knowledge base does not know ("in Bali") becomes an unlinked place when it
follows "in"/"at" in the meeting's clause.  A definite or demonstrative
reference ("das Treffen", "diese Genfer Gespräche") joins the earlier meeting it agrees with,
and meetings that agree on date and place are one.  A meeting that ends up without a date is
dropped: it cannot be placed on a timeline.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace

from kg.dates import DateMention
from kg.extract.entities import ORG_KINDS, PLACE_KINDS
from kg.extract.places import place_before, unknown_place
from kg.extract.view import DocView
from kg.lexicon import (
    COUNCIL_VERBS,
    HOSTS,
    LOWER_ONLY,
    MINISTERIAL,
    NOT_TRIGGERS,
    PLACE_PREPS,
    REPORTING,
    SEPARABLE,
    SIDELINES,
    TOPIC_NOUNS,
    TRAVEL,
    TRAVEL_PREPS,
    TRIGGER_SUFFIXES,
    TRIGGERS,
    VIRTUAL,
    VISITS,
)
from kg.mentions_tokens import Tok
from kg.records import DateValue, Evidence, Meeting

__all__ = ["extract_meetings"]

_DEFINITE = {"de": {"das", "die", "der", "dem", "den", "des", "diese", "dieser", "diesem", "diesen", "dieses",
                    "beim", "vom", "zum"},
             "en": {"the", "this", "these", "that", "those"}}
_SAME_TIME = {"de": {"gleichzeitig", "zeitgleich", "parallel"}, "en": {"simultaneously", "meanwhile"}}
_TOPIC = {"de": {"über", "gegen", "wegen", "um", "auf", "für"}, "en": {"about", "over", "against", "on", "for"}}
# "die nächsten Gespräche" introduces a new meeting even with a definite article.
_NEW = {"de": {"nächste", "nächsten", "kommende", "kommenden", "weitere", "weiteren", "neue", "neuen"},
        "en": {"next", "upcoming", "another", "new", "further"}}
_EN_NOUNS = {"meeting", "talks", "summit", "session", "sessions", "conference", "visit", "negotiations"}
# A clause opened by one of these happens at the time of its main clause.
_TEMPORAL = {"de": {"wenn", "als", "sobald"}, "en": {"when", "as"}}
# Words that attach a participant to a trigger: "Treffen mit Russland", "talks between X and Y".
_LINKING = {"de": {"mit", "der", "des", "zwischen", "von", "den", "dem"},
            "en": {"with", "of", "between", "among", "the"}}
_CONFIDENCE = {True: 0.85, False: 0.7}
_WHERE = {"de": {"wo", "wobei"}, "en": {"where"}}
_PRONOUNS = {"de": {"er", "sie"}, "en": {"he", "she"}}
_REQUEST = {"request", "behest", "antrag", "bitte", "wunsch", "betreiben"}
# What follows these verbs is the topic: "met to discuss Ukraine", "um die Lage in Syrien zu erörtern".
_DISCUSS = {"discuss", "discussed", "discussing", "address", "diskutieren", "besprechen", "erörtern"}
_ARTICLES = {"de": {"der", "die", "den", "dem", "das"}, "en": {"the"}}


@dataclass
class _Draft:
    kind: str
    trigger: str
    definite: bool
    date: DateValue | None
    place: str | None
    virtual: bool | None
    participants: list[str] = field(default_factory=list)
    evidence: Evidence | None = None
    organizer: str | None = None
    needs_people: bool = False  # travel and host verbs: someone must travel or host
    noun: bool = False  # the trigger is a noun ("Treffen", "summit"), not a verb


def _trigger(view: DocView, clause: list[Tok]) -> tuple[Tok, str, bool] | None:
    """The clause's first trigger, the most specific kind among its triggers ("gathered … for a
    summit" is a summit), and whether it is a travel verb that needs a destination."""
    side = [t.i for t in clause if t.lower_ in SIDELINES]
    found = [f for f in (_trigger_word(view, clause, t) for t in clause) if f is not None
             and not any(0 < f[0].i - s <= 5 for s in side)]
    if not found:
        return None
    first = found[0]
    kind = next((k for _, k, _ in found if k != "meeting"), first[1])
    return first[0], kind, first[2] and kind == "visit"


def _trigger_word(view: DocView, clause: list[Tok], t: Tok) -> tuple[Tok, str, bool] | None:
    # the word tests first: most words are no trigger, and asking the view for mentions costs more
    found = _trigger_kind(view, clause, t)
    return None if found is None or _inside_mention(view, t.i) else found


def _trigger_kind(view: DocView, clause: list[Tok], t: Tok) -> tuple[Tok, str, bool] | None:
    word = t.lower_
    triggers = TRIGGERS[view.lang]
    if word in NOT_TRIGGERS or (word in LOWER_ONLY and not t.is_lower):
        return None  # "Pressekonferenz", "vor vier Tagen"
    if word in {"conference", "briefing"} and t.i > 0 and t.nbor(-1).lower_ in {"news", "press"}:
        return None
    if word in triggers:
        return t, triggers[word], False
    if view.lang == "de" and t.text[:1].isupper():
        for suffix, kind in TRIGGER_SUFFIXES.items():
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                return t, kind, False
    if view.lang == "de" and word in SEPARABLE and {c.lower_ for c in clause} & SEPARABLE[word]:
        return t, "meeting", False
    if word in TRAVEL[view.lang]:
        return t, "visit", True
    if word in {"phone", "telephone", "telefon"} and t.i > 0 and t.nbor(-1).lower_ in {"by", "per"}:
        return t, "call", False  # "spoke by phone with", "sprachen per Telefon"
    if word in COUNCIL_VERBS[view.lang] and any(
            h.entity.kind == "Council" for h in view.hits(clause[0].i, clause[-1].i)):
        return t, "council", False
    return None


def _speaker(view: DocView, tokens: list[Tok], clause: list[Tok], trigger: Tok) -> str | None:
    """"Biden said he would meet Xi": a he/she/er/sie subject of a reported clause is the last
    person named before it in the sentence (the one pronoun we resolve)."""
    before = [t for t in clause if t.i < trigger.i]
    if not any(t.lower_ in _PRONOUNS[view.lang] for t in before[:3]):
        return None
    people = [h for h in view.hits(tokens[0].i, clause[0].i - 1) if h.entity.kind == "Person"]
    return people[-1].entity.key if people else None


def _reported(clause: list[Tok], date: DateMention, trigger: Tok) -> bool:
    """"Biden told reporters on Thursday that he expected talks": the date is the report's."""
    if date.end > trigger.idx:
        return False
    doc = clause[0].doc
    at = next((t.i for t in clause if t.idx >= date.start), clause[0].i)
    # "Biden said | on Tuesday he would …", "told reporters on Thursday that …", "sagte am Dienstag"
    if any(t.lower_ in REPORTING for t in doc[max(0, at - 3):at]):
        return True
    return any(t.lower_ in REPORTING and t.idx < date.start for t in clause)


def _ministerial(view: DocView, clause: list[Tok], trigger: Tok) -> bool:
    """Ministers meet: "NATO-Außenminister trafen sich", "Treffen der Außenminister", "foreign
    ministers will meet"; not "trifft … mit dem Außenminister Kuleba zusammen"."""
    if "minister" in trigger.lower_:
        return True  # "Außenministertreffen"
    before = {t.lower_ for t in clause if t.i < trigger.i}
    after = [t.lower_ for t in clause if trigger.i < t.i <= trigger.i + 3]
    genitive = bool(after) and after[0] in {"der", "of", "von"}
    return bool(before & MINISTERIAL or (genitive and set(after) & MINISTERIAL))


def extract_meetings(view: DocView, dates: list[DateMention]) -> list[Meeting]:
    drafts: list[_Draft] = []
    for sentence in view.sentences:
        tokens = view.tokens(sentence)
        positions = [t.i for t in tokens]
        sentence_dates = [d for d in dates if sentence.start <= d.start < sentence.end]
        for first, last in view.clauses(tokens):
            # by bisection: scanning the sentence per clause is quadratic on run-on text
            clause = tokens[bisect.bisect_left(positions, first):bisect.bisect_right(positions, last)]
            found_trigger = _trigger(view, clause)
            if found_trigger is None:
                continue
            trigger, kind, travel = found_trigger
            start_char, end_char = view.doc[first].idx, view.doc[last].idx + len(view.doc[last].text)
            clause_dates = [d for d in sentence_dates if start_char <= d.start < end_char
                            and not _reported(clause, d, trigger)]
            date = clause_dates[0].value if clause_dates else None
            if date is None and len(sentence_dates) == 1 and view.doc[first].lower_ in _TEMPORAL[view.lang]:
                date = sentence_dates[0].value
            if date is None and drafts and {t.lower_ for t in clause} & _SAME_TIME[view.lang]:
                date = drafts[-1].date
            place, found = _roles(view, first, last, trigger.i, travel)
            if place is None and view.doc[first].lower_ in _WHERE[view.lang]:
                place = place_before(view, tokens[0].i, first)  # "reist nach Moskau, wo sie … trifft"
            if travel and place is None:
                continue  # "reist" without a destination is no visit
            before = {t.lower_ for t in view.doc[max(first, trigger.i - 3):trigger.i]}
            # only a noun takes an article: "die Militärchefs … treffen" is a verb with a subject
            noun = trigger.text[:1].isupper() if view.lang == "de" else trigger.lower_ in _EN_NOUNS
            definite = noun and bool(before & _DEFINITE[view.lang]) and not before & _NEW[view.lang]
            own_date = bool(clause_dates)
            if definite and not own_date and place is None:
                # a bare reference ("Nach dem Treffen warnte X") keeps only attached participants
                found = [(k, i) for k, i in found if trigger.i < i <= trigger.i + 5
                         and view.doc[i - 1].lower_ in _LINKING[view.lang]]
            participants = [k for k, _ in found]
            speaker = _speaker(view, tokens, clause, trigger)
            if speaker is not None and speaker not in participants:
                participants.insert(0, speaker)
            if not definite and not own_date and place is None and not participants:
                continue  # "ernsthafte Verhandlungen": an abstract noun, not an event
            words = {t.lower_ for t in clause}
            virtual = True if words & VIRTUAL[view.lang] or trigger.lower_ in VIRTUAL[view.lang] else None
            if kind == "meeting" and _ministerial(view, clause, trigger):
                kind = "ministerial"
            if any(view.entities[p].kind == "Council" for p in participants):
                kind = "council"
            drafts.append(_Draft(
                kind=kind,
                trigger=trigger.text,
                definite=definite,
                date=date,
                place=place,
                virtual=virtual,
                participants=participants,
                evidence=view.evidence(sentence, first, last, "meeting-trigger", _CONFIDENCE[date is not None]),
                organizer=_host(view, found, trigger),
                needs_people=travel or trigger.lower_ in HOSTS,
                noun=noun,
            ))
    # undated meetings cannot be placed on a timeline; a verb with neither participants nor place
    # is no event we can say anything about ("auf das Bohrloch treffen", "arrived in New York in
    # 1958"), while a dated noun is ("mit dem letzten Treffen im Sommer 2019")
    return [_finish(view, d) for d in _merge(drafts) if d.date is not None and (
        d.participants or (not d.needs_people and (d.place is not None or d.noun)))]


def _inside_mention(view: DocView, i: int) -> bool:
    for hit in view.hits(max(0, i - 6), i + 6):
        if hit.first <= i <= hit.last:
            return True
    return False


def _host(view: DocView, found: list[tuple[str, int]], trigger: Tok) -> str | None:
    """The subject of a hosting verb: the clause's first person ("Scholz hat Macron … empfangen",
    "Am Montag empfing Scholz Macron", "Biden will host Xi"), else its first participant."""
    if trigger.lower_ not in HOSTS or not found:
        return None
    people = [key for key, _ in found if view.entities[key].kind == "Person"]
    return people[0] if people else found[0][0]


def _roles(view: DocView, first: int, last: int, trigger: int,
           travel: bool = False) -> tuple[str | None, list[tuple[str, int]]]:
    """The clause's place ("in Genf", "Genfer Gespräche") and its participants with their token."""
    place: str | None = None
    place_end = -1
    participants: list[tuple[str, int]] = []
    doc = view.doc
    preps = PLACE_PREPS[view.lang] | (TRAVEL_PREPS[view.lang] if travel else set())
    discussed = next((t.i for t in doc[first:last + 1] if t.lower_ in _DISCUSS), None)
    for hit in view.hits(first, last):
        entity = hit.entity
        prev = doc[hit.first - 1].lower_ if hit.first > 0 else ""
        prev2 = doc[hit.first - 2].lower_ if hit.first > 1 else ""
        at = hit.first - 1  # the preposition, over an article: "in der Ukraine", "in den USA"
        if prev in _ARTICLES[view.lang] and prev2 in preps:
            prev, at = prev2, hit.first - 2
        if at > 0 and doc[at - 1].lower_ in TOPIC_NOUNS[view.lang] and prev in preps:
            continue  # "die Lage in der Ukraine", "the war in Ukraine": what is discussed, not where
        if entity.kind in PLACE_KINDS:
            is_city = entity.kind in {"City", "Region", "Place"}
            if is_city and hit.last + 1 == trigger and place is None:
                place = entity.key  # "Genfer Gespräche", "the Geneva talks", "the Vilnius summit"
                continue
            if hit.mention.source == "kb-adj":
                continue
            # "Scholz visited Kyiv", "besuchte am Dienstag die Ukraine": the first place after the verb
            visited = doc[trigger].lower_ in VISITS and hit.first > trigger and place is None
            if (prev in preps or visited) and (is_city or place is None):
                if place is None or is_city:
                    place, place_end = entity.key, hit.last
                continue
            if prev == "," and place is not None and hit.first - 2 == place_end:
                continue  # "in Vilnius, Lithuania": the place's country
        if hit.mention.source == "kb-adj":
            continue
        if prev in _TOPIC[view.lang] or prev2 in _TOPIC[view.lang]:
            continue
        window = {t.lower_ for t in doc[max(first, hit.first - 4):hit.first]}
        if window & _REQUEST or (entity.kind != "Person" and discussed is not None and hit.first > discussed):
            continue  # "at the request of France", "auf Antrag Russlands", "met to discuss Ukraine"
        if entity.kind == "Party" and hit.last + 1 <= last and doc[hit.last + 1].text == "-":
            continue  # "die Grünen-Politikerin": a party in a compound describes someone
        if entity.kind in ORG_KINDS or entity.kind in {"Person", "Country"}:
            if entity.key not in {k for k, _ in participants} and entity.key != place:
                participants.append((entity.key, hit.first))
    if place is None:
        place = unknown_place(view, first, last, preps)
    return place, [(k, i) for k, i in participants if k != place]


def _agrees(a: _Draft, b: _Draft) -> bool:
    if a.date and b.date and a.date.value != b.date.value:
        return False
    if a.place and b.place and a.place != b.place:
        return False
    if a.virtual is not None and b.virtual is not None and a.virtual != b.virtual:
        return False
    return True


def _compatible(a: _Draft, b: _Draft) -> bool:
    kinds = a.kind == b.kind or "meeting" in {a.kind, b.kind}
    people = not a.participants or not b.participants or bool(set(a.participants) & set(b.participants))
    return kinds and people


def _merge(drafts: list[_Draft]) -> list[_Draft]:
    """Join references to one meeting: definite references to an earlier agreeing meeting,
    and any two meetings with the same date and the same (or no) place."""
    kept: list[_Draft] = []
    for d in drafts:
        target = None
        for earlier in reversed(kept):
            # two meetings in one city on one day are one unless their kinds or participants differ
            same_slot = (d.date is not None and d.place is not None and _agrees(earlier, d)
                         and d.place == earlier.place and _compatible(earlier, d))
            # a definite reference must share what it says: its date or its place
            shares = (d.date is None and d.place is None) or (
                d.date is not None and earlier.date is not None and earlier.date.value == d.date.value) or (
                d.place is not None and earlier.place == d.place)
            if (d.definite and _agrees(earlier, d) and shares) or same_slot:
                target = earlier
                break
        if target is None:
            kept.append(d)
            continue
        bare = d.date is None and d.place is None
        target.date = target.date or d.date
        target.place = target.place or d.place
        target.virtual = target.virtual if target.virtual is not None else d.virtual
        target.organizer = target.organizer or d.organizer
        if bare:
            continue  # "Nach dem Treffen warnte X": X spoke afterwards, he need not have taken part
        for p in d.participants:
            if p not in target.participants and p != target.place:
                target.participants.append(p)
        if target.kind == "meeting" and d.kind != "meeting":
            target.kind = d.kind
    return kept


def _finish(view: DocView, d: _Draft) -> Meeting:
    names = [view.entities[p].name for p in d.participants[:4]]
    where = f" in {view.entities[d.place].name}" if d.place else (" (virtuell)" if d.virtual else "")
    label = f"{d.trigger}: {', '.join(names)}{where}" if names else f"{d.trigger}{where}"
    assert d.evidence is not None
    return Meeting(
        kind=d.kind,
        label=label,
        date=d.date,
        place=d.place,
        virtual=d.virtual,
        participants=tuple(d.participants),
        evidence=replace(d.evidence),
        organizer=d.organizer,
    )


