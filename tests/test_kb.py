"""Tests of the bundled knowledge base, built from the real sources (no mocks)."""

from __future__ import annotations

import datetime as dt
import os
import struct
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode, Store, Variable

from kg.errors import KnowledgeBaseError
from kg.kb import ROLE_KINDS, KnowledgeBase, bundled_kb, kb_from_quads, kb_info, kb_to_quads
from kg.kb.classify import role_kind
from kg.kb.dbf import read_dbf
from kg.kb.demonyms import COUNTRY_DEMONYMS, INVARIABLE_DE, PLACE_DEMONYMS
from kg.kb.editorial import (
    COUNTRY_ALIASES,
    COUNTRY_OVERRIDES,
    ORG_ALIASES,
    PERSON_ALIASES,
    PLACE_ALIASES,
    SURNAME_OVERRIDES,
)
from kg.kb.german import city_adjective, german_name_forms, transliterate_de
from kg.kb.model import KbHolding
from kg.kb.sources import natural_earth_countries, reference_rows, source_version
from kg.vocab import KB_GRAPH, wikidata

JAN_7 = dt.date(2022, 1, 7)
STOLTENBERG, RUTTE, BLINKEN, KULEBA = "Q57665", "Q57792", "Q7821917", "Q24025631"


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KG_CACHE", str(tmp_path_factory.mktemp("kb-cache")))
        yield bundled_kb()


def qids(entities: list) -> list[str]:
    return [e.qid for e in entities]


def test_kb_ukraine_has_german_label_and_adjectives(kb: KnowledgeBase) -> None:
    ukraine = kb.get("Q212")
    assert ukraine is not None and ukraine.kind == "Country"
    assert ukraine.label_de == "Ukraine" and ukraine.label("de") == "Ukraine"
    assert {"ukrainischen", "ukrainische", "ukrainisches", "Ukrainian"} <= set(ukraine.adjectives)


def test_kb_genitive_surface_forms_resolve(kb: KnowledgeBase) -> None:
    german = {(f.text, f.qid) for f in kb.surface_forms("de")}
    assert ("Russlands", "Q159") in german
    assert ("Moskaus", "Q649") in german
    assert ("Deutschlands", "Q183") in german
    assert qids(kb.candidates("Russlands"))[0] == "Q159"
    assert qids(kb.candidates("Moskaus"))[0] == "Q649"
    assert qids(kb.candidates("Chinas"))[0] == "Q148"


def test_kb_city_adjectives_resolve(kb: KnowledgeBase) -> None:
    german = {(f.text, f.qid, f.form) for f in kb.surface_forms("de")}
    assert ("Genfer", "Q71", "adjective") in german
    assert ("Wiener", "Q1741", "adjective") in german
    assert ("Münchner", "Q1726", "adjective") in german
    assert qids(kb.candidates("Genfer")) == ["Q71"]


def test_kb_candidates_fold_case_and_umlauts(kb: KnowledgeBase) -> None:
    assert qids(kb.candidates("nato"))[0] == "Q7184"
    assert qids(kb.candidates("Nato"))[0] == "Q7184"
    assert qids(kb.candidates("Muenchen"))[0] == "Q1726"
    assert qids(kb.candidates("OSZE")) == ["Q81299"]
    assert qids(kb.candidates("IWF")) == ["Q7804"]
    assert kb.candidates("Atlantis") == []


def test_kb_candidates_rank_countries_above_namesakes(kb: KnowledgeBase) -> None:
    assert qids(kb.candidates("Luxemburg"))[:2] == ["Q32", "Q1842"]  # country, then capital
    assert qids(kb.candidates("Palästina"))[0] == "Q219060"


def test_kb_nato_secretary_general_by_date(kb: KnowledgeBase) -> None:
    assert [h.person for h in kb.holders("secretary general", "Q7184", JAN_7)] == [STOLTENBERG]
    assert [h.person for h in kb.holders("secretary general", "Q7184", dt.date(2025, 1, 1))] == [RUTTE]


def test_kb_us_foreign_minister_on_jan_7_2022(kb: KnowledgeBase) -> None:
    assert [h.person for h in kb.holders("foreign minister", "Q30", JAN_7)] == [BLINKEN]


def test_kb_holdings_of_kuleba_are_offices_of_ukraine(kb: KnowledgeBase) -> None:
    holdings = kb.holdings_of(KULEBA)
    assert holdings and {h.of for h in holdings} == {"Q212"}
    assert holdings[0].role_kind == "foreign minister"


def test_kb_every_office_holder_is_a_person(kb: KnowledgeBase) -> None:
    people = {row["person_qid"] for row in reference_rows("office_holders.tsv")}
    assert people and all(kb.get(q) is not None and kb.get(q).kind == "Person" for q in people)  # type: ignore[union-attr]
    assert all(h.role_kind in ROLE_KINDS for h in kb.holdings)


def test_kb_countries_have_natural_earth_german_labels(kb: KnowledgeBase) -> None:
    german = {r.qid: r.name_de for r in natural_earth_countries()}
    countries = [e for e in kb.entities.values() if e.kind == "Country"]
    assert sum(1 for e in countries if german.get(e.qid) == e.label_de) >= 240


def test_kb_classes_follow_the_documented_mapping(kb: KnowledgeBase) -> None:
    expected = {
        "Q7184": "Alliance", "Q37470": "Council", "Q8886": "Council", "Q944947": "Council",
        "Q1065": "InternationalOrganization", "Q8908": "InternationalOrganization", "Q49768": "Party",
        "Q38799": "ArmedGroup", "Q46": "Continent", "Q51": "Continent", "Q8646": "Country", "Q64": "City",
        "Q15925436": "Region", "Q34754": "Country", "Q81066": "Position", "Q7747": "Person",
    }
    assert {q: kb.get(q).kind for q in expected} == expected  # type: ignore[union-attr]


def test_kb_disputed_qids_follow_docs(kb: KnowledgeBase) -> None:
    assert kb.get("Q219060").kind == "Country"  # type: ignore[union-attr]
    assert kb.get("Q23792").kind == "Region"  # type: ignore[union-attr]
    assert qids(kb.candidates("Westsahara"))[0] == "Q6250"
    assert kb.get("Q223").country == "Q35"  # type: ignore[union-attr]
    assert kb.get("Q7525").country == "Q212"  # type: ignore[union-attr]
    assert kb.get("Q43296") is None  # Natural Earth's mislabelled Spratly unit is left out


def test_kb_person_name_variants(kb: KnowledgeBase) -> None:
    forms = {(f.text, f.qid, f.form) for f in kb.surface_forms("de")}
    assert ("Stoltenberg", STOLTENBERG, "surname") in forms
    assert ("Wladimir Putin", "Q7747", "alias") in forms
    assert ("Lawrow", "Q58217", "surname") in forms
    assert ("Selenskyj", "Q3874799", "alias") in forms
    biden = kb.candidates("Joseph R. Biden")
    assert biden and biden[0].label_en == "Joe Biden"
    assert "Amina Mohammed" in kb.get("Q4746340").aliases  # type: ignore[union-attr]
    assert not [f for f in kb.forms if f.text == "May" and f.form == "surname"]


def test_kb_surface_forms_filter_by_language(kb: KnowledgeBase) -> None:
    english = list(kb.surface_forms("en"))
    assert all(f.lang in (None, "en") for f in english)
    assert "Russlands" not in {f.text for f in english}
    assert ("NATO", "Q7184") in {(f.text, f.qid) for f in english}


def test_kb_round_trip_through_quads(kb: KnowledgeBase) -> None:
    quads = list(kb_to_quads(kb, KB_GRAPH))
    assert kb_from_quads(quads) == kb
    store = Store()
    store.extend(quads)
    assert kb_from_quads(store.quads_for_pattern(None, None, None, None)) == kb


def test_kb_quads_use_wikidata_statements(kb: KnowledgeBase) -> None:
    store = Store()
    store.extend(kb_to_quads(kb, KB_GRAPH))
    query = """
        PREFIX p: <http://www.wikidata.org/prop/>
        PREFIX ps: <http://www.wikidata.org/prop/statement/>
        PREFIX pq: <http://www.wikidata.org/prop/qualifier/>
        PREFIX kg: <https://w3id.org/geokg/ontology#>
        SELECT ?person ?start ?role ?position WHERE {
            ?person p:P39 ?st . ?st ps:P39 ?position ; pq:P580 ?start ; kg:roleKind ?role }"""
    solutions = store.query(query, substitutions={Variable("person"): wikidata(KULEBA)},
                            use_default_graph_as_union=True)
    rows = list(solutions)  # type: ignore[arg-type]
    assert len(rows) == 1
    assert rows[0]["start"] == Literal("2020-03-04", datatype=NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    assert rows[0]["role"].value == "foreign minister"
    assert rows[0]["position"].value.startswith("https://w3id.org/geokg/id/position/")


def test_kb_from_quads_rejects_a_graph_without_a_kb() -> None:
    with pytest.raises(KnowledgeBaseError):
        kb_from_quads([])


def test_kb_version_is_a_stable_content_hash(kb: KnowledgeBase) -> None:
    assert kb.version == source_version() == source_version()
    rows = kb_info(kb)
    assert rows[0] == ("version", kb.version)
    assert any(k == "source" and "Natural Earth" in v for k, v in rows)
    counts = kb.counts()
    assert counts["Country"] >= 240 and counts["holdings"] == len(kb.holdings)
    assert counts["surface_forms"] == len(kb.forms)


def test_kb_cache_hit_in_a_new_process_skips_the_build(tmp_path: Path) -> None:
    env = {**os.environ, "KG_CACHE": str(tmp_path)}
    subprocess.run([sys.executable, "-c", "from kg.kb import bundled_kb; bundled_kb()"], check=True, env=env)
    assert list(tmp_path.glob("kb-*.pickle"))
    probe = textwrap.dedent("""
        import sys
        from kg.kb import bundled_kb
        kb = bundled_kb()
        assert kb.get("Q212") is not None
        assert "kg.kb.build" not in sys.modules, "cache miss: the KB was rebuilt"
    """)
    subprocess.run([sys.executable, "-c", probe], check=True, env=env)


def test_kb_holding_active_on_is_inclusive_and_open_ended() -> None:
    h = KbHolding("Q1", "A", None, "Office", "other", None, dt.date(2020, 1, 1), dt.date(2021, 1, 1))
    assert h.active_on(None) and h.active_on(dt.date(2020, 1, 1)) and h.active_on(dt.date(2021, 1, 1))
    assert not h.active_on(dt.date(2019, 12, 31)) and not h.active_on(dt.date(2021, 1, 2))
    assert KbHolding("Q1", "A", None, "Office", "other", None, None, None).active_on(JAN_7)


@pytest.mark.parametrize(("label", "kind", "of_kind", "expected"), [
    ("Minister of Foreign Affairs of France", "", "Country", "foreign minister"),
    ("United States Secretary of State", "foreign minister", "Country", "foreign minister"),
    ("Foreign Secretary (Secretary of State for Foreign, Commonwealth and Development Affairs)", "",
     "Country", "foreign minister"),
    ("Federal Minister for Foreign Affairs (Germany)", "foreign minister", "Country", "foreign minister"),
    ("Secretary of State for Defence", "", "Country", "defence minister"),
    ("Federal Chancellor of Germany", "head of government", "Country", "chancellor"),
    ("Chancellor of the Exchequer", "", "Country", "other"),
    ("Secretary General of NATO", "secretary general", "Alliance", "secretary general"),
    ("Deputy Secretary-General of the United Nations", "", "InternationalOrganization",
     "deputy secretary general"),
    ("President of Ukraine", "head of state", "Country", "president"),
    ("President of the European Commission", "president of organ", "InternationalOrganization",
     "president of organ"),
    ("Premier of the People's Republic of China", "head of government", "Country", "prime minister"),
    ("Taoiseach", "head of government", "Country", "prime minister"),
    ("monarch of Denmark", "", "Country", "monarch"),
    ("Supreme Leader of Iran", "head of state", "Country", "head of state"),
    ("Director-General of the World Health Organization", "", "InternationalOrganization",
     "head of organization"),
    ("High Representative of the Union for Foreign Affairs and Security Policy", "", None, "other"),
])
def test_kb_role_kind_rules(label: str, kind: str, of_kind: str | None, expected: str) -> None:
    assert role_kind(label, kind, of_kind) == expected


def test_kb_german_inflection_rules() -> None:
    assert german_name_forms("Russland", place=True) == ["Russlands"]
    assert german_name_forms("Ukraine", place=True) == []
    assert german_name_forms("Paris", place=True) == []
    assert german_name_forms("Schweiz", place=True) == []
    assert "Europäischen Union" in german_name_forms("Europäische Union", place=False)
    assert "Vereinigten Königreichs" in german_name_forms("Vereinigtes Königreich", place=True)
    assert "Europäischen Rates" in german_name_forms("Europäischer Rat", place=False)
    assert german_name_forms("NATO", place=False) == []
    assert german_name_forms("Shanghaier Organisation für Zusammenarbeit", place=False) == []
    assert [city_adjective(c) for c in ("Genf", "Wien", "München", "Paris", "Mexiko-Stadt")] == [
        "Genfer", "Wiener", "Münchner", "Pariser", None]


def test_kb_transliteration_of_cyrillic_names() -> None:
    assert transliterate_de("Volodymyr Zelenskyy") == "Wolodymyr Selenskyj"
    assert transliterate_de("Sergey Lavrov") == "Sergej Lawrow"
    assert transliterate_de("Vladimir Putin") == "Wladimir Putin"
    assert transliterate_de("Mikhail Mishustin") == "Michail Mischustin"
    assert transliterate_de("Andrii Sybiha") == "Andrij Sybiha"


def test_kb_editorial_tables_name_known_rows() -> None:
    codes = {r.iso2 for r in natural_earth_countries()}
    places = {row["label_en"] for row in reference_rows("places.tsv")}
    orgs = {row["label_en"] for row in reference_rows("organizations.tsv")}
    people = {row["name"] for row in reference_rows("office_holders.tsv")}
    assert set(COUNTRY_ALIASES) | set(COUNTRY_DEMONYMS) | set(INVARIABLE_DE) <= codes
    assert set(COUNTRY_OVERRIDES.values()) <= codes
    assert set(PLACE_ALIASES) | set(PLACE_DEMONYMS) | set(COUNTRY_OVERRIDES) <= places
    assert set(ORG_ALIASES) <= orgs
    assert set(PERSON_ALIASES) | set(SURNAME_OVERRIDES) <= people
    assert len(COUNTRY_DEMONYMS) >= 80


def test_kb_dbf_reader_reads_fields_and_skips_deleted_records() -> None:
    fields = [(b"NAME", b"C", 6), (b"POP", b"N", 4)]
    header_len = 32 + 32 * len(fields) + 1
    header = struct.pack("<BBBBIHH", 3, 124, 1, 1, 2, header_len, 11) + bytes(20)
    descriptors = b"".join(n.ljust(11, b"\0") + t + bytes(4) + bytes([w]) + bytes(15) for n, t, w in fields)
    records = b" Genf    12" + b"*Wien    34"
    data = header + descriptors + b"\x0d" + records + b"\x1a"
    assert read_dbf(data) == [{"NAME": "Genf", "POP": "12"}]
    with pytest.raises(KnowledgeBaseError):
        read_dbf(data[:40])
