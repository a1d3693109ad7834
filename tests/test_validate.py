"""SHACL validation of document graphs: the mapper's output conforms, broken graphs say why."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef

from kg.errors import ValidationError
from kg.mapping import map_linked
from kg.records import (
    Article,
    DateValue,
    Entity,
    Evidence,
    Extraction,
    Link,
    Linked,
    Meeting,
    Membership,
    Mention,
    Office,
    Sentence,
)
from kg.store import DocumentGraph, EmbeddedStore
from kg.validate import (
    Violation,
    format_violation,
    ontology_graph,
    to_rdflib,
    validate_graph,
    validate_store,
)
from kg.vocab import KG, RDF_TYPE, RDFS_LABEL, XSD, document_iri

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_aa9fb3416deedb31.txt"


# --- a hand-built extraction of the seed article --------------------------------------------------
#
# Offsets are found in the real text, so they are right by construction; no models are loaded.

ENTITIES = {
    # key: (kind, qid, label, surface forms to mention)
    "nato": ("Alliance", "Q7184", "NATO", ("NATO-Außenminister", "Nato-Generalsekretär", "NATO in Brüssel")),
    "osce": (
        "InternationalOrganization",
        "Q81299",
        "OSZE",
        ("Organisation für Sicherheit und Zusammenarbeit in Europa",),
    ),
    "nrc": ("Council", None, "NATO-Russland-Rat", ("NATO-Russland-Rat",)),
    "stoltenberg": ("Person", "Q57665", "Jens Stoltenberg", ("Jens Stoltenberg",)),
    "blinken": ("Person", "Q7821917", "Antony Blinken", ("Antony J. Blinken",)),
    "kuleba": ("Person", "Q24025631", "Dmytro Kuleba", ("Dmytro Kuleba",)),
    "biden": ("Person", "Q6279", "Joe Biden", ("Biden",)),
    "putin": ("Person", "Q7747", "Wladimir Putin", ("Wladimir V. Putin",)),
    "usa": (
        "Country",
        "Q30",
        "Vereinigte Staaten",
        ("Vereinigten Staaten", "USA und Russland", "USA und Kanada"),
    ),
    "russia": (
        "Country",
        "Q159",
        "Russland",
        ("Russlands anhaltende", "mit Russland und", "Ukraine und Russland"),
    ),
    "ukraine": ("Country", "Q212", "Ukraine", ("Nähe der Ukraine", "ukrainischen", "darunter die Ukraine")),
    "canada": ("Country", "Q16", "Kanada", ("Kanada",)),
    "brussels": ("City", "Q239", "Brüssel", ("BRÜSSEL", "in Brüssel mit")),
    "geneva": ("City", "Q71", "Genf", ("Genf",)),
    "vienna": ("City", "Q1741", "Wien", ("Wien",)),
}
# The words of a surface form that are the mention itself, where the surface adds context.
HEADS = {
    "NATO-Außenminister": "NATO",
    "Nato-Generalsekretär": "Nato",
    "NATO in Brüssel": "NATO",
    "USA und Russland": "USA",
    "USA und Kanada": "USA",
    "Russlands anhaltende": "Russlands",
    "mit Russland und": "Russland",
    "Ukraine und Russland": "Russland",
    "Nähe der Ukraine": "Ukraine",
    "darunter die Ukraine": "Ukraine",
    "in Brüssel mit": "Brüssel",
}


def _sentences(text: str) -> tuple[Sentence, ...]:
    """A naive split at line breaks and sentence-final punctuation: enough for fixed test text."""
    out: list[Sentence] = []
    bounds = [0]
    for match in re.finditer(r"\n+|(?<=[.!?])\s+", text):
        if not re.search(r"\b[A-Z]\.$", text[: match.start()]):  # initials: "Antony J. Blinken"
            bounds += [match.start(), match.end()]
    bounds.append(len(text))
    for start, end in zip(bounds[::2], bounds[1::2], strict=True):
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            out.append(Sentence(len(out), start, end, text[start:end]))
    return tuple(out)


class Seed:
    """Offsets and records for the seed article, looked up by the words they cover."""

    def __init__(self) -> None:
        text = SEED.read_text(encoding="utf-8")
        # The reader strips the front matter; offsets count from the body.
        self.text = text.split("---\n", 2)[2] if text.startswith("---\n") else text
        self.sentences = _sentences(self.text)

    def find(self, words: str, head: str | None = None) -> tuple[int, int]:
        start = self.text.index(words)
        if head is None:
            return start, start + len(words)
        offset = words.index(head)
        return start + offset, start + offset + len(head)

    def sentence_at(self, offset: int) -> Sentence:
        return next(s for s in self.sentences if s.start <= offset < s.end)

    def evidence(self, words: str, extractor: str, confidence: float) -> Evidence:
        start, end = self.find(words)
        return Evidence(self.sentence_at(start), start, end, extractor, confidence)

    def entity(self, key: str) -> Entity:
        kind, qid, label, surfaces = ENTITIES[key]
        mentions = []
        for surface in surfaces:
            start, end = self.find(surface, HEADS.get(surface))
            mentions.append(
                Mention(start, end, self.text[start:end], kind, key, self.sentence_at(start).index, qid)
            )
        return Entity(key, label, kind, tuple(mentions), qid)


def seed_linked() -> Linked:
    """The seed article's gold facts as an extractor would hand them to the mapper."""
    seed = Seed()
    article = Article(
        doc_id="000_aa9fb3416deedb31",
        text=seed.text,
        lang="de",
        title=seed.text.splitlines()[0],
        date=dt.date(2022, 1, 7),
        path="seeds/000_aa9fb3416deedb31.txt",
        content_hash=hashlib.sha256(seed.text.encode("utf-8")).hexdigest(),
    )
    ev = seed.evidence
    offices = (
        Office(
            "stoltenberg",
            "Nato-Generalsekretär",
            "secretary general",
            "nato",
            "current",
            ev("Nato-Generalsekretär Jens Stoltenberg", "office.title-name", 0.9),
            "Q167662",
        ),
        Office(
            "blinken",
            "Außenminister",
            "foreign minister",
            "usa",
            "current",
            ev("Außenminister Antony J. Blinken", "office.title-name", 0.9),
            "Q14213",
        ),
        Office(
            "kuleba",
            "Außenminister",
            "foreign minister",
            "ukraine",
            "current",
            ev("ukrainischen Außenminister Dmytro Kuleba", "office.adj-title-name", 0.85),
        ),
        Office(
            "biden",
            "Präsident",
            "president",
            "usa",
            "current",
            ev("Präsident Biden", "office.title-name", 0.8),
            "Q11696",
        ),
        Office(
            "putin",
            "Präsidenten",
            "president",
            "russia",
            "current",
            ev("Russland und seinem Präsidenten Wladimir V. Putin", "office.possessive", 0.8),
            "Q218295",
        ),
    )
    day = lambda iso, words: DateValue(iso, "day", words)  # noqa: E731
    meetings = (
        Meeting(
            "ministerial",
            "Treffen der NATO-Außenminister",
            day("2022-01-07", "am Freitag"),
            None,
            True,
            ("nato",),
            ev("NATO-Außenminister trafen sich am Freitag virtuell", "meeting.verb", 0.8),
        ),
        Meeting(
            "bilateral",
            "Gespräche in Genf",
            day("2022-01-10", "am Montag"),
            "geneva",
            None,
            ("usa", "russia"),
            ev("Diese Genfer Gespräche", "meeting.noun", 0.6),
        ),
        Meeting(
            "meeting",
            "NATO trifft Kuleba",
            day("2022-01-10", "am Montag"),
            "brussels",
            None,
            ("nato", "kuleba"),
            ev(
                "NATO in Brüssel mit dem ukrainischen Außenminister Dmytro Kuleba zusammentrifft",
                "meeting.verb",
                0.7,
            ),
        ),
        Meeting(
            "council",
            "Treffen des NATO-Russland-Rats",
            day("2022-01-12", "Am Mittwoch"),
            "brussels",
            None,
            ("nrc",),
            ev(
                "Am Mittwoch trifft sich dann in Brüssel der längst im Sterben liegende NATO-Russland-Rat",
                "meeting.verb",
                0.7,
            ),
        ),
        Meeting(
            "meeting",
            "Gespräche bei der OSZE",
            day("2022-01-13", "am Donnerstag"),
            "vienna",
            None,
            ("osce",),
            ev("am Donnerstag in Wien Gespräche", "meeting.noun", 0.6),
        ),
        Meeting(
            "council",
            "letztes Treffen des NATO-Russland-Rats",
            DateValue("2019", "season", "im Sommer 2019"),
            None,
            None,
            ("nrc",),
            ev("letzten Treffen im Sommer 2019", "meeting.noun", 0.5),
        ),
    )
    memberships = (
        Membership(
            "usa",
            "nato",
            ev(
                "Zu den 30 Mitgliedern der NATO gehören nur zwei, die USA und Kanada", "membership.list", 0.85
            ),
        ),
        Membership(
            "canada",
            "nato",
            ev(
                "Zu den 30 Mitgliedern der NATO gehören nur zwei, die USA und Kanada", "membership.list", 0.85
            ),
        ),
        Membership(
            "ukraine",
            "osce",
            ev(
                "einer Gruppe von 57 Nationen, darunter die Ukraine und Russland",
                "membership.apposition",
                0.75,
            ),
        ),
        Membership(
            "russia",
            "osce",
            ev(
                "einer Gruppe von 57 Nationen, darunter die Ukraine und Russland",
                "membership.apposition",
                0.75,
            ),
        ),
    )
    entities = tuple(seed.entity(key) for key in ENTITIES)
    links = tuple(
        Link(key, qid, 0.92 if qid else 0.31, label, kind) for key, (kind, qid, label, _) in ENTITIES.items()
    )
    extraction = Extraction(article, seed.sentences, entities, offices, meetings, memberships)
    return Linked(extraction, links)


def seed_quads() -> list[ox.Quad]:
    return map_linked(seed_linked(), ingested_at=dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.UTC))


def _replace(
    quads: list[ox.Quad],
    predicate: ox.NamedNode,
    value: ox.NamedNode | ox.Literal | None,
    subject: ox.NamedNode | None = None,
) -> list[ox.Quad]:
    """The quads with the first triple of ``predicate`` (on ``subject``) given a new object, or dropped."""
    hit = next(q for q in quads if q.predicate == predicate and (subject is None or q.subject == subject))
    rest = [q for q in quads if q != hit]
    return rest if value is None else [*rest, ox.Quad(hit.subject, predicate, value, hit.graph_name)]


def _season_meeting(quads: list[ox.Quad]) -> ox.NamedNode:
    season = ox.Literal("season")
    return _subject(quads, KG.datePrecision, season)


def _subject(quads: list[ox.Quad], predicate: ox.NamedNode, value: ox.NamedNode | ox.Literal) -> ox.NamedNode:
    """The subject of the first triple with this predicate and object."""
    found = next(q.subject for q in quads if q.predicate == predicate and q.object == value)
    assert isinstance(found, ox.NamedNode)
    return found


def _only(violations: list[Violation], path: str) -> Violation:
    found = [v for v in violations if v.path == path]
    assert len(found) == 1, violations
    return found[0]


# --- the mapper's output conforms ----------------------------------------------------------------


def test_validate_seed_graph_conforms() -> None:
    quads = seed_quads()
    assert validate_graph(quads) == []
    kinds = {q.object for q in quads if q.predicate == RDF_TYPE}
    assert {KG.OfficeHolding, KG.Meeting, KG.Membership, KG.Position, KG.Mention, KG.Sentence} <= kinds


def test_validate_seed_graph_is_fast() -> None:
    validate_graph(seed_quads())  # the first call parses the shapes and imports pyshacl
    started = time.perf_counter()
    validate_graph(seed_quads())
    assert time.perf_counter() - started < 2.0


def test_validate_minimal_document_conforms() -> None:
    text = "Scholz traf Macron."
    sentence = Sentence(0, 0, len(text), text)
    article = Article("min", text, "en", content_hash="abc")
    linked = Linked(
        Extraction(
            article,
            (sentence,),
            (Entity("scholz", "Scholz", "Person", (Mention(0, 6, "Scholz", "Person", "scholz", 0),)),),
        ),
        (),
    )
    assert validate_graph(map_linked(linked)) == []


# --- broken graphs: each break gives one clear violation ----------------------------------------


def test_validate_missing_holder_is_reported() -> None:
    quads = seed_quads()
    holding = _subject(quads, RDF_TYPE, KG.OfficeHolding)
    quads = _replace(quads, KG.holder, None, subject=holding)
    violation = _only(validate_graph(quads), "kg:holder")
    assert violation.focus == holding.value
    assert violation.severity == "Violation"
    assert "exactly one kg:holder" in violation.message
    assert format_violation(violation) == f"{holding.value} kg:holder: {violation.message}"


def test_validate_confidence_out_of_range_is_reported() -> None:
    linked = seed_linked()
    office = linked.extraction.offices[0]
    broken = dataclasses.replace(office, evidence=dataclasses.replace(office.evidence, confidence=1.7))
    extraction = dataclasses.replace(linked.extraction, offices=(broken, *linked.extraction.offices[1:]))
    violation = _only(
        validate_graph(map_linked(dataclasses.replace(linked, extraction=extraction))), "kg:confidence"
    )
    assert violation.focus.endswith("/evidence")
    assert "[0, 1]" in violation.message and "1.7" in violation.message


def test_validate_mention_end_before_start_is_reported() -> None:
    linked = seed_linked()
    entity = linked.extraction.entities[0]
    mention = entity.mentions[0]
    backwards = dataclasses.replace(mention, start=mention.end, end=mention.start)
    entities = (dataclasses.replace(entity, mentions=(backwards,)), *linked.extraction.entities[1:])
    quads = map_linked(
        dataclasses.replace(linked, extraction=dataclasses.replace(linked.extraction, entities=entities))
    )
    violations = validate_graph(quads)
    violation = _only([v for v in violations if "less than" in v.message], "kg:start")
    assert violation.focus.endswith(f"/mention/{mention.end}-{mention.start}")
    assert violation.message.startswith("kg:start must be less than kg:end")


def test_validate_wikidata_not_an_item_is_reported() -> None:
    quads = seed_quads()
    putin = _subject(quads, KG.wikidata, ox.NamedNode("http://www.wikidata.org/entity/Q7747"))
    quads = _replace(quads, KG.wikidata, ox.NamedNode("https://www.wikidata.org/wiki/Q7747"), subject=putin)
    violation = _only(validate_graph(quads), "kg:wikidata")
    assert violation.focus == putin.value
    assert "http://www.wikidata.org/entity/Q<digits>" in violation.message
    assert "https://www.wikidata.org/wiki/Q7747" in violation.message


def test_validate_wikidata_literal_is_reported() -> None:
    quads = seed_quads()
    putin = _subject(quads, KG.wikidata, ox.NamedNode("http://www.wikidata.org/entity/Q7747"))
    quads = _replace(quads, KG.wikidata, ox.Literal("Q7747"), subject=putin)
    assert _only(validate_graph(quads), "kg:wikidata").focus == putin.value


def test_validate_entity_with_two_labels_is_reported() -> None:
    quads = seed_quads()
    putin = _subject(quads, KG.wikidata, ox.NamedNode("http://www.wikidata.org/entity/Q7747"))
    graph = quads[0].graph_name
    quads = [*quads, ox.Quad(putin, RDFS_LABEL, ox.Literal("Putin", language="de"), graph)]
    violation = _only(validate_graph(quads), "rdfs:label")
    assert violation.focus == putin.value
    assert "exactly one rdfs:label" in violation.message


def test_validate_evidence_outside_its_sentence_is_reported() -> None:
    linked = seed_linked()
    ms = linked.extraction.memberships[0]
    first = linked.extraction.sentences[0]
    moved = dataclasses.replace(ms, evidence=dataclasses.replace(ms.evidence, sentence=first))
    extraction = dataclasses.replace(
        linked.extraction, memberships=(moved, *linked.extraction.memberships[1:])
    )
    violation = _only(
        validate_graph(map_linked(dataclasses.replace(linked, extraction=extraction))), "kg:inSentence"
    )
    assert "outside its sentence" in violation.message
    assert f"{ms.evidence.start}-{ms.evidence.end}" in violation.message


def test_validate_date_of_wrong_precision_is_reported() -> None:
    quads = seed_quads()
    meeting = _season_meeting(quads)
    quads = _replace(
        quads, KG.date, ox.Literal("2019-06", datatype=ox.NamedNode(XSD + "gYearMonth")), subject=meeting
    )
    violation = _only(validate_graph(quads), "kg:date")
    assert violation.focus == meeting.value
    assert 'kg:datePrecision "season"' in violation.message


def test_validate_date_without_precision_is_reported() -> None:
    quads = seed_quads()
    meeting = _season_meeting(quads)
    quads = _replace(quads, KG.datePrecision, None, subject=meeting)
    violation = _only(validate_graph(quads), "kg:datePrecision")
    assert "come together" in violation.message


def test_validate_person_as_location_is_reported() -> None:
    quads = seed_quads()
    putin = _subject(quads, KG.wikidata, ox.NamedNode("http://www.wikidata.org/entity/Q7747"))
    violation = _only(validate_graph(_replace(quads, KG.location, putin)), "kg:location")
    assert "kg:Place" in violation.message


def test_validate_property_the_mapper_does_not_write_is_reported() -> None:
    quads = seed_quads()
    doc = document_iri("000_aa9fb3416deedb31")
    graph = quads[0].graph_name
    quads.append(
        ox.Quad(doc, KG.confidence, ox.Literal("0.5", datatype=ox.NamedNode(XSD + "decimal")), graph)
    )
    violation = _only(validate_graph(quads), "kg:confidence")
    assert violation.focus == doc.value
    assert violation.message.startswith("not a property the mapper writes")
    assert '"0.5"^^xsd:decimal' in violation.message


def test_validate_anchor_that_differs_from_text_is_a_warning() -> None:
    quads = seed_quads()
    mention = _subject(quads, KG.anchor, ox.Literal("Kanada"))
    violation = _only(
        validate_graph(_replace(quads, KG.anchor, ox.Literal("Canada"), subject=mention)), "kg:anchor"
    )
    assert violation.severity == "Warning"
    assert '"Kanada"' in violation.message
    assert format_violation(violation).startswith(f"warning: {mention.value} kg:anchor: ")


def test_validate_same_fact_twice_in_one_document_is_reported() -> None:
    # The mapper names a holding by (document, holder, role kind, office of, status) and its
    # evidence by the holding, so the same holding read from two sentences gets one evidence
    # node with two spans; the shapes catch that instead of letting provenance go ambiguous.
    linked = seed_linked()
    office = linked.extraction.offices[0]
    other = linked.extraction.sentences[3]
    again = dataclasses.replace(office, evidence=Evidence(other, other.start, other.end, "office.other", 0.5))
    extraction = dataclasses.replace(linked.extraction, offices=(*linked.extraction.offices, again))
    violations = validate_graph(map_linked(dataclasses.replace(linked, extraction=extraction)))
    assert {v.path for v in violations} >= {
        "kg:inSentence",
        "kg:start",
        "kg:end",
        "kg:confidence",
        "kg:extractor",
    }
    assert all(v.focus.endswith("/evidence") for v in violations)


# --- the pieces --------------------------------------------------------------------------------


def test_validate_terms_convert_exactly() -> None:
    assert to_rdflib(ox.NamedNode("http://example.org/a")) == URIRef("http://example.org/a")
    assert to_rdflib(ox.BlankNode("b1")) == BNode("b1")
    assert to_rdflib(ox.Literal("Treffen", language="de")) == Literal("Treffen", lang="de")
    plain = to_rdflib(ox.Literal("plain"))
    assert plain == Literal("plain")
    assert isinstance(plain, Literal) and plain.datatype is None
    typed = to_rdflib(ox.Literal("2019", datatype=ox.NamedNode(XSD + "gYear")))
    assert typed == Literal("2019", datatype=URIRef(XSD + "gYear"))


def test_validate_blank_node_evidence_is_reported() -> None:
    quads = seed_quads()
    link = next(q for q in quads if q.predicate == KG.evidence)
    fact = link.subject.value if isinstance(link.subject, ox.NamedNode) else ""
    blank = ox.BlankNode("ev")
    moved = [
        ox.Quad(
            blank if q.subject == link.object else q.subject,
            q.predicate,
            blank if q.object == link.object else q.object,
            q.graph_name,
        )
        for q in quads
    ]
    by_focus = {v.focus: v for v in validate_graph(moved)}
    assert set(by_focus) == {"_:ev", fact}
    assert "IRI" in by_focus["_:ev"].message
    assert by_focus[fact].path == "kg:evidence"
    assert "an IRI" in by_focus[fact].message


def test_validate_format_violation_is_one_line() -> None:
    v = Violation("https://w3id.org/geokg/id/x", "kg:holder", "needs a\nholder", "Violation")
    assert format_violation(v) == "https://w3id.org/geokg/id/x kg:holder: needs a holder"
    assert format_violation(dataclasses.replace(v, path="")) == "https://w3id.org/geokg/id/x: needs a holder"


# --- how much provenance costs ------------------------------------------------------------------

# The query docs/model.md gives readers, so the figure there is counted the way it says.
PROVENANCE_QUERY = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT (COUNT(DISTINCT ?fact) AS ?facts) (COUNT(*) AS ?triples) WHERE {
  { ?fact kg:evidence ?ev } UNION { ?f kg:evidence ?ev . ?ev ?p ?o }
}
"""
SENTENCE_QUERY = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT (COUNT(DISTINCT ?s) AS ?sentences) (COUNT(*) AS ?triples) WHERE {
  { SELECT DISTINCT ?s WHERE { ?fact kg:evidence ?ev . ?ev kg:inSentence ?s } } ?s ?p ?o
}
"""


def _count(quads: list[ox.Quad], query: str) -> tuple[int, int]:
    store = ox.Store()
    store.extend(quads)
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    row = next(iter(solutions))
    return tuple(int(term.value) for term in row)  # type: ignore[return-value]


def test_validate_provenance_triples_per_fact_matches_docs() -> None:
    quads = seed_quads()
    facts, triples = _count(quads, PROVENANCE_QUERY)
    sentences, sentence_triples = _count(quads, SENTENCE_QUERY)
    mentions = sum(1 for q in quads if q.predicate == RDF_TYPE and q.object == KG.Mention)
    assert (facts, triples) == (15, 90)
    model = " ".join((ROOT / "docs" / "model.md").read_text(encoding="utf-8").split())
    assert PROVENANCE_QUERY.strip() in (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    claims = [
        f"**{triples / facts:.1f} provenance triples per fact** ({triples} triples for {facts} facts)",
        f"The {sentences} sentences those facts cite add {sentence_triples} triples, shared with {mentions}"
        f" mentions; charged to the facts alone they would add {sentence_triples / facts:.1f} per fact",
    ]
    for claim in claims:
        assert claim in model, f"update PROVENANCE in kg/ontology_doc.py: {claim}"


@pytest.mark.parametrize("precision,datatype", [("day", "date"), ("month", "gYearMonth"), ("year", "gYear")])
def test_validate_meeting_dates_of_each_precision_conform(precision: str, datatype: str) -> None:
    value = {"day": "2022-01-07", "month": "2022-01", "year": "2022"}[precision]
    linked = seed_linked()
    meeting = dataclasses.replace(linked.extraction.meetings[0], date=DateValue(value, precision, "damals"))  # type: ignore[arg-type]
    extraction = dataclasses.replace(linked.extraction, meetings=(meeting,))
    quads = map_linked(dataclasses.replace(linked, extraction=extraction))
    dates = [q.object for q in quads if q.predicate == KG.date]
    assert [d.datatype for d in dates if isinstance(d, ox.Literal)] == [ox.NamedNode(XSD + datatype)]
    assert validate_graph(quads) == []


# --- a whole store --------------------------------------------------------------------------------


def _store_with_seed(quads: list[ox.Quad]) -> EmbeddedStore:
    store = EmbeddedStore.in_memory()
    linked = seed_linked()
    article = linked.extraction.article
    store.write_documents([DocumentGraph(article.doc_id, article.content_hash, tuple(quads))])
    return store


def test_validate_store_checks_every_document_graph() -> None:
    quads = seed_quads()
    assert validate_store(_store_with_seed(quads)) == []
    holding = _subject(quads, RDF_TYPE, KG.OfficeHolding)
    broken = _store_with_seed(_replace(quads, KG.holder, None, subject=holding))
    assert [v.path for v in validate_store(broken)] == ["kg:holder"]
    assert [v.path for v in validate_store(broken, "000_aa9fb3416deedb31")] == ["kg:holder"]
    assert [v.path for v in validate_store(broken, "seeds/000_aa9fb3416deedb31.txt")] == ["kg:holder"]


def test_validate_store_names_a_missing_document() -> None:
    with pytest.raises(ValidationError, match="nope: no document"):
        validate_store(_store_with_seed(seed_quads()), "nope")


# --- the ontology's axioms hold on real output ------------------------------------------------

ERRORS = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")  # where owlrl records them
ORG_MEMBER_OF = URIRef("http://www.w3.org/ns/org#memberOf")


def _owl_rl_closure(quads: list[ox.Quad]) -> Graph:
    import owlrl

    graph = ontology_graph("geokg.ttl", "alignments.ttl")
    for q in quads:
        graph.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(
        graph
    )
    return graph


def test_validate_seed_graph_is_consistent_under_owl_rl() -> None:
    # Disjointness and functional properties must not contradict what the mapper writes, and
    # the alignments' property chains must derive W3C ORG's shortcut from kg:Membership nodes.
    graph = _owl_rl_closure(seed_quads())
    assert [str(e) for e in graph.objects(None, ERRORS)] == []
    members = {
        (str(s).rsplit("/", 1)[-1], str(o).rsplit("/", 1)[-1])
        for s, o in graph.subject_objects(ORG_MEMBER_OF)
    }
    assert members == {("Q30", "Q7184"), ("Q16", "Q7184"), ("Q212", "Q81299"), ("Q159", "Q81299")}


def test_validate_owl_rl_catches_a_person_typed_as_organization() -> None:
    quads = seed_quads()
    putin = _subject(quads, KG.wikidata, ox.NamedNode("http://www.wikidata.org/entity/Q7747"))
    quads.append(ox.Quad(putin, RDF_TYPE, KG.Organization, quads[0].graph_name))
    assert list(_owl_rl_closure(quads).objects(None, ERRORS)) != []


# --- what the real stages produce -----------------------------------------------------------------


def _minimal(entities: tuple[Entity, ...], links: tuple[Link, ...]) -> Linked:
    text = "Der Nato-Generalsekretär sprach mit Putin und Wladimir Putin."
    sentence = Sentence(0, 0, len(text), text)
    return Linked(Extraction(Article("mini", text, "de", content_hash="abc"), (sentence,), entities), links)


def test_validate_position_that_is_only_mentioned_conforms() -> None:
    # The knowledge base lists positions, so the annotator links role words like these.
    mention = Mention(4, 24, "Nato-Generalsekretär", "Position", "Q167662", 0, "Q167662")
    entity = Entity("Q167662", "NATO-Generalsekretär", "Position", (mention,), "Q167662")
    link = Link("Q167662", "Q167662", 0.95, "NATO-Generalsekretär", "Position")
    quads = map_linked(_minimal((entity,), (link,)))
    assert any(q.predicate == KG.mentionOf for q in quads)
    assert validate_graph(quads) == []


def test_validate_two_clusters_of_one_item_conform() -> None:
    # One node, two link scores: which score came with which mention is not kept.
    short = Entity("Q7747", "Putin", "Person", (Mention(36, 41, "Putin", "Person", "putin", 0),))
    full = Entity(
        "per:putin", "Wladimir Putin", "Person", (Mention(46, 60, "Wladimir Putin", "Person", "wp", 0),)
    )
    links = (
        Link("Q7747", "Q7747", 0.95, "Vladimir Putin", "Person"),
        Link("per:putin", "Q7747", 0.85, "Vladimir Putin", "Person"),
    )
    quads = map_linked(_minimal((short, full), links))
    assert sum(1 for q in quads if q.predicate == KG.linkScore) == 2
    assert validate_graph(quads) == []


def test_validate_built_seed_store_conforms(seed_store: EmbeddedStore) -> None:
    assert [format_violation(v) for v in validate_store(seed_store)] == []
