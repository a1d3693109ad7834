"""German word-form rules: genitive -s, weak adjective endings, city adjectives, transliteration.

The rules generate forms that may appear in text; a wrong form that never occurs is harmless,
a missing one costs a mention, so they err on the side of generating.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "adjective_forms", "city_adjective", "german_name_forms", "transliterate_de", "ascii_fold",
    "straight_quotes",
]

ENDINGS = ("", "e", "en", "er", "es", "em")

# Feminine or plural place names take no genitive -s ("der Ukraine", "der Niederlande").
_FEMININE_OR_PLURAL = frozenset({
    "Ukraine", "Schweiz", "Elfenbeinküste", "Westsahara", "Antarktis", "Arktis", "Krim", "Levante",
    "Karibik", "Niederlande", "Philippinen", "Malediven", "Seychellen", "Komoren", "Salomonen", "Bahamas",
    "Färöer", "USA", "Sowjetunion", "Pitcairninseln", "Normandie", "Bretagne",
})
_FEMININE_OR_PLURAL_ENDINGS = ("ei", "inseln", "insel", "küste", "republik", "union", "föderation",
                               "region", "halbinsel", "stadt", "gebiete", "emirate", "staaten", "marianen",
                               "territorien")
# Head nouns of descriptive names: gender decides the genitive.
_FEMININE_HEADS = ("republik", "region", "union", "föderation", "halbinsel", "küste", "stadt", "bank",
                   "organisation", "gemeinschaft", "kommission", "versammlung", "agentur", "behörde",
                   "partei", "liga", "gruppe", "bewegung", "allianz", "konferenz", "staatsanwaltschaft",
                   "verwaltung", "vereinigung", "assoziation", "zone", "provinz", "nationen", "staaten")
_STRONG_HEADS = ("rat", "hof", "amt", "bund", "staat", "dienst", "raum", "pakt")  # -s and -es
_MASC_NEUT_HEADS = _STRONG_HEADS + ("gericht", "parlament", "komitee", "programm", "werk", "büro",
                                    "sekretariat", "kollegium", "zentrum", "forum", "institut", "kommando",
                                    "gebiet", "königreich", "fürstentum", "großherzogtum", "emirat",
                                    "sultanat", "reich", "ausschuss", "kommissar", "mechanismus", "osten",
                                    "westen", "norden", "süden", "balkan")
_ARTICLES = frozenset({"Die", "Der", "Das", "Den", "Dem", "Des"})
_ADJECTIVE = re.compile(r"^[A-ZÄÖÜ][a-zäöüß]+(?:-[A-Za-zÄÖÜäöüß]+)?(?:e|er|es)$")

# "<City>er" is the rule; these cities form the adjective otherwise (None: no adjective in use).
CITY_ADJECTIVE_EXCEPTIONS: dict[str, str | None] = {
    "München": "Münchner", "Rom": "Römer", "Zürich": "Zürcher", "Den Haag": "Haager", "Tokio": "Tokioter",
    "Bremen": "Bremer", "Dresden": "Dresdner", "Lissabon": "Lissabonner", "Sofia": "Sofioter",
    "Frankfurt am Main": "Frankfurter", "Washington, D.C.": "Washingtoner", "New York City": "New Yorker",
    "Tel Aviv-Jaffa": "Tel Aviver", "Sankt Petersburg": "Petersburger", "Santiago de Chile": None,
    "Neu-Delhi": None, "Kiew": "Kiewer", "Male": None, "Malé": None, "Victoria": None, "Ōsaka": "Osakaer",
    "Hannover": "Hannoveraner", "Brüssel": "Brüsseler",
}


def _genitive_of_noun(noun: str) -> list[str]:
    low = noun.lower()
    if low.endswith(("s", "x", "z", "ß")):
        return []
    if low.endswith(_STRONG_HEADS):
        return [noun + "s", noun + "es"]
    return [noun + "s"]


def _is_feminine_or_plural_place(name: str) -> bool:
    return name in _FEMININE_OR_PLURAL or name.lower().endswith(_FEMININE_OR_PLURAL_ENDINGS)


def _known_head(noun: str) -> str | None:
    """'f' or 'mn' for a common head noun this module knows, None for a proper name."""
    low = noun.lower()
    if low.endswith(_FEMININE_HEADS):
        return "f"
    if low.endswith(_MASC_NEUT_HEADS):
        return "mn"
    return None


def german_name_forms(name: str, *, place: bool) -> list[str]:
    """Inflected forms of a German name: weak adjectives ("Europäischen Union") and genitive
    -s ("Russlands", "Europäischen Rates"); places also get -s on bare proper names."""
    tokens = name.split(" ")
    n_adj = 0
    while (n_adj < len(tokens) - 1 and tokens[n_adj] not in _ARTICLES and _ADJECTIVE.match(tokens[n_adj])
           and tokens[n_adj + 1][:1].isupper()):
        n_adj += 1
    rest = tokens[n_adj:]
    forms: list[str] = []
    gender = ("mn" if tokens[n_adj - 1].endswith(("er", "es")) else "f") if n_adj else None
    if gender is not None and _known_head(rest[0]) not in (None, gender):
        # "Shanghaier Organisation": an invariable city adjective, not a declined one.
        n_adj, rest, gender = 0, tokens, None
    if n_adj:
        stems = [re.sub(r"(?:er|es|e)$", "", t) for t in tokens[:n_adj]]
        for ending in ("e", "en"):
            forms.append(" ".join([s + ending for s in stems] + rest))
        if gender == "mn":
            for head in _genitive_of_noun(rest[0]):
                forms.append(" ".join([s + "en" for s in stems] + [head] + rest[1:]))
        return [f for f in forms if f != name]
    head_gender = _known_head(rest[0])
    if head_gender == "mn" and (len(rest) == 1 or not rest[1][:1].isupper() or place):
        forms += [" ".join([h] + rest[1:]) for h in _genitive_of_noun(rest[0])]
    elif head_gender is None and place and not _is_feminine_or_plural_place(name):
        last = rest[-1]
        if last[-1:].isalpha() and not last.isupper() and last[-1:] not in "sxzß":
            forms.append(" ".join(rest[:-1] + [last + "s"]))
    return [f for f in forms if f != name]


def adjective_forms(stem: str) -> list[str]:
    """All inflections of a German adjective stem, lower and sentence-initial capitalised."""
    forms = [stem + e for e in ENDINGS]
    return forms + [f[0].upper() + f[1:] for f in forms if not f[0].isupper()]


def city_adjective(name: str) -> str | None:
    """The invariable German adjective of a city ("Genfer", "Münchner"), or None."""
    if name in CITY_ADJECTIVE_EXCEPTIONS:
        return CITY_ADJECTIVE_EXCEPTIONS[name]
    # Compounds ("Mexiko-Stadt", "Majuro-Atoll") form no adjective by the rule.
    if any(c in name for c in " ,-") or len(name) < 3 or not name[0].isupper() or name.endswith("stadt"):
        return None
    if name.endswith("e"):
        return name + "r"
    return name + "er"


# English romanisation of Cyrillic names -> German (Duden) romanisation, longest match first.
_TRANSLIT = [("shch", "schtsch"), ("zh", "sch"), ("kh", "ch"), ("ch", "tsch"), ("sh", "sch"), ("ts", "z"),
             ("z", "s"), ("v", "w"), ("ya", "ja"), ("yu", "ju"), ("ye", "je"), ("yo", "jo"), ("yi", "ji")]
_TRANSLIT_RE = re.compile("|".join(re.escape(a) for a, _ in _TRANSLIT), re.IGNORECASE)
_TRANSLIT_MAP = dict(_TRANSLIT)
_FINAL_Y = [(r"(?<=[iy])[iy]$", "j"), (r"(?<=[aeo])[yi]$", "j"), (r"(?<=[^aeiouyj])y$", "i")]


def _match_case(source: str, target: str) -> str:
    return target[0].upper() + target[1:] if source[:1].isupper() else target


def _transliterate_word(word: str) -> str:
    out = _TRANSLIT_RE.sub(lambda m: _match_case(m.group(0), _TRANSLIT_MAP[m.group(0).lower()]), word)
    for pattern, repl in _FINAL_Y:
        out = re.sub(pattern, repl, out)
    return out


def transliterate_de(name: str) -> str:
    """German spelling of an English-romanised Russian, Ukrainian or Bulgarian name
    ("Volodymyr Zelenskyy" -> "Wolodymyr Selenskyj", "Sergey Lavrov" -> "Sergej Lawrow")."""
    return " ".join("-".join(_transliterate_word(p) for p in w.split("-")) for w in name.split(" "))


_FOLD_EXTRA = str.maketrans({"ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "Ae",
                             "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i", "ʻ": "'", "’": "'"})


def ascii_fold(text: str) -> str:
    """Diacritics removed ("Erdoğan" -> "Erdogan"); ß is kept, it is German spelling."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def straight_quotes(text: str) -> str:
    """Typographic apostrophes as ASCII ones ("Côte d’Ivoire" -> "Côte d'Ivoire")."""
    return text.replace("’", "'").replace("ʻ", "'")
