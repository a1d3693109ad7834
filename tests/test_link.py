"""The link stage: QIDs or NIL for the entities of sentences written for these tests, and offices
completed from the knowledge base (owner, position, term) according to their status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from kg.link import THRESHOLD, compatible
from kg.records import Linked


def links(linked: Linked) -> dict[str, str | None]:
    """Entity name as written (longest mention) → QID or None (NIL)."""
    out = {}
    for e in linked.extraction.entities:
        name = max((m.text for m in e.mentions), key=len) if e.mentions else e.name
        found = linked.link_of(e.key)
        out[name] = found.qid if found else None
    return out


LINKS = [
    ("de", "Nato-Generalsekretär Jens Stoltenberg sprach in Brüssel mit Dmytro Kuleba.",
     {"Nato": "Q7184", "Jens Stoltenberg": "Q57665", "Brüssel": "Q239", "Dmytro Kuleba": "Q24025631"}),
    ("de", "Russland und seinem Präsidenten Wladimir V. Putin drohen Sanktionen.",
     {"Russland": "Q159", "Wladimir V. Putin": "Q7747"}),
    ("de", "Der Sicherheitsrat der Vereinten Nationen tagte in New York.",
     {"Sicherheitsrat der Vereinten Nationen": "Q37470", "New York": "Q60"}),
    ("de", "Die Organisation für Sicherheit und Zusammenarbeit in Europa tagt in Wien.",
     {"Organisation für Sicherheit und Zusammenarbeit in Europa": "Q81299", "Wien": "Q1741"}),
    ("de", "Wolodymyr Selenskyj sprach mit Olaf Scholz.", {"Wolodymyr Selenskyj": "Q3874799", "Olaf Scholz": "Q61053"}),
    ("de", "Außenminister Dmitri Kuleba sprach.", {"Dmitri Kuleba": "Q24025631", "Ukraine": "Q212"}),
    ("de", "Karl Muster traf Jens Stoltenberg.", {"Karl Muster": None, "Jens Stoltenberg": "Q57665"}),
    ("en", "French President Emmanuel Macron met UN Secretary-General António Guterres.",
     {"French": "Q142", "Emmanuel Macron": "Q3052772", "UN": "Q1065", "António Guterres": "Q311440"}),
    ("en", "Volodymyr Zelenskyy thanked the European Union and the United Kingdom.",
     {"Volodymyr Zelenskyy": "Q3874799", "European Union": "Q458", "United Kingdom": "Q145"}),
    ("en", "Biden met Xi in Bali on Monday.", {"Biden": "Q6279", "Xi": "Q15031", "Bali": None}),
    ("en", "John Doe-Smith spoke to Jens Stoltenberg.", {"John Doe-Smith": None, "Jens Stoltenberg": "Q57665"}),
    ("en", "Secretary of State Antony Blinken spoke.",
     {"Antony Blinken": "Q7821917", "United States of America": "Q30"}),
]


@pytest.mark.parametrize(("lang", "text", "expected"), LINKS, ids=[t[:40] for _, t, _ in LINKS])
def test_link_qids_and_nil(run: Callable[..., Linked], lang: str, text: str, expected: dict) -> None:
    assert links(run(text, lang)) == expected


def test_link_scores_say_how_sure(run: Callable[..., Linked]) -> None:
    linked = run("Außenminister Dmitri Kuleba traf Jens Stoltenberg und Karl Muster.", "de")
    scores = {found.label: (found.qid, found.score) for found in linked.links}
    assert scores["Jens Stoltenberg"] == ("Q57665", 0.95)  # a KB name
    assert scores["Dmytro Kuleba"] == ("Q24025631", 0.85)  # first name and surname agree, transliterated
    assert scores["Karl Muster"] == (None, 0.0)
    assert all(found.qid is None or found.score >= THRESHOLD for found in linked.links)


def test_link_types_must_agree() -> None:
    assert compatible("Organization", "Alliance") and compatible("Place", "Country")
    assert compatible("Alliance", "Alliance")
    assert not compatible("Person", "City") and not compatible("Country", "City")
    assert not compatible("Place", "InternationalOrganization")


def test_link_office_owner_position_and_term_from_the_kb(run: Callable[..., Linked]) -> None:
    office = run("Außenminister Antony J. Blinken informierte die Verbündeten.", "de").extraction.offices[0]
    assert (office.holder, office.of, office.position_qid, office.start) == (
        "Q7821917", "Q30", "Q14213", dt.date(2021, 1, 26))


def test_link_former_office_takes_the_ended_term(run: Callable[..., Linked]) -> None:
    office = run("Der frühere Außenminister Heiko Maas schwieg.", "de").extraction.offices[0]
    assert (office.of, office.status, office.end) == ("Q183", "former", dt.date(2021, 12, 8))
    office = run("Angela Merkel war Bundeskanzlerin.", "de").extraction.offices[0]
    assert (office.of, office.status, office.end) == ("Q183", "former", dt.date(2021, 12, 8))


def test_link_former_office_needs_an_ended_term(run: Callable[..., Linked]) -> None:
    # Blinken was in office on that day: the KB knows no former term, so no owner is guessed
    office = run("Ex-Außenminister Antony Blinken schwieg.", "de").extraction.offices[0]
    assert (office.holder, office.of, office.status) == ("Q7821917", None, "former")


def test_link_designated_office_takes_the_coming_term(run: Callable[..., Linked]) -> None:
    linked = run("Die designierte Außenministerin Annalena Baerbock reist nach Paris.", "de", dt.date(2021, 11, 30))
    office = linked.extraction.offices[0]
    assert (office.holder, office.of, office.status, office.start) == (
        "Q564328", "Q183", "designated", dt.date(2021, 12, 8))


def test_link_title_only_reference_is_the_holder_on_the_day(run: Callable[..., Linked]) -> None:
    def holders(text: str, day: dt.date) -> list[tuple[str, str | None]]:
        return [(o.holder, o.of) for o in run(text, "de", day).extraction.offices]

    assert holders("Der US-Außenminister reist nach Kiew.", dt.date(2020, 6, 1)) == [("Q473239", "Q30")]  # Pompeo
    assert holders("Der US-Außenminister reist nach Kiew.", dt.date(2022, 6, 1)) == [("Q7821917", "Q30")]
    # on the hand-over day two holders are active: no guess
    assert holders("Der Nato-Generalsekretär sprach.", dt.date(2024, 10, 1)) == []


def test_link_one_thing_is_one_entity(run: Callable[..., Linked]) -> None:
    linked = run("Wladimir V. Putin drohte. Herr Putin sagte, Putins Plan stehe.", "de")
    assert [(e.key, len(e.mentions)) for e in linked.extraction.entities] == [("Q7747", 3)]
