"""The tokens of a document read once, for the rules that walk them over and over.

Indexing a spaCy ``Doc`` makes a new ``Token`` each time, and each attribute of a ``Token`` is
looked up through its lexeme and the string store; the mention rules and the fact extractors
read every token dozens of times, and that was most of their time.  ``Tokens`` reads each token
once into a plain ``Tok`` with the same attribute names, and keeps them as long as the ``Doc``
lives, for the later stages.  Spans of mentions are still spaCy ``Span`` objects, made by
``Tokens.span``.
"""

from __future__ import annotations

import functools
import weakref

from spacy.tokens import Doc, Span, Token

__all__ = ["Tok", "Tokens", "Word", "tokens_of"]

Word = tuple[str, str, bool, bool, bool, bool, bool, bool, bool, bool, bool, bool]
"""What a token has from its word (its lexeme), as Tok's attributes from text to is_cap."""

# Not in Doc.user_data: that is copied and serialised with the Doc, and Tokens refer back to it.
_KEPT: weakref.WeakKeyDictionary[Doc, Tokens] = weakref.WeakKeyDictionary()


class Tok:
    """A spaCy Token's attributes that the rules read, copied once; ``doc`` is the ``Tokens`` it is in."""

    __slots__ = ("i", "idx", "text", "lower_", "whitespace_", "is_sent_start", "is_space", "is_punct", "is_stop",
                 "is_lower", "is_upper", "is_title", "is_alpha", "is_digit", "like_num", "is_cap", "doc")

    text: str
    lower_: str
    is_space: bool
    is_punct: bool
    is_stop: bool
    is_lower: bool
    is_upper: bool
    is_title: bool
    is_alpha: bool
    is_digit: bool
    like_num: bool
    is_cap: bool

    def __init__(self, token: Token, doc: Tokens, word: Word) -> None:
        self.i: int = token.i
        self.idx: int = token.idx
        self.whitespace_: str = token.whitespace_
        self.is_sent_start: bool | None = token.is_sent_start
        (self.text, self.lower_, self.is_space, self.is_punct, self.is_stop, self.is_lower, self.is_upper,
         self.is_title, self.is_alpha, self.is_digit, self.like_num, self.is_cap) = word
        self.doc = doc

    def nbor(self, offset: int = 1) -> Tok:
        """The token ``offset`` places away; IndexError past either end, as ``Token.nbor``."""
        i = self.i + offset
        if not 0 <= i < len(self.doc):
            raise IndexError(f"no token {offset:+d} from token {self.i}")
        return self.doc[i]

    def __repr__(self) -> str:
        return f"Tok({self.i}, {self.text!r})"


class Tokens(list[Tok]):
    """The tokens of one Doc as ``Tok`` objects; a slice is a plain list of them, ``span`` a spaCy Span.

    ``words`` keeps what each word of the Doc's vocabulary gives its tokens, by ORTH, for reuse."""

    __slots__ = ("_doc", "text")

    def __init__(self, doc: Doc, words: dict[int, Word] | None = None) -> None:
        super().__init__()
        self._doc = weakref.ref(doc)  # so that the Doc, which _KEPT holds weakly, can go
        self.text: str = doc.text  # Doc.text joins every token on each access
        words = {} if words is None else words
        for token in doc:
            word = words.get(token.orth)
            if word is None:
                word = words[token.orth] = _word(token)
            self.append(Tok(token, self, word))

    @property
    def spacy_doc(self) -> Doc:
        doc = self._doc()
        if doc is None:
            raise ReferenceError("the Doc of these tokens is gone")
        return doc

    def span(self, start: int, end: int) -> Span:
        return self.spacy_doc[start:end]

    def char_span(self, start: int, end: int) -> Span | None:
        """The tokens covering characters start..end, widened to whole tokens."""
        return self.spacy_doc.char_span(start, end, alignment_mode="expand")


def tokens_of(doc: Doc, words: dict[int, Word] | None = None) -> Tokens:
    """The ``Tokens`` of a Doc whose sentences are set: read on first use, kept while the Doc lives."""
    tokens = _KEPT.get(doc)
    if tokens is None:
        tokens = _KEPT[doc] = Tokens(doc, words)
    return tokens


def _word(token: Token) -> Word:
    return (token.text, token.lower_, token.is_space, token.is_punct, token.is_stop, token.is_lower, token.is_upper,
            token.is_title, token.is_alpha, token.is_digit, token.like_num, capitalised(token.text))


@functools.lru_cache(maxsize=1 << 16)
def capitalised(text: str) -> bool:
    """A capitalised word ("Müller", "McBride", "O'Brien"), not an all-caps acronym or a number."""
    if len(text) > 3 and text[1].isupper() and text[2:].islower() and text[1] not in "'’":
        return False  # "BPmeldet": two words run together
    return (len(text) >= 2 and text[0].isupper() and any(c.islower() for c in text)
            and all(c.isalpha() or c in "'’-." for c in text))
