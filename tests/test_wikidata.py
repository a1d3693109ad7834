"""kg kb update, kg kb reset and kg link --online against a real local `oxigraph serve` holding
tests/data/wikidata/fixture.ttl (Wikidata-shaped test data), and failures injected by a tiny proxy."""

from __future__ import annotations

import http.server
import threading
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from server import free_port, oxigraph_server

from kg import tally_pairs
from kg.cli import main
from kg.errors import EndpointError, KnowledgeBaseError
from kg.kb import bundled_kb
from kg.kbstore import resolve_kb, stored_kb_version
from kg.pipeline import build
from kg.queries import find_query
from kg.remote import RemoteStore
from kg.sparql_http import RetryPolicy
from kg.store import EmbeddedStore
from kg.validate import validate_store
from kg.wikidata import (
    USER_AGENT,
    WIKIDATA_QUERIES,
    client_for,
    fetch,
    link_online,
    merged_kb,
    parse_languages,
    update_kb,
)

FIXTURE = Path(__file__).parent / "data" / "wikidata" / "fixture.ttl"
ARTICLE = """---
title: Beispielmann in Warschau
date: 2031-03-02
lang: de
---
Beispielmann in Warschau

WARSCHAU – Außenministerin Ilse Beispielmann hat am Montag in Warschau ihren polnischen Amtskollegen getroffen.
Am Rande sprach sie auch mit Karl Probst und Marta Doppel über die Lage in der NATO. Hans Falschtyp begleitete
die Delegation.
"""
_ENTITIES = """PREFIX kg: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label ?qid WHERE { GRAPH ?g { ?e a kg:Person ; rdfs:label ?label .
  OPTIONAL { ?e kg:wikidata ?w BIND(STRAFTER(STR(?w), "entity/") AS ?qid) } } }"""
FAST = RetryPolicy(attempts=3, backoff=0.5, max_wait=60.0, sleep=lambda _s: None)


@pytest.fixture(scope="module")
def wikidata(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The query endpoint of a local oxigraph server loaded with the fixture."""
    with oxigraph_server(tmp_path_factory.mktemp("wikidata")) as base:
        load = urllib.request.Request(f"{base}/store?default", data=FIXTURE.read_bytes(), method="POST",
                                      headers={"Content-Type": "text/turtle"})
        urllib.request.urlopen(load, timeout=10).read()
        yield f"{base}/query"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "articles" / "beispiel.txt"
    path.parent.mkdir()
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _people(store: EmbeddedStore) -> dict[str, str]:
    return {str(r["label"].value): (str(r["qid"].value) if r["qid"] is not None else "")
            for r in store.query(_ENTITIES)}


@dataclass
class Proxy:
    """Forwards SPARQL requests to the real server, except where ``fault`` answers for it."""

    upstream: str
    fault: Callable[[int], tuple[int, dict[str, str], bytes] | None] = lambda _n: None
    headers: list[dict[str, str]] = field(default_factory=list)

    def answer(self, request: http.server.BaseHTTPRequestHandler, body: bytes) -> tuple[int, dict[str, str], bytes]:
        self.headers.append(dict(request.headers))
        canned = self.fault(len(self.headers))
        if canned is not None:
            return canned
        forward = urllib.request.Request(self.upstream, data=body, method="POST", headers={
            "Content-Type": request.headers["Content-Type"], "Accept": request.headers.get("Accept", "*/*")})
        with urllib.request.urlopen(forward, timeout=10) as response:
            return response.status, {"Content-Type": response.headers["Content-Type"]}, response.read()


@pytest.fixture
def proxy(wikidata: str) -> Iterator[tuple[Proxy, str]]:
    state = Proxy(wikidata)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            status, headers, reply = state.answer(self, body)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{httpd.server_address[1]}/sparql"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_wikidata_saved_queries_are_plain_sparql_and_parse() -> None:
    paths = sorted(WIKIDATA_QUERIES.glob("*.rq"))
    assert {p.stem for p in paths} >= {"countries", "capitals", "organizations", "classes", "positions",
                                       "office-holders", "labels", "nil-candidates"}
    for path in paths:
        text = path.read_text(encoding="utf-8")
        body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
        assert "SERVICE" not in body.upper() and "wikibase:label" not in body, path.name
        assert text.startswith("# title: Wikidata: "), path.name
        ox.Store().query(text)  # parses (and runs on nothing)


def test_wikidata_fetch_reads_the_fixture(wikidata: str) -> None:
    f = fetch(client_for(wikidata))
    assert f.countries == ("Q142", "Q183", "Q36")  # the dissolved Q999999020 is left out
    assert f.capitals == (("Q142", "Q90"), ("Q183", "Q64"), ("Q36", "Q270"))
    assert dict(f.organizations) == {"Q1065": "intergovernmental organization",
                                     "Q458": "intergovernmental organization", "Q7184": "military alliance"}
    assert {(p.qid, p.jurisdiction, p.kind) for p in f.positions} == {
        ("Q4970706", "Q183", "head of government"), ("Q25223", "Q183", "head of state"),
        ("Q568605", "Q183", "foreign minister"), ("Q167662", "Q7184", "head of organization")}
    terms = {(t.person, t.position, t.start, t.end) for t in f.terms}
    assert terms == {("Q61053", "Q4970706", "2021-12-08", "2025-05-06"),
                     ("Q564328", "Q568605", "2021-12-08", "2025-05-06"),
                     ("Q57792", "Q167662", "2024-10-01", ""),
                     ("Q999999001", "Q568605", "2031-01-01", "")}  # not deprecated, before 1990 or undated
    assert {n.lang for n in f.names} == {"de", "en"}  # "Allemagne"@fr is not asked for
    assert ("Q999999001", "alias", "Ilse M. Beispielmann", "de") in {(n.qid, n.kind, n.text, n.lang)
                                                                     for n in f.names}


def test_wikidata_languages_choose_the_labels(wikidata: str) -> None:
    f = fetch(client_for(wikidata), parse_languages("de"))
    assert {n.lang for n in f.names} == {"de"}
    with pytest.raises(KnowledgeBaseError, match="de, en or de,en"):
        parse_languages("fr")


def test_wikidata_merge_adds_new_entities_and_keeps_bundled_labels(wikidata: str) -> None:
    bundled = bundled_kb()
    kb = merged_kb(fetch(client_for(wikidata)))
    assert kb.version.startswith("wikidata-") and kb.version != bundled.version
    assert any(s.startswith("Wikidata via http://127.0.0.1:") and "3 countries" in s for s in kb.sources)
    ilse = kb.get("Q999999001")
    assert ilse is not None and ilse.kind == "Person" and ilse.country == "Q183"
    (term,) = kb.holdings_of("Q999999001")
    assert (term.role_kind, term.of, term.position, str(term.start)) == ("foreign minister", "Q183", "Q568605",
                                                                         "2031-01-01")
    forms = {(f.text, f.form) for f in kb.forms if f.qid == "Q999999001"}
    assert ("Beispielmann", "surname") in forms and ("Ilse M. Beispielmann", "alias") in forms
    assert not any(f.text == "Ilse" for f in kb.forms)  # a single given name names nobody
    assert kb.get("Q999999006") is None and kb.get("Q999999010") is None
    germany = kb.get("Q183")
    assert germany is not None and (germany.label_en, germany.label_de) == ("Germany", "Deutschland")
    assert "Federal Republic of Germany" in germany.aliases and "DE" not in germany.aliases
    # Wikidata's term replaces the bundled one of the same person, state and role kind
    scholz = [h for h in kb.holdings_of("Q61053") if h.role_kind == "chancellor"]
    assert [(str(h.start), str(h.end)) for h in scholz] == [("2021-12-08", "2025-05-06")]
    assert len(kb.entities) == len(bundled.entities) + 1


def test_wikidata_update_then_build_links_a_person_only_the_server_knows(wikidata: str, article: Path,
                                                                          tmp_path: Path) -> None:
    runner = CliRunner()
    store = tmp_path / "store"
    before = article.with_name("before.txt")
    before.write_text(ARTICLE.replace("title: Beispielmann", "title: Vorher"), encoding="utf-8")
    assert runner.invoke(main, ["build", str(before), "--store", str(store), "-q"]).exit_code == 0
    result = runner.invoke(main, ["kb", "update", "--endpoint", wikidata, "--store", str(store), "-q"])
    assert result.exit_code == 0, result.output
    assert "written to" in result.stderr
    info = runner.invoke(main, ["kb", "info", "--store", str(store)]).stdout
    assert "version                  wikidata-" in info and "Wikidata via http://127.0.0.1:" in info
    assert runner.invoke(main, ["build", str(article), "--store", str(store), "-q"]).exit_code == 0
    opened = EmbeddedStore(store)
    try:
        found = {(str(r["label"].value), str(r["qid"].value) if r["qid"] is not None else "")
                 for r in opened.query(_ENTITIES)}
        # the new document links her; the one built before the update is not rebuilt (kg link --online is)
        assert {q for name, q in found if name == "Ilse Beispielmann"} == {"Q999999001", ""}
        assert stored_kb_version(opened) == resolve_kb(opened).version != bundled_kb().version  # not reset by builds
    finally:
        opened.close()


def test_wikidata_reset_restores_the_bundled_kb(wikidata: str, tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    try:
        update_kb(store, wikidata)  # a new store: no KB yet
        assert stored_kb_version(store).startswith("wikidata-")
        assert resolve_kb(store).get("Q999999001") is not None
    finally:
        store.close()
    result = CliRunner().invoke(main, ["kb", "reset", "--store", str(tmp_path / "store")])
    assert result.exit_code == 0 and "restored" in result.stderr
    store = EmbeddedStore(tmp_path / "store")
    try:
        assert stored_kb_version(store) == bundled_kb().version
        assert resolve_kb(store).get("Q999999001") is None
    finally:
        store.close()


def test_wikidata_server_down_is_one_line_and_keeps_the_old_kb(tmp_path: Path) -> None:
    store = tmp_path / "store"
    runner = CliRunner()
    assert runner.invoke(main, ["kb", "reset", "--store", str(store)]).exit_code == 0  # writes the bundled KB
    down = f"http://127.0.0.1:{free_port()}/sparql"
    result = runner.invoke(main, ["kb", "update", "--endpoint", down, "--store", str(store), "-q"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"kg: error: {down}: connection refused — is the server running?"]
    opened = EmbeddedStore(store)
    try:
        assert stored_kb_version(opened) == bundled_kb().version
    finally:
        opened.close()


def test_wikidata_429_is_retried_after_the_time_the_server_asks(proxy: tuple[Proxy, str]) -> None:
    state, url = proxy
    state.fault = lambda n: (429, {"Retry-After": "7", "Content-Type": "text/plain"}, b"slow down") if n == 2 else None
    waits: list[float] = []
    f = fetch(client_for(url, RetryPolicy(attempts=3, sleep=waits.append)))
    assert waits == [7.0] and f.capitals  # page 2 answered on the second try


def test_wikidata_retry_after_beyond_the_limit_fails_at_once(proxy: tuple[Proxy, str], tmp_path: Path) -> None:
    state, url = proxy
    state.fault = lambda n: (429, {"Retry-After": "3600"}, b"") if n == 1 else None
    waits: list[float] = []
    with pytest.raises(EndpointError, match=r"HTTP 429\) — the server limits how often"):
        fetch(client_for(url, RetryPolicy(attempts=3, max_wait=60, sleep=waits.append)))
    assert waits == [] and len(state.headers) == 1


def test_wikidata_500_on_page_3_fails_cleanly_and_keeps_the_old_kb(proxy: tuple[Proxy, str], tmp_path: Path) -> None:
    state, url = proxy
    state.fault = lambda n: (500, {"Content-Type": "text/plain"}, b"Internal Server Error: boom") if n >= 3 else None
    waits: list[float] = []
    store = EmbeddedStore(tmp_path / "store")
    try:
        resolve_kb(store)
        before = sorted(map(str, store.kb_quads()))
        with pytest.raises(EndpointError) as caught:
            update_kb(store, url, retry=RetryPolicy(attempts=3, backoff=0.5, sleep=waits.append))
        message = str(caught.value)
        assert "\n" not in message and "after 3 attempts (HTTP 500: Internal Server Error: boom)" in message
        assert waits == [0.5, 1.0] and len(state.headers) == 5
        assert sorted(map(str, store.kb_quads())) == before
    finally:
        store.close()


def test_wikidata_malformed_answer_keeps_the_old_kb(proxy: tuple[Proxy, str], tmp_path: Path) -> None:
    state, url = proxy
    bad = (200, {"Content-Type": "application/sparql-results+json"}, b'{"head": {"vars": ["item"]}, "results": ')
    state.fault = lambda n: bad if n == 4 else None
    store = EmbeddedStore(tmp_path / "store")
    try:
        update_kb(store, state.upstream)
        version = stored_kb_version(store)
        with pytest.raises(EndpointError, match="the answer is not valid SPARQL Results in JSON"):
            update_kb(store, url, retry=FAST)
        assert stored_kb_version(store) == version and resolve_kb(store).get("Q999999001") is not None
    finally:
        store.close()


def test_wikidata_sends_its_user_agent_and_never_the_store_login(proxy: tuple[Proxy, str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    state, url = proxy
    monkeypatch.setenv("KG_STORE_TOKEN", "s3cret-token")
    fetch(client_for(url))
    assert state.headers and all(h["User-Agent"] == USER_AGENT for h in state.headers)
    assert not any("Authorization" in h for h in state.headers)


def test_wikidata_endpoint_must_be_a_plain_http_url() -> None:
    with pytest.raises(EndpointError, match="--endpoint must be an http"):
        client_for("ftp://example.org/sparql")
    with pytest.raises(EndpointError, match="takes no credentials"):
        client_for("http://user:pw@127.0.0.1/sparql")


def test_wikidata_link_online_links_names_exactly_one_compatible_item_bears(wikidata: str, article: Path,
                                                                            tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "store")
    try:
        assert build([article], store).built == 1
        assert {k: v for k, v in _people(store).items() if not v} == {
            "Ilse Beispielmann": "", "Karl Probst": "", "Marta Doppel": "", "Hans Falschtyp": ""}
        report = link_online(store, wikidata)
        assert {(link.label, link.qid) for link in report.linked} == {("Karl Probst", "Q999999002"),
                                                                       ("Ilse Beispielmann", "Q999999001")}
        assert (report.looked_up, report.ambiguous, report.documents) == (4, 1, 1)
        people = _people(store)
        # two items named Marta Doppel: ambiguous; Hans Falschtyp is an organization: wrong type
        assert people["Karl Probst"] == "Q999999002" and people["Marta Doppel"] == "" == people["Hans Falschtyp"]
        mentions = list(store.query("""PREFIX kg: <https://w3id.org/geokg/ontology#>
            SELECT ?score WHERE { GRAPH ?g { ?m kg:mentionOf <https://w3id.org/geokg/id/entity/Q999999002> ;
                                              kg:anchor "Karl Probst" .
                                           <https://w3id.org/geokg/id/entity/Q999999002> kg:linkScore ?score } }"""))
        assert [str(r["score"].value) for r in mentions] == ["0.7"]
        # the pair index keeps the names of pairs no longer counted, which no query lists (docs/tallies.md)
        used = "ASK {{ GRAPH ?g {{ {{ ?s ?p <{0}> }} UNION {{ <{0}> ?p ?o }} }} FILTER(?g != <{1}>) }}"
        nil = "https://w3id.org/geokg/id/entity/nil/person/"
        assert not bool(store.query(used.format(nil + "karl-probst", tally_pairs.INDEX.value)))
        assert bool(store.query(used.format(nil + "marta-doppel", tally_pairs.INDEX.value)))
        pairs = {(r["a"].value, r["b"].value) for r in store.query(find_query("co-mentioned").text)}
        assert pairs and not any(nil + "karl-probst" in pair for pair in pairs)
        assert validate_store(store, None) == []
        assert link_online(store, wikidata).linked == ()  # nothing left that one item names
    finally:
        store.close()


def test_wikidata_link_cli_prints_what_it_linked(wikidata: str, article: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    store = str(tmp_path / "store")
    assert runner.invoke(main, ["build", str(article), "--store", store, "-q"]).exit_code == 0
    result = runner.invoke(main, ["link", "--online", "--endpoint", wikidata, "--store", store, "-q"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["Ilse Beispielmann\tPerson\tQ999999001\t1",
                                          "Karl Probst\tPerson\tQ999999002\t1"]
    assert "2 of 4 NIL entities linked (1 ambiguous), 1 document graph(s) rewritten" in result.stderr
    refused = runner.invoke(main, ["link", "--store", store])
    assert refused.exit_code == 2 and "needs --online" in refused.output


@pytest.mark.server
def test_wikidata_update_and_link_on_a_remote_store(wikidata: str, article: Path, tmp_path: Path) -> None:
    with oxigraph_server(tmp_path / "store-server") as base:
        store = RemoteStore(base)
        try:
            update_kb(store, wikidata)
            assert stored_kb_version(store).startswith("wikidata-")
            assert build([article], store).built == 1
            report = link_online(store, wikidata)
            assert {(link.label, link.qid) for link in report.linked} == {("Karl Probst", "Q999999002")}
            assert ("Ilse Beispielmann", "Q999999001") in {(str(r["label"].value), str(r["qid"].value))
                                                           for r in store.query(_ENTITIES) if r["qid"] is not None}
        finally:
            store.close()
