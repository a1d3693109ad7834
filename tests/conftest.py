"""Shared fixtures: the repository's paths, the shared gold data, a built seed store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_aa9fb3416deedb31.txt"
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not here")
    return SHARED


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory):
    """An embedded store built once from seeds/ (read-only use, please)."""
    from kg.pipeline import build
    from kg.store import EmbeddedStore

    path = tmp_path_factory.mktemp("seed") / "store"
    store = EmbeddedStore(path)
    report = build([SEED], store)
    assert report.built == 1 and not report.failures
    yield store
    store.close()
