"""The figures of shared/eval/score.py as pure functions over the rows of the four saved queries.

score.py builds a store and runs queries/{entities,office-holders,meetings,memberships}.rq; here the
caller passes those result rows (column → value string, as score.py makes them from SPARQL JSON
bindings) and gets the same numbers, the same report lines and the same SUMMARY line.  The
matching rules are score.py's, kept line for line so that the two never disagree.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from kg.errors import EvalError

__all__ = [
    "GeokgFigures",
    "GeokgGold",
    "geokg_gold",
    "read_geokg_gold",
    "score_entities",
    "score_geokg",
    "score_meetings",
    "score_memberships",
    "score_roles",
    "summary_line",
]

Row = Mapping[str, str]
_QID = re.compile(r"Q[1-9][0-9]*$")
_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e", "è": "e", "á": "a", "ó": "o"})
_REQUIRED = {
    "entities": ("id", "type", "names"),
    "office_holders": ("person", "role", "of"),
    "meetings": ("id", "date", "location", "participants", "required"),
    "memberships": ("member", "org"),
}


def norm(text: str | None) -> str:
    """score.py's name folding: NFKC, case-folded, umlauts flattened, punctuation as spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    text = re.sub(r"[^\w ]+", " ", text)
    return " ".join(text.split())


def qid_of(value: str | None) -> str | None:
    """The QID at the end of an IRI, if there is one."""
    if not value:
        return None
    tail = value.rstrip("/").rsplit("/", 1)[-1]
    return tail if _QID.match(tail) else None


def type_group(value: str | None) -> str | None:
    """Person, Organization or Location for a class IRI, guessed from its local name as score.py does."""
    t = norm((value or "").rsplit("/", 1)[-1].rsplit("#", 1)[-1])
    if "person" in t or "human" in t or "politician" in t:
        return "Person"
    if any(w in t for w in ("organi", "council", "alliance", "agency", "institution", "org")):
        return "Organization"
    if any(
        w in t
        for w in (
            "country",
            "city",
            "place",
            "location",
            "region",
            "state",
            "continent",
            "gpe",
            "settlement",
            "capital",
            "territor",
            "peninsula",
            "geo",
        )
    ):
        return "Location"
    return None


@dataclass(frozen=True)
class GeokgGold:
    """A gold file with its lookup tables: entities by id, QID and folded name."""

    data: dict[str, Any]
    entities: dict[str, dict[str, Any]]
    by_qid: dict[str, str]
    by_name: dict[str, str]
    optional: frozenset[str]

    def match(self, qids: set[str], labels: set[str]) -> str | None:
        """The gold entity id that a predicted node stands for, by QID first, then by name."""
        for q in qids:
            if q in self.by_qid:
                return self.by_qid[q]
        for label in labels:
            if norm(label) in self.by_name:
                return self.by_name[norm(label)]
        return None

    def is_optional(self, labels: set[str]) -> bool:
        return any(norm(label) in self.optional for label in labels)


@dataclass(frozen=True)
class GeokgFigures:
    """score.py's figures (without build time) and the report lines it prints before the summary."""

    entity_p: float
    entity_r: float
    entity_f1: float
    link_acc: float
    link_recall: float
    role_p: float
    role_r: float
    role_f1: float
    meeting_p: float
    meeting_r: float
    meeting_f1: float
    participant_recall: float
    membership_p: float
    membership_r: float
    membership_f1: float
    report: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, float]:
        """The figures as score.py's dict, keys and all."""
        return {k: v for k, v in asdict(self).items() if k != "report"}


def geokg_gold(data: Mapping[str, Any], source: str = "gold") -> GeokgGold:
    """Check a parsed gold file and build its lookup tables."""
    for key, needed in _REQUIRED.items():
        items = data.get(key)
        if not isinstance(items, list):
            raise EvalError(f"{source}: '{key}' must be a list")
        for item in items:
            missing = [k for k in needed if not isinstance(item, dict) or k not in item]
            if missing:
                raise EvalError(f"{source}: an item of '{key}' lacks {', '.join(missing)}: {item!r}")
    if not isinstance(data.get("role_words"), dict):
        raise EvalError(f"{source}: 'role_words' must map each kind of office to its words")
    for meeting in data["meetings"]:
        if not meeting["participants"]:
            raise EvalError(f"{source}: meeting {meeting['id']!r} needs at least one participant")
    entities = {e["id"]: e for e in data["entities"]}
    by_name: dict[str, str] = {}
    for e in data["entities"]:
        for n in e["names"]:
            by_name.setdefault(norm(n), e["id"])
    return GeokgGold(
        data=dict(data),
        entities=entities,
        by_qid={e["qid"]: e["id"] for e in data["entities"] if e.get("qid")},
        by_name=by_name,
        optional=frozenset(norm(n) for e in data.get("optional_entities", []) for n in e["names"]),
    )


def read_geokg_gold(path: str | Path) -> GeokgGold:
    """Read a geokg gold JSON file (shared/gold/*.json)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvalError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise EvalError(f"{path} is not a JSON gold file: {exc}") from exc
    if not isinstance(data, dict):
        raise EvalError(f"{path} is not a JSON gold file: the top level must be an object")
    return geokg_gold(data, str(path))


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _group(rs: Sequence[Row], key: str) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for r in rs:
        out.setdefault(r.get(key, ""), []).append(r)
    return out


def _node(rs: Sequence[Row], prefix: str) -> tuple[set[str], set[str]]:
    """QIDs and labels of the node in columns prefix, prefixLabel, prefixWikidata."""
    qids = {q for r in rs for q in (qid_of(r.get(prefix + "Wikidata")), qid_of(r.get(prefix))) if q}
    labels = {r[prefix + "Label"] for r in rs if r.get(prefix + "Label")}
    return qids, labels


def score_entities(gold: GeokgGold, rs: Sequence[Row], report: list[str]) -> dict[str, float]:
    """Entity P/R/F1 (a second node for one gold entity is a false positive), Wikidata accuracy and recall."""
    seen: dict[str, bool] = {}
    fp: list[str] = []
    wrong_links: list[str] = []
    right_links: list[str] = []
    for iri, group_rows in _group(rs, "entity").items():
        qids = {q for r in group_rows for q in (qid_of(r.get("wikidata")), qid_of(iri)) if q}
        labels = {r["label"] for r in group_rows if r.get("label")}
        types = {t for r in group_rows if (t := type_group(r.get("type")))}
        gid = gold.match(qids, labels)
        if gid is None:
            if not gold.is_optional(labels):
                fp.append(f"{sorted(labels)} {sorted(types)} {sorted(qids)}")
            continue
        g = gold.entities[gid]
        if types and g["type"] not in types:
            fp.append(f"{sorted(labels)} typed {sorted(types)}, gold {g['type']}")
            continue
        if gid in seen:
            fp.append(f"{sorted(labels)} duplicates gold '{gid}'")
            continue
        seen[gid] = True
        if g.get("qid"):
            (right_links if g["qid"] in qids else wrong_links).append(
                f"{gid}: gold {g['qid']}, predicted {sorted(qids) or 'none'}"
            )
    n_gold = len(gold.entities)
    tp = len(seen)
    p, r, f = prf(tp, tp + len(fp), n_gold)
    linked_gold = [e for e in gold.entities.values() if e.get("qid")]
    found_linked = [e for e in linked_gold if e["id"] in seen]
    acc = len(right_links) / len(found_linked) if found_linked else 0.0
    link_recall = len(right_links) / len(linked_gold) if linked_gold else 0.0
    missed = sorted(set(gold.entities) - set(seen))
    report.append(
        f"entities      P {p:.2f}  R {r:.2f}  F1 {f:.2f}   ({tp} of {n_gold} gold found, {len(fp)} false)"
    )
    report.append(
        f"wikidata      accuracy {acc:.2f} on found, recall {link_recall:.2f} of {len(linked_gold)} gold QIDs"
    )
    if missed:
        report.append(f"  missed: {', '.join(missed)}")
    for line in fp[:15]:
        report.append(f"  false: {line}")
    for line in wrong_links:
        report.append(f"  wrong link: {line}")
    return {"entity_p": p, "entity_r": r, "entity_f1": f, "link_acc": acc, "link_recall": link_recall}


def _role_kind(gold: GeokgGold, label: str) -> str | None:
    n = norm(label)
    for kind, words in gold.data["role_words"].items():
        if any(norm(w) in n for w in words):
            return str(kind)
    return None


def score_roles(gold: GeokgGold, rs: Sequence[Row], report: list[str]) -> dict[str, float]:
    """Office holders P/R/F1 on (person, kind of office by role_words, organization or country)."""
    want = {(h["person"], h["role"], h["of"]) for h in gold.data["office_holders"]}
    got: set[tuple[str | None, str | None, str | None]] = set()
    for r in rs:
        person = gold.match(*_node([r], "person"))
        org = gold.match(*_node([r], "org"))
        kind = _role_kind(gold, r.get("roleLabel", "") or r.get("role", ""))
        got.add((person, kind, org))
    tp = len(want & got)
    p, rc, f = prf(tp, len(got), len(want))
    report.append(f"office holders P {p:.2f}  R {rc:.2f}  F1 {f:.2f}   ({tp} of {len(want)})")
    for t in sorted(want - got):
        report.append(f"  missed: {t}")
    for t in sorted(got - want, key=str):
        report.append(f"  false: {t}")
    return {"role_p": p, "role_r": rc, "role_f1": f}


def score_meetings(gold: GeokgGold, rs: Sequence[Row], report: list[str]) -> dict[str, float]:
    """Meetings P/R/F1: date to the gold's precision, the gold's place if any; mean participant recall."""
    preds: list[dict[str, Any]] = []
    for iri, g_rows in _group(rs, "event").items():
        dates = sorted({r.get("date", "")[:10] for r in g_rows if r.get("date")})
        locs = {gold.match({q}, set()) for q in _node(g_rows, "location")[0]} | {
            gold.match(set(), {lab}) for lab in _node(g_rows, "location")[1]
        }
        parts = set()
        for r in g_rows:
            pid = gold.match(*_node([r], "participant"))
            if pid:
                parts.add(pid)
        label = next((r.get("label") for r in g_rows if r.get("label")), iri)
        preds.append({"iri": iri, "label": label, "dates": dates, "locs": locs - {None}, "parts": parts})
    used: set[int] = set()
    matched_required, optional_hits = 0, 0
    part_recalls: list[float] = []
    meetings = sorted(gold.data["meetings"], key=lambda m: not m["required"])
    for m in meetings:
        best, best_overlap = None, -1
        for i, pr in enumerate(preds):
            if i in used or not any(d.startswith(m["date"]) for d in pr["dates"]):
                continue
            if m["location"] and m["location"] not in pr["locs"]:
                continue
            overlap = len(pr["parts"] & set(m["participants"]))
            if overlap > best_overlap:
                best, best_overlap = i, overlap
        if best is None:
            if m["required"]:
                report.append(f"  missed meeting: {m['id']} ({m['date']}, {m['location']})")
            continue
        used.add(best)
        if m["required"]:
            matched_required += 1
            part_recalls.append(best_overlap / len(m["participants"]))
        else:
            optional_hits += 1
    n_required = sum(m["required"] for m in gold.data["meetings"])
    n_pred = len(preds) - optional_hits
    p, rc, f = prf(matched_required, n_pred, n_required)
    pr_mean = sum(part_recalls) / len(part_recalls) if part_recalls else 0.0
    report.append(
        f"meetings      P {p:.2f}  R {rc:.2f}  F1 {f:.2f}   ({matched_required} of {n_required}; "
        f"{len(preds)} predicted; participant recall {pr_mean:.2f})"
    )
    for i, pr in enumerate(preds):
        if i not in used:
            report.append(
                f"  unmatched prediction: {pr['label']!r} dates {pr['dates']} at {sorted(pr['locs'])}"
            )
    return {"meeting_p": p, "meeting_r": rc, "meeting_f1": f, "participant_recall": pr_mean}


def score_memberships(gold: GeokgGold, rs: Sequence[Row], report: list[str]) -> dict[str, float]:
    """Memberships P/R/F1 on (member, organization)."""
    want = {(m["member"], m["org"]) for m in gold.data["memberships"]}
    got = {(gold.match(*_node([r], "member")), gold.match(*_node([r], "org"))) for r in rs}
    tp = len(want & got)
    p, r, f = prf(tp, len(got), len(want))
    report.append(f"memberships   P {p:.2f}  R {r:.2f}  F1 {f:.2f}   ({tp} of {len(want)})")
    for t in sorted(want - got):
        report.append(f"  missed: {t}")
    return {"membership_p": p, "membership_r": r, "membership_f1": f}


def score_geokg(
    gold: GeokgGold,
    entities: Sequence[Row],
    office_holders: Sequence[Row],
    meetings: Sequence[Row],
    memberships: Sequence[Row],
) -> GeokgFigures:
    """All of score.py's figures from the rows of the four saved queries."""
    report: list[str] = []
    figures: dict[str, float] = {}
    figures |= score_entities(gold, entities, report)
    figures |= score_roles(gold, office_holders, report)
    figures |= score_meetings(gold, meetings, report)
    figures |= score_memberships(gold, memberships, report)
    names = {f.name for f in fields(GeokgFigures)} - {"report"}
    return GeokgFigures(**{k: figures[k] for k in names}, report=tuple(report))


def summary_line(figures: GeokgFigures) -> str:
    """The SUMMARY line score.py prints last."""
    return (
        "SUMMARY entities F1 {entity_f1:.2f} · wikidata acc {link_acc:.2f} · roles F1 {role_f1:.2f} · "
        "meetings F1 {meeting_f1:.2f} · memberships F1 {membership_f1:.2f}"
    ).format(**figures.as_dict())
