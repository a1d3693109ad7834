"""The annotate stage: mentions from the knowledge base, patterns and an optional statistical
pipeline, on German and English sentences written for these tests."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FRIDAY

from kg.annotate import Annotator
from kg.kb import KnowledgeBase
from kg.records import Annotated, Article, Mention


def spans(annotated: Annotated) -> list[tuple[str, str | None, str]]:
    return [(m.text, m.qid, m.source) for m in annotated.mentions]


FORMS = [
    # German inflection and derivation: genitives, "der Ukraine", city and country adjectives
    ("de", "Russlands Aufrüstung und Moskaus Bereitschaft",
     [("Russlands", "Q159", "kb"), ("Moskaus", "Q649", "kb")]),
    ("de", "die Unabhängigkeit der Ukraine", [("Ukraine", "Q212", "kb")]),
    ("de", "Diese Genfer Gespräche und die Wiener Runde", [("Genfer", "Q71", "kb-adj"), ("Wiener", "Q1741", "kb-adj")]),
    ("de", "mit dem ukrainischen Außenminister", [("ukrainischen", "Q212", "kb-adj")]),
    ("de", "die Integrität der Vereinigten Staaten", [("Vereinigten Staaten", "Q30", "kb")]),
    # a KB name as the first part of a compound is a cue for the extractors, not a mention
    ("de", "Nato-Generalsekretär Jens Stoltenberg",
     [("Nato", "Q7184", "kb-part"), ("Jens Stoltenberg", "Q57665", "kb")]),
    # English demonyms and abbreviations
    ("en", "the Ukrainian and Russian delegations", [("Ukrainian", "Q212", "kb-adj"), ("Russian", "Q159", "kb-adj")]),
    ("en", "French President Emmanuel Macron", [("French", "Q142", "kb-adj"), ("Emmanuel Macron", "Q3052772", "kb")]),
    ("en", "Officials said the U.S. Secretary of State arrived.", [("U.S.", "Q30", "kb")]),
    ("en", "Russia's foreign minister", [("Russia", "Q159", "kb")]),
    # metonymy only where the KB has the alias: it has none for these, so none is invented
    ("en", "The Kremlin, the White House and Downing Street declined to comment.", []),
    ("de", "Der Kreml und das Weiße Haus schwiegen.", []),
    # positions are titles, not names
    ("de", "Bundeskanzler Olaf Scholz", [("Olaf Scholz", "Q61053", "kb")]),
    # acronyms keep their case: "who" is a word, "WHO" the organization
    ("en", "Those who spoke to the WHO", [("WHO", "Q7817", "kb")]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), FORMS, ids=[t[:40] for _, t, _ in FORMS])
def test_annotate_kb_forms(annotate: Callable[[str, str], Annotated], lang: str, text: str, expected: list) -> None:
    assert spans(annotate(text, lang)) == expected


def test_annotate_honorific_and_genitive_surname_are_the_kb_person(annotate: Callable[[str, str], Annotated]) -> None:
    found = spans(annotate("Wladimir Putin drohte. Herr Putin schwieg. Die Drohungen Putins wirken.", "de"))
    assert found == [("Wladimir Putin", "Q7747", "kb"), ("Putin", "Q7747", "kb-surname"),
                     ("Putins", "Q7747", "kb-surname")]
    found = spans(annotate("Vladimir Putin spoke. Mr. Putin said nothing.", "en"))
    assert found == [("Vladimir Putin", "Q7747", "kb"), ("Putin", "Q7747", "kb-surname")]


def test_annotate_unknown_person_found_again_by_surname(annotate: Callable[[str, str], Annotated]) -> None:
    mentions = annotate("Karl Muster traf Jens Stoltenberg. Muster sagte, Musters Plan sei gut.", "de").mentions
    muster = [(m.text, m.kind, m.key, m.source) for m in mentions if m.qid is None]
    assert muster == [("Karl Muster", "Person", "per:muster", "pattern"), ("Muster", "Person", "per:muster", "pattern"),
                      ("Musters", "Person", "per:muster", "pattern")]


def test_annotate_titled_name_stops_before_a_date_and_a_known_person(annotate: Callable[[str, str], Annotated]) -> None:
    assert spans(annotate("Präsident Biden Ende Januar sagte nichts.", "de")) == [("Biden", "Q6279", "kb-surname")]
    found = annotate("Generalsekretär Anders Fogh Rasmussen sprach.", "de").mentions
    assert [(m.text, m.kind, m.source) for m in found] == [("Anders Fogh Rasmussen", "Person", "pattern")]


def test_annotate_sentences_survive_initials_and_abbreviations(annotate: Callable[[str, str], Annotated]) -> None:
    annotated = annotate("Außenminister Antony J. Blinken kam. U.S. Secretary of State Antony Blinken ging.", "de")
    assert [s.text for s in annotated.sentences] == ["Außenminister Antony J. Blinken kam.",
                                                     "U.S. Secretary of State Antony Blinken ging."]


def _train_tiny_ner(path: Path) -> None:
    """A blank German pipeline whose NER learns four hand-made sentences, saved to path."""
    import spacy
    from spacy.training import Example
    from spacy.util import fix_random_seed

    fix_random_seed(0)
    nlp = spacy.blank("de")
    ner = nlp.add_pipe("ner")
    data = [("Die Firma Quarxel wächst schnell.", [(10, 17, "ORG")]),
            ("Gestern sprach Zorbek Talmani in Hamburg.", [(15, 29, "PER"), (33, 40, "LOC")]),
            ("Quarxel verklagt die Stadt.", [(0, 7, "ORG")]),
            ("Der Sprecher von Quarxel schwieg.", [(17, 24, "ORG")])]
    for _, entities in data:
        for _, _, label in entities:
            ner.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(text), {"entities": ents}) for text, ents in data]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(0)
    for _ in range(30):
        rng.shuffle(examples)
        nlp.update(examples, sgd=optimizer, drop=0.0)
    nlp.to_disk(path)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("model") / "tiny-de"
    _train_tiny_ner(path)
    return path


def test_annotate_model_entities_are_one_more_source(kb: KnowledgeBase, tiny_model: Path) -> None:
    # sentence-initial and without a cue ("die Firma"), the company is beyond the rules
    text = "Quarxel verklagt die Stadt. Nato-Generalsekretär Jens Stoltenberg warnte."
    plain = next(Annotator(kb, "de").annotate([Article("t", text, "de", date=FRIDAY)]))
    assert [m.text for m in plain.mentions] == ["Nato", "Jens Stoltenberg"]
    annotator = Annotator(kb, "de", model=str(tiny_model))
    assert annotator.uses_model
    found = next(annotator.annotate([Article("t", text, "de", date=FRIDAY)]))
    quarxel = [m for m in found.mentions if m.text == "Quarxel"]
    assert quarxel == [Mention(0, 7, "Quarxel", "Organization", "organization:quarxel", 0, None, "model")]
    # the KB mentions are still there, and still win
    assert [(m.text, m.source) for m in found.mentions if m.source != "model"] == [
        ("Nato", "kb-part"), ("Jens Stoltenberg", "kb")]


def test_annotate_model_option_reaches_the_graph(tiny_model: Path, tmp_path: Path) -> None:
    from kg.pipeline import BuildOptions, build
    from kg.store import EmbeddedStore

    doc = tmp_path / "quarxel.txt"
    doc.write_text("---\nid: quarxel\ndate: 2022-01-07\nlang: de\n---\nDie Firma Quarxel wächst schnell.\n",
                   encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    try:
        report = build([doc], store, BuildOptions(model=str(tiny_model)))
        assert report.built == 1 and not report.failures
        rows = store.query("""PREFIX kg: <https://w3id.org/geokg/ontology#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT ?anchor ?label WHERE { GRAPH ?g { ?m kg:anchor ?anchor ; kg:mentionOf/rdfs:label ?label } }""")
        assert [(str(r["anchor"].value), str(r["label"].value)) for r in rows] == [("Quarxel", "Quarxel")]
    finally:
        store.close()


def _rules_table() -> list[tuple[str, str, str, str]]:
    """The rows of docs/extraction.md's table of rules for names the knowledge base does not know."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "extraction.md").read_text(encoding="utf-8")
    table = text.split("## Names the knowledge base does not know", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[1] in {"Person", "Place", "Organization", "none"}:
            rows.append((cells[0], cells[1], cells[2], cells[3]))
    return rows


RULE_ROWS = _rules_table()


def _coarse(kind: str) -> str:
    from kg.extract.entities import ORG_KINDS, PLACE_KINDS

    return "Place" if kind in PLACE_KINDS else "Organization" if kind in ORG_KINDS else kind


def test_annotate_docs_rules_table_has_rows() -> None:
    assert len(RULE_ROWS) >= 30


@pytest.mark.parametrize(("rule", "kind", "de", "en"), RULE_ROWS, ids=[r[0] for r in RULE_ROWS])
def test_annotate_docs_rules_table(annotate: Callable[[str, str], Annotated], rule: str, kind: str, de: str,
                                   en: str) -> None:
    from kg.extract.entities import is_name_mention

    for lang, example in (("de", de), ("en", en)):
        if example == "–":
            continue
        start = example.index("[[")
        end = example.index("]]") - 2
        text = example.replace("[[", "").replace("]]", "")
        names = [m for m in annotate(text, lang).mentions if is_name_mention(m)]
        if kind == "none":
            assert not [m for m in names if m.start < end and start < m.end], f"{lang}: {example} gave {names}"
        else:
            found = [(m.text, _coarse(m.kind)) for m in names if (m.start, m.end) == (start, end)]
            assert found == [(text[start:end], kind)], f"{lang}: {example} gave {[(m.text, m.kind) for m in names]}"


def test_annotate_rules_give_unlinked_names_with_keys(annotate: Callable[[str, str], Annotated]) -> None:
    found = annotate("Die Stadt Celle feiert. Der Konzern Quarxel und Herr Willmai feiern mit. Ganz Celle tanzt.", "de")
    rows = [(m.text, m.kind, m.key, m.qid, m.source) for m in found.mentions]
    assert rows == [("Celle", "City", "place:celle", None, "pattern"),
                    ("Quarxel", "Organization", "org:quarxel", None, "pattern"),
                    ("Willmai", "Person", "per:willmai", None, "pattern"),
                    ("Celle", "City", "place:celle", None, "pattern")]


def test_annotate_german_nouns_after_prepositions_are_no_places(annotate: Callable[[str, str], Annotated]) -> None:
    text = ("Das Gesetz tritt in Kraft. Nach Angaben der Polizei kam er nach Hause. Er wurde in Ruhestand versetzt. "
            "Die Figuren waren aus Sandstein. In Teilen der Stadt regnet es. Er war in Sorge.")
    assert [m.text for m in annotate(text, "de").mentions] == []


def test_annotate_person_names_stop_at_function_words_and_nouns(annotate: Callable[[str, str], Annotated]) -> None:
    # paragraphs run together without a full stop, as in some news feeds
    found = annotate("Das erklärte BP-Chef Tony Hayward Die Ölplattform sank.", "de").mentions
    assert [(m.text, m.kind) for m in found if m.source == "pattern"] == [("Tony Hayward", "Person")]
    found = annotate("Die Grenze liegt bei 100 000 Mark Umsatz im Jahr.", "de").mentions
    assert [m.text for m in found] == []
    found = annotate("Will Biden run again?", "en").mentions
    assert [(m.text, m.source) for m in found] == [("Biden", "kb-surname")]


def test_annotate_compound_parts_stay_cues_for_the_extractors(kb: KnowledgeBase) -> None:
    from kg.pipeline import Pipeline

    text = ("Nato-Generalsekretär Jens Stoltenberg warnte am Freitag. Der französische Präsident Emmanuel Macron "
            "reiste nach Berlin. Der US-Dollar fiel.")
    linked = next(Pipeline(kb).process([Article("t", text, "de", date=FRIDAY)]))
    offices = [(o.holder, o.of, o.role_kind) for o in linked.extraction.offices]
    assert ("Q57665", "Q7184", "secretary general") in offices  # the "Nato-" prefix still names the owner
    assert ("Q3052772", "Q142", "president") in offices  # so does the adjective "französische"


def test_annotate_graph_mentions_are_names_only(kb: KnowledgeBase) -> None:
    from kg.mapping import map_linked
    from kg.pipeline import Pipeline
    from kg.vocab import KG

    text = ("Nato-Generalsekretär Jens Stoltenberg warnte am Freitag. Der französische Präsident Emmanuel Macron "
            "reiste nach Berlin. Der US-Dollar fiel.")
    linked = next(Pipeline(kb).process([Article("t", text, "de", date=FRIDAY)]))
    anchors = sorted(str(q.object.value) for q in map_linked(linked) if q.predicate == KG.anchor)
    assert anchors == ["Berlin", "Emmanuel Macron", "Jens Stoltenberg"]


def test_annotate_lone_given_name_the_linker_would_take_for_a_surname(annotate: Callable[[str, str], Annotated],
                                                                      kb: KnowledgeBase) -> None:
    # the bundled KB has Petr Pavel: a lone "Pavel" is left to the KB's surname rules, never a new person
    assert any(c.kind == "Person" for c in kb.candidates("Pavel"))
    found = annotate("Das Geschenk war für Pavel.", "de").mentions
    assert [m for m in found if m.source == "pattern"] == []
    assert [(m.text, m.source) for m in annotate("Das Geschenk war für Anja.", "de").mentions] == [("Anja", "pattern")]


def test_annotate_acronym_takes_a_place_only_after_an_article(annotate: Callable[[str, str], Annotated]) -> None:
    found = annotate("Er wechselte zum MSV Quarxelburg.", "de").mentions
    assert [(m.text, m.kind) for m in found] == [("MSV Quarxelburg", "Organization")]
    # paragraphs run together: "… könnte BP London (dpa) - …" keeps London a place
    found = annotate("Die Ölpest wächst und könnte BP London (dpa) - Auf den Konzern kommen Kosten zu.", "de").mentions
    assert ("London", "City") in [(m.text, m.kind) for m in found]
