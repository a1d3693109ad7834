"""The embedded store only: atomic batches, busy detection, locations.

Writes, replacement and removal run on the embedded and the remote store alike in test_remote.py."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
import pytest
from test_remote import _doc

from kg.errors import StoreBusyError, StoreError
from kg.store import DocumentGraph, EmbeddedStore, open_store, store_location, update_text
from kg.vocab import KG, document_graph


def test_store_new_documents_write_what_the_update_writes(tmp_path):
    # a batch of new documents takes Store.extend, a batch touching an existing one the update
    docs = [_doc("a", "h1"), _doc("b", "h2")]
    elsewhere = DocumentGraph("c", "h3", tuple(ox.Quad(q.subject, q.predicate, q.object, KG.Document)
                                               for q in _doc("c", "h3").quads))
    store = EmbeddedStore(tmp_path / "s")
    store.write_documents([*docs, elsewhere])
    reference = ox.Store()
    reference.update(update_text([*docs, elsewhere]))
    assert set(store.raw) == set(reference)
    store.write_documents([_doc("d", "h4", "first"), _doc("d", "h5", "second")])  # last one wins
    assert store.document_hashes() == {"a": "h1", "b": "h2", "c": "h3", "d": "h5"}


def test_store_failed_batch_writes_nothing(tmp_path):
    store = EmbeddedStore(tmp_path / "s")
    store.write_documents([_doc("a", "h1")])
    bad = DocumentGraph("b", "h", (ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"),
                                           ox.Literal("v"), document_graph("b")),))
    text = update_text([_doc("c", "h3"), bad]) + " ; this is not sparql"
    with pytest.raises(SyntaxError):
        store.raw.update(text)
    assert store.document_hashes() == {"a": "h1"}



def test_store_second_writer_is_busy(tmp_path):
    path = tmp_path / "s"
    EmbeddedStore(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import pyoxigraph,sys,time; s=pyoxigraph.Store(sys.argv[1]); print('ok', flush=True); time.sleep(30)",
         str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreBusyError, match="busy"):
            EmbeddedStore(path)
    finally:
        holder.kill()
        holder.wait()


def test_store_read_only_missing_folder_says_build_first(tmp_path):
    with pytest.raises(StoreError, match="kg build"):
        open_store(str(tmp_path / "nothing"), read_only=True)


def test_store_location_from_environment(monkeypatch):
    monkeypatch.setenv("KG_STORE", "/tmp/elsewhere")
    assert store_location(None) == "/tmp/elsewhere"
    assert store_location("mine") == "mine"
    monkeypatch.delenv("KG_STORE")
    assert store_location(None) == "kg-store"


def _sst_files(folder) -> int:
    return sum(1 for _ in folder.glob("*.sst"))


def test_store_compacts_after_writing_a_large_share_and_answers_the_same(tmp_path):
    from benchmarks.corpus import generate, write_jsonl
    from kg.pipeline import BuildOptions, build

    class Uncompacted(EmbeddedStore):
        def compact_after(self, written: int, total: int) -> bool:
            return False

    corpus = tmp_path / "corpus.jsonl"
    write_jsonl(list(generate(24, seed=5, words=200)), corpus)
    path = tmp_path / "s"
    store = Uncompacted(path)
    assert build([corpus], store, BuildOptions(batch_size=2)).built == 24  # 12 transactions
    store.close()
    before = _sst_files(path)
    query = ("SELECT ?e (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?m <https://w3id.org/geokg/ontology#mentionOf> ?e } } "
             "GROUP BY ?e")
    store = EmbeddedStore(path)
    counts = sorted((str(r["e"]), str(r["n"])) for r in store.query(query))
    assert store.compact_after(written=24, total=24) is True
    assert sorted((str(r["e"]), str(r["n"])) for r in store.query(query)) == counts
    assert len(store.document_hashes()) == 24
    store.close()
    assert _sst_files(path) < before  # the overlapping small files of the batches were merged


def test_store_small_build_into_a_compact_store_is_not_compacted(tmp_path):
    path = tmp_path / "s"
    store = EmbeddedStore(path)
    store.write_documents([_doc(f"d{i:02}", f"h{i}") for i in range(30)])
    assert store.compact_after(written=30, total=30) is True
    store.write_documents([_doc("d99", "h99")])
    assert store.compact_after(written=1, total=31) is False  # 1 of 31 and few files: not worth it
    assert store.compact_after(written=0, total=31) is False
    store.close()
    reader = EmbeddedStore(path, read_only=True)
    assert reader.compact_after(written=5, total=5) is False  # a reader never writes
    reader.close()


def test_store_build_reports_the_compaction(tmp_path):
    from pathlib import Path

    from kg.pipeline import build

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    store = EmbeddedStore(tmp_path / "s")
    report = build([seeds], store)
    assert report.built == 1 and report.compact_seconds is not None
    assert "(store compacted in " in report.summary()
    again = build([seeds], store)
    assert again.built == 0 and again.compact_seconds is None and "compacted" not in again.summary()
    store.close()
