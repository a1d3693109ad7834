"""Saved SPARQL queries: find them, read their headers, bind parameters, run, serialise.

A saved query is a `.rq` file whose leading comment lines describe it:

    # title: Office holders
    # description: Persons holding an office, and whose office it is.
    # param: org — entity — a state or organization (QID or IRI); optional
    # example: kg query office-holders -p org=Q7184

Parameters are bound with pyoxigraph's ``substitutions`` (SEP-0007), never spliced into the
text; each value is validated against its declared type first.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.vocab import DATA, WIKIDATA_ENTITY, XSD

__all__ = [
    "SavedQuery",
    "Param",
    "QUERY_DIR",
    "PREFIXES",
    "find_query",
    "list_queries",
    "bind",
    "parse_check",
    "write_results",
    "RESULT_FORMATS",
    "GRAPH_FORMATS",
]

QUERY_DIR = Path(__file__).resolve().parent / "data" / "queries"
PREFIXES = {
    "kg": "https://w3id.org/geokg/ontology#",
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
_QID = re.compile(r"^Q[1-9][0-9]*$")
_TYPES = {"entity", "iri", "qid", "date", "string", "integer", "lang"}


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str
    optional: bool


@dataclass(frozen=True)
class SavedQuery:
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


def load_query(path: Path) -> SavedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise QueryError(f"{path}: cannot read the query ({e})") from None
    fields = _header(text)
    params = []
    for spec in fields.get("param", []):
        parts = [p.strip() for p in re.split(r"\s+[—-]{1,2}\s+", spec)]
        name, ptype = parts[0], (parts[1] if len(parts) > 1 else "string")
        if ptype not in _TYPES:
            raise QueryError(f"{path}: parameter {name!r} has unknown type {ptype!r} (use one of {sorted(_TYPES)})")
        desc = " — ".join(parts[2:])
        params.append(Param(name, ptype, desc, "optional" in desc.lower()))
    return SavedQuery(
        name=path.stem,
        path=path,
        text=text,
        title=(fields.get("title") or [path.stem])[0],
        description=" ".join(fields.get("description", [])),
        params=tuple(params),
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
    names = ", ".join(q.name for q in list_queries()[:12])
    raise QueryError(f"{name_or_path}: no saved query of that name — `kg queries` lists them ({names} …)")


def list_queries() -> list[SavedQuery]:
    seen: dict[str, SavedQuery] = {}
    for d in _dirs():
        for path in sorted(d.glob("*.rq")):
            seen.setdefault(path.stem, load_query(path))
    return sorted(seen.values(), key=lambda q: q.name)


def parse_check(query: SavedQuery) -> None:
    """Raise QueryError naming file, line and column when the query does not parse."""
    try:
        ox.Store().query(query.text)
    except SyntaxError as e:
        m = re.search(r"(\d+):(\d+)", str(e))
        where = f"{query.path}:{m.group(1)}:{m.group(2)}" if m else str(query.path)
        raise QueryError(f"{where}: malformed SPARQL — {str(e).split(': ', 1)[-1]}") from None


def _term(param: Param, value: str) -> ox.NamedNode | ox.Literal:
    kind = param.type
    if kind == "entity" and _QID.match(value):
        return ox.NamedNode(entity_local(value))  # linked entities are named by their QID
    if kind == "qid" and _QID.match(value):
        return ox.NamedNode(WIKIDATA_ENTITY + value)
    if kind in {"entity", "iri"}:
        if not re.match(r"^(https?|urn):[^\s<>\"{}|\\^`]+$", value):
            raise QueryError(f"parameter {param.name}: {value!r} is not a QID (Q42) or an absolute IRI")
        return ox.NamedNode(value)
    if kind == "qid":
        raise QueryError(f"parameter {param.name}: {value!r} is not a QID such as Q7184")
    if kind == "date":
        try:
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


def bind(query: SavedQuery, values: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
    """Validated substitutions for the query's declared parameters."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        allowed = ", ".join(declared) or "none"
        raise QueryError(f"{query.name}: unknown parameter {unknown[0]!r} (this query takes: {allowed})")
    missing = [p.name for p in query.params if not p.optional and p.name not in values]
    if missing:
        raise QueryError(f"{query.name}: parameter {missing[0]!r} is required — add -p {missing[0]}=VALUE")
    return {name: _term(declared[name], value) for name, value in values.items()}


def entity_local(qid: str) -> str:
    return f"{DATA}entity/{qid}"


def write_results(results: Any, out: IO[bytes], fmt: str) -> None:
    """Serialise SELECT/ASK results or CONSTRUCT/DESCRIBE triples in the named format."""
    if isinstance(results, ox.QueryTriples):
        if fmt == "table":
            fmt = "turtle"
        if fmt not in GRAPH_FORMATS or fmt in {"nquads", "trig"}:
            raise QueryError(f"format {fmt!r} does not fit a CONSTRUCT/DESCRIBE query: use turtle, ntriples or jsonld")
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
    if isinstance(term, ox.NamedNode) and value.startswith(WIKIDATA_ENTITY):
        return "wd:" + value[len(WIKIDATA_ENTITY):]
    if isinstance(term, ox.NamedNode) and value.startswith(DATA):
        return ":" + value[len(DATA):]
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
