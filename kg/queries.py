"""Saved SPARQL queries: find them, read their headers, bind parameters, run, serialise, document.

A saved query is a `.rq` file whose leading comment lines describe it:

    # title: Office holders of a state or organization
    # description: Who holds the offices of one state or organization …
    # param: org — entity — the state or organization (QID or IRI)
    # param: date — date — only holders in office on this day (optional)
    # param: endpoint — iri — the endpoint to ask (default https://query.wikidata.org/sparql)
    # example: kg query holders-of -p org=Q7184 -p date=2022-01-07

Parameters are bound with pyoxigraph's ``substitutions`` (SEP-0007), never spliced into the
text; each value is validated against its declared type first.  pyoxigraph 0.5 binds only
variables that the SELECT projects, so every saved query projects its parameters and
`parse_check` reports one that does not.  An optional parameter left out stays unbound: the
queries test it with COALESCE, because pyoxigraph folds BOUND() of a substituted variable to false.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.vocab import DATA, ONTOLOGY, WIKIDATA_ENTITY, XSD

__all__ = [
    "SavedQuery",
    "Param",
    "QUERY_DIR",
    "PREFIXES",
    "PARAM_TYPES",
    "find_query",
    "list_queries",
    "load_query",
    "bind",
    "parse_check",
    "run_query",
    "write_results",
    "describe",
    "markdown",
    "RESULT_FORMATS",
    "GRAPH_FORMATS",
]

QUERY_DIR = Path(__file__).resolve().parent / "data" / "queries"
PREFIXES = {
    "kg": ONTOLOGY,
    "entity": DATA + "entity/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
    "wd": WIKIDATA_ENTITY,
    "wdt": "http://www.wikidata.org/prop/direct/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}
RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                  "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                 "jsonld": ox.RdfFormat.JSON_LD, "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
PARAM_TYPES = {
    "entity": "a QID (Q7184), wd:Q7184, a Wikidata entity IRI or any absolute IRI; a QID names our entity node",
    "iri": "an absolute IRI, or the short forms tables print (:meeting/…, wd:Q…)",
    "qid": "a QID (Q7184); bound to the Wikidata entity IRI",
    "date": "YYYY-MM-DD, bound as xsd:date",
    "string": "any text, bound as a plain literal",
    "integer": "an integer",
    "lang": "de or en",
}
_QID = re.compile(r"^Q[1-9][0-9]*$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DEFAULT = re.compile(r"\(default:?\s+([^)\s]+)\)")
# stand-ins for parse_check: a urn: IRI, so a SERVICE parameter never reaches the network
_DUMMIES: dict[str, ox.NamedNode | ox.Literal] = {
    "entity": ox.NamedNode("urn:geokg:check"), "iri": ox.NamedNode("urn:geokg:check"),
    "qid": ox.NamedNode(WIKIDATA_ENTITY + "Q1"), "date": ox.Literal("2000-01-01", datatype=ox.NamedNode(XSD + "date")),
    "string": ox.Literal("check"), "integer": ox.Literal("1", datatype=ox.NamedNode(XSD + "integer")),
    "lang": ox.Literal("de"),
}


@dataclass(frozen=True)
class Param:
    """One `# param:` line: name, type (a key of PARAM_TYPES), description, optional, default."""

    name: str
    type: str
    description: str
    optional: bool
    default: str | None = None


@dataclass(frozen=True)
class SavedQuery:
    """A .rq file with its header fields."""

    name: str
    path: Path
    text: str
    title: str
    description: str
    params: tuple[Param, ...]
    examples: tuple[str, ...]


def _header(text: str) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = re.match(r"#\s*(\w+)\s*:\s*(.*)", line)
        if m:
            fields.setdefault(m.group(1).lower(), []).append(m.group(2).strip())
    return fields


def _param(path: Path, spec: str) -> Param:
    parts = [p.strip() for p in re.split(r"\s+[—-]{1,2}\s+", spec)]
    name, ptype = parts[0], (parts[1] if len(parts) > 1 else "string")
    if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
        raise QueryError(f"{path}: parameter name {name!r} is not a SPARQL variable name")
    if ptype not in PARAM_TYPES:
        raise QueryError(f"{path}: parameter {name!r} has unknown type {ptype!r} (use one of {sorted(PARAM_TYPES)})")
    desc = " — ".join(parts[2:])
    default = _DEFAULT.search(desc)
    optional = default is not None or bool(re.search(r"\boptional\)\s*$", desc))
    return Param(name, ptype, desc, optional, default.group(1) if default else None)


def load_query(path: Path) -> SavedQuery:
    """Read one .rq file and its header."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"{path}: cannot read the query ({e})") from None
    fields = _header(text)
    return SavedQuery(
        name=path.stem,
        path=path,
        text=text,
        title=(fields.get("title") or [path.stem])[0],
        description=" ".join(fields.get("description", [])),
        params=tuple(_param(path, spec) for spec in fields.get("param", [])),
        examples=tuple(fields.get("example", [])),
    )


def _dirs() -> list[Path]:
    local = Path.cwd() / "queries"
    return [d for d in (local, QUERY_DIR) if d.is_dir()]


def find_query(name_or_path: str) -> SavedQuery:
    """A saved query by name (`office-holders`) or by path to a .rq file."""
    path = Path(name_or_path)
    if path.suffix == ".rq" or path.exists():
        if not path.is_file():
            raise QueryError(f"{name_or_path}: no such query file")
        return load_query(path)
    for d in _dirs():
        candidate = d / f"{name_or_path}.rq"
        if candidate.is_file():
            return load_query(candidate)
    names = [q.name for q in list_queries()]
    close = difflib.get_close_matches(name_or_path, names, n=1)
    hint = f"did you mean {close[0]}? " if close else ""
    raise QueryError(f"{name_or_path}: no saved query of that name — {hint}saved queries: {', '.join(names)}")


def list_queries(dirs: Sequence[Path] | None = None) -> list[SavedQuery]:
    """Every saved query, by name; ./queries wins over the packaged copy."""
    seen: dict[str, SavedQuery] = {}
    for d in _dirs() if dirs is None else dirs:
        for path in sorted(d.glob("*.rq")):
            seen.setdefault(path.stem, load_query(path))
    return sorted(seen.values(), key=lambda q: q.name)


def _one_line(error: BaseException, limit: int = 200) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_check(query: SavedQuery) -> None:
    """Raise QueryError naming file:line:column when the query does not parse, or naming an unprojected parameter."""
    dummies: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(p.name): _DUMMIES[p.type] for p in query.params}
    try:
        ox.Store().query(query.text, substitutions=dummies or None)
    except SyntaxError as e:
        m = re.search(r"(\d+):(\d+)", str(e))
        where = f"{query.path}:{m.group(1)}:{m.group(2)}" if m else str(query.path)
        reason = re.sub(r"^error at \d+:\d+:\s*", "", _one_line(e, 160))
        if "Prefix not found" in str(e):
            reason = "undeclared prefix (add a PREFIX line)"
        raise QueryError(f"{where}: malformed SPARQL — {reason}") from None
    except RuntimeError as e:
        m = re.search(r"variable \?(\w+) in its SELECT projection", str(e))
        if m:
            raise QueryError(f"{query.path}: parameter {m.group(1)!r} must be a variable the query projects "
                             f"(add ?{m.group(1)} to its SELECT clause)") from None
    except OSError:
        pass  # evaluating on an empty store may fail (a SERVICE stand-in); only the syntax matters here


def _named(param: Param, value: str) -> ox.NamedNode:
    if value.startswith(":"):
        value = DATA + value[1:]
    elif value.startswith("wd:"):
        value = WIKIDATA_ENTITY + value[3:]
    if not _IRI.match(value):
        raise QueryError(f"parameter {param.name}: {value!r} is not a QID (Q7184) or an absolute IRI")
    try:
        return ox.NamedNode(value)
    except ValueError:
        raise QueryError(f"parameter {param.name}: {value!r} is not a valid IRI") from None


def _term(param: Param, value: str) -> ox.NamedNode | ox.Literal:
    kind = param.type
    if kind == "entity":
        if _QID.match(value):
            return ox.NamedNode(entity_local(value))  # linked entities are named by their QID
        node = _named(param, value)
        qid = node.value.removeprefix(WIKIDATA_ENTITY)
        return ox.NamedNode(entity_local(qid)) if _QID.match(qid) else node
    if kind == "iri":
        return _named(param, value)
    if kind == "qid":
        qid = value.removeprefix("wd:").removeprefix(WIKIDATA_ENTITY)
        if not _QID.match(qid):
            raise QueryError(f"parameter {param.name}: {value!r} is not a QID such as Q7184")
        return ox.NamedNode(WIKIDATA_ENTITY + qid)
    if kind == "date":
        try:
            if not _DATE.match(value):
                raise ValueError(value)
            dt.date.fromisoformat(value)
        except ValueError:
            raise QueryError(f"parameter {param.name}: {value!r} is not a date YYYY-MM-DD") from None
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
    if kind == "integer":
        if not re.match(r"^-?[0-9]+$", value):
            raise QueryError(f"parameter {param.name}: {value!r} is not an integer")
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "integer"))
    if kind == "lang" and value not in {"de", "en"}:
        raise QueryError(f"parameter {param.name}: {value!r} is not a language geokg reads (de, en)")
    return ox.Literal(value)


def bind(query: SavedQuery, values: Mapping[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Validated substitutions for the query's declared parameters, defaults filled in."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        allowed = ", ".join(declared) or "none"
        raise QueryError(f"{query.name}: unknown parameter {unknown[0]!r} (this query takes: {allowed})")
    missing = [p.name for p in query.params if not p.optional and p.name not in values]
    if missing:
        raise QueryError(f"{query.name}: parameter {missing[0]!r} is required — add -p {missing[0]}=VALUE")
    given = {p.name: p.default for p in query.params if p.default is not None} | dict(values)
    return {name: _term(declared[name], value) for name, value in given.items()}


def entity_local(qid: str) -> str:
    """Our entity IRI for a QID (kg.vocab.entity_iri names linked entities this way)."""
    return f"{DATA}entity/{qid}"


def run_query(store: Any, query: SavedQuery, values: Mapping[str, str] | None = None) -> Any:
    """Validate, bind and run a saved query on a store; errors of any kind become one line: a
    QueryError, or a StoreError when the store's tallies are too old for a query that reads them."""
    from kg import tally, tally_merge

    substitutions = bind(query, values or {})
    parse_check(query)
    try:
        if tally.NAMESPACE in query.text and tally_merge.outdated(store):
            raise StoreError(f"{query.name}: the store's tallies are from an older geokg and may miss documents "
                             "— run `kg check --recount` (or `kg build`) on it, then query again")
        return store.query(query.text, substitutions)
    except SyntaxError as e:
        raise QueryError(f"{query.path}: malformed SPARQL — {_one_line(e, 160)}") from None
    except (RuntimeError, OSError) as e:
        raise QueryError(f"{query.name}: the query failed — {_one_line(e)}") from None


def write_results(results: Any, out: IO[bytes], fmt: str) -> None:
    """Serialise SELECT/ASK results or CONSTRUCT/DESCRIBE triples in the named format."""
    try:
        _write(results, out, fmt)
    except BrokenPipeError:
        raise  # the reader went away (`| head`): not a failure of the query
    except (RuntimeError, OSError) as e:  # results are lazy: a SERVICE call may fail only now
        raise QueryError(f"the query failed while its results were read — {_one_line(e)}") from None


def _write(results: Any, out: IO[bytes], fmt: str) -> None:
    if isinstance(results, ox.QueryTriples):
        if fmt == "table":
            fmt = "turtle"
        if fmt not in GRAPH_FORMATS or fmt in {"nquads", "trig"}:
            raise QueryError(f"format {fmt!r} does not fit a CONSTRUCT/DESCRIBE query: use turtle, ntriples or jsonld")
        if fmt == "turtle":
            ox.serialize(results, out, ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        else:
            results.serialize(out, GRAPH_FORMATS[fmt])
        return
    if fmt == "table":
        out.write(_table(results).encode("utf-8"))
        return
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"format {fmt!r} does not fit a SELECT/ASK query: use table, json, csv, tsv or xml")
    results.serialize(out, RESULT_FORMATS[fmt])


def _cell(term: Any) -> str:
    if term is None:
        return ""
    value = str(term.value)
    if isinstance(term, ox.NamedNode):
        for prefix, base in (("wd:", WIKIDATA_ENTITY), (":", DATA), ("kg:", ONTOLOGY)):
            if value.startswith(base):
                return prefix + value[len(base):]
    return value


def _table(results: Any) -> str:
    if isinstance(results, ox.QueryBoolean):
        return ("true" if bool(results) else "false") + "\n"
    names = [v.value for v in results.variables]
    rows = [[_cell(s[n]) for n in names] for s in results]
    widths = [min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]
    buf = io.StringIO()
    line = "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))
    buf.write(line.rstrip() + "\n" + "  ".join("-" * w for w in widths) + "\n")
    for r in rows:
        cells = [(c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(r, widths, strict=True)]
        buf.write("  ".join(cells).rstrip() + "\n")
    buf.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
    return buf.getvalue()


def describe(query: SavedQuery) -> str:
    """The help text of one saved query: title, description, parameters, examples."""
    lines = [f"{query.name}: {query.title}", ""]
    lines += textwrap.wrap(query.description, 100) or ["(no description)"]
    lines.append("")
    if not query.params:
        lines.append("Parameters: none")
    else:
        lines.append("Parameters (-p NAME=VALUE):")
        width = max(len(p.name) for p in query.params)
        for p in query.params:
            need = "" if p.optional else ", required"
            lines.append(f"  {p.name.ljust(width)}  ({p.type}{need}) {p.description}")
    lines.append("")
    lines.append("Example:" if len(query.examples) == 1 else "Examples:")
    lines += [f"  {e}" for e in query.examples] or [f"  kg query {query.name}"]
    return "\n".join(lines)


_INTRO = """# Saved queries

Generated from the headers of `queries/*.rq` by `kg queries --markdown > docs/queries.md`; a test fails
when this file is out of date. `kg queries` lists them, `kg queries NAME` or `kg query NAME --help`
shows one.

`kg query NAME [-p PARAM=VALUE …] [--format F] [-o FILE] [--store DIR|URL]` runs a query. SELECT and
ASK queries print as `table` (the default), `csv`, `tsv`, `json` or `xml` (the W3C result formats);
CONSTRUCT and DESCRIBE queries as `turtle` (also for `table`), `ntriples` or `jsonld`.

Parameters are bound as RDF terms: each value is checked against its type, turned into an IRI or
literal by pyoxigraph, and joined as a one-row VALUES block at the start of the query's pattern (and
of a GRAPH group or each branch of a UNION that opens it), never pasted into the text as typed:

| type | accepts |
| --- | --- |
{types}

A malformed query is reported as `FILE:LINE:COLUMN`, an unknown query or parameter and a value of
the wrong type in one line each. A parameter left out stays unbound, which means "any". Dates of
meetings may be a day, a month or a year; range filters compare the period they cover.

| query | title | parameters |
| --- | --- | --- |
{index}
"""


_WRITING = """## Writing a saved query

Put a `.rq` file in `queries/` (it is packaged as `kg/data/queries/`) and start it with comment lines:
`# title:`, `# description:` (may repeat), one `# param: NAME — TYPE — description` per parameter
(end the description with `(optional)`, or give `(default VALUE)`), and `# example:` lines. Then run
`kg queries --markdown > docs/queries.md`. The tests run every query's first example on the seed.

* Project every parameter of a SELECT (the embedded store also hands them to pyoxigraph as
  substitutions, which a `SERVICE ?endpoint` needs and which pyoxigraph 0.5 accepts only for
  projected variables). ASK and CONSTRUCT queries need the variable in their pattern.
* Parameters are visible in the query's outermost group, in a GRAPH group or the branches of a
  UNION that open it (and so on, a few levels down); inside any other nested group or sub-query
  they are unbound. A FILTER on a parameter placed inside such a GRAPH group runs before the
  patterns after it are looked up (`timeline`: 2.8 s → 21 ms on 1,000 articles).
* An optional parameter left out is unbound. For a query that should start from the parameter when
  it is given and read everything when it is not, write one UNION branch per case, guarded by
  `FILTER(BOUND(?p))` and `FILTER(!BOUND(?p))`, and in the first branch copy the parameter with
  `BIND(?p AS ?x)` before using `?x` in patterns (see `who-met-whom`).
* Oxigraph sends a `SERVICE` pattern to the remote endpoint as written, without the local bindings,
  so the pattern must be selective on its own (see `enrich-wikidata`).

### Writing fast queries

Each index lookup in the embedded store costs 10–20 µs, so a query is fast when it starts from
its parameter and touches few rows (benchmarks/README.md has the figures). What Oxigraph 0.5's
planner does with the shapes we tried:

* Put the triple pattern that holds the parameter first, the OPTIONALs right after it, and the
  other required patterns after those. An OPTIONAL of two or more patterns placed after many
  required ones is evaluated over the whole store and joined afterwards (`offices-of`: 168 ms
  against 8 ms on 1,000 articles).
* No property paths inside OPTIONAL, and no more than two patterns in one (`memberships-of`: 815
  against 6 ms). Facts always have evidence, evidence a sentence, a sentence a text: join those as
  required patterns.
* Leave out `?x a kg:Meeting` where the predicate says it (`kg:participant`, `kg:member`,
  `kg:holder` are only used on their fact class): a type pattern can become the starting point.
* Patterns after a BIND are planned without knowing the BIND's variable, so they read the whole
  store: BIND at the end of a group, except to copy a parameter. To find a KB node by the QID of
  an entity parameter, match it with a FILTER on `STRAFTER(STR(...))` in the same group instead
  of BINDing its Wikidata IRI (`holders-of`).
* A FILTER NOT EXISTS is tested once per row it filters. When it depends only on the grouped
  variables, put it in HAVING: it is then tested once per row of the answer (`holders-of` NATO on
  a date: 192 → 38 ms at 10,000 articles).
* To describe entities found by a sub-query, read `GRAPH ?g { ?entity ?property ?value }` once
  and pick label, type and link with `IF` (`members-of`): after a sub-query, Oxigraph looks up a
  pattern made only of variables row by row, but joins a pattern with a fixed predicate by
  reading it over every graph (`members-of NATO`: 4 ms against 390 ms on 1,000 articles).
* Counts over the whole store come from the tallies the store keeps with every write
  (docs/tallies.md). Read each tally graph whole (`GRAPH ?tally { ?tally a t:Tallies }` then
  `GRAPH ?tally { ?key ?property ?value }`) and add up by key (`entities`, `office-holders`): one
  pass over a graph's index costs less than a lookup per key and property, about 30 µs each at
  10,000 articles.
* After patterns in other graphs (the tallies), join a document's GRAPH group on a value the
  store indexes, not on the graph alone: `timeline` joined on the documents a tally named (`?g`)
  read its GRAPH group, which holds OPTIONALs, over the whole store (297 ms on 1,000 articles);
  joined on the dates the calendar names, it looks up each date's meetings (6 ms).
* A GROUP BY that only guards against duplicate rows costs a quarter or more of a listing: make
  the rows unique where they are written instead (`meetings`: one label per node in a document
  graph, and no GROUP BY; 21.9 → 11.8 s at 10,000 articles).
* A query that lists the whole store (`meetings`, `documents`) reads every row it returns; at
  10,000 articles that is seconds, whatever the shape. pyoxigraph alone needs about 50 ms to hand
  Python 10,000 rows of the cheapest query there is, and about 0.9 s for 184,765 (the benchmark's
  "floor").
"""


def markdown(queries: Sequence[SavedQuery]) -> str:
    """docs/queries.md: an index, then each query's title, description, parameters and examples."""
    types = "\n".join(f"| `{name}` | {text} |" for name, text in PARAM_TYPES.items())
    index = "\n".join(
        f"| [`{q.name}`](#{q.name}) | {q.title} | "
        + (", ".join(f"`{p.name}`" + ("" if p.optional else " (required)") for p in q.params) or "—") + " |"
        for q in queries)
    parts = [_INTRO.format(types=types, index=index)]
    for q in queries:
        parts.append(f"## {q.name}\n\n**{q.title}.** {q.description}\n")
        if q.params:
            rows = "\n".join(f"| `{p.name}` | {p.type} | {'no' if p.optional else 'yes'} | {p.description} |"
                             for p in q.params)
            parts.append(f"| parameter | type | required | description |\n| --- | --- | --- | --- |\n{rows}\n")
        examples = "\n".join(q.examples) or f"kg query {q.name}"
        parts.append(f"```sh\n{examples}\n```\n")
    parts.append(_WRITING)
    return "\n".join(parts)
