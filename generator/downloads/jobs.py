"""The downloads as keyed jobs: which files the site offers, what each is made from, when it is made again.

Every file is built in memory from the model; the same catalog always gives byte-identical
files (entries sorted by code, fixed key order, no clock read anywhere). Each file is a keyed
job: a rebuild after one entry changed makes again only the files whose key changed, that is
the citywide files and the files of that entry's unit.
"""

from __future__ import annotations

import functools
import hashlib
import platform
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import xlsxwriter

from ..core import city
from ..model import requeststatus
from ..model.catalog import Catalog, Resource, SharingRequest
from ..model.feed import Activity
from ..read.registry import DATABASE_LETTERS, Unit
from ..read.schema import SCHEMA_DIR
from . import archive, feed, hydra, workbook
from .compact import compacted
from .dcat import catalog_modified, publisher_unit
from .linked import Publication
from .records import catalog_document, entry_document, json_bytes, shared_document, unit_document
from .tables import OVERDUE_COLUMNS, SHARED_COLUMNS, csv_bytes, items_csv_bytes, overdue_rows, shared_rows, table_csv
from .turtle import turtle
from .workbook import shared_xlsx_bytes, unit_xlsx_bytes, xlsx_bytes

SCHEMA_FILES = ("resource.schema.json", "units.schema.json", "request.schema.json", "unit-api.schema.json")


@dataclass(frozen=True)
class ExportJob:
    """One download file, made only when asked: a build compares `key` with the last build's."""

    name: str  # path under its folder, e.g. "units/sjj.xlsx"
    key: str  # sha256 hex of everything the bytes depend on
    make: Callable[[], bytes]
    folder: str = "downloads"  # where in the site: downloads/ for people, api/ for machines

    @property
    def path(self) -> str:
        """Where the file is in the site."""
        return f"{self.folder}/{self.name}"


def export_jobs(catalog: Catalog, today: date | None = None, *, where: Publication,
                activities: list[Activity] | tuple = ()) -> list[ExportJob]:
    """Every download file as a job, keyed by what its bytes depend on.

    Citywide files depend on the whole catalog, a unit's files on that unit and its resources
    only, the schemas on their own bytes; the shared catalog's files on the units, every request
    with the resources it names, and the day lateness is judged on (`today`, written in them as
    as_of). Each resource is hashed once and its digest shared by the citywide keys and its unit's keys.
    """
    digests = {r.code: hashlib.sha256(repr(r).encode("utf-8")).digest() for r in catalog.resources}
    whole = key_of(repr(catalog.units), repr(catalog.classes), *(digests[r.code] for r in catalog.resources))
    as_of = today.isoformat() if today else ""
    jobs = citywide_jobs(catalog, whole)
    jobs += shared_jobs(catalog, as_of, key_of(repr(catalog.units), as_of, *map(request_digest, catalog.requests)))
    for unit in catalog.units:
        resources = catalog.by_unit.get(unit.id, ())
        jobs += unit_jobs(unit, resources, key_of(repr(unit), *(digests[r.code] for r in resources)))
        listed = (f"{r.code}\t{r.name}" for r in resources)  # what the unit's JSON says of each entry
        jobs.append(api_unit_job(unit, resources, where, key_of(repr(unit), repr(where), *listed)))
    jobs += [api_resource_job(r, key_of(digests[r.code])) for r in catalog.resources]
    return jobs + schema_jobs() + catalog_page_jobs(catalog, where, digests) + feed_jobs(list(activities), where)


def citywide_jobs(catalog: Catalog, key: str) -> list[ExportJob]:
    """The files of the whole city: they change with any entry. JSON and CSV are offered as ZIP archives
    (archive.py); the workbook is compressed already. The linked data of the whole city is the paged catalog."""
    makers = {
        "catalog.json": lambda: json_bytes(catalog_document(city.CATALOG_TITLE, catalog.resources, catalog.units)),
        "catalog.csv": lambda: csv_bytes(catalog.resources),
        "items.csv": lambda: items_csv_bytes(catalog.resources),
    }
    jobs = [archived_job(name, key, make) for name, make in makers.items()]
    return jobs + [ExportJob("catalog.xlsx", job_key("catalog.xlsx", key), lambda: xlsx_bytes(catalog))]


def archived_job(name: str, key: str, make: Callable[[], bytes]) -> ExportJob:
    """The job of `name`.zip: the file `make` gives, alone in a ZIP archive under its own name."""
    path = name.rsplit("/", 1)[-1]
    return ExportJob(name + archive.SUFFIX, job_key(name + archive.SUFFIX, key), lambda: archive.zipped(path, make()))


def shared_jobs(catalog: Catalog, as_of: str, key: str) -> list[ExportJob]:
    """The shared catalog (Art. 11) and the overdue list (Art. 17): they change with any request."""
    makers = {
        "shared.json": lambda: json_bytes(shared_document(catalog, as_of)),
        "shared.csv": lambda: table_csv(SHARED_COLUMNS, shared_rows(catalog)),
        "shared.xlsx": lambda: shared_xlsx_bytes(catalog),
        "overdue.csv": lambda: table_csv(OVERDUE_COLUMNS, overdue_rows(catalog)),
    }
    return [ExportJob(name, job_key(name, key), make) for name, make in makers.items()]


def request_digest(request: SharingRequest) -> bytes:
    """What the shared files take from a request: its own fields and, of each resource it names,
    what they show (code, name, class, provider). Units are keyed apart, by the whole registry."""
    wanted = tuple((w.resource.code, w.resource.name, w.resource.database, w.resource.provider.id, w.items)
                   for w in request.wanted)
    own = (request.id, request.kind, request.applicant.id, request.approver.id if request.approver else "",
           request.purpose, request.duty_basis, request.reason, wanted, request.history, request.standing)
    return hashlib.sha256(repr(own).encode("utf-8")).digest()


def unit_jobs(unit: Unit, resources: tuple[Resource, ...], key: str) -> list[ExportJob]:
    """The files of one unit: CSV (zipped, as the city's), and a workbook with the unit's info items. Its JSON is
    api/units/<id>.json with api/resources/<code>.json (a copy of its part of catalog.json would cost 2.3 KiB an
    entry of the site's size)."""
    xlsx = f"units/{unit.id}.xlsx"
    return [archived_job(f"units/{unit.id}.csv", key, lambda: csv_bytes(resources)),
            ExportJob(xlsx, job_key(xlsx, key), lambda: unit_xlsx_bytes(unit, resources))]


def api_resource_job(r: Resource, key: str) -> ExportJob:
    """api/resources/<code>.json: one entry as its YAML states it (resource.schema.json)."""
    name = f"resources/{r.code}.json"
    return ExportJob(name, job_key(name, key), lambda: json_bytes(entry_document(r)), "api")


def api_unit_job(unit: Unit, resources: tuple[Resource, ...], where: Publication, key: str) -> ExportJob:
    """api/units/<id>.json: the unit's registry record and its entries, each with the address of its JSON."""
    name = f"units/{unit.id}.json"
    return ExportJob(name, job_key(name, key), lambda: json_bytes(unit_document(unit, resources, where)), "api")


def catalog_page_jobs(catalog: Catalog, where: Publication, digests: dict[str, bytes]) -> list[ExportJob]:
    """api/catalog/<n>.jsonld and .ttl (hydra.py): a page changes with its own entries and their units, and with
    what every page carries (the classification, with the classes entries use; the publishing unit; the addresses;
    the number of pages); not with an entry on another page."""
    used = sorted({(r.database, r.subclass, r.class_code) for r in catalog.resources})
    shared = key_of(repr(catalog.classes), repr(used), repr(publisher_unit(catalog)), repr(where),
                    str(len(catalog.resources)), repr(hydra.PAGE_SIZE))
    jobs = []
    for number in range(1, hydra.page_count(catalog) + 1):
        page = hydra.page_resources(catalog, number)
        units = {r.provider.id: r.provider for r in page}
        modified = catalog_modified(catalog) if number == 1 else ""  # hydra.page_document
        key = key_of(shared, repr(sorted(units.items())), modified, *(digests[r.code] for r in page))
        for ext in hydra.FORMATS:
            name = hydra.page_path(number, ext)
            jobs.append(ExportJob(name, job_key(name, key), functools.partial(_page_bytes, catalog, number, ext, where),
                                  "api"))
    return jobs


def feed_jobs(activities: list[Activity], where: Publication) -> list[ExportJob]:
    """api/changes.jsonld and its pages (feed.py): a full page never changes, so it is never written again."""
    count = feed.page_count(activities)
    head = feed.COLLECTION
    jobs = [ExportJob(head, job_key(head, key_of(repr(where), str(len(activities)))),
                      lambda: json_bytes(feed.collection_document(activities, where)), "api")]
    for number in range(1, count + 1):
        name = feed.page_path(number)
        key = key_of(repr(where), repr(feed.page_activities(activities, number)), str(number < count))
        jobs.append(ExportJob(name, job_key(name, key),
                              functools.partial(_feed_page_bytes, activities, number, where), "api"))
    return jobs


def _feed_page_bytes(activities: list[Activity], number: int, where: Publication) -> bytes:
    return json_bytes(feed.page_document(activities, number, where))


def _page_bytes(catalog: Catalog, number: int, ext: str, where: Publication) -> bytes:
    document = compacted(hydra.page_document(catalog, number, ext, where), where.site)
    return turtle(document).encode("utf-8") if ext == "ttl" else json_bytes(document)


def schema_jobs() -> list[ExportJob]:
    """The JSON Schemas of the entry files, copied byte for byte."""
    jobs = []
    for name in SCHEMA_FILES:
        data = (SCHEMA_DIR / name).read_bytes()
        jobs.append(ExportJob(f"schemas/{name}", job_key(name, hashlib.sha256(data).hexdigest()),
                              functools.partial(bytes, data)))
    return jobs


def key_of(*parts: str | bytes) -> str:
    """The sha256 of the parts, this code's version and the limits it reads at build time.

    Each part is framed by its length, so no two different lists of parts give the same input.
    """
    digest = hashlib.sha256(code_version())
    for part in (str(workbook.MAX_SHEET_ROWS), *parts):
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(b"%d:" % len(data))
        digest.update(data)
    return digest.hexdigest()


def job_key(name: str, key: str) -> str:
    """The key of one file: the key of what it is made from, and which file it is."""
    return hashlib.sha256(f"{name}\n{key}".encode()).hexdigest()


@functools.cache
def code_version() -> bytes:
    """What else the bytes depend on: the downloads' code and the writers' versions.

    A new XlsxWriter, zlib or Python may write other bytes for the same data, so an upgrade
    makes every file again rather than leave files of two writers side by side.
    """
    sources = sorted(Path(__file__).parent.glob("*.py")) + [Path(requeststatus.__file__)]
    parts = (*(path.read_bytes() for path in sources), xlsxwriter.__version__.encode(),
             zlib.ZLIB_RUNTIME_VERSION.encode(), platform.python_version().encode(),
             repr(sorted(DATABASE_LETTERS.items())).encode("utf-8"))
    return hashlib.sha256(b"\0".join(parts)).digest()
