"""Wikidata online: refresh the knowledge base (`kg kb update`) and link NIL entities (`kg link --online`).

    update_kb(store, endpoint)   saved queries ─▶ Fetched ─merge with bundled─▶ KnowledgeBase ─▶ KB graph
    link_online(store, endpoint) NIL names ─exact label, compatible class─▶ kg:wikidata, per document graph

Every request goes through kg.sparql_http (SPARQLWrapper) with a descriptive User-Agent, a
timeout, bounded retries on 429 and 5xx, and never the store's credentials.  The queries in
queries/wikidata/ are plain SPARQL 1.1 (no label service), so a local server loaded with
Wikidata-shaped RDF answers them like query.wikidata.org.  A new KB is built and checked in
memory before it replaces the KB graph in one update: a failure leaves the old one in place.
The merge policy and the linking rule are in docs/wikidata.md.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

import pyoxigraph as ox

from kg.errors import EndpointError, KnowledgeBaseError
from kg.kb import KnowledgeBase, bundled_kb, kb_from_quads, kb_to_quads
from kg.kbstore import UPDATED_PREFIX
from kg.queries import QUERY_DIR
from kg.sparql_http import Endpoints, RetryPolicy, SparqlClient, public_url
from kg.sparql_text import values_block, with_values
from kg.store import DocumentGraph, GraphStore
from kg.vocab import KB_GRAPH, KG, RDF_TYPE, RDFS_LABEL, WD, XSD, digest, document_graph, entity_iri, wikidata

__all__ = [
    "DEFAULT_ENDPOINT", "LANGUAGES", "USER_AGENT", "Fetched", "LinkReport", "OnlineLink", "client_for", "fetch",
    "link_online", "merged_kb", "parse_languages", "update_kb",
]

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
# Wikimedia's User-Agent policy: name/version, a way to reach us, the library.
USER_AGENT = "geokg/0.1 (https://w3id.org/geokg; contact via project issues) SPARQLWrapper/2.0"
LANGUAGES = ("de", "en")
TIMEOUT = 65.0  # query.wikidata.org stops a query after 60 s
PAGE = 1000
BATCH = 50
WIKIDATA_QUERIES = QUERY_DIR / "wikidata"
# P31 classes of an organization, first match wins, as the `kind` words kg.kb.classify reads.
ORG_CLASSES = (("Q1127126", "military alliance"), ("Q7278", "political party"),
               ("Q245065", "intergovernmental organization"), ("Q484652", "international organization"))
_QID = re.compile(r"^Q[1-9][0-9]*$")
_ORG_KINDS = frozenset({"Organization", "InternationalOrganization", "Government", "GovernmentBody", "Council",
                        "Alliance", "Party", "ArmedGroup"})

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Position:
    """An office of a state or organization (its P1001), and why it is fetched ("head of state" …)."""

    qid: str
    jurisdiction: str
    kind: str


@dataclass(frozen=True)
class Term:
    """One position-held (P39) statement: dates are ISO days or "" when unknown."""

    person: str
    position: str
    start: str
    end: str


@dataclass(frozen=True)
class Name:
    """A label or alias of an item in one language."""

    qid: str
    kind: str  # "label" or "alias"
    text: str
    lang: str


@dataclass(frozen=True)
class Fetched:
    """What `kg kb update` read from the endpoint, before it is merged with the bundled KB."""

    endpoint: str
    languages: tuple[str, ...]
    countries: tuple[str, ...]
    capitals: tuple[tuple[str, str], ...]
    organizations: tuple[tuple[str, str], ...]
    positions: tuple[Position, ...]
    terms: tuple[Term, ...]
    names: tuple[Name, ...]

    def labels(self) -> dict[str, dict[str, str]]:
        """Each item's label by language."""
        out: dict[str, dict[str, str]] = {}
        for n in self.names:
            if n.kind == "label":
                out.setdefault(n.qid, {})[n.lang] = n.text
        return out


def parse_languages(text: str) -> tuple[str, ...]:
    """The --languages value as a tuple ("de,en" -> ("de", "en")); geokg reads only German and English."""
    langs = tuple(dict.fromkeys(p.strip().lower() for p in text.split(",") if p.strip()))
    if not langs or any(lang not in LANGUAGES for lang in langs):
        raise KnowledgeBaseError(f"--languages {text!r}: give de, en or de,en (the languages geokg reads)")
    return langs


def client_for(endpoint: str, retry: RetryPolicy | None = None, timeout: float = TIMEOUT) -> SparqlClient:
    """A client for a public SPARQL endpoint: our User-Agent, retries, no store credentials."""
    parts = urlsplit(endpoint)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise EndpointError(f"{public_url(endpoint)}: --endpoint must be an http(s) URL such as {DEFAULT_ENDPOINT}")
    if parts.username is not None or parts.password is not None:
        raise EndpointError(f"{public_url(endpoint)}: a public endpoint takes no credentials; remove them from the URL")
    return SparqlClient(Endpoints(endpoint, None, False), timeout=timeout, agent=USER_AGENT, credentials=False,
                        retry=retry or RetryPolicy(), form_encoded=True)


def _query(name: str) -> str:
    return (WIKIDATA_QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def _rows(client: SparqlClient, sparql: str, required: Sequence[str]) -> list[dict[str, ox.NamedNode | ox.Literal]]:
    """The answer's rows as dicts of bound values; an answer without the required columns is refused."""
    answer = client.select(sparql)
    where = public_url(client.endpoints.query)
    if not isinstance(answer, ox.QuerySolutions):
        raise EndpointError(f"{where}: answered yes/no where rows were expected — is this a SPARQL endpoint?")
    columns = [v.value for v in answer.variables]
    if not set(required) <= set(columns):
        raise EndpointError(f"{where}: the answer lacks {sorted(set(required) - set(columns))} — "
                            "is this a SPARQL endpoint with Wikidata's data?")
    return [{n: row[n] for n in columns if row[n] is not None} for row in answer]


def _paged(client: SparqlClient, name: str, columns: Sequence[str], progress: Progress) -> Iterator[dict]:
    """Every row of a saved query, PAGE rows per request (the query fixes the order)."""
    offset = 0
    while True:
        progress(f"{name}: rows {offset + 1}–{offset + PAGE}")
        rows = _rows(client, f"{_query(name)}\nLIMIT {PAGE:d} OFFSET {offset:d}", columns)
        yield from rows
        if len(rows) < PAGE:
            return
        offset += PAGE


def _items(qids: Iterable[str]) -> list[ox.NamedNode]:
    return [ox.NamedNode(WD + q) for q in sorted(set(qids), key=lambda q: int(q[1:]))]


def _batched(client: SparqlClient, name: str, variable: str, terms: Sequence[ox.NamedNode | ox.Literal],
             columns: Sequence[str], progress: Progress, also: str = "") -> Iterator[dict]:
    """Every row of a saved query for BATCH values at a time, bound as VALUES at the top of its pattern."""
    text = _query(name)
    for i in range(0, len(terms), BATCH):
        progress(f"{name}: values {i + 1}–{min(i + BATCH, len(terms))} of {len(terms)}")
        block = values_block([variable], [[t] for t in terms[i:i + BATCH]])
        yield from _rows(client, with_values(text, f"{block} {also}"), columns)


def _qid(term: object) -> str | None:
    if isinstance(term, ox.NamedNode) and term.value.startswith(WD):
        qid = term.value.removeprefix(WD)
        return qid if _QID.match(qid) else None
    return None


def _day(term: object) -> str:
    """The ISO day of a Wikidata time value ("2021-12-08T00:00:00Z"), or "" (BCE, unknown, malformed)."""
    if isinstance(term, ox.Literal) and re.match(r"^\d{4}-\d\d-\d\d", term.value):
        day = term.value[:10]
        try:
            dt.date.fromisoformat(day)
        except ValueError:
            return ""
        return day
    return ""


def fetch(client: SparqlClient, languages: Sequence[str] = LANGUAGES, progress: Progress | None = None) -> Fetched:
    """Run the saved queries: countries, capitals, organizations, positions, office terms, names."""
    say = progress or (lambda _message: None)
    bundled = bundled_kb()
    countries = sorted({q for r in _paged(client, "countries", ["item"], say) if (q := _qid(r.get("item")))})
    if not countries:
        raise KnowledgeBaseError(f"{public_url(client.endpoints.query)} answered no countries — is it a "
                                 "Wikidata SPARQL endpoint? The knowledge base was not changed")
    pairs = _batched(client, "capitals", "country", _items(countries), ["country", "capital"], say)
    capitals = sorted({(c, k) for r in pairs if (c := _qid(r.get("country"))) and (k := _qid(r.get("capital")))})
    orgs = sorted({q for r in _paged(client, "organizations", ["org"], say) if (q := _qid(r.get("org")))})
    classes: dict[str, set[str]] = {}
    for r in _batched(client, "classes", "item", _items(orgs), ["item", "class"], say):
        if (item := _qid(r.get("item"))) and (cls := _qid(r.get("class"))):
            classes.setdefault(item, set()).add(cls)
    org_kinds = tuple((q, next((k for c, k in ORG_CLASSES if c in classes.get(q, ())), ORG_CLASSES[-1][1]))
                      for q in orgs)
    owners = set(countries) | set(orgs) | {q for q, e in bundled.entities.items()
                                           if e.kind == "Country" or e.kind in _ORG_KINDS}
    rows = _batched(client, "positions", "jurisdiction", _items(owners), ["position", "jurisdiction", "kind"], say)
    positions = sorted({Position(p, j, str(r["kind"].value)) for r in rows
                        if (p := _qid(r.get("position"))) and (j := _qid(r.get("jurisdiction"))) and "kind" in r},
                       key=lambda p: (p.qid, p.jurisdiction, p.kind))
    wanted = {p.qid for p in positions} | {h.position for h in bundled.holdings if h.position}
    terms = _terms(_batched(client, "office-holders", "position", _items(wanted),
                            ["statement", "person", "position"], say))
    items = set(countries) | {k for _, k in capitals} | set(orgs) | wanted | {t.person for t in terms}
    langs = values_block(["lang"], [[ox.Literal(lang)] for lang in languages])
    rows = _batched(client, "labels", "item", _items(items), ["item", "property", "text"], say, langs)
    names = sorted({Name(q, str(r["property"].value), t.value, t.language or "") for r in rows
                    if (q := _qid(r.get("item"))) and isinstance(t := r.get("text"), ox.Literal) and "property" in r},
                   key=lambda n: (n.qid, n.kind, n.lang, n.text))
    return Fetched(public_url(client.endpoints.query), tuple(languages), tuple(countries), tuple(capitals),
                   org_kinds, tuple(positions), terms, tuple(names))


def _terms(rows: Iterable[dict]) -> tuple[Term, ...]:
    """One Term per P39 statement; several start or end qualifiers give the widest term.  A term
    without a start is left out: without dates it would count as held on every day."""
    terms: dict[str, Term] = {}
    for r in rows:
        person, position, start = _qid(r.get("person")), _qid(r.get("position")), _day(r.get("start"))
        if not (person and position and start):
            continue
        end = _day(r.get("end"))
        seen = terms.get(str(r["statement"]))
        if seen is not None:
            start = min(start, seen.start)
            end = max(end, seen.end) if end and seen.end else ""
        terms[str(r["statement"])] = Term(person, position, start, end)
    return tuple(sorted(set(terms.values()), key=lambda t: (t.person, t.position, t.start, t.end)))


def fetched_version(fetched: Fetched, bundled_version: str) -> str:
    """A content hash of what was fetched and the bundled KB it was merged onto."""
    facts = asdict(fetched)
    facts.pop("endpoint")
    return UPDATED_PREFIX + digest(bundled_version, json.dumps(facts, sort_keys=True), length=16)


def merged_kb(fetched: Fetched, fetched_at: dt.datetime | None = None) -> KnowledgeBase:
    """The bundled knowledge base with Wikidata's facts merged on (docs/wikidata.md: merge policy)."""
    from kg.kb.build import build_kb  # local: only an update needs the build machinery
    from kg.wikidata_merge import merged_tables, usable_aliases

    bundled = bundled_kb()
    tables = merged_tables(fetched, bundled)
    when = (fetched_at or dt.datetime.now(dt.UTC)).strftime("%Y-%m-%d %H:%M UTC")
    summary = (f"Wikidata via {fetched.endpoint} ({when}, labels {','.join(fetched.languages)}): "
               f"{len(fetched.countries)} countries, {len(fetched.capitals)} capitals, "
               f"{len(fetched.organizations)} organizations, {len(fetched.positions)} positions, "
               f"{len(fetched.terms)} office terms, merged onto the bundled sources")
    return build_kb(fetched_version(fetched, bundled.version), tables, usable_aliases(fetched, bundled),
                    (summary, *bundled.sources))


def validated_quads(kb: KnowledgeBase) -> list[ox.Quad]:
    """The KB graph's quads, refused unless they read back as exactly this KB."""
    quads = list(kb_to_quads(kb, KB_GRAPH))
    if kb_from_quads(quads) != kb:
        raise KnowledgeBaseError("the updated knowledge base does not survive its RDF round trip; "
                                 "the stored one was kept — please report this")
    return quads


def update_kb(store: GraphStore, endpoint: str = DEFAULT_ENDPOINT, languages: Sequence[str] = LANGUAGES, *,
              retry: RetryPolicy | None = None, progress: Progress | None = None) -> KnowledgeBase:
    """Fetch, merge and check a new KB in memory, then swap it into the store's KB graph in one update."""
    fetched = fetch(client_for(endpoint, retry), languages, progress)
    kb = merged_kb(fetched)
    quads = validated_quads(kb)
    store.replace_kb(quads)
    return kb


# ---- kg link --online: NIL entities that Wikidata knows by exactly one compatible item

ONLINE_SCORE = 0.7
_GROUPS = {"Q5": "person", "Q6256": "place", "Q3624078": "place", "Q486972": "place", "Q82794": "place",
           "Q5107": "place", "Q43229": "organization"}
_PLACE_KINDS = frozenset({"Place", "Country", "City", "Region", "Continent"})
_NIL = """
PREFIX kg: <https://w3id.org/geokg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?g ?entity ?type ?label WHERE {
  GRAPH ?g {
    ?entity a ?type ; rdfs:label ?label .
    FILTER NOT EXISTS { ?entity kg:wikidata ?linked }
    FILTER(STRSTARTS(STR(?entity), "https://w3id.org/geokg/id/entity/nil/"))
  }
}
"""
_GRAPH = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class OnlineLink:
    """A NIL entity `kg link --online` linked: its node, name, class, QID and how many documents name it."""

    node: str
    label: str
    kind: str
    qid: str
    documents: int


@dataclass(frozen=True)
class LinkReport:
    """What `kg link --online` did: NIL entities looked up, linked, left ambiguous; graphs rewritten."""

    looked_up: int
    linked: tuple[OnlineLink, ...]
    ambiguous: int
    documents: int

    def summary(self) -> str:
        return (f"{len(self.linked)} of {self.looked_up} NIL entities linked ({self.ambiguous} ambiguous), "
                f"{self.documents} document graph(s) rewritten")


def _group(kind: str) -> str | None:
    if kind == "Person":
        return "person"
    if kind in _PLACE_KINDS:
        return "place"
    return "organization" if kind in _ORG_KINDS else None


def link_online(store: GraphStore, endpoint: str = DEFAULT_ENDPOINT, *, retry: RetryPolicy | None = None,
                progress: Progress | None = None, batch_size: int = 16) -> LinkReport:
    """Link NIL entities whose exact name one type-compatible Wikidata item bears; each changed
    document graph is replaced whole, in one update per batch of documents."""
    say = progress or (lambda _message: None)
    nil: dict[ox.NamedNode, tuple[str, set[str], set[ox.NamedNode]]] = {}
    for row in store.query(_NIL):
        kind = row["type"].value.rpartition("#")[2]
        if _group(kind) is not None:
            entry = nil.setdefault(row["entity"], (kind, set(), set()))
            entry[1].add(row["label"].value)
            entry[2].add(row["g"])
    if not nil:
        return LinkReport(0, (), 0, 0)
    texts = sorted({label for _, labels, _ in nil.values() for label in labels})
    terms = [ox.Literal(text, language=lang) for text in texts for lang in LANGUAGES]
    found: dict[tuple[str, str], set[str]] = {}
    for r in _batched(client_for(endpoint, retry), "nil-candidates", "text", terms, ["text", "item", "class"], say):
        item, group = _qid(r.get("item")), _GROUPS.get(_qid(r.get("class")) or "")
        if item and group:
            found.setdefault((r["text"].value, group), set()).add(item)
    links: dict[ox.NamedNode, str] = {}
    ambiguous = 0
    for node, (kind, labels, _) in nil.items():
        items = set().union(*(found.get((label, _group(kind) or ""), set()) for label in labels))
        if len(items) == 1:
            links[node] = items.pop()
        ambiguous += len(items) > 1
    graphs = sorted({g for node in links for g in nil[node][2]}, key=str)
    for i in range(0, len(graphs), batch_size):
        say(f"rewriting document graphs {i + 1}–{min(i + batch_size, len(graphs))} of {len(graphs)}")
        docs = [_document(store, g) for g in graphs[i:i + batch_size]]
        store.write_documents([_relinked(d, links) for d in docs if d is not None])
    linked = tuple(sorted((OnlineLink(node.value, min(nil[node][1]), nil[node][0], qid, len(nil[node][2]))
                           for node, qid in links.items()), key=lambda link: (link.label, link.qid)))
    return LinkReport(len(nil), linked, ambiguous, len(graphs))


def _document(store: GraphStore, graph: ox.NamedNode) -> DocumentGraph | None:
    quads = [ox.Quad(r["s"], r["p"], r["o"], graph) for r in store.query(_GRAPH, {"g": graph})]
    doc_id = next((q.object.value for q in quads if q.predicate == KG.documentId and isinstance(q.object, ox.Literal)),
                  None)
    content_hash = next((q.object.value for q in quads
                         if q.predicate == KG.contentHash and isinstance(q.object, ox.Literal)), None)
    if doc_id is None or content_hash is None or document_graph(doc_id) != graph:
        return None  # not a document graph written by geokg: left alone
    return DocumentGraph(doc_id, content_hash, tuple(quads))


def _relinked(doc: DocumentGraph, links: dict[ox.NamedNode, str]) -> DocumentGraph:
    """The document graph with each linked NIL node renamed to its QID node and given kg:wikidata."""
    graph = document_graph(doc.doc_id)
    targets: dict[object, ox.NamedNode] = {nil: entity_iri(qid, "", "") for nil, qid in links.items()}
    subjects = {q.subject for q in doc.quads}
    already = {t for t in targets.values() if t in subjects}  # the document names the item otherwise too
    out: dict[ox.Quad, None] = {}
    for q in doc.quads:
        subject = targets.get(q.subject, q.subject)
        obj = targets.get(q.object, q.object)
        if q.subject in targets and (q.predicate == KG.linkScore
                                     or (subject in already and q.predicate in (RDF_TYPE, RDFS_LABEL))):
            continue
        out[ox.Quad(subject, q.predicate, obj, graph)] = None
    score = ox.Literal(f"{ONLINE_SCORE:g}", datatype=ox.NamedNode(XSD + "decimal"))
    for nil, qid in links.items():
        if nil in subjects and targets[nil] not in already:
            out[ox.Quad(targets[nil], KG.wikidata, wikidata(qid), graph)] = None
            out[ox.Quad(targets[nil], KG.linkScore, score, graph)] = None
    return DocumentGraph(doc.doc_id, doc.content_hash, tuple(sorted(out, key=str)))
