"""The embedded store only: atomic batches, busy detection, locations.

Writes, replacement and removal run on the embedded and the remote store alike in test_remote.py."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pyoxigraph as ox
import pytest
from test_remote import _doc

from kg import store as store_module
from kg.errors import StoreBusyError, StoreError
from kg.store import DocumentGraph, EmbeddedStore, open_store, store_location, update_text
from kg.vocab import KG, document_graph


def test_store_new_documents_write_what_the_update_writes(tmp_path):
    # a batch of new documents takes the bulk loader, a batch touching an existing one the update
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



_WRITE_ONE_LARGE_DOCUMENT = r"""
import sys
from pathlib import Path
import pyoxigraph as ox
from kg.store import DocumentGraph, EmbeddedStore
from kg.vocab import document_graph
graph = document_graph("large")
quads = tuple(ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode(f"http://example.org/p{i % 40}"),
                      ox.Literal(f"statement {i}"), graph) for i in range(int(sys.argv[2])))
store = EmbeddedStore(Path(sys.argv[1]))
print("ready", flush=True)
store.write_documents([DocumentGraph("large", "h", quads)])
print("done", flush=True)
"""


def _killed_while_writing(path, quads: int, after: float | None) -> float:
    """Write one document of `quads` quads in a child process, killed `after` seconds into the
    write (None: not killed); how long the write ran."""
    child = subprocess.Popen([sys.executable, "-c", _WRITE_ONE_LARGE_DOCUMENT, str(path), str(quads)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    start = time.monotonic()
    if after is None:
        assert child.stdout.readline().strip() == "done"
        child.wait()
    else:
        time.sleep(after)
        child.send_signal(signal.SIGKILL)
        child.wait()
    return time.monotonic() - start


def test_store_batch_of_new_documents_killed_mid_write_is_whole_or_absent(tmp_path):
    # a batch of new documents goes in with pyoxigraph's bulk loader, which is atomic only as one
    # ingestion of table files: killed at a quarter, half and three quarters of its write time,
    # the store holds the document whole or not at all, beside the one written before
    quads = 200_000
    took = _killed_while_writing(tmp_path / "whole", quads, None)
    kept = []
    for share in (0.25, 0.5, 0.75):
        path = tmp_path / f"killed-{share}"
        before = EmbeddedStore(path)
        before.write_documents([_doc("a", "h1")])
        before.close()
        _killed_while_writing(path, quads, share * took)
        store = EmbeddedStore(path)
        kept.append(sum(1 for _ in store.raw.quads_for_pattern(None, None, None, document_graph("large"))))
        assert store.document_hashes()["a"] == "h1"
        store.close()
    assert set(kept) <= {0, quads}, kept


class _Recording:
    """A pyoxigraph store that notes which way quads were added."""

    def __init__(self, db: ox.Store, calls: list[str]) -> None:
        self._db, self._calls = db, calls

    def __getattr__(self, name: str):
        if name in ("extend", "bulk_extend", "update"):
            self._calls.append(name)
        return getattr(self._db, name)


def test_store_batch_over_the_bulk_bound_takes_a_transaction_and_writes_the_same(tmp_path, monkeypatch):
    docs = [_doc("a", "h1"), _doc("b", "h2")]
    written = {}
    for bound in (store_module.BULK_QUADS, 1):
        monkeypatch.setattr(store_module, "BULK_QUADS", bound)
        store = EmbeddedStore(tmp_path / str(bound))
        calls: list[str] = []
        store._db = _Recording(store.raw, calls)  # type: ignore[assignment]
        store.write_documents(docs)
        written[bound] = (calls, set(store.raw))
        store.close()
    (bulk_calls, bulk_quads), (transaction_calls, transaction_quads) = written.values()
    assert bulk_calls == ["bulk_extend"] and transaction_calls == ["extend"]
    assert bulk_quads == transaction_quads and len(bulk_quads) == sum(len(d.quads) for d in docs)


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
