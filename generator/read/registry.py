"""The unit registry and the classification vocabulary, as typed read-only records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core import city
from ..core.layout import REGISTRY, UNITS
from ..core.problems import Refused
from .load import load_bytes
from .schema import Schema

DATABASE_LETTERS = {"基础": "J", "主题": "Z", "业务": "Y"}


@dataclass(frozen=True)
class Unit:
    """One unit of the registry."""

    id: str
    name: str
    short_name: str
    credit_code: str
    division: str
    level: str
    kind: str
    number: str
    maintainers: tuple[str, ...]
    contact: str = ""
    website: str = ""
    egov: bool = False  # the e-government department of its level (it reviews non-shared requests)

    @property
    def code_prefix(self) -> str:
        """The first two segments every resource code of this unit starts with."""
        return f"{self.division}-{self.number}"

    @property
    def jurisdiction(self) -> str:
        """Where 一数一源 compares: 市级 units together, each 区县市 on its own.

        The functional areas (经开区, 柳叶湖, 西湖, 西洞庭) share the city's division
        code but each governs its own territory.
        """
        if self.level == "区县级" and self.division == city.DIVISION:
            return f"area:{self.id}"
        return f"{self.level}:{self.division}"


class RegistryUnreadable(Refused):
    """The registry cannot be read; the problem says why."""

    def __init__(self, message: str):
        super().__init__(Refused.because("registry-unreadable", message).problem)


def registry_units(raw: bytes | None) -> dict[str, Unit]:
    """The registry's units by id from its bytes (None: the file could not be read)."""
    if raw is None:
        raise RegistryUnreadable(f"无法读取单位登记表 {REGISTRY}。")
    schema = Schema.named(UNITS)
    doc, problems = load_bytes(raw, REGISTRY, schema.typed_keys, positions=False)
    if doc is None:
        raise RegistryUnreadable(f"单位登记表 {REGISTRY} 无法读取:{problems[0].message}")
    return units_from(schema.coerce(doc))


def read_units(root: Path) -> dict[str, Unit]:
    """The registry's units by id, from the repository's folder."""
    try:
        raw = (root / REGISTRY).read_bytes()
    except OSError:
        raw = None
    return registry_units(raw)


def units_from(data) -> dict[str, Unit]:
    """Units by id, from registry data; rows not of the schema's shape are skipped (the schema reports them)."""
    units: dict[str, Unit] = {}
    rows = data.get("units") if isinstance(data, dict) else None
    for row in rows if isinstance(rows, list) else []:
        if not _well_formed(row):
            continue
        unit = Unit(row["id"], row["name"], row["short_name"], row["credit_code"], row["division"],
                    row["level"], row["kind"], row["number"], tuple(row["maintainers"]),
                    row.get("contact") or "", row.get("website") or "", row.get("egov") is True)
        units.setdefault(unit.id, unit)
    return units


_TEXT_FIELDS = ("id", "name", "short_name", "credit_code", "division", "level", "kind", "number")


def _well_formed(row) -> bool:
    return (isinstance(row, dict) and all(isinstance(row.get(key), str) for key in _TEXT_FIELDS)
            and isinstance(row.get("maintainers"), list) and all(isinstance(m, str) for m in row["maintainers"])
            and all(isinstance(row.get(key), (str, type(None))) for key in ("contact", "website")))


def class_codes(resource_schema: Schema) -> dict[tuple[str, str], str]:
    """(资源库类别, 子类) -> class code such as J01, numbered in the schema's enum order."""
    codes = {}
    category = resource_schema.document["properties"]["category"]
    for branch in category["allOf"]:
        database = branch["if"]["properties"]["database"]["const"]
        subclasses = branch["then"]["properties"]["subclass"]["enum"]
        for number, subclass in enumerate(subclasses, start=1):
            codes[(database, subclass)] = f"{DATABASE_LETTERS[database]}{number:02d}"
    return codes
