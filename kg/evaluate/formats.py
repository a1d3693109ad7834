"""Which gold format a file is in, and one reader for the mention-level formats."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from kg.errors import EvalError
from kg.evaluate.conll import read_germeval, read_hipe
from kg.evaluate.model import GoldDocument
from kg.evaluate.nif import read_nif

__all__ = ["FORMATS", "GoldFormat", "detect_format", "read_gold"]

GoldFormat = Literal["geokg", "nif", "hipe", "conll"]
FORMATS: tuple[GoldFormat, ...] = ("geokg", "nif", "hipe", "conll")


def detect_format(path: str | Path) -> GoldFormat:
    """geokg for .json, nif for .ttl/.nif, hipe for .tsv with the HIPE header, else conll (GermEval)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "geokg"
    if suffix in (".ttl", ".nif"):
        return "nif"
    if suffix == ".tsv":
        try:
            with path.open(encoding="utf-8") as handle:
                first = next((line for line in handle if line.strip()), "")
        except OSError as exc:
            raise EvalError(f"cannot read {path}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise EvalError(f"{path} is not UTF-8: {exc}") from exc
        if first.startswith("TOKEN\t"):
            return "hipe"
    return "conll"


def read_gold(path: str | Path, fmt: GoldFormat | Literal["auto"] = "auto") -> tuple[GoldDocument, ...]:
    """The gold documents of a NIF, HIPE or GermEval file (``fmt`` "auto" asks detect_format)."""
    chosen = detect_format(path) if fmt == "auto" else fmt
    if chosen == "nif":
        return read_nif(path)
    if chosen == "hipe":
        return read_hipe(path)
    if chosen == "conll":
        return read_germeval(path)
    if chosen == "geokg":
        raise EvalError(
            f"{path} is a geokg gold file: read it with read_geokg_gold and score it with score_geokg"
        )
    raise EvalError(f"unknown gold format {fmt!r}; use one of auto, {', '.join(FORMATS)}")
