"""Find German and English date expressions and resolve them against the publication date.

A compact hand-written regex grammar rather than ``dateparser``: its ``search_dates`` invents a
day for a bare year ("2002" becomes 2002-01-07, the precision is lost), reads a bare weekday as
the past one ("Am Mittwoch trifft sich …" becomes the Wednesday before) and returns substrings,
not offsets.  The grammar below keeps offsets, precision and the weekday rule explicit,
deterministic and testable; docs/dates.md lists what it covers.

Weekday rule.  A weekday equal to the publication weekday is the publication day.  "kommenden",
"nächsten", "next" mean the next such day (1–7 days on), "vergangenen", "letzten", "last" the
previous one (1–7 days back), "diesen"/"this" the coming one.  A bare weekday is resolved within
-6..+6 days by the tense of its context (``tense_hint``): the future one for future, the past one
for past, the nearer one when the context says nothing.  ``tense_hint`` looks, in order, at

1. the word right next to the expression: "sagte am Montag", "said Monday", "seit Montag" → past;
   "bis Freitag", "ab Montag", "until Friday" → future;
2. the clause around it (split at punctuation and at und/and/aber/but/oder/or), then the whole
   sentence: the nearest tense marker wins, a marker before the expression on a tie.  Future
   markers are auxiliaries (werden, wird, soll, will, is to), "nächste", "kommende", "dann",
   "sobald", "next", and German/English present-tense event verbs (trifft sich, tagt, findet statt,
   meets), because present tense with a weekday announces an event in news; past markers are
   auxiliaries and preterites (war, hatte, wurde, trafen, -ierte; was, had, met, -ed), German
   perfects (an auxiliary of haben or sein with a participle ending its clause: "ist … eingetroffen",
   "hat … besucht", where the participle outranks a look-alike present tense) and "vergangene",
   "letzte", "bereits", "last", "ago";
3. failing that, reporting verbs anywhere in the sentence (sagte, erklärte, said) → past.

Months, seasons and days without a year follow the same rule within a year: the occurrence that
holds the publication date is it; otherwise the next one for future, the previous one for past,
the nearer one (the future on a tie) when the tense is unknown.  A week ("nächste Woche") is its
Monday with precision "day", as ``Precision`` has no week; the expression keeps the words.
"in N Tagen/Wochen/Monaten" counts forward from the publication date unless an ordinal or
superlative precedes ("the first visit in six years" is a duration); "in N Jahren" counts only in
a future clause.  "vor N Jahren" is the year P − N, "seit N Jahren" a duration.  A bare year is
1800–2100, not part of a larger number and not a count ("2000 Soldaten", "rund 2000").
Expressions that need the publication date are skipped when it is None.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from kg.records import DateValue, Precision

__all__ = ["DateMention", "Tense", "find_dates", "resolve_expression", "tense_hint"]

Tense = Literal["past", "future"]

_MONTHS = {
    "januar": 1, "jänner": 1, "january": 1, "jan": 1, "februar": 2, "february": 2, "feb": 2,
    "märz": 3, "maerz": 3, "march": 3, "mär": 3, "mar": 3, "april": 4, "apr": 4, "mai": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "dezember": 12, "december": 12, "dez": 12, "dec": 12,
}  # fmt: skip
_ABBREVIATIONS = ("Sept", "Jan", "Feb", "Mär", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Okt", "Oct",
                  "Nov", "Dez", "Dec")
_WEEKDAYS = {
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
    "sonnabend": 5, "sonntag": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
# Seasons are placed on their middle month; winter on December, so it carries the year it begins.
_SEASONS = {"frühling": 4, "frühjahr": 4, "sommer": 7, "herbst": 10, "winter": 12, "spring": 4,
            "summer": 7, "autumn": 10, "fall": 10}
_DAY_WORDS = {"heute": 0, "today": 0, "tonight": 0, "gestern": -1, "yesterday": -1, "vorgestern": -2,
              "morgen": 1, "tomorrow": 1, "übermorgen": 2}
_NUMBERS = {"ein": 1, "eine": 1, "einem": 1, "einer": 1, "einen": 1, "a": 1, "an": 1, "one": 1,
            "zwei": 2, "two": 2, "drei": 3, "three": 3, "vier": 4, "four": 4, "fünf": 5, "five": 5,
            "sechs": 6, "six": 6, "sieben": 7, "seven": 7, "acht": 8, "eight": 8, "neun": 9,
            "nine": 9, "zehn": 10, "ten": 10, "elf": 11, "eleven": 11, "zwölf": 12, "twelve": 12}


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_FULL_MONTHS = _alt(n.capitalize() for n in _MONTHS if n.capitalize() not in _ABBREVIATIONS)
_MONTH = rf"(?P<mon>(?:{_FULL_MONTHS})\b|(?:{_alt(_ABBREVIATIONS)})\.)"
_WEEKDAY_NAMES = [n.capitalize() for n in _WEEKDAYS]
_WEEKDAY = rf"(?P<wd>{_alt(_WEEKDAY_NAMES)})"
_DE_PARTS = "morgen|vormittag|mittag|nachmittag|abend|nacht"
_DAY_PART = rf"(?i:{_DE_PARTS})|\s+(?i:früh|{_DE_PARTS}|morning|afternoon|evening|night)"
_PREP = r"(?P<prep>(?i:am|im|on|in(?:\s+(?:der|dem|diesem|dieser|the))?)\s+)"
_PART = (r"(?P<part>(?i:(?:Anfang|Mitte|Ende)(?:\s+(?:des|der))?\s+|(?:early|mid|late)(?:\s+|-)"
         r"|(?:at\s+)?the\s+(?:end|beginning|start|middle)\s+of\s+(?:the\s+)?))")
_MOD = (r"(?P<mod>(?i:(?:nächst|naechst|kommend|vergangen|letzt|vorig|dies|laufend)(?:e[mnrs]?)?"
        r"|next|coming|upcoming|last|this|current))")
_REL_YEAR = (r"(?P<ry>(?i:(?:des\s+)?(?:letzten|vergangenen|vorigen|diesen|dieses|kommenden|nächsten)"
             r"\s+Jahres|(?:of\s+)?(?:last|this|next)\s+year))")
_YEAR = r"(?P<y>\d{4})(?!\d)"
_LEAD = r"(?P<lead>(?<!\w)(?i:seit|bis\s+zum|bis|ab|vom|von|zum|since|until|till|from|by|before|after)\s+)"
_APPROX = (r"(?P<lead>(?<!\w)(?i:rund|etwa|ca\.|circa|knapp|fast|über|mehr\s+als|mindestens|bis\s+zu"
           r"|about|around|nearly|almost|some|over|more\s+than|at\s+least|up\s+to|Resolution|Nr\.|No\."
           r"|Nummer|number|Artikel|Article|Paragraf|§|Flug|flight|Kapitel|chapter|Seite|page)\s*)")
_COUNT = (r"(?P<tail>\s*%|\s+(?i:Menschen|Personen|Leute|Soldaten|Mitglieder|Mitgliedern|Nationen"
          r"|Staaten|Ländern?|Einwohnern?|Euro|Dollar|Kilometern?|km|Metern?|Tonnen|Prozent|Stimmen"
          r"|Teilnehmern?|Delegierten?|Fällen?|Toten?|Opfern?|Jahren?|Tagen?|Stunden|Mal|Stück|people"
          r"|persons|soldiers|troops|members|nations|states|countries|residents|euros?|dollars?"
          r"|kilomet(?:re|er)s|miles|tons|tonnes|percent|votes|participants|delegates|cases|deaths"
          r"|dead|victims|years|days|hours|times)(?!\w))")

_FUTURE_DE = (r"(?<!\w)(?:werden|wird|werde|wirst|werdet|soll|sollen|will|wollen|plant|planen|trifft"
              r"|treffen|tagt|tagen|berät|beraten|beginnt|beginnen|findet|finden|stattfinden|statt"
              r"|reist|reisen|kommt|kommen|besucht|besuchen|empfängt|eröffnet|entscheidet|entscheiden"
              r"|wählt|wählen|stimmt|stimmen|startet|starten|endet|enden|läuft|zusammentrifft"
              r"|zusammenkommen|geplant\w*|erwartet|angesetzt|vorgesehen|ansteht|anstehen|morgen"
              r"|(?i:dann|anschließend|danach|demnächst|künftig|voraussichtlich|sobald|bald"
              r"|nächste[mnrs]?|kommende[mnrs]?|bevorstehende[mnrs]?|übermorgen))(?!\w)")
_PAST_DE = (r"(?<!\w)(?:war|waren|wurde|wurden|worden|hatte|hatten|hat|haben|gewesen|traf|trafen|kam"
            r"|kamen|gab|gaben|fand|fanden|begann|begannen|sprach|sprachen|ging|gingen|stand|standen"
            r"|hielt|hielten|lag|lagen|fiel|fielen|trat|traten|tagte|tagten|reiste|reisten|besuchte"
            r"|besuchten|wählte|wählten|stimmte|stimmten|beschloss|beschlossen|endete|endeten|startete"
            r"|starteten|eröffnete|empfing|empfingen|entschied|entschieden|unterzeichnete|unterzeichneten"
            r"|zusammentrafen|\w+ierten?|(?i:gestern|vorgestern|bereits|zuvor|zuletzt|kürzlich|damals"
            r"|jüngst|vergangene[mnrs]?|letzte[mnrs]?|vorige[mnrs]?))(?!\w)")
_FUTURE_EN = (r"(?i)(?<!\w)(?:will|shall|won't|\w+'ll|(?:is|are|was|were)\s+(?:due|set|scheduled"
              r"|expected|slated|going)\s+to|(?:is|are)\s+to|next|coming|upcoming|planned|plans?"
              r"|scheduled|expected|due|slated|later|then|meets?|holds?|begins?|starts?|opens?"
              r"|travels?|visits?|hosts?|convenes?|gathers?|resumes?|arrives?|takes?\s+place"
              r"|tomorrow)(?!\w)")
_PAST_EN = (r"(?i)(?<!\w)(?:was|were|had|did|met|held|began|came|went|gave|took|spoke|saw|made|left"
            r"|won|lost|fell|rose|sent|became|broke|led|ran|sat|stood|found|struck|last|ago|earlier"
            r"|previously|already|yesterday|[a-z]{2,}ed)(?!\w)")
_REPORT = {"de": ("sagte sagten erklärte erklärten betonte betonten teilte teilten kündigte kündigten "
                  "berichtete berichteten meldete meldeten warnte warnten forderte forderten hieß"),
           "en": "said told announced stated reported warned added wrote"}
_NEXT_TO_PAST = {"de": {"seit", "vom"}, "en": {"since"}}
_NEXT_TO_FUTURE = {"de": {"ab", "bis", "für"}, "en": {"until", "till", "from", "by", "for"}}
# Words ending in -ed that are no past tense, or that the future and reporting lists already claim.
_NOT_PAST = frozenset(("need speed proceed indeed seed feed embed breed exceed succeed hundred united "
                       "red bed shed planned scheduled expected slated armed based related concerned "
                       "interested limited advanced detailed " + _REPORT["en"]).split())
_REACH = 600
# "[.!?…]+ not after a lone letter or a digit, or a line break", written to begin with a plain character
# class, which the regex engine scans for quickly (the lookbehinds then look back over that character).
_SENTENCE_END = re.compile(r"[.!?…\n](?:(?<=\n)|(?<!\b\w.)(?<!\d.)[.!?…]*[\"“”»«']*(?=\s))")
# "[,;:()–—] or und/and … between spaces", likewise.
_CLAUSE_BREAK = re.compile(r"[,;:()–—\s](?:(?<=[,;:()–—])|(?<=\s)(?:und|and|aber|but|sowie|doch|oder|or)(?=\s))")
_MARKERS: dict[str, tuple[tuple[Tense, re.Pattern[str]], ...]] = {
    "de": (("future", re.compile(_FUTURE_DE)), ("past", re.compile(_PAST_DE))),
    "en": (("future", re.compile(_FUTURE_EN)), ("past", re.compile(_PAST_EN))),
}
_REPORTING = {lang: re.compile(rf"(?<!\w)(?:{_alt(words.split())})(?!\w)") for lang, words in _REPORT.items()}
# Words between "seit"/"since" and the date that do not hide it: "seit dem 5. Dezember".
_ARTICLES = frozenset(("dem", "den", "der", "the"))
# German perfect: a finite haben/sein (or, ending a subordinate clause, any form) with a participle.
_HABEN = frozenset("hat haben habe hast habt hatte hatten hätte hätten".split())
_SEIN = frozenset("ist sind bin bist seid sei seien war waren wäre wären".split())
_SEP = (r"(?:an|auf|aus|ab|bei|ein|fest|heim|hin|her|los|mit|nach|statt|teil|vor|weg|weiter|wieder|zu|zurück"
        r"|zusammen|dar|heran|herein|heraus|hinaus|voran|vorbei|entgegen)?")
_INSEP = r"(?:be|ver|er|ent|zer|emp|miss|über|unter|hinter|wider)"
_LETTERS = r"[a-zäöüß]{2,}"
# With haben any participle shape counts; with sein only strong participles (-en) and a few weak
# verbs of motion or change, because "ist geschlossen", "ist besorgt", "ist geplant" are states.
_PARTICIPLE_HABEN = re.compile(rf"{_SEP}ge{_LETTERS}(?:t|en)|{_LETTERS}iert|{_SEP}{_INSEP}{_LETTERS}(?:t|en)")
_PARTICIPLE_SEIN = re.compile(
    rf"{_SEP}(?:ge|{_INSEP}){_LETTERS}en|{_SEP}ge(?:reist|landet|startet|folgt|scheitert|kehrt|stürzt|flüchtet"
    r"|wandert|rückt|eilt)|begegnet|passiert|eskaliert|explodiert|marschiert|kollabiert")
_STATES = ("geschlossen", "verboten", "betroffen", "vertreten", "gelegen", "vorgesehen", "verbunden", "gebunden")
_NOT_PARTICIPLES = frozenset("verschieden verschiedenen vergangenen ersten besten beiden bereiten erneut".split())
_MODALS = frozenset("soll sollen will wollen wird werden muss müssen dürfte dürften kann können könnte könnten".split())
# A perfect after these is future-anterior: "Sobald das Treffen abgeschlossen ist, …".
_FUTURE_CONJUNCTIONS = frozenset("sobald wenn bevor bis falls".split())
_ORDINAL_BEFORE = re.compile(
    r"(?i)(?<!\w)(?:first|second|third|last|only|highest|lowest|biggest|largest|worst|best|longest|strongest"
    r"|weakest|deepest|fewest|most|least|record|(?:erst|zweit|dritt|letzt|einzig|höchst|niedrigst|größt"
    r"|schwerst|stärkst|schlimmst|best|längst|tiefst)e[mnrs]?|meisten|erstmals|Rekord\w*)(?:\s+[\w-]+){0,6}\s+$")
_EN_NOUN = re.compile(r"(?i)(?:meet|hold|start|open|travel|visit|host|resume)s?")
_DETERMINER = re.compile(r"(?i)(?<!\w)(?:a|an|the|his|her|its|their|our|my|your|this|that|final|first|last"
                         r"|official|state|recent|brief|surprise)\s+$")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a text: character offsets and its resolved value."""

    start: int
    end: int
    value: DateValue


_Mark = tuple[Tense, int, int]  # a tense marker: its kind and span
_Handler = Callable[[re.Match[str], dt.date | None, Tense | None], DateValue | None]


def find_dates(text: str, lang: str, published: dt.date | None, *,
               tense: Tense | None = None) -> list[DateMention]:
    """Every date expression in ``text``, longest match first, non-overlapping, in text order.

    ``tense`` overrides ``tense_hint`` for every expression when the caller knows better.
    """
    starts = [m.start() for m in _WORD_START.finditer(text)]
    candidates = [(match, rule.handler) for rule in _RULES for match in _matches(rule, text, starts)]
    # Longest first, then leftmost; the sort is stable, so rule order breaks the remaining ties.
    candidates.sort(key=lambda c: (c[0].start("e") - c[0].end("e"), c[0].start("e")))
    chosen: list[DateMention] = []
    for match, handler in candidates:
        start, end = match.span("e")
        if any(start < other.end and other.start < end for other in chosen):
            continue  # resolved only once it can still be chosen: the tense hint is the costly part
        hint = tense or (tense_hint(text, start, end, lang) if published else None)
        value = handler(match, published, hint)
        if value is not None:
            chosen.append(DateMention(start, end, value))
    return sorted(chosen, key=lambda m: m.start)


def resolve_expression(expression: str, lang: str, published: dt.date | None, *,
                       tense: Tense | None = None) -> DateValue | None:
    """The value of the longest date expression inside ``expression``, or None."""
    mentions = find_dates(expression, lang, published, tense=tense)
    if not mentions:
        return None
    return max(mentions, key=lambda m: m.end - m.start).value


def tense_hint(text: str, start: int, end: int, lang: str) -> Tense | None:
    """Whether the sentence around ``text[start:end]`` speaks of the future or the past."""
    lang = "de" if lang.startswith("de") else "en"
    # Look no further than _REACH characters for the sentence ends, so long articles stay linear.
    reach_lo, reach_hi = max(0, start - _REACH), min(len(text), end + _REACH)
    lo = max((m.end() for m in _SENTENCE_END.finditer(text, reach_lo, start)), default=reach_lo)
    stop = _SENTENCE_END.search(text, end, reach_hi)
    hi = stop.start() if stop else reach_hi
    before, after = text[lo:start], text[end:hi]
    # A preposition counts only before the date it governs ("für 3 Milliarden" after one does not).
    previous = [w.lower() for w in before.split()[-2:]] if before[-1:].isspace() else []
    following = after.split()[0].lower() if after[:1].isspace() and after.split() else ""
    if previous and (previous[-1] in _NEXT_TO_PAST[lang] or previous[-1] in _REPORT[lang].split()
                     or previous[-1] in _ARTICLES and previous[0] in _NEXT_TO_PAST[lang]):
        return "past"  # "seit Montag", "sagte am Montag", "seit dem 5. Dezember"
    if previous and previous[-1] in _NEXT_TO_FUTURE[lang]:
        return "future"
    if following in _REPORT[lang].split():
        return "past"  # "Am Montag sagte er"
    clause_lo = max((m.end() for m in _CLAUSE_BREAK.finditer(text, lo, start)), default=lo)
    brk = _CLAUSE_BREAK.search(text, end, hi)
    clause_hi = brk.start() if brk else hi
    reporting: list[_Mark] = [("past", m.start(), m.end()) for m in _REPORTING[lang].finditer(text, lo, hi)]
    return (_nearest(_marks(text, clause_lo, clause_hi, lang), start, end)
            or _nearest(_marks(text, lo, hi, lang), start, end)
            or _nearest(reporting, start, end))


def _marks(text: str, lo: int, hi: int, lang: str) -> list[_Mark]:
    """Tense markers in ``text[lo:hi]``: kind and span; a perfect's participle replaces a look-alike."""
    marks: list[_Mark] = [(kind, m.start(), m.end()) for kind, pattern in _MARKERS[lang]
                          for m in pattern.finditer(text, lo, hi)
                          if kind == "future" or m.group().lower() not in _NOT_PAST]
    if lang != "de":  # "his final visit", "the start": nouns, not a present tense announcing an event
        return [mark for mark in marks if not (mark[0] == "future" and _EN_NOUN.fullmatch(text, *mark[1:])
                                               and _DETERMINER.search(text, max(lo, mark[1] - 20), mark[1]))]
    perfect = _perfects(text, lo, hi)
    return [mark for mark in marks if mark[1:] not in perfect] + [("past", a, b) for a, b in perfect]


def _perfects(text: str, lo: int, hi: int) -> set[tuple[int, int]]:
    """Spans of German perfects (auxiliary and participle) in the clauses of ``text[lo:hi]``."""
    spans: set[tuple[int, int]] = set()
    cuts = [lo, *(c for m in _CLAUSE_BREAK.finditer(text, lo, hi) for c in m.span()), hi]
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        words = [(w.group(), w.start() + a, w.end() + a) for w in _WORD.finditer(text[a:b])]
        if len(words) < 2 or words[0][0].lower() in _FUTURE_CONJUNCTIONS:
            continue
        prev, last = words[-2][0], words[-1][0]
        if _participle(prev, last.lower(), final=True):  # "nachdem er eingetroffen ist", "getroffen haben"
            spans.update(w[1:] for w in words[-2:])
            if last.lower() in ("haben", "sein"):  # "soll … getroffen haben" is what he is said to have done
                spans.update(w[1:] for w in words if w[0].lower() in _MODALS)
            continue
        auxes = [w[1:] for w in words[:-1] if _participle(last, w[0].lower())]
        if auxes and prev.lower() != "zu":  # "haben … zu beraten" is no perfect
            spans.update(auxes)
            spans.add(words[-1][1:])
    return spans


def _participle(word: str, aux: str, *, final: bool = False) -> bool:
    """Whether ``word`` can be the participle of a perfect with ``aux``; infinitives only at a clause end."""
    if not word[:1].islower() or word in _NOT_PARTICIPLES:
        return False
    if aux in _HABEN:
        return bool(_PARTICIPLE_HABEN.fullmatch(word))
    # "sein" elsewhere is mostly the possessive: "sein Nachfolger"
    return ((aux in _SEIN or (final and aux == "sein")) and not word.endswith(_STATES)
            and bool(_PARTICIPLE_SEIN.fullmatch(word)))


def _nearest(marks: list[_Mark], start: int, end: int) -> Tense | None:
    best: tuple[int, bool] | None = None
    tense: Tense | None = None
    for kind, lo, hi in marks:
        if lo < end and hi > start:
            continue
        key = (start - hi, False) if hi <= start else (lo - end, True)
        if best is None or key < best:
            best, tense = key, kind
    return tense


def _low(word: str) -> str:
    """A matched word as a table key: case-insensitive patterns also match the long s of old print (geſtern)."""
    return word.lower().replace("ſ", "s")


def _direction(words: str) -> int:
    low = words.lower()
    if any(s in low for s in ("nächst", "naechst", "kommend", "next", "coming")):
        return 1
    return -1 if any(s in low for s in ("vergangen", "letzt", "vorig", "last")) else 0


def _value(expr: str, precision: Precision, year: int, month: int = 1, day: int = 1) -> DateValue | None:
    try:
        iso = dt.date(year, month, day).isoformat()
    except ValueError:
        return None
    return DateValue({"day": iso, "month": iso[:7]}.get(precision, iso[:4]), precision, expr)


def _shifted(expr: str, published: dt.date, days: int) -> DateValue | None:
    try:
        return DateValue((published + dt.timedelta(days=days)).isoformat(), "day", expr)
    except OverflowError:
        return None


def _numeric(m: re.Match[str], p: dt.date | None, t: Tense | None) -> DateValue | None:
    return _value(m["e"], "day", int(m["y"]), int(m["mo"]), int(m["d"]))


def _day_month(m: re.Match[str], p: dt.date | None, t: Tense | None) -> DateValue | None:
    month, day = _MONTHS[_low(m["mon"].rstrip("."))], int(m["d"])
    if m["y"]:
        return _value(m["e"], "day", int(m["y"]), month, day)
    if p is None:
        return None
    spans = []
    for candidate in (p.year - 1, p.year, p.year + 1):
        try:
            ordinal = dt.date(candidate, month, day).toordinal()
        except ValueError:  # 29 February, years 0 and 10000
            continue
        spans.append((candidate, ordinal, ordinal, ordinal))
    year = _pick(spans, p.toordinal(), t)
    return None if year is None else _value(m["e"], "day", year, month, day)


def _pick(spans: list[tuple[int, int, int, int]], now: int, t: Tense | None) -> int | None:
    """Year of the occurrence (year, first, middle, last) that holds ``now``, else by tense, else the nearer.

    The weekday rule for things without a year: the next one for future, the previous one for past,
    otherwise the one whose middle is nearer, the future one on a tie.
    """
    for year, first, _, last in spans:
        if first <= now <= last:
            return year
    if t == "future":
        return next((s[0] for s in spans if s[1] > now), None)
    if t == "past":
        return next((s[0] for s in reversed(spans) if s[3] < now), None)
    return min(spans, key=lambda s: (abs(s[2] - now), s[2] < now))[0] if spans else None


def _year_of(month: int, p: dt.date, mod: str | None, lead: bool, t: Tense | None,
             season: bool = False) -> int | None:
    """Year of a month (or season's middle month) given without one; None if nothing says it is a date."""
    if mod is not None:
        way = _direction(mod)
        if way == 1:
            return p.year if month > p.month else p.year + 1
        return p.year if way == 0 or month < p.month else p.year - 1
    if not lead:
        return None
    # Months counted from year 0; a season spans its middle month ± 1, winter December to February.
    width = 1 if season else 0
    first, last = (month, month + 2) if season and month == 12 else (month - width, month + width)
    spans = [(y, 12 * y + first, 12 * y + month, 12 * y + last) for y in (p.year - 1, p.year, p.year + 1)]
    return _pick(spans, 12 * p.year + p.month, t)


def _month_or_season(m: re.Match[str], p: dt.date | None, t: Tense | None) -> DateValue | None:
    g = m.groupdict()
    season = bool(g.get("s"))
    precision: Precision = "season" if season else "month"
    month = _SEASONS[_low(g["s"])] if season else _MONTHS[_low(g["mon"].rstrip("."))]
    if g["y"]:
        return _value(m["e"], precision, int(g["y"]), month)
    if p is None:
        return None
    if g["ry"]:
        return _value(m["e"], precision, p.year + _direction(g["ry"]), month)
    # "the fall of Kabul", "August Bebel": a bare name is only a date with a preposition or modifier.
    year = _year_of(month, p, g["mod"], bool(g.get("lead") or g["part"] or g["prep"]), t, season)
    return None if year is None else _value(m["e"], precision, year, month)


def _year(m: re.Match[str], p: dt.date | None, t: Tense | None) -> DateValue | None:
    return None if m["lead"] or m["tail"] else _value(m["e"], "year", int(m["y"]))


def _weekday(m: re.Match[str], p: dt.date | None, t: Tense | None) -> DateValue | None:
    if p is None:
        return None
    ahead = (_WEEKDAYS[_low(m["wd"])] - p.weekday()) % 7
    way = _direction(m["mod"]) if m["mod"] else None
    if way == 1:
        days = ahead or 7
    elif way == -1:
        days = ahead - 7
    elif ahead == 0 or way == 0 or t == "future":
        days = ahead
    elif t == "past":
        days = ahead - 7
    else:
        days = ahead if ahead <= 3 else ahead - 7
    return _shifted(m["e"], p, days)


def _day_word(m: re.Match[str], p: dt.date | None, t: Tense | None) -> DateValue | None:
    return None if p is None else _shifted(m["e"], p, _DAY_WORDS[_low(m["e"].split()[0])])


def _relative_unit(m: re.Match[str], p: dt.date | None, t: Tense | None) -> DateValue | None:
    if p is None or not (m["mod"] or m["part"]):  # "Ende des Jahres" is this year, "des Jahres" alone not
        return None
    way, unit = _direction(m["mod"] or ""), m["u"].lower()
    if unit.startswith(("woche", "week")):
        return _shifted(m["e"], p, 7 * way - p.weekday())
    if unit.startswith(("monat", "month")):
        year, month = divmod(12 * p.year + p.month - 1 + way, 12)
        return _value(m["e"], "month", year, month + 1)
    return _value(m["e"], "year", p.year + way)


def _offset(m: re.Match[str], p: dt.date | None, t: Tense | None) -> DateValue | None:
    word = (m["dirw"] or "").lower()
    if p is None or not (word or m["ago"]):
        return None
    unit = m["u"][0].lower()
    if word == "in" and ((unit in "jy" and t != "future") or _after_ordinal(m)):
        return None  # a duration: "the first visit in six years", "the worst crisis in two months"
    count = int(m["n"]) if m["n"].isdigit() else _NUMBERS[_low(m["n"])]
    n = -count if m["ago"] or word == "vor" else count
    if unit in "td":
        return _shifted(m["e"], p, n)
    if unit == "w":
        return _shifted(m["e"], p, 7 * n)
    if unit == "m":
        year, month = divmod(12 * p.year + p.month - 1 + n, 12)
        return _value(m["e"], "month", year, month + 1)
    return _value(m["e"], "year", p.year + n)


def _after_ordinal(m: re.Match[str]) -> bool:
    """Whether an ordinal or superlative comes shortly before, in the same clause: "the first visit in …"."""
    return bool(_ORDINAL_BEFORE.search(m.string, max(0, m.start("e") - 80), m.start("e")))


@dataclass(frozen=True)
class _Rule:
    """A date pattern, its handler, and a quick regex for something every match of the pattern contains.

    Every pattern starts at a word start.  ``before`` is the most words a match has before that
    part (None: the anchor only says whether to run the pattern over the text at all)."""

    pattern: re.Pattern[str]
    handler: _Handler
    anchor: re.Pattern[str]
    before: int | None


# The characters other than a letter's two cases that Python's case-insensitive matching takes for it.
_FOLDS = {"i": "İı", "k": "\u212a", "s": "ſ"}


def _any_case(words: Iterable[str]) -> str:
    """A regex for any of ``words`` in any case, or a little more, that begins with a plain character
    class: the regex engine then skips to candidate positions instead of trying every one."""
    words = list(words)
    firsts = {c for w in words for c in (w[0].lower(), w[0].upper(), *_FOLDS.get(w[0].lower(), ""))}
    return f"[{''.join(sorted(firsts))}](?i:{_alt(w[1:] for w in words)})"


# Full month names need no word boundary here: an anchor may find a little more than the pattern needs.
_MONTH_ANCHOR = _alt([*(m for m in _FULL_MONTHS.split("|")), *(a + r"\." for a in _ABBREVIATIONS)])
_YEARS = r"1[89]\d\d|20\d\d|2100"
_SEASONS_RX = "Frühling|Frühjahr|Sommer|Herbst|Winter|spring|summer|autumn|fall"
_UNITS = "Woche|Monat|Jahr|week|month|year"

_RULES: tuple[_Rule, ...] = tuple(_Rule(re.compile(rx), fn, re.compile(anchor), before) for rx, fn, anchor, before in (
    (r"(?<![\w-])(?P<e>(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2}))(?![\w-])", _numeric, r"\d{4}-\d\d-\d\d", None),
    (rf"(?<!\w)(?P<e>{_PREP}?(?<![\w.])(?P<d>\d{{1,2}})\.\s?(?P<mo>\d{{1,2}})\.\s?(?P<y>\d{{4}}))(?!\w)", _numeric,
     r"\.\s?\d{1,2}\.\s?\d{4}", None),
    (rf"(?<!\w)(?P<e>{_PREP}?(?:{_WEEKDAY},?\s+)?(?:(?i:den|the)\s+)?(?<![\w.])(?P<d>\d{{1,2}})"
     rf"(?:\.\s*|(?:st|nd|rd|th)?\s+(?:of\s+)?){_MONTH}(?:,?\s+{_YEAR})?)", _day_month, _MONTH_ANCHOR, 6),
    (rf"(?<!\w)(?P<e>{_PREP}?(?:{_WEEKDAY},?\s+)?{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
     rf"(?:,?\s+{_YEAR})?)(?!\w)", _day_month, _MONTH_ANCHOR, 3),
    (rf"(?<!\w){_LEAD}?(?P<e>{_PREP}?{_PART}?(?:{_MOD}\s+)?{_MONTH}(?:,?\s+{_YEAR}|\s+{_REL_YEAR})?)(?!\w)",
     _month_or_season, _MONTH_ANCHOR, 10),
    (rf"(?<!\w)(?P<e>{_PREP}?{_PART}?(?:{_MOD}\s+)?(?P<s>(?i:{_SEASONS_RX}))(?:\s+(?:of\s+)?(?P<y>\d{{4}})"
     rf"(?:/\d\d(?:\d\d)?)?(?!\d)|\s+{_REL_YEAR})?)(?!\w)", _month_or_season, _any_case(_SEASONS_RX.split("|")), 8),
    (rf"(?<!\w){_APPROX}?(?P<e>{_PREP}?{_PART}?(?:(?i:Jahre?|year)\s+)?(?<![\w.,])(?P<y>{_YEARS})"
     rf"(?!\w|[.,]\d)){_COUNT}?", _year, _YEARS, 10),
    (rf"(?<!\w)(?P<e>{_PREP}?(?:{_MOD}\s+)?{_WEEKDAY}(?:{_DAY_PART})?)(?!\w)", _weekday, _alt(_WEEKDAY_NAMES), 3),
    (r"(?<!\w)(?P<e>(?i:heute|gestern|vorgestern|übermorgen|today|tonight|yesterday|tomorrow)"
     rf"(?:\s+(?i:früh|{_DE_PARTS}|morning|afternoon|evening|night))?|(?:^|(?<=[.!?]\s)|(?<=\n))Morgen"
     rf"|morgen(?:\s+(?i:früh|{_DE_PARTS}))?)(?!\w)", _day_word,
     _any_case("heute gestern vorgestern übermorgen today tonight yesterday tomorrow morgen".split()), None),
    (rf"(?<!\w)(?P<e>{_PREP}?{_PART}?(?:(?i:earlier|later)\s+)?(?:{_MOD}\s+|(?<=des\s)|(?<=der\s)|(?<=the\s))"
     r"(?P<u>(?i:Woche|Monats?|Jahr(?:es|s)?|week|month|year)))(?!\w)", _relative_unit, _any_case(_UNITS.split("|")),
     9),
    (rf"(?<!\w)(?P<e>(?:(?P<dirw>(?i:vor|in))\s+)?(?P<n>\d{{1,3}}|(?i:{_alt(_NUMBERS)}))\s+"
     r"(?P<u>(?i:Tag(?:en?)?|Wochen?|Monat(?:en?)?|Jahr(?:en?)?|days?|weeks?|months?|years?))"
     r"(?:\s+(?P<ago>(?i:ago)))?)(?!\w)", _offset, _any_case([*_UNITS.split("|"), "Tag", "day"]), 2),
))
_WORD_START = re.compile(r"\w+|§")


def _matches(rule: _Rule, text: str, starts: list[int]) -> list[re.Match[str]]:
    """What ``rule.pattern.finditer(text)`` finds, trying the pattern only at the few word starts
    (``starts``) before each anchor: the regex engine trying every rule at every position was most
    of the time date finding took."""
    anchors = rule.anchor.finditer(text)
    first = next(anchors, None)
    if first is None:
        return []
    if rule.before is None:
        return list(rule.pattern.finditer(text))
    window = rule.before + 2  # the anchor's own word start, and a "§" before the words
    out: list[re.Match[str]] = []
    pos = tried = 0  # where finditer would search next; the word starts tried so far
    for anchor in (first, *anchors):
        upto = bisect.bisect_right(starts, anchor.start())
        for k in range(max(tried, upto - window), upto):
            if starts[k] >= pos and (match := rule.pattern.match(text, starts[k])) is not None:
                out.append(match)
                pos = match.end()
        tried = max(tried, upto)
    return out
