"""Mention detection P/R/F1 (strict and overlap), linking accuracy against gold links, error lists."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from kg.errors import EvalError
from kg.evaluate.links import TitleToQid, gold_qid
from kg.evaluate.model import (
    COARSE_TYPES,
    GoldDocument,
    GoldMention,
    PredictedMention,
    coarse_type,
    surface_key,
)

__all__ = [
    "DetectionScores",
    "ErrorCount",
    "ErrorReport",
    "LinkScores",
    "Mode",
    "PRF",
    "errors",
    "score_links",
    "score_mentions",
]

Mode = Literal["strict", "overlap"]


@dataclass(frozen=True)
class PRF:
    """Counts behind precision, recall and F1."""

    tp: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class DetectionScores:
    """Detection figures: micro, per coarse type (empty for untyped gold), predictions on ignored spans."""

    mode: Mode
    micro: PRF
    per_type: dict[str, PRF] = field(default_factory=dict)
    excused: int = 0


@dataclass(frozen=True)
class LinkScores:
    """Linking over gold mentions that carry a link annotation; NIL and uncomparable links kept apart."""

    gold: int
    comparable: int
    found: int
    correct: int
    nil_gold: int
    nil_found: int
    nil_agree: int
    unmapped: int
    unmapped_links: tuple[tuple[str, int], ...] = ()
    # Unmapped gold links we overlap, and those we gave a QID: mostly wrong links the accuracy cannot see,
    # since a title the KB cannot resolve usually names an entity the KB (and so our linker) lacks.
    unmapped_found: int = 0
    unmapped_with_qid: int = 0

    @property
    def accuracy(self) -> float:
        """Right QIDs among comparable gold mentions we found."""
        return self.correct / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        """Right QIDs among all comparable gold mentions (found or not)."""
        return self.correct / self.comparable if self.comparable else 0.0

    @property
    def nil_agreement(self) -> float:
        """Share of found gold-NIL mentions that we also left without a QID."""
        return self.nil_agree / self.nil_found if self.nil_found else 0.0


@dataclass(frozen=True)
class ErrorCount:
    """One kind of mistake: a surface text and type, how often, and one sentence where it happens."""

    text: str
    type: str
    count: int
    example: str
    doc: str


@dataclass(frozen=True)
class ErrorReport:
    missed: tuple[ErrorCount, ...]
    false_positives: tuple[ErrorCount, ...]


@dataclass(frozen=True)
class _Alignment:
    gold: frozenset[int]
    pred: frozenset[int]
    excused: frozenset[int]


def score_mentions(
    gold_docs: Sequence[GoldDocument], predictions: Iterable[PredictedMention], mode: Mode = "strict"
) -> DetectionScores:
    """P/R/F1, one-to-one: strict needs equal offsets, overlap a shared character, typed gold its type."""
    by_doc = _by_doc(gold_docs, predictions)
    typed = any(m.type is not None for doc in gold_docs for m in doc.mentions)
    micro = [0, 0, 0]
    per_type = {t: [0, 0, 0] for t in COARSE_TYPES} if typed else {}
    excused = 0
    for doc in gold_docs:
        preds = by_doc.get(doc.doc, [])
        found = _align(doc.mentions, preds, doc.ignored, mode)
        _add(micro, len(found.gold), len(preds) - len(found.excused), len(doc.mentions))
        excused += len(found.excused)
        for t, counts in per_type.items():
            gold_t = [m for m in doc.mentions if m.type == t]
            preds_t = [p for p in preds if coarse_type(p.kind) == t]
            found_t = _align(gold_t, preds_t, doc.ignored, mode)
            _add(counts, len(found_t.gold), len(preds_t) - len(found_t.excused), len(gold_t))
    return DetectionScores(
        mode=mode,
        micro=PRF(*micro),
        per_type={t: PRF(*counts) for t, counts in per_type.items()},
        excused=excused,
    )


def score_links(
    gold_docs: Sequence[GoldDocument],
    predictions: Iterable[PredictedMention],
    title_to_qid: TitleToQid | None = None,
) -> LinkScores:
    """Our QIDs against gold links on the gold mentions we overlap; NIL and unmappable links kept apart."""
    by_doc = _by_doc(gold_docs, predictions)
    counts: Counter[str] = Counter()
    unmapped: Counter[str] = Counter()
    for doc in gold_docs:
        preds = by_doc.get(doc.doc, [])
        for mention in doc.mentions:
            if not mention.linked:
                continue
            counts["gold"] += 1
            pred = _best_overlap(mention, preds)
            if mention.link is None:
                counts["nil_gold"] += 1
                counts["nil_found"] += pred is not None
                counts["nil_agree"] += pred is not None and pred.qid is None
                continue
            qid = gold_qid(mention.link, title_to_qid)
            if qid is None:
                unmapped[mention.link] += 1
                counts["unmapped_found"] += pred is not None
                counts["unmapped_with_qid"] += pred is not None and pred.qid is not None
                continue
            counts["comparable"] += 1
            counts["found"] += pred is not None
            counts["correct"] += pred is not None and pred.qid == qid
    return LinkScores(
        gold=counts["gold"],
        comparable=counts["comparable"],
        found=counts["found"],
        correct=counts["correct"],
        nil_gold=counts["nil_gold"],
        nil_found=counts["nil_found"],
        nil_agree=counts["nil_agree"],
        unmapped=sum(unmapped.values()),
        unmapped_links=tuple(sorted(unmapped.items(), key=lambda item: (-item[1], item[0]))),
        unmapped_found=counts["unmapped_found"],
        unmapped_with_qid=counts["unmapped_with_qid"],
    )


def errors(
    gold_docs: Sequence[GoldDocument],
    predictions: Iterable[PredictedMention],
    n: int = 20,
    *,
    mode: Mode = "strict",
) -> ErrorReport:
    """The n most frequent missed gold mentions and false positives, by folded surface text and type."""
    by_doc = _by_doc(gold_docs, predictions)
    missed: dict[tuple[str, str], list[ErrorCount]] = {}
    false: dict[tuple[str, str], list[ErrorCount]] = {}
    for doc in gold_docs:
        preds = by_doc.get(doc.doc, [])
        found = _align(doc.mentions, preds, doc.ignored, mode)
        for i, m in enumerate(doc.mentions):
            if i not in found.gold:
                _note(missed, doc, m.start, m.end, m.type or "-")
        for i, p in enumerate(preds):
            if i not in found.pred and i not in found.excused:
                _note(false, doc, p.start, p.end, coarse_type(p.kind))
    return ErrorReport(missed=_top(missed, n), false_positives=_top(false, n))


def _by_doc(
    gold_docs: Sequence[GoldDocument], predictions: Iterable[PredictedMention]
) -> dict[str, list[PredictedMention]]:
    known = {doc.doc for doc in gold_docs}
    by_doc: dict[str, list[PredictedMention]] = {}
    for pred in predictions:
        by_doc.setdefault(pred.doc, []).append(pred)
    strangers = sorted(set(by_doc) - known)
    if strangers:
        raise EvalError(
            f"predictions for {len(strangers)} document(s) not in the gold, e.g. {strangers[0]!r}; "
            "a prediction's doc must be the GoldDocument.doc it was made from"
        )
    for preds in by_doc.values():
        preds.sort(key=lambda p: (p.start, p.end, p.kind, p.qid or ""))
    return by_doc


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def _fits(gold: GoldMention, pred: PredictedMention, mode: Mode) -> int:
    """How many characters a prediction shares with a gold span if it counts as the same mention, else 0."""
    if gold.type is not None and gold.type != coarse_type(pred.kind):
        return 0
    if mode == "strict":
        return pred.end - pred.start if (gold.start, gold.end) == (pred.start, pred.end) else 0
    return _overlap(gold.start, gold.end, pred.start, pred.end)


def _align(
    gold: Sequence[GoldMention], preds: Sequence[PredictedMention], ignored: Sequence[GoldMention], mode: Mode
) -> _Alignment:
    """A one-to-one matching, largest overlaps first, and the unmatched predictions on ignored spans."""
    pairs = sorted(
        (-shared, gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(preds)
        if (shared := _fits(g, p, mode)) > 0
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _, gi, pi in pairs:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
    excused = {
        pi
        for pi, p in enumerate(preds)
        if pi not in used_pred and any(_on(span, p, mode) for span in ignored)
    }
    return _Alignment(frozenset(used_gold), frozenset(used_pred), frozenset(excused))


def _on(span: GoldMention, pred: PredictedMention, mode: Mode) -> bool:
    if mode == "strict":
        return (span.start, span.end) == (pred.start, pred.end)
    return _overlap(span.start, span.end, pred.start, pred.end) > 0


def _best_overlap(mention: GoldMention, preds: Sequence[PredictedMention]) -> PredictedMention | None:
    best: PredictedMention | None = None
    best_shared = 0
    for pred in preds:
        shared = _overlap(mention.start, mention.end, pred.start, pred.end)
        if shared > best_shared:
            best, best_shared = pred, shared
    return best


def _add(counts: list[int], tp: int, n_pred: int, n_gold: int) -> None:
    counts[0] += tp
    counts[1] += n_pred
    counts[2] += n_gold


def _note(
    table: dict[tuple[str, str], list[ErrorCount]], doc: GoldDocument, start: int, end: int, kind: str
) -> None:
    """Count one mistake; the first occurrence keeps its sentence as the example."""
    text = doc.text[start:end]
    seen = table.setdefault((surface_key(text), kind), [])
    if seen:
        seen[0] = replace(seen[0], count=seen[0].count + 1)
    else:
        seen.append(ErrorCount(text, kind, 1, example_sentence(doc.text, start, end), doc.doc))


def _top(table: dict[tuple[str, str], list[ErrorCount]], n: int) -> tuple[ErrorCount, ...]:
    ranked = sorted(table.items(), key=lambda item: (-item[1][0].count, item[0]))
    return tuple(seen[0] for _, seen in ranked[:n])


def example_sentence(text: str, start: int, end: int, width: int = 240) -> str:
    """The sentence around a span, the span in [[…]], whitespace collapsed, cut to about ``width``."""
    seps = (". ", "! ", "? ", "\n")
    left = max((text.rfind(sep, 0, start) + len(sep) for sep in seps if sep in text[:start]), default=0)
    right = min((i + 1 for sep in seps if (i := text.find(sep, end)) != -1), default=len(text))
    left, right = max(left, start - width // 2), min(right, end + width // 2)
    return " ".join(f"{text[left:start]}[[{text[start:end]}]]{text[end:right]}".split())
