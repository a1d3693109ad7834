"""Tests of date resolution: expressions found with offsets and resolved against the publication date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.dates import _RULES, _WORD_START, DateMention, Tense, _matches, find_dates, resolve_expression, tense_hint
from kg.records import DateValue

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_aa9fb3416deedb31.txt"
DOCS = REPO / "docs" / "dates.md"
FRIDAY = dt.date(2022, 1, 7)  # the seed's publication date

Found = list[tuple[str, str, str]]  # (expression, value, precision)

SEED_SENTENCES: list[tuple[str, Found]] = [
    (
        "BRÜSSEL – NATO-Außenminister trafen sich am Freitag virtuell, um ihre Reaktionen auf Russlands "
        "anhaltende militärische Aufrüstung in der Nähe der Ukraine vorzubereiten, während die allgemeine "
        "Skepsis gegenüber Moskaus Bereitschaft zu Deeskalation und ernsthaften Verhandlungen herrschte.",
        [("am Freitag", "2022-01-07", "day")],
    ),
    (
        "Das Online-Treffen der Außenminister am Freitag war der Auftakt zu einer möglicherweise "
        "bedeutsamen Woche für die europäische Sicherheit.",
        [("am Freitag", "2022-01-07", "day")],
    ),
    (
        "Diese Genfer Gespräche auf der Ebene der stellvertretenden Außenminister werden am Montag "
        "stattfinden, wenn die NATO in Brüssel mit dem ukrainischen Außenminister Dmytro Kuleba "
        "zusammentrifft.",
        [("am Montag", "2022-01-10", "day")],
    ),
    (
        "Am Mittwoch trifft sich dann in Brüssel der längst im Sterben liegende NATO-Russland-Rat und am "
        "Donnerstag in Wien Gespräche bei der Organisation für Sicherheit und Zusammenarbeit in Europa, "
        "einer Gruppe von 57 Nationen, darunter die Ukraine und Russland.",
        [("Am Mittwoch", "2022-01-12", "day"), ("am Donnerstag", "2022-01-13", "day")],
    ),
    (
        "Sobald das Treffen mit Russland am Mittwoch abgeschlossen ist, sagte Stoltenberg, werde er die "
        "Staats- und Regierungschefs der Europäischen Union und ihre Verteidigungsminister über die "
        "Gespräche informieren, wie dies auch die Amerikaner beabsichtigen.",
        [("am Mittwoch", "2022-01-12", "day")],
    ),
    (
        "Der NATO-Russland-Rat wurde 2002 als Ort zur Erörterung gegenseitiger Sicherheitsbelange gegründet.",
        [("2002", "2002", "year")],
    ),
    (
        "Aber seit April 2014 und der russischen Invasion der Ukraine und der Annexion der Krim ist sie im "
        "Wesentlichen todkrank.",
        [("April 2014", "2014-04", "month")],
    ),
    (
        "Aber keine Seite hat es mit dem letzten Treffen im Sommer 2019 vollständig aufgegeben, da die NATO "
        "argumentiert, dass sie für den Dialog offen bleibt, auch wenn dies die Abschreckung verstärkt.",
        [("im Sommer 2019", "2019", "season")],
    ),
    (
        "Als sich die Beziehungen zu Russland jedoch verschlechterten, wies die NATO im vergangenen Oktober "
        "acht Mitglieder der russischen Mission wegen Spionage aus dem Bündnis aus und reduzierte die Zahl "
        "der akkreditierten russischen Diplomaten.",
        [("im vergangenen Oktober", "2021-10", "month")],
    ),
    (
        "Zu den 30 Mitgliedern der NATO gehören nur zwei, die USA und Kanada, die nicht europäisch seien, "
        "betonte Stoltenberg.",
        [],
    ),
]

# Sentences of our own, all resolved against Friday 2022-01-07 unless a date is given.
OWN_SENTENCES: list[tuple[str, str, Found]] = [
    # weekdays by tense
    ("de", "Die Minister werden sich am Dienstag in Berlin treffen.", [("am Dienstag", "2022-01-11", "day")]),
    ("de", "Scholz sagte am Dienstag, die Lage sei ernst.", [("am Dienstag", "2022-01-04", "day")]),
    (
        "de",
        "Am Mittwoch hatte die Kommission ihren Bericht vorgelegt.",
        [("Am Mittwoch", "2022-01-05", "day")],
    ),
    (
        "de",
        "Der Bundestag stimmt am Donnerstag über das Gesetz ab.",
        [("am Donnerstag", "2022-01-13", "day")],
    ),
    (
        "de",
        "Am Samstagabend trafen sich die Delegationen erneut.",
        [("Am Samstagabend", "2022-01-01", "day")],
    ),
    ("de", "Seit Montag gilt die neue Regel.", [("Montag", "2022-01-03", "day")]),
    ("de", "Die Frist läuft bis Dienstag.", [("Dienstag", "2022-01-11", "day")]),
    (
        "de",
        "Die Minister trafen sich am Montag und werden am Mittwoch erneut beraten.",
        [("am Montag", "2022-01-03", "day"), ("am Mittwoch", "2022-01-12", "day")],
    ),
    ("de", "Die Gespräche gehen am kommenden Montag weiter.", [("am kommenden Montag", "2022-01-10", "day")]),
    (
        "de",
        "Am vergangenen Freitag wurde der Vertrag unterzeichnet.",
        [("Am vergangenen Freitag", "2021-12-31", "day")],
    ),
    ("en", "NATO foreign ministers met on Friday.", [("on Friday", "2022-01-07", "day")]),
    ("en", "The talks will take place on Monday.", [("on Monday", "2022-01-10", "day")]),
    ("en", "Blinken met Lavrov on Thursday.", [("on Thursday", "2022-01-06", "day")]),
    ("en", "The NATO-Russia Council meets on Wednesday.", [("on Wednesday", "2022-01-12", "day")]),
    ("en", "The minister said Monday that talks had failed.", [("Monday", "2022-01-03", "day")]),
    ("en", "On Monday, the ministers met in Geneva.", [("On Monday", "2022-01-03", "day")]),
    (
        "en",
        "The talks, which are to start on Monday, ended on Thursday.",
        [("on Monday", "2022-01-10", "day"), ("on Thursday", "2022-01-06", "day")],
    ),
    (
        "en",
        "Next Friday, last Friday, this Friday.",
        [
            ("Next Friday", "2022-01-14", "day"),
            ("last Friday", "2021-12-31", "day"),
            ("this Friday", "2022-01-07", "day"),
        ],
    ),
    # days, weeks, relative units
    ("de", "Heute beginnt in Brüssel der Gipfel.", [("Heute", "2022-01-07", "day")]),
    ("de", "Gestern hatte Stoltenberg gewarnt.", [("Gestern", "2022-01-06", "day")]),
    (
        "de",
        "Vorgestern trafen sich die Minister, übermorgen reisen sie ab.",
        [("Vorgestern", "2022-01-05", "day"), ("übermorgen", "2022-01-09", "day")],
    ),
    (
        "de",
        "Das Kabinett tagte heute Morgen. Morgen reist der Kanzler.",
        [("heute Morgen", "2022-01-07", "day"), ("Morgen", "2022-01-08", "day")],
    ),
    ("de", "Die Abstimmung ist für morgen angesetzt.", [("morgen", "2022-01-08", "day")]),
    (
        "de",
        "Nächste Woche reist die Ministerin nach Kiew, in der kommenden Woche auch.",
        [("Nächste Woche", "2022-01-10", "day"), ("in der kommenden Woche", "2022-01-10", "day")],
    ),
    (
        "de",
        "Letzte Woche, vergangene Woche und diese Woche.",
        [
            ("Letzte Woche", "2021-12-27", "day"),
            ("vergangene Woche", "2021-12-27", "day"),
            ("diese Woche", "2022-01-03", "day"),
        ],
    ),
    (
        "de",
        "Vor drei Tagen, vor einem Jahr, in zwei Wochen, vor zwei Monaten.",
        [
            ("Vor drei Tagen", "2022-01-04", "day"),
            ("vor einem Jahr", "2021", "year"),
            ("in zwei Wochen", "2022-01-21", "day"),
            ("vor zwei Monaten", "2021-11", "month"),
        ],
    ),
    (
        "en",
        "today, yesterday, tomorrow, next week, last week, last year, next month, two weeks ago, "
        "in three days",
        [
            ("today", "2022-01-07", "day"),
            ("yesterday", "2022-01-06", "day"),
            ("tomorrow", "2022-01-08", "day"),
            ("next week", "2022-01-10", "day"),
            ("last week", "2021-12-27", "day"),
            ("last year", "2021", "year"),
            ("next month", "2022-02", "month"),
            ("two weeks ago", "2021-12-24", "day"),
            ("in three days", "2022-01-10", "day"),
        ],
    ),
    # explicit dates
    (
        "de",
        "Die Wahl findet am 5. Dezember 2024 statt, am 5.12.2024, 2024-12-05.",
        [
            ("am 5. Dezember 2024", "2024-12-05", "day"),
            ("am 5.12.2024", "2024-12-05", "day"),
            ("2024-12-05", "2024-12-05", "day"),
        ],
    ),
    (
        "de",
        "Am 5. Dezember hatte der Rat getagt, am 20. Januar tagt er wieder.",
        [("Am 5. Dezember", "2021-12-05", "day"), ("am 20. Januar", "2022-01-20", "day")],
    ),
    (
        "de",
        "Am Freitag, den 14. Januar 2022, tagt der Rat.",
        [("Am Freitag, den 14. Januar 2022", "2022-01-14", "day")],
    ),
    (
        "en",
        "The summit was held on 5 December 2024 in Vilnius, on December 5, 2024, on the 5th of December.",
        [
            ("on 5 December 2024", "2024-12-05", "day"),
            ("on December 5, 2024", "2024-12-05", "day"),
            ("on the 5th of December", "2021-12-05", "day"),
        ],
    ),
    # months
    (
        "de",
        "Im Dezember 2024 wurde gewählt. Im Dezember auch, im März wieder.",
        [
            ("Im Dezember 2024", "2024-12", "month"),
            ("Im Dezember", "2021-12", "month"),
            ("im März", "2022-03", "month"),
        ],
    ),
    ("de", "Im Juli hatte der Rat getagt.", [("Im Juli", "2021-07", "month")]),
    ("de", "Im Juli tagt der Rat.", [("Im Juli", "2022-07", "month")]),
    (
        "de",
        "Im kommenden März und im vergangenen Januar, im Oktober letzten Jahres.",
        [
            ("Im kommenden März", "2022-03", "month"),
            ("im vergangenen Januar", "2021-01", "month"),
            ("im Oktober letzten Jahres", "2021-10", "month"),
        ],
    ),
    (
        "en",
        "in December 2024, in December, last October, next January, in October last year",
        [
            ("in December 2024", "2024-12", "month"),
            ("in December", "2021-12", "month"),
            ("last October", "2021-10", "month"),
            ("next January", "2023-01", "month"),
            ("in October last year", "2021-10", "month"),
        ],
    ),
    # seasons, parts of periods, years
    (
        "de",
        "Im Frühjahr 2020, im Herbst und im Winter 2021/22.",
        [
            ("Im Frühjahr 2020", "2020", "season"),
            ("im Herbst", "2021", "season"),
            ("im Winter 2021/22", "2021", "season"),
        ],
    ),
    (
        "en",
        "in the summer of 2019, last summer, in the fall, the fall of Kabul, spring 2020",
        [
            ("in the summer of 2019", "2019", "season"),
            ("last summer", "2021", "season"),
            ("in the fall", "2021", "season"),
            ("spring 2020", "2020", "season"),
        ],
    ),
    (
        "de",
        "Anfang 2023 und Ende März, Mitte Mai, Ende nächster Woche, Ende dieses Jahres.",
        [
            ("Anfang 2023", "2023", "year"),
            ("Ende März", "2022-03", "month"),
            ("Mitte Mai", "2022-05", "month"),
            ("Ende nächster Woche", "2022-01-10", "day"),
            ("Ende dieses Jahres", "2022", "year"),
        ],
    ),
    (
        "en",
        "early 2023, mid-2023, by the end of 2023, late March, in 2019, since April 2014",
        [
            ("early 2023", "2023", "year"),
            ("mid-2023", "2023", "year"),
            ("the end of 2023", "2023", "year"),
            ("late March", "2022-03", "month"),
            ("in 2019", "2019", "year"),
            ("April 2014", "2014-04", "month"),
        ],
    ),
    ("de", "Der Rat wurde im Jahr 2002 gegründet.", [("im Jahr 2002", "2002", "year")]),
    (
        "de",
        "Ende des Jahres soll der Vertrag stehen, in diesem Jahr, im vergangenen Jahr.",
        [
            ("Ende des Jahres", "2022", "year"),
            ("in diesem Jahr", "2022", "year"),
            ("im vergangenen Jahr", "2021", "year"),
        ],
    ),
    (
        "en",
        "by the end of the year, at the end of the month, this year's summit",
        [
            ("the end of the year", "2022", "year"),
            ("at the end of the month", "2022-01", "month"),
            ("this year", "2022", "year"),
        ],
    ),
    ("de", "Der ehemalige BND-Chef August Hanning sprach seit August.", [("August", "2021-08", "month")]),
    # without a year, the tense decides like for weekdays: the previous one for past, the next one for future
    ("en", "The leaders met in Bali in March.", [("in March", "2021-03", "month")]),
    ("en", "The leaders will meet in November.", [("in November", "2022-11", "month")]),
    ("de", "Die Staats- und Regierungschefs trafen sich im März auf Bali.", [("im März", "2021-03", "month")]),
    ("de", "Im November werden sich die Staats- und Regierungschefs treffen.", [("Im November", "2022-11", "month")]),
    (
        "de",
        "Im Januar tagte der Rat, im Januar tagt er wieder.",
        [("Im Januar", "2022-01", "month"), ("im Januar", "2022-01", "month")],
    ),
    ("en", "The European Council will meet on December 15.", [("on December 15", "2022-12-15", "day")]),
    ("de", "Der Europäische Rat wird am 15. Dezember tagen.", [("am 15. Dezember", "2022-12-15", "day")]),
    ("en", "The vote was held on February 2.", [("on February 2", "2021-02-02", "day")]),
    ("de", "Am 2. Februar hatte der Rat abgestimmt.", [("Am 2. Februar", "2021-02-02", "day")]),
    ("de", "Seit dem 20. Januar gilt die Regel.", [("20. Januar", "2021-01-20", "day")]),
    ("de", "Im Frühjahr trafen sich die Minister in Rom.", [("Im Frühjahr", "2021", "season")]),
    ("en", "The ministers will meet again in the autumn.", [("in the autumn", "2022", "season")]),
    ("de", "Im Winter wird der Rat erneut tagen.", [("Im Winter", "2021", "season")]),
    ("de", "Das Unternehmen kaufte sich im März für drei Milliarden ein.", [("im März", "2022-03", "month")]),
    # the German perfect is past tense
    ("de", "Der Präsident ist am Montag in Kiew eingetroffen.", [("am Montag", "2022-01-03", "day")]),
    ("de", "Scholz hat Kiew am Montag besucht.", [("am Montag", "2022-01-03", "day")]),
    ("de", "Die Minister haben die Lage am Montag beraten.", [("am Montag", "2022-01-03", "day")]),
    (
        "de",
        "Die Außenminister haben am Montag in Brüssel neue Sanktionen beschlossen.",
        [("am Montag", "2022-01-03", "day")],
    ),
    (
        "de",
        "Nachdem die Delegationen am Montag eingetroffen sind, beginnt die Konferenz.",
        [("am Montag", "2022-01-03", "day")],
    ),
    ("de", "Die Minister sollen sich am Montag getroffen haben.", [("am Montag", "2022-01-03", "day")]),
    (
        "de",
        "Sobald der Präsident am Montag eingetroffen ist, beginnen die Gespräche.",
        [("am Montag", "2022-01-10", "day")],
    ),
    ("de", "Der Gipfel ist am Montag geplant.", [("am Montag", "2022-01-10", "day")]),
    # "in N years" only in a future clause, "vor N Jahren" is the year P - N
    ("en", "The treaty will expire in six years.", [("in six years", "2028", "year")]),
    ("de", "In fünf Jahren will die Regierung klimaneutral sein.", [("In fünf Jahren", "2027", "year")]),
    ("de", "Vor sechs Jahren war er zuletzt in Riad.", [("Vor sechs Jahren", "2016", "year")]),
    ("en", "He was last in Riyadh six years ago.", [("six years ago", "2016", "year")]),
]

NOT_DATES = [
    ("de", "Zu den 30 Mitgliedern der NATO gehören nur zwei, einer Gruppe von 57 Nationen."),
    ("de", "Nach dem Freitagsgebet versammelten sich Tausende."),
    ("de", "Rund 2000 Soldaten wurden verlegt, 2000 Menschen flohen, die UN-Resolution 1973 gilt."),
    ("de", "In den 1990er Jahren stieg die Zahl auf 12.000, dann auf 2.019 Menschen."),
    ("de", "Am Morgen tagte das Kabinett."),
    ("de", "Am 29. Februar tagt der Rat."),
    ("de", "Die 30-köpfige Allianz und die montags tagende Kommission."),
    ("en", "Prime Minister Theresa May met 300 people, about 2000 troops, 2019 votes."),
    ("en", "They marked the fall of Kabul with a summer festival."),
    # durations, not dates
    ("en", "It was the first visit to Riyadh in six years."),
    ("en", "The trip is the first visit by a US president in six years."),
    ("en", "Prices rose in six years by a third."),
    ("en", "It is the worst crisis in two months, and the longest standoff in three weeks."),
    ("de", "Es ist der erste Besuch in sechs Jahren."),
    ("de", "Es ist der erste Besuch seit sechs Jahren, seit drei Monaten verhandeln sie."),
    ("en", "The two have known each other for six years."),
]


def _seed_body() -> str:
    """The seed article without the front matter another stage may have added."""
    text = SEED.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def _found(text: str, lang: str, published: dt.date | None) -> Found:
    return [(m.value.expression, m.value.value, m.value.precision) for m in find_dates(text, lang, published)]


@pytest.mark.parametrize(("sentence", "expected"), SEED_SENTENCES)
def test_dates_seed_sentences(sentence: str, expected: Found) -> None:
    assert sentence in SEED.read_text(encoding="utf-8")
    assert _found(sentence, "de", FRIDAY) == expected


def test_dates_seed_article() -> None:
    text = _seed_body()
    assert _found(text, "de", FRIDAY) == [
        ("am Freitag", "2022-01-07", "day"),
        ("am Freitag", "2022-01-07", "day"),
        ("am Montag", "2022-01-10", "day"),
        ("Am Mittwoch", "2022-01-12", "day"),
        ("am Donnerstag", "2022-01-13", "day"),
        ("am Mittwoch", "2022-01-12", "day"),
        ("2002", "2002", "year"),
        ("April 2014", "2014-04", "month"),
        ("im Sommer 2019", "2019", "season"),
        ("im vergangenen Oktober", "2021-10", "month"),
    ]


@pytest.mark.parametrize(("lang", "sentence", "expected"), OWN_SENTENCES)
def test_dates_own_sentences(lang: str, sentence: str, expected: Found) -> None:
    assert _found(sentence, lang, FRIDAY) == expected


@pytest.mark.parametrize(("lang", "sentence"), NOT_DATES)
def test_dates_negative_cases(lang: str, sentence: str) -> None:
    assert find_dates(sentence, lang, FRIDAY) == []


@pytest.mark.parametrize(("lang", "sentence", "expected"), OWN_SENTENCES)
def test_dates_offsets_slice_the_expression(lang: str, sentence: str, expected: Found) -> None:
    mentions = find_dates(sentence, lang, FRIDAY)
    assert [sentence[m.start : m.end] for m in mentions] == [m.value.expression for m in mentions]
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:], strict=False))


def test_dates_offsets_in_the_article() -> None:
    text = _seed_body()
    mentions = find_dates(text, "de", FRIDAY)
    assert mentions[0] == DateMention(
        text.index("am Freitag"), text.index("am Freitag") + 10, DateValue("2022-01-07", "day", "am Freitag")
    )
    assert all(text[m.start : m.end] == m.value.expression for m in mentions)


def _docs_rows() -> list[tuple[str, str, str, str, str]]:
    rows = []
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[4] not in ("Value", "---"):
            rows.append((cells[1], cells[2], cells[3].strip("`"), cells[4], cells[5]))
    return rows


def test_dates_docs_table_is_complete() -> None:
    assert len(_docs_rows()) >= 50


@pytest.mark.parametrize(("lang", "example", "expression", "value", "precision"), _docs_rows())
def test_dates_docs_table(lang: str, example: str, expression: str, value: str, precision: str) -> None:
    assert (expression, value, precision) in _found(example, lang, FRIDAY)


def test_dates_without_publication_date_keep_only_absolute() -> None:
    text = (
        "Die Minister treffen sich am Freitag und heute, nächste Woche, im Dezember, am 5. Dezember 2024, "
        "im Sommer 2019, seit April 2014, im Jahr 2002, on 5 March 2020, in the fall."
    )
    assert _found(text, "de", None) == [
        ("am 5. Dezember 2024", "2024-12-05", "day"),
        ("im Sommer 2019", "2019", "season"),
        ("April 2014", "2014-04", "month"),
        ("im Jahr 2002", "2002", "year"),
        ("on 5 March 2020", "2020-03-05", "day"),
    ]


def test_dates_day_month_takes_the_nearest_year() -> None:
    assert _found("am 30. Juni", "de", FRIDAY) == [("am 30. Juni", "2022-06-30", "day")]
    assert _found("am 24. Februar", "de", dt.date(2022, 3, 1)) == [("am 24. Februar", "2022-02-24", "day")]
    assert _found("on 3 January", "en", dt.date(2021, 12, 20)) == [("on 3 January", "2022-01-03", "day")]


def test_dates_without_year_follow_the_tense_at_any_publication_date() -> None:
    june = dt.date(2022, 6, 15)
    assert _found("Biden and Xi met in Bali in November.", "en", june) == [("in November", "2021-11", "month")]
    assert _found("Biden and Xi will meet in November.", "en", june) == [("in November", "2022-11", "month")]
    assert _found("Biden und Xi trafen sich im November auf Bali.", "de", june) == [
        ("im November", "2021-11", "month")
    ]
    assert _found("Im Sommer trafen sich die Minister.", "de", june) == [("Im Sommer", "2022", "season")]
    assert _found("Im Sommer trafen sich die Minister.", "de", dt.date(2022, 5, 1)) == [
        ("Im Sommer", "2021", "season")
    ]
    assert _found("In the spring the ministers met in Rome.", "en", june) == [("In the spring", "2022", "season")]
    january = dt.date(2022, 1, 14)
    assert _found("The European Council will meet on December 15.", "en", january) == [
        ("on December 15", "2022-12-15", "day")
    ]
    assert _found("Der Rat wird am 15. Dezember tagen.", "de", january) == [("am 15. Dezember", "2022-12-15", "day")]
    assert _found("Der Rat hatte am 20. Januar getagt.", "de", january) == [("am 20. Januar", "2021-01-20", "day")]
    assert _found("Am 14. Januar tagte der Rat.", "de", january) == [("Am 14. Januar", "2022-01-14", "day")]


def test_dates_in_years_is_a_duration_unless_future() -> None:
    july = dt.date(2023, 7, 1)
    assert _found("Biden arrived in Riyadh, the first visit in six years.", "en", july) == []
    assert _found("Biden will make the first visit in six years.", "en", july) == []
    assert _found("The treaty will expire in six years.", "en", july) == [("in six years", "2029", "year")]
    assert resolve_expression("in six years", "en", july) is None
    assert resolve_expression("in six years", "en", july, tense="future") == DateValue("2029", "year", "in six years")
    assert resolve_expression("vor sechs Jahren", "de", july) == DateValue("2017", "year", "vor sechs Jahren")
    assert resolve_expression("seit sechs Jahren", "de", july) is None


def test_dates_ranges_keep_only_the_last_day() -> None:
    # deliberately unsupported: a range gives its complete end, the caller sees "vom 5. bis" is left over
    assert _found("vom 5. bis 7. Dezember 2024", "de", FRIDAY) == [("7. Dezember 2024", "2024-12-07", "day")]


def test_dates_weeks_cross_the_year() -> None:
    assert _found("nächste Woche", "de", dt.date(2021, 12, 29)) == [("nächste Woche", "2022-01-03", "day")]


def test_dates_resolve_expression() -> None:
    assert resolve_expression("am Freitag", "de", FRIDAY) == DateValue("2022-01-07", "day", "am Freitag")
    assert resolve_expression("seit April 2014", "de", None) == DateValue("2014-04", "month", "April 2014")
    assert resolve_expression("im Sommer 2019", "de", None) == DateValue("2019", "season", "im Sommer 2019")
    assert resolve_expression("am Montag", "de", None) is None
    assert resolve_expression("kein Datum", "de", FRIDAY) is None


def test_dates_resolve_expression_follows_the_tense_given() -> None:
    assert resolve_expression("am Montag", "de", FRIDAY, tense="past") == DateValue(
        "2022-01-03", "day", "am Montag"
    )
    assert resolve_expression("am Montag", "de", FRIDAY, tense="future") == DateValue(
        "2022-01-10", "day", "am Montag"
    )
    # with nothing to go by, the nearer Monday (3 days ahead rather than 4 back)
    assert resolve_expression("am Montag", "de", FRIDAY) == DateValue("2022-01-10", "day", "am Montag")
    assert resolve_expression("am Donnerstag", "de", FRIDAY) == DateValue(
        "2022-01-06", "day", "am Donnerstag"
    )


@pytest.mark.parametrize(
    ("lang", "sentence", "expression", "tense"),
    [
        ("de", "Die Gespräche werden am Montag stattfinden.", "am Montag", "future"),
        ("de", "Die Minister trafen sich am Montag in Genf.", "am Montag", "past"),
        (
            "de",
            "Sobald das Treffen am Mittwoch abgeschlossen ist, sagte er, werde er berichten.",
            "am Mittwoch",
            "future",
        ),
        ("de", "Er sagte, das Treffen am Mittwoch sei wichtig.", "am Mittwoch", "past"),
        ("de", "Der Rat am Mittwoch.", "am Mittwoch", None),
        ("en", "The ministers are to meet on Monday.", "on Monday", "future"),
        ("en", "The ministers talked on Monday.", "on Monday", "past"),
        ("de", "Der Präsident ist am Montag in Kiew eingetroffen.", "am Montag", "past"),
        ("de", "Scholz hat Kiew am Montag besucht.", "am Montag", "past"),
        ("de", "Er soll am Montag in Genf eingetroffen sein.", "am Montag", "past"),
        ("de", "Sobald der Präsident am Montag eingetroffen ist, beginnen die Gespräche.", "am Montag", "future"),
        ("de", "Der Gipfel ist am Montag geplant.", "am Montag", "future"),
        ("de", "Die Grenze ist am Montag geschlossen.", "am Montag", None),
        ("de", "Die Minister haben am Montag viel zu besprechen.", "am Montag", "past"),
        ("de", "Seit dem 5. Dezember gilt die Regel.", "5. Dezember", "past"),
        ("de", "Das Unternehmen kaufte sich im März für drei Milliarden ein.", "im März", None),
        ("de", "Die Frist läuft bis zum 5. Dezember.", "5. Dezember", "future"),
        ("en", "He died a week after his final visit to Fenway on Monday.", "on Monday", "past"),
        ("en", "Xi visits Kyiv on Monday.", "on Monday", "future"),
    ],
)
def test_dates_tense_hint(lang: str, sentence: str, expression: str, tense: str | None) -> None:
    start = sentence.index(expression)
    assert tense_hint(sentence, start, start + len(expression), lang) == tense


TENSES: list[Tense | None] = [None, "past", "future"]
WEEKDAY_NAMES = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
ENGLISH_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@given(
    published=st.dates(min_value=dt.date(1, 1, 8), max_value=dt.date(9999, 12, 24)),
    weekday=st.integers(0, 6),
    lang=st.sampled_from(["de", "en"]),
    prefix=st.sampled_from(["", "am ", "on "]),
    tense=st.sampled_from(TENSES),
)
def test_dates_weekday_within_six_days(
    published: dt.date, weekday: int, lang: str, prefix: str, tense: Tense | None
) -> None:
    name = (WEEKDAY_NAMES if lang == "de" else ENGLISH_NAMES)[weekday]
    value = resolve_expression(prefix + name, lang, published, tense=tense)
    assert value is not None
    day = dt.date.fromisoformat(value.value)
    assert abs((day - published).days) <= 6
    assert day.weekday() == weekday
    if tense == "future":
        assert day >= published
    if tense == "past":
        assert day <= published


FRAGMENTS = [s for _, s, _ in OWN_SENTENCES] + [s for s, _ in SEED_SENTENCES] + ["", "–", "\n", "2019"]


@given(parts=st.lists(st.sampled_from(FRAGMENTS), max_size=6), lang=st.sampled_from(["de", "en"]))
def test_dates_mentions_are_ordered_and_disjoint(parts: list[str], lang: str) -> None:
    text = " ".join(parts)
    mentions = find_dates(text, lang, FRIDAY)
    assert all(text[m.start : m.end] == m.value.expression for m in mentions)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:], strict=False))


# Prefixes ("am", "in der", "at the end of the", "mehr als", "§") in front of every kind of anchor.
SCAN_FRAGMENTS = FRAGMENTS + [
    "bis zum Anfang des März 2020", "at the end of the March 2020", "mid-March", "Mitte der 3. Woche",
    "rund 2000 Soldaten", "§ 1900", "Nr.2001", "mehr als 1999", "in the early spring of 2019", "Sept. 5th of May",
    "Freitag, den 5. Mai", "vor drei Tagen", "two years ago", "in der kommenden Woche", "Beam März", "Kevin March",
    "heute früh", "Morgen", "Sommer 2019/20", "Monday, March 3, 2021", "2021-03-04", "4.3.2021",
]


@given(parts=st.lists(st.sampled_from(SCAN_FRAGMENTS), max_size=8), glue=st.sampled_from([" ", "", "\n", ", "]))
def test_dates_rules_tried_near_anchors_find_what_a_full_scan_finds(parts: list[str], glue: str) -> None:
    text = glue.join(parts)
    starts = [m.start() for m in _WORD_START.finditer(text)]
    for rule in _RULES:
        assert [m.span() for m in _matches(rule, text, starts)] == [m.span() for m in rule.pattern.finditer(text)]


def test_dates_start_at_a_word_start() -> None:
    # "von 1848" holds "on", "Kevin March" holds "in": no preposition begins inside a word
    assert _found("Die Demokratiebewegung von 1848 scheiterte.", "de", FRIDAY) == [("1848", "1848", "year")]
    assert _found("Kevin March said the plan failed.", "en", FRIDAY) == []


def test_dates_long_s_of_old_print() -> None:
    # Case-insensitive patterns match "ſ" as "s"; the lookup must not fail on it (HIPE newspapers).
    found = find_dates("Der Kaiſer kam geſtern nach Berlin.", "de", dt.date(1882, 5, 1))
    assert [(f.value.value, f.value.expression) for f in found] == [("1882-04-30", "geſtern")]


MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December"]  # fmt: skip
GERMAN_MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
                 "Oktober", "November", "Dezember"]  # fmt: skip


@given(
    published=st.dates(min_value=dt.date(2, 1, 1), max_value=dt.date(9998, 12, 31)),
    month=st.integers(1, 12),
    lang=st.sampled_from(["de", "en"]),
    tense=st.sampled_from(TENSES),
)
def test_dates_month_within_eleven_months_by_tense(
    published: dt.date, month: int, lang: str, tense: Tense | None
) -> None:
    name = (GERMAN_MONTHS if lang == "de" else MONTH_NAMES)[month - 1]
    value = resolve_expression(("im " if lang == "de" else "in ") + name, lang, published, tense=tense)
    assert value is not None and value.precision == "month"
    year, got = map(int, value.value.split("-"))
    ahead = 12 * (year - published.year) + got - published.month
    assert got == month
    assert {None: -6 <= ahead <= 6, "future": 0 <= ahead <= 11, "past": -11 <= ahead <= 0}[tense]


@given(
    published=st.dates(min_value=dt.date(2, 1, 1), max_value=dt.date(9998, 12, 31)),
    month=st.integers(1, 12),
    day=st.integers(1, 28),
    tense=st.sampled_from(TENSES),
)
def test_dates_day_month_within_a_year_by_tense(
    published: dt.date, month: int, day: int, tense: Tense | None
) -> None:
    value = resolve_expression(f"am {day}. {GERMAN_MONTHS[month - 1]}", "de", published, tense=tense)
    assert value is not None
    got = dt.date.fromisoformat(value.value)
    assert (got.month, got.day) == (month, day)
    ahead = (got - published).days
    assert {None: -183 <= ahead <= 183, "future": 0 <= ahead <= 365, "past": -365 <= ahead <= 0}[tense]
