"""Places the knowledge base does not know, by rule; they become unlinked mentions.

German capitalises every noun, so a capitalised word after "in" is a place only with more
evidence: no article, not a noun that goes with a preposition ("in Kraft", "nach Angaben"), no
noun ending ("-ung", "-heit") unless it has a settlement suffix, and a following word that ends
the phrase (punctuation, "und", a verb).  Other cues: a settlement suffix ("-burg", "-ingen",
"-hausen") without article, a head noun ("die Stadt Celle", "Kanton Zürich", "the city of Lima"),
a list whose other members are places ("Stuttgart, Mannheim und Ravensburg"), and a dateline
("Hamburg (dpa) -", whose agency is an organization).  Organizations are in kg.mentions_orgs.
A place or organization found once by rule is found again wherever it recurs in the document.
"""

from __future__ import annotations

import re

from kg.lexicon import TITLES
from kg.mentions_rules import PLACE_LIKE, Row, is_cap, sentence_initial
from kg.mentions_tokens import Tok, Tokens
from kg.name_cues import (
    CITY_HEADS,
    GEO_HEADS,
    HONORIFICS,
    NOT_NAME_WORDS,
    NOT_PLACE_COMPOUNDS,
    NOUN_HEADS,
    NOUN_SUFFIXES,
    ORG_SUFFIXES,
    PLACE_HEADS,
    PLACE_PREPS,
    PREP_NOUNS,
    ROLE_NOUNS,
    STRONG_PLACE_SUFFIXES,
    WEAK_PLACE_SUFFIXES,
    given_names,
)

__all__ = ["place_rows", "names_again", "ARTICLES", "NAME_ADJECTIVES", "ends_phrase", "has_suffix", "nounlike",
           "taken_tokens"]

ARTICLES = frozenset("""der die das des dem den ein eine einer eines einem einen im am vom zum zur beim ins
the a an this that these those its his her their our""".split())
_LIST = frozenset({",", "und", "oder", "sowie", "bzw.", "and", "or", "/"})
_ENDS = frozenset({",", ".", ";", ":", "!", "?", ")", "(", "-", "–", '"', "“", "”", "«", "»", "'", "''", "und",
                   "oder", "sowie", "and", "or", "/"})
_NAME_STARTS = frozenset({"bad", "st.", "sankt", "groß", "klein", "neu", "alt", "ober", "unter", "nieder", "hohen",
                          "new", "san", "santa", "los", "las", "le", "la", "fort", "port", "mount", "saint", "st",
                          "west", "east", "north", "south", "ost", "nord", "süd", "palm", "el", "al", "lake", "cape"})
_ROMAN = re.compile(r"^[IVXLC]+$")
# Words before "von"/"of" that make what follows a place: "südlich von Plauen", "the coast of Maine".
_NEAR = frozenset("""südlich nördlich westlich östlich südöstlich südwestlich nordöstlich nordwestlich nähe küste
umgebung norden süden osten westen rand stadtrand ufer zentrum north south east west northeast northwest southeast
southwest coast outskirts""".split())
# Adjectives that German capitalises inside names: "das Neue Testament", "die Hohe Tatra".
NAME_ADJECTIVES = frozenset("""neue neuen großen große hohe hohen rote roten schwarze schwarzen weiße weißen tote
toten heilige heiligen vereinigte vereinigten alte alten obere oberen untere unteren""".split())
# Heads that also end compound names of places: "Urstromtal", "Pestalozzistraße".
_COMPOUND_GEO_HEADS = ("tal", "bucht", "gebirge", "wald", "heide", "straße", "strasse", "platz", "allee", "gasse",
                       "ufer", "moor", "forst", "meer", "see", "ozean")


def taken_tokens(rows: list[Row]) -> set[int]:
    """Tokens of names already found; an adjective ("Deutsche") may still begin a longer name."""
    out: set[int] = set()
    for span, _kind, _key, _qid, source in rows:
        if source != "kb-adj":
            out.update(range(span.start, span.end))
    return out


def _hyphen_before(doc: Tokens, i: int) -> bool:
    """The second part of a hyphenated word ("Karl-Marx", "Nato-Staaten")."""
    return i > 0 and doc[i - 1].text in {"-", "‐", "⸗"} and not doc[i - 1].whitespace_ and i > 1 \
        and not doc[i - 2].whitespace_


def has_suffix(word: str, suffixes: tuple[str, ...]) -> bool:
    """A settlement ending with at least three letters before it ("Hamburg", not "Burg" or "Dingen")."""
    for w in (word, word[:-1] if word.endswith("s") else word):
        if w in NOT_PLACE_COMPOUNDS:
            continue
        if any(w.endswith(s) and len(w) >= len(s) + 3 for s in suffixes):
            return True
    return False


def nounlike(token: Tok, lang: str) -> bool:
    """A German common noun by form, or a word no name can be."""
    low = token.lower_
    if low in NOT_NAME_WORDS or token.text in ORG_SUFFIXES or token.is_stop or not is_cap(token):
        return True
    if lang != "de":
        return False
    if low in PREP_NOUNS or low.endswith(NOUN_HEADS):
        return True
    if has_suffix(low, STRONG_PLACE_SUFFIXES):
        return False
    return low.endswith(NOUN_SUFFIXES)


def ends_phrase(doc: Tokens, j: int) -> bool:
    """The word after a place name: punctuation, a list word, a verb or other lower-case word, the end."""
    if j >= len(doc) or doc[j].is_space:
        return True
    nxt = doc[j]
    if nxt.text in _ENDS or nxt.lower_ in _ENDS:
        return True
    # a genitive or "wie" after it makes a noun ("in Teilen der Stadt", "in Ländern wie")
    return nxt.is_lower and nxt.lower_ not in {"des", "der", "eines", "einer", "wie", "of"}


def _name_end(doc: Tokens, i: int, lang: str, taken: set[int]) -> int:
    """End of a capitalised place name starting at i: "Bad Godesberg", "Buenos Aires", "Nideggen-Wollersheim"."""
    end = i + 1
    while end < len(doc) and end - i < 4 and end not in taken:
        if doc[end].text == "-" and end + 1 < len(doc) and not doc[end - 1].whitespace_ and is_cap(doc[end + 1]) \
                and not doc[end].whitespace_:
            end += 2
            continue
        if is_cap(doc[end]) and not doc[end].is_stop and doc[end].lower_ not in NOT_NAME_WORDS \
                and (lang == "en" or doc[end - 1].lower_ in _NAME_STARTS or doc[end - 1].lower_.endswith("isch")):
            end += 1
            continue
        break
    return end


def place_rows(doc: Tokens, lang: str, known: list[Row]) -> list[Row]:
    """Unlinked places by preposition, suffix, head noun, list and dateline."""
    taken = taken_tokens(known)
    given = given_names()
    out: list[Row] = []

    def add(start: int, end: int, kind: str) -> None:
        span = doc.span(start, end)
        out.append((span, kind, "place:" + span.text.lower(), None, "pattern"))
        taken.update(range(start, end))

    for token in doc:
        i = token.i
        if i in taken or not is_cap(token) or _hyphen_before(doc, i):
            continue
        # "Lübecker Bucht", "Thurauer Berg", "Gaimersheimer Straße", "Richard-Wagner-Straße"
        geo = _geo_end(doc, i) if lang == "de" else 0
        if geo and geo - 1 not in taken:
            add(i, geo, "Place")
            continue
        if nounlike(token, lang):
            continue
        prev = doc[i - 1].lower_ if i > 0 else ""
        low = token.lower_
        end = _name_end(doc, i, lang, taken)
        # "die Stadt Celle", "des Kantons Zürich", "the city of Lima", "US-Bundesstaat Arizona"
        head = _place_head(doc, i, lang)
        if head is not None:
            add(i, end, "City" if head in CITY_HEADS else "Place")
            continue
        if sentence_initial(token) or prev in ARTICLES:
            continue
        if has_suffix(low, STRONG_PLACE_SUFFIXES) and not (i > 1 and _modified(doc[i - 1])
                                                        and doc[i - 2].lower_ in ARTICLES) \
                and ends_phrase(doc, end) and low not in given \
                and not doc[i - 1].like_num and not low.endswith("lingen"):
            add(i, end, "City")
            continue
        near = prev == "of" and i > 1 and doc[i - 2].lower_ in _NEAR  # "north of Millbrook"
        if (prev in PLACE_PREPS[lang] or near) and ends_phrase(doc, end) \
                and (near or _prep_place_ok(doc, i, end, lang, given)):
            add(i, end, "Place")
    out += _dateline(doc, taken)
    out += _list_places(doc, lang, known + out, taken)
    return out


def _geo_end(doc: Tokens, i: int) -> int:
    """End of "<Place>er <geographic head>" or of a hyphenated street name starting at i, or 0."""
    low = doc[i].lower_
    # "Lübecker Bucht"; mid-sentence also "das Osmanische Reich", "des Indischen Ozeans": German writes
    # adjectives in lower case unless they are part of a name
    adjective = low.endswith("er") and len(low) > 4 or not sentence_initial(doc[i]) and (
        low.endswith(("ische", "ischen", "isches", "ischer", "liche", "lichen", "liches", "licher"))
        or low in NAME_ADJECTIVES)
    if adjective and i + 1 < len(doc) and is_cap(doc[i + 1]):
        head = doc[i + 1].lower_
        if head in GEO_HEADS or head.endswith(_COMPOUND_GEO_HEADS):
            return i + 2
    j = i
    while j + 2 < len(doc) and doc[j + 1].text == "-" and not doc[j].whitespace_ and not doc[j + 1].whitespace_ \
            and doc[j + 2].text[:1].isupper():
        j += 2
    if j > i and doc[j].lower_.endswith(("straße", "strasse", "platz", "allee", "gasse", "weg", "ufer", "damm")):
        return j + 1
    return 0


def _prep_place_ok(doc: Tokens, i: int, end: int, lang: str, given: frozenset[str]) -> bool:
    token = doc[i]
    low = token.lower_
    if low in given or len(low) < 3:
        return False
    prev = doc[i - 1].lower_
    if lang == "en":
        if prev in {"from", "to"} and not has_suffix(low, STRONG_PLACE_SUFFIXES + WEAK_PLACE_SUFFIXES):
            return False
        return not low.endswith(("ish", "ese", "ian"))
    suffixed = has_suffix(low, STRONG_PLACE_SUFFIXES + WEAK_PLACE_SUFFIXES)
    if prev == "von" and i > 1 and doc[i - 2].lower_ in _NEAR:
        return True  # "südlich von Plauen", "die Küste von Louisiana"
    if prev in {"von", "bis", "bei"}:
        return has_suffix(low, STRONG_PLACE_SUFFIXES) and end == i + 1  # "von Thalberg" is a person
    # German plural nouns after "in" ("in Bussen", "in Hotels", "in Sitzplätze"): only with a settlement suffix
    if end == i + 1 and low.endswith(("en", "ern", "eln", "s")) and not suffixed:
        return False
    return True


def _place_head(doc: Tokens, i: int, lang: str) -> str | None:
    """The head noun right before a name ("Stadt", "Kantons", "city of"), or None."""
    j = i - 1
    if lang == "en":
        if j < 1 or doc[j].lower_ != "of":
            return None
        j -= 1
    if j < 0 or lang == "de" and not doc[j].text[:1].isupper():
        return None
    word = doc[j].lower_
    for w in (word, word.removesuffix("es"), word.removesuffix("s"), word.removesuffix("en")):
        if w in PLACE_HEADS[lang]:
            return w
        if lang == "de" and len(w) > 6 and w.endswith(("stadt", "dorf", "staat", "kreis", "gemeinde", "provinz",
                                                        "bezirk", "kanton", "ortsteil", "stadtteil", "region")):
            return "stadt" if w.endswith(("stadt", "dorf", "gemeinde")) else "region"
    return None


def _dateline(doc: Tokens, taken: set[int]) -> list[Row]:
    """"Hamburg (dpa) -", "Berlin/Mülheim ( dpa ) –", "Berlin ( Reuters ) -": the place and the agency."""
    out: list[Row] = []
    for token in doc:
        if token.text != "(" or token.i < 1 or token.i + 3 >= len(doc):
            continue
        close = token.i + 2
        if close + 2 < len(doc) and doc[close].text == "/" and doc[close + 2].text == ")":
            close += 2  # "(dpa/tmn)"
        agency, after = doc[token.i + 1], doc[close + 1] if close + 1 < len(doc) else doc[close]
        if doc[close].text != ")" or not is_cap(doc[token.i - 1]) or not _agency_form(agency.text):
            continue
        dash = after.text in {"-", "–", "—"}
        if not dash and not (is_cap(after) and not agency.is_title):
            continue
        if agency.i not in taken:
            out.append((doc.span(agency.i, agency.i + 1), "Organization", "org:" + agency.lower_, None, "pattern"))
            taken.add(agency.i)
        start = token.i - 1
        while start > 0 and (is_cap(doc[start - 1]) or doc[start - 1].text == "/") and not doc[start].is_sent_start:
            start -= 1
        if not dash or not doc[start].is_sent_start and not (start > 0 and doc[start - 1].is_punct):
            continue
        k = start
        while k < token.i:
            j = k
            while j < token.i and doc[j].text != "/":
                j += 1
            if j > k and is_cap(doc[k]) and not any(t in taken for t in range(k, j)):
                span = doc.span(k, j)
                out.append((span, "City", "place:" + span.text.lower(), None, "pattern"))
                taken.update(range(k, j))
            k = j + 1
    return out


def _agency_form(text: str) -> bool:
    """"dpa", "ots", "AFP", "Reuters", "dpa/tmn": how news agencies write their credit."""
    word = text.split("/")[0]
    if not word.isalpha():
        return False
    return word.islower() and len(word) <= 4 or word.isupper() and len(word) <= 5 or word.istitle() and len(word) <= 10


def _titleword(token: Tok, lang: str) -> bool:
    low = token.lower_
    return low in TITLES[lang] or low in ROLE_NOUNS[lang] or low in HONORIFICS[lang]


def _list_places(doc: Tokens, lang: str, rows: list[Row], taken: set[int]) -> list[Row]:
    """Capitalised words listed with places are places ("Stuttgart, Mannheim und Ravensburg")."""
    given = given_names()
    places = {span.start: (span, kind) for span, kind, _k, _q, source in rows
              if kind in PLACE_LIKE and source in {"kb", "pattern"}}
    ends = {span.end - 1: (span, kind) for span, kind in places.values()}
    out: list[Row] = []
    changed = True
    while changed:
        changed = False
        for token in doc:
            i = token.i
            if i in taken or not is_cap(token) or nounlike(token, lang) or sentence_initial(token) \
                    or _hyphen_before(doc, i) or token.lower_ in given or _titleword(token, lang):
                continue
            end = _name_end(doc, i, lang, taken)
            left = ends.get(i - 2) if i >= 2 and doc[i - 1].lower_ in _LIST else None
            right = places.get(end + 1) if end + 1 < len(doc) and doc[end].lower_ in _LIST else None
            near = left or right
            if near is None or doc[i - 1].lower_ in ARTICLES or not ends_phrase(doc, end):
                continue
            if lang == "de" and end == i + 1 and token.lower_.endswith(("en", "ern")) \
                    and not has_suffix(token.lower_, STRONG_PLACE_SUFFIXES + WEAK_PLACE_SUFFIXES):
                continue
            span = doc.span(i, end)
            kind = "City" if near[1] == "City" else "Place"
            row: Row = (span, kind, "place:" + span.text.lower(), None, "pattern")
            out.append(row)
            taken.update(range(i, end))
            places[i] = (span, kind)
            ends[end - 1] = (span, kind)
            changed = True
    return out


def _modified(token: Tok) -> bool:
    """An article or inflected adjective before a word makes it a common noun ("die zweite Runde")."""
    low = token.lower_
    return low in ARTICLES or token.is_lower and low.endswith(("e", "en", "er", "es", "em"))


def names_again(doc: Tokens, rows: list[Row], known: list[Row]) -> list[Row]:
    """Every other occurrence of a place or organization name found by rule ("dpa" in each dateline)."""
    names: dict[tuple[str, ...], Row] = {}
    for row in rows:
        span, kind = row[0], row[1]
        if kind != "Person" and row[4] == "pattern":
            names.setdefault(tuple(t.text for t in doc[span.start:span.end]), row)
    if not names:
        return []
    taken = taken_tokens(known + rows)
    out: list[Row] = []
    texts = [t.text for t in doc]
    for i, text in enumerate(texts):
        for words, (_span, kind, key, _qid, _src) in names.items():
            end = i + len(words)
            if text == words[0] and end <= len(doc) and tuple(texts[i:end]) == words \
                    and not any(k in taken for k in range(i, end)) \
                    and not (kind in PLACE_LIKE and i > 0 and _modified(doc[i - 1])):
                out.append((doc.span(i, end), kind, key, None, "pattern"))
                taken.update(range(i, end))
    return out
