"""Tests of kg.evaluate: gold readers on the real benchmark files, scoring math on hand-made mentions."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import random
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from kg.errors import EvalError
from kg.evaluate import (
    GoldDocument,
    GoldMention,
    PredictedMention,
    coarse_type,
    dbpedia_title,
    detect_format,
    errors,
    example_sentence,
    geokg_gold,
    gold_qid,
    label_lookup,
    read_geokg_gold,
    read_germeval,
    read_gold,
    read_hipe,
    read_nif,
    score_geokg,
    score_links,
    score_mentions,
    summary_line,
    wikidata_qid,
    write_nif,
)
from kg.evaluate.conll import bio_spans
from kg.evaluate.geokg_gold import score_entities, score_meetings, score_memberships, score_roles

KIND = {"PER": "Person", "ORG": "Organization", "LOC": "Place"}


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder next to the repository (benchmarks, gold, score.py); tests skip without it."""
    path = Path(__file__).resolve().parents[1].parent / "shared"
    if not (path / "benchmarks").is_dir():
        pytest.skip("../shared with the benchmark files is not present")
    return path


@pytest.fixture(scope="session")
def score_py(shared: Path) -> ModuleType:
    """shared/eval/score.py imported from its path, to compare its figures with ours."""
    path = shared / "eval" / "score.py"
    if not path.exists():
        pytest.skip("../shared/eval/score.py is not present")
    spec = importlib.util.spec_from_file_location("shared_eval_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def doc(
    text: str, *spans: tuple[str, str | None, str | None], ignored: tuple[str, ...] = (), name: str = "d1"
) -> GoldDocument:
    """A gold document whose mentions are found by their surface text (first occurrence)."""
    mentions = []
    for surface, type_, link in spans:
        start = text.index(surface)
        mentions.append(GoldMention(start, start + len(surface), surface, type_, link))
    skipped = []
    for surface in ignored:
        start = text.index(surface)
        skipped.append(GoldMention(start, start + len(surface), surface, "OTH", None, linked=False))
    return GoldDocument(name, text, "de", None, tuple(mentions), tuple(skipped))


def pred(
    gold: GoldDocument, surface: str, kind: str, qid: str | None = None, nth: int = 0
) -> PredictedMention:
    start = -1
    for _ in range(nth + 1):
        start = gold.text.index(surface, start + 1)
    return PredictedMention(gold.doc, start, start + len(surface), surface, kind, qid)


def as_predictions(docs: tuple[GoldDocument, ...]) -> list[PredictedMention]:
    """The gold mentions themselves as predictions: a perfect system."""
    return [
        PredictedMention(d.doc, m.start, m.end, m.text, KIND.get(m.type or "", "Place"), m.link)
        for d in docs
        for m in d.mentions
    ]


# --- model ---------------------------------------------------------------------------------------


def test_evaluate_coarse_type_groups_ontology_classes() -> None:
    assert coarse_type("Person") == "PER"
    assert {coarse_type(k) for k in ("Alliance", "Council", "Party", "InternationalOrganization")} == {"ORG"}
    assert {coarse_type(k) for k in ("Country", "City", "Continent", "Region", "Place")} == {"LOC"}
    assert coarse_type("https://w3id.org/geokg/ontology#Country") == "LOC"
    with pytest.raises(EvalError, match="Meeting"):
        coarse_type("Meeting")


# --- NIF -----------------------------------------------------------------------------------------


def test_evaluate_nif_reads_news100_counts(shared: Path) -> None:
    docs = read_nif(shared / "benchmarks/n3-news100/News-100.ttl")
    mentions = [m for d in docs for m in d.mentions]
    assert len(docs) == 100
    assert len(mentions) == 1655
    kinds = Counter(
        "nil" if m.link is None else "de" if m.link.startswith("http://de.dbpedia.org/") else "en"
        for m in mentions
    )
    assert kinds == {"de": 1512, "en": 35, "nil": 108}
    assert {d.lang for d in docs} == {"de"}
    assert docs[0].doc == "http://aksw.org/N3/News-100/0#char=0,1592"
    assert all(m.type is None and m.linked for m in mentions)


@pytest.mark.parametrize(
    "name, n_docs, n_mentions", [("News-100.ttl", 100, 1655), ("RSS-500.ttl", 500, 1000)]
)
def test_evaluate_nif_offsets_hold_every_anchor(
    shared: Path, name: str, n_docs: int, n_mentions: int
) -> None:
    docs = read_nif(shared / "benchmarks/n3-news100" / name)
    assert (len(docs), sum(len(d.mentions) for d in docs)) == (n_docs, n_mentions)
    for d in docs:
        for m in d.mentions:
            assert d.text[m.start : m.end] == m.text


NIF_SAMPLE = """
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<http://ex.org/d#char=0,26> a nif:Context ; nif:isString "Merkel traf Macron in Rom."@de ;
    nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "26"^^xsd:nonNegativeInteger .
<http://ex.org/d#char=0,6> nif:anchorOf "Merkel" ; nif:beginIndex "0"^^xsd:nonNegativeInteger ;
    nif:endIndex "6"^^xsd:nonNegativeInteger ; nif:referenceContext <http://ex.org/d#char=0,26> ;
    itsrdf:taIdentRef <http://de.dbpedia.org/resource/Angela_Merkel>, <http://www.wikidata.org/entity/Q567> ;
    itsrdf:taClassRef <http://dbpedia.org/ontology/Person> .
<http://ex.org/d#char=12,18> nif:anchorOf "Macron" ; nif:beginIndex "12" ; nif:endIndex "18" ;
    nif:referenceContext <http://ex.org/d#char=0,26> ; itsrdf:taIdentRef <http://aksw.org/notInWiki/Macron> .
<http://ex.org/d#char=22,25> nif:anchorOf "Rom" ; nif:beginIndex "22" ; nif:endIndex "25" ;
    nif:referenceContext <http://ex.org/d#char=0,26> .
"""


def test_evaluate_nif_reads_links_types_and_nil(tmp_path: Path) -> None:
    path = tmp_path / "sample.ttl"
    path.write_text(NIF_SAMPLE, encoding="utf-8")
    (d,) = read_nif(path)
    assert (d.doc, d.text, d.lang) == ("http://ex.org/d#char=0,26", "Merkel traf Macron in Rom.", "de")
    merkel, macron, rom = d.mentions
    assert (merkel.link, merkel.type) == ("Q567", "PER")  # a Wikidata meaning wins over DBpedia
    assert (macron.link, macron.linked) == (None, True)  # notInWiki is NIL
    assert (rom.link, rom.linked) == (None, False)  # no taIdentRef: nothing said about the link


@pytest.mark.parametrize(
    "replace, message",
    [
        (('nif:anchorOf "Rom"', 'nif:anchorOf "Paris"'), "do not hold its anchor"),
        (("<http://ex.org/d#char=0,26> .\n", "<http://ex.org/other> .\n"), "no nif:isString"),
        (("nif:anchorOf", "nif:anchorOf nif:anchorOf"), "not valid Turtle"),
    ],
)
def test_evaluate_nif_refuses_broken_files(tmp_path: Path, replace: tuple[str, str], message: str) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(NIF_SAMPLE.replace(*replace), encoding="utf-8")
    with pytest.raises(EvalError, match=message):
        read_nif(path)
    with pytest.raises(EvalError, match="cannot read"):
        read_nif(tmp_path / "missing.ttl")


def test_evaluate_write_nif_round_trips_our_mentions(tmp_path: Path) -> None:
    g1 = doc("Scholz sprach in Brüssel mit der NATO.", name="http://ex.org/news/1#char=0,38")
    g2 = doc("Die EU und Kiew.", name="local-2")
    preds = [
        pred(g1, "Scholz", "Person", "Q61053"),
        pred(g1, "Brüssel", "City", "Q239"),
        pred(g1, "NATO", "Alliance", None),
        pred(g2, "EU", "InternationalOrganization", "Q458"),
        pred(g2, "EU", "Party", "Q1"),  # same span again: only the first in (kind, qid) order is written
    ]
    out = tmp_path / "ours.ttl"
    write_nif([g1, g2], preds, out)
    back = {d.text: d for d in read_nif(out)}
    assert set(back) == {g1.text, g2.text}
    assert back[g1.text].doc == g1.doc  # GERBIL pairs documents by their IRI
    assert back[g2.text].doc.startswith("https://w3id.org/geokg/id/nif/local-2#char=0,")
    got = {(d.text, m.start, m.end, m.text, m.type, m.link) for d in back.values() for m in d.mentions}
    assert got == {
        (g1.text, 0, 6, "Scholz", "PER", "Q61053"),
        (g1.text, 17, 24, "Brüssel", "LOC", "Q239"),
        (g1.text, 33, 37, "NATO", "ORG", None),
        (g2.text, 4, 6, "EU", "ORG", "Q458"),
    }
    again = tmp_path / "again.ttl"
    write_nif([g1, g2], list(reversed(preds)), again)
    assert again.read_bytes() == out.read_bytes()


def test_evaluate_write_nif_keeps_news100_documents(shared: Path, tmp_path: Path) -> None:
    gold = read_nif(shared / "benchmarks/n3-news100/News-100.ttl")
    out = tmp_path / "news100.ttl"
    preds = [PredictedMention(d.doc, m.start, m.end, m.text, "Place") for d in gold for m in d.mentions]
    write_nif(gold, preds, out, classes=False)
    back = read_nif(out)
    assert [(d.doc, d.text, d.lang) for d in back] == [(d.doc, d.text, d.lang) for d in gold]
    assert [[(m.start, m.end, m.text) for m in d.mentions] for d in back] == [
        [(m.start, m.end, m.text) for m in d.mentions] for d in gold
    ]


def test_evaluate_write_nif_refuses_predictions_off_the_text(tmp_path: Path) -> None:
    g = doc("Putin in Moskau.")
    with pytest.raises(EvalError, match="differs from the text"):
        write_nif([g], [PredictedMention("d1", 0, 4, "Putin", "Person")], tmp_path / "x.ttl")
    with pytest.raises(EvalError, match="unknown document"):
        write_nif([g], [PredictedMention("nope", 0, 5, "Putin", "Person")], tmp_path / "x.ttl")


# --- GermEval and HIPE ---------------------------------------------------------------------------


def test_evaluate_germeval_test_counts(shared: Path) -> None:
    docs = read_germeval(shared / "benchmarks/germeval2014/NER-de-test.tsv")
    assert len(docs) == 5100
    assert Counter(m.type for d in docs for m in d.mentions) == {"LOC": 1706, "PER": 1639, "ORG": 1150}
    assert docs[0].date == dt.date(2009, 10, 23)
    assert docs[0].text.startswith("1951 bis 1953 wurde")
    assert all(not m.linked for d in docs for m in d.mentions)
    for d in docs:
        for m in d.mentions + d.ignored:
            assert d.text[m.start : m.end] == m.text


GERMEVAL_SAMPLE = (
    "#\thttp://example.org/a\t[2010-01-02]\n"
    "1\tDie\tO\tO\n2\tdeutsche\tB-LOCderiv\tO\n3\tBank\tO\tO\n4\tder\tO\tO\n"
    "5\tUniversität\tB-ORG\tO\n6\tWien\tI-ORG\tB-LOC\n7\tund\tO\tO\n8\tKant\tB-PER\tO\n"
    '9\t"\tO\tO\t\n'
    "\n"
    "#\tspiegel.de\t[2011-02-03]\n"
    "1\tNato-Staaten\tB-ORGpart\tO\n2\tund\tO\tO\n3\tBerlin\tB-LOC\tO\n4\tTatort\tB-OTH\tO\n"
)


def test_evaluate_germeval_scores_plain_outer_spans_only(tmp_path: Path) -> None:
    path = tmp_path / "sample.tsv"
    path.write_text(GERMEVAL_SAMPLE, encoding="utf-8")
    first, second = read_germeval(path)
    assert first.doc == "sample:1" and second.doc == "sample:2"
    assert first.text == 'Die deutsche Bank der Universität Wien und Kant "'
    assert [(m.text, m.type) for m in first.mentions] == [("Universität Wien", "ORG"), ("Kant", "PER")]
    assert [(m.text, m.type) for m in first.ignored] == [("deutsche", "LOCderiv"), ("Wien", "LOC")]
    assert (second.date, [m.text for m in second.mentions]) == (dt.date(2011, 2, 3), ["Berlin"])
    assert [m.type for m in second.ignored] == ["ORGpart", "OTH"]
    path.write_text("#\tx\n1\tonly-two\n", encoding="utf-8")
    with pytest.raises(EvalError, match=":2: expected"):
        read_germeval(path)


def test_evaluate_hipe_sonar_test_counts(shared: Path) -> None:
    (path,) = (shared / "benchmarks/hipe2022/de").glob("*sonar-test*.tsv")
    docs = read_hipe(path)
    mentions = [m for d in docs for m in d.mentions]
    assert (len(docs), len(mentions)) == (10, 471)
    assert Counter("qid" if m.link else "nil" for m in mentions) == {"qid": 314, "nil": 157}
    assert docs[0].doc == "11614109_1882-05-01_1_1_001"
    assert (docs[0].lang, docs[0].date) == ("de", dt.date(1882, 5, 1))
    berlin = next(m for m in docs[0].mentions if m.text == "Berlin")
    assert (berlin.type, berlin.link) == ("LOC", "Q64")
    for d in docs:
        for m in d.mentions:
            assert d.text[m.start : m.end] == m.text


HIPE_HEADER = "TOKEN\tNE-COARSE-LIT\tNE-COARSE-METO\tNE-NESTED\tNEL-LIT\tMISC\n"
HIPE_SAMPLE = HIPE_HEADER + (
    "# hipe2022:document_id = doc-a\n# hipe2022:date = 1900-01-02\n# hipe2022:language = en\n"
    "Mr\tO\t_\t_\t_\tNoSpaceAfter\n.\tO\t_\t_\t_\t_\n"
    "John\tB-pers\t_\t_\tNIL\t_\nSmith\tI-pers\t_\t_\tNIL\tEndOfLine\n"
    "of\tO\t_\t_\t_\t_\n"
    "Lon¬\tB-loc\t_\t_\tQ84\tNoSpaceAfter|EndOfLine\ndon\tI-loc\t_\t_\tQ84\tNoSpaceAfter\n"
    ",\tO\t_\t_\t_\tEndOfSentence\n"
    "\n"
    "# hipe2022:document_id = doc-b\n"
    "###\tO\t_\t_\t_\t_\n"
    "Times\tB-prod\t_\t_\t_\t_\n"
    "University\tI-org\t_\t_\t_\t_\nof\tI-org\t_\t_\t_\t_\nParis\tI-org\t_\tB-loc.adm.town\tQ209842\t_\n"
)


def test_evaluate_hipe_rebuilds_text_from_misc_flags(tmp_path: Path) -> None:
    path = tmp_path / "HIPE-sample.tsv"
    path.write_text(HIPE_SAMPLE, encoding="utf-8")
    a, b = read_hipe(path)
    assert (a.doc, a.lang, a.date) == ("doc-a", "en", dt.date(1900, 1, 2))
    assert a.text == "Mr. John Smith of Lon¬don,"
    assert [(m.text, m.type, m.link, m.linked) for m in a.mentions] == [
        ("John Smith", "PER", None, True),
        ("Lon¬don", "LOC", "Q84", True),
    ]
    assert b.text == "### Times University of Paris"  # a token may start with '#'
    # An I- after another type opens a span; its link column says "_": no link annotation.
    assert [(m.text, m.type, m.link, m.linked) for m in b.mentions] == [
        ("University of Paris", "ORG", None, False)
    ]
    assert [(m.text, m.type) for m in b.ignored] == [("Times", "prod"), ("Paris", "loc.adm.town")]
    assert (b.lang, b.date) == ("und", None)


@pytest.mark.parametrize(
    "text, message",
    [
        ("TOKEN\tNE-COARSE-LIT\tMISC\n# hipe2022:document_id = x\nA\tO\n", "2 columns"),
        ("TOKEN\tNE-COARSE-LIT\tMISC\nA\tO\t_\n", "before the first"),
        ("WORD\tTAG\n", "header line"),
        ("TOKEN\tMISC\n", "no NE-COARSE-LIT"),
    ],
)
def test_evaluate_hipe_refuses_malformed_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EvalError, match=message):
        read_hipe(path)


def test_evaluate_bio_spans_open_on_orphan_inside_tags() -> None:
    tags = ["B-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG", "I-ORG", "_"]
    assert bio_spans(tags) == [(0, 2, "PER"), (2, 3, "PER"), (4, 5, "LOC"), (5, 7, "ORG")]


def test_evaluate_detect_format(shared: Path, tmp_path: Path) -> None:
    bench = shared / "benchmarks"
    assert detect_format(shared / "gold/000_aa9fb3416deedb31.json") == "geokg"
    assert detect_format(bench / "n3-news100/RSS-500.ttl") == "nif"
    assert detect_format(next((bench / "hipe2022/en").glob("*.tsv"))) == "hipe"
    assert detect_format(bench / "germeval2014/NER-de-dev.tsv") == "conll"
    (tmp_path / "x.nif").write_text("", encoding="utf-8")
    assert detect_format(tmp_path / "x.nif") == "nif"
    assert len(read_gold(bench / "germeval2014/NER-de-dev.tsv")) == 2200
    with pytest.raises(EvalError, match="read_geokg_gold"):
        read_gold(shared / "gold/000_aa9fb3416deedb31.json")
    with pytest.raises(EvalError, match="cannot read"):
        detect_format(tmp_path / "missing.tsv")


# --- scoring -------------------------------------------------------------------------------------

MERKEL = doc(
    "Angela Merkel besuchte Berlin und die EU.",
    ("Angela Merkel", "PER", "Q567"),
    ("Berlin", "LOC", "Q64"),
    ("EU", "ORG", "Q458"),
)


def test_evaluate_scoring_strict_and_overlap_per_type_and_micro() -> None:
    preds = [
        pred(MERKEL, "Merkel", "Person"),  # overlaps only
        pred(MERKEL, "Berlin", "City"),  # exact
        pred(MERKEL, "EU", "Country"),  # exact span, wrong type
        pred(MERKEL, "die", "City"),  # nothing there
    ]
    strict = score_mentions([MERKEL], preds)
    assert (strict.micro.tp, strict.micro.n_pred, strict.micro.n_gold) == (1, 4, 3)
    assert strict.micro.precision == pytest.approx(0.25)
    assert strict.micro.recall == pytest.approx(1 / 3)
    assert strict.micro.f1 == pytest.approx(2 * 0.25 * (1 / 3) / (0.25 + 1 / 3))
    assert {t: (s.tp, s.n_pred, s.n_gold) for t, s in strict.per_type.items()} == {
        "PER": (0, 1, 1),
        "ORG": (0, 0, 1),
        "LOC": (1, 3, 1),
    }
    overlap = score_mentions([MERKEL], preds, "overlap")
    assert (overlap.micro.tp, overlap.per_type["PER"].tp, overlap.per_type["PER"].f1) == (2, 1, 1.0)
    assert overlap.micro.tp == sum(s.tp for s in overlap.per_type.values())


def test_evaluate_scoring_is_one_to_one_and_sums_documents() -> None:
    other = doc("Kiew und Kiew.", ("Kiew", "LOC", "Q1899"), name="d2")
    preds = [
        pred(MERKEL, "Angela", "Person"),
        pred(MERKEL, "Merkel", "Person"),  # a second piece of the same gold span: a false positive
        pred(other, "Kiew", "City"),
        pred(other, "Kiew", "City", nth=1),
    ]
    result = score_mentions([MERKEL, other], preds, "overlap")
    assert (result.micro.tp, result.micro.n_pred, result.micro.n_gold) == (2, 4, 4)
    empty = score_mentions([MERKEL], [])
    assert (empty.micro.precision, empty.micro.recall, empty.micro.f1) == (0.0, 0.0, 0.0)


def test_evaluate_scoring_untyped_gold_compares_spans_only() -> None:
    gold = doc("BP verkauft an Shell.", ("BP", None, None), ("Shell", None, None))
    result = score_mentions([gold], [pred(gold, "BP", "Person"), pred(gold, "an", "City")])
    assert result.per_type == {}
    assert (result.micro.tp, result.micro.n_pred, result.micro.n_gold) == (1, 2, 2)


def test_evaluate_scoring_excuses_predictions_on_ignored_spans() -> None:
    gold = doc("Der Tatort in Köln.", ("Köln", "LOC", None), ignored=("Tatort",))
    tatort = pred(gold, "Tatort", "Organization")
    strict = score_mentions([gold], [tatort, pred(gold, "Köln", "City")])
    assert (strict.micro.tp, strict.micro.n_pred, strict.excused) == (1, 1, 1)
    assert strict.per_type["ORG"].n_pred == 0
    partial = PredictedMention("d1", tatort.start, tatort.start + 3, "Tat", "Organization")
    assert score_mentions([gold], [partial]).micro.n_pred == 1
    assert score_mentions([gold], [partial], "overlap").micro.n_pred == 0


def test_evaluate_scoring_refuses_predictions_for_unknown_documents() -> None:
    with pytest.raises(EvalError, match="not in the gold"):
        score_mentions([MERKEL], [PredictedMention("elsewhere", 0, 1, "A", "Person")])


def test_evaluate_dbpedia_titles_and_label_lookup() -> None:
    assert dbpedia_title("http://de.dbpedia.org/resource/Golf_von_Mexiko") == ("de", "Golf von Mexiko")
    assert dbpedia_title("http://dbpedia.org/resource/Donald_Young_%28tennis%29") == (
        "en",
        "Donald Young (tennis)",
    )
    assert dbpedia_title("http://dbpedia.org/page/Nebraska_Cornhuskers_football") == (
        "en",
        "Nebraska Cornhuskers football",
    )
    doubled = "http://de.dbpedia.org/resource/http://de.dbpedia.org/resource/Texas_A%26M_University"
    assert dbpedia_title(doubled) == ("de", "Texas A&M University")
    assert dbpedia_title("http://aksw.org/notInWiki/Faglaro") is None
    assert wikidata_qid("http://www.wikidata.org/entity/Q64") == "Q64"
    assert wikidata_qid("https://www.wikidata.org/wiki/Q64") == "Q64"
    assert wikidata_qid("Q0") is None
    lookup = label_lookup(
        {"Córdoba (argentinische Provinz)": "Q1", "Georgia": "Q2", "GEORGIA": "Q3", "BP": "Q4"}
    )
    assert lookup("de", "C%C3%B3rdoba_(argentinische_Provinz)") == "Q1"
    assert lookup("de", "bp") == "Q4"
    assert lookup("de", "Georgia") is None  # two QIDs fold to one label: not comparable
    assert lookup("de", "Longchamp") is None
    assert gold_qid("http://de.dbpedia.org/resource/BP", lookup) == "Q4"
    assert gold_qid("http://de.dbpedia.org/resource/BP", None) is None


def test_evaluate_link_scores_keep_nil_and_uncomparable_apart() -> None:
    gold = doc(
        "Merkel traf Obama, Faglaro und Unbekannt in Rom und Bonn.",
        ("Merkel", "PER", "Q567"),
        ("Obama", "PER", "http://de.dbpedia.org/resource/Barack_Obama"),
        ("Faglaro", "PER", None),
        ("Unbekannt", "PER", "http://de.dbpedia.org/resource/Unbekannt_(Film)"),
        ("Rom", "LOC", "Q220"),
        ("Bonn", "LOC", "Q586"),
    )
    unlinked = GoldMention(0, 6, "Merkel", "PER", None, linked=False)
    germeval_like = GoldDocument("d2", "Merkel", "de", None, (unlinked,))
    preds = [
        pred(gold, "Merkel", "Person", "Q567"),  # right
        pred(gold, "Obama", "Person", "Q76"),  # right through the title lookup
        pred(gold, "Faglaro", "Person", None),  # NIL agreed
        pred(gold, "Unbekannt", "Person", "Q9"),  # gold title unmapped: not counted
        PredictedMention(
            "d1", gold.text.index("Rom") - 3, gold.text.index("Rom") + 3, "in Rom", "City", "Q1"
        ),
        PredictedMention("d2", 0, 6, "Merkel", "Person", "Q1"),
    ]
    scores = score_links([gold, germeval_like], preds, label_lookup({"Barack Obama": "Q76"}))
    assert (scores.gold, scores.comparable, scores.found, scores.correct) == (6, 4, 3, 2)
    assert (scores.nil_gold, scores.nil_found, scores.nil_agree, scores.unmapped) == (1, 1, 1, 1)
    assert scores.unmapped_links == (("http://de.dbpedia.org/resource/Unbekannt_(Film)", 1),)
    assert (scores.unmapped_found, scores.unmapped_with_qid) == (1, 1)  # we said Q9 where the KB knows no title
    assert scores.accuracy == pytest.approx(2 / 3)
    assert scores.recall == pytest.approx(2 / 4)
    assert scores.nil_agreement == 1.0
    without_lookup = score_links([gold, germeval_like], preds)
    assert (without_lookup.comparable, without_lookup.unmapped) == (3, 2)
    assert (without_lookup.unmapped_found, without_lookup.unmapped_with_qid) == (2, 2)


def test_evaluate_errors_rank_missed_and_false_positives() -> None:
    d1 = doc("Putin traf Biden. Dann sprach Putin.", ("Putin", "PER", None), ("Biden", "PER", None))
    d2 = doc("PUTIN und Kiew.", ("PUTIN", "PER", None), ("Kiew", "LOC", None), name="d2")
    preds = [
        pred(d1, "Biden", "Person"),
        pred(d1, "Dann", "City"),
        pred(d2, "Kiew", "City"),
        pred(d2, "und", "City"),
    ]
    report = errors([d1, d2], preds, n=5)
    assert [(e.text, e.type, e.count) for e in report.missed] == [("Putin", "PER", 2)]
    assert report.missed[0].example == "[[Putin]] traf Biden."
    assert report.missed[0].doc == "d1"
    assert [(e.text, e.type, e.count) for e in report.false_positives] == [
        ("Dann", "LOC", 1),
        ("und", "LOC", 1),
    ]
    assert errors([d1, d2], preds, n=1).false_positives[0].text == "Dann"
    assert example_sentence("Erst dies. Dann Rom! Ende.", 16, 19) == "Dann [[Rom]]!"


def test_evaluate_perfect_predictions_score_one_on_hipe(shared: Path) -> None:
    (path,) = (shared / "benchmarks/hipe2022/de").glob("*sonar-test*.tsv")
    docs = read_hipe(path)
    preds = as_predictions(docs)
    for mode in ("strict", "overlap"):
        result = score_mentions(docs, preds, mode)  # type: ignore[arg-type]
        assert result.micro.f1 == 1.0 and all(s.f1 == 1.0 for s in result.per_type.values())
    links = score_links(docs, preds)
    assert (links.comparable, links.correct, links.nil_gold, links.nil_agree) == (314, 314, 157, 157)
    assert errors(docs, preds) == errors(docs, preds, n=0)


# --- geokg gold (score.py's figures) -------------------------------------------------------------

WD = "http://www.wikidata.org/entity/"
ONT = "https://w3id.org/geokg/ontology#"
MINI_GOLD: dict[str, Any] = {
    "document": {"file": "x.txt", "lang": "de", "date": "2022-01-07"},
    "entities": [
        {"id": "a", "type": "Organization", "qid": "Q1", "names": ["A", "Alpha"]},
        {"id": "b", "type": "Person", "qid": "Q2", "names": ["Bob"]},
        {"id": "c", "type": "Location", "qid": None, "names": ["Cville"]},
    ],
    "optional_entities": [{"id": "x", "names": ["Extra"]}],
    "office_holders": [{"person": "b", "role": "president", "of": "a"}],
    "role_words": {"president": ["president", "präsident"]},
    "meetings": [
        {
            "id": "m1",
            "label": "",
            "date": "2022-01-07",
            "location": "c",
            "participants": ["a", "b"],
            "required": True,
        },
        {"id": "m2", "label": "", "date": "2019", "location": None, "participants": ["a"], "required": False},
    ],
    "memberships": [{"member": "c", "org": "a"}],
}
MINI_ROWS: dict[str, list[dict[str, str]]] = {
    "entities": [
        {"entity": "e1", "label": "Alpha", "type": ONT + "Alliance", "wikidata": WD + "Q1"},
        {"entity": "e2", "label": "Bob", "type": ONT + "Person"},
        {"entity": "e3", "label": "a", "type": ONT + "Organization"},
        {"entity": "e4", "label": "Extra", "type": ONT + "Organization"},
        {"entity": "e5", "label": "Zed", "type": ONT + "Person"},
    ],
    "office_holders": [
        {"person": "p", "personLabel": "Bob", "roleLabel": "President", "orgLabel": "A"},
        {"person": "z", "personLabel": "Zed", "roleLabel": "president", "orgWikidata": WD + "Q1"},
    ],
    "meetings": [
        {
            "event": "ev1",
            "label": "Gipfel",
            "date": "2022-01-07",
            "locationLabel": "Cville",
            "participantWikidata": WD + "Q1",
        },
        {
            "event": "ev1",
            "label": "Gipfel",
            "date": "2022-01-07",
            "locationLabel": "Cville",
            "participantLabel": "Bob",
        },
        {"event": "ev2", "date": "2019-06-01", "participantLabel": "A"},
        {"event": "ev3", "label": "Später", "date": "2022-02-02"},
    ],
    "memberships": [
        {"member": "m", "memberLabel": "Cville", "orgWikidata": WD + "Q1"},
        {"member": "n", "memberLabel": "Bob", "orgLabel": "A"},
    ],
}


def test_evaluate_geokg_figures_on_hand_made_rows() -> None:
    figures = score_geokg(geokg_gold(MINI_GOLD), **MINI_ROWS)
    assert (figures.entity_p, figures.entity_r) == (0.5, pytest.approx(2 / 3))
    assert (figures.link_acc, figures.link_recall) == (0.5, 0.5)
    assert (figures.role_p, figures.role_r) == (0.5, 1.0)
    assert (figures.meeting_p, figures.meeting_r, figures.participant_recall) == (0.5, 1.0, 1.0)
    assert (figures.membership_p, figures.membership_r) == (0.5, 1.0)
    assert figures.report[0] == "entities      P 0.50  R 0.67  F1 0.57   (2 of 3 gold found, 2 false)"
    assert "  false: ['a'] duplicates gold 'a'" in figures.report
    assert "  unmatched prediction: 'Später' dates ['2022-02-02'] at []" in figures.report
    assert summary_line(figures) == (
        "SUMMARY entities F1 0.57 · wikidata acc 0.50 · roles F1 0.67 · "
        "meetings F1 0.67 · memberships F1 0.67"
    )


def _random_rows(gold: dict[str, Any], rng: random.Random) -> dict[str, list[dict[str, str]]]:
    """Rows that mix right and wrong names, QIDs, types, dates and duplicates, drawn from a gold file."""
    names = [n for e in gold["entities"] + gold.get("optional_entities", []) for n in e["names"]] + [
        "Nobody",
        "Paris",
    ]
    qids = [e["qid"] for e in gold["entities"] if e.get("qid")] + ["Q999999"]
    types = ["Person", "Alliance", "Country", "City", "InternationalOrganization", "Meeting"]
    roles = [w for words in gold["role_words"].values() for w in words] + ["Botschafter"]
    dates = [m["date"] for m in gold["meetings"]] + ["2022-01-07", "2021-12-31", "2019-07"]

    def node(prefix: str) -> dict[str, str]:
        out = {prefix: f"n{rng.randrange(30)}", prefix + "Label": rng.choice(names)}
        if rng.random() < 0.5:
            out[prefix + "Wikidata"] = WD + rng.choice(qids)
        return out

    entities = []
    for _ in range(rng.randrange(40)):
        row = {"entity": f"e{rng.randrange(25)}", "label": rng.choice(names), "type": ONT + rng.choice(types)}
        if rng.random() < 0.6:
            row["wikidata"] = WD + rng.choice(qids)
        entities.append(row)
    office = [
        node("person") | node("org") | {"roleLabel": rng.choice(roles)} for _ in range(rng.randrange(10))
    ]
    meetings = [
        {"event": f"ev{rng.randrange(6)}", "date": rng.choice(dates), "label": "m"}
        | node("location")
        | node("participant")
        for _ in range(rng.randrange(15))
    ]
    members = [node("member") | node("org") for _ in range(rng.randrange(8))]
    return {"entities": entities, "office_holders": office, "meetings": meetings, "memberships": members}


def test_evaluate_geokg_agrees_with_score_py(shared: Path, score_py: ModuleType) -> None:
    real = json.loads((shared / "gold/000_aa9fb3416deedb31.json").read_text(encoding="utf-8"))
    rng = random.Random(20260101)
    Rows = dict[str, list[dict[str, str]]]
    cases: list[tuple[dict[str, Any], Rows]] = [(MINI_GOLD, MINI_ROWS), (real, {k: [] for k in MINI_ROWS})]
    cases += [(gold, _random_rows(gold, rng)) for gold in (real, MINI_GOLD) for _ in range(40)]
    for data, rows in cases:
        theirs_gold, ours_gold = score_py.Gold(data), geokg_gold(data)
        theirs: dict[str, float] = {}
        report: list[str] = []
        ours_report: list[str] = []
        steps: list[tuple[str, Any, Any]] = [
            ("entities", score_py.score_entities, score_entities),
            ("office_holders", score_py.score_roles, score_roles),
            ("meetings", score_py.score_meetings, score_meetings),
            ("memberships", score_py.score_memberships, score_memberships),
        ]
        for name, theirs_fn, ours_fn in steps:
            expected = theirs_fn(theirs_gold, rows[name], report)
            assert ours_fn(ours_gold, rows[name], ours_report) == expected
            theirs |= expected
        assert ours_report == report
        figures = score_geokg(ours_gold, **rows)
        assert figures.as_dict() == theirs
        assert list(figures.report) == report
        summary = (
            "SUMMARY entities F1 {entity_f1:.2f} · wikidata acc {link_acc:.2f} · roles F1 {role_f1:.2f} · "
            "meetings F1 {meeting_f1:.2f} · memberships F1 {membership_f1:.2f}"
        ).format(**theirs)
        assert summary_line(figures) == summary


def test_evaluate_geokg_reads_the_shared_gold(shared: Path, tmp_path: Path) -> None:
    gold = read_geokg_gold(shared / "gold/000_aa9fb3416deedb31.json")
    assert len(gold.entities) == 22 and gold.by_qid["Q7184"] == "nato"
    perfect = [
        {"entity": e["id"], "label": e["names"][0], "type": ONT + e["type"]} for e in gold.data["entities"]
    ]
    figures = score_geokg(gold, perfect, [], [], [])
    assert (figures.entity_f1, figures.link_acc, figures.role_f1) == (1.0, 0.0, 0.0)
    broken = dict(MINI_GOLD, meetings=[dict(MINI_GOLD["meetings"][0], participants=[])])
    with pytest.raises(EvalError, match="at least one participant"):
        geokg_gold(broken)
    with pytest.raises(EvalError, match="lacks names"):
        geokg_gold(dict(MINI_GOLD, entities=[{"id": "a", "type": "Person"}]))
    (tmp_path / "bad.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(EvalError, match="top level"):
        read_geokg_gold(tmp_path / "bad.json")
