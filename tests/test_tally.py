"""Tallies (kg.tally): the listings read counts kept at write time, so after every write they must
say what the documents themselves say, counted the slow way, straight from the document graphs."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from server import oxigraph_server

from benchmarks.corpus import World, generate, write_jsonl
from kg import tally, tally_merge, tally_pairs
from kg.cli import main
from kg.errors import StoreError
from kg.export import export_graph
from kg.kb import KnowledgeBase
from kg.maintenance import check_store, remove_documents
from kg.pipeline import build
from kg.queries import bind, find_query
from kg.remote import RemoteStore
from kg.store import DocumentGraph, EmbeddedStore, GraphStore, document_kind_counts, insert_data
from kg.tally import T, is_tally_graph
from kg.vocab import KG, RDF_TYPE, document_graph

PREFIXES = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# What the saved queries answered before there were tallies, aggregated over every document graph.
TRUE_MENTIONS = PREFIXES + """
SELECT ?entity (COUNT(?m) AS ?n) WHERE { GRAPH ?g { ?m kg:mentionOf ?entity } } GROUP BY ?entity
"""
TRUE_MEMBERSHIPS = PREFIXES + """
SELECT ?member ?org (COUNT(DISTINCT ?ms) AS ?n) (MAX(?day) AS ?last)
WHERE { GRAPH ?g { ?ms kg:member ?member ; kg:organization ?org OPTIONAL { ?ms kg:attestedOn ?day } } }
GROUP BY ?member ?org
"""
TRUE_HOLDERS = PREFIXES + """
SELECT ?person ?roleKind ?org (MAX(?day) AS ?last)
WHERE { GRAPH ?g {
  ?h kg:holder ?person ; kg:status kg:Current ; kg:roleLabel ?rl ; kg:roleKind ?roleKind ; kg:evidence ?ev .
  ?ev kg:inSentence ?s . ?s kg:text ?text . ?person rdfs:label ?pl .
  OPTIONAL { ?h kg:officeOf ?org . ?org rdfs:label ?ol }
  OPTIONAL { ?h kg:attestedOn ?day }
} }
GROUP BY ?person ?roleKind ?org
"""
TRUE_MEETING_DATES = PREFIXES + """
SELECT DISTINCT ?event ?date WHERE { GRAPH ?g {
  ?event kg:date ?date ; rdfs:label ?el ; kg:meetingType ?mt ; kg:evidence ?ev .
  ?ev kg:inSentence ?s . ?s kg:inDocument ?d . ?d kg:documentId ?doc .
} }
"""
# co-mentioned.rq before the pairs were tallied: every sentence that mentions two labelled entities
TRUE_PAIRS = PREFIXES + """
SELECT ?a ?b (COUNT(DISTINCT ?s) AS ?sentences) (COUNT(DISTINCT ?g) AS ?documents) WHERE {
  GRAPH ?g {
    ?m1 kg:mentionOf ?a ; kg:inSentence ?s . ?m2 kg:inSentence ?s ; kg:mentionOf ?b .
    ?a rdfs:label ?al . ?b rdfs:label ?bl .
    FILTER(STR(?a) < STR(?b))
  }
} GROUP BY ?a ?b
"""
NATO = "Q7184"


def _key(*terms: Any) -> tuple[str, ...]:
    return tuple("" if t is None else str(t) for t in terms)


def truth(store: GraphStore) -> dict[str, Any]:
    nato = f"<https://w3id.org/geokg/id/entity/{NATO}>"
    memberships = {_key(r["member"], r["org"]): (int(r["n"].value), _key(r["last"]))
                   for r in store.query(TRUE_MEMBERSHIPS)}
    return {
        "mentions": {_key(r["entity"]): int(r["n"].value) for r in store.query(TRUE_MENTIONS)},
        "memberships": {key: n for key, (n, _) in memberships.items()},
        "nato": {key: value for key, value in memberships.items() if key[1] == nato},
        "holders": {_key(r["person"], r["roleKind"], r["org"]): _key(r["last"]) for r in store.query(TRUE_HOLDERS)},
        "timeline": _meetings(store, {}),
        "days": _meetings(store, _some_days(store)),
        "pairs": _pairs(store.query(TRUE_PAIRS)),
        "nato pairs": {key: n for key, n in _pairs(store.query(TRUE_PAIRS)).items() if nato in key[:2]},
    }


def _pairs(rows: Any) -> dict[tuple[str, ...], tuple[int, int]]:
    return {_key(r["a"], r["b"]): (int(r["sentences"].value), int(r["documents"].value)) for r in rows}


def _some_days(store: GraphStore) -> dict[str, str]:
    """A range over the middle third of the meetings' dates."""
    dates = sorted(str(r["date"].value) for r in store.query(TRUE_MEETING_DATES))
    return {"from": dates[len(dates) // 3][:10], "to": dates[2 * len(dates) // 3][:10]}


def _meetings(store: GraphStore, days: dict[str, str]) -> set[tuple[str, ...]]:
    """(meeting, date) of the meetings whose date overlaps the range, straight from the documents."""
    def overlaps(date: str) -> bool:
        return days.get("from", "0000")[:len(date)] <= date <= days.get("to", "9999")[:len(date)]

    return {_key(r["event"], r["date"]) for r in store.query(TRUE_MEETING_DATES) if overlaps(str(r["date"].value))}


def saved(store: GraphStore, name: str, **values: str) -> list[Any]:
    query = find_query(name)
    return list(store.query(query.text, bind(query, values)))


def answered(store: GraphStore) -> dict[str, Any]:
    """The same figures as the saved queries give them, read from the tallies."""
    entities = saved(store, "entities")
    return {
        "mentions": {_key(r["entity"]): int(r["mentions"].value) for r in entities if int(r["mentions"].value)},
        "memberships": {_key(r["member"], r["org"]): int(r["attestations"].value)
                        for r in saved(store, "memberships")},
        "nato": {_key(r["member"], r["org"]): (int(r["attestations"].value), _key(r["attested"]))
                 for r in saved(store, "members-of", org=NATO)},
        "holders": {_key(r["person"], r["roleKind"], r["org"]): _key(r["attested"])
                    for r in saved(store, "office-holders")},
        "timeline": {_key(r["event"], r["date"]) for r in saved(store, "timeline")},
        "days": {_key(r["event"], r["date"]) for r in saved(store, "timeline", **_some_days(store))},
        "pairs": _pairs(saved(store, "co-mentioned")),
        "nato pairs": _pairs(saved(store, "co-mentioned", entity=NATO)),
    }


def assert_tallies_true(store: GraphStore) -> None:
    want, got = truth(store), answered(store)
    assert want["nato"] and want["holders"] and len(want["timeline"]) > len(want["days"]) > 0
    assert len(want["pairs"]) > len(want["nato pairs"]) > 0
    for what in want:
        assert got[what] == want[what], what


@pytest.fixture(scope="module")
def articles(kb: KnowledgeBase) -> list[Any]:
    return list(generate(24, seed=3, words=220, world=World(kb)))


@pytest.fixture
def built(tmp_path: Path, articles: list[Any]) -> Iterator[tuple[EmbeddedStore, Path]]:
    corpus = tmp_path / "corpus.jsonl"
    write_jsonl(articles, corpus)
    store = EmbeddedStore(tmp_path / "store")
    report = build([corpus], store)
    assert report.built == len(articles) and not report.failures
    yield store, corpus
    store.close()


def test_tally_after_a_build_the_listings_match_the_documents(built: tuple[EmbeddedStore, Path]) -> None:
    store, _ = built
    assert tally_merge.segments(store) == []  # the build merged its segments
    assert_tallies_true(store)
    nato = {r["member"] for r in saved(store, "members-of", org=NATO)}
    assert len(nato) >= 5


def test_tally_replaced_and_removed_documents_are_subtracted(built: tuple[EmbeddedStore, Path],
                                                            articles: list[Any]) -> None:
    store, corpus = built
    latest = max(a.date for a in articles)
    # one article moves to a later day (its facts become the latest), one loses its second half
    later = dataclasses.replace(articles[0], date=latest + dt.timedelta(days=30))
    cut = dataclasses.replace(articles[1], text=articles[1].text[: len(articles[1].text) // 2])
    write_jsonl([later, cut, *articles[2:]], corpus)
    report = build([corpus], store)
    assert report.built == 2
    assert_tallies_true(store)
    days = {r["attested"].value for r in saved(store, "office-holders") if r["attested"] is not None}
    assert later.date.isoformat() in days
    # removing the article that holds the latest days needs them looked up again in the documents
    assert remove_documents(store, [later.doc_id]).removed == (later.doc_id,)
    assert_tallies_true(store)
    days = {r["attested"].value for r in saved(store, "office-holders") if r["attested"] is not None}
    assert later.date.isoformat() not in days


def test_tally_counts_are_exact_before_the_merge(built: tuple[EmbeddedStore, Path], articles: list[Any],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A process stopped between a write and its merge leaves segments: every count the listings give is
    right anyway, though a key whose witness was removed is missing until the next build merges."""
    store, corpus = built
    quads = sorted(store.raw.quads_for_pattern(None, None, None, document_graph(articles[5].doc_id)), key=str)
    named = [q for q in quads if q.predicate.value.endswith("#mentionOf")]
    cut = tuple(q for q in quads if q not in named[: len(named) // 2])  # half of its mentions name no entity now
    monkeypatch.setattr(tally_merge, "settle", lambda store, replaced: None)
    store.write_documents([DocumentGraph(articles[5].doc_id, "changed", cut)])
    store.remove_documents([articles[6].doc_id])
    assert len(tally_merge.segments(store)) == 2
    want, got = truth(store), answered(store)
    assert len(got["mentions"]) > len(want["mentions"]) / 2
    assert got["mentions"] == {key: want["mentions"][key] for key in got["mentions"]}
    assert got["memberships"] == {key: want["memberships"][key] for key in got["memberships"]}
    monkeypatch.undo()
    assert build([corpus], store).built == 1  # the article cut short is built again, and all is merged
    assert tally_merge.segments(store) == []
    assert_tallies_true(store)


def test_tally_segments_are_merged_before_they_pile_up(tmp_path: Path, built: tuple[EmbeddedStore, Path],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    store, _ = built
    monkeypatch.setattr(tally_merge, "SEGMENTS_BEFORE_MERGE", 5)
    docs = [DocumentGraph(str(r["id"].value), str(r["hash"].value),
                          tuple(store.raw.quads_for_pattern(None, None, None, r["g"])))
            for r in store.query(PREFIXES + "SELECT ?g ?id ?hash WHERE { GRAPH ?g { "
                                            "?d kg:documentId ?id ; kg:contentHash ?hash } }")]
    one_by_one = EmbeddedStore(tmp_path / "one-by-one")
    try:
        counts = []
        for doc in docs:
            one_by_one.write_documents([doc])
            counts.append(len(tally_merge.segments(one_by_one)))
        assert counts[:6] == [1, 2, 3, 4, 0, 1]  # the fifth write merged
        pending = {key: value for key, value in answered(one_by_one).items() if "pairs" not in key}
        assert pending == {key: value for key, value in answered(store).items() if "pairs" not in key}
        # pairs are counted by the merge, which a build ends with
        assert answered(one_by_one)["pairs"] != answered(store)["pairs"]
        tally_merge.after_build(one_by_one)
        assert answered(one_by_one) == answered(store)
    finally:
        one_by_one.close()


def test_tally_graphs_stay_out_of_exports_and_counts(built: tuple[EmbeddedStore, Path]) -> None:
    store, _ = built
    out = io.BytesIO()
    export_graph(store, out, "nquads")
    assert b"/graph/tally/" not in out.getvalue() and b"geokg/tally#" not in out.getvalue()
    in_documents = sum(1 for q in store.raw.quads_for_pattern(None, None, None, None)
                       if q.graph_name.value.startswith("https://w3id.org/geokg/graph/document/"))
    assert document_kind_counts(store)["triples"] == in_documents


def test_tally_a_store_built_without_tallies_gets_them_at_the_next_build(built: tuple[EmbeddedStore, Path]) -> None:
    store, corpus = built
    want = answered(store)
    store.raw.update(";".join(f"DROP GRAPH {g}" for g in store.raw.named_graphs() if is_tally_graph(g)))
    assert answered(store)["mentions"] == {}  # what a store written by an older geokg answers
    assert build([corpus], store).built == 0
    assert answered(store) == want
    assert_tallies_true(store)


def as_version_1(store: EmbeddedStore) -> None:
    """The store's tallies without what version 1 lacked: the calendar of meetings, and the version."""
    calendar = {q.subject for q in store.raw.quads_for_pattern(None, T.date, None)}
    for q in [*(q for k in calendar for q in store.raw.quads_for_pattern(k, None, None)),
              *store.raw.quads_for_pattern(None, T.version, None)]:
        store.raw.remove(q)


def test_tally_queries_refuse_tallies_of_an_older_version(built: tuple[EmbeddedStore, Path]) -> None:
    store, _ = built
    want = truth(store)["timeline"]
    as_version_1(store)
    store.close()
    refused = CliRunner().invoke(main, ["query", "timeline", "--store", store.location, "--format", "csv"])
    assert refused.exit_code != 0 and refused.stdout == ""
    assert refused.stderr.splitlines() == [
        "kg: error: timeline: the store's tallies are from an older geokg and may miss documents — run `kg check "
        "--recount` (or `kg build`) on it, then query again"]
    # a query that reads only the documents still answers
    assert CliRunner().invoke(main, ["query", "who-met-whom", "--store", store.location]).exit_code == 0
    assert CliRunner().invoke(main, ["check", "--recount", "--store", store.location]).exit_code == 0
    answered_ = CliRunner().invoke(main, ["query", "timeline", "--store", store.location, "--format", "csv"])
    assert answered_.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(answered_.stdout)))
    assert {(f"<{r['event']}>", f'"{r["date"]}"^^<http://www.w3.org/2001/XMLSchema#date>') for r in rows
            if len(r["date"]) == 10} == {k for k in want if k[1].endswith("#date>")}


def test_tally_tallies_of_an_older_version_are_counted_again(built: tuple[EmbeddedStore, Path],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    store, corpus = built
    # counted 5 documents at a time and merged every 2 of those, as a large store is
    monkeypatch.setattr(tally_merge, "REBUILD_BATCH", 5)
    monkeypatch.setattr(tally_merge, "REBUILD_SEGMENTS_BEFORE_MERGE", 2)
    want = answered(store)
    as_version_1(store)
    assert not answered(store)["timeline"]
    assert [str(p) for p in check_store(store)] == [
        "tallies: they do not count every document (written by an older geokg) — run `kg check --recount`"]
    assert build([corpus], store).built == 0
    assert answered(store) == want
    assert_tallies_true(store)


@pytest.mark.server
def test_tally_a_server_store_keeps_the_same_tallies(tmp_path: Path, built: tuple[EmbeddedStore, Path],
                                                     articles: list[Any]) -> None:
    store, corpus = built
    with oxigraph_server(tmp_path / "server") as url:
        remote = RemoteStore(url, max_request_bytes=200_000)  # several requests per batch, each with its tallies
        assert build([corpus], remote).built == len(articles)
        assert answered(remote) == answered(store)
        assert remove_documents(remote, [articles[0].doc_id]).removed == (articles[0].doc_id,)
        assert_tallies_true(remote)
        for removed in [article.doc_id for article in articles[:tally_pairs.FAN_IN]]:
            # a run for each build and each removal: runs are folded
            assert build([corpus], remote).built == 1
            assert remove_documents(remote, [removed]).removed == (removed,)
        counted, staged = tally_pairs.runs(remote)
        assert max(counted.values()) >= 1 and not staged
        graphs = {row["g"] for row in remote.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
        assert {g for g in graphs if g.value.startswith(tally.TALLY_GRAPHS + "pairs/")} == set(counted)
        assert_tallies_true(remote)


def test_tally_check_finds_wrong_counts_and_recount_mends_them(built: tuple[EmbeddedStore, Path]) -> None:
    store, _ = built
    nato = ox.NamedNode(f"https://w3id.org/geokg/id/entity/{NATO}")
    nowhere = ox.NamedNode("https://w3id.org/geokg/graph/document/nowhere")
    # a mention no stored document makes: the tallies now count one reference too many
    mention = ox.Quad(ox.NamedNode("urn:x:m"), KG.mentionOf, nato)
    store.raw.update(insert_data(tally.segment_for({nowhere: [mention]}, {}, store.tallied)))
    store.close()
    checked = CliRunner().invoke(main, ["check", "--store", store.location])
    assert checked.exit_code == 1
    [line] = checked.stdout.splitlines()
    found = re.fullmatch(rf"{re.escape(nato.value)}: the tallies count (\d+) references to it, the documents (\d+) "
                         r"— run `kg check --recount`", line)
    assert found and int(found[1]) == int(found[2]) + 1
    recounted = CliRunner().invoke(main, ["check", "--recount", "--store", store.location])
    assert recounted.exit_code == 0, recounted.output
    assert "tallies counted again from the documents" in recounted.stderr


def test_tally_check_names_a_store_without_tallies(built: tuple[EmbeddedStore, Path]) -> None:
    store, _ = built
    store.raw.update(";".join(f"DROP GRAPH {g}" for g in store.raw.named_graphs() if is_tally_graph(g)))
    assert [str(p) for p in check_store(store)] == [
        "tallies: they do not count every document (written by an older geokg) — run `kg check --recount`"]


def test_tally_pairs_staged_by_a_merge_cut_short_are_not_read_and_go_at_the_next(
        built: tuple[EmbeddedStore, Path], articles: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    store, corpus = built
    want = answered(store)["pairs"]
    quads = sorted(store.raw.quads_for_pattern(None, None, None, document_graph(articles[3].doc_id)), key=str)
    mentions = [q for q in quads if q.predicate == KG.mentionOf]
    # the article's first mention now names a new entity, with a label: new pairs for the merge to stage
    stranger = ox.NamedNode("https://w3id.org/geokg/id/entity/nil/person/a-stranger")
    changed = [q for q in quads if q != mentions[0]] + [
        ox.Quad(mentions[0].subject, KG.mentionOf, stranger, mentions[0].graph_name),
        ox.Quad(stranger, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("A Stranger"),
                mentions[0].graph_name),
        ox.Quad(stranger, RDF_TYPE, KG.Person, mentions[0].graph_name)]

    def cut_short(*args: Any, **kwargs: Any) -> None:
        raise OSError("killed")

    monkeypatch.setattr(store, "change_tallies", cut_short)
    with pytest.raises(StoreError):
        store.write_documents([DocumentGraph(articles[3].doc_id, "changed", tuple(changed))])
    counted, staged = tally_pairs.runs(store)
    assert len(counted) == 1 and len(staged) == 1
    assert {q.predicate for q in store.raw.quads_for_pattern(None, None, None, staged[0])} == {
        RDF_TYPE, T.level, T.pairSentences, T.pairDocuments}
    assert stranger in {q.object for q in store.raw.quads_for_pattern(None, None, None, tally_pairs.INDEX)}
    assert answered(store)["pairs"] == want  # what the merge staged is not read, and the write's segment waits
    monkeypatch.undo()
    tally_merge.after_build(store)
    assert not list(store.raw.quads_for_pattern(None, None, None, staged[0]))
    assert len(tally_pairs.runs(store)[0]) == 2 and not tally_pairs.runs(store)[1]
    assert_tallies_true(store)
    assert any(stranger.value in key[0] + key[1] for key in answered(store)["pairs"])


def test_tally_pair_runs_are_folded_and_the_runs_read_are_dropped(built: tuple[EmbeddedStore, Path],
                                                                 articles: list[Any]) -> None:
    store, _ = built
    want = answered(store)["pairs"]
    graphs = store.graph_quads([document_graph(a.doc_id) for a in articles[:3]])
    for n in range(tally_pairs.FAN_IN * 2):  # each removal and each rewrite is merged: a run of its own
        graph = document_graph(articles[n % 3].doc_id)
        doc = DocumentGraph(articles[n % 3].doc_id, f"hash {n}", tuple(graphs[graph]))
        if n % 2:
            store.write_documents([doc])
        else:
            store.remove_documents([doc.doc_id])
            store.write_documents([doc])
        counted, staged = tally_pairs.runs(store)
        levels = [sorted(counted.values()).count(level) for level in set(counted.values())]
        assert max(levels) < tally_pairs.FAN_IN and not staged
    assert max(tally_pairs.runs(store)[0].values()) >= 1  # runs were folded
    tally_pairs_graphs = {g for g in store.raw.named_graphs() if g.value.startswith(tally.TALLY_GRAPHS + "pairs/")}
    assert tally_pairs_graphs == set(tally_pairs.runs(store)[0])  # the runs read are gone
    assert answered(store)["pairs"] == want
    assert_tallies_true(store)


class _ReadBack:
    """An ox.Store that notes each statement it reads back from a named graph."""

    def __init__(self, inner: ox.Store) -> None:
        self._inner = inner
        self.read: list[ox.Quad] = []

    def quads_for_pattern(self, *pattern: Any) -> Iterator[ox.Quad]:
        for quad in self._inner.quads_for_pattern(*pattern):
            self.read.append(quad)
            yield quad

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def test_tally_pair_runs_are_dropped_whole_without_reading_back_their_pairs(
        built: tuple[EmbeddedStore, Path]) -> None:
    store, _ = built
    counted = set(tally_pairs.runs(store)[0])
    held = [q for run in counted for q in store.raw.quads_for_pattern(None, None, None, run)]
    assert {q.predicate for q in held} == {RDF_TYPE, T.level, T.pairSentences, T.pairDocuments}
    spy = _ReadBack(store.raw)
    store._db = spy  # type: ignore[assignment]
    tally_pairs.clear(store)
    # a pair's IRI read back costs a lookup in the engine's string table: only the runs' own marks are
    assert {q.subject for q in spy.read if q.graph_name in counted} <= counted
    store._db = spy._inner
    assert not {q for q in held if q in store.raw}
    assert not counted & set(store.raw.named_graphs())


def test_tally_check_finds_a_wrong_pair_count(built: tuple[EmbeddedStore, Path]) -> None:
    store, _ = built
    one = next(q for q in store.raw.quads_for_pattern(None, T.pairSentences, None, None))
    a, b = (next(store.raw.quads_for_pattern(one.subject, p, None, tally_pairs.INDEX)).object
            for p in (T.pairA, T.pairB))
    sentences, documents = answered(store)["pairs"][_key(a, b)]
    store.raw.remove(one)
    store.raw.add(ox.Quad(one.subject, T.pairSentences, ox.Literal(int(one.object.value) + 2), one.graph_name))
    assert [str(p) for p in check_store(store)] == [
        f"{a.value} {b.value}: the tallies count {sentences + 2} sentences in {documents} documents that mention "
        f"both, the documents {sentences} sentences in {documents} documents — run `kg check --recount`"]
    tally_merge.rebuild(store)
    assert check_store(store) == []
    assert_tallies_true(store)
