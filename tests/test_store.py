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
