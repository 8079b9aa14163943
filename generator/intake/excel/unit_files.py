"""A unit as the registry knows it, and its entry files on disk, for import and export alike."""

from __future__ import annotations

from pathlib import Path

from ...core.layout import RESOURCE_DIRS
from ...read.load import load_bytes
from ...read.registry import RegistryUnreadable, Unit, read_units
from ...read.schema import Schema


def registered_units(root: Path) -> dict[str, Unit]:
    """The units of the registry by id; none if it cannot be read (validate reports why)."""
    try:
        return read_units(root)
    except RegistryUnreadable:
        return {}


def entries_by_code(root: Path, unit_id: str, schema: Schema) -> dict[str, tuple[str, dict]]:
    """The unit's readable entry files by code (the first file wins if two share a code)."""
    found: dict[str, tuple[str, dict]] = {}
    for path, data, _ in entry_files(root, unit_id, schema):
        if data is not None and isinstance(data.get("code"), str):
            found.setdefault(data["code"], (path, data))
    return found


def entry_files(root: Path, unit_id: str, schema: Schema):
    """(path, data or None, problems) of every entry file of a unit, shared first."""
    for top in RESOURCE_DIRS:
        for file in sorted((root / top / unit_id).glob("*.y*ml")):
            path = f"{top}/{unit_id}/{file.name}"
            doc, problems = load_bytes(file.read_bytes(), path, schema.typed_keys)
            data = schema.coerce(doc) if doc else None
            yield path, data if isinstance(data, dict) else None, problems
