"""Build the bundled knowledge base from its sources, in a fixed order."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from kg.kb.base import KnowledgeBase
from kg.kb.classify import place_kind
from kg.kb.drafts import Drafts
from kg.kb.model import SurfaceForm
from kg.kb.organizations import add_organizations
from kg.kb.people import add_holdings, add_positions
from kg.kb.places import add_countries, add_demonyms, add_place_rules, add_places
from kg.kb.sources import REFERENCE_TABLES, natural_earth_countries, reference_rows, source_descriptions

__all__ = ["build_kb"]


def build_kb(version: str, tables: Mapping[str, list[dict[str, str]]] | None = None,
             aliases: Iterable[SurfaceForm] = (), sources: Iterable[str] = ()) -> KnowledgeBase:
    """Read every source and assemble the knowledge base; ``version`` is the sources' hash.

    `kg kb update` passes reference tables merged with Wikidata rows, Wikidata's names as
    ``aliases`` (those of entities the build drops are ignored) and its own ``sources`` lines.
    """
    tables = dict(tables) if tables is not None else {name: reference_rows(name) for name in REFERENCE_TABLES}
    places = tables["places.tsv"]
    continents = {row["qid"] for row in places if place_kind(row["kind"]) == "Continent"}
    drafts = Drafts()
    add_countries(drafts, natural_earth_countries(), continents)
    add_places(drafts, places)
    add_place_rules(drafts)
    add_demonyms(drafts)
    add_organizations(drafts, tables["organizations.tsv"])
    positions = add_positions(drafts, tables["positions.tsv"])
    add_holdings(drafts, tables["office_holders.tsv"], positions)
    for alias in aliases:
        if alias.qid in drafts.entities:
            drafts.form(alias.text, alias.qid, alias.form, alias.lang)
    drafts.drop_label_clashes()
    described = tuple(sources) or source_descriptions({name: len(rows) for name, rows in tables.items()})
    return KnowledgeBase(version, described, (d.freeze() for d in drafts.entities.values()), drafts.holdings,
                         drafts.forms)
