"""Rules that turn source columns into ontology classes, role kinds and prominence priors.

docs/kb.md explains each rule; keep the two in step.
"""

from __future__ import annotations

import math
import re

__all__ = ["place_kind", "org_kind", "role_kind", "country_prominence", "org_prominence",
           "place_prominence", "person_prominence", "POSITION_PROMINENCE"]

TOP_ROLES = frozenset({"president", "prime minister", "chancellor", "head of state", "head of government",
                       "monarch", "secretary general"})
SECOND_ROLES = frozenset({"foreign minister", "defence minister", "president of organ",
                          "head of organization", "deputy secretary general"})
POSITION_PROMINENCE = 0.5


def place_kind(kind: str) -> str:
    """The ontology class of a places.tsv row from its `kind` column."""
    k = kind.lower()
    if k.startswith(("continent", "supercontinent")):
        return "Continent"
    if "state" in k:  # partially recognized, de facto and historical states
        return "Country"
    if "capital" in k or "city" in k or k.startswith("seat of government"):
        return "City"
    return "Region"


def org_kind(kind: str, label_en: str) -> str:
    """The ontology class of an organizations.tsv row from its `kind` column and English name."""
    k = kind.lower()
    if "military alliance" in k:
        return "Alliance"
    if "armed group" in k:
        return "ArmedGroup"
    if k.startswith("political party"):
        return "Party"
    if k in ("political movement", "humanitarian organization"):
        return "Organization"
    # Bodies named "... Council" are councils, unless the council is itself a whole IGO
    # (Gulf Cooperation Council, Council of Europe: kind "intergovernmental organization").
    named_council = re.search(r"\bcouncil\b", label_en, re.IGNORECASE) is not None
    if named_council and not k.startswith("intergovernmental organization"):
        return "Council"
    if "government" in k and "intergovernmental" not in k:
        return "Government"
    return "InternationalOrganization"


_OTHER = re.compile(r"\b(vice|deputy|under-secretary|crown prince|high representative)\b")
_DEFENCE = re.compile(r"\bdefen[cs]e\b")
_FOREIGN = re.compile(r"\bforeign\b|external affairs|auswärtig")
_SECRETARY_OF_STATE = re.compile(r"(united states )?secretary of state( of the united states)?")
_SECRETARY_GENERAL = re.compile(r"secretary[- ]general|general secretary")
_CHANCELLOR = re.compile(r"\bchancellor\b")
_PRIME_MINISTER = re.compile(r"prime minister|\bpremier\b|taoiseach")
_MONARCH = re.compile(r"\b(monarch|king|queen|emperor|empress|grand duke|sultan|emir)\b")
_PRESIDENT = re.compile(r"^(federal )?president\b")
_HEAD_OF_ORG = re.compile(r"director[- ]general|managing director|executive director|chairperson|"
                          r"high commissioner|^chair of")


def role_kind(label_en: str, kind: str = "", of_kind: str | None = None) -> str:
    """The role kind of an office from its English label, the reference `kind` column and the
    class of the state or organization it belongs to ("Country" makes a President a president)."""
    label, k = label_en.lower().strip(), kind.lower().strip()
    if "deputy secretary" in label or k == "deputy secretary general":
        return "deputy secretary general"
    if _OTHER.search(label):
        return "other"
    if _DEFENCE.search(label):
        return "defence minister"
    if _FOREIGN.search(label) or _SECRETARY_OF_STATE.fullmatch(label) or k == "foreign minister":
        return "foreign minister"
    if _SECRETARY_GENERAL.search(label) or k == "secretary general":
        return "secretary general"
    if _CHANCELLOR.search(label) and "exchequer" not in label:
        return "chancellor"
    if _PRIME_MINISTER.search(label):
        return "prime minister"
    if _MONARCH.search(label):
        return "monarch"
    if _PRESIDENT.search(label) or k == "president of organ":
        return "president" if of_kind == "Country" and k != "president of organ" else "president of organ"
    if _HEAD_OF_ORG.search(label) or k == "head of organization":
        return "head of organization"
    if k.startswith("head of state"):
        return "head of state"
    if k == "head of government":
        return "head of government"
    return "other"


def _scale(population: float) -> float:
    """0 for 10,000 people or fewer, 1 for a billion: log scale."""
    if population <= 0:
        return 0.0
    return min(1.0, max(0.0, (math.log10(population) - 4) / 5))


def country_prominence(population: float, sovereign: bool) -> float:
    """States 0.75-0.95 and dependent territories 0.55-0.70, rising with log population."""
    if sovereign:
        return round(0.75 + 0.2 * _scale(population), 3)
    return round(0.55 + 0.15 * _scale(population), 3)


def place_prominence(kind: str, source_kind: str) -> float:
    """Priors for places.tsv rows: capitals above other cities, continents above regions."""
    k = source_kind.lower()
    if kind == "Country":
        return 0.5 if "historical" in k else 0.65
    if kind == "Continent":
        return 0.7 if k == "continent" else 0.6
    if kind == "City":
        return 0.7 if "capital" in k or "city-state" in k else 0.6
    return 0.55


def org_prominence(kind: str, source_kind: str) -> float:
    """Priors for organizations: unions and alliances highest, then IGOs, organs, agencies, parties."""
    k = source_kind.lower()
    if kind == "Alliance" or k == "supranational union":
        return 0.9
    if k in ("intergovernmental organization", "intergovernmental forum"):
        return 0.8
    if kind == "Council" or k.startswith(("organ", "eu institution")):
        return 0.75
    if kind in ("InternationalOrganization", "ArmedGroup"):
        return 0.7
    return 0.6


def person_prominence(role_kinds: set[str]) -> float:
    """0.85 for holders of a top office (head of state or government, secretary general),
    0.75 for ministers and heads of other bodies, else 0.6."""
    if role_kinds & TOP_ROLES:
        return 0.85
    if role_kinds & SECOND_ROLES:
        return 0.75
    return 0.6
