"""Build the bundled knowledge base from its sources, in a fixed order."""

from __future__ import annotations

from kg.kb.base import KnowledgeBase
from kg.kb.classify import place_kind
from kg.kb.drafts import Drafts
from kg.kb.organizations import add_organizations
from kg.kb.people import add_holdings, add_positions
from kg.kb.places import add_countries, add_demonyms, add_place_rules, add_places
from kg.kb.sources import REFERENCE_TABLES, natural_earth_countries, reference_rows, source_descriptions

__all__ = ["build_kb"]


def build_kb(version: str) -> KnowledgeBase:
    """Read every source and assemble the knowledge base; ``version`` is the sources' hash."""
    tables = {name: reference_rows(name) for name in REFERENCE_TABLES}
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
    drafts.drop_label_clashes()
    sources = source_descriptions({name: len(rows) for name, rows in tables.items()})
    return KnowledgeBase(version, sources, (d.freeze() for d in drafts.entities.values()), drafts.holdings,
                         drafts.forms)
