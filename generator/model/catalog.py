"""Model stage: typed, read-only records of the catalog, with every join done once.

Built from a repository that validated without errors; templates and exports read these
records and never look anything up themselves.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from ..core import sharing
from ..core.layout import FEEDBACK, FEEDBACK_DIRS, REGISTRY, REQUEST, REQUEST_DIRS, RESOURCE, UNITS, discover
from ..core.policy import Policy, Version
from ..core.workdays import beijing_today
from ..core.workers import collector_paused
from ..read.cache import Parsed, ResultCache
from ..read.load import load_bytes
from ..read.policy import load_policy
from ..read.registry import Unit, class_codes, units_from
from ..read.schema import Schema

NONSHARED = sharing.NONSHARED


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
    national_code: str = ""  # 国家目录代码, kept from the national template when a unit gives it
    national_class: tuple[tuple[str, str], ...] = ()  # 国家目录分类: (类/项/目/细目, its name) for each level given
    open_conditions: str = ""  # 开放条件, when the unit states them
    retired: bool = False  # no longer catalogued; named by a finished request or report kept as a record

    @property
    def shared(self) -> bool:
        """True unless the resource is 不予共享."""
        return self.sharing_type != NONSHARED


@dataclass(frozen=True)
class Wanted:
    """A resource a request asks for, and the info items it needs."""

    resource: Resource
    items: tuple[str, ...]


@dataclass(frozen=True)
class SharingRequest:
    """A sharing request or an objection (Art. 11, 12, 13), its units and resources joined in."""

    path: str
    id: str
    kind: str
    applicant: Unit
    approver: Unit | None
    purpose: str
    duty_basis: tuple[LegalBasis, ...]
    reason: str
    wanted: tuple[Wanted, ...]
    history: tuple[sharing.Step, ...]
    standing: sharing.Standing

    @property
    def provider(self) -> Unit:
        """The unit that provides the data (one per request)."""
        return self.wanted[0].resource.provider

    @property
    def proposed(self) -> str:
        """The date it was made."""
        return self.history[0].date


@dataclass(frozen=True)
class Feedback:
    """A data-error report on a resource (Art. 22): reported, verified, corrected."""

    path: str
    id: str
    reporter: Unit
    resource: Resource
    problem: str
    description: str
    reported: str
    verified: str
    verdict: str
    corrected: str
    note: str

    @property
    def open(self) -> bool:
        """Not yet verified, or found true and not yet corrected."""
        return not self.verified or (self.verdict == FOUND_TRUE and not self.corrected)


FOUND_TRUE = "属实"


@dataclass(frozen=True)
class Catalog:
    """The whole catalog: units, resources and the indexes every page needs."""

    units: tuple[Unit, ...]
    resources: tuple[Resource, ...]
    by_code: dict[str, Resource] = field(repr=False)
    by_unit: dict[str, tuple[Resource, ...]] = field(repr=False)
    related: dict[str, tuple[Resource, ...]] = field(repr=False)
    classes: tuple[tuple[str, str, str], ...] = ()
    requests: tuple[SharingRequest, ...] = ()
    requests_made: dict[str, tuple[SharingRequest, ...]] = field(default_factory=dict, repr=False)
    requests_received: dict[str, tuple[SharingRequest, ...]] = field(default_factory=dict, repr=False)
    uses: dict[str, tuple[tuple[SharingRequest, Wanted], ...]] = field(default_factory=dict, repr=False)
    requests_for: dict[str, tuple[SharingRequest, ...]] = field(default_factory=dict, repr=False)
    feedback: tuple[Feedback, ...] = ()
    feedback_on: dict[str, tuple[Feedback, ...]] = field(default_factory=dict, repr=False)
    policy: Policy | None = field(default=None, repr=False)  # the sharing rules the requests were judged by

    def rules(self, day: datetime.date) -> Version:
        """The version of the sharing rules that governs `day` (registry/policy.yaml)."""
        if self.policy is None:
            raise ValueError("the catalog was built without its sharing rules (registry/policy.yaml)")
        return self.policy.governing(day)

    @property
    def sharings(self) -> tuple[tuple[SharingRequest, Wanted], ...]:
        """全市政府数据资源共享目录: every catalogued resource of every granted request (Art. 11, 12)."""
        return tuple((request, wanted) for request in self.requests if request.standing.granted
                     and request.kind == sharing.REQUEST for wanted in request.wanted if not wanted.resource.retired)

    @property
    def overdue(self) -> tuple[SharingRequest, ...]:
        """Requests provided late or not yet provided past the deadline, most days late first."""
        return tuple(sorted((r for r in self.requests if r.standing.overdue),
                            key=lambda r: (not r.standing.open_overdue, -r.standing.days_late, r.id)))


def load_catalog(root: Path, cache: ResultCache | None = None, today: datetime.date | None = None,
                 documents: Mapping[str, Parsed] | None = None, policy: Policy | None = None) -> Catalog:
    """Read the registry, every entry and every request of a repository that validated clean.

    `documents` are the files validation parsed in this run: they are not parsed again. Any other
    file is taken from the cache by content, and parsed only when its bytes are new to it: a rebuild
    after one change parses that one file, once. Deadlines are judged as of `today` (default: today), by
    the repository's sharing rules (registry/policy.yaml) unless `policy` is given.
    """
    policy = policy or load_policy(root)
    schemas = {kind: Schema.named(kind) for kind in (RESOURCE, UNITS, REQUEST, FEEDBACK)}
    read = functools.partial(_data, root, cache=cache, documents=documents or {})
    units = units_from(read(REGISTRY, schemas[UNITS]))
    codes = class_codes(schemas[RESOURCE])
    with collector_paused():
        resources = [resource_from(path, read(path, schemas[RESOURCE]), units, codes)
                     for path in discover(root)]
        catalog = catalog_from(tuple(sorted(units.values(), key=lambda u: u.number)), resources,
                               tuple((db, sub, code) for (db, sub), code in codes.items()), policy)
    today = today or beijing_today()
    requests = [request_from(path, read(path, schemas[REQUEST]), catalog, units, today)
                for path in discover(root, REQUEST_DIRS)]
    reports = [feedback_from(path, read(path, schemas[FEEDBACK]), catalog, units)
               for path in discover(root, FEEDBACK_DIRS)]
    if cache:
        cache.save()
    return with_feedback(with_requests(catalog, requests), reports)


def feedback_from(path: str, data: dict, catalog: Catalog, units: dict[str, Unit]) -> Feedback:
    """A typed data-error report from a file's data (which passed validation)."""
    return Feedback(path, data["id"], units[data["reporter"]], _named(catalog, data["resource"]), data["problem"],
                    data["description"], data["reported"], data.get("verified", ""), data.get("verdict", ""),
                    data.get("corrected", ""), data.get("note", ""))


def with_feedback(catalog: Catalog, reports: list[Feedback]) -> Catalog:
    """The catalog with its data-error reports, by resource."""
    ordered = tuple(sorted(reports, key=lambda f: (f.reported, f.id)))
    on: dict[str, list] = {}
    for report in ordered:
        on.setdefault(report.resource.code, []).append(report)
    return replace(catalog, feedback=ordered, feedback_on=_frozen(on))


def request_from(path: str, data: dict, catalog: Catalog, units: dict[str, Unit],
                 today: datetime.date) -> SharingRequest:
    """A typed request from a file's data (which passed validation)."""
    wanted = tuple(Wanted(_named(catalog, w["code"]), tuple(w.get("items", ()))) for w in data["resources"])
    history = tuple(sharing.Step(s["status"], s["date"], s.get("reason", ""), s.get("note", ""), s.get("on_platform"))
                    for s in data["history"])
    return SharingRequest(
        path=path, id=data["id"], kind=data["kind"], applicant=units[data["applicant"]],
        approver=units.get(data.get("approver", "")), purpose=data.get("purpose", ""),
        duty_basis=tuple(LegalBasis(b["law"], b["article"], b.get("excerpt", "")) for b in data.get("duty_basis", ())),
        reason=data.get("reason", ""), wanted=wanted, history=history,
        standing=sharing.standing(history, {w.resource.database for w in wanted}, today, _rules_of(catalog),
                                  data["kind"], {w.resource.sharing_type for w in wanted}),
    )


def with_requests(catalog: Catalog, requests: list[SharingRequest]) -> Catalog:
    """The catalog with its requests joined to units and resources."""
    ordered = tuple(sorted(requests, key=lambda r: (r.proposed, r.id)))
    made: dict[str, list] = {}
    received: dict[str, list] = {}
    uses: dict[str, list] = {}
    asked: dict[str, list] = {}
    for request in ordered:
        made.setdefault(request.applicant.id, []).append(request)
        received.setdefault(request.provider.id, []).append(request)
        granted = request.standing.granted and request.kind == sharing.REQUEST
        for wanted in request.wanted:
            asked.setdefault(wanted.resource.code, []).append(request)
            if granted and not wanted.resource.retired:
                uses.setdefault(wanted.resource.code, []).append((request, wanted))
    return replace(catalog, requests=ordered, requests_made=_frozen(made), requests_received=_frozen(received),
                   uses=_frozen(uses), requests_for=_frozen(asked))


def _rules_of(catalog: Catalog) -> Policy:
    if catalog.policy is None:
        raise ValueError("the catalog was built without its sharing rules (registry/policy.yaml)")
    return catalog.policy


def _named(catalog: Catalog, code: str) -> Resource:
    """The resource a request or report names: catalogued, or retired since (validation only warns then)."""
    return catalog.by_code.get(code) or retired_resource(code, catalog)


RETIRED_NAME = "已撤销的资源"


def retired_resource(code: str, catalog: Catalog) -> Resource:
    """What a resource code still tells once its entry is gone: provider and class (the name is not kept)."""
    division, number, class_code, _ = code.split("-")
    provider = next(u for u in catalog.units if u.code_prefix == f"{division}-{number}")
    database, subclass = next(((db, sub) for db, sub, c in catalog.classes if c == class_code), ("", ""))
    return Resource(path="", code=code, name=RETIRED_NAME, provider=provider, department="", summary="", keywords=(),
                    database=database, subclass=subclass, class_code=class_code, format_type="", format_detail="",
                    sharing_type="", conditions="", methods=(), legal_basis=(), open="", update_cycle="",
                    published="", updated="", items=(), related_codes=(), links=(), retired=True)


def _frozen(groups: dict[str, list]) -> dict[str, tuple]:
    return {key: tuple(values) for key, values in groups.items()}


def _data(root: Path, path: str, schema: Schema, cache: ResultCache | None, documents: Mapping[str, Parsed]) -> dict:
    """A file's typed data: as validation parsed it in this run, else from the cache by content, else parsed now."""
    parsed = documents.get(path)
    if parsed is not None:
        if cache is not None and parsed.key:
            cache.put(parsed.key, parsed.data)  # the next build finds it here without parsing it
        return parsed.data
    raw = (root / path).read_bytes()
    key = ResultCache.key(schema.name, raw)
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
        legal_basis=tuple(LegalBasis(b["law"], b["article"], b.get("excerpt", ""))
                          for b in sharing.get("legal_basis", ())),
        open=data["open"], update_cycle=data["update_cycle"], published=data["published"], updated=data["updated"],
        items=tuple(Item(i["name"], i["type"], i.get("length"), i.get("precision"), i.get("description", ""))
                    for i in data["items"]),
        related_codes=tuple(data.get("related", ())),
        links=tuple(Link(link["title"], link["url"]) for link in data.get("links", ())),
        national_code=data.get("national_code", ""),
        national_class=_national_class(data.get("national_class", {})),
        open_conditions=data.get("open_conditions", ""),
    )


NATIONAL_CLASS_LEVELS = ("class", "item", "heading", "subheading")
NATIONAL_CLASS_LABELS = dict(zip(NATIONAL_CLASS_LEVELS, ("类", "项", "目", "细目"), strict=True))


def _national_class(given: dict) -> tuple[tuple[str, str], ...]:
    """Each level given with its label: a level left out is not mistaken for the next one."""
    return tuple((NATIONAL_CLASS_LABELS[level], given[level]) for level in NATIONAL_CLASS_LEVELS if given.get(level))


def catalog_from(units: tuple[Unit, ...], resources: list[Resource], classes=(),
                 policy: Policy | None = None) -> Catalog:
    """Join resources to each other and to their units, once."""
    ordered = tuple(sorted(resources, key=lambda r: r.code))
    by_code = {r.code: r for r in ordered}
    by_unit: dict[str, list[Resource]] = {u.id: [] for u in units}
    for resource in ordered:
        by_unit.setdefault(resource.provider.id, []).append(resource)
    related = {r.code: tuple(by_code[c] for c in r.related_codes if c in by_code) for r in ordered}
    return Catalog(units, ordered, by_code, {k: tuple(v) for k, v in by_unit.items()}, related, tuple(classes),
                   policy=policy)
