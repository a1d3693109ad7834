"""Every error geokg raises on purpose, in one tree.

    KgError                      anything the user can fix; the CLI prints it as one line, exit 1
    ├── InputError               a file or folder that cannot be read as an article
    ├── QueryError               a saved query that is unknown or malformed, or a bad parameter
    ├── StoreError               the store cannot be opened or written
    │   └── StoreBusyError       another process holds the store for writing
    ├── EndpointError            a SPARQL endpoint that is unreachable or refuses a request
    ├── KnowledgeBaseError       the knowledge base cannot be built, loaded or swapped
    ├── ValidationError          a graph does not conform to ontology/shapes.ttl
    └── EvalError                a gold file that cannot be read

"Not found in Wikidata" is a normal result, never an exception.
"""

from __future__ import annotations

__all__ = [
    "KgError",
    "InputError",
    "QueryError",
    "StoreError",
    "StoreBusyError",
    "EndpointError",
    "KnowledgeBaseError",
    "ValidationError",
    "EvalError",
]


class KgError(Exception):
    """Base of every error that the CLI turns into one line and exit status 1."""


class InputError(KgError):
    """A file or folder cannot be read as an article; the message names it."""


class QueryError(KgError):
    """A saved query is unknown or malformed, or a parameter value is invalid."""


class StoreError(KgError):
    """The store cannot be opened or written."""


class StoreBusyError(StoreError):
    """Another process is writing to the store."""


class EndpointError(KgError):
    """A remote SPARQL endpoint is unreachable, times out or refuses a request."""


class KnowledgeBaseError(KgError):
    """The knowledge base cannot be built, loaded or replaced."""


class ValidationError(KgError):
    """A graph violates the SHACL shapes."""


class EvalError(KgError):
    """A gold file cannot be read or has an unknown format."""
