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
from ..read.registry import DATABASE_LETTERS, Unit
from ..read.schema import SCHEMA_DIR
from . import workbook
from .dcat import dcat_document
from .records import catalog_document, json_bytes, shared_document
from .tables import OVERDUE_COLUMNS, SHARED_COLUMNS, csv_bytes, items_csv_bytes, overdue_rows, shared_rows, table_csv
from .workbook import shared_xlsx_bytes, unit_xlsx_bytes, xlsx_bytes

SCHEMA_FILES = ("resource.schema.json", "units.schema.json", "request.schema.json")


@dataclass(frozen=True)
class ExportJob:
    """One download file, made only when asked: a build compares `key` with the last build's."""

    name: str  # path under downloads/, e.g. "units/sjj.xlsx"
    key: str  # sha256 hex of everything the bytes depend on
    make: Callable[[], bytes]


def export_jobs(catalog: Catalog, today: date | None = None) -> list[ExportJob]:
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
    return jobs + schema_jobs()


def citywide_jobs(catalog: Catalog, key: str) -> list[ExportJob]:
    """The files of the whole city: they change with any entry."""
    makers = {
        "catalog.json": lambda: json_bytes(catalog_document(city.CATALOG_TITLE, catalog.resources, catalog.units)),
        "catalog.csv": lambda: csv_bytes(catalog.resources),
        "catalog.xlsx": lambda: xlsx_bytes(catalog),
        "items.csv": lambda: items_csv_bytes(catalog.resources),
        "dcat.jsonld": lambda: json_bytes(dcat_document(catalog)),
    }
    return [ExportJob(name, job_key(name, key), make) for name, make in makers.items()]


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
    """The files of one unit: JSON, CSV, and a workbook with the unit's info items."""
    makers = {
        f"units/{unit.id}.json": lambda: json_bytes(catalog_document(f"{unit.name}数据资源目录", resources, (unit,))),
        f"units/{unit.id}.csv": lambda: csv_bytes(resources),
        f"units/{unit.id}.xlsx": lambda: unit_xlsx_bytes(unit, resources),
    }
    return [ExportJob(name, job_key(name, key), make) for name, make in makers.items()]


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
