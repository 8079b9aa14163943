"""JSON downloads: every field of every resource (catalog.json, units/<id>.json) and the shared catalog."""

from __future__ import annotations

import json

from ..core import city
from ..model import requeststatus
from ..model.catalog import NATIONAL_CLASS_LABELS, Catalog, Resource
from ..read.registry import Unit


def json_bytes(document) -> bytes:
    """UTF-8 JSON, readable Chinese, one trailing newline.

    Compact: with `indent`, the json module falls back to its pure-Python encoder, five times
    slower on a citywide catalog. Browsers and editors indent JSON for reading anyway.
    """
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def catalog_document(title: str, resources, units) -> dict:
    """The JSON export: every field of every resource, keys as in the YAML entries."""
    return {"title": title, "publisher": city.PUBLISHER,
            "resources": [resource_record(r) for r in resources],
            "units": [unit_record(u) for u in units]}


def resource_record(r: Resource) -> dict:
    """One resource with the YAML keys; optional fields are always present, empty when unset. Every field an entry
    can state is here (the national code and class and the open conditions were once left out)."""
    return {
        "code": r.code, "national_code": r.national_code, "national_class": national_class_record(r),
        "name": r.name, "provider": r.provider.id, "provider_name": r.provider.name,
        "department": r.department, "summary": r.summary, "keywords": list(r.keywords),
        "category": {"database": r.database, "subclass": r.subclass, "class_code": r.class_code},
        "format": {"type": r.format_type, "detail": r.format_detail},
        "sharing": {"type": r.sharing_type, "conditions": r.conditions, "method": list(r.methods),
                    "legal_basis": [{"law": b.law, "article": b.article, "excerpt": b.excerpt}
                                    for b in r.legal_basis]},
        "open": r.open, "open_conditions": r.open_conditions, "update_cycle": r.update_cycle,
        "published": r.published, "updated": r.updated,
        "items": [{"name": i.name, "type": i.type, "length": i.length, "precision": i.precision,
                   "description": i.description} for i in r.items],
        "related": list(r.related_codes),
        "links": [{"title": link.title, "url": link.url} for link in r.links],
        "path": r.path,
    }


_LEVELS = {label: level for level, label in NATIONAL_CLASS_LABELS.items()}  # 类 -> class, as the YAML keys it


def national_class_record(r: Resource) -> dict[str, str]:
    """The 国家目录分类 as the entry file states it: each level given, by its YAML key."""
    return {_LEVELS[label]: name for label, name in r.national_class}


def entry_document(r: Resource) -> dict:
    """The entry as its YAML file states it, keys in the schema's order, nothing added and nothing defaulted: it
    passes resource.schema.json, so a unit's system reads api/resources/<code>.json with the schema it writes to."""
    sharing = _given({"type": r.sharing_type, "conditions": r.conditions, "method": list(r.methods),
                      "legal_basis": [_given({"law": b.law, "article": b.article, "excerpt": b.excerpt})
                                      for b in r.legal_basis]})
    document = {
        "code": r.code, "national_code": r.national_code, "national_class": national_class_record(r),
        "name": r.name, "provider": r.provider.id, "department": r.department, "summary": r.summary,
        "keywords": list(r.keywords), "category": {"database": r.database, "subclass": r.subclass},
        "format": _given({"type": r.format_type, "detail": r.format_detail}), "sharing": sharing, "open": r.open,
        "open_conditions": r.open_conditions, "update_cycle": r.update_cycle, "published": r.published,
        "updated": r.updated,
        "items": [_given({"name": i.name, "type": i.type, "length": i.length, "precision": i.precision,
                          "description": i.description}) for i in r.items],
        "related": list(r.related_codes), "links": [{"title": link.title, "url": link.url} for link in r.links],
        "classified": False,  # the schema admits only false: an entry that loaded declared it
    }
    return _given(document, keep=("items",))


def unit_document(u: Unit, resources, where) -> dict:
    """A unit as the registry states it (units.schema.json), and its entries with where each one's JSON is."""
    unit = _given({**unit_record(u), "egov": u.egov or None})
    return {"unit": unit, "resources": [{"code": r.code, "name": r.name, "json": where.api(f"resources/{r.code}.json"),
                                         "page": where.resource(r.code)} for r in resources]}


def _given(record: dict, keep: tuple[str, ...] = ()) -> dict:
    """The keys an entry gave: an empty text, list or mapping, or a None, is a key the file left out."""
    return {k: v for k, v in record.items() if k in keep or v not in ("", [], {}, None)}


def unit_record(u: Unit) -> dict:
    """One unit of the registry, with its registry keys."""
    return {"id": u.id, "name": u.name, "short_name": u.short_name, "credit_code": u.credit_code,
            "division": u.division, "level": u.level, "kind": u.kind, "number": u.number,
            "maintainers": list(u.maintainers), "contact": u.contact, "website": u.website}


def shared_document(catalog: Catalog, as_of: str) -> dict:
    """The shared catalog as JSON: every sharing, then the overdue list; days late as of `as_of`."""
    return {"title": city.SHARED_TITLE, "publisher": city.PUBLISHER, "as_of": as_of,
            "sharings": [requeststatus.sharing_record(request, wanted) for request, wanted in catalog.sharings],
            "overdue": [requeststatus.overdue_record(request) for request in catalog.overdue]}
