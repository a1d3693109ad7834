"""The records evaluation compares: gold documents and mentions, and the pipeline's predicted mentions."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from kg.errors import EvalError

__all__ = ["COARSE_TYPES", "GoldDocument", "GoldMention", "PredictedMention", "coarse_type", "surface_key"]

COARSE_TYPES = ("PER", "ORG", "LOC")

# Local names of the ontology classes a mention can carry, grouped the way NER benchmarks type spans.
_COARSE = {
    "Person": "PER",
    "Organization": "ORG",
    "InternationalOrganization": "ORG",
    "Government": "ORG",
    "GovernmentBody": "ORG",
    "Council": "ORG",
    "Alliance": "ORG",
    "Party": "ORG",
    "ArmedGroup": "ORG",
    "Place": "LOC",
    "Country": "LOC",
    "City": "LOC",
    "Region": "LOC",
    "Continent": "LOC",
}


@dataclass(frozen=True)
class PredictedMention:
    """A span the pipeline found in a gold document, with its ontology class and QID (None: NIL)."""

    doc: str
    start: int
    end: int
    text: str
    kind: str
    qid: str | None = None


@dataclass(frozen=True)
class GoldMention:
    """A gold span: PER/ORG/LOC or None (untyped corpus), link as QID or IRI or None (NIL)."""

    start: int
    end: int
    text: str
    type: str | None
    link: str | None
    # False where the corpus says nothing about the link (GermEval, HIPE "_"): not the same as NIL.
    linked: bool = True


@dataclass(frozen=True)
class GoldDocument:
    """One gold text, the mentions we score, and the annotated spans we do not score."""

    doc: str
    text: str
    lang: str
    date: dt.date | None
    mentions: tuple[GoldMention, ...]
    # Other types, derived/partial names, nested levels, typed with the corpus's own label (OTH, prod …):
    # a prediction on one of them is neither right nor wrong.
    ignored: tuple[GoldMention, ...] = ()


def coarse_type(kind: str) -> str:
    """PER, ORG or LOC for an ontology class local name (or full class IRI)."""
    local = re.split(r"[#/]", kind)[-1]
    try:
        return _COARSE[local]
    except KeyError:
        known = ", ".join(sorted(_COARSE))
        raise EvalError(
            f"mention kind {kind!r} has no coarse type; use one of {known} or add it to kg/evaluate/model.py"
        ) from None


def surface_key(text: str) -> str:
    """Surface text folded for grouping: NFKC, case-folded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
