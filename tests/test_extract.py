"""The extract stage on sentences written for these tests, German and English: offices (holder,
kind, owner, status), meetings (kind, date, place, participants, organizer), memberships and
document-level coreference.  Each sentence is checked after linking, as the graph will say it;
publication date Friday 2022-01-07 unless a row says otherwise."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kg.records import Linked

# Wikidata QIDs the rows below use.
NATO, EU, UN, OSCE, UNSC, EC, G7 = "Q7184", "Q458", "Q1065", "Q81299", "Q37470", "Q8880", "Q1764511"
US, RU, UA, DE, FR, GB, CN, CA, PL, EE, HU, TR, FI, SE, LV = (
    "Q30", "Q159", "Q212", "Q183", "Q142", "Q145", "Q148", "Q16", "Q36", "Q191", "Q28", "Q43", "Q33", "Q34", "Q211")
GENEVA, VIENNA, BRUSSELS, BERLIN, PARIS, KYIV, NEW_YORK, MOSCOW = (
    "Q71", "Q1741", "Q239", "Q64", "Q90", "Q1899", "Q60", "Q649")
STOLTENBERG, BLINKEN, KULEBA, BIDEN, PUTIN, SCHOLZ, MACRON, SUNAK = (
    "Q57665", "Q7821917", "Q24025631", "Q6279", "Q7747", "Q61053", "Q3052772", "Q20055561")
GUTERRES, MAAS, BAERBOCK, MERKEL, XI, LEYEN, RUTTE, LAVROV = (
    "Q311440", "Q108447", "Q564328", "Q567", "Q15031", "Q60772", "Q57792", "Q58217")






def _qid(linked: Linked, key: str | None) -> str | None:
    if key is None:
        return None
    found = linked.link_of(key)
    return found.qid if found and found.qid else key


def offices(linked: Linked) -> set[tuple[str | None, str, str | None, str]]:
    return {(_qid(linked, o.holder), o.role_kind, _qid(linked, o.of), o.status) for o in linked.extraction.offices}


def meetings(linked: Linked) -> list[tuple[str, str | None, str | None, frozenset[str | None]]]:
    return [(m.kind, m.date.value if m.date else None, _qid(linked, m.place),
             frozenset(_qid(linked, p) for p in m.participants)) for m in linked.extraction.meetings]


def memberships(linked: Linked) -> set[tuple[str | None, str | None]]:
    return {(_qid(linked, ms.member), _qid(linked, ms.organization)) for ms in linked.extraction.memberships}


# ── offices ────────────────────────────────────────────────────────────────────────────────

OFFICES = [
    # German: compound prefix, adjective, genitive, possessive, apposition, predicate
    ("de", "Nato-Generalsekretär Jens Stoltenberg warnte vor einem Konflikt.",
     {(STOLTENBERG, "secretary general", NATO, "current")}),
    ("de", "Die Ministerin sprach mit dem ukrainischen Außenminister Dmytro Kuleba.",
     {(KULEBA, "foreign minister", UA, "current")}),
    ("de", "Die USA verhandeln nicht über die Köpfe von Russland und seinem Präsidenten Wladimir V. Putin hinweg.",
     {(PUTIN, "president", RU, "current")}),
    ("de", "Bundeskanzler Olaf Scholz traf den britischen Premierminister Rishi Sunak.",
     {(SCHOLZ, "chancellor", DE, "current"), (SUNAK, "prime minister", GB, "current")}),
    ("de", "Kuleba, der Außenminister der Ukraine, bat um Waffen.",
     {(KULEBA, "foreign minister", UA, "current")}),
    ("de", "Der Präsident Russlands, Wladimir Putin, schwieg.", {(PUTIN, "president", RU, "current")}),
    ("de", "Außenminister Antony J. Blinken informierte die Verbündeten.",
     {(BLINKEN, "foreign minister", US, "current")}),
    ("de", "Präsident Biden hat es ebenso gesagt.", {(BIDEN, "president", US, "current")}),
    ("de", "UN-Generalsekretär António Guterres mahnte zur Ruhe.",
     {(GUTERRES, "secretary general", UN, "current")}),
    ("de", "Nato-Chef Jens Stoltenberg reiste ab.", {(STOLTENBERG, "secretary general", NATO, "current")}),
    ("de", "EU-Kommissionspräsidentin Ursula von der Leyen sprach in Straßburg.",
     {(LEYEN, "president of organ", EC, "current")}),
    # German status: former, designated
    ("de", "Ex-Außenminister Heiko Maas kritisierte den Plan.", {(MAAS, "foreign minister", DE, "former")}),
    ("de", "Der frühere Außenminister Heiko Maas schwieg.", {(MAAS, "foreign minister", DE, "former")}),
    ("de", "Die Grünen-Chefin Annalena Baerbock soll Außenministerin werden.",
     {(BAERBOCK, "foreign minister", DE, "designated")}),
    ("de", "Die designierte Außenministerin Annalena Baerbock reist nach Paris.",
     {(BAERBOCK, "foreign minister", DE, "designated")}),
    ("de", "Angela Merkel war Bundeskanzlerin.", {(MERKEL, "chancellor", DE, "former")}),
    # German title only: the KB holder on the publication date
    ("de", "Der US-Außenminister reist nächste Woche nach Kiew.", {(BLINKEN, "foreign minister", US, "current")}),
    ("de", "Der russische Präsident ließ die Frage offen.", {(PUTIN, "president", RU, "current")}),
    ("de", "Die EU-Außenminister beraten am Montag.", set()),  # plural: no one person
    ("de", "Ein US-Präsident würde anders handeln.", set()),  # indefinite: anyone
    # English
    ("en", "U.S. Secretary of State Antony Blinken arrived in Kyiv.",
     {(BLINKEN, "foreign minister", US, "current")}),
    ("en", "Ukraine's foreign minister, Dmytro Kuleba, asked for weapons.",
     {(KULEBA, "foreign minister", UA, "current")}),
    ("en", "French President Emmanuel Macron called Germany's Chancellor Olaf Scholz.",
     {(MACRON, "president", FR, "current"), (SCHOLZ, "chancellor", DE, "current")}),
    ("en", "UN Secretary-General António Guterres urged restraint.",
     {(GUTERRES, "secretary general", UN, "current")}),
    ("en", "Foreign Minister Dmytro Kuleba of Ukraine said so.", {(KULEBA, "foreign minister", UA, "current")}),
    ("en", "Kuleba, who is Ukraine's foreign minister, said so.", {(KULEBA, "foreign minister", UA, "current")}),
    ("en", "Russian leader Vladimir Putin did not answer.", {(PUTIN, "president", RU, "current")}),
    ("en", "European Commission President Ursula von der Leyen spoke.",
     {(LEYEN, "president of organ", EC, "current")}),
    ("en", "Former Foreign Minister Heiko Maas spoke.", {(MAAS, "foreign minister", DE, "former")}),
    ("en", "Germany's former chancellor Angela Merkel stayed silent.", {(MERKEL, "chancellor", DE, "former")}),
    ("en", "President-elect Joe Biden named his team.", {(BIDEN, "president", US, "designated")}),
    ("en", "Mark Rutte is expected to become NATO secretary general.",
     {(RUTTE, "secretary general", NATO, "designated")}),
    ("en", "Officials said the U.S. Secretary of State would travel.", {(BLINKEN, "foreign minister", US, "current")}),
    ("en", "The Russian foreign minister denied it.", {(LAVROV, "foreign minister", RU, "current")}),
    # counterparts take the office named before; generic titles the KB office; predicates
    ("de", "Außenministerin Annalena Baerbock traf ihren russischen Amtskollegen Sergej Lawrow.",
     {(BAERBOCK, "foreign minister", DE, "current"), (LAVROV, "foreign minister", RU, "current")}),
    ("en", "Secretary of State Antony Blinken met his Russian counterpart Sergey Lavrov.",
     {(BLINKEN, "foreign minister", US, "current"), (LAVROV, "foreign minister", RU, "current")}),
    ("en", "UN chief António Guterres warned.", {(GUTERRES, "secretary general", UN, "current")}),
    ("en", "Olaf Scholz became chancellor in December.", {(SCHOLZ, "chancellor", DE, "current")}),
    ("de", "Olaf Scholz ist seit Dezember Bundeskanzler.", {(SCHOLZ, "chancellor", DE, "current")}),
    ("en", "Britain's prime minister, Rishi Sunak, hosted the Japanese prime minister.",
     {(SUNAK, "prime minister", GB, "current"), ("Q359480", "prime minister", "Q17", "current")}),
    ("de", "Der EU-Außenbeauftragte Josep Borrell warnte.", {("Q312901", "other", EU, "current")}),
    ("de", "Außenminister Sergej Lawrow und sein US-Kollege Antony Blinken sprachen.",
     {(LAVROV, "foreign minister", RU, "current"), (BLINKEN, "foreign minister", US, "current")}),
    ("en", "Chinese Premier Li Qiang met German Chancellor Olaf Scholz.",
     {("Q4414390", "prime minister", CN, "current"), (SCHOLZ, "chancellor", DE, "current")}),
]


@pytest.mark.parametrize(("lang", "text", "expected"), OFFICES, ids=[t[:40] for _, t, _ in OFFICES])
def test_extract_offices(run: Callable[..., Linked], lang: str, text: str, expected: set) -> None:
    assert offices(run(text, lang)) == expected


def test_extract_offices_title_only_needs_a_date(run: Callable[..., Linked]) -> None:
    assert offices(run("Der US-Außenminister reist nach Kiew.", "de", None)) == set()


def test_extract_offices_title_only_person_is_one_node_with_the_name(run: Callable[..., Linked]) -> None:
    linked = run("Der US-Außenminister landete in Kiew. Blinken traf dort Dmytro Kuleba.", "de")
    people = {e.key: [m.text for m in e.mentions] for e in linked.extraction.entities if e.kind == "Person"}
    # the bare surname joins the person the title referred to; the title itself is no name mention
    assert people == {BLINKEN: ["Blinken"], KULEBA: ["Dmytro Kuleba"]}


def test_extract_offices_alliance_anaphor_names_the_owner(run: Callable[..., Linked]) -> None:
    linked = run("Die NATO tagt in Brüssel. Der Generalsekretär des Bündnisses warnte Russland.", "de")
    assert offices(linked) == {(STOLTENBERG, "secretary general", NATO, "current")}
    assert all(m.source != "anaphor" for e in linked.extraction.entities for m in e.mentions)


# ── meetings ───────────────────────────────────────────────────────────────────────────────

MEETINGS = [
    ("de", "Scholz empfing Macron am Dienstag in Berlin.",
     [("visit", "2022-01-04", BERLIN, frozenset({SCHOLZ, MACRON}))]),
    ("de", "Der UN-Sicherheitsrat tagt am Freitag in New York.",
     [("council", "2022-01-07", NEW_YORK, frozenset({UNSC}))]),
    ("de", "Die EU-Außenminister beraten am Montag in Luxemburg.",
     [("ministerial", "2022-01-10", "Q1842", frozenset({EU}))]),  # the city, not the country
    ("de", "NATO-Außenminister trafen sich am Freitag virtuell.",
     [("ministerial", "2022-01-07", None, frozenset({NATO}))]),
    ("de", "Diese Genfer Gespräche werden am Montag stattfinden.", [("bilateral", "2022-01-10", GENEVA, frozenset())]),
    ("de", "Am Donnerstag beginnt in Wien eine Konferenz der OSZE.",
     [("conference", "2022-01-13", VIENNA, frozenset({OSCE}))]),
    ("de", "Die Staats- und Regierungschefs der EU kommen am Donnerstag in Brüssel zusammen.",
     [("meeting", "2022-01-13", BRUSSELS, frozenset({EU}))]),
    ("de", "Das Außenministertreffen der G7 findet am Freitag in Münster statt.",
     [("ministerial", "2022-01-07", "place:münster", frozenset({G7}))]),
    ("de", "Die NATO trifft am Montag in Brüssel mit dem ukrainischen Außenminister Dmytro Kuleba zusammen.",
     [("meeting", "2022-01-10", BRUSSELS, frozenset({NATO, KULEBA}))]),
    ("de", "Wladimir Putin und Xi Jinping telefonierten am Mittwoch.",
     [("call", "2022-01-05", None, frozenset({PUTIN, XI}))]),
    ("de", "Luxemburg übernimmt den Vorsitz. Die EU-Minister beraten am Montag in Luxemburg.",
     [("ministerial", "2022-01-10", "Q32", frozenset({EU}))]),  # named as a state too: stays the country
    ("de", "Das Gesetz soll am Montag in Kraft treten.", []),  # no trigger, "Kraft" is no place
    ("de", "Ernsthafte Verhandlungen sind nicht in Sicht.", []),  # abstract noun, no date: no event
    ("en", "Biden met Xi in Bali on Monday.", [("meeting", "2022-01-03", "place:bali", frozenset({BIDEN, XI}))]),
    ("en", "NATO foreign ministers will meet in Brussels next week.",
     [("ministerial", "2022-01-10", BRUSSELS, frozenset({NATO}))]),
    ("en", "The UN Security Council held an emergency session on Friday.",
     [("council", "2022-01-07", None, frozenset({UNSC}))]),
    ("en", "Macron hosted Scholz in Paris on Tuesday.", [("visit", "2022-01-04", PARIS, frozenset({MACRON, SCHOLZ}))]),
    ("en", "EU leaders gathered in Brussels for a two-day summit on Thursday.",
     [("summit", "2022-01-06", BRUSSELS, frozenset({EU}))]),
    ("en", "Antony Blinken flew to Kyiv on Wednesday.", [("visit", "2022-01-05", KYIV, frozenset({BLINKEN}))]),
    ("en", "Talks between the United States and Russia will take place in Geneva on Monday.",
     [("bilateral", "2022-01-10", GENEVA, frozenset({US, RU}))]),
    ("en", "NATO defence ministers met virtually on Thursday.",
     [("ministerial", "2022-01-06", None, frozenset({NATO}))]),
    ("en", "Macron hosted Scholz in Paris.", []),  # no date: not on a timeline
    ("en", "Scholz visited Kyiv on Tuesday.", [("visit", "2022-01-04", KYIV, frozenset({SCHOLZ}))]),
    ("de", "Scholz besuchte am Dienstag die Ukraine.", [("visit", "2022-01-04", UA, frozenset({SCHOLZ}))]),
    ("en", "Biden spoke by phone with Zelensky on Tuesday.",
     [("call", "2022-01-04", None, frozenset({BIDEN, "Q3874799"}))]),
    ("de", "Am Rande des G20-Gipfels in Bali trafen sich Joe Biden und Xi Jinping am Montag zu einem Gespräch.",
     [("bilateral", "2022-01-03", "place:bali", frozenset({"Q19771", BIDEN, XI}))]),
    ("de", "Der UN-Sicherheitsrat wird sich am Freitag mit der Lage in der Ukraine befassen.",
     [("council", "2022-01-07", None, frozenset({UNSC}))]),
    ("en", "The UN Security Council will vote on the resolution on Monday.",
     [("council", "2022-01-10", None, frozenset({UNSC}))]),
    ("de", "Außenministerin Annalena Baerbock reist nach Moskau, wo sie am Dienstag Sergej Lawrow treffen soll.",
     [("visit", "2022-01-11", MOSCOW, frozenset({BAERBOCK, LAVROV}))]),  # "sie": the person named before
    ("de", "Die Grünen-Politikerin Annalena Baerbock traf am Montag in Kiew Dmytro Kuleba.",
     [("meeting", "2022-01-03", KYIV, frozenset({BAERBOCK, KULEBA}))]),
    ("en", "Mr. Biden told reporters on Thursday that he expected serious talks.", []),  # the date is the report's
    ("en", "EU leaders meet in Brussels on Thursday. NATO defence ministers also meet in Brussels on Thursday.",
     [("meeting", "2022-01-13", BRUSSELS, frozenset({EU})),
      ("ministerial", "2022-01-13", BRUSSELS, frozenset({NATO}))]),
    ("en", "The UN Security Council met on Friday at the request of Russia to discuss Ukraine.",
     [("council", "2022-01-07", None, frozenset({UNSC}))]),  # requester and topic are no participants
    ("de", "Der UN-Sicherheitsrat tagte am Freitag auf Antrag Russlands.",
     [("council", "2022-01-07", None, frozenset({UNSC}))]),
    ("en", "NATO Secretary General Jens Stoltenberg said the alliance would meet in Brussels on Wednesday.",
     [("meeting", "2022-01-12", BRUSSELS, frozenset({NATO}))]),  # the speaker is not a participant
    ("en", "Joe Biden said on Tuesday he would meet Xi Jinping in Bali next week.",
     [("meeting", "2022-01-10", "place:bali", frozenset({BIDEN, XI}))]),  # "he" is the speaker
    ("en", "The German chancellor said on Monday he would meet Xi Jinping in Beijing next week.",
     [("meeting", "2022-01-10", "Q956", frozenset({SCHOLZ, XI}))]),  # title-only speaker, "he"
    ("de", "Olaf Scholz sagte am Dienstag, er werde Xi Jinping nächste Woche in Peking treffen.",
     [("meeting", "2022-01-10", "Q956", frozenset({SCHOLZ, XI}))]),
    ("de", "Außenminister Sergej Lawrow und sein US-Kollege Antony Blinken trafen sich am Freitag in Genf.",
     [("ministerial", "2022-01-07", GENEVA, frozenset({LAVROV, US, BLINKEN}))]),
    ("de", "NATO-Außenminister trafen sich am Freitag virtuell. Nach dem Treffen warnte Jens Stoltenberg.",
     [("ministerial", "2022-01-07", None, frozenset({NATO}))]),  # "nach dem Treffen": he spoke afterwards
    ("en", "German Chancellor Olaf Scholz will travel to Washington on Friday.",
     [("visit", "2022-01-07", "Q61", frozenset({SCHOLZ}))]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), MEETINGS, ids=[t[:40] for _, t, _ in MEETINGS])
def test_extract_meetings(run: Callable[..., Linked], lang: str, text: str, expected: list) -> None:
    assert meetings(run(text, lang)) == expected


def test_extract_meetings_virtual_and_host(run: Callable[..., Linked]) -> None:
    virtual = run("NATO defence ministers met virtually on Thursday.", "en").extraction.meetings[0]
    assert virtual.virtual is True
    hosted = run("Scholz empfing Macron am Dienstag in Berlin.", "de").extraction.meetings[0]
    assert hosted.organizer == SCHOLZ and hosted.virtual is None


def test_extract_meetings_alliance_anaphor_is_a_participant(run: Callable[..., Linked]) -> None:
    linked = run("NATO rejected the demands. The alliance will meet in Vilnius on Tuesday.", "en")
    assert meetings(linked) == [("meeting", "2022-01-11", "Q216", frozenset({NATO}))]
    # the alliance is one node, named once
    assert [len(e.mentions) for e in linked.extraction.entities if e.key == NATO] == [1]


def test_extract_meetings_unknown_place_is_an_unlinked_place(run: Callable[..., Linked]) -> None:
    linked = run("Biden met Xi in Bali on Monday.", "en")
    bali = next(e for e in linked.extraction.entities if e.name == "Bali")
    assert bali.kind == "Place" and linked.link_of(bali.key).qid is None  # type: ignore[union-attr]


# ── memberships ────────────────────────────────────────────────────────────────────────────

MEMBERSHIPS = [
    ("de", "Zu den 30 Mitgliedern der NATO gehören nur zwei, die USA und Kanada, die nicht europäisch seien.",
     {(US, NATO), (CA, NATO)}),
    ("de", "Gespräche bei der OSZE, einer Gruppe von 57 Nationen, darunter die Ukraine und Russland.",
     {(UA, OSCE), (RU, OSCE)}),
    ("de", "Das NATO-Mitglied Türkei blockiert den Beitritt Schwedens.", {(TR, NATO)}),
    ("de", "Polen, ein NATO-Mitglied, warnte Russland.", {(PL, NATO)}),
    ("de", "Polen und Estland sind NATO-Mitglieder.", {(PL, NATO), (EE, NATO)}),
    ("de", "Zu den Mitgliedstaaten der EU gehören etwa Ungarn und Polen.", {(HU, EU), (PL, EU)}),
    ("de", "Finnland ist der NATO beigetreten.", {(FI, NATO)}),
    ("de", "Schweden trat im März der NATO bei.", {(SE, NATO)}),
    ("de", "Die Ukraine ist kein Mitglied der NATO.", set()),
    ("de", "Er werde enge Partner wie Finnland und Schweden informieren.", set()),
    ("de", "Finnland will der NATO beitreten.", set()),
    ("en", "NATO members such as Poland and Estonia want more troops.", {(PL, NATO), (EE, NATO)}),
    ("en", "EU member states including Hungary objected.", {(HU, EU)}),
    ("en", "Finland joined NATO in April.", {(FI, NATO)}),
    ("en", "Sweden became NATO's 32nd member.", {(SE, NATO)}),
    ("en", "Russia warned NATO members such as Poland.", {(PL, NATO)}),
    ("en", "NATO allies such as Turkey agreed.", {(TR, NATO)}),
    ("en", "Ukraine is not a member of NATO.", set()),
    ("en", "Sweden will join NATO soon.", set()),
    ("en", "Candidates such as Ukraine and Moldova hope to join the EU.", set()),
    ("en", "NATO partners such as Finland and Sweden were briefed.", set()),
    ("de", "Schweden möchte der Nato beitreten; die Türkei, seit 1952 Mitglied des Bündnisses, blockiert dies.",
     {(TR, NATO)}),
    ("de", "Das Bündnis will die Ostflanke stärken; zu den Mitgliedern gehören die baltischen Staaten Estland "
           "und Lettland.", set()),  # no alliance named before: "das Bündnis" points nowhere
    ("de", "Die NATO will die Ostflanke stärken; zu den Mitgliedern gehören die baltischen Staaten Estland "
           "und Lettland.", {(EE, NATO), (LV, NATO)}),
    ("en", "Turkey, a NATO ally, is not an EU member.", {(TR, NATO)}),
    ("en", "NATO members such as Poland warned Russia.", {(PL, NATO)}),
    ("en", "The Baltic states Estonia and Latvia are members of NATO.", {(EE, NATO), (LV, NATO)}),
]


@pytest.mark.parametrize(("lang", "text", "expected"), MEMBERSHIPS, ids=[t[:40] for _, t, _ in MEMBERSHIPS])
def test_extract_memberships(run: Callable[..., Linked], lang: str, text: str, expected: set) -> None:
    assert memberships(run(text, lang)) == expected


def test_extract_memberships_through_the_alliance_anaphor(run: Callable[..., Linked]) -> None:
    text = "NATO met on Thursday. Members of the alliance such as Latvia asked for more troops."
    assert memberships(run(text, "en")) == {(LV, NATO)}


# ── coreference ────────────────────────────────────────────────────────────────────────────

def test_extract_surname_and_honorific_join_the_full_name(run: Callable[..., Linked]) -> None:
    linked = run("Wladimir Putin drohte. Herr Putin sagte nichts. Die Drohungen Putins wirken.", "de")
    people = [e for e in linked.extraction.entities if e.kind == "Person"]
    assert [(e.key, len(e.mentions)) for e in people] == [(PUTIN, 3)]
    linked = run("Vladimir Putin spoke. Mr. Putin said nothing.", "en")
    assert [(e.key, len(e.mentions)) for e in linked.extraction.entities] == [(PUTIN, 2)]


def test_extract_unknown_person_is_one_entity_by_surname(run: Callable[..., Linked]) -> None:
    linked = run("Karl Muster traf am Montag Jens Stoltenberg. Muster sagte danach, Musters Plan sei gut.", "de")
    muster = [e for e in linked.extraction.entities if e.key.startswith("per:")]
    assert [(e.name, len(e.mentions)) for e in muster] == [("Karl Muster", 3)]
    assert linked.link_of(muster[0].key).qid is None  # type: ignore[union-attr]


def test_extract_adjective_only_entities_are_dropped_unless_a_fact_needs_them(run: Callable[..., Linked]) -> None:
    linked = run("Die russische Regierung schwieg.", "de")
    assert linked.extraction.entities == ()
    linked = run("Der russische Präsident ließ die Frage offen.", "de")
    assert {e.key for e in linked.extraction.entities} == {RU, PUTIN}


# ── the documentation's table ──────────────────────────────────────────────────────────────

def _docs_rows() -> list[tuple[str, str, str, str]]:
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "extraction.md").read_text(encoding="utf-8")
    table = text.split("## Supported constructions", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[1] in {"mention", "office", "meeting", "membership", "coref"}:
            rows.append((cells[0], cells[1], cells[2], cells[3]))
    return rows


DOC_ROWS = _docs_rows()


def _has(linked: Linked, kind: str) -> bool:
    ex = linked.extraction
    if kind == "mention":
        return any(m.qid for e in ex.entities for m in e.mentions)
    if kind == "coref":
        return any(len(e.mentions) >= 2 for e in ex.entities)
    return bool({"office": ex.offices, "meeting": ex.meetings, "membership": ex.memberships}[kind])


def test_extract_docs_table_has_rows() -> None:
    assert len(DOC_ROWS) >= 30


@pytest.mark.parametrize(("construction", "kind", "de", "en"), DOC_ROWS, ids=[r[0] for r in DOC_ROWS])
def test_extract_docs_table(run: Callable[..., Linked], construction: str, kind: str, de: str, en: str) -> None:
    assert _has(run(de, "de"), kind), f"de: {de}"
    assert _has(run(en, "en"), kind), f"en: {en}"
