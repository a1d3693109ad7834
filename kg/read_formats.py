"""Per-format parsing for the read stage: bytes to text, YAML front matter, HTML, JSONL lines.

Every function here raises ``Unreadable`` for a bad document; ``kg.read`` turns that into a
``ReadFailure`` naming the file, so nothing in this module knows about paths.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

from kg.records import Lang

__all__ = [
    "MAX_BYTES",
    "Fields",
    "Unreadable",
    "decode_bytes",
    "parse_date",
    "parse_front_matter",
    "parse_html",
    "parse_jsonl_line",
    "parse_lang",
]

MAX_BYTES = 50_000_000
"""The largest document (file, or line of a JSONL corpus) geokg reads."""

_MAX_CONTROL_SHARE = 0.05
# Control characters other than tab, newline, carriage return and form feed: text has next to
# none, arbitrary binary has about a quarter of its bytes in this range.
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*$\n?", re.S | re.M)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANGS: tuple[Lang, ...] = ("de", "en")


class Unreadable(Exception):
    """A document that cannot become an Article; the message says why and what to do."""


@dataclass(frozen=True)
class Fields:
    """What a format yields for one document, before clean-up, identity and language."""

    text: str
    title: str | None = None
    date: dt.date | None = None
    source: str | None = None
    lang: Lang | None = None
    doc_id: str | None = None


def decode_bytes(data: bytes) -> str:
    """Decode UTF-8 (BOM allowed), else Windows-1252/Latin-1 if the result still looks like text."""
    if b"\x00" in data:
        raise Unreadable("binary file (NUL bytes) — not an article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_legacy(data)
        if _mostly_control(text):
            raise Unreadable("not UTF-8 text (nor Latin-1) — save it as UTF-8") from None
        return text
    if _mostly_control(text):
        raise Unreadable("binary file (control characters) — not an article")
    return text


def _decode_legacy(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte, so this cannot fail.
        return data.decode("latin-1")


def _mostly_control(text: str) -> bool:
    return len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text)


def parse_front_matter(text: str) -> Fields:
    """Split a leading ``---`` YAML block off ``text`` and read its title, date, source, lang and id."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return Fields(text=text)
    try:
        meta = yaml.load(match.group(1), Loader=_front_matter_loader())
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 2 if error.problem_mark else 1
        raise Unreadable(
            f"front matter is not valid YAML (line {line}: {error.problem}) — fix the --- block at the top"
        ) from None
    except (yaml.YAMLError, ValueError, RecursionError):
        # ValueError: an explicit tag such as !!timestamp with an impossible value.
        raise Unreadable("front matter is not valid YAML — fix the --- block at the top") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise Unreadable("front matter is not 'key: value' lines — fix the --- block at the top")
    return Fields(
        text=text[match.end() :],
        title=_optional_text(meta.get("title"), "front matter title"),
        date=parse_date(meta.get("date"), "front matter date"),
        source=_optional_text(meta.get("source"), "front matter source"),
        lang=parse_lang(meta.get("lang"), "front matter lang"),
        doc_id=_optional_text(meta.get("id"), "front matter id"),
    )


@functools.cache
def _front_matter_loader() -> type[yaml.SafeLoader]:
    """A safe YAML loader keeping scalars as strings: id 0042 stays "0042", lang no stays "no"."""

    class FrontMatterLoader(yaml.SafeLoader):
        pass

    FrontMatterLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return FrontMatterLoader


def parse_date(value: Any, what: str) -> dt.date | None:
    """A YYYY-MM-DD value (or nothing) as a date; ``what`` names the field in the message."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    shown = _shorten(str(value))
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Unreadable(f"{what} '{shown}' is not YYYY-MM-DD")


def parse_lang(value: Any, what: str) -> Lang | None:
    """``de`` or ``en`` (region subtags such as de-AT allowed), or None when absent."""
    if value is None or value == "":
        return None
    primary = re.split(r"[-_]", str(value).strip().lower(), maxsplit=1)[0]
    for lang in _LANGS:
        if primary == lang:
            return lang
    raise Unreadable(f"{what} '{_shorten(str(value))}' — geokg reads de and en")


def _optional_text(value: Any, what: str) -> str | None:
    if value is None:
        return None
    # bool is an int; "title: yes" is almost surely a mistake, so only real numbers pass.
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Unreadable(f"{what} must be text, not {type(value).__name__}")
    text = str(value).strip()
    return text or None


def _shorten(text: str, limit: int = 40) -> str:
    """One line, at most ``limit`` characters, for quoting a bad value in a message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def parse_html(html: str) -> Fields:
    """Extract the article text, title, date, URL and declared language of an HTML page."""
    import trafilatura

    tree = trafilatura.load_html(html)
    if tree is None:
        raise Unreadable("no HTML found — is it really a web page?")
    declared = _declared_lang(tree)
    document = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, config=_trafilatura_config()
    )
    # bare_extraction gives a Document here; a dict only with as_dict=True, None when nothing is found
    if document is None or isinstance(document, dict) or not (document.text or "").strip():
        raise Unreadable("no article text found in the HTML — save the full page, or the text as .txt")
    try:
        date = parse_date(document.date, "date")
    except Unreadable:
        date = None  # a date trafilatura guessed wrongly is not worth failing the page over
    return Fields(
        text=document.text or "",
        title=document.title or None,
        date=date,
        source=document.url or document.sitename or None,
        lang=declared,
    )


def _declared_lang(tree: Any) -> Lang | None:
    """The page's own language (``<html lang>`` or og:locale), if it is German or English."""
    candidates = [tree.get("lang"), *tree.xpath("//meta[@property='og:locale']/@content")]
    for candidate in candidates:
        try:
            lang = parse_lang(candidate, "lang")
        except Unreadable:
            continue  # a page in another language is still read; detection decides then
        if lang is not None:
            return lang
    return None


@functools.cache
def _trafilatura_config() -> Any:
    """Trafilatura settings: our size limit, no timeout signal, no date guessing from the text."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MAX_FILE_SIZE", str(MAX_BYTES))
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    # Extensive search takes any date in the body as the publication date; --date is the fallback.
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")
    return config


def parse_jsonl_line(raw: bytes) -> Fields | None:
    """One JSONL record (``text`` plus optional id, title, date, source/url, lang); None if blank."""
    line = decode_bytes(raw)
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise Unreadable(
            f"not valid JSON ({error.msg}, column {error.colno}) — fix or remove the line"
        ) from None
    except (ValueError, RecursionError):
        raise Unreadable("not valid JSON — fix or remove the line") from None
    if not isinstance(record, dict):
        raise Unreadable('not a JSON object — each line needs {"text": "…"}')
    text = record.get("text")
    if not isinstance(text, str):
        raise Unreadable('no "text" string — each line needs one')
    source = record.get("source")
    return Fields(
        text=text,
        title=_optional_text(record.get("title"), '"title"'),
        date=parse_date(record.get("date"), '"date"'),
        source=_optional_text(record.get("url") if source is None else source, '"source"'),
        lang=parse_lang(record.get("lang"), '"lang"'),
        doc_id=_optional_text(record.get("id"), '"id"'),
    )
