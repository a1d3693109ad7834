"""Scoring against gold data: NIF (N3), GermEval 2014, HIPE-2022 and geokg's own gold files.

read_gold / read_nif / read_germeval / read_hipe  → GoldDocument (text + gold spans)
score_mentions, score_links, errors               ← GoldDocuments + PredictedMentions
write_nif                                         → our mentions as NIF for GERBIL
read_geokg_gold, score_geokg, summary_line        ← rows of the four saved queries (score.py's figures)
"""

from __future__ import annotations

from kg.evaluate.conll import read_germeval, read_hipe
from kg.evaluate.formats import FORMATS, GoldFormat, detect_format, read_gold
from kg.evaluate.geokg_gold import (
    GeokgFigures,
    GeokgGold,
    geokg_gold,
    read_geokg_gold,
    score_geokg,
    summary_line,
)
from kg.evaluate.links import TitleToQid, dbpedia_title, gold_qid, label_lookup, wikidata_qid
from kg.evaluate.model import COARSE_TYPES, GoldDocument, GoldMention, PredictedMention, coarse_type
from kg.evaluate.nif import NIL_BASE, read_nif, write_nif
from kg.evaluate.scoring import (
    PRF,
    DetectionScores,
    ErrorCount,
    ErrorReport,
    LinkScores,
    Mode,
    errors,
    example_sentence,
    score_links,
    score_mentions,
)

__all__ = [
    "COARSE_TYPES",
    "FORMATS",
    "NIL_BASE",
    "PRF",
    "DetectionScores",
    "ErrorCount",
    "ErrorReport",
    "GeokgFigures",
    "GeokgGold",
    "GoldDocument",
    "GoldFormat",
    "GoldMention",
    "LinkScores",
    "Mode",
    "PredictedMention",
    "TitleToQid",
    "coarse_type",
    "dbpedia_title",
    "detect_format",
    "errors",
    "example_sentence",
    "geokg_gold",
    "gold_qid",
    "label_lookup",
    "read_geokg_gold",
    "read_germeval",
    "read_gold",
    "read_hipe",
    "read_nif",
    "score_geokg",
    "score_links",
    "score_mentions",
    "summary_line",
    "wikidata_qid",
    "write_nif",
]
