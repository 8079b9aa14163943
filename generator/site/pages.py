"""The site's generated pages as ready views, rendered from templates.

A body is HTML from a template, with Jinja's autoescape making every value from a catalog
file inert HTML text. It never passes through Markdown, where text is syntax (see
pagebodies.py): the pages mkdocs builds get a stub Markdown file and their body is put in
after Markdown ran; the unit, class and resource pages are poured into the theme's shell.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from ..core import city, sharing
from ..model import requeststatus as rv
from ..model.catalog import Catalog, Resource, SharingRequest
from ..quality.criteria import MAXIMUM
from ..quality.scores import EntryScore, unit_score
from ..read.registry import DATABASE_LETTERS
from ..read.schema import Schema
from .charts import format_number
from .pagebodies import stub_markdown
from .render import QUALITY_METHOD, LinkView, request_links, request_row, resource_href, safe_href, unit_href

DATABASES = ("基础", "主题", "业务")
SHARING_TYPES = sharing.SHARING_TYPES


@dataclass(frozen=True)
class Page:
    """A generated page: where it goes (its Markdown path), its title, its template and view."""

    path: str
    title: str
    template: str
    view: dict
    hide: tuple[str, ...] = ()  # mkdocs-material parts to hide, e.g. the table of contents


def staged_body(env: Environment, page: Page) -> str:
    """The body of a page mkdocs builds, as the Bodies plugin puts it in.

    Blank lines are dropped as they were when the body was a raw HTML block in Markdown (where
    one would have ended the block), so the pages stay byte for byte what they were; only at
    "\n", so that a line separator a unit typed (U+2028 and the like) stays as it was written.
    """
    body = env.get_template(page.template).render(**page.view)
    return "\n".join(line for line in body.split("\n") if line.strip())


def html_body(env: Environment, page: Page) -> str:
    """The body of a page poured into the theme's shell (its template brings its own <h1>)."""
    return env.get_template(page.template).render(**page.view)


def location(page: Page) -> str:
    """Where a page is published, e.g. units/sjj for units/sjj/index.md."""
    return page.path.removesuffix("index.md").rstrip("/")


def write_pages(env: Environment, pages: list[Page], docs: Path) -> dict[str, str]:
    """Write every page's stub under the staging docs folder; return the bodies by page path."""
    bodies = {}
    for page in pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(stub_markdown(page.title, page.hide), encoding="utf-8")
        bodies[page.path] = staged_body(env, page)
    return bodies


def resource_row(resource: Resource, depth: int) -> dict:
    """One row of a resource list."""
    return {"code": resource.code, "name": resource.name, "href": resource_href(resource.code, depth),
            "unit": resource.provider.short_name, "unit_href": unit_href(resource.provider.id, depth),
            "category": f"{resource.database} · {resource.subclass}", "sharing": resource.sharing_type,
            "cycle": resource.update_cycle, "updated": resource.updated}


def figures(resources: tuple[Resource, ...]) -> dict:
    """Headline counts by database class and by sharing type."""
    databases, sharing = Counter(r.database for r in resources), Counter(r.sharing_type for r in resources)
    return {"total": len(resources), "by_database": [(d, databases[d]) for d in DATABASES],
            "by_sharing": [(s, sharing[s]) for s in SHARING_TYPES]}


def home_page(catalog: Catalog, latest: list[tuple[str, Resource]], today: datetime.date) -> Page:
    """The home page: figures, the shared catalog's figures, latest changes, entry points."""
    return Page("index.md", city.CATALOG_TITLE, "home.html", {
        "figures": figures(catalog.resources), "units": len(catalog.units),
        "shared": rv.shared_figures(catalog, today), "as_of": today.isoformat(),
        "latest": [resource_row(r, 0) | {"date": date} for date, r in latest],
    })


def nonshared_page(catalog: Catalog) -> Page:
    """不予共享数据目录 (Art. 12): every non-shared resource with its legal basis, by unit."""
    groups = []
    for unit in catalog.units:
        rows = [resource_row(r, 1) | {"legal_basis": r.legal_basis} for r in catalog.by_unit.get(unit.id, ())
                if not r.shared]
        if rows:
            groups.append({"unit": unit.name, "unit_href": unit_href(unit.id, 1), "rows": rows})
    return Page("nonshared/index.md", "不予共享数据目录", "nonshared.html",
                {"groups": groups, "total": sum(len(g["rows"]) for g in groups),
                 "reviews": [review_row(r, 1) for r in catalog.requests if rv.is_review(r)]})


def review_row(request: SharingRequest, depth: int) -> dict:
    """A request for non-shared data or an objection, and how the e-government department decided (Art. 12, 13)."""
    decided = rv.review(request)
    return {"id": request.id, "kind": request.kind,
            "applicant": LinkView(unit_href(request.applicant.id, depth), request.applicant.short_name),
            "resources": request_links(request, depth), "proposed": request.proposed,
            "reason": request.reason or request.purpose,
            "status": decided.status if decided else rv.status_text(request.standing),
            "decided": decided.date if decided else "", "decision": decided.reason if decided else ""}


def units_page(catalog: Catalog, scores: Mapping[str, EntryScore]) -> Page:
    """The list of units, each with its entries' average quality score (`scores` by code) as its own page gives it."""
    rows = []
    for u in catalog.units:
        resources = catalog.by_unit.get(u.id, ())
        summary = unit_score(scores[r.code] for r in resources if r.code in scores)
        average = "—" if summary.average is None else f"{format_number(summary.average)}({summary.rating})"
        rows.append({"name": u.name, "short": u.short_name, "href": unit_href(u.id, 1), "level": u.level,
                     "kind": u.kind, "count": len(resources), "quality": average})
    return Page("units/index.md", "编目单位", "units.html", {"units": rows, "method_href": "../" + QUALITY_METHOD})


def unit_pages(catalog: Catalog, scores: Mapping[str, EntryScore]) -> list[Page]:
    """A page per unit: its figures, contact, downloads, resources and their quality (`scores` by code)."""
    pages = []
    for unit in catalog.units:
        resources = catalog.by_unit.get(unit.id, ())
        pages.append(Page(f"units/{unit.id}/index.md", unit.name, "unit.html", {
            "unit": unit, "figures": figures(resources), "contact": unit.contact,
            "quality": unit_quality([scores[r.code] for r in resources if r.code in scores]),
            "website": safe_href(unit.website),
            "downloads": {"csv": f"../../downloads/units/{unit.id}.csv.zip",
                          "xlsx": f"../../downloads/units/{unit.id}.xlsx",
                          "json": f"../../api/units/{unit.id}.json", "api_doc": "../../api/"},
            "shared": [resource_row(r, 2) for r in resources if r.shared],
            "nonshared": [resource_row(r, 2) | {"legal_basis": r.legal_basis} for r in resources if not r.shared],
            "requests_made": [request_row(q, q.provider, 2) for q in catalog.requests_made.get(unit.id, ())],
            "requests_received": [request_row(q, q.applicant, 2) for q in catalog.requests_received.get(unit.id, ())],
        }))
    return pages


def unit_quality(scores: list[EntryScore]) -> dict:
    """A unit's quality section: its entries' average and rating, how many have each rating, the weakest
    few with what they miss (pages two folders deep)."""
    summary = unit_score(scores)
    return {"entries": summary.entries, "average": "" if summary.average is None else format_number(summary.average),
            "maximum": MAXIMUM, "rating": summary.rating, "method_href": "../../" + QUALITY_METHOD,
            "counts": "、".join(f"{name} {count} 个" for name, count in summary.counts),
            "lowest": [{"code": s.code, "name": s.name, "href": resource_href(s.code, 2) + "#quality",
                        "score": f"{s.score}({s.rating})", "missing": "、".join(c.label for c in s.missing)}
                       for s in summary.lowest]}


def classes_page(catalog: Catalog) -> Page:
    """The class tree: database classes, their sub-classes, and how many resources each holds."""
    counts = Counter((r.database, r.subclass) for r in catalog.resources)
    tree = []
    for database in DATABASES:
        entries = [{"name": sub, "code": code, "href": f"{code}/", "count": counts[(database, sub)]}
                   for db, sub, code in catalog.classes if db == database]
        tree.append({"name": database, "count": sum(n for (db, _), n in counts.items() if db == database),
                     "anchor": DATABASE_LETTERS[database], "subclasses": entries})
    return Page("classes/index.md", "资源分类", "classes.html", {"tree": tree})


def class_pages(catalog: Catalog) -> list[Page]:
    """A page per sub-class with its resources."""
    members: dict[tuple[str, str], list[Resource]] = {}
    for resource in catalog.resources:
        members.setdefault((resource.database, resource.subclass), []).append(resource)
    return [Page(f"classes/{code}/index.md", f"{database}库 · {sub}", "class.html",
                 {"database": database, "subclass": sub, "code": code,
                  "rows": [resource_row(r, 2) for r in members.get((database, sub), ())]})
            for database in DATABASES for db, sub, code in catalog.classes if db == database]


@dataclass(frozen=True)
class Facet:
    """A filter of the catalog page: URL key, Chinese label, (value, text, count) options."""

    key: str
    label: str
    options: tuple[tuple[str, str, int], ...]


def _facet(key: str, label: str, values: list[tuple[str, str]], order: tuple[str, ...] = ()) -> Facet:
    """Options in the given order (the registry's for units, the schema's for enumerations), the rest after;
    never by internal id."""
    counts = Counter(values)
    rank = {value: index for index, value in enumerate(order)}
    ordered = sorted(counts, key=lambda pair: (rank.get(pair[0], len(rank)), pair[0]))
    return Facet(key, label, tuple((value, text, counts[(value, text)]) for value, text in ordered))


def _enum(path: tuple) -> tuple[str, ...]:
    """The values the resource schema allows at a path, in its order."""
    return tuple(Schema.named("resource").fields.known(path).schema["enum"])


def catalog_page(catalog: Catalog) -> Page:
    """全市政府数据资源目录: the filterable table (rows come from assets/catalog-index.json)."""
    resources = catalog.resources
    units = tuple(u.id for u in catalog.units)  # the registry's order (by unit number)
    facets = [
        _facet("unit", "提供单位", [(r.provider.id, r.provider.short_name) for r in resources], units),
        _facet("db", "资源库类别", [(r.database, r.database) for r in resources], _enum(("category", "database"))),
        _facet("sub", "子类", [(r.subclass, f"{r.database} · {r.subclass}") for r in resources],
               tuple(dict.fromkeys(subclass for _, subclass, _ in catalog.classes))),
        _facet("sharing", "共享类型", [(r.sharing_type, r.sharing_type) for r in resources], sharing.SHARING_TYPES),
        _facet("format", "编码格式", [(r.format_type, r.format_type) for r in resources], _enum(("format", "type"))),
        _facet("cycle", "更新周期", [(r.update_cycle, r.update_cycle) for r in resources], _enum(("update_cycle",))),
    ]
    return Page("catalog/index.md", "全市政府数据资源目录", "catalog.html", {
        "index_url": "../assets/catalog-index.json", "csv_url": "../downloads/catalog.csv.zip",
        "xlsx_url": "../downloads/catalog.xlsx", "json_url": "../downloads/catalog.json.zip",
        "items_url": "../downloads/items.csv.zip",
        "total": len(resources), "facets": facets, "first_rows": first_catalog_rows(resources),
        "pages": max(1, -(-len(resources) // CATALOG_PAGE)),
    }, hide=("toc",))


CATALOG_PAGE = 50  # rows per page: catalog.js's DEFAULT_SIZE


def first_catalog_rows(resources) -> list[dict]:
    """The catalog table's first page as catalog.js first shows it (by code): in the page itself, so a visitor sees
    it before the index of the whole catalog has arrived (seconds on a slow line at city scale)."""
    first = sorted(resources, key=lambda r: r.code)[:CATALOG_PAGE]
    return [{"code": r.code, "name": r.name, "href": resource_href(r.code, 1), "unit": r.provider.short_name,
             "category": f"{r.database} · {r.subclass}", "sharing": r.sharing_type, "format": r.format_type,
             "cycle": r.update_cycle, "updated": r.updated} for r in first]


SHARED_INDEX = "assets/shared-index.json"


def shared_page(catalog: Catalog, today: datetime.date) -> Page:
    """全市政府数据资源共享目录 (Art. 11): figures and the filterable table (rows from SHARED_INDEX)."""
    records = [rv.sharing_record(request, wanted) for request, wanted in catalog.sharings]
    units = tuple(u.id for u in catalog.units)
    facets = [
        _facet("provider", "提供单位", [(r["provider"], r["provider_short"]) for r in records], units),
        _facet("user", "使用单位", [(r["user"], r["user_short"]) for r in records], units),
        _facet("db", "资源库类别", [(r["database"], r["database"]) for r in records], _enum(("category", "database"))),
        _facet("state", "状态", [(r["status"], r["status"]) for r in records]),  # #cd-catalog-status is taken
        _facet("year", "列入年份", [(r["granted"][:4], r["granted"][:4] + " 年") for r in records]),
    ]
    return Page("shared/index.md", "全市政府数据资源共享目录", "shared.html", {
        "index_url": "../" + SHARED_INDEX, "figures": rv.shared_figures(catalog, today), "as_of": today.isoformat(),
        "total": len(records), "facets": facets, "overdue_href": "overdue/", "reviews_href": "../nonshared/#reviews",
        "downloads": {kind: f"../downloads/shared.{kind}" for kind in ("csv", "xlsx", "json")},
        "overdue_csv": "../downloads/overdue.csv",
    }, hide=("toc",))


def overdue_page(catalog: Catalog, today: datetime.date) -> Page:
    """逾期提供清单 (Art. 17, 32(2)): requests provided late or still not provided, open ones first."""
    rows = []
    for request in catalog.overdue:
        record = rv.overdue_record(request)
        rows.append(record | {
            "provider": LinkView(unit_href(request.provider.id, 2), request.provider.short_name),
            "user": LinkView(unit_href(request.applicant.id, 2), request.applicant.short_name),
            "resources": request_links(request, 2), "provided": record["provided"] or rv.NOT_PROVIDED})
    return Page("shared/overdue/index.md", "逾期提供清单", "overdue.html", {
        "rows": rows, "as_of": today.isoformat(), "open": sum(1 for row in rows if row["open"]),
        "shared_href": "../", "csv_url": "../../downloads/overdue.csv", "xlsx_url": "../../downloads/shared.xlsx",
    }, hide=("toc",))
