"""Token-per-line gold: GermEval 2014 NER TSV and HIPE-2022 TSV, rebuilt as texts with character spans.

Both formats give tokens, not text.  We rebuild each document's text from its tokens so that the
pipeline reads ordinary text and its character offsets can be compared with the gold spans:

* GermEval: one document per sentence (every sentence has its own ``#`` source line and the
  sentences of one source are not contiguous), tokens joined by single spaces.
* HIPE: one document per ``# hipe2022:document_id``; tokens joined by a space unless MISC says
  ``NoSpaceAfter``.  ``EndOfLine`` also becomes a space: the lines are newspaper column breaks that
  fall mid-sentence, and a newline would invite a sentence splitter to cut names in two.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from kg.errors import EvalError
from kg.evaluate.model import GoldDocument, GoldMention

__all__ = ["read_germeval", "read_hipe"]

_SCORED = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
_HIPE_TYPES = {"pers": "PER", "per": "PER", "org": "ORG", "loc": "LOC"}
_DATE = re.compile(r"\[(\d{4}-\d{2}-\d{2})\]")

Span = tuple[int, int, str]


def read_germeval(path: str | Path, *, lang: str = "de") -> tuple[GoldDocument, ...]:
    """GermEval 2014 sentences as documents: outer PER/ORG/LOC scored; OTH, -deriv, -part, inner ignored."""
    path = Path(path)
    docs: list[GoldDocument] = []
    date: dt.date | None = None
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            docs.append(_germeval_doc(f"{path.stem}:{len(docs) + 1}", rows, lang, date))
            rows.clear()

    for lineno, line in _lines(path):
        if not line.strip():
            flush()
        elif line.startswith("#"):
            flush()
            match = _DATE.search(line)
            date = _date(match.group(1)) if match else None
        else:
            fields = line.split("\t")
            if len(fields) < 4 or not fields[0].isdigit():
                raise EvalError(
                    f"{path}:{lineno}: expected 'index<TAB>token<TAB>outer<TAB>inner', got {line!r}"
                )
            rows.append(fields[1:4])
    flush()
    return tuple(docs)


def read_hipe(path: str | Path) -> tuple[GoldDocument, ...]:
    """HIPE-2022 documents: NE-COARSE-LIT pers/org/loc scored with NEL-LIT; other types, NE-NESTED ignored."""
    path = Path(path)
    lines = _lines(path)
    header: list[str] | None = None
    for lineno, line in lines:
        if line.strip():
            header = line.split("\t")
            if header[0] != "TOKEN":
                raise EvalError(f"{path}:{lineno}: a HIPE file starts with the header line 'TOKEN<TAB>…'")
            break
    if header is None:
        raise EvalError(f"{path} is empty")
    for column in ("TOKEN", "NE-COARSE-LIT", "MISC"):
        if column not in header:
            raise EvalError(f"{path}: the header has no {column} column")
    docs: list[GoldDocument] = []
    meta: dict[str, str] = {}
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            docs.append(_hipe_doc(meta, rows, header))
            rows.clear()

    for lineno, line in lines:
        if "\t" in line:
            # Tokens may themselves start with '#' ("###"), so token lines are told apart by their tabs.
            fields = line.split("\t")
            if len(fields) != len(header):
                raise EvalError(f"{path}:{lineno}: {len(fields)} columns, the header has {len(header)}")
            if "hipe2022:document_id" not in meta:
                raise EvalError(f"{path}:{lineno}: token before the first '# hipe2022:document_id' line")
            rows.append(fields)
        elif line.startswith("#") and "=" in line:
            key, value = (part.strip() for part in line[1:].split("=", 1))
            if key == "hipe2022:document_id":
                flush()
                meta = {}
            meta[key] = value
        elif line.strip():
            raise EvalError(f"{path}:{lineno}: neither a token line nor a '# key = value' line: {line!r}")
    flush()
    return tuple(docs)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise EvalError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise EvalError(f"{path} is not UTF-8: {exc}") from exc
    for lineno, line in enumerate(text.split("\n"), 1):
        yield lineno, line.rstrip("\r")


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def bio_spans(tags: Sequence[str]) -> list[Span]:
    """(first token, token after the last, label) of each BIO span; an I- that continues nothing opens one."""
    spans: list[Span] = []
    start, label = -1, ""
    for i, tag in enumerate(tags):
        if tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != label):
            if label:
                spans.append((start, i, label))
            start, label = i, tag[2:]
        elif not tag.startswith("I-"):
            if label:
                spans.append((start, i, label))
            start, label = -1, ""
    if label:
        spans.append((start, len(tags), label))
    return spans


def _layout(tokens: Sequence[str], separators: Sequence[str]) -> tuple[str, list[int], list[int]]:
    """The text of the tokens with the separator after each, and each token's character offsets."""
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for i, token in enumerate(tokens):
        starts.append(position)
        position += len(token)
        ends.append(position)
        parts.append(token)
        if i + 1 < len(tokens):
            parts.append(separators[i])
            position += len(separators[i])
    return "".join(parts), starts, ends


def _mentions(
    text: str,
    starts: list[int],
    ends: list[int],
    spans: list[Span],
    links: Sequence[str] | None,
    types: dict[str, str],
) -> tuple[list[GoldMention], list[GoldMention]]:
    """Scored and ignored gold mentions of token spans; ``types`` maps scored labels to PER/ORG/LOC."""
    scored: list[GoldMention] = []
    ignored: list[GoldMention] = []
    for first, after, label in spans:
        start, end = starts[first], ends[after - 1]
        coarse = types.get(label)
        if coarse is None:
            ignored.append(GoldMention(start, end, text[start:end], label, None, linked=False))
            continue
        link = links[first] if links is not None else "_"
        scored.append(
            GoldMention(
                start,
                end,
                text[start:end],
                coarse,
                link=None if link in ("NIL", "_") else link,
                linked=link != "_",
            )
        )
    return scored, ignored


def _germeval_doc(doc: str, rows: list[list[str]], lang: str, date: dt.date | None) -> GoldDocument:
    tokens = [row[0] for row in rows]
    text, starts, ends = _layout(tokens, [" "] * len(tokens))
    scored, ignored = _mentions(text, starts, ends, bio_spans([row[1] for row in rows]), None, _SCORED)
    inner = bio_spans([row[2] for row in rows])
    ignored += _mentions(text, starts, ends, inner, None, {})[1]
    return GoldDocument(doc, text, lang, date, tuple(scored), tuple(_sorted(ignored)))


def _hipe_doc(meta: dict[str, str], rows: list[list[str]], header: list[str]) -> GoldDocument:
    col = {name: i for i, name in enumerate(header)}
    tokens = [row[col["TOKEN"]] for row in rows]
    separators = []
    for row in rows:
        flags = row[col["MISC"]].split("|")
        separators.append("" if "NoSpaceAfter" in flags else " ")
    text, starts, ends = _layout(tokens, separators)
    coarse = bio_spans([row[col["NE-COARSE-LIT"]] for row in rows])
    coarse = [(first, after, label.lower()) for first, after, label in coarse]
    links = [row[col["NEL-LIT"]] for row in rows] if "NEL-LIT" in col else None
    scored, ignored = _mentions(text, starts, ends, coarse, links, _HIPE_TYPES)
    if "NE-NESTED" in col:
        nested = bio_spans([row[col["NE-NESTED"]] for row in rows])
        ignored += _mentions(text, starts, ends, nested, None, {})[1]
    return GoldDocument(
        doc=meta["hipe2022:document_id"],
        text=text,
        lang=meta.get("hipe2022:language", "und"),
        date=_date(meta.get("hipe2022:date", "")),
        mentions=tuple(scored),
        ignored=tuple(_sorted(ignored)),
    )


def _sorted(mentions: list[GoldMention]) -> list[GoldMention]:
    return sorted(mentions, key=lambda m: (m.start, m.end, m.type or ""))
