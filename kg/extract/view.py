"""A read-only view of one annotated document that the fact extractors share.

It answers the questions every extractor asks of the tokens: which entity does the mention
starting (or ending) at this token belong to, which tokens make up a sentence, where do
clauses begin.  Besides the mentions it knows references that are not names: "die Allianz",
"das Bündnis", "the alliance" point to the alliance in play (the last one named before), and
the office extractor adds title-only references ("der US-Außenminister") resolved to a person.
Such hits serve the fact extractors only; they are never emitted as mentions.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from kg.kb import KnowledgeBase
from kg.lexicon import ANAPHORA, REPORTING
from kg.mentions_tokens import Tok, Tokens, tokens_of
from kg.records import Annotated, Entity, Evidence, Mention, Sentence

__all__ = ["DocView", "Hit"]

_CLAUSE_WORDS = {
    "de": {"dass", "wenn", "um", "während", "als", "weil", "nachdem", "bevor", "sobald", "da", "ob", "wo",
           "die", "der", "das", "den", "dem", "einer", "eines", "einem", "darunter", "sagte", "sagten",
           "hieß", "heißt", "wie", "was", "wobei", "sodass", "bis", "aber", "doch", "sondern"},
    "en": {"when", "while", "where", "who", "which", "that", "after", "before", "as", "because", "said",
           "says", "including", "but", "although", "whereas"},
}


_PREPOSITIONS = {
    "de": {"in", "im", "an", "am", "auf", "für", "mit", "bei", "beim", "von", "vom", "zu", "zum", "zur", "nach",
           "aus", "über", "unter", "vor", "gegen", "ohne", "seit"},
    "en": {"in", "on", "at", "for", "to", "with", "by", "from", "of", "into", "over", "under", "during", "ahead"},
}


@dataclass(frozen=True)
class Hit:
    """A mention found at a token position, with the entity it belongs to."""

    mention: Mention
    entity: Entity
    first: int
    last: int


_DETERMINERS = {
    "de": {"die", "der", "das", "dem", "den", "des", "diese", "dieser", "dieses", "diesem", "diesen", "im", "vom",
           "zum", "beim", "ihr", "ihre", "ihrem", "ihren", "ihres", "unser", "unsere", "unserem", "unseres"},
    "en": {"the", "this", "that", "its", "our", "whole"},
}


class DocView:
    """The tokens and mention hits of one document; extractors may add entities and non-name hits."""

    def __init__(self, annotated: Annotated, entities: tuple[Entity, ...], kb: KnowledgeBase | None = None) -> None:
        self.annotated = annotated
        self.doc: Tokens = tokens_of(annotated.doc)
        self.lang = annotated.article.lang
        self.day = annotated.article.date
        self.kb = kb
        self.entities = {e.key: e for e in entities}
        self.added: list[Entity] = []
        self._by_first: dict[int, Hit] = {}
        self._by_last: dict[int, Hit] = {}
        self._order: list[int] | None = None
        self._tokens: dict[tuple[int, int], list[Tok]] = {}
        for entity in entities:
            for m in entity.mentions:
                span = self.doc.char_span(m.start, m.end)
                if span is None or len(span) == 0:
                    continue
                hit = Hit(m, entity, span.start, span.end - 1)
                self._by_first[span.start] = hit
                self._by_last[span.end - 1] = hit
        self._anaphora()

    def _anaphora(self) -> None:
        """Hits for "die Allianz", "the alliance": the last organization of that class named before."""
        nouns = ANAPHORA[self.lang]
        named = sorted(self._by_first.items())
        for token in self.doc:
            kind = nouns.get(token.lower_)
            if kind is None or self.covering(token.i) is not None:
                continue
            before = {t.lower_ for t in self.doc[max(0, token.i - 4):token.i]}
            if not before & _DETERMINERS[self.lang]:
                continue
            found = [h for i, h in named if i < token.i and h.entity.kind == kind and h.mention.source != "kb-adj"]
            if found:
                self.add_hit(found[-1].entity, token.i, token.i, "anaphor")

    def sentence_of(self, char: int) -> int:
        starts = [s.start for s in self.annotated.sentences]
        return max(0, bisect.bisect_right(starts, char) - 1)

    def add_entity(self, entity: Entity) -> Entity:
        """The document's entity with this key, adding ``entity`` if there is none."""
        if entity.key in self.entities:
            return self.entities[entity.key]
        self.entities[entity.key] = entity
        self.added.append(entity)
        return entity

    def add_hit(self, entity: Entity, first: int, last: int, source: str) -> Hit | None:
        """A reference to ``entity`` at tokens first..last that is not a name; None if a mention is there."""
        if any(self.covering(i) is not None for i in range(first, last + 1)):
            return None
        hit = self.reference(entity, first, last, source)
        self._by_first[first] = hit
        self._by_last[last] = hit
        self._order = None
        return hit

    def reference(self, entity: Entity, first: int, last: int, source: str) -> Hit:
        """A hit for ``entity`` at tokens first..last, not registered in the view."""
        start, end = self.doc[first].idx, self.doc[last].idx + len(self.doc[last].text)
        mention = Mention(start, end, self.doc.text[start:end], entity.kind, entity.key, self.sentence_of(start),
                          entity.qid_hint, source)
        return Hit(mention, entity, first, last)

    def adopt(self, mentions: list[Mention]) -> None:
        """Attach bare surnames the clustering left out to a person a title-only reference brought in
        ("Der US-Außenminister … Blinken sagte"): one real-world thing, one node."""
        for m in mentions:
            entity = self.entities.get(m.qid or "")
            span = self.doc.char_span(m.start, m.end)
            if entity is None or span is None or m in entity.mentions:
                continue
            entity = replace(entity, mentions=tuple(sorted((*entity.mentions, m), key=lambda x: (x.start, x.end))))
            self.entities[entity.key] = entity
            hit = Hit(m, entity, span.start, span.end - 1)
            self._by_first[span.start] = hit
            self._by_last[span.end - 1] = hit
            self._order = None

    def covering(self, i: int) -> Hit | None:
        """The hit whose tokens include token i."""
        for hit in self.hits(max(0, i - 8), i + 8):
            if hit.first <= i <= hit.last:
                return hit
        return None

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.annotated.sentences

    def tokens(self, sentence: Sentence) -> list[Tok]:
        """The sentence's tokens but spaces; each extractor asks, so they are kept."""
        key = (sentence.start, sentence.end)
        if key not in self._tokens:
            span = self.doc.char_span(sentence.start, sentence.end)
            self._tokens[key] = [t for t in self.doc[span.start:span.end] if not t.is_space] \
                if span is not None else []
        return self._tokens[key]

    def starting_at(self, i: int) -> Hit | None:
        return self._by_first.get(i)

    def ending_at(self, i: int) -> Hit | None:
        return self._by_last.get(i)

    def hits(self, first: int, last: int) -> list[Hit]:
        """Mentions wholly inside tokens first..last, in order."""
        if self._order is None or len(self._order) != len(self._by_first):
            self._order = sorted(self._by_first)
        lo = bisect.bisect_left(self._order, first)
        hi = bisect.bisect_right(self._order, last)
        return [h for h in (self._by_first[i] for i in self._order[lo:hi]) if h.last <= last]

    def clauses(self, tokens: list[Tok]) -> list[tuple[int, int]]:
        """Token index ranges (inclusive) of the clauses of a sentence.

        A comma starts a clause when a clause word follows it (a comma between two names is a
        list; in German any lower-case word but a preposition), and so does "und"/"and" when a
        date or place phrase follows."""
        if not tokens:
            return []
        cuts = [tokens[0].i]
        words = _CLAUSE_WORDS[self.lang]
        for k, tok in enumerate(tokens[:-1]):
            nxt = tokens[k + 1]
            # ", for a two-day summit": a preposition continues the clause
            # German verb-second clauses start with a lower-case verb (", sagte er"); in English a
            # lower-case word after a comma is often the main verb after an apposition (", hosted")
            if tok.text in {",", ";", ":", "–", "—"} and (nxt.lower_ in words or (
                    self.lang == "de" and nxt.is_lower and nxt.lower_ not in _PREPOSITIONS[self.lang])):
                cuts.append(nxt.i)
            elif tok.lower_ in {"und", "and", "sowie"} and nxt.lower_ in {"am", "an", "on", "im", "in", "at"}:
                cuts.append(tok.i)
            elif tok.lower_ in REPORTING and nxt.is_alpha and k > 0:
                cuts.append(nxt.i)  # "Stoltenberg said the alliance would meet …": what was said
        bounds = []
        for a, b in zip(cuts, cuts[1:] + [tokens[-1].i + 1], strict=True):
            if b > a:
                bounds.append((a, b - 1))
        return bounds

    def evidence(self, sentence: Sentence, first: int, last: int, extractor: str, confidence: float) -> Evidence:
        start = self.doc[first].idx
        end = self.doc[last].idx + len(self.doc[last].text)
        return Evidence(sentence, start, end, extractor, confidence)
