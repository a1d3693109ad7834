"""Bad input through the CLI and the pipeline: each bad file one line naming it, the rest built, exit 1.

Also hostile saved queries and parameter values that try to inject SPARQL: refused in one line
or bound as plain values, never run as text, and the store never changes.
"""

from __future__ import annotations

import functools
import json
import os
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kg.cli import main
from kg.errors import InputError, QueryError
from kg.kb import bundled_kb
from kg.mapping import map_linked
from kg.pipeline import MAX_CHARS, Pipeline, build
from kg.queries import bind, find_query, list_queries
from kg.read import read_text
from kg.store import DocumentGraph, EmbeddedStore

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_aa9fb3416deedb31.txt"
HTML = ROOT / "tests" / "data" / "read" / "article.html"
GERMAN = ("Die Außenminister der Nato trafen sich am Freitag in Brüssel. Nato-Generalsekretär Jens Stoltenberg "
          "sagte, das Bündnis stehe zusammen. Bundeskanzler Olaf Scholz traf am Montag in Berlin Emmanuel Macron.")

# name → (content, the problem its one failure line must state); None: the file must be built
CASES: dict[str, tuple[bytes | str | None, str | None]] = {
    "good.txt": (GERMAN, None),
    "good.md": ("---\ntitle: Gipfel\ndate: 2022-01-10\nlang: de\n---\n" + GERMAN, None),
    "latin1.txt": ("Die Nato traf sich in München. Olaf Scholz sprach über die Lage.".encode("latin-1"), None),
    "empty.txt": (b"", "empty file — nothing to read"),
    "blank.txt": (" \n\t\n   \n", "empty file — nothing to read"),
    "binary.txt": (random.Random(8).randbytes(4096), "binary file"),
    "nul.md": ("Die Nato traf sich\x00 in Brüssel.", "binary file (NUL bytes) — not an article"),
    "control.txt": (b"\xff\xfe" + bytes(range(1, 9)) * 200, "not UTF-8 text (nor Latin-1) — save it as UTF-8"),
    "long_line.txt": ("Nato Brüssel Stoltenberg traf Scholz " * 280_000, f"{MAX_CHARS:,}-character limit per document"),
    "scripts.html": ("<html><head><script>" + "var tracking = 1;" * 500 + "</script></head><body><script>"
                     "document.write('Die Nato traf sich')</script></body></html>", "no article text found"),
    "bad_date.txt": ("---\ndate: 2022-02-30\n---\n" + GERMAN, "front matter date '2022-02-30' is not YYYY-MM-DD"),
    "bad_lang.md": ("---\nlang: fr\n---\n" + GERMAN, "front matter lang 'fr' — geokg reads de and en"),
    "bad_yaml.txt": ("---\ntitle: [unclosed\n---\n" + GERMAN, "front matter is not valid YAML"),
}


def make_folder(folder: Path) -> dict[str, str]:
    """The mixed folder; returns each bad entry's name → the problem its line must state."""
    folder.mkdir()
    bad = {}
    for name, (content, problem) in CASES.items():
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        if problem:
            bad[name] = problem
    shutil.copy(SEED, folder / "seed.txt")
    shutil.copy(HTML, folder / "article.html")
    with open(folder / "huge.txt", "wb") as fh:  # sparse: 51 MB on paper, no disk
        fh.truncate(51_000_000)
    bad["huge.txt"] = "51 MB is over the 50 MB limit per document; split it"
    os.symlink("loop.txt", folder / "loop.txt")
    bad["loop.txt"] = "symbolic link loop — point the link at a real file"
    lines = [json.dumps({"id": "j1", "text": GERMAN, "lang": "de"}), "{not json", json.dumps({"text": 42})]
    (folder / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    bad["corpus.jsonl:2"] = "not valid JSON"
    bad["corpus.jsonl:3"] = 'no "text" string — each line needs one'
    return bad


def test_badinput_mixed_folder_through_the_cli(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bad = make_folder(tmp_path / "in")
    result = CliRunner().invoke(main, ["build", "in", "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.output.splitlines()
    assert "Traceback" not in result.output
    failed = [line for line in lines if line.startswith("kg: failed: ")]
    assert len(failed) == len(bad)
    for name, problem in bad.items():
        mine = [line for line in failed if line.startswith(f"kg: failed: in/{name}: ")]
        assert len(mine) == 1, (name, failed)
        assert problem in mine[0], mine[0]
    # the failures are listed at the end, before the summary
    assert lines[-1].startswith(f"kg: 6 built, 0 unchanged, {len(bad)} failed")
    assert lines[-1 - len(bad):-1] == failed
    store = EmbeddedStore(tmp_path / "s", read_only=True)
    assert set(store.document_hashes()) == {
        "in/good.txt", "in/good.md", "in/latin1.txt", "000_aa9fb3416deedb31", "in/article.html", "j1"}
    store.close()


def test_badinput_ten_megabyte_line_fails_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a_long.txt").write_text("Die Nato traf sich in Brüssel, " * 340_000, encoding="utf-8")
    (tmp_path / "in" / "b_good.txt").write_text(GERMAN, encoding="utf-8")
    store = EmbeddedStore.in_memory()
    report = build(["in"], store)
    assert report.built == 1 and set(store.document_hashes()) == {"in/b_good.txt"}
    assert [f.message for f in report.failures] == [
        "in/a_long.txt: 10,539,999 characters is over the 1,000,000-character limit per document; split it"]


# --- generated input ------------------------------------------------------------------------

WORDS = ["Nato", "NATO", "Jens", "Stoltenberg", "Olaf Scholz", "Präsident", "Außenminister", "traf", "trafen",
         "sich", "am", "Montag", "Freitag", "in", "Brüssel", "Berlin", "Genf", "der", "die", "und", "mit",
         "Generalsekretär", "Mitglied", "Bündnis", "Ukraine", "Russland", "met", "President", "foreign minister",
         "on Monday", "Kuleba", "Biden", "Gipfel", "Treffen", "Nato-Russland-Rat", "2022", "10. Januar", "-", "—",
         "(", ")", '"', "„", "“", "Herr", "Dr.", "U.S.", "EU", "UN", "ſ", "\u200b", "\ufeff", "\ufffd", "👍"]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", ", ", ". ", ": ", "; ", "\t", "\r\n", " - "]


@functools.cache
def pipeline() -> Pipeline:
    return Pipeline(bundled_kb())


@st.composite
def texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), min_size=1, max_size=80))
    out = []
    for part in parts:
        out.append(part)
        out.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(out)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts(), lang=st.sampled_from(["de", "en"]))
def test_badinput_generated_text_never_crashes_the_pipeline(text: str, lang: str) -> None:
    try:
        article = read_text(text, doc_id="generated", lang=lang)
    except InputError:
        assume(False)  # nothing left to read: the read stage says so in one line
        return
    linked = next(pipeline().process([article]))
    extraction = linked.extraction
    for entity in extraction.entities:
        for mention in entity.mentions:  # offsets stay true to the text, whatever it holds
            assert article.text[mention.start:mention.end] == mention.text
    for fact in (*extraction.offices, *extraction.meetings, *extraction.memberships):
        sentence = fact.evidence.sentence
        assert sentence.start <= fact.evidence.start <= fact.evidence.end <= sentence.end
    store = EmbeddedStore.in_memory()
    store.write_documents([DocumentGraph(article.doc_id, article.content_hash, tuple(map_linked(linked)))])
    assert store.document_hashes() == {"generated": article.content_hash}


_PREFIXES = [b"", b"---\nlang: de\n---\n", b"---\ndate: 2022-01-07\n---\n", b"<html><body><p>", b"\xef\xbb\xbf"]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(files=st.lists(st.tuples(st.sampled_from(_PREFIXES), st.binary(max_size=2000) | texts().map(str.encode),
                                st.sampled_from([".txt", ".md", ".html", ".jsonl"])), min_size=1, max_size=5))
def test_badinput_generated_folders_never_crash_a_build(tmp_path_factory, files) -> None:
    folder = tmp_path_factory.mktemp("gen")
    for i, (prefix, body, suffix) in enumerate(files):
        (folder / f"f{i}{suffix}").write_bytes(prefix + body)
    (folder / "zz_good.txt").write_text(GERMAN, encoding="utf-8")
    store = EmbeddedStore.in_memory()
    report = build([folder], store)
    stored = store.document_hashes()
    assert any(doc_id.endswith("zz_good.txt") for doc_id in stored)
    assert report.built == len(stored)
    for failure in report.failures:
        assert failure.message.startswith(failure.path) and "\n" not in failure.message


# --- hostile saved queries and parameters ---------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("badq") / "store"
    result = CliRunner().invoke(main, ["build", str(SEED), "--store", str(store), "-q"])
    assert result.exit_code == 0, result.output
    return store


def _triples(store: Path) -> int:
    opened = EmbeddedStore(store, read_only=True)
    try:
        return len(opened.raw)
    finally:
        opened.close()


HOSTILE = {
    "update.rq": ("# title: not a query\nDROP ALL\n", "malformed SPARQL"),
    "insert.rq": ("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }\n", "malformed SPARQL"),
    "broken.rq": ("SELECT ?s WHERE { ?s ?p \n", "malformed SPARQL"),
    "binary.rq": (b"\xff\xfe\x00\x01SELECT", "cannot read the query"),
    "badparam.rq": ("# param: x \u2014 shellcode \u2014 anything\nSELECT * WHERE { ?s ?p ?x }\n", "unknown type"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_badinput_hostile_saved_query_is_one_line_and_changes_nothing(built, tmp_path, name):
    content, problem = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = _triples(built)
    result = CliRunner().invoke(main, ["query", str(path), "--store", str(built)])
    assert result.exit_code == 1
    assert len(result.output.splitlines()) == 1 and result.output.startswith("kg: error: ")
    assert problem in result.output
    assert _triples(built) == before


INJECTIONS = [
    "Q1> } ; DROP ALL ; <x",
    "https://x.org/a> } ; DROP ALL #",
    '" } } ; DROP ALL ; SELECT * { { "',
    "000_aa9fb3416deedb31\" . ?s ?p ?o #",
    '2022-01-01"^^xsd:date) || true || ("',
    "?s",
    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>",
    "\\u0022 } DROP ALL {",
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_badinput_parameter_injection_is_refused_or_bound(built, value):
    before = _triples(built)
    for saved in list_queries():
        for param in saved.params:
            result = CliRunner().invoke(main, ["query", saved.name, "-p", f"{param.name}={value}",
                                               *[f"-p{p.name}=Q1" for p in saved.params if p is not param
                                                 and not p.optional and p.type in {"entity", "qid"}],
                                               "--store", str(built), "--format", "csv"])
            if result.exit_code == 1:
                assert len(result.output.splitlines()) == 1 and result.output.startswith("kg: error: "), result.output
            else:
                assert result.exit_code == 0, (saved.name, param.name, result.output)
                assert result.output.count("\n") <= 1, (saved.name, param.name, result.output)  # header, no rows
    assert _triples(built) == before


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.text(max_size=60), query=st.sampled_from(["mentions", "document-graph", "evidence", "holders-of",
                                                          "timeline", "documents-mentioning"]))
def test_badinput_any_parameter_value_is_validated_or_bound(seed_store, value, query):
    saved = find_query(query)
    param = saved.params[0]
    try:
        subs = bind(saved, {p.name: (value if p is param else "Q1") for p in saved.params
                            if p is param or not p.optional})
    except QueryError as error:
        assert "\n" not in str(error)
        return
    before = len(seed_store.raw)
    list(seed_store.query(saved.text, subs))
    assert len(seed_store.raw) == before
