"""kg eval: the pipeline scored against gold data, through the real pipeline and an in-memory store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from kg.cli import main
from kg.evaluate import read_hipe, read_nif
from kg.evaluate.links import layered_lookup
from kg.evaluate.run import EvalOptions, evaluate, kb_title_lookup

DATA = ROOT / "tests" / "data" / "eval"
TINY = DATA / "two-documents.ttl"  # hand-made: two German sentences, DBpedia/Wikidata/notInWiki links
GERMEVAL = DATA / "germeval-test-head.tsv"  # the first five sentences of GermEval 2014 NER-de-test.tsv
HIPE = DATA / "hipe-sonar-test-head.tsv"  # the first 60 lines of HIPE-2022 v2.1 sonar-test-de.tsv
GOLD = "gold/000_aa9fb3416deedb31.json"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def _json(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(main, ["eval", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_eval_cli_geokg_gold_agrees_with_score_py(runner: CliRunner, shared: Path) -> None:
    score_py = shared / "eval" / "score.py"
    if not score_py.is_file():
        pytest.skip("../shared/eval/score.py is not present")
    kg = Path(sys.executable).parent / "kg"
    theirs = subprocess.run(
        [sys.executable, str(score_py), str(shared / GOLD), str(ROOT / "seeds" / "000_aa9fb3416deedb31.txt"),
         "--kg", str(kg)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    result = runner.invoke(main, ["eval", str(shared / GOLD)])
    assert result.exit_code == 0, result.output
    ours = result.stdout.splitlines()
    assert ours[-1].startswith("SUMMARY entities F1")
    assert ours[-1] == theirs[-1]
    # The report lines too, all but score.py's "built in … s" line.
    assert ours == theirs[1:]


def test_eval_cli_geokg_json_has_the_figures(runner: CliRunner, shared: Path) -> None:
    (run,) = _json(runner, str(shared / GOLD))["runs"]
    assert run["format"] == "geokg"
    assert run["document"].endswith("000_aa9fb3416deedb31.txt")
    assert run["figures"]["entity_f1"] > 0.9
    assert run["summary"].startswith("SUMMARY entities F1")


def test_eval_cli_nif_finds_the_real_mentions(runner: CliRunner) -> None:
    (run,) = _json(runner, str(TINY))["runs"]
    assert (run["format"], run["documents"]) == ("nif", 2)
    strict = run["mentions"]["strict"]["micro"]
    # Angela Merkel, Emmanuel Macron, Paris, NATO, Brüssel and Olaf Scholz are all in the bundled KB.
    assert (strict["tp"], strict["gold"]) == (6, 6)
    links = run["links"]
    # Q3052772 and Q239 are Wikidata links; Angela_Merkel, Paris and North_Atlantic_Treaty_Organization
    # are DBpedia titles the KB labels resolve; Olaf Scholz is notInWiki, so NIL and never scored right or wrong.
    assert (links["comparable"], links["correct"], links["unmapped"]) == (5, 5, 0)
    assert (links["nil_gold"], links["nil_found"], links["nil_agree"]) == (1, 1, 0)


def test_eval_cli_nif_round_trip_through_write_nif(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "geokg.ttl"
    result = runner.invoke(main, ["eval", str(TINY), "--write-nif", str(out)])
    assert result.exit_code == 0, result.output
    ours = {d.doc: d for d in read_nif(out)}
    gold = {d.doc: d for d in read_nif(TINY)}
    assert ours.keys() == gold.keys()
    first = ours["http://example.org/tiny/1#char=0,44"]
    assert first.text == "Angela Merkel traf Emmanuel Macron in Paris."
    spans = {(m.start, m.end, m.text, m.type, m.link) for m in first.mentions}
    assert spans == {(0, 13, "Angela Merkel", "PER", "Q567"), (19, 34, "Emmanuel Macron", "PER", "Q3052772"),
                     (38, 43, "Paris", "LOC", "Q90")}


def test_eval_cli_conll_fixture(runner: CliRunner) -> None:
    (run,) = _json(runner, str(GERMEVAL))["runs"]
    assert (run["format"], run["documents"]) == ("conll", 5)
    strict = run["mentions"]["strict"]
    assert strict["micro"]["gold"] == 6
    assert set(strict["per_type"]) == {"PER", "ORG", "LOC"}
    assert strict["micro"]["tp"] <= strict["micro"]["predicted"]
    assert run["links"]["gold"] == 0  # GermEval has no links


def test_eval_cli_hipe_fixture_links_berlin(runner: CliRunner) -> None:
    (run,) = _json(runner, str(HIPE), "--by-type")["runs"]
    assert (run["format"], run["documents"]) == ("hipe", 1)
    (doc,) = read_hipe(HIPE)
    berlin = [m for m in doc.mentions if m.text == "Berlin"]
    assert [m.link for m in berlin] == ["Q64", "Q64"]
    # Both Berlins are found with the right type and the right QID.
    assert run["mentions"]["strict"]["per_type"]["LOC"]["tp"] >= 2
    assert run["links"]["correct"] >= 2
    assert run["links"]["accuracy"] == 1.0


def test_eval_cli_text_report_and_errors(runner: CliRunner) -> None:
    result = runner.invoke(main, ["eval", str(GERMEVAL), "--errors", "3", "--by-type"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1].startswith("mentions strict ")
    assert any(line.startswith("  PER ") for line in lines)
    missed = lines[lines.index("most frequent misses (strict):") + 1 : lines.index(
        "most frequent false positives (strict):")]
    assert len(missed) == 3
    assert all("[[" in line and "]]" in line for line in missed)


def test_eval_cli_errors_in_json(runner: CliRunner) -> None:
    (run,) = _json(runner, str(GERMEVAL), "--errors", "3")["runs"]
    missed = run["errors"]["missed"]
    assert len(missed) == 3
    assert {"text", "type", "count", "example", "doc"} <= missed[0].keys()
    assert all(e["doc"].startswith("germeval-test-head:") for e in missed)


def test_eval_cli_several_golds_and_limit(runner: CliRunner) -> None:
    runs = _json(runner, str(TINY), str(GERMEVAL), "--limit", "1")["runs"]
    assert [(r["format"], r["documents"]) for r in runs] == [("nif", 1), ("conll", 1)]


def test_eval_cli_keeps_graphs_only_with_store(runner: CliRunner, tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = runner.invoke(main, ["eval", str(TINY), "--store", str(store)])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(main, ["query", "mentions", "--store", str(store), "--format", "csv"])
    assert listed.exit_code == 0, listed.output
    assert "Emmanuel Macron" in listed.stdout


def test_eval_cli_doc_needs_one_geokg_gold(runner: CliRunner) -> None:
    result = runner.invoke(main, ["eval", str(TINY), "--doc", str(ROOT / "seeds" / "000_aa9fb3416deedb31.txt")])
    assert result.exit_code == 1
    assert "--doc" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_eval_cli_geokg_gold_without_its_document(runner: CliRunner, tmp_path: Path) -> None:
    gold = tmp_path / "g.json"
    gold.write_text(json.dumps({"document": {"file": "nowhere.txt"}, "entities": [], "office_holders": [],
                                "role_words": {}, "meetings": [], "memberships": []}), encoding="utf-8")
    result = runner.invoke(main, ["eval", str(gold)])
    assert result.exit_code == 1
    assert "nowhere.txt" in result.stderr and "--doc" in result.stderr


def test_eval_cli_library_call_without_cli() -> None:
    (run,) = list(evaluate([TINY], EvalOptions(errors=2)))
    assert run.strict.micro.tp == 6
    assert run.errors is not None and run.errors.missed == ()
    assert all(p.doc.startswith("http://example.org/tiny/") for p in run.predictions)


def test_eval_cli_kb_title_lookup_prefers_labels_over_aliases() -> None:
    from kg.kb import bundled_kb

    lookup = kb_title_lookup(bundled_kb())
    assert lookup("de", "Angela Merkel") == "Q567"
    assert lookup("en", "North_Atlantic_Treaty_Organization") == "Q7184"
    assert lookup("de", "Merkel") == "Q567"  # an alias, when no label has that name
    assert lookup("de", "Golf (Sport)") is None
    layered = layered_lookup([("Georgia", "Q230"), ("GEORGIA", "Q1428")], [("Georgia", "Q230"), ("Sakartvelo", "Q230")])
    assert layered("en", "Georgia") is None  # ambiguous labels stay ambiguous; an alias does not decide
    assert layered("en", "Sakartvelo") == "Q230"


def test_eval_cli_gold_article_keeps_gold_offsets() -> None:
    from kg.evaluate import GoldDocument
    from kg.evaluate.run import gold_article

    # Trailing whitespace dropped by the read stage moves no offset: the read Article is used.
    article, verbatim = gold_article(GoldDocument("a", "Berlin ist groß. ", "de", None, ()))
    assert (article.text, verbatim) == ("Berlin ist groß.", False)
    # A leading newline would shift every offset, and a text of boilerplate alone would vanish: verbatim.
    article, verbatim = gold_article(GoldDocument("b", "\nBerlin ist groß.", "de", None, ()))
    assert (article.text, verbatim) == ("\nBerlin ist groß.", True)
    article, verbatim = gold_article(GoldDocument("c", "Cookies", "de", None, ()))
    assert (article.text, article.lang, verbatim) == ("Cookies", "de", True)
