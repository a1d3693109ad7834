"""Reliability: incremental builds, removal, crash safety under SIGKILL, readers beside a writer, kg check."""

from __future__ import annotations

import fcntl
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import StoreBusyError, StoreError
from kg.maintenance import check_store, remove_documents
from kg.pipeline import BuildOptions, build
from kg.store import EmbeddedStore
from kg.storelock import ACCESS_LOCK
from kg.vocab import KB_GRAPH, KG, RDF_TYPE, document_graph

PEOPLE = ["Jens Stoltenberg", "Antony Blinken", "Olaf Scholz", "Emmanuel Macron", "Annalena Baerbock", "Dmytro Kuleba"]
PLACES = ["Brüssel", "Berlin", "Paris", "Genf", "Wien", "Kiew"]
KG_BIN = [str(Path(sys.executable).parent / "kg")]


def write_articles(folder: Path, n: int) -> list[str]:
    """n small German articles, each naming NATO, two people and a place; their doc ids, sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        a, b = PEOPLE[i % 6], PEOPLE[(i + 1 + i // 6) % 6]
        b = PEOPLE[(i + 2) % 6] if a == b else b
        (folder / f"{i:03d}.txt").write_text(
            f"---\ndate: 2022-01-{i % 28 + 1:02d}\nlang: de\n---\nTreffen Nummer {i}\n\n"
            f"{a} traf am Montag in {PLACES[i * 5 % 6]} {b}. Die Nato und die Europäische Union berieten "
            "über die Lage in der Ukraine. Nato-Generalsekretär Jens Stoltenberg sagte, das Bündnis stehe zusammen.\n",
            encoding="utf-8")
    return sorted(f"{folder.name}/{i:03d}.txt" for i in range(n))


def triples_per_document(store: EmbeddedStore) -> dict[str, int]:
    counts = {}
    for doc_id in store.document_hashes():
        counts[doc_id] = len(list(store.raw.quads_for_pattern(None, None, None, document_graph(doc_id))))
    return counts


def kg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KG_BIN, *args], cwd=cwd, capture_output=True, text=True, timeout=600)


# --- incremental builds ---------------------------------------------------------------------


def test_reliability_unchanged_rebuild_loads_no_language_pipeline(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_articles(tmp_path / "arts", 3)
    store = EmbeddedStore(tmp_path / "s")
    first = build(["arts"], store)
    assert (first.built, first.skipped) == (3, 0) and "annotator:de" in first.loaded and "kb" in first.loaded
    again = build(["arts"], store)
    assert (again.built, again.skipped, again.triples) == (0, 3, 0)
    assert again.loaded == ()  # neither the knowledge base nor any spaCy pipeline was built
    store.close()


def test_reliability_changed_document_replaces_its_graph(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_articles(tmp_path / "arts", 3)
    store = EmbeddedStore(tmp_path / "s")
    build(["arts"], store)
    changed = tmp_path / "arts" / "001.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Treffen Nummer 1", "Gipfel in Wien"),
                       encoding="utf-8")
    report = build(["arts"], store)
    assert (report.built, report.skipped) == (1, 2)
    graph = document_graph("arts/001.txt")
    texts = {str(q.object.value) for q in store.raw.quads_for_pattern(None, KG.text, None, graph)}
    assert "Gipfel in Wien" in texts and "Treffen Nummer 1" not in texts
    store.close()
    clean = EmbeddedStore(tmp_path / "clean")
    build(["arts"], clean)
    rebuilt = _reopen(tmp_path / "s")
    assert triples_per_document(rebuilt) == triples_per_document(clean)
    rebuilt.close()
    clean.close()


def _reopen(path: Path) -> EmbeddedStore:
    return EmbeddedStore(path, read_only=True)


# --- removal --------------------------------------------------------------------------------

_FACTS = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { GRAPH ?g { VALUES ?t { kg:OfficeHolding kg:Meeting kg:Membership } ?f a ?t } }
"""


def test_reliability_remove_keeps_entities_another_document_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_articles(tmp_path / "arts", 2)
    nato = ox.NamedNode("https://w3id.org/geokg/id/entity/Q7184")
    store = EmbeddedStore(tmp_path / "s")
    build(["arts"], store)
    assert {q.graph_name for q in store.raw.quads_for_pattern(nato, RDF_TYPE, None, None)} == {
        document_graph("arts/000.txt"), document_graph("arts/001.txt")}
    second_graph = _FACTS.replace("GRAPH ?g", f"GRAPH {document_graph('arts/001.txt')}")
    only_second = int(next(iter(store.raw.query(second_graph)))["n"].value)
    store.close()

    result = CliRunner().invoke(main, ["remove", "arts/000.txt", "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "removed 1 document(s)" in result.output

    store = _reopen(tmp_path / "s")
    assert set(store.document_hashes()) == {"arts/001.txt"}
    typed_in = {q.graph_name for q in store.raw.quads_for_pattern(nato, RDF_TYPE, None, None)}
    assert typed_in == {document_graph("arts/001.txt")}
    assert int(next(iter(store.query(_FACTS)))["n"].value) == only_second
    assert check_store(store) == []
    store.close()


def test_reliability_remove_unknown_document_fails_in_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_articles(tmp_path / "arts", 1)
    store = EmbeddedStore(tmp_path / "s")
    build(["arts"], store)
    removal = remove_documents(store, ["arts/000.txt", "nope"])
    assert removal.removed == ("arts/000.txt",) and removal.missing == ("nope",)
    store.close()
    result = CliRunner().invoke(main, ["remove", "nope", "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if "nope" in line] == [
        "kg: not found: nope: no such document in the store — give its id or its path"]


def test_reliability_remove_by_path_finds_a_front_matter_id(tmp_path, root, monkeypatch):
    monkeypatch.chdir(root)
    store_path = tmp_path / "s"
    store = EmbeddedStore(store_path)
    build(["seeds/000_aa9fb3416deedb31.txt"], store)
    assert remove_documents(store, ["./seeds/000_aa9fb3416deedb31.txt"]).removed == ("000_aa9fb3416deedb31",)
    assert store.document_hashes() == {}
    store.close()


# --- crash safety ---------------------------------------------------------------------------


def _stored(path: Path) -> set[str]:
    """The documents in the store; none while the writer is still creating it."""
    if not (path / ACCESS_LOCK).exists():
        return set()
    try:
        store = EmbeddedStore(path, read_only=True)
    except StoreError:
        return set()  # the moment between the lock file's creation and RocksDB's
    try:
        return set(store.document_hashes())
    finally:
        store.close()


def test_reliability_sigkill_mid_build_keeps_whole_batches_and_resumes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ids = write_articles(tmp_path / "arts", 60)
    reference = EmbeddedStore(tmp_path / "clean")
    build(["arts"], reference, BuildOptions(batch_size=2))
    expected = triples_per_document(reference)
    reference.close()

    store_path = tmp_path / "s"
    process = subprocess.Popen([*KG_BIN, "build", "arts", "--store", str(store_path), "--batch-size", "2", "-q"],
                               cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stored: set[str] = set()
    while process.poll() is None and len(stored) < 6:
        stored = _stored(store_path)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, "the build ended before it could be killed"

    before = _stored(store_path)
    assert 6 <= len(before) < 60
    assert sorted(before) == ids[: len(before)] and len(before) % 2 == 0  # whole batches, in reading order
    assert kg("check", "--store", str(store_path), cwd=tmp_path).returncode == 0
    after_kill = _reopen(store_path)
    assert triples_per_document(after_kill) == {d: expected[d] for d in before}  # every graph complete
    after_kill.close()

    resumed = kg("build", "arts", "--store", str(store_path), cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert f"{60 - len(before)} built, {len(before)} unchanged, 0 failed" in resumed.stderr
    final = _reopen(store_path)
    assert triples_per_document(final) == expected
    final.close()


# --- readers beside a writer ----------------------------------------------------------------


def test_reliability_reader_and_second_writer_beside_an_open_writer(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_articles(tmp_path / "arts", 2)
    writer = EmbeddedStore(tmp_path / "s")  # this process is now the store's writer
    build(["arts"], writer)
    try:
        query = kg("stats", "--json", "--store", str(tmp_path / "s"), cwd=tmp_path)
        assert query.returncode == 0, query.stderr
        assert '"Document": 2' in query.stdout
        second = kg("build", "arts", "--store", str(tmp_path / "s"), cwd=tmp_path)
        assert second.returncode == 1
        assert second.stderr.splitlines() == [
            f"kg: error: {tmp_path / 's'}: store is busy — another kg process is writing to it; wait for it to finish"]
        with pytest.raises(StoreBusyError, match="busy"):
            EmbeddedStore(tmp_path / "s")
        with pytest.raises(StoreBusyError, match="this process writes to it"):
            EmbeddedStore(tmp_path / "s", read_only=True)
    finally:
        writer.close()
    assert _stored(tmp_path / "s") == {"arts/000.txt", "arts/001.txt"}


def test_reliability_query_while_a_real_build_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_articles(tmp_path / "arts", 60)
    store_path = tmp_path / "s"
    process = subprocess.Popen([*KG_BIN, "build", "arts", "--store", str(store_path), "--batch-size", "1", "-q"],
                               cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        while not _stored(store_path):
            assert process.poll() is None, "the build ended before a reader could watch it"
        _pause_between_transactions(process, store_path / ACCESS_LOCK)
        # the build is stopped mid-run, holding the writer lock but not RocksDB
        counted = kg("query", "entities", "--format", "csv", "--store", str(store_path), cwd=tmp_path)
        assert counted.returncode == 0, counted.stderr
        assert "Jens Stoltenberg" in counted.stdout
        second = kg("build", "arts", "--store", str(store_path), cwd=tmp_path)
        assert second.returncode == 1 and len(second.stderr.splitlines()) == 1 and "store is busy" in second.stderr
    finally:
        process.send_signal(signal.SIGCONT)
    assert process.wait(timeout=600) == 0
    assert len(_stored(store_path)) == 60
    assert kg("check", "--store", str(store_path), cwd=tmp_path).returncode == 0


def _pause_between_transactions(process: subprocess.Popen[str], access: Path) -> None:
    """SIGSTOP the build at a moment when it does not hold RocksDB open (it may be mid-transaction)."""
    fd = os.open(access, os.O_RDONLY)
    try:
        while True:
            process.send_signal(signal.SIGSTOP)
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                process.send_signal(signal.SIGCONT)
                time.sleep(0.01)
                continue
            fcntl.flock(fd, fcntl.LOCK_UN)
            return
    finally:
        os.close(fd)


# --- kg check -------------------------------------------------------------------------------


@pytest.fixture()
def seeded(tmp_path, root, monkeypatch) -> Path:
    monkeypatch.chdir(root)
    store = EmbeddedStore(tmp_path / "s")
    build(["seeds/000_aa9fb3416deedb31.txt"], store)
    store.close()
    return tmp_path / "s"


def _check(path: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", "--store", str(path)])
    return result.exit_code, [line for line in result.output.splitlines() if not line.startswith("kg: ")]


def _corrupt(path: Path, update: str) -> None:
    store = EmbeddedStore(path)
    store.raw.update(update)
    store.close()


SEED_GRAPH = document_graph("000_aa9fb3416deedb31")


def test_reliability_check_clean_store(seeded):
    assert _check(seeded) == (0, [])


def test_reliability_check_finds_a_fact_whose_sentence_is_gone(seeded):
    _corrupt(seeded, f"PREFIX kg: <{KG.base}> DELETE WHERE {{ GRAPH {SEED_GRAPH} {{ ?s a kg:Sentence }} }}")
    code, lines = _check(seeded)
    assert code == 1
    orphan = "000_aa9fb3416deedb31: fact without evidence in a sentence of its graph: <"
    assert any(line.startswith(orphan) for line in lines)
    assert any("mention without a sentence in its graph" in line for line in lines)


def test_reliability_check_finds_an_untyped_entity(seeded):
    _corrupt(seeded, f"DELETE WHERE {{ GRAPH {SEED_GRAPH} {{ <https://w3id.org/geokg/id/entity/Q7184> a ?t }} }}")
    code, lines = _check(seeded)
    assert code == 1
    assert any("mention whose entity is not typed in its graph" in line for line in lines)
    assert any("fact pointing at an entity not typed in its graph" in line for line in lines)


def test_reliability_check_finds_a_second_document_node_and_a_missing_kb_version(seeded):
    _corrupt(seeded, f"PREFIX kg: <{KG.base}> INSERT DATA {{ GRAPH {SEED_GRAPH} {{ <http://x/d> a kg:Document }} }} ;"
                     f" DELETE WHERE {{ GRAPH {KB_GRAPH} {{ ?kb <https://w3id.org/geokg/kb#version> ?v }} }}")
    code, lines = _check(seeded)
    assert code == 1
    assert f"{SEED_GRAPH.value}: 2 kg:Document nodes — a document graph has exactly one" in lines
    assert "kb: knowledge base graph missing or without a version — run `kg kb reset`" in lines


def test_reliability_check_finds_a_document_in_two_graphs(seeded):
    other = ox.NamedNode(str(SEED_GRAPH.value) + "-copy")
    _corrupt(seeded, f"ADD {SEED_GRAPH} TO {other}")
    code, lines = _check(seeded)
    assert code == 1
    assert "000_aa9fb3416deedb31: document in 2 graphs — remove it and build it again" in lines
    assert any(re.fullmatch(r"000_aa9fb3416deedb31: stored in graph <.*-copy>, not in its own <.*>", line)
               for line in lines)


def test_reliability_check_empty_store_is_whole_and_a_plain_folder_is_no_store(tmp_path):
    EmbeddedStore(tmp_path / "s").close()  # what a first build killed before its first batch leaves
    assert _check(tmp_path / "s") == (0, [])
    (tmp_path / "plain").mkdir()
    result = CliRunner().invoke(main, ["check", "--store", str(tmp_path / "plain")])
    assert result.exit_code == 1
    assert result.output == f"kg: error: {tmp_path / 'plain'}: no store here — run `kg build … --store " \
                            f"{tmp_path / 'plain'}` first\n"
    assert list((tmp_path / "plain").iterdir()) == []  # a reader leaves no lock file behind in a plain folder
