"""Model stage: typed, read-only records of the catalog, with every join done once.

Built from a repository that validated without errors; templates and exports read these
records and never look anything up themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .cache import ResultCache
from .check import RESOURCE, UNITS
from .load import load_bytes
from .memory import collector_paused
from .registry import Unit, class_codes, units_from
from .schema import Schema
from .validate import REGISTRY, discover

NONSHARED = "不予共享"


class Item(NamedTuple):
    """One info item (信息项). A named tuple: a city catalog has over a million of them."""

    name: str
    type: str
    length: int | None
    precision: int | None
    description: str


class LegalBasis(NamedTuple):
    """One legal basis of a non-shared resource."""

    law: str
    article: str
    excerpt: str


class Link(NamedTuple):
    """A public web page about a resource."""

    title: str
    url: str


@dataclass(frozen=True)
class Resource:
    """One catalogued data resource, its provider joined in."""

    path: str
    code: str
    name: str
    provider: Unit
    department: str
    summary: str
    keywords: tuple[str, ...]
    database: str
    subclass: str
    class_code: str
    format_type: str
    format_detail: str
    sharing_type: str
    conditions: str
    methods: tuple[str, ...]
    legal_basis: tuple[LegalBasis, ...]
    open: str
    update_cycle: str
    published: str
    updated: str
    items: tuple[Item, ...]
    related_codes: tuple[str, ...]
    links: tuple[Link, ...]

    @property
    def shared(self) -> bool:
        """True unless the resource is 不予共享."""
        return self.sharing_type != NONSHARED


@dataclass(frozen=True)
class Catalog:
    """The whole catalog: units, resources and the indexes every page needs."""

    units: tuple[Unit, ...]
    resources: tuple[Resource, ...]
    by_code: dict[str, Resource] = field(repr=False)
    by_unit: dict[str, tuple[Resource, ...]] = field(repr=False)
    related: dict[str, tuple[Resource, ...]] = field(repr=False)
    referenced_by: dict[str, tuple[Resource, ...]] = field(repr=False)
    classes: tuple[tuple[str, str, str], ...] = ()


def load_catalog(root: Path, cache: ResultCache | None = None) -> Catalog:
    """Read the registry and every entry of a repository that validated clean.

    With a cache, an entry whose bytes were read before is not parsed again: a rebuild after
    one change parses one file.
    """
    schemas = {RESOURCE: Schema.named(RESOURCE), UNITS: Schema.named(UNITS)}
    units = units_from(_data(root, REGISTRY, schemas[UNITS], cache))
    codes = class_codes(schemas[RESOURCE])
    with collector_paused():
        resources = [resource_from(path, _data(root, path, schemas[RESOURCE], cache), units, codes)
                     for path in discover(root)]
        catalog = catalog_from(tuple(sorted(units.values(), key=lambda u: u.number)), resources,
                               tuple((db, sub, code) for (db, sub), code in codes.items()))
    if cache:
        cache.save()
    return catalog



def _data(root: Path, path: str, schema: Schema, cache: ResultCache | None) -> dict:
    raw = (root / path).read_bytes()
    key = ResultCache.key(schema.name, raw) if cache else ""
    stored = cache.get(key) if cache else None
    if stored is not None:
        return stored
    doc, problems = load_bytes(raw, path, schema.typed_keys)
    if doc is None:
        raise ValueError(f"{path}: {problems[0].message}")
    data = schema.coerce(doc)
    if cache:
        cache.put(key, data)
    return data


def resource_from(path: str, data: dict, units: dict[str, Unit], codes: dict) -> Resource:
    """A typed record from an entry's data (which passed validation)."""
    sharing, fmt, category = data["sharing"], data["format"], data["category"]
    return Resource(
        path=path, code=data["code"], name=data["name"], provider=units[data["provider"]],
        department=data.get("department", ""), summary=data["summary"], keywords=tuple(data.get("keywords", ())),
        database=category["database"], subclass=category["subclass"],
        class_code=codes[(category["database"], category["subclass"])],
        format_type=fmt["type"], format_detail=fmt.get("detail", ""),
        sharing_type=sharing["type"], conditions=sharing.get("conditions", ""),
        methods=tuple(sharing.get("method", ())),
        legal_basis=tuple(LegalBasis(b["law"], b["article"], b.get("excerpt", "")) for b in sharing.get("legal_basis", ())),
        open=data["open"], update_cycle=data["update_cycle"], published=data["published"], updated=data["updated"],
        items=tuple(Item(i["name"], i["type"], i.get("length"), i.get("precision"), i.get("description", ""))
                    for i in data["items"]),
        related_codes=tuple(data.get("related", ())),
        links=tuple(Link(link["title"], link["url"]) for link in data.get("links", ())),
    )


def catalog_from(units: tuple[Unit, ...], resources: list[Resource], classes=()) -> Catalog:
    """Join resources to each other and to their units, once."""
    ordered = tuple(sorted(resources, key=lambda r: r.code))
    by_code = {r.code: r for r in ordered}
    by_unit: dict[str, list[Resource]] = {u.id: [] for u in units}
    referenced_by: dict[str, list[Resource]] = {r.code: [] for r in ordered}
    for resource in ordered:
        by_unit.setdefault(resource.provider.id, []).append(resource)
        for code in resource.related_codes:
            if code in referenced_by:
                referenced_by[code].append(resource)
    related = {r.code: tuple(by_code[c] for c in r.related_codes if c in by_code) for r in ordered}
    return Catalog(units, ordered, by_code, {k: tuple(v) for k, v in by_unit.items()}, related,
                   {k: tuple(v) for k, v in referenced_by.items()}, tuple(classes))
