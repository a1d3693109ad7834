"""The HTTP seam to a SPARQL 1.1 server: where its endpoints are, how to log in, one-line errors.

Reads go through SPARQLWrapper and come back as pyoxigraph objects; updates are POSTed as
``application/sparql-update``.  Every network failure becomes an EndpointError of one line
that names the endpoint and says what to do.  Credentials come from the environment only and
never appear in a message.  Nothing here connects until a request is made.
"""

from __future__ import annotations

import ast
import base64
import email.utils
import http.client
import math
import os
import re
import socket
import ssl
import time
import urllib.error
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox
from SPARQLWrapper import JSON, N3, POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
    URITooLong,
)

from kg.errors import EndpointError

__all__ = [
    "DEFAULT_TIMEOUT",
    "Endpoints",
    "RetryPolicy",
    "SparqlClient",
    "endpoints_for",
    "public_url",
]

DEFAULT_TIMEOUT = 30.0
_AGENT = "geokg (SPARQLWrapper)"
_STATUS = {QueryBadFormed: 400, Unauthorized: 401, EndPointNotFound: 404, URITooLong: 414,
           EndPointInternalError: 500}
_GRAPHDB = re.compile(r"/repositories/[^/]+/?$")


@dataclass(frozen=True)
class RetryPolicy:
    """How often to repeat a request the server refused with 429 or 5xx, and how long to wait.

    The wait is the server's Retry-After when it sends one, else ``backoff`` seconds doubled
    after each try; a wait longer than ``max_wait`` is not made: the request fails at once.
    """

    attempts: int = 4
    backoff: float = 2.0
    max_wait: float = 120.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)

    def wait(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before try ``attempt + 1``."""
        return retry_after if retry_after is not None else self.backoff * 2 ** (attempt - 1)


@dataclass(frozen=True)
class Endpoints:
    """Where to send queries and updates, and whether to ask Oxigraph for the union default graph."""

    query: str
    update: str | None
    union_default_graph: bool


def public_url(url: str) -> str:
    """The URL as it may appear in a message: no user, password, query string or fragment."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = f"{host}:{port}" if port else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _checked(url: str, what: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise EndpointError(f"{public_url(url)}: {what} must be an http(s) URL such as http://127.0.0.1:7878")
    if parts.username is not None or parts.password is not None:
        raise EndpointError(f"{public_url(url)}: do not put credentials in the URL — "
                            "set KG_STORE_USER and KG_STORE_PASSWORD (or KG_STORE_TOKEN) instead")
    return url


def _sibling_update(query: str) -> str | None:
    """The update endpoint beside a query endpoint: …/query or …/sparql → …/update, GraphDB's …/statements."""
    parts = urlsplit(query)
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in {"query", "sparql"}:
        return urlunsplit(parts._replace(path=f"{head}/update"))
    if _GRAPHDB.search(parts.path):
        return urlunsplit(parts._replace(path=f"{path}/statements"))
    return None


def endpoints_for(url: str, query_endpoint: str | None = None, update_endpoint: str | None = None,
                  union_default_graph: bool | None = None) -> Endpoints:
    """Endpoints from a server base URL, a query endpoint URL, or explicit keywords/environment."""
    query_endpoint = query_endpoint or os.environ.get("KG_QUERY_ENDPOINT") or None
    update_endpoint = update_endpoint or os.environ.get("KG_UPDATE_ENDPOINT") or None
    _checked(url, "--store")
    path = urlsplit(url).path.rstrip("/")
    if query_endpoint:
        query = _checked(query_endpoint, "the query endpoint")
    elif path.rpartition("/")[2] in {"query", "sparql"} or _GRAPHDB.search(path):
        query = url
    else:
        # A server base: Oxigraph's layout, which is also Fuseki's below a dataset (/ds/query).
        query = url.rstrip("/") + "/query"
    update = _checked(update_endpoint, "the update endpoint") if update_endpoint else _sibling_update(query)
    if union_default_graph is None:
        # Only Oxigraph serves /query at the root; other servers may reject the unknown parameter.
        union_default_graph = urlsplit(query).path == "/query"
    return Endpoints(query, update, union_default_graph)


def _timeout_from_env() -> float:
    raw = os.environ.get("KG_STORE_TIMEOUT")
    if not raw:
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not value > 0 or math.isinf(value):
        raise EndpointError(f"KG_STORE_TIMEOUT={raw!r} is not a number of seconds — e.g. KG_STORE_TIMEOUT=60")
    return value


def _authorization_from_env() -> tuple[str | None, tuple[str, ...]]:
    """The Authorization header from KG_STORE_TOKEN or KG_STORE_USER/KG_STORE_PASSWORD, and its secrets."""
    token = os.environ.get("KG_STORE_TOKEN")
    user = os.environ.get("KG_STORE_USER")
    password = os.environ.get("KG_STORE_PASSWORD")
    if token:
        return f"Bearer {token}", (token,)
    if user or password:
        if not (user and password):
            missing = "KG_STORE_PASSWORD" if user else "KG_STORE_USER"
            raise EndpointError(f"{missing} is not set — basic authentication needs both KG_STORE_USER "
                                "and KG_STORE_PASSWORD")
        pair = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return f"Basic {pair}", (pair, password)
    return None, ()


def _server_text(exc: BaseException) -> str:
    """The first line of what the server said, from a SPARQLWrapper exception or an HTTPError."""
    body: Any = b""
    if isinstance(exc, urllib.error.HTTPError):
        try:
            body = exc.read()
        except OSError:
            body = b""
    else:
        # SPARQLWrapper keeps the response body only as a repr at the end of its message.
        _, found, tail = str(exc).partition("Response:\n")
        if found:
            try:
                body = ast.literal_eval(tail.strip())
            except (ValueError, SyntaxError):
                body = tail
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    if "<html" in line.lower():
        return ""
    return line if len(line) <= 160 else line[:159] + "…"


def _status_of(exc: BaseException) -> int:
    if isinstance(exc, urllib.error.HTTPError):
        return exc.code
    for cls, code in _STATUS.items():
        if isinstance(exc, cls):
            return code
    return 0


def _advice(status: int, form: str) -> str:
    if status in {401, 403}:
        return "check KG_STORE_USER/KG_STORE_PASSWORD or KG_STORE_TOKEN"
    if status in {404, 405}:
        return "check the URL, or pass --query-endpoint/--update-endpoint (see docs/remote.md)"
    if status in {413, 414}:
        return "the request is larger than this server accepts; raise its request size limit"
    if status == 400 and form != "UPDATE":
        return "check the query"
    if status == 400:
        return "the server did not apply it"
    if status == 429:
        return "the server limits how often it may be asked; try again later"
    return "see the server's log"


def _retry_after(exc: BaseException) -> float | None:
    """The seconds a 429 or 503 answer asks the client to wait (Retry-After), if it says."""
    headers = getattr(exc, "headers", None)
    raw = headers.get("Retry-After") if headers is not None else None
    if not raw:
        return None
    raw = raw.strip()
    if raw.isdigit():
        return float(raw)
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class SparqlClient:
    """Queries and updates against one pair of endpoints, with a timeout and optional login."""

    def __init__(self, endpoints: Endpoints, *, timeout: float | None = None, agent: str = _AGENT,
                 credentials: bool = True, retry: RetryPolicy | None = None, form_encoded: bool = False) -> None:
        self.endpoints = endpoints
        self.timeout = timeout if timeout is not None else _timeout_from_env()
        # A public endpoint (Wikidata) must never receive the store's login: credentials=False.
        self._authorization, self._secrets = _authorization_from_env() if credentials else (None, ())
        self._where = public_url(endpoints.query)
        self._agent = agent
        self._retry = retry or RetryPolicy(attempts=1)
        self._form_encoded = form_encoded

    def select(self, sparql: str, form: str = "SELECT") -> ox.QuerySolutions | ox.QueryBoolean:
        """Run a SELECT or ASK query; the answer as pyoxigraph solutions or boolean."""
        body, media_type = self._request(sparql, form, JSON)
        fmt = ox.QueryResultsFormat.from_media_type(media_type) or ox.QueryResultsFormat.JSON
        try:
            return ox.parse_query_results(body, fmt)
        except SyntaxError as e:
            raise EndpointError(f"{self._where}: the answer is not valid {fmt.name} results ({e})") from None

    def triples(self, sparql: str, form: str = "CONSTRUCT") -> list[ox.Triple]:
        """Run a CONSTRUCT or DESCRIBE query; the answer as a list of triples."""
        body, media_type = self._request(sparql, form, N3)
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt is None:
            raise EndpointError(f"{self._where}: answered with {media_type or 'no type'}, "
                                "not an RDF format geokg reads")
        try:
            return [q.triple for q in ox.parse(body, fmt)]
        except SyntaxError as e:
            raise EndpointError(f"{self._where}: the answer is not valid {fmt.name} ({e})") from None

    def update(self, sparql: str) -> None:
        """POST one SPARQL Update request; the server applies it whole or not at all."""
        if self.endpoints.update is None:
            raise EndpointError(f"{self._where}: no update endpoint known for this server — "
                                "pass --update-endpoint (or set KG_UPDATE_ENDPOINT)")
        self._request(sparql, "UPDATE", JSON)

    def _redacted(self, text: str) -> str:
        """Text a server sent back, with any credential it echoed blanked out."""
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def _wrapper(self, sparql: str, form: str, return_format: str) -> SPARQLWrapper:
        wrapper = SPARQLWrapper(self.endpoints.query, updateEndpoint=self.endpoints.update, agent=self._agent)
        with warnings.catch_warnings():
            # SPARQLWrapper guesses the query form with a regex and warns when it cannot;
            # the caller knows the form, so it is set below instead.
            warnings.simplefilter("ignore", RuntimeWarning)
            wrapper.setQuery(sparql)
        wrapper.queryType = "INSERT" if form == "UPDATE" else form
        wrapper.setMethod(POST)
        # Raw body: no form-size limits, no URL-encoding blow-up; form encoding where a server wants it.
        wrapper.setRequestMethod(URLENCODED if self._form_encoded and form != "UPDATE" else POSTDIRECTLY)
        wrapper.setOnlyConneg(True)
        wrapper.setReturnFormat(return_format)
        # SPARQLWrapper takes whole seconds and treats 0 as "no timeout".
        wrapper.setTimeout(max(1, math.ceil(self.timeout)))
        if form != "UPDATE" and self.endpoints.union_default_graph:
            wrapper.addParameter("union-default-graph", "")
        if self._authorization is not None:
            wrapper.addCustomHttpHeader("Authorization", self._authorization)
        return wrapper

    def _request(self, sparql: str, form: str, return_format: str) -> tuple[bytes, str]:
        endpoint = self.endpoints.update if form == "UPDATE" else self.endpoints.query
        where = public_url(endpoint or "")
        attempt = 1
        while True:
            wrapper = self._wrapper(sparql, form, return_format)
            try:
                result = wrapper.query()
                body = result.response.read()
                media_type = result.response.headers.get("Content-Type", "") or ""
                break
            except (SPARQLWrapperException, urllib.error.HTTPError) as e:
                status = _status_of(e)
                wait = self._retry.wait(attempt, _retry_after(e))
                if (status == 429 or status >= 500) and attempt < self._retry.attempts \
                        and wait <= self._retry.max_wait:
                    self._retry.sleep(wait)
                    attempt += 1
                    continue
                said = self._redacted(_server_text(e))
                detail = f"HTTP {status}: {said}" if said else f"HTTP {status}"
                tries = f" after {attempt} attempts" if attempt > 1 else ""
                raise EndpointError(f"{where}: request refused{tries} ({detail}) — {_advice(status, form)}") from None
            except urllib.error.URLError as e:
                raise EndpointError(f"{where}: {_reason(e.reason, self.timeout)}") from None
            except (OSError, http.client.HTTPException) as e:
                raise EndpointError(f"{where}: {_reason(e, self.timeout)}") from None
        return body, media_type.split(";")[0].strip()


def _reason(reason: object, timeout: float) -> str:
    """What went wrong on the wire, and what to do about it, in a few words."""
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused — is the server running?"
    if isinstance(reason, TimeoutError | socket.timeout):
        return f"no answer within {timeout:g} s — is the server busy? Set KG_STORE_TIMEOUT to wait longer"
    if isinstance(reason, socket.gaierror):
        return "unknown host — check the URL"
    if isinstance(reason, ssl.SSLError):
        return f"TLS failed ({reason.reason or reason}) — check the certificate or use http://"
    if isinstance(reason, ConnectionError | http.client.HTTPException):
        return "the server closed the connection — is it running, and is this a SPARQL endpoint?"
    text = getattr(reason, "strerror", None) or str(reason)
    return f"cannot connect ({text}) — is the server running?"
