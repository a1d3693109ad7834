"""NIF 2.0 Turtle: read a gold corpus (N3 News-100, RSS-500), write our annotations for GERBIL."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from kg.errors import EvalError
from kg.evaluate.links import wikidata_qid
from kg.evaluate.model import GoldDocument, GoldMention, PredictedMention, coarse_type, surface_key
from kg.vocab import DATA, ONTOLOGY, WIKIDATA_ENTITY

__all__ = ["NIL_BASE", "read_nif", "write_nif"]

NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
ITSRDF = "http://www.w3.org/2005/11/its/rdf#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
NIL_BASE = DATA + "nil/"
"""Where write_nif points a mention we found but could not link: outside every knowledge base."""

_NIL_BASES = ("http://aksw.org/notInWiki/", NIL_BASE)
_WANTED = {
    NIF + "isString",
    NIF + "beginIndex",
    NIF + "endIndex",
    NIF + "anchorOf",
    NIF + "referenceContext",
    ITSRDF + "taIdentRef",
    ITSRDF + "taClassRef",
}
_PREFIXES = {"nif": NIF, "itsrdf": ITSRDF, "xsd": XSD, "wd": WIKIDATA_ENTITY, "geokg": ONTOLOGY}


def read_nif(path: str | Path) -> tuple[GoldDocument, ...]:
    """Every nif:Context of a NIF Turtle file as a GoldDocument, its phrases as mentions."""
    subjects = _subjects(Path(path))
    docs: dict[str, tuple[str, str]] = {}
    for iri, values in subjects.items():
        if NIF + "isString" in values:
            literal = values[NIF + "isString"][0]
            lang = literal.language if isinstance(literal, ox.Literal) and literal.language else "und"
            docs[iri] = (literal.value, lang)
    mentions: dict[str, list[GoldMention]] = {iri: [] for iri in docs}
    for iri, values in subjects.items():
        if NIF + "referenceContext" in values:
            context = values[NIF + "referenceContext"][0].value
            if context not in docs:
                raise EvalError(f"{path}: {iri} refers to context {context}, which has no nif:isString")
            mentions[context].append(_mention(path, iri, values, docs[context][0]))
    return tuple(
        GoldDocument(
            doc=iri,
            text=text,
            lang=lang,
            date=None,
            mentions=tuple(sorted(mentions[iri], key=lambda m: (m.start, m.end))),
        )
        for iri, (text, lang) in sorted(docs.items(), key=lambda item: _natural(item[0]))
    )


def write_nif(
    docs: Iterable[GoldDocument],
    predictions: Iterable[PredictedMention],
    out_path: str | Path,
    *,
    classes: bool = True,
) -> None:
    """Write the documents and our mentions of them as NIF Turtle, ready to upload to GERBIL."""
    by_doc = {doc.doc: doc for doc in docs}
    spans: dict[tuple[str, int, int], PredictedMention] = {}
    for pred in sorted(predictions, key=lambda p: (p.doc, p.start, p.end, p.kind, p.qid or "")):
        gold = by_doc.get(pred.doc)
        if gold is None:
            raise EvalError(f"prediction for unknown document {pred.doc!r}; pass that document to write_nif")
        if gold.text[pred.start : pred.end] != pred.text:
            raise EvalError(
                f"prediction {pred.text!r} at {pred.start}-{pred.end} of {pred.doc!r} differs from the text "
                f"{gold.text[pred.start : pred.end]!r}; offsets must be character offsets into the document"
            )
        # One phrase IRI per span: of two predictions on one span the first in (kind, qid) order wins.
        spans.setdefault((pred.doc, pred.start, pred.end), pred)
    triples: list[ox.Triple] = []
    for doc in by_doc.values():
        triples.extend(_context_triples(doc))
    for pred in spans.values():
        triples.extend(_phrase_triples(by_doc[pred.doc], pred, classes))
    triples.sort(key=str)
    try:
        ox.serialize(triples, str(out_path), ox.RdfFormat.TURTLE, prefixes=_PREFIXES)
    except OSError as exc:
        raise EvalError(f"cannot write {out_path}: {exc.strerror or exc}") from exc


def _subjects(path: Path) -> dict[str, dict[str, list[ox.NamedNode | ox.BlankNode | ox.Literal]]]:
    """The triples of interest, grouped by subject and predicate."""
    subjects: dict[str, dict[str, list[ox.NamedNode | ox.BlankNode | ox.Literal]]] = {}
    try:
        for quad in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
            predicate = quad.predicate.value
            if predicate in _WANTED and not isinstance(quad.object, ox.Triple):
                values = subjects.setdefault(quad.subject.value, {})
                values.setdefault(predicate, []).append(quad.object)
    except OSError as exc:
        raise EvalError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except SyntaxError as exc:
        raise EvalError(f"{path} is not valid Turtle: {exc}") from exc
    return subjects


def _mention(
    path: str | Path, iri: str, values: dict[str, list[ox.NamedNode | ox.BlankNode | ox.Literal]], text: str
) -> GoldMention:
    try:
        start = int(values[NIF + "beginIndex"][0].value)
        end = int(values[NIF + "endIndex"][0].value)
    except (KeyError, ValueError):
        raise EvalError(f"{path}: {iri} lacks an integer nif:beginIndex or nif:endIndex") from None
    anchor = values[NIF + "anchorOf"][0].value if NIF + "anchorOf" in values else text[start:end]
    if not 0 <= start < end <= len(text) or text[start:end] != anchor:
        raise EvalError(
            f"{path}: {iri} has offsets {start}-{end} that do not hold its anchor {anchor!r} "
            f"(the text there is {text[start:end]!r})"
        )
    links = sorted(v.value for v in values.get(ITSRDF + "taIdentRef", []))
    # GERBIL allows several meanings per phrase; a Wikidata one is what we can compare best.
    links.sort(key=lambda link: wikidata_qid(link) is None)
    types = {t for t in (_coarse(v.value) for v in values.get(ITSRDF + "taClassRef", [])) if t}
    return GoldMention(
        start=start,
        end=end,
        text=anchor,
        type=types.pop() if len(types) == 1 else None,
        link=_gold_link(links[0]) if links else None,
        linked=bool(links),
    )


def _gold_link(iri: str) -> str | None:
    if iri.startswith(_NIL_BASES):
        return None
    return wikidata_qid(iri) or iri


def _coarse(class_iri: str) -> str | None:
    try:
        return coarse_type(class_iri)
    except EvalError:
        return None


def _natural(iri: str) -> list[tuple[int, str]]:
    """Sort key that puts …/News-100/9 before …/News-100/10."""
    return [(int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"(\d+)", iri)]


def _base(doc: GoldDocument) -> str:
    """The IRI a document's RFC 5147 string IRIs hang from."""
    # NIF gold keeps its context IRI: GERBIL pairs an uploaded file with its dataset by document IRI.
    if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://", doc.doc):
        return doc.doc.split("#", 1)[0]
    return DATA + "nif/" + quote(doc.doc, safe="")


def _index(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "nonNegativeInteger"))


def _context_triples(doc: GoldDocument) -> list[ox.Triple]:
    node = ox.NamedNode(f"{_base(doc)}#char=0,{len(doc.text)}")
    lang = doc.lang if doc.lang and doc.lang != "und" else None
    return [
        ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(NIF + "Context")),
        ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(NIF + "String")),
        ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(NIF + "RFC5147String")),
        ox.Triple(node, ox.NamedNode(NIF + "beginIndex"), _index(0)),
        ox.Triple(node, ox.NamedNode(NIF + "endIndex"), _index(len(doc.text))),
        ox.Triple(node, ox.NamedNode(NIF + "isString"), ox.Literal(doc.text, language=lang)),
    ]


def _phrase_triples(doc: GoldDocument, pred: PredictedMention, classes: bool) -> list[ox.Triple]:
    base = _base(doc)
    node = ox.NamedNode(f"{base}#char={pred.start},{pred.end}")
    if pred.qid:
        target = WIKIDATA_ENTITY + pred.qid
    else:
        target = NIL_BASE + quote(surface_key(pred.text).replace(" ", "_"), safe="")
    triples = [
        ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(NIF + "Phrase")),
        ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(NIF + "String")),
        ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(NIF + "RFC5147String")),
        ox.Triple(node, ox.NamedNode(NIF + "anchorOf"), ox.Literal(pred.text)),
        ox.Triple(node, ox.NamedNode(NIF + "beginIndex"), _index(pred.start)),
        ox.Triple(node, ox.NamedNode(NIF + "endIndex"), _index(pred.end)),
        ox.Triple(
            node, ox.NamedNode(NIF + "referenceContext"), ox.NamedNode(f"{base}#char=0,{len(doc.text)}")
        ),
        ox.Triple(node, ox.NamedNode(ITSRDF + "taIdentRef"), ox.NamedNode(target)),
    ]
    if classes:
        local = re.split(r"[#/]", pred.kind)[-1]
        triples.append(ox.Triple(node, ox.NamedNode(ITSRDF + "taClassRef"), ox.NamedNode(ONTOLOGY + local)))
    return triples
