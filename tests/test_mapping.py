"""The RDF mapping: deterministic IRIs and output, typed dates, closed vocabulary."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

from kg.kb import bundled_kb
from kg.mapping import date_literal, map_linked
from kg.pipeline import Pipeline
from kg.read import read_text
from kg.records import DateValue
from kg.vocab import KG, ONTOLOGY, RDFS_LABEL, entity_iri

TEXT = ("Am Montag empfing Bundeskanzler Olaf Scholz den französischen Präsidenten Emmanuel Macron in Berlin. "
        "Die beiden sprachen über die Ukraine.")


def _quads():
    article = read_text(TEXT, doc_id="t1", date=dt.date(2023, 5, 10), lang="de")
    (linked,) = Pipeline(bundled_kb()).process([article])
    return map_linked(linked, dt.datetime(2024, 1, 1, tzinfo=dt.UTC))


def test_mapping_same_input_same_quads():
    assert [str(q) for q in _quads()] == [str(q) for q in _quads()]


def test_mapping_uses_only_ontology_terms():
    for q in _quads():
        for term in (q.predicate, q.object):
            value = getattr(term, "value", "")
            if isinstance(value, str) and value.startswith(ONTOLOGY):
                assert value[len(ONTOLOGY):] in KG


def test_mapping_everything_in_the_document_graph():
    graphs = {q.graph_name.value for q in _quads()}
    assert len(graphs) == 1 and next(iter(graphs)).startswith("https://w3id.org/geokg/graph/document/")


def test_mapping_date_literals_carry_their_precision():
    assert date_literal(DateValue("2022-01-07", "day", "am Freitag")).datatype.value.endswith("#date")
    assert date_literal(DateValue("2019-06", "month", "im Juni 2019")).datatype.value.endswith("#gYearMonth")
    assert date_literal(DateValue("2019", "season", "im Sommer 2019")).datatype.value.endswith("#gYear")


def test_mapping_linked_entities_are_named_by_qid():
    subjects = {q.subject.value for q in _quads() if q.predicate == KG.wikidata}
    assert "https://w3id.org/geokg/id/entity/Q3052772" in subjects  # Emmanuel Macron


def test_mapping_two_names_of_one_node_give_it_one_label():
    text = "Der Unternehmer Karl-Heinz Brandauer traf in Wien den Bundeskanzler Olaf Scholz."
    (linked,) = Pipeline(bundled_kb()).process([read_text(text, doc_id="t2", date=dt.date(2023, 5, 10), lang="de")])
    first = next(e for e in linked.extraction.entities if e.name == "Karl-Heinz Brandauer")
    # a second cluster whose name differs only in what the IRI's slug drops
    second = dataclasses.replace(first, key="per:brandauer-2", name="Karl Heinz Brandauer")
    extraction = dataclasses.replace(linked.extraction, entities=(*linked.extraction.entities, second))
    quads = map_linked(dataclasses.replace(linked, extraction=extraction))
    node = entity_iri(None, "Person", "Karl Heinz Brandauer")
    assert node == entity_iri(None, "Person", "Karl-Heinz Brandauer")
    labels_of_node = [q.object.value for q in quads if q.subject == node and q.predicate == RDFS_LABEL]
    assert labels_of_node == ["Karl-Heinz Brandauer"]
    labels = Counter(q.subject for q in quads if q.predicate == RDFS_LABEL)
    assert labels and max(labels.values()) == 1
