"""The plain frozen records that flow between the stages.

read → Article; annotate → Annotated (sentences and mentions with character offsets);
extract → Extraction (entities, offices, meetings, memberships, each with Evidence);
link → Linked (an Extraction whose entities carry Links).  Offsets are always character
offsets into ``Article.text`` and travel unchanged to the graph, where they are the provenance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Lang = Literal["de", "en"]
Precision = Literal["day", "month", "season", "year"]
Status = Literal["current", "former", "designated"]


@dataclass(frozen=True)
class Article:
    """One document as read from disk: body text plus metadata."""

    doc_id: str
    text: str
    lang: Lang
    title: str | None = None
    date: dt.date | None = None
    source: str | None = None
    path: str = ""
    content_hash: str = ""


@dataclass(frozen=True)
class ReadFailure:
    """A file (or a line of a corpus) that could not be read; the batch goes on."""

    path: str
    message: str


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """A span of the article that names a person, organization or place.

    ``kind`` is the local name of an ontology class (Person, Country, Alliance …).
    ``key`` is the normalised name used to group mentions of one entity; ``qid`` the
    knowledge-base candidate the matcher proposed, if any.
    """

    start: int
    end: int
    text: str
    kind: str
    key: str
    sentence: int
    qid: str | None = None
    source: str = "kb"


@dataclass(frozen=True)
class Annotated:
    """An article after the language stage: sentences, mentions and the spaCy Doc."""

    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    doc: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Entity:
    """One real-world thing within one document: a cluster of mentions."""

    key: str
    name: str
    kind: str
    mentions: tuple[Mention, ...]
    qid_hint: str | None = None


@dataclass(frozen=True)
class Evidence:
    """Where a fact comes from: a span inside a sentence, who found it, how sure."""

    sentence: Sentence
    start: int
    end: int
    extractor: str
    confidence: float


@dataclass(frozen=True)
class DateValue:
    """A normalised date: ``value`` is ISO (2022-01-07, 2019-06 or 2019) of ``precision``."""

    value: str
    precision: Precision
    expression: str


@dataclass(frozen=True)
class Office:
    """A person holding (or having held, or about to hold) an office."""

    holder: str
    role: str
    role_kind: str
    of: str | None
    status: Status
    evidence: Evidence
    position_qid: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class Meeting:
    kind: str
    label: str
    date: DateValue | None
    place: str | None
    virtual: bool | None
    participants: tuple[str, ...]
    evidence: Evidence
    organizer: str | None = None


@dataclass(frozen=True)
class Membership:
    member: str
    organization: str
    evidence: Evidence


@dataclass(frozen=True)
class Extraction:
    """Everything one article says, entities referred to by ``Entity.key``."""

    article: Article
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    offices: tuple[Office, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    memberships: tuple[Membership, ...] = ()


@dataclass(frozen=True)
class Link:
    """The linker's decision for one entity: a QID with a score in [0, 1], or NIL (qid None)."""

    key: str
    qid: str | None
    score: float
    label: str
    kind: str


@dataclass(frozen=True)
class Linked:
    extraction: Extraction
    links: tuple[Link, ...]

    def link_of(self, key: str) -> Link | None:
        for link in self.links:
            if link.key == key:
                return link
        return None
