"""Parameters bound into SPARQL text as a one-row VALUES block made of terms pyoxigraph serialises.

Both stores bind this way.  Servers know nothing of pyoxigraph's ``substitutions``; and in the
embedded store, pyoxigraph 0.5 joins substitutions after evaluating the whole pattern, while a
VALUES block at the start of the outermost group is joined first, so the bound IRI drives the
index lookups: `have-met` on 1,000 articles takes 181 ms with substitutions and 14 ms with the
VALUES block (benchmarks/README.md).  No user text is ever spliced: every value is an
``ox.NamedNode`` or ``ox.Literal`` validated by kg.queries and written by pyoxigraph, and every
variable name is checked by ``ox.Variable``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pyoxigraph as ox

from kg.errors import QueryError

__all__ = ["bind_values", "query_form", "values_block", "with_values"]

_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
_LONG2 = r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
_LONG1 = r"'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
_SHORT2 = r'"(?:[^"\\\r\n]|\\.)*"'
_SHORT1 = r"'(?:[^'\\\r\n]|\\.)*'"
_LEXEMES = (
    ("space", r"\s+"),
    ("comment", r"#[^\r\n]*"),
    ("string", "|".join((_LONG2, _LONG1, _SHORT2, _SHORT1))),
    ("iri", r'<[^<>"{}|^`\\\x00-\x20]*>'),
    ("var", r"[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+"),
    ("word", r"(?:[\w:]|\\.|%[0-9A-Fa-f]{2})(?:[\w.:-]|\\.|%[0-9A-Fa-f]{2})*"),
    ("punct", r"."),
)
_LEX = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _LEXEMES), re.DOTALL)

def _structure(sparql: str) -> list[tuple[str, int]]:
    """Keywords (upper-cased) and brackets with their offsets; strings, IRIs and comments skipped."""
    found: list[tuple[str, int]] = []
    for m in _LEX.finditer(sparql):
        kind, text = m.lastgroup, m.group()
        if kind == "word":
            found.append((text.upper(), m.start()))
        elif kind == "punct" and text in "{}()":
            found.append((text, m.start()))
    return found


def query_form(sparql: str) -> str:
    """SELECT, CONSTRUCT, DESCRIBE or ASK: the form of a SPARQL query."""
    for token, _ in _structure(sparql):
        if token in _FORMS:
            return token
    raise QueryError("not a SPARQL query: no SELECT, CONSTRUCT, DESCRIBE or ASK in it")


def _closing(tokens: list[tuple[str, int]], opening: int) -> int:
    """The index of the brace that closes the one at tokens[opening]."""
    depth = 0
    for i in range(opening, len(tokens)):
        if tokens[i][0] == "{":
            depth += 1
        elif tokens[i][0] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise QueryError("malformed SPARQL: a '{' is never closed")


def _where_group(tokens: list[tuple[str, int]]) -> int | None:
    """The index of the brace that opens the query pattern, or None for forms without one."""
    start = next((i for i, (t, _) in enumerate(tokens) if t in _FORMS), None)
    if start is None:
        raise QueryError("not a SPARQL query: no SELECT, CONSTRUCT, DESCRIBE or ASK in it")
    i = start + 1
    if tokens[start][0] == "CONSTRUCT":
        if i < len(tokens) and tokens[i][0] == "{":
            i = _closing(tokens, i) + 1  # skip the template
        else:
            return None  # CONSTRUCT WHERE { triples }: its group may hold nothing but triples
    parens = 0
    for j in range(i, len(tokens)):
        token = tokens[j][0]
        if token == "(":
            parens += 1
        elif token == ")":
            parens -= 1
        elif token == "{" and parens == 0:
            return j
    return None


def _term_text(name: str, term: object) -> str:
    if isinstance(term, ox.NamedNode | ox.Literal):
        return str(term)
    raise QueryError(f"parameter {name}: only IRIs and literals can be sent to an endpoint, not {term!r}")


def values_block(names: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A SPARQL VALUES block, each variable checked and each term serialised by pyoxigraph."""
    variables = []
    for name in names:
        try:
            variables.append(str(ox.Variable(name)))
        except ValueError:
            raise QueryError(f"parameter {name!r}: not a valid SPARQL variable name") from None
    cells = [" ".join(_term_text(n, t) for n, t in zip(names, row, strict=True)) for row in rows]
    return f"VALUES ({' '.join(variables)}) {{ {' '.join(f'({c})' for c in cells)} }}"


def bind_values(sparql: str, substitutions: Mapping[str, object] | None) -> str:
    """The query with each parameter bound by a VALUES block at the start of its outermost group.

    There the values are joined before the group's patterns, BINDs and FILTERs, so a parameter
    used only in a FILTER works (a trailing VALUES clause is joined after the FILTERs and would
    not).  Queries without such a group (CONSTRUCT WHERE, DESCRIBE <iri>) get a trailing VALUES.
    """
    if not substitutions:
        return sparql
    names = list(substitutions)
    return with_values(sparql, values_block(names, [[substitutions[n] for n in names]]))


def with_values(sparql: str, block: str) -> str:
    """The query with a block from values_block() joined at the start of its outermost group
    (and of the groups that open it, see _leading_groups)."""
    tokens = _structure(sparql)
    opening = _where_group(tokens)
    if opening is None:
        return f"{sparql}\n{block}"
    at = tokens[opening][1] + 1
    if opening + 1 < len(tokens) and tokens[opening + 1][0] == "SELECT":
        # A sub-select must be a group of its own, so it is wrapped in one next to the values.
        end = tokens[_closing(tokens, opening)][1]
        return f"{sparql[:at]} {block} {{{sparql[at:end]}}} {sparql[end:]}"
    # One line, so the server's line numbers in error messages still match the query file.
    places = [at, *_leading_groups(tokens, opening)]
    for where in sorted(places, reverse=True):
        sparql = f"{sparql[:where]} {block} {sparql[where:]}"
    return sparql


def _leading_groups(tokens: list[tuple[str, int]], opening: int, depth: int = 3) -> list[int]:
    """Where the values are joined as well: inside a GRAPH group that opens the group, and inside
    each branch of a UNION that opens it, and so on a few levels down.

    The answers stay the same (a join distributes over a union and moves into a GRAPH pattern),
    and the planner gets the values where the patterns are: Oxigraph evaluates a union branch or
    a GRAPH group on its own, so `offices-of` otherwise reads every office holding before keeping
    one person's, and `timeline` joins every meeting before testing its date.
    """
    j = opening + 1
    if depth == 0 or j >= len(tokens):
        return []
    if tokens[j][0] == "GRAPH" and j + 1 < len(tokens) and tokens[j + 1][0] == "{":
        return [tokens[j + 1][1] + 1, *_leading_groups(tokens, j + 1, depth - 1)]
    branches: list[int] = []
    while j < len(tokens) and tokens[j][0] == "{":
        if j + 1 < len(tokens) and tokens[j + 1][0] == "SELECT":
            return []  # a sub-select's values stay outside it
        branches.append(j)
        close = _closing(tokens, j)
        if close + 2 < len(tokens) and tokens[close + 1][0] == "UNION" and tokens[close + 2][0] == "{":
            j = close + 2
        else:
            break
    if len(branches) < 2:
        return []
    return [place for b in branches for place in (tokens[b][1] + 1, *_leading_groups(tokens, b, depth - 1))]
