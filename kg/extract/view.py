"""A read-only view of one annotated document that the fact extractors share.

It answers the questions every extractor asks of the tokens: which entity does the mention
starting (or ending) at this token belong to, which tokens make up a sentence, where do
clauses begin.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from kg.records import Annotated, Entity, Evidence, Mention, Sentence

__all__ = ["DocView", "Hit"]

_CLAUSE_WORDS = {
    "de": {"dass", "wenn", "um", "während", "als", "weil", "nachdem", "bevor", "sobald", "da", "ob", "wo",
           "die", "der", "das", "den", "dem", "einer", "eines", "einem", "darunter", "sagte", "sagten",
           "hieß", "heißt", "wie", "was", "wobei", "sodass", "bis", "aber", "doch", "sondern"},
    "en": {"when", "while", "where", "who", "which", "that", "after", "before", "as", "because", "said",
           "says", "including", "but", "although", "whereas"},
}


@dataclass(frozen=True)
class Hit:
    """A mention found at a token position, with the entity it belongs to."""

    mention: Mention
    entity: Entity
    first: int
    last: int


class DocView:
    def __init__(self, annotated: Annotated, entities: tuple[Entity, ...]) -> None:
        self.annotated = annotated
        self.doc: Doc = annotated.doc
        self.lang = annotated.article.lang
        self.entities = {e.key: e for e in entities}
        self._by_first: dict[int, Hit] = {}
        self._by_last: dict[int, Hit] = {}
        for entity in entities:
            for m in entity.mentions:
                span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is None or len(span) == 0:
                    continue
                hit = Hit(m, entity, span.start, span.end - 1)
                self._by_first[span.start] = hit
                self._by_last[span.end - 1] = hit

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return self.annotated.sentences

    def tokens(self, sentence: Sentence) -> list[Token]:
        span = self.doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        return [t for t in span if not t.is_space] if span is not None else []

    def starting_at(self, i: int) -> Hit | None:
        return self._by_first.get(i)

    def ending_at(self, i: int) -> Hit | None:
        return self._by_last.get(i)

    def hits(self, first: int, last: int) -> list[Hit]:
        """Mentions wholly inside tokens first..last, in order."""
        return [h for i, h in sorted(self._by_first.items()) if first <= i and h.last <= last]

    def clauses(self, tokens: list[Token]) -> list[tuple[int, int]]:
        """Token index ranges (inclusive) of the clauses of a sentence.

        A comma starts a clause when a lower-case clause word follows it (a comma between two
        names is a list), and so does "und"/"and" when a date or place phrase follows."""
        if not tokens:
            return []
        cuts = [tokens[0].i]
        words = _CLAUSE_WORDS[self.lang]
        for k, tok in enumerate(tokens[:-1]):
            nxt = tokens[k + 1]
            if tok.text in {",", ";", ":", "–", "—"} and (nxt.lower_ in words or nxt.is_lower):
                cuts.append(nxt.i)
            elif tok.lower_ in {"und", "and", "sowie"} and nxt.lower_ in {"am", "an", "on", "im", "in", "at"}:
                cuts.append(tok.i)
        bounds = []
        for a, b in zip(cuts, cuts[1:] + [tokens[-1].i + 1], strict=True):
            if b > a:
                bounds.append((a, b - 1))
        return bounds

    def evidence(self, sentence: Sentence, first: int, last: int, extractor: str, confidence: float) -> Evidence:
        start = self.doc[first].idx
        end = self.doc[last].idx + len(self.doc[last].text)
        return Evidence(sentence, start, end, extractor, confidence)
