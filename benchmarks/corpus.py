"""A synthetic German and English news corpus written from the bundled knowledge base.

Every article is built from facts the KB holds — who held which office on the publication
day, capitals and cities, organizations — and from editorial membership lists (NATO, EU), in
sentence shapes the extractors meet in real news: title + name, genitive and appositive
offices, meetings with dates and places, member lists, quotes and plain filler.  Article ``i``
depends only on ``(seed, i)``, so a 100-document corpus is the first 100 of a 10,000 one.

    python -m benchmarks.corpus --count 1000 --out /tmp/corpus            # .txt with front matter
    python -m benchmarks.corpus --count 10000 --jsonl /tmp/corpus.jsonl   # one article a line
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.kb import KbEntity, KbHolding, KnowledgeBase, bundled_kb

__all__ = ["GeneratedArticle", "World", "generate", "write_folder", "write_jsonl", "main"]

FIRST_DAY = dt.date(2021, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)

_DE_MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
              "November", "Dezember")
_EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
_DE_DAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Titles by role kind; monarchs and organ presidents are named without one.
_TITLE = {
    "de": {"president": "Präsident", "prime minister": "Premierminister", "chancellor": "Bundeskanzler",
           "foreign minister": "Außenminister", "secretary general": "Generalsekretär",
           "head of state": "Staatschef", "head of government": "Regierungschef"},
    "en": {"president": "President", "prime minister": "Prime Minister", "chancellor": "Chancellor",
           "foreign minister": "Foreign Minister", "secretary general": "Secretary-General",
           "head of state": "head of state", "head of government": "head of government"},
}
# German state names that take an article: nominative, dative, genitive.
_DE_ARTICLE = {
    "Ukraine": ("die Ukraine", "der Ukraine", "der Ukraine"),
    "Schweiz": ("die Schweiz", "der Schweiz", "der Schweiz"),
    "Slowakei": ("die Slowakei", "der Slowakei", "der Slowakei"),
    "Türkei": ("die Türkei", "der Türkei", "der Türkei"),
    "Mongolei": ("die Mongolei", "der Mongolei", "der Mongolei"),
    "Niederlande": ("die Niederlande", "den Niederlanden", "der Niederlande"),
    "Vereinigte Staaten": ("die Vereinigten Staaten", "den Vereinigten Staaten", "der Vereinigten Staaten"),
    "Vereinigtes Königreich": ("das Vereinigte Königreich", "dem Vereinigten Königreich",
                               "des Vereinigten Königreichs"),
    "Volksrepublik China": ("China", "China", "Chinas"),
    "Republik Zypern": ("Zypern", "Zypern", "Zyperns"),
}
_EN_NAME = {"United States of America": "the United States", "United Kingdom": "the United Kingdom",
            "People's Republic of China": "China", "Netherlands": "the Netherlands",
            "Czech Republic": "the Czech Republic", "Philippines": "the Philippines",
            "United Arab Emirates": "the United Arab Emirates"}
_EN_THE = ("Republic", "Democratic", "United", "Central African", "Dominican", "Federated", "Bahamas", "Maldives",
           "Comoros", "Seychelles")
# Editorial membership lists (English names, looked up in the KB; names it lacks are skipped).
_MEMBERS = {
    "NATO": ("Albania Belgium Bulgaria Canada Croatia Czech_Republic Denmark Estonia Finland France Germany "
             "Greece Hungary Iceland Italy Latvia Lithuania Luxembourg Montenegro Netherlands North_Macedonia "
             "Norway Poland Portugal Romania Slovakia Slovenia Spain Sweden Turkey United_Kingdom "
             "United_States_of_America"),
    "European Union": ("Austria Belgium Bulgaria Croatia Cyprus Czech_Republic Denmark Estonia Finland France "
                       "Germany Greece Hungary Ireland Italy Latvia Lithuania Luxembourg Malta Netherlands "
                       "Poland Portugal Romania Slovakia Slovenia Spain Sweden"),
}
# How the organization is named inside a sentence: German short name, English with its article.
_ORG_SHORT = {"NATO": {"de": "NATO", "en": "NATO"}, "European Union": {"de": "EU", "en": "the EU"}}
_ORG_COMPOUND = {"Q7184": "Nato", "Q1065": "UN", "Q458": "EU"}

_DE_FILLER = (
    "Beobachter rechnen mit schwierigen Verhandlungen über Handel, Energie und Sicherheit.",
    "Kritiker werfen der Regierung vor, zu zögerlich zu handeln.",
    "Die wirtschaftlichen Folgen des Konflikts sind auch in Europa deutlich spürbar.",
    "Ein Sprecher wollte sich zu Einzelheiten zunächst nicht äußern.",
    "Nach Einschätzung von Fachleuten wird die Lage noch lange angespannt bleiben.",
    "Die Opposition kündigte entschiedenen Widerstand gegen die Pläne an.",
    "Hilfsorganisationen warnen vor einer weiteren Verschärfung der humanitären Lage.",
    "Die Preise für Gas und Getreide stiegen zuletzt deutlich.",
    "Im Mittelpunkt stehen Fragen der Energieversorgung, der Migration und der Sicherheit.",
    "Diplomaten sprechen von einem vorsichtigen, aber wichtigen Schritt.",
    "Ob die Einigung hält, ist nach Ansicht vieler Experten offen.",
    "Bereits im vergangenen Jahr hatte es ähnliche Vorschläge gegeben, die jedoch scheiterten.",
    "Die Finanzmärkte reagierten zunächst gelassen auf die Nachrichten.",
    "Viele Menschen in der Region fürchten eine neue Welle der Gewalt.",
)
_EN_FILLER = (
    "Observers expect difficult negotiations over trade, energy and security.",
    "Critics accuse the government of acting too slowly.",
    "The economic fallout of the conflict is being felt across Europe.",
    "A spokesman declined to comment on the details.",
    "Analysts say the situation is likely to remain tense for a long time.",
    "The opposition vowed to fight the plans.",
    "Aid groups warned that the humanitarian situation could deteriorate further.",
    "Prices for gas and grain have risen sharply in recent months.",
    "Energy supplies, migration and security are expected to dominate the agenda.",
    "Diplomats described it as a cautious but important step.",
    "Whether the agreement will hold remains an open question, experts said.",
    "Similar proposals were made last year but came to nothing.",
    "Financial markets took the news calmly at first.",
    "Many people in the region fear a new wave of violence.",
)
_DE_QUOTES = ("„Wir stehen fest an der Seite unserer Partner“, sagte {s}.",
              "„Die Lage ist ernst, aber nicht hoffnungslos“, erklärte {s} vor Journalisten.",
              "{s} betonte, man wolle den Dialog fortsetzen.",
              "„Niemand hat ein Interesse an einer weiteren Eskalation“, sagte {s}.")
_EN_QUOTES = ("“We stand firmly with our partners,” {s} said.",
              "“The situation is serious but not hopeless,” {s} told reporters.",
              "{s} stressed that the dialogue would continue.",
              "“Nobody has an interest in further escalation,” {s} said.")
_DE_TOPICS = ("die Lage im Nahen Osten", "Handelsfragen", "die Energieversorgung", "die Sicherheit in Europa",
              "Sanktionen", "den Klimaschutz", "die Migration")
_EN_TOPICS = ("the situation in the Middle East", "trade", "energy supplies", "European security", "sanctions",
              "climate policy", "migration")


@dataclass(frozen=True)
class GeneratedArticle:
    """One synthetic article, ready to be written as a .txt file or a JSONL line."""

    doc_id: str
    lang: str
    title: str
    date: dt.date
    text: str

    def words(self) -> int:
        return len(self.text.split())

    def to_json(self) -> str:
        record = {"id": self.doc_id, "lang": self.lang, "title": self.title, "date": self.date.isoformat(),
                  "text": self.text}
        return json.dumps(record, ensure_ascii=False)

    def to_text(self) -> str:
        head = f"---\nid: {self.doc_id}\ntitle: {json.dumps(self.title, ensure_ascii=False)}\n"
        return head + f"date: {self.date.isoformat()}\nlang: {self.lang}\n---\n{self.title}\n\n{self.text}\n"


@dataclass(frozen=True)
class _Person:
    entity: KbEntity
    holding: KbHolding
    surname: str


class World:
    """The KB's people, states, cities and organizations, arranged for writing sentences."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        forms: dict[tuple[str, str], list[str]] = {}
        for f in kb.forms:
            forms.setdefault((f.qid, f.form), []).append(f.text)
            if f.form == "adjective" and f.lang:
                forms.setdefault((f.qid, "adjective-" + f.lang), []).append(f.text)
        self._forms = forms
        self.people = [_Person(kb.entities[h.person], h, self._surname(h.person))
                       for h in kb.holdings if h.person in kb.entities]
        # sovereign states have demonyms in both languages; dependencies mostly do not
        self.countries = sorted((e for e in kb.entities.values() if e.kind == "Country"
                                 and (e.qid, "adjective-en") in forms and (e.qid, "adjective-de") in forms),
                                key=lambda e: e.qid)
        self.cities = sorted((e for e in kb.entities.values() if e.kind == "City"), key=lambda e: e.qid)
        self.members: list[tuple[KbEntity, dict[str, str], list[KbEntity]]] = []
        for org_name, names in _MEMBERS.items():
            org = next((e for e in kb.candidates(org_name) if e.kind != "Country"), None)
            states = [c for n in names.split() for c in kb.candidates(n.replace("_", " "))[:1] if c.kind == "Country"]
            if org is not None and states:
                self.members.append((org, _ORG_SHORT[org_name], states))

    def _surname(self, qid: str) -> str:
        found = self._forms.get((qid, "surname"))
        return found[0] if found else self.kb.entities[qid].label_en

    def active(self, day: dt.date) -> list[_Person]:
        return [p for p in self.people if p.holding.active_on(day)]

    def adjective(self, qid: str, lang: str) -> str | None:
        """English "French"; German "französische" (after a definite article)."""
        found = self._forms.get((qid, "adjective-" + lang), [])
        if lang == "en":
            return next((a for a in found if a[:1].isupper()), None)
        return next((a for a in found if a.islower() and a.endswith("e")), None)

    def de_country(self, entity: KbEntity, case: int) -> str:
        """A German state name in nominative (0), dative (1) or genitive (2)."""
        name = entity.label_de
        if name in _DE_ARTICLE:
            return _DE_ARTICLE[name][case]
        if case == 2:
            inflected = [f for f in self._forms.get((entity.qid, "inflected"), []) if f == name + "s"]
            return inflected[0] if inflected else name + ("" if name.endswith(("s", "z")) else "s")
        return name

    def en_country(self, entity: KbEntity) -> str:
        name = _EN_NAME.get(entity.label_en, entity.label_en)
        return "the " + name if name.startswith(_EN_THE) or name.endswith("Islands") else name


class _Writer:
    """Writes one article; all randomness comes from its own Random."""

    def __init__(self, world: World, rng: random.Random, lang: str, day: dt.date) -> None:
        self.w, self.rng, self.lang, self.day = world, rng, lang, day
        active = world.active(day)
        self.cast = rng.sample(active, min(len(active), rng.randint(3, 6)))
        self.introduced: set[str] = set()
        self.fillers: list[str] = []

    def pick(self, items: Sequence):  # type: ignore[no-untyped-def]
        return items[self.rng.randrange(len(items))]

    # people ---------------------------------------------------------------------------------------
    def person(self, p: _Person, *, subject: bool = False) -> str:
        """The first mention carries the office; later ones the surname, sometimes with Herr/Mr."""
        qid = p.entity.qid
        if qid in self.introduced:
            if self.rng.random() < 0.15:
                return ("Herr " if self.lang == "de" else "Mr. ") + p.surname
            return p.surname
        self.introduced.add(qid)
        name = p.entity.label(self.lang)
        return self._office(p, name, subject) or name

    def _office(self, p: _Person, name: str, subject: bool) -> str | None:
        h = p.holding
        title = _TITLE[self.lang].get(h.role_kind)
        owner = self.w.kb.get(h.of) if h.of else None
        if title is None or owner is None:
            return None
        if owner.kind != "Country":
            prefix = _ORG_COMPOUND.get(owner.qid)
            if prefix is None:
                return None
            if self.lang == "de":
                return f"{prefix}-{title} {name}"
            return f"{'NATO' if prefix == 'Nato' else prefix} {title} {name}"
        if self.lang == "en" and owner.qid == "Q30" and h.role_kind == "foreign minister":
            title = "Secretary of State"
        shape = self.rng.randrange(3)
        if self.lang == "de":
            adjective = self.w.adjective(owner.qid, "de")
            if shape == 0 and subject and adjective:
                return f"der {adjective} {title} {name}"
            if shape == 1:
                return f"{name}, {title} {self.w.de_country(owner, 2)},"
            return f"{self.w.de_country(owner, 2)} {title} {name}" if owner.label_de not in _DE_ARTICLE else \
                f"{name}, {title} {self.w.de_country(owner, 2)},"
        adjective = self.w.adjective(owner.qid, "en")
        country = self.w.en_country(owner)
        if shape == 0 and adjective:
            return f"{adjective} {title} {name}"
        if shape == 1:
            return f"{name}, the {title.lower()} of {country},"
        possessive = country[4:] if country.startswith("the ") else country
        return f"{possessive}'s {title.lower()}, {name},"

    # dates and places -----------------------------------------------------------------------------
    def when(self) -> str:
        kind = self.rng.randrange(4)
        if kind == 0:
            d = self.day + dt.timedelta(days=self.rng.randint(-20, 20))
            if self.lang == "de":
                return f"am {d.day}. {_DE_MONTHS[d.month - 1]} {d.year}"
            return f"on {_EN_MONTHS[d.month - 1]} {d.day}, {d.year}"
        weekday = self.rng.randrange(7)
        if kind == 1:
            return f"am kommenden {_DE_DAYS[weekday]}" if self.lang == "de" else f"next {_EN_DAYS[weekday]}"
        return f"am {_DE_DAYS[weekday]}" if self.lang == "de" else f"on {_EN_DAYS[weekday]}"

    def city(self) -> str:
        return self.pick(self.w.cities).label(self.lang)

    def country(self, case: int = 0) -> str:
        c = self.pick(self.w.countries)
        return self.w.de_country(c, case) if self.lang == "de" else self.w.en_country(c)

    # sentences ------------------------------------------------------------------------------------
    def meeting(self) -> str:
        a, b = self.rng.sample(self.cast, 2) if len(self.cast) >= 2 else (self.cast[0], self.cast[0])
        when, city = self.when(), self.city()
        shape = self.rng.randrange(6)
        if self.lang == "de":
            topic = self.pick(_DE_TOPICS)
            sentences = (
                lambda: f"{_cap(self.person(a, subject=True))} traf sich {when} in {city} mit {self.person(b)}.",
                lambda: f"{_cap(when)} kommen die Außenminister der {self._org()} in {city} zusammen.",
                lambda: f"Bei einem Treffen in {city} {when} sprach {self.person(a)} mit {self.person(b)} "
                        f"über {topic}.",
                lambda: f"{_cap(self.person(a, subject=True))} und {self.person(b)} führten {when} in {city} "
                        f"Gespräche über {topic}.",
                lambda: f"Der Gipfel in {city} findet {when} statt; erwartet wird auch {self.person(a)}.",
                lambda: f"{_cap(self.person(a, subject=True))} telefonierte {when} mit {self.person(b)}.",
            )
        else:
            topic = self.pick(_EN_TOPICS)
            sentences = (
                lambda: f"{self.person(a)} met {self.person(b)} in {city} {when}.",
                lambda: f"Foreign ministers of {self._org()} will meet in {city} {when}.",
                lambda: f"At a meeting in {city} {when}, {self.person(a)} spoke with {self.person(b)} about {topic}.",
                lambda: f"{self.person(a)} and {self.person(b)} held talks on {topic} in {city} {when}.",
                lambda: f"The summit in {city} takes place {when}, and {self.person(a)} is expected to attend.",
                lambda: f"{self.person(a)} hosted {self.person(b)} in {city} {when}.",
            )
        return _cap(sentences[shape]())

    def _org(self) -> str:
        org, short, _ = self.pick(self.w.members)
        return short[self.lang]

    def membership(self) -> str:
        org, short, states = self.pick(self.w.members)
        chosen = self.rng.sample(states, min(len(states), self.rng.randint(2, 4)))
        name = short[self.lang]
        if self.lang == "de":
            listed = _join([self.w.de_country(c, 0) for c in chosen], "und")
            simple = [c for c in chosen if c.label_de not in _DE_ARTICLE]
            shapes = [f"Zu den Mitgliedern der {name} gehören {listed}."]
            if simple:
                compound = "Nato" if name == "NATO" else name
                shapes.append(f"{compound}-Mitglied {simple[0].label_de} kündigte an, mehr für die "
                              f"Verteidigung auszugeben.")
                shapes.append(f"{simple[0].label_de} ist seit Jahren Mitglied der {name}.")
            return self.pick(shapes)
        listed = _join([self.w.en_country(c) for c in chosen], "and")
        first = self.w.en_country(chosen[0])
        bare = name.removeprefix("the ")
        return self.pick([f"{bare} members such as {listed} have pledged more support.",
                          f"{_cap(first)}, a member of {name}, said it would raise its defence budget.",
                          f"{_cap(name)}, a group of {len(states)} nations including {listed}, has yet to agree."])

    def quote(self) -> str:
        p = self.pick(self.cast)
        return self.pick(_DE_QUOTES if self.lang == "de" else _EN_QUOTES).format(s=self.person(p))

    def filler(self) -> str:
        if self.rng.random() < 0.3:
            if self.lang == "de":
                return f"Die Lage in {self.country(1)} bleibt nach Angaben von Beobachtern angespannt."
            return f"The situation in {self.country()} remains tense, observers said."
        if not self.fillers:  # a shuffled deck, so a sentence repeats only once all were used
            self.fillers = list(_DE_FILLER if self.lang == "de" else _EN_FILLER)
            self.rng.shuffle(self.fillers)
        return self.fillers.pop()

    def title(self) -> str:
        a = self.cast[0]
        city = self.city()
        if self.lang == "de":
            return self.pick([f"{a.surname} reist nach {city}", f"{a.surname} warnt vor weiterer Eskalation",
                              f"Gespräche in {city}: {a.surname} sucht Verbündete"])
        return self.pick([f"{a.surname} travels to {city}", f"{a.surname} warns of further escalation",
                          f"Talks in {city}: {a.surname} seeks allies"])

    def article(self, words: int) -> tuple[str, str]:
        title = self.title()
        dateline = f"{self.city().upper()} – " if self.lang == "de" else f"{self.city().upper()} — "
        paragraphs: list[str] = []
        count = 0
        makers = (self.meeting, self.meeting, self.quote, self.membership, self.filler, self.filler, self.filler)
        while count < words:
            # the lead is a meeting, so the first mention of its people carries their office
            sentences = [dateline + self.meeting()] if not paragraphs else []
            sentences += [self.pick(makers)() for _ in range(self.rng.randint(2, 4) - len(sentences))]
            # an appositive office ("X, Präsident Frankreichs,") may end up before the full stop
            paragraph = " ".join(sentences).replace(",.", ".").replace(",,", ",")
            paragraphs.append(paragraph)
            count += len(paragraph.split())
        return title, "\n\n".join(paragraphs)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(items: list[str], conjunction: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def generate(count: int, *, seed: int = 0, words: int = 350, german: float = 0.5, start: int = 0,
             world: World | None = None) -> Iterator[GeneratedArticle]:
    """``count`` articles from index ``start`` on, each about ``words`` words, ``german`` of them German."""
    world = world or World(bundled_kb())
    span = (LAST_DAY - FIRST_DAY).days
    for i in range(start, start + count):
        rng = random.Random(f"{seed}:{i}")
        lang = "de" if rng.random() < german else "en"
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(span + 1))
        title, text = _Writer(world, rng, lang, day).article(words)
        yield GeneratedArticle(f"bench-{i:06d}", lang, title, day, text)


def write_folder(articles: Iterable[GeneratedArticle], folder: Path) -> int:
    """One .txt file with front matter per article; returns how many."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for a in articles:
        (folder / f"{a.doc_id}.txt").write_text(a.to_text(), encoding="utf-8")
        n += 1
    return n


def write_jsonl(articles: Iterable[GeneratedArticle], path: Path) -> int:
    """One JSON object per line; returns how many."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for a in articles:
            out.write(a.to_json() + "\n")
            n += 1
    return n


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Write a synthetic German/English news corpus from the bundled knowledge base.",
        epilog="example: python -m benchmarks.corpus --count 1000 --jsonl /tmp/corpus.jsonl",
    )
    parser.add_argument("--count", type=int, default=100, help="number of articles (default 100)")
    parser.add_argument("--words", type=int, default=350, help="approximate words per article (default 350)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--german", type=float, default=0.5, help="share of German articles (default 0.5)")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, help="folder for one .txt file per article")
    where.add_argument("--jsonl", type=Path, help="one JSONL file")
    args = parser.parse_args(argv)
    articles = generate(args.count, seed=args.seed, words=args.words, german=args.german)
    n = write_jsonl(articles, args.jsonl) if args.jsonl else write_folder(articles, args.out)
    print(f"{n} articles written to {args.jsonl or args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
