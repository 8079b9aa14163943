"""Exports: the machine-readable downloads of the site (JSON, CSV, XLSX, DCAT 3 JSON-LD, schemas).

Every file is built in memory from the model, then written; the same catalog always gives
byte-identical files (entries sorted by code, fixed key order, no clock read anywhere).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .model import Catalog, Resource
from .registry import DATABASE_LETTERS, Unit
from .schema import SCHEMA_DIR

# A city that forks the repository edits these three.
TITLE = "常德市政府数据资源目录"
PUBLISHER = "常德市数据局"
PUBLISHER_ID = "sjj"

SCHEMA_FILES = ("resource.schema.json", "units.schema.json")
COLUMNS = ("资源代码", "数据名称", "提供单位", "统一社会信用代码", "内设机构", "资源库类别", "子类", "共享类型",
           "共享条件", "共享方式", "不予共享依据", "开放属性", "编码格式", "更新周期", "发布日期", "数据更新日期",
           "摘要", "关键词", "信息项", "关联资源")
ITEM_COLUMNS = ("资源代码", "数据名称", "序号", "信息项名称", "数据类型", "长度", "小数位数", "说明")
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


def write_exports(catalog: Catalog, out: Path) -> list[Path]:
    """Write every download file under `out`; return the written paths, sorted."""
    written = []
    for name, data in export_files(catalog).items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return sorted(written)


def export_files(catalog: Catalog) -> dict[str, bytes]:
    """Every download file, by its path relative to the downloads folder."""
    files = {
        "catalog.json": json_bytes(catalog_document(TITLE, catalog.resources, catalog.units)),
        "catalog.csv": csv_bytes(catalog.resources),
        "catalog.xlsx": xlsx_bytes(catalog),
        "dcat.jsonld": json_bytes(dcat_document(catalog)),
    }
    for unit in catalog.units:
        resources = catalog.by_unit.get(unit.id, ())
        files[f"units/{unit.id}.json"] = json_bytes(catalog_document(f"{unit.name}数据资源目录", resources, (unit,)))
        files[f"units/{unit.id}.csv"] = csv_bytes(resources)
    for name in SCHEMA_FILES:
        files[f"schemas/{name}"] = (SCHEMA_DIR / name).read_bytes()
    return files


def json_bytes(document) -> bytes:
    """UTF-8 JSON, readable Chinese, one trailing newline."""
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


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


def resource_row(r: Resource) -> list[str]:
    """The 资源目录 columns of one resource, as display text."""
    return [r.code, r.name, r.provider.name, r.provider.credit_code, r.department, r.database, r.subclass,
            r.sharing_type, r.conditions, "、".join(r.methods), legal_basis_text(r), r.open,
            format_text(r), r.update_cycle, r.published, r.updated, r.summary, "、".join(r.keywords),
            ";".join(item_text(i) for i in r.items), ";".join(r.related_codes)]


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


def item_rows(resources) -> list[list]:
    """One 信息项 row per info item of every resource."""
    return [[r.code, r.name, number, i.name, i.type, i.length, i.precision, i.description]
            for r in resources for number, i in enumerate(r.items, start=1)]


def unit_rows(catalog: Catalog) -> list[list]:
    """One 单位 row per unit, with its number of resources."""
    return [[u.id, u.name, u.short_name, u.credit_code, u.division, u.level, u.kind, u.number,
             len(catalog.by_unit.get(u.id, ()))] for u in catalog.units]


# --- catalog.csv --------------------------------------------------------------------------


def csv_bytes(resources) -> bytes:
    """The CSV export: UTF-8 with a BOM and CRLF line ends, so Excel opens the Chinese as is."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([safe_cell(value) for value in resource_row(r)] for r in resources)
    return text.getvalue().encode("utf-8-sig")


# --- catalog.xlsx -------------------------------------------------------------------------


def xlsx_bytes(catalog: Catalog) -> bytes:
    """The Excel workbook: 资源目录, 信息项 and 单位 sheets, byte-identical for the same catalog."""
    stamp = catalog_date(catalog)
    book = Workbook(write_only=True)
    add_sheets(book, "资源目录", COLUMNS, [resource_row(r) for r in catalog.resources])
    add_sheets(book, "信息项", ITEM_COLUMNS, item_rows(catalog.resources))
    add_sheets(book, "单位", UNIT_COLUMNS, unit_rows(catalog))
    props = book.properties
    props.title, props.creator, props.lastModifiedBy = TITLE, PUBLISHER, PUBLISHER
    props.created = props.modified = stamp
    raw = io.BytesIO()
    # Not book.save(): openpyxl's save_workbook stamps `modified` with the current time.
    ExcelWriter(book, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    return fixed_time_zip(raw.getvalue(), stamp)


def catalog_date(catalog: Catalog) -> datetime:
    """The newest 发布日期 or 数据更新日期: a timestamp that changes only with the catalog."""
    dates = [d for r in catalog.resources for d in (r.published, r.updated) if d]
    return datetime.fromisoformat(max(dates)) if dates else datetime(2000, 1, 1)


# Excel holds at most 1,048,576 rows a sheet, the header included: a city catalog of
# 100,000 resources has well over a million info items.
MAX_SHEET_ROWS = 1_048_576


def add_sheets(book: Workbook, title: str, header, rows) -> None:
    """As many sheets as the rows need: 信息项, 信息项(2), 信息项(3)…"""
    size = MAX_SHEET_ROWS - 1
    for part, start in enumerate(range(0, max(len(rows), 1), size), start=1):
        add_sheet(book, title if part == 1 else f"{title}({part})", header, rows[start:start + size])


def add_sheet(book: Workbook, title: str, header, rows) -> None:
    """A sheet with a bold, frozen, filterable header row and columns as wide as their text.

    Written row by row (openpyxl's write-only mode): a city catalog has millions of cells,
    which the ordinary mode would all keep in memory.
    """
    sheet = book.create_sheet(title)
    cells = [[None if value == "" else safe_cell(value) for value in row] for row in rows]
    for number, column in enumerate(zip(header, *cells), start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column_width(column)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(cells) + 1}"
    sheet.append([_bold(sheet, text) for text in header])
    for row in cells:
        # An empty string would be written as an empty inline-string cell; None leaves the cell out.
        sheet.append(row)


def _bold(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    return cell


def column_width(values) -> int:
    """Excel width for a column: CJK characters count double, long text is capped."""
    widest = max((sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(v)) for v in values if v is not None), default=0)
    return min(max(widest + 2, 8), 60)


def fixed_time_zip(data: bytes, stamp: datetime) -> bytes:
    """The same zip, entries in the same order, each dated `stamp` instead of the time of writing."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # the same bytes whichever system builds it
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry))
    return out.getvalue()


# --- dcat.jsonld --------------------------------------------------------------------------


def resource_iri(code: str) -> str:
    """The IRI of a dataset."""
    return f"urn:changde:resource:{code}"


def unit_iri(unit_id: str) -> str:
    """The IRI of a unit (publisher)."""
    return f"urn:changde:unit:{unit_id}"


def class_iri(code: str) -> str:
    """The IRI of a theme concept: a database letter (J) or a class code (J01)."""
    return f"urn:changde:class:{code}"


SCHEME_IRI = "urn:changde:classes"


def dcat_document(catalog: Catalog) -> dict:
    """DCAT 3 in JSON-LD: the catalog with its datasets, the theme scheme and every publisher, in one graph."""
    publisher = {"@id": unit_iri(PUBLISHER_ID)}
    head = {"@id": "urn:changde:catalog", "@type": "dcat:Catalog", "dct:title": TITLE,
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
    head = {**scheme, "@type": "skos:ConceptScheme", "skos:prefLabel": "常德市政府数据资源分类",
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
