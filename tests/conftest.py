"""Shared fixtures: the repository's paths, the shared gold data, a built seed store."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kg.annotate import Annotator
from kg.extract import extract
from kg.kb import KnowledgeBase, bundled_kb
from kg.link import link
from kg.records import Annotated, Article, Linked

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `benchmarks` is a folder of the repository, not an installed package
    sys.path.insert(0, str(ROOT))
SEED = ROOT / "seeds" / "000_aa9fb3416deedb31.txt"
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
FRIDAY = dt.date(2022, 1, 7)
"""The seed article's publication date; the default date of the sentences the stage tests write."""


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


@pytest.fixture(scope="session")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    """The bundled knowledge base, built into a cache of the test session's own."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KG_CACHE", str(tmp_path_factory.mktemp("kb-cache")))
        yield bundled_kb()


@pytest.fixture(scope="session")
def annotators(kb: KnowledgeBase) -> dict[str, Annotator]:
    return {lang: Annotator(kb, lang) for lang in ("de", "en")}


@pytest.fixture(scope="session")
def annotate(annotators: dict[str, Annotator]) -> Callable[[str, str], Annotated]:
    """Annotate one sentence written for a test, published on FRIDAY."""

    def annotate(text: str, lang: str) -> Annotated:
        return next(annotators[lang].annotate([Article("t", text, lang, date=FRIDAY)]))  # type: ignore[arg-type]

    return annotate


@pytest.fixture(scope="session")
def run(kb: KnowledgeBase, annotators: dict[str, Annotator]) -> Callable[..., Linked]:
    """Annotate, extract and link one text, published on ``day`` (FRIDAY unless given)."""

    def run(text: str, lang: str, day: dt.date | None = FRIDAY) -> Linked:
        article = Article("t", text, lang, date=day)  # type: ignore[arg-type]
        return link(extract(next(annotators[lang].annotate([article])), kb), kb)

    return run
