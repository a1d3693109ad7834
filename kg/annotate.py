"""The language stage: tokens, sentences and mentions of persons, organizations and places.

No pretrained German pipeline exists on the index we install from, so mentions come from
spaCy's own machinery fed by the knowledge base: a blank tokenizer (hyphenated compounds
split, so "Nato-Generalsekretär" yields "Nato"), a sentence splitter that also breaks at
paragraphs, a PhraseMatcher over every KB name, alias, inflected form and adjective, and
rules for names the KB does not know (kg.mentions_rules: persons by given name, title or verb of
saying; kg.mentions_places and kg.mentions_orgs: places and organizations by cue), and Matcher patterns for
hyphenated council names.  KB names that are only part of a compound ("US-Dollar") or of a
longer name ("Golf von Mexiko") are kept as ``kb-part`` cues for the extractors, never as
mentions.  A person found by pattern or model is found again by surname later in the document
("Karl Muster … Muster sagte").  A statistical pipeline given
with --model adds its entities as one more source.  Positions in the KB ("Bundeskanzler") are
titles, not names: the office extractor reads them, they make no mention.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import spacy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc

from kg.kb import KnowledgeBase, SurfaceForm
from kg.lexicon import FIRST_NAMES, ORG_HEADS
from kg.mentions_orgs import org_rows
from kg.mentions_places import names_again, place_rows
from kg.mentions_repair import repair_known
from kg.mentions_rules import Row, in_compound, person_rows
from kg.mentions_tokens import Tokens, Word, tokens_of
from kg.records import Annotated, Article, Mention, Sentence

__all__ = ["Annotator", "build_nlp", "Candidate"]

_LETTER = r"A-Za-zÄÖÜäöüßÀ-ÿ"
_MODEL_KINDS = {"PER": "Person", "PERSON": "Person", "LOC": "Place", "GPE": "Place", "ORG": "Organization",
                "NORP": ""}
_NAME_FORMS = {"name", "alias", "inflected", "surname"}


_Row = Row


@dataclass(frozen=True)
class Candidate:
    """A KB match before the document-level decisions: span, QID, form."""

    start: int
    end: int
    qid: str
    form: str


@Language.component("geokg_paragraphs")
def _paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: titles and datelines have no final full stop."""
    words = [(t.text, t.is_space, t.is_title) for t in doc]  # read once: indexing a Doc makes a Token
    for i, (text, space, _title) in enumerate(words[:-1]):
        if space and "\n" in text:
            doc[i + 1].is_sent_start = True
        elif i > 0 and not space:
            # an abbreviation such as "V." or "U.S." inside a name does not end a sentence
            title = words[i + 1][2]
            if text.endswith(".") and len(text) <= 4 and text[0].isupper() and title:
                doc[i + 1].is_sent_start = False
            # nor does the full stop of a spaced initial or title in OCR text ("Dr . H . Klee")
            before = words[i - 1][0]
            if text == "." and title and (len(before) == 1 and before.isupper() or before.lower() in _ABBREVIATIONS):
                doc[i + 1].is_sent_start = False
    return doc


_ABBREVIATIONS = frozenset({"dr", "prof", "nr", "st", "hr", "hrn", "fr", "frl", "frhr", "mr", "mrs", "ms", "gen",
                            "v", "vgl", "bzw", "ca", "sen", "jr", "sr"})


def _fold_lower(text: str) -> str:
    return text.lower().replace("ſ", "s")


def build_nlp(lang: str, model: str | None = None) -> Language:
    """A blank (or the given statistical) pipeline with hyphen splitting and sentence breaks."""
    nlp = spacy.load(model) if model else spacy.blank(lang)
    # the long s of old print folds into the lower-case form that names and word lists are matched on
    nlp.vocab.lex_attr_getters[LOWER] = _fold_lower  # type: ignore[attr-defined]
    infixes = list(nlp.Defaults.infixes or []) + [rf"(?<=[{_LETTER}0-9])-(?=[{_LETTER}])"]  # "G20-Gipfel"
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
    if not nlp.has_pipe("sentencizer") and not nlp.has_pipe("parser") and not nlp.has_pipe("senter"):
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("geokg_paragraphs")
    return nlp


class Annotator:
    """Finds sentences and mentions in articles of one language; build once, reuse."""

    def __init__(self, kb: KnowledgeBase, lang: str, model: str | None = None) -> None:
        self.kb = kb
        self.lang = lang
        self.nlp = build_nlp(lang, model)
        self.uses_model = bool(model) and self.nlp.has_pipe("ner")
        self._exact: dict[int, frozenset[str]] = {}
        self._phrases, self._keys = self._phrase_matcher()
        self._patterns = self._pattern_matcher()
        self._heads = frozenset(h for h, kind in ORG_HEADS.items() if kind)
        self._words: dict[int, Word] = {}

    def _phrase_matcher(self) -> tuple[PhraseMatcher, dict[int, list[tuple[str, str]]]]:
        matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        groups: dict[str, list[tuple[str, str]]] = {}
        texts: dict[str, set[str]] = {}
        for form in self._forms():
            key = form.text.lower()
            groups.setdefault(key, [])
            if (form.qid, form.form) not in groups[key]:
                groups[key].append((form.qid, form.form))
            texts.setdefault(key, set()).add(form.text)
        keys: dict[int, list[tuple[str, str]]] = {}
        names = sorted(groups)
        # patterns come from the names as written: the tokenizer's exceptions are case-sensitive ("U.S.")
        written = [sorted(texts[name]) for name in names]
        docs = iter(self.nlp.tokenizer.pipe(t for group in written for t in group))  # type: ignore[union-attr]
        for name, group in zip(names, written, strict=True):
            match_id = self.nlp.vocab.strings.add("kb:" + name)
            keys[match_id] = groups[name]
            # acronyms ("WHO", "US") must keep their case: "who" and "us" are words
            self._exact[match_id] = frozenset(texts[name]) if any(
                t.isupper() and len(t) <= 5 for t in texts[name]) else frozenset()
            matcher.add("kb:" + name, [next(docs) for _ in group])
        return matcher, keys

    def _forms(self) -> Iterator[SurfaceForm]:
        """The KB's forms of this language, without positions, plus German genitive surnames ("Putins")."""
        for form in self.kb.surface_forms(self.lang):
            entity = self.kb.get(form.qid)
            if entity is None or entity.kind == "Position":
                continue
            yield form
            if self.lang == "de" and form.form == "surname" and not form.text.endswith(("s", "x", "z", "ß")):
                yield SurfaceForm(form.text + "s", form.qid, "surname", "de")

    def _pattern_matcher(self) -> Matcher:
        m = Matcher(self.nlp.vocab)
        hyphen = {"ORTH": "-"}
        heads = [h for h, kind in ORG_HEADS.items() if kind]
        part = {"TEXT": {"REGEX": r"^[A-ZÄÖÜ]"}}
        m.add("COMPOUND_ORG", [[part, hyphen, part, hyphen, {"LOWER": {"IN": heads}}],
                               [part, hyphen, part, hyphen, part, hyphen, {"LOWER": {"IN": heads}}]])
        return m

    @functools.cache  # noqa: B019 - one Annotator per language and run
    def _kb_first_names(self) -> frozenset[str]:
        names = set()
        for entity in self.kb.entities.values():
            if entity.kind == "Person":
                parts = entity.label_en.split()
                if len(parts) >= 2 and parts[0][:1].isupper() and not parts[0].endswith("."):
                    names.add(parts[0].lower())
        return frozenset(names | FIRST_NAMES)

    def annotate(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[Annotated]:
        stream = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(stream, as_tuples=True, batch_size=batch_size):
            yield self.annotate_doc(doc, article)

    def annotate_doc(self, doc: Doc, article: Article) -> Annotated:
        tokens = tokens_of(doc, self._words)
        sentences = _sentences(doc, tokens)
        starts = [s.start for s in sentences]
        known = repair_known(tokens, self._kb_spans(doc, tokens), self.lang)
        persons = _without_known_people(self._pattern_spans(doc, tokens) + person_rows(
            tokens, self.lang, known, self._kb_first_names()), known)
        # a lone given name the linker would read as a KB surname ("Michael" ~ Kristen Michal) stays out
        persons = [r for r in persons if len(r[0]) > 1 or not any(
            c.kind == "Person" for c in self.kb.candidates(r[0].text))]
        places = place_rows(tokens, self.lang, known + persons)
        orgs = org_rows(tokens, self.lang, known + persons + places)
        found = [r for r in places + orgs if not in_compound(tokens, r[0])]  # "ARD-Soap", "Limbach-Oberfrohna"
        spans = known + persons + found
        again = names_again(tokens, found + [r for r in known if r[4] == "pattern"], spans)
        spans += [r for r in again if not in_compound(tokens, r[0])]
        spans += self._model_spans(doc)
        spans += [r for r in _surnames_again(tokens, spans) if not in_compound(tokens, r[0])]
        mentions = []
        for span, kind, key, qid, source in _longest_first(spans):
            index = _sentence_of(starts, span.start_char)
            mentions.append(Mention(span.start_char, span.end_char, span.text, kind, key, index, qid, source))
        mentions.sort(key=lambda m: (m.start, m.end))
        return Annotated(article, tuple(sentences), tuple(mentions), doc)

    def _kb_spans(self, doc: Doc, tokens: Tokens) -> list[_Row]:
        out: list[_Row] = []
        for match_id, start, end in self._phrases(doc):
            span = doc[start:end]
            exact = self._exact.get(match_id)
            if exact and span.text not in exact:
                continue
            best = None
            for qid, form in self._keys[match_id]:
                entity = self.kb.get(qid)
                if entity is None:
                    continue
                if form in _NAME_FORMS and not span.text[:1].isupper():
                    continue
                if form == "surname" and start > 0 and tokens[start - 1].text == "-":
                    continue  # "Clark-Johnson" is not Johnson
                # an ambiguous name goes to its most prominent bearer; the linker may revise
                if best is None or entity.prominence > best[0].prominence:
                    best = (entity, form)
            if best is not None:
                entity, form = best
                source = "kb-adj" if form == "adjective" else ("kb-surname" if form == "surname" else "kb")
                out.append((span, entity.kind, entity.qid, entity.qid, source))
        return out

    def _pattern_spans(self, doc: Doc, tokens: Tokens) -> list[_Row]:
        # every pattern ends in "-" and a head: without one the Matcher need not walk the document
        if not any(t.lower_ in self._heads and tokens[t.i - 1].text == "-" for t in tokens[4:]):
            return []
        out: list[_Row] = []
        for match_id, start, end in self._patterns(doc):
            rule = self.nlp.vocab.strings[match_id]
            span = doc[start:end]
            if rule == "COMPOUND_ORG":
                kind = ORG_HEADS.get(span[-1].lower_, "Organization") or "Organization"
                out.append((span, kind, "org:" + span.text.lower(), None, "pattern"))
        return out

    def _model_spans(self, doc: Doc) -> list[_Row]:
        if not self.uses_model:
            return []
        out: list[_Row] = []
        for ent in doc.ents:
            kind = _MODEL_KINDS.get(ent.label_, "")
            if kind:
                out.append((ent, kind, f"{kind.lower()}:{ent.text.lower()}", None, "model"))
        return out


def _sentences(doc: Doc, tokens: Tokens) -> list[Sentence]:
    out: list[Sentence] = []
    text = tokens.text
    for sent in doc.sents:
        words = [t for t in tokens[sent.start:sent.end] if not t.is_space]
        if not words:
            continue
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        out.append(Sentence(len(out), start, end, text[start:end]))
    return out


def _sentence_of(starts: list[int], char: int) -> int:
    import bisect

    return max(0, bisect.bisect_right(starts, char) - 1)


def _without_known_people(
    patterns: list[_Row], known: list[_Row],
) -> list[_Row]:
    """Pattern persons that run on past a person the KB knows ("Präsident Biden Ende …") are dropped;
    those that end with one ("Wladimir V. Putin") are kept."""
    people = [s for s, kind, *_ in known if kind == "Person"]
    return [p for p in patterns if not any(p[0].start <= k.start and k.end < p[0].end for k in people)]


# Equal lengths: a surname the KB knows beats the same token found by pattern ("Herr Putin").
_PRIORITY = {"kb": 5, "kb-surname": 4, "pattern": 3, "model": 2, "kb-part": 1, "kb-adj": 0}


def _surnames_again(
    doc: Tokens, spans: list[_Row],
) -> list[_Row]:
    """Later bare surnames of persons that only a pattern or the model found ("Muster sagte")."""
    first_seen: dict[str, tuple[int, str, str]] = {}
    for span, kind, key, _qid, source in spans:
        if kind == "Person" and source in {"pattern", "model"} and len(span) >= 2 and doc[span.end - 1].is_title:
            surname = doc[span.end - 1].text
            if surname not in first_seen or span.end < first_seen[surname][0]:
                first_seen[surname] = (span.end, key, source)
    if not first_seen:
        return []
    out: list[_Row] = []
    for token in doc:
        name = token.text
        if name not in first_seen and token.text.endswith("s") and token.text[:-1] in first_seen:
            name = token.text[:-1]  # German genitive "Musters"
        found = first_seen.get(name)
        if found is not None and token.i >= found[0]:
            out.append((doc.span(token.i, token.i + 1), "Person", found[1], None, found[2]))
    return out


def _longest_first(
    spans: list[_Row],
) -> list[_Row]:
    """Overlapping spans: the longest wins, then the more trusted source; ties keep all QIDs' best."""
    ranked = sorted(spans, key=lambda s: (-(s[0].end - s[0].start), -_PRIORITY[s[4]], s[0].start))
    taken: set[int] = set()
    out = []
    for item in ranked:
        span = item[0]
        if any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        out.append(item)
    return out
