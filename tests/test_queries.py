"""The saved query library: headers, parameters, every query on the seed store, formats, errors, docs."""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from conftest import ROOT, SEED
from server import free_port, oxigraph_server

from kg.cli import main
from kg.errors import QueryError
from kg.queries import (
    QUERY_DIR,
    SavedQuery,
    bind,
    describe,
    find_query,
    list_queries,
    load_query,
    markdown,
    parse_check,
    run_query,
    write_results,
)
from kg.read import read_paths
from kg.records import Article
from kg.sparql_text import bind_values
from kg.vocab import document_graph

E = "https://w3id.org/geokg/id/entity/"
WD = "http://www.wikidata.org/entity/"
DOC = "000_aa9fb3416deedb31"
QUERIES = list_queries([QUERY_DIR])
NAMES = [q.name for q in QUERIES]
LOCAL = [q.name for q in QUERIES if "SERVICE" not in q.text]
SCORER_COLUMNS = {
    "entities": ["entity", "label", "type", "wikidata"],
    "office-holders": ["person", "personLabel", "personWikidata", "roleLabel", "org", "orgLabel", "orgWikidata"],
    "meetings": ["event", "label", "date", "location", "locationLabel", "locationWikidata", "participant",
                 "participantLabel", "participantWikidata"],
    "memberships": ["member", "memberLabel", "memberWikidata", "org", "orgLabel", "orgWikidata"],
}


def _query(name: str) -> SavedQuery:
    return load_query(QUERY_DIR / f"{name}.rq")


def _example_params(query: SavedQuery) -> dict[str, str]:
    words = shlex.split(query.examples[0])
    return dict(words[i + 1].split("=", 1) for i, w in enumerate(words) if w == "-p")


def _rows(store: Any, name: str, **values: str) -> list[dict[str, str]]:
    results = run_query(store, _query(name), values)
    names = [v.value for v in results.variables]
    return [{n: str(s[n].value) for n in names if s[n] is not None} for s in results]


def _answer(result: Any) -> object:
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return sorted(str(t) for t in result)
    names = [v.value for v in result.variables]
    return sorted(tuple(str(row[n]) if row[n] is not None else "" for n in names) for row in result)


@pytest.fixture(scope="module")
def article() -> Article:
    (read,) = list(read_paths([SEED]))
    assert isinstance(read, Article)
    return read


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built by the CLI, for tests that run `kg query` (the seed_store fixture holds its own)."""
    store = tmp_path_factory.mktemp("queries") / "store"
    result = CliRunner().invoke(main, ["build", str(SEED), "--store", str(store), "-q"])
    assert result.exit_code == 0, result.output
    return store


def _kg(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


# --- the library and its headers ---------------------------------------------------------------


def test_queries_at_least_sixteen_each_with_title_description_and_example() -> None:
    assert len(QUERIES) >= 16
    assert {"entities", "office-holders", "meetings", "memberships", "mentions", "enrich-wikidata"} <= set(NAMES)
    for q in QUERIES:
        assert q.title and q.title != q.name, q.name
        assert len(q.description) > 30, q.name
        assert q.examples and q.examples[0].startswith(f"kg query {q.name}"), q.name
        assert set(_example_params(q)) <= {p.name for p in q.params}, q.name


@pytest.mark.parametrize("name", NAMES)
def test_queries_every_query_parses_and_projects_its_parameters(name: str) -> None:
    parse_check(_query(name))


@pytest.mark.parametrize("name", LOCAL)
def test_queries_every_example_returns_rows_on_the_seed(seed_store: Any, name: str) -> None:
    query = _query(name)
    result = run_query(seed_store, query, _example_params(query))
    answer = _answer(result)
    assert answer not in ([], False), f"{query.examples[0]} gives nothing on the seed"


@pytest.mark.parametrize("name", LOCAL)
def test_queries_values_binding_gives_the_same_rows_as_substitutions(seed_store: Any, name: str) -> None:
    # a SPARQL server gets a VALUES block (kg.remote) instead of substitutions: same answers
    query = _query(name)
    subs = bind(query, _example_params(query))
    substituted = _answer(seed_store.query(query.text, subs))
    assert _answer(seed_store.query(bind_values(query.text, subs))) == substituted


@pytest.mark.parametrize("name", sorted(SCORER_COLUMNS))
def test_queries_scorer_queries_keep_their_columns(seed_store: Any, name: str) -> None:
    columns = [v.value for v in run_query(seed_store, _query(name)).variables]
    assert set(SCORER_COLUMNS[name]) <= set(columns)  # /work/shared/eval/README.md: add columns, never remove


def test_queries_param_header_reads_types_optional_and_default() -> None:
    holders = {p.name: p for p in _query("holders-of").params}
    assert (holders["org"].type, holders["org"].optional) == ("entity", False)
    assert (holders["date"].type, holders["date"].optional) == ("date", True)
    (endpoint,) = _query("enrich-wikidata").params
    assert endpoint.optional and endpoint.default == "https://query.wikidata.org/sparql"
    assert bind(_query("enrich-wikidata"), {}) == {"endpoint": ox.NamedNode("https://query.wikidata.org/sparql")}


# --- real answers on the seed -------------------------------------------------------------------


def test_queries_members_of_nato_include_the_us_and_canada(seed_store: Any) -> None:
    rows = _rows(seed_store, "members-of", org="Q7184")
    assert {WD + "Q30", WD + "Q16"} <= {r["memberWikidata"] for r in rows}
    assert all(r["org"] == E + "Q7184" and "NATO" in r["sentence"] for r in rows)


def test_queries_memberships_of_a_state(seed_store: Any) -> None:
    rows = _rows(seed_store, "memberships-of", member="Q30")
    assert [(r["org"], r["orgWikidata"]) for r in rows] == [(E + "Q7184", WD + "Q7184")]
    assert rows[0]["attested"] == "2022-01-07"


def test_queries_stoltenberg_is_secretary_general_of_nato(seed_store: Any) -> None:
    rows = _rows(seed_store, "offices-of", person="Q57665")
    by_source = {r["source"]: r for r in rows}
    assert {r["roleKind"] for r in rows} == {"secretary general"}
    assert {r["org"] for r in rows} == {E + "Q7184"}
    doc = by_source["document"]
    assert doc["document"] == DOC and "Stoltenberg" in doc["sentence"] and doc["attested"] == "2022-01-07"
    assert (by_source["kb"]["start"], by_source["kb"]["end"]) == ("2014-10-01", "2024-10-01")


def test_queries_holders_of_nato_on_a_date(seed_store: Any) -> None:
    def holders(**date: str) -> set[tuple[str, str]]:
        return {(r["person"], r["source"]) for r in _rows(seed_store, "holders-of", org="Q7184", **date)}

    assert holders(date="2022-01-07") == {(E + "Q57665", "document"), (E + "Q57665", "kb")}
    # after Stoltenberg's term the KB's successor remains, and the 2022 attestation is contradicted
    assert holders(date="2025-06-01") == {(E + "Q57792", "kb")}
    assert holders() >= {(E + "Q57665", "document"), (E + "Q57665", "kb"), (E + "Q57792", "kb")}


def test_queries_holders_of_a_state_lists_the_president_and_the_foreign_minister(seed_store: Any) -> None:
    rows = _rows(seed_store, "holders-of", org="Q30", date="2022-01-07")
    kinds = {(r["personWikidata"], r["roleKind"]) for r in rows if r["source"] == "document"}
    assert kinds == {(WD + "Q6279", "president"), (WD + "Q7821917", "foreign minister")}


def test_queries_timeline_of_the_week_is_geneva_nato_kuleba_and_the_nato_russia_council(seed_store: Any) -> None:
    rows = _rows(seed_store, "timeline", **{"from": "2022-01-10", "to": "2022-01-12"})
    met = {}
    for r in rows:
        people = {p["participant"] for p in _rows(seed_store, "participants", meeting=r["event"])}
        met[(r["date"], r.get("location"))] = people
    assert met == {
        ("2022-01-10", E + "Q71"): {E + "Q30", E + "Q159"},
        ("2022-01-10", E + "Q239"): {E + "Q7184", E + "Q24025631"},
        ("2022-01-12", E + "Q239"): {E + "Q159", E + "nil/council/nato-russland-rat"},
    }


def test_queries_timeline_counts_a_year_that_overlaps_the_range(seed_store: Any) -> None:
    dates = [r["date"] for r in _rows(seed_store, "timeline", to="2019-07-01")]
    assert dates == ["2019"]
    assert "2019" not in [r["date"] for r in _rows(seed_store, "timeline", **{"from": "2020-01-01"})]


def test_queries_meetings_at_a_city_and_within_a_country(seed_store: Any) -> None:
    brussels = {r["event"] for r in _rows(seed_store, "meetings-at", place="Q239")}
    assert len(brussels) == 2
    assert {r["event"] for r in _rows(seed_store, "meetings-at", place="Q31")} == brussels  # Belgium, via the KB
    (geneva,) = _rows(seed_store, "meetings-at", place="Q39")
    assert geneva["location"] == E + "Q71" and geneva["date"] == "2022-01-10"


def test_queries_who_met_whom_contains_nato_and_kuleba(seed_store: Any) -> None:
    pairs = {frozenset((r["a"], r["b"])): int(r["meetings"]) for r in _rows(seed_store, "who-met-whom")}
    assert pairs[frozenset((E + "Q7184", E + "Q24025631"))] == 1
    assert all(len(p) == 2 for p in pairs)
    only = _rows(seed_store, "who-met-whom", entity="Q24025631")
    assert [frozenset((r["a"], r["b"])) for r in only] == [frozenset((E + "Q7184", E + "Q24025631"))]


def test_queries_have_met_is_true_for_nato_and_kuleba_only(seed_store: Any) -> None:
    assert bool(run_query(seed_store, _query("have-met"), {"a": "Q7184", "b": "Q24025631"}))
    assert bool(run_query(seed_store, _query("have-met"), {"a": "Q24025631", "b": "wd:Q7184"}))
    assert not bool(run_query(seed_store, _query("have-met"), {"a": "Q7184", "b": "Q159"}))


def test_queries_evidence_offsets_slice_the_document_text(seed_store: Any, article: Article) -> None:
    rows = _rows(seed_store, "evidence")
    assert len(rows) >= 10
    for r in rows:
        s_start, s_end, start, end = (int(r[k]) for k in ("sentenceStart", "sentenceEnd", "start", "end"))
        assert article.text[s_start:s_end] == r["sentence"]
        assert s_start <= start < end <= s_end
        assert article.text[start:end] == r["quote"]
        assert r["document"] == DOC and 0 < float(r["confidence"]) <= 1
    kuleba = next(r for r in rows if "Kuleba" in r["quote"] and r["type"].endswith("Meeting"))
    (one,) = _rows(seed_store, "evidence", fact=kuleba["fact"])
    assert one == kuleba


def test_queries_nil_worklist_has_the_nato_russia_council(seed_store: Any) -> None:
    rows = _rows(seed_store, "nil-worklist")
    council = next(r for r in rows if r["label"] == "NATO-Russland-Rat")
    assert council["type"].endswith("#Council") and int(council["mentions"]) >= 1
    assert "NATO-Russland-Rat" in council["forms"]
    assert all("wikidata" not in r for r in rows)


def test_queries_documents_lists_the_seed(seed_store: Any, article: Article) -> None:
    (row,) = _rows(seed_store, "documents")
    assert (row["id"], row["date"], row["language"], row["hash"]) == (DOC, "2022-01-07", "de", article.content_hash)
    assert row["title"].startswith("NATO verspricht") and int(row["mentions"]) > 50 and int(row["facts"]) >= 10


def test_queries_mentions_are_one_row_per_mention_and_slice_the_text(seed_store: Any, article: Article) -> None:
    rows = _rows(seed_store, "mentions")
    assert len(rows) == len({r["mention"] for r in rows}) > 50
    for r in rows:
        assert r["document"] == DOC and article.text[int(r["start"]):int(r["end"])] == r["text"]
    nato = [r for r in rows if r["entity"] == E + "Q7184"]
    assert nato and all(r["wikidata"] == WD + "Q7184" and r["type"].endswith("#Alliance") for r in nato)
    assert len(_rows(seed_store, "mentions", document=DOC)) == len(rows)
    assert _rows(seed_store, "mentions", document="no-such-document") == []


def test_queries_documents_mentioning_agrees_with_mentions(seed_store: Any) -> None:
    (row,) = _rows(seed_store, "documents-mentioning", entity="Q57665")
    mentions = [r for r in _rows(seed_store, "mentions") if r["entity"] == E + "Q57665"]
    assert row["document"] == DOC and int(row["mentions"]) == len(mentions)
    assert int(row["firstMention"]) == min(int(r["start"]) for r in mentions)
    assert "Stoltenberg" in row["forms"]


def test_queries_co_mentioned_pairs_once_most_frequent_first(seed_store: Any) -> None:
    rows = _rows(seed_store, "co-mentioned")
    counts = [int(r["sentences"]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    pairs = [frozenset((r["a"], r["b"])) for r in rows]
    assert len(pairs) == len(set(pairs))
    assert frozenset((E + "Q159", E + "Q212")) in pairs[:3]  # Russia and Ukraine share most sentences
    only = _rows(seed_store, "co-mentioned", entity="Q57665")
    assert only and all(E + "Q57665" in (r["a"], r["b"]) for r in only)


def test_queries_document_graph_is_the_whole_named_graph(seed_store: Any) -> None:
    triples = list(run_query(seed_store, _query("document-graph"), {"id": DOC}))
    stored = list(seed_store.raw.quads_for_pattern(None, None, None, document_graph(DOC)))
    assert len(triples) == len(stored) > 500
    assert list(run_query(seed_store, _query("document-graph"), {"id": "no-such-document"})) == []


# --- the federated query ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wikidata_like(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An `oxigraph serve` loaded with tests/data/queries/wikidata.ttl; yields its query endpoint."""
    with oxigraph_server(tmp_path_factory.mktemp("wikidata")) as base:
        data = (ROOT / "tests" / "data" / "queries" / "wikidata.ttl").read_bytes()
        request = urllib.request.Request(f"{base}/store?default", data=data, method="POST",
                                         headers={"Content-Type": "text/turtle"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status in (200, 204)
        yield f"{base}/query"


@pytest.mark.server
def test_queries_enrich_wikidata_asks_the_endpoint_for_the_local_entities(seed_store: Any, wikidata_like: str) -> None:
    rows = {r["wikidata"].removeprefix(WD): r for r in _rows(seed_store, "enrich-wikidata", endpoint=wikidata_like)}
    assert set(rows) == {"Q159", "Q212", "Q649", "Q71", "Q7184"}  # not Q183 (no local mention), not a person
    assert rows["Q159"]["capital"] == WD + "Q649" and rows["Q159"]["population"] == "146171015"
    assert rows["Q159"]["classes"] in ("country, sovereign state", "sovereign state, country")
    assert rows["Q71"]["countryLabel"] == "Switzerland" and rows["Q71"]["label"] == "Genf"
    assert rows["Q7184"]["inception"].startswith("1949-04-04")
    assert all(r["endpoint"] == wikidata_like for r in rows.values())


def test_queries_enrich_wikidata_unreachable_endpoint_is_one_line(built: Path) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/query"
    result = _kg("query", "enrich-wikidata", "--store", str(built), "-p", f"endpoint={endpoint}")
    assert result.exit_code == 1
    assert result.output.startswith("kg: error: ") and "query failed" in result.output
    assert len(result.output.strip().splitlines()) == 1


# --- formats and output files -------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "tsv", "xml"])
def test_queries_select_and_ask_formats_parse_back(seed_store: Any, fmt: str) -> None:
    kind = {"json": ox.QueryResultsFormat.JSON, "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}[fmt]
    out = io.BytesIO()
    write_results(run_query(seed_store, _query("members-of"), {"org": "Q7184"}), out, fmt)
    parsed = ox.parse_query_results(out.getvalue(), kind)
    assert {str(s["member"].value) for s in parsed} >= {E + "Q30", E + "Q16"}
    out = io.BytesIO()
    write_results(run_query(seed_store, _query("have-met"), {"a": "Q7184", "b": "Q24025631"}), out, fmt)
    assert bool(ox.parse_query_results(out.getvalue(), kind)) is True


def test_queries_csv_format(seed_store: Any) -> None:
    # W3C CSV results drop term types, so pyoxigraph cannot read them back: the csv module can
    out = io.BytesIO()
    write_results(run_query(seed_store, _query("members-of"), {"org": "Q7184"}), out, "csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"))))
    assert {r["member"] for r in rows} >= {E + "Q30", E + "Q16"} and rows[0]["org"] == E + "Q7184"
    out = io.BytesIO()
    write_results(run_query(seed_store, _query("have-met"), {"a": "Q7184", "b": "Q159"}), out, "csv")
    assert out.getvalue() == b"false"


def test_queries_table_format(seed_store: Any) -> None:
    out = io.BytesIO()
    write_results(run_query(seed_store, _query("members-of"), {"org": "Q7184"}), out, "table")
    text = out.getvalue().decode("utf-8")
    assert text.splitlines()[0].split()[:3] == ["org", "member", "memberLabel"]
    assert ":entity/Q30" in text and "kg:Country" in text and text.rstrip().endswith("(2 rows)")
    out = io.BytesIO()
    write_results(run_query(seed_store, _query("have-met"), {"a": "Q7184", "b": "Q159"}), out, "table")
    assert out.getvalue() == b"false\n"


@pytest.mark.parametrize(("fmt", "rdf"), [("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES),
                                          ("jsonld", ox.RdfFormat.JSON_LD), ("table", ox.RdfFormat.TURTLE)])
def test_queries_construct_formats_parse_back(seed_store: Any, fmt: str, rdf: ox.RdfFormat) -> None:
    out = io.BytesIO()
    write_results(run_query(seed_store, _query("document-graph"), {"id": DOC}), out, fmt)
    parsed = list(ox.parse(out.getvalue(), rdf))
    assert len(parsed) == len(list(run_query(seed_store, _query("document-graph"), {"id": DOC})))


def test_queries_format_that_does_not_fit_the_query_form(seed_store: Any) -> None:
    with pytest.raises(QueryError, match="use turtle, ntriples or jsonld"):
        write_results(run_query(seed_store, _query("document-graph"), {"id": DOC}), io.BytesIO(), "csv")
    with pytest.raises(QueryError, match="use table, json, csv, tsv or xml"):
        write_results(run_query(seed_store, _query("documents")), io.BytesIO(), "turtle")


def test_queries_cli_output_file(built: Path, tmp_path: Path) -> None:
    target = tmp_path / "members.json"
    result = _kg("query", "members-of", "-p", "org=Q7184", "--store", str(built), "--format", "json",
                 "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.output == ""
    members = {b["member"]["value"] for b in json.loads(target.read_text("utf-8"))["results"]["bindings"]}
    assert {E + "Q30", E + "Q16"} <= members
    assert not list(tmp_path.glob("*.part"))


def test_queries_cli_failed_query_leaves_no_output_file(built: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = _kg("query", "members-of", "-p", "org=not an iri", "--store", str(built), "-o", str(target))
    assert result.exit_code == 1 and not target.exists()


# --- errors and injection -----------------------------------------------------------------------


def test_queries_malformed_query_names_file_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: Bad\nSELECT ?x WHERE {\n  ?x ?p ?o .\n  ?x foo:bar ?y .\n}\n", encoding="utf-8")
    with pytest.raises(QueryError) as caught:
        parse_check(find_query(str(bad)))
    assert str(caught.value) == f"{bad}:4:13: malformed SPARQL — undeclared prefix (add a PREFIX line)"
    bad.write_text("# title: Bad\nSELECT ?x WHERE {\n  ?x ?p \"open .\n}\n", encoding="utf-8")
    with pytest.raises(QueryError, match=rf"^{re.escape(str(bad))}:3:\d+: malformed SPARQL — expected one of [^\n]+$"):
        parse_check(find_query(str(bad)))


def test_queries_unprojected_parameter_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "hidden.rq"
    bad.write_text("# title: Hidden\n# param: who — entity — someone\nSELECT ?s WHERE { ?s ?p ?who }\n")
    with pytest.raises(QueryError, match=r"parameter 'who' must be a variable the query projects"):
        parse_check(load_query(bad))


def test_queries_unknown_query_lists_the_names(built: Path) -> None:
    result = _kg("query", "holders-off", "--store", str(built))
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert "no saved query of that name" in line and "did you mean holders-of?" in line
    assert all(name in line for name in NAMES)


@pytest.mark.parametrize(("param", "value", "message"), [
    ("org", 'x" } DROP ALL', "is not a QID (Q7184) or an absolute IRI"),
    ("org", "http://example.org/a b", "is not a QID (Q7184) or an absolute IRI"),
    ("org", "http://example.org/>{", "is not a QID (Q7184) or an absolute IRI"),
    ("date", "2022-13-01", "is not a date YYYY-MM-DD"),
    ("date", "20220107", "is not a date YYYY-MM-DD"),
    ("date", '2022-01-07"^^xsd:string', "is not a date YYYY-MM-DD"),
])
def test_queries_bad_parameter_values_are_one_line_errors(built: Path, param: str, value: str, message: str) -> None:
    args = ["-p", f"{param}={value}"] + (["-p", "org=Q7184"] if param != "org" else [])
    result = _kg("query", "holders-of", *args, "--store", str(built))
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"kg: error: parameter {param}: ") and message in line


def test_queries_missing_and_unknown_parameters() -> None:
    with pytest.raises(QueryError, match="parameter 'org' is required — add -p org=VALUE"):
        bind(_query("holders-of"), {})
    with pytest.raises(QueryError, match=r"unknown parameter 'orgs' \(this query takes: org, date\)"):
        bind(_query("holders-of"), {"org": "Q7184", "orgs": "Q1"})


def test_queries_injection_never_changes_the_store(seed_store: Any) -> None:
    def quads() -> int:
        return len(list(seed_store.raw.quads_for_pattern(None, None, None, None)))

    before = quads()
    attack = '000" } } ; DROP ALL ; INSERT DATA { <urn:x> <urn:y> "z" } #'
    # a string parameter is bound as one literal: it matches no document, and the store stays as it was
    assert list(run_query(seed_store, _query("document-graph"), {"id": attack})) == []
    assert _rows(seed_store, "mentions", document=attack) == []
    with pytest.raises(QueryError):
        run_query(seed_store, _query("members-of"), {"org": "Q7184> } ; DROP ALL ; #"})
    assert quads() == before


def test_queries_entity_parameters_accept_qids_short_forms_and_iris() -> None:
    query = _query("members-of")
    nato = ox.NamedNode(E + "Q7184")
    for value in ("Q7184", "wd:Q7184", WD + "Q7184", ":entity/Q7184", E + "Q7184"):
        assert bind(query, {"org": value}) == {"org": nato}, value
    meeting = "https://w3id.org/geokg/id/meeting/8e8ede8f6fb5d47d"
    assert bind(_query("participants"), {"meeting": ":meeting/8e8ede8f6fb5d47d"}) == {
        "meeting": ox.NamedNode(meeting)}


# --- help and documentation ---------------------------------------------------------------------


def test_queries_cli_query_help_after_a_name_shows_its_parameters() -> None:
    result = _kg("query", "holders-of", "--help")
    assert result.exit_code == 0
    assert "Office holders of a state or organization" in result.output
    assert "org   (entity, required)" in result.output and "date  (date)" in result.output
    assert "kg query holders-of -p org=Q7184 -p date=2022-01-07" in result.output
    general = _kg("query", "--help")
    assert general.exit_code == 0 and "-p, --param NAME=VALUE" in general.output
    assert _kg("query", "no-such-query", "-h").exit_code == 1


def test_queries_cli_lists_and_describes() -> None:
    listing = _kg("queries")
    assert listing.exit_code == 0
    assert [line.split()[0] for line in listing.output.splitlines()] == NAMES
    one = _kg("queries", "timeline")
    assert one.output == describe(_query("timeline")) + "\n"


def test_queries_docs_are_up_to_date() -> None:
    docs = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    assert docs == markdown(QUERIES), "docs/queries.md is stale: run `kg queries --markdown > docs/queries.md`"
    assert _kg("queries", "--markdown").output == docs
