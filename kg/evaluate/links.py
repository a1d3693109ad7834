"""Gold links as QIDs: Wikidata IRIs directly, DBpedia resources through a title→QID function."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import unquote

__all__ = [
    "TitleToQid", "dbpedia_title", "gold_qid", "label_lookup", "layered_lookup", "title_key", "wikidata_qid",
]

TitleToQid = Callable[[str, str], str | None]
"""(language, title) → QID or None: how a DBpedia/Wikipedia title is compared with our QIDs."""

_QID = re.compile(r"Q[1-9][0-9]*")
_WIKIDATA = re.compile(r"https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/(Q[1-9][0-9]*)")
# The English DBpedia has no language subdomain; /page/ occurs once in RSS-500 instead of /resource/.
_DBPEDIA = re.compile(r"https?://(?:([a-z][a-z-]*)\.)?dbpedia\.org/(?:resource|page)/(.+)")


def wikidata_qid(link: str) -> str | None:
    """The QID of a bare QID or a Wikidata entity IRI, else None."""
    if _QID.fullmatch(link):
        return link
    match = _WIKIDATA.fullmatch(link)
    return match.group(1) if match else None


def dbpedia_title(link: str) -> tuple[str, str] | None:
    """(language, Wikipedia title) of a DBpedia resource IRI, percent-decoded, spaces for underscores."""
    match = _DBPEDIA.fullmatch(link)
    if match is None:
        return None
    lang, tail = match.group(1) or "en", match.group(2)
    # News-100 has one IRI written twice over (…/resource/http://de.dbpedia.org/resource/…).
    nested = _DBPEDIA.fullmatch(tail)
    if nested is not None:
        return dbpedia_title(tail)
    return lang, unquote(tail).replace("_", " ")


def title_key(title: str) -> str:
    """A title or label folded for lookup: percent-decoded, underscores as spaces, NFC, case-folded."""
    text = unicodedata.normalize("NFC", unquote(title).replace("_", " "))
    return " ".join(text.casefold().split())


def _index(pairs: Iterable[tuple[str, str]]) -> dict[str, str | None]:
    """Folded label → QID, None where labels that fold together disagree."""
    index: dict[str, str | None] = {}
    for label, qid in pairs:
        key = title_key(label)
        if key in index and index[key] != qid:
            index[key] = None
        else:
            index.setdefault(key, qid)
    return index


def label_lookup(labels: Mapping[str, str]) -> TitleToQid:
    """A title→QID function over a label→QID mapping; labels that fold together but disagree map to None."""
    return layered_lookup(labels.items())


def layered_lookup(*layers: Iterable[tuple[str, str]]) -> TitleToQid:
    """A title→QID function over (label, QID) pairs in layers: a later layer answers only titles no earlier
    layer knows, so an alias never makes a label ambiguous (an ambiguous label stays None)."""
    indexes = [_index(layer) for layer in layers]

    def lookup(lang: str, title: str) -> str | None:
        # The language is not used: the layers already hold the labels of every language we read.
        key = title_key(title)
        for index in indexes:
            if key in index:
                return index[key]
        return None

    return lookup


def gold_qid(link: str, title_to_qid: TitleToQid | None) -> str | None:
    """The QID a gold link stands for, or None when it cannot be compared with ours."""
    qid = wikidata_qid(link)
    if qid is not None:
        return qid
    title = dbpedia_title(link)
    if title is None or title_to_qid is None:
        return None
    return title_to_qid(*title)
