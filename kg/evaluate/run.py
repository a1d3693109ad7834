"""Run the pipeline over gold data and score it: the glue behind `kg eval`.

    geokg gold JSON ─build its document─▶ store ─four saved queries─▶ score_geokg  (score.py's figures)
    NIF / GermEval / HIPE ─Article per document─▶ Pipeline.process ─map─▶ store
        ─queries/mentions.rq─▶ PredictedMention ─▶ score_mentions, score_links, errors

The store is in memory unless the caller gives one, and predictions come from the graph through the
same saved query a user runs, so the figures measure what `kg build` would store.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kg.errors import EvalError, InputError
from kg.evaluate.formats import FORMATS, GoldFormat, detect_format, read_gold
from kg.evaluate.geokg_gold import GeokgFigures, GeokgGold, qid_of, read_geokg_gold, score_geokg
from kg.evaluate.links import TitleToQid, layered_lookup
from kg.evaluate.model import GoldDocument, PredictedMention, coarse_type
from kg.evaluate.scoring import DetectionScores, ErrorReport, LinkScores, errors, score_links, score_mentions
from kg.kb import KnowledgeBase
from kg.records import Article, Lang
from kg.store import GraphStore

if TYPE_CHECKING:
    from kg.pipeline import Pipeline

__all__ = [
    "EvalOptions",
    "GeokgRun",
    "MentionRun",
    "Run",
    "evaluate",
    "evaluate_geokg",
    "evaluate_mentions",
    "find_document",
    "kb_title_lookup",
    "predicted_mentions",
    "query_rows",
]

Row = dict[str, str]
Progress = Callable[[int], None]
GEOKG_QUERIES = ("entities", "office-holders", "meetings", "memberships")


@dataclass(frozen=True)
class EvalOptions:
    """What `kg eval` was asked for; the defaults score everything in memory."""

    fmt: GoldFormat | Literal["auto"] = "auto"
    limit: int | None = None
    errors: int = 0
    document: Path | None = None
    batch_size: int = 64


@dataclass(frozen=True)
class GeokgRun:
    """score.py's figures for one geokg gold file, and the document that was built for it."""

    gold: str
    document: str
    figures: GeokgFigures
    seconds: float


@dataclass(frozen=True)
class MentionRun:
    """Mention and link figures for one NIF, GermEval or HIPE file."""

    gold: str
    fmt: GoldFormat
    documents: int
    strict: DetectionScores
    overlap: DetectionScores
    links: LinkScores
    seconds: float
    # Texts the read stage would have changed in the middle (NFC, leading blank lines): run verbatim instead.
    verbatim: int = 0
    # Mentions of classes outside PER/ORG/LOC (Position): in the graph, but no benchmark types them.
    unscored_kinds: tuple[tuple[str, int], ...] = ()
    errors: ErrorReport | None = None
    docs: tuple[GoldDocument, ...] = field(default=(), repr=False, compare=False)
    predictions: tuple[PredictedMention, ...] = field(default=(), repr=False, compare=False)


Run = GeokgRun | MentionRun


def evaluate(
    golds: Sequence[str | Path],
    options: EvalOptions = EvalOptions(),
    store: GraphStore | None = None,
    progress: Progress | None = None,
) -> Iterator[Run]:
    """Score each gold file in turn: geokg gold by score.py's rules, the others by mentions and links.

    Without a store each file gets a fresh in-memory one; the pipeline (and its KB) is loaded once.
    """
    from kg.kbstore import resolve_kb
    from kg.pipeline import Pipeline
    from kg.store import EmbeddedStore

    if options.fmt != "auto" and options.fmt not in FORMATS:
        raise EvalError(f"unknown gold format {options.fmt!r}; use one of auto, {', '.join(FORMATS)}")
    formats = [detect_format(g) if options.fmt == "auto" else options.fmt for g in golds]
    if options.document is not None and formats.count("geokg") != 1:
        raise EvalError("--doc names the document of one geokg gold file; give exactly one .json gold with it")
    pipeline: Pipeline | None = None
    for gold, fmt in zip(golds, formats, strict=True):
        target = store if store is not None else EmbeddedStore.in_memory()
        try:
            if fmt == "geokg":
                yield evaluate_geokg(gold, target, options.document)
                continue
            kb = resolve_kb(target)
            if pipeline is None or pipeline.kb.version != kb.version:
                pipeline = Pipeline(kb)
            yield evaluate_mentions(gold, fmt, pipeline, target, options, progress)
        finally:
            if store is None:
                target.close()


def find_document(gold_path: str | Path, gold: GeokgGold) -> Path:
    """The document a geokg gold file describes: next to it, in ../seeds beside it, or in ./seeds."""
    name = gold.data.get("document", {}).get("file")
    if not name:
        raise EvalError(f"{gold_path}: the gold names no document.file; give the document with --doc PATH")
    here = Path(gold_path).parent
    for candidate in (here / name, here.parent / "seeds" / name, Path("seeds") / name):
        if candidate.is_file():
            return candidate
    raise EvalError(f"{gold_path}: document {name} is neither next to the gold nor in seeds/; give it with --doc PATH")


def evaluate_geokg(gold_path: str | Path, store: GraphStore, document: Path | None = None) -> GeokgRun:
    """Build the gold's document into the store and score the four saved queries as score.py does."""
    import datetime as dt

    from kg.pipeline import BuildOptions, build

    started = time.perf_counter()
    gold = read_geokg_gold(gold_path)
    doc = document if document is not None else find_document(gold_path, gold)
    if not doc.is_file():
        raise EvalError(f"{doc}: no such document")
    date_text = gold.data["document"].get("date")
    try:
        date = dt.date.fromisoformat(date_text) if date_text else None
    except ValueError:
        raise EvalError(f"{gold_path}: document.date {date_text!r} is not YYYY-MM-DD") from None
    report = build([doc], store, BuildOptions(date=date))
    if report.failures:
        raise EvalError(f"{doc}: {report.failures[0].message}")
    # The four queries read the whole store, so any other document there would count as predictions.
    held = len(store.document_hashes())
    if held > 1:
        raise EvalError(f"{store.location}: holds {held} documents; score geokg gold in an empty --store")
    rows = {name: query_rows(store, name) for name in GEOKG_QUERIES}
    figures = score_geokg(gold, rows["entities"], rows["office-holders"], rows["meetings"], rows["memberships"])
    return GeokgRun(str(gold_path), str(doc), figures, time.perf_counter() - started)


def query_rows(store: GraphStore, name: str, substitutions: Mapping[str, Any] | None = None) -> list[Row]:
    """The rows of a saved query as column → value string, unbound columns left out (score.py's shape)."""
    from kg.queries import find_query

    results = store.query(find_query(name).text, substitutions)
    names = [v.value for v in results.variables]
    return [{n: str(term.value) for n in names if (term := solution[n]) is not None} for solution in results]


def gold_article(doc: GoldDocument) -> tuple[Article, bool]:
    """The gold text as an Article, read as a .txt file would be; True where it had to be kept verbatim.

    The read stage drops trailing whitespace (offsets stay), but leading blank lines, NFC or a text that is
    all boilerplate would move or lose gold offsets: then the gold text goes in unchanged.
    """
    from kg.read import detect_language, read_text

    lang: Lang | None = "de" if doc.lang == "de" else "en" if doc.lang == "en" else None
    try:
        article = read_text(doc.text, doc_id=doc.doc, lang=lang, date=doc.date)
    except InputError:
        # Nothing but boilerplate by the read stage's rules (a GermEval sentence about cookies): keep it anyway.
        digest = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        return Article(doc.doc, doc.text, lang or detect_language(doc.text), date=doc.date,
                       content_hash=digest), True
    if doc.text.startswith(article.text):
        return article, False
    return replace(article, text=doc.text), True


def evaluate_mentions(
    gold_path: str | Path,
    fmt: GoldFormat,
    pipeline: Pipeline,
    store: GraphStore,
    options: EvalOptions = EvalOptions(),
    progress: Progress | None = None,
) -> MentionRun:
    """Run every gold document through the pipeline into the store and score the graph's mentions."""
    from kg.mapping import map_linked
    from kg.store import DocumentGraph

    started = time.perf_counter()
    docs = read_gold(gold_path, fmt)
    if options.limit is not None:
        docs = docs[: options.limit]
    if not docs:
        raise EvalError(f"{gold_path}: no gold documents to score")
    prepared = [gold_article(d) for d in docs]
    articles = [a for a, _ in prepared]
    size = max(1, options.batch_size)
    for i in range(0, len(articles), size):
        batch = articles[i : i + size]
        graphs = [
            DocumentGraph(linked.extraction.article.doc_id, linked.extraction.article.content_hash,
                          tuple(map_linked(linked)))
            for linked in pipeline.process(batch)
        ]
        store.write_documents(graphs)
        if progress is not None:
            progress(len(batch))
    predictions, unscored = predicted_mentions(store, docs)
    return MentionRun(
        gold=str(gold_path),
        fmt=fmt,
        documents=len(docs),
        strict=score_mentions(docs, predictions, "strict"),
        overlap=score_mentions(docs, predictions, "overlap"),
        links=score_links(docs, predictions, kb_title_lookup(pipeline.kb)),
        seconds=time.perf_counter() - started,
        verbatim=sum(1 for _, kept in prepared if kept),
        unscored_kinds=tuple(sorted(unscored.items(), key=lambda kv: (-kv[1], kv[0]))),
        errors=errors(docs, predictions, options.errors) if options.errors > 0 else None,
        docs=tuple(docs),
        predictions=tuple(predictions),
    )


def predicted_mentions(
    store: GraphStore, docs: Sequence[GoldDocument]
) -> tuple[list[PredictedMention], dict[str, int]]:
    """The graph's mentions of the gold documents (queries/mentions.rq), and counts of unscored classes."""
    from kg.vocab import document_iri

    by_key: dict[str, GoldDocument] = {}
    for d in docs:
        by_key[d.doc] = d
        by_key[document_iri(d.doc).value] = d
    seen: set[tuple[str, int, int]] = set()
    out: list[PredictedMention] = []
    unscored: dict[str, int] = {}
    for row in query_rows(store, "mentions"):
        doc = by_key.get(row.get("document", ""))
        if doc is None:
            continue  # another document in a shared --store
        start, end = int(row["start"]), int(row["end"])
        if (doc.doc, start, end) in seen:
            continue
        seen.add((doc.doc, start, end))
        kind = row["type"].rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        try:
            coarse_type(kind)
        except EvalError:
            unscored[kind] = unscored.get(kind, 0) + 1
            continue
        if doc.text[start:end] != row["text"]:
            raise EvalError(
                f"{doc.doc}: the graph's mention {row['text']!r} at {start}-{end} does not match the gold text "
                f"{doc.text[start:end]!r}; the pipeline moved the offsets"
            )
        out.append(PredictedMention(doc.doc, start, end, row["text"], kind, qid_of(row.get("wikidata"))))
    return out, unscored


def kb_title_lookup(kb: KnowledgeBase) -> TitleToQid:
    """DBpedia titles → QIDs through the KB: English and German labels first, then aliases."""
    entities = sorted(kb.entities.values(), key=lambda e: e.qid)
    labels = [(label, e.qid) for e in entities for label in (e.label_en, e.label_de) if label]
    aliases = [(alias, e.qid) for e in entities for alias in e.aliases]
    return layered_lookup(labels, aliases)
