"""The bundled offline knowledge base: countries, places, organizations, positions and office holders.

    kb = bundled_kb()                       # built from the sources once, then cached on disk
    kb.candidates("Russlands")              # -> [KbEntity(qid="Q159", ...)]
    kb.holders("secretary general", "Q7184", date(2022, 1, 7))

Sources and rules are described in docs/kb.md; nothing is read at import time.
"""

from __future__ import annotations

from kg.kb.base import KnowledgeBase, normalise
from kg.kb.cache import bundled_kb, kb_info
from kg.kb.model import FORM_KINDS, ROLE_KINDS, KbEntity, KbHolding, SurfaceForm
from kg.kb.rdf import kb_from_quads, kb_to_quads

__all__ = [
    "KbEntity", "KbHolding", "SurfaceForm", "KnowledgeBase", "bundled_kb", "kb_to_quads", "kb_from_quads",
    "kb_info", "ROLE_KINDS", "FORM_KINDS", "normalise",
]
