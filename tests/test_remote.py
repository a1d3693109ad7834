"""The remote store: the same behaviour as the embedded one, plus what only a network can do wrong."""

from __future__ import annotations

import base64
import http.server
import io
import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from server import free_port, oxigraph_server

from kg.errors import EndpointError, QueryError
from kg.queries import write_results
from kg.remote import RemoteStore, bind_values, query_form
from kg.sparql_http import SparqlClient, endpoints_for
from kg.store import DocumentGraph, EmbeddedStore, GraphStore, update_text
from kg.vocab import KB_GRAPH, KG, RDF_TYPE, RDFS_LABEL, document_graph, document_iri

ROOT = Path(__file__).resolve().parent.parent
_ENV = ("KG_STORE_USER", "KG_STORE_PASSWORD", "KG_STORE_TOKEN", "KG_STORE_TIMEOUT",
        "KG_QUERY_ENDPOINT", "KG_UPDATE_ENDPOINT")
_TITLES = """PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT ?doc ?title WHERE { GRAPH ?g { ?doc kg:title ?title } }"""
INJECTION = '"x" } ; DROP ALL ; {'


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)


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


def _kb(label: str) -> list[ox.Quad]:
    q42 = ox.NamedNode("http://www.wikidata.org/entity/Q42")
    return [ox.Quad(q42, RDFS_LABEL, ox.Literal(label, language="en"), KB_GRAPH)]


def _rows(result: Any) -> list[tuple[str, ...]]:
    names = [v.value for v in result.variables]
    return sorted(tuple(str(row[n]) if row[n] is not None else "" for n in names) for row in result)


@pytest.fixture
def server_url(tmp_path: Path) -> Iterator[str]:
    with oxigraph_server(tmp_path) as url:
        yield url


@pytest.fixture(params=["embedded", pytest.param("remote", marks=pytest.mark.server)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """A fresh, empty store of each kind; the tests below must pass on both."""
    if request.param == "embedded":
        embedded = EmbeddedStore(tmp_path / "store")
        yield embedded
        embedded.close()
        return
    with oxigraph_server(tmp_path) as url:
        remote = RemoteStore(url)
        yield remote
        remote.close()


# --- the same behaviour, embedded or remote ---------------------------------------------------

def test_remote_write_then_hashes(store: GraphStore) -> None:
    store.write_documents([_doc("a", "h1"), _doc("b", "h2")])
    assert store.document_hashes() == {"a": "h1", "b": "h2"}


def test_remote_replace_drops_old_graph(store: GraphStore) -> None:
    store.write_documents([_doc("a", "h1", "old")])
    store.write_documents([_doc("a", "h2", "new")])
    assert [str(r["title"].value) for r in store.query(_TITLES)] == ['a "quoted" new\nline']
    assert store.document_hashes() == {"a": "h2"}


def test_remote_remove_documents(store: GraphStore) -> None:
    store.write_documents([_doc("a", "h1"), _doc("b", "h2")])
    assert store.remove_documents(["a", "missing"]) == ["a"]
    assert store.document_hashes() == {"b": "h2"}
    assert store.remove_documents([]) == []


def test_remote_query_binds_an_iri(store: GraphStore) -> None:
    store.write_documents([_doc("a", "h1"), _doc("b", "h2")])
    rows = list(store.query(_TITLES, {"doc": document_iri("b")}))
    assert [(r["doc"], str(r["title"].value)) for r in rows] == [(document_iri("b"), 'a "quoted" x\nline')]


def test_remote_query_binds_a_literal_with_quotes_and_newlines(store: GraphStore) -> None:
    store.write_documents([_doc("a", "h1", "one"), _doc("b", "h2", "two")])
    title = ox.Literal('a "quoted" two\nline', language="de")
    assert [r["doc"] for r in store.query(_TITLES, {"title": title})] == [document_iri("b")]


@pytest.mark.parametrize("text", [INJECTION, "x\\u0022y", "back\\slash", "tab\tand\r\nnewline", "«Grüße» 🌍"])
def test_remote_query_literal_stays_one_literal(store: GraphStore, text: str) -> None:
    store.write_documents([_doc("a", "h1")])
    rows = list(store.query("SELECT ?x ?n WHERE { GRAPH ?g { ?d ?p ?o } } LIMIT 1",
                            {"x": ox.Literal(text), "n": ox.Literal("1")}))
    assert [str(r["x"].value) for r in rows] == [text]
    assert not list(store.query(_TITLES, {"title": ox.Literal(text)}))
    assert store.document_hashes() == {"a": "h1"}


def test_remote_query_answers_have_the_embedded_types(store: GraphStore) -> None:
    store.write_documents([_doc("a", "h1")])
    ask = store.query("ASK { GRAPH ?g { ?s ?p ?o } }", {"g": document_graph("a")})
    assert isinstance(ask, ox.QueryBoolean) and bool(ask)
    construct = "CONSTRUCT { ?d ?p ?o } WHERE { GRAPH ?g { ?d ?p ?o } }"
    triples = store.query(construct, {"g": document_graph("a")})
    assert isinstance(triples, ox.QueryTriples)
    out = io.BytesIO()
    write_results(triples, out, "ntriples")
    assert len(out.getvalue().splitlines()) == 4
    out = io.BytesIO()
    write_results(store.query(_TITLES), out, "json")
    assert json.loads(out.getvalue())["head"]["vars"] == ["doc", "title"]


def test_remote_default_graph_is_the_union(store: GraphStore) -> None:
    store.write_documents([_doc("a", "h1"), _doc("b", "h2")])
    (row,) = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(row["n"].value) == 8


def test_remote_kb_replace(store: GraphStore) -> None:
    assert not store.has_kb()  # type: ignore[attr-defined]
    store.replace_kb(_kb("Douglas Adams"))
    assert store.has_kb()  # type: ignore[attr-defined]
    store.replace_kb(_kb("D. Adams"))
    assert list(store.kb_quads()) == _kb("D. Adams")


def test_remote_dump(store: GraphStore) -> None:
    docs = [_doc("a", "h1"), _doc("b", "h2")]
    store.write_documents(docs)
    store.replace_kb(_kb("Douglas Adams"))
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.N_QUADS)
    expected = {q for d in docs for q in d.quads} | set(_kb("Douglas Adams"))
    assert set(ox.parse(out.getvalue(), ox.RdfFormat.N_QUADS)) == expected
    out = io.BytesIO()
    store.dump(out, ox.RdfFormat.TURTLE, document_graph("b"))
    dumped = {q.triple for q in ox.parse(out.getvalue(), ox.RdfFormat.TURTLE)}
    assert dumped == {q.triple for q in docs[1].quads}


# --- binding parameters: VALUES at the top of the outermost group -----------------------------

_PARITY = [
    ("SELECT ?doc ?title WHERE { GRAPH ?g { ?doc kg:title ?title } }", "doc"),
    ("SELECT ?want ?doc WHERE { GRAPH ?g { ?doc kg:documentId ?id } FILTER(?id = ?want) }", "want"),
    ("SELECT ?want ?doc ?t WHERE { GRAPH ?g { ?doc kg:documentId ?id } "
     "OPTIONAL { GRAPH ?g { ?doc kg:title ?t } FILTER(?id = ?want) } }", "want"),
    ("SELECT ?doc ?x WHERE { { GRAPH ?g { ?doc a kg:Document } } "
     "UNION { GRAPH ?g { ?x kg:title ?doc } } }", "doc"),
    ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", "g"),
    ("SELECT ?doc ?t WHERE { { SELECT ?doc ?t WHERE { GRAPH ?g { ?doc kg:title ?t } } } }", "doc"),
    ("SELECT * { GRAPH ?g { ?doc kg:title ?title } } ORDER BY ?title", "g"),
    ("ASK { GRAPH ?g { ?doc kg:documentId ?id } }", "g"),
    ("CONSTRUCT { ?doc kg:title ?t } WHERE { GRAPH ?g { ?doc kg:title ?t } }", "g"),
]
_VALUES = {"doc": document_iri("b"), "want": ox.Literal("b"), "g": document_graph("b")}


@pytest.fixture
def two_documents() -> EmbeddedStore:
    embedded = EmbeddedStore.in_memory()
    embedded.write_documents([_doc("a", "h1"), _doc("b", "h2")])
    return embedded


def _answer(result: Any) -> object:
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return sorted(str(t) for t in result)
    return _rows(result)


@pytest.mark.parametrize(("query", "name"), _PARITY)
def test_remote_values_give_the_same_answers_as_substitutions(two_documents: EmbeddedStore, query: str,
                                                               name: str) -> None:
    text = "PREFIX kg: <https://w3id.org/geokg/ontology#>\n" + query
    subs = {name: _VALUES[name]}
    substituted = _answer(two_documents.query(text, subs))
    assert _answer(two_documents.query(bind_values(text, subs))) == substituted
    assert substituted not in ([], False)


def test_remote_values_reach_a_filter_on_an_unprojected_variable(two_documents: EmbeddedStore) -> None:
    # kg stats does this; a trailing VALUES clause would be joined after the FILTER and count 0.
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != ?not) }"
    (row,) = two_documents.query(bind_values(query, {"not": document_graph("a")}))
    assert int(row["n"].value) == 4


@pytest.mark.parametrize("query", [
    "CONSTRUCT WHERE { ?s ?p ?o }",
    "DESCRIBE ?s",
    "# a comment with WHERE {\nSELECT (EXISTS { ?a ?b ?c } AS ?e) ('{' AS ?x) WHERE { ?s ?p ?o }",
    "PREFIX select: <http://x/>\nSELECT * WHERE { SELECT ?s WHERE { ?s select:p ?o } }",
    'SELECT ?s WHERE { ?s ?p """long { string""" }',
])
def test_remote_values_keep_any_query_form_valid(query: str) -> None:
    text = bind_values(query, {"s": ox.NamedNode("http://example.org/s")})
    ox.Store().query(text)  # parses
    assert "<http://example.org/s>" in text


def test_remote_values_refuse_blank_nodes_and_bad_names() -> None:
    with pytest.raises(QueryError, match="only IRIs and literals"):
        bind_values("SELECT ?s {}", {"s": ox.BlankNode()})
    with pytest.raises(QueryError, match="not a valid SPARQL variable"):
        bind_values("SELECT ?s {}", {"s } ; DROP ALL ; {": ox.Literal("x")})
    with pytest.raises(QueryError, match="not a SPARQL query"):
        query_form("DROP ALL")


# --- only a remote store can be unreachable, slow or refuse a request -------------------------

def test_remote_constructing_connects_to_nothing() -> None:
    RemoteStore(f"http://127.0.0.1:{free_port()}")


def test_remote_unreachable_endpoint_is_one_line() -> None:
    port = free_port()
    with pytest.raises(EndpointError) as caught:
        RemoteStore(f"http://127.0.0.1:{port}").document_hashes()
    message = str(caught.value)
    assert message == f"http://127.0.0.1:{port}/query: connection refused — is the server running?"
    assert caught.value.__suppress_context__ and caught.value.__cause__ is None


def test_remote_unreachable_update_says_nothing_was_written() -> None:
    with pytest.raises(EndpointError, match=r"/query: connection refused .*0 of 1 document"):
        RemoteStore(f"http://127.0.0.1:{free_port()}").write_documents([_doc("a", "h1")])


@pytest.mark.server
def test_remote_malformed_update_is_one_line_endpoint_error(server_url: str) -> None:
    store = RemoteStore(server_url)
    store.write_documents([_doc("a", "h1")])
    bad = update_text([_doc("c", "h3"), _doc("a", "h9")]) + " ; this is not sparql"
    with pytest.raises(EndpointError) as caught:
        SparqlClient(endpoints_for(server_url)).update(bad)
    message = str(caught.value)
    assert message.startswith(f"{server_url}/update: request refused (HTTP 400: error at ")
    assert "\n" not in message
    assert store.document_hashes() == {"a": "h1"}  # the whole request was refused


@pytest.mark.server
def test_remote_update_failing_midway_applies_nothing(server_url: str) -> None:
    store = RemoteStore(server_url)
    store.write_documents([_doc("a", "h1")])
    # CREATE GRAPH of an existing graph fails only when run, after the documents' operations.
    failing = update_text([_doc("c", "h3"), _doc("a", "h9")]) + f" ;\nCREATE GRAPH {document_graph('a')}"
    with pytest.raises(EndpointError, match="already exists"):
        SparqlClient(endpoints_for(server_url)).update(failing)
    assert store.document_hashes() == {"a": "h1"}


@pytest.mark.server
def test_remote_malformed_query_is_endpoint_error(server_url: str) -> None:
    with pytest.raises(EndpointError, match=r"/query: request refused \(HTTP 400: .*check the query"):
        RemoteStore(server_url).query("SELECT ?x WHERE { ?x }")


@pytest.mark.server
def test_remote_large_batch_is_split_between_documents(server_url: str) -> None:
    store = RemoteStore(server_url, max_request_bytes=1)
    store.write_documents([_doc(name, "h") for name in "abc"])
    assert store.document_hashes() == {"a": "h", "b": "h", "c": "h"}


@pytest.mark.server
def test_remote_endpoint_urls(server_url: str) -> None:
    store = RemoteStore(server_url + "/query")
    store.write_documents([_doc("a", "h1")])
    assert RemoteStore("http://unused.invalid", query_endpoint=server_url + "/query",
                       update_endpoint=server_url + "/update").document_hashes() == {"a": "h1"}


def test_remote_endpoint_layouts(monkeypatch: pytest.MonkeyPatch) -> None:
    base = endpoints_for("http://127.0.0.1:7878")
    assert (base.query, base.update, base.union_default_graph) == (
        "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update", True)
    fuseki = endpoints_for("http://h:3030/ds/sparql")
    assert (fuseki.query, fuseki.update, fuseki.union_default_graph) == (
        "http://h:3030/ds/sparql", "http://h:3030/ds/update", False)
    assert endpoints_for("http://h:3030/ds").query == "http://h:3030/ds/query"
    graphdb = endpoints_for("http://h:7200/repositories/news")
    assert (graphdb.query, graphdb.update) == ("http://h:7200/repositories/news",
                                               "http://h:7200/repositories/news/statements")
    monkeypatch.setenv("KG_QUERY_ENDPOINT", "https://q.example/sparql-q")
    monkeypatch.setenv("KG_UPDATE_ENDPOINT", "https://q.example/sparql-u")
    explicit = endpoints_for("https://q.example")
    assert (explicit.query, explicit.update, explicit.union_default_graph) == (
        "https://q.example/sparql-q", "https://q.example/sparql-u", False)
    assert endpoints_for("https://q.example", update_endpoint="https://u.example/x").update == "https://u.example/x"


def test_remote_credentials_in_the_url_are_refused() -> None:
    with pytest.raises(EndpointError, match="KG_STORE_USER") as caught:
        RemoteStore("http://bob:s3cret@127.0.0.1:7878")
    assert "s3cret" not in str(caught.value) and "bob" not in str(caught.value)


def test_remote_bad_timeout_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_STORE_TIMEOUT", "soon")
    with pytest.raises(EndpointError, match="KG_STORE_TIMEOUT='soon' is not a number of seconds"):
        RemoteStore("http://127.0.0.1:7878")


def test_remote_half_set_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_STORE_USER", "bob")
    with pytest.raises(EndpointError, match="KG_STORE_PASSWORD is not set"):
        RemoteStore("http://127.0.0.1:7878")


# --- a tiny recording HTTP server on 127.0.0.1 ------------------------------------------------

_EMPTY_SELECT = b'{"head":{"vars":["id","hash"]},"results":{"bindings":[]}}'


@dataclass
class Recorder:
    """What a fake endpoint received, and what it answers next (one reply per request, the last repeats)."""

    url: str = ""
    requests: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)
    replies: list[tuple[int, bytes]] = field(default_factory=lambda: [(200, _EMPTY_SELECT)])
    delay: float = 0.0
    # a write first asks which of its documents are stored (kg.tally needs their old quads)
    queries_find_nothing: bool = False

    def updates(self) -> list[tuple[str, str, dict[str, str], bytes]]:
        return [r for r in self.requests if r[1].startswith("/update")]

    def next_reply(self) -> tuple[int, bytes]:
        return self.replies.pop(0) if len(self.replies) > 1 else self.replies[0]


@pytest.fixture
def fake() -> Iterator[Recorder]:
    recorder = Recorder()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            recorder.requests.append((self.command, self.path, dict(self.headers), body))
            time.sleep(recorder.delay)
            if recorder.queries_find_nothing and self.path.startswith("/query"):
                status, answer = 200, _EMPTY_SELECT
            else:
                status, answer = recorder.next_reply()
            if status == 401:
                answer = answer.replace(b"{auth}", (self.headers.get("Authorization") or "").encode())
            self.send_response(status)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    recorder.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield recorder
    httpd.shutdown()
    httpd.server_close()


def test_remote_basic_credentials_are_sent_but_never_shown(fake: Recorder,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_STORE_USER", "bob")
    monkeypatch.setenv("KG_STORE_PASSWORD", "s3cret-pw")
    store = RemoteStore(fake.url)
    assert store.document_hashes() == {}
    pair = base64.b64encode(b"bob:s3cret-pw").decode()
    assert fake.requests[0][2]["Authorization"] == f"Basic {pair}"
    fake.replies = [(401, b"denied for {auth} (password s3cret-pw)")]
    with pytest.raises(EndpointError, match=r"HTTP 401: .* check KG_STORE_USER") as caught:
        store.document_hashes()
    assert "s3cret-pw" not in str(caught.value) and pair not in str(caught.value)


def test_remote_bearer_token_is_sent_but_never_shown(fake: Recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_STORE_TOKEN", "tok-123456")
    store = RemoteStore(fake.url)
    fake.replies, fake.queries_find_nothing = [(204, b""), (401, b"bad token {auth}")], True
    store.write_documents([_doc("a", "h1")])
    assert fake.updates()[0][2]["Authorization"] == "Bearer tok-123456"
    with pytest.raises(EndpointError) as caught:
        store.write_documents([_doc("a", "h1")])
    assert "tok-123456" not in str(caught.value)
    assert "\n" not in str(caught.value)


def test_remote_requests_are_posted_whole_documents_at_a_time(fake: Recorder) -> None:
    docs = [_doc("a", "h1"), _doc("b", "h2"), _doc("c", "h3")]
    size = len(update_text(docs[:2]).encode())
    fake.replies, fake.queries_find_nothing = [(204, b"")], True
    RemoteStore(fake.url, max_request_bytes=size + 10).write_documents(docs)
    bodies = [body.decode() for _, _, _, body in fake.updates()]
    assert bodies == [update_text(docs[:2]), update_text(docs[2:])]  # these documents change no tally
    assert all(h["Content-Type"] == "application/sparql-update" for _, _, h, _ in fake.updates())
    # each update after the query for its documents' old graphs, then one that counts tally segments
    assert [path.split("?")[0] for _, path, _, _ in fake.requests] == ["/query", "/update"] * 2 + ["/query"]


def test_remote_failed_request_says_how_much_was_written(fake: Recorder) -> None:
    fake.replies, fake.queries_find_nothing = [(204, b""), (500, b"disk full\nmore detail")], True
    with pytest.raises(EndpointError) as caught:
        RemoteStore(fake.url, max_request_bytes=1).write_documents([_doc("a", "h1"), _doc("b", "h2")])
    assert str(caught.value) == (f"{fake.url}/update: request refused (HTTP 500: disk full) — see the "
                                 "server's log (1 of 2 document(s) were written before this request; "
                                 "building again is safe)")


def test_remote_union_default_graph_only_for_oxigraph(fake: Recorder) -> None:
    RemoteStore(fake.url).document_hashes()
    RemoteStore(fake.url + "/ds/query").document_hashes()
    paths = [path for _, path, _, _ in fake.requests]
    assert paths == ["/query?union-default-graph=", "/ds/query?"]


def test_remote_timeout(fake: Recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_STORE_TIMEOUT", "1")
    fake.delay = 3.0
    started = time.monotonic()
    with pytest.raises(EndpointError, match=r"/query: no answer within 1 s — .*KG_STORE_TIMEOUT"):
        RemoteStore(fake.url).document_hashes()
    assert time.monotonic() - started < 2.5


# --- end to end: the seeds built into both stores answer every saved query alike --------------

_CLOCK = re.compile(r'"[0-9:.T-]+Z?"\^\^<http://www.w3.org/2001/XMLSchema#dateTime>')


@pytest.mark.server
def test_remote_seed_build_matches_embedded(tmp_path: Path) -> None:
    pipeline = pytest.importorskip("kg.pipeline", reason="kg.pipeline is not importable yet")
    seeds = ROOT / "seeds"
    embedded = EmbeddedStore(tmp_path / "embedded")
    report = pipeline.build([seeds], embedded)
    assert report.built and not report.failures
    with oxigraph_server(tmp_path / "server") as url:
        remote = RemoteStore(url)
        remote_report = pipeline.build([seeds], remote)
        assert (remote_report.built, remote_report.failures) == (report.built, report.failures)
        assert remote.document_hashes() == embedded.document_hashes()
        for path in sorted((ROOT / "queries").glob("*.rq")):
            text = path.read_text(encoding="utf-8")
            if "SERVICE" in text:
                continue  # federated: asks another endpoint (tests/test_queries.py runs it on a local one)
            # the two builds ran seconds apart: kg:ingestedAt differs, nothing else may
            answers = [_CLOCK.sub('"…"', repr(_answer(s.query(text)))) for s in (remote, embedded)]
            assert answers[0] == answers[1], path.name
    embedded.close()


@pytest.mark.server
def test_remote_cli_endpoint_options_name_a_layout_the_url_does_not(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    with oxigraph_server(tmp_path / "server") as url:
        # a Fuseki-style dataset URL: alone it would mean <url>/ds/query, which Oxigraph does not serve
        store = f"{url}/ds"
        endpoints = ["--query-endpoint", f"{url}/query", "--update-endpoint", f"{url}/update"]
        wrong = CliRunner().invoke(main, ["stats", "--store", store])
        assert wrong.exit_code == 1 and "/ds/query" in wrong.output
        built = CliRunner().invoke(main, ["build", str(ROOT / "seeds"), "--store", store, "-q", *endpoints])
        assert built.exit_code == 0, built.output
        asked = CliRunner().invoke(main, ["query", "have-met", "-p", "a=Q7184", "-p", "b=Q24025631",
                                          "--store", store, "--format", "json", *endpoints])
        assert asked.exit_code == 0, asked.output
        assert json.loads(asked.output)["boolean"] is True
        assert RemoteStore(url).document_hashes().keys() == {"000_aa9fb3416deedb31"}


def test_cli_endpoint_options_refuse_a_folder_store(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["stats", "--store", str(tmp_path / "s"),
                                       "--query-endpoint", "http://127.0.0.1:9/query"])
    assert result.exit_code == 1
    assert result.output.strip().endswith("--query-endpoint and --update-endpoint need a server URL as --store")
    assert not (tmp_path / "s").exists()
