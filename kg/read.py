"""Read stage: files and folders → ``Article`` records, or ``ReadFailure`` for what cannot be read.

Formats by extension: .txt/.md/.markdown (optional YAML front matter), .html/.htm (trafilatura),
.jsonl (one article per line); see ``kg.read_formats``.  ``Article.text`` is the normalised body
(\\n newlines, no BOM, NFC, trailing scraper boilerplate dropped); every later offset points into it.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import hashlib
import json
import math
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from kg.errors import InputError
from kg.read_formats import (
    MAX_BYTES,
    Fields,
    Unreadable,
    decode_bytes,
    parse_front_matter,
    parse_html,
    parse_jsonl_line,
    parse_lang,
)
from kg.records import Article, Lang, ReadFailure

__all__ = ["MAX_BYTES", "SUFFIXES", "detect_language", "read_paths", "read_text"]

_TEXT = frozenset({".txt", ".md", ".markdown"})
_MARKDOWN = frozenset({".md", ".markdown"})
_HTML = frozenset({".html", ".htm"})
_JSONL = frozenset({".jsonl"})
SUFFIXES = _TEXT | _HTML | _JSONL
"""The extensions read from folders; anything else there is skipped as a sidecar."""

_TITLE_MAX = 200
_BOILERPLATE_LINE_MAX = 300
_DETECT_CHARS = 20_000  # lingua is sure long before this, and cost grows with length
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_MARKDOWN_HEADING = re.compile(r"#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*")
_SHARE_TARGETS = (
    r"facebook|twitter|x|whatsapp|telegram|linkedin|xing|reddit|pinterest|tumblr|e-?mail|print|drucken"
)
_BOILERPLATE = re.compile(
    rf"""[\W_]*(?:
        source\ site
      | leave\ a\ (?:reply|comment)(?:\ cancel\ reply)?
      | (?:schreibe\ einen|kommentare?\ (?:schreiben|verfassen))
      | (?:\d+\ )?(?:comments?|kommentare?)
      | share(?:\ this(?:\ (?:article|post|story))?|\ on\ \w+)?
      | (?:jetzt\ |artikel\ |beitrag\ |diesen\ (?:artikel|beitrag)\ )?teilen
      | (?:click\ to\ share\ on\ )?(?:{_SHARE_TARGETS})(?:\ \(opens\ in\ new\ window\))?
      | like\ this | loading\.*
      | related(?:\ (?:posts?|articles?|stories))?
      | (?:ähnliche|verwandte)\ (?:beiträge|artikel) | mehr\ zum\ thema
      | .*\bcookies?\b.*
    )[\W_]*""",
    re.I | re.X,
)


def read_paths(
    paths: Sequence[str | Path], *, date: dt.date | None = None, lang: str | None = None
) -> Iterator[Article | ReadFailure]:
    """Read files and folders (recursively, sorted); ``date`` fills in missing dates, ``lang`` forces."""
    if isinstance(paths, str | Path):
        raise InputError("read_paths takes a list of paths; wrap a single path in a list")
    if date is not None and not isinstance(date, dt.date):
        raise InputError(f"date must be a datetime.date, not {type(date).__name__}")
    # The current folder is taken now, at the call, so later chdirs do not change doc_ids mid-batch.
    return _read_all(list(paths), Path.cwd(), date, _forced_lang(lang))


def read_text(
    text: str,
    *,
    doc_id: str,
    path: str = "",
    date: dt.date | None = None,
    lang: str | None = None,
    title: str | None = None,
    source: str | None = None,
) -> Article:
    """Build an Article from already-decoded text, cleaned exactly as a .txt file would be."""
    fields = Fields(text=text, title=title, date=date, source=source)
    try:
        return _build(fields, doc_id=doc_id, path=path, default_date=None, forced=_forced_lang(lang))
    except Unreadable as error:
        raise InputError(f"{doc_id}: {error}") from None


@functools.cache
def _detector() -> Any:
    """Lingua restricted to German and English, so any other language maps to the nearer of the two."""
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.GERMAN, Language.ENGLISH).build()


def detect_language(text: str) -> Lang:
    """``de`` or ``en``, whichever the text is nearer to; ``en`` when there are no words to judge."""
    found = _detector().detect_language_of(text[:_DETECT_CHARS])
    return "de" if found is not None and found.name == "GERMAN" else "en"


def _forced_lang(lang: str | None) -> Lang | None:
    try:
        return parse_lang(lang, "lang")
    except Unreadable as error:
        raise InputError(str(error)) from None


def _read_all(
    paths: list[str | Path], cwd: Path, default_date: dt.date | None, forced: Lang | None
) -> Iterator[Article | ReadFailure]:
    seen_folders: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in _walk(path, seen_folders, cwd):
                if isinstance(found, ReadFailure):
                    yield found
                else:
                    yield from _read_file(found, _shown(found, cwd), default_date, forced)
        elif path.exists() or path.is_symlink():  # a link loop does not "exist"; reading it says why
            yield from _read_file(path, _shown(path, cwd), default_date, forced)
        else:
            shown = _shown(path, cwd)
            yield ReadFailure(shown, f"{shown}: no such file or folder")


def _shown(path: Path, cwd: Path) -> str:
    """The path relative to the current folder if it is under it, else absolute; posix form."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(cwd).as_posix()
    except ValueError:
        return absolute.as_posix()


def _walk(folder: Path, seen: set[Path], cwd: Path) -> Iterator[Path | ReadFailure]:
    """Readable files under ``folder`` by name; hidden entries and other extensions are skipped."""
    real = folder.resolve()
    if real in seen:
        return  # a symlink back up the tree, or a folder named twice: read it once
    seen.add(real)
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        shown = _shown(folder, cwd)
        yield ReadFailure(shown, f"{shown}: cannot open folder ({error.strerror}) — check its permissions")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = folder / entry.name
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False  # a symlink loop on a single entry; read as a file it reports itself
        if is_dir:
            yield from _walk(child, seen, cwd)
        elif Path(entry.name).suffix.lower() in SUFFIXES:
            yield child


def _read_file(
    path: Path, shown: str, default_date: dt.date | None, forced: Lang | None
) -> Iterator[Article | ReadFailure]:
    suffix = path.suffix.lower()
    if suffix in _JSONL:
        yield from _read_jsonl(path, shown, default_date, forced)
        return
    yield _attempt(shown, functools.partial(_read_document, path, suffix, shown, default_date, forced))


def _attempt(where: str, read: Callable[[], Article]) -> Article | ReadFailure:
    """Run ``read``; an unreadable or inaccessible document becomes a one-line ReadFailure."""
    try:
        return read()
    except Unreadable as error:
        return ReadFailure(where, f"{where}: {error}")
    except OSError as error:
        return _os_failure(where, error)


def _os_failure(where: str, error: OSError) -> ReadFailure:
    if isinstance(error, FileNotFoundError):
        return ReadFailure(where, f"{where}: no such file or folder")
    if error.errno == errno.ELOOP:
        return ReadFailure(where, f"{where}: symbolic link loop — point the link at a real file")
    reason = error.strerror or type(error).__name__
    return ReadFailure(where, f"{where}: cannot read ({reason}) — check the file and its permissions")


def _read_document(
    path: Path, suffix: str, shown: str, default_date: dt.date | None, forced: Lang | None
) -> Article:
    status = path.stat()
    if not path.is_file():
        raise Unreadable("not a regular file — name a file or a folder")
    if status.st_size > MAX_BYTES:
        raise Unreadable(f"{_megabytes(status.st_size)} MB is over the 50 MB limit per document; split it")
    data = path.read_bytes()
    if not data:
        raise Unreadable("empty file — nothing to read")
    text = _normalise(decode_bytes(data))
    if not text.strip():
        raise Unreadable("empty file — nothing to read")
    if suffix in _HTML:
        fields = parse_html(text)
    else:
        fields = parse_front_matter(text)
    return _build(
        fields,
        doc_id=fields.doc_id or shown,
        path=shown,
        default_date=default_date,
        forced=forced,
        markdown=suffix in _MARKDOWN,
        infer_title=suffix not in _HTML,
    )


def _megabytes(size: int) -> int:
    return math.ceil(size / 1_000_000)


def _read_jsonl(
    path: Path, shown: str, default_date: dt.date | None, forced: Lang | None
) -> Iterator[Article | ReadFailure]:
    """One Article per line; a bad line is a ReadFailure naming ``path:line`` and the rest go on."""
    try:
        with path.open("rb") as file:
            if b"\x00" in file.read(8192):
                yield ReadFailure(shown, f"{shown}: binary file (NUL bytes) — not an article")
                return
            file.seek(0)
            records = 0
            for number, raw in enumerate(_lines(file), start=1):
                where = f"{shown}:{number}"
                if raw is None:
                    yield ReadFailure(where, f"{where}: line over the 50 MB limit per document; split it")
                elif raw.strip():
                    records += 1
                    read = functools.partial(
                        _jsonl_article, raw, f"{shown}#{number}", shown, default_date, forced
                    )
                    yield _attempt(where, read)
    except OSError as error:
        yield _os_failure(shown, error)
        return
    if records == 0:
        yield ReadFailure(shown, f"{shown}: empty file — nothing to read")


def _lines(file: BinaryIO) -> Iterator[bytes | None]:
    """Each line's bytes, or None for a line over the limit (skipped without holding it in memory)."""
    while line := file.readline(MAX_BYTES + 1):
        if len(line) > MAX_BYTES and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = file.readline(1 << 20)
            yield None
        else:
            yield line


def _jsonl_article(
    raw: bytes, line_id: str, shown: str, default_date: dt.date | None, forced: Lang | None
) -> Article:
    fields = parse_jsonl_line(raw)
    if fields is None:  # whitespace only once decoded, e.g. a lone BOM
        raise Unreadable("blank line — remove it")
    return _build(
        fields, doc_id=fields.doc_id or line_id, path=shown, default_date=default_date, forced=forced
    )


def _build(
    fields: Fields,
    *,
    doc_id: str,
    path: str,
    default_date: dt.date | None,
    forced: Lang | None,
    markdown: bool = False,
    infer_title: bool = True,
) -> Article:
    """Clean the text, settle title, date and language, and compute the content hash."""
    text = _strip_boilerplate(_LEADING_BLANK_LINES.sub("", _normalise(fields.text)))
    if not text.strip():
        raise Unreadable("no text besides front matter and boilerplate — nothing to read")
    title = " ".join(_normalise(fields.title).split()) if fields.title else None
    if not title and infer_title:
        title = _first_line_title(text, markdown=markdown)
    source = " ".join(_normalise(fields.source).split()) if fields.source else None
    date = fields.date or default_date
    lang: Lang = forced or fields.lang or detect_language(text)
    return Article(
        doc_id=doc_id,
        text=text,
        lang=lang,
        title=title or None,
        date=date,
        source=source or None,
        path=path,
        content_hash=_content_hash(text, title or None, date, source or None, lang),
    )


def _normalise(text: str) -> str:
    """\\n newlines, no BOM, NFC; lone surrogates (from JSON escapes) become U+FFFD, length kept."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE.sub("\ufffd", text)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _strip_boilerplate(text: str) -> str:
    """Drop trailing lines while they are blank or scraper boilerplate; the middle is never touched."""
    end = len(text)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if line.strip() and not _is_boilerplate(line):
            break
        end = max(start - 1, 0)
    return text[:end].rstrip()


def _is_boilerplate(line: str) -> bool:
    # Only short lines: an article's last real paragraph is long, a widget's label is not.
    # Any short trailing line about cookies is a consent notice in practice.
    return len(line) <= _BOILERPLATE_LINE_MAX and _BOILERPLATE.fullmatch(line.strip()) is not None


def _first_line_title(text: str, *, markdown: bool) -> str | None:
    """A Markdown heading, or a short first line followed by a blank line; it stays in the text."""
    first, _, rest = text.partition("\n")
    first = first.strip()
    if markdown:
        heading = _MARKDOWN_HEADING.fullmatch(first)
        return heading.group(1) if heading else None
    followed_by_blank = rest != "" and not rest.partition("\n")[0].strip()
    return first if first and len(first) < _TITLE_MAX and followed_by_blank else None


def _content_hash(text: str, title: str | None, date: dt.date | None, source: str | None, lang: Lang) -> str:
    """sha256 of the body and the metadata that reaches the graph, so a changed date is a change too."""
    payload = [text, title, date.isoformat() if date else None, source, lang]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode("utf-8")).hexdigest()
