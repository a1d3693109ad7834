"""The ontology files against kg/vocab.py and kg/mapping.py, both ways, and their packaged copies."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from kg.mapping import MEETING_TYPES, STATUS
from kg.ontology_doc import render_reference
from kg.validate import ONTOLOGY_FILES, ontology_graph, ontology_text
from kg.vocab import CLASSES, INDIVIDUALS, KG, ONTOLOGY, PROPERTIES, WIKIDATA_ENTITY

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_IRI = URIRef(ONTOLOGY.rstrip("#"))
DECLARATIONS = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.NamedIndividual,
    OWL.AnnotationProperty,
    RDF.Property,
    RDFS.Class,
)


# Classes with no superclass in the geokg namespace.
TOP_CLASSES = ("Document", "Sentence", "Mention", "Evidence", "Agent", "Place", "Position", "OfficeHolding", "Meeting",
               "Membership")


def kg(name: str) -> URIRef:
    return URIRef(ONTOLOGY + name)


def _read(name: str) -> Graph:
    return Graph().parse(ROOT / "ontology" / name, format="turtle")


@pytest.fixture(scope="module")
def model() -> Graph:
    return _read("geokg.ttl")


@pytest.fixture(scope="module")
def alignments() -> Graph:
    return _read("alignments.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return _read("shapes.ttl")


def _kg_terms(graph: Graph) -> set[URIRef]:
    """Every IRI in the kg: namespace that the graph mentions anywhere."""
    return {t for triple in graph for t in triple if isinstance(t, URIRef) and t.startswith(ONTOLOGY)}


def _declared(graph: Graph) -> set[URIRef]:
    return {
        s
        for kind in DECLARATIONS
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and s.startswith(ONTOLOGY)
    }


# --- vocabulary both ways ----------------------------------------------------------------------


def test_ontology_declares_every_vocab_term_with_its_kind(model: Graph) -> None:
    wrong = []
    for name in CLASSES:
        if (kg(name), RDF.type, OWL.Class) not in model:
            wrong.append(f"kg:{name} is not an owl:Class")
    for name in INDIVIDUALS:
        if (kg(name), RDF.type, OWL.NamedIndividual) not in model:
            wrong.append(f"kg:{name} is not an owl:NamedIndividual")
    for name in PROPERTIES:
        kinds = {k for k in (OWL.ObjectProperty, OWL.DatatypeProperty) if (kg(name), RDF.type, k) in model}
        if len(kinds) != 1:
            wrong.append(f"kg:{name} must be exactly one of owl:ObjectProperty, owl:DatatypeProperty")
    assert wrong == []


def test_ontology_declares_nothing_outside_the_vocab(model: Graph) -> None:
    vocab = {kg(n) for n in CLASSES + INDIVIDUALS + PROPERTIES}
    assert sorted(_declared(model) - vocab) == []
    assert sorted(_kg_terms(model) - vocab) == []


def test_ontology_labels_and_defines_every_term_in_german_and_english(model: Graph) -> None:
    missing = []
    for name in CLASSES + INDIVIDUALS + PROPERTIES:
        for predicate in (RDFS.label, SKOS.definition):
            langs = {o.language for o in model.objects(kg(name), predicate) if isinstance(o, Literal)}
            missing += [
                f"kg:{name} {predicate.n3(model.namespace_manager)}@{lang}"
                for lang in ("de", "en")
                if lang not in langs
            ]
    assert missing == []


def test_ontology_closed_namespace_rejects_unknown_terms() -> None:
    with pytest.raises(AttributeError, match="Nonsense"):
        KG.Nonsense  # noqa: B018


def test_ontology_header_has_version_license_and_description(model: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in model
    assert model.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert model.value(ONTOLOGY_IRI, OWL.versionIRI) is not None
    assert model.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    langs = {d.language for d in model.objects(ONTOLOGY_IRI, DCTERMS.description) if isinstance(d, Literal)}
    assert langs == {"de", "en"}


# --- the model ----------------------------------------------------------------------------------

HIERARCHY = {
    "Agent": ("Person", "Organization"),
    "Organization": (
        "InternationalOrganization",
        "Government",
        "GovernmentBody",
        "Council",
        "Alliance",
        "Party",
        "ArmedGroup",
    ),
    "Place": ("Country", "City", "Region", "Continent"),
}


def test_ontology_class_hierarchy(model: Graph) -> None:
    for parent, children in HIERARCHY.items():
        assert {c for c in model.subjects(RDFS.subClassOf, kg(parent))} == {kg(c) for c in children}
    for top in TOP_CLASSES:
        assert [o for o in model.objects(kg(top), RDFS.subClassOf) if str(o).startswith(ONTOLOGY)] == []


def test_ontology_individuals_are_the_mappers_enumerations(model: Graph) -> None:
    for enumeration, cls in ((MEETING_TYPES, "MeetingType"), (STATUS, "HoldingStatus")):
        members = {URIRef(node.value) for node in enumeration.values()}
        assert set(model.subjects(RDF.type, kg(cls))) == members
        one_of = model.value(model.value(kg(cls), OWL.equivalentClass), OWL.oneOf)
        assert one_of is not None
        assert set(Collection(model, one_of)) == members


def test_ontology_properties_have_domains_and_ranges(model: Graph) -> None:
    # kg:wikidata points into Wikidata, whose items have no class of ours.
    assert [p for p in PROPERTIES if model.value(kg(p), RDFS.domain) is None] == []
    assert [p for p in PROPERTIES if model.value(kg(p), RDFS.range) is None] == ["wikidata"]


def test_ontology_documents_confidence_and_time_properties(model: Graph) -> None:
    def definition(name: str) -> str:
        return next(
            str(o)
            for o in model.objects(kg(name), SKOS.definition)
            if isinstance(o, Literal) and o.language == "en"
        )

    assert "[0, 1]" in definition("confidence") and "probability" in definition("confidence")
    assert "calibrated" in definition("confidence")
    for name, words in (
        ("date", "happened"),
        ("publicationDate", "published"),
        ("ingestedAt", "read"),
        ("attestedOn", "attests"),
        ("startDate", "term"),
        ("endDate", "term"),
    ):
        assert words in definition(name), name


# --- alignments and shapes ----------------------------------------------------------------------


def test_ontology_alignments_reference_only_declared_terms(model: Graph, alignments: Graph) -> None:
    assert sorted(_kg_terms(alignments) - _declared(model)) == []
    assert len(alignments) > 40


def test_ontology_alignments_map_wikidata_with_skos_only(alignments: Graph) -> None:
    wikidata = [(p, o) for _, p, o in alignments if str(o).startswith(WIKIDATA_ENTITY)]
    assert {p for p, _ in wikidata} <= {SKOS.closeMatch, SKOS.exactMatch}
    targets = {str(o).removeprefix(WIKIDATA_ENTITY) for _, o in wikidata}
    assert {
        "P39",
        "P580",
        "P582",
        "P463",
        "P710",
        "P276",
        "P585",
        "P17",
        "Q5",
        "Q6256",
        "Q515",
        "Q484652",
        "Q4164871",
    } <= targets


def test_ontology_alignments_cover_the_named_vocabularies(alignments: Graph) -> None:
    targets = {str(o) for o in alignments.objects()} | {str(s) for s in alignments.subjects()}
    for iri in (
        "http://schema.org/Person",
        "http://schema.org/Event",
        "http://schema.org/attendee",
        "http://www.w3.org/ns/org#Post",
        "http://www.w3.org/ns/org#memberOf",
        "http://www.w3.org/ns/org#holds",
        "http://semanticweb.cs.vu.nl/2009/11/sem/hasActor",
        "http://www.w3.org/ns/prov#wasDerivedFrom",
        "http://www.w3.org/ns/prov#generatedAtTime",
    ):
        assert iri in targets, iri


def test_ontology_shapes_reference_only_declared_terms(model: Graph, shapes: Graph) -> None:
    assert sorted(_kg_terms(shapes) - _declared(model)) == []


def test_ontology_shapes_target_everything_the_mapper_types(shapes: Graph) -> None:
    targets = set(shapes.objects(None, SH.targetClass))
    assert {
        kg(c)
        for c in TOP_CLASSES
    } <= targets
    assert (None, SH.targetObjectsOf, kg("evidence")) in shapes


def test_ontology_shapes_enumerate_what_the_mapper_writes(shapes: Graph) -> None:
    def allowed(path: str) -> set[str]:
        lists = [shapes.value(s, SH["in"]) for s in shapes.subjects(SH.path, kg(path))]
        values = next(v for v in lists if v is not None)
        return {str(v) for v in Collection(shapes, values)}

    assert allowed("meetingType") == {n.value for n in MEETING_TYPES.values()}
    assert allowed("status") == {n.value for n in STATUS.values()}
    assert allowed("datePrecision") == {"day", "month", "season", "year"}


# --- generated reference and packaged copies -----------------------------------------------------


def test_ontology_docs_model_is_up_to_date() -> None:
    current = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    assert current == render_reference(), "run: python -m kg.ontology_doc > docs/model.md"


def test_ontology_docs_cover_every_term() -> None:
    text = render_reference()
    assert [n for n in CLASSES + PROPERTIES if f"### kg:{n}\n" not in text] == []
    assert [n for n in INDIVIDUALS if f"| `kg:{n}` |" not in text] == []


@pytest.mark.parametrize("name", ONTOLOGY_FILES)
def test_ontology_packaged_copy_is_identical(name: str) -> None:
    source = (ROOT / "ontology" / name).read_bytes()
    packaged = (ROOT / "kg" / "data" / "ontology" / name).read_bytes()
    assert packaged == source, f"run: cp ontology/{name} kg/data/ontology/"
    assert ontology_text(name) == source.decode("utf-8")


def test_ontology_text_rejects_unknown_files() -> None:
    with pytest.raises(ValueError, match="geokg.ttl"):
        ontology_text("../vocab.py")


def test_ontology_graph_loads_all_files() -> None:
    graph = ontology_graph()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    assert (kg("Person"), RDFS.subClassOf, URIRef("http://schema.org/Person")) in graph
    assert (None, RDF.type, SH.NodeShape) in graph
