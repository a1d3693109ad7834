"""Names by rule: persons the knowledge base does not know, and repairs of knowledge-base matches.

Persons: a given name and capitalised surname(s) ("Karl Muster", "Hans-Dietrich Genscher",
"Ursula von der Leyen"); a title, role or honorific and a name, the title left out of the span
("Herrn Willmai", "Trainer Jürgen Klopp", "Dr. H. Klee"); a bare name after a verb of saying
("sagte Müller", '"…," Smith said'); a given name alone in mid-sentence ("für Paul").

The shared token tests (capitalised word, sentence start, hyphen joins) live here too; repairs
of knowledge-base matches are in ``kg.mentions_repair``, places and organizations by rule in
``kg.mentions_places`` and ``kg.mentions_orgs``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Span

from kg.lexicon import TITLES
from kg.mentions_tokens import Tok, Tokens
from kg.name_cues import (
    GIVEN_NAME_WORDS,
    HONORIFICS,
    NAME_PARTICLES,
    NOT_NAME_WORDS,
    ORG_NAME_HEADS,
    ORG_PREFIX_HEADS,
    PLACE_NAME_HEADS,
    PLACE_PREPS,
    ROLE_NOUNS,
    ROLE_SUFFIXES,
    SAY_AFTER,
    SAY_BEFORE,
    given_names,
)

__all__ = ["Row", "is_cap", "sentence_initial", "attached", "line_hyphen", "person_rows", "in_compound",
           "PLACE_LIKE", "NOBLE_TITLES"]

# A candidate mention: span, class, grouping key, KB QID, source ("kb", "pattern", "kb-part" …).
Row = tuple[Span, str, str, str | None, str]

PLACE_LIKE = frozenset({"Place", "Country", "City", "Region", "Continent"})
# Titles whose name is a person even where a place has that name ("Königin Victoria").
NOBLE_TITLES = frozenset({"könig", "königin", "kaiser", "kaiserin", "papst", "prinz", "prinzessin", "zar", "zarin",
                          "king", "queen", "pope", "prince", "princess", "sultan"})
_HYPHENS = frozenset({"-", "‐", "⸗"})
_ROMAN = re.compile(r"^(?:[IVX]{1,5})\.?$")
_SAINTS = frozenset({"saint", "st.", "st", "sankt", "san", "santa", "são"})
_DETERMINERS = frozenset({"der", "die", "das", "des", "dem", "den", "ein", "eine", "einen", "einem", "the", "a", "an",
                          "this", "that", "unser", "unsere", "mein", "meine", "sein", "seine", "ihr", "ihre"})
# Capitalised function words that start a sentence and never a surname ("Tony Hayward Die Ölplattform").
_FUNCTION_WORDS = frozenset("""der die das dem den des ein eine einen einem einer im in am an auf aus bei mit nach
von vor zu zum zur für über unter er sie es wir ich und oder aber doch auch so wie wenn als da dann noch nun nicht
the a an he she it we they i in on at but and or this that his her its""".split())
# Endings of German nouns for people: "Kenianer", "Russin", "Pianisten", "Großmeister", "Regisseur".
_AGENT_ENDINGS = ("ianer", "aner", "spieler", "meister", "ist", "isten", "istin", "in", "eur", "ant", "anten",
                  "sänger", "sängerin", "fahrer", "fahrerin", "läufer", "läuferin", "maler", "autor", "autorin",
                  "schauspieler", "musiker", "musikerin", "künstler", "künstlerin", "gründer", "gründerin",
                  "unternehmer", "unternehmerin", "kollege", "kollegin", "chef", "chefin", "vater", "mutter",
                  "sohn", "tochter", "bruder", "schwester", "frau", "mann", "witwe", "freundin", "freund")
_SURNAME_HEADS = frozenset({"park", "hall", "church", "post", "bell", "bank", "street"})
_NOUN_ENDINGS = ("ung", "ungen", "heit", "keit", "schaft", "tion", "ität", "nis", "ismus", "steuer")
# English subjects of "said" that start a sentence without being names.
_SAYERS = frozenset("""police officials authorities analysts witnesses prosecutors doctors experts residents
investigators researchers scientists critics officers sources observers reports documents records investors
economists lawyers attorneys neighbors neighbours friends relatives students parents teachers organizers
organisers leaders others many some both officers republicans democrats democrat republican spokesmen
diplomats agents troops soldiers rebels protesters activists fans players managers executives""".split())
_QUOTES = frozenset({'"', "“", "”", "„", "«", "»", "''", "``", "‘", "’", "'"})


def is_cap(token: Tok) -> bool:
    """A capitalised word ("Müller", "McBride", "O'Brien"), not an all-caps acronym or a number."""
    return token.is_cap


def sentence_initial(token: Tok) -> bool:
    """First word of its sentence, after any quotes or brackets."""
    i = token.i
    while i > 0 and not token.doc[i].is_sent_start:
        i -= 1
        if not (token.doc[i].is_punct or token.doc[i].is_space):
            return False
    return True


def attached(a: Tok, b: Tok) -> bool:
    """b follows a without a space."""
    return b.i == a.i + 1 and not a.whitespace_


def line_hyphen(token: Tok) -> bool:
    """A word broken or joined at a line end in old print: "Sowjet⸗", "Lon¬"."""
    return len(token.text) > 1 and token.text.endswith(("⸗", "¬"))


def _word(doc: Tokens, i: int) -> str:
    return doc[i].lower_ if 0 <= i < len(doc) else ""


# ---------------------------------------------------------------------------------------------
# Persons


def person_rows(doc: Tokens, lang: str, known: list[Row], kb_given: Iterable[str] = ()) -> list[Row]:
    """Persons by given name, title or honorific, and verbs of saying; none overlaps a KB place or
    organization name, and none runs on past a KB person (it may end with one)."""
    given = (given_names() | GIVEN_NAME_WORDS | frozenset(kb_given)) - NOT_NAME_WORDS
    blocked = _known_tokens(known)
    out: list[Row] = []
    kb_people = {t for span, kind, *_ in known if kind == "Person" for t in range(span.start, span.end)}
    for token in doc:
        i = token.i
        if i in blocked and not (token.lower_ in given and i + 1 < len(doc) and i + 1 not in blocked
                                 and _surname_ok(doc[i + 1], lang)):
            continue  # a KB place or organization, unless a given name and surname begin there ("Chad Johnson")
        span = _given_name_span(doc, i, given, blocked, lang)
        if span is not None and lang == "en" and sentence_initial(token) and token.lower_ in GIVEN_NAME_WORDS \
                and span.end - 1 in kb_people:
            span = None  # "Will Biden run again?"
        if span is None:
            span = _inverted_span(doc, i, given, blocked, lang)
        if span is None:
            span = _titled_span(doc, i, given, blocked, lang)
        if span is None:
            span = _said_span(doc, i, given, blocked, lang)
        if span is None and lang == "de":
            span = _described_span(doc, i, given, blocked)
        if span is not None and not in_compound(doc, span):
            out.append((span, "Person", "per:" + _surname_key(doc, span), None, "pattern"))
    return out


def in_compound(doc: Tokens, span: Span) -> bool:
    """Whether the span is joined by a hyphen to a word before or after it ("ARD-Soap", "al-Aziz")."""
    start, end = span.start, span.end
    if line_hyphen(doc[end - 1]) or start >= 1 and line_hyphen(doc[start - 1]):
        return True
    if end + 1 < len(doc) and doc[end].text in _HYPHENS and attached(doc[end - 1], doc[end]) \
            and attached(doc[end], doc[end + 1]):
        return True
    return start >= 2 and doc[start - 1].text in _HYPHENS and attached(doc[start - 1], doc[start]) \
        and attached(doc[start - 2], doc[start - 1])


def _surname_key(doc: Tokens, span: Span) -> str:
    words = [t.lower_ for t in doc[span.start:span.end] if not _ROMAN.match(t.text)]
    return (words or [doc[span.end - 1].lower_])[-1]


def _known_tokens(known: list[Row]) -> set[int]:
    """Tokens of KB places and organizations (names and compound parts, not adjectives)."""
    out: set[int] = set()
    for span, kind, _key, _qid, source in known:
        if kind != "Person" and source in {"kb", "kb-surname", "kb-part"}:
            out.update(range(span.start, span.end))
    return out


def _is_title(token: Tok, lang: str) -> bool:
    low = token.lower_
    if low in TITLES[lang] or low in ROLE_NOUNS[lang] or low in HONORIFICS[lang]:
        return True
    return lang == "de" and len(low) > 6 and low.endswith(ROLE_SUFFIXES)


def _surname_ok(token: Tok, lang: str) -> bool:
    low = token.lower_
    if lang == "de" and len(low) > 5 and low.endswith(_NOUN_ENDINGS):
        return False  # "Erwartung", "Umsatzsteuer" are nouns, not surnames
    return (is_cap(token) and not token.is_sent_start and not token.is_stop and low not in NOT_NAME_WORDS
            and not _is_title(token, lang) and (low not in ORG_NAME_HEADS and low not in PLACE_NAME_HEADS
                                                or low in _SURNAME_HEADS) and low not in ORG_PREFIX_HEADS)


def _initial(doc: Tokens, i: int) -> int:
    """Tokens of an initial at i: "J." is one, "H ." two, none is 0."""
    text = doc[i].text if i < len(doc) else ""
    if len(text) == 2 and text[0].isupper() and text[1] == ".":
        return 1
    if len(text) == 1 and text.isupper() and i + 1 < len(doc) and doc[i + 1].text == ".":
        return 2
    return 0


def _given_run(doc: Tokens, i: int, given: frozenset[str], lang: str) -> int:
    """End of the given names from i: "Hans-Dietrich", "Frank Walter", "Johann Lucas"."""
    j = i + 1
    while j < len(doc) and j - i < 5:
        if doc[j].text in _HYPHENS and j + 1 < len(doc) and attached(doc[j - 1], doc[j]) \
                and attached(doc[j], doc[j + 1]) and doc[j + 1].lower_ in given and is_cap(doc[j + 1]):
            j += 2
            continue
        if doc[j].lower_ in given and _surname_ok(doc[j], lang):
            j += 1
            continue
        break
    return j


def _name_tail(doc: Tokens, j: int, blocked: set[int], lang: str) -> int:
    """The end of a name whose surname part starts at j: initials, particles, a surname
    ("J. Blinken", "von der Leyen", "Doe-Smith"); j itself when none follows."""
    k = j
    while k < len(doc) and _initial(doc, k):
        k += _initial(doc, k)
    if k < len(doc) and doc[k].lower_ in NAME_PARTICLES and doc[k].is_lower:
        k += 1
        if k < len(doc) and doc[k - 1].lower_ in {"von", "van"} and doc[k].lower_ in {"der", "den", "dem"}:
            k += 1
    if k >= len(doc) or k in blocked:
        return j
    if not _surname_ok(doc[k], lang):
        nxt = doc[k + 1] if k + 1 < len(doc) else None
        stop_name = doc[k].is_stop and is_cap(doc[k]) and not doc[k].is_sent_start and k > j \
            or doc[k].is_stop and k == j and j > 0 and is_cap(doc[k]) and not doc[k].is_sent_start
        if not (stop_name and doc[k].lower_ not in _FUNCTION_WORDS and (nxt is None or not is_cap(nxt))):
            return j
    end = k + 1
    if end + 1 < len(doc) and doc[end].text in _HYPHENS and attached(doc[end - 1], doc[end]) \
            and _surname_ok(doc[end + 1], lang) and end + 1 not in blocked and attached(doc[end], doc[end + 1]):
        return end + 2  # "Doe-Smith"
    return end


def _regnal(doc: Tokens, end: int) -> int:
    """"Ludwig XIV.", "Friedrich II.": the number belongs to the name."""
    if end < len(doc) and _ROMAN.match(doc[end].text) and doc[end - 1].whitespace_:
        end += 1
        if end < len(doc) and doc[end].text == "." and not doc[end - 1].whitespace_:
            end += 1
    return end


def _given_name_span(doc: Tokens, i: int, given: frozenset[str], blocked: set[int], lang: str) -> Span | None:
    token = doc[i]
    if token.lower_ not in given or not is_cap(token) or (i > 0 and _is_title(doc[i - 1], lang)):
        return None
    if i > 0 and (doc[i - 1].text in _HYPHENS and attached(doc[i - 1], token)
                  or doc[i - 1].lower_ in given and is_cap(doc[i - 1]) and not doc[i - 1].is_sent_start
                  or doc[i - 1].lower_ in _SAINTS or doc[i - 1].like_num):
        return None  # inside a name read from its start, "Saint Ann Parish", "100 000 Mark Umsatz"
    j = _given_run(doc, i, given, lang)
    end = _name_tail(doc, j, blocked, lang)
    if end == j and j - i >= 2 and doc[j - 1].lower_ not in GIVEN_NAME_WORDS:
        end = j  # "Anton Günther", "Paul Simon": the last given name is the surname
    elif end == j:
        end = i
    if end > i:
        return doc.span(i, _regnal(doc, end))
    # a given name alone, in mid-sentence: "Verständnis für Paul", "Ludwig XIV."
    prev = doc[i - 1] if i > 0 else None
    if token.lower_ in GIVEN_NAME_WORDS:
        return None
    if prev is None or sentence_initial(token):
        # "Paul war inzwischen …": a given name that starts a sentence before a lower-case verb
        if j < len(doc) and doc[j].is_lower and doc[j].is_alpha and doc[j].lower_ not in _FUNCTION_WORDS:
            return doc.span(i, j)
        return None
    adjective = prev.is_lower and prev.lower_.endswith(("e", "en", "er", "es", "em")) and i > 1 \
        and doc[i - 2].lower_ in _DETERMINERS  # "die französische Marine"
    if j < len(doc) and (doc[j].text in _HYPHENS or is_cap(doc[j])) or prev.lower_ in _DETERMINERS \
            or prev.lower_ in PLACE_PREPS[lang] and prev.lower_ not in {"von", "from", "to"} or adjective \
            or prev.is_title and not prev.is_sent_start:
        return None
    return doc.span(i, _regnal(doc, j))


def _inverted_span(doc: Tokens, i: int, given: frozenset[str], blocked: set[int], lang: str) -> Span | None:
    """"Kaplan , Sophie —", "Goldmann , David M . —": surname, comma, given name in a list of people."""
    if not (is_cap(doc[i]) and i + 2 < len(doc) and doc[i + 1].text == "," and doc[i + 2].lower_ in given
            and is_cap(doc[i + 2])) or doc[i].lower_ in given or doc[i].is_stop or i + 2 in blocked:
        return None
    if i > 0 and not (doc[i - 1].is_punct or doc[i - 1].is_sent_start) or _is_title(doc[i], lang):
        return None
    end = _given_run(doc, i + 2, given, lang)
    while end < len(doc) and _initial(doc, end):
        end += _initial(doc, end)
    if end < len(doc) and doc[end].text in {"—", "–", "("}:
        return doc.span(i, end)
    return None


def _titled_span(doc: Tokens, i: int, given: frozenset[str], blocked: set[int], lang: str) -> Span | None:
    """"Herrn Willmai", "Trainer Jürgen Klopp", "Frau Dr. Müller", "Dr . H . Klee": the name only."""
    if not _is_title(doc[i], lang) or not (doc[i].text[0].isupper() or doc[i].lower_ in TITLES[lang]
                                           or lang == "en" and doc[i].lower_ in ROLE_NOUNS[lang]):
        return None
    j = i + 1
    while j < len(doc) and (doc[j].text == "." or doc[j].lower_ in HONORIFICS[lang]):
        j += 1  # "Frau Dr.", "Dr ."
    if j >= len(doc) or j in blocked and doc[i].lower_ not in NOBLE_TITLES and not (
            doc[j].lower_ in given and j + 1 < len(doc) and j + 1 not in blocked and _surname_ok(doc[j + 1], lang)):
        return None
    start = j
    double = j + 1 < len(doc) and doc[j + 1].lower_ in {"der", "den", "dem", "la", "le"}
    if doc[j].lower_ in NAME_PARTICLES and doc[j].is_lower and doc[i].lower_ not in NOBLE_TITLES \
            and (doc[i].lower_ in HONORIFICS[lang] or double):
        end = _name_tail(doc, j, blocked, lang)  # "Frau von Saher", "Minister von der Heydt", not "Graf von Stadion"
    elif _initial(doc, j):
        end = _name_tail(doc, j, blocked, lang)
    else:
        if not (_surname_ok(doc[j], lang) or doc[j].lower_ in given and is_cap(doc[j])):
            return None
        end = _given_run(doc, j, given, lang) if doc[j].lower_ in given else j + 1
        end = max(end, _name_tail(doc, end, blocked, lang))
        while end < len(doc) and end < start + 3 and end not in blocked and _surname_ok(doc[end], lang):
            end += 1
    if end <= start:
        return None
    return doc.span(start, _regnal(doc, end))


def _described_span(doc: Tokens, i: int, given: frozenset[str], blocked: set[int]) -> Span | None:
    """"Der Kenianer Ancentus Akuku ist …", "Großmeister Thies Heinemann .": a German noun for a person
    (nationality, trade, role) and two capitalised words that end the phrase."""
    noun = doc[i]
    if not is_cap(noun) or noun.is_stop or not noun.lower_.endswith(_AGENT_ENDINGS) or noun.lower_ in NOT_NAME_WORDS \
            or i + 2 >= len(doc):
        return None
    first, last = doc[i + 1], doc[i + 2]
    if i + 1 in blocked or i + 2 in blocked or not (_surname_ok(first, "de") and _surname_ok(last, "de")):
        return None
    if first.lower_ not in given and first.lower_.endswith(("e", "en", "er", "es", "em")):
        return None  # "der Anbieter Deutsche Telekom"
    after = doc[i + 3] if i + 3 < len(doc) else None
    if after is not None and not (after.is_punct or after.is_lower) or after is not None and after.text in _HYPHENS:
        return None
    return doc.span(i + 1, i + 3)


def _said_span(doc: Tokens, i: int, given: frozenset[str], blocked: set[int], lang: str) -> Span | None:
    """"sagte Müller", ", so Müller", '"…," Smith said', "said Smith.": a bare name with a verb of saying."""
    token = doc[i]
    if lang == "en" and i + 1 < len(doc) and doc[i + 1].lower_ in SAY_AFTER[lang] and sentence_initial(token) \
            and is_cap(token) and not token.is_stop and token.lower_ not in _SAYERS | NOT_NAME_WORDS \
            and not _is_title(token, lang):
        return doc.span(i, i + 1)  # "Hallworth said the plan …"; not "Officials said"
    if not _surname_ok(token, lang) or token.lower_ in given:
        return None
    end = i + 1
    if end < len(doc) and _surname_ok(doc[end], lang) and end not in blocked:
        end += 1
    after = doc[end] if end < len(doc) else None
    if after is not None and after.text in _HYPHENS and not doc[end - 1].whitespace_:
        return None
    before = _word(doc, i - 1)
    if before in SAY_BEFORE[lang] and (before != "so" or _word(doc, i - 2) == ","):
        ends = after is None or after.text in {",", ".", ";", ":", "!", "?", *_QUOTES}
        if ends or lang == "de" and after is not None and (after.is_punct or after.is_lower
                                                           or after.lower_ in {"dem", "der", "den"}):
            if lang == "de" and token.lower_.endswith(("ung", "heit", "keit", "schaft", "ion", "tät")):
                return None
            return doc.span(i, end)
    if lang == "en" and after is not None and after.lower_ in SAY_AFTER[lang] and i > 0 \
            and doc[i - 1].text in {",", *_QUOTES}:
        return doc.span(i, end)
    return None
