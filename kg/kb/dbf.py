"""A tiny dBase III reader: enough to read a shapefile's attribute table without a shapefile library."""

from __future__ import annotations

import struct

from kg.errors import KnowledgeBaseError

__all__ = ["read_dbf"]

_HEADER = struct.Struct("<BBBBIHH")
_FIELD_SIZE = 32
_TERMINATOR = 0x0D


def read_dbf(data: bytes, encoding: str = "utf-8") -> list[dict[str, str]]:
    """Every live record of a .dbf file as a dict of stripped strings, in file order."""
    if len(data) < _HEADER.size:
        raise KnowledgeBaseError("the .dbf file is truncated: no header; reinstall the package that ships it")
    _, _, _, _, count, header_len, record_len = _HEADER.unpack_from(data)
    if header_len > len(data):
        raise KnowledgeBaseError("the .dbf file is truncated inside its header; reinstall its package")
    fields: list[tuple[str, int]] = []
    pos = 32
    while pos < header_len - 1 and data[pos] != _TERMINATOR:
        raw = data[pos:pos + _FIELD_SIZE]
        name = raw[:11].split(b"\0", 1)[0].decode("ascii")
        fields.append((name, raw[16]))
        pos += _FIELD_SIZE
    if 1 + sum(width for _, width in fields) != record_len:
        raise KnowledgeBaseError("the .dbf field widths do not add up to its record length; it is damaged")
    if header_len + count * record_len > len(data):
        raise KnowledgeBaseError("the .dbf file is truncated: fewer records than its header says")
    records = []
    for i in range(count):
        start = header_len + i * record_len
        record = data[start:start + record_len]
        if record[:1] == b"*":  # deleted
            continue
        values: dict[str, str] = {}
        offset = 1
        for name, width in fields:
            # Natural Earth pads with NUL bytes, classic dBase with spaces.
            values[name] = record[offset:offset + width].decode(encoding).strip(" \0")
            offset += width
        records.append(values)
    return records
