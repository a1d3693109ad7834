"""The bundled knowledge base, built once and cached on disk keyed by the sources' content hash."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from kg.kb.base import KnowledgeBase
from kg.kb.sources import source_version

__all__ = ["bundled_kb", "cache_dir", "kb_info"]

_LOADED: dict[str, KnowledgeBase] = {}


def cache_dir() -> Path:
    """$KG_CACHE, else ~/.cache/geokg."""
    return Path(os.environ.get("KG_CACHE") or Path.home() / ".cache" / "geokg")


def bundled_kb() -> KnowledgeBase:
    """The knowledge base built from the bundled sources: from memory, the disk cache, or a fresh build."""
    version = source_version()
    if version in _LOADED:
        return _LOADED[version]
    path = cache_dir() / f"kb-{version}.pickle"
    kb = _read(path, version)
    if kb is None:
        from kg.kb.build import build_kb  # local: a cache hit needs none of the build machinery

        kb = build_kb(version)
        _write(path, kb)
    _LOADED[version] = kb
    return kb


def _read(path: Path, version: str) -> KnowledgeBase | None:
    # A missing, truncated or stale cache file is an ordinary miss: the build below replaces it.
    try:
        with path.open("rb") as handle:
            kb = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        return None
    return kb if isinstance(kb, KnowledgeBase) and kb.version == version else None


def _write(path: Path, kb: KnowledgeBase) -> None:
    # The cache only saves time; a read-only home must not stop the pipeline, it only makes it slower.
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        with partial.open("wb") as handle:
            pickle.dump(kb, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)
        for old in path.parent.glob("kb-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        return


def kb_info(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """Rows for `kg kb info`: version, sources, entity counts by kind, holdings, surface forms."""
    rows = [("version", kb.version)]
    rows += [("source", source) for source in kb.sources]
    counts = kb.counts()
    kinds = {k: n for k, n in counts.items() if k not in ("holdings", "surface_forms")}
    rows.append(("entities", str(sum(kinds.values()))))
    rows += [(f"  {k}", str(n)) for k, n in kinds.items()]
    rows += [("holdings", str(counts["holdings"])), ("surface forms", str(counts["surface_forms"]))]
    return rows
