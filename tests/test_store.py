"""The embedded store: atomic document replacement, hashes, removal, busy detection."""

from __future__ import annotations

import subprocess
import sys

import pyoxigraph as ox
import pytest

from kg.errors import StoreBusyError, StoreError
from kg.store import DocumentGraph, EmbeddedStore, open_store, store_location, update_text
from kg.vocab import KG, RDF_TYPE, document_graph, document_iri


def _doc(doc_id: str, content_hash: str, extra: str = "x") -> DocumentGraph:
    g = document_graph(doc_id)
    d = document_iri(doc_id)
    quads = (
        ox.Quad(d, RDF_TYPE, KG.Document, g),
        ox.Quad(d, KG.documentId, ox.Literal(doc_id), g),
        ox.Quad(d, KG.contentHash, ox.Literal(content_hash), g),
        ox.Quad(d, KG.title, ox.Literal(f'a "quoted" {extra}\nline', language="de"), g),
    )
    return DocumentGraph(doc_id, content_hash, quads)


def test_store_write_then_hashes(tmp_path):
    store = EmbeddedStore(tmp_path / "s")
    store.write_documents([_doc("a", "h1"), _doc("b", "h2")])
    assert store.document_hashes() == {"a": "h1", "b": "h2"}


def test_store_replace_drops_old_graph(tmp_path):
    store = EmbeddedStore(tmp_path / "s")
    store.write_documents([_doc("a", "h1", "old")])
    store.write_documents([_doc("a", "h2", "new")])
    titles = [str(q.object.value) for q in store.raw.quads_for_pattern(None, KG.title, None, None)]
    assert titles == ['a "quoted" new\nline']
    assert store.document_hashes() == {"a": "h2"}


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


def test_store_remove_documents(tmp_path):
    store = EmbeddedStore(tmp_path / "s")
    store.write_documents([_doc("a", "h1"), _doc("b", "h2")])
    assert store.remove_documents(["a", "missing"]) == ["a"]
    assert store.document_hashes() == {"b": "h2"}


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
