"""Binding parameters into query text: where the VALUES block goes, and that answers stay right."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import QueryError
from kg.sparql_text import bind_values


def _rows(text: str, store: ox.Store | None = None) -> list[tuple[str, ...]]:
    result = (store or ox.Store()).query(text)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return sorted(tuple(str(row[n]) if row[n] is not None else "" for n in names) for row in result)


def test_sparql_text_values_enter_each_branch_of_a_leading_union() -> None:
    # a branch may use the parameter itself; it sees it only if the values are inside it
    text = 'SELECT ?x ?y WHERE { { BIND(CONCAT(?x, "!") AS ?y) } UNION { BIND(?x AS ?y) } }'
    bound = bind_values(text, {"x": ox.Literal("a")})
    assert bound.count("VALUES") == 3
    assert _rows(bound) == [('"a"', '"a!"'), ('"a"', '"a"')]


def test_sparql_text_branch_values_leave_the_answers_of_a_plain_union_unchanged() -> None:
    store = ox.Store()
    ex = "http://example.org/"
    for s, o in (("a", "1"), ("b", "2"), ("a", "3")):
        store.add(ox.Quad(ox.NamedNode(ex + s), ox.NamedNode(ex + "p"), ox.Literal(o)))
        store.add(ox.Quad(ox.NamedNode(ex + s), ox.NamedNode(ex + "q"), ox.Literal(o + "q")))
    text = f"SELECT ?s ?o WHERE {{ {{ ?s <{ex}p> ?o }} UNION {{ ?s <{ex}q> ?o }} }}"
    bound = bind_values(text, {"s": ox.NamedNode(ex + "a")})
    assert bound.count("VALUES") == 3
    expected = [r for r in _rows(text, store) if r[0] == f"<{ex}a>"]
    assert _rows(bound, store) == expected and len(expected) == 4


def test_sparql_text_values_go_only_to_the_top_when_no_union_leads() -> None:
    text = "SELECT ?x ?y WHERE { { BIND(1 AS ?y) } BIND(2 AS ?z) }"
    assert bind_values(text, {"x": ox.Literal("a")}).count("VALUES") == 1
    single = "SELECT ?x ?y WHERE { { BIND(1 AS ?y) } UNION { BIND(2 AS ?y) } UNION { BIND(3 AS ?y) } }"
    assert bind_values(single, {"x": ox.Literal("a")}).count("VALUES") == 4
    sub = "SELECT ?x WHERE { { SELECT ?x WHERE { BIND(1 AS ?x) } } UNION { BIND(2 AS ?x) } }"
    assert bind_values(sub, {"y": ox.Literal("a")}).count("VALUES") == 1


def test_sparql_text_bound_queries_keep_their_line_numbers() -> None:
    text = "SELECT ?x WHERE {\n  { BIND(1 AS ?y) } UNION\n  { BIND(2 AS ?y) }\n}"
    bound = bind_values(text, {"x": ox.Literal("a")})
    assert bound.count("\n") == text.count("\n")


def test_sparql_text_refuses_a_bad_variable_name() -> None:
    with pytest.raises(QueryError, match="not a valid SPARQL variable"):
        bind_values("SELECT * WHERE { ?s ?p ?o }", {"bad name": ox.Literal("x")})


def test_sparql_text_values_enter_a_leading_graph_group_so_its_filters_see_them() -> None:
    store = ox.Store()
    ex = "http://example.org/"
    for i, day in enumerate(("2022-01-09", "2022-01-10", "2022-01-12", "2022-01-13")):
        store.add(ox.Quad(ox.NamedNode(f"{ex}m{i}"), ox.NamedNode(ex + "date"), ox.Literal(day),
                          ox.NamedNode(ex + "g")))
    text = f"SELECT ?from ?m WHERE {{ GRAPH ?g {{ ?m <{ex}date> ?d FILTER(?d >= COALESCE(?from, \"0\")) }} }}"
    bound = bind_values(text, {"from": ox.Literal("2022-01-10")})
    assert bound.count("VALUES") == 2
    assert [r[1] for r in _rows(bound, store)] == [f"<{ex}m1>", f"<{ex}m2>", f"<{ex}m3>"]
    assert len(_rows(text, store)) == 4  # unbound: any date
