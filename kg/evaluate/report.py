"""What `kg eval` prints: readable lines per gold file, or one JSON-ready object for all of them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from kg.errors import EvalError
from kg.evaluate.geokg_gold import summary_line
from kg.evaluate.nif import write_nif
from kg.evaluate.run import GeokgRun, MentionRun, Run
from kg.evaluate.scoring import PRF, DetectionScores, ErrorCount, LinkScores

__all__ = ["as_json", "report_lines", "write_runs_nif"]

_UNMAPPED_SHOWN = 10


def report_lines(run: Run, by_type: bool = False) -> list[str]:
    """The lines `kg eval` prints for one gold file (score.py's report and SUMMARY for geokg gold)."""
    if isinstance(run, GeokgRun):
        return [*run.figures.report, summary_line(run.figures)]
    lines = [f"{run.gold}: {run.fmt}, {run.documents} documents, {len(run.predictions)} predicted mentions"]
    for scores in (run.strict, run.overlap):
        lines.append(f"mentions {scores.mode:<8} {_prf(scores.micro)}" + _excused(scores))
        if by_type:
            lines += [f"  {t:<15} {_prf(prf)}" for t, prf in scores.per_type.items()]
    lines += _link_lines(run.links)
    if run.unscored_kinds:
        kinds = ", ".join(f"{k} {n}" for k, n in run.unscored_kinds)
        lines.append(f"not scored: mentions of classes without a PER/ORG/LOC type ({kinds})")
    if run.verbatim:
        lines.append(f"note: {run.verbatim} gold texts went in verbatim (the read stage would have moved offsets)")
    if run.errors is not None:
        lines.append("most frequent misses (strict):")
        lines += [_error_line(e) for e in run.errors.missed] or ["  none"]
        lines.append("most frequent false positives (strict):")
        lines += [_error_line(e) for e in run.errors.false_positives] or ["  none"]
    return lines


def _prf(prf: PRF) -> str:
    return (f"P {prf.precision:.3f}  R {prf.recall:.3f}  F1 {prf.f1:.3f}   "
            f"({prf.tp} right of {prf.n_pred} predicted, {prf.n_gold} gold)")


def _excused(scores: DetectionScores) -> str:
    return f"; {scores.excused} on unscored gold spans" if scores.excused else ""


def _link_lines(links: LinkScores) -> list[str]:
    if links.gold == 0:
        return ["links    none in the gold"]
    lines = [
        f"links    accuracy {links.accuracy:.3f} ({links.correct} right of {links.found} found; "
        f"{links.comparable} comparable gold links, recall {links.recall:.3f})",
        f"         NIL agreement {links.nil_agreement:.3f} ({links.nil_agree} of {links.nil_found} found; "
        f"{links.nil_gold} NIL gold)",
        f"         not comparable: {links.unmapped} of {links.gold} gold links (DBpedia titles the KB cannot resolve"
        f" to a QID); we overlap {links.unmapped_found} of them and gave {links.unmapped_with_qid} a QID",
    ]
    if links.unmapped_links:
        top = ", ".join(f"{_short(link)} {n}" for link, n in links.unmapped_links[:_UNMAPPED_SHOWN])
        lines.append(f"         most frequent: {top}")
    return lines


def _short(link: str) -> str:
    return link.rsplit("/", 1)[-1]


def _error_line(e: ErrorCount) -> str:
    return f"  {e.count:>4}×  {e.text}  [{e.type}]  {e.doc}: {e.example}"


def _prf_json(prf: PRF) -> dict[str, Any]:
    return {"tp": prf.tp, "predicted": prf.n_pred, "gold": prf.n_gold,
            "precision": prf.precision, "recall": prf.recall, "f1": prf.f1}


def _detection_json(scores: DetectionScores) -> dict[str, Any]:
    return {"micro": _prf_json(scores.micro), "per_type": {t: _prf_json(p) for t, p in scores.per_type.items()},
            "excused": scores.excused}


def _errors_json(items: Sequence[ErrorCount]) -> list[dict[str, Any]]:
    return [{"text": e.text, "type": e.type, "count": e.count, "example": e.example, "doc": e.doc} for e in items]


def _run_json(run: Run) -> dict[str, Any]:
    if isinstance(run, GeokgRun):
        return {"gold": run.gold, "format": "geokg", "document": run.document, "seconds": round(run.seconds, 3),
                "figures": run.figures.as_dict(), "report": list(run.figures.report),
                "summary": summary_line(run.figures)}
    links = run.links
    out: dict[str, Any] = {
        "gold": run.gold, "format": run.fmt, "documents": run.documents, "predicted": len(run.predictions),
        "seconds": round(run.seconds, 3), "verbatim": run.verbatim,
        "unscored_kinds": dict(run.unscored_kinds),
        "mentions": {"strict": _detection_json(run.strict), "overlap": _detection_json(run.overlap)},
        "links": {
            "gold": links.gold, "comparable": links.comparable, "found": links.found, "correct": links.correct,
            "accuracy": links.accuracy, "recall": links.recall, "nil_gold": links.nil_gold,
            "nil_found": links.nil_found, "nil_agree": links.nil_agree, "nil_agreement": links.nil_agreement,
            "unmapped": links.unmapped, "unmapped_found": links.unmapped_found,
            "unmapped_with_qid": links.unmapped_with_qid, "unmapped_links": [list(x) for x in links.unmapped_links],
        },
    }
    if run.errors is not None:
        out["errors"] = {"missed": _errors_json(run.errors.missed),
                         "false_positives": _errors_json(run.errors.false_positives)}
    return out


def as_json(runs: Sequence[Run]) -> dict[str, Any]:
    """One object for every gold file scored: {"runs": [...]}, figures unrounded."""
    return {"runs": [_run_json(r) for r in runs]}


def write_runs_nif(runs: Sequence[Run], path: str | Path) -> int:
    """Write the pipeline's mentions of every mention-level gold file as one NIF file; the document count."""
    scored = [r for r in runs if isinstance(r, MentionRun)]
    if not scored:
        raise EvalError("--write-nif needs a NIF, GermEval or HIPE gold file: geokg gold has no spans to write")
    write_nif([d for r in scored for d in r.docs], [p for r in scored for p in r.predictions], path)
    return sum(len(r.docs) for r in scored)
