"""End to end on the seed article: read → annotate → extract → link → map → store."""

from __future__ import annotations

from conftest import SEED

from kg.pipeline import BuildOptions, build
from kg.store import EmbeddedStore, document_kind_counts

HOLDERS = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT ?person ?kind ?org ?status WHERE { GRAPH ?g {
  ?h a kg:OfficeHolding ; kg:holder/kg:wikidata ?person ; kg:roleKind ?kind ; kg:status ?status .
  OPTIONAL { ?h kg:officeOf/kg:wikidata ?org } } }
"""
MEETINGS = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
SELECT ?m ?date ?place ?virtual WHERE { GRAPH ?g {
  ?m a kg:Meeting ; kg:date ?date .
  OPTIONAL { ?m kg:location/kg:wikidata ?place } OPTIONAL { ?m kg:virtual ?virtual } } }
"""


def _q(value: object) -> str:
    return str(getattr(value, "value", "")).rsplit("/", 1)[-1]


def test_pipeline_seed_office_holders(seed_store):
    rows = {(_q(r["person"]), str(r["kind"].value), _q(r["org"])) for r in seed_store.query(HOLDERS)}
    assert ("Q57665", "secretary general", "Q7184") in rows  # Stoltenberg, NATO
    assert ("Q7821917", "foreign minister", "Q30") in rows  # Blinken: state from the KB
    assert ("Q24025631", "foreign minister", "Q212") in rows  # Kuleba: "dem ukrainischen Außenminister"
    assert ("Q6279", "president", "Q30") in rows
    assert ("Q7747", "president", "Q159") in rows  # "Russland und seinem Präsidenten"
    assert len(rows) == 5


def test_pipeline_seed_meetings_dated_and_placed(seed_store):
    found = {(str(r["date"].value), _q(r["place"]) if r["place"] else None) for r in seed_store.query(MEETINGS)}
    assert ("2022-01-07", None) in found  # the virtual foreign ministers' meeting, "am Freitag"
    assert ("2022-01-10", "Q71") in found  # Geneva talks, "am Montag"
    assert ("2022-01-10", "Q239") in found  # NATO meets Kuleba in Brussels
    assert ("2022-01-12", "Q239") in found  # NATO-Russia Council, "Am Mittwoch"
    assert ("2022-01-13", "Q1741") in found  # OSCE talks in Vienna, "am Donnerstag"
    virtual = {str(r["date"].value) for r in seed_store.query(MEETINGS)
               if r["virtual"] and r["virtual"].value == "true"}
    assert "2022-01-07" in virtual


def test_pipeline_every_fact_has_evidence_inside_its_sentence(seed_store):
    text = SEED.read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2].lstrip("\n")
    q = """
    PREFIX kg: <https://w3id.org/geokg/ontology#>
    SELECT ?fact ?start ?end ?sstart ?send ?stext WHERE { GRAPH ?g {
      ?fact kg:evidence ?e . ?e kg:start ?start ; kg:end ?end ; kg:inSentence ?s .
      ?s kg:start ?sstart ; kg:end ?send ; kg:text ?stext } }
    """
    rows = list(seed_store.query(q))
    assert len(rows) >= 15
    for r in rows:
        start, end, s0, s1 = (int(r[k].value) for k in ("start", "end", "sstart", "send"))
        assert s0 <= start < end <= s1
        assert body[s0:s1] == r["stext"].value


def test_pipeline_rebuild_unchanged_writes_nothing(tmp_path):
    store = EmbeddedStore(tmp_path / "s")
    first = build([SEED], store)
    before = document_kind_counts(store)
    second = build([SEED], store)
    assert (first.built, second.built, second.skipped, second.triples) == (1, 0, 1, 0)
    assert document_kind_counts(store) == before


def test_pipeline_changed_document_replaces_its_graph(tmp_path):
    store = EmbeddedStore(tmp_path / "s")
    doc = tmp_path / "a.md"
    doc.write_text("---\nid: a\ndate: 2022-01-07\n---\nAußenminister Antony Blinken traf am Montag in Genf "
                   "den russischen Außenminister Sergej Lawrow.\n", encoding="utf-8")
    build([doc], store)
    doc.write_text("---\nid: a\ndate: 2022-01-07\n---\nNATO-Generalsekretär Jens Stoltenberg sprach in "
                   "Brüssel.\n", encoding="utf-8")
    report = build([doc], store)
    assert report.built == 1
    labels = {str(r["l"].value) for r in store.query(
        "PREFIX kg: <https://w3id.org/geokg/ontology#> SELECT ?l WHERE { GRAPH ?g { ?m kg:anchor ?l } }")}
    assert "Jens Stoltenberg" in labels and "Genf" not in labels
    assert list(store.document_hashes()) == ["a"]


def test_pipeline_missing_date_is_filled_from_options(tmp_path):
    store = EmbeddedStore(tmp_path / "s")
    doc = tmp_path / "b.txt"
    doc.write_text("Die NATO-Außenminister treffen sich am Freitag in Brüssel.\n", encoding="utf-8")
    build([doc], store, BuildOptions(date=__import__("datetime").date(2024, 3, 4)))
    dates = {str(r["date"].value) for r in store.query(MEETINGS)}
    assert dates == {"2024-03-08"}


def test_pipeline_bad_files_are_listed_and_good_ones_stored(tmp_path):
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02garbage\x00")
    (tmp_path / "good.txt").write_text("Bundeskanzler Olaf Scholz reiste nach Paris.\n", encoding="utf-8")
    store = EmbeddedStore(tmp_path / "s")
    report = build([tmp_path], store)
    assert report.built == 1
    assert sorted(f.path.rsplit("/", 1)[-1] for f in report.failures) == ["binary.txt", "empty.txt"]
