"""The tokens read once per document: the same facts as spaCy's Token, kept with the Doc."""

from __future__ import annotations

import pytest
from conftest import SEED

from kg.annotate import Annotator
from kg.mentions_tokens import Tok, Tokens, Word, tokens_of

ATTRIBUTES = [name for name in Tok.__slots__ if name not in {"doc", "is_cap"}]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_mentions_tokens_match_spacy_tokens(annotators: dict[str, Annotator], lang: str) -> None:
    text = SEED.read_text(encoding="utf-8") if lang == "de" else (
        "WASHINGTON (AP) — U.S. Secretary of State Antony Blinken met Dr. H. Klee on Monday.\n\n"
        "“We talked,” he said. 3,000 people, 12 % and O'Brien's 2nd visit – al-Aziz!")
    doc = annotators[lang].nlp(text)
    words: dict[int, Word] = {}  # what each word gives its tokens, read from the first doc, reused for the second
    again = annotators[lang].nlp(text)
    for each in (Tokens(doc), Tokens(doc, words), Tokens(again, words)):
        assert len(each) == len(doc)
        for tok, token in zip(each, doc, strict=True):
            assert {a: getattr(tok, a) for a in ATTRIBUTES} == {a: getattr(token, a) for a in ATTRIBUTES}
    assert words
    tokens = Tokens(doc)
    assert tokens.text == doc.text
    assert tokens.span(2, 5).text == doc[2:5].text
    assert tokens.char_span(1, 3) == doc.char_span(1, 3, alignment_mode="expand")


def test_mentions_tokens_capitalised_words(annotators: dict[str, Annotator]) -> None:
    doc = annotators["de"].nlp("Müller McBride O'Brien BPmeldet NATO 2022 St. x Ärger")
    assert [t.text for t in Tokens(doc) if t.is_cap] == ["Müller", "McBride", "O'Brien", "St.", "Ärger"]


def test_mentions_tokens_nbor_stops_at_the_ends(annotators: dict[str, Annotator]) -> None:
    tokens = Tokens(annotators["en"].nlp("Blinken met Lavrov"))
    assert tokens[0].nbor().text == "met" and tokens[2].nbor(-2).text == "Blinken"
    with pytest.raises(IndexError):
        tokens[0].nbor(-1)
    with pytest.raises(IndexError):
        tokens[2].nbor()


def test_mentions_tokens_kept_with_their_doc(annotators: dict[str, Annotator]) -> None:
    doc = annotators["en"].nlp("Blinken met Lavrov in Geneva.")
    tokens = tokens_of(doc)
    assert tokens_of(doc) is tokens
    assert isinstance(tokens[1:3], list) and [t.text for t in tokens[1:3]] == ["met", "Lavrov"]
    copy = doc.copy()  # a copy is a Doc of its own
    assert tokens_of(copy) is not tokens and tokens_of(copy).spacy_doc is copy
    assert doc.to_bytes() and doc.user_data == {}
