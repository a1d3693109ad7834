"""The benchmark corpus generator and the machinery of benchmarks/run.py (no timing assertions)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import FIRST_DAY, LAST_DAY, generate, write_folder, write_jsonl
from benchmarks.measure import example_values, percentile

ROOT = Path(__file__).resolve().parent.parent


def test_benchmarks_corpus_is_deterministic_and_indexed() -> None:
    first = list(generate(8, seed=3))
    assert first == list(generate(8, seed=3))
    assert list(generate(3, seed=3, start=5)) == first[5:]  # article i depends on (seed, i) only
    assert first != list(generate(8, seed=4))
    assert [a.doc_id for a in first] == [f"bench-{i:06d}" for i in range(8)]


def test_benchmarks_corpus_articles_have_the_asked_shape() -> None:
    articles = list(generate(40, seed=0, words=200))
    assert {a.lang for a in articles} == {"de", "en"}
    for a in articles:
        assert FIRST_DAY <= a.date <= LAST_DAY
        assert 200 <= a.words() < 200 + 120  # whole paragraphs until the length is reached
        assert a.title and "\n\n" in a.text and ",." not in a.text
    assert list(generate(10, german=1.0, words=50))[0].lang == "de"
    assert all(a.lang == "en" for a in generate(10, german=0.0, words=50))


def test_benchmarks_corpus_files_read_back_as_articles(tmp_path: Path) -> None:
    from kg.read import read_paths
    from kg.records import Article

    articles = list(generate(6, words=80))
    assert write_jsonl(articles, tmp_path / "c.jsonl") == 6
    assert write_folder(articles, tmp_path / "txt") == 6
    for source in (tmp_path / "c.jsonl", tmp_path / "txt"):
        read = list(read_paths([source]))
        assert all(isinstance(r, Article) for r in read), read
        assert [(r.doc_id, r.lang, r.date) for r in read] == [(a.doc_id, a.lang, a.date) for a in articles]
    line = json.loads((tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert line["date"] == articles[0].date.isoformat() and line["text"] == articles[0].text


def test_benchmarks_corpus_articles_state_the_facts_geokg_extracts() -> None:
    from kg.kb import bundled_kb
    from kg.pipeline import Pipeline
    from kg.read import read_text

    kb = bundled_kb()
    articles = [read_text(a.text, doc_id=a.doc_id, date=a.date, lang=a.lang) for a in generate(6, words=250)]
    linked = list(Pipeline(kb).process(articles))
    offices = [o for x in linked for o in x.extraction.offices]
    meetings = [m for x in linked for m in x.extraction.meetings]
    memberships = [m for x in linked for m in x.extraction.memberships]
    assert offices and meetings and memberships
    holders = {link.qid for x in linked for link in x.links if link.kind == "Person"}
    assert holders & {h.person for h in kb.holdings}  # the people are the KB's office holders


def test_benchmarks_measure_helpers() -> None:
    assert percentile([3.0, 1.0, 2.0, 4.0], 0.5) == 2.0
    assert percentile([5.0] * 19 + [100.0], 0.95) == 5.0
    assert percentile([1.0, 2.0], 0.95) == 2.0
    assert example_values("kg query have-met -p a=Q7184 -p b=Q1 --format csv") == {"a": "Q7184", "b": "Q1"}


@pytest.mark.server
def test_benchmarks_run_quick_machinery(tmp_path: Path) -> None:
    work = tmp_path / "bench"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--docs", "6", "--sizes", "4,8",
         "--queries", "documents,have-met,mentions", "--workdir", str(work)],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    table = done.stdout
    assert table.startswith("geokg benchmark (quick)")
    for needle in ("extraction words/s, 1 process", "2 processes ÷ 1 process", "stage shares",
                   "linker entities/s", "store writes quads/s", "pyoxigraph bulk_extend", "peak RSS of the build",
                   "store on disk per article", "query `documents`", "rdflib 4:", "| target |",
                   "into `oxigraph serve` on this machine vs the embedded store"):
        assert needle in table, needle
    results = json.loads((work / "results.json").read_text(encoding="utf-8"))
    assert set(results["sizes"]) == {"4", "8"} and results["rdflib_docs"] == 4
    assert results["sizes"]["8"]["docs"] == 8 and results["sizes"]["8"]["triples"] > 0
    assert {q["name"] for q in results["sizes"]["4"]["queries"]} == {"documents", "have-met", "mentions"}
    documents = next(q for q in results["sizes"]["8"]["queries"] if q["name"] == "documents")
    assert documents["rows"] == 8 and documents["floor_ms"] > 0  # the same 8 rows from one pattern
    assert ", floor " in table
    embedded, server = results["remote"]  # the smallest size, built once into each
    assert (embedded["where"], server["where"]) == ("embedded", "server")
    assert embedded["docs"] == server["docs"] == 4
    assert embedded["triples"] == server["triples"] > 0 and embedded["answers"] == server["answers"] > 0
    assert "same triples and answers: yes" in table
    assert not list(work.glob("store-*"))  # stores are removed unless --keep
    assert dt.date.fromisoformat(results["date"][:10])
