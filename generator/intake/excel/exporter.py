"""Export: a unit's entries as the workbook import reads, byte-identical for the same entries.

Cells are written so that the import undoes them exactly: several values joined so they split
back, a leading formula character guarded by a quote the import strips again.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from ...core.layout import REGISTRY
from ...core.problems import ERROR, Problem
from ...downloads.tables import FORMULA_STARTS
from ...downloads.workbook import workbook_bytes
from ...read.registry import Unit, class_codes
from ...read.schema import Schema
from .columns import EXPORT_HEADER, HEADERS, ITEM_HEADER, ITEM_SHEET, MAIN_COLUMNS, MAIN_SHEET, NATIONAL_LEVELS
from .parsers import DATE_PATTERN, excel_text
from .results import ExportResult
from .unit_files import entry_files, registered_units


def export_xlsx(root: Path, unit_id: str, out: Path) -> ExportResult:
    """Write the unit's entries, shared and non-shared, as sheets 资源目录 and 信息项; byte-identical for the same entries."""
    schema, result = Schema.named("resource"), ExportResult(out)
    unit = registered_units(root).get(unit_id)
    if unit is None:
        result.problems.append(Problem(REGISTRY, 1, 1, "xlsx-unit-unknown", ERROR,
                                       f"单位登记表中没有单位标识「{unit_id}」。", f"可用的单位标识见 {REGISTRY}。"))
        return result
    entries = []
    for _, data, problems in entry_files(root, unit_id, schema):
        result.problems += problems if data is None else []
        if data is not None:
            entries.append(data)
    entries.sort(key=lambda d: str(d.get("code", "")))
    items = [_item_row(d, item) for d in entries for item in d.get("items") or () if isinstance(item, dict)]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(workbook_bytes(f"{unit.name}数据资源目录", _stamp(entries), [
        (MAIN_SHEET, EXPORT_HEADER, [_export_row(d, unit) for d in entries]),
        (ITEM_SHEET, ITEM_HEADER, items),
    ], choices(schema)))
    result.resources, result.items = len(entries), len(items)
    return result


def choices(schema: Schema) -> dict:
    """The drop-down lists of the exported sheets: every column whose values the schema enumerates.

    信息资源格式 has none (its cell holds the detail too, 数据库(Oracle)); 共享方式 offers its values
    without refusing others, since a cell may hold several (接口服务、文件下载).
    """
    def enum(path: tuple) -> list[str]:
        info = schema.fields.known(path).schema
        return info.get("enum") or info["items"]["enum"]
    classes = [f"{database}/{subclass}" for database, subclass in class_codes(schema)]
    main = {"category": (classes, True), "sharing": (enum(("sharing", "type")), True),
            "method": (enum(("sharing", "method")), False), "open": (enum(("open",)), True),
            "update_cycle": (enum(("update_cycle",)), True), "classified": (["否"], True)}
    return {MAIN_SHEET: {HEADERS[key]: listed for key, listed in main.items()},
            ITEM_SHEET: {"数据类型": (enum(("items", 0, "type")), True)}}


def _stamp(entries: list[dict]) -> datetime.datetime:
    """The newest date of the entries: the workbook's timestamp changes only with them."""
    dates = [d[k] for d in entries for k in ("published", "updated")
             if isinstance(d.get(k), str) and DATE_PATTERN.fullmatch(d[k])]
    try:
        return datetime.datetime.fromisoformat(max(dates)) if dates else datetime.datetime(2000, 1, 1)
    except ValueError:
        return datetime.datetime(2000, 1, 1)


def _escape(value):
    """safe_cell, and a leading quote doubled, so that the import can undo it exactly."""
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, "'")):
        return "'" + value
    return value


def _export_row(data: dict, unit: Unit) -> tuple:
    sharing, category, fmt = data.get("sharing") or {}, data.get("category") or {}, data.get("format") or {}
    national = data.get("national_class") or {}
    detail = fmt.get("detail")
    cells = {
        "category": f"{category.get('database', '')}/{category.get('subclass', '')}", "provider": unit.name,
        "format": f"{fmt.get('type', '')}({detail})" if detail else fmt.get("type"),
        "sharing": sharing.get("type"), "conditions": sharing.get("conditions"),
        "method": _joined(sharing.get("method")), "keywords": _joined(data.get("keywords")),
        "related": _joined(data.get("related")),
        "legal_basis": "\n".join(_basis_text(b) for b in sharing.get("legal_basis") or ()),
        "classified": "否" if data.get("classified") is False else None,
        "links": "\n".join(f"{link.get('title', '')} {link.get('url', '')}" for link in data.get("links") or ()),
        **{key: national.get(level) for key, level in NATIONAL_LEVELS.items()},
    }
    return tuple(_escape(_cell_text(cells[c.key] if c.key in cells else data.get(c.key)))
                 for c in MAIN_COLUMNS if c.export)


def _cell_text(value) -> str:
    return "" if value is None else value if isinstance(value, str) else excel_text(value)


def _joined(values) -> str:
    """、 between values; one a line when a value itself holds a separator, so the import splits them back."""
    values = [str(v) for v in values or ()]
    return ("\n" if any(re.search(r"[、,，;；]", v) for v in values) else "、").join(values)


def _basis_text(basis: dict) -> str:
    law = str(basis.get("law", ""))
    law = law if law.startswith("《") and law.endswith("》") else f"《{law}》"
    return f"{law}{basis.get('article', '')}" + (f":{basis['excerpt']}" if basis.get("excerpt") else "")


def _item_row(data: dict, item: dict) -> tuple:
    return (_escape(_cell_text(data.get("code"))), _escape(_cell_text(item.get("name"))),
            _escape(_cell_text(item.get("type"))), item.get("length"), item.get("precision"),
            _escape(_cell_text(item.get("description"))))
