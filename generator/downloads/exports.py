"""Exports: the machine-readable downloads of the site (JSON, CSV, XLSX, DCAT 3 JSON-LD, schemas).

Every file is built in memory from the model; the same catalog always gives byte-identical
files (entries sorted by code, fixed key order, no clock read anywhere). Each file is a keyed
job: a rebuild after one entry changed makes again only the files whose key changed, that is
the citywide files and the files of that entry's unit.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import platform
import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from ..core import city
from ..model import requeststatus
from ..model.catalog import Catalog, Resource, SharingRequest
from ..read.registry import DATABASE_LETTERS, Unit
from ..read.schema import SCHEMA_DIR

# A city that forks the repository edits these three.
TITLE = city.CATALOG_TITLE
PUBLISHER = city.PUBLISHER
PUBLISHER_ID = city.PUBLISHER_ID

SHARED_TITLE = city.SHARED_TITLE
SCHEMA_FILES = ("resource.schema.json", "units.schema.json", "request.schema.json")
COLUMNS = ("资源代码", "数据名称", "提供单位", "统一社会信用代码", "内设机构", "资源库类别", "子类", "共享类型",
           "共享条件", "共享方式", "不予共享依据", "开放属性", "编码格式", "更新周期", "发布日期", "数据更新日期",
           "摘要", "关键词", "信息项", "关联资源")
ITEM_COLUMNS = ("资源代码", "数据名称", "序号", "信息项名称", "数据类型", "长度", "小数位数", "说明")
SHARED_COLUMNS = ("申请编号", "资源代码", "数据名称", "资源库类别", "提供单位", "使用单位", "共享信息项", "用途",
                  "列入日期", "状态", "通知日期", "提供期限", "提供日期", "逾期工作日", "期限说明")
OVERDUE_COLUMNS = ("提供单位", "申请编号", "使用单位", "资源代码", "数据名称", "通知日期", "提供期限", "提供日期",
                   "逾期工作日", "期限说明")
UNIT_COLUMNS = ("单位标识", "单位名称", "简称", "统一社会信用代码", "行政区划代码", "层级", "单位类型", "单位编号",
                "资源数")

# Cells starting with these are run as formulas by Excel and LibreOffice (OWASP "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

EU = "http://publications.europa.eu/resource/authority"
# 更新周期 -> EU frequency vocabulary; 每半年 is ANNUAL_2 ("semiannual"), not BIENNIAL (every two years).
FREQUENCY = {"实时": "CONT", "每日": "DAILY", "每周": "WEEKLY", "每月": "MONTHLY", "每季度": "QUARTERLY",
             "每半年": "ANNUAL_2", "每年": "ANNUAL", "不定期": "IRREG"}
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    # Text is Chinese; codes and dates are not text in any language.
    "@language": "zh",
    "dct:identifier": {"@language": None},
    "skos:notation": {"@language": None},
    "dct:issued": {"@type": "xsd:date"},
    "dct:modified": {"@type": "xsd:date"},
}


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
        "catalog.json": lambda: json_bytes(catalog_document(TITLE, catalog.resources, catalog.units)),
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
    for part in (str(MAX_SHEET_ROWS), *parts):
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(b"%d:" % len(data))
        digest.update(data)
    return digest.hexdigest()


def job_key(name: str, key: str) -> str:
    """The key of one file: the key of what it is made from, and which file it is."""
    return hashlib.sha256(f"{name}\n{key}".encode()).hexdigest()


@functools.cache
def code_version() -> bytes:
    """What else the bytes depend on: this module's source and the writers' versions.

    A new XlsxWriter, zlib or Python may write other bytes for the same data, so an upgrade
    makes every file again rather than leave files of two writers side by side.
    """
    parts = (Path(__file__).read_bytes(), Path(requeststatus.__file__).read_bytes(), xlsxwriter.__version__.encode(),
             zlib.ZLIB_RUNTIME_VERSION.encode(), platform.python_version().encode(),
             repr(sorted(DATABASE_LETTERS.items())).encode("utf-8"))
    return hashlib.sha256(b"\0".join(parts)).digest()


def json_bytes(document) -> bytes:
    """UTF-8 JSON, readable Chinese, one trailing newline.

    Compact: with `indent`, the json module falls back to its pure-Python encoder, five times
    slower on a citywide catalog. Browsers and editors indent JSON for reading anyway.
    """
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


# --- catalog.json -------------------------------------------------------------------------


def catalog_document(title: str, resources, units) -> dict:
    """The JSON export: every field of every resource, keys as in the YAML entries."""
    return {"title": title, "publisher": PUBLISHER,
            "resources": [resource_record(r) for r in resources],
            "units": [unit_record(u) for u in units]}


def resource_record(r: Resource) -> dict:
    """One resource with the YAML keys; optional fields are always present, empty when unset."""
    return {
        "code": r.code, "name": r.name, "provider": r.provider.id, "provider_name": r.provider.name,
        "department": r.department, "summary": r.summary, "keywords": list(r.keywords),
        "category": {"database": r.database, "subclass": r.subclass, "class_code": r.class_code},
        "format": {"type": r.format_type, "detail": r.format_detail},
        "sharing": {"type": r.sharing_type, "conditions": r.conditions, "method": list(r.methods),
                    "legal_basis": [{"law": b.law, "article": b.article, "excerpt": b.excerpt}
                                    for b in r.legal_basis]},
        "open": r.open, "update_cycle": r.update_cycle, "published": r.published, "updated": r.updated,
        "items": [{"name": i.name, "type": i.type, "length": i.length, "precision": i.precision,
                   "description": i.description} for i in r.items],
        "related": list(r.related_codes),
        "links": [{"title": link.title, "url": link.url} for link in r.links],
        "path": r.path,
    }


def unit_record(u: Unit) -> dict:
    """One unit of the registry, with its registry keys."""
    return {"id": u.id, "name": u.name, "short_name": u.short_name, "credit_code": u.credit_code,
            "division": u.division, "level": u.level, "kind": u.kind, "number": u.number,
            "maintainers": list(u.maintainers), "contact": u.contact, "website": u.website}


# --- table rows (CSV and XLSX) ------------------------------------------------------------


def safe_cell(value):
    """A cell value a spreadsheet shows as text: formula-like strings get a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# Rows are tuples: the garbage collector stops tracking a tuple of strings and numbers, and
# walking hundreds of thousands of list rows made building them several times slower.


def resource_row(r: Resource) -> tuple[str, ...]:
    """The 资源目录 columns of one resource, as display text."""
    return (r.code, r.name, r.provider.name, r.provider.credit_code, r.department, r.database, r.subclass,
            r.sharing_type, r.conditions, "、".join(r.methods), legal_basis_text(r), r.open,
            format_text(r), r.update_cycle, r.published, r.updated, r.summary, "、".join(r.keywords),
            ";".join(item_text(i) for i in r.items), ";".join(r.related_codes))


def legal_basis_text(r: Resource) -> str:
    """「《法名》第N条」 for each legal basis; the law may or may not carry its 书名号 in YAML."""
    return ";".join(f"《{b.law.strip('《》')}》{b.article}" for b in r.legal_basis)


def format_text(r: Resource) -> str:
    """编码格式 with its detail, e.g. 数据库(MySQL)."""
    return f"{r.format_type}({r.format_detail})" if r.format_detail else r.format_type


def item_text(item) -> str:
    """名称(类型,长度[,小数位数]) of one info item."""
    size = [str(n) for n in (item.length, item.precision) if n is not None]
    return f"{item.name}({','.join([item.type, *size])})"


def item_rows(resources) -> list[tuple]:
    """One 信息项 row per info item of every resource."""
    return [(r.code, r.name, number, i.name, i.type, i.length, i.precision, i.description)
            for r in resources for number, i in enumerate(r.items, start=1)]


def unit_rows(catalog: Catalog) -> list[tuple]:
    """One 单位 row per unit, with its number of resources."""
    return [(u.id, u.name, u.short_name, u.credit_code, u.division, u.level, u.kind, u.number,
             len(catalog.by_unit.get(u.id, ()))) for u in catalog.units]


# --- catalog.csv, items.csv ----------------------------------------------------------------


def csv_bytes(resources) -> bytes:
    """The 资源目录 CSV export: one row per resource, info items summed up in one column."""
    return table_csv(COLUMNS, [resource_row(r) for r in resources])


def items_csv_bytes(resources) -> bytes:
    """The 信息项 CSV export: one row per info item, for every resource of the city.

    Too many rows for one Excel sheet at city scale, and cheap to write: the citywide
    workbook leaves them out, the per-unit workbooks have them.
    """
    return table_csv(ITEM_COLUMNS, item_rows(resources))


def table_csv(header, rows) -> bytes:
    """UTF-8 with a BOM and CRLF line ends, so Excel opens the Chinese as is; formulas defused."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(map(safe_row, rows))
    return text.getvalue().encode("utf-8-sig")


def safe_row(row):
    """The row with formula-like cells defused; most rows have none and are returned as they are."""
    for value in row:
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            return tuple(map(safe_cell, row))
    return row


# --- catalog.xlsx, units/<id>.xlsx ----------------------------------------------------------

# Every text cell stays text exactly as the unit wrote it: no number, formula or link guessing.
WORKBOOK_OPTIONS = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                    "strings_to_urls": False}


def xlsx_bytes(catalog: Catalog) -> bytes:
    """The citywide workbook: 资源目录 and 单位 sheets (info items are in items.csv)."""
    return workbook_bytes(TITLE, catalog_date(catalog.resources), [
        ("资源目录", COLUMNS, [resource_row(r) for r in catalog.resources]),
        ("单位", UNIT_COLUMNS, unit_rows(catalog)),
    ])


def unit_xlsx_bytes(unit: Unit, resources) -> bytes:
    """One unit's workbook: 资源目录 and 信息项 sheets of its resources.

    Dated by the unit's own entries, so that another unit's change leaves it as it is.
    """
    return workbook_bytes(f"{unit.name}数据资源目录", catalog_date(resources), [
        ("资源目录", COLUMNS, [resource_row(r) for r in resources]),
        ("信息项", ITEM_COLUMNS, item_rows(resources)),
    ])


def catalog_date(resources) -> datetime:
    """The newest 发布日期 or 数据更新日期: a timestamp that changes only with the entries."""
    dates = [d for r in resources for d in (r.published, r.updated) if d]
    return datetime.fromisoformat(max(dates)) if dates else datetime(2000, 1, 1)


def workbook_bytes(title: str, stamp: datetime, sheets) -> bytes:
    """An XLSX of (name, header, rows) sheets, byte-identical for the same sheets and stamp.

    XlsxWriter's constant_memory mode writes each row to a temporary file as it comes,
    many times faster than openpyxl and with flat memory.
    """
    raw = io.BytesIO()
    book = xlsxwriter.Workbook(raw, WORKBOOK_OPTIONS)
    # `created` is also written as the modified date; without it XlsxWriter reads the clock.
    book.set_properties({"title": title, "author": PUBLISHER, "created": stamp})
    bold = book.add_format({"bold": True})
    for name, header, rows in sheets:
        add_sheets(book, bold, name, header, rows)
    book.close()
    return fixed_time_zip(raw.getvalue(), stamp)


# Excel holds at most 1,048,576 rows a sheet, the header included: a unit may one day have
# more info items than that.
MAX_SHEET_ROWS = 1_048_576


def add_sheets(book, bold, title: str, header, rows) -> None:
    """As many sheets as the rows need: 信息项, 信息项(2), 信息项(3)…"""
    size = MAX_SHEET_ROWS - 1
    for part, start in enumerate(range(0, max(len(rows), 1), size), start=1):
        add_sheet(book, bold, title if part == 1 else f"{title}({part})", header, rows[start:start + size])


def add_sheet(book, bold, title: str, header, rows) -> None:
    """A sheet with a bold, frozen, filterable header row and columns as wide as their text."""
    sheet = book.add_worksheet(title)
    for number, column in enumerate(zip(header, *rows, strict=False)):
        sheet.set_column(number, number, column_width(column))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(rows), len(header) - 1)
    for number, text in enumerate(header):
        sheet.write_string(0, number, text, bold)
    for number, row in enumerate(rows, start=1):
        write_row(sheet, number, row)


def write_row(sheet, number: int, row) -> None:
    """Text as text (formulas defused), numbers as numbers; empty cells are left out."""
    for column, value in enumerate(row):
        if isinstance(value, str):
            if value:
                sheet.write_string(number, column, safe_cell(value))
        elif value is not None:
            sheet.write_number(number, column, value)


# Characters an Excel column shows twice as wide: CJK and everything after it.
WIDE = re.compile("[\u2e80-\U0010ffff]")


def column_width(values) -> int:
    """Excel width for a column: CJK characters count double, long text is capped."""
    widest = max(map(text_width, {v for v in values if v is not None}), default=0)
    return min(max(widest + 2, 8), 60)


def text_width(value) -> int:
    """Display width of a cell; only the first 60 characters matter under the cap."""
    text = str(value)[:60]
    return len(text) + len(WIDE.findall(text))


# Zip records (PKWARE APPNOTE 4.3.7, 4.3.12, 4.3.16): signature, then fields at fixed offsets.
LOCAL_HEADER, CENTRAL_HEADER, END_OF_CENTRAL = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"


def fixed_time_zip(data: bytes, stamp: datetime) -> bytes:
    """The same zip with every entry dated `stamp` and marked as a Unix file with mode 644.

    XlsxWriter dates each entry by the modification time and mode of a temporary file, read
    back through the local time zone. Only those header fields are rewritten: the compressed
    data, their CRCs and the entry order are kept, so nothing is compressed twice.
    """
    out = bytearray(data)
    when = dos_date_time(stamp)
    count, offset = struct.unpack_from("<H4xL", out, out.rindex(END_OF_CENTRAL) + 10)
    for _ in range(count):
        offset = redate_entry(out, offset, when)
    return bytes(out)


def redate_entry(out: bytearray, offset: int, when: tuple[int, int]) -> int:
    """Rewrite one central directory entry and its local header; return the next entry's offset."""
    if out[offset:offset + 4] != CENTRAL_HEADER:
        raise ValueError("not a zip central directory entry")
    out[offset + 5] = 3  # made on Unix, whichever system builds it
    struct.pack_into("<HH", out, offset + 12, *when)
    struct.pack_into("<L", out, offset + 38, 0o100644 << 16)  # a regular file, rw-r--r--
    local = struct.unpack_from("<L", out, offset + 42)[0]
    if out[local:local + 4] != LOCAL_HEADER:
        raise ValueError("not a zip local file header")
    struct.pack_into("<HH", out, local + 10, *when)
    return offset + 46 + sum(struct.unpack_from("<3H", out, offset + 28))  # name, extra field, comment


def dos_date_time(stamp: datetime) -> tuple[int, int]:
    """The MS-DOS (time, date) pair zip headers carry, to two seconds (years 1980-2107 only)."""
    stamp = min(max(stamp, datetime(1980, 1, 1)), datetime(2107, 12, 31, 23, 59, 58))  # an archive's old dates
    return ((stamp.hour << 11) | (stamp.minute << 5) | (stamp.second // 2),
            ((stamp.year - 1980) << 9) | (stamp.month << 5) | stamp.day)


# --- shared.json, shared.csv, shared.xlsx, overdue.csv ---------------------------------------


def shared_document(catalog: Catalog, as_of: str) -> dict:
    """The shared catalog as JSON: every sharing, then the overdue list; days late as of `as_of`."""
    return {"title": SHARED_TITLE, "publisher": PUBLISHER, "as_of": as_of,
            "sharings": [requeststatus.sharing_record(request, wanted) for request, wanted in catalog.sharings],
            "overdue": [requeststatus.overdue_record(request) for request in catalog.overdue]}


def shared_rows(catalog: Catalog) -> list[tuple]:
    """One 共享目录 row per resource of a granted request."""
    rows = []
    for request, wanted in catalog.sharings:
        r = requeststatus.sharing_record(request, wanted)
        rows.append((r["request"], r["code"], r["name"], r["database"], r["provider_name"], r["user_name"],
                     "、".join(r["items"]), r["purpose"], r["granted"], r["status"], r["notified"], r["due"],
                     r["provided"], r["days_late"], r["deadline_note"]))
    return rows


def overdue_rows(catalog: Catalog) -> list[tuple]:
    """One 逾期提供清单 row per overdue request, those still not provided first."""
    rows = []
    for request in catalog.overdue:
        r = requeststatus.overdue_record(request)
        rows.append((r["provider_name"], r["request"], r["user_name"], ";".join(r["codes"]), ";".join(r["names"]),
                     r["notified"], r["due"], r["provided"] or requeststatus.NOT_PROVIDED, r["days_late"],
                     r["deadline_note"]))
    return rows


def shared_xlsx_bytes(catalog: Catalog) -> bytes:
    """The shared catalog's workbook: 共享目录 and 逾期提供清单 sheets, dated by the newest request step."""
    return workbook_bytes(SHARED_TITLE, requeststatus.latest_date(catalog), [
        ("共享目录", SHARED_COLUMNS, shared_rows(catalog)),
        ("逾期提供清单", OVERDUE_COLUMNS, overdue_rows(catalog)),
    ])


# --- dcat.jsonld --------------------------------------------------------------------------


def resource_iri(code: str) -> str:
    """The IRI of a dataset."""
    return f"urn:{city.SLUG}:resource:{code}"


def unit_iri(unit_id: str) -> str:
    """The IRI of a unit (publisher)."""
    return f"urn:{city.SLUG}:unit:{unit_id}"


def class_iri(code: str) -> str:
    """The IRI of a theme concept: a database letter (J) or a class code (J01)."""
    return f"urn:{city.SLUG}:class:{code}"


SCHEME_IRI = f"urn:{city.SLUG}:classes"


def dcat_document(catalog: Catalog) -> dict:
    """DCAT 3 in JSON-LD: the catalog with its datasets, the theme scheme and every publisher, in one graph."""
    publisher = {"@id": unit_iri(PUBLISHER_ID)}
    head = {"@id": f"urn:{city.SLUG}:catalog", "@type": "dcat:Catalog", "dct:title": TITLE,
            "dct:publisher": publisher, "dct:language": {"@id": "http://id.loc.gov/vocabulary/iso639-1/zh"},
            "dcat:themeTaxonomy": {"@id": SCHEME_IRI},
            "dcat:dataset": [dataset_node(r) for r in catalog.resources]}
    organizations = [organization_node(u) for u in catalog.units]
    if PUBLISHER_ID not in {u.id for u in catalog.units}:
        organizations.insert(0, {**publisher, "@type": "foaf:Organization", "foaf:name": PUBLISHER})
    return {"@context": CONTEXT, "@graph": [head, *theme_nodes(catalog), *organizations]}


def organization_node(u: Unit) -> dict:
    """A unit as a foaf:Organization, identified by its unified social credit code."""
    return {"@id": unit_iri(u.id), "@type": "foaf:Organization", "foaf:name": u.name, "dct:identifier": u.credit_code}


def theme_nodes(catalog: Catalog) -> list[dict]:
    """The concept scheme: 资源库类别 as top concepts, 子类 below them (notation = class code)."""
    scheme = {"@id": SCHEME_IRI}
    used = sorted({(r.database, r.subclass, r.class_code) for r in catalog.resources}, key=lambda c: c[2])
    classes = list(dict.fromkeys([*catalog.classes, *used]))  # a hand-built catalog may have no vocabulary
    databases = list(dict.fromkeys(database for database, _, _ in classes))
    tops = [{"@id": class_iri(DATABASE_LETTERS[d]), "@type": "skos:Concept", "skos:prefLabel": d,
             "skos:notation": DATABASE_LETTERS[d], "skos:inScheme": scheme, "skos:topConceptOf": scheme}
            for d in databases]
    subs = [{"@id": class_iri(code), "@type": "skos:Concept", "skos:prefLabel": subclass, "skos:notation": code,
             "skos:inScheme": scheme, "skos:broader": {"@id": class_iri(DATABASE_LETTERS[database])}}
            for database, subclass, code in classes]
    head = {**scheme, "@type": "skos:ConceptScheme", "skos:prefLabel": city.CLASSES_TITLE,
            "skos:hasTopConcept": [{"@id": top["@id"]} for top in tops]}
    return [head, *tops, *subs]


def dataset_node(r: Resource) -> dict:
    """One resource as a dcat:Dataset; empty optional properties are left out."""
    node = {
        "@id": resource_iri(r.code), "@type": "dcat:Dataset", "dct:identifier": r.code, "dct:title": r.name,
        "dct:description": r.summary, "dct:publisher": {"@id": unit_iri(r.provider.id)},
        "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": r.provider.name + r.department},
        "dcat:theme": {"@id": class_iri(r.class_code)}, "dcat:keyword": list(r.keywords),
        "dct:issued": r.published, "dct:modified": r.updated,
        "dct:accrualPeriodicity": {"@id": f"{EU}/frequency/{FREQUENCY[r.update_cycle]}"},
        "dct:accessRights": {"@id": f"{EU}/access-right/{access_right(r)}"},
        "dct:rights": rights_nodes(r),
        "dct:relation": [{"@id": resource_iri(code)} for code in r.related_codes],
        "foaf:page": [{"@id": link.url} for link in r.links],
        "dcat:distribution": distribution_node(r),
    }
    return {key: value for key, value in node.items() if value not in ([], "")}


def access_right(r: Resource) -> str:
    """The EU access-right concept of a resource.

    dct:accessRights tells who may get the data. Only what is opened to everyone without
    condition (无条件开放) is PUBLIC. 不予共享 data is NON_PUBLIC. Everything else reaches
    someone under a condition, if only that of being a government unit on the sharing
    platform (无条件/有条件共享, 有条件开放), so it is RESTRICTED.
    """
    if r.open == "无条件开放":
        return "PUBLIC"
    if not r.shared:
        return "NON_PUBLIC"
    return "RESTRICTED"


def rights_nodes(r: Resource) -> list[dict]:
    """The conditions of 有条件共享, and the legal basis of 不予共享, as rights statements."""
    texts = [f"共享条件:{r.conditions}"] if r.conditions else []
    texts += [f"不予共享依据:《{b.law.strip('《》')}》{b.article}" + (f":{b.excerpt}" if b.excerpt else "")
              for b in r.legal_basis]
    return [{"@type": "dct:RightsStatement", "rdfs:label": text} for text in texts]


def distribution_node(r: Resource) -> dict:
    """The form the data takes (编码格式) and how the sharing platform provides it (共享方式)."""
    node = {"@type": "dcat:Distribution", "dct:title": format_text(r),
            "dct:format": {"@type": "dct:MediaTypeOrExtent", "rdfs:label": format_text(r)}}
    if r.methods:
        node["dct:description"] = "共享方式:" + "、".join(r.methods)
    return node
